# an extglob group without shopt -s extglob: a syntax error (exit 2) outside [[ ]]
if !(false); then echo negated-subshell; fi
x=1; [ $x ] && !(false) && echo z
let "y=2*(3+4)"; echo $y
[[ ab == @(a|ab) ]] && echo cond-ok
x=abc; echo "${x#@(a)}"
case a in a) echo plain;; esac
echo @(a)
echo never
