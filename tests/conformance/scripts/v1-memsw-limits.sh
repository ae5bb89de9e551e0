#!/bin/bash
# Written for memcgsim's conformance suite (session 13, cgroup v1): the memory+swap
# limit (memory.memsw.*) as runc and docker set it on v1 hosts (--memory with
# --memory-swap): mem_cgroup_resize_max (mm/memcontrol.c) keeps memory.limit_in_bytes
# <= memory.memsw.limit_in_bytes (EINVAL otherwise), so a runtime raises memsw first
# and lowers it last; -1 is unlimited; values are rounded down to pages. The guest has
# no swap: memsw.usage equals usage, and a charge fails at the memsw limit first
# (try_charge charges memsw before memory): memsw.failcnt counts, memory.failcnt not,
# with equal limits the OOM killer is called from the memsw counter. A parent's memsw limit shows in a child's memory.stat as
# hierarchical_memsw_limit and is enforced on it (the OOM kill is counted in the
# victim's memory.oom_control only).
cd /sys/fs/cgroup/memory
err() { sed "s|^.*: line [0-9]*: ||"; }
w() { echo "$2" 2>&1 > $1 | err; echo "write '$2' to $1: ${PIPESTATUS[0]} -> $(cat $1)"; }
f() { cat $1/memory.$2; }
mkdir job
echo "job: $(ls job | grep -c '^memory\.memsw\.') memsw files, limit $(f job memsw.limit_in_bytes) usage == usage $(( $(f job memsw.usage_in_bytes) == $(f job usage_in_bytes) ))"
w job/memory.memsw.limit_in_bytes 64M
w job/memory.limit_in_bytes 64M
w job/memory.memsw.limit_in_bytes 32M
w job/memory.memsw.limit_in_bytes 64M
w job/memory.limit_in_bytes 128M
w job/memory.memsw.limit_in_bytes 128M
w job/memory.limit_in_bytes 128M
w job/memory.limit_in_bytes 16777217
w job/memory.memsw.limit_in_bytes 16777217
w job/memory.memsw.limit_in_bytes 16M
w job/memory.memsw.limit_in_bytes -1
w job/memory.limit_in_bytes -1
w job/memory.memsw.limit_in_bytes 0
w job/memory.memsw.limit_in_bytes max
echo 16M > job/memory.limit_in_bytes
echo 16M > job/memory.memsw.limit_in_bytes
(echo $BASHPID > job/cgroup.procs; printf -v x '%*s' 6000000 ''; : > /tmp/ms.ready; sleep 3600; :) &
holder=$!
until [ -e /tmp/ms.ready ]; do sleep 0.1; done; rm /tmp/ms.ready; sleep 0.5
echo "holding: usage_in_bytes $(f job usage_in_bytes), memsw == memory $(( $(f job memsw.usage_in_bytes) == $(f job usage_in_bytes) ))"
w job/memory.memsw.limit_in_bytes 4M
w job/memory.limit_in_bytes 4M
echo "memsw limit still $(f job memsw.limit_in_bytes), failcnt memsw $(( $(f job memsw.failcnt) > 0 )) memory $(f job failcnt)"
echo 0 > job/memory.memsw.failcnt
( echo $BASHPID > job/cgroup.procs; head -c 24M /dev/zero | tail > /dev/null )
echo "24M in the job: status $?"
echo "failcnt: memsw > 0 $(( $(f job memsw.failcnt) > 0 )), memory $(f job failcnt)"
echo "max_usage: memsw <= 16M $(( $(f job memsw.max_usage_in_bytes) <= 16 << 20 )), memory == memsw $(( $(f job max_usage_in_bytes) == $(f job memsw.max_usage_in_bytes) ))"
grep -E '^(under_oom|oom_kill) ' job/memory.oom_control
kill -0 $holder 2>/dev/null && echo "the holder lives"
kill $(cat job/cgroup.procs); wait 2>/dev/null
sleep 0.5
echo 0 > job/memory.memsw.max_usage_in_bytes
echo "after the reset: memsw max_usage == usage $(( $(f job memsw.max_usage_in_bytes) == $(f job memsw.usage_in_bytes) ))"
rmdir job
mkdir p
echo 1 > p/memory.use_hierarchy
echo 20M > p/memory.limit_in_bytes
echo 20M > p/memory.memsw.limit_in_bytes
mkdir p/c
grep -E '^hierarchical_mem(ory|sw)_limit ' p/c/memory.stat
w p/c/memory.memsw.limit_in_bytes 8M
grep -E '^hierarchical_mem(ory|sw)_limit ' p/c/memory.stat
echo max > p/c/memory.memsw.limit_in_bytes
( echo $BASHPID > p/c/cgroup.procs; head -c 32M /dev/zero | tail > /dev/null )
echo "32M in p/c: status $?"
echo "p: memsw failcnt > 0 $(( $(f p memsw.failcnt) > 0 )) memory failcnt $(f p failcnt); p/c: memsw failcnt $(f p/c memsw.failcnt)"
grep -E '^oom_kill ' p/memory.oom_control p/c/memory.oom_control
rmdir p/c p; echo "rmdir: $?"
