#!/bin/bash
# Written for memcgsim (session 43, slab43; docs/fidelity.md item 425): what a mkdir
# and an rmdir of a memory cgroup allocate and free, kernel side, in kmalloc-64, -1k,
# -4k (and their -cg- twins on 6.1), vm_area_struct and kernfs_node_cache (and
# kmalloc-32: a vmalloc'ed stack's pages array), call site by call site, against the
# same command failing (its fork, exec and exit alone).
# Events: kmem:kmalloc, kmalloc_node (bytes_alloc 32, 64, 1024, 4096), kmem_cache_alloc,
# kmem_cache_alloc_node (6.1: the two caches by name; 5.10, whose event has no name:
# their slot sizes, /sys/kernel/slab/C/slab_size), kmem:kfree and a kprobe on
# kmem_cache_free naming the cache (its name at struct kmem_cache + 96, BTF of both
# guests), folded in the guest: allocations by phase, event, call site, bytes,
# accounted (the gfp's __GFP_ACCOUNT / 6.1's `accounted`), CPU and who ran it (the
# script's shell `sh`, its forked child before the exec `child`, the exec'd command
# `cmd`, kworker, ksoftirqd, idle, other), with how many were freed in the same
# phase and later; frees of objects allocated before the phase by the phase they
# fall in. Frees through kfree_bulk (kfree_rcu's batches) are not seen.
# Phases (4 operations each, then 1 s for their RCU callbacks and css work):
#   first  mkdir of the root's child P (the first memcg of the boot) and +memory in
#          P's subtree_control;
#   noop   `mkdir -p P` (exists: the command alone);
#   mkdir  `mkdir P/cN`;   rmdir  `rmdir P/cN`;
#   norm   `rmdir P/none` (fails: the command alone);   after  2 s more.
# The same script runs in the model (no tracefs there: the marks become `: PHASE`,
# calibration/memcg-mkdir-allocs.py counts the model's objects by phase).
# Run: memcgsim oracle calibration/memcg-mkdir-allocs.sh --kernel K --cgroup v2 --cpus N
R=/sys/fs/cgroup
TR=/sys/kernel/tracing
[ -d $TR/events ] || mount -t tracefs nodev $TR 2>/dev/null
[ -d $TR/events ] || TR=
mark() { : PHASE "$1"; [ -z "$TR" ] || echo "PHASE $1" > $TR/trace_marker; }
echo "$(grep -c ^processor /proc/cpuinfo) CPUs, $(uname -r), shell pid $$"
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
if [ -n "$TR" ]; then
  echo 40000 > $TR/buffer_size_kb
  [ -e $TR/options/hash-ptr ] && echo 0 > $TR/options/hash-ptr
  read -r VMA < /sys/kernel/slab/vm_area_struct/slab_size
  read -r KN < /sys/kernel/slab/kernfs_node_cache/slab_size
  echo "slot vm_area_struct $VMA kernfs_node_cache $KN"
  for e in kmalloc kmalloc_node; do
    [ -e $TR/events/kmem/$e ] || continue
    echo 'bytes_alloc == 32 || bytes_alloc == 64 || bytes_alloc == 1024 || bytes_alloc == 4096' > $TR/events/kmem/$e/filter
    echo 1 > $TR/events/kmem/$e/enable
  done
  for e in kmem_cache_alloc kmem_cache_alloc_node; do
    [ -e $TR/events/kmem/$e ] || continue
    echo 'name == "vm_area_struct" || name == "kernfs_node_cache"' > $TR/events/kmem/$e/filter 2>/dev/null ||
      echo "bytes_alloc == $VMA || bytes_alloc == $KN" > $TR/events/kmem/$e/filter
    echo 1 > $TR/events/kmem/$e/enable
  done
  echo 'p:kcf kmem_cache_free name=+0(+96(%di)):string obj=%si:x64' >> $TR/kprobe_events
  echo 'name == "vm_area_struct" || name == "kernfs_node_cache"' > $TR/events/kprobes/kcf/filter
  echo 1 > $TR/events/kprobes/kcf/enable
  echo 1 > $TR/events/kmem/kfree/enable
  for e in sched_process_fork sched_process_exec sched_process_exit; do echo 1 > $TR/events/sched/$e/enable; done
  echo > $TR/trace
  echo 1 > $TR/tracing_on
