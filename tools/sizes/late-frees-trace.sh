#!/bin/bash
# ran-once-cost.sh (tests/conformance/scripts) traced for what 6.1 frees late
# (docs/fidelity.md item 54): the same loop of N memory cgroups, each entered by one
# short `sh` that execs `sleep 0.1` and removed; the last two iterations and the
# seconds after the loop run with kprobes on mod_objcg_state (objcg, stat item, bytes:
# each slab object's statistics), drain_local_stock (a CPU's stocks drained),
# mem_cgroup_css_offline and __mmdrop, the sched process exit/free and switch
# tracepoints and a trace_marker per step; each mod_objcg_state and __mmdrop event
# with the freeing/allocating stack folded on one line. Then the parent's memory.stat
# slab after the loop, 3 s later, and after memory.max 0 drained the stocks.
# PIN=1: the loop's shell pinned to CPU 0 (taskset), its children too.
N=${N:-60}
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/ran_once
mkdir $P
echo +memory > $P/cgroup.subtree_control
[ "$PIN" = 1 ] && taskset -p 1 $$ > /dev/null
echo "cgroup v2, $(getconf _NPROCESSORS_ONLN) CPUs, $N cgroups, pin ${PIN:-0}"
pst() { for k in slab_reclaimable slab_unreclaimable; do printf '%s %s ' $k $(awk -v k=$k '$1 == k {print $2}' $P/memory.stat); done; echo; }
echo 20000 > $T/buffer_size_kb
echo 'p:ost mod_objcg_state objcg=%di idx=%dx:u32 nr=%cx:s32' >> $T/kprobe_events || echo "no mod_objcg_state probe"
echo 'p:dls drain_local_stock' >> $T/kprobe_events || echo "no drain_local_stock probe"
echo 'p:off mem_cgroup_css_offline css=%di' >> $T/kprobe_events || echo "no offline probe"
echo 'p:mmd __mmdrop mm=%di' >> $T/kprobe_events || echo "no __mmdrop probe"
echo stacktrace > $T/events/kprobes/ost/trigger
echo stacktrace > $T/events/kprobes/mmd/trigger
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_exit sched_process_free sched_switch sched_process_fork sched_process_exec; do
  echo 1 > $T/events/sched/$e/enable
done
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
i=0
while [ $i -lt $N ]; do
  c=$P/job$i
  [ $i = $((N - 2)) ] && echo 1 > $T/tracing_on
  # (a marker written while tracing is off fails with EBADF: silenced)
  echo "ITER $i mkdir" 2>/dev/null > $T/trace_marker
  mkdir $c
  echo "ITER $i sh" 2>/dev/null > $T/trace_marker
  sh -c "echo \$\$ > $c/cgroup.procs; exec sleep 0.1"
  echo "ITER $i rmdir" 2>/dev/null > $T/trace_marker
  rmdir $c
  i=$((i + 1))
done
echo "LOOP done" > $T/trace_marker
echo "after the loop: $(pst)"
sleep 3
echo "3 s later: $(pst)"
echo "LATER" > $T/trace_marker
echo 0 > $P/memory.max; sleep 1
echo "after memory.max 0: $(pst)"
echo 0 > $T/tracing_on
echo "--- trace (stacks folded; sched_switch only on lines naming sleep/sh or from/to idle)"
grep -av '^#' $T/trace | awk '
/<stack trace>/ {st = ""; instack = 1; next}
instack && /^ *=> / {f = $2; if (f !~ /kprobe|ftrace|^0x/ && n < 9) {st = st " <" f; n++}; next}
{ if (instack) {print "   stack" st; instack = 0}; n = 0 }
/sched_switch/ && !/sleep|sh-|swapper|=sh |=sleep / {next}
{ sub(/^ +/, ""); print }
END {if (instack) print "   stack" st}'
rmdir $P && echo "parent removed"
