#!/bin/sh
# percpu-with-without-memory.sh (tests/conformance/scripts) traced cache by cache
# (docs/fidelity.md item 53): the same six batches of 20 cgroups made by a
# `seq | while read` pipeline (three under a parent without the memory controller,
# three under one with it), and after each batch its Slab per cgroup and every slab
# cache whose active objects, objects or slab pages the batch moved ("R PHASE CACHE
# objsize active +N objs +N pages +N", tools/sizes/slab_moved.py reads them); where
# /proc/sys/vm/stat_refresh exists (the guests) Slab read again after folding the
# CPUs' vmstat differentials ("R PHASE again ... refreshed ...").
N=20
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
  PLAIN=$R/plain_parent
  MEMP=$R/mem_parent
  mkdir $PLAIN $MEMP
  echo +memory > $MEMP/cgroup.subtree_control
else
  echo "cgroup v2 only"; exit 1
fi
echo "v$V cpus=$(grep -c ^processor /proc/cpuinfo) rounds=6 cgroups=$N"
kb() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
slabs() { awk 'NR > 2 {print $1, $4, $2, $3, $15 * $6}' /proc/slabinfo; }
moved() {
  slabs > /tmp/s1
  awk -v t="$1" 'NR == FNR {a[$1] = $3; o[$1] = $4; p[$1] = $5; next}
       ($1 in a) && ($3 != a[$1] || $4 != o[$1] || $5 != p[$1]) {print t, $1, $2, "active", $3 - a[$1], "objs", $4 - o[$1], "pages", $5 - p[$1]}
       !($1 in a) {print t, $1, $2, "active", $3, "objs", $4, "pages", $5}' /tmp/s0 /tmp/s1
  mv /tmp/s1 /tmp/s0
}
refresh() {
  [ -f /proc/sys/vm/stat_refresh ] || return 0
  a="$(kb Slab) $(kb SUnreclaim)"
  echo 1 > /proc/sys/vm/stat_refresh
  echo "$1 again: Slab SUnreclaim kB $a refreshed: $(kb Slab) $(kb SUnreclaim)"
}
make() {
  seq 1 $N | while read i; do mkdir $1/g$2_$i; done
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
slabs > /tmp/s0
r=1
for parent in $PLAIN $MEMP; do
  b=1
  while [ $b -le 3 ]; do
    s0=$(kb Slab)
    make $parent $b
    tag="$r $(basename $parent | cut -d_ -f1)"
    echo "round $tag: Slab $(( ($(kb Slab) - s0) * 1024 / N )) bytes per cgroup"
    refresh "$tag"
    moved "$tag"
    b=$((b + 1)); r=$((r + 1))
  done
done
echo done
