#!/bin/bash
# Written for memcgsim's conformance suite (session 31, cgroup v1): a nested hierarchy
# with limits (a child's above its parent's), two jobs' tmpfs pages, a limit below usage
# (-EBUSY: mem_cgroup_resize_max), force_empty, removal bottom-up: usage, max_usage,
# failcnt and the hierarchical memory.stat fields after each step.
M=/sys/fs/cgroup/memory
cat $M/memory.use_hierarchy
mkdir -p $M/svc/job1 $M/svc/job2
echo 8M > $M/svc/memory.limit_in_bytes
cat $M/svc/memory.limit_in_bytes
echo 4M > $M/svc/job1/memory.limit_in_bytes
echo 16M > $M/svc/job2/memory.limit_in_bytes; cat $M/svc/job2/memory.limit_in_bytes
echo 0 > $M/svc/memory.use_hierarchy || echo "use_hierarchy: err $?"
sh -c 'echo $$ > '$M'/svc/job1/cgroup.procs; dd if=/dev/zero of=/tmp/f1 bs=64k count=16 2>/dev/null; echo done1'
sh -c 'echo $$ > '$M'/svc/job2/cgroup.procs; dd if=/dev/zero of=/tmp/f2 bs=64k count=32 2>/dev/null; echo done2'
for c in svc svc/job1 svc/job2; do
  echo "$c $(cat $M/$c/memory.usage_in_bytes) $(cat $M/$c/memory.max_usage_in_bytes) $(cat $M/$c/memory.failcnt)"
  grep -E '^(cache|rss|shmem|mapped_file|hierarchical_memory_limit|total_cache|total_shmem) ' $M/$c/memory.stat
done
echo 1M > $M/svc/job1/memory.limit_in_bytes || echo "shrink job1: err $?"
cat $M/svc/job1/memory.usage_in_bytes $M/svc/job1/memory.failcnt
rm /tmp/f1
cat $M/svc/job1/memory.usage_in_bytes
echo 1M > $M/svc/job1/memory.limit_in_bytes && echo shrunk
echo 0 > $M/svc/job2/memory.force_empty && echo emptied
cat $M/svc/job2/memory.usage_in_bytes $M/svc/memory.usage_in_bytes
rmdir $M/svc/job1 $M/svc/job2
cat $M/svc/memory.usage_in_bytes
grep -E '^(cache|shmem|total_cache) ' $M/svc/memory.stat
rm /tmp/f2
cat $M/svc/memory.usage_in_bytes
rmdir $M/svc
grep memory /proc/cgroups | cut -f3
