#!/bin/bash
# Where a v1 batch job's tasks run, fault and charge (docs/fidelity.md item 109,
# branch sched28): a prefix put before a script (job1-v1.sh), which then runs as is;
# at the script's exit (trap) it prints the raw trace, one event a line:
# `jt CPU USECS EVENT TASK-PID ARGS`. Events: sched_process_fork, sched_wakeup_new,
# sched_migrate_task, sched_process_exec, sched_process_exit; kprobes on
# handle_mm_fault (mm/memory.c: count_memcg_event_mm(PGFAULT) at every call, the mm
# owner's memcg), the LRU page charge (5.10 mem_cgroup_charge, 6.1
# __mem_cgroup_charge: memcg_check_events' PGPGIN), uncharge_batch's callers
# (5.10 mem_cgroup_uncharge/_list, 6.1 __mem_cgroup_uncharge/_list), try_charge
# (5.10) / try_charge_memcg (6.1), page_counter_try_charge/_uncharge, refill_stock,
# drain_stock (struct memcg_stock_pcp's cached memcg and nr_pages), drain_local_stock,
# the kmem page charge (__memcg_kmem_charge_page) and uncharge, obj_cgroup_charge,
# mem_cgroup_css_alloc's return (the memcgs made, in order).
#   cat tools/sizes/job-tasks-trace.sh SCRIPT | memcgsim oracle - --kernel 5.10|6.1 --cpus N
# tools/sizes/job_tasks.py summarizes the output.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo "jt: $(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$"
echo 40000 > $T/buffer_size_kb
jt_kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "jt: no probe: $1"; }
jt_kp 'r:alloc mem_cgroup_css_alloc ret=$retval'
jt_kp 'p:hmf handle_mm_fault addr=%si flags=%dx:x32'
if grep -qw try_charge_memcg /proc/kallsyms; then
  jt_kp 'p:tc try_charge_memcg memcg=%di nr=%dx:u32'
  jt_kp 'p:chg __mem_cgroup_charge page=%di'
  jt_kp 'p:unc __mem_cgroup_uncharge page=%di'
  jt_kp 'p:uncl __mem_cgroup_uncharge_list'
else
  jt_kp 'p:tc try_charge memcg=%di nr=%dx:u32'
  jt_kp 'p:chg mem_cgroup_charge page=%di'
  jt_kp 'p:unc mem_cgroup_uncharge page=%di'
  jt_kp 'p:uncl mem_cgroup_uncharge_list'
fi
jt_kp 'p:ptc page_counter_try_charge counter=%di nr=%si:u64'
jt_kp 'p:pun page_counter_uncharge counter=%di nr=%si:u64'
jt_kp 'p:rfs refill_stock memcg=%di nr=%si:u32'
jt_kp 'p:ds drain_stock memcg=+0(%di):x64 nr=+8(%di):u32'
jt_kp 'p:dls drain_local_stock'
jt_kp 'p:kcp __memcg_kmem_charge_page page=%di order=%dx:u32'
jt_kp 'p:kup __memcg_kmem_uncharge_page page=%di order=%si:u32'
jt_kp 'p:occ obj_cgroup_charge objcg=%di size=%dx:u64'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_fork sched_wakeup_new sched_migrate_task sched_process_exec \
         sched_process_exit; do
  echo 1 > $T/events/sched/$e/enable
done
jt_dump() {
  echo 0 > $T/tracing_on
  grep -a 'entries-in-buffer\|lost' $T/trace | head -3 | sed 's/^/jt: /'
  echo "jt: --- trace: CPU usecs event task-pid args"
  grep -av '^#' $T/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

  { cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
    t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
    args = ""; for (j = i + 2; j <= NF; j++) if ($j !~ /^\(.*\)$/) args = args " " $j
    printf "jt %d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
}
trap jt_dump EXIT
echo 1 > $T/tracing_on
# --- the script follows