fi
P=$R/allocs
sleep 1
mark first
mkdir $P
echo +memory > $P/cgroup.subtree_control
sleep 1
mark noop
for i in 1 2 3 4; do mkdir -p $P; done
sleep 1
mark mkdir
for i in 1 2 3 4; do mkdir $P/c$i; done
sleep 1
mark rmdir
for i in 1 2 3 4; do rmdir $P/c$i; done
sleep 1
mark norm
for i in 1 2 3 4; do rmdir $P/none 2>/dev/null; done
sleep 1
mark after
sleep 2
mark end
[ -n "$TR" ] || exit 0
echo 0 > $TR/tracing_on
grep -a 'entries-in-buffer\|lost' $TR/trace | head -2
echo "=== AL PHASE EVENT SITE BYTES ACCT CPU WHO COUNT FREED-SAME-PHASE FREED-LATER"
echo "=== FR PHASE FREE-EVENT ALLOC-PHASE EVENT SITE BYTES ACCT WHO COUNT"
echo "=== EV PHASE EVENT COUNT"
grep -av '^#' $TR/trace | awk -v sh=$$ '
function who(t,   c, p) {
  p = t; sub(/.*-/, "", p); c = t; sub(/-[0-9]+$/, "", c)
  if (p == sh) return "sh"
  if (c == "mkdir" || c == "rmdir") return "cmd"
  if (c == "bash") return "child"
  if (c ~ /^kworker/) return "kworker"
  if (c ~ /^ksoftirqd/) return "ksoftirqd"
  if (c == "<idle>") return "idle"
  return "other"
}
/tracing_mark_write: PHASE / { ph = $NF; next }
ph == "" || ph == "end" { next }
{
  ev = ""; for (i = 3; i <= NF; i++) if ($i ~ /^[a-z_]+:$/ && $(i - 1) ~ /^[0-9]+\.[0-9]+:$/) { ev = $i; break }
  sub(/:$/, "", ev)
}
ev == "sched_process_fork" || ev == "sched_process_exec" || ev == "sched_process_exit" { evn[ph " " ev]++; next }
ev ~ /^(kmalloc|kmalloc_node|kmem_cache_alloc|kmem_cache_alloc_node)$/ {
  site = ""; ptr = ""; al = ""; acct = "-"
  for (i = 1; i <= NF; i++) {
    if ($i ~ /^call_site=/) site = substr($i, 11)
    if ($i ~ /^ptr=/) ptr = substr($i, 5)
    if ($i ~ /^bytes_alloc=/) al = substr($i, 13)
    if ($i ~ /^gfp_flags=/ && $i ~ /ACCOUNT/) acct = "acct"
    if ($i == "accounted=true") acct = "acct"
  }
  sub(/\+0x.*/, "", site)
  key = ph " " ev " " site " " al " " acct " " $2 " " who($1)
  cnt[key]++; at[ptr] = key; aph[ptr] = ph; next
}
ev == "kfree" || ev == "kcf" {
  ptr = ""
  for (i = 1; i <= NF; i++) { if ($i ~ /^ptr=/) ptr = substr($i, 5); if ($i ~ /^obj=/) ptr = substr($i, 5) }
  if (ptr ~ /^0x/) { ptr = substr(ptr, 3) }
  if (!(ptr in at)) { p2 = ptr; while (length(p2) < 16) p2 = "0" p2; if (p2 in at) ptr = p2 }
  if (ptr in at) {
    k = at[ptr]; split(k, f, " ")
    if (aph[ptr] == ph) same[k]++; else { later[k]++; fr[ph " " ev " " aph[ptr] " " f[2] " " f[3] " " f[4] " " f[5] " " f[7]]++ }
    delete at[ptr]; delete aph[ptr]
  }
}
END {
  for (k in cnt) print "AL", k, cnt[k], same[k] + 0, later[k] + 0
  for (k in fr) print "FR", k, fr[k]
  for (k in evn) print "EV", k, evn[k]
}' | sort
rmdir $P
echo done
