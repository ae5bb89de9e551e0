#!/bin/bash
# When reclaim's swap writes complete against its passes (docs/fidelity.md item 419;
# kernel/swapfile.py Swap.swap_out): a container (memory.max 5M) whose tail buffers
# 8 MiB with a swap file on (part A: the charges' reclaim, novel-v2-slice-swap-quota's
# first container without the slice), then memory.max lowered to 2M (part B:
# memory_max_write's loop). Static tracepoints only (kprobes' cost under TCG moves the
# fill): vmscan/mm_vmscan_memcg_reclaim_begin and _end (a try_to_free_mem_cgroup_pages
# call and what it freed), vmscan/mm_vmscan_lru_shrink_inactive (each
# shrink_inactive_list: scanned, reclaimed, nr_writeback = pages met still under
# writeback, nr_activate_anon, priority), vmscan/mm_vmscan_writepage (each page
# pageout writes), block/block_rq_issue and block/block_rq_complete (the requests,
# matched by sector: issue to completion). Printed per part: the counts, each reclaim
# call's writes and frees, the requests' latencies and where each completes among the
# passes (before the next shrink_inactive_list of the same call, or later).
#   memcgsim oracle tools/sizes/swap-write-trace.sh --kernel 5.10|6.1 --cgroup v2
# Recordings: tools/sizes/recordings/swap-write-trace--K.txt.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
C=/sys/fs/cgroup
MB=$((1 << 20))
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 20000 > $T/buffer_size_kb
for e in vmscan/mm_vmscan_memcg_reclaim_begin vmscan/mm_vmscan_memcg_reclaim_end \
         vmscan/mm_vmscan_lru_shrink_inactive vmscan/mm_vmscan_writepage vmscan/mm_vmscan_write_folio \
         block/block_rq_issue block/block_rq_complete; do
    [ -d $T/events/$e ] && echo 1 > $T/events/$e/enable
done
mark() { echo "PART $*" > $T/trace_marker; }
dd if=/dev/zero of=swapfile bs=1M count=32 2>/dev/null
chmod 600 swapfile; mkswap swapfile > /dev/null; swapon swapfile; echo "swapon: $?"
sync
echo +memory > $C/cgroup.subtree_control
mkdir $C/ctr; echo 5M > $C/ctr/memory.max
st() { grep -E '^(anon|file|swapcached) ' $C/ctr/memory.stat | tr '\n' ' '; }
echo 1 > $T/tracing_on
mark A
( echo $BASHPID > $C/ctr/cgroup.procs
  { head -c 8M /dev/zero; sleep 1000; } | tail > /dev/null ) &
