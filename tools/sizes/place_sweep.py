"""A what-if for docs/fidelity.md items 252 (session 36, branch place36) and 330
(session 37, branch place37): the conformance cases compared with their recordings
with the model as it is and with placement mechanisms turned off or constants set
back, value by value, as the conformance test compares
them (tools/sizes/rcu_gp_sweep.py's ``compare``). Prints per case and kernel how
many values disagree each way and the first of them (``SWEEP_SHOW=N`` for N).

    PYTHONPATH=src .venv/bin/python tools/sizes/place_sweep.py [--pace-sched] [--off NAME]... CASE[:KERNEL]... | --cpus-over N

``--off stack_vfree``: no kworker at a dead task's vfree'd stack (kernel/sched.py
``Sched.stack_vfree``, the design's ``stack_vfree_at``: only in the what-ifs
f7344656 and 55f83acf, reverted after each); ``--off NAME=VALUE``: the
second arm sets kernel/sched.py's constant ``NAME`` to ``VALUE`` (``--off
KWORK_NS=40000``: main's kernel work a command leaves); ``--cpus-over N``: every
case with more than N CPUs; ``--pace-sched`` (session 38, branch place38: item 292)
runs every case as if it declared ``pace sched`` (the scheduler's PELT clock at the
guest's pace), in both arms.
"""
from __future__ import annotations

import os
import sys

from memcgsim.kernel import sched
from memcgsim.oracle.record import load_suite

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rcu_gp_sweep     # noqa: E402  (tools/sizes/)
from rcu_gp_sweep import compare     # noqa: E402

#: what ``--off`` turns off: the method made a no-op
OFF = {"stack_vfree": (sched.Sched, "stack_vfree")}


def main(argv: list[str]) -> int:
    """Run the cases, each as it is and with the mechanisms off."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    if argv[:1] == ["--pace-sched"]:
        parse = rcu_gp_sweep.Rules.parse
        rcu_gp_sweep.Rules.parse = lambda decls: parse(list(decls) + ["pace sched"])
        argv = argv[1:]
    offs = []
    while argv[:1] == ["--off"]:
        offs.append(argv[1])
        argv = argv[2:]
    cases = {c.name: c for c in load_suite()}
    if argv[:1] == ["--cpus-over"]:
        n = int(argv[1])
        specs = [c.name for c in cases.values() if c.cpus > n]
    else:
        specs = argv
    show = int(os.environ.get("SWEEP_SHOW", "2"))
    saved = {o: getattr(*OFF[o]) for o in offs if "=" not in o}
    consts = {o.split("=")[0]: (getattr(sched, o.split("=")[0]), int(o.split("=")[1]))
              for o in offs if "=" in o}
    for spec in specs:
        name, _, kern = spec.partition(":")
        case = cases[name]
        for kernel in ([kern] if kern else case.kernels):
            res = []
            for off in (False, True) if offs else (False,):
                for o in saved:
                    setattr(*OFF[o], (lambda *a: None) if off else saved[o])
                for name_, (now_, then_) in consts.items():
                    setattr(sched, name_, then_ if off else now_)
                try:
                    res.append(compare(case, kernel))
                except Exception as e:     # a case the model cannot run: say so
                    res.append([f"error {e!r}"])
            line = f"{name}:{kernel} " + " / ".join(str(len(r)) for r in res)
            if len(res) > 1 and res[0] != res[1]:
                line += " MOVED"
            print(line + "  " + " | ".join("; ".join(r[:show]) for r in res), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
