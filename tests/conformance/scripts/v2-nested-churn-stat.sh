#!/bin/bash
# Written for memcgsim's conformance suite (session 28, branch probe28): cgroup.stat
# nr_descendants / nr_dying_descendants of each level while a nested tree a/b/c is made
# and removed 30 times, one sleep entering c each round (v2).
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/t
echo +memory > $C/t/cgroup.subtree_control
st() { awk '{printf "%s=%s ", $1, $2}' $1/cgroup.stat; echo; }
for i in $(seq 30); do
  mkdir -p $C/t/a/b/c
  echo +memory > $C/t/a/cgroup.subtree_control; echo +memory > $C/t/a/b/cgroup.subtree_control
  ( echo $BASHPID > $C/t/a/b/c/cgroup.procs; exec sleep 0.01 )
  [ $i = 1 ] && { echo "round 1 in: $(st $C/t)"; echo "a: $(st $C/t/a)"; }
  rmdir $C/t/a/b/c $C/t/a/b $C/t/a
done
echo "t: $(st $C/t)"
echo "root: $(grep -c . $C/cgroup.stat)"
cat $C/t/cgroup.max.depth $C/t/cgroup.max.descendants
echo 1 > $C/t/cgroup.max.depth
mkdir $C/t/x; echo "mkdir x: $?"; mkdir $C/t/x/y; echo "mkdir x/y: $?"
echo 2 > $C/t/cgroup.max.descendants
mkdir $C/t/z; echo "mkdir z: $?"; mkdir $C/t/w; echo "mkdir w: $?"
echo "t: $(st $C/t)"
rmdir $C/t/x $C/t/z 2>/dev/null
sleep 2
echo "t later: $(st $C/t)"
rmdir $C/t; echo "rmdir t: $?"
