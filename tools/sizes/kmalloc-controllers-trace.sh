#!/bin/bash
# Written for memcgsim (session 36, slab36; docs/fidelity.md item 256): the kmallocs of
# kmalloc-512 and kmalloc-256 (bytes_alloc; SIZES chooses others) while the rounds of
# tests/conformance/scripts/novel-mkdir-controllers.sh make and remove 100 cgroups
# (memory alone, then memory and pids): per phase, each call site's allocations by
# size and CPU and how many of them were not freed by the phase's end (kmem:kmalloc
# with a filter, kmem:kfree matched by pointer), and /proc/slabinfo's lines of the
# caches after each phase.
# Run: memcgsim oracle tools/sizes/kmalloc-controllers-trace.sh --kernel K --cgroup v2 --cpus N
: "${SIZES:=512 256}"
C=/sys/fs/cgroup
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1 || { TR=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
echo "cgroup v2, $(grep -c ^processor /proc/cpuinfo) CPUs"
echo 60000 > $TR/buffer_size_kb
f=""; for z in $SIZES; do f="${f:+$f || }bytes_alloc == $z"; done
for e in kmalloc kmalloc_node; do
  [ -e $TR/events/kmem/$e ] || continue
  echo "$f" > $TR/events/kmem/$e/filter; echo 1 > $TR/events/kmem/$e/enable
done
echo 1 > $TR/events/kmem/kfree/enable
sl() { local z; for z in $SIZES; do grep "^kmalloc-$z " /proc/slabinfo | awk -v p="$1" '{print p, $1, "active", $2, "total", $3, "slabs", $15}'; done; }
round() {
  local i
  sleep 1
  echo "PHASE $1-made" > $TR/trace_marker
  for i in $(seq 1 100); do mkdir $C/m$i; done
  sl "$1-made"
  echo "PHASE $1-removed" > $TR/trace_marker
  for i in $(seq 1 100); do rmdir $C/m$i; done
  sleep 2
  sl "$1-removed"
}
echo 0 > $TR/tracing_on
echo +memory > $C/cgroup.subtree_control
sleep 1; sl start
echo 1 > $TR/tracing_on
round memory
echo -memory > $C/cgroup.subtree_control
echo +pids > $C/cgroup.subtree_control
echo +memory > $C/cgroup.subtree_control
round memory+pids
echo 0 > $TR/tracing_on
echo "--- per phase: size, call site, CPU, allocations, not freed by the phase's end"
grep -av '^#' $TR/trace | awk '
/tracing_mark_write: PHASE/ { sub(/.*PHASE /, ""); ph = $1; next }
/ kmalloc(_node)?:/ {
  cpu = $2; site = ""; sz = ""; ptr = ""
  for (i = 1; i <= NF; i++) {
    if ($i ~ /^call_site=/) site = substr($i, 11)
    if ($i ~ /^bytes_alloc=/) sz = substr($i, 13)
    if ($i ~ /^ptr=/) ptr = substr($i, 5)
  }
  sub(/\+0x.*/, "", site)
  k = ph " " sz " " site " " cpu; n[k]++; live[ptr] = k; lph[ptr] = ph; next
}
/ kfree:/ {
  for (i = 1; i <= NF; i++) if ($i ~ /^ptr=/) ptr = substr($i, 5)
  if ((ptr in live) && lph[ptr] == ph) delete live[ptr]
  next
}
END { for (p in live) kept[live[p]]++; for (k in n) print k, n[k], kept[k] + 0 }' | sort
echo "-memory -pids" > $C/cgroup.subtree_control
echo done
