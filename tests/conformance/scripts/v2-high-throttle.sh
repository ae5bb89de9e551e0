#!/bin/bash
# memory.high without swap: a task charging anonymous memory past it is throttled
# (mem_cgroup_handle_over_high: reclaim finds nothing to take, then the task sleeps
# up to 2 s per return to user space); a fatal signal (timeout's) ends the sleep
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
mkdir h
echo 8M > h/memory.high
run() {   # MB [timeout]: one process in h buffers MB of zeros (tail keeps its one line)
  local s=$EPOCHREALTIME e
  ( echo $BASHPID > /sys/fs/cgroup/h/cgroup.procs
    if [ -n "$2" ]; then head -c $1M /dev/zero | timeout $2 tail >/dev/null
    else head -c $1M /dev/zero | tail >/dev/null; fi
    st=$?; [ -z "$2" ] && echo "status=$st" )
  e=$EPOCHREALTIME
  echo "mb=$1 seconds=$(( (${e/./} - ${s/./}) / 1000000 ))"
  grep -E '^(high|max|oom)' h/memory.events | tr '\n' ' '; echo
}
run 4
run 10
run 14
run 32 5 2>/dev/null   # the status and bash's report differ: GNU's timeout or busybox's
cat h/memory.high
rmdir h; echo rmdir=$?
