"""Forks whose child stays on its parent's CPU (session 42, branch place42:
docs/fidelity.md item 389), on the guests and in the model:

    python3 tools/sizes/fork_kept.py TRACE...
    PYTHONPATH=src python3 tools/sizes/fork_kept.py --model SCRIPT --kernel K \
        [--cgroup V] [--cpus N] [--seed S] [--holds] [--fqs]

A trace (``tools/sizes/wake_trace.py``): each ``sched_wakeup_new`` whose target CPU
is the forking CPU, and the same split by where the RCU grace-period kthread was then
(the CPU it last ran on or was migrated to: the forker's or another). ``--model``: each ``Sched.select_task_rq_fork`` that returns the
parent's CPU, with kernel/sched.py's ``GP_KTHREAD_HOLDS`` (``--holds``) and
``GP_KTHREAD_FQS`` (``--fqs``) set for the run. A debugging aid: the model is
unchanged.
"""
from __future__ import annotations

import sys


def guest(path: str) -> tuple[int, int, dict]:
    """(forks, kept on the forking CPU, {(kthread on the forker's CPU?, kept?): n})
    of a trace."""
    from shell_wakes import events     # tools/sizes/
    n = kept = 0
    last = None
    by: dict = {}
    for cpu, _t, ev, _, a in events(path):
        if ev == "sched_switch":
            if a.get("next_comm", "").startswith("rcu_"):
                last = cpu
        elif ev == "sched_migrate_task" and a.get("comm", "").startswith("rcu_"):
            last = int(a["dest_cpu"])
        elif ev == "sched_wakeup_new":
            n += 1
            k = int(a["target_cpu"]) == cpu
            kept += k
            key = (last == cpu, k)
            by[key] = by.get(key, 0) + 1
    return n, kept, by


def model(argv: list[str]) -> tuple[int, int, int, int]:
    """(forks, kept on the parent's CPU, with the kthread on another CPU, of them
    kept) of a model run."""
    from model_guest import guest_kernel, guest_parser     # tools/sizes/
    from memcgsim.kernel import sched
    from memcgsim.shell import run_script
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v2")
    ap.add_argument("--holds", action="store_true")
    ap.add_argument("--fqs", action="store_true")
    a = ap.parse_args(argv)
    saved = sched.GP_KTHREAD_HOLDS, sched.GP_KTHREAD_FQS, sched.Sched.select_task_rq_fork
    count = [0, 0, 0, 0]

    def fork(self, parent, allowed=None):
        cpu = saved[2](self, parent, allowed)
        if parent is not None:
            count[0] += 1
            count[1] += cpu == parent.cpu
            if self.kcpu != parent.cpu:     # the kthread's CPU after the look
                count[2] += 1
                count[3] += cpu == parent.cpu
        return cpu
    sched.GP_KTHREAD_HOLDS, sched.GP_KTHREAD_FQS = a.holds, a.fqs
    sched.Sched.select_task_rq_fork = fork
    try:
        k = guest_kernel(a)
        with open(a.script) as f:
            run_script(k, f.read(), a.script, seed=a.seed)
    finally:
        sched.GP_KTHREAD_HOLDS, sched.GP_KTHREAD_FQS, sched.Sched.select_task_rq_fork = saved
    return count[0], count[1], count[2], count[3]


def main(argv: list[str]) -> int:
    """Print the counts."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    if argv[0] == "--model":
        n, kept, other, okept = model(argv[1:])
        print(f"{argv[1]}: forks {n}, kept on the parent's CPU {kept}; the kthread on "
              f"another CPU {other} (kept {okept})")
        return 0
    for path in argv:
        n, kept, by = guest(path)
        print(f"{path}: forks {n}, kept on the forking CPU {kept}; the kthread on "
              f"another CPU {by.get((False, True), 0) + by.get((False, False), 0)} "
              f"(kept {by.get((False, True), 0)}), on the forker's "
              f"{by.get((True, True), 0) + by.get((True, False), 0)} "
              f"(kept {by.get((True, True), 0)})")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, __import__("os").path.dirname(__import__("os").path.abspath(__file__)))
    sys.exit(main(sys.argv[1:]))
