#!/bin/bash
# Written for memcgsim's conformance suite (session 25, branch kernfs25): the cgroup2
# root's files and their kernfs inode numbers (`stat -c %i`: kn->id, taken at boot
# from the hierarchy's ino_idr in cgroup_init's order: the root directory, its core
# files, then each controller's root files in subsystem ID order, blk-iocost's last),
# for the files of the controllers the model has, then the first child's number.
R=/sys/fs/cgroup
echo "root $(stat -c %i $R)"
for f in cgroup.procs cgroup.threads cgroup.controllers cgroup.subtree_control \
         cgroup.max.descendants cgroup.max.depth cgroup.stat cpu.stat io.pressure \
         memory.pressure cpu.pressure cgroup.pressure memory.stat memory.numa_stat \
         memory.reclaim; do
  [ -e $R/$f ] && echo "$f $(stat -c %i $R/$f)"
done
mkdir $R/first
echo "first child $(stat -c %i $R/first)"
rmdir $R/first
