"""The model's side of gp_kthread_holds.py (session 41, branch place41: docs/fidelity.md
item 374): runs a script on the model as `memcgsim conform` does, with kernel/sched.py's
``GP_KTHREAD_HOLDS`` on (``--fqs``: ``GP_KTHREAD_FQS`` too), and prints the model's time
from the script's first echoed mark to its last (gp_kthread_holds.py's
``--model-loop-ms``), the grace-period kthread's wake-ups, those that placed it on an
idle CPU (a hold), those that found it still holding, and the share of the run's time
its holds cover, summed over the CPUs (the guests': gp_kthread_holds.py's "held share"):

    PYTHONPATH=src python3 tools/sizes/model_gp_kthread.py SCRIPT --kernel 5.10 --cgroup v2 --cpus 2 [--fqs] [--split]

``--split`` (session 43, branch place43: docs/fidelity.md item 418): the holds by
whether the script's shell was asleep at the wake-up's time (from its block,
``Sched.schedule``, to its wake-up or next fork) and whether the CPU held was the
shell's, with the held ms: gp_kthread_holds.py ``--split``'s.
"""
from __future__ import annotations

import bisect
import collections
import sys
from pathlib import Path

from model_guest import guest_kernel, guest_parser     # tools/sizes/


def main(argv: list[str]) -> int:
    """One run; print the counts."""
    from memcgsim.kernel import sched as S
    from memcgsim.shell import builtins as B
    from memcgsim.shell import run_script
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v2")
    ap.add_argument("--fqs", action="store_true")
    ap.add_argument("--split", action="store_true")
    a = ap.parse_args(argv)
    saved = (S.GP_KTHREAD_HOLDS, S.GP_KTHREAD_FQS, S.Sched._gp_kthread_wake,
             S.Sched.schedule, S.Sched.select_task_rq_wake, S.Sched.select_task_rq_fork)
    shell: list = [None, None]      # the shell, when it blocked (None: awake)
    sleeps: list[tuple[int, int]] = []
    holds: list[tuple[int, int, bool]] = []     # (wake-up, held ns, the shell's CPU)
    sched_, wake_, fork_ = saved[3:]

    def h_block(self, prev):
        if prev is shell[0] and shell[1] is None:
            shell[1] = self.k.clock.now_ns
        return sched_(self, prev)

    def woke(self, p):
        if p is shell[0] and shell[1] is not None:
            sleeps.append((shell[1], self.k.clock.now_ns))
            shell[1] = None

    def h_wake_task(self, p, waker, **kw):
        woke(self, p)
        return wake_(self, p, waker, **kw)

    def h_fork(self, parent, allowed=None):
        woke(self, parent)
        return fork_(self, parent, allowed)
    echo_fn, echo_gen = B.BUILTINS["echo"]
    st = {"wakes": 0, "holds": 0, "still holding": 0, "held ns": 0}
    marks: list[int] = []
    wake = S.Sched._gp_kthread_wake

    def h_wake(self, w, *rest):
        st["wakes"] += 1
        if self.khold[self.kcpu] > w:
            st["still holding"] += 1
        before = list(self.khold)
        wake(self, w, *rest)
        for c, t in enumerate(before):
            if self.khold[c] != t:
                st["holds"] += 1
                st["held ns"] += self.khold[c] - w
                sh = shell[0]
                holds.append((w, self.khold[c] - w, sh is not None and c == sh.cpu))

    S.GP_KTHREAD_HOLDS, S.GP_KTHREAD_FQS = True, a.fqs
    S.Sched._gp_kthread_wake = h_wake
    S.Sched.schedule, S.Sched.select_task_rq_wake = h_block, h_wake_task
    S.Sched.select_task_rq_fork = h_fork
    try:
        k = guest_kernel(a)
        spawn = k.spawn

        def h_spawn(*args, **kw):
            task = spawn(*args, **kw)
            if shell[0] is None:
                shell[0] = task
            return task
        k.spawn = h_spawn   # type: ignore[method-assign]

        def h_echo(sh, args):
            if len(args) > 1:
                marks.append(k.clock.now_ns)
            return echo_fn(sh, args)
        B.BUILTINS["echo"] = (h_echo, echo_gen)
        run_script(k, Path(a.script).read_text(), a.script, seed=a.seed)
    finally:
        (S.GP_KTHREAD_HOLDS, S.GP_KTHREAD_FQS, S.Sched._gp_kthread_wake, S.Sched.schedule,
         S.Sched.select_task_rq_wake, S.Sched.select_task_rq_fork) = saved
        B.BUILTINS["echo"] = (echo_fn, echo_gen)
    run = k.clock.now_ns
    loop = (marks[-1] - marks[0]) / 1e6 if len(marks) > 1 else 0.0
    print(f"{a.script} {a.kernel} {a.cgroup} {a.cpus} CPUs seed {a.seed}"
          f"{' with the ticks' if a.fqs else ''}: loop {loop:.1f} ms of {run / 1e6:.1f}; "
          f"wake-ups {st['wakes']} ({st['wakes'] / (run / 1e6):.2f} per ms), holds "
          f"{st['holds']} ({st['holds'] / (run / 1e6):.2f} per ms), still holding "
          f"{st['still holding']}; held share {st['held ns'] / run:.3f}")
    if a.split:
        starts = [x for x, _ in sleeps]
        res: collections.Counter = collections.Counter()
        for w, ns, own in holds:
            i = bisect.bisect_right(starts, w) - 1
            key = ("asleep" if i >= 0 and w < sleeps[i][1] else "awake",
                   "the shell's CPU" if own else "the other CPU")
            res[key] += 1
            res[key + ("ms",)] += ns / 1e6
        for key in sorted(x for x in res if len(x) == 2):
            print(f"  shell {key[0]}, onto {key[1]}: {res[key]} ({res[key + ('ms',)]:.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
