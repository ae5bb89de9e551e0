#!/bin/bash
# Written for memcgsim (session 30, slab30; docs/fidelity.md item 135): one round of
# slabinfo-procs-enter.sh (tests/conformance/scripts: 12 memory cgroups, each entered
# by a background sleep, the sleeps killed and reaped, the cgroups removed) with the
# kmem:kmem_cache_alloc tracepoint filtered to inode_cache's objsize and a stacktrace
# trigger: each inode_cache allocation's first frames, counted by phase; inode_cache's
# /proc/slabinfo line before, after the entries and after the rmdirs.
# Run: memcgsim oracle tools/sizes/inode-sites-trace.sh --kernel K --cgroup v2
N=12
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/enter_parent
mkdir $P; echo +memory > $P/cgroup.subtree_control
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR
echo 20000 > $TR/buffer_size_kb
sz=$(awk '$1 == "inode_cache" {print $4}' /proc/slabinfo)
echo "inode_cache objsize $sz"
echo "bytes_alloc == $sz" > $TR/events/kmem/kmem_cache_alloc/filter
echo "stacktrace if bytes_alloc == $sz" > $TR/events/kmem/kmem_cache_alloc/trigger
echo 1 > $TR/events/kmem/kmem_cache_alloc/enable
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
ia() { awk '$1 == "inode_cache" {print "inode_cache active", $2, "objs", $3, "slabs", $15}' /proc/slabinfo; }
ia
echo 1 > $TR/tracing_on
echo "PHASE alive" > $TR/trace_marker
pids=""
i=1
while [ $i -le $N ]; do
  mkdir $P/c$i
  sleep 60 &
  echo $! > $P/c$i/cgroup.procs
  pids="$pids $!"
  i=$((i + 1))
done
echo "PHASE kill" > $TR/trace_marker
ia
kill $pids; wait
echo "PHASE rmdir" > $TR/trace_marker
i=1; while [ $i -le $N ]; do rmdir $P/c$i; i=$((i + 1)); done
sleep 1
echo 0 > $TR/tracing_on
ia
# print stacks folded: phase, first frames
grep -av '^#' $TR/trace | awk '
/tracing_mark_write: PHASE/ { sub(/.*PHASE /, ""); ph = $1; next }
/kmem_cache_alloc:/ { if (st != "") c[ph " |" st]++; st = ""; cpu = $2; take = 1; nf = 0; next }
/^ => / { if (take && nf < 8) { f = $2; sub(/\+0x.*/, "", f); st = st " " f; nf++ } next }
END { if (st != "") c[ph " |" st]++; for (k in c) print c[k], k }' | sort -k2
rmdir $P
