#!/bin/bash
# Session 45 (branch place45, docs/fidelity.md item 470): a command substitution's reader
# asleep from its first read, the writer's sync wake-up, and what holds the other CPU
# to the writer's exit: calibration/comsub-pipe-cpus.sh traced with the pipe probes,
# made by: python3 tools/sizes/wake_trace.py --sched-only --pipes calibration/comsub-pipe-cpus.sh
# run: memcgsim oracle calibration/comsub-reader-sleep.sh --kernel K --cgroup v2 --cpus 2 2> R
# read: python3 tools/sizes/comsub_reads.py R
# calibration/comsub-pipe-cpus.sh traced by tools/sizes/wake_trace.py
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo 40000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1" >&2; }
kp 'r:alloc mem_cgroup_css_alloc ret=$retval'
# where select_task_rq_fair places a task, run on the waker's (forker's) CPU: 6.1's
# wake list fires sched_wakeup on the target CPU, hiding the waker's. The task's pid
# (task_struct.pid: BTF, +2232 on 5.10.262, +2416 on 6.1.192); 5.10 passes sd_flag
# before wake_flags (v5.10 and v6.1 kernel/sched/fair.c select_task_rq_fair)
case $(uname -r) in
  5.10.*) kp 'p:sq select_task_rq_fair pid=+2232(%di):s32 prev=%si:s32 sd=%dx:x32 fl=%cx:x32' ;;
  *) kp 'p:sq select_task_rq_fair pid=+2416(%di):s32 prev=%si:s32 fl=%dx:x32' ;;
esac
kp 'r:sr select_task_rq_fair cpu=$retval:s32'
kp 'p:pr pipe_read'
kp 'p:pw pipe_write'
kp 'p:pc pipe_release'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_fork sched_wakeup_new sched_wakeup sched_switch sched_migrate_task \
         sched_process_exec sched_process_exit; do
  echo 1 > $T/events/sched/$e/enable
done
exec 9> $T/trace_marker
echo() { builtin echo "$@"; [ "$BASHPID" = "$$" ] && builtin echo "$*" >&9; }
echo 1 > $T/tracing_on
builtin echo "start $(getconf _NPROCESSORS_ONLN) CPUs $(uname -r) shell $$" >&9
# ---- the script
# Written for memcgsim (session 40, branch place40: docs/fidelity.md item 344): the
# shell's CPU after each command substitution and each pipeline, against a plain
# command's. Run traced (tools/sizes/wake_trace.py --sched-only, the echoes as trace
# marks) on both kernels at 2 CPUs; read with tools/sizes/shell_wakes.py --marks,
# and on the model with tools/sizes/model_shell_wakes.py --marks:
#   python3 tools/sizes/wake_trace.py --sched-only calibration/comsub-pipe-cpus.sh > /tmp/t.sh
#   memcgsim oracle /tmp/t.sh --kernel 5.10 --cgroup v2 --cpus 2
# Each mark names what follows it: t a plain command, c an external command's output
# read ($(cat)), b a subshell's builtin output ($(echo)), p a pipeline waited for,
# q a pipeline's output read.
for i in $(seq 40); do
  echo "t true"; /bin/true
  echo "c comsub"; x=$(cat /proc/self/stat)
  echo "b builtin comsub"; x=$(echo $i)
  echo "p pipeline"; cat /proc/self/stat | wc -c > /dev/null
  echo "q pipeline comsub"; x=$(cat /proc/self/stat | wc -c)
done
echo "e end"

# ---- the trace
builtin echo 0 > $T/tracing_on
exec 9>&-
unset -f echo
echo "--- trace: CPU ms event task-pid args (ms from the first event)" >&2
grep -av '^#' $T/trace | awk -v names="" '
/<stack trace>/ { instack = 1; st = ""; ns = 0; next }
/^ *=> / { if (instack && $2 !~ /kprobe|ftrace|^0x/ && ns < 14) { st = st " <" $2; ns++ }; next }
instack { print "   stack" st; instack = 0 }
function nm(a,   k, o) { if (a !~ /^0x/) return a
  k = substr(a, 1, length(a) - 3); o = substr(a, length(a) - 2)
  if (!(k in name)) return a
  return (o == "000") ? name[k] : name[k] "." o }
function flush(   c) { for (c in cnt) print "count", step, c, cnt[c]; delete cnt }
BEGIN { nn = split(names, given, " ") }
{ if (!match($0, /\[[0-9]+\]/)) next
  cpu = substr($0, RSTART + 1, RLENGTH - 2) + 0
  task = substr($0, 1, RSTART - 1); gsub(/ /, "", task)
  rest = substr($0, RSTART + RLENGTH)
  n = split(rest, f, " "); ts = f[2]; sub(/:$/, "", ts)
  if (t0 == "") t0 = ts
  ev = f[3]; sub(/:$/, "", ev)
  if (ev == "tracing_mark_write") { flush(); m = substr(rest, index(rest, f[4])); step = m; sub(/:.*/, "", step); gsub(/ /, "_", step)
    printf "%d %.3f mark %s %s\n", cpu, (ts - t0) * 1000, task, m; next }
  if (ev == "alloc") { split(f[n], r, "="); nalloc++; name[substr(r[2], 1, length(r[2]) - 3)] = (nalloc <= nn ? given[nalloc] : "m" nalloc) }
  args = ""; for (i = 4; i <= n; i++) if (f[i] !~ /^\(.*\+0x0\/0x[0-9a-f]+\)$/) { split(f[i], kv, "="); args = args " " kv[1] "=" nm(kv[2]) }
  if (ev == "alloc") args = " ret=" name[substr(r[2], 1, length(r[2]) - 3)]
  printf "%d %.3f %s %s%s\n", cpu, (ts - t0) * 1000, ev, task, args }
END { if (instack) print "   stack" st; flush() }' >&2
