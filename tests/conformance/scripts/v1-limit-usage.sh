#!/bin/bash
# Written for memcgsim's conformance suite (session 9): cgroup v1 memory.limit_in_bytes
# hit by page cache, as one would check a job's limit on a v1 host: usage_in_bytes,
# max_usage_in_bytes (the watermark, reset by any write), failcnt (printed as >0, its
# count depends on batching), memory.stat's cache; soft_limit_in_bytes and swappiness
# read back; force_empty of a populated group (page cache and tmpfs) and of an empty
# one; the limit lowered below the usage (reclaim, or EBUSY when nothing can be).
cd /sys/fs/cgroup/memory
W=/mnt/disk/work
dd if=/dev/zero of=$W/big bs=64k count=256 2>/dev/null   # 16 MiB on the scratch disk
sync; echo 3 > /proc/sys/vm/drop_caches
mkdir lim
echo 4M > lim/memory.limit_in_bytes
echo "limit: $(cat lim/memory.limit_in_bytes)"
echo "fresh: usage $(cat lim/memory.usage_in_bytes) max_usage $(cat lim/memory.max_usage_in_bytes) failcnt $(cat lim/memory.failcnt)"
# read 16 MiB through the page cache inside the 4 MiB group
(echo $BASHPID > lim/cgroup.procs; cat $W/big > /dev/null)
u=$(cat lim/memory.usage_in_bytes); mu=$(cat lim/memory.max_usage_in_bytes)
echo "after reading 16M: usage<=limit $(( u <= 4194304 )) max_usage $mu failcnt>0 $(( $(cat lim/memory.failcnt) > 0 ))"
echo "cache $(( $(awk '$1 == "cache" {print $2}' lim/memory.stat) >> 20 ))M+"
echo 0 > lim/memory.max_usage_in_bytes
echo 0 > lim/memory.failcnt
echo "after reset: max_usage==usage $(( $(cat lim/memory.max_usage_in_bytes) == $(cat lim/memory.usage_in_bytes) )) failcnt $(cat lim/memory.failcnt)"
echo 1M > lim/memory.soft_limit_in_bytes
echo 30 > lim/memory.swappiness
echo "soft_limit $(cat lim/memory.soft_limit_in_bytes) swappiness $(cat lim/memory.swappiness)"
# a 1 MiB tmpfs file: shmem cannot be reclaimed without swap
(echo $BASHPID > lim/cgroup.procs; dd if=/dev/zero of=/tmp/lim.tmp bs=64k count=16 2>/dev/null)
grep -E '^(cache|shmem) ' lim/memory.stat
echo 512K > lim/memory.limit_in_bytes 2>/dev/null || echo "limit 512K: failed"
echo "limit now $(cat lim/memory.limit_in_bytes)"
echo 0 > lim/memory.force_empty
grep -E '^(cache|shmem) ' lim/memory.stat
echo "usage after force_empty: $(( $(cat lim/memory.usage_in_bytes) >> 20 ))M"
rm /tmp/lim.tmp
echo 0 > lim/memory.force_empty
echo "usage after rm and force_empty: $(cat lim/memory.usage_in_bytes)"
grep -E '^(cache|shmem|rss) ' lim/memory.stat
mkdir empty
echo 0 > empty/memory.force_empty && echo "force_empty of an empty group: ok"
echo "empty: usage $(cat empty/memory.usage_in_bytes)"
echo 0 > memory.force_empty 2>/dev/null || echo "force_empty of the root: failed"
rmdir lim empty
rm $W/big
