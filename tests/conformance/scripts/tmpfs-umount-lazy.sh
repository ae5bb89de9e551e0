#!/bin/bash
# Written for memcgsim (session 27, lead, docs/fidelity.md item 99).
# A tmpfs file unlinked while open holds its mount (umount: -EBUSY) until its last
# close; umount -l (MNT_DETACH) takes a held mount out of the namespace at once, and
# its superblock ends (kill_litter_super: the files' pages freed, the removed cgroup
# charged for them with them) at the last close of a file on it.
# Each reading waits 2 s first: /proc/meminfo's Shmem after the per-CPU vmstat
# differentials are folded (vmstat_update, every second).
if [ -d /sys/fs/cgroup/memory ]; then C=/sys/fs/cgroup/memory
else C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control; fi
st() {
    sleep 2
    echo "$1: shmem $(awk '$1 == "shmem" {print $2}' $C/t/memory.stat 2>/dev/null || echo -)" \
         "num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups) $(grep Shmem: /proc/meminfo | tr -s ' ')"
}
mkdir $C/t /tmp/m
mount -t tmpfs none /tmp/m
( echo $BASHPID > $C/t/cgroup.procs
  head -c 200000 /dev/zero > /tmp/m/a
  head -c 50000 /dev/zero > /tmp/m/b )
st written
exec 3< /tmp/m/a
rm /tmp/m/a
umount /tmp/m; echo "unlinked, open: $?"
st unlinked
exec 3<&-
st closed
exec 4< /tmp/m/b
umount -l /tmp/m; echo "lazy: $?"
ls /tmp/m | wc -l
grep -c ' /tmp/m ' /proc/mounts
rmdir $C/t
st detached
exec 4<&-
st "last close"
