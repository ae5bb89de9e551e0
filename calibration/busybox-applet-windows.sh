#!/bin/bash
# memcgsim calibration (session 43, branch userland43; docs/fidelity.md items 427 on):
# which 64 KiB windows of the static busybox's code each applet's faults map (fault-around:
# mm/memory.c do_fault_around, fault_around_bytes 64 KiB, clipped to the VMA), by applet,
# by option (ls -l, ls -n) and for a NOFORK applet or a spawn of a program that is nowhere
# (xargs, find -exec); and the anonymous pages applets write as their input grows (cat,
# sort, grep, awk, sed, tr, cut, wc, head, tail, uniq, md5sum on 1 KiB, 64 KiB, 1 MiB and
# a 64 KiB line; grep, sed, uniq, cut, tail, awk and sort on lines of 4, 8, 16 and 32 KiB),
# the windows of busybox sh's test and kill builtins, of its NOFORK applets, of find's
# -maxdepth, and a cat's copy buffer (its anonymous mappings blocked reading a FIFO).
# The x86 tracepoints exceptions:page_fault_user and page_fault_kernel (address,
# error_code bit 1 X86_PF_WRITE), kmem:rss_stat (the mm's counters at each
# add_mm_counter: MM_SHMEMPAGES after do_exit's sync_mm_rss is the binary's pages mapped)
# and sched:sched_process_exec, a trace_marker line before each run: per task (pid; what
# a pid did before its execve is dropped at its sched_process_exec) the run's label, the
# text windows its faults hit (window w: pages 16w..16w+15 of 0x400000; the header page is
# window 0's page 0, .text pages 1-388 (0x401000-0x585000), .rodata 389-474, .data.rel.ro
# 475-481, .data 482-484: calibration/recordings/proc-files-probe--K-v2.txt's maps), the
# binary's pages those faults map (`sh`: each read fault's window clipped to its VMA, less
# the pages written), rss_stat's largest MM_SHMEMPAGES (`rs`) and MM_ANONPAGES (`anon`),
# and the pages written by area: .data.rel.ro and .data, .bss (0x5e5000-0x5ec000), the heap
# (past the .bss, below 2^40), anonymous mmaps and the stack (within 8 MiB of the task's
# highest fault), as written/read-only pages.
# Guest only (tracefs; writes /tmp):
#   memcgsim oracle calibration/busybox-applet-windows.sh --kernel K --cgroup v2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1
[ -d $TR/events/exceptions/page_fault_user ] || echo "no page_fault_user event"
echo x > /tmp/baw.one
# inputs: 40 lines of 32 bytes, 64 KiB and 1 MiB of 64-byte lines, one line of 64 KiB
awk 'BEGIN { l = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
  for (i = 0; i < 40; i++) print substr(l, 1, 27) sprintf("%04d", i) > "/tmp/baw.s"
  for (i = 0; i < 1024; i++) print substr(l, 1, 58) sprintf("%05d", i) > "/tmp/baw.m"
  for (i = 0; i < 16384; i++) print substr(l, 1, 58) sprintf("%05d", i) > "/tmp/baw.l"
  for (i = 0; i < 1024; i++) printf "%s", l > "/tmp/baw.w"; print "" > "/tmp/baw.w"
  for (k = 4; k <= 32; k *= 2) { f = "/tmp/baw.x" k
    for (i = 0; i < k * 16; i++) printf "%s", l > f; print "" > f } }'
wc -c /tmp/baw.s /tmp/baw.m /tmp/baw.l /tmp/baw.w /tmp/baw.x*
mkfifo /tmp/baw.f
echo 16000 > $TR/buffer_size_kb
: > $TR/trace
EV='exceptions/page_fault_user exceptions/page_fault_kernel kmem/rss_stat sched/sched_process_exec'
for e in $EV; do
  echo 1 > $TR/events/$e/enable; done
