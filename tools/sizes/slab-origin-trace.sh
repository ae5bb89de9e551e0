#!/bin/bash
# Where the slabs of task_struct and maple_node that cgroup-cost.sh keeps come from
# (docs/fidelity.md item 73): cgroup-cost.sh's mkdir loop (N, 1000) and rmdir loop, with
# every object of the two caches allocated and freed, by CPU (kmem:kmem_cache_alloc with
# its call_site, objects of 8448 (6.1's task_struct), 8064 (5.10's) or 256 bytes;
# kmem:kmem_cache_free of the two caches, 6.1 only: 5.10's event has no cache name;
# kprobes on kmem_cache_alloc_bulk / kmem_cache_free_bulk, the maple tree's bulk paths,
# with the first 8 pointers of a free), and SLUB's list events of the two caches
# (kprobes, the cache's name read at struct kmem_cache + 96, BTF of both guests; 5.10
# has no maple tree): new_slab, put_cpu_partial (drain), __unfreeze_partials (5.10:
# unfreeze_partials), deactivate_slab,
# get_partial_node, discard_slab, __slab_free (cnt, caller); the sched process
# tracepoints (fork, exec, exit, free) and the shell's migrations. A slab is named by
# its address: an object's address rounded down to the slab's size (order 3 for
# task_struct, 1 for maple_node: the buddy allocator aligns a block to its order).
# Raw events printed as `CPU USECS EVENT TASK-PID ARGS` (µs from the first event), then
# /sys/kernel/slab's lists of the two caches at each phase.
#   memcgsim oracle tools/sizes/slab-origin-trace.sh --kernel 6.1|5.10 --cgroup v2 --cpus 8
N=${N:-1000}
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/cost_parent
mkdir $P; echo +memory > $P/cgroup.subtree_control
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), shell pid $$ on CPU $(awk '{print $39}' /proc/$$/stat), $N mkdirs"
grep -wE 'new_slab|allocate_slab|put_cpu_partial|__unfreeze_partials|unfreeze_partials|deactivate_slab|get_partial_node|discard_slab|__slab_free|kmem_cache_alloc_bulk|kmem_cache_free_bulk|mas_alloc_nodes|mas_preallocate|mas_destroy|mt_free_rcu|mt_free_walk|mas_expected_entries|__mt_destroy|mt_destroy_walk|delayed_put_task_struct' /proc/kallsyms | awk '{print "sym", $2, $3}'
echo 8000 > $T/buffer_size_kb
NM='name=+0(+96(%di)):string'
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1"; }
kp "p:nslab new_slab $NM"
kp "p:pcp put_cpu_partial $NM slab=%si:x64 drain=%dx:s32"
kp "p:ufp __unfreeze_partials $NM slab=%si:x64"
kp "p:ufp5 unfreeze_partials $NM"
kp "p:dea deactivate_slab $NM slab=%si:x64"
kp "p:gpn get_partial_node $NM"
kp "p:dis discard_slab $NM slab=%si:x64"
kp "p:sfree __slab_free $NM slab=%si:x64 cnt=%r8:s32 addr=%r9:symbol"
kp "p:abulk kmem_cache_alloc_bulk $NM size=%dx:s32 p=%cx:x64 from=\$stack0:symbol"
kp "r:abulkr kmem_cache_alloc_bulk ret=\$retval:s32"
kp "p:fbulk kmem_cache_free_bulk $NM size=%si:s32 o0=+0(%dx):x64 o1=+8(%dx):x64 o2=+16(%dx):x64 o3=+24(%dx):x64 o4=+32(%dx):x64 o5=+40(%dx):x64 o6=+48(%dx):x64 o7=+56(%dx):x64"
for e in nslab pcp ufp ufp5 dea gpn dis sfree abulk fbulk; do
  [ -e $T/events/kprobes/$e ] && echo 'name == "task_struct" || name == "maple_node"' > $T/events/kprobes/$e/filter
done
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
echo 'bytes_alloc == 8448 || bytes_alloc == 8064 || bytes_alloc == 256' > $T/events/kmem/kmem_cache_alloc/filter
F=kmem/kmem_cache_free
echo 'name == "task_struct" || name == "maple_node"' > $T/events/$F/filter 2>/dev/null || { echo "no name in $F"; F=; }
echo "pid == $$" > $T/events/sched/sched_migrate_task/filter
for e in kmem/kmem_cache_alloc $F sched/sched_process_fork sched/sched_process_exec \
         sched/sched_process_exit sched/sched_process_free sched/sched_migrate_task; do
  [ -e $T/events/$e/enable ] && echo 1 > $T/events/$e/enable || echo "no event $e"
done
st() {
  local c f v line
  for c in task_struct maple_node; do
    [ -d /sys/kernel/slab/$c ] || continue
    line="lists $1 $c"
    for f in slabs partial cpu_slabs objects objects_partial slabs_cpu_partial; do
      read -r v < /sys/kernel/slab/$c/$f; line="$line | $f $v"
    done
    echo "$line"
  done
}
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
st s0
echo 1 > $T/tracing_on
echo mark mkdirs > $T/trace_marker
for ((i = 0; i < N; i++)); do mkdir $P/child_$i; done
echo mark mkdirs-done > $T/trace_marker
echo 0 > $T/tracing_on
st s1
echo 1 > $T/tracing_on
for ((i = 0; i < N; i++)); do rmdir $P/child_$i; done
echo mark rmdirs-done > $T/trace_marker
sleep 3
echo mark slept > $T/trace_marker
echo 0 > $T/tracing_on
st s2
grep -a 'entries-in-buffer\|lost' $T/trace | head -3
echo "--- trace: CPU usecs event task-pid args (usecs from the first event)"
grep -av '^#' $T/trace | awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

{ cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
  t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
  args = ""; for (j = i + 2; j <= NF; j++) args = args " " $j
  printf "%d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }'
rmdir $P
