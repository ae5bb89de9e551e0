#!/bin/bash
# Written for memcgsim's conformance suite (session 34, branch jobctl34): what 200
# freezer cgroups allocate (docs/fidelity.md item 203): each mkdir's struct freezer
# (208 bytes: kmalloc-256) and its css's percpu_ref data (kmalloc-64, with the self
# css's), its kernfs nodes, and meminfo's Slab and Percpu; then their removal.
o() { awk -v c="$1" '$1 == c {print $2}' /proc/slabinfo; }
kb() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
mkdir /sys/fs/cgroup/freezer
mount -t cgroup -o freezer freezer /sys/fs/cgroup/freezer
cd /sys/fs/cgroup/freezer
a256=$(o kmalloc-256); a64=$(o kmalloc-64); kn=$(o kernfs_node_cache)
s=$(kb Slab); p=$(kb Percpu)
for i in $(seq 200); do mkdir c$i; done
echo "kmalloc-256 objects +$(( $(o kmalloc-256) - a256 ))"
echo "kmalloc-64 objects +$(( $(o kmalloc-64) - a64 ))"
echo "kernfs_node_cache objects +$(( $(o kernfs_node_cache) - kn ))"
echo "Slab kB +$(( $(kb Slab) - s ))"
echo "Percpu kB +$(( $(kb Percpu) - p ))"
grep freezer /proc/cgroups
for i in $(seq 200); do rmdir c$i; done
sleep 1
grep freezer /proc/cgroups
