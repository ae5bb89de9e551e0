#!/bin/bash
# Written for memcgsim's conformance suite (session 32, novel32; cgroup v2): a runtime
# that never enters a container itself: for each container a forked helper moves
# itself in and execs the container's process (runc's init does the same), each a
# different shape: a busybox sleep, a cat blocked on a fifo, a bash subshell waiting
# in `read` on a fifo, a sleep started by a subshell that stays (two tasks). Per
# container after a second: memory.current, the memory.stat keys of what a process
# costs the kernel (anon, file, kernel_stack, pagetables, slab_unreclaimable, percpu),
# pids.current; then each container's first task killed and the same figures.
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
st() { awk -v k=$2 '$1 == k {print $2}' $C/$1/memory.stat; }
show() { local c; for c in k1 k2 k3 k4; do
  echo "$1 $c: current $(cat $C/$c/memory.current) anon $(st $c anon) file $(st $c file) kernel_stack $(st $c kernel_stack) pagetables $(st $c pagetables) slab_unreclaimable $(st $c slab_unreclaimable) percpu $(st $c percpu) pids $(cat $C/$c/pids.current)"; done; }
for c in k1 k2 k3 k4; do mkdir $C/$c; done
mkfifo /tmp/f2 /tmp/f3
( echo $BASHPID > $C/k1/cgroup.procs; exec sleep 300 ) & p1=$!
( echo $BASHPID > $C/k2/cgroup.procs; exec cat /tmp/f2 ) & p2=$!
( echo $BASHPID > $C/k3/cgroup.procs; read line < /tmp/f3; echo "k3 read: $line" ) & p3=$!
( echo $BASHPID > $C/k4/cgroup.procs; sleep 300 & wait ) & p4=$!
sleep 1
show started
kill -9 $p1 $p4
wait $p1 2>/dev/null; echo "k1's job: $?"
wait $p4 2>/dev/null; echo "k4's job: $?"
echo hello > /tmp/f2; wait $p2; echo "k2's job: $?"
echo bye > /tmp/f3; wait $p3; echo "k3's job: $?"
sleep 0.5
show ended
kill $(cat $C/k4/cgroup.procs) 2>/dev/null; sleep 0.5
echo "k4 after its sleep: pids $(cat $C/k4/pids.current) current $(cat $C/k4/memory.current)"
rm /tmp/f2 /tmp/f3
rmdir $C/k1 $C/k2 $C/k3 $C/k4; echo "rmdir: $? dying $(awk '$1 == "nr_dying_descendants" {print $2}' $C/cgroup.stat)"
