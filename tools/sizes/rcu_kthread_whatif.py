"""A what-if for docs/fidelity.md item 282's left part (session 38, branch stock38):
the grace-period kthread's CPU at 2 CPUs and more. Each grace period the model starts
is given a kthread CPU drawn from a seeded stream (uniform over the CPUs: the guests'
kthread ended about half the grace periods on the queuing CPU at 2 CPUs, item 282's
table); a callback queued while a grace period runs whose CPU (the running task's,
``KernelCore.current``) is that one's kthread CPU is numbered at its end
(kernel/clock.py ``Clock.rcu_due`` with ``on_gp_kthread_cpu``), the others as item
269's rule. Prints, per case and kernel, how many values disagree with the recording
(tools/sizes/rcu_gp_sweep.py ``compare``); ``off``: the model as it is.

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_kthread_whatif.py draw|off CASE[:KERNEL]...
"""
from __future__ import annotations

import os
import random
import sys

import memcgsim.kernel as kernel
from memcgsim.kernel import clock

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rcu_gp_sweep import report  # noqa: E402  (tools/sizes/)

#: per clock: its kernel, a seeded stream, and each grace period's kthread CPU by start
_STATE: dict[int, list] = {}


def patch() -> None:
    """Give each grace period a kthread CPU and number its own CPU's callbacks at its
    end."""
    init = kernel.KernelCore.__init__

    def init_keep(self, *args, **kw):
        init(self, *args, **kw)
        _STATE[id(self.clock)] = [self, random.Random(self.seed ^ 0x72637567), {}]
    kernel.KernelCore.__init__ = init_keep      # type: ignore[method-assign]
    rcu_due = clock.Clock.rcu_due

    def rcu_due_drawn(self):
        st = _STATE.get(id(self))
        if st is None or st[0].nr_cpus == 1:
            return rcu_due(self)
        k, rng, kcpu = st
        now = self.now_ns
        running = None
        if self.gp_start <= now < self.gp_end:
            running = self.gp_start
        elif self.gp_prev_start <= now < self.gp_prev_end:
            running = self.gp_prev_start
        cur = getattr(k, "current", None)
        cpu = getattr(cur, "cpu", None)
        self.on_gp_kthread_cpu = (running is not None and cpu is not None
                                  and kcpu.get(running) == cpu)
        try:
            due = rcu_due(self)
        finally:
            self.on_gp_kthread_cpu = False
        for start in (self.gp_start, self.gp_prev_start):
            if start >= 0 and start not in kcpu:
                kcpu[start] = rng.randrange(k.nr_cpus)
        return due
    clock.Clock.rcu_due = rcu_due_drawn         # type: ignore[method-assign]


def main(argv: list[str]) -> int:
    """Run the what-if."""
    if len(argv) < 2 or argv[0] not in ("draw", "off"):
        sys.stderr.write(__doc__)
        return 2
    if argv[0] == "draw":
        patch()
    report(argv[0], argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
