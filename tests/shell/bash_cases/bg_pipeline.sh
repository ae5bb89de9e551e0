# a | b & : bash forks each stage itself (execute_pipeline, asynchronous): one
# job of several processes, $! the last
sleep 1 | cat &
[ "$(ps -o ppid= -p $!)" -eq $$ ] && echo "the last stage is the shell's child"
first=$(jobs -p)
[ "$first" != "$!" ] && [ "$(ps -o ppid= -p $first)" -eq $$ ] && echo "the first stage too"
[ "$(ps -o comm= -p $!)" = cat ] && echo '$! is cat'
kill -9 $!; wait; echo "wait: $?"
# the job's status is its last process's; wait PID of any process waits for the job
sleep 1 | (exit 3) &
wait $!; echo "last: $?"
(exit 4) | sleep 1 &
p=$(jobs -p); wait $p; echo "first: $?"
wait $p 2>/dev/null; echo "again: $?"
# kill %N signals every process; the report names each, blank where it is the first's
sleep 1 | sleep 1 &
kill -9 %1; wait; echo "kill %1: $?"
# ... from the first: bash 5.2's kill_pid stops at a first process already ended
sleep 0.1 | sleep 1 &
sleep 0.5; kill -9 %1; wait; echo "first ended: $?"
# a death is reported when the last process died of a signal (raw_job_exit_status)
sleep 1 | sleep 1 &
kill -9 $(jobs -p); wait; echo "first killed: $?"
(exit 2) | sleep 1 &
sleep 0.5; kill -9 $!; wait; echo "last killed: $?"
set -o pipefail
sleep 1 | true &
kill -9 $(jobs -p); wait; echo "pipefail: $?"
set +o pipefail
# a stage killed while it waits dies there: its writer gets SIGPIPE
yes | cat > /dev/null &
sleep 0.5; kill -9 $!; wait; echo "reader killed: $?"
sleep 1 | { echo $BASHPID > /tmp/bg_pipeline_pid; exec cat; } &
sleep 0.5; kill -9 $(cat /tmp/bg_pipeline_pid); wait; echo "cat killed: $?"
# jobs, jobs -l: a line per process
sleep 1 | sleep 1 | cat &
jobs; jobs -l > /tmp/bg_pipeline_jobs; sed 's/ *[0-9][0-9]* / N /' /tmp/bg_pipeline_jobs
wait
(exit 5) | sleep 1 &
sleep 0.5; jobs -l > /tmp/bg_pipeline_jobs; sed 's/ *[0-9][0-9]* / N /' /tmp/bg_pipeline_jobs
wait
# a writer whose reader ended dies of SIGPIPE, unreported; PIPESTATUS stays
false | true
yes | head -1 & echo "PIPESTATUS ${PIPESTATUS[@]}"
wait $!; echo "yes: $?"
rm -f /tmp/bg_pipeline_jobs /tmp/bg_pipeline_pid
