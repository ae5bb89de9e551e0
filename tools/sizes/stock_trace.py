"""A script traced for the per-CPU memcg_stocks (docs/fidelity.md item 69): writes to
standard output SCRIPT with kprobes set up before it and the trace printed after it,
for `memcgsim oracle` on either kernel (cgroup v1 or v2):

    python3 tools/sizes/stock_trace.py SCRIPT [NAME...] > /tmp/traced.sh
    memcgsim oracle /tmp/traced.sh --kernel 6.1 --cpus 4

kprobes on try_charge (5.10) / try_charge_memcg (6.1) (memcg, nr_pages),
page_counter_try_charge / page_counter_uncharge (counter, nr: a batch charged, a
stock drained, a cancel), refill_stock (memcg, nr), drain_stock (the stock's cached
memcg and nr_pages: ``struct memcg_stock_pcp`` starts with them on both kernels),
drain_local_stock, try_to_free_mem_cgroup_pages, mem_cgroup_css_alloc's return (the
memcgs in the order they are made get the NAMEs given, else m1, m2...), the sched
fork/exit/migrate events of the script's shells. Each line the top-level shell
echoes is also a trace marker (``echo`` wrapped: only where ``$BASHPID`` is ``$$``,
through one descriptor opened once, so that no job opens a file more). Events print
as `CPU MS EVENT TASK-PID ARGS`, memcgs by name (a counter as NAME.OFFSET, its offset
in ``struct mem_cgroup``), every one (tools/sizes/stock_replay.py rebuilds each CPU's
stock from them at each marker; tools/sizes/model_stock_trace.py prints the model's).

With ``--mm`` first (session 31, stock31: docs/fidelity.md item 145) it also probes
``exit_mmap`` (the mm a task tears down), ``__mmdrop`` and ``pgd_free`` (the mm,
where and in which task its PGD goes), ``consume_stock`` and 6.1's
``memcg_account_kmem`` where they are not inlined, and folds the stack of every
``tc``, ``rfs``, ``mmd`` and ``pgf`` event on the line after it (`   stack <f1 <f2
...`, the probe's own frames left out): which fault, fork or exit charged, which
exit or lazy-TLB switch refilled.

With ``--offline`` first (session 34, stock34) it also probes what a removed memcg's
stocks do at its offline and after: ``mem_cgroup_css_offline`` (css), ``drain_all_stock``
(its root memcg), the css chain's ``css_release`` (the percpu_ref: a memcg's as
NAME.010), ``css_release_work_fn``, ``css_free_rwork_fn`` (their work items: NAME.OFF)
and ``mem_cgroup_css_free`` (css): which CPU's stock still holds which removed memcg,
when each drain work runs, and when each memcg goes.

With ``--chain`` (session 35, stock35) the charge and stock probes are left out: with
``--offline``, the offlines, the css chains and the sched events alone, at close to
the untraced guest's pace (the charge probes slow its commands 3-8 fold, not its
grace periods: docs/fidelity.md item 241).

With ``--jbd2`` (session 36, stock36: docs/fidelity.md item 257) it also traces what a
removed memcg's count waits for after a drop_caches: the write's start and end
(``drop_caches_sysctl_handler`` and its return), jbd2's tracepoints (a transaction's
commit start and end, its checkpoint and drop), each grace period (``rcu_gp_init``,
``rcu_gp_cleanup``), the cgroup tracepoints ``cgroup_rmdir`` and ``cgroup_release``
(``css_release_work_fn``'s self css: where ``nr_dying_descendants`` goes down) and each
``cgroup.stat`` read (``cgroup_stat_show``).

With ``--rcu`` (session 41, stock41: docs/fidelity.md item 369) it also probes
``call_rcu`` (the callback, named from /proc/kallsyms after the trace, in a
``--- functions`` list), ``release_task`` (the reaper's CPU), 6.1's grace periods
(``rcu_gp_init``, ``rcu_gp_cleanup``), the callbacks a process's end and a file's
close queue as they run (``cb_i_callback``, ``cb___d_free``, ``cb_delayed_put_pid``,
``cb_file_free_rcu``, ``cb_put_cred_rcu``; ``sched_process_free`` is
``delayed_put_task_struct``'s) and the exec and free sched events, and folds
the stack of every ``ros`` (``refill_obj_stock``: which free, in which callback or
task, refilled which CPU's obj stock).

With ``--obj`` (session 45, slab45: docs/fidelity.md item 482) it also probes every
object charge and uncharge, ``obj_cgroup_charge`` (objcg, its memcg, size: the gfp
comes before the size on 5.10 and 6.1) and ``obj_cgroup_uncharge`` (objcg, memcg,
size), each with its stack folded on the line after it: which allocation or free of
which cache, in which task or callback, moved which CPU's obj stock by how many bytes.
"""
import sys

