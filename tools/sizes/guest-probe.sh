#!/bin/bash
# Run in the oracle's guest (memcgsim oracle tools/sizes/guest-probe.sh --kernel K
# --cgroup v2): the percpu allocator's geometry (boot log), and /proc/meminfo,
# /proc/vmstat and /proc/slabinfo as the release prints them (line sets and order).
dmesg | grep -E 'percpu|Embedded|pcpu-alloc|Memory:|nr_cpu_ids|node_ids|possible'
echo "--- /sys/devices/system/cpu/possible: $(cat /sys/devices/system/cpu/possible)"
echo "--- /proc/meminfo"; cat /proc/meminfo
echo "--- /proc/vmstat"; cat /proc/vmstat
echo "--- /proc/slabinfo"; cat /proc/slabinfo
echo "--- /proc/zoneinfo"; head -5 /proc/zoneinfo
