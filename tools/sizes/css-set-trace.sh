#!/bin/bash
# Written for memcgsim (docs/fidelity.md item 58): what a task's entry into a cgroup
# allocates for its css_set, and what the css_set's last put frees, by the call
# sites of the kmem kmalloc/kfree tracepoints (kernel/cgroup/cgroup.c find_css_set:
# kzalloc of the css_set, allocate_cgrp_cset_links: one link per hierarchy;
# put_css_set_locked: kfree of the links, kfree_rcu of the css_set).
# Phases: 8 sleepers into one new cgroup ("one": one css_set), 8 each into a new
# cgroup of its own ("own": 8), then all 16 killed and reaped ("exit": the 9
# css_sets' last references). v1: the memory hierarchy (mounted alone by the
# oracle); v2: the default hierarchy with +memory.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
R=/sys/fs/cgroup
if [ -d $R/memory ]; then R=$R/memory
else grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control; fi
echo "hierarchies: $(awk 'NR > 1 && $4 {print $2}' /proc/cgroups | sort -u | tr '\n' ' ')"
echo 8000 > $T/buffer_size_kb
echo 1 > $T/events/kmem/kmalloc/enable
echo 1 > $T/events/kmem/kfree/enable
N=8
mkdir $R/one; i=1; while [ $i -le $N ]; do mkdir $R/c$i; i=$((i + 1)); done
report() {
  echo "--- $1: kmalloc/kfree by call site (css_set and link sites; bytes_req bytes_alloc)"
  grep -av '^#' $T/trace | awk '
    /kmalloc:/ { cs = ""; rq = ""; al = ""
      for (i = 1; i <= NF; i++) { if ($i ~ /^call_site=/) cs = $i; if ($i ~ /^bytes_req=/) rq = $i; if ($i ~ /^bytes_alloc=/) al = $i }
      sub(/\+0x.*/, "", cs); sub(/call_site=/, "", cs)
      if (cs ~ /css_set|cset_link/) n["kmalloc " cs " " rq " " al]++ }
    /kfree:/ { cs = ""
      for (i = 1; i <= NF; i++) if ($i ~ /^call_site=/) cs = $i
      sub(/\+0x.*/, "", cs); sub(/call_site=/, "", cs)
      if (cs ~ /css_set|cset_link|kfree_rcu|rcu_do_batch|kvfree/) n["kfree " cs]++ }
    END { for (k in n) print "  " k, n[k] }' | sort
}
echo > $T/trace; echo 1 > $T/tracing_on
i=1; while [ $i -le $N ]; do sleep 600 & echo $! > $R/one/cgroup.procs; i=$((i + 1)); done
echo 0 > $T/tracing_on; report one
echo > $T/trace; echo 1 > $T/tracing_on
i=1; while [ $i -le $N ]; do sleep 600 & echo $! > $R/c$i/cgroup.procs; i=$((i + 1)); done
echo 0 > $T/tracing_on; report own
echo > $T/trace; echo 1 > $T/tracing_on
kill $(jobs -p); wait; sleep 1
echo 0 > $T/tracing_on; report exit
echo done
