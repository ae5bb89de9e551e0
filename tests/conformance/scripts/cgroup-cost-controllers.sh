#!/bin/bash
# Written for memcgsim's conformance suite (session 30): what an empty child costs for
# each cgroup2 controller a runtime enables beside memory (cpu, io, pids, cpuset,
# hugetlb, rdma), one at a time: N children of a parent that enables only that
# controller; /proc/meminfo Percpu and Slab per child, and the slab caches that moved
# (objects and slabs, per N children), after the mkdirs and 3 s after the rmdirs.
N=200
R=/sys/fs/cgroup
slabs() { awk 'NR > 2 {print $1, $4, $5, $6, $2, $3, $15}' /proc/slabinfo; }
delta() { printf '%s\n==\n%s\n' "$1" "$2" | awk -v tag="$3" '
  $0 == "==" {after = 1; next}
  !after {a[$1] = $5; s[$1] = $7; next}
  { d = $5 - a[$1]; ds = $7 - s[$1]
    if (d != 0 || ds != 0) print "slabinfo", tag, $1, $2, "active", d, "slabs", ds }'; }
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $N children"
for ss in cpu io pids cpuset hugetlb rdma; do
  echo "+$ss" > $R/cgroup.subtree_control || continue
  P=$R/cost_$ss
  mkdir $P; echo "+$ss" > $P/cgroup.subtree_control
  sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
  s0=$(slabs); pcpu0=$(mi Percpu); slab0=$(mi Slab)
  for ((i = 0; i < N; i++)); do mkdir $P/c$i; done
  s1=$(slabs); pcpu1=$(mi Percpu); slab1=$(mi Slab)
  echo "$ss Percpu per child: $(( (pcpu1 - pcpu0) / N ))"
  echo "$ss Slab per child: $(( (slab1 - slab0) / N ))"
  delta "$s0" "$s1" "$ss created"
  for ((i = 0; i < N; i++)); do rmdir $P/c$i; done
  sleep 3
  s2=$(slabs); pcpu2=$(mi Percpu); slab2=$(mi Slab)
  echo "$ss Percpu kept after rmdir per child: $(( (pcpu2 - pcpu0) / N ))"
  echo "$ss Slab kept after rmdir per child: $(( (slab2 - slab0) / N ))"
  rmdir $P
  echo "-$ss" > $R/cgroup.subtree_control
done
