#!/bin/bash
# Written for memcgsim's conformance suite (session 32, novel32; cgroup v1): the v1
# twin of novel-v2-helper-enter-stat: a runtime whose forked helpers move themselves
# into each container (move_charge_at_immigrate 0: nothing moves with them) and exec
# the container's process: a busybox sleep, a cat blocked on a fifo, a bash subshell
# in `read`, a subshell with a sleep. Per container after a second and after each
# process ends: usage_in_bytes, kmem.usage_in_bytes, memory.stat's rss, cache and
# mapped_file, the tasks; then the hierarchy's total_rss at the root's level
# (use_hierarchy) and the containers removed.
M=/sys/fs/cgroup/memory
st() { awk -v k=$2 '$1 == k {print $2}' $M/$1/memory.stat; }
show() { local c; for c in k1 k2 k3 k4; do
  echo "$1 $c: usage $(cat $M/$c/memory.usage_in_bytes) kmem $(cat $M/$c/memory.kmem.usage_in_bytes) rss $(st $c rss) cache $(st $c cache) mapped_file $(st $c mapped_file) tasks $(wc -l < $M/$c/tasks)"; done; }
for c in k1 k2 k3 k4; do mkdir $M/$c; done
mkfifo /tmp/f2 /tmp/f3
( echo $BASHPID > $M/k1/cgroup.procs; exec sleep 300 ) & p1=$!
( echo $BASHPID > $M/k2/cgroup.procs; exec cat /tmp/f2 ) & p2=$!
( echo $BASHPID > $M/k3/cgroup.procs; read line < /tmp/f3; echo "k3 read: $line" ) & p3=$!
( echo $BASHPID > $M/k4/cgroup.procs; sleep 300 & wait ) & p4=$!
sleep 1
show started
kill -9 $p1 $p4
wait $p1 2>/dev/null; echo "k1's job: $?"
wait $p4 2>/dev/null; echo "k4's job: $?"
echo hello > /tmp/f2; wait $p2; echo "k2's job: $?"
echo bye > /tmp/f3; wait $p3; echo "k3's job: $?"
sleep 0.5
show ended
kill $(cat $M/k4/tasks) 2>/dev/null; sleep 0.5
echo "k4 after its sleep: tasks $(wc -l < $M/k4/tasks) usage $(cat $M/k4/memory.usage_in_bytes)"
rm /tmp/f2 /tmp/f3
rmdir $M/k1 $M/k2 $M/k3 $M/k4; echo "rmdir: $? num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
