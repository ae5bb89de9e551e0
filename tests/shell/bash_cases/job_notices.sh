# Job notices: a script keeps its jobs' ends for `jobs` (startup_state 0), a
# `bash -c` shell under set -m prints them (notify_of_job_status), the stops too;
# a job started elsewhere shows where (print_pipeline's "(wd: DIR)")
cd /tmp
sleep 0.5 & cd /
jobs
kill %1
wait
cd /tmp; sleep 1 & cd /; kill -9 %1; sleep 0.2
bash -c 'set -m; sleep 0.1 & sleep 0.3; echo a'
bash -c 'set -m; false & sleep 0.3; echo b'
bash -c 'set -m; sleep 0.1 & wait; echo c'
bash -c 'set -m; { sleep 0.1; exit 2; } & sleep 0.3; echo d'
bash -c 'set -m; cd /tmp; sleep 0.1 & cd /; sleep 0.3; echo e'
bash -c 'set -m; sleep 1 & kill -STOP %1; sleep 0.2; echo f; kill -9 %1; sleep 0.2; echo g'
bash -c 'sleep 0.1 & sleep 0.3; echo h'
echo end
