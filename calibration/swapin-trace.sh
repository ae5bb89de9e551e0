#!/bin/bash
# Swap-in by read faults, swap readahead and the swap cache, step by step (session 18,
# docs/fidelity.md item 51; kernel/swapfile.py). Run on both kernels:
#   memcgsim oracle calibration/swapin-trace.sh --kernel 5.10 --cgroup v2
#   memcgsim oracle calibration/swapin-trace.sh --kernel 6.1 --cgroup v2
# The job of tests/conformance/scripts/readahead-swapin.sh (a 16 MB bash string made
# under memory.max 8M), its reads split: ${#x} (strlen: a read of every page), then
# "$x" expanded (read again, copied), then exec. Each step prints the /proc/vmstat
# growth of pswpin, pswpout, pgmajfault, swap_ra, swap_ra_hit, /proc/meminfo
# SwapCached (kB), the job's memory.stat anon and swapcached (6.1) and swap.current.
C=/sys/fs/cgroup
for d in /sys/block/*; do echo "$(basename $d) rotational $(cat $d/queue/rotational)"; done
echo "vma_ra_enabled $(cat /sys/kernel/mm/swap/vma_ra_enabled) page-cluster $(cat /proc/sys/vm/page-cluster) swappiness $(cat /proc/sys/vm/swappiness)"
df -P . | tail -1 | awk '{print "cwd on", $1}'
dd if=/dev/zero of=swapfile bs=1M count=64 2>/dev/null
chmod 600 swapfile
mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
G=$C/job
mkdir $G; mkfifo fifo
echo 8M > $G/memory.max
v() { awk -v k=$1 '$1 == k {print $2}' /proc/vmstat; }
st() { awk -v k=$1 '$1 == k {print $2}' $G/memory.stat; }
sc() { awk '$1 == "SwapCached:" {print $2}' /proc/meminfo; }
K="pswpin pswpout pgmajfault swap_ra swap_ra_hit"
declare -A b
for k in $K; do b[$k]=$(v $k); done
show() {
  local s="$1:"
  for k in $K; do s="$s $k $(( $(v $k) - ${b[$k]} ))"; b[$k]=$(v $k); done
  echo "$s SwapCached $(sc) anon $(st anon) swapcached $(st swapcached) swap.current $(cat $G/memory.swap.current) current $(cat $G/memory.current)"
}
( echo $BASHPID > $G/cgroup.procs; printf -v x '%*s' 16000000 ''; : > ready; read < fifo
  y=${#x}; : > r1; read < fifo; [ "$x" = "" ]; : > r2; read < fifo; sleep 3600 ) &
job=$!
w() { for i in $(seq 900); do [ -e $1 ] && break; sleep 0.2; done; sleep 1; }
w ready; show made
echo max > $G/memory.max
show lifted
echo go > fifo; w r1; show strlen
echo go > fifo; w r2; show expand
echo go > fifo; sleep 2; show exec
kill $job; wait $job 2>/dev/null; sleep 1; show killed
rm -f ready r1 r2 fifo
rmdir $G; echo "rmdir: $?"
swapoff swapfile; echo "swapoff: $?"; show swapoff
rm swapfile
