#!/bin/bash
# Written for memcgsim's conformance suite (session 29, lead): memory.reclaim (v5.19: 6.1
# only; 5.10's write fails, kernfs has no create) and memory.peak as a proactive-reclaim
# agent sees them: tmpfs pages without swap cannot be reclaimed (-EAGAIN), and the
# charge stocks' precharge stays in memory.current (memory_reclaim's lru_add_drain_all
# is not drain_all_stock).
R=/sys/fs/cgroup
cd $R || exit 1
echo +memory > cgroup.subtree_control
mkdir r
ls r | grep -E '^memory\.(reclaim|peak|swap\.peak|zswap)' | tr '\n' ' '; echo
mkdir -p /tmp/tf && mount -t tmpfs none /tmp/tf
(echo 0 > r/cgroup.procs; head -c 1000000 /dev/zero > /tmp/b1; head -c 2000000 /dev/zero > /tmp/tf/z)
c0=$(cat r/memory.current); p0=$(cat r/memory.peak 2>/dev/null)
echo "current $((c0/4096)) pages, peak $((p0/4096))"
grep -E '^(file|anon|shmem|active_file|inactive_file) ' r/memory.stat | tr '\n' ' '; echo
for v in 1M 0 abc '100K' '4096 ' '1M swappiness=0' 1G; do
  echo "$v" > r/memory.reclaim 2>/tmp/err; rc=$?
  echo "reclaim [$v] $rc $(sed 's/.*: //' /tmp/err) current $(( $(cat r/memory.current)/4096 ))"
done
grep -E '^(file|shmem|pgscan|pgsteal|inactive_file) ' r/memory.stat | tr '\n' ' '; echo
echo 0 > r/memory.peak 2>&1 | sed 's/.*: //'; echo "peak write $?"
rm /tmp/tf/z /tmp/b1
echo "after rm: current $(( $(cat r/memory.current)/4096 )) peak $(( $(cat r/memory.peak)/4096 ))"
rmdir r; echo "rmdir $?"
