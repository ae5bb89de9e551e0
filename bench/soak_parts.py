"""Where a soak's checking goes: each part of every check of a real soak run, timed
by the thread's CPU time (``bench/check_cost.py`` times them on a few frozen
states; this one over the runs themselves, written pages, moved caches and full
walks included), beside the whole run's CPU time::

    python bench/soak_parts.py --design 6.1 --mode v2 --ops 5000
"""
from __future__ import annotations

import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path[:0] = [HERE, os.path.join(HERE, "..", "tests")]

import soak  # noqa: E402
from check_cost import PARTS  # noqa: E402
from memcgsim.kernel import invariants  # noqa: E402


def timed_soak(design: str, mode: str, ops: int, steps: int = 200) -> tuple:
    """Run ``ops`` soak ops with every check's parts timed: (ops, CPU seconds of
    the run, checks (incremental, full), part -> nanoseconds)."""
    clock = time.thread_time_ns
    spent: dict = {}
    checks = [0, 0]

    def run(self):
        checks[self.full] += 1
        for part in PARTS:      # run()'s parts, in its order
            t = clock()
            getattr(self, part)()
            key = part + (" (full walk)" if self.full else "")
            spent[key] = spent.get(key, 0) + clock() - t

    init = invariants._Checker.__init__

    def timed_init(self, *args, **kwargs):
        t = clock()
        init(self, *args, **kwargs)
        spent["__init__"] = spent.get("__init__", 0) + clock() - t

    saved = invariants._Checker.run, invariants._Checker.__init__
    invariants._Checker.run, invariants._Checker.__init__ = run, timed_init
    try:
        c0 = time.process_time()
        done = seed = 0
        while done < ops:
            got, err = soak.generate(design, mode, seed, min(steps, ops - done), True)
            done += len(got)
            seed += 1
            if err is not None:
                print(f"seed {seed - 1}: {soak._first_line(err)}", file=sys.stderr)
        cpu = time.process_time() - c0
    finally:
        invariants._Checker.run, invariants._Checker.__init__ = saved
    return done, cpu, tuple(checks), spent


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--design", default="6.1")
    p.add_argument("--mode", default="v2")
    p.add_argument("--ops", type=int, default=5000)
    a = p.parse_args(argv)
    done, cpu, (inc, full), spent = timed_soak(a.design, a.mode, a.ops)
    n = inc + full
    total = sum(spent.values())
    print(f"{a.design} {a.mode}: {done:,} ops, {cpu:.1f} s CPU ({done / cpu:,.0f} per CPU s); "
          f"{inc:,} incremental checks + {full} full walks ({n / done:.2f} a op), "
          f"{total / 1e3 / n:.1f} us a check, {total / 1e9 / cpu:.1%} of the CPU")
    for part, ns in sorted(spent.items(), key=lambda kv: -kv[1]):
        print(f"  {part:32} {ns / 1e3 / n:7.1f} us a check  {ns / 1e9 / cpu:6.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
