#!/bin/bash
# The script shell's own time between its system calls, and which of its scheduler
# ticks find it in user mode (docs/fidelity.md item 450): to 5.10's non-preemptible
# RCU (rcu_sched) a tick in user mode (or idle), or a context switch, is a CPU's
# quiescent state, a tick in a system call is not (kernel/rcu/tree_plugin.h
# rcu_flavor_sched_clock_irq). The model gives the shell's user-mode work between its
# system calls no time, so two of its kernel spans that touch were taken for a
# quiescent state between them (kernel/clock.py Clock.rcu_span); this measures what
# lies between them on the guest (calibration/exec-user-ticks.sh did the same for an
# exec'd command's run).
#   memcgsim oracle calibration/shell-user-ticks.sh --kernel 5.10 --cgroup v1 --cpus 2
# Traced: every tick (kprobe rcu_sched_clock_irq, its `user` argument), the shell's own
# system calls (raw_syscalls sys_enter/sys_exit filtered to its pid), sched_switch,
# sched_process_fork/exec/exit. Phases: A, 20 `head -c 8192 /dev/zero > f` back to back
# (a fork and a wait each, as exec-user-ticks.sh's A); B, 20 `sleep 0.4 &` back to back
# (forks that do not wait: the shell's spans touch); C, 200 `echo $i > f` (a builtin's
# redirection: system calls only). Printed: `CPU MS EVENT TASK-PID ARGS` lines, ms from
# the first event (tools/sizes/shell_user_ticks.py reads them).
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell $$"
echo 20000 > $T/buffer_size_kb
echo 'p:tk rcu_sched_clock_irq user=%di:s32' >> $T/kprobe_events || echo "no probe: tk"
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched/sched_process_exit sched/sched_process_fork sched/sched_process_exec \
         sched/sched_switch; do
  echo 1 > $T/events/$e/enable || echo "no event: $e"
done
for e in sys_enter sys_exit; do
  echo "common_pid == $$" > $T/events/raw_syscalls/$e/filter || echo "no filter: $e"
  echo 1 > $T/events/raw_syscalls/$e/enable || echo "no event: $e"
done
mark() { echo "$*" > $T/trace_marker; }
mkdir d; sync; sleep 0.5
echo 1 > $T/tracing_on
mark "A start $$"
for i in {1..20}; do head -c 8192 /dev/zero > d/f$i; done
mark "B start $$"
for i in {1..20}; do sleep 0.4 & done
mark "B forked $$"
wait
mark "C start $$"
for i in {1..200}; do echo $i > d/g; done
mark "C done $$"
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
