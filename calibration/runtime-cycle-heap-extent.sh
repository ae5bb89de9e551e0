#!/bin/bash
# memcgsim calibration (session 33, branch heap33, docs/fidelity.md item 183):
# tests/conformance/scripts/novel-runtime-cycle.sh with the script bash's [heap] extent
# (the start-end of its /proc/PID/maps line) printed at the start,
# before and after each round's 128 KiB `v=$(...)` and after its `unset v`.
# Guest: memcgsim oracle calibration/runtime-cycle-heap-extent.sh --kernel 6.1 --cgroup v2
# Model: memcgsim run calibration/runtime-cycle-heap-extent.sh --kernel 6.1 --cgroup v2 --init busybox --userland busybox
hp() { printf 'heap %s: ' "$1"; grep '\[heap\]' /proc/$$/maps | cut -d' ' -f1; }
hp start
C=/sys/fs/cgroup
echo "+memory +pids" > $C/cgroup.subtree_control
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
mi() { awk '$1 ~ /^(Slab|SUnreclaim|Percpu):$/ {printf "%s %s\n", $1, $2}' /proc/meminfo; }
step() {  # step LABEL: num_cgroups and the meminfo deltas since the round's m0
  printf '%s\n==\n%s\n' "$m0" "$(mi)" | awk -v s="$1" -v n="$(ncg)" '
    $0 == "==" {after = 1; next}
    !after {v[$1] = $2; next}
    {d = d sprintf(" %s%d", $1, ($2 - v[$1]) * 1024)}
    END {printf "%s: num_cgroups %s\n%s: meminfo bytes%s\n", s, n, s, d}'; }
st() { awk -v k="$2" '$1 == k {print $2}' $1; }
echo "cgroup v2, $(getconf _NPROCESSORS_ONLN) CPUs"
sleep 1
for i in 0 1 2; do
  d=$C/ctr$i
  m0=$(mi)
  mkdir $d
  step "round $i mkdir"
  echo 32M > $d/memory.max
  echo 24M > $d/memory.high
  echo 0 > $d/memory.swap.max
  echo 20 > $d/pids.max
  echo "round $i knobs: max $(cat $d/memory.max) high $(cat $d/memory.high) swap.max $(cat $d/memory.swap.max) pids.max $(cat $d/pids.max)"
  echo $$ > $d/cgroup.procs
  step "round $i shell in"
  head -c 262144 /dev/zero > /tmp/ctr$i.shm
  head -c 524288 /dev/zero > ctr$i.data
  dd if=/dev/zero of=/dev/null bs=1M count=1 2>/dev/null
  hp "round $i before v"
  v=$(head -c 131072 /dev/zero | tr '\0' x)
  hp "round $i after v"
  sleep 30 &
  sl=$!
  echo "round $i variable ${#v} chars, pids.current $(cat $d/pids.current), populated $(st $d/cgroup.events populated)"
  for k in anon file shmem file_dirty kernel_stack pagetables; do
    echo "round $i stat $k $(st $d/memory.stat $k)"
  done
  echo "round $i current $(cat $d/memory.current) >= anon+file $(( $(cat $d/memory.current) >= $(st $d/memory.stat anon) + $(st $d/memory.stat file) ))"
  echo "round $i events: $(tr '\n' ' ' < $d/memory.events)"
  echo "round $i cgroup.stat: $(tr '\n' ' ' < $d/cgroup.stat)"
  step "round $i workload"
  echo $$ > $C/cgroup.procs
  unset v
  hp "round $i after unset"
  echo "round $i shell out: pids.current $(cat $d/pids.current)"
  echo "round $i stat after: shmem $(st $d/memory.stat shmem) file $(st $d/memory.stat file)"
  step "round $i shell out"
  rmdir $d 2>/dev/null || echo "round $i rmdir with the sleep: busy"
  kill $sl; wait $sl 2>/dev/null
  rmdir $d; echo "round $i rmdir: $?"
  echo "round $i root cgroup.stat: $(tr '\n' ' ' < $C/cgroup.stat)"
  step "round $i rmdir"
done
m0=$(mi)
rm -f /tmp/ctr?.shm ctr?.data
sleep 2
echo "after rm: $(tr '\n' ' ' < $C/cgroup.stat)"
step "files removed"
