#!/bin/bash
# Where a short busybox-sh job's tasks run (session 29, branch procs29): the sched
# tracepoints only (no kprobes: the tasks' pace as untraced runs'), for six runs of
# job1-v1.sh's job, each in its own v1 memcg, with what each memcg reads after it
# (usage, the stocks' precharge in it; pgpgin and pgfault: 5.10's per-CPU folds show
# which CPUs the tasks charged on). Events: sched_process_fork, sched_wakeup_new
# (the child's CPU), sched_wakeup (a blocked task's CPU: the sh woken by head's exit),
# sched_migrate_task, sched_process_exec, sched_process_exit.
#   memcgsim oracle tools/sizes/job-cpus-trace.sh --kernel 5.10|6.1 --cpus N
#   python3 tools/sizes/job_cpus.py OUTPUT
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo "jc: $(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$"
echo 8000 > $T/buffer_size_kb
for e in sched_process_fork sched_wakeup_new sched_wakeup sched_migrate_task \
         sched_process_exec sched_process_exit; do
  echo 1 > $T/events/sched/$e/enable
done
M=/sys/fs/cgroup/memory
echo 1 > $T/tracing_on
for i in 1 2 3 4 5 6; do
  mkdir $M/j$i
  echo "jc mark $i" > $T/trace_marker
  sh -c "echo \$\$ > $M/j$i/cgroup.procs; head -c 200000 /dev/urandom > /tmp/f$i; cat /tmp/f$i > /dev/null"
  echo "jc mark end$i" > $T/trace_marker
  echo "jc $i usage $(cat $M/j$i/memory.usage_in_bytes) max $(cat $M/j$i/memory.max_usage_in_bytes)" \
    "$(grep -E '^(pgpgin|pgpgout|pgfault) ' $M/j$i/memory.stat | tr '\n' ' ')"
done
echo 0 > $T/tracing_on
grep -a 'lost' $T/trace | head -2
echo "jc: --- trace"
grep -av '^#' $T/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

  { cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
    t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
    args = ""; for (j = i + 2; j <= NF; j++) if ($j !~ /^\(.*\)$/) args = args " " $j
    printf "jt %d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
for i in 1 2 3 4 5 6; do rmdir $M/j$i 2>/dev/null; rm -f /tmp/f$i; done
