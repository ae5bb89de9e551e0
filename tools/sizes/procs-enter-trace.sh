#!/bin/sh
# slabinfo-procs-enter.sh (tests/conformance/scripts) traced cache by cache
# (docs/fidelity.md item 49): the same rounds of N memory cgroups, each entered by one
# background sleep, the sleeps killed and reaped and the cgroups removed; at each phase
# (alive, gone) Slab per cgroup and every slab cache whose active objects, objects or
# slab pages moved since the start ("R PHASE CACHE objsize active +N objs +N pages +N"),
# and with SYSFS=1 (the guest only: the model has no /sys/kernel/slab) the SLUB lists
# of the caches that moved most, per CPU ("R PHASE sys CACHE cpu_slabs ... partial N
# objects_partial N cpu_partial ...": mm/slub.c show_slab_objects, slabs_cpu_partial_show).
# Where /proc/sys/vm/stat_refresh exists (the guests), each phase also reads Slab and
# SUnreclaim again at once, then after writing stat_refresh (mm/vmstat.c vmstat_refresh:
# every CPU's vm_node_stat_diff folded into the global counters /proc/meminfo reads):
# "R PHASE again ... refreshed ..." shows the CPUs' pending differentials.
[ -d /sys/kernel/slab ] && SYSFS=1 || SYSFS=0
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
echo "v$V cpus=$(grep -c ^processor /proc/cpuinfo) rounds=$ROUNDS cgroups=$N"
kb() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
slabs() { awk 'NR > 2 {print $1, $4, $2, $3, $15 * $6}' /proc/slabinfo; }
moved() {
  slabs > /tmp/s1
  awk -v t="$1" 'NR == FNR {a[$1] = $3; o[$1] = $4; p[$1] = $5; next}
       ($1 in a) && ($3 != a[$1] || $4 != o[$1] || $5 != p[$1]) {print t, $1, $2, "active", $3 - a[$1], "objs", $4 - o[$1], "pages", $5 - p[$1]}' /tmp/s0 /tmp/s1
}
refresh() {
  [ -f /proc/sys/vm/stat_refresh ] || return 0
  a="$(kb Slab) $(kb SUnreclaim)"
  echo 1 > /proc/sys/vm/stat_refresh
  echo "$1 again: Slab SUnreclaim kB $a refreshed: $(kb Slab) $(kb SUnreclaim) start $s0 $u0"
}
lists() {
  [ "$SYSFS" = 1 ] || return 0
  for c in kmalloc-4k kmalloc-1k kmalloc-256 kmalloc-32 task_struct kernfs_node_cache; do
    d=/sys/kernel/slab/$c
    echo "$1 sys $c objects $(cat $d/objects) cpu_slabs $(cat $d/cpu_slabs) partial $(cat $d/partial) objects_partial $(cat $d/objects_partial) cpu_partial $(cat $d/slabs_cpu_partial)"
  done
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
s0=$(kb Slab); u0=$(kb SUnreclaim)
slabs > /tmp/s0
lists "0 start"
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
  echo "round $r alive: Slab $(( ($(kb Slab) - s0) * 1024 / N )) bytes per cgroup"
  refresh "$r alive"
  moved "$r alive"
  lists "$r alive"
  kill $pids
  wait
  i=1
  while [ $i -le $N ]; do rmdir $P/r${r}c$i; i=$((i + 1)); done
  sleep 1
  echo "round $r gone: Slab $(( ($(kb Slab) - s0) * 1024 / N )) bytes per cgroup"
  refresh "$r gone"
  moved "$r gone"
  lists "$r gone"
  r=$((r + 1))
done
rmdir $P
echo done
