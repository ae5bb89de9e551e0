#!/bin/bash
# Written for memcgsim's conformance suite (issue 15): what one empty child memory
# cgroup costs. N (1000) empty children of one parent P; P's memory.stat "percpu" (the
# new memcgs' per-CPU data, charged to the parent: mem_cgroup_alloc runs under
# set_active_memcg(parent)) and the host-wide /proc/meminfo Percpu and Slab, before,
# after the mkdirs, and 3 s after removing the children (RCU + css_free work done).
# Figures are bytes per child (integer division). Lines starting with "slabinfo" and
# "meminfo" list every /proc/slabinfo cache and /proc/meminfo line that moved: the
# calibration data of src/memcgsim/kernel/sizes/ (not compared value by value).
N=1000
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
P=$R/cost_parent
mkdir $P
[ $V = 2 ] && echo +memory > $P/cgroup.subtree_control
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
pc() { if [ $V = 2 ]; then awk '$1 == "percpu" {print $2}' $P/memory.stat; else echo 0; fi; }
# slabinfo NAME objsize objperslab pagesperslab active_objs num_objs num_slabs
slabs() { awk 'NR > 2 {print $1, $4, $5, $6, $2, $3, $15}' /proc/slabinfo; }
# what moved between two snapshots, per child x 1000 (milli-objects per child)
delta() { printf '%s\n==\n%s\n' "$1" "$2" | awk -v tag="$3" -v n=$N '
  $0 == "==" {after = 1; next}
  !after {a[$1] = $5; o[$1] = $6; s[$1] = $7; next}
  { d = $5 - a[$1]; ds = $7 - s[$1]
    if (d != 0 || ds != 0)
      print "slabinfo", tag, $1, $2, $3, $4, "active", d, "slabs", ds }'; }
midelta() { printf '%s\n==\n%s\n' "$1" "$2" | awk -v tag="$3" '
  $0 == "==" {after = 1; next}
  !after {v[$1] = $2; next}
  { d = $2 - v[$1]; if (d != 0) print "meminfo", tag, $1, d, "kB" }'; }
echo "cgroup v$V, $(getconf _NPROCESSORS_ONLN) CPUs, $N children"
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
s0=$(slabs); m0=$(cat /proc/meminfo); pc0=$(pc); pcpu0=$(mi Percpu); slab0=$(mi Slab)
for ((i = 0; i < N; i++)); do mkdir $P/child_$i; done
s1=$(slabs); m1=$(cat /proc/meminfo); pc1=$(pc); pcpu1=$(mi Percpu); slab1=$(mi Slab)
[ $V = 2 ] && echo "percpu charged to the parent per child: $(( (pc1 - pc0) / N ))"
echo "meminfo Percpu per child: $(( (pcpu1 - pcpu0) / N ))"
echo "meminfo Slab per child: $(( (slab1 - slab0) / N ))"
delta "$s0" "$s1" created
midelta "$m0" "$m1" created
for ((i = 0; i < N; i++)); do rmdir $P/child_$i; done
sleep 3
s2=$(slabs); m2=$(cat /proc/meminfo); pc2=$(pc); pcpu2=$(mi Percpu); slab2=$(mi Slab)
[ $V = 2 ] && echo "percpu charged to the parent after rmdir per child: $(( (pc2 - pc0) / N ))"
echo "meminfo Percpu kept after rmdir per child: $(( (pcpu2 - pcpu0) / N ))"
echo "meminfo Slab kept after rmdir per child: $(( (slab2 - slab0) / N ))"
delta "$s1" "$s2" removed
midelta "$m1" "$m2" removed
grep memory /proc/cgroups
rmdir $P
