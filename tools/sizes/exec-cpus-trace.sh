#!/bin/bash
# Where a script's commands run after their execve and where their task structures'
# slabs are made (docs/fidelity.md item 96, branch slabs26): a prefix put before a
# conformance case's script, which it then runs as is; at the script's exit (trap) it
# prints the trace. Events: sched_process_fork (on the parent's CPU: copy_process
# allocates task_struct, signal, sighand, files, mm and the VMAs' copies there),
# sched_wakeup_new (target_cpu), sched_migrate_task (every task), a kprobe on
# sched_exec (kernel/sched/core.c: select_task_rq(WF_EXEC) then stop_one_cpu(
# migration_cpu_stop) when it picks another CPU), sched_process_exec (the CPU after
# it), sched_process_exit, sched_process_free (delayed_put_task_struct's CPU), and
# kprobes on SLUB's new_slab and discard_slab for the task caches (the cache's name at
# struct kmem_cache + 96, BTF of both guests, as slab-origin-trace.sh). Trace lines:
# `CPU USECS EVENT TASK-PID ARGS` (µs from the first event); /sys/kernel/slab's
# cpu_slabs and slabs_cpu_partial of those caches before and after.
#   cat tools/sizes/exec-cpus-trace.sh tests/conformance/scripts/CASE.sh |
#     memcgsim oracle - --kernel 5.10|6.1 --cgroup v2 --cpus 8
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
XT_CACHES="task_struct signal_cache sighand_cache files_cache mm_struct vm_area_struct fs_cache"
echo "xt: $(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$"
grep -wE 'sched_exec|new_slab|discard_slab|migration_cpu_stop' /proc/kallsyms | awk '{print "xt: sym", $2, $3}'
echo 20000 > $T/buffer_size_kb
xt_kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "xt: no probe: $1"; }
xt_kp "p:sexec sched_exec"
xt_kp "p:nslab new_slab name=+0(+96(%di)):string"
xt_kp "p:dis discard_slab name=+0(+96(%di)):string"
xt_f=""; for c in $XT_CACHES; do xt_f="$xt_f${xt_f:+ || }name == \"$c\""; done
for e in nslab dis; do [ -e $T/events/kprobes/$e ] && echo "$xt_f" > $T/events/kprobes/$e/filter; done
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_fork sched_wakeup_new sched_migrate_task sched_process_exec \
         sched_process_exit sched_process_free; do
  echo 1 > $T/events/sched/$e/enable
done
xt_lists() {
  local c
  for c in $XT_CACHES; do
    [ -d /sys/kernel/slab/$c ] || continue
    echo "xt: lists $1 $c | slabs $(cat /sys/kernel/slab/$c/slabs) | cpu_slabs $(cat /sys/kernel/slab/$c/cpu_slabs) | cpu_partial $(cat /sys/kernel/slab/$c/slabs_cpu_partial) | partial $(cat /sys/kernel/slab/$c/partial)"
  done
}
xt_dump() {
  echo 0 > $T/tracing_on
  xt_lists end
  grep -a 'entries-in-buffer\|lost' $T/trace | head -3 | sed 's/^/xt: /'
  echo "xt: --- trace: CPU usecs event task-pid args"
  grep -av '^#' $T/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

  { cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
    t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
    args = ""; for (j = i + 2; j <= NF; j++) args = args " " $j
    printf "xt %d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
}
trap xt_dump EXIT
xt_lists start
echo 1 > $T/tracing_on
# --- the case's script follows
