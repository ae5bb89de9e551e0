#!/bin/bash
# Written for memcgsim's conformance suite (session 10): drop_caches 1, 2 and 3 on
# files a cgroup wrote on the scratch disk (ext4), v1 or v2 (whichever is mounted).
# In cgroup g: 20 files of 8 KiB in $W/d, 10 failed lookups (negative dentries);
# back in the root, 10 of the files removed (their dentries turn negative), sync.
# Then echo 1 (page cache), echo 2 (slab: dentries and inodes; the inode shrinker
# also drops an unused inode's pages), the 5 first files read again in g, echo 3;
# 10 more files written in g (5 of 8 KiB, 5 of 4 KiB) and echo 2 alone; rmdir g and
# echo 3. Each step prints g's page cache and reclaimable slab, the memory
# hierarchy's num_cgroups (/proc/cgroups) and the change of /proc/meminfo's Cached.
W=$PWD
C=/sys/fs/cgroup
if [ -e $C/cgroup.controllers ]; then
  echo +memory > $C/cgroup.subtree_control
  G=$C/g
  stat_of() { grep -E '^(file|slab_reclaimable) ' $G/memory.stat; }
else
  G=$C/memory/g
  stat_of() { grep -E '^cache ' $G/memory.stat; echo "kmem $(cat $G/memory.kmem.usage_in_bytes)"; }
fi
cached() { awk '$1 == "Cached:" {print $2}' /proc/meminfo; }
num() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
C0=$(cached)
show() {
  echo "$1: num_cgroups $(num)"
  echo "$1: meminfo Cached+ $(( $(cached) - C0 ))"
  stat_of | sed "s/^/$1 bytes: /"
}
mkdir $G
mkdir $W/d
(
echo $BASHPID > $G/cgroup.procs
for i in {1..20}; do head -c 8192 /dev/zero > $W/d/f$i; done
for i in {1..10}; do [ -e $W/d/nope$i ]; done
)
for i in {11..20}; do rm $W/d/f$i; done
sync
show written
echo 1 > /proc/sys/vm/drop_caches
show "drop 1"
echo 2 > /proc/sys/vm/drop_caches
show "drop 2"
( echo $BASHPID > $G/cgroup.procs; for i in {1..5}; do cat $W/d/f$i > /dev/null; done )
show "read 5 again"
echo 3 > /proc/sys/vm/drop_caches
show "drop 3"
(
echo $BASHPID > $G/cgroup.procs
for i in {21..25}; do head -c 8192 /dev/zero > $W/d/f$i; done
for i in {26..30}; do head -c 4096 /dev/zero > $W/d/f$i; done
)
sync
show "10 more"
echo 2 > /proc/sys/vm/drop_caches
show "drop 2 alone"
rmdir $G
sleep 1
echo "rmdir: num_cgroups $(num)"
echo 3 > /proc/sys/vm/drop_caches
sleep 1
echo "drop 3: num_cgroups $(num)"
rm -r $W/d
