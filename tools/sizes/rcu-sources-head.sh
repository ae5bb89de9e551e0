#!/bin/bash
# Which RCU callbacks keep the guest's grace periods going while a script runs
# (docs/fidelity.md item 283, session 38, stock38): kprobes on call_rcu (the
# callback's function), kvfree_call_rcu (kfree_rcu's batches) and 6.1's
# rcu_gp_init / rcu_gp_cleanup (a grace period's start and end: the kthread's CPU),
# then the conformance script given after this head, then the trace and each
# callback function's name from /proc/kallsyms. Made and run as
#   cat tools/sizes/rcu-sources-head.sh SCRIPT tools/sizes/rcu-sources-tail.sh > /tmp/t.sh
#   memcgsim oracle /tmp/t.sh --kernel 6.1 --cgroup v1 --cpus 2 > REC
# and read by tools/sizes/rcu_sources.py.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo 20000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp 'p:qrc call_rcu head=%di:x64 func=%si:x64'
kp 'p:kvf kvfree_call_rcu head=%di:x64 ptr=%si:x64'
kp 'p:gpi rcu_gp_init'
kp 'p:gpc rcu_gp_cleanup'
echo 1 > $T/events/kprobes/enable
echo 1 > $T/tracing_on
# ---- the script
