#!/bin/bash
# The chain of grace periods and work items that takes a removed cgroup's csses from
# rmdir to kfree, against the shell's next commands (docs/fidelity.md item 68).
# cgroup2, three parts:
#  S: 3 empty cgroups made and removed, 3 cgroups a `sh -c` ran in (exec true);
#  J: tests/conformance/scripts/jbd2-checkpoint.sh's sets A and B, as there;
#  K: tests/conformance/scripts/v2-kmem_test-kill-child.sh, as there.
# Traced (kprobes; the css's pointer from each argument, its cgroup's kernfs node
# (cgroup->kn at +248) to match cgroup_rmdir's: a css's refcnt is at +16,
# destroy_work at +104, destroy_rwork at +136, its rcu_head at +168 (pahole, same in
# both kernels); the ss pointer at css+8, NULL for a cgroup's self css):
# percpu_ref_kill_and_confirm (kill_css, and percpu_ref_kill of an objcg),
# percpu_ref_switch_to_atomic_rcu (the kill's grace period over: data->ref),
# css_killed_ref_fn, css_killed_work_fn, css_release (refcount zero),
# (with the percpu_ref_data pointer, ref+8, whose rcu_head at +32 the kill queues)
# css_release_work_fn, rcu_work_rcufn (queue_rcu_work's grace period over),
# css_free_rwork_fn, mem_cgroup_css_offline/_released/_free, obj_cgroup_release,
# cgroup_rmdir, call_rcu of percpu_ref_switch_to_atomic_rcu and rcu_work_rcufn (a
# filter on the callback's address), release_task and sched_process_exit, the grace-period kthread's switches and
# (6.1) rcu_gp_init/rcu_gp_cleanup; a trace_marker per step of the scripts.
# Printed: the scripts' own output, then `CPU MS EVENT TASK-PID ARGS`.
#   memcgsim oracle tools/sizes/css-chain-trace.sh --kernel K --cgroup v2
# then python3 tools/sizes/css_chains.py on the output.
T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
R=/sys/fs/cgroup
echo "$(getconf _NPROCESSORS_ONLN) CPUs, $(uname -r)"
echo 40000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null && return; echo "no probe: $1"; return 1; }
D=/sys/kernel/debug; [ -e $D/kprobes ] || mount -t debugfs nodev $D 2>/dev/null
echo "blacklisted: $(grep -E 'percpu_ref|css_|rcu_work' $D/kprobes/blacklist 2>&1 | tr '\n' ';')"
kp 'p:kil percpu_ref_kill_and_confirm ref=%di:x64 ss=-8(%di):x64' || kp 'p:kil percpu_ref_kill_and_confirm'
kp 'p:atm percpu_ref_switch_to_atomic_rcu head=%di:x64 ref=+16(%di):x64'
kp 'p:ckr css_killed_ref_fn ref=%di:x64 ss=-8(%di):x64 kn=+248(-16(%di)):x64 d=+8(%di):x64'
kp 'p:ckw css_killed_work_fn w=%di:x64 ss=-96(%di):x64 kn=+248(-104(%di)):x64'
kp 'p:crl css_release ref=%di:x64 ss=-8(%di):x64 kn=+248(-16(%di)):x64 d=+8(%di):x64'
kp 'p:crw css_release_work_fn w=%di:x64 ss=-96(%di):x64 kn=+248(-104(%di)):x64'
kp 'p:rwr rcu_work_rcufn r=%di:x64'
kp 'p:cfw css_free_rwork_fn w=%di:x64 ss=-128(%di):x64 kn=+248(-136(%di)):x64'
kp 'p:mof mem_cgroup_css_offline css=%di:x64'
kp 'p:mrl mem_cgroup_css_released css=%di:x64'
kp 'p:mfr mem_cgroup_css_free css=%di:x64'
kp 'p:ocr obj_cgroup_release ref=%di:x64'
kp 'p:rmd cgroup_rmdir kn=%di:x64'
# call_rcu of the two callbacks the chain queues (the kill's switch, queue_rcu_work)
ks() { awk -v n=$1 '$3 == n {print "0x" $1; exit}' /proc/kallsyms; }
echo "symbols: $(grep -wE 'percpu_ref_kill_and_confirm|percpu_ref_switch_to_atomic_rcu|percpu_ref_call_confirm_rcu|rcu_work_rcufn|call_rcu|kill_css|css_killed_ref_fn|obj_cgroup_release' /proc/kallsyms | awk '{print $2, $3}' | tr '\n' ';')"
kp 'p:qrc call_rcu head=%di:x64 func=%si:x64'
f=""; for n in percpu_ref_switch_to_atomic_rcu rcu_work_rcufn; do a=$(ks $n); [ -n "$a" ] && f="$f${f:+ || }func == $a"; done
[ -n "$f" ] && echo "$f" > $T/events/kprobes/qrc/filter
kp 'p:rel release_task'
kp 'p:gpi rcu_gp_init'
kp 'p:gpc rcu_gp_cleanup'
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
grep -q none $T/events/kprobes/qrc/filter && echo 0 > $T/events/kprobes/qrc/enable
for e in sched_process_exit sched_switch; do echo 1 > $T/events/sched/$e/enable; done
echo 'prev_comm ~ "rcu_*" || next_comm ~ "rcu_*"' > $T/events/sched/sched_switch/filter
mark() { echo "$*" > $T/trace_marker; }
echo +memory > $R/cgroup.subtree_control
echo 1 > $T/tracing_on
# ---- S
for i in 1 2 3; do
  mark "S empty $i mkdir"; mkdir $R/e$i; mark "S empty $i rmdir"; rmdir $R/e$i
