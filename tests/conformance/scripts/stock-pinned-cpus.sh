#!/bin/bash
# Written for memcgsim's conformance suite (session 29, lead): charges pinned to CPUs
# (busybox taskset) and what the per-CPU charge stocks keep of each memcg: a
# subshell enters a or b, then taskset execs dd writing a tmpfs file from one CPU;
# memory.current (pages) after each, after the files' rm, the knob writes and a's rmdir
# (drain_all_stock: the drain work on each CPU whose stock caches a, or whose obj
# stock caches a's objcg, runs after the rmdir returns).
R=/sys/fs/cgroup
echo +memory > $R/cgroup.subtree_control
mkdir $R/a $R/b
pg() { echo $(( $(cat $R/$1/memory.current) / 4096 )); }
cur() { echo "$1: a $(pg a) b $(pg b)"; }
w() { # cgroup cpu file pages
  (echo 0 > $R/$1/cgroup.procs; exec taskset -c $2 dd if=/dev/zero of=/tmp/$3 bs=4096 count=$4 2>/dev/null)
}
cur start
w a 1 a1 1; cur "a 1 page on cpu1"
w a 1 a2 10; cur "a 10 pages on cpu1"
w a 2 a3 1; cur "a 1 page on cpu2"
w b 1 b1 1; cur "b 1 page on cpu1"
w a 1 a4 1; cur "a 1 page on cpu1 again"
w b 3 b2 100; cur "b 100 pages on cpu3"
rm /tmp/a1 /tmp/a2 /tmp/a3 /tmp/a4; cur "a files gone"
echo max > $R/a/memory.high; cur "a high written"
echo 20M > $R/b/memory.max; cur "b max written"
rm /tmp/b1 /tmp/b2
rmdir $R/a; cur2() { echo "$1: b $(pg b) dying $(awk '/dying/ {print $2}' $R/cgroup.stat)"; }; cur2 "a removed"
sleep 1; cur2 "a removed, 1 s later"
