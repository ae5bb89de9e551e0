#!/bin/bash
# How long jobs-v1.sh's removed children stay counted in /proc/cgroups after the `rm` of
# the files that pinned them, without probes (docs/fidelity.md, branch release28): the script's
# loop, then three timed commands (the guest's pace), the rm, and a loop of bash builtins
# (no fork) reading /proc/cgroups until 2 are left, each change with its time after the rm.
#   memcgsim oracle tools/sizes/jobs-v1-chain-time.sh --kernel 5.10|6.1 --cgroup v1 --cpus 2|8
# Batch jobs under a v1 parent (novel, lead session 27): each job writes and reads a
# file in its own memcg and is removed; the parent is emptied with force_empty.
M=/sys/fs/cgroup/memory
mkdir $M/jobs
echo "hier: $(cat $M/jobs/memory.use_hierarchy)"
for i in $(seq 1 12); do
    mkdir $M/jobs/j$i
    echo 32M > $M/jobs/j$i/memory.limit_in_bytes
    sh -c "echo \$\$ > $M/jobs/j$i/cgroup.procs; head -c 200000 /dev/urandom > /tmp/f$i; cat /tmp/f$i > /dev/null"
    echo "j$i: usage $(cat $M/jobs/j$i/memory.usage_in_bytes) max $(cat $M/jobs/j$i/memory.max_usage_in_bytes) cache $(awk '$1=="cache"{print $2}' $M/jobs/j$i/memory.stat) failcnt $(cat $M/jobs/j$i/memory.failcnt)"
    rmdir $M/jobs/j$i
done
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
echo "jobs: usage $(cat $M/jobs/memory.usage_in_bytes) kmem $(cat $M/jobs/memory.kmem.usage_in_bytes)"
grep -E '^(cache|rss|mapped_file|total_cache|total_rss|total_inactive_file|total_active_file) ' $M/jobs/memory.stat
echo 0 > $M/jobs/memory.force_empty; echo "force_empty: $?"
echo "jobs after: usage $(cat $M/jobs/memory.usage_in_bytes) kmem $(cat $M/jobs/memory.kmem.usage_in_bytes)"
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
cnt() { local n h c e; while read -r n h c e; do [ "$n" = memory ] && N=$c; done < /proc/cgroups; }

# the guest's pace: three awk reads, timed
a=${EPOCHREALTIME/./}; awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups >/dev/null; b=${EPOCHREALTIME/./}
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups >/dev/null; c=${EPOCHREALTIME/./}
rmdir /sys/fs/cgroup/memory/nonexistent 2>/dev/null; d=${EPOCHREALTIME/./}
echo "awk $((b-a)) us, awk $((c-b)) us, rmdir $((d-c)) us"
t0=${EPOCHREALTIME/./}; rm -f /tmp/f*; t1=${EPOCHREALTIME/./}
last=14; out="rm took $((t1-t0)) us;"
for ((i = 1; i <= 20000; i++)); do
  cnt; n=$N; if [ "$n" != "$last" ]; then t=${EPOCHREALTIME/./}; out="$out $n@$(( t - t1 ))"; last=$n; fi
  [ "$n" -le 2 ] && break
done
echo "$out (polls $i)"
