#!/bin/bash
# Written for memcgsim's conformance suite (issue 4). Checks the values a fresh
# memory cgroup shows while it holds one sleeping task (`sleep 3600`), read after
# `sleep 1` so the charges of the fork/exec have settled. cgroup v1 or v2 (detected):
# v1 prints memory.usage_in_bytes and memory.kmem.usage_in_bytes; v2 prints
# memory.current and memory.stat's anon, kernel_stack, pagetables and slab.
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; V=v1
else
  C=/sys/fs/cgroup; V=v2; echo +memory > $C/cgroup.subtree_control
fi
cd $C
mkdir fresh
echo $$ > fresh/cgroup.procs
sleep 3600 &
SP=$!
echo $$ > cgroup.procs
sleep 1
echo "$V tasks in cgroup: $(cat fresh/cgroup.procs | wc -l)"
if [ $V = v1 ]; then
  for f in memory.usage_in_bytes memory.kmem.usage_in_bytes; do
    echo "$f $(cat fresh/$f)"
  done
else
  echo "memory.current $(cat fresh/memory.current)"
  grep -E '^(anon|kernel_stack|pagetables|slab) ' fresh/memory.stat
fi
kill $SP
