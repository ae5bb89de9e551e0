#!/bin/bash
# nested-chain-cost.sh (tests/conformance/scripts) traced (docs/fidelity.md item 45):
# the same chain top/n/.../n of depth 40 (v2), with every slab cache whose active
# objects or slab pages moved from before the chain to depth 40 ("at depth 40 CACHE
# objsize active +N pages +N") and to 3 s after the rmdirs ("after the rmdirs ...").
# Written for memcgsim's conformance suite (session 14, bytes): what a NESTED chain of
# memory cgroups costs the host, level by level. A chain top/n/n/.../n of depth D is
# made one level at a time, then removed from the bottom up. At each step: /proc/cgroups
# num_cgroups, /proc/meminfo Slab, SUnreclaim and Percpu as bytes per level (deltas from
# before the chain), and what the chain's top counts for its subtree (v2 memory.stat
# percpu and slab; v1 memory.kmem.usage_in_bytes).
D=40
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
TOP=$R/chain
mkdir $TOP
echo "cgroup v$V, $(getconf _NPROCESSORS_ONLN) CPUs, chain of depth $D"
kb() { grep "^$1:" /proc/meminfo | awk '{print $2 * 1024}'; }
ncg() { grep '^memory' /proc/cgroups | awk '{print $3}'; }
topstat() {
  if [ $V = 2 ]; then
    echo "top percpu $(awk '$1 == "percpu" {print $2}' $TOP/memory.stat) slab $(awk '$1 == "slab" {print $2}' $TOP/memory.stat)"
  else
    echo "top kmem usage $(cat $TOP/memory.kmem.usage_in_bytes)"
  fi
}
slabs() { awk 'NR > 2 {print $1, $4, $2, $15 * $6}' /proc/slabinfo; }
moved() {
  awk -v tag="$1" 'NR == FNR {a[$1] = $3; p[$1] = $4; next}
     ($1 in a) && ($3 != a[$1] || $4 != p[$1]) {print tag, $1, $2, "active", $3 - a[$1], "pages", $4 - p[$1]}' /tmp/s0 /tmp/s1
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
slabs > /tmp/s0
n0=$(ncg); slab0=$(kb Slab); sun0=$(kb SUnreclaim); pcpu0=$(kb Percpu)
echo "num_cgroups before: $n0"
topstat
step() {
  local levels=$1 what=$2
  local n=$(ncg) slab=$(kb Slab) sun=$(kb SUnreclaim) pcpu=$(kb Percpu)
  echo "$what: num_cgroups +$((n - n0))"
  echo "$what: Slab per level $(( (slab - slab0) / levels )) SUnreclaim per level $(( (sun - sun0) / levels ))"
  echo "$what: Percpu per level $(( (pcpu - pcpu0) / levels ))"
}
d=$TOP
for ((i = 1; i <= D; i++)); do
  [ $V = 2 ] && echo +memory > $d/cgroup.subtree_control
  d=$d/n
  mkdir $d || { echo "mkdir level $i failed"; break; }
  if (( i % 10 == 0 )); then
    step $i "depth $i"
    topstat
  fi
done
echo "deepest: $(echo ${d#$TOP} | tr -cd / | wc -c) levels below top"
slabs > /tmp/s1; moved "at depth $D"
while [ "$d" != "$TOP" ]; do
  rmdir $d || echo "rmdir failed at ${#d}"
  d=${d%/n}
done
echo "removed: num_cgroups +$(( $(ncg) - n0 ))"
sleep 3
step $D "3 s after the rmdirs"
slabs > /tmp/s1; moved "after the rmdirs"
topstat
[ $V = 2 ] && grep nr_dying $TOP/cgroup.stat
rmdir $TOP
echo "num_cgroups at the end: $(( $(ncg) - n0 ))"
