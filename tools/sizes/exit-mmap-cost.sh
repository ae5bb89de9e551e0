#!/bin/bash
# What an exiting task's exit_mmap costs per page freed, and what an OOM victim's
# teardown costs against the other chargers (docs/fidelity.md, session 29 branch
# oom29; kernel/oom_victim.py). Part A: bash subshells that fault N pages of a
# string (printf -v) then exit, 3 times each N; kprobes on exit_mmap's entry and
# return (per pid), the subshell's VmRSS/RssAnon just before its exit. Part B: one
# memcg OOM as v2-oom-retries' part 1 (8M, $(head | tr)): per task the reclaim
# rounds (try_to_free_mem_cgroup_pages entry -> return), mem_cgroup_out_of_memory
# calls and their time, the victim's SIGKILL (oom:mark_victim) to its exit_mmap
# start and end, the OOM reaper's events.
#   memcgsim oracle tools/sizes/exit-mmap-cost.sh --kernel 5.10|6.1 --cgroup v2 [--cpus 4]
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
C=/sys/fs/cgroup
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 20000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null && return; echo "no probe: $1"; return 1; }
kp 'p:xmm exit_mmap'
kp 'r:xme exit_mmap'
kp 'p:trf try_to_free_mem_cgroup_pages'
kp 'r:trfr try_to_free_mem_cgroup_pages ret=$retval:u64'
kp 'p:moom mem_cgroup_out_of_memory'
kp 'r:moomr mem_cgroup_out_of_memory ret=$retval:u8'
echo 1 > $T/events/kprobes/enable
for e in oom/mark_victim oom/wake_reaper oom/start_task_reaping oom/finish_task_reaping oom/skip_task_reaping sched/sched_process_exit; do
    [ -d $T/events/$e ] && echo 1 > $T/events/$e/enable
done
mark() { echo "PART $*" > $T/trace_marker; }
echo 1 > $T/tracing_on
for n in 0 1000 4000 16000; do
  for r in 1 2 3; do
    ( [ $n -gt 0 ] && printf -v x '%*s' $((n * 4096)) ''
      rss=; while read -r f v u; do case $f in RssAnon:|RssShmem:|VmPTE:) rss="$rss $f $v";; esac; done < /proc/$BASHPID/status
      mark "A $n $BASHPID$rss" )
  done
done
echo +memory > $C/cgroup.subtree_control
mkdir $C/g
echo 8M > $C/g/memory.max
echo 0 > $C/g/memory.swap.max 2>/dev/null
mark B
( echo $BASHPID > $C/g/cgroup.procs; sleep 30 & x=$(head -c 20000000 /dev/zero | tr '\0' 'a'); echo "len ${#x}" ) 2>&1
echo "status $?"
grep -E '^(max|oom|oom_kill) ' $C/g/memory.events | tr '\n' ' '; echo
sleep 0.5
mark END
echo 0 > $T/tracing_on
cat $T/trace > /tmp/tr.txt
echo "trace lines $(wc -l < /tmp/tr.txt)"
awk '
function ts(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return substr($i, 1, length($i) - 1) * 1000; return 0 }
function ev(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return $(i + 1); return "?" }
function pid(s) { sub(/.*-/, "", s); return s }
/^#/ { next }
/tracing_mark_write: PART A/ { for (i = 1; i <= NF; i++) if ($i == "A") { an[$(i + 2)] = $(i + 1); ainfo[$(i + 2)] = ""; for (j = i + 3; j <= NF; j++) ainfo[$(i + 2)] = ainfo[$(i + 2)] " " $j }; next }
/tracing_mark_write: PART B/ { partB = 1; t0 = ts(); next }
/tracing_mark_write: PART END/ { partB = 0; next }
{
    e = ev(); t = ts(); task = $1; p = pid(task)
    if (e == "xmm:") xs[p] = t
    if (e == "xme:" && (p in xs)) { d = t - xs[p]; if (p in an) printf "A n=%s pid=%s exit_mmap %.3f ms%s\n", an[p], p, d, ainfo[p]; else if (partB) printf "B %.3f %s exit_mmap %.3f ms (start %.3f)\n", t - t0, task, d, xs[p] - t0; delete xs[p] }
    if (!partB) next
    if (e == "trf:") rs[p] = t
    if (e == "trfr:" && (p in rs)) { n[task]++; sum[task] += t - rs[p]; if (!(task in f)) f[task] = rs[p] - t0; l[task] = t - t0; r[task] = r[task] sprintf(" %.2f+%.2f", rs[p] - t0, t - rs[p]); delete rs[p] }
    if (e != "trf:" && e != "trfr:" && e != "xmm:" && e != "xme:") printf "B %.3f %s %s\n", t - t0, task, substr($0, index($0, e))
}
END { for (k in n) printf "ROUNDS %s %d mean %.3f ms, from %.3f to %.3f; each start+ms:%s\n", k, n[k], sum[k] / n[k], f[k], l[k], r[k] }' /tmp/tr.txt
