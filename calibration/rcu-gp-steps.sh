#!/bin/bash
# What ends each grace period while a shell runs a loop of commands on 5.10's
# non-preemptible RCU, step by step (docs/fidelity.md item 473): item 394's probe
# (calibration/rcu-qs-sources.sh: every tick with its `user`, rcu_state.gp_seq and the
# root qsmask; every report to the node; every switch; fork/exec/exit/free and the
# reaps) with the steps between one grace period's last report and its callbacks'
# run: the grace-period kthread's wake-ups (sched_wakeup of rcu_sched) and runs, the
# RCU softirq (rcu_core_si, where a CPU notices a grace period's start or end,
# reports its quiescent state and invokes its callbacks), the kthread's
# force-quiescent-state scans (force_qs_rnp) and the urgent path
# (rcu_momentary_dyntick_idle). One loop, 20 `head -c 8192 /dev/zero > f` back to back.
#   memcgsim oracle calibration/rcu-gp-steps.sh --kernel 5.10 --cgroup v1 --cpus 2
# Printed: `CPU MS EVENT TASK-PID ARGS` lines, ms from the first event
# (tools/sizes/rcu_gp_steps.py reads them).
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
case "$(uname -r)" in
  5.10.*) GS=266824 ;;   # rcu_state.gp_seq (rcu_node node[521] first; qsmask at 32)
  6.1.*) GS=333504 ;;
  *) echo "no offsets for $(uname -r)"; exit 1 ;;
esac
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 20000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp "p:tk rcu_sched_clock_irq user=%di:s32 gs=@rcu_state+$GS:u64 qm=@rcu_state+32:u64"
kp "p:qs rcu_report_qs_rnp mask=%di:x64 gs=@rcu_state+$GS:u64 qm=@rcu_state+32:u64"
kp "p:si rcu_core_si gs=@rcu_state+$GS:u64 qm=@rcu_state+32:u64"
kp "p:fqs force_qs_rnp gs=@rcu_state+$GS:u64 qm=@rcu_state+32:u64"
kp "p:urg rcu_momentary_dyntick_idle"
kp 'p:rel release_task'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_exit sched_process_free sched_process_fork sched_process_exec sched_switch; do
  echo 1 > $T/events/sched/$e/enable
done
echo 'comm == "rcu_sched" || comm == "rcu_preempt"' > $T/events/sched/sched_wakeup/filter
echo 1 > $T/events/sched/sched_wakeup/enable
mark() { echo "$*" > $T/trace_marker; }
mkdir d; sync; sleep 0.5
echo 1 > $T/tracing_on
mark "A start"
for i in {1..20}; do head -c 8192 /dev/zero > d/f$i; done
mark "B start"
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
