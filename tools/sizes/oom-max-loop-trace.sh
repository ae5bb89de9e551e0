#!/bin/bash
# How many passes memory_max_write's OOM loop makes while its victim exits, and what
# the victim's exit costs (docs/fidelity.md, session 33 branch oom33, item 190;
# kernel/oom_victim.py). The setup of tests/conformance/scripts/novel-v2-squeeze-parent.sh
# (c1 4 MiB of tmpfs, c2 8 MiB of clean ext4 cache, c3 a bash holding a 6 MB string
# with a sleep), then memory.max 8M on the parent, traced: memory_max_write's entry
# and return, every mem_cgroup_out_of_memory pass (entry, return) and
# mem_cgroup_scan_tasks inside it, oom_kill_process, oom:* events, the victim's
# do_exit, exit_mmap, __oom_reap_task_mm (5.10's exit_mmap reaps an OOM victim first),
# unmap_vmas, free_pgtables, tlb_finish_mmu, release_pages (its nr), zap_huge_pmd and
# zap_pte_range, page_counter_uncharge (nr, and the counter's usage before it),
# sched_process_exit, and sched_switch / sched_wakeup of the writer and the victim;
# then the raw trace from the writer's fifth-last pass on (the passes that meet the
# victim's MMF_OOM_SKIP and its last uncharges).
#   memcgsim oracle tools/sizes/oom-max-loop-trace.sh --kernel 5.10|6.1 --cgroup v2 [--cpus 4]
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
C=/sys/fs/cgroup
MB=$((1 << 20))
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), THP $(cat /sys/kernel/mm/transparent_hugepage/enabled)"
echo 40000 > $T/buffer_size_kb
# the default trace_clock "local": durations on one CPU are exact, but the TCG guests'
# CPUs' clocks differ by up to milliseconds ("global", tried, stamps a CPU whose clock
# lags with the last time seen: its passes all read one time)
echo ${CLOCK:-local} > $T/trace_clock
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null && return; echo "no probe: $1"; return 1; }
kp 'p:mmw memory_max_write'
kp 'r:mmwr memory_max_write ret=$retval:s64'
kp 'p:moom mem_cgroup_out_of_memory'
kp 'r:moomr mem_cgroup_out_of_memory ret=$retval:u8'
kp 'p:scan mem_cgroup_scan_tasks'
kp 'r:scanr mem_cgroup_scan_tasks'
kp 'p:okp oom_kill_process'
kp 'p:bad oom_badness'
kp 'r:badr oom_badness ret=$retval:s64'
kp 'p:dex do_exit'
kp 'p:xmm exit_mmap'
kp 'r:xme exit_mmap'
kp 'p:reap __oom_reap_task_mm'
kp 'r:reapr __oom_reap_task_mm'
kp 'p:uv unmap_vmas'
kp 'r:uvr unmap_vmas'
kp 'p:fpt free_pgtables'
kp 'p:tfm tlb_finish_mmu'
kp 'r:tfmr tlb_finish_mmu'
kp 'p:rel release_pages nr=%si:s32'
kp 'p:zhp zap_huge_pmd'
kp 'p:zpte zap_pte_range'
kp 'p:unch page_counter_uncharge nr=%si:u64 usage=+0(%di):s64'
for e in oom/mark_victim oom/wake_reaper oom/start_task_reaping oom/finish_task_reaping oom/skip_task_reaping sched/sched_process_exit; do
    [ -d $T/events/$e ] && echo 1 > $T/events/$e/enable
