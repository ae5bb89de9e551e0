#!/bin/bash
# memcgsim calibration (session 42, branch userland42; docs/fidelity.md items 402 on):
# which anonymous pages each busybox applet writes (its .data copies, .bss, heap, stack,
# anonymous mmaps), and busybox's `spawn` of a program that is nowhere (xargs, find
# -exec: the vforked child that fails its execvp and `_exit(111)`s).
# Each page fault with the x86 tracepoints exceptions:page_fault_user and
# page_fault_kernel (arch/x86/mm/fault.c trace_page_fault_entries: address and
# error_code, bit 1 X86_PF_WRITE), with kmem:rss_stat (the mm's counters at each
# add_mm_counter: sync_mm_rss, the exec's get_arg_page) and sched:sched_process_exec.
# Per task (comm-pid, ftrace's last comm of the pid; what a pid did before its execve,
# a forked bash's faults and counters, is dropped at its sched_process_exec: a vforked
# child that fails its exec keeps its parent's comm), by area of the static busybox binary
# (0x400000-0x5db000 text and rodata, 0x5db000-0x5e5000 .data.rel.ro and .data, the
# .bss 0x5e5000-0x5ec000: calibration/recordings/proc-files-probe--K-v2.txt's maps),
# the heap (past the .bss, below 2^40), anonymous mmaps (past 2^40, more than 8 MiB
# under the task's highest fault) and the stack (within 8 MiB of it): the pages written
# (`w`: a write fault, user or kernel, each an anon page: a COW of .data or a new
# zeroed page; a read of an untouched anonymous page maps the zero page, `r`), the
# text's faults (`t`, pages) and 64 KiB windows (`tw`), and rss_stat's largest
# MM_ANONPAGES (`anon`, the exec's argument pages with them).
# Guest only (tracefs; writes /tmp):
#   memcgsim oracle calibration/busybox-applet-anon.sh --kernel K --cgroup v2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1
[ -d $TR/events/exceptions/page_fault_user ] || echo "no page_fault_user event"
echo x > /tmp/baa.one
echo 8000 > $TR/buffer_size_kb
: > $TR/trace
EV='exceptions/page_fault_user exceptions/page_fault_kernel kmem/rss_stat sched/sched_process_exec'
for e in $EV; do
  echo 1 > $TR/events/$e/enable; done
echo "--- part 1: applets"
r() { label=$1; shift; echo "== $label"; "$@" > /dev/null 2>&1; echo "== $label end $?"; }
r true /bin/true
r false /bin/false
r sleep sleep 0.1
r cat cat /proc/self/status
r dd dd if=/dev/zero of=/dev/null bs=1M count=4
r echo /bin/echo x
r seq seq 1 5000
r head head -n 3 /proc/meminfo
r tail tail -n 3 /proc/meminfo
r wc wc -l /proc/meminfo
r grep grep -c a /proc/meminfo
r tr sh -c 'exec tr a b < /proc/meminfo'
r cut cut -c1-3 /proc/meminfo
r sort sort /proc/meminfo
r sed sed -n 1p /proc/meminfo
r awk awk 'END {print NR}' /proc/meminfo
r ls ls /
r ls-l ls -l /proc/self/
r stat stat /
r mkdir mkdir /tmp/baa.d
r rmdir rmdir /tmp/baa.d
r cp cp /proc/meminfo /tmp/baa.c
r rm rm -f /tmp/baa.c
r basename basename /a/b
r expr expr 1 + 2
r printf /bin/printf x
r env env
r id id
r uname uname -a
r date date
r ps ps
r free free
r find find /proc/self -maxdepth 0
r kill /bin/kill -0 1
r xargs xargs echo < /tmp/baa.one
r md5sum md5sum /proc/meminfo
r sh-c sh -c ':'
r sh-c-echo sh -c 'echo x'
echo "--- part 2: spawn of a program that is nowhere"
# (no fork of the probe's own but the command's while the events run: read builtins)
RES=
t() { label=$1; shift; echo "== $label"
  busybox time -o /tmp/baa.t -f '%R %M %x' "$@" > /dev/null 2>/tmp/baa.e < /tmp/baa.one
  local a b; read -r -d '' a < /tmp/baa.t; read -r -d '' b < /tmp/baa.e
  RES+="$label: ${a//$'\n'/ } | ${b//$'\n'/|}"$'\n'; }
