#!/bin/bash
# Session 19 (docs/fidelity.md item 55): on which CPUs a container's file pages are
# counted, 5.10's per-CPU memory.stat batches (MEMCG_CHARGE_BATCH, 32 updates a CPU
# before a fold). v1-runtime-force-empty's job: a subshell joins c$i, `head` writes a
# 128 KiB file (32 page-cache pages, counted on head's CPU), the subshell creates 20
# empty files (inode table blocks read into the block device's page cache, counted
# on the subshell's CPU). Per container: the subshell's CPU when it joined, after
# head, after the files (/proc/PID/stat field 39, read by bash's `read` into a variable: no fork);
# memory.stat cache (5.10: the folded per-CPU counts, memcg_page_state_local) and
# numa_stat's file= line (5.10: total batched, N0 the exact lruvec_stat_local).
# Containers 4-7 pin the subshell (and so head) to CPU 0 first: all their pages are
# counted on one CPU. Run: memcgsim oracle calibration/statbatch-file-cpu.sh --kernel 5.10
M=/sys/fs/cgroup/memory
W=/mnt/disk/work
mkdir -p $M/rt $W
echo 1 > $M/rt/memory.use_hierarchy 2>/dev/null
cpu() { read -r -a s < /proc/$BASHPID/stat; c=${s[38]}; }
for ((i = 0; i < 8; i++)); do
  mkdir $M/rt/c$i $W/c$i
  ( if ((i >= 4)); then taskset -p -c 0 $BASHPID >/dev/null; fi
    echo $BASHPID > $M/rt/c$i/cgroup.procs
    cpu; a=$c
    head -c 131072 /dev/zero > $W/c$i/data
    cpu; b=$c
    for ((j = 0; j < 20; j++)); do : > $W/c$i/f$j; done
    cpu; echo "c$i subshell cpu $a / $b / $c" )
  echo "c$i cache $(awk '$1 == "cache" {print $2}' $M/rt/c$i/memory.stat) $(grep ^file= $M/rt/c$i/memory.numa_stat)"
done
echo "rt total_cache $(awk '$1 == "total_cache" {print $2}' $M/rt/memory.stat)"
