#!/bin/bash
# Written for memcgsim's conformance suite (session 10): cgroups removed while their
# page cache is still there, then drop_caches, v1 or v2. 10 cgroups under p each
# write a 16 KiB and a 4 KiB file on the scratch disk and are removed (dying:
# their pages pin them). Then echo 2 alone (the inode shrinker: an unused inode's
# pages go with it, on 6.1 only a mapping of at most one page), then echo 1, then
# echo 3; after each (and 1 s) the memory hierarchy's num_cgroups (/proc/cgroups)
# and, on v2, p's nr_dying_descendants.
W=$PWD
C=/sys/fs/cgroup
if [ -e $C/cgroup.controllers ]; then
  echo +memory > $C/cgroup.subtree_control
  P=$C/p
  mkdir $P
  echo +memory > $P/cgroup.subtree_control
  dying() { grep nr_dying_descendants $P/cgroup.stat; }
else
  P=$C/memory/p
  mkdir $P
  dying() { :; }
fi
num() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
show() { echo "$1: num_cgroups $(num) $(dying)"; }
mkdir $W/y
for i in {1..10}
do
mkdir $P/c$i
echo $$ > $P/c$i/cgroup.procs
head -c 16384 /dev/zero > $W/y/big$i
head -c 4096 /dev/zero > $W/y/small$i
echo $$ > $(dirname $P)/cgroup.procs
rmdir $P/c$i
done
sync
sleep 1
show removed
echo 2 > /proc/sys/vm/drop_caches
sleep 1
show "drop 2"
echo 1 > /proc/sys/vm/drop_caches
sleep 1
show "drop 1"
echo 3 > /proc/sys/vm/drop_caches
sleep 1
show "drop 3"
rm -r $W/y
