#!/bin/bash
# Written for memcgsim's conformance suite (session 38, novel38; cgroup v2): a
# systemd-like tree, workload.slice with memory.max 40M, and in it a protected
# service (memory.low 16M) that wrote 20 MiB of files, then an unprotected batch
# service writing 40 MiB. The slice's limit reclaims the batch service's cache
# first; the protected service keeps about its memory.low (effective protection,
# mem_cgroup_protection / calculate_protected), its memory.events low stays 0 while
# the unprotected sibling can be reclaimed; the slice's max events count the
# reclaim. The reclaim's root is the slice: a child of it is protected by its own
# memory.low (mem_cgroup_calculate_protection: parent == root), whatever the
# slice's.
C=/sys/fs/cgroup
S=$C/workload.slice
echo +memory > $C/cgroup.subtree_control
mkdir -p $S/db.service $S/batch.service
echo +memory > $S/cgroup.subtree_control
echo 40M > $S/memory.max
echo 16M > $S/db.service/memory.low
mib() { awk '$1 == "file" {print int($2 / 1048576)}' $S/$1/memory.stat; }
( echo $BASHPID > $S/db.service/cgroup.procs
  for i in 1 2 3 4 5; do dd if=/dev/zero of=db.$i bs=1M count=4 2>/dev/null; done )
echo "db file MiB $(mib db.service)"
( echo $BASHPID > $S/batch.service/cgroup.procs
  for i in 1 2 3 4 5 6 7 8 9 10; do dd if=/dev/zero of=batch.$i bs=1M count=4 2>/dev/null; done )
echo "db file MiB >= 15: $(( $(mib db.service) >= 15 )), batch file MiB <= 24: $(( $(mib batch.service) <= 24 ))"
echo "slice usage <= 40M $(( $(cat $S/memory.current) <= 40 << 20 )), max events > 0 $(( $(awk '$1 == "max" {print $2}' $S/memory.events) > 0 ))"
echo "db events: $(grep -E '^(low|max|oom) ' $S/db.service/memory.events | tr '\n' ' ')"
echo "batch events: $(grep -E '^(max|oom) ' $S/batch.service/memory.events | tr '\n' ' ')"
rm -f db.* batch.*
rmdir $S/db.service $S/batch.service $S; echo "rmdir: $?"
