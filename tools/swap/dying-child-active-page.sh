#!/bin/bash
# The probe behind docs/fidelity.md item 40 (6.1: one anon page of the holder left on a
# dying child's active list after its parent's memory.max 0). Run:
#   memcgsim oracle tools/swap/dying-child-active-page.sh --kernel 6.1 --cgroup v2
# Its 6.1.192 output is in dying-child-active-page--6.1.txt.
C=/sys/fs/cgroup
dd if=/dev/zero of=swapfile bs=1M count=64 2>/dev/null
chmod 600 swapfile
mkswap swapfile > /dev/null
swapon swapfile
echo +memory > $C/cgroup.subtree_control
mkdir $C/p; echo +memory > $C/p/cgroup.subtree_control; mkdir $C/p/c
( echo $BASHPID > $C/p/c/cgroup.procs; printf -v x '%*s' 6000000 ''; : > ready; sleep 3600; : ) &
holder=$!
for i in $(seq 900); do [ -e ready ] && break; sleep 0.2; done; rm -f ready
grep -E 'anon|swap|kernel|pagetables|slab |percpu|file ' $C/p/c/memory.stat | tr '\n' ' '; echo
for p in $(cat $C/p/c/cgroup.procs); do echo $p > $C/cgroup.procs; done
rmdir $C/p/c; echo "rmdir p/c: $?"
cat $C/p/memory.current
grep -E 'anon|swap|kernel|pagetables|slab |percpu|file ' $C/p/memory.stat | tr '\n' ' '; echo
echo 0 > $C/p/memory.max; echo "p memory.max 0: $?"
sleep 1
cat $C/p/memory.current
grep -E 'anon|swap|kernel|pagetables|slab |percpu|file ' $C/p/memory.stat | tr '\n' ' '; echo
grep nr_dying $C/p/cgroup.stat
echo 2 > /proc/sys/vm/drop_caches; sleep 1; grep nr_dying $C/p/cgroup.stat
grep -E 'Anon|Swap' /proc/$holder/status
grep -i thp /proc/vmstat | grep -v ' 0$'
cat /sys/kernel/mm/transparent_hugepage/enabled
kill -STOP $holder; echo max > $C/p/memory.max
sleep 1; grep nr_dying $C/p/cgroup.stat