done
ev() { echo "$1 events: $(tr '\n' ' ' < $C/$1/memory.events)"; }
cur() { local c; for c in "$@"; do echo "$c memory.current $(cat $C/$c/memory.current)"; done; }
echo +memory > $C/cgroup.subtree_control
mkdir -p $C/slice/c1 $C/slice/c2 $C/slice/c3
echo +memory > $C/slice/cgroup.subtree_control
mkdir -p /tmp/sq
( echo $BASHPID > $C/slice/c1/cgroup.procs; dd if=/dev/zero of=/tmp/sq/f bs=64k count=64 2>/dev/null )
( echo $BASHPID > $C/slice/c2/cgroup.procs; dd if=/dev/zero of=sq.img bs=64k count=128 2>/dev/null; sync )
( echo $BASHPID > $C/slice/c3/cgroup.procs; x=$(head -c 6000000 /dev/zero | tr '\0' a); : > sq.ok; sleep 300; echo "c3 done" ) &
job=$!
while [ ! -e sq.ok ]; do sleep 0.2; done
sleep 0.5
cur slice slice/c1 slice/c2 slice/c3
echo "c3 procs: $(tr '\n' ' ' < $C/slice/c3/cgroup.procs) (victim $job, writer $$)"
grep -E '^(RssAnon|VmPTE|AnonHugePages)' /proc/$job/status | tr -s ' \n' ' '; echo
grep AnonHugePages /proc/$job/smaps_rollup 2>/dev/null
u=$(cat $C/slice/memory.current)
echo $(( u - 4 * MB )) > $C/slice/memory.high
echo max > $C/slice/memory.high
cur slice slice/c1 slice/c2 slice/c3
f="prev_pid == $job || next_pid == $job || prev_pid == $$ || next_pid == $$"
echo "$f" > $T/events/sched/sched_switch/filter
echo "pid == $job || pid == $$" > $T/events/sched/sched_wakeup/filter
echo 1 > $T/events/sched/sched_switch/enable
echo 1 > $T/events/sched/sched_wakeup/enable
echo 1 > $T/events/kprobes/enable
echo > $T/trace
echo 1 > $T/tracing_on
echo "MARK write" > $T/trace_marker
echo $(( 8 * MB )) > $C/slice/memory.max; echo "max 8M: $?"
echo "MARK written" > $T/trace_marker
wait $job; echo "c3's job: $?"
sleep 0.5
echo 0 > $T/tracing_on
cur slice slice/c1 slice/c2 slice/c3
ev slice; ev slice/c3
echo "c3 procs: $(wc -l < $C/slice/c3/cgroup.procs)"
kill $(cat $C/slice/c3/cgroup.procs) 2>/dev/null; sleep 0.2
echo max > $C/slice/memory.max
rm -r /tmp/sq sq.img sq.ok
rmdir $C/slice/c1 $C/slice/c2 $C/slice/c3 $C/slice
cat $T/trace > /tmp/tr.txt
echo "trace lines $(wc -l < /tmp/tr.txt)"
awk -v victim=$job -v writer=$$ '
function ts(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return substr($i, 1, length($i) - 1) * 1000; return 0 }
function ev(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return $(i + 1); return "?" }
function cpu(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^\[[0-9]+\]$/) return substr($i, 2, length($i) - 2); return "?" }
function pid(s) { sub(/.*-/, "", s); return s }
function rest(e) { return substr($0, index($0, e) + length(e)) }
/^#/ { next }
/MARK write/ { t0 = ts(); next }
{
    e = ev(); t = ts(); task = $1; p = pid(task); c = cpu(); r = t - t0
    if (e == "moom:") { np[p]++; if (!(p in pf)) pf[p] = r; pl[p] = r; ms[p] = t
        if (np[p] <= 3 || np[p] % 50 == 0) printf "%9.3f c%s %s PASS %d\n", r, c, task, np[p]; next }
    if (e == "moomr:") { if (p in ms) { pd[p] += t - ms[p]; if (t - ms[p] > pmax[p]) pmax[p] = t - ms[p] }
        if ($NF != "ret=1") printf "%9.3f c%s %s moomr %s\n", r, c, task, $NF; last[p] = r; next }
    if (e == "scan:") { ss[p] = t; next }
    if (e == "scanr:") { if (p in ss) { sd[p] += t - ss[p]; sn[p]++ }; next }
    if (e == "zpte:") { nz[p]++; if (!(p in zf)) zf[p] = r; zl[p] = r; next }
    if (e == "zhp:") { nh[p]++; if (!(p in hf)) hf[p] = r; hl[p] = r; next }
    if (e == "unch:") { if (p == victim || p == writer || task ~ /oom_reaper/) printf "%9.3f c%s %s unch%s\n", r, c, task, rest(e); else nu++; next }
    if (e == "rel:") { if (p == victim || task ~ /oom_reaper/) printf "%9.3f c%s %s rel%s\n", r, c, task, rest(e); next }
    if ((e == "xmm:" || e == "xme:" || e == "uv:" || e == "uvr:" || e == "fpt:" || e == "tfm:" || e == "tfmr:" || e == "dex:") && p != victim && task !~ /oom_reaper/) { other[e]++; next }
    printf "%9.3f c%s %s %s%s\n", r, c, task, e, rest(e)
}
END {
    for (k in np) printf "PASSES %s %d from %.3f to %.3f ms, in mem_cgroup_out_of_memory %.3f ms (max %.3f), mean pass %.4f ms; scans %d %.3f ms\n", k, np[k], pf[k], pl[k], pd[k], pmax[k], (np[k] > 1 ? (pl[k] - pf[k]) / (np[k] - 1) : 0), sn[k], sd[k]
    for (k in nz) printf "ZAP_PTE %s %d from %.3f to %.3f\n", k, nz[k], zf[k], zl[k]
    for (k in nh) printf "ZAP_HUGE_PMD %s %d from %.3f to %.3f\n", k, nh[k], hf[k], hl[k]
    for (e in other) printf "OTHER %s %d\n", e, other[e]
    printf "OTHER uncharges %d\n", nu
}' /tmp/tr.txt
echo RAW
awk -v writer=$$ 'NR == FNR { if ($0 ~ /moom:/ && $1 ~ "-" writer "$") n++; next }
/moom:/ && $1 ~ "-" writer "$" { i++ } i >= n - 5 && !/^#/ && !/unch:.*nr=/ || (i >= n - 5 && / unch:/ && $1 !~ "-" writer "$")' /tmp/tr.txt /tmp/tr.txt | cut -c1-160 | head -400
