"""A what-if for docs/fidelity.md items 394-395 (session 42, stock42): every
conformance case of one kernel (or the cases named after ``--``) with switches on,
against the recordings, as tools/sizes/rcu_stock41_whatif.py: per case, whether it
is known to disagree (``known``) and how many of its values disagree, then the
cases that break (agreeing at main, not now) and those brought in (known, now
agreeing); a case's ``slow`` kernels are left out, as the default test run leaves
them. SWITCHES is a comma-separated list of ``qs`` (kernel/clock.py
``RCU_SCHED_QS``), ``exit`` (kernel/fork.py ``EXIT_RCU_FREES``), ``file``
(kernel/file_table.py ``FILE_LIFE``), or ``none``. PART/NPARTS runs every NPARTS-th
case from PART (0-based); ``rev`` after it takes them from the suite's end.

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_stock42_whatif.py SWITCHES KERNEL \\
        [PART/NPARTS [rev]] [-- CASE...]
"""
from __future__ import annotations

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rcu_gp_sweep import compare  # noqa: E402  (tools/sizes/)

from memcgsim.kernel import clock, file_table, fork  # noqa: E402
from memcgsim.oracle.record import load_suite  # noqa: E402


def main(argv: list[str]) -> int:
    """Run the what-if."""
    names = None
    if "--" in argv:
        names = set(argv[argv.index("--") + 1:])
        argv = argv[:argv.index("--")]
    switches = set(argv[0].split(",")) if argv else set()
    if len(argv) < 2 or not switches <= {"qs", "exit", "file", "none"}:
        sys.stderr.write(__doc__)
        return 2
    clock.RCU_SCHED_QS = "qs" in switches
    fork.EXIT_RCU_FREES = "exit" in switches
    file_table.FILE_LIFE = "file" in switches
    kernel = argv[1]
    part, nparts = (int(x) for x in (argv[2] if len(argv) > 2 else "0/1").split("/"))
    cases = [c for c in load_suite() if kernel in c.kernels and kernel not in c.slow
             and os.path.exists(c.recording(kernel)) and (names is None or c.name in names)]
    broke, gained = [], []
    order = list(enumerate(cases))
    if argv[3:4] == ["rev"]:
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


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
