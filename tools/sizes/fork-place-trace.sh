#!/bin/bash
# Where a shell's forked children first run and where they move (session 30, branch
# fork30; docs/fidelity.md item 131), at 4, 16 and 32 CPUs: the guest's topology and
# sched domains (names, flags, spans: what select_task_rq_fair's SD_BALANCE_FORK walk
# and select_idle_sibling's LLC see), then four fork-heavy loops, each marked in the
# trace: A N mkdirs (cgroup-cost.sh's loop), B N `sh -c` children that join a cgroup
# and exit, C N rounds of mkdir / echo $$ > cgroup.procs / back to the root / rmdir,
# D the N rmdirs of A. Events: sched_process_fork (the parent's CPU),
# sched_wakeup_new (target_cpu), sched_migrate_task, sched_process_exec,
# sched_process_exit, sched_wakeup (the shell's), sched_switch (which CPUs run a task
# at each fork: the busy mask). Printed: per child `fp PHASE PID PARENTCPU TARGET
# EXECCPU EXITCPU NMIG BUSYMASK GAPUS` (GAPUS: µs since the previous child of the
# phase exited), per phase the CPUs used, and the first 200 events.
#   memcgsim oracle tools/sizes/fork-place-trace.sh --kernel 5.10|6.1 --cgroup v2 --cpus 4|16|32
N=${N:-150}
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
NC=$(getconf _NPROCESSORS_ONLN); L=$((NC - 1))
echo "fp: $NC CPUs, $(uname -r), shell pid $$ on CPU $(awk '{print $39}' /proc/$$/stat), N $N"
grep -m3 -E '^(vendor_id|cpu family|model name)' /proc/cpuinfo | sed 's/^/fp: /'
for c in 0 $L; do
  d=/sys/devices/system/cpu/cpu$c
  echo "fp: cpu$c package $(cat $d/topology/physical_package_id) die $(cat $d/topology/die_id 2>/dev/null)" \
       "core_siblings $(cat $d/topology/core_siblings_list) thread_siblings $(cat $d/topology/thread_siblings_list)"
  for x in $d/cache/index*; do echo "fp: cpu$c cache L$(cat $x/level) $(cat $x/type) shared $(cat $x/shared_cpu_list)"; done
done
awk '/^cpu0 /{p=1; next} /^cpu/{p=0} p && /^domain/ {print "fp: schedstat cpu0", $1, $2}' /proc/schedstat
awk -v l=cpu$L '$1 == l {p=1; next} /^cpu/{p=0} p && /^domain/ {print "fp: schedstat", l, $1, $2}' /proc/schedstat
if [ -d /proc/sys/kernel/sched_domain/cpu0 ]; then
  for x in /proc/sys/kernel/sched_domain/cpu0/domain*; do
    echo "fp: sd $(basename $x) $(cat $x/name) flags $(cat $x/flags) imbalance_pct $(cat $x/imbalance_pct 2>/dev/null)"
  done
else
  mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
  for x in /sys/kernel/debug/sched/domains/cpu0/domain*; do
    echo "fp: sd $(basename $x) $(cat $x/name) flags $(cat $x/flags) imbalance_pct $(cat $x/imbalance_pct 2>/dev/null)"
  done
fi
R=/sys/fs/cgroup
grep -qw memory $R/cgroup.subtree_control || echo +memory > $R/cgroup.subtree_control
P=$R/fp_parent; mkdir $P; echo +memory > $P/cgroup.subtree_control
echo $((4000 * 8 / NC + 500)) > $T/buffer_size_kb
for e in sched_process_fork sched_wakeup_new sched_migrate_task sched_process_exec \
         sched_process_exit sched_switch; do
  echo 1 > $T/events/sched/$e/enable
done
echo "pid == $$" > $T/events/sched/sched_wakeup/filter
echo 1 > $T/events/sched/sched_wakeup/enable
sync; echo 3 > /proc/sys/vm/drop_caches; sleep 1
SD=/proc/sched_debug; [ -r $SD ] || SD=/sys/kernel/debug/sched/debug
# each CPU's root cfs_rq: util_avg and removed.util_avg (bash builtins only: no fork)
su() { local l c= u= out="fp: util $1"
  while read -r l; do
    case $l in
      cfs_rq\[*\]:/) c=${l#cfs_rq[}; c=${c%%]*} ;;
      cfs_rq*) c= ;;
      .util_avg*) [ -n "$c" ] && u=${l##* } ;;
      .removed.util_avg*) [ -n "$c" ] && out="$out $c:$u/${l##* }" && c= ;;
    esac
  done < $SD
  echo "$out"; }
