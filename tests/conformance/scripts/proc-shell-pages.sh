#!/bin/bash
# Written for memcgsim's conformance suite (session 14, cgroup v1 or v2): a managing
# shell that enters a cgroup charges it with what it faults there (its heap growing
# for a variable, the pages it copies on write after each fork) and with its children
# (their kernel stacks, page tables and pages) while they live. Moving the shell back
# out does not take the charges along; rmdir then leaves the cgroup dying for as long
# as a page of the shell's stays charged to it.
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
ms() { awk -v k="$2" '$1 == k { print $2 }' "$R/$1/memory.stat"; }
ncg() { awk '$1 == "memory" { print $3 }' /proc/cgroups; }
report() {
  local c=$2
  if [ -d $R/$c ]; then
    if [ $V = 2 ]; then
      echo "$1: memory.current $(cat $R/$c/memory.current) anon $(ms $c anon) file $(ms $c file) kernel_stack $(ms $c kernel_stack)"
    else
      echo "$1: usage_in_bytes $(cat $R/$c/memory.usage_in_bytes) rss $(ms $c rss) cache $(ms $c cache) kmem.usage_in_bytes $(cat $R/$c/memory.kmem.usage_in_bytes)"
    fi
    echo "$1: procs $(wc -l < $R/$c/cgroup.procs) num_cgroups $(ncg)"
  else
    echo "$1: removed, num_cgroups $(ncg)"
  fi
}
base=$(ncg)
echo "num_cgroups at start: $base"
mkdir $R/mgr
report "made" mgr
echo $$ > $R/mgr/cgroup.procs
report "shell entered" mgr
v=
for i in $(seq 1 200); do v="$v$i-abcdefghijklmnopqrstuvwxyz-"; done
echo "variable: ${#v} bytes"
report "variable grown" mgr
for i in 1 2 3 4 5 6 7 8 9 10; do n=$(echo $i); done
report "10 command substitutions" mgr
( : ); ( true; true )
report "2 subshells" mgr
echo $v | cat | wc -c
report "a pipeline" mgr
sleep 0.2 & sleep 0.3 &
report "2 background jobs" mgr
wait
report "after wait" mgr
echo $$ > $R/cgroup.procs
report "shell moved out" mgr
rmdir $R/mgr && echo "rmdir mgr: ok"
report "removed" mgr
sleep 1
echo "dying after 1s: $(( $(ncg) - base ))"
v=
for i in 1 2 3; do true | cat; done
sleep 1
echo "dying after more pipelines: $(( $(ncg) - base ))"
