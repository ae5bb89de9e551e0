# the ash family's function bodies: any command after `()` (dash parser.c
# simplecmd: n->nfunc.body = command()), and `${NAME:}WORD}` (parsesub takes the
# `}` after `:` as its type: the word's end ends the caller's word)
f() echo x; f
f() echo x >&2; f 2>/dev/null; echo $?
f()
echo y
f
f () echo a b | cat; f; echo $?
f() x=1; f; echo $x
(h() echo in; h); h 2>/dev/null; echo $?
f() echo $1 # c
f arg
f() cat <<E
hd
E
f
echo `f() echo bt; f`
x=$(f() echo cs; f); echo $x
f() echo "a;b" 'c|d'; f
x=a; echo ${x:}}
echo "[${x:}b}]" z
echo [${x:}b}]"q" z
y=[${x:}b}]; echo "$y"
unset x; echo [${x:}abc}]
echo ${x:}
echo not reached
