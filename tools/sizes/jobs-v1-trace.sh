#!/bin/bash
# What keeps jobs-v1.sh's removed children counted in /proc/cgroups after the `rm` of
# the files that pinned them and the parent's rmdir (docs/fidelity.md, branch
# release28): tests/conformance/scripts/jobs-v1.sh with pod-kill-trace.sh's kprobes on
# the css chain's steps (css_release with a stack, css_release_work_fn, rcu_work_rcufn,
# css_free_rwork_fn, mem_cgroup_css_free, cgroup_rmdir), 6.1's grace periods
# (rcu_gp_init/rcu_gp_cleanup), the sched process events, and trace_marker lines
# around the reads.
# Printed: the script's output, then `CPU MS EVENT TASK-PID ARGS` (ms from the first
# event), stacks as `STACK f1<f2<...` lines.
#   memcgsim oracle tools/sizes/jobs-v1-trace.sh --kernel 5.10|6.1 --cgroup v1 --cpus 2|8
# then python3 tools/sizes/jobs_v1_chain.py on the output.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
M=/sys/fs/cgroup/memory
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 40000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null && return; echo "no probe: $1"; return 1; }
kp 'p:ckr css_killed_ref_fn ref=%di:x64 ss=-8(%di):x64 kn=+248(-16(%di)):x64 d=+8(%di):x64'
kp 'p:ckw css_killed_work_fn w=%di:x64 ss=-96(%di):x64 kn=+248(-104(%di)):x64'
kp 'p:crl css_release ref=%di:x64 ss=-8(%di):x64 kn=+248(-16(%di)):x64 d=+8(%di):x64'
kp 'p:crw css_release_work_fn w=%di:x64 ss=-96(%di):x64 kn=+248(-104(%di)):x64'
kp 'p:rwr rcu_work_rcufn r=%di:x64'
kp 'p:cfw css_free_rwork_fn w=%di:x64 ss=-128(%di):x64 kn=+248(-136(%di)):x64'
kp 'p:mof mem_cgroup_css_offline css=%di:x64'
kp 'p:mfr mem_cgroup_css_free css=%di:x64'
kp 'p:rmd cgroup_rmdir kn=%di:x64'
kp 'p:uli __mem_cgroup_uncharge_list'
kp 'p:gpi rcu_gp_init'
kp 'p:gpc rcu_gp_cleanup'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
echo 'stacktrace if ss != 0' > $T/events/kprobes/crl/trigger
for e in sched_process_fork sched_process_exec sched_process_exit; do echo 1 > $T/events/sched/$e/enable; done
mark() { echo "$*" > $T/trace_marker; }
echo 1 > $T/tracing_on
# ---- jobs-v1.sh, the reads after force_empty between marks
mkdir $M/jobs
echo "hier: $(cat $M/jobs/memory.use_hierarchy)"
for i in $(seq 1 12); do
    mkdir $M/jobs/j$i
    echo 32M > $M/jobs/j$i/memory.limit_in_bytes
    sh -c "echo \$\$ > $M/jobs/j$i/cgroup.procs; head -c 200000 /dev/urandom > /tmp/f$i; cat /tmp/f$i > /dev/null"
    echo "j$i: usage $(cat $M/jobs/j$i/memory.usage_in_bytes) max $(cat $M/jobs/j$i/memory.max_usage_in_bytes) cache $(awk '$1=="cache"{print $2}' $M/jobs/j$i/memory.stat) failcnt $(cat $M/jobs/j$i/memory.failcnt)"
    rmdir $M/jobs/j$i
done
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
echo "jobs: usage $(cat $M/jobs/memory.usage_in_bytes) kmem $(cat $M/jobs/memory.kmem.usage_in_bytes)"
grep -E '^(cache|rss|mapped_file|total_cache|total_rss|total_inactive_file|total_active_file) ' $M/jobs/memory.stat
echo 0 > $M/jobs/memory.force_empty; echo "force_empty: $?"
echo "jobs after: usage $(cat $M/jobs/memory.usage_in_bytes) kmem $(cat $M/jobs/memory.kmem.usage_in_bytes)"
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
mark "rm"
rm -f /tmp/f*
mark "rm done"
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
mark "read 1 done"
rmdir $M/jobs; echo "rmdir: $?"
mark "rmdir done"
awk '$1=="memory"{print "cgroups", $3}' /proc/cgroups
mark "read 2 done"
sleep 1
awk '$1=="memory"{print "1 s later: cgroups", $3}' /proc/cgroups
echo 0 > $T/tracing_on
echo "--- trace: CPU ms event task-pid args (ms from the first event)"
grep -av '^#' $T/trace | awk '
/^ *=> / { sub(/^ *=> /, ""); sub(/\+0x.*/, ""); st = st (st == "" ? "" : "<") $0; next }
{ if (st != "") { print "STACK " st; st = "" }
  if (!match($0, /\[[0-9]+\]/)) next
  cpu = substr($0, RSTART + 1, RLENGTH - 2) + 0
  task = substr($0, 1, RSTART - 1); gsub(/ /, "", task)
  rest = substr($0, RSTART + RLENGTH)
  n = split(rest, f, " "); ts = f[2]; sub(/:$/, "", ts)
  if (t0 == "") t0 = ts
  ev = f[3]; sub(/:$/, "", ev)
  args = ""; for (i = 4; i <= n; i++) if (f[i] !~ /^\(.*\+0x0\/0x[0-9a-f]+\)$/) args = args " " f[i]
  printf "%d %.3f %s %s%s\n", cpu, (ts - t0) * 1000, ev, task, args }
END { if (st != "") print "STACK " st }'
