#!/bin/bash
# Written for memcgsim's conformance suite (session 17, docs/fidelity.md item 47): swap-in
# of a job's anon memory after reclaim under a limit, v1 or v2. A 16 MB bash string is
# made under an 8M limit (most of it swapped out), the limit lifted, then the string read
# whole (a read fault on each swapped page: do_swap_page -> swapin_readahead, which reads
# the entry's neighbours too, page-cluster 3, into the swap cache) and then the job
# sleeps. Printed: pswpin/pswpout growth in pages, /proc/meminfo SwapCached, the job's
# anon and swap.
C=/sys/fs/cgroup
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=64 2>/dev/null
chmod 600 swapfile
mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
if [ -e $C/cgroup.controllers ]; then
  echo +memory > $C/cgroup.subtree_control
  G=$C/job; LIM=memory.max
  swp() { echo "swap>=1M $(( $(cat $G/memory.swap.current) >= MB ))"; }
else
  G=$C/memory/job; LIM=memory.limit_in_bytes
  swp() { echo "swap>=1M $(( $(awk '$1 == "swap" {print $2}' $G/memory.stat) >= MB ))"; }
fi
vm() { awk -v k=$1 '$1 == k {print $2}' /proc/vmstat; }
sc() { awk '$1 == "SwapCached:" {print $2}' /proc/meminfo; }
anon() { awk '$1 == "anon" || $1 == "rss" {print $2}' $G/memory.stat; }
mkdir $G; mkfifo fifo
echo 8M > $G/$LIM
in0=$(vm pswpin); out0=$(vm pswpout)
( echo $BASHPID > $G/cgroup.procs; printf -v x '%*s' 16000000 ''; : > ready; read < fifo
  y=${#x}; [ "$x" = "" ]; : > read; sleep 3600 ) &
job=$!
for i in $(seq 900); do [ -e ready ] && break; sleep 0.2; done
echo "made: pswpout>=1000 $(( $(vm pswpout) - out0 >= 1000 )) anon<=8M $(( $(anon) <= 8 * MB )) $(swp) SwapCached $(sc)"
in1=$(vm pswpin)
echo max > $G/$LIM 2>/dev/null || echo -1 > $G/$LIM
echo go > fifo
for i in $(seq 900); do [ -e read ] && break; sleep 0.2; done
sleep 1
echo "read: pswpin $(( $(vm pswpin) - in1 )) SwapCached $(sc) anon $(anon) $(swp)"
kill $job; wait $job 2>/dev/null
sleep 1
echo "killed: SwapCached $(sc)"
rm -f ready read fifo
rmdir $G; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $? SwapCached $(sc)"
rm swapfile
