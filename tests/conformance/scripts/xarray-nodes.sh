#!/bin/bash
# Written for memcgsim's conformance suite (session 12): the page cache's xarray
# nodes (radix_tree_node, 584 bytes, SLAB_RECLAIM_ACCOUNT; a mapping's i_pages is
# XA_FLAGS_ACCOUNT, so each node is charged to the task inserting the page that needs
# it). A file of one page needs no node (the head holds index 0), one of 2 to 64
# pages one, 65 pages three (two leaves and the top), 4096 pages 65. In cgroup g,
# files of 1, 2, 64, 65 and 4096 pages are written on tmpfs (/dev/shm) and on the
# scratch disk (ext4); the change of g's kmem (v1: memory.kmem.usage_in_bytes) or
# slab_reclaimable (v2: memory.stat) is printed after each batch, after rm, and after
# drop_caches 1, 2 and 3 of the disk files, with the change of radix_tree_node's
# objects in /proc/slabinfo (only shown: other caches' users move them).
W=$PWD
C=/sys/fs/cgroup
if [ -e $C/cgroup.controllers ]; then
  echo +memory > $C/cgroup.subtree_control
  G=$C/g
  km() { awk '$1 == "slab_reclaimable" {print $2}' $G/memory.stat; }
  K=slab_reclaimable
else
  G=$C/memory/g
  km() { cat $G/memory.kmem.usage_in_bytes; }
  K=kmem
fi
rtn() { awk '$1 == "radix_tree_node" {print $3}' /proc/slabinfo; }
mkdir $G
mkdir -p /dev/shm $W/d
# the directories first, so the batches below add only files
( echo $BASHPID > $G/cgroup.procs; for n in 1 2 64 65 4096; do mkdir /dev/shm/x$n $W/d/x$n; done )
sync
last=$(km); r0=$(rtn)
show() { now=$(km); echo "$1: $K+ $(( now - last ))"; echo "$1: radix_tree_node objs+ $(( $(rtn) - r0 ))"; last=$now; }
show start
for where in /dev/shm $W/d; do
  for n in 1 2 64 65 4096; do
    files=16; [ $n = 4096 ] && files=2
    ( echo $BASHPID > $G/cgroup.procs
      for ((i = 0; i < files; i++)); do head -c $((n * 4096)) /dev/zero > $where/x$n/f$i; done )
    show "${where#$W} $files files of $n pages"
  done
done
sync
sleep 1
show synced
rm -r /dev/shm/x*
sleep 1
show "rm tmpfs"
echo 1 > /proc/sys/vm/drop_caches
sleep 1
show "drop 1"
echo 2 > /proc/sys/vm/drop_caches
sleep 1
show "drop 2"
( echo $BASHPID > $G/cgroup.procs; for n in 2 65; do cat $W/d/x$n/f* > /dev/null; done )
show "read 2 and 65 again"
echo 3 > /proc/sys/vm/drop_caches
sleep 1
show "drop 3"
( echo $BASHPID > $G/cgroup.procs; for n in 2 65; do cat $W/d/x$n/f* > /dev/null; done )
show "read again"
rm -r $W/d/x*
sleep 1
show "rm disk"