PROLOGUE = r'''T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo 40000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1" >&2; }
kp 'r:alloc mem_cgroup_css_alloc ret=$retval'
@CHARGE@
@MM@
@OFF@
echo 0 > $T/tracing_on
echo 1 > $T/events/kprobes/enable
for e in sched_process_exit sched_process_fork sched_migrate_task; do echo 1 > $T/events/sched/$e/enable; done
echo 'comm == "bash" || comm == "cat" || comm == "head" || comm == "sleep" || comm == "rm" || comm == "awk" || comm == "dd" || comm == "taskset"' > $T/events/sched/sched_migrate_task/filter
exec 9> $T/trace_marker
echo() { builtin echo "$@"; [ "$BASHPID" = "$$" ] && builtin echo "$*" >&9; }
echo 1 > $T/tracing_on
builtin echo "start" >&9
# ---- the script
'''

CHARGE_PROBES = r'''if grep -qw try_charge_memcg /proc/kallsyms; then kp 'p:tc try_charge_memcg memcg=%di nr=%dx:u32'
else kp 'p:tc try_charge memcg=%di nr=%dx:u32'; fi
kp 'p:ptc page_counter_try_charge counter=%di nr=%si:u64'
kp 'p:pun page_counter_uncharge counter=%di nr=%si:u64'
# 6.1's drain_obj_stock refills through __refill_stock (refill_stock wraps it): probed
# there, every page a stock takes is seen once
if grep -qw __refill_stock /proc/kallsyms; then kp 'p:rfs __refill_stock memcg=%di nr=%si:u32'
else kp 'p:rfs refill_stock memcg=%di nr=%si:u32'; fi
# the obj stock: refill_obj_stock (objcg, its memcg: obj_cgroup's memcg follows its
# 16-byte percpu_ref on both kernels; bytes), drain_obj_stock (the stock's
# cached_objcg at +16, its memcg, nr_bytes at +24 on 5.10, +32 on 6.1 after
# cached_pgdat)
kp 'p:ros refill_obj_stock objcg=%di memcg=+16(%di):x64 nr=%si:u32'
if grep -qw __refill_stock /proc/kallsyms; then kp 'p:dos drain_obj_stock objcg=+16(%di):x64 memcg=+16(+16(%di)):x64 nr=+32(%di):u32'
else kp 'p:dos drain_obj_stock objcg=+16(%di):x64 memcg=+16(+16(%di)):x64 nr=+24(%di):u32'; fi
kp 'p:ds drain_stock memcg=+0(%di):x64 nr=+8(%di):u32'
kp 'p:dls drain_local_stock'
kp 'p:rcl try_to_free_mem_cgroup_pages memcg=%di nr=%si:u64'
'''

MM_PROBES = r'''# --mm: the mm's teardown and drop, the stock's hits, 6.1's kmem accounting; stacks
kp 'p:xmm exit_mmap mm=%di'
kp 'p:mmd __mmdrop mm=%di'
kp 'p:pgf pgd_free mm=%di'
kp 'p:cs consume_stock memcg=%di nr=%si:u32'
kp 'p:mak memcg_account_kmem memcg=%di nr=%si:s32'
for e in tc rfs mmd pgf; do [ -d $T/events/kprobes/$e ] && echo stacktrace > $T/events/kprobes/$e/trigger; done'''

OFFLINE_PROBES = r'''# --offline: the offline, its drain, the css chain
kp 'p:mof mem_cgroup_css_offline css=%di:x64'
kp 'p:dal drain_all_stock root=%di:x64'
kp 'p:crl css_release ref=%di:x64'
kp 'p:crw css_release_work_fn w=%di:x64'
kp 'p:cfw css_free_rwork_fn w=%di:x64'
kp 'p:mfr mem_cgroup_css_free css=%di:x64'
'''

