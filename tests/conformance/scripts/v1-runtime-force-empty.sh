#!/bin/bash
# Written for memcgsim's conformance suite (session 11, cgroup v1): the old runtime
# trick against dying memcgs, "echo 0 > memory.force_empty" before rmdir. N
# containers under memory/rt (use_hierarchy 1); each job writes a 128 KiB file and
# creates 20 empty files on the scratch disk and exits. The first container's
# memory.kmem.usage_in_bytes, max_usage, memory.kmem.slabinfo and memory.stat
# (cache, total_cache, total_rss); rt's total_* over its children. Even containers
# are force_emptied before rmdir, odd ones removed as they are: /proc/cgroups
# num_cgroups and rt's usage after each half, and after the files go.
N=16
M=/sys/fs/cgroup/memory
W=/mnt/disk/work
mkdir $M/rt
echo 1 > $M/rt/memory.use_hierarchy 2>/dev/null
echo "rt use_hierarchy $(cat $M/rt/memory.use_hierarchy)"
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
st() { awk -v k="$2" '$1 == k {print $2}' $M/$1/memory.stat; }
kb() { echo $(( $1 / 1024 )); }
echo "num_cgroups before: $(ncg)"
for ((i = 0; i < N; i++)); do
  mkdir $M/rt/c$i $W/c$i
  ( echo $BASHPID > $M/rt/c$i/cgroup.procs
    head -c 131072 /dev/zero > $W/c$i/data
    for ((j = 0; j < 20; j++)); do : > $W/c$i/f$j; done )
done
echo "c0: usage KiB $(kb $(cat $M/rt/c0/memory.usage_in_bytes)) kmem usage > 0 $(( $(cat $M/rt/c0/memory.kmem.usage_in_bytes) > 0 )) kmem max_usage >= usage $(( $(cat $M/rt/c0/memory.kmem.max_usage_in_bytes) >= $(cat $M/rt/c0/memory.kmem.usage_in_bytes) ))"
echo "c0: kmem.slabinfo lines $(cat $M/rt/c0/memory.kmem.slabinfo 2>&1 | wc -l)"
cat $M/rt/c0/memory.kmem.slabinfo 2>&1 | head -3 | sed 's|^cat: .*: |cat: |'
echo "c0: cache KiB $(kb $(st rt/c0 cache)) total_cache KiB $(kb $(st rt/c0 total_cache)) rss $(st rt/c0 rss) total_rss $(st rt/c0 total_rss)"
echo "rt: cache $(st rt cache) total_cache KiB $(kb $(st rt total_cache)) total_mapped_file $(st rt total_mapped_file) total_shmem $(st rt total_shmem)"
echo "rt: usage KiB $(kb $(cat $M/rt/memory.usage_in_bytes))"
echo 0 > $M/rt/c0/memory.force_empty; echo "force_empty c0 with its pages: $?"
echo "c0 after force_empty: usage KiB $(kb $(cat $M/rt/c0/memory.usage_in_bytes)) cache $(st rt/c0 cache) kmem KiB $(kb $(cat $M/rt/c0/memory.kmem.usage_in_bytes))"
for ((i = 0; i < N; i += 2)); do echo 0 > $M/rt/c$i/memory.force_empty; rmdir $M/rt/c$i; done
sleep 1
echo "force_emptied half removed: num_cgroups $(ncg) rt usage KiB $(kb $(cat $M/rt/memory.usage_in_bytes)) total_cache KiB $(kb $(st rt total_cache))"
for ((i = 1; i < N; i += 2)); do rmdir $M/rt/c$i; done
sleep 1
echo "other half removed: num_cgroups $(ncg) rt usage KiB $(kb $(cat $M/rt/memory.usage_in_bytes)) total_cache KiB $(kb $(st rt total_cache))"
echo 0 > $M/rt/memory.force_empty; echo "force_empty rt: $?"
sleep 1
echo "rt force_emptied: num_cgroups $(ncg) rt usage KiB $(kb $(cat $M/rt/memory.usage_in_bytes))"
rm -rf $W/c*
sleep 1
echo "files removed: num_cgroups $(ncg)"
rmdir $M/rt; echo "rmdir rt: $?"
