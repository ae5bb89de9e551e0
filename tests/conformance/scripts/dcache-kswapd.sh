#!/bin/bash
# Written for memcgsim's conformance suite (session 25, branch shrink25): kswapd's
# shrink_slab on a small host. On a 256 MiB guest a cgroup p/n makes 40,000
# negative dentries (failed lookups in $W/x) and 4,000 empty files (a positive
# dentry and an ext4 inode each, unused once closed); then a cgroup p/r reads a
# 384 MiB sparse file, more than the RAM: kswapd reclaims the page cache and, at
# each priority of each run, shrinks every memcg's slab (the superblock shrinker's
# dentry and inode lists of n). Before and after: /proc/sys/fs/dentry-state's
# nr_dentry, nr_unused and nr_negative in thousands, /proc/slabinfo's dentry and
# ext4_inode_cache active objects in thousands, n's slab_reclaimable in KiB, MemFree
# in MiB, the page reclaim (kswapd's, direct) in MiB, kswapd's runs (pageoutrun),
# the direct reclaims (allocstall_movable) and the objects the shrinkers scanned
# (slabs_scanned) in thousands.
W=$PWD
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/p
echo +memory > $C/p/cgroup.subtree_control
mkdir $C/p/n $C/p/r $W/x $W/y
ds() { awk '{printf "nr_dentry %d nr_unused %d nr_negative %d", $1 / 1000, $2 / 1000, $5 / 1000}' /proc/sys/fs/dentry-state; }
slab() { awk '$1 == "dentry" || $1 == "ext4_inode_cache" {printf " %s %d", $1, $2 / 1000}' /proc/slabinfo; }
sr() { awk '$1 == "slab_reclaimable" {print $2 / 1024}' $C/p/n/memory.stat; }
vm() { awk '$1 ~ /^pgsteal_(kswapd|direct)$/ {printf " %s %d", $1, $2 / 256}
  $1 ~ /^(pageoutrun|allocstall_movable)$/ {printf " %s %d", $1, $2}
  $1 == "slabs_scanned" {printf " %s %d", $1, $2 / 1000}' /proc/vmstat; }
show() {
  echo "$1: $(ds)$(slab)"
  echo "$1: n slab_reclaimable_kb $(sr) free_mb $(( $(awk '/^MemFree/ {print $2}' /proc/meminfo) / 1024 ))$(vm)"
}
show start
echo $$ > $C/p/n/cgroup.procs
for ((i = 0; i < 40000; i++)); do [ -e $W/x/n$i ]; done
for ((i = 0; i < 4000; i++)); do : > $W/y/f$i; done
echo $$ > $C/cgroup.procs
sync
sleep 1
show made
echo $$ > $C/p/r/cgroup.procs
truncate -s 384M $W/g
cat $W/g > /dev/null
echo $$ > $C/cgroup.procs
sleep 1
show read
rm -r $W/g $W/x $W/y
