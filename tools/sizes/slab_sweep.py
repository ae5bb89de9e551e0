"""Values agreeing, case by case, on the conformance cases that read /proc/slabinfo,
Slab or SUnreclaim (session 37, branch slab37: docs/fidelity.md items 263 ff.): the
measure behind a slab switch's before/after tables.

    PYTHONPATH=SRC python3 tools/sizes/slab_sweep.py [--max-cpus 8] [--min-cpus 1] [-k REGEX] [--kernel K] [--reads REGEX] > OUT.txt

SRC picks the model (a worktree's src, or a copy with a switch turned on). Each line:
case, kernel, values agreeing, values compared, and "known" where cases.toml declares
the kernel known. Cases above --max-cpus CPUs are left out (the boot lists,
tools/sizes/slub_boot.py, stop at 8), and those below --min-cpus (a change that
moves nothing at 1 CPU). --reads picks the cases by another pattern in their script
(session 44: ``kmem`` for the kmem-charge cases, ``MemFree|MemAvailable|...`` for the
boot's free pages).
"""
from __future__ import annotations

import argparse
import os
import re
import sys

from memcgsim.oracle.record import load_suite, read_recording

HERE = os.path.dirname(os.path.abspath(__file__))
TESTS = os.path.join(HERE, "..", "..", "tests", "conformance")
READS = re.compile(r"slabinfo|Slab|SUnreclaim")


def cases(max_cpus: int, pattern: str | None, min_cpus: int = 1,
          reads: "re.Pattern[str]" = READS) -> list:
    """The suite's cases whose script matches ``reads`` (default: reads slab
    figures), at ``min_cpus`` to ``max_cpus`` CPUs."""
    out = []
    for c in load_suite(os.path.normpath(TESTS)):
        if not min_cpus <= c.cpus <= max_cpus or (pattern and not re.search(pattern, c.name)):
            continue
        with open(c.script, errors="replace") as f:
            if reads.search(f.read()):
                out.append(c)
    return out


def measure(case, kernel: str) -> tuple[int, int] | None:
    """(values agreeing, values compared) of ``case`` on ``kernel``'s recording."""
    from memcgsim.api import read_script
    from memcgsim.oracle.cli import conform_runs
    from memcgsim.oracle.conform import Rules
    path = case.recording(kernel, os.path.normpath(TESTS))
    if not os.path.exists(path):
        return None
    rec = read_recording(path)
    text = read_script(case.script)[0]
    _best, items = conform_runs(text, os.path.basename(case.script), rec.design,
                                rec.header.get("cgroup", case.cgroup),
                                int(rec.header.get("cpus", 2)), rec.header.get("boot", ""),
                                rec.runs, Rules.parse(rec.conform),
                                mem=rec.header.get("mem", case.mem))
    return sum(1 for i in items if i.ok), len(items)


def main(argv: list[str]) -> int:
    """Print one line a case and kernel."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--max-cpus", type=int, default=8)
    ap.add_argument("--min-cpus", type=int, default=1)
    ap.add_argument("-k", dest="pattern")
    ap.add_argument("--kernel", action="append", help="only these kernels (default: all)")
    ap.add_argument("--reads", type=re.compile, default=READS,
                    help="pick the cases whose script matches this (default: slab figures)")
    a = ap.parse_args(argv)
    for c in cases(a.max_cpus, a.pattern, a.min_cpus, a.reads):
        for k in c.kernels:
            if a.kernel and k not in a.kernel:
                continue
            r = measure(c, k)
            if r is None:
                continue
            print(f"{c.name} {k} {r[0]} {r[1]}{' known' if k in c.known else ''}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