done
for i in 1 2 3; do
  mark "S ran $i mkdir"; mkdir $R/r$i
  sh -c "echo \$\$ > $R/r$i/cgroup.procs; exec true"
  mark "S ran $i rmdir"; rmdir $R/r$i; mark "S ran $i rmdir done"
done
sleep 0.5
# ---- J (jbd2-checkpoint.sh, sets A and B)
W=$PWD
dy() { awk '$1=="nr_dying_descendants" {print $2}' $R/$1/cgroup.stat; }
all() { echo "$1: A $(dy A) B $(dy B)"; mark "J $1: A $(dy A) B $(dy B)"; }
n=0
drop() {
  n=$((n + 1))
  for c in 0 1; do taskset -c $c cat $(for d in $(seq 20); do echo $W/L$d/n$n.$c; done) 2>/dev/null; done
  mark "J drop $1"
  echo $1 > /proc/sys/vm/drop_caches
}
job() {
  mark "J job $1$2 mkdir"
  mkdir $R/$1/j$2
  ( echo $BASHPID > $R/$1/j$2/cgroup.procs
    for ((f = 0; f < 16; f++)); do : > $W/$1$2/f$f; done )
  mark "J job $1$2 rmdir"
  rmdir $R/$1/j$2
}
for d in $(seq 20); do mkdir $W/L$d; done
for s in A B; do
  mkdir $R/$s; echo +memory > $R/$s/cgroup.subtree_control
  for i in 1 2 3 4; do mkdir $W/$s$i; done
done
for i in 1 2 3 4; do job A $i; done
all "A made"
drop 1; all "A drop 1"
sync; drop 1; all "A sync, drop 1"
drop 2; drop 1; all "A drop 2, drop 1"
for i in 1 2 3 4; do job B $i; done
sync; : > $W/x; sleep 7; drop 1; all "B sync, commit, drop 1"
rmdir $R/A $R/B
sleep 0.5
# ---- K (v2-kmem_test-kill-child.sh)
cd $R
mark "K start"
bash -c '
T=/sys/kernel/tracing
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
echo "K kill" > $T/trace_marker
kill $P
wait 2>/dev/null
sleep 5
echo "child, after kill + sleep 5:"
grep nr_dying_descendants cgroup.stat
echo "K child exits: $(grep nr_dying_descendants cgroup.stat)" > $T/trace_marker
'
echo "the child bash exited:"
grep nr_dying_descendants cgroup.stat
mark "K the child bash exited: $(grep nr_dying_descendants cgroup.stat)"
sleep 5
echo "5 s later:"
grep memory /proc/cgroups
grep nr_dying_descendants cgroup.stat
mark "K 5 s later"
echo 0 > $T/tracing_on
echo "--- trace: CPU ms event task-pid args (ms from the first event)"
grep -av '^#' $T/trace | awk '
{ if (!match($0, /\[[0-9]+\]/)) next
  cpu = substr($0, RSTART + 1, RLENGTH - 2) + 0
  task = substr($0, 1, RSTART - 1); gsub(/ /, "", task)
  rest = substr($0, RSTART + RLENGTH)
  n = split(rest, f, " "); ts = f[2]; sub(/:$/, "", ts)
  if (t0 == "") t0 = ts
  ev = f[3]; sub(/:$/, "", ev)
  args = ""; for (i = 4; i <= n; i++) if (f[i] !~ /^\(.*\+0x0\/0x[0-9a-f]+\)$/) args = args " " f[i]
  printf "%d %.3f %s %s%s\n", cpu, (ts - t0) * 1000, ev, task, args }'
