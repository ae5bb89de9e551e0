#!/bin/bash
# memcgsim calibration (session 12, docs/fidelity.md item 25): what ext4lazyinit's
# block bitmap prefetch (6.1: 0-5 s after the mount, in the root cgroup) leaves for
# the first allocations. As tests/conformance/scripts/ext4-metadata-charge.sh, but
# 8 s after the mount: each operation in a fresh v2 cgroup, its memory.stat "file",
# /proc/meminfo Buffers' change (the block device's pages, jbd2's journal blocks
# included) and memory.current. Recorded on 6.1 (6.1's memory.stat is exact):
#   memcgsim oracle calibration/ext4-lazyinit.sh --kernel 6.1 --cgroup v2 \
#       --record calibration/recordings/ext4-lazyinit--6.1-v2.txt
# (without the sleep, the same operations: calibration/recordings/ext4-lazyinit-
# nosleep--6.1-v2.txt and --5.10-v2.txt, scripts as here minus the first two lines)
echo "boot: buffers $(awk '$1=="Buffers:" {print $2}' /proc/meminfo)"; sleep 8
R=/sys/fs/cgroup
echo +memory > $R/cgroup.subtree_control
mkdir $R/p; echo +memory > $R/p/cgroup.subtree_control
W=/mnt/disk/work
st() { awk -v k=$2 '$1==k {print $2}' $R/p/$1/memory.stat; }
buf() { awk '$1=="Buffers:" {print $2}' /proc/meminfo; }
L=$(printf 'x%.0s' $(seq 150))
op() {
  mkdir $R/p/$1
  b0=$(buf)
  ( echo $BASHPID > $R/p/$1/cgroup.procs; eval "$2" )
  b1=$(buf)
  echo "$1: file $(st $1 file) buffers_kB +$((b1-b0)) cur $(cat $R/p/$1/memory.current)"
}
echo "start: buffers kB $(buf) uptime $(cut -d' ' -f1 /proc/uptime)"
op fa1 "fallocate -l 8M $W/fa1"
op fa2 "fallocate -l 8M $W/fa2"
op mk1 "mkdir $W/d1"
op mk2 "mkdir $W/d2"
op sy1 "ln -s $L $W/l1"
op sy2 "ln -s $L $W/l2"
op sy3 "ln -s $L $W/l3"
op cr20 "for j in \$(seq 20); do : > $W/d1/f\$j; done"
op cr20b "for j in \$(seq 20); do : > $W/d2/f\$j; done"
op wr "head -c 131072 /dev/zero > $W/d1/data"
echo "inos: $(stat -c '%n=%i' $W/fa1 $W/fa2 $W/d1 $W/d2 $W/l1 $W/l3 $W/d1/f1 $W/d2/f20 | tr '\n' ' ')"
echo "buffers kB $(buf)"
sleep 6
echo "after 6s: buffers kB $(buf)"
for c in $R/p/*/; do n=$(basename $c); echo -n "$n $(st $n file) "; done; echo
sync; sleep 1
echo 3 > /proc/sys/vm/drop_caches; sleep 1
echo "after drop_caches: buffers kB $(buf)"
for c in $R/p/*/; do n=$(basename $c); echo -n "$n $(st $n file) "; done; echo
rm -f $W/l1 $W/l2 $W/l3; sync; sleep 1; echo 3 > /proc/sys/vm/drop_caches; sleep 1
echo "after rm links+drop: buffers kB $(buf)"
for c in $R/p/*/; do n=$(basename $c); echo -n "$n $(st $n file) "; done; echo
