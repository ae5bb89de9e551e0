#!/bin/bash
# memcgsim calibration (session 12, docs/fidelity.md item 25): when a 5.10 slow ext4
# symlink's page (data journalled: a link is not a regular file) keeps its job's memcg
# dying past rm. Three sets of 5 jobs, each making one slow link in its own cgroup
# (as tests/conformance/scripts/v2-symlink-fifo-dying.sh's job), removed right after
# a sync (A), a second after one (B), or without one (C); nr_dying_descendants of each
# set's parent after each step. Recorded:
#   memcgsim oracle calibration/ext4-symlink-journal.sh --kernel 5.10 --cgroup v2 \
#       --record calibration/recordings/ext4-symlink-journal--5.10-v2.txt
R=/sys/fs/cgroup
echo +memory > $R/cgroup.subtree_control
W=/mnt/disk/work
L=$(printf 'x%.0s' $(seq 150))
dy() { awk '$1=="nr_dying_descendants" {print $2}' $R/$1/cgroup.stat; }
job() {
  mkdir $R/$1/j$2
  echo $$ > $R/$1/j$2/cgroup.procs
  eval "$3"
  echo $$ > $R/cgroup.procs
  rmdir $R/$1/j$2
}
for s in A B C; do mkdir $R/$s; echo +memory > $R/$s/cgroup.subtree_control; done
for i in 1 2 3 4 5; do job A L$i "ln -s $L$i $W/a$i"; done
for i in 1 2 3 4 5; do job B L$i "ln -s $L$i $W/b$i"; done
for i in 1 2 3 4 5; do job C L$i "ln -s $L$i $W/c$i"; done
sleep 1
echo "made: A $(dy A) B $(dy B) C $(dy C)"
sync
rm -f $W/a*
sleep 1
echo "A rm right after sync: A $(dy A) B $(dy B) C $(dy C)"
sleep 6; sync; sleep 1
rm -f $W/b*
sleep 1
echo "B rm 1s after sync: A $(dy A) B $(dy B) C $(dy C)"
rm -f $W/c*
sleep 1
echo "C rm without sync: A $(dy A) B $(dy B) C $(dy C)"
echo 3 > /proc/sys/vm/drop_caches; sleep 1
echo "drop_caches: A $(dy A) B $(dy B) C $(dy C)"
sleep 10; sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
echo "10s, sync, drop: A $(dy A) B $(dy B) C $(dy C)"
