#!/bin/bash
# OOM in a v2 group (novel, lead session 27): a memory hog under memory.max, the
# events, oom.group killing the whole group, then memory.high's throttling counts.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/g
echo 8M > $C/g/memory.max
echo 0 > $C/g/memory.swap.max 2>/dev/null
( echo $BASHPID > $C/g/cgroup.procs; sleep 30 & x=$(head -c 20000000 /dev/zero | tr '\0' 'a'); echo "len ${#x}" ) 2>&1
echo "status $?"
grep -E '^(low|high|max|oom|oom_kill|oom_group_kill) ' $C/g/memory.events
echo "procs $(wc -l < $C/g/cgroup.procs)"
echo 1 > $C/g/memory.oom.group
( echo $BASHPID > $C/g/cgroup.procs; sleep 30 & sleep 30 & x=$(head -c 20000000 /dev/zero | tr '\0' 'a'); echo "len ${#x}" ) 2>&1
echo "status2 $?"
sleep 1
grep -E '^(oom|oom_kill|oom_group_kill) ' $C/g/memory.events
echo "procs2 $(wc -l < $C/g/cgroup.procs)"
echo max > $C/g/memory.max; echo 4M > $C/g/memory.high
( echo $BASHPID > $C/g/cgroup.procs; head -c 12000000 /dev/zero > /tmp/big; echo "wrote $(stat -c %s /tmp/big)" )
grep -E '^(high|max) ' $C/g/memory.events
echo "current $(cat $C/g/memory.current) file $(awk '$1=="file"{print $2}' $C/g/memory.stat)"
rm /tmp/big
