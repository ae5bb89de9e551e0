#!/bin/bash
# tree-fanout-cycles.sh (tests/conformance/scripts) traced cache by cache
# (docs/fidelity.md item 74): the script as it is, and after each cycle's "up" and
# "gone" lines its Slab per cgroup since the last phase and every slab cache whose
# active objects, objects or slab pages the phase moved ("round PHASE: Slab N bytes
# per cgroup", "R PHASE CACHE objsize active +N objs +N pages +N":
# tools/sizes/slab_moved.py reads them); where /sys/kernel/slab exists (the guests)
# SLUB's lists of some caches ("R PHASE lists CACHE | slabs ... | partial ...": node
# partial slabs, CPU slabs and per-CPU partial slabs, per CPU objects(slabs)).
K=3
L=3
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
T=$R/tree
echo "cgroup v$V, $(getconf _NPROCESSORS_ONLN) CPUs, fan-out $K depth $L"
made=0
build() {
  local dir=$1 depth=$2 j
  [ $depth -gt $L ] && return
  [ $V = 2 ] && echo +memory > $dir/cgroup.subtree_control
  for ((j = 0; j < K; j++)); do
    mkdir $dir/c$j && made=$((made + 1))
    build $dir/c$j $((depth + 1))
  done
}
meminfo() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
N=40
echo "v$V cpus=$(grep -c ^processor /proc/cpuinfo) cgroups=$N"
slabs() { awk 'NR > 2 {print $1, $4, $2, $3, $15 * $6}' /proc/slabinfo; }
moved() {
  slabs > /tmp/s1
  awk -v t="$1" 'NR == FNR {a[$1] = $3; o[$1] = $4; p[$1] = $5; next}
       ($1 in a) && ($3 != a[$1] || $4 != o[$1] || $5 != p[$1]) {print t, $1, $2, "active", $3 - a[$1], "objs", $4 - o[$1], "pages", $5 - p[$1]}
       !($1 in a) {print t, $1, $2, "active", $3, "objs", $4, "pages", $5}' /tmp/s0 /tmp/s1
  mv /tmp/s1 /tmp/s0
}
lists() {
  local c f v line
  for c in kmalloc-4k kmalloc-1k kmalloc-64 kmalloc-32 kmalloc-512 kernfs_node_cache dentry task_struct; do
    [ -d /sys/kernel/slab/$c ] || continue
    line="$1 lists $c"
    for f in slabs partial cpu_slabs objects objects_partial slabs_cpu_partial; do
      read -r v < /sys/kernel/slab/$c/$f; line="$line | $f $v"
    done
    echo "$line"
  done
}
phase() {
  local now=$(meminfo Slab)
  echo "round $1: Slab $(( (now - s1) / N )) bytes per cgroup"
  moved "$1"
  lists "$1"
  s1=$(meminfo Slab)
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
slabs > /tmp/s0
p0=$(meminfo Percpu); s0=$(meminfo Slab); n0=$(ncg); s1=$s0
for cycle in 1 2 3; do
  mkdir $T
  made=0
  build $T 1
  total=$(find $T -mindepth 1 -type d | wc -l)
  p=$(meminfo Percpu); s=$(meminfo Slab)
  echo "cycle $cycle: made $made, find counts $total, num_cgroups +$(( $(ncg) - n0 ))"
  echo "cycle $cycle up: Percpu per cgroup $(( (p - p0) / (made + 1) )) Slab per cgroup $(( (s - s0) / (made + 1) ))"
  if [ $V = 2 ]; then
    echo "cycle $cycle up: tree percpu $(awk '$1 == "percpu" {print $2}' $T/memory.stat)"
    echo "cycle $cycle up: tree c0 percpu $(awk '$1 == "percpu" {print $2}' $T/c0/memory.stat)"
  fi
  phase "$cycle up"
  find $T -depth -type d -exec rmdir {} \;
  [ -d $T ] && echo "cycle $cycle: tree still there"
  sleep 3
  p=$(meminfo Percpu); s=$(meminfo Slab)
  echo "cycle $cycle gone: num_cgroups +$(( $(ncg) - n0 ))"
  echo "cycle $cycle gone: Percpu kept per cgroup made $(( (p - p0) / (made + 1) )) Slab kept $(( (s - s0) / (made + 1) ))"
  phase "$cycle gone"
done
