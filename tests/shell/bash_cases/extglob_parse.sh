# extglob groups are read by the parser as it reads each complete command, with the
# extglob setting of the commands before (the same line's shopt comes too late)
touch a b c
eval 'shopt -s extglob; echo @(a|b)'; echo "eval st $?"
eval $'shopt -s extglob\necho @(a|b)'; echo "eval st $?"
f() { echo +(a|c); }
shopt -u extglob
f
eval 'shopt -s extglob'
h() { case b in @(a|b)) echo h matched;; esac; }
shopt -u extglob
h
[[ a == @(a|b) ]] && echo cond
echo start; if false; then echo !(a); fi
echo not reached
