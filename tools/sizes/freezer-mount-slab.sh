#!/bin/bash
# What mounting the v1 freezer hierarchy and making 50 freezer cgroups allocate
# (session 33, freezer33; docs/fidelity.md item 185): the active objects of the
# kmalloc caches and kernfs_node_cache, Slab and Percpu, before the mount, after it,
# after the mkdirs. Run: memcgsim oracle tools/sizes/freezer-mount-slab.sh --kernel
# 5.10 --cgroup v1 (and memcgsim run ... --init busybox --userland busybox --kernel 5.10
# --cgroup v1 for the model's figures).
s() {
  grep -E '^(kmalloc-(32|64|128|192|256|512|1k|2k|4k|8k)|kernfs_node_cache|kernfs_iattrs_cache) ' /proc/slabinfo |
    while read -r name active rest; do echo "$name $active"; done
  grep -E '^(Slab|Percpu):' /proc/meminfo | awk '{print $1, $2}'
}
s > /tmp/a
mkdir /sys/fs/cgroup/freezer
mount -t cgroup -o freezer freezer /sys/fs/cgroup/freezer
s > /tmp/b
for i in $(seq 50); do mkdir /sys/fs/cgroup/freezer/c$i; done
s > /tmp/c
paste -d' ' /tmp/a /tmp/b /tmp/c | while read -r n a _ b _ c rest; do
  echo "$n before $a mount +$((b - a)) 50 mkdirs +$((c - b))"
done
