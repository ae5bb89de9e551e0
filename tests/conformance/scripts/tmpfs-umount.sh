#!/bin/bash
# Written for memcgsim (session 26, lead, docs/fidelity.md item 93).
# umount of a tmpfs whose files a cgroup's task wrote: the superblock's end
# (kill_litter_super: evict_inodes) frees the files' pages and objects, their charges
# with them, so the removed cgroup is freed; a mount something holds stays (-EBUSY:
# an open file, a working directory, a mount below it); no mount there: -EINVAL.
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
  mkdir /tmp/m/d
  head -c 50000 /dev/zero > /tmp/m/d/b
  ln /tmp/m/a /tmp/m/hard
  ln -s a /tmp/m/sym
  : > /tmp/m/empty )
st written
exec 3< /tmp/m/a
umount /tmp/m; echo "open file: $?"
exec 3<&-
cd /tmp/m/d
umount /tmp/m; echo "cwd: $?"
cd - > /dev/null
mount -t tmpfs none /tmp/m/d
umount /tmp/m; echo "mount below: $?"
umount /tmp/m/d; echo "the one below: $?"
umount /tmp/m/d; echo "not a mount: $?"
rmdir $C/t
st removed
umount /tmp/m; echo "umount: $?"
ls /tmp/m | wc -l
st unmounted
echo 2 > /proc/sys/vm/drop_caches
st dropped