t xargs-true xargs true
t xargs-missing xargs no-such-program
t xargs-missing-path xargs /tmp/no-such-program
t xargs-P2-missing xargs -P 2 no-such-program
t xargs-n1-missing2 sh -c 'printf "a\nb\n" | xargs -n 1 no-such-program'
t find-true find /proc/self/status -exec true {} ';'
t find-missing find /proc/self/status -exec no-such-program {} ';'
t find-missing2 find /proc/self/status /proc/self/stat -exec no-such-program {} ';'
t find-missing-plus find /proc/self/status -exec no-such-program {} +
t time-missing no-such-program
for e in $EV; do
  echo 0 > $TR/events/$e/enable; done
printf %s "$RES"
echo "--- per task (pages): area w/r, text t/tw, rss_stat anon max"
awk 'function hex(s,  i, n, c) { n = 0; s = tolower(s); sub(/^0x/, "", s)
       for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1))
         if (!c) break; n = n * 16 + c - 1 }
       return n }
  /sched_process_exec:/ { task = $1
    # the new program: the earlier events of the pid are another program
    for (m = 1; m <= np[task]; m++) delete pg[task, pl[task, m]]
    np[task] = 0; nf[task] = 0; top[task] = 0; delete an[task]
    if (!(task in seen)) { seen[task] = 1; order[++n] = task }
    next }
  /page_fault_(user|kernel):/ {
    task = $1; a = ""; w = 0
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^address=/) a = substr($i, 9)
      if ($i ~ /^error_code=/) w = int(hex(substr($i, 12)) / 2) % 2 }
    if (a == "") next
    p = int(hex(a) / 4096)
    if (!(task in seen)) { seen[task] = 1; order[++n] = task }
    k = task SUBSEP p
    if (!(k in pg)) { pg[k] = 0; np[task]++; pl[task, np[task]] = p }
    if (w) pg[k] = 1
    if (p > top[task]) top[task] = p
    nf[task]++ }
  /rss_stat:/ { task = $1; ty = ""; sz = 0
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^(type|member)=/) { ty = $i; sub(/^[a-z]*=/, "", ty) }
      if ($i ~ /^size=/) { sz = substr($i, 6); sub(/B$/, "", sz) } }
    if (ty == "MM_ANONPAGES" || ty == "1") { v = sz / 4096
      if (!(task in seen)) { seen[task] = 1; order[++n] = task }
      if (!(task in an) || v > an[task]) an[task] = v } }
  END { for (j = 1; j <= n; j++) { tk = order[j]
    split("", cw); split("", cr); t = 0; tw = 0; split("", win)
    for (m = 1; m <= np[tk]; m++) { p = pl[tk, m]; wr = pg[tk SUBSEP p]
      if (p < 1499) { t++; if (!((int(p / 16)) in win)) { win[int(p / 16)] = 1; tw++ }
        if (wr) cw["text"]++; continue }
      ar = p < 1509 ? "data" : p < 1516 ? "bss" : p < 268435456 ? "heap" : \
           p >= top[tk] - 2048 ? "stack" : "mmap"
      if (wr) cw[ar]++; else cr[ar]++ }
    s = tk " faults=" nf[tk] " t=" t "/" tw
    split("data bss heap mmap stack text", ars, " ")
    for (m = 1; m <= 6; m++) if ((ars[m] in cw) || (ars[m] in cr))
      s = s " " ars[m] "=" (cw[ars[m]] + 0) "/" (cr[ars[m]] + 0)
    if (tk in an) s = s " anon=" an[tk]
    print s } }' $TR/trace
echo "--- trace lines"
wc -l < $TR/trace
grep -c 'page_fault' $TR/trace
rm -f /tmp/baa.one /tmp/baa.t /tmp/baa.e /tmp/baa.c
