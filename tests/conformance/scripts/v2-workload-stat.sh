#!/bin/bash
# memcgsim conformance (issue 12): memory.stat after a small workload run by a shell
# that entered a child cgroup. cgroup v2. The shell enters "work", then: a 1 MiB file
# on tmpfs (/tmp, dd), 100 small files on the scratch disk (echo, a builtin), 500
# failed stats (`stat` of a missing file, one exec each), and one sleeping task;
# `sleep 1` lets the fork/exec charges settle; then the child's memory.stat items
# pgfault, anon, active_anon, inactive_anon, file, shmem.
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir work
echo $$ > work/cgroup.procs
cd /mnt/disk/work
dd if=/dev/zero of=/tmp/blob bs=64k count=16 2>/dev/null
mkdir files
for ((i = 0; i < 100; i++)); do echo "file $i" > files/f$i; done
for ((i = 0; i < 500; i++)); do stat "missing/$i" 2>/dev/null; done
sleep 3600 &
sleep 1
grep -E '^(pgfault|anon|active_anon|inactive_anon|file|shmem) ' /sys/fs/cgroup/work/memory.stat
