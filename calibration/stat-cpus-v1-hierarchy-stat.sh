#!/bin/bash
# tests/conformance/scripts/v1-hierarchy-stat.sh traced by tools/sizes/wake_trace.py
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo 40000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1" >&2; }
kp 'r:alloc mem_cgroup_css_alloc ret=$retval'
kp 'p:ms __mod_memcg_state memcg=%di idx=%si:s32 val=%dx:s32'
# the LRU items' updates (__mod_memcg_state is inlined there): the lruvec's memcg,
# mem_cgroup_per_node's last member (BTF: +712 on 5.10.262, +2552 on 6.1.192)
case $(uname -r) in 5.10.*) MO=712 ;; *) MO=2552 ;; esac
kp "p:ls __mod_memcg_lruvec_state memcg=+$MO(%di):x64 idx=%si:s32 val=%dx:s32"
kp 'p:ce __count_memcg_events memcg=%di idx=%si:s32 n=%dx:u64'
# where select_task_rq_fair places a task, run on the waker's (forker's) CPU: 6.1's
# wake list fires sched_wakeup on the target CPU, hiding the waker's. The task's pid
# (task_struct.pid: BTF, +2232 on 5.10.262, +2416 on 6.1.192); 5.10 passes sd_flag
# before wake_flags (v5.10 and v6.1 kernel/sched/fair.c select_task_rq_fair)
case $(uname -r) in
  5.10.*) kp 'p:sq select_task_rq_fair pid=+2232(%di):s32 prev=%si:s32 sd=%dx:x32 fl=%cx:x32' ;;
  *) kp 'p:sq select_task_rq_fair pid=+2416(%di):s32 prev=%si:s32 fl=%dx:x32' ;;
esac
kp 'r:sr select_task_rq_fair cpu=$retval:s32'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_fork sched_wakeup_new sched_wakeup sched_switch sched_migrate_task \
         sched_process_exec sched_process_exit; do
  echo 1 > $T/events/sched/$e/enable
done
exec 9> $T/trace_marker
echo() { builtin echo "$@"; [ "$BASHPID" = "$$" ] && builtin echo "$*" >&9; }
echo 1 > $T/tracing_on
builtin echo "start $(getconf _NPROCESSORS_ONLN) CPUs $(uname -r) shell $$" >&9
# ---- the script
# Written for memcgsim's conformance suite (session 9): a cgroup v1 memory hierarchy as
# an SRE would inspect it. memory.use_hierarchy (inherited from the parent at mkdir;
# 5.10 lets a childless group change it, 6.1 always reads 1 and refuses 0), what the
# parent's memory.usage_in_bytes and memory.stat total_* sum over its children, the
# local values of each group (cache, rss, shmem, mapped_file), memory.numa_stat, and
# /proc/cgroups' num_cgroups over mkdir -p and rmdir of nested groups.
cd /sys/fs/cgroup/memory
ncg() { awk '$1 == "memory" {print $3}' /proc/cgroups; }
echo "num_cgroups at start: $(ncg)"
echo "root use_hierarchy: $(cat memory.use_hierarchy)"
mkdir -p flat/a tree
echo "num_cgroups after mkdir -p flat/a tree: $(ncg)"
for d in flat flat/a tree; do echo "$d use_hierarchy: $(cat $d/memory.use_hierarchy)"; done
# flat has a child: its use_hierarchy cannot change; tree has none yet
for v in 0 1; do
  for d in flat tree; do
    if echo $v > $d/memory.use_hierarchy 2>/dev/null; then r=ok; else r=failed; fi
    echo "write $v to $d/memory.use_hierarchy: $r, reads $(cat $d/memory.use_hierarchy)"
  done
