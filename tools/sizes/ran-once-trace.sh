#!/bin/bash
# ran-once-cost.sh (tests/conformance/scripts) traced (docs/fidelity.md item 45): the
# same loop of N memory cgroups, each entered by one short `sh` that execs `sleep 0.1`
# and removed, with /proc/meminfo Percpu printed whenever it moves (which iteration
# populated per-CPU pages) and the dying descendants before each mkdir (how many
# removed memcgs were not freed yet), the parent's memory.stat slab_reclaimable and
# slab_unreclaimable after the loop, 3 s later and after drop_caches 2, and every slab
# cache whose active objects or slab pages moved between the start and 3 s after the
# loop ("moved CACHE objsize active +N pages +N"), and the parent's slab stats once
# memory.max 0 drained the per-CPU stocks.
N=60
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/ran_once
mkdir $P
echo +memory > $P/cgroup.subtree_control
echo "cgroup v2, $(getconf _NPROCESSORS_ONLN) CPUs, $N cgroups"
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
slabs() { awk 'NR > 2 {print $1, $4, $2, $15 * $6}' /proc/slabinfo; }
pst() { for k in slab_reclaimable slab_unreclaimable percpu; do printf '%s %s ' $k $(awk -v k=$k '$1 == k {print $2}' $P/memory.stat); done; echo; }
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
sl0=$(mi Slab); pc0=$(mi Percpu); su0=$(mi SUnreclaim)
S0=$(slabs)
echo "start Percpu $pc0"
last=$pc0
i=0
while [ $i -lt $N ]; do
  c=$P/job$i
  dy="$dy $(awk '$1 == "nr_dying_descendants" {print $2}' $P/cgroup.stat)"
  mkdir $c
  pm=$(mi Percpu)
  sh -c "echo \$\$ > $c/cgroup.procs; exec sleep 0.1"
  rmdir $c
  pc=$(mi Percpu)
  [ "$pm" != "$last" ] && echo "iter $i mkdir Percpu $pm"
  [ "$pc" != "$pm" ] && echo "iter $i rmdir Percpu $pc"
  last=$pc
  i=$((i + 1))
done
echo "dying before each mkdir:$dy"
echo "after the loop: $(pst) Slab $(( $(mi Slab) - sl0 )) SUnreclaim $(( $(mi SUnreclaim) - su0 )) Percpu $(( $(mi Percpu) - pc0 ))"
sleep 3
echo "3 s later: $(pst) Slab $(( $(mi Slab) - sl0 )) SUnreclaim $(( $(mi SUnreclaim) - su0 )) Percpu $(( $(mi Percpu) - pc0 ))"
S1=$(slabs)
echo "$S0" > /tmp/s0; echo "$S1" > /tmp/s1
awk 'NR == FNR {a[$1] = $3; p[$1] = $4; next}
     ($1 in a) && ($3 != a[$1] || $4 != p[$1]) {print "moved", $1, $2, "active", $3 - a[$1], "pages", $4 - p[$1]}' /tmp/s0 /tmp/s1
echo 2 > /proc/sys/vm/drop_caches; sleep 1
echo "after drop_caches 2: $(pst) Slab $(( $(mi Slab) - sl0 ))"
# memory.max below the usage drains every CPU's stock that caches a memcg or an
# objcg (reparented to $P) under $P (drain_all_stock), flushing the stocks' slab stats
echo 0 > $P/memory.max; sleep 1
echo "after memory.max 0: $(pst)"
rmdir $P && echo "parent removed"
