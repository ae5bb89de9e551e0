#!/bin/bash
# Written for memcgsim's conformance suite (session 10): memory.numa_stat next to
# memory.stat (cgroup v2), as one checks where a container's memory sits: a job writes
# 2 MiB to tmpfs and 1 MiB to the scratch disk; each numa_stat line's per-node sum
# must equal memory.stat's item of the same name (both flushed by the same read on
# 6.1), and the guest has one node (N0).
ROOT=/sys/fs/cgroup
grep -qw memory $ROOT/cgroup.subtree_control || echo +memory > $ROOT/cgroup.subtree_control
mkdir $ROOT/numa
(
  echo $BASHPID > $ROOT/numa/cgroup.procs
  dd if=/dev/zero of=/tmp/numa.shm bs=64k count=32 2>/dev/null
  dd if=/dev/zero of=/mnt/disk/work/numa.dat bs=64k count=16 2>/dev/null
  sleep 1000 &
  sleep 1
)
echo "items: $(awk '{print $1}' $ROOT/numa/memory.numa_stat | tr '\n' ' ')"
grep -E '^(shmem|file|file_dirty|active_file|inactive_file|unevictable) ' $ROOT/numa/memory.numa_stat
for k in shmem file file_dirty; do
  s=$(awk -v k=$k '$1 == k {print $2}' $ROOT/numa/memory.stat)
  n=$(awk -v k=$k '$1 == k {sub("N0=", "", $2); print $2}' $ROOT/numa/memory.numa_stat)
  echo "$k: stat $s numa N0 $n"
done
echo "nodes: $(awk '$1 == "anon" {print NF - 1}' $ROOT/numa/memory.numa_stat)"
rm /tmp/numa.shm /mnt/disk/work/numa.dat
grep -E '^(shmem|file) ' $ROOT/numa/memory.numa_stat
kill $(cat $ROOT/numa/cgroup.procs)
sleep 0.5
rmdir $ROOT/numa
