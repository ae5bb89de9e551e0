#!/bin/bash
# Written for memcgsim (session 45, slab45; docs/fidelity.md item 483): what boot holds
# a CPU that no /proc/meminfo line names. Run in the oracle's guest:
#   memcgsim oracle tools/sizes/boot-unnamed.sh --kernel K --cgroup v2 --cpus N
# Prints the block devices' blk-mq geometry (hardware queues, tags a queue, the
# scheduler and its nr_requests, max_segments: virtio-blk's seg_max, whose
# scatterlist each request carries inline on 5.10), the per-CPU page lists' pages
# (/proc/zoneinfo's pagesets: count, high, batch summed over the CPUs, by zone), and
# the meminfo and vmstat lines the rest is read against.
echo "cpus $(grep -c ^processor /proc/cpuinfo) $(uname -r)"
dmesg | grep -E 'percpu: Embedded|Memory:'
for d in /sys/block/*; do
  [ -d $d/mq ] || continue
  echo "blk ${d##*/} hw_queues $(ls $d/mq | wc -l) nr_requests $(cat $d/queue/nr_requests)" \
    "scheduler $(cat $d/queue/scheduler | tr ' ' ,) max_segments $(cat $d/queue/max_segments)"
  for q in $d/mq/*; do echo "  hctx ${q##*/} nr_tags $(cat $q/nr_tags) nr_reserved_tags $(cat $q/nr_reserved_tags) cpu_list $(cat $q/cpu_list)"; done
done
awk '/^Node/ {z = $4} /^ +cpu:/ {inpcp = 1} /^ +count:/ && inpcp {c[z] += $2; n[z]++}
     /^ +high:/ && inpcp {h[z] += $2} /^ +batch:/ && inpcp {b[z] += $2}
     END {for (k in c) print "pcp", k, "cpus", n[k], "count", c[k], "high", h[k], "batch", b[k]}' /proc/zoneinfo
grep -E '^(MemTotal|MemFree|MemAvailable|Buffers|Cached|Shmem|Slab|SReclaimable|SUnreclaim|KernelStack|PageTables|VmallocUsed|Percpu|AnonPages|Mapped):' /proc/meminfo
grep -E '^(nr_free_pages|pgalloc_dma|pgalloc_dma32|pgfree|nr_zone_write_pending|nr_bounce) ' /proc/vmstat
