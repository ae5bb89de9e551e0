#!/bin/bash
# A guest's RAM and its page allocator's watermarks (docs/fidelity.md item 65): run at
# several qemu -m sizes (--mem) to fit the model's MemTotal and check its watermarks
# (kernel/sizes/hostmem.py). Prints /proc/meminfo's first lines, the vm sysctls, and
# per zone of /proc/zoneinfo: managed pages, min/low/high and the protection array.
head -3 /proc/meminfo
echo "min_free_kbytes $(cat /proc/sys/vm/min_free_kbytes)"
echo "watermark_scale_factor $(cat /proc/sys/vm/watermark_scale_factor)"
echo "lowmem_reserve_ratio $(cat /proc/sys/vm/lowmem_reserve_ratio)"
awk '/^Node/ {z=$4} /^ +(min|low|high|managed|present|spanned) / {printf "%s %s %s\n", z, $1, $2}
     /protection:/ {print z, $0}' /proc/zoneinfo
grep -E '^(nr_free_pages|pgscan_kswapd|pgsteal_kswapd|pageoutrun|allocstall_movable) ' /proc/vmstat
