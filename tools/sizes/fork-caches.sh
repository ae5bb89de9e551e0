#!/bin/bash
# Run in the oracle's guest (memcgsim oracle tools/sizes/fork-caches.sh --kernel K
# --cgroup v2): the SLUB caches fork, exec and exit allocate from, as the booted
# kernel built them. Per cache: the cache SLUB merged it into (/sys/kernel/slab/NAME
# is then a symlink to an alias like :A-0000064, listed under the slabinfo name of the
# first cache of that alias), its slot size (/sys/kernel/slab/NAME/slab_size: the
# objsize column of /proc/slabinfo), object_size (sizeof, or arch_task_struct_size),
# objects per slab and order.
for c in task_struct signal_cache sighand_cache files_cache fs_cache mm_struct pid \
         cred_jar task_delay_info vm_area_struct anon_vma anon_vma_chain; do
    d=/sys/kernel/slab/$c
    if [ ! -e "$d" ]; then echo "$c absent"; continue; fi
    t=$(readlink "$d")
    printf '%s -> %s slab_size %s object_size %s objs_per_slab %s order %s aliases %s\n' \
        "$c" "${t:-$c}" "$(cat $d/slab_size)" "$(cat $d/object_size)" \
        "$(cat $d/objs_per_slab)" "$(cat $d/order)" "$(cat $d/aliases)"
done
echo "--- caches sharing each alias"
for c in task_struct signal_cache sighand_cache files_cache fs_cache mm_struct pid \
         cred_jar task_delay_info vm_area_struct anon_vma anon_vma_chain; do
    t=$(readlink /sys/kernel/slab/$c 2>/dev/null) || continue
    [ -n "$t" ] || continue
    printf '%s:' "$c"
    for l in /sys/kernel/slab/*; do
        [ "$(readlink "$l")" = "$t" ] && printf ' %s' "${l##*/}"
    done
    echo
done
echo "--- /proc/slabinfo"; cat /proc/slabinfo
