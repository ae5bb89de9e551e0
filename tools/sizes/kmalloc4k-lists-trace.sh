#!/bin/bash
# Written for memcgsim (session 29, slab29): slabinfo-mkdir-batches.sh's batches
# (tests/conformance/scripts: four batches of 25 memory cgroups made, then removed in
# the order made) with SLUB's lists of the caches the memcgs' structures sit in read
# from /sys/kernel/slab at each phase (slabs, node partial slabs, cpu_slabs = CPU slabs
# and per-CPU partial slabs, objects, objects on the node list, and per CPU the
# per-CPU partial lists as "objects(slabs)"), and the CPU each memory css and each
# cgroup is freed on: kprobes on mem_cgroup_css_free (kfree of the mem_cgroup and its
# per-node info) and css_free_rwork_fn (every css; the self css frees the cgroup),
# with the sched_process_exec tracepoint (which CPU each mkdir and rmdir runs on).
# Run: memcgsim oracle tools/sizes/kmalloc4k-lists-trace.sh --kernel K --cgroup v2 --cpus N
N=25
B=4
C="kmalloc-4k kmalloc-2k kmalloc-1k"
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/slab_batches
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1 || { TR=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
echo "cgroup v2, $(grep -c ^processor /proc/cpuinfo) CPUs, $B batches of $N"
st() {
  local c f v line
  for c in $C; do
    [ -d /sys/kernel/slab/$c ] || continue
    line="$1 $c"
    for f in slabs partial cpu_slabs objects objects_partial slabs_cpu_partial; do
      read -r v < /sys/kernel/slab/$c/$f; line="$line | $f $v"
    done
    echo "$line"
  done
}
for c in $C; do
  [ -d /sys/kernel/slab/$c ] || continue
  line="conf $c"
  for f in order objs_per_slab cpu_partial min_partial aliases; do
    read -r v < /sys/kernel/slab/$c/$f; line="$line $f $v"
  done
  echo "$line"
done
echo 20000 > $TR/buffer_size_kb
echo 'p:mf mem_cgroup_css_free' >> $TR/kprobe_events || echo "no mem_cgroup_css_free probe"
echo 'p:cf css_free_rwork_fn' >> $TR/kprobe_events || echo "no css_free_rwork_fn probe"
echo 0 > $TR/tracing_on
echo 1 > $TR/events/kprobes/enable
echo 1 > $TR/events/sched/sched_process_exec/enable
mkdir $P
echo +memory > $P/cgroup.subtree_control
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
st s0
echo 1 > $TR/tracing_on
b=1
while [ $b -le $B ]; do
  echo "BATCH $b" > $TR/trace_marker
  for i in $(seq 1 $N); do mkdir $P/b${b}_$i; done
  st "batch$b"
  b=$((b + 1))
done
echo "RMDIR" > $TR/trace_marker
for d in $P/b*; do rmdir $d; done
st rmdirs
sleep 2
st s2
echo 0 > $TR/tracing_on
echo "--- per CPU: memory css frees (mf), css frees (cf), mkdir and rmdir execs"
grep -a ' mf:' $TR/trace | awk '{print "mf", $2}' | sort | uniq -c
grep -a ' cf:' $TR/trace | awk '{print "cf", $2}' | sort | uniq -c
grep -a 'sched_process_exec: filename=/bin/mkdir' $TR/trace | awk '{print "mkdir", $2}' | sort | uniq -c
grep -a 'sched_process_exec: filename=/bin/rmdir' $TR/trace | awk '{print "rmdir", $2}' | sort | uniq -c
echo "--- the teardown in order (frees folded per CPU between execs)"
grep -av '^#' $TR/trace | sed -n '/RMDIR/,$p' | awk '
/ mf:| cf:/ { k = ($0 ~ / mf:/) ? "mf" : "cf"; c[k $2]++; next }
/sched_process_exec/ { if (length(c)) { s = ""; for (x in c) s = s " " x "=" c[x]; print "   frees" s; delete c } n = split($0, a, "filename="); split(a[2], f, " "); print "exec", $2, f[1]; next }
END { if (length(c)) { s = ""; for (x in c) s = s " " x "=" c[x]; print "   frees" s } }' | cut -c1-200
rmdir $P
echo done
