# kill's errors: busybox's kill_main counts them (its status), goes on past an
# operand that is no number; "--" ends its options; dash stops at one (2)
kill abc 99999 99998; echo "status $?"
kill -- 99999; echo "dashdash $?"
kill -9 -- 99999; echo "after sig $?"
sleep 1 & kill abc $!; echo "mixed $?"; wait
