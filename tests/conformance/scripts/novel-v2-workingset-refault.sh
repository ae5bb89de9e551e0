#!/bin/bash
# Written for memcgsim's conformance suite (session 39, novel39; cgroup v2): an SRE
# looking for thrashing. A CI job reads its 12 MiB dataset three times in a cgroup
# with memory.max 8M. The first pass's early pages are reclaimed and leave shadow
# entries (mm/workingset.c workingset_eviction); the later passes read them again:
# workingset_refault_file counts each, and a refault whose distance fits the
# workingset is activated (workingset_activate_file). A second job with room for the
# file (memory.max 32M) reads it twice and refaults nothing.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/ci $C/ci2
dd if=/dev/zero of=data bs=1M count=12 2>/dev/null; sync
echo 1 > /proc/sys/vm/drop_caches
echo 8M > $C/ci/memory.max; echo 32M > $C/ci2/memory.max
st() { awk -v k=$2 '$1 == k {print $2}' $C/$1/memory.stat; }
( echo $BASHPID > $C/ci/cgroup.procs; for p in 1 2 3; do cat data > /dev/null; done )
echo "ci: refault_file > 0 $(( $(st ci workingset_refault_file) > 0 )), refault_anon $(st ci workingset_refault_anon)"
echo "ci: refault_file >= 1024 pages $(( $(st ci workingset_refault_file) >= 1024 ))"
echo "ci: file MiB <= 8 $(( $(st ci file) <= 8 << 20 )), max events > 0 $(( $(awk '$1 == "max" {print $2}' $C/ci/memory.events) > 0 ))"
echo 1 > /proc/sys/vm/drop_caches
( echo $BASHPID > $C/ci2/cgroup.procs; cat data > /dev/null; cat data > /dev/null )
echo "ci2: refault_file $(st ci2 workingset_refault_file), activate_file $(st ci2 workingset_activate_file), file MiB $(( $(st ci2 file) >> 20 ))"
rm data
rmdir $C/ci $C/ci2; echo "rmdir: $?"
