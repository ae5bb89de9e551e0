#!/bin/bash
# The css chains' waits after v2-kmem_test-kill-child's child bash exits (session 34,
# stock34: docs/fidelity.md item 216): tests/conformance/scripts/v2-kmem_test-kill-child.sh
# with jobs-v1-trace.sh's css-chain and grace-period probes (css_release,
# css_release_work_fn, rcu_work_rcufn, css_free_rwork_fn, mem_cgroup_css_free,
# rcu_gp_init, rcu_gp_cleanup), the sched process events and marks around the reads.
#   memcgsim oracle tools/sizes/kill-child-chain-trace.sh --kernel 6.1 --cgroup v2
# then python3 tools/sizes/rcu_work_waits.py on the output.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 40000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null && return; echo "no probe: $1"; return 1; }
kp 'p:crl css_release ref=%di:x64 ss=-8(%di):x64 kn=+248(-16(%di)):x64 d=+8(%di):x64'
kp 'p:crw css_release_work_fn w=%di:x64 ss=-96(%di):x64 kn=+248(-104(%di)):x64'
kp 'p:rwr rcu_work_rcufn r=%di:x64'
kp 'p:cfw css_free_rwork_fn w=%di:x64 ss=-128(%di):x64 kn=+248(-136(%di)):x64'
kp 'p:mfr mem_cgroup_css_free css=%di:x64'
kp 'p:gpi rcu_gp_init'
kp 'p:gpc rcu_gp_cleanup'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_fork sched_process_exec sched_process_exit; do echo 1 > $T/events/sched/$e/enable; done
mark() { echo "$*" > $T/trace_marker; }
echo 1 > $T/tracing_on
cd /sys/fs/cgroup
echo +memory > cgroup.subtree_control
bash -c '
P=
for i in {1..500}
do
mkdir kmem_test
echo $$ > kmem_test/cgroup.procs
sleep 3600 &
P="$P $!"
echo $$ > cgroup.procs
echo `cat kmem_test/cgroup.procs` > cgroup.procs
rmdir kmem_test
done
echo "child, after the loop:"
grep nr_dying_descendants cgroup.stat
kill $P
wait 2>/dev/null
sleep 5
echo "child, after kill + sleep 5:"
grep nr_dying_descendants cgroup.stat
'
mark "child exited"
echo "the child bash exited:"
grep nr_dying_descendants cgroup.stat
mark "read done"
sleep 5
echo "5 s later:"
grep memory /proc/cgroups
grep nr_dying_descendants cgroup.stat
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
