"""A what-if for docs/fidelity.md item 283 (session 38, branch stock38): the guests'
grace periods run back to back, kept going by each process's own RCU frees that the
model does not queue (6.1's maple-tree nodes, ``mt_free_rcu``, about nine a process;
/proc's dentries and inodes). Here a grace period is asked for (kernel/clock.py
``Clock.rcu_due``, no callback) on designs with a maple tree (``mm_maple_tree``):

- ``exit``: at each ``Processes.exit_mm`` (an exit's or an exec's old mm);
- ``exec``: after each ``Processes.exec`` (the new image's VMA writes);
- ``off``: the model as it is.

Prints, per case and kernel, how many values disagree with the recording and the
first few (tools/sizes/rcu_gp_sweep.py ``compare``). The model is otherwise
unchanged; one CASE:KERNEL a process for exact figures.

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_traffic_whatif.py exit|exec|off CASE:KERNEL...
"""
from __future__ import annotations

import os
import sys

from memcgsim.kernel import fork

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rcu_gp_sweep import report  # noqa: E402  (tools/sizes/)


def patch(mode: str) -> None:
    """Ask for a grace period where ``mode`` says (see the module)."""
    procs = fork.Processes
    if mode == "exit":
        exit_mm = procs.exit_mm

        def exit_mm_gp(self, tsk, lazy=False):
            exit_mm(self, tsk, lazy)
            if self.k.design.mm_maple_tree:
                self.k.clock.rcu_due()
        procs.exit_mm = exit_mm_gp          # type: ignore[method-assign]
    elif mode == "exec":
        execve = procs.exec

        def exec_gp(self, tsk, *args, **kw):
            execve(self, tsk, *args, **kw)
            if self.k.design.mm_maple_tree:
                self.k.clock.rcu_due()
        procs.exec = exec_gp                # type: ignore[method-assign]
    elif mode != "off":
        raise SystemExit(f"unknown mode {mode!r}: exit, exec or off")


def main(argv: list[str]) -> int:
    """Run the what-if."""
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    patch(argv[0])
    report(argv[0], argv[1:])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
