#!/bin/bash
# Which batch of a script each process's RCU frees fall in (docs/fidelity.md item 352,
# session 40, stock40): rcu-sources-head.sh's probes (call_rcu with its callback,
# kvfree_call_rcu, 6.1's rcu_gp_init / rcu_gp_cleanup) and the sched tracepoints of
# each process's fork, exec, exit and free (sched_process_free is
# delayed_put_task_struct, the RCU callback, on the CPU that runs it), a kprobe on
# release_task (the reaper: it queues that callback),
# then the conformance script given after this head, then
# rcu-sources-tail.sh (the trace, the callbacks' names). Made and run as
#   cat tools/sizes/rcu-batches-head.sh SCRIPT tools/sizes/rcu-sources-tail.sh > /tmp/t.sh
#   memcgsim oracle /tmp/t.sh --kernel 6.1 --cgroup v1 --cpus 4 > REC
# and read by tools/sizes/rcu_batches.py.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo 30000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp 'p:qrc call_rcu head=%di:x64 func=%si:x64'
kp 'p:kvf kvfree_call_rcu head=%di:x64 ptr=%si:x64'
kp 'p:gpi rcu_gp_init'
kp 'p:gpc rcu_gp_cleanup'
kp 'p:rel release_task'
echo 1 > $T/events/kprobes/enable
for e in sched_process_exit sched_process_free sched_process_fork sched_process_exec; do
  echo 1 > $T/events/sched/$e/enable
done
echo 1 > $T/tracing_on
# ---- the script
