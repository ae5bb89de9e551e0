#!/bin/bash
# memcgsim calibration (session 41, branch userland41; docs/fidelity.md items 376 on):
# which pages of busybox's binary an applet maps, and what wait4 reports of it.
# Part 1: applets blocked (sleep, cat and head reading a FIFO, busybox sh's read
# builtin, busybox time waiting for a sleep): /proc/PID/pagemap of the binary's
# 0x400000-0x5e5000 (header, .text, .rodata, .data.rel.ro, .data: 485 pages), 16 pages
# (64 KiB: fault_around_bytes, windows aligned on the address) a group, `f` a file
# page, `a` an anon copy, `.` none; status' RssShmem/RssFile/RssAnon (the mm's
# counters) and smaps_rollup's Rss/Anonymous (the page table's).
# Part 2: each command under `busybox time -f '%M %R %F'` (wait4's ru_maxrss in kB x4,
# minflt, majflt) with the kmem:rss_stat tracepoint on (mm/memory.c add_mm_counter
# and sync_mm_rss: each counter's new size): per task, its largest MM_FILEPAGES,
# MM_ANONPAGES and MM_SHMEMPAGES (the mm's counters before exit_mmap zaps them:
# do_exit's sync_mm_rss counts the split cache first), in pages.
# Guest only (tracefs; writes /tmp):
#   memcgsim oracle calibration/busybox-applet-pages.sh --kernel K --cgroup v2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1
F=/tmp/bap.fifo
mkfifo $F
exec 3<>$F
pm() {
  od -An -v -tx8 -w8 -j $((0x400 * 8)) -N $((0x1e5 * 8)) /proc/$1/pagemap |
  awk '{c = substr($1, 1, 1); s = s (c ~ /[abef]/ ? "f" : c ~ /[89cd]/ ? "a" : ".")
        if (NR % 16 == 0) s = s " "} END {print s}'
}
show() {
  echo "== $1 ($(cat /proc/$2/comm))"
  echo "status: $(grep -E '^(VmHWM|VmRSS|RssAnon|RssFile|RssShmem):' /proc/$2/status | tr -s '\t\n ' '   ')"
  echo "rollup: $(grep -E '^(Rss|Anonymous):' /proc/$2/smaps_rollup | tr -s '\t\n ' '   ')"
  echo "pages: $(pm $2)"
}
echo "--- part 1: blocked"
sleep 100 & P1=$!
cat $F > /dev/null & P2=$!
head -n 1 $F > /dev/null & P3=$!
sh -c "read x < $F" & P4=$!
busybox time -o /tmp/bap.t -f '%M' sleep 100 & P5=$!
sleep 1
show sleep $P1; show cat $P2; show head $P3; show sh-read $P4; show time-parent $P5
C=$(cat /proc/$P5/task/$P5/children 2>/dev/null)
[ -n "$C" ] && show time-child $C
kill $P1 $P2 $C
echo x >&3; echo y >&3; echo z >&3
wait 2>/dev/null
echo "--- part 2: rusage and rss_stat"
echo 4000 > $TR/buffer_size_kb
: > $TR/trace
echo 1 > $TR/events/kmem/rss_stat/enable
L=
t() { label=$1; shift
  busybox time -o /tmp/bap.t -f '%M %R %F' "$@" > /dev/null 2>&1
  echo "$label: $(cat /tmp/bap.t | tr '\n' ' ')"; }
t true true
t true2 true
t false false
t sleep sleep 0.1
t cat cat /proc/self/status
t dd dd if=/dev/zero of=/dev/null bs=1M count=4
t echo /bin/echo x
t seq seq 1 5000
t head head -n 3 /proc/meminfo
t wc wc -l /proc/meminfo
t grep grep -c a /proc/meminfo
t tr sh -c 'exec tr a b < /proc/meminfo'
t cut cut -c1-3 /proc/meminfo
t sort sort /proc/meminfo
t sed sed -n 1p /proc/meminfo
t awk awk 'END {print NR}' /proc/meminfo
t ls ls /
t ls-l ls -l /proc/self/
t stat stat /
t mkdir mkdir /tmp/bap.d
t rmdir rmdir /tmp/bap.d
t cp cp /proc/meminfo /tmp/bap.c
t rm rm -f /tmp/bap.c
t basename basename /a/b
t expr expr 1 + 2
t printf printf x
t env env
t id id
t uname uname -a
t date date
t ps ps
t free free
t find find /proc/self -maxdepth 0
t kill kill -0 1
t sh-c sh -c ':'
t sh-c-echo sh -c 'echo x'
t sh-c-seq sh -c 'x=$(seq 1 5000)'
t sh-c-killed sh -c 'kill -9 $$'
t sh-c-missing sh -c 'no-such-program'
t sh-c-missing2 sh -c 'no-such-program; :'
t bash-c bash -c 'exit 3'
t missing no-such-program
t missing2 /tmp/no-such-program
echo 0 > $TR/events/kmem/rss_stat/enable
echo "--- rss_stat maxima per task (pages), in order"
awk '/rss_stat:/ {
  task = $1; for (i = 1; i <= NF; i++) {
    if ($i ~ /^type=/) ty = substr($i, 6)
    if ($i ~ /^member=/) ty = substr($i, 8)
    if ($i ~ /^size=/) { sz = substr($i, 6); sub(/B$/, "", sz) } }
  k = task " " ty; v = sz / 4096
  if (!(task in seen)) { seen[task] = 1; order[++n] = task }
  if (!(k in mx) || v > mx[k]) mx[k] = v; last[k] = v }
  END { for (j = 1; j <= n; j++) { tk = order[j]; s = tk
    split("MM_FILEPAGES MM_ANONPAGES MM_SWAPENTS MM_SHMEMPAGES 0 1 2 3", ts, " ")
    for (m = 1; m <= 8; m++) if ((tk " " ts[m]) in mx) s = s " " ts[m] "=" mx[tk " " ts[m]] "/" last[tk " " ts[m]]
    print s } }' $TR/trace
echo "--- trace lines"
wc -l < $TR/trace
rm -f $F /tmp/bap.t /tmp/bap.c
