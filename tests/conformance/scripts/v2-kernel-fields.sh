#!/bin/bash
# Written for memcgsim's conformance suite (session 10), after test_kmem.c's
# test_kmem_kernel_stacks and test_kmem_memcg_deletion (which sum memory.stat's
# anon, file, kernel_stack, pagetables, percpu, sock, slab): 32 sleepers in a
# cgroup, memory.stat's kernel items per sleeper, then killed: what stays.
ROOT=/sys/fs/cgroup
grep -qw memory $ROOT/cgroup.subtree_control || echo +memory > $ROOT/cgroup.subtree_control
mkdir $ROOT/kf
st() { awk -v k=$1 '$1 == k {print $2}' $ROOT/kf/memory.stat; }
echo "fresh: kernel_stack $(st kernel_stack) pagetables $(st pagetables) sock $(st sock) percpu $(st percpu)"
(
  echo $BASHPID > $ROOT/kf/cgroup.procs
  for i in $(seq 1 32); do sleep 1000 & done
)
sleep 1
echo "procs $(wc -l < $ROOT/kf/cgroup.procs)"
ks=$(st kernel_stack); pt=$(st pagetables)
echo "kernel_stack $ks = $(( ks / 32 )) per sleeper"
echo "pagetables per sleeper $(( pt / 32 ))"
echo "sock $(st sock) percpu $(st percpu)"
echo "slab per sleeper $(( $(st slab) / 32 ))"
echo "slab = reclaimable + unreclaimable: $(( $(st slab) == $(st slab_reclaimable) + $(st slab_unreclaimable) ))"
grep -q '^kernel ' $ROOT/kf/memory.stat && echo "kernel per sleeper $(( $(st kernel) / 32 ))"
echo "anon per sleeper $(( $(st anon) / 32 )) file $(st file)"
echo "current per sleeper $(( $(cat $ROOT/kf/memory.current) / 32 ))"
kill $(cat $ROOT/kf/cgroup.procs)
sleep 1
echo "killed: procs $(wc -l < $ROOT/kf/cgroup.procs) kernel_stack $(st kernel_stack) pagetables $(st pagetables)"
rmdir $ROOT/kf
echo "rmdir: $?"
