#!/bin/bash
# Written for memcgsim's conformance suite (session 9): cgroup v1 kernel-memory
# accounting of a group that creates many files (dentries and ext4 inodes are
# charged): memory.kmem.usage_in_bytes, max_usage_in_bytes and failcnt, and
# memory.kmem.limit_in_bytes: enforced on 5.10 (file creation fails with ENOMEM once
# the group's kmem counter is full; deprecated, with a one-time warning in dmesg),
# accepted and ignored on 6.1 (58056f77502f, v5.16; a different warning).
cd /sys/fs/cgroup/memory
W=/mnt/disk/work
mkdir km
echo "fresh: kmem usage $(cat km/memory.kmem.usage_in_bytes) max_usage $(cat km/memory.kmem.max_usage_in_bytes) failcnt $(cat km/memory.kmem.failcnt)"
echo "kmem limit: $(cat km/memory.kmem.limit_in_bytes)"
echo 1M > km/memory.kmem.limit_in_bytes && echo "write 1M: ok"
echo "kmem limit now: $(cat km/memory.kmem.limit_in_bytes)"
echo 1M > memory.kmem.limit_in_bytes 2>/dev/null || echo "root write: failed"
echo "deprecation warnings: $(dmesg | grep -c 'kmem.limit_in_bytes is deprecated')"
mkdir $W/km
# builtins only (no fork inside the group): each `: >` creates one file
(echo $BASHPID > km/cgroup.procs
 for ((i = 0; i < 2000; i++)); do : > $W/km/f$i || break; done 2>/dev/null
 echo "created $i of 2000 files"; echo "stopped early: $(( i < 2000 ))")
k=$(cat km/memory.kmem.usage_in_bytes); mk=$(cat km/memory.kmem.max_usage_in_bytes)
echo "kmem.usage_in_bytes $k kmem.max_usage_in_bytes $mk"
echo "kmem usage<=1M $(( k <= 1048576 ))"
echo "kmem failcnt>0 $(( $(cat km/memory.kmem.failcnt) > 0 ))"
echo "memory failcnt $(cat km/memory.failcnt)"
echo "usage>=kmem $(( $(cat km/memory.usage_in_bytes) >= k ))"
echo 0 > km/memory.kmem.max_usage_in_bytes
echo "kmem max_usage reset: $(( $(cat km/memory.kmem.max_usage_in_bytes) == $(cat km/memory.kmem.usage_in_bytes) ))"
echo 2M > km/memory.kmem.limit_in_bytes
echo "deprecation warnings: $(dmesg | grep -c 'kmem.limit_in_bytes is deprecated')"
rm -rf $W/km
rmdir km
