#!/bin/sh
# Written for memcgsim's conformance suite (session 16, conform16a: slab bytes at
# scale). Rounds of 12 memory cgroups, each entered by one background sleep (started,
# then its pid written to cgroup.procs), and left again: the sleeps are killed and
# reaped and the cgroups removed. Per round: /proc/meminfo Slab and SUnreclaim per
# cgroup while the sleeps live and after the rmdirs (bytes), the task caches'
# /proc/slabinfo active objects and slab pages against the start, and the cgroups
# /proc/cgroups still counts.
N=12
ROUNDS=3
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
P=$R/enter_parent
mkdir $P
[ $V = 2 ] && echo +memory > $P/cgroup.subtree_control
ncpu=$(grep -c ^processor /proc/cpuinfo)
echo "v$V cpus=$ncpu rounds=$ROUNDS cgroups=$N"
kb() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
slabline() {
  # active objects and slab pages of one cache
  awk -v c="$1" '$1 == c {print $2, $15 * $6}' /proc/slabinfo
}
TASKC="task_struct signal_cache sighand_cache mm_struct pid cred_jar files_cache"
for c in $TASKC; do
  set -- $(slabline $c)
  eval "a0_$c=$1 p0_$c=$2"
done
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
s0=$(kb Slab); u0=$(kb SUnreclaim)
n0=$(awk '$1 == "memory" {print $3}' /proc/cgroups)
r=1
while [ $r -le $ROUNDS ]; do
  pids=""
  i=1
  while [ $i -le $N ]; do
    mkdir $P/r${r}c$i
    sleep 60 &
    echo $! > $P/r${r}c$i/cgroup.procs
    pids="$pids $!"
    i=$((i + 1))
  done
  s1=$(kb Slab); u1=$(kb SUnreclaim)
  echo "round $r alive: Slab $(( (s1 - s0) * 1024 / N )) SUnreclaim $(( (u1 - u0) * 1024 / N )) bytes per cgroup"
  for c in $TASKC; do
    set -- $(slabline $c)
    eval "echo \"round $r alive $c: active +\$(( $1 - a0_$c )) pages +\$(( $2 - p0_$c ))\""
  done
  kill $pids
  wait
  i=1
  while [ $i -le $N ]; do rmdir $P/r${r}c$i; i=$((i + 1)); done
  sleep 1
  s2=$(kb Slab); u2=$(kb SUnreclaim)
  echo "round $r gone: Slab $(( (s2 - s0) * 1024 / N )) SUnreclaim $(( (u2 - u0) * 1024 / N )) bytes per cgroup, cgroups $(( $(awk '$1 == "memory" {print $3}' /proc/cgroups) - n0 ))"
  r=$((r + 1))
done
for c in $TASKC; do
  set -- $(slabline $c)
  eval "echo \"end $c: active +\$(( $1 - a0_$c )) pages +\$(( $2 - p0_$c ))\""
done
rmdir $P
echo done
