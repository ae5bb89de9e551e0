#!/bin/bash
# What an OOM victim holding swap entries takes to exit while another task charges
# (docs/fidelity.md items 366 and 396; kernel/oom_victim.py): novel-v2-swap-max-lowered's
# scenario (memory.max 6M, a tail buffering 12 MiB half swapped, memory.swap.max then
# lowered to 2M, 4 MiB more sent) traced: per task the reclaim rounds
# (try_to_free_mem_cgroup_pages entry -> return), mem_cgroup_out_of_memory calls,
# oom:mark_victim, the victim's exit_mmap start and end, free_swap_and_cache calls
# (counted per task), the OOM reaper's events, sched_process_exit.
# The probes go on after the fill (their cost during it made the guests OOM there).
# FSC=1 (set below) adds kprobes on free_swap_and_cache (counted per task) and
# __oom_reap_task_mm: their cost under TCG lengthens the exit (recordings -fsc.txt).
#   memcgsim oracle tools/sizes/oom-swap-exit-trace.sh --kernel 5.10|6.1 --cgroup v2
# Recordings: tools/sizes/recordings/oom-swap-exit-trace--K.txt (and -2: a second
# run), --K-fsc.txt (FSC=1); docs/fidelity.md item 396.
FSC=   # the -fsc recordings: FSC=1
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
C=/sys/fs/cgroup
MB=$((1 << 20))
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 20000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null && return; echo "no probe: $1"; return 1; }
kp 'p:xmm exit_mmap'
kp 'r:xme exit_mmap'
kp 'p:trf try_to_free_mem_cgroup_pages'
kp 'r:trfr try_to_free_mem_cgroup_pages ret=$retval:u64'
kp 'p:moom mem_cgroup_out_of_memory'
kp 'r:moomr mem_cgroup_out_of_memory ret=$retval:u8'
[ -n "$FSC" ] && kp 'p:fsc free_swap_and_cache'
[ -n "$FSC" ] && kp 'p:orp __oom_reap_task_mm'
[ -n "$FSC" ] && kp 'r:orpr __oom_reap_task_mm'
ev_on() {
echo 1 > $T/events/kprobes/enable
for e in oom/mark_victim oom/wake_reaper oom/start_task_reaping oom/finish_task_reaping oom/skip_task_reaping sched/sched_process_exit signal/signal_generate; do
    [ -d $T/events/$e ] && echo 1 > $T/events/$e/enable
done
}
mark() { echo "PART $*" > $T/trace_marker; }
dd if=/dev/zero of=swapfile bs=1M count=40 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
echo +memory > $C/cgroup.subtree_control
mkdir $C/ctr; echo 6M > $C/ctr/memory.max; echo 32M > $C/ctr/memory.swap.max
mkfifo go
( echo $BASHPID > $C/ctr/cgroup.procs
  { head -c 12M /dev/zero; read x < go; head -c 4M /dev/zero; } | tail > /dev/null
  echo "pipeline: ${PIPESTATUS[*]}" ) &
w=$!
n=0; while [ $(cat $C/ctr/memory.swap.current) -lt $((5 * MB)) ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
sleep 2
echo "filled: current $(cat $C/ctr/memory.current) swap $(cat $C/ctr/memory.swap.current) oom_kill $(awk '$1 == "oom_kill" {print $2}' $C/ctr/memory.events)"
grep -E '^(anon|file|shmem|kernel_stack|pagetables|sock|percpu|slab) ' $C/ctr/memory.stat | tr '\n' ' '; echo
ev_on   # only now: the probes' cost during the fill made the guests OOM there
echo 1 > $T/tracing_on
mark B
echo 2M > $C/ctr/memory.swap.max
for p in $(cat $C/ctr/cgroup.procs); do echo "task $p $(cat /proc/$p/comm 2>/dev/null) $(grep -E 'VmRSS|RssAnon|VmSwap' /proc/$p/status 2>/dev/null | tr -s ' \t\n' ' ')"; done
echo > go
wait $w
mark END
echo 0 > $T/tracing_on
grep -E '^(max|oom|oom_kill) ' $C/ctr/memory.events | tr '\n' ' '; echo
rmdir $C/ctr; swapoff swapfile; rm -f swapfile go
cat $T/trace > /tmp/tr.txt
echo "trace lines $(wc -l < /tmp/tr.txt)"
awk '
function ts(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return substr($i, 1, length($i) - 1) * 1000; return 0 }
function ev(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return $(i + 1); return "?" }
function cpu(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^\[[0-9]+\]$/) return $i; return "?" }
function pid(s) { sub(/.*-/, "", s); return s }
/^#/ { next }
/tracing_mark_write: PART B/ { partB = 1; t0 = ts(); next }
/tracing_mark_write: PART END/ { partB = 0; next }
!partB { next }
{
    e = ev(); t = ts(); task = $1; p = pid(task)
    if (e == "fsc:") { fs[task]++; if (!(task in ff)) ff[task] = t - t0; fl[task] = t - t0; next }
    if (e == "trf:") { rs[p] = t; next }
    if (e == "trfr:" && (p in rs)) { n[task]++; sum[task] += t - rs[p]; if (!(task in f)) f[task] = rs[p] - t0; l[task] = t - t0; if (n[task] <= 40 || n[task] % 50 == 0) r[task] = r[task] sprintf(" %.2f+%.3f", rs[p] - t0, t - rs[p]); delete rs[p]; next }
    if (e == "moom:") { mo[task]++; next }
    if (e == "moomr:") { if (mo[task] <= 5 || mo[task] % 25 == 0) printf "B %.3f %s %s moomr #%d %s\n", t - t0, cpu(), task, mo[task], $NF; next }
    if (e == "signal_generate:" && $0 !~ /sig=9 /) next
    printf "B %.3f %s %s %s\n", t - t0, cpu(), task, substr($0, index($0, e))
}
END { for (k in n) printf "ROUNDS %s %d mean %.3f ms, from %.3f to %.3f; each start+ms:%s\n", k, n[k], sum[k] / n[k], f[k], l[k], r[k]
      for (k in fs) printf "FREE_SWAP %s %d from %.3f to %.3f\n", k, fs[k], ff[k], fl[k]
      for (k in mo) printf "OOM_CALLS %s %d\n", k, mo[k] }' /tmp/tr.txt
