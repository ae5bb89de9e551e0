#!/bin/bash
# Written for memcgsim (session 34, slab34; docs/fidelity.md item 200): the slab objects
# a read of a seq_file takes and gives back, call site by call site, as the lifecycle
# scripts' commands read /proc and cgroup files: for each command below (run 3 times,
# the last run printed), every kmem:kmalloc / kmem_cache_alloc of its task from its fork
# to its exit in order (call site, bytes requested and allocated, CPU) and whether and
# where the same pointer was freed before its exit (F SITE CPU; kfree or
# kmem_cache_free), with the exec and exit events. set_event_pid with event-fork.
# Run: memcgsim oracle tools/sizes/seq-read-trace.sh --kernel K --cgroup v2
TR=/sys/kernel/tracing; [ -d $TR/events ] || mount -t tracefs nodev $TR 2>&1 || { TR=/sys/kernel/debug/tracing; mount -t debugfs nodev /sys/kernel/debug; }
echo "$(grep -c ^processor /proc/cpuinfo) CPUs"
C=/sys/fs/cgroup; [ -e $C/cgroup.controllers ] || C=/sys/fs/cgroup/memory
echo 20000 > $TR/buffer_size_kb
echo 1 > $TR/options/event-fork
echo $$ > $TR/set_event_pid
for e in kmalloc kmalloc_node kfree kmem_cache_alloc kmem_cache_alloc_node kmem_cache_free; do
  [ -e $TR/events/kmem/$e ] && echo 1 > $TR/events/kmem/$e/enable; done
for e in sched_process_exec sched_process_fork sched_process_exit; do echo 1 > $TR/events/sched/$e/enable; done
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
run() {  # LABEL COMMAND...: three runs, the last one's child printed
  local i label=$1; shift
  for i in 1 2 3; do
    echo > $TR/trace
    echo 1 > $TR/tracing_on; "$@" > /dev/null; echo 0 > $TR/tracing_on
  done
  grep -av '^#' $TR/trace > /tmp/seq-read.txt
  child=$(grep -a 'sched_process_fork:' /tmp/seq-read.txt | tail -1 | sed 's/.*child_pid=\([0-9]*\).*/\1/')
  echo "--- $label (pid $child): allocations in order; freed before its exit (F) or not (-)"
  awk -v pid=$child '
  { split($1, a, "-"); p = a[length(a)] }
  p != pid { next }
  / (kmalloc|kmalloc_node|kmem_cache_alloc|kmem_cache_alloc_node):/ {
    site = ""; ptr = ""; req = ""; al = ""; ev = $4
    for (i = 1; i <= NF; i++) {
      if ($i ~ /^call_site=/) site = substr($i, 11)
      if ($i ~ /^ptr=/) ptr = substr($i, 5)
      if ($i ~ /^bytes_req=/) req = substr($i, 11)
      if ($i ~ /^bytes_alloc=/) al = substr($i, 13)
    }
    sub(/\+0x.*/, "", site); n++; line[n] = sprintf("%s %s req %s alloc %s cpu %s", ev, site, req, al, $2); at[ptr] = n; next
  }
  / (kfree|kmem_cache_free):/ {
    for (i = 1; i <= NF; i++) { if ($i ~ /^call_site=/) fs = substr($i, 11); if ($i ~ /^ptr=/) ptr = substr($i, 5) }
    sub(/\+0x.*/, "", fs)
    if (ptr in at) { freed[at[ptr]] = fs " " $2; delete at[ptr] }
    next
  }
  /sched_process_(exec|exit)/ { n++; line[n] = "== " $0 }
  END { for (i = 1; i <= n; i++) print line[i], (i in freed) ? "F " freed[i] : (line[i] ~ /^==/ ? "" : "-") }' /tmp/seq-read.txt | cut -c1-170
}
run "awk /proc/meminfo" awk '$1 == "Slab:" {print $2}' /proc/meminfo
run "awk /proc/cgroups" awk '$1 == "memory" {print $3}' /proc/cgroups
run "cat memory.stat" cat $C/memory.stat
run "cat /proc/self/stat" cat /proc/self/stat
run "subshell: read < /proc/meminfo" bash -c 'read -r x < /proc/meminfo'
run "subshell: echo > cgroup.procs" bash -c "echo \$\$ > $C/cgroup.procs"
echo done
