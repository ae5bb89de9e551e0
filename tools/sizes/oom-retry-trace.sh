#!/bin/bash
# Who charges, reclaims and invokes the memcg OOM killer while an OOM victim exits
# (docs/fidelity.md, session 28 branch oom28): the lead's oom-v2.sh (session 27,
# tests/conformance/scripts/oom-v2.sh) with kprobes on try_to_free_mem_cgroup_pages
# (one per MEMCG_MAX round of try_charge), out_of_memory, a kretprobe on
# page_counter_try_charge's failures (failcnt), exit_mmap's start and end, and the
# oom:* and sched exit/free tracepoints; a trace_marker before each part.
# Printed: the script's output, per part and task the counts of each event with the
# first and last times (ms from the part's mark), then every rare event.
#   memcgsim oracle tools/sizes/oom-retry-trace.sh --kernel 5.10|6.1 --cgroup v2
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
C=/sys/fs/cgroup
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 20000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null && return; echo "no probe: $1"; return 1; }
kp 'p:trf try_to_free_mem_cgroup_pages nr=%si:u64'
kp 'p:oom out_of_memory'
kp 'r:pcf page_counter_try_charge ret=$retval:u8' && echo 'ret == 0' > $T/events/kprobes/pcf/filter
kp 'p:xmm exit_mmap'
kp 'r:xme exit_mmap'
kp 'p:moom mem_cgroup_out_of_memory'
kp 'r:moomr mem_cgroup_out_of_memory ret=$retval:u8'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in oom/mark_victim oom/wake_reaper oom/start_task_reaping oom/finish_task_reaping oom/skip_task_reaping sched/sched_process_exit sched/sched_process_fork; do
    [ -d $T/events/$e ] && echo 1 > $T/events/$e/enable
done
mark() { echo "PART $*" > $T/trace_marker; }
echo 1 > $T/tracing_on
mark 1
echo +memory > $C/cgroup.subtree_control
mkdir $C/g
echo 8M > $C/g/memory.max
echo 0 > $C/g/memory.swap.max 2>/dev/null
( echo $BASHPID > $C/g/cgroup.procs; sleep 30 & x=$(head -c 20000000 /dev/zero | tr '\0' 'a'); echo "len ${#x}" ) 2>&1
echo "status $?"
grep -E '^(low|high|max|oom|oom_kill|oom_group_kill) ' $C/g/memory.events
echo "procs $(wc -l < $C/g/cgroup.procs)"
mark 2
echo 1 > $C/g/memory.oom.group
( echo $BASHPID > $C/g/cgroup.procs; sleep 30 & sleep 30 & x=$(head -c 20000000 /dev/zero | tr '\0' 'a'); echo "len ${#x}" ) 2>&1
echo "status2 $?"
sleep 1
grep -E '^(max|oom|oom_kill|oom_group_kill) ' $C/g/memory.events
echo "procs2 $(wc -l < $C/g/cgroup.procs)"
mark 3
echo 0 > $T/tracing_on
cat $T/trace > /tmp/tr.txt
echo "trace lines $(wc -l < /tmp/tr.txt)"
awk '
/tracing_mark_write: PART/ { part = $NF; t0 = ts(); next }
function ts(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return substr($i, 1, length($i) - 1) + 0; return 0 }
function ev(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return $(i + 1); return "?" }
/^#/ { next }
{
    e = ev(); t = ts(); task = $1; k = part " " e " " task
    n[k]++; if (!(k in f)) f[k] = t - t0; l[k] = t - t0
    if (e != "trf:" && e != "pcf:") rare[++nr] = sprintf("%s %.3f %s", part, (t - t0) * 1000, $0)
}
END {
    for (k in n) printf "COUNT %s %d first %.3f last %.3f\n", k, n[k], f[k] * 1000, l[k] * 1000
    for (i = 1; i <= nr; i++) print "EV " rare[i]
}' /tmp/tr.txt | sort -k2,2n -k1,1 | sed 's/  */ /g'
