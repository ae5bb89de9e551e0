#!/bin/bash
# Written for memcgsim (session 37, slab37; docs/fidelity.md items 263 ff.): which
# kernel call takes each new slab during novel-host-refreshed.sh's steps, on the whole
# guest (kworkers, jbd2 and the helpers' forks too), and what the script's commands
# allocate of the caches the model lacks. The conformance script's steps run as they
# do under tools/sizes/step_slabinfo.py (the same dump of /proc/slabinfo and meminfo
# after each `at`, read by bash's `read`), with:
# - a kprobe on SLUB's slab allocation (new_slab on 6.1, allocate_slab on 5.10,
#   which inlines new_slab; the cache's name at struct kmem_cache + 96, BTF of both
#   guests) with a stacktrace trigger: every new slab, its CPU, task and call chain;
# - kmem:kmalloc / kmem_cache_alloc (and _node) of the sizes of the caches in
#   question (bytes_alloc 32, 56, 64, 120, 200, 680, 712, 1024, 152) and every free,
#   folded in the guest into counts per step, event, call site, bytes and CPU, with
#   how many of them were freed within the step (pointer matched).
# Run: memcgsim oracle tools/sizes/refreshed-slabs-trace.sh --kernel K --cgroup v2 --cpus 2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1
echo "$(grep -c ^processor /proc/cpuinfo) CPUs, $(uname -r), shell pid $$"
echo 30000 > $TR/buffer_size_kb
NM='name=+0(+96(%di)):string'
for f in new_slab allocate_slab; do
  grep -qw "$f" /proc/kallsyms && echo "p:nslab $f $NM" >> $TR/kprobe_events && break
done
echo stacktrace > $TR/events/kprobes/nslab/trigger
echo 1 > $TR/events/kprobes/nslab/enable
SZ='bytes_alloc == 32 || bytes_alloc == 56 || bytes_alloc == 64 || bytes_alloc == 120 || bytes_alloc == 200 || bytes_alloc == 680 || bytes_alloc == 712 || bytes_alloc == 1024 || bytes_alloc == 152'
for e in kmalloc kmalloc_node kmem_cache_alloc kmem_cache_alloc_node; do
  [ -e $TR/events/kmem/$e ] && { echo "$SZ" > $TR/events/kmem/$e/filter; echo 1 > $TR/events/kmem/$e/enable; }
done
for e in kfree kmem_cache_free; do echo 1 > $TR/events/kmem/$e/enable; done
for e in sched_process_fork sched_process_exec sched_process_exit; do echo 1 > $TR/events/sched/$e/enable; done
echo 0 > $TR/tracing_on; echo > $TR/trace
# ---- novel-host-refreshed.sh's steps, with step_slabinfo.py's dump after each `at`
dump() {
  { read -r _; read -r _; while read -r nm a o s _ pp _ _ _ _ _ _ _ _ ns _; do
      echo "SI $1 $nm $a $o $s $((ns * pp))"; done; } < /proc/slabinfo
  while read -r k v _; do case $k in Slab:|SUnreclaim:) echo "SM $1 $k $((v * 1024))";; esac; done < /proc/meminfo
}
C=/sys/fs/cgroup; echo +memory > $C/cgroup.subtree_control
snap() {
  echo 1 > /proc/sys/vm/stat_refresh
  local k v _
  while read -r k v _; do
    case $k in Slab:) eval "$1_s=\$((v * 1024))";; SUnreclaim:) eval "$1_u=\$((v * 1024))";; esac
  done < /proc/meminfo
}
snap base
n=0
at() {
  snap now
  echo "$1: refreshed bytes Slab $((now_s - base_s)) SUnreclaim $((now_u - base_u))"
  echo "$1: memory cgroups $(awk '$1 == "memory" {print $3}' /proc/cgroups)"
  dump $n; n=$((n + 1))
  echo "step $1" > $TR/trace_marker
}
echo 1 > $TR/tracing_on
at start
for c in a b c; do mkdir $C/ctr-$c; mkfifo /tmp/$c.go; done
at made
for c in a b c; do
  ( echo $BASHPID > $C/ctr-$c/cgroup.procs; read -r _ < /tmp/$c.go; exec sleep 300 ) &
done
sleep 1
at entered
for c in a b c; do echo go > /tmp/$c.go; done
sleep 1
at running
kill $(jobs -p); wait 2>/dev/null
sleep 0.5
at killed
for c in a b c; do rmdir $C/ctr-$c; rm /tmp/$c.go; done
at removed
sleep 2
at settled
echo 0 > $TR/tracing_on
grep -a 'entries-in-buffer\|lost' $TR/trace | head -2
# ---- the new slabs, each with its call chain (the chain's first 12 frames)
echo "=== new slabs (step: the step they fall in, after its previous dump)"
awk '
/tracing_mark_write: step / { step = $NF; next }
/ nslab: / { if (stack != "") print stack; split($0, f, "name=\""); nm = f[2]; sub(/".*/, "", nm)
  cpu = $2; task = $1; stack = sprintf("NS %s %s %s %s:", (step == "" ? "start" : "after-" step), nm, cpu, task); d = 0; next }
/<stack trace>/ { next }
/^ *=> / && stack != "" { if (d < 12) stack = stack " " $2; d++; next }
{ if (stack != "") { print stack; stack = "" } }
END { if (stack != "") print stack }' $TR/trace
# ---- the allocations of those sizes, folded: step, event, call site, bytes, CPU, count, freed
echo "=== allocations (AL STEP EVENT SITE BYTES CPU COUNT FREED-IN-TRACE)"
awk '
/tracing_mark_write: step / { step = $NF; next }
/ (kmalloc|kmalloc_node|kmem_cache_alloc|kmem_cache_alloc_node):/ {
  site = ""; ptr = ""; al = ""; ev = ""
  for (i = 1; i <= NF; i++) {
    if ($i ~ /:$/ && ev == "" && $i ~ /^km/) ev = $i
    if ($i ~ /^call_site=/) site = substr($i, 11)
    if ($i ~ /^ptr=/) ptr = substr($i, 5)
    if ($i ~ /^bytes_alloc=/) al = substr($i, 13)
  }
  sub(/\+0x.*/, "", site); sub(/:$/, "", ev)
  key = (step == "" ? "start" : "after-" step) " " ev " " site " " al " " $2
  cnt[key]++; at[ptr] = key; next
}
/ (kfree|kmem_cache_free):/ {
  for (i = 1; i <= NF; i++) if ($i ~ /^ptr=/) ptr = substr($i, 5)
  if (ptr in at) { fr[at[ptr]]++; delete at[ptr] }
  next
}
/sched_process_(fork|exec|exit)/ { print "EV", (step == "" ? "start" : "after-" step), $2, $1, $5, $6, $7, $8, $9 }
END { for (k in cnt) print "AL", k, cnt[k], fr[k] + 0 }' $TR/trace | sort
