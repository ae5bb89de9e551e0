#!/bin/bash
# Written for memcgsim (session 13, docs/fidelity.md item 30): busybox cat of a 24 MiB
# file in a child with memory.high 4M under a parent with memory.max 12M (the last
# step of tests/conformance/scripts/v2-high-hierarchy.sh), with kprobes on
# mem_cgroup_handle_over_high (from where), try_to_free_mem_cgroup_pages (nr_pages)
# and do_sendfile (count): busybox copies with sendfile() of 16 MiB; 5.10 reclaims
# what passed memory.high when the call returns to user space, 6.1 in try_charge
# once more than MEMCG_CHARGE_BATCH pages are over. Prints cat's calls in order.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1 || { T=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/p $C/p/c
echo +memory > $C/p/cgroup.subtree_control
head -c 24M /dev/zero > data
sync
echo 12M > $C/p/memory.max
echo 4M > $C/p/c/memory.high
echo 3 > /proc/sys/vm/drop_caches
echo 'p:hoh mem_cgroup_handle_over_high' >> $T/kprobe_events
echo 'p:ttf try_to_free_mem_cgroup_pages nr=%si:u64' >> $T/kprobe_events
echo 'p:sf do_sendfile count=%cx:u64' >> $T/kprobe_events
echo stacktrace > $T/events/kprobes/hoh/trigger
echo 1 > $T/events/kprobes/enable
( echo $BASHPID > $C/p/c/cgroup.procs; cat data > /dev/null )
echo 0 > $T/tracing_on
echo "c current $(cat $C/p/c/memory.current) p current $(cat $C/p/memory.current)"
grep high $C/p/c/memory.events
awk '/<stack trace>/ { st = 1; next }
/^ *=> / { if (st && $2 !~ /kprobe|ftrace|^0x|mem_cgroup_handle_over_high/) { from = $2; st = 0 }; next }
{ st = 0 }
$1 ~ /^cat-/ && / (ttf|sf): / { ev = $5; for (i = 6; i <= NF; i++) if ($i ~ /=/) ev = ev " " $i; print ev }' $T/trace | uniq -c
rmdir $C/p/c $C/p
rm data
