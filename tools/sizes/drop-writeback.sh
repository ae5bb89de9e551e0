#!/bin/bash
# Written for memcgsim (session 45, mem45; docs/fidelity.md item 481): what
# drop_caches does with pages under writeback. 5.10's __invalidate_mapping_pages
# tries each page (invalidate_inode_page fails on PageWriteback) and deactivates the
# ones it keeps (deactivate_file_page → lru_deactivate_file_fn: PG_reclaim, the
# inactive list's head; end_page_writeback then rotates it: PGROTATED); 6.1's
# find_lock_entries skips a writeback folio (neither dropped nor deactivated). A
# 16 MiB file written to the disk by a task in a v2 cgroup whose io.max holds its
# writeback to 2 MiB/s (cgroup writeback: the inode's wb is its memcg's), `sync`
# started in the background, the drop made while nr_writeback is up; the vmstat
# moves over the drop and the writeback, the file LRU, and a second drop once clean.
#   memcgsim oracle tools/sizes/drop-writeback.sh --kernel 5.10|6.1 --cgroup v2
v() { awk -v k="$1" '$1 == k {print $2}' /proc/vmstat; }
m() { awk '$1 ~ /^(Cached|Active\(file\)|Inactive\(file\)|Dirty|Writeback):$/ {printf "%s %s ", $1, $2} END {print ""}' /proc/meminfo; }
ev="pgrotated pgdeactivate pgactivate nr_writeback nr_dirty drop_pagecache"
snap() { for e in $ev; do printf '%s=%s ' $e $(v $e); done; echo; }
C=/sys/fs/cgroup
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
echo "+memory +io" > $C/cgroup.subtree_control
mkdir $C/wb
dev=$(cat /sys/block/vda/dev)
echo "$dev wbps=2097152" > $C/wb/io.max
echo "io.max: $(cat $C/wb/io.max)"
echo "base: $(snap)"
(echo $BASHPID > $C/wb/cgroup.procs; head -c 16M /dev/zero > wbfile)
echo "written: $(snap)"; echo "  $(m)"
sync &
n=0
while [ "$(v nr_writeback)" -lt 1024 ] && [ $n -lt 200 ]; do n=$((n + 1)); done
echo "before drop ($n polls): $(snap)"; echo "  $(m)"
echo 1 > /proc/sys/vm/drop_caches
echo "after drop: $(snap)"; echo "  $(m)"
wait
echo "synced: $(snap)"; echo "  $(m)"
echo 1 > /proc/sys/vm/drop_caches
echo "second drop: $(snap)"; echo "  $(m)"
rm -f wbfile
rmdir $C/wb
