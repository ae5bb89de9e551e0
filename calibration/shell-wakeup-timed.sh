#!/bin/bash
# Written for memcgsim (issue 15): 40 iterations of the cover letter's loop (as
# tests/conformance/scripts/seed-kmem_test-phases.sh) then `sleep 3600 &` and `sleep 1`
# (tests/conformance/scripts/v2-workload-stat.sh's end), with the sched tracepoints on:
# every fork of the shell, exec, exit, context switch on either CPU and move of the
# shell, with timestamps: when each CPU is busy and where the shell wakes
# (select_task_rq_fair). Calibration of kernel/sched.py (calibration/README.md).
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
cd /sys/fs/cgroup/memory
echo 1 > memory.move_charge_at_immigrate
echo "shell $$ on $(awk '{print $39}' /proc/$$/stat)"
echo 40000 > $T/buffer_size_kb
echo "pid == $$" > $T/events/sched/sched_migrate_task/filter
for e in sched_migrate_task sched_process_fork sched_process_exec sched_process_exit sched_switch sched_wakeup sched_wakeup_new; do echo 1 > $T/events/sched/$e/enable; done
P=
for i in range{1..40}
do
mkdir kmem_test
echo $$ > kmem_test/cgroup.procs
sleep 3600 &
P="$P $!"
echo $$ > cgroup.procs
echo `cat kmem_test/cgroup.procs` > cgroup.procs
rmdir kmem_test
done
echo MARK > $T/trace_marker
sleep 3600 &
P="$P $!"
sleep 1
echo 0 > $T/tracing_on
echo "last sleeps: $(for p in $P; do awk '{print $39}' /proc/$p/stat; done | tail -1) shell $(awk '{print $39}' /proc/$$/stat)"
# one line per event: CPU, microseconds, event, the fields that matter
grep -av '^#' $T/trace | awk '
{ cpu = substr($0, index($0, "[") + 1, 3) + 0; ts = ""; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) { ts = $i; ev = $(i + 1); rest = ""; for (j = i + 2; j <= NF; j++) rest = rest " " $j; break }
  sub(":", "", ts); sub(":", "", ev); split(ts, t, "."); us = t[1] * 1000000 + t[2];
  gsub(/prev_prio=[0-9]+ |next_prio=[0-9]+|prio=[0-9]+ ?|success=1 ?|child_comm=[^ ]+ |comm=/, "", rest);
  printf "%d %d %s%s\n", cpu, us, ev, rest }' | grep -v 'swapper/.*==> swapper\|sched_switch: prev=kworker.*next=swapper\|next_comm=swapper' | head -4000
kill $P
