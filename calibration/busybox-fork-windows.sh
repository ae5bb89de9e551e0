#!/bin/bash
# memcgsim calibration (session 44, branch userland44; docs/fidelity.md items 454 on): what
# a forked child of busybox sh or bash faults of its binary, by 64 KiB window (fork's
# copy_page_range copies no PTE of a VMA without an anon_vma: text and .rodata are faulted
# again from nothing, mm/memory.c; fault-around maps a window a read fault, do_fault_around),
# what the fork copied into the child's counters (kmem:rss_stat of the child's mm in its
# parent's context, curr=0), and its anonymous writes by area; the paths: a command
# substitution ($(seq) a NOEXEC applet, $(echo) a builtin, $(:)), a subshell, a NOEXEC applet
# forked, a fork then exec (its faults before the execve), a pipeline, `&`, a loop's three
# command substitutions; busybox sh killed by its own kill -9 against its exits (its exit
# path's faults); bash's the same. Then ls of directories of 0-1600 entries (its dnodes),
# sed s/a/b/, sed -n '$p', sed p and awk's print of lines of 4-64 KiB (their output
# buffers). Part 3 (session 45, userland45): bash's children by path, from a `bash -c`
# (a subshell, twice, with a builtin, a job, $(:), two forks and execs, an exec with a
# redirection, pipelines of an applet and of a builtin, a loop's substitutions) and from
# the script's own bash (the same paths: a script's bash reads its input buffered).
# The x86 tracepoints exceptions:page_fault_user and page_fault_kernel (address, error_code
# bit 1 X86_PF_WRITE), kmem:rss_stat, sched:sched_process_fork and sched_process_exec, a
# trace_marker line before each run; each task's faults from its fork (or from its exec:
# what it faulted before that is `pre`) classified by the VMAs of its binary read from
# /proc/PID/maps of a busybox and a bash (printed first): `tw` the text windows its read
# faults hit (window w: 0x400000 + w * 64 KiB; window 0 holds the header page's VMA too),
# `ro` the .rodata windows (same numbering), `hdr` header reads, `rr` .data.rel.ro reads,
# then written/read pages of data (.data.rel.ro and .data), bss, heap, mmap, stack; `rs0`
# the MM_SHMEMPAGES its mm held when first seen from another task (the fork's copy), `rs`
# and `anon` the largest MM_SHMEMPAGES and MM_ANONPAGES of its own (curr=1) events; `seq`
# its faults in order (T/R/H text/.rodata/header window, d/b/h/s/m data/bss/heap/stack/
# mmap, w written, r read).
# Guest only (tracefs; writes /tmp):
#   memcgsim oracle calibration/busybox-fork-windows.sh --kernel K --cgroup v2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1
[ -d $TR/events/exceptions/page_fault_user ] || echo "no page_fault_user event"
cat /proc/self/maps > /tmp/bfw.mbb
bash -c 'cat /proc/$$/maps > /tmp/bfw.mbash'
echo "--- busybox maps"; head -8 /tmp/bfw.mbb
echo "--- bash maps"; head -8 /tmp/bfw.mbash
for n in 0 10 50 100 200 400 800 1600; do mkdir /tmp/bfw.d$n; i=0
  while [ $i -lt $n ]; do : > /tmp/bfw.d$n/f$i; i=$((i + 1)); done; done
awk 'BEGIN { l = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
  for (k = 4; k <= 64; k *= 2) { f = "/tmp/bfw.x" k
    for (i = 0; i < k * 16; i++) printf "%s", l > f; print "" > f } }'
echo 16000 > $TR/buffer_size_kb
: > $TR/trace
EV='exceptions/page_fault_user exceptions/page_fault_kernel kmem/rss_stat sched/sched_process_exec sched/sched_process_fork'
for e in $EV; do
  echo 1 > $TR/events/$e/enable; done
