#!/bin/bash
# What the guest's boot leaves of the per-CPU allocator (kernel/sizes ReleaseSizes.
# pcpu_boot): /proc/meminfo Percpu after each of 20 cgroups without the memory
# controller (the cgroup core's own per-CPU areas only), then, the controller on,
# after a memory cgroup x and each of 40 children of it (x's statistics are charged
# to nobody: its parent is the root; its children's to x, in 5.10's memcg chunks).
# The steps show where free populated room was and when pcpu_balance_populated
# refilled PCPU_EMPTY_POP_PAGES_HIGH empty pages.
R=/sys/fs/cgroup
grep Percpu /proc/meminfo
grep memory /proc/cgroups
mkdir $R/core
for i in $(seq 1 20); do mkdir $R/core/c$i; echo "core $i $(grep Percpu /proc/meminfo)"; done
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
mkdir $R/x; echo +memory > $R/x/cgroup.subtree_control
echo "x $(grep Percpu /proc/meminfo)"
for i in $(seq 1 40); do mkdir $R/x/c$i; echo "x $i $(grep Percpu /proc/meminfo)"; done
