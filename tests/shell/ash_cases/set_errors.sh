# set's errors: an unknown letter ends the shell (setoption: sh_error, a special
# builtin's); an unknown -o name: busybox says so and fails (plus_minus_o, 1), dash
# ends; unalias takes -a and --
alias x=y; unalias -- x; alias; echo "unalias $?"
alias x=y; unalias -a x; alias; echo "unalias -a $?"
(set -o bogus; echo "in $?"); echo "after -o $?"
(set -eZ; echo never); echo "after -eZ $?"
(set +Z; echo never); echo "after +Z $?"
echo end
