#!/bin/sh
# Written for memcgsim's conformance suite (session 30, slab30): /proc/meminfo's
# Slab, SReclaimable and SUnreclaim as the script starts, what the boot left at this
# CPU count (every cache's per-CPU slab and partial list, mm/slub.c kmem_cache_cpu),
# then after 20 empty cgroups are made and removed.
grep -E '^(Slab|SReclaimable|SUnreclaim):' /proc/meminfo
R=/sys/fs/cgroup
[ -f $R/cgroup.controllers ] || R=/sys/fs/cgroup/memory
i=1
while [ $i -le 20 ]; do mkdir $R/bs$i; i=$((i + 1)); done
i=1
while [ $i -le 20 ]; do rmdir $R/bs$i; i=$((i + 1)); done
sleep 1
grep -E '^(Slab|SReclaimable|SUnreclaim):' /proc/meminfo | sed 's/^/after: /'
