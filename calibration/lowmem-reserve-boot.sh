#!/bin/bash
# Written for memcgsim (session 45, slab45; docs/fidelity.md item 484): which calls set
# the zones' lowmem reserves and totalreserve_pages at boot. Run with boot-time
# kprobes (kprobe_event=, Documentation/trace/kprobetrace.rst; each with its stack):
#   memcgsim oracle calibration/lowmem-reserve-boot.sh --kernel K --cgroup v2 \
#     --boot "kprobe_event=p:lmr,setup_per_zone_lowmem_reserve;p:ctr,calculate_totalreserve_pages;p:wmin,init_per_zone_wmark_min;p:wm,setup_per_zone_wmarks;p:fim,free_initrd_mem trace_options=stacktrace"
# Prints which of those symbols the kernel has (a static one inlined has none), the
# trace (each probe's time and stack) and /proc/zoneinfo's managed pages and
# protection.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo "$(grep -c ^processor /proc/cpuinfo) CPUs, $(uname -r)"
for f in setup_per_zone_lowmem_reserve calculate_totalreserve_pages init_per_zone_wmark_min \
    setup_per_zone_wmarks free_initrd_mem; do
  echo "symbol $f: $(grep -cw "$f" /proc/kallsyms)"
done
cat $T/kprobe_events
echo "--- trace"
grep -v '^#' $T/trace
echo "--- zoneinfo"
grep -E '^Node|managed|protection|^ +(min|low|high) ' /proc/zoneinfo
grep -E '^MemAvailable|^MemFree' /proc/meminfo
