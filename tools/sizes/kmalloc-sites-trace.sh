#!/bin/bash
# Written for memcgsim (session 29, slab29): slabinfo-mkdir-batches.sh's batches
# (tests/conformance/scripts: four batches of 25 memory cgroups made, then removed in
# the order made) with the kmem:kmalloc and kmem:kmalloc_node tracepoints filtered to
# the sizes of kmalloc-1k, -256 and -4k (bytes_alloc; SIZES and C choose others): per phase, each call site's
# allocations by size and CPU, and SLUB's lists of those caches (/sys/kernel/slab:
# slabs, node partial slabs, cpu_slabs, objects_partial, slabs_cpu_partial).
# Run: memcgsim oracle tools/sizes/kmalloc-sites-trace.sh --kernel K --cgroup v2 --cpus N
# Other sizes (session 30, slab30: kmalloc-32): put the variables before the script,
#   { echo 'SIZES="32" C="kmalloc-32"'; cat tools/sizes/kmalloc-sites-trace.sh; } |
#   memcgsim oracle - --kernel K --cgroup v2 --cpus N
N=25
B=4
: "${SIZES:=1024 256 4096}" "${C:=kmalloc-4k kmalloc-1k kmalloc-256}"
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/slab_batches
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1 || { TR=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
echo "cgroup v2, $(grep -c ^processor /proc/cpuinfo) CPUs, $B batches of $N"
st() {
  local c f v line
  for c in $C; do
    line="$1 $c"
    for f in slabs partial cpu_slabs objects_partial slabs_cpu_partial; do
      read -r v < /sys/kernel/slab/$c/$f; line="$line | $f $v"
    done
    echo "$line"
  done
}
echo 40000 > $TR/buffer_size_kb
for e in kmalloc kmalloc_node; do
  f=""; for z in $SIZES; do f="${f:+$f || }bytes_alloc == $z"; done
  echo "$f" > $TR/events/kmem/$e/filter
  echo 1 > $TR/events/kmem/$e/enable
done
echo 0 > $TR/tracing_on
mkdir $P
echo +memory > $P/cgroup.subtree_control
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
st s0
echo 1 > $TR/tracing_on
b=1
while [ $b -le $B ]; do
  echo "PHASE batch$b" > $TR/trace_marker
  for i in $(seq 1 $N); do mkdir $P/b${b}_$i; done
  st "batch$b"
  b=$((b + 1))
done
echo "PHASE rmdirs" > $TR/trace_marker
for d in $P/b*; do rmdir $d; done
sleep 2
st s2
echo 0 > $TR/tracing_on
echo "--- per phase: allocations by size, call site and CPU"
grep -av '^#' $TR/trace | awk '
/tracing_mark_write: PHASE/ { sub(/.*PHASE /, ""); ph = $1; next }
/ kmalloc(_node)?:/ {
  cpu = $2; site = ""; sz = ""
  for (i = 1; i <= NF; i++) {
    if ($i ~ /^call_site=/) site = substr($i, 11)
    if ($i ~ /^bytes_alloc=/) sz = substr($i, 13)
  }
  sub(/\+0x.*/, "", site)
  n[ph " " sz " " site " " cpu]++
}
END { for (k in n) print k, n[k] }' | sort
rmdir $P
echo done
