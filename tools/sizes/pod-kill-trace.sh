#!/bin/bash
# What takes a removed pod's cgroups from their last page to nr_dying_descendants'
# decrement (docs/fidelity.md item 102): the lead's pod-kill.sh
# (tests/conformance/scripts/pod-kill.sh) with css-chain-trace.sh's kprobes on every
# step of the css chains, a stack trace at each memory css's css_release (who put
# the last reference), the cgroup-writeback release (cgwb_release: the wb's
# percpu_ref at zero, cgwb_release_workfn, wb_workfn, 6.1's
# cleanup_offline_cgwbs_workfn and inode_switch_wbs_work_fn), the shell's forks and
# execs, and a trace_marker before and after each of the script's reads.
# Printed: the script's output, then `CPU MS EVENT TASK-PID ARGS` (ms from the first
# event), stacks as `STACK f1<f2<...` lines.
#   memcgsim oracle tools/sizes/pod-kill-trace.sh --kernel 5.10|6.1 --cgroup v2 --cpus 4|2
# then python3 tools/sizes/pod_kill_chain.py on the output.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
C=/sys/fs/cgroup
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
kp 'p:cwr cgwb_release ref=%di:x64'
kp 'p:cwf cgwb_release_workfn w=%di:x64'
kp 'p:wbw wb_workfn w=%di:x64'
kp 'p:coc cleanup_offline_cgwbs_workfn'
kp 'p:isw inode_switch_wbs_work_fn'
kp 'p:uli __mem_cgroup_uncharge_list'
kp 'p:gpi rcu_gp_init'
kp 'p:gpc rcu_gp_cleanup'
kp 'p:dcs drop_caches_sysctl_handler'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
echo 'stacktrace if ss != 0' > $T/events/kprobes/crl/trigger
echo 'stacktrace' > $T/events/kprobes/cwr/trigger
for e in sched_process_fork sched_process_exec sched_process_exit; do echo 1 > $T/events/sched/$e/enable; done
mark() { echo "$*" > $T/trace_marker; }
echo 1 > $T/tracing_on
# ---- pod-kill.sh, each read between marks
echo +memory > $C/cgroup.subtree_control
mkdir -p $C/kube/pod1
echo +memory > $C/kube/cgroup.subtree_control
echo 64M > $C/kube/memory.max
echo +memory > $C/kube/pod1/cgroup.subtree_control 2>/dev/null; echo "subtree: $?"
for c in a b c; do
    mkdir $C/kube/pod1/$c
    echo 16M > $C/kube/pod1/$c/memory.max
    ( echo $BASHPID > $C/kube/pod1/$c/cgroup.procs
      dd if=/dev/zero of=f$c bs=64k count=16 2>/dev/null
      sleep 100 & sleep 100 & wait ) &
done
sleep 1
for c in a b c; do
    echo "$c: procs $(wc -l < $C/kube/pod1/$c/cgroup.procs) current $(cat $C/kube/pod1/$c/memory.current) file $(awk '$1=="file"{print $2}' $C/kube/pod1/$c/memory.stat)"
done
if [ -e $C/kube/pod1/a/cgroup.kill ]; then echo 1 > $C/kube/pod1/cgroup.kill; echo "kill: $?"
else for c in a b c; do for p in $(cat $C/kube/pod1/$c/cgroup.procs); do kill -9 $p; done; done; echo "kill: 0"; fi
wait
sleep 1
for c in a b c; do echo "$c after: procs $(wc -l < $C/kube/pod1/$c/cgroup.procs) populated $(grep populated $C/kube/pod1/$c/cgroup.events)"; done
mark "rmdir a b c pod1"
rmdir $C/kube/pod1/a $C/kube/pod1/b $C/kube/pod1/c $C/kube/pod1; echo "rmdir: $?"
echo "kube: $(grep dying $C/kube/cgroup.stat) current $(cat $C/kube/memory.current)"
mark "rm"
rm -f fa fb fc
mark "rm done"
echo "after rm: $(grep dying $C/kube/cgroup.stat) current $(cat $C/kube/memory.current)"
mark "after rm read"
echo 3 > /proc/sys/vm/drop_caches
mark "drop done"
sleep 2
echo "after drop: $(grep dying $C/kube/cgroup.stat) current $(cat $C/kube/memory.current)"
mark "after drop read"
sleep 1
echo "3 s after the drop: $(grep dying $C/kube/cgroup.stat)"
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
