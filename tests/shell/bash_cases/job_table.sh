# bash keeps a finished background job in its table until it notified of it
# (jobs.c notify_of_job_status: a script notifies only of a death by a signal):
# `jobs` lists it as Done, it keeps its number, %N names it
sleep 0.1 & p1=$!
sleep 0.1 &
(exit 3) & p3=$!
sleep 1
echo "--- jobs: finished ones, %+ and %- as they were when the last started"
jobs
echo "--- jobs again: shown once, deleted at the next new job"
jobs
sleep 2 &
jobs
echo "--- wait PID of a deleted job: its saved status (bgpids)"
wait $p1; echo "wait p1: $?"
wait $p3; echo "wait p3: $?"
wait
echo "--- a new job's number: one past the highest still in the table"
(exit 4) & 
sleep 5 &
sleep 1
kill %1; echo "kill %1 (finished): $?"
wait %1; echo "wait %1: $?"
jobs %1 %2
kill %2; wait %2; echo "wait %2: $?"
kill %1; echo "kill %1 (listed): $?"
kill %3; echo "kill %3: $?"
echo "--- wait with no operand forgets every status but \$!'s job's"
(exit 5) & p5=$!
(exit 6) & p6=$!
sleep 1
wait
wait $p5 2>/dev/null; echo "p5: $?"
wait $p6; echo "p6: $?"
wait $p6; echo "p6 again: $?"
echo "--- wait -n: the first finished job in the table, which it deletes"
(exit 7) &
(exit 8) &
sleep 1
wait -n; echo "wait -n: $?"
jobs
wait -n; echo "wait -n: $?"
wait -n; echo "wait -n: $?"
