"""How a conformance case's verdict depends on the model's seed (session 33, branch
wake33: docs/fidelity.md item 193): each named case's disagreements with its
recording, the model run at each seed given (the suite runs seed 0), one line a case:

    .venv/bin/python tools/conform_seeds.py [--set NAME=VALUE]... SEEDS CASE-KERNEL-CGROUP...

SEEDS: comma-separated (0,1,2,3,4); a case as pytest names it (cgroup-cost-2cpu-5.10-v2).
A line: the case, ``known`` if it has a known entry for that kernel else ``pass``, and
the number of disagreeing values at each seed. With ``PYTHONPATH`` set to another
tree's ``src``, the same for that tree's model. ``--set NAME=VALUE`` (session 42,
branch place42) sets kernel/sched.py's constant ``NAME`` (a switch: 0 or 1, or a
number) for every run: a switch judged over several seeds; ``MODULE.NAME`` (session
43, branch stock43) sets that kernel/MODULE.py's constant instead
(``clock.RCU_SCHED_QS=1``, ``fork.EXIT_RCU_FREES=1``, ``file_table.FILE_LIFE=1``).
"""
from __future__ import annotations

import os
import sys


def main(argv: list[str]) -> int:
    """Print each case's disagreements at each seed."""
    sets = []
    while argv[:1] == ["--set"] and len(argv) > 1:
        sets.append(argv[1].partition("="))
        argv = argv[2:]
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    import importlib
    for name, _, value in sets:
        mod, _, name = name.rpartition(".")
        try:
            module = importlib.import_module(f"memcgsim.kernel.{mod or 'sched'}")
        except ImportError:
            module = None
        if module is None or not hasattr(module, name):
            sys.stderr.write(f"conform_seeds: kernel/{mod or 'sched'}.py has no {name}\n")
            return 2
        old = getattr(module, name)
        setattr(module, name, type(old)(float(value)) if not isinstance(old, bool)
                else bool(int(value)))
    from memcgsim.api import read_script
    from memcgsim.oracle import cli
    from memcgsim.oracle.conform import Rules
    from memcgsim.oracle.record import load_suite, read_recording

    seeds = [int(s) for s in argv[0].split(",")]
    want = set(argv[1:])
    run_model = cli.run_model
    for c in load_suite():
        for k in c.kernels:
            tid = f"{c.name}-{k}-{c.cgroup}"
            if tid not in want:
                continue
            rec = read_recording(c.recording(k))
            text = read_script(c.script)[0]
            out = []
            for s in seeds:
                # conform_runs calls the module's run_model: at this seed
                cli.run_model = lambda *a, _s=s, **kw: run_model(*a, **{**kw, "seed": _s})
                try:
                    _best, items = cli.conform_runs(
                        text, os.path.basename(c.script), rec.design,
                        rec.header.get("cgroup", c.cgroup), int(rec.header.get("cpus", 2)),
                        rec.header.get("boot", ""), rec.runs, Rules.parse(rec.conform),
                        mem=rec.header.get("mem", c.mem))
                    out.append(str(sum(not i.ok for i in items)))
                finally:
                    cli.run_model = run_model
            print(tid, "known" if k in c.known else "pass", " ".join(out), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