M() { echo "run $1" > $TR/trace_marker; }
r() { label=$1; shift; M "$label"; "$@" > /dev/null 2>&1; echo "$label $?"; }
echo "--- part 1: applets and options"
r true /bin/true
r false /bin/false
r sleep sleep 0.1
r cat cat /proc/self/status
r echo /bin/echo x
r seq seq 1 5000
r head head -n 3 /proc/meminfo
r tail tail -n 3 /proc/meminfo
r wc wc -l /proc/meminfo
r grep grep -c a /proc/meminfo
r cut cut -c1-3 /proc/meminfo
r sort sort /proc/meminfo
r sed sed -n 1p /proc/meminfo
r awk awk 'END {print NR}' /proc/meminfo
r ls ls /
r ls-l ls -l /proc/self/
r ls-n ls -n /proc/self/
r ls-l-one ls -l /tmp/baw.one
r ls-ln-one ls -ln /tmp/baw.one
r ls-l-root ls -l /
r ls-1 ls -1 /proc/self/
r stat stat /
r mkdir mkdir /tmp/baw.d
r rmdir rmdir /tmp/baw.d
r cp cp /proc/meminfo /tmp/baw.c
r rm rm -f /tmp/baw.c
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
r xargs xargs echo < /tmp/baw.one
r md5sum md5sum /proc/meminfo
r sh-c sh -c ':'
r sh-c-echo sh -c 'echo x'
r sh-c-true sh -c 'true'
r sh-c-printf sh -c 'printf x'
echo "--- part 2: NOFORK applets and spawns of a program that is nowhere"
RES=
t() { label=$1; shift; M "$label"
  busybox time -o /tmp/baw.t -f '%R %M %x' "$@" > /dev/null 2>/tmp/baw.e < /tmp/baw.one
  local a b; read -r -d '' a < /tmp/baw.t; read -r -d '' b < /tmp/baw.e
  RES+="$label: ${a//$'\n'/ } | ${b//$'\n'/|}"$'\n'; }
t xargs-true xargs true
t xargs-echo xargs echo
t xargs-missing xargs no-such-program
t xargs-missing-path xargs /tmp/no-such-program
t find-true find /proc/self/status -exec true {} ';'
t find-echo find /proc/self/status -exec echo {} ';'
t find-missing find /proc/self/status -exec no-such-program {} ';'
t find-print find /proc/self/status
t time-missing no-such-program
t time-true true
echo "--- part 3: inputs"
for f in s m l w; do
  I=/tmp/baw.$f
  r cat-$f cat $I
  r catpipe-$f sh -c "cat $I | exec cat"
  r sort-$f sort $I
  r grep-$f grep -c a $I
  r grepout-$f grep a $I
  r awk-$f awk '{ n += length($0) } END { print n }' $I
  r sed-$f sed -n '$p' $I
  r sedout-$f sed s/a/b/ $I
  r tr-$f sh -c "exec tr a b < $I"
  r cut-$f cut -c1-3 $I
  r wc-$f wc -l $I
  r head-$f head -n 100000 $I
  r tail-$f tail -n 3 $I
  r uniq-$f uniq $I
  r md5sum-$f md5sum $I
done
echo "--- part 4: builtins, options, a line's length, cat's copy buffer"
r sh-test sh -c '[ 1 = 1 ]'
r sh-test2 sh -c 'test 1 = 1'
r test /bin/test 1 = 1
r sh-kill sh -c 'kill -0 $$'
r sh-basename sh -c 'basename x'
r dd dd if=/dev/zero of=/dev/null bs=1M count=4
r find-maxdepth find /tmp -maxdepth 0
r ls-nroot ls -n /
for k in 4 8 16 32; do
  I=/tmp/baw.x$k
  for a in grep sed uniq cut tail awk sort; do
    case $a in
      grep) r $a-x$k grep -c a $I ;; sed) r $a-x$k sed -n '$p' $I ;;
      cut) r $a-x$k cut -c1-3 $I ;; tail) r $a-x$k tail -n 1 $I ;;
      awk) r $a-x$k awk '{ n += length($0) } END { print n }' $I ;;
      *) r $a-x$k $a $I ;;
    esac
  done
done
# cat blocked in a read of a FIFO after 3 writes: its anonymous mappings (the copy buffer)
M cat-fifo
cat /tmp/baw.f > /dev/null & cp=$!
exec 9> /tmp/baw.f
printf 'abc\n' >&9; sleep 0.3; head -c 10000 /tmp/baw.l >&9; sleep 0.3
head -c 70000 /tmp/baw.l >&9; sleep 0.5
echo "cat-fifo maps:"; awk '$6 == "" { print }' /proc/$cp/maps
grep -E '^(Rss|VmRSS|RssAnon):' /proc/$cp/status | tr '\n' ' '; echo
exec 9>&-; wait $cp
for e in $EV; do
  echo 0 > $TR/events/$e/enable; done
