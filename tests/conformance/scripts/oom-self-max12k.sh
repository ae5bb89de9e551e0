#!/bin/bash
# As oom-self-max0.sh with a memory.max of 12k: three pages, less than a fork's
# kernel stack (16 KiB) alone, so the fork cannot be charged and the shell is OOM-killed.
echo +memory > /sys/fs/cgroup/cgroup.subtree_control   # the guest boots with none
cg=/sys/fs/cgroup/oomself
mkdir "$cg"
echo "$$" > "$cg/cgroup.procs"
echo 12k > "$cg/memory.max"
read -r lim < "$cg/memory.max"; echo "limit set: $lim" >&2   # builtins: no fork
true
/bin/true
echo "survived the fork: $?"
