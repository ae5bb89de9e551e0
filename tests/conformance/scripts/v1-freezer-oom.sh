#!/bin/bash
# Written for memcgsim's conformance suite (session 33, branch freezer33): the v1
# freezer meets a task asleep in a memcg OOM (memory.oom_control oom_kill_disable 1):
# that sleep (mem_cgroup_oom_synchronize, TASK_KILLABLE) is not a freezable one, so
# the cgroup reads FREEZING until the task wakes (its limit raised) and freezes; it
# then grows only after the thaw.
cd /sys/fs/cgroup
mkdir freezer
mount -t cgroup -o freezer freezer /sys/fs/cgroup/freezer
mkdir memory/w freezer/w
echo 16M > memory/w/memory.limit_in_bytes
echo 1 > memory/w/memory.oom_control
under_oom() {
  for i in $(seq 120); do
    grep -q "^under_oom $1" memory/w/memory.oom_control && return 0
    sleep 0.5
  done
  echo "never under_oom $1"
}
( ( echo $BASHPID > memory/w/cgroup.procs; echo $BASHPID > freezer/w/cgroup.procs
    printf -v x '%*s' 48000000 ''; echo "grown: ${#x}" )
  echo "subshell status: $?" ) 2>/dev/null &
w=$!
under_oom 1
echo FROZEN > freezer/w/freezer.state; sleep 0.5
echo "waiting, frozen: $(cat freezer/w/freezer.state) $(grep under_oom memory/w/memory.oom_control)"
echo 512M > memory/w/memory.limit_in_bytes; sleep 1
echo "limit raised: $(cat freezer/w/freezer.state) $(grep under_oom memory/w/memory.oom_control)"
p=$(cat freezer/w/cgroup.procs)
grep State /proc/$p/status
echo THAWED > freezer/w/freezer.state
wait $w; echo "wait $?"
rmdir memory/w freezer/w; echo "rmdir $?"
