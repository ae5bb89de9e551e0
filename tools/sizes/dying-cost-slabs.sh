#!/bin/bash
# Written for memcgsim (issue 15, docs/fidelity.md item 15): tests/conformance/scripts/
# dying-cost.sh with /proc/slabinfo around it, to tell which caches give back what when
# the dying memcgs are freed. "slabinfo made|freed NAME objsize pagesperslab
# active_objs-delta num_slabs-delta": made = over the loop, freed = over rm + 5 s.
# Run: memcgsim oracle tools/sizes/dying-cost-slabs.sh --kernel K --cgroup v2
slabs() { awk 'NR > 2 {print $1, $4, $6, $2, $15}' /proc/slabinfo; }
sdiff() { printf '%s\n==\n%s\n' "$2" "$3" | awk -v tag="$1" '$0 == "==" {after = 1; next}
  !after {a[$1] = $4; s[$1] = $5; next}
  $4 != a[$1] || $5 != s[$1] {print "slabinfo", tag, $1, $2, $3, $4 - a[$1], $5 - s[$1]}'; }
N=500
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/dying_cost
mkdir $P
echo +memory > $P/cgroup.subtree_control
mkdir -p files
sync; sleep 1
sa=$(slabs)
for ((i = 0; i < N; i++)); do
  mkdir $P/c$i
  (echo $BASHPID > $P/c$i/cgroup.procs; head -c 4096 /dev/zero > files/f$i)
  rmdir $P/c$i
done
sleep 2
mi() { awk -v k="$1:" '$1 == k {print $2 * 1024}' /proc/meminfo; }
dying() { awk '$1 == "nr_dying_descendants" {print $2}' $P/cgroup.stat; }
d0=$(dying); s0=$(mi Slab); p0=$(mi Percpu); sb=$(slabs)
echo "dying with their page: $d0"
rm -f files/f*
sleep 5
d1=$(dying); s1=$(mi Slab); p1=$(mi Percpu); sc=$(slabs)
echo "dying after rm: $d1"
freed=$((d0 - d1))
[ $freed -gt 0 ] || freed=1
echo "Slab freed per freed cgroup: $(( (s0 - s1) / freed ))"
echo "Percpu freed per freed cgroup: $(( (p0 - p1) / freed ))"
sdiff made "$sa" "$sb"
sdiff freed "$sb" "$sc"
rmdir $P