M() { echo "run $1" > $TR/trace_marker; }
r() { label=$1; shift; M "$label"; "$@" > /dev/null 2>&1; echo "$label $?"; }
echo "--- part 1: forks"
r sh-c sh -c ':'
r sh-c-echo sh -c 'echo x'
r sh-exit3 sh -c 'exit 3'
r sh-seq sh -c 'x=$(seq 1 5000)'
r sh-comsub-echo sh -c 'x=$(echo a)'
r sh-comsub-colon sh -c 'x=$(:)'
r sh-sub sh -c '( : ); :'
r sh-sub-echo sh -c '( echo a ); :'
r sh-head sh -c 'head -n 0 /dev/null; :'
r sh-basename sh -c 'basename x; :'
r sh-seqfork sh -c 'seq 1 5000; :'
r sh-exec sh -c 'sleep 0; :'
r sh-pipe sh -c 'seq 1 3 | cat'
r sh-bg sh -c ': & wait'
r sh-loop sh -c 'i=0; while [ $i -lt 3 ]; do x=$(seq 1 10); i=$((i + 1)); done'
r sh-killed sh -c 'kill -9 $$'
r sh-kill0 sh -c 'kill -0 $$'
r sh-kill0-exit sh -c 'kill -0 $$; exit 0'
r bash-c bash -c ':'
r bash-seq bash -c 'x=$(seq 1 5000); exit 3'
r bash-comsub-echo bash -c 'x=$(echo a); :'
r bash-sub bash -c '( : ); :'
r bash-exec bash -c 'sleep 0; :'
r bash-killed bash -c 'kill -9 $$'
echo "--- part 2: ls by entries, output buffers by line length"
for n in 0 10 50 100 200 400 800 1600; do
  r ls-d$n ls /tmp/bfw.d$n
  r ls1-d$n ls -1 /tmp/bfw.d$n
  r lsl-d$n ls -l /tmp/bfw.d$n
done
for k in 4 8 16 32 64; do
  r sedout-x$k sed s/a/b/ /tmp/bfw.x$k
  r sedn-x$k sed -n '$p' /tmp/bfw.x$k
  r sedp-x$k sed p /tmp/bfw.x$k
  r awkout-x$k awk '{ print }' /tmp/bfw.x$k
  r tailout-x$k tail -c 100000 /tmp/bfw.x$k
done
echo "--- part 3: bash's children by path"
r bc-sub2 bash -c '( : ); ( : ); :'
r bc-sub-echo bash -c '( echo a ); :'
r bc-bg bash -c ': & wait'
r bc-colon bash -c 'x=$(:); :'
r bc-exec2 bash -c 'sleep 0; sleep 0; :'
r bc-exec-redir bash -c 'sleep 0 > /dev/null; :'
r bc-pipe bash -c 'seq 1 3 | cat; :'
r bc-pipe-b bash -c 'echo a | cat; :'
r bc-loop bash -c 'i=0; while [ $i -lt 3 ]; do x=$(echo a); i=$((i + 1)); done'
M sc-sub; ( : ); echo "sc-sub $?"
M sc-sub-redir; ( : ) > /dev/null; echo "sc-sub-redir $?"
M sc-colon; x=$(:); echo "sc-colon $?"
M sc-echo; x=$(echo a); echo "sc-echo $?"
M sc-exec; sleep 0; echo "sc-exec $?"
M sc-exec-redir; sleep 0 > /dev/null; echo "sc-exec-redir $?"
M sc-bg; : & wait $!; echo "sc-bg $?"
M sc-pipe; echo a | cat > /dev/null; echo "sc-pipe $?"
M sc-end
for e in $EV; do
  echo 0 > $TR/events/$e/enable; done
