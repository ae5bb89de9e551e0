# an extglob group without shopt -s extglob: a syntax error (exit 2) outside [[ ]]
[[ ab == @(a|ab) ]] && echo cond-ok
x=abc; echo "${x#@(a)}"
case a in a) echo plain;; esac
echo @(a)
echo never
