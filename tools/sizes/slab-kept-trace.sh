#!/bin/bash
# Which slabs of a few caches a script leaves allocated, and why (session 32, slab32:
# docs/fidelity.md items 165): a prefix put before a conformance case's script, which
# it then runs as is; at the script's exit (trap) it prints the trace and SLUB's lists.
# Caches: KT_CACHES (kmalloc caches by name; KT_SIZES their bytes_alloc for the kmalloc
# tracepoints). Events, as `CPU USECS EVENT TASK-PID ARGS` (µs from the first event):
# - kmem:kmalloc / kmalloc_node of those sizes (ptr, call_site), kmem:kfree of the
#   pointers seen allocated (filtered in the guest's awk: the tracepoint has no cache);
# - SLUB's slow paths, kprobes filtered on the cache's name (struct kmem_cache + 96,
#   BTF of both guests, as slab-origin-trace.sh): allocate_slab (its struct slab/page
#   from the return probe, paired by pid), put_cpu_partial (slab, drain),
#   __unfreeze_partials (6.1) / unfreeze_partials (5.10), deactivate_slab,
#   discard_slab, __slab_free (slab, the freed object, cnt);
# - the memcg's life: kprobes on mem_cgroup_css_alloc, mem_cgroup_css_offline,
#   mem_cgroup_css_released, mem_cgroup_css_free (the css), css_free_rwork_fn, and the
#   cgroup tracepoints mkdir/rmdir/release; sched_migrate_task of every task;
# - page_offset_base and vmemmap_base (an object's slab: (ptr - page_offset_base) >>
#   12, a struct page's pfn: (page - vmemmap_base) / 64).
# /sys/kernel/slab lists (slabs, partial, cpu_slabs, objects_partial,
# slabs_cpu_partial) of the caches at the script's start and end.
#   cat tools/sizes/slab-kept-trace.sh tests/conformance/scripts/CASE.sh |
#     memcgsim oracle - --kernel 5.10|6.1 --cgroup v2 --cpus 2
#   python3 tools/sizes/slab_kept_trace.py REC.txt
KT=/sys/kernel/tracing; [ -d $KT/events ] || mount -t tracefs nodev $KT 2>&1
: "${KT_CACHES:=kmalloc-1k kmalloc-2k kmalloc-4k}" "${KT_SIZES:=1024 2048 4096}"
echo "kt: $(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$"
echo 30000 > $KT/buffer_size_kb
[ -e $KT/options/hash-ptr ] && echo 0 > $KT/options/hash-ptr
kt_kp() { echo "$1" >> $KT/kprobe_events 2>/dev/null || echo "kt: no probe: $1"; }
KT_NM='name=+0(+96(%di)):string'
kt_kp "p:kbase kmem_cache_free pob=@page_offset_base:x64 vmb=@vmemmap_base:x64"
kt_kp "p:nslab allocate_slab $KT_NM"
kt_kp "r:nslabr allocate_slab slab=\$retval:x64"
kt_kp "p:pcp put_cpu_partial $KT_NM slab=%si:x64 drain=%dx:s32"
kt_kp "p:ufp __unfreeze_partials $KT_NM slab=%si:x64"
kt_kp "p:ufp unfreeze_partials $KT_NM"
kt_kp "p:dea deactivate_slab $KT_NM slab=%si:x64"
kt_kp "p:dis discard_slab $KT_NM slab=%si:x64"
kt_kp "p:sfree __slab_free $KT_NM slab=%si:x64 obj=%dx:x64 cnt=%r8:s32"
for f in mem_cgroup_css_alloc mem_cgroup_css_offline mem_cgroup_css_released mem_cgroup_css_free; do
  kt_kp "p:${f#mem_cgroup_css_} $f css=%di:x64"
done
kt_kp "p:cssfree css_free_rwork_fn"
kt_f=""; for c in $KT_CACHES; do kt_f="$kt_f${kt_f:+ || }name == \"$c\""; done
for e in nslab pcp ufp dea dis sfree; do
  [ -e $KT/events/kprobes/$e ] && echo "$kt_f" > $KT/events/kprobes/$e/filter
done
echo 0 > $KT/tracing_on
echo 1 > $KT/events/kprobes/enable
echo 0 > $KT/events/kprobes/kbase/enable
kt_f=""; for z in $KT_SIZES; do kt_f="$kt_f${kt_f:+ || }bytes_alloc == $z"; done
for e in kmalloc kmalloc_node; do
  [ -e $KT/events/kmem/$e ] || continue
  echo "$kt_f" > $KT/events/kmem/$e/filter; echo 1 > $KT/events/kmem/$e/enable
done
for e in kmem/kfree sched/sched_migrate_task cgroup/cgroup_mkdir cgroup/cgroup_rmdir cgroup/cgroup_release; do
  [ -e $KT/events/$e/enable ] && echo 1 > $KT/events/$e/enable || echo "kt: no event $e"
done
kt_lists() {
  local c f v line
  for c in $KT_CACHES; do
    [ -d /sys/kernel/slab/$c ] || continue
    line="kt: lists $1 $c"
    for f in slabs partial cpu_slabs objects objects_partial slabs_cpu_partial; do
      read -r v < /sys/kernel/slab/$c/$f; line="$line | $f $v"
    done
    echo "$line"
  done
}
kt_dump() {
  echo 0 > $KT/tracing_on
  kt_lists end
  echo 1 > $KT/events/kprobes/kbase/enable; echo 1 > $KT/tracing_on
  : > /tmp/kt.$$; rm /tmp/kt.$$
  echo 0 > $KT/tracing_on
  grep -a 'entries-in-buffer\|lost' $KT/trace | head -3 | sed 's/^/kt: /'
  echo "kt: --- trace"
  grep -av '^#' $KT/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" is octal
  { cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
    t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
    args = ""; for (j = i + 2; j <= NF; j++) args = args " " $j
    if (ev == "kmalloc" || ev == "kmalloc_node") { p = args; sub(/.*ptr=/, "", p); sub(/ .*/, "", p); live[p] = 1 }
    if (ev == "kfree") { p = args; sub(/.*ptr=/, "", p); sub(/ .*/, "", p); if (!(p in live)) next; delete live[p] }
    printf "kt %d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
  echo "kt: --- end"
}
trap kt_dump EXIT
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
kt_lists start
echo 1 > $KT/tracing_on
