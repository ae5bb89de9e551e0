#!/bin/bash
# Written for memcgsim's conformance suite (session 17, docs/fidelity.md item 47): a read
# by a fresh open (no readahead state) of a page missing from the cache right after
# cached pages reads ahead from the cached history (mm/readahead.c
# try_context_readahead: count_history_pages by page_cache_prev_miss); with no history
# before it, the page alone. Each step prints /proc/vmstat pgpgin's growth (KiB).
pg() { awk '$1 == "pgpgin" {print $2}' /proc/vmstat; }
dd if=/dev/zero of=f bs=1M count=4 2>/dev/null
sync
cold() { sync; echo 3 > /proc/sys/vm/drop_caches; }
step() { local a=$(pg); dd if=f bs=4k "$@" > /dev/null 2>&1; echo "dd $*: pgpgin $(( $(pg) - a ))"; }
cold
step count=40
step skip=92 count=1
step skip=300 count=1
step skip=301 count=1
step skip=200 count=1
cold
step count=2
step skip=12 count=1
step skip=13 count=2
cold
step skip=500 count=4
step skip=504 count=1
rm f
