"""Session 40's switch with session 39's two (docs/fidelity.md items 314, 315, 351),
off by default, turned on to read what each moves: ``exit``, a process's end's RCU
callbacks where the kernel queues them (kernel/fork.py ``EXIT_RCU_FREES``: its /proc
objects, its pid, 6.1's stack, a pipe's last file); ``both``, session 39's
(tools/sizes/rcu_stock39_whatif.py); ``all``, the three; ``off``, the model as it is.
Prints, per case and kernel, how many values disagree with the recording and the
first few (tools/sizes/rcu_gp_sweep.py ``report``, ``SWEEP_SHOW=N``); one mode a
process.

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_stock40_whatif.py exit|both|all|off CASE[:KERNEL]...
"""
from __future__ import annotations

import os
import sys

from memcgsim.kernel import clock, fork

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rcu_gp_sweep import report  # noqa: E402  (tools/sizes/)

MODES = ("exit", "both", "all", "off")


def patch(mode: str) -> None:
    """Turn on what ``mode`` names."""
    clock.RCU_GP_KTHREAD_PLACED = fork.MT_FREE_RCU = mode in ("both", "all")
    fork.EXIT_RCU_FREES = mode in ("exit", "all")


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
