#!/bin/bash
# Where 6.1 keeps per-CPU pages after cgroup-cost.sh's 1000 empty children are made and
# removed (docs/fidelity.md item 194 of session 34): pcpu_chunk_populated /
# pcpu_chunk_depopulated (chunk, page range), pcpu_alloc_area / pcpu_free_area (chunk),
# pcpu_balance_workfn, pcpu_balance_free, pcpu_post_unmap_tlb_flush, pcpu_create_chunk's
# chunk and the percpu_destroy_chunk tracepoint, one line each (gzip, base64), Percpu at
# each step:
#   memcgsim oracle tools/sizes/pcpu-reclaim-trace.sh --kernel 6.1 --cgroup v2 --cpus N --mem 4G
# (recordings/pcpu-reclaim-trace--6.1-v2-{16,64}cpu.txt.gz; tools/sizes/pcpu_reclaim.py
# reads them). pcpu_reclaim_populated is inlined in 6.1: its work shows as depopulations.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
R=/sys/fs/cgroup
echo +memory > $R/cgroup.subtree_control
P=$R/cost_parent; mkdir $P; echo +memory > $P/cgroup.subtree_control
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 1500 > $T/buffer_size_kb
pc() { awk '$1 == "Percpu:" {print $2}' /proc/meminfo; }
cat >> $T/kprobe_events <<'K'
p:pop pcpu_chunk_populated chunk=%di start=%si end=%dx
p:depop pcpu_chunk_depopulated chunk=%di start=%si end=%dx
p:aa pcpu_alloc_area chunk=%di bits=%si
p:fa pcpu_free_area chunk=%di off=%si
p:bw pcpu_balance_workfn
p:bf pcpu_balance_free empty=%di
p:tlb pcpu_post_unmap_tlb_flush chunk=%di start=%si end=%dx
r:cc pcpu_create_chunk ret=$retval
K
for e in pop depop aa fa bw bf tlb cc; do echo 1 > $T/events/kprobes/$e/enable; done
echo 1 > $T/events/percpu/percpu_destroy_chunk/enable
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
echo 1 > $T/tracing_on
echo "start $(pc)"; echo start > $T/trace_marker
for ((i = 0; i < 1000; i++)); do mkdir $P/child_$i; done
echo "made $(pc)"; echo made > $T/trace_marker
for ((i = 0; i < 1000; i++)); do rmdir $P/child_$i; done
echo "removed $(pc)"; echo removed > $T/trace_marker
sleep 3
echo "settled $(pc)"; echo settled > $T/trace_marker
echo 0 > $T/tracing_on
awk '/tracing_mark_write: /{print "MARK", $NF; next}
  / (pop|depop|aa|fa|bw|bf|tlb|cc|percpu_destroy_chunk): / {
    t=$0; sub(/^.*\[/, "", t); cpu=substr(t, 1, index(t, "]")-1)+0
    ts=""; for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) ts=$i
    ev=""; for (i = 1; i <= NF; i++) if ($i ~ /^(pop|depop|aa|fa|bw|bf|tlb|cc|percpu_destroy_chunk):$/) ev=$i
    a=""; for (i = 1; i <= NF; i++) if ($i ~ /=/) a=a " " $i
    print ts, cpu, ev, a }' $T/trace | gzip -9 | base64 -w 0
echo
grep -c . $T/trace
