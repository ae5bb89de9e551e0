# kill 0: the shell's own process group, itself included (kernel/signal.c
# kill_something_info: __kill_pgrp_info of task_pgrp(current)); run in a session of
# its own (setsid), so that the group is the inner bash's alone
s='trap "echo got TERM" TERM
sleep 5 &
kill 0
echo "after kill 0: $?"
wait $!
echo "sleep: $?"
trap "echo got USR1" USR1
( kill -USR1 0; echo "sub after: $?" )
echo "sub status $?"
kill -0 0
echo "kill -0 0: $?"
kill -USR2 0
echo "not reached"'
setsid -w bash -c "$s"
echo "bash -c status $?"
