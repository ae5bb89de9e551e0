#!/bin/bash
# Written for memcgsim's conformance suite (session 34, stock34; cgroup v1 or v2, 2+
# CPUs): what keeps a removed memory cgroup counted when the CPU its last task exited
# on runs no user task afterwards. The shell and its commands keep to the other CPUs;
# a's task runs its sleep on the last CPU, exits there and leaves that CPU idle; a is
# removed. Then a command of the root runs on the last CPU, then one of b. After each
# step (and a second for the grace periods) the memory controller's num_cgroups.
if [ -e /sys/fs/cgroup/cgroup.controllers ]; then
  C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control
else C=/sys/fs/cgroup/memory; fi
cnt() { echo "$1: memory cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"; }
last=$(( $(nproc) - 1 ))
taskset -pc 0-$(( last - 1 )) $$ > /dev/null
mkdir $C/a $C/b
cnt start
( echo $BASHPID > $C/a/cgroup.procs; exec taskset -c $last sleep 0.2 )
cnt exited
rmdir $C/a
sleep 1
cnt removed
taskset -c $last true
sleep 1
cnt "root ran there"
( echo $BASHPID > $C/b/cgroup.procs; exec taskset -c $last true )
sleep 1
cnt "b ran there"
rmdir $C/b
sleep 1
cnt end
