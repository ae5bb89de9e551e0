#!/bin/bash
# Written for memcgsim's conformance suite (session 23, docs/fidelity.md item 75): dirty
# page cache and the flusher. On a 256 MiB guest the background threshold
# (dirty_background_ratio 10 % of the dirtyable memory: free pages less the reserves,
# plus the file LRU) is ~16 MiB. A writer in cgroup w dirties 4 MiB (under it), then
# 48 MiB: past the threshold balance_dirty_pages starts background writeback, which
# writes chunks (writeback_chunk_size, 2048 pages here) until the dirty pages are at
# or below the threshold; what is left is written by the periodic flusher once it has
# been dirty for 30 s (dirty_expire_centisecs; the flusher wakes every 5 s).
# Printed from one read of /proc/vmstat: nr_dirty, nr_writeback, whether nr_dirty is
# at or below nr_dirty_background_threshold and within one chunk of it, both
# thresholds (pages); then w's memory.stat file_dirty and file_writeback.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/w
echo $$ > $C/w/cgroup.procs
show() {
  awk -v t="$1" '{v[$1] = $2} END {d = v["nr_dirty"]; b = v["nr_dirty_background_threshold"]
    print t ": nr_dirty " d " nr_writeback " v["nr_writeback"] " at_or_below_bg " (d <= b) \
      " within_a_chunk " (b - d < 2048) " bg " b " thresh " v["nr_dirty_threshold"]}' /proc/vmstat
  echo "$1: $(grep -E '^file_(dirty|writeback) ' $C/w/memory.stat | tr '\n' ' ')"
}
show start
head -c 4M /dev/zero > small
show small
head -c 48M /dev/zero > big
show big
sleep 5
show 5s
sleep 33
show 38s
echo $$ > $C/cgroup.procs
rm small big
rmdir $C/w
