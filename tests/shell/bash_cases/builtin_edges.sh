# printf's %#o (C's: a leading 0, not 0o), kill's signal numbers (below NSIG),
# unset -v of an invalid name, numbers past intmax_t (legal_number), `.` without a file (its usage), an expansion error
# named where it arose (in a function: the function's line)
printf '%#o %#5o %#.3o %#-6o| %#o %#.0o| %#x\n' 8 8 8 8 0 0 255
kill -0 $$; echo $?; kill -9999 $$; echo $?
kill -s 100 $$; echo $?; kill -65 $$; echo $?
unset -v 1; echo $?
[ 99999999999999999999 -gt 1 ]; echo $?; [ -9223372036854775808 -lt 1 ]; echo $?
shift 99999999999999999999; echo $?; (exit 99999999999999999999); echo $?
unset 1x a; echo $?
f-g() { echo fn; }; unset f-g; f-g; echo $?
. ; echo $?
source; echo $?
f() {
  echo ${x!}
}
f; echo "after f: $?"
g() { set -u; echo ${#nosuch[@]}; }
(g); echo "after g: $?"
h() { local -a l; declare -A m; set -u; echo ${#l[@]}; }
(h); echo "after h: $?"
set -u
x=1; (echo ${#x[@]}); echo "scalar: $?"
a=(); echo ${#a[@]} ${#PIPESTATUS[@]}
echo ${nosuch[@]} ok
echo ${#nosuch[@]}
echo not reached
