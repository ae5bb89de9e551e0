#!/bin/bash
# Written for memcgsim's conformance suite (session 16, cgroup v2): a swap file on the
# scratch ext4 disk, a job's anon memory pushed to it under memory.max, the job removed
# while its pages sit in swap. A swapped-out page's entry records its memcg's ID
# (swap_cgroup_record) and holds an ID reference (__mem_cgroup_try_charge_swap), so
# the removed memcg stays dying until swapoff reads the pages back in, charged to the
# faulting side (the recorded memcg is offline: get_mem_cgroup_from_mm(NULL): the root
# on 5.10, current's memcg on 6.1, the root here too). Its page tables pin it besides
# on 5.10 (kmem pages hold the css before v5.13), not on 6.1 (obj_cgroup). Then a
# dying child's pages swapped out by its parent's memory.max 0: the swap is charged to
# the nearest online ancestor (mem_cgroup_id_get_online), so they no longer pin the
# child (its page tables still do on 5.10).
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=64 2>/dev/null
chmod 600 swapfile
mkswap swapfile > /dev/null; echo "mkswap: $?"
swapon swapfile; echo "swapon: $?"
swapon swapfile 2>/dev/null; echo "swapon again: $?"
swaps() { tail -n +2 /proc/swaps | wc -l; }
used_kb() { awk 'NR > 1 {u += $4} END {print u + 0}' /proc/swaps; }
vm() { awk -v k=$1 '$1 == k {print $2}' /proc/vmstat; }
head -1 /proc/swaps | tr -s '\t' ' '
awk 'NR > 1 {print $2, $3, $4, $5}' /proc/swaps
grep -E '^Swap(Total|Free)' /proc/meminfo | tr -s ' '
echo +memory > $C/cgroup.subtree_control
mkdir $C/job
for f in max high current; do echo "memory.swap.$f: $(cat $C/job/memory.swap.$f)"; done
cat $C/job/memory.swap.events | tr '\n' ' '; echo
echo 8M > $C/job/memory.max
out0=$(vm pswpout)
( echo $BASHPID > $C/job/cgroup.procs; printf -v x '%*s' 16000000 ''; : > ready; sleep 3600; : ) &
holder=$!
for i in $(seq 900); do [ -e ready ] && break; sleep 0.2; done; rm -f ready
cur=$(cat $C/job/memory.current)
sw=$(cat $C/job/memory.swap.current)
echo "holding: current <= 8M $((cur <= 8 * MB)), swap.current >= 6M $((sw >= 6 * MB)), both >= 15M $((cur + sw >= 15 * MB))"
echo "pswpout pages >= swap.current $(( ($(vm pswpout) - out0) * 4096 >= sw )), /proc/swaps used >= swap.current $(( $(used_kb) * 1024 >= sw ))"
grep -E '^(oom|oom_kill) ' $C/job/memory.events | tr '\n' ' '; echo
echo "swap.events max: $(awk '$1 == "max" {print $2}' $C/job/memory.swap.events)"
for p in $(cat $C/job/cgroup.procs); do echo $p > $C/cgroup.procs; done
echo "job empty: $(wc -l < $C/job/cgroup.procs)"
echo 0 > $C/job/memory.max; echo "memory.max 0: $?"
cur=$(cat $C/job/memory.current)
sw2=$(cat $C/job/memory.swap.current)
echo "all out: current < 1M $((cur < MB)), anon < 64K $(( $(awk '$1 == "anon" {print $2}' $C/job/memory.stat) < 65536 )), swap grew $((sw2 > sw)), oom events > 0 $(( $(awk '$1 == "oom" {print $2}' $C/job/memory.events) > 0 ))"
before=$(used_kb)
rmdir $C/job; echo "rmdir: $?"
sleep 1
echo "after rmdir: $(grep nr_dying $C/cgroup.stat)"
echo "swap still used: $(( $(used_kb) >= before ))"
swapoff swapfile; echo "swapoff: $?"
sleep 1
echo "after swapoff: $(grep nr_dying $C/cgroup.stat)"
echo "swaps listed: $(swaps)"
grep -E '^Swap(Total|Free)' /proc/meminfo | tr -s ' '
kill $holder; wait $holder 2>/dev/null
sleep 1
echo "after the kill: $(grep nr_dying $C/cgroup.stat)"
swapon swapfile; echo "swapon: $?"
awk 'NR > 1 {print $2, $3, $4, $5}' /proc/swaps
mkdir $C/p; echo +memory > $C/p/cgroup.subtree_control; mkdir $C/p/c
( echo $BASHPID > $C/p/c/cgroup.procs; printf -v x '%*s' 6000000 ''; : > ready; sleep 3600; : ) &
holder=$!
for i in $(seq 900); do [ -e ready ] && break; sleep 0.2; done; rm -f ready
for p in $(cat $C/p/c/cgroup.procs); do echo $p > $C/cgroup.procs; done
rmdir $C/p/c; echo "rmdir p/c: $?"
cur=$(cat $C/p/memory.current)
echo "p: current >= 5M $((cur >= 5 * MB)), swap.current $(cat $C/p/memory.swap.current)"
echo "p after rmdir p/c: $(grep nr_dying $C/p/cgroup.stat)"
echo 0 > $C/p/memory.max; echo "p memory.max 0: $?"
sleep 1
cur=$(cat $C/p/memory.current)
sw=$(cat $C/p/memory.swap.current)
echo "p: current < 1M $((cur < MB)), swap.current >= 5M $((sw >= 5 * MB)), oom events > 0 $(( $(awk '$1 == "oom" {print $2}' $C/p/memory.events) > 0 ))"
echo "p after memory.max 0: $(grep nr_dying $C/p/cgroup.stat)"
kill $holder; wait $holder 2>/dev/null
sleep 1
echo "after the holder: p swap.current $(cat $C/p/memory.swap.current), /proc/swaps used $(used_kb)"
echo "p after the kill: $(grep nr_dying $C/p/cgroup.stat)"
rmdir $C/p; echo "rmdir p: $?"
swapoff swapfile; echo "swapoff: $?"
