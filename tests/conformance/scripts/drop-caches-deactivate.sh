#!/bin/bash
# Written for memcgsim's conformance suite (session 43, docs/fidelity.md item 424): the
# pages drop_caches=1 fails to drop (invalidate_mapping_pages keeps a dirty page and a
# tmpfs page) are deactivated (deactivate_file_page / deactivate_file_folio:
# lru_deactivate_file_fn moves an unmapped one to its inactive list, PGDEACTIVATE).
# A cgroup v2 job reads twice (activating them) a clean disk file, a dirty one and a
# tmpfs file, 1 MiB each; its LRU counters (bytes) and pgdeactivate before and after the drop.
W=$PWD
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/g
echo $$ > $C/g/cgroup.procs
st() { grep -E '^(active_anon|active_file|inactive_file|file_dirty) ' $C/g/memory.stat | tr '\n' ' '; }
pd() { awk '$1 == "pgdeactivate" {print $2}' $C/g/memory.stat; }
dp() { awk '$1 == "drop_pagecache" {print $2}' /proc/vmstat; }
head -c 1048576 /dev/zero > $W/c
sync
cat $W/c > /dev/null; cat $W/c > /dev/null
head -c 1048576 /dev/zero > $W/d
cat $W/d > /dev/null; cat $W/d > /dev/null
head -c 1048576 /dev/zero > /tmp/s
cat /tmp/s > /dev/null; cat /tmp/s > /dev/null
echo "before: $(st)"
echo "before: pgdeactivate $(pd)"
a=$(dp)
echo 1 > /proc/sys/vm/drop_caches
echo "after: $(st)"
echo "after: pgdeactivate $(pd)"
echo "drop_pagecache events: $(( $(dp) - a ))"
