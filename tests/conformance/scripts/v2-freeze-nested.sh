#!/bin/bash
# Written for memcgsim's conformance suite (session 11, cgroup v2): cgroup.freeze on a
# parent whose job runs in a child (what a runtime's "pause" does to a pod). The
# child's cgroup.events reads frozen 1 while its own cgroup.freeze stays 0; a cgroup
# made under a frozen parent starts frozen; a process moved into a frozen cgroup
# stops; thawing the parent leaves a child frozen by itself frozen; cgroup.kill (6.1)
# or SIGKILL empties a frozen cgroup; rmdir of a frozen empty cgroup.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/pod $C/pod/job
ev() { awk '$1 == "frozen" {print $2}' $C/$1/cgroup.events; }
state() { awk '{print $3}' /proc/$1/stat; }
# the job and the sleeper are started by subshells that exit at once (init adopts
# them): the script's bash has no job to report "Killed" for
( ( echo $BASHPID > $C/pod/job/cgroup.procs; while :; do echo t >> ticks; sleep 0.1; done ) > /dev/null 2>&1 &
  echo $! > job.pid )
job=$(cat job.pid)
sleep 0.5
echo 1 > $C/pod/cgroup.freeze
sleep 0.3
echo "pod: freeze $(cat $C/pod/cgroup.freeze) frozen $(ev pod); job: freeze $(cat $C/pod/job/cgroup.freeze) frozen $(ev pod/job)"
n=$(wc -l < ticks); sleep 0.6
echo "ticks while the pod is frozen: $(( $(wc -l < ticks) - n )) job state $(state $job)"
mkdir $C/pod/late
echo "late: freeze $(cat $C/pod/late/cgroup.freeze) frozen $(ev pod/late)"
( sleep 20 > /dev/null 2>&1 & echo $! > s.pid ); s=$(cat s.pid)
echo $s > $C/pod/late/cgroup.procs
sleep 0.3
echo "moved into late: state $(state $s) late frozen $(ev pod/late)"
echo 1 > $C/pod/job/cgroup.freeze
echo 0 > $C/pod/cgroup.freeze
sleep 0.3
echo "pod thawed: pod frozen $(ev pod) job frozen $(ev pod/job) late frozen $(ev pod/late) sleeper state $(state $s)"
n=$(wc -l < ticks); sleep 0.6
echo "ticks while only the job is frozen: $(( $(wc -l < ticks) - n ))"
echo 0 > $C/pod/job/cgroup.freeze
sleep 0.5
echo "job thawed: frozen $(ev pod/job) ticks resumed $(( $(wc -l < ticks) > n ))"
echo 1 > $C/pod/cgroup.freeze
sleep 0.3
if [ -e $C/pod/cgroup.kill ]; then echo 1 > $C/pod/cgroup.kill; else kill -9 $(cat $C/pod/job/cgroup.procs $C/pod/late/cgroup.procs); fi
while grep -q 'populated 1' $C/pod/cgroup.events; do sleep 0.1; done
echo "killed while frozen: pod populated $(awk '$1 == "populated" {print $2}' $C/pod/cgroup.events) frozen $(ev pod)"
rmdir $C/pod/job $C/pod/late; echo "rmdir frozen children: $?"
echo "pod still frozen $(ev pod)"
rmdir $C/pod; echo "rmdir pod: $?"
rm -f ticks job.pid s.pid
