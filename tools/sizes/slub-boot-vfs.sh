#!/bin/bash
# Written for memcgsim (session 34, slab34; docs/fidelity.md item 201; session 35,
# slab35, item 224): SLUB's lists at boot of the caches tools/sizes/slub-boot-cpus.sh
# cannot read undisturbed (slub_boot.py `VFS`: a sysfs read makes a dentry and an
# inode the first time it looks its file up, and each open takes a filp, an
# lsm_file_cache blob and a seq_file, fs/kernfs/file.c `kernfs_fop_open` → `seq_open`),
# read as slub-boot-cpus.sh reads every cache, with its lines' format, but
# - every file this script reads or writes looked up once first (`[ -e FILE ]`), so
#   that dentry and inode_cache do not move between the reads and the shrinks;
# - the shrinks written, and the counts after them read, through descriptors opened
#   before the first read (3 a cache, 18 in all: "held 18"), so that no open after
#   the shrinks re-freezes a CPU slab of filp, lsm_file_cache or seq_file (one that
#   does is counted full: `show_slab_objects` counts CPU-held slabs whole). Those 18
#   objects of each of the three are in use in both counts; the reads before the
#   shrinks still open and close one file each on the reading CPU (a filp is freed a
#   grace period after the close, `file_free_rcu`).
# Run: memcgsim oracle tools/sizes/slub-boot-vfs.sh --kernel K --cgroup v2 --cpus N
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
names=(dentry inode_cache filp lsm_file_cache seq_file kernfs_iattrs_cache)
files=(order objs_per_slab slabs objects partial objects_partial cpu_slabs slabs_cpu_partial shrink)
for n in "${names[@]}"; do for f in "${files[@]}"; do [ -e /sys/kernel/slab/$n/$f ]; done; done
declare -A fs fo fw
for n in "${names[@]}"; do
  d=/sys/kernel/slab/$n
  exec {s}< $d/slabs {o}< $d/objects {w}> $d/shrink
  fs[$n]=$s fo[$n]=$o fw[$n]=$w
done
echo "held $(( ${#names[@]} * 3 ))"
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
for n in "${names[@]}"; do echo 1 >&${fw[$n]} 2>/dev/null; done
out=()
for n in "${names[@]}"; do
  read -r s <&${fs[$n]}; read -r a <&${fo[$n]}
  out+=("shrunk $n slabs ${s%% *} objects ${a%% *}")
done
printf '%s\n' "${out[@]}"
