#!/bin/bash
# Written for memcgsim's conformance suite (session 42, novel42; cgroup v2): a swap
# quota on a slice, not on its services (systemd's MemorySwapMax= on a .slice): two
# containers under it (memory.max 5M each, no swap limit of their own) each run a
# tool buffering 8 MiB, one after the other. The first swaps what it needs within the
# slice's 4M; the second's swap-outs then fail at the slice's counter
# (__mem_cgroup_try_charge_swap: page_counter_try_charge up the tree fails at the
# slice; MEMCG_SWAP_MAX and MEMCG_SWAP_FAIL counted at the charging container and,
# memcg_memory_event, at each ancestor), so its reclaim cannot swap and its OOM
# killer takes it. The slice's tasks are then killed. Sizes in MiB.
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
S=$C/batch.slice; mkdir $S; echo 4M > $S/memory.swap.max
echo +memory > $S/cgroup.subtree_control
mib() { echo $(( $(cat $1/memory.$2) / MB )); }
sev() { awk -v k=$2 '$1 == k {print $2}' $1/memory.swap.events; }
ev() { awk -v k=$2 '$1 == k {print $2}' $1/memory.events; }
for c in a b; do
  mkdir $S/$c; echo 5M > $S/$c/memory.max
  ( echo $BASHPID > $S/$c/cgroup.procs
    { head -c 8M /dev/zero; sleep 1000; } | tail > /dev/null ) &
  n=0
  while [ $(ev $S/$c oom_kill) -eq 0 ] && [ $(( $(awk '$1 == "anon" {print $2}' $S/$c/memory.stat) + $(cat $S/$c/memory.swap.current) )) -lt $((8 * MB)) ] && [ $n -lt 120 ]; do
    sleep 0.5; n=$((n + 1))
  done
  sleep 1
  echo "$c: swap $(mib $S/$c swap.current) slice swap $(mib $S swap.current) oom_kill $(ev $S/$c oom_kill) swap max>0 $(( $(sev $S/$c max) > 0 )) fail>0 $(( $(sev $S/$c fail) > 0 ))"
done
echo "slice: swap.events max>0 $(( $(sev $S max) > 0 )) oom_kill $(ev $S oom_kill)"
kill -9 $(cat $S/a/cgroup.procs $S/b/cgroup.procs)
wait 2>/dev/null
echo "after: slice swap < 1M: $(( $(cat $S/memory.swap.current) < MB ))"
rmdir $S/a $S/b $S; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $?"
rm -f swapfile
