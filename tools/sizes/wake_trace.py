"""A script traced for who runs where (session 32, branch wake32: docs/fidelity.md
items 162): writes to standard output SCRIPT with the scheduler's tracepoints and
kprobes on the memcg statistics' per-CPU updates set up before it and the trace
printed after it, for `memcgsim oracle` on either kernel (cgroup v1 or v2):

    python3 tools/sizes/wake_trace.py [--feature NO_SIS_UTIL] [--attach] [--sched-only] [--pipes] SCRIPT [NAME...] \
        > /tmp/traced.sh
    memcgsim oracle /tmp/traced.sh --kernel 5.10 --cpus 2 --cgroup v1

Events: sched_process_fork, sched_wakeup_new (the child's CPU), sched_wakeup (a
blocked task's CPU: a shell woken by its child's exit, a pipe's reader),
sched_switch, sched_migrate_task, sched_process_exec, sched_process_exit; kprobes on
``__mod_memcg_state`` (memcg, idx, val: a statistics update, which 5.10 folds
per CPU past ``MEMCG_CHARGE_BATCH``) and ``__mod_memcg_lruvec_state`` (the LRU
items', anon, shmem, file: ``__mod_memcg_state`` is inlined there; the memcg read
from ``mem_cgroup_per_node``'s last member, offsets from BTF: ``pahole -C
mem_cgroup_per_node`` on the vmlinux of tools/sizes/extract_vmlinux.py) and ``__count_memcg_events`` (memcg, idx,
count: pgpgin, pgpgout, pgfault), and ``mem_cgroup_css_alloc``'s return (memcgs
named NAME... in the order they are made, else m1, m2...). The printed form and the
top-level shell's echoes as trace markers are stock_trace.py's (its EPILOGUE);
``wake_replay.py`` reads the result.
"""
import sys

from stock_trace import EPILOGUE

PROLOGUE = r'''T=/sys/kernel/tracing; [ -d $T/events ] || mount -t tracefs nodev $T 2>&1
echo 40000 > $T/buffer_size_kb
kp() { echo "$1" >> $T/kprobe_events 2>/dev/null || echo "no probe: $1" >&2; }
kp 'r:alloc mem_cgroup_css_alloc ret=$retval'
@STAT@# where select_task_rq_fair places a task, run on the waker's (forker's) CPU: 6.1's
# wake list fires sched_wakeup on the target CPU, hiding the waker's. The task's pid
# (task_struct.pid: BTF, +2232 on 5.10.262, +2416 on 6.1.192); 5.10 passes sd_flag
# before wake_flags (v5.10 and v6.1 kernel/sched/fair.c select_task_rq_fair)
case $(uname -r) in
  5.10.*) kp 'p:sq select_task_rq_fair pid=+2232(%di):s32 prev=%si:s32 sd=%dx:x32 fl=%cx:x32' ;;
  *) kp 'p:sq select_task_rq_fair pid=+2416(%di):s32 prev=%si:s32 fl=%dx:x32' ;;
esac
kp 'r:sr select_task_rq_fair cpu=$retval:s32'
@ATTACH@echo 0 > $T/tracing_on
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
'''

#: ``--attach``: a cgroup.procs write's steps (session 35, branch place35: which of
#: a background child's execve and its parent's move comes first, docs/fidelity.md
#: items 237 and 238): the write's start (``cgroup_procs_write_start``, both kernels, v1 and
#: v2), its return (``cgroup_threadgroup_rwsem`` taken: 6.1's ``percpu_down_write``
#: waits for a grace period in ``rcu_sync_enter`` unless ``favordynmods``), the
#: ``rcu_sync_enter`` itself, ``cgroup_attach_task`` (the migration: entry and
#: return) and ``pgd_alloc`` (an exec's new mm, ``alloc_bprm`` → ``mm_alloc``: charged
#: to the cgroup the exec'ing task is in then)
ATTACH = r'''kp 'p:pws cgroup_procs_write_start'
kp 'r:pwl cgroup_procs_write_start'
kp 'p:rse rcu_sync_enter'
kp 'r:rsx rcu_sync_enter'
kp 'p:att cgroup_attach_task'
kp 'r:atx cgroup_attach_task'
kp 'p:pga pgd_alloc'
'''

STAT = r'''kp 'p:ms __mod_memcg_state memcg=%di idx=%si:s32 val=%dx:s32'
# the LRU items' updates (__mod_memcg_state is inlined there): the lruvec's memcg,
# mem_cgroup_per_node's last member (BTF: +712 on 5.10.262, +2552 on 6.1.192)
case $(uname -r) in 5.10.*) MO=712 ;; *) MO=2552 ;; esac
kp "p:ls __mod_memcg_lruvec_state memcg=+$MO(%di):x64 idx=%si:s32 val=%dx:s32"
kp 'p:ce __count_memcg_events memcg=%di idx=%si:s32 n=%dx:u64'
'''

#: ``--sched-only`` leaves the statistics' kprobes out (they fire at every charge and
#: slow a fork's copy-on-write faults tenfold on the emulated guests: the race of
#: item 238 moves with them)

#: ``--pipes``: a pipe's reads, writes and last closes (session 45, branch place45:
#: docs/fidelity.md item 470): ``pipe_read`` and ``pipe_write`` entered (the
#: sleep of a reader on the empty pipe is the ``sched_switch`` with ``prev_state=S``
#: of the task after its ``pr``; the writer's sync wake-up its ``sched_wakeup`` after
#: its ``pw``), ``pipe_release`` entered (fs/pipe.c, v5.10 and v6.1)
PIPES = r'''kp 'p:pr pipe_read'
kp 'p:pw pipe_write'
kp 'p:pc pipe_release'
'''

#: ``--feature NAME``: a scheduler feature set before the script (debugfs
#: sched/features: NO_SIS_UTIL turns off 6.1's utilization-bounded idle scan,
#: docs/fidelity.md item 191), printed before and after to standard error
FEATURES = r'''mount -t debugfs nodev /sys/kernel/debug 2>/dev/null
F=/sys/kernel/debug/sched/features
builtin echo "features before: $(tr ' ' '\n' < $F | grep SIS | tr '\n' ' ')" >&2
for f in %s; do builtin echo $f > $F || builtin echo "cannot set $f" >&2; done
builtin echo "features after: $(tr ' ' '\n' < $F | grep SIS | tr '\n' ' ')" >&2
'''


def main(argv: list[str]) -> int:
    """Write the traced script."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    feats = []
    extra = ""
    stat = STAT
    while argv[:1] in (["--feature"], ["--attach"], ["--sched-only"], ["--pipes"]):
        if argv[0] in ("--attach", "--sched-only", "--pipes"):
            if argv[0] == "--attach":
                extra += ATTACH
            elif argv[0] == "--pipes":
                extra += PIPES
            else:
                stat = ""
            argv = argv[1:]
            continue
        feats.append(argv[1])
        argv = argv[2:]
    text = open(argv[0]).read()
    if text.startswith("#!"):
        text = text.split("\n", 1)[1]
    sys.stdout.write("#!/bin/bash\n# " + argv[0] + " traced by tools/sizes/wake_trace.py\n")
    if feats:
        sys.stdout.write(FEATURES % " ".join(feats))
    sys.stdout.write(PROLOGUE.replace("@STAT@", stat).replace("@ATTACH@", extra) + text + "\n" + EPILOGUE % " ".join(argv[1:]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
