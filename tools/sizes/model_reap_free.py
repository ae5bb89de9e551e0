"""The model's side of tools/sizes/rcu_latency.py (docs/fidelity.md item 369): run a
script on the model booted as the oracle's guest and print, for every task reaped,
the milliseconds of model time from its reap (``release_task``) to its task
structures' free (``delayed_put_task_struct``), the reap's and the free's CPUs, and
the milliseconds from the fork of the task before it of the same name (its
command's pace); then the medians, and how many forks came between a reap and its
free, for the tasks named ``--comm`` (all without it: tools/sizes/rcu_gp_steps.py's
count on the guests, docs/fidelity.md item 473). With ``--exit-rcu-frees on``
kernel/fork.py's ``EXIT_RCU_FREES`` is on; ``--set`` as tools/conform_seeds.py's.

    PYTHONPATH=src .venv/bin/python tools/sizes/model_reap_free.py SCRIPT \\
        --kernel 5.10 --cgroup v1 [--cpus 2] [--exit-rcu-frees on|off] [--comm busybox]

A debugging aid: it wraps the model's methods, the model itself is unchanged.
"""
from __future__ import annotations

import os
import statistics
import sys
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from model_guest import guest_kernel, guest_parser  # noqa: E402  (tools/sizes/)

from memcgsim.kernel import fork  # noqa: E402
from memcgsim.shell import run_script  # noqa: E402


def main(argv: list[str]) -> int:
    """Run the script and print the table."""
    ap = guest_parser(__doc__, kernel="5.10", cgroup="v1")
    ap.add_argument("--exit-rcu-frees", choices=("on", "off"), default=None)
    ap.add_argument("--comm", help="count the forks between reap and free for these tasks")
    a = ap.parse_args(argv)
    if a.exit_rcu_frees is not None:
        fork.EXIT_RCU_FREES = a.exit_rcu_frees == "on"
    k = guest_kernel(a)
    P = fork.Processes
    reaped: dict[int, tuple] = {}
    rows: list[tuple] = []
    forks: dict[int, float] = {}
    every: list[float] = []
    spans: list[tuple] = []
    orig_rel, orig_free, orig_fork = P.release_task, P._free_task_struct, P.fork

    def release_task(self, tsk, cpu=None):
        objs = tsk.slab
        if tsk.state == "zombie" and objs is not None:
            reaped[id(objs)] = (tsk.pid, tsk.comm, k.clock.now_ns / 1e6,
                                cpu if cpu is not None else
                                (tsk.parent.cpu if tsk.parent is not None else tsk.cpu))
        return orig_rel(self, tsk, cpu)

    def free(self, cpu, objs, cred):
        got = reaped.pop(id(objs), None)
        if got is not None:
            pid, comm, t, rcpu = got
            rows.append((pid, comm, k.clock.now_ns / 1e6 - t, rcpu, cpu, forks.get(pid)))
            spans.append((comm, t, k.clock.now_ns / 1e6))
        return orig_free(self, cpu, objs, cred)

    def do_fork(self, *args, **kw):
        child = orig_fork(self, *args, **kw)
        pid = getattr(child, "pid", None)
        if pid is not None:
            forks[pid] = k.clock.now_ns / 1e6
            every.append(forks[pid])
        return child
    P.release_task, P._free_task_struct, P.fork = release_task, free, do_fork  # type: ignore[method-assign]
    run_script(k, open(a.script).read(), a.script, seed=a.seed)
    print("pid comm reap->free_ms reap_cpu free_cpu fork_ms")
    for pid, comm, dt, rcpu, fcpu, tf in rows:
        print(f"{pid} {comm} {dt:.2f} {rcpu} {fcpu} {'-' if tf is None else f'{tf:.2f}'}")
    if rows:
        print(f"reap->free: n {len(rows)} median {statistics.median(r[2] for r in rows):.2f} ms")
    # the forks from a reap to its free (the fork that follows a reap at once included)
    between = Counter(sum(1 for f in every if t0 <= f < t1)
                      for comm, t0, t1 in spans if a.comm in (None, comm))
    if between:
        n = sum(between.values())
        print("forks between a reap and the free: "
              + ", ".join(f"{c}: {v}" for c, v in sorted(between.items()))
              + f" (mean {sum(c * v for c, v in between.items()) / n:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
