#!/bin/bash
# Written for memcgsim (session 45, slab45; docs/fidelity.md item 484): a read of
# /proc/sys/vm/lowmem_reserve_ratio runs lowmem_reserve_ratio_sysctl_handler, which
# calls setup_per_zone_lowmem_reserve (and, on 5.10, calculate_totalreserve_pages)
# whether or not it writes: ZONE_DMA's protection and MemAvailable before and after
# one read, twice.
#   memcgsim oracle calibration/lowmem-reserve-read.sh --kernel K --cgroup v2
prot() { awk '$1 == "Node" {z = $4} z == "DMA" && $1 == "protection:" {print $0; exit}' /proc/zoneinfo; }
avail() { awk '$1 == "MemAvailable:" || $1 == "MemFree:" {printf "%s %s ", $1, $2}' /proc/meminfo; echo; }
echo "$(uname -r)"
echo "before: $(prot) $(avail)"
cat /proc/sys/vm/lowmem_reserve_ratio > /dev/null
echo "after a read: $(prot) $(avail)"
cat /proc/sys/vm/lowmem_reserve_ratio > /dev/null
echo "after a second read: $(prot) $(avail)"
