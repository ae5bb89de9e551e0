#!/bin/bash
# =====================================================================
# NAME:    selftest_percpu_basic.sh  (shell equivalent, cgroup v2)
# SOURCE:  Linux tools/testing/selftests/cgroup/test_kmem.c, test_percpu_basic()
#          (Roman Gushchin, "kselftests: cgroup: add perpcu memory accounting
#          test", v5.9). Read at torvalds/linux.
# C PROCESS BEHAVIOUR: creates percpu_basic_test with +memory in its
#   subtree_control and 1000 empty children child_0..child_999; each new memcg's
#   per-CPU data (mem_cgroup_alloc under set_active_memcg(parent)) is charged to
#   the parent. Reads the parent's memory.current and memory.stat "percpu".
# CHECKS:  current > 0, percpu > 0 and |current - percpu| < MAX_VMSTAT_ERROR
#   (4096 * 32 * get_nprocs() as first written) => PASS. Printed always here
#   (the C test prints them only on failure) so the values can be compared.
# =====================================================================
ROOT=${CGROUP2_ROOT:-/sys/fs/cgroup}
NPROCS=$(getconf _NPROCESSORS_ONLN)
grep -qw memory "$ROOT/cgroup.subtree_control" || echo "+memory" > "$ROOT/cgroup.subtree_control"
T=test_percpu_basic; parent=$ROOT/percpu_basic_test
mkdir "$parent" || { echo "not ok $T"; exit 1; }
echo "+memory" > "$parent/cgroup.subtree_control" || { rmdir "$parent"; echo "not ok $T"; exit 1; }
for ((i = 0; i < 1000; i++)); do mkdir "$parent/child_$i" || break; done
current=$(cat "$parent/memory.current")
percpu=$(awk '$1 == "percpu" {print $2}' "$parent/memory.stat")
echo "memory.current $current"
echo "percpu $percpu"
d=$((current - percpu)); [ $d -lt 0 ] && d=$((-d))
for ((i = 0; i < 1000; i++)); do rmdir "$parent/child_$i"; done
rmdir "$parent"
if [ "$current" -gt 0 ] && [ "$percpu" -gt 0 ] && [ $d -lt $((4096 * 32 * NPROCS)) ]; then
  echo "ok $T"
else
  echo "not ok $T"
fi
