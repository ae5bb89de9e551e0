# test/[ with operands left over or empty (busybox's test.c and dash's bltin/test.c
# syntax(): an empty operand is not named)
test '' ==; echo st $?
test '' -n 1 2 != -eq; echo st $?
[ a -a '' -o b ]; echo st $?
[ ! '(' a ')' ]; echo st $?
test -n = -z; echo st $?
[ 1 -lt 2 -a ! -z x ]; echo st $?
[ a b; echo st $?
