#!/bin/bash
# percpu-with-without-memory.sh with the slab caches that moved between its start and 3 s
# after the rmdirs ("kept CACHE active +N pages +N"): what the 5.10 guest and the model keep
# (docs/fidelity.md item 39, the case's 5.10 known line).
# Written for memcgsim's conformance suite (session 15, conform15c: per-CPU costs).
# What the memory controller adds to a cgroup's per-CPU cost: batches of 20 cgroups
# made (by a `seq | while read` pipeline) under a parent that does not delegate the
# memory controller, then batches under one that does (v2: cgroup.subtree_control;
# v1: the memory hierarchy's batches only), each
# batch's /proc/meminfo Percpu, Slab and SUnreclaim growth in bytes per cgroup and
# Percpu per cgroup per CPU; the memory parent's charged percpu per cgroup. Then all
# are removed and what stays is printed the same way.
N=20
B=3
ncpu=$(grep -c '^processor' /proc/cpuinfo)
kb() { grep "^$1:" /proc/meminfo | awk '{print $2 * 1024}'; }
if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  V=2
  grep -qw memory /sys/fs/cgroup/cgroup.subtree_control || echo +memory > /sys/fs/cgroup/cgroup.subtree_control
  PLAIN=/sys/fs/cgroup/plain_parent
  MEMP=/sys/fs/cgroup/mem_parent
  mkdir $PLAIN $MEMP
  echo +memory > $MEMP/cgroup.subtree_control
else
  V=1
  PLAIN=
  MEMP=/sys/fs/cgroup/memory/mem_parent
  mkdir $MEMP
fi
charged() {
  if [ $V = 2 ]; then
    awk '$1 == "percpu" {print $2}' $MEMP/memory.stat
  else
    cat $MEMP/memory.kmem.usage_in_bytes
  fi
}
snap() { echo "$(kb Percpu) $(kb Slab) $(kb SUnreclaim) $(charged)"; }
per() {
  # per TAG BEFORE AFTER COUNT
  set -- "$1" $2 $3 $4
  tag=$1; p0=$2; s0=$3; u0=$4; c0=$5; p1=$6; s1=$7; u1=$8; c1=$9; n=${10}
  echo "$tag: Percpu $(( (p1 - p0) / n )) a cgroup, $(( (p1 - p0) / n / ncpu )) a cgroup a CPU; Slab $(( (s1 - s0) / n )); SUnreclaim $(( (u1 - u0) / n )); charged $(( (c1 - c0) / n ))"
}
make() {
  seq 1 $N | while read i; do mkdir $1/g$2_$i; done
}
echo "cgroup v$V, $ncpu CPUs, $B batches of $N"
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
start=$(snap)
slabs() { awk 'NR > 2 {print $1, $2, $3, $15 * $6}' /proc/slabinfo; }
SS0=$(slabs)
for parent in $PLAIN $MEMP; do
  b=1
  while [ $b -le $B ]; do
    before=$(snap)
    make $parent $b
    after=$(snap)
    per "$(basename $parent) batch $b" "$before" "$after" $N
    b=$((b + 1))
  done
done
mid=$(snap)
total=$(ls -d $PLAIN/g* $MEMP/g* 2>/dev/null | wc -l)
echo "cgroups: $total"
per "all made" "$start" "$mid" $total
for d in $PLAIN/g* $MEMP/g*; do [ -d $d ] && rmdir $d; done
sleep 3
end=$(snap)
SS1=$(slabs)
printf '%s\n==\n%s\n' "$SS0" "$SS1" | awk '$0 == "==" {after = 1; next}
  !after {a[$1] = $2; p[$1] = $4; next}
  { if ($2 != a[$1] || $4 != p[$1]) print "kept", $1, "active", $2 - a[$1], "pages", $4 - p[$1] }'
per "removed, per cgroup made" "$start" "$end" $total
rmdir $PLAIN $MEMP
echo done
