"""Session 39's two RCU mechanisms (docs/fidelity.md items 420 and 421, branch stock39)
each turned off, to read what each moves: ``both`` is the model as it is; ``kthread``
keeps only the grace-period kthread placed at each grace period's end
(kernel/rcu_tree.py, kernel/clock.py ``Clock._gp_cleanup``); ``mt`` keeps only 6.1's
maple-tree node frees at each exec (kernel/fork.py ``Processes.mt_free_rcus``);
``off`` neither (session 38's model). Prints, per case and kernel, how many values
disagree with the recording and the first few (tools/sizes/rcu_gp_sweep.py
``report``); one mode a process.

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_stock39_whatif.py both|kthread|mt|off CASE[:KERNEL]...
"""
from __future__ import annotations

import os
import sys

import memcgsim.kernel as kernel
from memcgsim.kernel import fork

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rcu_gp_sweep import report  # noqa: E402  (tools/sizes/)

MODES = ("both", "kthread", "mt", "off")


def patch(mode: str) -> None:
    """Turn off what ``mode`` leaves out."""
    if mode in ("mt", "off"):
        init = kernel.KernelCore.__init__

        def init_unplaced(self, *args, **kw):
            init(self, *args, **kw)
            self.clock.gp_kthread_wake = None
        kernel.KernelCore.__init__ = init_unplaced      # type: ignore[method-assign]
    if mode in ("kthread", "off"):
        fork.Processes.mt_free_rcus = lambda self, cpu: None    # type: ignore[method-assign]


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
