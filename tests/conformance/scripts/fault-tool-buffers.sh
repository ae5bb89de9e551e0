#!/bin/bash
# Written for memcgsim's conformance suite (session 16, cgroup v1 or v2): what a tool's
# own buffers cost the cgroup it runs in. Each tool runs in `job` with its output going
# into a pipe nobody reads (a loop waiting for a file), so it blocks in write() holding
# whatever it allocated; the cgroup is read once it sleeps there (State: S) and again
# once the loop has ended and the tool died of the broken pipe. dd with a 4 MiB and a
# 64 KiB block (mappings of their own), sort of a 300000-line file (a chunk per line),
# awk building a 2 MB string, and a tail of /dev/zero under a 16 MiB limit (one line
# without an end: OOM).
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
  CUR=memory.current; A=anon; H=anon_thp; LIM=memory.max
else
  R=/sys/fs/cgroup/memory; V=1
  CUR=memory.usage_in_bytes; A=rss; H=rss_huge; LIM=memory.limit_in_bytes
fi
T=/sys/kernel/mm/transparent_hugepage
echo "thp: $(cat $T/enabled 2>/dev/null || echo none)"
st() { awk -v k=$1 '$1 == k { print $2 }' $R/job/memory.stat; }
show() {
  echo "$1: $CUR $(cat $R/job/$CUR) anon $(st $A) thp $(st $H)"
  echo "$1: inactive_anon $(st inactive_anon) active_anon $(st active_anon) procs $(cat $R/job/cgroup.procs | wc -l)"
}
in_job() {   # in_job CMD...: CMD runs in job (its shell moves itself, then execs)
  sh -c 'echo $$ > '$R/job'/cgroup.procs; exec "$@"' sh "$@"
}
wait_blocked() {   # until the tool in job sleeps: blocked on the full pipe
  local p s
  while :; do
    p=$(cat $R/job/cgroup.procs)
    if [ -n "$p" ]; then
      s=$(awk '$1 == "State:" { print $2 }' /proc/$p/status 2>/dev/null)
      [ "$s" = S ] && break
    fi
    sleep 0.2
  done
  sleep 0.5
}
blocked() {  # blocked LABEL CMD...: CMD in job writing into a pipe nobody reads
  local label=$1; shift
  rm -f /tmp/stop
  { in_job "$@" | while [ ! -e /tmp/stop ]; do sleep 0.2; done; } 2>/dev/null &
  wait_blocked
  show "$label running"
  touch /tmp/stop
  wait
  sleep 0.5
  show "$label exited"
}
mkdir $R/job
show start
blocked "dd bs=4M" dd if=/dev/zero bs=4M count=1
blocked "dd bs=64k" dd if=/dev/zero bs=64k count=8
seq 1 300000 > /tmp/nums
echo "nums: $(wc -c < /tmp/nums) bytes"
blocked "sort -rn" sort -rn /tmp/nums
blocked "awk string" awk 'BEGIN { s = "0123456789abcdefghijklmnopqrstuvwxyz"; while (length(s) < 2000000) s = s s; print s }'
rm -f /tmp/nums /tmp/stop
echo $((16 << 20)) > $R/job/$LIM
in_job tail /dev/zero > /dev/null 2>&1
echo "tail /dev/zero: status $?"
sleep 0.5
if [ $V = 2 ]; then
  echo "oom_kill $(awk '$1 == "oom_kill" { print $2 }' $R/job/memory.events)"
else
  echo "failcnt>0 $([ $(cat $R/job/memory.failcnt) -gt 0 ] && echo yes || echo no)"
fi
show "after tail"
rmdir $R/job && echo "rmdir job: ok"
