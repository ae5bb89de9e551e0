#!/bin/bash
# calibration/thp-swap-fail-probe.sh (session 40, novel40; docs/fidelity.md item 325):
# novel-v2-swap-slots-rmdir's job (tail buffering 16 MiB under memory.max 6M with a swap
# file) four times on the 6.1 guest, cgroup v2, /proc/vmstat's THP counters around each:
# khugepaged's collapses (thp_collapse_alloc) of the buffer, then reclaim's whole-THP
# swap attempt failing on a file's area (thp_swpout_fallback, swap.events fail).
#   memcgsim oracle --kernel 6.1 --cgroup v2 calibration/thp-swap-fail-probe.sh
# Its output: calibration/recordings/thp-swap-fail-probe--6.1-v2.txt
C=/sys/fs/cgroup
B=$C/batch
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile
cat /sys/kernel/mm/transparent_hugepage/enabled /sys/kernel/mm/transparent_hugepage/khugepaged/scan_sleep_millisecs
echo +memory > $C/cgroup.subtree_control
mkdir $B; echo +memory > $B/cgroup.subtree_control
mkdir $B/job1; echo 6M > $B/job1/memory.max
thp() { grep -E '^thp_(fault_alloc|collapse_alloc|swpout|swpout_fallback|split_page) ' /proc/vmstat | tr '\n' ' '; echo; }
thp
s=$EPOCHREALTIME
( echo $BASHPID > $B/job1/cgroup.procs; head -c 16M /dev/zero | tail > /dev/null; echo "job1: ${PIPESTATUS[*]}" )
echo "job1 took $EPOCHREALTIME - $s"
thp
echo "job1 swap events: $(tr '\n' ' ' < $B/job1/memory.swap.events)"
grep -E '^thp|anon_thp' $B/job1/memory.stat | tr '\n' ' '; echo
for i in 1 2 3; do
( echo $BASHPID > $B/job1/cgroup.procs; head -c 16M /dev/zero | tail > /dev/null; echo "job1: ${PIPESTATUS[*]}" )
thp; echo "swap events: $(tr '\n' ' ' < $B/job1/memory.swap.events)"
done
swapoff swapfile
