#!/bin/bash
# Written for memcgsim's conformance suite (session 38, novel38; cgroup v2): a
# container runtime's swap quota. A swap file is turned on; a container gets
# memory.max 8M and memory.swap.max 4M and a tool that buffers 24 MiB (tail of a
# stream without newlines): it fills its memory, swaps up to the quota (a page
# whose swap charge fails stays in memory: mem_cgroup_try_charge_swap →
# MEMCG_SWAP_MAX, MEMCG_SWAP_FAIL), then is OOM-killed; its swap goes at its exit.
# The same with memory.swap.max raised to max: it completes with 16 MiB swapped.
# 6.1's memory.zswap.* files (v5.19+; zswap off on Debian's build), absent on 5.10.
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=40 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
mkdir $C/ctr
echo 8M > $C/ctr/memory.max
echo 4M > $C/ctr/memory.swap.max
echo "ctr: max $(cat $C/ctr/memory.max) swap.max $(cat $C/ctr/memory.swap.max) swap.high $(cat $C/ctr/memory.swap.high 2>/dev/null || echo none)"
echo "zswap: $(cat $C/ctr/memory.zswap.current 2>/dev/null || echo none) $(cat $C/ctr/memory.zswap.max 2>/dev/null || echo none)"
sw() { awk -v k=$1 '$1 == k {print $2}' $C/ctr/memory.swap.events; }
ev() { awk -v k=$1 '$1 == k {print $2}' $C/ctr/memory.events; }
( echo $BASHPID > $C/ctr/cgroup.procs; head -c 24M /dev/zero | tail > /dev/null
  echo "pipeline: ${PIPESTATUS[*]}" )
echo "oom_kill $(ev oom_kill), swap.events max > 0: $(( $(sw max) > 0 )), fail > 0: $(( $(sw fail) > 0 ))"
echo "after the kill: current < 1M $(( $(cat $C/ctr/memory.current) < MB )), swap.current $(cat $C/ctr/memory.swap.current)"
echo max > $C/ctr/memory.swap.max
( echo $BASHPID > $C/ctr/cgroup.procs; head -c 24M /dev/zero | tail > /dev/null
  echo "pipeline: ${PIPESTATUS[*]}" )
echo "oom_kill $(ev oom_kill), memory.events max > 0: $(( $(ev max) > 0 ))"
echo "swap.current after $(cat $C/ctr/memory.swap.current)"
echo "pswpout MiB >= 16: $(( $(awk '$1 == "pswpout" {print $2}' /proc/vmstat) * 4096 >= 16 * MB ))"
awk 'NR > 1 {print "swap used KiB", $4}' /proc/swaps
rmdir $C/ctr; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $?"
rm -f swapfile
