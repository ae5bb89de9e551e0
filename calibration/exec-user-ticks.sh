#!/bin/bash
# Where a command's time goes between its fork and its exit, and which of its
# scheduler ticks find it in user mode (docs/fidelity.md item 422): to 5.10's
# non-preemptible RCU (rcu_sched) only a tick in user mode (or idle), or a context
# switch, is a CPU's quiescent state (kernel/rcu/tree_plugin.h
# rcu_flavor_sched_clock_irq). The model's exec cost (kernel/fork.py EXEC_COST_NS)
# covers the execve and the new image's run to its first block; this splits the
# guest's into the execve (sys_enter_execve to sched_process_exec) and the run
# after it (to the next execve, the first switch away, or the exit).
#   memcgsim oracle calibration/exec-user-ticks.sh --kernel K --cgroup v1 --cpus 2
# Traced: every tick (kprobe rcu_sched_clock_irq, its `user` argument), the
# sched_process_fork/exec/exit and sched_switch events, sys_enter_execve. Phases:
# A, 20 `head -c 8192 /dev/zero > f` back to back (as rcu-qs-sources.sh's A);
# B, 20 `busybox true` (one execve each). Printed: `CPU MS EVENT TASK-PID ARGS`
# lines, ms from the first event (tools/sizes/exec_user_ticks.py reads them).
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 20000 > $T/buffer_size_kb
echo 'p:tk rcu_sched_clock_irq user=%di:s32' >> $T/kprobe_events || echo "no probe: tk"
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched/sched_process_exit sched/sched_process_fork sched/sched_process_exec \
         sched/sched_switch syscalls/sys_enter_execve; do
  echo 1 > $T/events/$e/enable || echo "no event: $e"
done
mark() { echo "$*" > $T/trace_marker; }
mkdir d; sync; sleep 0.5
echo 1 > $T/tracing_on
mark "A start"
for i in {1..20}; do head -c 8192 /dev/zero > d/f$i; done
mark "B start"
for i in {1..20}; do busybox true; done
mark "B done"
sleep 0.3
echo 0 > $T/tracing_on
echo "--- trace: CPU ms event task-pid args (ms from the first event)"
grep -av '^#' $T/trace | awk '
{ if (!match($0, /\[[0-9]+\]/)) next
  cpu = substr($0, RSTART + 1, RLENGTH - 2) + 0
  task = substr($0, 1, RSTART - 1); gsub(/ /, "", task)
  rest = substr($0, RSTART + RLENGTH)
  n = split(rest, f, " "); ts = f[2]; sub(/:$/, "", ts)
  if (t0 == "") t0 = ts
  ev = f[3]; sub(/:$/, "", ev)
  args = ""; for (i = 4; i <= n; i++) if (f[i] !~ /^\(.*\+0x0\/0x[0-9a-f]+\)$/) args = args " " f[i]
  printf "%d %.3f %s %s%s\n", cpu, (ts - t0) * 1000, ev, task, args }'
