#!/bin/bash
# =====================================================================
# NAME:    selftest_kmem_dead_cgroups.sh  (shell equivalent, cgroup v2)
# SOURCE:  Linux tools/testing/selftests/cgroup/test_kmem.c,
#          test_kmem_dead_cgroups() (933dc80ec262, v5.9), in its current form:
#          the final read is cg_read_key_long_poll(parent, "cgroup.stat",
#          "nr_dying_descendants ", 0, KMEM_DEAD_WAIT_RETRIES (80),
#          DEFAULT_WAIT_INTERVAL_US (100 ms)), i.e. up to ~8 s
#          (lib/cgroup_util.c, Guopeng Zhang, 2025). Written for memcgsim's
#          conformance suite (issue 15 item 6) with the helpers of
#          selftest_kmem_basic.sh.
# C PROCESS BEHAVIOUR: parent cgroup with +memory; 30 times: create child_i,
#   cg_run a child process that stat()s 100 non-existent paths under / (negative
#   dentries charged to child_i), cg_destroy child_i. Then poll the parent's
#   nr_dying_descendants until it reads 0: PASS, else FAIL.
# DIAGNOSTIC (not in the C test): every polled value is printed on one line.
# The oracle runs it with its working directory on the scratch ext4 disk.
# =====================================================================
ROOT=${CGROUP2_ROOT:-/sys/fs/cgroup}
# cg_read_key_long(cg, file, "key "): value after the first "key " (-1 if absent)
key() { awk -v k="$3" '$1==k {print $2; f=1; exit} END {if (!f) print -1}' "$1/$2"; }
cg_destroy() { local cg=$1; [ -d "$cg" ] || return 0
  until rmdir "$cg" 2>/dev/null; do [ -d "$cg" ] || return 0
    echo 1 > "$cg/cgroup.kill" 2>/dev/null || for p in $(cat "$cg/cgroup.procs"); do kill -9 "$p"; done; sleep 0.0001; done; }
cg_run() { local cg=$1; shift; ( echo "$BASHPID" > "$cg/cgroup.procs" || exit 1; "$@" ); }
# alloc_dcache(N): N stat() calls on "/something-non-existent-with-a-long-name-%64lu-%d"
alloc_dcache() { local i n
  for ((i = 0; i < $1; i++)); do
    printf -v n '/something-non-existent-with-a-long-name-%64d-%d' "$i" "$BASHPID"; [ -e "$n" ]; done; return 0; }
pass() { echo "ok $1"; exit 0; }
fail() { echo "not ok $1${2:+ # $2}"; exit 1; }
grep -qw memory "$ROOT/cgroup.controllers" || { echo "skip: memory controller isn't available"; exit 4; }
grep -qw memory "$ROOT/cgroup.subtree_control" || echo "+memory" > "$ROOT/cgroup.subtree_control" || { echo "skip: Failed to set memory controller"; exit 4; }
T=test_kmem_dead_cgroups; parent=$ROOT/kmem_dead_cgroups_test
mkdir "$parent" || fail $T
echo "+memory" > "$parent/cgroup.subtree_control" || { cg_destroy "$parent"; fail $T; }
for ((i = 0; i < 30; i++)); do          # cg_run_in_subcgroups(parent, alloc_dcache, 100, 30)
  child=$parent/child_$i
  mkdir "$child" || { cg_destroy "$child"; cg_destroy "$parent"; fail $T; }
  cg_run "$child" alloc_dcache 100 || { cg_destroy "$child"; cg_destroy "$parent"; fail $T; }
  cg_destroy "$child"
done
polls=
for ((r = 0; r < 80; r++)); do          # cg_read_key_long_poll(..., 0, 80, 100000)
  dead=$(key "$parent" cgroup.stat nr_dying_descendants)
  polls="$polls $dead"
  [ "$dead" -lt 0 ] || [ "$dead" -eq 0 ] && break
  sleep 0.1
done
echo "nr_dying_descendants polled:$polls"
cg_destroy "$parent"
[ "$dead" -eq 0 ] && pass $T
fail $T "nr_dying_descendants=$dead"
