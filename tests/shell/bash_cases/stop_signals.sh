# job-control stop signals without job control (no cgroup written): a stopped job
# stays (T), a TERM sent meanwhile waits in the shared pending set (ShdPnd) until its
# SIGCONT, SIGKILL does not wait; the script's own shell stopped and continued by its
# job; a sleep that expired while stopped returns once continued
sleep 100 & p=$!
kill -STOP $p; echo "stop $?"
sleep 0.2
grep State /proc/$p/status
kill -TERM $p
sleep 0.2
grep -E 'State|ShdPnd' /proc/$p/status
jobs
kill -CONT $p; wait $p; echo "wait $?"
sleep 100 & q=$!
kill -STOP $q; kill -KILL $q; wait $q; echo "kill: wait $?"
(sleep 0.5; kill -CONT $$) &
kill -STOP $$; echo "resumed $?"
wait
sh -c 'sleep 0.3; echo woke' & r=$!
sleep 0.1; kill -STOP $r; sleep 0.6
grep State /proc/$r/status
kill -CONT $r; wait $r; echo "wait $?"
