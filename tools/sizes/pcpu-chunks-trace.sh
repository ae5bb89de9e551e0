#!/bin/bash
# Which per-CPU chunks hold the areas of 100 memory cgroups made at the root and
# removed (docs/fidelity.md, session 28 branch probe28: 5.10 at 8 CPUs keeps 11 pages
# a unit of them, the model kept 75): the percpu tracepoints (percpu_create_chunk,
# percpu_destroy_chunk, percpu_alloc_percpu with base_addr/off/size,
# percpu_free_percpu), Percpu at each step; then per phase (the events after each
# marker: "start" = the mkdirs, "made" = the rmdirs, "removed" = the 3 s after),
# chunk and event: count, bytes.
#   memcgsim oracle tools/sizes/pcpu-chunks-trace.sh --kernel 5.10 --cgroup v2 --cpus 8
# (recordings/pcpu-chunks-trace--5.10-v2-8cpu.txt). 6.1's events begin with a
# call_site field, which the summary's event column does not parse (its chunk and
# phase columns hold: one chunk, never destroyed).
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
C=/sys/fs/cgroup
[ -e $C/cgroup.controllers ] && echo +memory > $C/cgroup.subtree_control || C=$C/memory
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 20000 > $T/buffer_size_kb
pc() { awk '$1 == "Percpu:" {print $2}' /proc/meminfo; }
for e in percpu_create_chunk percpu_destroy_chunk percpu_alloc_percpu percpu_free_percpu; do
  echo 1 > $T/events/percpu/$e/enable
done
echo 1 > $T/tracing_on
echo "start $(pc)"; echo start > $T/trace_marker
for i in $(seq 100); do mkdir $C/g$i; done
echo "made $(pc)"; echo made > $T/trace_marker
for i in $(seq 100); do rmdir $C/g$i; done
echo "removed $(pc)"; echo removed > $T/trace_marker
sleep 3
echo "settled $(pc)"; echo settled > $T/trace_marker
echo 0 > $T/tracing_on
# per chunk (base_addr): allocations and frees by phase, bytes, creates/destroys
awk '/tracing_mark_write: /{ph=$NF} /percpu_(alloc|free)_percpu|percpu_(create|destroy)_chunk/{
  b=""; sz=0; for (i = 1; i <= NF; i++) { if ($i ~ /^base_addr=/) b=substr($i, 11); if ($i ~ /^size=/) sz=substr($i, 6) }
  ev=$0; sub(/.*percpu_/, "", ev); sub(/:.*/, "", ev)
  k=ph " " b " " ev; n[k]++; s[k]+=sz }
  END { for (k in n) print k, n[k], s[k] }' $T/trace | sort
grep -c percpu_ $T/trace
