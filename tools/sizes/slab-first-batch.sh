#!/bin/bash
# Which caches grow, and by how many slab pages, over the first 20 cgroups made without
# the memory controller and the first 20 with it (percpu-with-without-memory.sh's first
# batches): the guest's CPUs hold boot slabs with room, the model starts each CPU's
# lists empty (docs/fidelity.md item 39). Lines: TAG cache active +N objs +N pages +N.
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir /sys/fs/cgroup/plain_parent /sys/fs/cgroup/mem_parent
echo +memory > /sys/fs/cgroup/mem_parent/cgroup.subtree_control
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
slabs() { awk 'NR > 2 {print $1, $2, $3, $15 * $6}' /proc/slabinfo; }
delta() { printf '%s\n==\n%s\n' "$1" "$2" | awk -v tag="$3" '
  $0 == "==" {after = 1; next}
  !after {a[$1] = $2; o[$1] = $3; p[$1] = $4; next}
  { if ($2 != a[$1] || $4 != p[$1]) print tag, $1, "active", $2 - a[$1], "objs", $3 - o[$1], "pages", $4 - p[$1] }'; }
s0=$(slabs); m0=$(grep -E '^(Slab|SUnreclaim|SReclaimable)' /proc/meminfo | tr '\n' ' ')
for i in $(seq 1 20); do mkdir /sys/fs/cgroup/plain_parent/g1_$i; done
s1=$(slabs); m1=$(grep -E '^(Slab|SUnreclaim|SReclaimable)' /proc/meminfo | tr '\n' ' ')
echo "before: $m0"; echo "after: $m1"
delta "$s0" "$s1" plain1
for i in $(seq 1 20); do mkdir /sys/fs/cgroup/mem_parent/g1_$i; done
s2=$(slabs)
delta "$s1" "$s2" mem1
