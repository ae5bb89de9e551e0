#!/bin/bash
# Written for memcgsim's conformance suite (issue 15 item 3): how /proc/meminfo and
# /proc/vmstat move over a small workload. Absolute values depend on the guest's boot,
# so every line is printed as its delta (after - before): meminfo in kB, vmstat in its
# units (pages, kB for nr_kernel_stack, events). The workload, started in the working
# directory (the scratch ext4 disk in the oracle's guest):
#   anon memory: tail buffering 16 MiB of newline-free input, kept alive by a sleep
#                that holds the pipe open (the sleeping task);
#   a tmpfs file: 8 MiB written to /tmp (tmpfs);
#   many small files: 400 files of one line each in ./memviews (ext4), synced;
#   failed lookups: 2000 stat()s of names that do not exist in / .
# Then the /proc/slabinfo caches whose objects or slabs moved ("slabinfo NAME objsize
# active_objs-delta num_slabs-delta"), to tell where Slab went.
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
slabs() { awk 'NR > 2 {print $1, $4, $2, $15}' /proc/slabinfo; }
s0=$(slabs); m0=$(cat /proc/meminfo); v0=$(cat /proc/vmstat)
{ head -c 16M /dev/zero; sleep 30; } | tail > /dev/null &
head -c 8M /dev/zero > /tmp/memviews.tmp
mkdir memviews
for ((i = 0; i < 400; i++)); do echo "$i" > memviews/f$i; done
sync
for ((i = 0; i < 2000; i++)); do [ -e /memviews-nope-$i ]; done
sleep 2
m1=$(cat /proc/meminfo); v1=$(cat /proc/vmstat); s1=$(slabs)
printf '%s\n==\n%s\n' "$m0" "$m1" | awk '$0 == "==" {after = 1; next}
  !after {v[$1] = $2; next} {print "meminfo", $1, $2 - v[$1]}'
printf '%s\n==\n%s\n' "$v0" "$v1" | awk '$0 == "==" {after = 1; next}
  !after {v[$1] = $2; next} {print "vmstat", $1, $2 - v[$1]}'
printf '%s\n==\n%s\n' "$s0" "$s1" | awk '$0 == "==" {after = 1; next}
  !after {a[$1] = $3; s[$1] = $4; next}
  $3 != a[$1] || $4 != s[$1] {print "slabinfo", $1, $2, $3 - a[$1], $4 - s[$1]}'
kill %1 2>/dev/null; wait
rm -rf memviews /tmp/memviews.tmp
