#!/bin/bash
# Written for memcgsim (session 13, docs/fidelity.md item 30): the runs of
# tests/conformance/scripts/v2-high-throttle.sh (a subshell in h, memory.high 8M,
# `head -c NM /dev/zero | tail`, busybox's) with kprobes on mem_cgroup_handle_over_high
# (who calls it, from where: the return to user space or try_charge itself),
# try_to_free_mem_cgroup_pages (nr_pages), page_counter_try_charge (nr_pages: the
# charges the per-CPU stock did not serve), schedule_timeout_killable (the penalty in
# jiffies), pipe_write / pipe_read (bytes asked); a trace_marker before each run.
# Prints per run and task: those counts, the penalties slept, the callers, and the
# order of the first events of the 10 MiB run. (calibration/README.md)
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir h
echo 8M > h/memory.high
echo 60000 > $T/buffer_size_kb
echo 'p:hoh mem_cgroup_handle_over_high' >> $T/kprobe_events
echo 'p:ttf try_to_free_mem_cgroup_pages nr=%si:u64' >> $T/kprobe_events
echo 'p:pct page_counter_try_charge nr=%si:u64' >> $T/kprobe_events
echo 'p:stk schedule_timeout_killable t=%di:s64' >> $T/kprobe_events
echo 'p:pw pipe_write len=+16(%si):u64' >> $T/kprobe_events
echo 'p:pr pipe_read len=+16(%si):u64' >> $T/kprobe_events
echo stacktrace > $T/events/kprobes/hoh/trigger
echo 1 > $T/events/kprobes/enable
run() {   # MB: one process in h buffers MB of zeros (tail keeps its one line)
  local s=$EPOCHREALTIME e
  echo "RUN $1" > $T/trace_marker
  ( echo $BASHPID > /sys/fs/cgroup/h/cgroup.procs
    head -c $1M /dev/zero | tail >/dev/null )
  e=$EPOCHREALTIME
  echo "mb=$1 seconds=$(( (${e/./} - ${s/./}) / 1000000 )) current=$(cat h/memory.current)"
  grep -E '^high' h/memory.events
}
run 4
run 10
run 14
echo "END" > $T/trace_marker
echo 0 > $T/tracing_on
grep -av '^#' $T/trace > /tmp/tr
echo "--- per run and task: handle_over_high calls by caller, reclaims (nr_pages), counter charges (nr_pages), sleeps (count, jiffies), pipe writes/reads (bytes)"
awk '
function flush(   k) { if (run == "") return; for (k in c) print "run " run ": " k " " c[k]; split("", c) }
/tracing_mark_write: RUN/ { flush(); run = $NF; next }
/tracing_mark_write: END/ { flush(); run = ""; next }
run == "" { next }
/<stack trace>/ { st = 1; next }
/^ *=> / { if (st && $2 !~ /kprobe|ftrace|^0x|mem_cgroup_handle_over_high/) { c[cm " hoh from " $2]++; st = 0 }; next }
{ st = 0; cm = $1; sub(/-[0-9]+$/, "", cm) }
/ hoh: / { c[cm " hoh"]++ }
/ ttf: / { for (i = 1; i <= NF; i++) if ($i ~ /^nr=/) c[cm " reclaim " $i]++ }
/ pct: / { for (i = 1; i <= NF; i++) if ($i ~ /^nr=/) c[cm " charge " $i]++ }
/ stk: / { for (i = 1; i <= NF; i++) if ($i ~ /^t=/) { c[cm " sleeps"]++; c[cm " jiffies"] += substr($i, 3) } }
/ pw: / { for (i = 1; i <= NF; i++) if ($i ~ /^len=/) c[cm " write " $i]++ }
/ pr: / { for (i = 1; i <= NF; i++) if ($i ~ /^len=/) c[cm " read " $i]++ }
END { flush() }' /tmp/tr | sort
echo "--- the 10 MiB run: charges, handle_over_high, sleeps in order (task, cpu, event), the first 400"
awk '/tracing_mark_write: RUN/ { run = $NF; next } run != 10 { next }
/ (pct|hoh|stk|ttf): / { cm = $1; sub(/-[0-9]+$/, "", cm); ev = $5; for (i = 6; i <= NF; i++) if ($i ~ /=/) ev = ev " " $i; print cm, $2, ev; if (++n >= 400) exit }' /tmp/tr
