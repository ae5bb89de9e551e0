#!/bin/bash
# Which CPUs the blocked-load updates reach during a fast fork loop (session 30,
# branch fork30; docs/fidelity.md item 131): kprobes on update_blocked_averages (its
# CPU argument: the CPU whose cfs_rq and dead tasks' removed utilization it updates)
# and on _nohz_idle_balance (the nohz walk over the idle CPUs, from the CPU it runs
# on), with sched_wakeup_new (target_cpu) and sched_process_exit, over 100 mkdirs
# (cgroup-cost.sh's loop). Trace lines: `fb CPU USECS EVENT TASK-PID ARGS`.
#   memcgsim oracle tools/sizes/fork-place-blocked.sh --kernel 5.10|6.1 --cgroup v2 --cpus 16
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo "fb: $(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$"
grep -wE 'update_blocked_averages|_nohz_idle_balance|nohz_run_idle_balance' /proc/kallsyms | awk '{print "fb: sym", $2, $3}'
echo 'p:uba update_blocked_averages cpu=%di' >> $T/kprobe_events || echo "fb: no update_blocked_averages probe"
echo 'p:nib _nohz_idle_balance' >> $T/kprobe_events || echo "fb: no _nohz_idle_balance probe"
echo 4000 > $T/buffer_size_kb
echo 1 > $T/events/kprobes/enable
for e in sched_wakeup_new sched_process_exit; do echo 1 > $T/events/sched/$e/enable; done
R=/sys/fs/cgroup; grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/fb; mkdir $P
sync; sleep 1
echo 1 > $T/tracing_on
for ((i = 0; i < 100; i++)); do mkdir $P/c$i; done
echo 0 > $T/tracing_on
grep -a 'entries-in-buffer\|lost' $T/trace | head -2 | sed 's/^/fb: /'
grep -av '^#' $T/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

  { cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
    t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
    args = ""; for (j = i + 2; j <= NF; j++) if ($j !~ /^\(.*\)$/ && $j !~ /^prio=/) args = args " " $j
    printf "fb %d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
for ((i = 0; i < 100; i++)); do rmdir $P/c$i; done; rmdir $P
