#!/bin/bash
# Which of a reaped command's two rcu_users puts is the last, and so where its task
# structures are freed (docs/fidelity.md item 67): cgroup-cost.sh's mkdir loop (N,
# 200 mkdirs) with, per command, the exit (sched_process_exit), its parent's wakeup
# (a kprobe on do_notify_parent, the sched_wakeup of the shell), the dead command's
# final schedule (a kprobe on do_task_dead, then sched_switch from it), the two
# put_task_struct_rcu_user calls (caller: release_task in the reaper's wait4,
# finish_task_switch -- inlined in __schedule -- on the dead task's CPU), the
# delayed_put_task_struct callback (sched_process_free) and the shell's next fork;
# what interrupts a CPU meanwhile (irq_vectors:local_timer_entry,
# reschedule/call_function entries, irq:softirq_entry, irq:irq_handler_entry).
# Raw events printed as `CPU USECS EVENT TASK-PID ARGS` (µs from the first event);
# tools/sizes/taskfree_race.py reads them.
#   memcgsim oracle tools/sizes/taskfree-race-trace.sh --kernel 5.10|6.1 --cgroup v2 --cpus 2|4|8
N=${N:-200}
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/cost_parent
mkdir $P; echo +memory > $P/cgroup.subtree_control
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$ on CPU $(awk '{print $39}' /proc/$$/stat), $N mkdirs"
echo 40000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp 'p:rcuput put_task_struct_rcu_user task=%di from=$stack0:symbol'
kp 'p:dnp do_notify_parent task=%di'
kp 'p:dtd do_task_dead'
kp 'p:rel release_task task=%di'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched/sched_process_fork sched/sched_process_exit sched/sched_process_free \
         sched/sched_wakeup sched/sched_switch irq_vectors/local_timer_entry \
         irq_vectors/reschedule_entry irq_vectors/call_function_entry \
         irq_vectors/call_function_single_entry irq/softirq_entry irq/irq_handler_entry; do
  [ -e $T/events/$e/enable ] && echo 1 > $T/events/$e/enable || echo "no event $e"
done
echo "pid == $$" > $T/events/sched/sched_wakeup/filter
echo "prev_comm == \"mkdir\" || prev_pid == $$ || next_pid == $$" > $T/events/sched/sched_switch/filter
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
echo 1 > $T/tracing_on
for ((i = 0; i < N; i++)); do mkdir $P/child_$i; done
sleep 1
echo 0 > $T/tracing_on
echo "--- trace: CPU usecs event task-pid args (usecs from the first event)"
grep -av '^#' $T/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

{ cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
  t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
  args = ""; for (j = i + 2; j <= NF; j++) args = args " " $j
  printf "%d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
for ((i = 0; i < N; i++)); do rmdir $P/child_$i; done
rmdir $P
