#!/bin/bash
# Written for memcgsim's conformance suite (issue 15): what the host gets back when dying
# memory cgroups are freed and nothing else is. N children of P each write one 4 KiB
# file (one page-cache page charged to the child) and are removed: the page keeps each
# memcg dying. Removing the files frees the pages, so the dying memcgs are freed; the
# drop of /proc/meminfo Slab + Percpu a few seconds later, per freed cgroup, is what one
# dying memcg cost the host (its structures and per-CPU data; the files' own inodes and
# dentries are freed too, a few hundred bytes each).
N=500
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/dying_cost
mkdir $P
echo +memory > $P/cgroup.subtree_control
mkdir -p files
for ((i = 0; i < N; i++)); do
  mkdir $P/c$i
  (echo $BASHPID > $P/c$i/cgroup.procs; head -c 4096 /dev/zero > files/f$i)
  rmdir $P/c$i
done
sleep 2
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
dying() { awk '$1 == "nr_dying_descendants" {print $2}' $P/cgroup.stat; }
d0=$(dying); s0=$(mi Slab); p0=$(mi Percpu)
echo "dying with their page: $d0"
rm -f files/f*
sleep 5
d1=$(dying); s1=$(mi Slab); p1=$(mi Percpu)
echo "dying after rm: $d1"
freed=$((d0 - d1))
[ $freed -gt 0 ] || freed=1
echo "Slab freed per freed cgroup: $(( (s0 - s1) / freed ))"
echo "Percpu freed per freed cgroup: $(( (p0 - p1) / freed ))"
echo "Slab + Percpu freed per freed cgroup: $(( (s0 - s1 + p0 - p1) / freed ))"
rmdir $P
