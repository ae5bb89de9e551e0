#!/bin/bash
# Written for memcgsim's conformance suite (session 9, cgroup v2): two jobs of one
# slice share its memory.max (20 MiB, as systemd's slices do). "x" reads a 16 MiB
# file, then "y" reads another 16 MiB: how much of x's page cache survives y's
# reads depends on how reclaim spreads over the slice's children (the kernel scans
# every memcg's LRU by its size >> priority, shrink_node_memcgs / get_scan_count).
# Then x reads its file again (refaults).
C=/sys/fs/cgroup
MB=$((1 << 20))
st() { awk -v k="$2" '$1 == k {v = $2} END {print v + 0}' $C/$1/memory.stat; }
mib() { echo $(( ($1 + MB / 2) / MB )); }
echo +memory > $C/cgroup.subtree_control
mkdir $C/slice
echo +memory > $C/slice/cgroup.subtree_control
mkdir $C/slice/x $C/slice/y
head -c 16M /dev/zero > fx
head -c 16M /dev/zero > fy
sync
echo 3 > /proc/sys/vm/drop_caches
echo 20M > $C/slice/memory.max
( echo $BASHPID > $C/slice/x/cgroup.procs; cat fx > /dev/null )
echo "x alone: x $(mib $(st slice/x file)) MiB"
( echo $BASHPID > $C/slice/y/cgroup.procs; cat fy > /dev/null )
echo "after y: x $(mib $(st slice/x file)) MiB y $(mib $(st slice/y file)) MiB slice $(mib $(cat $C/slice/memory.current)) MiB"
( echo $BASHPID > $C/slice/x/cgroup.procs; cat fx > /dev/null )
echo "x again: x $(mib $(st slice/x file)) MiB y $(mib $(st slice/y file)) MiB"