JBD2_PROBES = r'''# --jbd2: drop_caches, jbd2, the grace periods, the cgroups' release, the reads
kp 'p:dcw drop_caches_sysctl_handler write=%si:u32'
kp 'r:dcr drop_caches_sysctl_handler'
kp 'p:gpi rcu_gp_init'
kp 'p:gpc rcu_gp_cleanup'
kp 'p:cst cgroup_stat_show'
for e in jbd2_start_commit jbd2_end_commit jbd2_checkpoint jbd2_drop_transaction jbd2_checkpoint_stats \
    jbd2_shrink_checkpoint_list; do [ -d $T/events/jbd2/$e ] && echo 1 > $T/events/jbd2/$e/enable; done
for e in cgroup_rmdir cgroup_release; do echo 1 > $T/events/cgroup/$e/enable; done
'''

RCU_PROBES = r'''# --rcu: the RCU callbacks queued, the reaps, the grace periods; the obj stock refills' stacks
kp 'p:qrc call_rcu head=%di:x64 func=%si:x64'
kp 'p:rel release_task'
kp 'p:gpi rcu_gp_init'
kp 'p:gpc rcu_gp_cleanup'
for f in i_callback __d_free delayed_put_pid file_free_rcu put_cred_rcu; do kp "p:cb_$f $f"; done
for e in sched_process_exec sched_process_free; do echo 1 > $T/events/sched/$e/enable; done
[ -d $T/events/kprobes/ros ] && echo stacktrace > $T/events/kprobes/ros/trigger
'''

RCU_EPILOGUE = r'''echo "--- functions" >&2
for a in $(grep -ao ' qrc: ([^)]*) head=[^ ]* func=0x[0-9a-f]*' $T/trace | sed 's/.*func=0x//' | sort -u); do
  builtin echo "0x$a $(awk -v a="$a" '$1 == a {print $3; exit}' /proc/kallsyms)" >&2
done
'''

OBJ_PROBES = r'''# --obj: every object charge and uncharge, with its stack
kp 'p:och obj_cgroup_charge objcg=%di memcg=+16(%di):x64 size=%dx:u64'
kp 'p:ocu obj_cgroup_uncharge objcg=%di memcg=+16(%di):x64 size=%si:u64'
for e in och ocu; do [ -d $T/events/kprobes/$e ] && echo stacktrace > $T/events/kprobes/$e/trigger; done
'''

EPILOGUE = r'''# ---- the trace
builtin echo 0 > $T/tracing_on
exec 9>&-
unset -f echo
echo "--- trace: CPU ms event task-pid args (ms from the first event)" >&2
grep -av '^#' $T/trace | awk -v names="%s" '
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
    printf "%%d %%.3f mark %%s %%s\n", cpu, (ts - t0) * 1000, task, m; next }
  if (ev == "alloc") { split(f[n], r, "="); nalloc++; name[substr(r[2], 1, length(r[2]) - 3)] = (nalloc <= nn ? given[nalloc] : "m" nalloc) }
  args = ""; for (i = 4; i <= n; i++) if (f[i] !~ /^\(.*\+0x0\/0x[0-9a-f]+\)$/) { split(f[i], kv, "="); args = args " " kv[1] "=" nm(kv[2]) }
  if (ev == "alloc") args = " ret=" name[substr(r[2], 1, length(r[2]) - 3)]
  printf "%%d %%.3f %%s %%s%%s\n", cpu, (ts - t0) * 1000, ev, task, args }
END { if (instack) print "   stack" st; flush() }' >&2
'''


def main(argv: list[str]) -> int:
    """Write the traced script."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    opts = set()
    while argv and argv[0] in ("--mm", "--offline", "--chain", "--jbd2", "--rcu", "--obj"):
        opts.add(argv.pop(0))
    text = open(argv[0]).read()
    if text.startswith("#!"):
        text = text.split("\n", 1)[1]
    sys.stdout.write("#!/bin/bash\n# " + argv[0] + " traced by tools/sizes/stock_trace.py\n")
    sys.stdout.write(PROLOGUE.replace("@CHARGE@", "" if "--chain" in opts else CHARGE_PROBES.rstrip("\n"))
                     .replace("@MM@", MM_PROBES if "--mm" in opts else "")
                     .replace("@OFF@", (OFFLINE_PROBES if "--offline" in opts else "")
                              + (JBD2_PROBES if "--jbd2" in opts else "")
                              + (RCU_PROBES if "--rcu" in opts else "")
                              + (OBJ_PROBES if "--obj" in opts else "")) + text + "\n"
                     + EPILOGUE % " ".join(argv[1:]) + (RCU_EPILOGUE if "--rcu" in opts else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
