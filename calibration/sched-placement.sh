#!/bin/bash
# Written for memcgsim (issue 15): on which CPU each of a shell's 1000 mkdirs (and rmdirs)
# runs, read from the sched tracepoints, with the parent's memory.stat percpu every 100
# children (5.10 batches it per CPU). Calibration of kernel/sched.py's placement;
# the tracefs output is not modelled (calibration/README.md).
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/cost_parent
mkdir $P; echo +memory > $P/cgroup.subtree_control
echo "nproc $(getconf _NPROCESSORS_ONLN) possible $(cat /sys/devices/system/cpu/possible) shell on $(awk '{print $39}' /proc/$$/stat)"
cat /sys/devices/system/cpu/cpu0/topology/core_siblings_list 2>&1
ls /proc/sys/kernel/sched_domain/cpu0/ 2>&1; cat /proc/sys/kernel/sched_domain/cpu0/domain*/name 2>&1; cat /proc/sys/kernel/sched_domain/cpu0/domain*/flags 2>&1
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
ls $T | head -3
echo 'comm == "mkdir" || comm == "rmdir"' > $T/events/sched/sched_process_exit/filter
echo 1 > $T/events/sched/sched_process_exit/enable
echo 'function == css_free_rwork_fn' > $T/events/workqueue/workqueue_execute_start/filter 2>&1
echo 1 > $T/events/workqueue/workqueue_execute_start/enable
echo 1 > $T/events/sched/sched_process_exec/enable
echo 20000 > $T/buffer_size_kb
pc() { awk '$1 == "percpu" {print $2}' $P/memory.stat; }
echo "percpu 0 $(pc)"
for ((i = 0; i < 1000; i++)); do mkdir $P/child_$i; (( (i+1) % 100 == 0 )) && echo "percpu $((i+1)) $(pc) shell $(awk '{print $39}' /proc/$$/stat)"; done
echo "mkdir exits per cpu:"; grep -a 'sched_process_exit' $T/trace | grep -a 'comm=mkdir' | awk '{print $2}' | sort | uniq -c
echo "mkdir seq (first 60):"; grep -a 'sched_process_exit' $T/trace | grep -a 'comm=mkdir' | awk '{printf "%s ", $2}' | head -c 600; echo
echo "exec cpus (first 40):"; grep -a 'sched_process_exec' $T/trace | awk '{printf "%s ", $2}' | head -c 400; echo
echo > $T/trace
for ((i = 0; i < 1000; i++)); do rmdir $P/child_$i; (( (i+1) % 250 == 0 )) && echo "percpu rm $((i+1)) $(pc)"; done
sleep 3
echo "percpu after $(pc)"
echo "rmdir exits per cpu:"; grep -a 'sched_process_exit' $T/trace | grep -a 'comm=rmdir' | awk '{print $2}' | sort | uniq -c
echo "css_free per cpu:"; grep -a 'workqueue_execute_start' $T/trace | awk '{print $2}' | sort | uniq -c
grep -a workqueue_execute_start $T/trace | head -3
