#!/bin/bash
# Written for memcgsim's conformance suite (session 14, bytes): a tree of memory
# cgroups of fan-out K and depth L (K + K^2 + ... + K^L cgroups) made by a recursive
# function, then torn down with find -depth; three such create/remove cycles. Does the
# host get its Percpu and Slab back after each cycle? Printed per cycle: the number of
# cgroups made, /proc/cgroups num_cgroups, /proc/meminfo Percpu and Slab as bytes per
# cgroup (deltas from before the first cycle) with the tree up and 3 s after it is
# gone, and (v2) what the tree's root counts in memory.stat percpu.
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
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
p0=$(meminfo Percpu); s0=$(meminfo Slab); n0=$(ncg)
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
  find $T -depth -type d -exec rmdir {} \;
  [ -d $T ] && echo "cycle $cycle: tree still there"
  sleep 3
  p=$(meminfo Percpu); s=$(meminfo Slab)
  echo "cycle $cycle gone: num_cgroups +$(( $(ncg) - n0 ))"
  echo "cycle $cycle gone: Percpu kept per cgroup made $(( (p - p0) / (made + 1) )) Slab kept $(( (s - s0) / (made + 1) ))"
done
