#!/bin/bash
# Written for memcgsim (session 40, slab40; docs/fidelity.md item 336): SLUB's lists
# where a conformance script starts: its first line, right after the oracle's init
# (no `sync; echo 3 > drop_caches; sleep 1` first, as tools/sizes/slub-boot-cpus.sh,
# -reads.sh and -vfs.sh have: drop_caches evicts the unused dentries and with them
# the /proc, sysfs and ext4 inodes, and the second lets the boot's RCU frees land).
# No fork before the reads. Lines in slub-boot-cpus.sh's format, in two phases:
# 1. the caches a sysfs read itself uses (names_cache, kmalloc-192, -96, -64, -4k,
#    -cg-4k: slub-boot-reads.sh's way, each `shrink` written through a descriptor
#    opened first and the counts after the shrinks read from /proc/slabinfo through a
#    descriptor opened and read first, so that no open re-freezes a slab of them);
# 2. every other cache but the dentry, inode, file and seq_file caches (slub_boot.py
#    `VFS`, which every sysfs lookup and open moves): slub-boot-cpus.sh's way.
# Run: memcgsim oracle tools/sizes/slub-boot-start.sh --kernel K --cgroup v2 --cpus N
reads=()
for n in names_cache kmalloc-192 kmalloc-96 kmalloc-64 kmalloc-cg-4k kmalloc-4k; do
  [ -e /sys/kernel/slab/$n ] && reads+=("$n")
done
declare -A skip fw want
for n in "${reads[@]}" dentry inode_cache filp lsm_file_cache seq_file kernfs_iattrs_cache; do
  skip[$n]=1
done
names=()
for d in /sys/kernel/slab/*; do
  n=${d##*/}
  [[ $n == :* || -n ${skip[$n]} ]] || names+=("$n")
done
files=(order objs_per_slab slabs objects partial objects_partial cpu_slabs slabs_cpu_partial shrink)
for n in "${reads[@]}"; do for f in "${files[@]}"; do [ -e /sys/kernel/slab/$n/$f ]; done; done
for n in "${reads[@]}"; do exec {w}> /sys/kernel/slab/$n/shrink; fw[$n]=$w; want[$n]=1; done
exec {si}< /proc/slabinfo
read -r _ <&$si
echo "held $(( ${#reads[@]} + 1 ))"
counts() {  # NAME...: each cache's line
  local n d f v line
  out=()
  for n; do
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
}
counts "${reads[@]}"
for n in "${reads[@]}"; do echo 1 >&${fw[$n]} 2>/dev/null; done
out=()
while read -r n a o _ _ _ _ _ _ _ _ _ _ _ s _; do
  [ -n "${want[$n]}" ] && out+=("shrunk $n slabs $s objects $a")
done <&$si
printf '%s\n' "${out[@]}"
counts "${names[@]}"
for n in "${names[@]}"; do echo 1 > /sys/kernel/slab/$n/shrink 2>/dev/null; done
out=()
for n in "${names[@]}"; do
  read -r s < /sys/kernel/slab/$n/slabs; read -r a < /sys/kernel/slab/$n/objects
  out+=("shrunk $n slabs ${s%% *} objects ${a%% *}")
done
printf '%s\n' "${out[@]}"
