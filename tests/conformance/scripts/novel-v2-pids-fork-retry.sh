#!/bin/bash
# Written for memcgsim's conformance suite (session 35, novel35; cgroup v2): a CI runner
# caps each job's processes with pids.max and its jobs start more workers than fit.
# The pids controller refuses the fork (kernel/cgroup/pids.c pids_can_fork: EAGAIN,
# counted in pids.events "max" of the forking task's own cgroup, whichever ancestor's
# limit was hit). bash retries (jobs.c make_child: "fork: retry:", reaps what it can,
# sleeps 1, 2, 4, 8 s) but gives up when a signal cuts its sleep short (its own
# workers' SIGCHLD); a process of another parent leaving makes a retry succeed;
# busybox sh does not retry ("can't fork", status 2).
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
mkdir -p $C/ci/job1 $C/ci/job2 $C/ci/job3 $C/ci/job4
echo "+memory +pids" > $C/ci/cgroup.subtree_control
for j in job1 job2 job4; do echo 4 > $C/ci/$j/pids.max; done
ev() { echo "$1 pids.events: $(cat $C/$1/pids.events) current $(cat $C/$1/pids.current)"; }
echo "== job1: bash, its own workers exit during the retry's sleep"
bash -c 'echo $$ > /sys/fs/cgroup/ci/job1/cgroup.procs
  sleep 1.5 & sleep 1.5 & sleep 1.5 &
  sleep 9 & echo "not reached"' 2>&1
echo "job1 status $?"
ev ci/job1
echo "== job2: bash, a process of another parent leaves"
sleep 2.5 & o=$!
echo $o > $C/ci/job2/cgroup.procs
bash -c 'echo $$ > /sys/fs/cgroup/ci/job2/cgroup.procs
  sleep 6 & sleep 6 & w=$!
  sleep 0.1 & echo "third worker started"; wait
  echo "job2 done"' 2>&1
echo "job2 status $?"
wait $o
ev ci/job2
echo "== job3: no limit of its own, ci's pids.max 3"
echo 3 > $C/ci/pids.max
bash -c 'echo $$ > /sys/fs/cgroup/ci/job3/cgroup.procs
  sleep 1.5 & sleep 1.5 & sleep 9 & echo "not reached"' 2>&1
echo "job3 status $?"
ev ci/job3; ev ci
echo max > $C/ci/pids.max
echo "== job4: busybox sh"
sh -c 'echo $$ > /sys/fs/cgroup/ci/job4/cgroup.procs
  sleep 1 & sleep 1 & sleep 1 &
  sleep 9 & echo "not reached"' 2>&1
echo "job4 status $?"
ev ci/job4
for p in $(cat $C/ci/job*/cgroup.procs); do kill $p 2>/dev/null; done
sleep 1
for j in job1 job2 job3 job4; do echo "$j: $(cat $C/ci/$j/pids.current) $(grep populated $C/ci/$j/cgroup.events)"; done
rmdir $C/ci/job* $C/ci; echo "rmdir: $?"
