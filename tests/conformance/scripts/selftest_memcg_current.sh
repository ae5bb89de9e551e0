#!/bin/bash
# Translated to shell for memcgsim's conformance suite (session 10) from
# tools/testing/selftests/cgroup/test_memcontrol.c test_memcg_current (cgroup v2):
# memory.current of a new cgroup is 0; 50 MiB of page cache (alloc_pagecache_50M_check:
# the file is written in the cgroup) puts memory.current within 3 % of 50 MiB and
# memory.stat's file within 3 % of memory.current. The shell has no anonymous
# allocator: the anon half (alloc_anon_50M_check) is a bash variable of 8 MiB,
# checked as anon >= 8 MiB. values_close as in cgroup_util.c.
ROOT=/sys/fs/cgroup
grep -qw memory $ROOT/cgroup.subtree_control || echo +memory > $ROOT/cgroup.subtree_control
values_close() { local a=$1 b=$2 err=$3; local d=$(( a - b )); (( d < 0 )) && d=$(( -d )); (( d <= (a + b) / 100 * err )); }
cg=$ROOT/memcg_test
mkdir $cg
echo "fresh current: $(cat $cg/memory.current)"
size=$(( 50 << 20 ))
( echo $BASHPID > $cg/cgroup.procs
  dd if=/dev/zero of=/mnt/disk/work/pagecache bs=1M count=50 2>/dev/null
  cur=$(cat $cg/memory.current); file=$(awk '$1 == "file" {print $2}' $cg/memory.stat)
  values_close $size $cur 3 && echo "pagecache: current close to 50M" || echo "pagecache: current $cur"
  values_close $file $cur 3 && echo "pagecache: file close to current" || echo "pagecache: file $file current $cur" )
rm /mnt/disk/work/pagecache
echo "after rm: current < 1M $(( $(cat $cg/memory.current) < 1048576 ))"
( echo $BASHPID > $cg/cgroup.procs
  x=$(head -c 8388608 /dev/zero | tr '\0' a)
  echo "variable: ${#x} bytes"
  anon=$(awk '$1 == "anon" {print $2}' $cg/memory.stat)
  echo "anon >= 8M: $(( anon >= 8388608 )) anon <= 40M: $(( anon <= 41943040 ))" )
rmdir $cg && echo "rmdir: ok"
