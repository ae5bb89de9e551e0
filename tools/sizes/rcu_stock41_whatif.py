"""A what-if for docs/fidelity.md items 369 and 370 (session 41, stock41): every
conformance case of one kernel (or the cases named after ``--``) with kernel/fork.py
``EXIT_RCU_FREES`` on or off (``file``, ``both``: kernel/file_table.py
``FILE_LIFE`` on, alone or with it) and tree RCU's
grace period (kernel/clock.py ``RCU_GP_NS``; the tick, a jiffy, kept) scaled by SCALE, against the
recordings: per case, whether it is known to disagree (``known``) and how many of
its values disagree, then the cases that break (agreeing at main, not now) and
those brought in (known, now agreeing); a case's ``slow`` kernels are left out, as
the default test run leaves them. PART/NPARTS runs every NPARTS-th case from
PART (0-based), to split the run over processes; ``rev`` after it takes them from the
suite's end (a second process on the same part, to meet the first).

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_stock41_whatif.py on|off|file|both SCALE KERNEL \
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
    if len(argv) < 3 or argv[0] not in ("on", "off", "file", "both"):
        sys.stderr.write(__doc__)
        return 2
    fork.EXIT_RCU_FREES = argv[0] in ("on", "both")
    file_table.FILE_LIFE = argv[0] in ("file", "both")
    scale = float(argv[1])
    kernel = argv[2]
    part, nparts = (int(x) for x in (argv[3] if len(argv) > 3 else "0/1").split("/"))
    clock.RCU_GP_NS = int(clock.RCU_GP_NS * scale)   # type: ignore[operator]
    return whatif_sweep(kernel, part, nparts, argv[4:5] == ["rev"], names)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
