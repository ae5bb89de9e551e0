"""A sweep for docs/fidelity.md item 269 (session 37, branch stock37): the
conformance cases whose reads race the css chain's grace periods, compared with their
recordings under tree RCU's rule on a guest-paced clock (kernel/clock.py
``Clock.rcu_due``), at several grace periods and ticks of the model's time, and with
``const`` the constant wait (``RCU_GP_NS`` None, ``RCU_GRACE_PERIOD_NS``).

    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_tree_sweep.py GP_MS/TICK_MS[/seen],...|const CASE[:KERNEL]...

``/seen``: without ``RCU_NOTICE`` (every callback numbered at its CPU's next tick,
as if the CPU had not seen the running grace period start). Run one CASE:KERNEL a
process for exact figures: a run's result was once seen to depend on the settings
of an earlier run in the same process (not chased).

Prints, per case, kernel and setting, how many values disagree and the first few
(``SWEEP_SHOW=N``). The model is otherwise unchanged.
"""
from __future__ import annotations

import os
import sys

from memcgsim.kernel import clock
from memcgsim.oracle.record import load_suite

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rcu_gp_sweep import compare  # noqa: E402  (tools/sizes/)


def main(argv: list[str]) -> int:
    """Run the sweep."""
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    settings = argv[0].split(",")
    cases = {c.name: c for c in load_suite()}
    for spec in argv[1:]:
        name, _, kern = spec.partition(":")
        case = cases[name]
        for kernel in ([kern] if kern else case.kernels):
            for st in settings:
                if st == "const":
                    clock.RCU_GP_NS = None
                else:
                    gp, tick, *rest = st.split("/")
                    clock.RCU_GP_NS = int(float(gp) * 1e6)
                    clock.RCU_TICK_NS = int(float(tick) * 1e6)
                    clock.RCU_NOTICE = rest != ["seen"]
                bad = compare(case, kernel)
                print(f"{name} {kernel} {st}: {len(bad)} disagree"
                      + "".join(f"\n    {b[:160]}" for b in bad[:int(os.environ.get("SWEEP_SHOW", "4"))]),
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
