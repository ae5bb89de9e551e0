#!/bin/bash
# Written for memcgsim's conformance suite (session 11, cgroup v2): OOM kills in a
# child caused by its parent's limit, and where memory.events counts them. "batch"
# has memory.max 16M; its child "hold" keeps 6 MiB of tmpfs pages (unreclaimable, no
# task to kill); its child "work" runs a pipeline that needs more than what is left
# (tail -c buffering 32 MiB; busybox tail takes no "M" suffix) three times. The limit hit is batch's: "max" and "oom" are
# batch's events (memcg_memory_event on the memcg over its limit), "oom_kill" is the
# victim's memcg's (work) and counted up the tree in memory.events, not in batch's
# memory.events.local. The keys of memory.events (6.1 adds oom_group_kill).
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/batch
echo +memory > $C/batch/cgroup.subtree_control
mkdir $C/batch/hold $C/batch/work
echo 16M > $C/batch/memory.max
( echo $BASHPID > $C/batch/hold/cgroup.procs; head -c 6M /dev/zero > /tmp/hold )
echo "hold shmem MiB $(( $(awk '$1 == "shmem" {print $2}' $C/batch/hold/memory.stat) >> 20 ))"
echo "memory.events keys: $(awk '{printf "%s ", $1}' $C/batch/memory.events)"
for i in 1 2 3; do
  # the victim is tail (oom_score_adj 1000), never the subshell or head (-1000)
  ( echo $BASHPID > $C/batch/work/cgroup.procs; echo -1000 > /proc/self/oom_score_adj
    head -c 48M /dev/zero | (echo 1000 > /proc/self/oom_score_adj; exec tail -c 33554432) > /dev/null
    echo "pipeline status ${PIPESTATUS[*]}" ) 2>&1 | sed 's/^ *[0-9]* *Killed/Killed/'
done
ev() { awk -v g="$1" -v f="$2" '$1 ~ /^(max|oom|oom_kill)$/ {printf "%s=%s ", $1, ($1 == "max" ? ($2 > 0 ? "+" : 0) : $2)} END {print "(" g " " f ")"}' $C/$1/$2; }
for g in batch batch/work batch/hold; do ev $g memory.events; ev $g memory.events.local; done
echo "batch current <= max: $(( $(cat $C/batch/memory.current) <= 16 << 20 ))"
echo "work procs left: $(wc -l < $C/batch/work/cgroup.procs)"
dmesg | grep -o 'oom-kill:constraint=[A-Z_]*,.*oom_memcg=[^,]*,task_memcg=[^,]*' | sort | uniq -c
rm /tmp/hold
rmdir $C/batch/hold $C/batch/work $C/batch; echo "rmdir: $?"
