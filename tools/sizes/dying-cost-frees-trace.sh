#!/bin/bash
# Written for memcgsim (session 40, slab40; docs/fidelity.md item 337): where the guest
# frees dying-cost.sh's inodes and memcg objects (tests/conformance/scripts; item 310:
# the 5.10 guest's emptied slabs sit on both CPUs' partial lists). The same loop; then
# the `rm` and the 5 s after it traced: kmem:kmem_cache_free and kmem:kfree (5.10's
# events carry the call site, not the cache), kmem_cache_alloc / kmalloc, rm's
# migrations and every task switch on or off rm, folded in the guest into counts by
# event, call site, CPU and the freeing task's kind (rm, a kworker, ksoftirqd, idle:
# an RCU callback or softirq on an idle CPU, other). /proc/slabinfo and
# /sys/kernel/slab/C/slabs_cpu_partial of the caches of item 310 before and after.
# Run: memcgsim oracle tools/sizes/dying-cost-frees-trace.sh --kernel K --cgroup v2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1
C="ext4_inode_cache kmalloc-4k kmalloc-1k kmalloc-64"
st() {
  local c v
  for c in $C; do read -r v < /sys/kernel/slab/$c/slabs_cpu_partial; echo "$1 $c cpu_partial $v"; done
  awk -v t="$1" 'NR > 2 {print t, "slabinfo", $1, $2, $3, $15}' /proc/slabinfo |
    grep -E " ($(echo $C | tr ' ' '|')) "
}
N=500
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/dying_cost
mkdir $P
echo +memory > $P/cgroup.subtree_control
mkdir -p files
for ((i = 0; i < N; i++)); do
  mkdir $P/c$i
  (echo $BASHPID > $P/c$i/cgroup.procs; head -c 4096 /dev/zero > files/f$i)
  rmdir $P/c$i
done
echo 40000 > $TR/buffer_size_kb
for e in kmem_cache_free kfree kmem_cache_alloc kmalloc; do echo 1 > $TR/events/kmem/$e/enable; done
echo 'comm == "rm"' > $TR/events/sched/sched_migrate_task/filter
echo 1 > $TR/events/sched/sched_migrate_task/enable
echo 'prev_comm == "rm" || next_comm == "rm"' > $TR/events/sched/sched_switch/filter
echo 1 > $TR/events/sched/sched_switch/enable
echo 0 > $TR/tracing_on; echo > $TR/trace
sleep 2
st loop
echo 1 > $TR/tracing_on
rm -f files/f*
sleep 5
echo 0 > $TR/tracing_on
st rm
echo "dying after rm: $(awk '$1 == "nr_dying_descendants" {print $2}' $P/cgroup.stat)"
grep -a 'entries-in-buffer\|lost' $TR/trace | head -2
echo "=== rm's CPUs"
grep -a ' sched_migrate_task: \| sched_switch: ' $TR/trace | awk '
/sched_switch:/ { c = $0; sub(/.*\[0*/, "", c); sub(/\].*/, "", c)
  c += 0; if ($0 ~ /next_comm=rm /) on[c]++; else off[c]++; next }
{ print "migrate", $0 }
END { for (c in on) print "switched onto rm on CPU", c, on[c]; for (c in off) print "switched off rm on CPU", c, off[c] }'
echo "=== events: event call_site cpu task count"
grep -a ' kmem_cache_free: \| kfree: \| kmem_cache_alloc: \| kmalloc: ' $TR/trace | awk '
{ task = $1; sub(/-[0-9]+$/, "", task)
  if (task ~ /^kworker/) task = "kworker"; else if (task ~ /^ksoftirqd/) task = "ksoftirqd"
  else if (task != "rm" && task != "<idle>") task = "other"
  c = $0; sub(/.*\[0*/, "", c); sub(/\].*/, "", c)
  ev = ""; for (i = 1; i <= NF; i++) if ($i ~ /^(kmem_cache_free|kfree|kmem_cache_alloc|kmalloc):$/) ev = $i
  cs = $0; sub(/.*call_site=/, "", cs); sub(/[+ ].*/, "", cs)
  by = ""; if ($0 ~ /bytes_alloc=/) { by = $0; sub(/.*bytes_alloc=/, "", by); sub(/ .*/, "", by); by = " " by }
  n[ev " " cs by " cpu" (c + 0) " " task]++ }
END { for (k in n) print k, n[k] }' | sort
rmdir $P
