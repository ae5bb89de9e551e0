"""The model's side of shell_wakes.py (session 40, branch place40: docs/fidelity.md
item 344): runs a conformance script on the model as `memcgsim conform` does and
counts the top-level shell's placements at its wake-ups (``Sched.select_task_rq_wake``;
one that finds it still queued from a write's wake-up is not a placement: session 45,
``PIPE_WRITE_WAKES``) by waker: a live one (``live=True``: a pipe's writer, when the model places a pipe's
reader at the write) or one exiting (its ``exit_notify``), whether the shell moved
and whether the waker ran on the shell's CPU (at 2 CPUs, for a waker on the shell's
CPU, what the other CPU held at the look: session 44, item 441); per command the
shell forked, whether
its CPU at its next fork differs; with ``--marks``, per mark the shell echoes (its
first word), whether its CPU at the next mark differs. Summed over ``--seeds``
(default: the one ``--seed``):

    PYTHONPATH=src python3 tools/sizes/model_shell_wakes.py SCRIPT --kernel 5.10 --cgroup v1 --cpus 2 [--seeds 0,1,2] [--marks]
"""
from __future__ import annotations

import collections
import sys
from pathlib import Path

from model_guest import guest_kernel, guest_parser     # tools/sizes/


def run(a) -> collections.Counter:
    """One model run of ``a.script``: the counts."""
    from memcgsim.kernel import fork as F
    from memcgsim.kernel import sched as S
    from memcgsim.shell import builtins as B
    from memcgsim.shell import run_script
    k = guest_kernel(a)
    res: collections.Counter = collections.Counter()
    shell = [None]
    wake, fork = S.Sched.select_task_rq_wake, F.Processes.fork
    echo_fn, echo_gen = B.BUILTINS["echo"]
    last = [None, False]     # the shell's CPU at its last fork, a live wake since
    mark = [None, None]      # the last mark's word and the shell's CPU then

    def h_fork(self, parent, *args, **kw):
        if parent is shell[0]:
            if last[0] is not None:
                res[("command", "with a live wake" if last[1] else "exit wakes only",
                     "moved" if parent.cpu != last[0] else "same")] += 1
            last[0], last[1] = parent.cpu, False
        return fork(self, parent, *args, **kw)

    def other_state(self, cpu: int) -> str:
        # what another CPU holds at a wake-up's look, before any draw: a woken
        # task's hold (its vCPU's wake-up), a new task's first run, a kernel
        # thread a fork met (KTHREAD_AT_FORK), the grace-period kthread, or nothing
        now = self.k.clock.now_ns
        if self.vheld[cpu] is not None and self.busy_until[cpu] > now:
            return "a woken user task"
        if any(end > now for end in self.firstrun[cpu].values()):
            return "a new task's first run"
        if self.kfork is not None and self.kfork[cpu] > now:
            return "a kernel thread (a fork's)"
        if self.khold_us and self.khold[cpu] > now:
            return "the gp kthread"
        return "nothing (drawn)"

    def h_wake(self, p, waker, **kw):
        prev, this = p.cpu, waker.cpu
        if p is shell[0] and this == prev and self.k.nr_cpus == 2:
            state = other_state(self, 1 - prev)
        else:
            state = None
        queued = p in self.queued       # still on its runqueue: not placed
        cpu = wake(self, p, waker, **kw)
        if p is shell[0] and queued:
            res[("live" if kw.get("sync", False) else "exited", "queued", "not placed")] += 1
            return cpu
        if state is not None:
            res[("exit from the shell's CPU, other CPU:", state,
                 "moved" if cpu != prev else "stayed")] += 1
        if p is shell[0]:
            live = kw.get("live", False) or kw.get("sync", False)
            last[1] = last[1] or live
            res[("live" if live else "exited", "moved" if cpu != prev else "stayed",
                 "waker on prev" if this == prev else "waker elsewhere")] += 1
        return cpu

    def h_echo(sh, argv):
        if sh.task is shell[0] and len(argv) > 1:
            cpu = sh.task.cpu
            if mark[0] is not None:
                res[("mark", mark[0], "moved" if cpu != mark[1] else "same")] += 1
            mark[0], mark[1] = argv[1], cpu
        return echo_fn(sh, argv)
    spawn = k.spawn

    def h_spawn(*args, **kw):
        task = spawn(*args, **kw)
        if shell[0] is None:
            shell[0] = task
        return task
    k.spawn = h_spawn   # type: ignore[method-assign]
    S.Sched.select_task_rq_wake, F.Processes.fork = h_wake, h_fork
    if a.marks:
        B.BUILTINS["echo"] = (h_echo, echo_gen)
    try:
        run_script(k, Path(a.script).read_text(), a.script, seed=a.seed)
    finally:
        S.Sched.select_task_rq_wake, F.Processes.fork = wake, fork
        B.BUILTINS["echo"] = (echo_fn, echo_gen)
    return res


def main(argv: list[str]) -> int:
    """Run the script at each seed; print the counts, then their sums."""
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v1")
    ap.add_argument("--seeds", default=None)
    ap.add_argument("--marks", action="store_true")
    a = ap.parse_args(argv)
    seeds = [int(s) for s in a.seeds.split(",")] if a.seeds else [a.seed]
    total: collections.Counter = collections.Counter()
    for s in seeds:
        a.seed = s
        res = run(a)
        total.update(res)
        line = ", ".join(" ".join(k) + f" {v}" for k, v in sorted(res.items()))
        print(f"{a.script} {a.kernel} {a.cgroup} {a.cpus} CPUs seed {s}: {line}", flush=True)
    print(f"over seeds {','.join(map(str, seeds))}:")
    for k, v in sorted(total.items()):
        print(f"  {v:5d} {' '.join(k)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
