#!/bin/bash
# Where a shell's short commands are forked, placed, run, exit, reaped and freed at 4
# and 8 CPUs (docs/fidelity.md item 62): cgroup-cost.sh's mkdir loop (N, 300) with the
# sched tracepoints sched_process_fork (the parent's CPU: copy_process allocates the
# task structures there), sched_wakeup_new (target_cpu: select_task_rq(SD_BALANCE_FORK)),
# sched_migrate_task, sched_wakeup of the shell (its CPU after each wait4),
# sched_process_exit and sched_process_free (delayed_put_task_struct: the CPU that
# queued the task's RCU callback), and kprobes on put_task_struct_rcu_user (the two
# drops of rcu_users: release_task in the reaper, finish_task_switch on the dead task's
# CPU; the later one queues the call_rcu). Then summaries per CPU, the first 150 events,
# and task_struct's SLUB lists (/sys/kernel/slab) at the end.
#   memcgsim oracle tools/sizes/fork-cpus-trace.sh --kernel 5.10|6.1 --cgroup v2 --cpus 4|8
N=${N:-300}
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/cost_parent
mkdir $P; echo +memory > $P/cgroup.subtree_control
echo "$(getconf _NPROCESSORS_ONLN) CPUs, shell pid $$ on CPU $(awk '{print $39}' /proc/$$/stat), $N mkdirs"
echo 40000 > $T/buffer_size_kb
echo 'p:rcuput put_task_struct_rcu_user task=%di from=$stack0:symbol' >> $T/kprobe_events 2>/dev/null ||
  echo 'p:rcuput put_task_struct_rcu_user task=%di from=$stack0:x64' >> $T/kprobe_events || echo "no put_task_struct_rcu_user probe"
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable 2>/dev/null
for e in sched_process_fork sched_wakeup_new sched_migrate_task sched_process_exit sched_process_free; do
  echo 1 > $T/events/sched/$e/enable
done
echo "pid == $$" > $T/events/sched/sched_wakeup/filter
echo 1 > $T/events/sched/sched_wakeup/enable
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
slub() { for f in cpu_slabs slabs_cpu_partial slabs partial; do printf '%s %s | ' $f "$(cat /sys/kernel/slab/task_struct/$f)"; done; echo; }
echo "task_struct before: $(slub)"
echo 1 > $T/tracing_on
for ((i = 0; i < N; i++)); do mkdir $P/child_$i; done
sleep 1
echo 0 > $T/tracing_on
echo "task_struct after: $(slub)"
grep -av '^#' $T/trace > /tmp/tr
# fields: $1 comm-pid, $2 [cpu], ... event name ends with ':'
awk -v sh=$$ -v ncpu=$(getconf _NPROCESSORS_ONLN) 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

{ cpu = dec(substr($2, 2, length($2) - 2)); ev = ""
  for (i = 3; i <= NF; i++) if ($i ~ /:$/ && $i !~ /^[0-9.]+:$/) { ev = $i; break } }
ev == "sched_process_fork:" { split($0, a, "child_pid="); cp = a[2] + 0; split($0, b, " comm="); split(b[2], c, " ")
  fk[c[1] " " cpu]++; forkcpu[cp] = cpu; nf++ }
ev == "sched_wakeup_new:" { split($0, a, "target_cpu="); t = dec(a[2]); split($0, b, "pid="); p = b[2] + 0
  wn[t]++; seq = seq t; if (p in forkcpu) off = off ((t - forkcpu[p] + ncpu) % ncpu); if (p in forkcpu) { same += (forkcpu[p] == t); pl++ }; placed[p] = t }
ev == "sched_migrate_task:" { split($0, a, "comm="); split(a[2], c, " "); mg[c[1]]++ }
ev == "sched_wakeup:" { split($0, a, "target_cpu="); t = dec(a[2]); sw[t]++; if (last != "" && t != last) moves++; last = t; nw++ }
ev == "sched_process_exit:" { split($0, a, "comm="); split(a[2], c, " "); ex[c[1] " " cpu]++ }
ev == "sched_process_free:" { split($0, a, "comm="); split(a[2], c, " "); fr[c[1] " " cpu]++ }
ev == "rcuput:" { split($0, a, "task="); split(a[2], tt, " "); tk = tt[1]; comm = $1; sub(/-[0-9]+$/, "", comm)
  split($0, f, "from="); who = f[2]; sub(/\+.*/, "", who)
  if (tk in put1) { lastput[who]++; lastcpu[cpu]++; delete put1[tk] } else put1[tk] = cpu }
END {
  printf "forks %d, by parent and CPU:", nf; for (k in fk) printf " [%s %d]", k, fk[k]; print ""
  printf "sched_wakeup_new target_cpu:"; for (k in wn) printf " %s:%d", k, wn[k]; printf " (on the parent CPU %d of %d)\n", same, pl
  print "placement sequence (target_cpu of each fork, in order):"; for (i = 1; i <= length(seq); i += 100) print substr(seq, i, 100)
  print "the same, as CPUs after the parent CPU (0: the parent CPU itself):"; for (i = 1; i <= length(off); i += 100) print substr(off, i, 100)
  printf "migrations by comm:"; for (k in mg) printf " %s:%d", k, mg[k]; print ""
  printf "shell wakeups %d, moved %d, by CPU:", nw, moves; for (k in sw) printf " %s:%d", k, sw[k]; print ""
  printf "exits by comm and CPU:"; for (k in ex) printf " [%s %d]", k, ex[k]; print ""
  printf "frees (RCU callback) by comm and CPU:"; for (k in fr) printf " [%s %d]", k, fr[k]; print ""
  printf "last rcu_users drop by:"; for (k in lastput) printf " %s:%d", k, lastput[k]; printf " on CPU"; for (k in lastcpu) printf " %s:%d", k, lastcpu[k]; print ""
}' /tmp/tr
echo "--- first 150 events"
head -150 /tmp/tr | sed 's/^ *//'
for ((i = 0; i < N; i++)); do rmdir $P/child_$i; done
rmdir $P