held() { echo $(( $(awk '$1 == "anon" {print $2}' $C/ctr/memory.stat) + $(cat $C/ctr/memory.swap.current) )); }
n=0; while [ $(held) -lt $((8 * MB)) ] && [ $n -lt 120 ]; do sleep 0.5; n=$((n + 1)); done
sleep 1
echo "A: current $(cat $C/ctr/memory.current) swap $(cat $C/ctr/memory.swap.current) $(st)"
mark B
echo 2M > $C/ctr/memory.max
echo "B: current $(cat $C/ctr/memory.current) swap $(cat $C/ctr/memory.swap.current) $(st)"
sleep 1
echo "B+1s: current $(cat $C/ctr/memory.current) swap $(cat $C/ctr/memory.swap.current) $(st)"
mark END
echo 0 > $T/tracing_on
kill -9 $(cat $C/ctr/cgroup.procs); wait 2>/dev/null
rmdir $C/ctr; swapoff swapfile; rm -f swapfile
cat $T/trace > /tmp/tr.txt
echo "trace lines $(wc -l < /tmp/tr.txt)"
awk '
function ts(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return substr($i, 1, length($i) - 1) * 1000; return 0 }
function ev(  i) { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) return $(i + 1); return "?" }
function fld(k,  i) { for (i = 1; i <= NF; i++) if (index($i, k "=") == 1) return substr($i, length(k) + 2); return "" }
function sect(  i) { for (i = 1; i <= NF; i++) if ($i == "+") return $(i - 1); return "" }
function flush_part() {
    if (part == "") return
    printf "PART %s: reclaim calls %d, pages written %d, freed %d, shrink_inactive %d (met under writeback %d, activated anon %d), requests %d\n", part, calls, written, freed, nsi, wbmet, act, nreq
    if (nreq) printf "PART %s: request issue->complete ms: min %.3f max %.3f, <0.1 %d, <0.3 %d, <1 %d, <3 %d, <10 %d, more %d; completed before the next shrink_inactive %d, after one in the call %d, after the call %d; issued and completed in one call %d (batches between them %d in all), completed in a later call %d, issued outside a call %d\n", part, lmin, lmax, b1, b2, b3, b4, b5, b6, before, incall, after, samecall, bsum, othercall, outside
}
/^#/ { next }
/tracing_mark_write: PART / { flush_part(); part = $NF; calls = written = freed = nsi = wbmet = act = nreq = before = incall = after = 0; lmin = 1e9; lmax = 0; b1 = b2 = b3 = b4 = b5 = b6 = 0; incallnow = 0; samecall = othercall = outside = bsum = 0; next }
part == "" || part == "END" { next }
{
    e = ev(); t = ts()
    if (e == "mm_vmscan_memcg_reclaim_begin:") { calls++; incallnow = calls; cw = 0; cs = ""; cbeg = t; nb = 0; next }
    if (e == "mm_vmscan_memcg_reclaim_end:") { r = fld("nr_reclaimed"); freed += r; incallnow = 0
        if (calls <= 12 || calls % 20 == 0) printf "%s call %d at %.3f, %.3f ms: wrote %d freed %d; passes%s\n", part, calls, t, t - cbeg, cw, r, cs
        # requests still pending at the call end
        for (s in iss) if (!(s in late)) late[s] = 1
        next }
    if (e == "mm_vmscan_writepage:" || e == "mm_vmscan_write_folio:") { written++; cw++; next }
    if (e == "mm_vmscan_lru_shrink_inactive:") { nsi++; wb = fld("nr_writeback"); wbmet += wb; act += fld("nr_activate_anon")
        cs = cs sprintf(" p%s:%s/%s/wb%s", fld("priority"), fld("nr_scanned"), fld("nr_reclaimed"), wb); nb++
        if (listed < 400) { listed++; printf "%s c%d %.3f batch p%s %s/%s wb%s\n", part, incallnow, t - cbeg, fld("priority"), fld("nr_scanned"), fld("nr_reclaimed"), wb }
        for (s in iss) if (!(s in seen)) seen[s] = 1   # a pass went by with it pending
        next }
    if (e == "block_rq_issue:") { s = sect(); iss[s] = t; icall[s] = incallnow; ibatch[s] = nb
        if (listed < 400 && incallnow) { listed++; printf "%s c%d %.3f issue %s+%s\n", part, incallnow, t - cbeg, s, $(NF - 1) }
        next }
    if (e == "block_rq_complete:") { s = sect(); if (s in iss) { d = t - iss[s]; nreq++
            if (d < 0.1) b1++; else if (d < 0.3) b2++; else if (d < 1) b3++; else if (d < 3) b4++; else if (d < 10) b5++; else b6++
            if (d < lmin) lmin = d; if (d > lmax) lmax = d
            if (s in late) after++; else if (s in seen) incall++; else before++
            if (icall[s] && icall[s] == incallnow) samecall++; else if (icall[s]) othercall++; else outside++
            if (icall[s] && icall[s] == incallnow) bsum += nb - ibatch[s]
            if (listed < 400 && incallnow) { listed++; printf "%s c%d %.3f complete %s after %.3f ms, issued in c%d\n", part, incallnow, t - cbeg, s, d, icall[s] }
            delete iss[s]; delete seen[s]; delete late[s] }
        next }
}
END { flush_part() }' /tmp/tr.txt
