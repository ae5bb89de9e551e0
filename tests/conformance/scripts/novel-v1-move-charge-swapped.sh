#!/bin/bash
# Written for memcgsim's conformance suite (session 41, novel41; cgroup v1): an old
# v1 manager (lxc's cgroupfs driver with move_charge) moves a process that has
# already swapped half of its memory from one container to another. "old" (limit
# 6M, memsw 32M) runs a tail buffering 12 MiB: about half of it goes to a swap file,
# the swap charge staying on old's memsw. "new" has memory.move_charge_at_immigrate 1
# (anon): mem_cgroup_can_attach precharges new for every anon page the task maps and
# every swap entry in its page tables (mc_handle_swap_pte: MC_TARGET_SWAP, memsw
# accounting on), mem_cgroup_move_charge moves the pages' charge and the entries'
# (mem_cgroup_move_swap_account: swap_cgroup's record), __mem_cgroup_clear_mc takes
# the moved entries off old's memsw and off new's memory counter (swap pays memsw
# only). Per step, each container's rss, swap, usage and memsw usage in MiB.
M=/sys/fs/cgroup/memory
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=40 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
mkdir $M/old $M/new
echo 6M > $M/old/memory.limit_in_bytes; echo 32M > $M/old/memory.memsw.limit_in_bytes
echo 16M > $M/new/memory.limit_in_bytes; echo 32M > $M/new/memory.memsw.limit_in_bytes
st() { awk -v k=$2 '$1 == k {print int($2 / 1048576)}' $M/$1/memory.stat; }
show() { local c; for c in old new; do echo "$1 $c: rss $(st $c rss) rss_huge $(st $c rss_huge) swap $(st $c swap) usage $(( $(cat $M/$c/memory.usage_in_bytes) / MB )) memsw $(( $(cat $M/$c/memory.memsw.usage_in_bytes) / MB )) tasks $(wc -l < $M/$c/tasks)"; done; }
mkfifo in go
( echo $BASHPID > $M/old/cgroup.procs; exec tail < in > /dev/null ) & t=$!
( echo $BASHPID > $M/old/cgroup.procs; { head -c 12M /dev/zero; : > filled; read x < go; } > in ) & p=$!
n=0; while [ ! -e filled ] && [ $n -lt 240 ]; do sleep 0.5; n=$((n + 1)); done
sleep 2
show "filled"
echo 1 > $M/new/memory.move_charge_at_immigrate
echo $t > $M/new/cgroup.procs; echo "move tail: $?"
show "moved"
echo "old failcnt > 0: $(( $(cat $M/old/memory.failcnt) > 0 )) new failcnt: $(cat $M/new/memory.failcnt)"
echo > go; wait $t; echo "tail: $?"; wait $p
show "ended"
awk 'NR > 1 {print "swap used KiB", $4}' /proc/swaps
rmdir $M/old $M/new; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $?"
rm -f swapfile in go filled
