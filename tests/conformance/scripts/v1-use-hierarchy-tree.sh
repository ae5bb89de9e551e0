#!/bin/bash
# Written for memcgsim's conformance suite (session 13, cgroup v1): a v1 tree as an
# old manager builds it without systemd (which sets the root's use_hierarchy 1): does
# a parent's limit hold its children? On 5.10 the root's memory.use_hierarchy is 0 and
# a new group copies its parent's (mem_cgroup_css_alloc): a child's page counter then
# has no parent, so the parent's limit, usage and memory.stat totals leave it out and
# the child's hierarchical_memory_limit is its own; use_hierarchy can change only
# while the group has no children (mem_cgroup_hierarchy_write: EBUSY), and not to 0
# under a hierarchical parent (EINVAL). Since v5.11 (bef8620cd8e0, 6.1 here) the
# hierarchy is always on: use_hierarchy reads 1, takes 1, and 0 fails with EINVAL.
cd /sys/fs/cgroup/memory
MB=$((1 << 20))
err() { sed "s|^.*: line [0-9]*: ||"; }
w() { echo "$2" 2>&1 > $1 | err; echo "write '$2' to $1: ${PIPESTATUS[0]} -> $(cat $1)"; }
st() { awk -v k=$2 '$1 == k {print $2}' $1/memory.stat; }
mib() { echo $(( $1 / MB )); }
dd if=/dev/zero of=/mnt/disk/work/uh.dat bs=64k count=384 2>/dev/null   # 24 MiB
sync
echo "root use_hierarchy $(cat memory.use_hierarchy)"
mkdir a
echo 16M > a/memory.limit_in_bytes
mkdir a/b
echo "a $(cat a/memory.use_hierarchy) a/b $(cat a/b/memory.use_hierarchy)"
echo "a/b hierarchical_memory_limit $(st a/b hierarchical_memory_limit)"
echo 3 > /proc/sys/vm/drop_caches
(echo $BASHPID > a/b/cgroup.procs; cat /mnt/disk/work/uh.dat > /dev/null)
echo "a/b read 24M: a/b cache $(mib $(st a/b cache))M, a usage $(mib $(cat a/memory.usage_in_bytes))M total_cache $(mib $(st a total_cache))M failcnt $(( $(cat a/memory.failcnt) > 0 ))"
w a/memory.use_hierarchy 1
w a/memory.use_hierarchy 0
w a/b/memory.use_hierarchy 0
w a/b/memory.use_hierarchy 1
rmdir a/b
w a/memory.use_hierarchy 1
mkdir a/c
echo "a/c use_hierarchy $(cat a/c/memory.use_hierarchy) hierarchical_memory_limit $(st a/c hierarchical_memory_limit)"
w a/c/memory.use_hierarchy 0
echo 3 > /proc/sys/vm/drop_caches
(echo $BASHPID > a/c/cgroup.procs; cat /mnt/disk/work/uh.dat > /dev/null)
echo "a/c read 24M: a/c cache <= 16M $(( $(st a/c cache) <= 16 * MB )), a usage <= 16M $(( $(cat a/memory.usage_in_bytes) <= 16 * MB )) failcnt > 0 $(( $(cat a/memory.failcnt) > 0 ))"
echo "a total_cache == a/c cache $(( $(st a total_cache) == $(st a/c cache) )), a cache $(st a cache)"
rmdir a/c
echo "after rmdir a/c: a usage <= 16M $(( $(cat a/memory.usage_in_bytes) <= 16 * MB )) total_cache > 0 $(( $(st a total_cache) > 0 ))"
mkdir x
w x/memory.use_hierarchy 1
w x/memory.use_hierarchy 0
rmdir a x; echo "rmdir: $?"
rm /mnt/disk/work/uh.dat
