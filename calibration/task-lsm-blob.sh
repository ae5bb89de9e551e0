#!/bin/bash
# Written for memcgsim (session 43, slab43; docs/fidelity.md item 425): the LSM blobs a
# fork allocates (security/security.c `lsm_task_alloc`, `lsm_cred_alloc`: kzalloc of
# `blob_sizes.lbs_task` / `lbs_cred`), any size: kmem:kmalloc unfiltered over three
# forks of the shell (`( : )` subshells, no exec), the lines whose call site is an LSM
# hook (security_*), with bytes_req, bytes_alloc and gfp_flags, and their kfree.
# Run: memcgsim oracle calibration/task-lsm-blob.sh --kernel K --cgroup v2 --cpus 2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>/dev/null
echo "$(grep -c ^processor /proc/cpuinfo) CPUs, $(uname -r), shell pid $$"
echo 20000 > $TR/buffer_size_kb
[ -e $TR/options/hash-ptr ] && echo 0 > $TR/options/hash-ptr
for e in kmalloc kmalloc_node kfree; do echo 1 > $TR/events/kmem/$e/enable; done
echo > $TR/trace
echo 1 > $TR/tracing_on
for i in 1 2 3; do ( : ); done
sleep 1
echo 0 > $TR/tracing_on
grep -a 'security_' $TR/trace | sed 's/^ *//' | awk '{$3 = ""; $4 = ""; print}'
echo "--- kfree of those"
grep -a ' kmalloc.*security_' $TR/trace | sed 's/.*ptr=\([0-9a-fx]*\).*/\1/' | while read -r p; do
  grep -a " kfree: .*ptr=$p" $TR/trace | sed 's/^ *//' | awk '{$3 = ""; $4 = ""; print}'
done
echo done
