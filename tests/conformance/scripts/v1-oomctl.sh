#!/bin/bash
# v1 limits at 4 CPUs (novel, lead session 27): memsw, oom_control, soft limit,
# hierarchical totals, then an OOM under the limit and the parent's view.
M=/sys/fs/cgroup/memory
mkdir -p $M/p/c1 $M/p/c2
echo 16M > $M/p/memory.limit_in_bytes
echo 24M > $M/p/memory.memsw.limit_in_bytes 2>/dev/null; echo "memsw: $?"
echo 8M > $M/p/c1/memory.soft_limit_in_bytes
cat $M/p/memory.oom_control
for c in c1 c2; do
  ( echo $BASHPID > $M/p/$c/cgroup.procs; head -c 3000000 /dev/zero > /tmp/$c.dat; cat /tmp/$c.dat > /dev/null )
done
echo "p usage $(cat $M/p/memory.usage_in_bytes) memsw $(cat $M/p/memory.memsw.usage_in_bytes 2>/dev/null)"
grep -E '^(total_cache|total_rss|total_shmem|hierarchical_memory_limit|hierarchical_memsw_limit) ' $M/p/memory.stat
echo 1 > $M/p/c2/memory.oom_control; echo "oom_kill_disable: $?"
cat $M/p/c2/memory.oom_control
echo 0 > $M/p/c2/memory.oom_control
( echo $BASHPID > $M/p/c2/cgroup.procs; x=$(head -c 30000000 /dev/zero | tr '\0' b); echo ${#x} ) 2>&1
echo "status $?"
cat $M/p/c2/memory.oom_control
echo "p failcnt $(cat $M/p/memory.failcnt) max $(cat $M/p/memory.max_usage_in_bytes)"
rm /tmp/c1.dat /tmp/c2.dat
rmdir $M/p/c1 $M/p/c2 $M/p; echo "rmdir $?"
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
