#!/bin/bash
# Written for memcgsim (session 33, novel33; docs/fidelity.md item 176): how much
# memory.reclaim (v5.19; 6.1 only) asks of each try_to_free_mem_cgroup_pages call and
# what each returns, with kprobes on its entry (nr_pages) and return (pages freed):
# first 4M of 8 MiB of unprotected page cache in c, then 16M of p, whose A (memory.min
# 10M) holds 4 MiB and B (memory.low 10M) 10 MiB of page cache (the last step of
# tests/conformance/scripts/novel-v2-protect-nested.sh): only B's low gives way, in
# the calls' memcg_low_reclaim passes, each counting MEMCG_LOW on B.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/c $C/p; echo +memory > $C/p/cgroup.subtree_control; mkdir $C/p/A $C/p/B
echo 10M > $C/p/A/memory.min; echo 10M > $C/p/B/memory.low
head -c 8M /dev/zero > f8; head -c 4M /dev/zero > f4; head -c 10M /dev/zero > f10
sync; echo 3 > /proc/sys/vm/drop_caches
( echo $BASHPID > $C/c/cgroup.procs; cat f8 > /dev/null )
( echo $BASHPID > $C/p/A/cgroup.procs; cat f4 > /dev/null )
( echo $BASHPID > $C/p/B/cgroup.procs; cat f10 > /dev/null )
fil() { awk '$1 == "file" {print $2 / 4096}' $C/$1/memory.stat; }
echo "before: c $(fil c) A $(fil p/A) B $(fil p/B) pages"
echo 'p:ttf try_to_free_mem_cgroup_pages nr=%si:u64' >> $T/kprobe_events
echo 'r:ttfr try_to_free_mem_cgroup_pages ret=$retval:u64' >> $T/kprobe_events
# which lists each call scans: the protection walk and the LRU shrinkers, where the
# kernel keeps them out of line
for f in mem_cgroup_calculate_protection shrink_active_list shrink_inactive_list; do
  grep -qx "$f" $T/available_filter_functions && echo "p:$f $f a=%di:u64 b=%si:u64" >> $T/kprobe_events
done
echo 1 > $T/events/kprobes/enable
for t in c p; do
  echo > $T/trace
  [ $t = c ] && v=4M || v=16M
  echo $v > $C/$t/memory.reclaim 2>/tmp/err; rc=$?
  echo "reclaim $v on $t: rc $rc $(sed 's/.*: //' /tmp/err); c $(fil c) A $(fil p/A) B $(fil p/B) pages; B low events $(awk '$1 == "low" {print $2}' $C/p/B/memory.events)"
  awk '/ ttf: / { for (i = 1; i <= NF; i++) if ($i ~ /^nr=/) n = $i; calc = sal = sil = 0 }
       / mem_cgroup_calculate_protection: / { calc++ }
       / shrink_active_list: / { sal++ }
       / shrink_inactive_list: / { sil++ }
       / ttfr: / { for (i = 1; i <= NF; i++) if ($i ~ /^ret=/) print n, $i, "protection", calc, "active", sal, "inactive", sil }' $T/trace | uniq -c
  for g in p p/A p/B; do echo "$g: $(grep -E '^(active|inactive)_(file|anon) ' $C/$g/memory.stat | tr '\n' ' ') current $(cat $C/$g/memory.current)"; done
done
echo 0 > $T/events/kprobes/enable
rmdir $C/p/A $C/p/B $C/p $C/c
rm f8 f4 f10
