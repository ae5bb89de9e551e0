#!/bin/bash
# Written for memcgsim's conformance suite (session 31, cgroup v2): a runtime's pause,
# resume and kill of a pod (kernel/cgroup/cgroup.c cgroup_freeze_write, cgroup_kill_write
# (v5.14+; 5.10 has no cgroup.kill), kernel/cgroup/freezer.c cgroup_freeze): the errno of
# bad values, cgroup.events' populated/frozen as each step leaves them.
cd /sys/fs/cgroup
echo +memory +pids > cgroup.subtree_control
mkdir pod
echo 1 > pod/cgroup.freeze 2>/dev/null || echo "freeze on empty: err $?"
cat pod/cgroup.events
echo 0 > pod/cgroup.freeze
( echo $BASHPID > pod/cgroup.procs; exec sleep 30 ) &
s1=$!
( echo $BASHPID > pod/cgroup.procs; exec sleep 30 ) &
sleep 0.5
cat pod/cgroup.procs | wc -l
cat pod/cgroup.events
echo 1 > pod/cgroup.freeze
sleep 0.3
cat pod/cgroup.events
cat pod/cgroup.freeze
grep -c . pod/cgroup.procs
echo 2 > pod/cgroup.freeze || echo "freeze 2: err $?"
echo x > pod/cgroup.freeze || echo "freeze x: err $?"
echo 0 > pod/cgroup.freeze
sleep 0.3
cat pod/cgroup.events
if [ -e pod/cgroup.kill ]; then
  echo 0 > pod/cgroup.kill || echo "kill 0: err $?"
  echo 1 > pod/cgroup.kill
  wait
  sleep 0.3
  cat pod/cgroup.events
  cat pod/cgroup.kill 2>/dev/null || echo "read kill: err $?"
else
  echo "no cgroup.kill"
  kill $s1 $!; wait
  sleep 0.3
  cat pod/cgroup.events
fi
cat pod/pids.current pod/memory.events
grep -E 'populated|frozen' pod/cgroup.events
rmdir pod
grep -E '^memory|^pids' /proc/cgroups | cut -f1,3
