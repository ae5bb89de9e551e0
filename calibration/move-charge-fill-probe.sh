#!/bin/bash
# calibration/move-charge-fill-probe.sh (session 41, novel41; docs/fidelity.md item 368):
# novel-v1-move-charge-swapped's fill (a tail buffering 12 MiB in a v1 memcg with limit
# 6M, memsw 32M, a swap file) twice, /proc/vmstat's THP counters and the memcg's usage
# and swap around each: whether khugepaged's collapses (thp_collapse_alloc) come with
# the usage the 6.1 guest read far under the limit (2 MiB, 9-10 MiB swapped).
#   memcgsim oracle --kernel 6.1 --cgroup v1 calibration/move-charge-fill-probe.sh
# Its output: calibration/recordings/move-charge-fill-probe--K-v1.txt
M=/sys/fs/cgroup/memory
MB=$((1 << 20))
dd if=/dev/zero of=swapfile bs=1M count=40 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile
thp() { grep -E '^thp_(fault_alloc|collapse_alloc|swpout|swpout_fallback|split_page) |^pswpout ' /proc/vmstat | tr '\n' ' '; echo; }
st() { awk -v k=$1 '$1 == k {print int($2 / 1048576)}' $M/old/memory.stat; }
for i in 1 2; do
  mkdir $M/old
  echo 6M > $M/old/memory.limit_in_bytes; echo 32M > $M/old/memory.memsw.limit_in_bytes
  thp
  s=$EPOCHREALTIME
  ( echo $BASHPID > $M/old/cgroup.procs; head -c 12M /dev/zero | { tail; echo "tail: $?" >&2; } > /dev/null ) 2>&1 &
  n=0; while [ $(st swap) -lt 6 ] && [ $n -lt 240 ]; do
    sleep 0.5; n=$((n + 1))
    [ $((n % 4)) = 0 ] && echo "t+$((n / 2))s rss $(st rss) rss_huge $(st rss_huge) swap $(st swap) usage $(( $(cat $M/old/memory.usage_in_bytes) / MB ))"
  done
  sleep 2
  echo "run $i filled after $n polls: rss $(st rss) rss_huge $(st rss_huge) swap $(st swap) usage $(( $(cat $M/old/memory.usage_in_bytes) / MB ))"
  thp
  wait
  echo "run $i took $EPOCHREALTIME - $s"
  rmdir $M/old
done
swapoff swapfile; rm -f swapfile
