# extglob groups: [[ ]] always, case / ${x//p/r} / globs only with shopt -s extglob
p='@(a|ab)'; [[ ab == $p ]]; echo var:$?
[[ abc == !(a*) ]]; echo neg1:$?
[[ bc == !(a*) ]]; echo neg2:$?
[[ foo.c == !(*.h) ]]; echo neg3:$?
[[ foo.h == !(*.h) ]]; echo neg4:$?
[[ aaa == +(a) ]]; echo plus:$?
[[ '' == *(a) ]]; echo star:$?
[[ ab == ?(a)b ]]; echo opt:$?
x=aXbXc; echo ${x//+(X)/-}
echo "${x/@(aX|aXbX)/-}"
shopt -s extglob
x=aaXbXc; echo ${x##+(a)} ${x#+(a)} ${x%%X*} ${x%X*}
case foo.h in !(*.h)) echo noth;; *) echo h;; esac
case abab in +(ab)) echo pab;; esac
case x in @(x|y)) echo xy;; esac
y="  lead"; echo "[${y##+([[:space:]])}]"
z=abcabc; echo ${z//!(a)/_}
echo ${z/#a/Q} ${z/%c/Q}
echo ${z//[![:alpha:]]/_}
shopt -u extglob
case 'a*' in 'a*') echo q;; esac
case 'ab' in a\*) echo no;; a*) echo yes;; esac
v='*'; case abc in $v) echo glob;; esac
case abc in "$v") echo no;; *) echo lit;; esac
x=abc; shopt -s extglob; echo ${x//*(X)/-} ${x/*(X)/-} ${x//?(b)/-}; y=; echo "[${y//*(X)/-}]"
shopt -u extglob
mkdir -p g && cd g && touch a1 b2 .h1 ab x- 'q]' 
echo [[:alpha:]][[:digit:]]
echo [.]*
echo .[[:alpha:]]*
echo [![:alpha:]]*
echo ?[!0-9]
echo [[:alpha:]]\]
echo *[-]
shopt -s extglob
echo !(a*)
echo @(a1|b2)
echo +([[:alpha:]])
echo .!(h1)
echo *(x)
shopt -s dotglob; echo !(a*); echo [.]*
cd ..; mkdir -p d; touch d/a1 d/zz; ls d/[[:alpha:]][[:digit:]]; find d -name "[[:alpha:]][[:digit:]]"
shopt -s extglob; x=aXbXc; echo "${x/@(aX|aXbX)/-}" "${x//+(X|Xb)/_}"
