#!/bin/bash
# What the guest's boot leaves of 5.10's root-type per-CPU chunk (kernel/sizes
# ReleaseSizes.pcpu_boot), second reading (session 15): /proc/meminfo Percpu (kB)
# after the memory controller is enabled at the cgroup2 root, after each of two
# memory cgroups made there (their per-CPU statistics are charged to nobody, so on
# 5.10 they go in the root type's chunks with the cgroup core's areas), after 60
# cgroups without the memory controller under the first and 30 memory cgroups under
# the second (those in the memcg type's chunks). With percpu-boot.sh's 20 core-only
# cgroups populating nothing, it bounds the free room the boot leaves.
pc() { grep Percpu /proc/meminfo | awk '{print $2}'; }
echo "boot $(pc) $(cat /sys/fs/cgroup/cgroup.subtree_control)"
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
echo "enabled $(pc)"
mkdir /sys/fs/cgroup/plain_parent; echo "plain_parent $(pc)"
mkdir /sys/fs/cgroup/mem_parent; echo "mem_parent $(pc)"
echo +memory > /sys/fs/cgroup/mem_parent/cgroup.subtree_control; echo "mem_parent enabled $(pc)"
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1; echo "dropped $(pc)"
for i in $(seq 1 60); do mkdir /sys/fs/cgroup/plain_parent/g$i; echo -n "$i:$(pc) "; done; echo
for i in $(seq 1 30); do mkdir /sys/fs/cgroup/mem_parent/g$i; echo -n "$i:$(pc) "; done; echo
