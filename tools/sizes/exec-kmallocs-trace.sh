#!/bin/bash
# Written for memcgsim (session 29, slab29): the kmallocs an execve makes and frees
# again before it returns (the transient ones: TOMOYO's buffers, the ELF program
# headers, linux_binprm...), as SLUB sees them. The script's shell forks and execs
# busybox's `true` (its applet /bin/true) 4 times with the kmem:kmalloc,
# kmem:kmalloc_node and kmem:kfree tracepoints on for the shell and its children
# (set_event_pid with options/event-fork); printed: for the last exec, each kmalloc of
# the child from its fork's return to its exit in order (call site, bytes requested,
# bytes allocated, CPU) and whether and where the same pointer was freed before the
# child exited.
# Run: memcgsim oracle tools/sizes/exec-kmallocs-trace.sh --kernel K --cgroup v2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1 || { TR=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
echo "$(grep -c ^processor /proc/cpuinfo) CPUs, lsm: $(cat /sys/kernel/security/lsm 2>/dev/null || echo '?')"
echo 20000 > $TR/buffer_size_kb
echo 1 > $TR/options/event-fork
echo $$ > $TR/set_event_pid
for e in kmalloc kmalloc_node kfree; do echo 1 > $TR/events/kmem/$e/enable; done
echo 1 > $TR/events/sched/sched_process_exec/enable
echo 1 > $TR/events/sched/sched_process_fork/enable
echo 1 > $TR/events/sched/sched_process_exit/enable
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
echo 1 > $TR/tracing_on
for i in 1 2 3 4; do /bin/true; done
echo 0 > $TR/tracing_on
grep -av '^#' $TR/trace > /tmp/exec-kmallocs.txt
child=$(grep -a 'sched_process_fork:' /tmp/exec-kmallocs.txt | tail -1 | sed 's/.*child_pid=\([0-9]*\).*/\1/')
echo "--- the last child, pid $child: kmallocs in order; freed before its exit (F) or not (-)"
awk -v pid=$child '
{ split($1, a, "-"); p = a[length(a)] }
p != pid { next }
/ kmalloc(_node)?:/ {
  site = ""; ptr = ""; req = ""; al = ""
  for (i = 1; i <= NF; i++) {
    if ($i ~ /^call_site=/) site = substr($i, 11)
    if ($i ~ /^ptr=/) ptr = substr($i, 5)
    if ($i ~ /^bytes_req=/) req = substr($i, 11)
    if ($i ~ /^bytes_alloc=/) al = substr($i, 13)
  }
  sub(/\+0x.*/, "", site); n++; line[n] = sprintf("%s req %s alloc %s cpu %s", site, req, al, $2); at[ptr] = n; next
}
/ kfree:/ {
  for (i = 1; i <= NF; i++) { if ($i ~ /^call_site=/) fs = substr($i, 11); if ($i ~ /^ptr=/) ptr = substr($i, 5) }
  sub(/\+0x.*/, "", fs)
  if (ptr in at) { freed[at[ptr]] = fs " " $2; delete at[ptr] }
  next
}
/sched_process_(exec|exit)/ { n++; line[n] = "== " $0 }
END { for (i = 1; i <= n; i++) print line[i], (i in freed) ? "F " freed[i] : (line[i] ~ /^==/ ? "" : "-") }' /tmp/exec-kmallocs.txt | cut -c1-160
echo done
