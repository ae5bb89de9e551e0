"""What one invariant check costs, part by part, at states of the soak's runs.

At a few steps of seeded soak runs (``bench/soak.py``), each part of the
incremental check (``check_changed``'s ``_Checker(k, full=False)``), the whole of it
and the full walk are timed on the same state many times; the minimum is kept (the
machine is shared: the minimum is what the code costs, not what the neighbours
took; and the clock is the thread's CPU time, not the wall: a check preempted
halfway is not charged the neighbours' time). ``PYTHONPATH=other/src`` measures
another tree the same way::

    python bench/check_cost.py --design 5.13 --mode v1
"""
from __future__ import annotations

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "tests")]

import soak  # noqa: E402
from memcgsim.kernel import invariants  # noqa: E402

PARTS = ("check_cgroups", "check_stocks", "check_tasks", "check_pages", "check_slab_percpu",
         "check_objcgs", "check_memcgs", "check_dentries", "check_super_lrus",
         "check_shadow_nodes", "check_counters", "check_stats", "check_writeback")


def measure(k, reps: int) -> dict:
    """Part -> the least nanoseconds it took over ``reps`` checks of ``k``'s state."""
    best: dict = {}
    clock = time.thread_time_ns

    def keep(name, ns):
        best[name] = min(best.get(name, ns), ns)

    for _ in range(reps):
        t = clock()
        c = invariants._Checker(k, full=False)
        keep("__init__", clock() - t)
        for part in PARTS:
            fn = getattr(c, part, None)
            if fn is not None:      # an older tree may order or name them otherwise
                t = clock()
                fn()
                keep(part, clock() - t)
        t = clock()
        invariants._Checker(k, full=False).run()
        keep("incremental check", clock() - t)
        t = clock()
        invariants._Checker(k, full=True).run()
        keep("full walk", clock() - t)
    return best


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--design", default="5.13")
    p.add_argument("--mode", default="v1")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--at", default="60,120,150", help="steps of each run to measure at")
    p.add_argument("--reps", type=int, default=300)
    a = p.parse_args(argv)
    at = {int(x) for x in a.at.split(",")}
    got: dict = {}
    for seed in range(a.seeds):
        step = [0]

        def on_step(m):
            step[0] += 1
            if step[0] in at:
                for name, ns in measure(m.k, a.reps).items():
                    got.setdefault(name, []).append(ns / 1000)

        _ops, err = soak.generate(a.design, a.mode, seed, 200, True, on_step)
        if err is not None:
            print(f"seed {seed}: {type(err).__name__}: {err}", file=sys.stderr)
            return 1
    for name, us in got.items():
        print(f"{name:20} mean {sum(us) / len(us):6.1f} us  (" +
              " ".join(f"{x:.1f}" for x in us) + ")")
    return 0


if __name__ == "__main__":
    sys.exit(main())
