"""What-if for docs/fidelity.md item 391 (session 42, slab42): where a waiting shell
resumes after its child's exit, the kernel threads' occupancy drawn where the guests
show it. The model draws ``KTHREAD_BUSY_P`` (kernel/sched.py) for the only idle CPU
besides the waker's at every wake-up, so a shell whose child exits on the other CPU
finds its own CPU taken a third of the time and resumes on the child's: on the 2-CPU
guests that happened 2 times in 108 (5.10) and 0 in 122 (6.1)
(tools/sizes/shell_wakes.py on tools/sizes/recordings/place-trace-comsub-pipe-cpus--
K-v2-2cpu.txt.gz: "exited waker, placed, moved / stayed (waker elsewhere)"), 5 in 94
in calibration/shell-wakeup-timed.sh's trace (docs/kernel-facts.md F21). Patched
here (a measurement, not a model):

- ``stay``: at an exiting child's wake-up of its parent from another CPU, the
  parent's own CPU (idle while it waited) is taken with :data:`SLEEPER_P`, the
  guests' 7 of 324, in place of ``KTHREAD_BUSY_P``;
- ``fork`` (with ``stay``): a fork finds each idle CPU but its parent's taken with
  the draw the model makes at wake-ups (``KTHREAD_BUSY_P`` when it is the only
  one, else ``KTHREAD_BUSY_SPREAD_P``): F21's reading of the guests' 1423 of 4000
  commands run on the shell's own CPU, a fork's look.

    PYTHONPATH=src python3 tools/sizes/exit_wake_whatif.py {stay|fork} [slab_sweep.py's options]
    PYTHONPATH=src python3 tools/sizes/exit_wake_whatif.py {stay|fork} --wakes SCRIPT K CGROUP CPUS SEEDS

With ``--wakes``, model_shell_wakes.py's counts under the patch (its options after
the script: ``--kernel K --cgroup C --cpus N --seeds S``); otherwise
tools/sizes/slab_sweep.py's lines under it.
"""
from __future__ import annotations

import os
import sys

from memcgsim import machine
from memcgsim.kernel import sched as S

HERE = os.path.dirname(os.path.abspath(__file__))
#: the guests' exits on another CPU that found the waiting shell's CPU taken:
#: 2 of 108 (5.10) and 0 of 122 (6.1) in the comsub-pipe-cpus traces, 5 of 94 in
#: the cover letter's timed loop (5.10)
SLEEPER_P = 7 / 324
_ctx: dict = {}


def _wake_parent(orig):
    def wake(self, parent, child):
        _ctx["exit"] = (parent, parent.cpu)
        try:
            return orig(self, parent, child)
        finally:
            _ctx.pop("exit", None)
    return wake


def _idle(orig):
    def idle(self, cpu, waker=-1):
        ex = _ctx.get("exit")
        if ex is not None and cpu == ex[1] and waker != cpu and waker >= 0:
            now = self.k.clock.now_ns
            if self.busy_until[cpu] > now:
                return False
            return self.krng.random() >= SLEEPER_P
        return orig(self, cpu, waker)
    return idle


def _fork(orig):
    def fork(self, parent, allowed=None):
        nr = self.k.nr_cpus
        if parent is None or nr == 1:
            return orig(self, parent, allowed)
        now = self.k.clock.now_ns
        busy = self.busy_until
        idle = [c for c in range(nr) if c != parent.cpu and busy[c] <= now]
        p = S.KTHREAD_BUSY_P if len(idle) == 1 else S.KTHREAD_BUSY_SPREAD_P
        taken = [c for c in idle if self.krng.random() < p]
        saved = [(c, busy[c]) for c in taken]
        for c in taken:
            busy[c] = now + 1
        try:
            return orig(self, parent, allowed)
        finally:
            for c, b in saved:
                if busy[c] == now + 1:
                    busy[c] = b
    return fork


def install(mode: str) -> None:
    """Patch the model: ``stay``, or ``fork`` (with ``stay``)."""
    machine.Kernel.wake_up_parent = _wake_parent(machine.Kernel.wake_up_parent)
    S.Sched.available_idle_cpu = _idle(S.Sched.available_idle_cpu)
    if mode == "fork":
        S.Sched.select_task_rq_fork = _fork(S.Sched.select_task_rq_fork)


def main(argv: list) -> int:
    """The sweep, or the wake-up counts, under the patch."""
    if not argv or argv[0] not in ("stay", "fork"):
        print(__doc__, file=sys.stderr)
        return 2
    install(argv[0])
    sys.path.insert(0, HERE)
    if argv[1:2] == ["--wakes"]:
        import model_shell_wakes
        return model_shell_wakes.main(argv[2:])
    import slab_sweep
    return slab_sweep.main(argv[1:])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
