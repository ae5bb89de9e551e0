#!/bin/bash
# Written for memcgsim's conformance suite (session 10): a tmpfs writer at memory.max
# with memory.swap.max 0 (cgroup v2), as a CI runner's /tmp fills a job's limit. shmem
# pages cannot be reclaimed without swap: the charge in shmem's write path fails and
# the memcg OOM killer picks by oom_badness (rss + swap + page tables: the file's
# pages are not the writer's rss). First dd alone (exec: the cgroup holds only dd),
# then dd under a waiting subshell (the bigger task goes first).
ROOT=/sys/fs/cgroup
grep -qw memory $ROOT/cgroup.subtree_control || echo +memory > $ROOT/cgroup.subtree_control
mkdir $ROOT/fill
echo 16M > $ROOT/fill/memory.max
echo 0 > $ROOT/fill/memory.swap.max
echo "swap.max $(cat $ROOT/fill/memory.swap.max) swap.current $(cat $ROOT/fill/memory.swap.current)"
ev() { echo "$1: $(grep -E '^(max|oom|oom_kill) ' $ROOT/fill/memory.events | awk '{printf "%s=%s ", $1, ($1 == "max" ? ($2 > 0 ? "+" : 0) : $2)}')"; }
( echo $BASHPID > $ROOT/fill/cgroup.procs; exec dd if=/dev/zero of=/tmp/fill1 bs=64k count=512 2>/dev/null )
echo "dd alone: status $?"
ev "dd alone"
echo "file1 <= 16M: $(( $(stat -c %s /tmp/fill1) <= 16777216 )) shmem near max: $(( $(awk '$1 == "shmem" {print $2}' $ROOT/fill/memory.stat) > 12582912 ))"
rm /tmp/fill1
echo "after rm: shmem $(awk '$1 == "shmem" {print $2}' $ROOT/fill/memory.stat)"
( echo $BASHPID > $ROOT/fill/cgroup.procs; dd if=/dev/zero of=/tmp/fill2 bs=64k count=512 2>/dev/null; echo "dd status $?" )
echo "subshell: status $?"
sleep 0.5
ev "dd under a subshell"
echo "procs left: $(wc -l < $ROOT/fill/cgroup.procs)"
dmesg | grep -o 'Killed process [0-9]* ([a-z]*)' | sed 's/ [0-9]* / /'
rm /tmp/fill2
rmdir $ROOT/fill
