#!/bin/bash
# Written for memcgsim's conformance suite (session 39, novel39; cgroup v2): what a
# finished batch job's swap leaves in its parent. A job in batch/job1 (memory.max 6M)
# buffers 16 MiB (tail of a stream without newlines) and swaps the excess to a swap
# file; it ends, its entries are freed. A freed entry goes to the CPU's swap slot
# cache first (mm/swap_slots.c free_swap_slot: up to SWAP_SLOTS_CACHE_SIZE 64 a CPU,
# still charged until swapcache_free_entries → mem_cgroup_uncharge_swap), so the job's
# and batch's memory.swap.current may read a few pages after the exit; the removed
# job's memcg is held by those entries' memcg ID references (mem_cgroup_swapout →
# mem_cgroup_id_get_many) and counts in nr_dying_descendants until swapoff drains
# the caches.
C=/sys/fs/cgroup
B=$C/batch
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
mkdir $B; echo +memory > $B/cgroup.subtree_control
mkdir $B/job1; echo 6M > $B/job1/memory.max
used() { awk 'NR > 1 {print $4}' /proc/swaps; }
dying() { awk '$1 == "nr_dying_descendants" {print $2}' $B/cgroup.stat; }
out() { awk '$1 == "pswpout" {print $2}' /proc/vmstat; }
o=$(out)
( echo $BASHPID > $B/job1/cgroup.procs; head -c 16M /dev/zero | tail > /dev/null; echo "job1: ${PIPESTATUS[*]}" )
echo "swapped out MiB >= 8: $(( ($(out) - o) * 4096 >= 8 << 20 ))"
echo "after job1: swap.current $(cat $B/job1/memory.swap.current), batch $(cat $B/memory.swap.current), swaps used KiB $(used)"
echo "job1 swap events: $(tr '\n' ' ' < $B/job1/memory.swap.events)"
rmdir $B/job1; echo "rmdir job1: $?"
sleep 1
echo "after rmdir: batch swap.current $(cat $B/memory.swap.current), dying $(dying)"
mkdir $B/job2; echo 6M > $B/job2/memory.max
( echo $BASHPID > $B/job2/cgroup.procs; head -c 12M /dev/zero | tail > /dev/null; echo "job2: ${PIPESTATUS[*]}" )
echo "after job2: swap.current $(cat $B/job2/memory.swap.current), batch $(cat $B/memory.swap.current), swaps used KiB $(used)"
swapoff swapfile; echo "swapoff: $?"
sleep 1
echo "after swapoff: batch swap.current $(cat $B/memory.swap.current), dying $(dying), swaps lines $(wc -l < /proc/swaps)"
rmdir $B/job2 $B; echo "rmdir: $?"
rm -f swapfile
