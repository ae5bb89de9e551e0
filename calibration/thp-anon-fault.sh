#!/bin/bash
# Does an anonymous fault in a 2 MiB-aligned range of a big malloc'd chunk get a
# huge page? (session 16, docs/fidelity.md item 42). Run on both kernels:
#   memcgsim oracle calibration/thp-anon-fault.sh --kernel 5.10 --cgroup v2 --boot no_timer_check
# Prints the THP knobs, /proc/vmstat's thp lines before and while a dd with a 4 MiB
# block (an mmap'd chunk filled by read() from /dev/zero) is blocked on a full pipe,
# the dd's mappings (smaps: AnonHugePages per VMA) and the free blocks by order.
T=/sys/kernel/mm/transparent_hugepage
for f in enabled defrag khugepaged/defrag use_zero_page; do echo "$f: $(cat $T/$f)"; done
cat /proc/buddyinfo
grep thp_ /proc/vmstat > /tmp/thp0
{ dd if=/dev/zero bs=4M count=1 | sleep 4; } 2>/dev/null &
sleep 2.5
pid=$(pidof dd)
grep thp_ /proc/vmstat > /tmp/thp1
diff /tmp/thp0 /tmp/thp1 | grep '^>'
awk '/^[0-9a-f]+-/ { m = $1 } /^Rss:|^Anonymous:|^AnonHugePages:/ && $2 > 0 { print m, $1, $2 }' /proc/$pid/smaps
grep -i 'AnonHuge' /proc/meminfo
wait
