#!/bin/bash
# Run in the oracle's guest (memcgsim oracle tools/sizes/fork-objects.sh --kernel K
# --cgroup v2): which slab caches a process (bash's fork + execve of sleep) keeps
# objects in, from /proc/slabinfo's active objects before and after starting N
# sleepers, per sleeper. Also whether delay accounting allocates a task_delay_info
# per fork (5.10: on unless "nodelayacct"; from v5.14 off unless "delayacct").
N=200
echo "cmdline: $(cat /proc/cmdline)"
echo "task_delayacct: $(cat /proc/sys/kernel/task_delayacct 2>/dev/null || echo absent)"
snap() { awk 'NR > 2 { print $1, $2, $4 }' /proc/slabinfo; }
sync; echo 2 > /proc/sys/vm/drop_caches; sleep 1
snap > /tmp/before
for i in $(seq $N); do sleep 3600 & done
sleep 2
snap > /tmp/after
echo "--- cache objsize active_before active_after per_sleeper (|delta| >= N/2)"
awk -v n=$N 'NR == FNR { b[$1] = $2; next }
    { d = $2 - b[$1]; if (d >= n / 2 || -d >= n / 2) printf "%s %d %d %d %.2f\n", $1, $3, b[$1], $2, d / n }' /tmp/before /tmp/after
kill $(jobs -p) 2>/dev/null
