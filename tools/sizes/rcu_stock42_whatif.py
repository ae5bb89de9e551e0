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
from rcu_gp_sweep import whatif_sweep  # noqa: E402  (tools/sizes/)

from memcgsim.kernel import clock, file_table, fork  # noqa: E402


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
    return whatif_sweep(kernel, part, nparts, argv[3:4] == ["rev"], names)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
