#!/bin/bash
# Written for memcgsim's conformance suite (session 30, branch fork30; docs/fidelity.md
# item 131): on which CPUs a shell's forked commands run, at 16 CPUs. N commands that
# each make a memory cgroup's child (cgroup-cost.sh's mkdir loop) and read their own
# CPU (/proc/self/stat field 39, after their execve: sched_exec moves almost none, item
# 96), then the same after the shell has rested 1 s. Printed: the shell's CPU, how
# many distinct CPUs the commands ran on, and how far after the shell's CPU the
# farthest one was (CPUs counted round from the shell's: select_task_rq_fair's
# find_idlest_group visits the groups from the parent's CPU on).
N=40
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/spread; mkdir $P; echo +memory > $P/cgroup.subtree_control
NC=$(getconf _NPROCESSORS_ONLN)
loop() {
  local i s cpus=""
  read -r -a st < /proc/self/stat; s=${st[38]}
  for ((i = 0; i < N; i++)); do
    mkdir $P/$1$i
    cpus="$cpus $(cut -d' ' -f39 /proc/self/stat)"
  done
  printf '%s\n' $cpus | sort -n | uniq | {
    n=0; far=0
    while read -r c; do n=$((n + 1)); d=$(( (c - s + NC) % NC )); [ $d -gt $far ] && far=$d; done
    echo "$1: $N commands on $n of $NC CPUs, the farthest $far after the shell's"; }
}
echo "$NC CPUs"
loop a
sleep 1
loop b
for ((i = 0; i < N; i++)); do rmdir $P/a$i $P/b$i; done
rmdir $P
