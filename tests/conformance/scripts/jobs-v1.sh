#!/bin/bash
# Batch jobs under a v1 parent (novel, lead session 27): each job writes and reads a
# file in its own memcg and is removed; the parent is emptied with force_empty.
M=/sys/fs/cgroup/memory
mkdir $M/jobs
echo "hier: $(cat $M/jobs/memory.use_hierarchy)"
for i in $(seq 1 12); do
    mkdir $M/jobs/j$i
    echo 32M > $M/jobs/j$i/memory.limit_in_bytes
    sh -c "echo \$\$ > $M/jobs/j$i/cgroup.procs; head -c 200000 /dev/urandom > /tmp/f$i; cat /tmp/f$i > /dev/null"
    echo "j$i: usage $(cat $M/jobs/j$i/memory.usage_in_bytes) max $(cat $M/jobs/j$i/memory.max_usage_in_bytes) cache $(awk '$1=="cache"{print $2}' $M/jobs/j$i/memory.stat) failcnt $(cat $M/jobs/j$i/memory.failcnt)"
    rmdir $M/jobs/j$i
done
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
echo "jobs: usage $(cat $M/jobs/memory.usage_in_bytes) kmem $(cat $M/jobs/memory.kmem.usage_in_bytes)"
grep -E '^(cache|rss|mapped_file|total_cache|total_rss|total_inactive_file|total_active_file) ' $M/jobs/memory.stat
echo 0 > $M/jobs/memory.force_empty; echo "force_empty: $?"
echo "jobs after: usage $(cat $M/jobs/memory.usage_in_bytes) kmem $(cat $M/jobs/memory.kmem.usage_in_bytes)"
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
rm -f /tmp/f*
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
rmdir $M/jobs; echo "rmdir: $?"
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
