#!/bin/bash
# Written for memcgsim's conformance suite (session 41, novel41; cgroup v2): a
# proactive-reclaim agent (senpai/TMO style) asks a service's cgroup to give memory
# back with memory.reclaim (v5.19: 6.1 only; on 5.10 the file does not exist and
# the write fails, EACCES). The service holds 8 MiB of anon (a tail buffering its
# input) and 8 MiB of clean ext4 page cache, with a swap file on and no limit. The
# agent asks for 4M three times (memory_reclaim → try_to_free_mem_cgroup_pages with
# MEMCG_RECLAIM_MAY_SWAP: get_scan_count splits each pass between file and anon by
# swappiness and the LRUs' costs), then for 64M, more than there is: all of the
# file cache and anon goes (the anon to swap), then -EAGAIN after
# MAX_RECLAIM_RETRIES passes without progress. Sizes in MiB.
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=40 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
mkdir $C/svc
head -c 8M /dev/zero > data; sync; echo 1 > /proc/sys/vm/drop_caches
st() { awk -v k=$1 '$1 == k {print int($2 / 1048576)}' $C/svc/memory.stat; }
show() { echo "$1: current $(( $(cat $C/svc/memory.current) / MB )) anon $(st anon) file $(st file) swap $(( $(cat $C/svc/memory.swap.current) / MB ))"; }
mkfifo go
( echo $BASHPID > $C/svc/cgroup.procs; cat data > /dev/null
  { head -c 8M /dev/zero; read x < go; } | tail > /dev/null ) &
w=$!
n=0; while [ $(st anon) -lt 8 ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
sleep 1
show "service"
for i in 1 2 3; do
  m=$( { echo 4M > $C/svc/memory.reclaim; } 2>&1 ); echo "reclaim 4M: $? ${m##*: }"
  show "step $i"
done
m=$( { echo 64M > $C/svc/memory.reclaim; } 2>&1 ); echo "reclaim 64M: $? ${m##*: }"
show "all"
echo "pswpout MiB >= 7: $(( $(awk '$1 == "pswpout" {print $2}' /proc/vmstat) * 4096 >= 7 * MB ))"
echo > go; wait $w
show "service ended"
rmdir $C/svc; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $?"
rm -f swapfile go data
