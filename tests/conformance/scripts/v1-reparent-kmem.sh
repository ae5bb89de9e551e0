#!/bin/bash
# Written for memcgsim's conformance suite (session 11, cgroup v1): the v1 view of a
# parent whose children are gone. Each of 4 children of "svc" (use_hierarchy 1)
# creates 150 empty files on the scratch disk and 60 in a tmpfs directory, writes
# 200 KiB of tmpfs data and exits; the children are removed. svc's
# memory.kmem.usage_in_bytes and memory.usage_in_bytes, and its memory.stat
# total_shmem, total_cache, total_rss (KiB) and its own shmem/cache, before and after
# the rmdirs, after the files go and the slab is dropped; /proc/cgroups.
M=/sys/fs/cgroup/memory
W=/mnt/disk/work
mkdir $M/svc
echo 1 > $M/svc/memory.use_hierarchy 2>/dev/null
mkdir -p /tmp/rk
echo "$(getconf _NPROCESSORS_ONLN) CPUs, use_hierarchy $(cat $M/svc/memory.use_hierarchy)"
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
show() { awk -v tag="$1" -v kmem=$(cat $M/svc/memory.kmem.usage_in_bytes) -v use=$(cat $M/svc/memory.usage_in_bytes) '
  {v[$1] = $2}
  END {printf "%s: usage %d kmem %d total_shmem %d total_cache %d total_rss %d shmem %d cache %d\n", tag,
       use / 1024, kmem / 1024, v["total_shmem"] / 1024, v["total_cache"] / 1024, v["total_rss"] / 1024,
       v["shmem"] / 1024, v["cache"] / 1024}' $M/svc/memory.stat; }
for i in 1 2 3 4; do
  mkdir $M/svc/c$i $W/d$i /tmp/rk/d$i
  ( echo $BASHPID > $M/svc/c$i/cgroup.procs
    for ((j = 0; j < 150; j++)); do : > $W/d$i/f$j; done
    for ((j = 0; j < 60; j++)); do : > /tmp/rk/d$i/f$j; done
    head -c 204800 /dev/zero > /tmp/rk/d$i/data )
done
sleep 1
show "with children"
echo "num_cgroups $(ncg)"
for i in 1 2 3 4; do rmdir $M/svc/c$i; done
sleep 2
show "children removed"
echo "num_cgroups $(ncg)"
rm -rf /tmp/rk
sleep 2
show "tmpfs removed"
rm -rf $W/d1 $W/d2 $W/d3 $W/d4
sync; echo 2 > /proc/sys/vm/drop_caches
sleep 2
show "all removed and dropped"
echo "num_cgroups $(ncg)"
rmdir $M/svc; echo "rmdir svc: $?"
