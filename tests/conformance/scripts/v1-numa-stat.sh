#!/bin/bash
# Written for memcgsim's conformance suite (session 10): cgroup v1 memory.numa_stat
# (pages per node: total, file, anon, unevictable, then the hierarchical_ lines) of a
# parent and a child after the child's task wrote 1 MiB to tmpfs and 512 KiB to disk,
# then after the child is removed (its pages go to the parent's LRU: reparenting).
cd /sys/fs/cgroup/memory
echo 1 > memory.use_hierarchy 2>/dev/null
mkdir par par/kid
echo 1 > par/memory.use_hierarchy 2>/dev/null
(
  echo $BASHPID > par/kid/cgroup.procs
  dd if=/dev/zero of=/tmp/ns.shm bs=64k count=16 2>/dev/null
  dd if=/dev/zero of=/mnt/disk/work/ns.dat bs=64k count=8 2>/dev/null
)
sleep 1
echo "kid:"; cat par/kid/memory.numa_stat | grep -E '^(hierarchical_)?(file|anon|unevictable)='
echo "par:"; cat par/memory.numa_stat | grep -E '^(hierarchical_)?(file|anon|unevictable)='
echo "kid stat: $(grep -E '^(cache|shmem|mapped_file) ' par/kid/memory.stat | tr '\n' ' ')"
rmdir par/kid
sleep 1
echo "par after rmdir:"; cat par/memory.numa_stat | grep -E '^(hierarchical_)?(file|anon)='
echo "par stat: $(grep -E '^(total_)?(cache|shmem) ' par/memory.stat | tr '\n' ' ')"
rm /tmp/ns.shm /mnt/disk/work/ns.dat
echo "par after rm: $(grep -E '^(total_)?(cache|shmem) ' par/memory.stat | tr '\n' ' ')"
rmdir par
