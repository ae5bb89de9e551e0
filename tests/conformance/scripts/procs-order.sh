#!/bin/bash
# Written for memcgsim's conformance suite (session 12, cgroup v1 or v2): the order in
# which cgroup.procs (and v1's tasks) list a cgroup's processes, as tools that diff
# them see it. v1 builds a sorted, de-duplicated pid array (kernel/cgroup/cgroup-v1.c
# pidlist_array_load, sort + pidlist_uniq); v2 walks the css_sets' task lists
# (css_task_iter), where a migrated task goes to the tail (css_set_move_task,
# list_add_tail) and so does a forked child (cgroup_post_fork). Pids are printed as
# the index of the sleeper they belong to.
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
mkdir $R/o $R/p
P=()
for i in 1 2 3 4 5 6; do sleep 60 & P[i]=$!; done
name() { local l i out=; while read -r l; do
           for i in 1 2 3 4 5 6 7 8; do [ "$l" = "${P[i]}" ] && { out+="$i "; continue 2; }; done
           out+="? "; done < "$1"; echo "$out"; }
for i in 5 3 1 6 4 2; do echo ${P[i]} > $R/o/cgroup.procs; done
echo "moved 5 3 1 6 4 2: procs $(name $R/o/cgroup.procs)"
[ $V = 1 ] && echo "tasks $(name $R/o/tasks)"
echo ${P[3]} > $R/p/cgroup.procs; echo ${P[3]} > $R/o/cgroup.procs
echo "3 out and back: $(name $R/o/cgroup.procs)"
echo ${P[1]} > $R/o/cgroup.procs
echo "1 written again: $(name $R/o/cgroup.procs)"
# a forked child of a task in o: the subshell moves itself in, then forks
( echo $BASHPID > $R/o/cgroup.procs; sleep 60 & echo $! > /tmp/po.7; wait ) & P[8]=$!
until [ -s /tmp/po.7 ]; do sleep 0.1; done
P[7]=$(cat /tmp/po.7)
echo "subshell 8 joined, forked 7: $(name $R/o/cgroup.procs)"
# two moves in one migration order: p gets 2 then 6 then 4
for i in 2 6 4; do echo ${P[i]} > $R/p/cgroup.procs; done
echo "p: $(name $R/p/cgroup.procs); o: $(name $R/o/cgroup.procs)"
[ $V = 1 ] && echo "p tasks: $(name $R/p/tasks)"
kill ${P[@]} 2>/dev/null; wait 2>/dev/null
sleep 0.5
echo "after kill: o $(wc -l < $R/o/cgroup.procs) p $(wc -l < $R/p/cgroup.procs)"
rmdir $R/o $R/p
rm -f /tmp/po.7