su start
echo 1 > $T/tracing_on
echo "fpmark A" > $T/trace_marker
for ((i = 0; i < N; i++)); do mkdir $P/c$i; done
su B; echo "fpmark B" > $T/trace_marker
for ((i = 0; i < N; i++)); do sh -c "echo \$\$ > $P/c$i/cgroup.procs; :"; done
su C; echo "fpmark C" > $T/trace_marker
for ((i = 0; i < N; i++)); do
  mkdir $P/d$i; echo $$ > $P/d$i/cgroup.procs; echo $$ > $R/cgroup.procs; rmdir $P/d$i
done
su D; echo "fpmark D" > $T/trace_marker
for ((i = 0; i < N; i++)); do rmdir $P/c$i; done
echo "fpmark E" > $T/trace_marker; su E
echo 0 > $T/tracing_on
grep -a 'entries-in-buffer\|lost' $T/trace | head -3 | sed 's/^/fp: /'
grep -av '^#' $T/trace > /tmp/fp.tr
awk -v sh=$$ -v nc=$NC 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8

function cpuof() { return dec(substr($2, 2, length($2) - 2)) }
function val(k,   a, b) { split($0, a, " " k "="); split(a[2], b, " "); return b[1] }
{ cpu = cpuof(); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
  t = substr($i, 1, length($i) - 1) * 1e6; ev = $(i + 1); sub(/:$/, "", ev) }
ev == "tracing_mark_write" { ph = $NF; next }
ev == "sched_switch" { n = val("next_pid") + 0; cur[cpu] = n; next }
ev == "sched_process_fork" { c = val("child_pid") + 0; if (val("pid") + 0 != sh) next
  par[c] = cpu; phase[c] = ph; order[++nk] = c; gap[c] = (lastexit[ph] == "") ? -1 : t - lastexit[ph]; next }
ev == "sched_wakeup_new" { p = val("pid") + 0; if (!(p in par)) next; tg[p] = dec(val("target_cpu"))
  m = ""; for (k = nc - 1; k >= 0; k--) m = m ((k in cur && cur[k] != 0) ? "1" : "0"); busy[p] = m; next }
ev == "sched_migrate_task" { p = val("pid") + 0; if (p in par) { nmig[p]++; if (!(p in ex)) pre[p]++ }
  if (p == sh) shmig++; next }
ev == "sched_process_exec" { p = val("pid") + 0; if (p in par) ex[p] = cpu; next }
ev == "sched_process_exit" { p = val("pid") + 0; if (p in par) { xc[p] = cpu; lastexit[phase[p]] = t }; next }
ev == "sched_wakeup" { if (val("pid") + 0 == sh) { w = dec(val("target_cpu")); if (lw != "" && w != lw) wmov[ph]++; lw = w; nw[ph]++ }; next }
END {
  for (j = 1; j <= nk; j++) { c = order[j]; f = phase[c]
    printf "fp %s %d %d %s %s %s %d %s %d\n", f, c, par[c], (c in tg) ? tg[c] : "-", (c in ex) ? ex[c] : "-", (c in xc) ? xc[c] : "-", nmig[c] + 0, busy[c], gap[c]
    n[f]++; u[f, tg[c]]++; if (tg[c] == par[c]) same[f]++; if ((c in ex) && ex[c] != tg[c]) moved[f]++
    if (!((f, tg[c]) in seen)) { seen[f, tg[c]] = 1; nu[f]++ } }
  for (f in n) { printf "fpsum %s forks %d on-parent-cpu %d exec-elsewhere %d distinct-cpus %d shell-wakeups %d moved %d targets:", f, n[f], same[f] + 0, moved[f] + 0, nu[f], nw[f] + 0, wmov[f] + 0
    for (k = 0; k < nc; k++) if ((f, k) in u) printf " %d:%d", k, u[f, k]; print "" }
  print "fpsum shell migrations", shmig + 0 }' /tmp/fp.tr
echo "fp: --- trace: CPU usecs event task-pid args"
awk 'function dec(s) { sub(/^0+/, "", s); return s + 0 }  # busybox awk: "010" + 0 is octal 8
{ cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
  t = substr($i, 1, length($i) - 1) * 1e6; if (t0 == "") t0 = t; ev = $(i + 1); sub(/:$/, "", ev)
  args = ""; for (j = i + 2; j <= NF; j++) if ($j !~ /^(prev_prio|next_prio|prio)=/ && $j != "==>") args = args " " $j
  printf "ft %d %.0f %s %s%s\n", cpu, t - t0, ev, $1, args }' /tmp/fp.tr
rmdir $P
