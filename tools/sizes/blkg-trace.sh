#!/bin/bash
# Written for memcgsim (session 31, blkg31; docs/fidelity.md item 142): what the io
# controller's block groups (struct blkcg_gq, block/blk-cgroup.c) cost a cgroup doing
# I/O. A parent enables io (its children get a hidden memcg too, io_cgrp_subsys's
# depends_on: item 140); N children in each of four phases: R a buffered read of a
# cold file of its own (readahead's bio in the task's blkcg), W a write + fsync of a
# file of its own (the cgroup writeback's bio: wb->blkcg_css), M a write of io.max
# and of a device's io.weight (blkg_conf_prep, GFP_KERNEL), D a direct read of the
# disk (dd iflag=direct of /dev/vda); then the children removed, the files removed,
# the parent removed. After each: /proc/meminfo Slab and Percpu, the root's
# nr_dying_descendants, the slab caches that moved, and the traced calls (kprobes
# on blkg_alloc, blkg_create, blkg_destroy, __blkg_release, blkg_free_workfn
# (6.1), throtl_pd_alloc/free, cgwb_create, cgwb_release_workfn, blkcg_css_*...,
# kmem:kmalloc(_node) and kmem_cache_alloc of the blkg-sized objects, and
# percpu:percpu_alloc_percpu of 96, 8 and 4 bytes) by phase, CPU and call site.
# Run: memcgsim oracle tools/sizes/blkg-trace.sh --kernel K --cgroup v2 --cpus N
: "${N:=20}"
R=/sys/fs/cgroup
P=$R/blkg
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1
echo "cgroup v2, $(grep -c ^processor /proc/cpuinfo) CPUs, $N children a phase"
echo "--- block devices"
for b in /sys/block/*; do
  echo "$(basename $b) dev $(cat $b/dev) sched $(cat $b/queue/scheduler 2>/dev/null)"
done
echo "--- symbols"
SYMS="blkg_alloc blkg_create blkg_destroy blkg_release __blkg_release blkg_free
 blkg_free_workfn blkcg_destroy_blkgs blkcg_unpin_online blkcg_css_alloc blkcg_css_online
 blkcg_css_offline blkcg_css_free throtl_pd_alloc throtl_pd_free ioc_pd_alloc
 ioc_cpd_alloc cgwb_create cgwb_release_workfn wb_blkcg_offline blkg_conf_prep
 blkg_lookup_create bio_associate_blkg_from_css cleanup_offline_cgwbs_workfn"
for s in $SYMS; do
  hit=$(awk -v s="$s" '$3 == s || index($3, s ".") == 1 {print $3; exit}' /proc/kallsyms)
  if [ -z "$hit" ]; then echo "absent $s"; continue; fi
  echo "p:blkg/$s $hit" >> $TR/kprobe_events 2>/dev/null && echo "probe $s $hit" ||
    echo "no probe $s $hit"
done
echo 8000 > $TR/buffer_size_kb
f='bytes_req == 336 || bytes_req == 344 || bytes_req == 1112 || bytes_req == 1136'
f="$f || bytes_req == 56 || bytes_req == 440 || bytes_req == 456 || bytes_req == 656"
f="$f || bytes_req == 808 || bytes_req == 312 || bytes_req == 320 || bytes_req == 24"
for e in kmalloc kmalloc_node; do
  echo "$f" > $TR/events/kmem/$e/filter; echo 1 > $TR/events/kmem/$e/enable
done
for e in kmem_cache_alloc kmem_cache_alloc_node; do
  echo 'bytes_req == 576' > $TR/events/kmem/$e/filter; echo 1 > $TR/events/kmem/$e/enable
done
echo 'size == 96 || size == 8 || size == 4' > $TR/events/percpu/percpu_alloc_percpu/filter
echo 1 > $TR/events/percpu/percpu_alloc_percpu/enable
[ -d $TR/events/blkg ] && echo 1 > $TR/events/blkg/enable
echo 0 > $TR/tracing_on

kb() { awk -v k="$1:" '$1 == k {print $2}' /proc/meminfo; }
slabs() { awk 'NR > 2 {print $1, $4, $2, $3, $15 * $6}' /proc/slabinfo; }
slabs > /tmp/s0
moved() {
  slabs > /tmp/s1
  awk -v t="$1" 'NR == FNR {a[$1] = $3; o[$1] = $4; p[$1] = $5; next}
       ($1 in a) && ($3 != a[$1] || $4 != o[$1] || $5 != p[$1]) {print "S", t, $1, $2, "active", $3 - a[$1], "objs", $4 - o[$1], "pages", $5 - p[$1]}' /tmp/s0 /tmp/s1
  mv /tmp/s1 /tmp/s0
}
snap() {
  local d
  d=$(awk '$1 == "nr_dying_descendants" {print $2}' $R/cgroup.stat)
  echo "R $1 Slab $(kb Slab) Percpu $(kb Percpu) dying $d"
  moved "$1"
}
mark() { echo "PHASE $1" > $TR/trace_marker; }

grep -qw io $R/cgroup.subtree_control || echo +io > $R/cgroup.subtree_control
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
mkdir $P
echo +io > $P/cgroup.subtree_control
for ((i = 0; i < N; i++)); do
  dd if=/dev/zero of=cold$i bs=4096 count=4 2>/dev/null
done
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
snap s0
echo 1 > $TR/tracing_on
mark read
for ((i = 0; i < N; i++)); do
  mkdir $P/r$i
  (echo $BASHPID > $P/r$i/cgroup.procs; cat cold$i > /dev/null)
done
sleep 1; snap read
mark write
for ((i = 0; i < N; i++)); do
  mkdir $P/w$i
  (echo $BASHPID > $P/w$i/cgroup.procs; dd if=/dev/zero of=hot$i bs=4096 count=4 conv=fsync 2>/dev/null)
done
sleep 1; snap write
mark conf
for ((i = 0; i < N; i++)); do
  mkdir $P/m$i
  echo "254:0 rbps=1048576" > $P/m$i/io.max
  echo "254:0 200" > $P/m$i/io.weight 2>/dev/null || [ $i -gt 0 ] || echo "io.weight by device: refused"
done
sleep 1; snap conf
mark direct
for ((i = 0; i < N; i++)); do
  mkdir $P/d$i
  (echo $BASHPID > $P/d$i/cgroup.procs; dd if=/dev/vda of=/dev/null bs=4096 count=1 skip=$i iflag=direct 2>/dev/null)
done
sleep 1; snap direct
echo "--- io.stat r0 w0 m0 d0 / the parent"
for c in r0 w0 m0 d0; do echo "$c: $(cat $P/$c/io.stat)"; done
echo "parent: $(cat $P/io.stat)"
echo "io.max m0: $(cat $P/m0/io.max)"
mark rmdir
for c in $P/*/; do rmdir $c; done
sleep 3; snap rmdir
mark rmfiles
rm -f cold* hot*
sleep 3; snap rmfiles
mark parent
rmdir $P
sleep 3; snap parent
echo 0 > $TR/tracing_on
echo "--- traced: phase event size site cpu comm count"
grep -av '^#' $TR/trace | awk '
/tracing_mark_write: PHASE/ { sub(/.*PHASE /, ""); ph = $1; next }
{
  comm = $1; sub(/-[0-9]+$/, "", comm); cpu = $2; gsub(/[\[\]]/, "", cpu)
  ev = ""; sz = "-"; site = "-"
  for (i = 3; i <= NF; i++) if ($i ~ /:$/ && $i !~ /^[0-9.]+:$/) { ev = $i; break }
  sub(/:$/, "", ev)
  for (i = 1; i <= NF; i++) {
    if ($i ~ /^call_site=/) site = substr($i, 11)
    if ($i ~ /^bytes_alloc=/) sz = substr($i, 13)
    if ($i ~ /^size=/) sz = substr($i, 6)
  }
  sub(/\+0x.*/, "", site)
  n[ph " " ev " " sz " " site " " cpu " " comm]++
}
END { for (k in n) print "T", k, n[k] }' | sort
echo done
