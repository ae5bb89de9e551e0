#!/bin/bash
# The shell moves itself into a fresh cgroup (v2) whose memory.max is 0, then forks.
# Charges do not move with the task on cgroup2, so the write itself may succeed; the
# fork's kernel stack and page tables must be charged there: the charge fails, the
# memcg OOM killer's only candidate is the shell, which dies of SIGKILL (status 137).
echo +memory > /sys/fs/cgroup/cgroup.subtree_control   # the guest boots with none
cg=/sys/fs/cgroup/oomself
mkdir "$cg"
echo "$$" > "$cg/cgroup.procs"
echo 0 > "$cg/memory.max"
read -r lim < "$cg/memory.max"; echo "limit set: $lim" >&2   # builtins: no fork
/bin/true
echo "survived the fork: $?"
