#!/bin/bash
# Written for memcgsim's conformance suite: job-control stop signals on tasks in a
# memory cgroup (cgroup v2): a stopped task keeps its memory and its cgroup (rmdir
# EBUSY), a terminating signal waits for its SIGCONT (ShdPnd), SIGKILL does not;
# TSTP/TTIN/TTOU of an orphaned process group are discarded; a sleep that expires while
# stopped returns once continued. (lead, session 32: kernel/signal.c prepare_signal,
# complete_signal, get_signal)
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir s
sh -c 'echo $$ > /sys/fs/cgroup/s/cgroup.procs; exec sleep 100' &
p=$!
sleep 1
before=$(cat s/memory.current)
kill -STOP $p; echo "stop $?"
sleep 0.5
grep State /proc/$p/status
echo "procs $(cat s/cgroup.procs | wc -l) memory kept $(( $(cat s/memory.current) == before ))"
rmdir s; echo "rmdir $?"
kill -TERM $p; echo "term $?"
sleep 0.5
grep -E 'State|SigPnd|ShdPnd' /proc/$p/status
jobs
kill -CONT $p; echo "cont $?"
wait $p; echo "wait $?"
sh -c 'echo $$ > /sys/fs/cgroup/s/cgroup.procs; exec sleep 100' &
q=$!
sleep 1
kill -TSTP $q; echo "tstp $?"
sleep 0.5
grep State /proc/$q/status
kill -TTIN $q; kill -TTOU $q; echo "ttin/ttou $?"
sleep 0.5
grep State /proc/$q/status
kill -CONT $q; sleep 0.5
grep State /proc/$q/status
kill -STOP $q; sleep 0.5
kill -KILL $q; echo "kill $?"
wait $q; echo "wait $?"
sh -c 'echo $$ > /sys/fs/cgroup/s/cgroup.procs; sleep 1; echo woke' &
r=$!
sleep 0.3
kill -STOP $r; sleep 2
grep State /proc/$r/status
echo "procs $(cat s/cgroup.procs | wc -l)"
kill -CONT $r
wait $r; echo "wait $?"
sleep 0.5
echo "procs $(cat s/cgroup.procs | wc -l)"
rmdir s; echo "rmdir $?"
grep memory /proc/cgroups
