#!/bin/bash
# memcgsim calibration (session 13, docs/fidelity.md item 28): how long jbd2 keeps the
# metadata buffers a job modified (and so the block device pages charged to the job's
# memcg) busy. Each job, in its own v2 cgroup, makes 16 empty files in a directory
# the runner made: its inodes reach one inode table block nobody touched before (the
# job's first touch, charged to it); then the runner rmdirs the job's cgroup. Three
# sets of 4 jobs; nr_dying_descendants of each set's parent after each step. Before
# each drop_caches, failed lookups in 20 directories on each CPU (taskset) push the
# jobs' buffers out of the per-CPU bh LRUs (BH_LRU_SIZE 16), so that only jbd2 can
# keep them busy:
#   A: drop_caches 1 at once (the buffers in the running transaction), after a sync
#      (committed, written home, still on the checkpoint list: 5.10's
#      bdev_try_to_free_page lets them go, 6.1 keeps them), after drop_caches 2
#      (6.1's jbd2 shrinker);
#   B: sync, then a new transaction (one file made) whose commit 5 s later cleans
#      the checkpoint list, then drop_caches 1;
#   C: 7 s (the commit timer: committed, dirty, not written home), drop_caches 1.
# Recorded: python -m memcgsim.oracle.record jbd2-checkpoint (2 runs a kernel)
R=/sys/fs/cgroup
echo +memory > $R/cgroup.subtree_control
W=/mnt/disk/work
dy() { awk '$1=="nr_dying_descendants" {print $2}' $R/$1/cgroup.stat; }
all() { echo "$1: A $(dy A) B $(dy B) C $(dy C)"; }
n=0
drop() {
  n=$((n + 1))
  for c in 0 1; do taskset -c $c cat $(for d in $(seq 20); do echo $W/L$d/n$n.$c; done) 2>/dev/null; done
  echo $1 > /proc/sys/vm/drop_caches
}
job() {
  mkdir $R/$1/j$2
  ( echo $BASHPID > $R/$1/j$2/cgroup.procs
    for ((f = 0; f < 16; f++)); do : > $W/$1$2/f$f; done )
  rmdir $R/$1/j$2
}
for d in $(seq 20); do mkdir $W/L$d; done
for s in A B C; do
  mkdir $R/$s; echo +memory > $R/$s/cgroup.subtree_control
  for i in 1 2 3 4; do mkdir $W/$s$i; done
done
for i in 1 2 3 4; do job A $i; done
all "A made"
drop 1; all "A drop 1"
sync; drop 1; all "A sync, drop 1"
drop 2; drop 1; all "A drop 2, drop 1"
for i in 1 2 3 4; do job B $i; done
sync; : > $W/x; sleep 7; drop 1; all "B sync, commit, drop 1"
for i in 1 2 3 4; do job C $i; done
sleep 7; drop 1; all "C 7s, drop 1"
sync; drop 1; all "sync, drop 1"
sleep 7; drop 1; all "7s, drop 1"
drop 3; all "drop 3"
