#!/bin/bash
# The model's pace for tools/sizes/rcu_latency.py (docs/fidelity.md item 63): part B
# of rcu-frees-trace.sh (mkdir, a `sh -c` moved into the cgroup that execs
# `sleep 0.1`, rmdir) 20 times, the milliseconds an iteration takes less the sleep.
#   memcgsim run tools/sizes/rcu-iter.sh --kernel 5.10 --cgroup v1 --init busybox --userland busybox
C=/sys/fs/cgroup/memory; [ -e /sys/fs/cgroup/cgroup.controllers ] && C=/sys/fs/cgroup
P=$C/ro; mkdir $P
[ -e $C/cgroup.controllers ] && echo +memory > $P/cgroup.subtree_control
t0=$EPOCHREALTIME
i=0
while [ $i -lt 20 ]; do
  c=$P/job$i; mkdir $c
  sh -c "echo \$\$ > $c/cgroup.procs; exec sleep 0.1"
  rmdir $c; i=$((i + 1))
done
t1=$EPOCHREALTIME
echo "iteration ms (sleep excluded): $(echo "$t0 $t1" | awk '{printf "%.2f", ($2 - $1) * 1000 / 20 - 100}')"
rmdir $P
