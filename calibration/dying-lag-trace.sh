#!/bin/bash
# Written for memcgsim (session 13, docs/fidelity.md item 32): what keeps one removed
# job counted in /proc/cgroups after v1-runtime-loop-sleeps' one `rm -f` of all the
# jobs' tmpfs files. The case's script (tests/conformance/scripts/
# v1-runtime-loop-sleeps.sh) with kprobes on mem_cgroup_css_online/offline/free and on
# css_release (the percpu_ref release of a css: its stack is the last css_put's), a
# trace marker per reading, then more readings: after 3 s more, drop_caches 1, and a
# charge by a new memcg `t`. Prints the markers, each memory css's release (job
# number in mkdir order: 1 = job11 ... 30 = job310, 31 = t) with the task and the
# stack of the last put, and its free (css_free_rwork_fn → mem_cgroup_css_free).
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
cd /sys/fs/cgroup/memory
W=/mnt/disk/work
n() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
mark() { echo "MARK $1" > $T/trace_marker; echo "$1: $(n)"; }
echo 20000 > $T/buffer_size_kb
echo 'p:mon mem_cgroup_css_online css=%di cg=+0(%di):x64' >> $T/kprobe_events
echo 'p:moff mem_cgroup_css_offline css=%di cg=+0(%di):x64' >> $T/kprobe_events
echo 'p:mfree mem_cgroup_css_free css=%di cg=+0(%di):x64' >> $T/kprobe_events
echo 'p:rel css_release ref=%di cg=-16(%di):x64 ss=-8(%di):x64' >> $T/kprobe_events
echo 1 > $T/events/kprobes/enable
echo 1 > $T/events/cgroup/cgroup_release/enable
echo stacktrace > $T/events/kprobes/rel/trigger
grep -w memory_cgrp_subsys /proc/kallsyms
head -c 262144 /dev/zero > $W/input
sync; echo 3 > /proc/sys/vm/drop_caches
mark start
for r in 1 2 3; do
  for j in 1 2 3 4 5 6 7 8 9 10; do
    mkdir job$r$j
    echo $$ > job$r$j/cgroup.procs
    cat $W/input > /dev/null
    head -c 8192 /dev/zero > /tmp/job$r$j
    true | cat > /dev/null
    echo $$ > cgroup.procs
    rmdir job$r$j
  done
  sleep 1
  mark "round$r"
done
echo "MARK rm-tmpfs" > $T/trace_marker
rm -f /tmp/job*
sleep 1
mark "tmpfs-removed"
echo "MARK rm-input" > $T/trace_marker
rm -f $W/input
sleep 1
mark "input-removed"
sleep 3
mark "plus3s"
echo 1 > /proc/sys/vm/drop_caches
sleep 1
mark "drop1"
mkdir t; echo $$ > t/cgroup.procs; cat /proc/self/status > /dev/null; echo $$ > cgroup.procs; rmdir t
sleep 1
mark "charged-new"
echo 0 > $T/tracing_on
grep -av '^#' $T/trace > /tmp/tr
echo "--- markers and memory css events (time, event, job)"
awk -v SS="$(awk '$3 == "memory_cgrp_subsys" {print $1}' /proc/kallsyms)" '
function cg(  i) { for(i=1;i<=NF;i++) if($i~/^cg=/) return substr($i,6); return "" }
function out() { if (line != "") print line; line="" }
{ t=$0; sub(/: [a-z_]+:.*/, "", t); sub(/: tracing_mark_write.*/, "", t); n=split(t, a, " "); ts=a[n] }
/ MARK /{ out(); m=$0; sub(/.*MARK /, "", m); print ts, "MARK", m; next }
/ mon: /{ out(); job[cg()]=++k; next }
/ moff: /{ out(); if (job[cg()] >= 29) print ts, "offline", job[cg()]; next }
/ mfree: /{ out(); print ts, "free", job[cg()]; next }
/ rel: /{ out(); s=""; for(i=1;i<=NF;i++) if($i~/^ss=/) s=substr($i,6); cur="";
  if (s == SS) { cur=job[cg()]; line=ts " release " cur " " $1 }
  st=(cur != ""); nst=0; next }
/<stack trace>/{ next }
/^ *=> /{ if (st && nst < 9 && $2 !~ /kprobe|ftrace|^0x|css_release/) { line=line " <" $2; nst++ } ; next }
{ out(); st=0 }
END { out() }' /tmp/tr
