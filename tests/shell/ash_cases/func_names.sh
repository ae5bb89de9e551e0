# a function's name must be an identifier and no special builtin's (ash.c and dash
# parser.c simplecmd: "bad function name"); `.` without a file (busybox: 2, dash: 0)
(eval 'f-g() { :; }'); echo $?
(eval '1f() { :; }'); echo $?
(eval 'export() { :; }'); echo $?
(eval 'eval() { :; }'); echo $?
echo() { printf 'mine\n'; }; echo hi; unset -f echo
f_1() { echo ok; }; f_1
. ; echo $?
echo "LINENO [$LINENO]"
