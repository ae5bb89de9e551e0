# busybox sh's [[: the test builtin run as [[ (ash.c BASH_TEST2): && and || passed
# to it as words after a [[ word, = == != as globs, =~ an ERE, -a -o operands
[[ a = a ]]; echo $?
[[ a = a && b = c ]]; echo $?
[[ a = b || c = c ]]; echo $?
[[ ab = a* ]]; echo $?
[[ ab = "a*" ]]; echo $?
[[ ab != a? ]]; echo $?
[[ a\b = "a\b" ]]; echo $?
x="a b"; [[ $x = "a b" ]]; echo $?
x=""; [[ -n $x ]]; echo $?
[[ abc =~ ^a.c$ ]]; echo $?
[[ abc =~ ^b ]]; echo $?
[[ a =~ * ]]; echo $?
[[ a =~ "(" ]]; echo $?
[[ a = a -a b = c ]]; echo $?
[[ a ]; echo $?
[[ a = a ]] ]]; echo $?
[[ ]]; echo $?
[[ ! a && b ]]; echo $?
[[ 1 -eq 1 && 2 -lt 3 ]]; echo $?
echo [[ a && b ]] && echo after
x=[[; $x a = a ]]; echo $?
command [[ a = b ]]; echo $?
f() [[ $1 = y* ]]
f yes && echo yes
while [[ $i != xxx ]]; do i=x$i; done; echo "i=$i"
type [[
[ a =~ a ]; echo $?
[ a = a && b ]; echo $?
[[ ]] || 1 = || ]]; echo st $?
