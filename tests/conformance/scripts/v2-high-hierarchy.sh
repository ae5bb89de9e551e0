#!/bin/bash
# Written for memcgsim's conformance suite (session 12, cgroup v2), after
# test_memcontrol.c test_memcg_high and memory.events.local: a parent's memory.high
# and memory.max hit by page cache its child reads. try_charge (mm/memcontrol.c)
# looks for a memcg over its high on the way up, and reclaim_high /
# mem_cgroup_handle_over_high reclaim each ancestor over its high and count "high"
# there; memcg_memory_event counts an event in the memcg's memory.events.local and in
# its and every ancestor's memory.events, never in a descendant's. Figures in MiB.
C=/sys/fs/cgroup
MB=$((1 << 20))
echo +memory > $C/cgroup.subtree_control
mkdir $C/p $C/p/c
echo +memory > $C/p/cgroup.subtree_control
head -c 24M /dev/zero > data
sync
ev() { awk -v k=$2 '$1 == k {print $2}' $C/$1; }
show() {
  local g
  for g in p p/c; do
    echo "$1 $g: current $(( $(cat $C/$g/memory.current) / MB ))M" \
         "high>0 $(( $(ev $g/memory.events high) > 0 )) local $(( $(ev $g/memory.events.local high) > 0 ))" \
         "max>0 $(( $(ev $g/memory.events max) > 0 )) local $(( $(ev $g/memory.events.local max) > 0 ))"
  done
}
readin() { echo 3 > /proc/sys/vm/drop_caches; ( echo $BASHPID > $C/p/c/cgroup.procs; cat data > /dev/null ); }
echo 8M > $C/p/memory.high
readin
cur=$(cat $C/p/memory.current)
echo "parent high 8M: p current <= 9M: $((cur <= 9 * MB)), >= 6M: $((cur >= 6 * MB))"
show "parent high"
echo max > $C/p/memory.high
echo 0 > $C/p/memory.reclaim 2>/dev/null
echo 12M > $C/p/memory.max
readin
cur=$(cat $C/p/memory.current)
echo "parent max 12M: p current <= 12M: $((cur <= 12 * MB)), >= 8M: $((cur >= 8 * MB))"
show "parent max"
echo 4M > $C/p/c/memory.high
readin
cur=$(cat $C/p/c/memory.current)
echo "child high 4M: c current <= 5M: $((cur <= 5 * MB))"
show "child high"
echo "c high: $(cat $C/p/c/memory.high), p high: $(cat $C/p/memory.high), p max: $(cat $C/p/memory.max)"
rmdir $C/p/c $C/p
rm data
