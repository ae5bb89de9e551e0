# busybox sh's job table (ash.c): a job leaves it when `jobs` has shown it done
# (showjob's freejob), when a foreground job ends (waitforjob), or when a new job
# takes the slot of one that is done and waited for (makejob); `wait PID` finds
# only a job still in the table (127 otherwise, unreported); a job's number is
# its slot's (the first free one)
sleep 0 & wait $!; echo "wait rc=$?"; jobs; echo ---; jobs; echo ---
sleep 0 & p=$!; wait $p; jobs; wait $p; echo "freed by jobs: rc=$?"
sleep 0 & p=$!; sleep 1; wait $p; echo "reaped by sleep 1, then wait: rc=$?"; jobs; echo ---
(exit 3) & p=$!; sleep 1; jobs; wait $p; echo "after jobs: rc=$?"
(exit 4) & p=$!; wait $p; echo "rc=$?"; sleep 0; jobs; echo "--- a fork took its slot"; wait $p; echo "rc=$?"
(exit 5) & p=$!; sleep 1; sleep 0; jobs; echo "--- not waited: kept"
(exit 6) & p=$!; sleep 1; wait; echo "wait rc=$?"; wait $p; echo "wait PID rc=$?"; jobs; echo ---
(exit 7) & p=$!; sleep 1; wait; : ; sleep 0; wait $p; echo "after a fork: rc=$?"; jobs; echo ---
sleep 0 & sleep 1; sleep 5 & q=$!; jobs; kill $q; wait $q; echo "rc=$?"; jobs; echo ---
sleep 0 & wait; sleep 5 & q=$!; jobs; kill $q; wait $q; jobs; echo ---
sleep 0 & sleep 1; jobs | cat; echo "--- a pipe's child freed its own copy"; jobs; echo ---
sleep 0 & sleep 1; echo "[$(jobs)]"; (jobs); echo "--- subshell: none"; jobs; echo ---
sleep 0 & sleep 1; jobs %1; jobs %1; echo "jobs %1 rc=$?"
wait %1; echo "wait %1 rc=$?"
sleep 0 & sleep 0 & sleep 0 & sleep 1; jobs; echo ---
sleep 5 & sleep 0 & sleep 1; jobs; kill %1; wait; jobs; echo end
sleep 0 | sleep 0 & sleep 1; jobs; echo "--- a pipeline: a ' | ' per further process"
(exit 2) & a=$!; sleep 0 | (exit 3) & b=$!; sleep 1; wait $a 99999; echo "found then not: rc=$?"
wait 99999 $b; echo "not then found: rc=$?"; jobs; echo ---
sleep 0 | sleep 5 & sleep 1; n=$(jobs -p); wait $n; echo "a pipeline's first pid: rc=$?"; kill %1; wait %1; echo "rc=$?"
sleep 0 & sleep 1; jobs & wait; echo "--- a job's child: none"; jobs %1 | cat; jobs %%; echo "rc=$?"
kill %1; echo "kill rc=$?"; jobs %-; echo "rc=$?"
sleep 5 & sleep 5 & jobs %-; jobs %+; kill %1 %2; wait; jobs; echo "---"
set -o pipefail; (exit 3) | true & wait $!; echo "pipefail rc=$?"; set +o pipefail
