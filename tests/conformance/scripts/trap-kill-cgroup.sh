#!/bin/bash
# Written for memcgsim's conformance suite (session 17, conform17): a service wrapper
# of the kind SREs write, run in a cgroup: traps on TERM and EXIT, a job it waits
# for, `exec` into the worker, TERM ignored by a stubborn subshell and its children
# (trap '' is inherited), then every task of the cgroup killed with -9 from the list
# in cgroup.procs; rmdir while populated (EBUSY) and after; wait statuses, the
# cgroup's populated flag, its memory.current back to 0, the children's /proc/PID
# files, and the root's nr_dying_descendants.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/svc
ev() { echo "$1: procs $(wc -l < $C/svc/cgroup.procs) $(tr '\n' ' ' < $C/svc/cgroup.events)"; }
nd() { echo "$1: $(grep nr_dying $C/cgroup.stat)"; }
ev "made"
# 1. a wrapper whose TERM trap stops its job: wait is interrupted, the trap runs
( echo $BASHPID > $C/svc/cgroup.procs
  trap 'echo "wrapper: TERM"; kill $child; wait $child; echo "wrapper: job status $?"; exit 3' TERM
  trap 'echo "wrapper: EXIT trap"' EXIT
  sleep 3600 & child=$!
  echo "wrapper: job in $(cut -d: -f3 /proc/$child/cgroup), comm $(cat /proc/$child/comm)"
  wait $child
  echo "wrapper: not reached" ) &
w=$!
sleep 1
ev "wrapper running"
rmdir $C/svc; echo "rmdir while populated: $?"
kill -TERM $w
wait $w; echo "wrapper status: $?"
ev "wrapper gone"
echo "svc memory.current: $(cat $C/svc/memory.current)"
# 2. exec: the subshell becomes the worker, same pid, same cgroup
( echo $BASHPID > $C/svc/cgroup.procs; exec sleep 3600 ) &
e=$!
sleep 1
echo "exec'd: comm $(cat /proc/$e/comm), cgroup $(cut -d: -f3 /proc/$e/cgroup), same pid $(grep -c "^$e\$" $C/svc/cgroup.procs)"
kill $e; wait $e; echo "exec'd worker status: $?"
# 3. TERM ignored by a subshell and inherited by its children; SIGKILL ends them all
( echo $BASHPID > $C/svc/cgroup.procs; trap '' TERM; sleep 3600 & sleep 3600 & wait; echo "stubborn: wait returned $?" ) &
s=$!
sleep 1
ev "stubborn running"
for p in $(cat $C/svc/cgroup.procs); do kill -TERM $p; done
sleep 1
ev "after TERM to each"
grep SigIgn /proc/$(tail -1 $C/svc/cgroup.procs)/status | tr -d '\t'
for p in $(cat $C/svc/cgroup.procs); do kill -9 $p; done
wait $s; echo "stubborn status: $?"
sleep 1
ev "after KILL to each"
rmdir $C/svc; echo "rmdir: $?"
sleep 1
nd "removed"
# 4. a script-level EXIT trap that cleans up: it runs at exit with the last status
mkdir $C/svc2
trap 'for p in $(cat $C/svc2/cgroup.procs); do kill -9 $p; done; sleep 0.5; rmdir $C/svc2; echo "exit trap: rmdir $?, status was $st"' EXIT
( echo $BASHPID > $C/svc2/cgroup.procs; exec sleep 3600 ) &
sleep 1
echo "svc2 procs: $(wc -l < $C/svc2/cgroup.procs)"
false; st=$?
