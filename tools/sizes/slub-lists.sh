#!/bin/bash
# Written for memcgsim (issue 15, docs/fidelity.md item 15): SLUB's per-cache limits and
# list state in the guest around cgroup-cost.sh's mkdir and rmdir loops, for the caches
# of the commands' task structures. "conf": order, objects per slab, cpu_partial
# (objects), min_partial, as /sys/kernel/slab shows them (kernel/slub.py's constants);
# then at s0 (before), every 250 mkdirs (mK), s1, every 250 rmdirs (rK) and s2 (3 s
# after): slabs, node partial slabs, cpu_slabs (CPU slabs + per-CPU partial slabs),
# objects, objects on the node partial lists, and per CPU "objects(slabs)" of the
# per-CPU partial lists. Read with bash's read builtin: no fork of its own in the loops.
# Run: memcgsim oracle tools/sizes/slub-lists.sh --kernel K --cgroup v2 --cpus N
N=1000
if grep -q cgroup2 /proc/mounts && [ -f /sys/fs/cgroup/cgroup.controllers ]; then
  R=/sys/fs/cgroup; V=2
  grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
else
  R=/sys/fs/cgroup/memory; V=1
fi
P=$R/cost_parent
mkdir $P
[ $V = 2 ] && echo +memory > $P/cgroup.subtree_control
C="task_struct signal_cache sighand_cache cred_jar maple_node vm_area_struct mm_struct files_cache pid proc_inode_cache inode_cache"
st() {
  local c f v line
  for c in $C; do
    [ -d /sys/kernel/slab/$c ] || continue
    line="$1 $c"
    for f in slabs partial cpu_slabs objects objects_partial slabs_cpu_partial; do
      read -r v < /sys/kernel/slab/$c/$f; line="$line | $f $v"
    done
    echo "$line"
  done
}
for c in $C; do
  [ -d /sys/kernel/slab/$c ] || continue
  line="conf $c"
  for f in order objs_per_slab cpu_partial min_partial aliases; do
    read -r v < /sys/kernel/slab/$c/$f; line="$line $f $v"
  done
  echo "$line"
done
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
st s0
for ((i = 0; i < N; i++)); do mkdir $P/child_$i; ((i % 250 == 0)) && st "m$i"; done
st s1
for ((i = 0; i < N; i++)); do rmdir $P/child_$i; ((i % 250 == 0)) && st "r$i"; done
sleep 3
st s2
rmdir $P