echo "--- per task: label pid comm bin, faults, windows, rss, areas written/read"
awk 'function hex(s,  i, n, c) { n = 0; s = tolower(s); sub(/^0x/, "", s)
       for (i = 1; i <= length(s); i++) { c = index("0123456789abcdef", substr(s, i, 1))
         if (!c) break; n = n * 16 + c - 1 }
       return n }
  function pidof(s) { sub(/.*-/, "", s); return s }
  function field(name,  i) { for (i = 1; i <= NF; i++) if (index($i, name "=") == 1)
      return substr($i, length(name) + 2)
    return "" }
  # the binary VMAs of each /proc/PID/maps (FILENAME: bb or bash)
  FNR == 1 { b = FILENAME ~ /mbash$/ ? "bash" : FILENAME ~ /mbb$/ ? "bb" : "" }
  b != "" { split($1, r, "-"); s = hex(r[1]); e = hex(r[2])
    if ($6 ~ /\/(busybox|bash)$/) {
      k = ++nv[b]; vs[b, k] = s; ve[b, k] = e
      vk[b, k] = $2 == "r-xp" ? "T" : $2 == "rw-p" ? "d" : ($3 == "00000000" ? "H" : \
        (k > 1 && vk[b, k - 1] == "T" ? "R" : "d")); last[b] = e }
    else if ($6 == "" && s == last[b]) { k = ++nv[b]; vs[b, k] = s; ve[b, k] = e; vk[b, k] = "b" }
    next }
  function area(bn, a,  k) { for (k = 1; k <= nv[bn]; k++) if (a >= vs[bn, k] && a < ve[bn, k]) return vk[bn, k]
    return a < 1099511627776 ? "h" : "x" }
  /tracing_mark_write:/ { sub(/.*tracing_mark_write: run /, ""); label = $0; next }
  function newtask(t, c, bn) { if (!(t in lab)) order[++n] = t
    lab[t] = label; cm[t] = c; bin[t] = bn; nf[t] = 0; sq[t] = ""; top[t] = 0
    delete an[t]; delete sm[t] }
  /sched_process_fork:/ { p = field("pid"); c = field("child_pid")
    bn = (p in bin) ? bin[p] : "bash"; newtask(c, field("child_comm"), bn); par[c] = p
    if (p in cps) rs0[c] = cps[p]; if (p in cpa) an0[c] = cpa[p]; delete cps[p]; delete cpa[p]
    next }
  /sched_process_exec:/ { t = pidof($1); f = field("filename")
    pre[t] = (t in nf) ? nf[t] : ""; prew[t] = ow[t]; presq[t] = sq[t]
    for (m = 1; m <= np[t]; m++) delete pg[t, pl[t, m]]
    np[t] = 0; ow[t] = ""; delete cps[t]; delete cpa[t]
    newtask(t, $1, f ~ /bash$/ ? "bash" : "bb"); exd[t] = 1; next }
  /page_fault_(user|kernel):/ { t = pidof($1); a = hex(field("address"))
    if (a >= 140737488355328) next
    w = int(hex(field("error_code")) / 2) % 2
    if (!(t in lab)) newtask(t, $1, "bash")
    p = int(a / 4096); ar = area(bin[t], a)     # x: stack or mmap, by the top fault
    k = t SUBSEP p
    if (!(k in pg)) { pg[k] = 0; np[t]++; pl[t, np[t]] = p }
    if (w) pg[k] = 1
    if (ar == "x" && p > top[t]) top[t] = p
    if (ar ~ /^[TRH]$/) { win = int((a - 4194304) / 65536); code = ar win
      if (!w && index(" " ow[t] " ", " " code " ") == 0) ow[t] = ow[t] " " code }
    else code = ar (w ? "w" : "r")
    sq[t] = sq[t] " " code; nf[t]++; next }
  /rss_stat:/ { t = pidof($1); ty = field("type"); if (ty == "") ty = field("member")
    sz = field("size"); sub(/B$/, "", sz); v = sz / 4096; cu = field("curr")
    if (cu == "1") {
      if (ty == "MM_ANONPAGES" || ty == "1") { if (!(t in an) || v > an[t]) an[t] = v }
      if (ty == "MM_SHMEMPAGES" || ty == "3") { if (!(t in sm) || v > sm[t]) sm[t] = v } }
    else {      # another mm: the copy_page_range of a fork (its event follows)
      if (ty == "MM_ANONPAGES" || ty == "1") cpa[t] = v
      if (ty == "MM_SHMEMPAGES" || ty == "3") cps[t] = v }
    next }
  END { for (j = 1; j <= n; j++) { t = order[j]
    split("", cw); split("", cr); split(ow[t], ws, " "); tws = ""; ros = ""; hd = 0
    for (m = 1; m in ws; m++) { c = substr(ws[m], 1, 1); x = substr(ws[m], 2)
      if (c == "T") tws = tws (tws == "" ? "" : ",") x
      else if (c == "R") ros = ros (ros == "" ? "" : ",") x; else hd++ }
    for (m = 1; m <= np[t]; m++) { p = pl[t, m]; a = p * 4096; ar = area(bin[t], a)
      if (ar ~ /^[TRH]$/ || ar == "") continue
      if (ar == "x") ar = p >= top[t] - 2048 ? "s" : "m"
      if (pg[t SUBSEP p]) cw[ar]++; else cr[ar]++ }
    s = lab[t] " " t " " cm[t] " " bin[t] (t in par ? " parent=" par[t] : "") " f=" nf[t]
    if (exd[t] && pre[t] != "") s = s " pre=" pre[t] " prew=" substr(prew[t], 2)
    s = s " tw=" tws " ro=" ros " hdr=" hd
    if (t in rs0) s = s " rs0=" rs0[t]
    if (t in an0) s = s " an0=" an0[t]
    if (t in sm) s = s " rs=" sm[t]
    if (t in an) s = s " anon=" an[t]
    split("d b h m s", ars, " "); split("data bss heap mmap stack", nm, " ")
    for (m = 1; m <= 5; m++) if ((ars[m] in cw) || (ars[m] in cr))
      s = s " " nm[m] "=" (cw[ars[m]] + 0) "/" (cr[ars[m]] + 0)
    print s
    if (exd[t] && presq[t] != "") print "  pre" presq[t]
    print "  seq" sq[t] } }' /tmp/bfw.mbb /tmp/bfw.mbash $TR/trace
echo "--- trace lines"
wc -l < $TR/trace
grep -c 'page_fault' $TR/trace
rm -rf /tmp/bfw.*
