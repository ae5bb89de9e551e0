#!/bin/bash
# Written for memcgsim's conformance suite (session 31, novel31; cgroup v1 and v2): two
# nested trees torn down in opposite orders. Tree "up" (up/a/b/c plus up/a/s) and tree
# "down" (down/a/b/c) each hold a sleeping task in the leaves and a 64 KiB tmpfs file
# charged at every level; after the tasks are killed, "up" is removed bottom-up (rmdir
# c, b, s, a, up) and "down" top-down (rmdir down, down/a ... each refused while it has
# a child, then rm -r style from the leaf). After each rmdir: the cgroup.stat of the
# tree's top (v2) or the top's hierarchical shmem (v1), and /proc/cgroups' count; at
# the end the files go and the counts are read again.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
cut_path() { sed -e 's#^[^:]*: line [0-9]*: ##' -e "s#^\(mkdir\|rmdir\): .*': #\1: #"; }
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
shm() { awk -v k=$([ $V = 2 ] && echo shmem || echo total_shmem) '$1 == k {print $2 / 1024}' $R/$1/memory.stat; }
top() {  # top TREE: what its top says
  if [ $V = 2 ]; then echo "$(tr '\n' ' ' < $R/$1/cgroup.stat)shmem KiB $(shm $1)"; else echo "shmem KiB $(shm $1)"; fi; }
rd() {  # rd TREE PATH: rmdir TREE/PATH, its status and message, then the counts
  rmdir $R/$1${2:+/$2} 2>&1 | cut_path; local s=${PIPESTATUS[0]}
  if [ -d $R/$1 ]; then echo "rmdir $1${2:+/$2}: $s; $(top $1); num_cgroups $(ncg)"; else echo "rmdir $1: $s; num_cgroups $(ncg)"; fi; }
echo "cgroup v$V, $(getconf _NPROCESSORS_ONLN) CPUs, num_cgroups $(ncg)"
mkdir -p /tmp/nt
pids=
# level by level from the top: charge a 64 KiB tmpfs file to the level from inside it,
# leave, then (v2) enable memory for its children; the leaves keep a sleeping task
for g in up up/a up/a/b up/a/b/c up/a/s down down/a down/a/b down/a/b/c; do
  mkdir $R/$g
  f=/tmp/nt/$(echo $g | tr / _)
  case $g in
    */c|*/s) ( echo $BASHPID > $R/$g/cgroup.procs; head -c 65536 /dev/zero > $f; exec sleep 60 ) & pids="$pids $!";;
    *) ( echo $BASHPID > $R/$g/cgroup.procs; head -c 65536 /dev/zero > $f )
       [ $V = 2 ] && echo +memory > $R/$g/cgroup.subtree_control;;
  esac
done
sleep 1
echo "num_cgroups with both trees: $(ncg)"
echo "up: $(top up)"
echo "down: $(top down)"
rd down ""
rd down a
kill $pids; wait $pids 2>/dev/null
echo "sleepers killed: num_cgroups $(ncg)"
for p in a/b/c a/b a/s a ""; do rd up $p; done
rd down a/b
for p in a/b/c a/b a ""; do rd down $p; done
rm -r /tmp/nt
sleep 2
echo "files removed: num_cgroups $(ncg)"
