#!/bin/bash
# The guests' RCU: which rcu tracepoints the kernel has (none but rcu_utilization
# without CONFIG_RCU_TRACE: rcu:rcu_grace_period is not there), which of tree RCU's
# and memcg's stock functions kprobes can reach, and rcutree's parameters
# (jiffies_till_first_fqs, blimit ...) and HZ (docs/fidelity.md item 63).
#   memcgsim oracle tools/sizes/rcu-params.sh --kernel K --cgroup v1
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T
echo "rcu events: $(ls $T/events/rcu/ 2>&1 | tr '\n' ' ')"
echo "symbols: $(grep -wE 'rcu_gp_init|rcu_gp_cleanup|rcu_do_batch|rcu_core|note_gp_changes|rcu_gp_kthread|rcu_accelerate_cbs|release_task|delayed_put_task_struct|put_cred_rcu|refill_stock|drain_stock|refill_obj_stock|drain_obj_stock|obj_cgroup_charge|obj_cgroup_uncharge|__memcg_kmem_uncharge|obj_cgroup_uncharge_pages' /proc/kallsyms | awk '{print $2, $3}' | sort -k2 | tr '\n' ';')"
for f in /sys/module/rcutree/parameters/*; do printf '%s=%s ' ${f##*/} "$(cat $f 2>/dev/null)"; done; echo
a=$(awk '/^jiffies/ {print $2}' /proc/timer_list | head -1); sleep 1; b=$(awk '/^jiffies/ {print $2}' /proc/timer_list | head -1)
echo "jiffies in 1 s of sleep: $((b - a)) (HZ)"
