#!/bin/bash
# Written for memcgsim (issue 15): the cover letter's loop (as
# tests/conformance/scripts/seed-kmem_test-phases.sh) with the sched tracepoints on:
# on which CPU every command execs (sched_process_exec) and every move of the shell
# itself (sched_migrate_task for the shell's pid: a wakeup placing it on another CPU,
# select_task_rq_fair). Calibration of kernel/sched.py's wakeup placement
# (calibration/README.md); the tracefs output is not modelled.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
cd /sys/fs/cgroup/memory
echo 1 > memory.move_charge_at_immigrate
echo "shell $$ on $(awk '{print $39}' /proc/$$/stat)"
echo "pid == $$" > $T/events/sched/sched_migrate_task/filter
echo 1 > $T/events/sched/sched_migrate_task/enable
echo 1 > $T/events/sched/sched_process_exec/enable
echo 20000 > $T/buffer_size_kb
P=
for i in range{1..500}
do
mkdir kmem_test
echo $$ > kmem_test/cgroup.procs
sleep 3600 &
P="$P $!"
echo $$ > cgroup.procs
echo `cat kmem_test/cgroup.procs` > cgroup.procs
rmdir kmem_test
done
echo 0 > $T/events/sched/sched_process_exec/enable
echo 0 > $T/events/sched/sched_migrate_task/enable
echo "sleeps per cpu: $(for p in $P; do awk '{print $39}' /proc/$p/stat; done | sort | uniq -c | tr '\n' ' ')"
echo "execs per command and cpu:"
grep -a sched_process_exec $T/trace | sed 's/.*\[\(00[0-9]\)\].*filename=\([^ ]*\).*/\2 \1/' | sort | uniq -c
echo "shell moves: $(grep -ac sched_migrate_task $T/trace)"
# one letter per exec (m mkdir, s sleep, c cat, r rmdir, other: ?) with its CPU, > and the
# destination CPU at each move of the shell, in trace order
echo "sequence:"
grep -a 'sched_process_exec\|sched_migrate_task' $T/trace | awk '
/sched_migrate_task/ { for (i = 1; i <= NF; i++) if ($i ~ /^dest_cpu=/) { sub("dest_cpu=", "", $i); printf " >%s", $i }; next }
{ c = substr($0, index($0, "[") + 3, 1); f = $0; sub(/.*filename=/, "", f); sub(/ .*/, "", f); n = split(f, a, "/"); b = a[n];
  l = (b == "mkdir") ? "m" : (b == "sleep") ? "s" : (b == "cat") ? "c" : (b == "rmdir") ? "r" : "?"; printf " %s%s", l, c }
END { print "" }' | fold -w 160
kill $P
