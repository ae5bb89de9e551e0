#!/bin/bash
# One batch job's charges in v1 (lead session 27; docs/fidelity.md item 109, branch
# sched28): its `sh -c` joins j, forks head (a NOEXEC applet) and execs cat in place;
# usage against its parts, with the per-CPU stocks' precharge until force_empty.
M=/sys/fs/cgroup/memory
mkdir $M/j
sh -c "echo \$\$ > $M/j/cgroup.procs; head -c 200000 /dev/urandom > /tmp/f1; cat /tmp/f1 > /dev/null"
echo "usage $(cat $M/j/memory.usage_in_bytes) kmem $(cat $M/j/memory.kmem.usage_in_bytes) max $(cat $M/j/memory.max_usage_in_bytes) kmax $(cat $M/j/memory.kmem.max_usage_in_bytes)"
grep -E '^(cache|rss|shmem|mapped_file|pgfault|pgpgin|pgpgout|active_anon|inactive_anon) ' $M/j/memory.stat
sh -c "echo \$\$ > $M/j/cgroup.procs; true"
echo "usage2 $(cat $M/j/memory.usage_in_bytes) kmem $(cat $M/j/memory.kmem.usage_in_bytes)"
echo 0 > $M/j/memory.force_empty
echo "usage3 $(cat $M/j/memory.usage_in_bytes) kmem $(cat $M/j/memory.kmem.usage_in_bytes)"
