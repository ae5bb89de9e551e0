#!/bin/bash
# Written for memcgsim's conformance suite (session 17, conform17): the cgroup2 core's
# hierarchy limits as tools/testing/selftests/cgroup/test_core.c's
# test_cgcore_max_descendants / nesting checks do them, in shell. cgroup.max.depth and
# cgroup.max.descendants set at several levels of a nested tree: which mkdir is refused
# (EAGAIN: cgroup_check_hierarchy_limits), that dying descendants do not count against
# max.descendants (nr_descendants counts the live ones), cgroup.stat through the tree
# while the removed leaves stay dying (tmpfs pages charged to them), invalid writes,
# cgroup.kill (6.1; 5.10 has no such file: the create is refused), and /proc/cgroups.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
st() { echo "$1: $(tr '\n' ' ' < $2/cgroup.stat)"; }
ncg() { awk '$1 == "memory" {print "num_cgroups", $3}' /proc/cgroups; }
mkdir $C/top
echo "defaults: depth $(cat $C/top/cgroup.max.depth) descendants $(cat $C/top/cgroup.max.descendants)"
echo 2 > $C/top/cgroup.max.depth; echo "max.depth 2: $?"
for w in -1 max0 " 3" 3x 0x3 ""; do echo "$w" > $C/top/cgroup.max.descendants 2>/dev/null; echo "max.descendants '$w': $? -> $(cat $C/top/cgroup.max.descendants)"; done
echo max > $C/top/cgroup.max.descendants
mkdir $C/top/a; echo "mkdir top/a: $?"
mkdir $C/top/a/b; echo "mkdir top/a/b: $?"
mkdir $C/top/a/b/c; echo "mkdir top/a/b/c (depth 3 > 2): $?"
mkdir -p $C/top/x/y/z 2>&1; echo "mkdir -p top/x/y/z: $?"
ls -d $C/top/x/y 2>/dev/null | wc -l
echo 1 > $C/top/a/cgroup.max.depth
mkdir $C/top/a/b2 && echo "top/a/b2 made"
mkdir $C/top/a/b2/c 2>/dev/null; echo "mkdir top/a/b2/c under a's depth 1: $?"
echo max > $C/top/cgroup.max.depth
mkdir $C/top/a/b/c; echo "mkdir top/a/b/c, top depth max, a depth 1: $?"
st top $C/top
# max.descendants: 3 live below d
mkdir -p /tmp/hl
echo +memory > $C/top/cgroup.subtree_control
mkdir $C/top/d
echo +memory > $C/top/d/cgroup.subtree_control
echo 3 > $C/top/d/cgroup.max.descendants
for i in 1 2 3 4; do mkdir $C/top/d/l$i 2>/dev/null; echo "mkdir d/l$i: $?"; done
for i in 1 2 3; do ( echo $BASHPID > $C/top/d/l$i/cgroup.procs; head -c 16384 /dev/zero > /tmp/hl/f$i ); done
st d $C/top/d
st top $C/top
rmdir $C/top/d/l1 $C/top/d/l2
sleep 1
st "d, l1 l2 removed" $C/top/d
mkdir $C/top/d/m1 && mkdir $C/top/d/m2; echo "two more while two are dying: $?"
mkdir $C/top/d/m3 2>/dev/null; echo "a fourth live one: $?"
st d $C/top/d
st top $C/top
ncg
echo 2 > $C/top/d/cgroup.max.descendants; echo "max.descendants 2 below 3 live: $? -> $(cat $C/top/d/cgroup.max.descendants)"
mkdir $C/top/d/m4 2>/dev/null; echo "mkdir d/m4: $?"
# cgroup.kill (v5.14): every task of the subtree, SIGKILL
( echo $BASHPID > $C/top/d/m1/cgroup.procs; exec sleep 3600 ) & k1=$!
( echo $BASHPID > $C/top/d/m2/cgroup.procs; exec sleep 3600 ) & k2=$!
sleep 1
echo "populated before kill: $(grep populated $C/top/d/cgroup.events)"
# the kill and the wait on one line: both deaths are reported by the wait (to /dev/null)
if [ -e $C/top/d/cgroup.kill ]; then echo 1 > $C/top/d/cgroup.kill; echo "cgroup.kill: $?"; else echo 1 > $C/top/d/cgroup.kill; echo "no cgroup.kill: $?"; kill -9 $(cat $C/top/d/m1/cgroup.procs $C/top/d/m2/cgroup.procs); fi; wait $k1 $k2 2>/dev/null; echo "wait: $?"
sleep 1
echo "populated after kill: $(grep populated $C/top/d/cgroup.events)"
rmdir $C/top/d/m1 $C/top/d/m2 $C/top/d/l3
rm -f /tmp/hl/f1 /tmp/hl/f2
sleep 1
st "d, only l3's file left" $C/top/d
rm -r /tmp/hl
sleep 1
st "d, files gone" $C/top/d
rmdir $C/top/d; echo "rmdir d: $?"
rmdir $C/top/a/b $C/top/a/b2 $C/top/a $C/top/x/y $C/top/x $C/top; echo "rmdir the rest: $?"
sleep 1
st root $C
ncg
