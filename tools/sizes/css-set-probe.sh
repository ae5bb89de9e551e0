#!/bin/sh
# (docs/fidelity.md items 53 and 58: css_sets modelled in item 58; the lines move by slabs)
# Which kmalloc caches a task's entry into a cgroup with no css_set yet moves:
# N sleepers into one cgroup, then N sleepers each into a cgroup of its own; the
# second set less the first is what a new css_set costs (find_css_set).
# v1: the memory hierarchy (the oracle mounts it alone: cgroup_root_count 2 with
# the default hierarchy); v2: the default hierarchy with +memory
R=/sys/fs/cgroup
if [ -d $R/memory ]; then R=$R/memory
else grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control; fi
N=96
snap() { awk 'NR > 2 && $1 ~ /^kmalloc-/ {print $1, $2}' /proc/slabinfo; }
mkdir $R/one
i=1; while [ $i -le $N ]; do mkdir $R/c$i; i=$((i + 1)); done
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
snap > /tmp/a
i=1; while [ $i -le $N ]; do sleep 60 & echo $! > $R/one/cgroup.procs; i=$((i + 1)); done
sleep 1
snap > /tmp/b
i=1; while [ $i -le $N ]; do sleep 60 & echo $! > $R/c$i/cgroup.procs; i=$((i + 1)); done
sleep 1
snap > /tmp/c
awk 'FILENAME == "/tmp/a" {a[$1] = $2; next} FILENAME == "/tmp/b" {b[$1] = $2; next}
     {d1 = b[$1] - a[$1]; d2 = $2 - b[$1]; if (d1 || d2) print $1, "one", d1, "own", d2, "own-one", d2 - d1}' /tmp/a /tmp/b /tmp/c
echo done
