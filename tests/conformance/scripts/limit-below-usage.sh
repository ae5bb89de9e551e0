#!/bin/bash
# Written for memcgsim's conformance suite (session 14, cgroup v1 or v2): an admin
# squeezes a running job: a process holding 8 MB of anonymous memory, a 2 MiB tmpfs
# file (no swap: neither can be reclaimed) and 8 MiB of page cache. Lowering the
# limit below the usage reclaims first. v1 (mem_cgroup_resize_max): when reclaim
# makes no progress the write fails with EBUSY and the limit stays; the task lives.
# v2 (memory_max_write): after MAX_RECLAIM_RETRIES the OOM killer runs (an "oom" and
# an "oom_kill" event) until the usage fits, or nobody is left to kill: the write
# succeeds either way. memory.high (v2, memory_high_write) only reclaims. A parent's
# limit below its children's usage reclaims from the subtree.
if [ -d /sys/fs/cgroup/memory ]; then
  C=/sys/fs/cgroup/memory; V=v1; LIM=memory.limit_in_bytes; CUR=memory.usage_in_bytes
  echo 1 > $C/memory.use_hierarchy 2>/dev/null
else
  C=/sys/fs/cgroup; V=v2; LIM=memory.max; CUR=memory.current
  grep -qw memory $C/cgroup.subtree_control || echo +memory > $C/cgroup.subtree_control
fi
W=$PWD
cd $C
MB=$((1 << 20))
msg() { sed -e 's/^[^ ]*: line [0-9]*: //'; }
mib() { echo $(( ($1 + MB / 2) / MB )); }
cache() { awk '$1 == "cache" || $1 == "file" {print $2; exit}' $1/memory.stat; }
usage() { cat $1/$CUR; }
lim() { local v; v=$(cat $1/$LIM); [ "$v" = max ] || [ "$v" -gt 1000000000000 ] && v=max; echo "$v"; }
alive() { case $(awk '{print $3}' /proc/$holder/stat 2>/dev/null) in ""|Z) echo no ;; *) echo yes ;; esac; }
events() {
  if [ $V = v2 ]; then echo "events: $(awk '$1 == "max" || $1 == "oom_kill" {printf "%s %s ", $1, $2} $1 == "oom" {printf "oom>0 %d ", ($2 > 0)}' $1/memory.events)"
  else echo "oom_control: $(grep -E '^(under_oom|oom_kill) ' $1/memory.oom_control | tr '\n' ' ')"; fi
}
state() {
  echo "  $1: usage $(mib $(usage $1)) MiB cache $(mib $(cache $1)) MiB limit $(lim $1) holder alive $(alive)"
  echo "  $1 $(events $1)"
}
# shrink CG BYTES: write the limit and report
shrink() {
  echo "$V $1/$LIM <- $2"
  echo $2 2>&1 > $1/$LIM | msg; echo "  status ${PIPESTATUS[0]}"
  state $1
}
dd if=/dev/zero of=$W/cache8 bs=64k count=128 2>/dev/null; sync
echo 3 > /proc/sys/vm/drop_caches
mkdir top top/job
[ $V = v2 ] && echo +memory > top/cgroup.subtree_control
# the job: reads 8 MiB of a file, writes 2 MiB to tmpfs, then holds 8 MB (bash's heap)
# while a sleep child waits
( echo $BASHPID > top/job/cgroup.procs
  cat $W/cache8 > /dev/null
  head -c 2097152 /dev/zero > /tmp/job.shm
  printf -v x '%*s' 8000000 ''
  : > /tmp/job.ready
  sleep 3600; : ) &
holder=$!
while [ ! -e /tmp/job.ready ]; do sleep 0.1; done
sleep 0.5
echo "$V start:"; state top/job
shrink top/job 16M
if [ $V = v2 ]; then
  echo 2M > top/job/memory.high; echo "$V memory.high 2M: status $?"; state top/job
  echo max > top/job/memory.high
  # the parent's limit below the child's usage: reclaim, then the OOM killer in the
  # subtree (the biggest task: the subshell), then the sleep, then nobody
  shrink top 4M
  echo "  top/job $(events top/job)"
  shrink top 1M
  echo "  top/job $(events top/job)"
else
  shrink top/job 4M
  shrink top 8M
fi
if [ $(alive) = yes ]; then echo "$V holder: alive"; else wait $holder; echo "$V holder status: $?"; fi
echo "$V tasks left in job: $(wc -l < top/job/cgroup.procs)"
for p in $(cat top/job/cgroup.procs); do kill $p; done
kill $holder 2>/dev/null; wait $holder 2>/dev/null
rm -f /tmp/job.shm /tmp/job.ready $W/cache8
sleep 0.5
rmdir top/job top; echo "$V rmdir: $?"
