# what busybox sh says of a death by a signal: strsignal's words for the job it waits
# for (dowait: thisjob == job), not for SIGINT or SIGPIPE, never a background job
sh -c 'kill -9 $$'; echo "rc=$?"
sh -c 'kill -TERM $$'; echo "rc=$?"
sh -c 'kill -PIPE $$'; echo "rc=$?"
sh -c 'kill -INT $$'; echo "rc=$?"
sleep 5 & kill -9 $!; wait; echo "wait rc=$?"
sleep 5 & kill -9 $!; sleep 1; echo "no wait"
sh -c 'kill -9 $$' | cat; echo "pipeline rc=$?"
x=$(sh -c 'kill -9 $$'); echo "comsub rc=$?"
trap 'echo T' USR1; sh -c 'kill -USR1 $$'; echo "rc=$?"
f() { sh -c 'kill -9 $$'; }; f; echo "f rc=$?"
