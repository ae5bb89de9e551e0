#!/bin/bash
# Written for memcgsim (session 26, branch shrink26; docs/fidelity.md item 97):
# tests/conformance/scripts/readahead-cold.sh with each step's direct reclaim, the
# page cache the inode shrinker reaped (pginodesteal) and slabs_scanned printed
# (/proc/vmstat, cumulative). Run: memcgsim oracle calibration/readahead-cold-inodesteal.sh
# --kernel 5.10 --cgroup v2 (from the directory the scripts run in).
# The original header:
# Written for memcgsim's conformance suite (session 17, docs/fidelity.md item 47): reads
# of files on the scratch ext4 disk after drop_caches, each by a reader in cgroup r, v1 or
# v2. The kernel reads ahead of what is asked (mm/readahead.c ondemand_readahead /
# page_cache_sync_ra: an initial window of get_init_ra_size(request, ra_pages), 32
# pages from read_ahead_kb 128; a PG_readahead mark a window's async_size pages from its
# end, whose reader starts the next, doubled, window; a read larger than ra_pages up to
# the disk's io_pages; a random read of a page only that page), clipped at the file's
# end. Each step prints /proc/vmstat pgpgin's growth (KiB), r's workingset refaults (v2; 0 on v1) and, on
# a line of its own, r's file pages (bytes).
W=$PWD
C=/sys/fs/cgroup
if [ -e $C/cgroup.controllers ]; then
  echo +memory > $C/cgroup.subtree_control
  G=$C/r
  keys='^(file|active_file|inactive_file) '
  rf() { awk '$1 ~ /^workingset_refault(_file)?$/ {print $2}' $G/memory.stat; }
  LIM=memory.max
else
  G=$C/memory/r
  keys='^(cache|active_file|inactive_file) '
  rf() { echo 0; }
  LIM=memory.limit_in_bytes
fi
mkdir $G
pg() { awk '$1 == "pgpgin" {print $2}' /proc/vmstat; }
st() { grep -E "$keys" $G/memory.stat | tr '\n' ' '; }
dd if=/dev/zero of=f1 bs=1M count=1 2>/dev/null
dd if=/dev/zero of=f8 bs=1M count=8 2>/dev/null
sync
# step NAME WARM CMD...: drop the caches unless WARM, run CMD in r, print what it read
step() {
  local name=$1 warm=$2; shift 2
  [ "$warm" = warm ] || { sync; echo 3 > /proc/sys/vm/drop_caches; }
  local a=$(pg) r=$(rf)
  ( echo $BASHPID > $G/cgroup.procs; "$@" > /dev/null 2>&1 )
  echo "$name: pgpgin $(( $(pg) - a )) refaults $(( $(rf) - r ))"
  echo "$name bytes: $(st)"; echo "$name vm: $(grep -E "^(pginodesteal|slabs_scanned|pgsteal_direct|pgscan_direct) " /proc/vmstat | tr "\n" " ")"
}
step "head -c 1" cold head -c 1 f1
step "head -c 5000" cold head -c 5000 f1
step "dd bs=1 count=5000" cold dd if=f1 bs=1 count=5000
step "dd bs=4k count=1" cold dd if=f1 bs=4k count=1
step "dd bs=4k count=2" cold dd if=f1 bs=4k count=2
step "dd bs=4k count=5" cold dd if=f1 bs=4k count=5
step "dd bs=4k count=13" cold dd if=f1 bs=4k count=13
step "dd bs=4k count=40" cold dd if=f8 bs=4k count=40
step "dd bs=4k count=70" cold dd if=f8 bs=4k count=70
step "dd bs=64k count=1" cold dd if=f8 bs=64k count=1
step "dd bs=64k count=3" cold dd if=f8 bs=64k count=3
step "dd bs=1M count=1" cold dd if=f8 bs=1M count=1
step "dd bs=1M count=3" cold dd if=f8 bs=1M count=3
step "dd bs=4k skip=100 count=1" cold dd if=f8 bs=4k skip=100 count=1
step "dd bs=4k skip=100 count=3" cold dd if=f8 bs=4k skip=100 count=3
step "dd bs=64k skip=5 count=2" cold dd if=f8 bs=64k skip=5 count=2
step "head -c 300000" cold head -c 300000 f8
step "then dd bs=4k count=6" warm dd if=f8 bs=4k count=6
step "then dd bs=4k skip=90 count=3" warm dd if=f8 bs=4k skip=90 count=3
step "cat 1 MiB" cold cat f1
step "cat 8 MiB" cold cat f8
step "cat 8 MiB again" warm cat f8
echo 3M > $G/$LIM
step "limit 3M: dd bs=4k count=600" cold dd if=f8 bs=4k count=600
step "limit 3M: dd bs=1M count=8" cold dd if=f8 bs=1M count=8
step "limit 3M: cat 8 MiB" cold cat f8
step "limit 3M: cat 8 MiB again" warm cat f8
sync; echo 3 > /proc/sys/vm/drop_caches
rmdir $G; echo "rmdir: $?"
rm f1 f8
