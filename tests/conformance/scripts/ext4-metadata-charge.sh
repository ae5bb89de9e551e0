#!/bin/bash
# Written for memcgsim (session 12, docs/fidelity.md item 25): which ext4 metadata
# pages a task reads first, each operation in a fresh v2 cgroup: memory.stat "file"
# and "active_file" of the cgroup (the block device's pages: bitmaps, inode table
# blocks, directory blocks; mballoc's buddy cache, two pages a block group), and the
# inode numbers ext4 gave (the group is (ino - 1) / 8192: Orlov's spread of the
# top-level directories, the others packed in the flex group's first group). The
# first block allocation comes first, before ext4lazyinit's prefetch (0-5 s after
# the mount on 6.1).
R=/sys/fs/cgroup
echo +memory > $R/cgroup.subtree_control
mkdir $R/p; echo +memory > $R/p/cgroup.subtree_control
D=/mnt/disk
W=$D/work
st() { awk -v k=$2 '$1==k {print $2}' $R/p/$1/memory.stat; }
L=$(printf 'x%.0s' $(seq 150))
op() {
  mkdir $R/p/$1
  ( echo $BASHPID > $R/p/$1/cgroup.procs; eval "$2" )
  echo "$1: file $(st $1 file) active_file $(st $1 active_file)"
}
op fallocate1 "fallocate -l 8M $W/fa1"
op fallocate2 "fallocate -l 8M $W/fa2"
op mkdir1 "mkdir $W/d1"
op mkdir2 "mkdir $W/d2"
op topdir1 "mkdir $D/top1"
op topdir2 "mkdir $D/top2"
op topfile "touch $D/top1/f"
op topsub "mkdir $D/top1/sub"
op symlink1 "ln -s $L $W/l1"
op symlink2 "ln -s $L $W/l2"
op create20 "for j in \$(seq 20); do touch $W/d1/f\$j; done"
op fallocate3 "fallocate -l 1M $W/d2/fa"
stat -c '%n %i' $W/fa1 $W/fa2 $W/d1 $W/d2 $D/top1 $D/top2 $D/top1/f $D/top1/sub $W/l1 $W/l2 $W/d1/f1 $W/d1/f20 $W/d2/fa
