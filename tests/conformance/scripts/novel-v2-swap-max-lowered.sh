#!/bin/bash
# Written for memcgsim's conformance suite (session 41, novel41; cgroup v2): `docker
# update --memory-swap` lowering a running container's memory.swap.max below what it
# has already swapped. The container (memory.max 6M, memory.swap.max 32M) runs a tool
# that buffers 12 MiB (tail of a stream without newlines): about half goes to a swap
# file. memory.swap.max is then lowered to 2M: swap_max_write only sets the counter's
# max (nothing is swapped in, swap.current stays above it). The producer then sends 4
# MiB more: every swap-out now fails its charge (__mem_cgroup_try_charge_swap:
# MEMCG_SWAP_MAX, the page stays), the reclaim makes no progress and the OOM killer
# takes the tail; its exit frees its swap. Sizes in MiB.
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=40 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
mkdir $C/ctr; echo 6M > $C/ctr/memory.max; echo 32M > $C/ctr/memory.swap.max
mib() { echo $(( $(cat $C/ctr/memory.$1) / MB )); }
ev() { awk -v k=$2 '$1 == k {print $2}' $C/ctr/memory.$1; }
mkfifo go
( echo $BASHPID > $C/ctr/cgroup.procs
  { head -c 12M /dev/zero; read x < go; head -c 4M /dev/zero; } | tail > /dev/null
  echo "pipeline: ${PIPESTATUS[*]}" ) &
w=$!
n=0; while [ $(cat $C/ctr/memory.swap.current) -lt $((5 * MB)) ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
sleep 2
echo "filled: current $(mib current) swap $(mib swap.current) swap max events $(ev swap.events max) oom_kill $(ev events oom_kill)"
echo 2M > $C/ctr/memory.swap.max; echo "swap.max 2M: $?"
echo "lowered: swap $(mib swap.current) swap.max $(( $(cat $C/ctr/memory.swap.max) / MB )) swap max events $(ev swap.events max)"
echo > go
wait $w
echo "after: oom $(ev events oom) oom_kill $(ev events oom_kill) swap max events > 0: $(( $(ev swap.events max) > 0 ))"
echo "current < 1M: $(( $(cat $C/ctr/memory.current) < MB )) swap $(cat $C/ctr/memory.swap.current)"
awk 'NR > 1 {print "swap used KiB", $4}' /proc/swaps
rmdir $C/ctr; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $?"
rm -f swapfile go
