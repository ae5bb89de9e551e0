"""Session 39's two RCU mechanisms (docs/fidelity.md items 314 and 315, branch stock39),
off by default, turned on to read what each moves: ``kthread``, the grace-period
kthread placed at each grace period's end (kernel/clock.py
``RCU_GP_KTHREAD_PLACED``: kernel/rcu_tree.py, ``Clock._gp_cleanup``); ``mt``, 6.1's
maple-tree node frees at each exec (kernel/fork.py ``MT_FREE_RCU``:
``Processes.mt_free_rcus``); ``both``; ``off``, the model as it is. Prints, per case and kernel, how many values
disagree with the recording and the first few (tools/sizes/rcu_gp_sweep.py
``report``); one mode a process.

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_stock39_whatif.py both|kthread|mt|off CASE[:KERNEL]...
"""
from __future__ import annotations

import os
import sys

from memcgsim.kernel import clock, fork

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rcu_gp_sweep import report  # noqa: E402  (tools/sizes/)

MODES = ("both", "kthread", "mt", "off")


def patch(mode: str) -> None:
    """Turn on what ``mode`` names."""
    clock.RCU_GP_KTHREAD_PLACED = mode in ("kthread", "both")
    fork.MT_FREE_RCU = mode in ("mt", "both")


def main(argv: list[str]) -> int:
    """Run the what-if."""
    if len(argv) < 2 or argv[0] not in MODES:
        sys.stderr.write(__doc__)
        return 2
    patch(argv[0])
    report(argv[0], argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
