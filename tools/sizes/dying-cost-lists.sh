#!/bin/bash
# Written for memcgsim (session 39, slab39: docs/fidelity.md item 310): dying-cost.sh's
# loop and rm (tests/conformance/scripts), with SLUB's lists of the caches whose slabs
# the model frees and the guest keeps (/sys/kernel/slab/C: slabs, node partial slabs,
# cpu_slabs, objects, objects_partial, slabs_cpu_partial) and /proc/slabinfo's active
# objects and slabs of each, before the loop, before the rm and 5 s after it.
# Run: memcgsim oracle tools/sizes/dying-cost-lists.sh --kernel K --cgroup v2
C="ext4_inode_cache kmalloc-4k kmalloc-1k kmalloc-64"
st() {
  local c f v line
  for c in $C; do
    line="$1 $c"
    for f in slabs partial cpu_slabs objects objects_partial slabs_cpu_partial; do
      read -r v < /sys/kernel/slab/$c/$f; line="$line | $f $v"
    done
    echo "$line"
  done
  awk -v t="$1" 'NR > 2 {print t, "slabinfo", $1, $2, $3, $15}' /proc/slabinfo |
    grep -E " ($(echo $C | tr ' ' '|')) "
}
N=500
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/dying_cost
mkdir $P
echo +memory > $P/cgroup.subtree_control
mkdir -p files
sync; sleep 1
st start
for ((i = 0; i < N; i++)); do
  mkdir $P/c$i
  (echo $BASHPID > $P/c$i/cgroup.procs; head -c 4096 /dev/zero > files/f$i)
  rmdir $P/c$i
done
sleep 2
st loop
rm -f files/f*
sleep 5
st rm
echo "dying after rm: $(awk '$1 == "nr_dying_descendants" {print $2}' $P/cgroup.stat)"
rmdir $P