printf %s "$RES"
echo "--- per task: label pid comm faults, text windows, sh rs anon, area written/read"
awk 'function hex(s,  i, n, c) { n = 0; s = tolower(s); sub(/^0x/, "", s)
       for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1))
         if (!c) break; n = n * 16 + c - 1 }
       return n }
  function pidof(s) { sub(/.*-/, "", s); return s }
  function vma(q) { return q < 1 ? 0 : q < 389 ? 1 : q < 475 ? 2 : q < 482 ? 3 : q < 485 ? 4 : 5 }
  BEGIN { lo[0] = 0; hi[0] = 0; lo[1] = 1; hi[1] = 388; lo[2] = 389; hi[2] = 474
          lo[3] = 475; hi[3] = 481; lo[4] = 482; hi[4] = 484 }
  /tracing_mark_write:/ { sub(/.*tracing_mark_write: run /, ""); label = $0; next }
  /sched_process_exec:/ { task = pidof($1)
    for (m = 1; m <= np[task]; m++) delete pg[task, pl[task, m]]
    for (m = 1; m <= nm[task]; m++) delete mp[task, ml[task, m]]
    np[task] = 0; nm[task] = 0; nf[task] = 0; top[task] = 0; delete an[task]; delete sm[task]
    if (!(task in lab)) order[++n] = task
    lab[task] = label; cm[task] = $1; next }
  /page_fault_(user|kernel):/ {
    task = pidof($1); a = ""; w = 0
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^address=/) a = substr($i, 9)
      if ($i ~ /^error_code=/) w = int(hex(substr($i, 12)) / 2) % 2 }
    if (a == "") next
    p = int(hex(a) / 4096)
    if (!(task in lab)) { order[++n] = task; lab[task] = label; cm[task] = $1 }
    k = task SUBSEP p
    if (!(k in pg)) { pg[k] = 0; np[task]++; pl[task, np[task]] = p }
    if (w) pg[k] = 1
    q = p - 1024; v = vma(q)
    if (!w && v < 5) {
      # fault-around: the window clipped to the VMA
      s0 = int(q / 16) * 16; if (s0 < lo[v]) s0 = lo[v]; e0 = int(q / 16) * 16 + 15
      if (e0 > hi[v]) e0 = hi[v]
      for (x = s0; x <= e0; x++) if (!((task, x) in mp)) { mp[task, x] = 1; nm[task]++; ml[task, nm[task]] = x } }
    if (p > top[task]) top[task] = p
    nf[task]++ }
  /rss_stat:/ { task = pidof($1); ty = ""; sz = 0
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^(type|member)=/) { ty = $i; sub(/^[a-z]*=/, "", ty) }
      if ($i ~ /^size=/) { sz = substr($i, 6); sub(/B$/, "", sz) } }
    v = sz / 4096
    if (!(task in lab)) { order[++n] = task; lab[task] = label; cm[task] = $1 }
    if (ty == "MM_ANONPAGES" || ty == "1") { if (!(task in an) || v > an[task]) an[task] = v }
    if (ty == "MM_SHMEMPAGES" || ty == "3") { if (!(task in sm) || v > sm[task]) sm[task] = v } }
  END { for (j = 1; j <= n; j++) { tk = order[j]
    split("", cw); split("", cr); split("", win); wl = ""; mapped = 0
    for (m = 1; m <= np[tk]; m++) { p = pl[tk, m]; wr = pg[tk SUBSEP p]; q = p - 1024
      if (q >= 0 && q < 389) { if (!wr) win[int(q / 16)] = 1; continue }
      if (q >= 389 && q < 475) continue
      ar = q < 485 ? "data" : q < 492 ? "bss" : p < 268435456 ? "heap" : \
           p >= top[tk] - 2048 ? "stack" : "mmap"
      if (wr) cw[ar]++; else cr[ar]++ }
    for (x = 0; x < 25; x++) if (x in win) wl = wl (wl == "" ? "" : ",") x
    for (m = 1; m <= nm[tk]; m++) { x = ml[tk, m]; if (!(pg[tk SUBSEP (x + 1024)])) mapped++ }
    s = lab[tk] " " tk " " cm[tk] " f=" nf[tk] " w=" wl " sh=" mapped
    if (tk in sm) s = s " rs=" sm[tk]
    if (tk in an) s = s " anon=" an[tk]
    split("data bss heap mmap stack", ars, " ")
    for (m = 1; m <= 5; m++) if ((ars[m] in cw) || (ars[m] in cr))
      s = s " " ars[m] "=" (cw[ars[m]] + 0) "/" (cr[ars[m]] + 0)
    print s } }' $TR/trace
echo "--- trace lines"
wc -l < $TR/trace
grep -c 'page_fault' $TR/trace
rm -f /tmp/baw.*
