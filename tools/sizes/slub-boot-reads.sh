#!/bin/bash
# Written for memcgsim (session 36, slab36; docs/fidelity.md item 254): SLUB's lists at
# boot of the caches a sysfs read itself uses (fs/kernfs/file.c `kernfs_fop_open`: the
# kernfs_open_file, kmalloc-192; the node's kernfs_open_node, kmalloc-64 on 5.10 and
# kmalloc-96 on 6.1; fs/seq_file.c `seq_buf_alloc`: the read's PAGE_SIZE buffer,
# kmalloc-4k on 5.10 and kmalloc-cg-4k on 6.1; fs/namei.c `getname`: names_cache),
# which tools/sizes/slub-boot-cpus.sh reads through new opens of sysfs files after its
# shrinks: each of them re-freezes a CPU slab of those caches on the reading CPU, which
# `show_slab_objects` then counts whole (its 6.1 recordings count kmalloc-192 441
# objects in use after the shrinks of 399 before). Here, as there, each cache's sysfs
# counts are read and its `shrink` written (through descriptors opened first, as
# slub-boot-vfs.sh does), but the counts after the shrinks come from /proc/slabinfo
# through a descriptor opened and read (its seq buffer taken) before the first count:
# each later `read` of it makes its lines again (bash's lseek back, `seq_lseek` →
# `traverse`) and allocates nothing; /proc/slabinfo's active objects after the
# shrinks are the objects in use (mm/slab_common.c `cache_show` / mm/slub.c
# `get_slabinfo`: the node partial lists' free objects subtracted, no slab frozen).
# The script's bash stays on CPU 0 (taskset -p). Lines in slub-boot-cpus.sh's format.
# Run: memcgsim oracle tools/sizes/slub-boot-reads.sh --kernel K --cgroup v2 --cpus N
taskset -p 1 $$ > /dev/null
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
names=()
for n in names_cache kmalloc-192 kmalloc-96 kmalloc-64 kmalloc-cg-4k kmalloc-4k; do
  [ -e /sys/kernel/slab/$n ] && names+=("$n")
done
files=(order objs_per_slab slabs objects partial objects_partial cpu_slabs slabs_cpu_partial shrink)
for n in "${names[@]}"; do for f in "${files[@]}"; do [ -e /sys/kernel/slab/$n/$f ]; done; done
declare -A fw
for n in "${names[@]}"; do exec {w}> /sys/kernel/slab/$n/shrink; fw[$n]=$w; done
exec {si}< /proc/slabinfo
read -r _ <&$si
echo "held $(( ${#names[@]} + 1 ))"
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
declare -A want
for n in "${names[@]}"; do want[$n]=1; done
out=()
while read -r n a o _ _ _ _ _ _ _ _ _ _ _ s _; do
  [ -n "${want[$n]}" ] && out+=("shrunk $n slabs $s objects $a")
done <&$si
printf '%s\n' "${out[@]}"
