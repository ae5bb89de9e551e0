#!/bin/bash
# Written for memcgsim's conformance suite (session 9, cgroup v2): what a container
# runtime meets at the hierarchy's limits. cgroup.max.depth and cgroup.max.descendants
# (v4.14): their parser, mkdir refused with EAGAIN past them (cgroup_check_hierarchy_limits,
# counting live descendants only), cgroup.stat's nr_descendants and
# nr_dying_descendants as children are made, removed and freed; cgroup.kill (v5.14,
# on 6.1; 5.10 has no such file, and kernfs cannot create one: EACCES) and
# cgroup.events "populated" before and after.
C=/sys/fs/cgroup
err() { sed "s|^.*: line [0-9]*: ||; s|^mkdir: .*': |mkdir: |"; }  # bash's and mkdir's messages without the paths
echo +memory > $C/cgroup.subtree_control
mkdir $C/rt
cat $C/rt/cgroup.max.depth $C/rt/cgroup.max.descendants
for v in 2 -1 abc " 3" max 1; do
  echo "$v" 2>&1 > $C/rt/cgroup.max.depth | err
  echo "max.depth '$v': ${PIPESTATUS[0]} -> $(cat $C/rt/cgroup.max.depth)"
done
mkdir $C/rt/a 2>&1 | err; echo "mkdir rt/a: ${PIPESTATUS[0]}"
mkdir $C/rt/a/b 2>&1 | err; echo "mkdir rt/a/b: ${PIPESTATUS[0]}"
echo max > $C/rt/cgroup.max.depth
mkdir $C/rt/a/b 2>&1 | err; echo "mkdir rt/a/b with max: ${PIPESTATUS[0]}"
echo 3 > $C/rt/cgroup.max.descendants
echo "max.descendants: $(cat $C/rt/cgroup.max.descendants)"
for n in c d e; do mkdir $C/rt/$n 2>&1 | err; echo "mkdir rt/$n: ${PIPESTATUS[0]}"; done
grep nr_ $C/rt/cgroup.stat
rmdir $C/rt/a/b
echo "after rmdir a/b: $(grep nr_descendants $C/rt/cgroup.stat)"
mkdir $C/rt/e 2>&1 | err; echo "mkdir rt/e after rmdir: ${PIPESTATUS[0]}"
sleep 1
grep nr_ $C/rt/cgroup.stat
echo 0 > $C/rt/cgroup.max.descendants
mkdir $C/rt/a/f 2>&1 | err; echo "mkdir rt/a/f with 0: ${PIPESTATUS[0]}"
echo max > $C/rt/cgroup.max.descendants
# the sleepers are a subshell's jobs: the script's bash reports no killed job
for i in 1 2 3; do ( sleep 100 & echo $! > $C/rt/c/cgroup.procs ); done
echo "c populated: $(cat $C/rt/c/cgroup.events | grep populated) rt: $(grep populated $C/rt/cgroup.events)"
echo "pids in c: $(wc -l < $C/rt/c/cgroup.procs)"
echo 1 2>&1 > $C/rt/c/cgroup.kill | err
echo "cgroup.kill: ${PIPESTATUS[0]}"
if [ -e $C/rt/c/cgroup.kill ]; then
  sleep 0.5
  echo 2 2>&1 > $C/rt/c/cgroup.kill | err; echo "cgroup.kill 2: ${PIPESTATUS[0]}"
  echo 1 2>&1 > $C/rt/cgroup.kill | err; echo "cgroup.kill on a parent: ${PIPESTATUS[0]}"
else
  kill -9 $(cat $C/rt/c/cgroup.procs)
  sleep 0.5
fi
echo "after kill: pids in c: $(wc -l < $C/rt/c/cgroup.procs); $(grep populated $C/rt/c/cgroup.events)"
rmdir $C/rt/c $C/rt/e $C/rt/a
sleep 1
grep nr_ $C/rt/cgroup.stat
rmdir $C/rt; echo "rmdir rt: $?"
