#!/bin/bash
# memcgsim calibration (session 31, novel31; cgroup v1): why 5.10 moves fewer of a busybox
# sleep's pages than 6.1 with move_charge_at_immigrate 3 (calibration/move-file-pages.sh):
# kretprobes on mem_cgroup_move_account and isolate_lru_page (5.10) /
# folio_isolate_lru (6.1) count their return values during one move out of the root.
# Guest only: memcgsim oracle calibration/move-file-trace.sh --kernel K --cgroup v1
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
R=/sys/fs/cgroup/memory
echo 'r:ma mem_cgroup_move_account ret=$retval:s32' >> $T/kprobe_events || echo "no mem_cgroup_move_account probe"
echo 'r:il isolate_lru_page ret=$retval:s32' >> $T/kprobe_events 2>/dev/null || echo 'r:il folio_isolate_lru ret=$retval:s32' >> $T/kprobe_events || echo "no isolate probe"
echo 'p:mc mem_cgroup_move_charge' >> $T/kprobe_events || echo "no mem_cgroup_move_charge probe"
echo 'p:gm get_mctgt_type' >> $T/kprobe_events 2>/dev/null || echo "no get_mctgt_type probe (inlined)"
sleep 30 & p=$!
sleep 1
mkdir $R/m
echo 3 > $R/m/memory.move_charge_at_immigrate
echo > $T/trace
echo 1 > $T/events/kprobes/enable
echo $p > $R/m/cgroup.procs
echo 0 > $T/events/kprobes/enable
echo "shmem $(awk '$1 == "shmem" {print $2 / 4096}' $R/m/memory.stat) rss $(awk '$1 == "rss" {print $2 / 4096}' $R/m/memory.stat) pages"
awk '/ ma: / {m[$NF]++} / il: / {i[$NF]++} / mc: / {c++} / gm: / {g++}
  END {for (k in m) print "move_account", k, m[k]; for (k in i) print "isolate", k, i[k]; print "move_charge calls", c + 0, "get_mctgt_type calls", g + 0}' $T/trace | sort
kill $p
