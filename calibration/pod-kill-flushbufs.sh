#!/bin/bash
# What keeps the pods the drop_caches leaves dying in tests/conformance/scripts/
# pod-kill.sh (docs/fidelity.md item 102): the case's script as it
# is, then BLKFLSBUF on the disk (`blockdev --flushbufs`: invalidate_bh_lrus, then the
# block device's clean buffers dropped) and drop_caches 3 again: 0 dying means the
# pods were kept by ext4 metadata pages the per-CPU buffer-head LRUs held (item 11);
# then sync (the journal committed, its dirty buffers written) and the same again.
#   memcgsim oracle calibration/pod-kill-flushbufs.sh --kernel 5.10 --cgroup v2 --cpus 4
# A pod's lifecycle on cgroup v2 at 4 CPUs (novel, lead session 26): nested limits,
# page cache on the disk, sleepers killed with cgroup.kill (5.14+) or by kill, rmdir.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir -p $C/kube/pod1
echo +memory > $C/kube/cgroup.subtree_control
echo 64M > $C/kube/memory.max
echo +memory > $C/kube/pod1/cgroup.subtree_control 2>/dev/null; echo "subtree: $?"
for c in a b c; do
    mkdir $C/kube/pod1/$c
    echo 16M > $C/kube/pod1/$c/memory.max
    ( echo $BASHPID > $C/kube/pod1/$c/cgroup.procs
      dd if=/dev/zero of=f$c bs=64k count=16 2>/dev/null
      sleep 100 & sleep 100 & wait ) &
done
sleep 1
for c in a b c; do
    echo "$c: procs $(wc -l < $C/kube/pod1/$c/cgroup.procs) current $(cat $C/kube/pod1/$c/memory.current) file $(awk '$1=="file"{print $2}' $C/kube/pod1/$c/memory.stat)"
done
if [ -e $C/kube/pod1/a/cgroup.kill ]; then echo 1 > $C/kube/pod1/cgroup.kill; echo "kill: $?"
else for c in a b c; do for p in $(cat $C/kube/pod1/$c/cgroup.procs); do kill -9 $p; done; done; echo "kill: 0"; fi
wait
sleep 1
for c in a b c; do echo "$c after: procs $(wc -l < $C/kube/pod1/$c/cgroup.procs) populated $(grep populated $C/kube/pod1/$c/cgroup.events)"; done
rmdir $C/kube/pod1/a $C/kube/pod1/b $C/kube/pod1/c $C/kube/pod1; echo "rmdir: $?"
echo "kube: $(grep dying $C/kube/cgroup.stat) current $(cat $C/kube/memory.current)"
rm -f fa fb fc
echo "after rm: $(grep dying $C/kube/cgroup.stat) current $(cat $C/kube/memory.current)"
echo 3 > /proc/sys/vm/drop_caches
sleep 2
echo "after drop: $(grep dying $C/kube/cgroup.stat) current $(cat $C/kube/memory.current)"
dev=$(df -P . | awk 'NR==2 {print $1}')
blockdev --flushbufs $dev; echo "flushbufs $dev: $?"
echo 3 > /proc/sys/vm/drop_caches
sleep 2
echo "after flushbufs and drop: $(grep dying $C/kube/cgroup.stat)"
sync
blockdev --flushbufs $dev; echo "sync, flushbufs: $?"
echo 3 > /proc/sys/vm/drop_caches
sleep 2
echo "after sync, flushbufs and drop: $(grep dying $C/kube/cgroup.stat)"
