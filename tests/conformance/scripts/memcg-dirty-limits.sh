#!/bin/bash
# Written for memcgsim's conformance suite (session 24, docs/fidelity.md item 81): a
# memcg's own dirty limits on cgroup v2. balance_dirty_pages throttles a writer
# against two domains: the host's (dirty_background_ratio 10 %, dirty_ratio 20 % of
# the free and file pages: ~84 and ~168 MiB on a 1 GiB guest) and, for a writer whose
# memcg is not the root, its memcg's (mdtc: the same ratios of the memcg's file pages
# plus its headroom under memory.max and memory.high, mem_cgroup_wb_stats and
# mdtc_calc_avail: ~6 and ~13 MiB under memory.max 64M). Past the memcg's freerun
# ceiling the writer starts background writeback for its memcg's wb, which writes
# while the memcg's dirty pages are over its background threshold (wb_over_bg_thresh).
# A writer in m (memory.max 64M) dirties 4 MiB (under the memcg's background
# threshold), then 100 MiB. Printed: /proc/vmstat nr_dirty, nr_writeback, m's
# memory.stat file_dirty, file_writeback and file, at each point.
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/m
echo 64M > $C/m/memory.max
echo $$ > $C/m/cgroup.procs
show() {
  echo "$1: $(grep -E '^nr_(dirty|writeback) ' /proc/vmstat | tr '\n' ' ')"
  echo "$1: $(grep -E '^file(_dirty|_writeback)? ' $C/m/memory.stat | tr '\n' ' ')"
}
show start
head -c 4M /dev/zero > small
show small
head -c 100M /dev/zero > big
show big
sleep 5
show 5s
echo $$ > $C/cgroup.procs
rm small big
rmdir $C/m
