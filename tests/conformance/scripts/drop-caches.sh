#!/bin/bash
# Written for memcgsim's conformance suite (issue 4). cgroup v2: 50 child cgroups
# each write a 4 KiB file on the scratch disk (the working directory) and are
# removed; their page cache keeps them as dying descendants. Prints
# cgroup.stat's nr_dying_descendants, drops the caches
# (echo 3 > /proc/sys/vm/drop_caches), waits 2 s and prints it again.
W=$PWD
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/parent
echo +memory > $C/parent/cgroup.subtree_control
for i in {1..50}
do
mkdir $C/parent/c$i
echo $$ > $C/parent/c$i/cgroup.procs
head -c 4096 /dev/zero > $W/f$i
echo $$ > $C/cgroup.procs
rmdir $C/parent/c$i
done
sync
echo "before drop_caches: $(grep nr_dying_descendants $C/parent/cgroup.stat)"
echo 3 > /proc/sys/vm/drop_caches
sleep 2
echo "after drop_caches + sleep 2: $(grep nr_dying_descendants $C/parent/cgroup.stat)"
