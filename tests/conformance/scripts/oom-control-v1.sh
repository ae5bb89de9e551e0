#!/bin/bash
# cgroup v1 memory.oom_control (mm/memcontrol.c mem_cgroup_oom, mem_cgroup_oom_synchronize,
# memcg_oom_recover). With oom_kill_disable 1 a task whose charge fails at the limit in a
# user-mode page fault does not invoke the OOM killer: it sleeps until the memcg is
# uncharged, its limit raised or oom_kill_disable cleared, and under_oom reads 1 meanwhile.
# A charge in a kernel-mode fault (read() copying into a fresh buffer) fails instead.
cd /sys/fs/cgroup/memory
mkdir oomw oomk oomt
for cg in oomw oomk oomt; do
  echo 16M > $cg/memory.limit_in_bytes
  echo 1 > $cg/memory.oom_control
done
echo "-- fresh"; cat oomw/memory.oom_control
echo 2 > oomw/memory.oom_control 2>/dev/null || echo "write 2: failed"
echo 1 > memory.oom_control 2>/dev/null || echo "write root: failed"
cat memory.oom_control
# wait (up to 60 s) until $1's under_oom reads 1
under_oom() {
  for i in $(seq 120); do
    grep -q '^under_oom 1' $1/memory.oom_control && return 0
    sleep 0.5
  done
  echo "$1: never under_oom"
}
# 1) a subshell enters oomw and builds a 48 MB string: bash writes it (user-mode faults).
# Its parent subshell (in the root cgroup) reports how it ended.
( ( echo $BASHPID > oomw/cgroup.procs; printf -v x '%*s' 48000000 ''; echo "grown: ${#x}" )
  echo "oomw subshell status: $?" ) 2>/dev/null &
w=$!
under_oom oomw
echo "-- waiting at 16M"; cat oomw/memory.oom_control
echo "tasks in oomw: $(wc -l < oomw/cgroup.procs)"
u=$(cat oomw/memory.usage_in_bytes); echo "usage at 16M: $(( u >> 20 ))M+"
echo "failcnt>0: $(( $(cat oomw/memory.failcnt) > 0 ))"
echo 32M > oomw/memory.limit_in_bytes
sleep 1
under_oom oomw
echo "-- limit raised to 32M"; cat oomw/memory.oom_control
echo "tasks in oomw: $(wc -l < oomw/cgroup.procs)"
u=$(cat oomw/memory.usage_in_bytes); echo "usage at 32M: $(( u >> 20 ))M+"
echo "oom-killer lines: $(dmesg | grep -c 'invoked oom-killer')"
echo 0 > oomw/memory.oom_control
wait $w
echo "-- after oom_kill_disable 0"; cat oomw/memory.oom_control
echo "oom-killer lines: $(dmesg | grep -c 'invoked oom-killer')"
# 2) kill -9 of a waiting task: it dies, under_oom goes back to 0, oom_kill stays 0
( ( echo $BASHPID > oomk/cgroup.procs; printf -v x '%*s' 48000000 ''; echo "grown: ${#x}" )
  echo "oomk subshell status: $?" ) 2>/dev/null &
k=$!
under_oom oomk
echo "-- oomk waiting"; cat oomk/memory.oom_control
kill -9 $(cat oomk/cgroup.procs)
wait $k
sleep 1
echo "-- oomk after kill -9"; cat oomk/memory.oom_control
echo "tasks in oomk: $(wc -l < oomk/cgroup.procs)"
# 3) tail holds /dev/zero: read() copies into fresh pages (kernel-mode faults): no wait,
# the read fails (EFAULT) and tail ends by itself
( echo $BASHPID > oomt/cgroup.procs; exec tail /dev/zero > /dev/null 2>&1 )
echo "tail status: $?"
echo "-- oomt"; cat oomt/memory.oom_control
echo "oom-killer lines: $(dmesg | grep -c 'invoked oom-killer')"
sleep 1
rmdir oomw oomk oomt
