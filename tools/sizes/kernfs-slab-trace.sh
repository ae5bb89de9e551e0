#!/bin/bash
# Where the kernfs_node_cache slabs cgroup-cost.sh keeps after its rmdirs come from
# (session 25, branch kernfs25): cgroup-cost.sh's mkdir and rmdir loops (N, 1000) with
# every kernfs_node allocated (kmem:kmem_cache_alloc, bytes_alloc 128 on 5.10, the
# cache's name on 6.1: its call site and object) and freed (a kprobe on
# kmem_cache_free, the cache's name read at struct kmem_cache + 96, BTF of both
# guests), by CPU and task, SLUB's list events of the cache (put_cpu_partial,
# 5.10's unfreeze_partials / 6.1's __unfreeze_partials, deactivate_slab,
# discard_slab, __slab_free) and the sched process events; /sys/kernel/slab's lists of
# the cache (and its limits) before, after the mkdirs, after the rmdirs and 3 s later.
# A slab is an object's address rounded down to 4 KiB (order 0 on both kernels).
# Raw events printed as `CPU USECS EVENT TASK-PID ARGS` (µs from the first event).
#   memcgsim oracle tools/sizes/kernfs-slab-trace.sh --kernel 5.10|6.1 --cgroup v2 --cpus 8
N=${N:-1000}
C=${C:-kernfs_node_cache}
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/cost_parent
mkdir $P; echo +memory > $P/cgroup.subtree_control
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$ on CPU $(awk '{print $39}' /proc/$$/stat), $N mkdirs, cache $C"
line="conf $C"
for f in order objs_per_slab object_size slab_size cpu_partial min_partial aliases; do
  read -r v < /sys/kernel/slab/$C/$f; line="$line $f $v"
done
echo "$line"
echo 16000 > $T/buffer_size_kb
# 6.1 prints a tracepoint's %p hashed unless told not to (5.10 has no such option)
[ -e $T/options/hash-ptr ] && echo 0 > $T/options/hash-ptr
NM='name=+0(+96(%di)):string'
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp "p:kcf kmem_cache_free $NM obj=%si:x64"
kp "p:pcp put_cpu_partial $NM slab=%si:x64 drain=%dx:s32"
kp "p:ufp __unfreeze_partials $NM"
kp "p:ufp5 unfreeze_partials $NM"
kp "p:dea deactivate_slab $NM slab=%si:x64"
kp "p:dis discard_slab $NM slab=%si:x64"
kp "p:sfree __slab_free $NM slab=%si:x64 cnt=%r8:s32"
for e in kcf pcp ufp ufp5 dea dis sfree; do
  [ -e $T/events/kprobes/$e ] && echo "name == \"$C\"" > $T/events/kprobes/$e/filter
done
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
A=$T/events/kmem/kmem_cache_alloc
echo "name == \"$C\"" > $A/filter 2>/dev/null || echo 'bytes_alloc == 128' > $A/filter
echo "alloc filter: $(cat $A/filter)"
for e in kmem/kmem_cache_alloc sched/sched_process_fork sched/sched_process_exit; do
  [ -e $T/events/$e/enable ] && echo 1 > $T/events/$e/enable || echo "no event $e"
done
st() {
  local f v line="lists $1 $C"
  for f in slabs partial cpu_slabs objects objects_partial slabs_cpu_partial; do
    read -r v < /sys/kernel/slab/$C/$f; line="$line | $f $v"
  done
  echo "$line"
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
st s0
echo 1 > $T/tracing_on
echo mark mkdirs > $T/trace_marker
for ((i = 0; i < N; i++)); do mkdir $P/child_$i; done
echo mark mkdirs-done > $T/trace_marker
st s1
echo mark rmdirs > $T/trace_marker
for ((i = 0; i < N; i++)); do rmdir $P/child_$i; done
echo mark rmdirs-done > $T/trace_marker
st r1
sleep 3
echo mark slept > $T/trace_marker
echo 0 > $T/tracing_on
st s2
grep -a 'entries-in-buffer\|lost' $T/trace | head -3
echo "--- trace: CPU usecs event task-pid args (usecs from the first event)"
grep -av '^#' $T/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

{ cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
  t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
  args = ""; for (j = i + 2; j <= NF; j++) if ($j !~ /^(bytes_req|gfp_flags|node|accounted)=/) args = args " " $j
  sub(/name="?kernfs_node_cache"?/, "", args)
  printf "%d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
rmdir $P
