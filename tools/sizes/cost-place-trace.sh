#!/bin/sh
# Prints cgroup-cost.sh (tests/conformance/scripts) with N children (default 300) wrapped
# in the sched tracepoints (session 32, branch place32; docs/fidelity.md item 169):
# where each of the script's commands ran (the shell's CPU at its fork, its exec and exit
# CPUs), where the shell woke, and how long the kernel's threads ran on each CPU in each
# part of the script (the mkdir loop, the readings between, the rmdir loop, the 3 s
# after). Read by tools/sizes/cost_place.py. Session 33 (place33, docs/fidelity.md item
# 172): every sched_migrate_task of the shell (mg lines: who moved it, from and to which
# CPU, whether it slept or waited to run, and what ran on its CPU then) and of its
# children (mc lines), and the kernel threads' runs on the shell's CPU.
#   sh tools/sizes/cost-place-trace.sh [N] > /tmp/t.sh
#   memcgsim oracle /tmp/t.sh --kernel 5.10|6.1 --cgroup v2 --cpus 64 --mem 4G
S="$(dirname "$0")/../../tests/conformance/scripts/cgroup-cost.sh"
cat <<PRE
#!/bin/bash
T=/sys/kernel/tracing; [ -d \$T/events ] || mount -t tracefs nodev \$T 2>&1
echo 2048 > \$T/buffer_size_kb
for e in sched_process_fork sched_process_exec sched_process_exit sched_switch sched_migrate_task; do
  echo 1 > \$T/events/sched/\$e/enable
done
echo 1 > \$T/events/workqueue/workqueue_execute_start/enable
echo 1 > \$T/events/workqueue/workqueue_execute_end/enable
echo "pid == \$\$" > \$T/events/sched/sched_wakeup/filter
echo 1 > \$T/events/sched/sched_wakeup/enable
mark() { local up; read -r up _ < /proc/uptime; echo "cpmark \$1" > \$T/trace_marker; echo "cpt \$1 \$up"; }
echo "cp: shell \$\$ on CPU \$(awk '{print \$39}' /proc/\$\$/stat)"
echo 1 > \$T/tracing_on
PRE
# the case script, N children, a mark before each part
grep -v '^#' "$S" | sed -e "s/^N=1000\$/N=${1:-300}/" \
  -e 's/^for ((i = 0; i < N; i++)); do mkdir/mark A; &/' \
  -e 's/^s1=/mark B; &/' \
  -e 's/^for ((i = 0; i < N; i++)); do rmdir/mark C; &/' \
  -e 's/^sleep 3$/mark D; &/' \
  -e 's/^s2=/mark E; &/'
cat <<'POST'
mark F; echo 0 > $T/tracing_on
grep -a 'entries-in-buffer\|lost' $T/trace | head -3 | sed 's/^/cp: /'
grep -av '^#' $T/trace > /tmp/cp.tr
# per shell child: cp PHASE PID COMM PARENTCPU EXECCPU EXITCPU; per phase and CPU the
# kernel threads' run time (ks PHASE CPU US RUNS) and the shell's wakeups (cw PHASE CPU);
# cpt PART SECONDS: the uptime at each part's start; kw PART CPU FUNCTION US RUNS: the
# work items run (workqueue_execute_start/end, the time between them)
awk -v sh=$$ 'BEGIN { ph = "-" }
function dec(s) { sub(/^0+/, "", s); return s + 0 }
function val(k,   a, b) { split($0, a, " " k "="); split(a[2], b, " "); return b[1] }
{ cpu = dec(substr($2, 2, length($2) - 2)); for (i = 3; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+:$/) break
  t = substr($i, 1, length($i) - 1) * 1e6; ev = $(i + 1); sub(/:$/, "", ev) }
ev == "tracing_mark_write" { ph = $NF; next }
ev == "sched_process_fork" { if (val("pid") + 0 != sh) next; c = val("child_pid") + 0
  par[c] = cpu; phase[c] = ph; order[++nk] = c; next }
ev == "sched_process_exec" { p = val("pid") + 0; if (p in par) { ex[p] = cpu; cm[p] = val("filename") }; next }
ev == "sched_process_exit" { p = val("pid") + 0; if (p in par) xc[p] = cpu; next }
ev == "sched_wakeup" { if (val("pid") + 0 == sh) { print "cw", ph, dec(val("target_cpu")); shst = "W" }; next }
ev == "sched_migrate_task" { p = val("pid") + 0; o = val("orig_cpu") + 0; d = val("dest_cpu") + 0
  if (p == sh) printf "mg %s %.0f %d %d %d %s %s %s %s\n", ph, t, cpu, o, d, shst, (o in cur) ? cur[o] : "-", (o in ws) ? wf[o] : "-", (d in cur) ? cur[d] : "-"
  else if (p in par) print "mc", ph, p, cpu, o, d
  next }
ev == "workqueue_execute_start" { wf[cpu] = $NF; ws[cpu] = t; next }
ev == "workqueue_execute_end" { if (cpu in ws) { wk[ph, cpu, wf[cpu]] += t - ws[cpu]; wn[ph, cpu, wf[cpu]]++; delete ws[cpu] }; next }
ev == "sched_switch" { pp = val("prev_pid") + 0; pc = val("prev_comm"); np = val("next_pid") + 0
  cur[cpu] = (np == sh) ? "SHELL" : (np in par) ? "CMD" : val("next_comm")
  if (pp == sh) shst = (val("prev_state") ~ /^R/) ? "R" : "S"
  if (np == sh) shst = "run"
  if ((cpu in st) && pp != 0 && pc ~ /^(kworker|ksoftirqd|rcu)/ && cpu == shcpu) { kh[ph] += t - st[cpu]; knh[ph]++ }
  if (np == sh) shcpu = cpu
  if ((cpu in st) && pp != 0 && !(pp in par) && pp != sh && pc ~ /^(kworker|ksoftirqd|rcu|migration|cpuhp|kcompactd|khugepaged|oom_reaper|kswapd|jbd2|writeback)/) {
    ks[ph, cpu] += t - st[cpu]; kn[ph, cpu]++; kp[ph] = 1 }
  st[cpu] = t; next }
END {
  for (j = 1; j <= nk; j++) { c = order[j]
    printf "cp %s %d %s %d %s %s\n", phase[c], c, (c in cm) ? cm[c] : "-", par[c], (c in ex) ? ex[c] : "-", (c in xc) ? xc[c] : "-" }
  for (k in ks) { split(k, a, SUBSEP); printf "ks %s %d %.0f %d\n", a[1], a[2], ks[k], kn[k] }
  for (k in kh) printf "kh %s %.0f %d\n", k, kh[k], knh[k]
  for (k in wk) { split(k, a, SUBSEP); printf "kw %s %d %s %.0f %d\n", a[1], a[2], a[3], wk[k], wn[k] } }' /tmp/cp.tr
POST
