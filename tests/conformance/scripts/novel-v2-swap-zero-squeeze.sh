#!/bin/bash
# Written for memcgsim's conformance suite (session 40, novel40; cgroup v2): a runtime
# lowers memory.max on two running containers (docker update), each with three
# workers holding 3 MiB (a tail buffering its input until the producer's sleep ends).
# ctr-a has memory.swap.max 0: reclaim may not swap its anon (mem_cgroup_get_nr_swap_pages
# → 0, get_scan_count scans file only), memory_max_write's retries fail and the OOM
# killer ends workers until the rest fits; ctr-b may swap: its workers go to the swap
# file and all finish. swap.events counts nothing on ctr-a (its anon never tried)
# nor on ctr-b but for a THP tried whole (a fail each: docs/fidelity.md item 329; the
# slow guests' from khugepaged), and the write counts no max (memory_max_write reclaims
# without MEMCG_MAX). The script waits until the buffers are full; the workers'
# statuses are printed in order after they end; the OOM count is the victim-exit
# race (docs/fidelity.md items 158, 190): whether it is above 0.
C=/sys/fs/cgroup
exec 2>/dev/null
dd if=/dev/zero of=swapfile bs=1M count=32
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
for c in a b; do mkdir $C/ctr-$c; echo 16M > $C/ctr-$c/memory.max; done
echo 0 > $C/ctr-a/memory.swap.max
for c in a b; do
  for w in 1 2 3; do
    ( echo $BASHPID > $C/ctr-$c/cgroup.procs; { head -c 3M /dev/zero; sleep 15; } | tail > /dev/null; echo "ctr-$c worker $w: ${PIPESTATUS[*]}" > st-$c$w ) &
  done
done
cur() { echo $(( $(cat $C/ctr-$1/memory.current) >> 20 )); }
# until the six buffers are full (the slow guests take seconds to start them)
for ((i = 0; i < 100; i++)); do
  [ "$(cur a)" -ge 9 ] && [ "$(cur b)" -ge 9 ] && break
  sleep 0.2
done
sleep 2     # the tails read the last of their pipes (up to 64 KiB each) meanwhile
echo "before: ctr-a MiB $(cur a) ctr-b MiB $(cur b)"
echo 6M > $C/ctr-a/memory.max; echo "ctr-a max 6M: $?"
echo 6M > $C/ctr-b/memory.max; echo "ctr-b max 6M: $?"
for c in a b; do
  echo "ctr-$c: current<=6M $(( $(cat $C/ctr-$c/memory.current) <= 6 << 20 )) swap MiB $(( $(cat $C/ctr-$c/memory.swap.current) >> 20 )) $(awk '$1 ~ /^(max|oom)$/ {printf "%s>0 %d ", $1, ($2 > 0)}' $C/ctr-$c/memory.events)$(grep -E '^oom_kill ' $C/ctr-$c/memory.events) swap: $(tr '\n' ' ' < $C/ctr-$c/memory.swap.events)"
done
wait
cat st-a1 st-a2 st-a3 st-b1 st-b2 st-b3; rm -f st-*
echo "ctr-a tasks: $(wc -l < $C/ctr-a/cgroup.procs) ctr-b tasks: $(wc -l < $C/ctr-b/cgroup.procs)"
swapoff swapfile; echo "swapoff: $?"
rmdir $C/ctr-a $C/ctr-b; echo "rmdir: $?"
rm -f swapfile
