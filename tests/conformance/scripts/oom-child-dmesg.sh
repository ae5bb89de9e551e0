#!/bin/bash
# A subshell moves itself into a cgroup with memory.max 0 and forks: the OOM killer
# kills it (status 137 for the parent); the parent then prints the kernel's report
# from dmesg (the PIDs and sizes vary: the conformance declarations mask them).
echo +memory > /sys/fs/cgroup/cgroup.subtree_control   # the guest boots with none
cg=/sys/fs/cgroup/oomchild
mkdir "$cg"
( echo "$BASHPID" > "$cg/cgroup.procs"; echo 0 > "$cg/memory.max"; /bin/true; echo "child survived" )
echo "subshell status: $?"
dmesg | grep -E 'invoked oom-killer|Memory cgroup out of memory|oom-kill:|oom_reaper' | sed 's/^\[[ 0-9.]*\] //'
echo "oom_kill $(grep oom_kill "$cg/memory.events")"
