#!/bin/bash
# On which CPUs cgroup-cost.sh's 1000 children are made and freed (docs/fidelity.md,
# session 29 branch pcpu29): 5.10 batches the parent's memory.stat "percpu" per CPU
# (__mod_memcg_state: a CPU's delta folds when it passes MEMCG_CHARGE_BATCH pages), so
# what the parent reads after the rmdirs is what the CPUs' last deltas left folded.
# kprobes on mem_cgroup_css_alloc (the mkdir's task, its CPU) and mem_cgroup_css_free
# (the css_free work's kworker, its CPU) and __mod_memcg_state of each statistics
# area's charge and uncharge ("V cpu bytes": the CPU whose delta it joins); the
# same mkdir and rmdir loops as cgroup-cost.sh, then per event "E cpu a|f" in order
# and the parent's percpu:
#   memcgsim oracle tools/sizes/pcpu-parent-stat-trace.sh --kernel 5.10 --cgroup v2 --cpus N
# (recordings/pcpu-parent-stat-trace--5.10-v2-Ncpu.txt; tools/sizes/pcpu_parent_stat.py
# replays the batching over the events).
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
N=1000
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/cost_parent
mkdir $P; echo +memory > $P/cgroup.subtree_control
pc() { awk '$1 == "percpu" {print $2}' $P/memory.stat; }
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 'p:pcpu29/css_alloc mem_cgroup_css_alloc' >> $T/kprobe_events
echo 'p:pcpu29/css_free mem_cgroup_css_free' >> $T/kprobe_events
# each statistics area's charge and uncharge where it is counted: __mod_memcg_state's
# val of a child's memcg_vmstats_percpu (1112 bytes a CPU) or lruvec_stat (296)
echo 'p:pcpu29/mod __mod_memcg_state memcg=%di val=%dx:s32' >> $T/kprobe_events
n=$(getconf _NPROCESSORS_ONLN)
echo "val == $((1112 * n)) || val == -$((1112 * n)) || val == $((296 * n)) || val == -$((296 * n))" > $T/events/pcpu29/mod/filter
echo 16384 > $T/buffer_size_kb
echo 1 > $T/events/pcpu29/enable
echo 1 > $T/tracing_on
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
echo "before $(pc)"
for ((i = 0; i < N; i++)); do mkdir $P/child_$i; done
echo "made $(pc)"
for ((i = 0; i < N; i++)); do rmdir $P/child_$i; done
sleep 3
echo "after $(pc)"
echo 0 > $T/tracing_on
awk '/css_alloc:|css_free:/ { c = $0; sub(/^.*\[/, "", c); sub(/\].*/, "", c)
  print "E", c + 0, /css_alloc:/ ? "a" : "f" }
  / mod: / { c = $0; sub(/^.*\[/, "", c); sub(/\].*/, "", c); v = $NF; sub(/^val=/, "", v)
  print "V", c + 0, v }' $T/trace
echo 0 > $T/events/pcpu29/enable
echo > $T/kprobe_events
rmdir $P
