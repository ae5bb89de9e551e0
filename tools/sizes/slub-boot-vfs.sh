#!/bin/bash
# Written for memcgsim (session 34, slab34; docs/fidelity.md item 201): SLUB's lists at
# boot of the caches tools/sizes/slub_boot.py leaves out (`SKIP`: a sysfs read makes a
# dentry and an inode the first time it looks its file up, and opens a file), read as
# tools/sizes/slub-boot-cpus.sh reads every cache, with its lines' format, but every
# file this script reads or writes looked up once first (`[ -e FILE ]`), so that
# dentry and inode_cache do not move between the reads and the shrinks; filp,
# lsm_file_cache and seq_file still churn on the reading CPU (one open a read).
# Run: memcgsim oracle tools/sizes/slub-boot-vfs.sh --kernel K --cgroup v2 --cpus N
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
names=(dentry inode_cache filp lsm_file_cache seq_file kernfs_iattrs_cache)
files=(order objs_per_slab slabs objects partial objects_partial cpu_slabs slabs_cpu_partial shrink)
for n in "${names[@]}"; do for f in "${files[@]}"; do [ -e /sys/kernel/slab/$n/$f ]; done; done
out=()
for n in "${names[@]}"; do
  d=/sys/kernel/slab/$n
  line="$n"
  for f in order objs_per_slab slabs objects partial objects_partial; do
    read -r v < $d/$f; line="$line $f $v"
  done
  read -r v < $d/cpu_slabs; line="$line cpu_slabs \"$v\""
  read -r v < $d/slabs_cpu_partial; line="$line cpu_partial \"$v\""
  out+=("$line")
done
printf '%s\n' "${out[@]}"
for n in "${names[@]}"; do echo 1 > /sys/kernel/slab/$n/shrink 2>/dev/null; done
out=()
for n in "${names[@]}"; do
  read -r s < /sys/kernel/slab/$n/slabs; read -r a < /sys/kernel/slab/$n/objects
  out+=("shrunk $n slabs ${s%% *} objects ${a%% *}")
done
printf '%s\n' "${out[@]}"
