#!/bin/bash
# Written for memcgsim's conformance suite (session 9, cgroup v2), after
# test_memcontrol.c's test_memcg_low/test_memcg_min: page cache under a parent's
# memory.max, with one child protected. "A" (memory.low or memory.min 16 MiB) reads
# 8 MiB of page cache, then "B" reads 32 MiB under the parent's 20 MiB limit: reclaim
# skips the protected child (mem_cgroup_calculate_protection, below low/min) and takes
# B's pages. Then B holds 16 MiB of anon (a pipe into tail: no swap, unreclaimable),
# so only A's cache is left to take: memory.low gives way (a second pass counts
# "low" events), memory.min does not (the charge fails into OOM).
C=/sys/fs/cgroup
MB=$((1 << 20))
st() { awk -v k="$2" '$1 == k {v = $2} END {print v + 0}' $C/$1/memory.stat; }  # 0 if absent (5.10 has no pagetables)
ev() { awk -v k="$3" '$1 == k {print $2}' $C/$1/$2; }
echo +memory > $C/cgroup.subtree_control
head -c 8M /dev/zero > a8m
head -c 32M /dev/zero > b32m
sync
for knob in low min; do
  echo 3 > /proc/sys/vm/drop_caches
  mkdir $C/p
  echo +memory > $C/p/cgroup.subtree_control
  mkdir $C/p/A $C/p/B
  echo 20M > $C/p/memory.max
  echo 16M > $C/p/A/memory.$knob
  ( echo $BASHPID > $C/p/A/cgroup.procs; cat a8m > /dev/null )
  ( echo $BASHPID > $C/p/B/cgroup.procs; cat b32m > /dev/null )
  echo "$knob: A file in MiB $(( $(st p/A file) / MB )); B file <= 12M $(( $(st p/B file) <= 12 * MB ))"
  echo "$knob: p max > 0 $(( $(ev p memory.events max) > 0 )); A events: low $(ev p/A memory.events low) max $(ev p/A memory.events max)"
  ( echo $BASHPID > $C/p/B/cgroup.procs; head -c 16M /dev/zero | tail > /dev/null )
  echo "$knob: status ${PIPESTATUS[0]} $?"
  echo "$knob: A file < 8M $(( $(st p/A file) < 8 * MB )); A low events > 0 $(( $(ev p/A memory.events low) > 0 )); p oom_kill $(ev p memory.events oom_kill)"
  echo "$knob: A events.local low > 0 $(( $(ev p/A memory.events.local low) > 0 )); p events low > 0 $(( $(ev p memory.events low) > 0 )); p events.local low $(ev p memory.events.local low)"
  rmdir $C/p/A $C/p/B $C/p
done
