#!/bin/bash
# Written for memcgsim's conformance suite (session 17, conform17): /proc/PID/cgroup,
# /proc/cgroups, the tasks and cgroup.procs files through a chain 8 deep: a sleeper
# moved down level by level, the chain renamed in the middle while it is inside (v1
# renames within the parent; cgroup2 refuses: EPERM), the v1 knobs a child takes from
# its parent (cgroup.clone_children, notify_on_release) and rmdir from the top while
# populated (EBUSY), then from the bottom. Works on cgroup v1 and v2.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2; echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
ncg() { echo "$1: num_cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"; }
where() { grep -E ':memory:|^0::' /proc/$1/cgroup | cut -d: -f3; }
ncg start
if [ $V = 1 ]; then
  echo 1 > $R/cgroup.clone_children 2>/dev/null; echo "root clone_children write: $?"
  mkdir $R/l1; echo 1 > $R/l1/notify_on_release; echo 1 > $R/l1/cgroup.clone_children
fi
mkdir -p $R/l1/l2/l3/l4/l5/l6/l7/l8; echo "mkdir -p: $?"
ncg "chain made"
[ $V = 1 ] && echo "l5 inherits: notify_on_release $(cat $R/l1/l2/l3/l4/l5/notify_on_release) clone_children $(cat $R/l1/l2/l3/l4/l5/cgroup.clone_children)"
sleep 3600 & s=$!
d=$R
for i in 1 2 3 4 5 6 7 8; do
  d=$d/l$i
  echo $s > $d/cgroup.procs
  echo "level $i: $(where $s) procs $(wc -l < $d/cgroup.procs)"
done
[ $V = 1 ] && echo "tasks of l8: $(wc -l < $d/tasks), same pid $(grep -c "^$s\$" $d/tasks)"
mv $R/l1/l2/l3/l4 $R/l1/l2/l3/m4 2>/dev/null; echo "mv l4 m4: $?"
echo "after mv: $(where $s)"
ls -d $R/l1/l2/l3/*/ | wc -l
rmdir $R/l1 2>/dev/null; echo "rmdir l1 (children): $?"
p=$(ls -d $R/l1/l2/l3/*4)
rmdir $p/l5/l6/l7/l8 2>/dev/null; echo "rmdir l8 (populated): $?"
echo $s > $R/cgroup.procs
echo "back at the root: $(where $s)"
rmdir $p/l5/l6/l7/l8 $p/l5/l6/l7 $p/l5/l6 $p/l5 $p $R/l1/l2/l3 $R/l1/l2 $R/l1; echo "rmdir bottom-up: $?"
ncg "chain removed"
kill $s; wait $s 2>/dev/null
sleep 1
ncg "sleeper gone"
