#!/bin/bash
# tree-fanout-cycles.sh's first cycle (tests/conformance/scripts) with its teardown
# traced (docs/fidelity.md item 74): the tree of 39 memory cgroups made and walked by
# find as the script does, then `find -depth -exec rmdir` with kprobes on __d_free (a
# dentry's RCU free) and i_callback (an inode's), the sched_process_fork, _exec, _exit,
# sched_migrate_task and sched_wakeup_new tracepoints; printed: per CPU how many
# dentries and inodes were freed, and each rmdir's pid, the CPU it was placed on, the
# CPU it exec'd and exited on, and the frees that ran while it was the last one.
K=3
L=3
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
T=$R/tree
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1 || { TR=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
echo "cgroup v2, $(getconf _NPROCESSORS_ONLN) CPUs, fan-out $K depth $L"
build() {
  local dir=$1 depth=$2 j
  [ $depth -gt $L ] && return
  echo +memory > $dir/cgroup.subtree_control
  for ((j = 0; j < K; j++)); do
    mkdir $dir/c$j
    build $dir/c$j $((depth + 1))
  done
}
echo 20000 > $TR/buffer_size_kb
echo 'p:df __d_free' >> $TR/kprobe_events || echo "no __d_free probe"
echo 'p:ic i_callback' >> $TR/kprobe_events || echo "no i_callback probe"
echo 0 > $TR/tracing_on
echo 1 > $TR/events/kprobes/enable
for e in sched_process_fork sched_process_exec sched_process_exit sched_migrate_task sched_wakeup_new; do
  echo 1 > $TR/events/sched/$e/enable
done
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
mkdir $T
build $T 1
total=$(find $T -mindepth 1 -type d | wc -l)
echo "made, find counts $total"
echo 1 > $TR/tracing_on
echo "TEARDOWN" > $TR/trace_marker
find $T -depth -type d -exec rmdir {} \;
sleep 3
echo 0 > $TR/tracing_on
echo "--- per CPU: dentries, inodes freed"
grep -a ' df:' $TR/trace | awk '{print $2}' | sort | uniq -c | sed 's/^/df /'
grep -a ' ic:' $TR/trace | awk '{print $2}' | sort | uniq -c | sed 's/^/ic /'
echo "--- events (frees folded into counts between events)"
grep -av '^#' $TR/trace | awk '
/ df:| ic:/ { k = ($0 ~ / df:/) ? "df" : "ic"; c[k " " $2]++; next }
{ if (length(c)) { s = ""; for (x in c) s = s " " x "=" c[x]; print "   frees" s; delete c } sub(/^ +/, ""); print }
END { if (length(c)) { s = ""; for (x in c) s = s " " x "=" c[x]; print "   frees" s } }' | grep -a 'rmdir\|find\|frees\|TEARDOWN' | cut -c1-200
