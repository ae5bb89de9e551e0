#!/bin/bash
# Written for memcgsim (session 8, the fallocate program). What `fallocate -l LEN FILE`
# charges to its caller's memcg: on tmpfs, shmem_fallocate brings every page of the
# range into the page cache (mm/shmem.c, SGP_FALLOC), charged as shmem; on ext4,
# ext4_fallocate only allocates blocks (unwritten extents), no data pages. Then a
# tmpfs fallocate larger than memory.max (no swap): it fails and gives back the pages
# it brought in (shmem_undo_range), the file keeps its size.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/f
st() { awk -v k=$1 '$1==k {print $2}' $C/f/memory.stat; }
(
echo $BASHPID > $C/f/cgroup.procs
fallocate -l 8M /tmp/fa; echo "tmpfs rc=$?"
echo "tmpfs: shmem $(st shmem) file $(st file) size $(stat -c %s /tmp/fa)"
fallocate -o 4M -l 8M /tmp/fa; echo "tmpfs grow rc=$?"
echo "tmpfs grow: shmem $(st shmem) size $(stat -c %s /tmp/fa)"
fallocate -l 5000 /tmp/fs; echo "tmpfs small rc=$?"
echo "tmpfs small: shmem $(st shmem) size $(stat -c %s /tmp/fs)"
rm /tmp/fa /tmp/fs
echo "tmpfs rm: shmem $(st shmem)"
f0=$(st file)
fallocate -l 8M disk-fa; echo "ext4 rc=$?"
f1=$(st file)
echo "ext4: file +$(( (f1 - f0) / 4096 )) pages shmem $(st shmem) size $(stat -c %s disk-fa)"
rm disk-fa
)
echo 4M > $C/f/memory.max
( echo $BASHPID > $C/f/cgroup.procs; exec fallocate -l 8M /tmp/fb ) 2>/dev/null
echo "over max rc=$?"
echo "over max: shmem $(st shmem) size $(stat -c %s /tmp/fb)"
grep -E '^(oom|oom_kill) ' $C/f/memory.events
