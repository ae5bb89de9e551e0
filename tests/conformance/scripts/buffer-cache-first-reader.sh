#!/bin/bash
# Written for memcgsim's conformance suite (issue 15 item 6). Which ext4 metadata
# blocks does a cgroup read first, and so keep charged (and itself dying) after
# rmdir? Three parents with +memory, each with one child that does one failed
# lookup and is removed: A in the scratch disk's top directory (read at boot by the
# `cd` into /mnt/disk/work), B in the working directory (its block not read yet),
# C in / (the initramfs: no buffer cache). Then each parent's nr_dying_descendants
# 1 s later, and /proc/meminfo's Buffers (the block devices' page cache) around it.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
echo "start: $(grep Buffers /proc/meminfo)"
for p in A:/mnt/disk/nope-a B:nope-b C:/nope-c
do
n=${p%%:*}; f=${p#*:}
mkdir $C/$n
echo +memory > $C/$n/cgroup.subtree_control
mkdir $C/$n/child
( echo $BASHPID > $C/$n/child/cgroup.procs; [ -e $f ] )
rmdir $C/$n/child
done
sleep 1
for n in A B C
do
echo "$n: $(grep nr_dying_descendants $C/$n/cgroup.stat)"
done
echo "end: $(grep Buffers /proc/meminfo)"