done
mkdir -p tree/b/c tree/d
echo "num_cgroups after mkdir -p tree/b/c tree/d: $(ncg)"
for d in tree/b tree/b/c tree/d; do echo "$d use_hierarchy: $(cat $d/memory.use_hierarchy)"; done
# workloads: a 2 MiB tmpfs file written in tree/b/c and in flat/a, 1 MiB in tree/d,
# a subshell holding a 4 MB string (anon) sleeping in tree/b
(echo $BASHPID > tree/b/c/cgroup.procs; dd if=/dev/zero of=/tmp/c.tmp bs=64k count=32 2>/dev/null)
(echo $BASHPID > flat/a/cgroup.procs; dd if=/dev/zero of=/tmp/a.tmp bs=64k count=32 2>/dev/null)
(echo $BASHPID > tree/d/cgroup.procs; dd if=/dev/zero of=/tmp/d.tmp bs=64k count=16 2>/dev/null)
(echo $BASHPID > tree/b/cgroup.procs; printf -v x '%*s' 4000000 ''; sleep 3600) &
sleep 2
for d in tree tree/b tree/b/c tree/d flat flat/a; do
  echo "== $d usage $(( $(cat $d/memory.usage_in_bytes) >> 20 ))M"
  grep -E '^(total_)?(cache|rss|shmem|mapped_file|unevictable) ' $d/memory.stat
done
echo "== tree numa_stat"
grep -E '^(hierarchical_)?(total|file|anon)=' tree/memory.numa_stat | cut -d' ' -f1
kill %1; wait
rm -f /tmp/c.tmp /tmp/a.tmp /tmp/d.tmp
sleep 1
echo "== after rm"
for d in tree tree/b/c flat/a; do
  echo "$d usage $(( $(cat $d/memory.usage_in_bytes) >> 20 ))M"
  grep -E '^(total_)?(cache|shmem) ' $d/memory.stat
done
rmdir tree/b/c 2>/dev/null; echo "num_cgroups after rmdir tree/b/c: $(ncg)"
rmdir tree 2>/dev/null || echo "rmdir tree: failed (children)"
rmdir tree/b tree/d tree flat/a flat
echo "num_cgroups at end: $(ncg)"
echo "hierarchy deprecation warnings: $(dmesg | grep -c "Non-hierarchical mode is deprecated")"

# ---- the trace
builtin echo 0 > $T/tracing_on
exec 9>&-
unset -f echo
echo "--- trace: CPU ms event task-pid args (ms from the first event)" >&2
grep -av '^#' $T/trace | awk -v names="flat a tree b c d" '
/<stack trace>/ { instack = 1; st = ""; ns = 0; next }
/^ *=> / { if (instack && $2 !~ /kprobe|ftrace|^0x/ && ns < 14) { st = st " <" $2; ns++ }; next }
instack { print "   stack" st; instack = 0 }
function nm(a,   k, o) { if (a !~ /^0x/) return a
  k = substr(a, 1, length(a) - 3); o = substr(a, length(a) - 2)
  if (!(k in name)) return a
  return (o == "000") ? name[k] : name[k] "." o }
function flush(   c) { for (c in cnt) print "count", step, c, cnt[c]; delete cnt }
BEGIN { nn = split(names, given, " ") }
{ if (!match($0, /\[[0-9]+\]/)) next
  cpu = substr($0, RSTART + 1, RLENGTH - 2) + 0
  task = substr($0, 1, RSTART - 1); gsub(/ /, "", task)
  rest = substr($0, RSTART + RLENGTH)
  n = split(rest, f, " "); ts = f[2]; sub(/:$/, "", ts)
  if (t0 == "") t0 = ts
  ev = f[3]; sub(/:$/, "", ev)
  if (ev == "tracing_mark_write") { flush(); m = substr(rest, index(rest, f[4])); step = m; sub(/:.*/, "", step); gsub(/ /, "_", step)
    printf "%d %.3f mark %s %s\n", cpu, (ts - t0) * 1000, task, m; next }
  if (ev == "alloc") { split(f[n], r, "="); nalloc++; name[substr(r[2], 1, length(r[2]) - 3)] = (nalloc <= nn ? given[nalloc] : "m" nalloc) }
  args = ""; for (i = 4; i <= n; i++) if (f[i] !~ /^\(.*\+0x0\/0x[0-9a-f]+\)$/) { split(f[i], kv, "="); args = args " " kv[1] "=" nm(kv[2]) }
  if (ev == "alloc") args = " ret=" name[substr(r[2], 1, length(r[2]) - 3)]
  printf "%d %.3f %s %s%s\n", cpu, (ts - t0) * 1000, ev, task, args }
END { if (instack) print "   stack" st; flush() }' >&2
