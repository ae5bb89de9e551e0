"""A what-if for docs/fidelity.md item 241 (branch stock35): the conformance cases
whose reads race the css chain's grace periods, compared with their recordings at
several grace periods of the model's time (``clock.RCU_GRACE_PERIOD_NS``, 1 ms as
kept) and, with ``--tree``, tree RCU's rule (tools/sizes/pod_kill_rcu_whatif.py's
``call_rcu``: a callback queued while a grace period runs waits for the next one).
Prints, per case, kernel and grace period, how many values disagree and the first
few of them (``SWEEP_SHOW=N`` for N): which grace period each case needs, and
which breaks.

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_gp_sweep.py [--tree] MS,MS... CASE[:KERNEL]...

The model is otherwise unchanged (the constant is set in the module before each run).
"""
from __future__ import annotations

import os
import sys

from memcgsim.api import read_script
from memcgsim.kernel import clock
from memcgsim.oracle.cli import conform_runs
from memcgsim.oracle.conform import Rules
from memcgsim.oracle.record import load_suite, read_recording

HERE = os.path.dirname(os.path.abspath(__file__))


def compare(case, kernel: str) -> list[str]:
    """The values of ``case`` on ``kernel`` that disagree with its recording, as the
    conformance test compares them (tests/conformance/test_conformance.py)."""
    rec = read_recording(case.recording(kernel))
    text = read_script(case.script)[0]
    _, items = conform_runs(text, os.path.basename(case.script), rec.design,
                            rec.header.get("cgroup", case.cgroup), int(rec.header.get("cpus", 2)),
                            rec.header.get("boot", ""), rec.runs, Rules.parse(rec.conform),
                            mem=rec.header.get("mem", case.mem))
    return [i.describe() for i in items if not i.ok]


def whatif_sweep(kernel: str, part: int, nparts: int, rev: bool, names: set | None) -> int:
    """Every case of ``kernel`` (every ``nparts``-th from ``part``, from the end with
    ``rev``; those in ``names`` if given; a case's ``slow`` kernels left out, as the
    default test run leaves them) compared with its recording under the switches
    set: per case, whether it is known to disagree and how many values do, then
    the cases that break (agreeing at main, not now) and those brought in."""
    cases = [c for c in load_suite() if kernel in c.kernels and kernel not in c.slow
             and os.path.exists(c.recording(kernel)) and (names is None or c.name in names)]
    broke, gained = [], []
    order = list(enumerate(cases))
    if rev:
        order.reverse()
    for i, case in order:
        if i % nparts != part:
            continue
        known = kernel in case.known
        try:
            bad = compare(case, kernel)
        except Exception as e:  # noqa: BLE001  (a what-if: report and go on)
            print(f"{case.name} {kernel}: error {type(e).__name__}: {e}", flush=True)
            continue
        print(f"{case.name} {kernel} known={'y' if known else 'n'} disagree={len(bad)}"
              + "".join(f"\n    {b[:160]}" for b in bad[:2]), flush=True)
        if bad and not known:
            broke.append(case.name)
        elif not bad and known:
            gained.append(case.name)
    print(f"BROKE {len(broke)}: {' '.join(broke)}")
    print(f"GAINED {len(gained)}: {' '.join(gained)}")
    return 0


def report(label: str, specs: list[str]) -> None:
    """For each ``NAME[:KERNEL]`` (a case's every kernel without one), its count of
    disagreeing values and the first four, the line starting with ``label``."""
    cases = {c.name: c for c in load_suite()}
    for spec in specs:
        name, _, kern = spec.partition(":")
        for kernel in ([kern] if kern else cases[name].kernels):
            bad = compare(cases[name], kernel)
            print(f"{label} {name} {kernel}: {len(bad)} disagree"
                  + "".join(f"\n    {b[:150]}" for b in bad[:4]), flush=True)


def main(argv: list[str]) -> int:
    """Run the sweep."""
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    if argv[0] == "--tree":
        sys.path.insert(0, HERE)
        import pod_kill_rcu_whatif as tree      # tools/sizes/
        clock.Clock.call_rcu = tree.call_rcu    # type: ignore[method-assign]
        argv = argv[1:]
    else:
        tree = None
    gps = [float(x) for x in argv[0].split(",")]
    cases = {c.name: c for c in load_suite()}
    for spec in argv[1:]:
        name, _, kern = spec.partition(":")
        case = cases[name]
        for kernel in ([kern] if kern else case.kernels):
            for ms in gps:
                clock.RCU_GRACE_PERIOD_NS = int(ms * 1e6)
                if tree is not None:
                    tree.GP = clock.RCU_GRACE_PERIOD_NS
                    tree._STATE.clear()
                bad = compare(case, kernel)
                print(f"{name} {kernel} gp={ms} ms: {len(bad)} disagree"
                      + "".join(f"\n    {b[:150]}" for b in bad[:int(os.environ.get("SWEEP_SHOW", "4"))]), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
