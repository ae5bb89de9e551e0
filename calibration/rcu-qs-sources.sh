#!/bin/bash
# Where each CPU's quiescent state comes from, and so how long a grace period lasts,
# while a shell runs a loop of short commands (docs/fidelity.md item 394): 5.10's
# Debian build is non-preemptible RCU (CONFIG_PREEMPT_VOLUNTARY, rcu_sched: a CPU in
# the kernel passes a quiescent state only at a context switch, a tick in user mode
# or idle), 6.1's is preemptible RCU (CONFIG_PREEMPT_DYNAMIC selects PREEMPT_RCU,
# rcu_preempt: any tick outside a read-side critical section with preemption and
# softirqs enabled is one, kernel/rcu/tree_plugin.h rcu_flavor_sched_clock_irq).
#   memcgsim oracle calibration/rcu-qs-sources.sh --kernel K --cgroup v1 --cpus 2
# Traced: every tick (kprobe rcu_sched_clock_irq: user mode or not, rcu_state.gp_seq
# and the root rcu_node's qsmask read from memory at BTF offsets, given below per
# kernel: `pahole -C rcu_state` / `-C rcu_node` on the vmlinux extracted from the
# image, tools/sizes/extract_vmlinux.py), each quiescent state reported to the
# node (rcu_report_qs_rnp: its mask), every context switch, the process
# fork/exec/exit/free tracepoints and release_task (a reap: sched_process_free is
# delayed_put_task_struct, the reap's RCU callback), and 6.1's rcu_gp_init /
# rcu_gp_cleanup (5.10 inlines them). Phases: A, 20 `head -c 8192 /dev/zero > f`
# back to back; B, 10 the same with `sleep 0.05` between (the CPUs idle).
# Printed: `CPU MS EVENT TASK-PID ARGS` lines, ms from the first event
# (tools/sizes/rcu_qs_sources.py reads them).
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
kp 'p:rel release_task'
kp "p:gpi rcu_gp_init gs=@rcu_state+$GS:u64"
kp "p:gpc rcu_gp_cleanup gs=@rcu_state+$GS:u64"
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_exit sched_process_free sched_process_fork sched_process_exec sched_switch; do
  echo 1 > $T/events/sched/$e/enable
done
mark() { echo "$*" > $T/trace_marker; }
mkdir d; sync; sleep 0.5
echo 1 > $T/tracing_on
mark "A start"
for i in {1..20}; do head -c 8192 /dev/zero > d/f$i; done
mark "B start"
for i in {1..10}; do head -c 8192 /dev/zero > d/g$i; sleep 0.05; done
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
