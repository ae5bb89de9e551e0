#!/bin/bash
# When RCU callbacks run against a script's forks, and which CPU's stocks the late
# frees refill (docs/fidelity.md item 63). Two parts, cgroup v1 (the memory
# hierarchy at /sys/fs/cgroup/memory) or v2:
#  A. drop-caches-files.sh's first step (tests/conformance/scripts): a subshell in g
#     writes 20 files of 8 KiB with `head` and makes 10 failed lookups; back in the
#     root, 10 files removed, sync; g's memory.kmem.usage_in_bytes (v1) or
#     memory.stat slab (v2) after each phase;
#  B. ran-once-cost.sh's loop, N (8) times: mkdir, a `sh -c` moved into the cgroup
#     that execs `sleep 0.1`, rmdir.
# Traced: the sched process fork/exec/exit/free tracepoints (sched_process_free is
# delayed_put_task_struct, the RCU callback, on the CPU that ran it), a kprobe on
# release_task (the reaper queues that callback: the event names the reaper), sched_switch to
# and from the RCU grace-period kthread (rcu_sched / rcu_preempt), kprobes on
# rcu_gp_init, rcu_gp_cleanup and rcu_do_batch (a grace period's start and end, a
# CPU's callbacks run: 6.1 only, inlined in 5.10),
# obj_cgroup_charge (objcg, size), refill_obj_stock (objcg, bytes), drain_obj_stock,
# refill_stock and drain_stock (the page stock), __memcg_kmem_uncharge (5.10) /
# obj_cgroup_uncharge_pages (6.1) (pages given back), and a trace_marker per step.
# Printed: each event as `CPU TIME EVENT TASK-PID ARGS`, times in ms from the first event.
N=${N:-8}
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
W=$PWD
C=/sys/fs/cgroup
if [ -e $C/cgroup.controllers ]; then
  echo +memory > $C/cgroup.subtree_control
  G=$C/g; kmem() { awk '$1 == "slab" {print $2}' $G/memory.stat; }
else
  C=$C/memory; G=$C/g; kmem() { cat $G/memory.kmem.usage_in_bytes; }
fi
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), N $N"
echo 20000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp 'p:rel release_task'
kp 'p:gpi rcu_gp_init'
kp 'p:gpc rcu_gp_cleanup'
kp 'p:dob rcu_do_batch'
kp 'p:och obj_cgroup_charge objcg=%di size=%dx:u64'
kp 'p:ros refill_obj_stock objcg=%di nr=%si:u32'
kp 'p:dos drain_obj_stock'
kp 'p:rfs refill_stock memcg=%di nr=%si:u32'
kp 'p:drs drain_stock'
kp 'p:kun __memcg_kmem_uncharge memcg=%di nr=%si:u32'
kp 'p:kun obj_cgroup_uncharge_pages objcg=%di nr=%si:u32'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_exit sched_process_free sched_process_fork sched_process_exec sched_switch; do
  echo 1 > $T/events/sched/$e/enable
done
echo 'prev_comm ~ "rcu_*" || next_comm ~ "rcu_*"' > $T/events/sched/sched_switch/filter
mark() { echo "$*" > $T/trace_marker; }
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
mkdir $G $W/d
echo 1 > $T/tracing_on
mark "A start kmem $(kmem)"
(
echo $BASHPID > $G/cgroup.procs
for i in {1..20}; do head -c 8192 /dev/zero > $W/d/f$i; done
for i in {1..10}; do [ -e $W/d/nope$i ]; done
)
mark "A subshell reaped kmem $(kmem)"
for i in {11..20}; do rm $W/d/f$i; done
mark "A rm done kmem $(kmem)"
sync
mark "A written kmem $(kmem)"
echo 1 > /proc/sys/vm/drop_caches
mark "A drop 1 kmem $(kmem)"
sleep 0.5
mark "A 0.5 s later kmem $(kmem)"
rm -r $W/d; rmdir $G
P=$C/ran_once; mkdir $P
[ -e $C/cgroup.controllers ] && echo +memory > $P/cgroup.subtree_control
i=0
while [ $i -lt $N ]; do
  c=$P/job$i
  mark "B $i mkdir"
  mkdir $c
  mark "B $i sh"
  sh -c "echo \$\$ > $c/cgroup.procs; exec sleep 0.1"
  mark "B $i rmdir"
  rmdir $c
  i=$((i + 1))
done
mark "B done"
sleep 0.5
echo 0 > $T/tracing_on
rmdir $P
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
