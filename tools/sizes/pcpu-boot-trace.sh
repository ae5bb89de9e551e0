#!/bin/bash
# Where the boot's per-CPU areas lie, chunk by chunk, and which areas a memory
# cgroup's mkdir allocates (docs/fidelity.md, session 29 branch pcpu29): the percpu
# tracepoints enabled from the kernel command line with a stack per event, so the
# boot's own allocations are in the buffer when the script starts:
#   memcgsim oracle tools/sizes/pcpu-boot-trace.sh --kernel K --cgroup V --cpus N \
#     --boot "trace_event=percpu:* trace_options=stacktrace trace_buf_size=8M trace_clock=global"
# (trace_clock=global: else 5.10's late tracing_set_default_clock resets the buffer)
# (recordings/pcpu-boot-trace--K-V-Ncpu.txt.gz). Prints every event of the boot, in
# order, one line each: "A chunk off size align caller" (an alloc_percpu, its caller the
# first frames past the allocator), "F chunk off", "C chunk" (percpu_create_chunk),
# "D chunk"; then the areas live at the start per chunk ("L chunk off size align caller");
# then the events of two memory cgroups' mkdir and rmdir ("M phase ..."). Events
# before trace_init (the first chunk's earliest areas) are not in the buffer.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
C=/sys/fs/cgroup
[ -e $C/cgroup.controllers ] && echo +memory > $C/cgroup.subtree_control || C=$C/memory
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r), $(grep Percpu /proc/meminfo)"
grep -o 'percpu: Embedded.*' /dev/kmsg 2>/dev/null | head -1 &
sleep 0.2; kill $! 2>/dev/null
echo 0 > $T/tracing_on
sum() {
  awk -v tag="$1" '
  function caller(   i, s, n) {
    s = ""; n = 0
    for (i = 1; i <= nf; i++) {
      if (fr[i] ~ /^(pcpu_alloc|__alloc_percpu|__alloc_percpu_gfp|pcpu_create_chunk|free_percpu|pcpu_balance_workfn|process_one_work|worker_thread|kthread|ret_from_fork)$/) continue
      s = s (s == "" ? "" : "<") fr[i]; if (++n == 4) break
    }
    return s
  }
  function flush() {
    if (ev == "") return
    if (ev == "A") { print tag "A", b, off, sz, al, caller(); live[b " " off] = sz " " al " " caller() }
    else if (ev == "F") { print tag "F", b, off; delete live[b " " off] }
    else print tag ev, b
    ev = ""
  }
  / => / { if (ev != "") fr[++nf] = $2; next }
  /<stack trace>/ { next }
  /percpu_(alloc|free)_percpu:|percpu_(create|destroy)_chunk:/ {
    flush(); nf = 0; b = ""; off = ""; sz = ""; al = ""
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^base_addr=/) b = substr($i, 11)
      if ($i ~ /^off=/) off = substr($i, 5)
      if ($i ~ /^size=/) sz = substr($i, 6)
      if ($i ~ /^align=/) al = substr($i, 7)
    }
    ev = /alloc_percpu:/ ? "A" : /free_percpu:/ ? "F" : /create_chunk/ ? "C" : "D"
    next }
  END { flush(); if (tag == "") for (k in live) print "L", k, live[k] }' $T/trace
}
sum "" | awk '$1 == "L"' | sort -k2,2 -k3,3n > /tmp/live
sum "" | awk '$1 != "L"'
cat /tmp/live
echo "chunks live at start:"; awk '{n[$2]++; s[$2] += $4} END {for (c in n) print c, n[c], s[c]}' /tmp/live
echo > $T/trace
echo 1 > $T/tracing_on
mkdir $C/a; echo "a made $(grep Percpu /proc/meminfo)"
mkdir $C/b; echo "b made $(grep Percpu /proc/meminfo)"
echo 0 > $T/tracing_on
sum "M mkdir "
echo > $T/trace
echo 1 > $T/tracing_on
rmdir $C/a $C/b; sleep 2
echo 0 > $T/tracing_on
sum "M rmdir "
echo "end $(grep Percpu /proc/meminfo)"
