#!/bin/bash
# v2-oom-retries on cgroup v1 (session 29, branch oom29): a subshell reads 20 MB from
# `head | tr` through $(...) under memory.limit_in_bytes 8M; the memcg OOM kills the
# reader, whose exit races the other chargers' reclaim rounds: failcnt counts every
# failed page_counter_try_charge at g (batch attempts and rounds), memory.oom_control
# the kills. Then the same with a second reader beside (two victims in turn).
M=/sys/fs/cgroup/memory
mkdir $M/g
echo 8M > $M/g/memory.limit_in_bytes
( echo $BASHPID > $M/g/cgroup.procs; sleep 30 & x=$(head -c 20000000 /dev/zero | tr '\0' 'a'); echo "len ${#x}" ) 2>&1
echo "status $?"
echo "failcnt $(cat $M/g/memory.failcnt) max $(cat $M/g/memory.max_usage_in_bytes)"
grep -E '^(under_oom|oom_kill) ' $M/g/memory.oom_control
echo "procs $(wc -l < $M/g/cgroup.procs)"
( echo $BASHPID > $M/g/cgroup.procs; x=$(head -c 20000000 /dev/zero | tr '\0' 'b') & y=$(head -c 20000000 /dev/zero | tr '\0' 'c'); wait; echo "len ${#y}" ) 2>&1
echo "status2 $?"
sleep 1
echo "failcnt2 $(cat $M/g/memory.failcnt)"
grep -E '^oom_kill ' $M/g/memory.oom_control
echo "procs2 $(wc -l < $M/g/cgroup.procs)"
