#!/bin/bash
# Written for memcgsim's conformance suite (session 43, novel43; cgroup v1): an old
# runtime reusing a container's cgroup moves the container's long-lived helper out to
# a service cgroup (move_charge_at_immigrate 0: its charges stay behind), empties the
# old cgroup with memory.force_empty and removes it. The helper (a tail buffering 8
# MiB) had been squeezed into swap under old's 4M limit. force_empty
# (mem_cgroup_force_empty: try_to_free_mem_cgroup_pages until the usage is 0, giving
# up after MAX_RECLAIM_RETRIES passes without progress) writes the rest of its pages
# to swap too (reclaim takes pages by their memcg, not their task's), but every swap
# entry keeps old's memsw charge and its ID (swap_cgroup's record,
# mem_cgroup_swapout): after the rmdir old stays counted in /proc/cgroups, dying,
# until the helper exits and its entries are freed (those the per-CPU swap slot caches
# hold until swapoff drains them). Sizes in MiB.
M=/sys/fs/cgroup/memory
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
n0=$(awk '$1 == "memory" {print $3}' /proc/cgroups)
mkdir $M/old $M/svc
echo 4M > $M/old/memory.limit_in_bytes
st() { awk -v k=$2 '$1 == k {print int($2 / 1048576)}' $M/$1/memory.stat; }
use() { echo $(( $(cat $M/$1/memory.$2) / MB )); }
show() { echo "$1: old usage $(use old usage_in_bytes) memsw $(use old memsw.usage_in_bytes) rss $(st old rss) swap $(st old swap); svc usage $(use svc usage_in_bytes) tasks $(wc -l < $M/svc/tasks)"; }
cgs() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
( echo $BASHPID > $M/old/cgroup.procs
  { head -c 8M /dev/zero; sleep 1000; } | tail > /dev/null ) &
held() { echo $(( $(awk '$1 == "rss" || $1 == "swap" {n += $2} END {print n}' $M/old/memory.stat) )); }
n=0; while [ $(held) -lt $((8 * MB)) ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
sleep 1
show filled
for p in $(cat $M/old/cgroup.procs); do echo $p > $M/svc/cgroup.procs; done
show moved
echo 0 > $M/old/memory.force_empty; echo "force_empty: $?"
show emptied
rmdir $M/old; echo "rmdir: $?"
echo "after rmdir: memory cgroups $(( $(cgs) - n0 ))"
{ kill -9 $(cat $M/svc/cgroup.procs); wait; sleep 1
  echo "helper gone: memory cgroups $(( $(cgs) - n0 )) svc usage < 1M $(( $(cat $M/svc/memory.usage_in_bytes) < MB ))"; } 2>/dev/null
swapoff swapfile; echo "swapoff: $?"
sleep 1
echo "after swapoff: memory cgroups $(( $(cgs) - n0 ))"
rmdir $M/svc; echo "rmdir svc: $?"
rm -f swapfile
