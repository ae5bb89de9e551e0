#!/bin/bash
# Written for memcgsim's conformance suite (session 10): cgroup v1 hierarchy
# (use_hierarchy 1) where the parent's memory.limit_in_bytes is hit by a task in a
# child without a limit of its own, as a v1 container runtime's pod/container pair.
# memory.oom_control of both (oom_kill_disable, under_oom, oom_kill), failcnt of
# both, max_usage_in_bytes near the limit, the child's usage after the kill.
cd /sys/fs/cgroup/memory
echo 1 > memory.use_hierarchy 2>/dev/null
mkdir pod
echo 1 > pod/memory.use_hierarchy
mkdir pod/ctr
echo 16M > pod/memory.limit_in_bytes
echo "use_hierarchy pod $(cat pod/memory.use_hierarchy) ctr $(cat pod/ctr/memory.use_hierarchy)"
echo "ctr limit is unlimited: $(( $(cat pod/ctr/memory.limit_in_bytes) > 1 << 40 ))"
( echo $BASHPID > pod/ctr/cgroup.procs; head -c 64M /dev/zero | tail > /dev/null )
echo "status: $?"
for g in pod pod/ctr; do
  echo "$g oom_control: $(tr '\n' ' ' < $g/memory.oom_control)"
  echo "$g failcnt>0 $(( $(cat $g/memory.failcnt) > 0 )) max_usage>=15M $(( $(cat $g/memory.max_usage_in_bytes) >= 15728640 ))"
done
echo "ctr usage < 1M after the kill: $(( $(cat pod/ctr/memory.usage_in_bytes) < 1048576 ))"
grep -E '^(hierarchical_memory_limit|total_rss) ' pod/ctr/memory.stat | awk '{print $1, ($1 == "total_rss" ? ($2 < 1048576) : $2)}'
rmdir pod/ctr pod
