#!/bin/bash
# Written for memcgsim (docs/fidelity.md item 54): the anon_vma_chains and anon_vmas an
# exec of a static busybox program allocates and frees, counted by the call sites of
# the kmem_cache_alloc / kmem_cache_free tracepoints (5.10's events name no cache:
# call_site tells) during three `sh -c 'exec sleep 0.1'` runs, the same commands as
# ran-once-cost's jobs. Prints per run the allocations by call site of the exec'd
# sleep and of its sh (comm "sh" before the exec), and the frees at its exit.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
echo 8000 > $T/buffer_size_kb
echo 1 > $T/events/kmem/kmem_cache_alloc/enable
echo 1 > $T/events/kmem/kmem_cache_free/enable
echo 1 > $T/events/sched/sched_process_exec/enable
for r in 1 2 3; do
  echo > $T/trace
  echo 1 > $T/tracing_on
  sh -c "exec sleep 0.1"
  echo 0 > $T/tracing_on
  echo "--- run $r: exec'd sleep, allocations and frees from anon_vma call sites"
  grep -av '^#' $T/trace | awk '
    /sched_process_exec/ { if ($0 ~ /filename=\/proc\/self\/exe|filename=\/bin\/sleep/) after = 1 }
    /kmem_cache_(alloc|free):/ && after && /anon_vma|unlink_anon/ {
      ev = ($0 ~ /kmem_cache_alloc/) ? "alloc" : "free"
      for (i = 1; i <= NF; i++) if ($i ~ /^call_site=/) cs = $i
      sub(/\+0x.*/, "", cs); sub(/call_site=/, "", cs); n[ev " " cs]++ }
    END { for (k in n) print "  " k, n[k] }' | sort
done
