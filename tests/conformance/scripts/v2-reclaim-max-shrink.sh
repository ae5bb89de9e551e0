#!/bin/bash
# Written for memcgsim's conformance suite (session 9, cgroup v2): what an operator
# tries on a stopped job's leftovers (cf. test_memcontrol.c test_memcg_reclaim and
# test_memcg_max). "r" keeps 8 MiB of page cache (a file written from the root cgroup,
# dropped, then read) and a 2 MiB tmpfs file (no swap: unreclaimable), no task.
# memory.reclaim (v5.19: 6.1 only; 5.10's writes fail with EACCES) with the inputs
# people try: empty (all it can), 0, 1M, a 6.7+ "swappiness=" argument, garbage,
# more than can go (EAGAIN). Then memory.max below the unreclaimable usage: reclaim,
# an OOM event with nobody to kill, and the write still succeeds.
C=/sys/fs/cgroup
MB=$((1 << 20))
err() { sed "s|^.*: line [0-9]*: ||"; }
st() { awk -v k="$2" '$1 == k {v = $2} END {print v + 0}' $C/$1/memory.stat; }
ev() { awk -v k="$2" '$1 == k {print $2}' $C/$1/memory.events; }
mib() { echo $(( ($1 + MB / 2) / MB )); }
echo +memory > $C/cgroup.subtree_control
mkdir $C/r
head -c 8M /dev/zero > f8
sync
echo 3 > /proc/sys/vm/drop_caches
( echo $BASHPID > $C/r/cgroup.procs; cat f8 > /dev/null; head -c 2M /dev/zero > /tmp/shm2m )
echo "start: file MiB $(mib $(st r file)) shmem MiB $(mib $(st r shmem))"
for arg in 0 1M "1M swappiness=0" abc -1 64M ""; do
  before=$(cat $C/r/memory.current)
  echo "$arg" 2>&1 > $C/r/memory.reclaim | err
  rc=${PIPESTATUS[0]}
  after=$(cat $C/r/memory.current)
  echo "reclaim '$arg': status $rc freed >= 1M $(( before - after >= MB )) freed > 0 $(( before > after ))"
done
echo "file MiB $(mib $(st r file)) shmem MiB $(mib $(st r shmem)) current MiB $(mib $(cat $C/r/memory.current))"
( echo $BASHPID > $C/r/cgroup.procs; cat f8 > /dev/null )
echo 1M 2>&1 > $C/r/memory.max | err
echo "max 1M: status ${PIPESTATUS[0]} max $(cat $C/r/memory.max) current MiB $(mib $(cat $C/r/memory.current))"
echo "events: max $(ev r max) oom $(ev r oom) oom_kill $(ev r oom_kill)"
[ -e $C/r/memory.peak ] && echo "peak >= 10M $(( $(cat $C/r/memory.peak) >= 10 * MB ))"
rm /tmp/shm2m
echo "after rm: current < 1M $(( $(cat $C/r/memory.current) < MB ))"
rmdir $C/r; echo "rmdir: $?"
