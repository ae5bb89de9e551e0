"""Session 38 (branch place38, docs/fidelity.md item 292): at ``pace sched`` (the
scheduler's PELT clock at the guest's pace), how often a fork's walk
(``Sched.select_task_rq_fork``) still finds a dead command's utilization counted on
a CPU (``cfs_rq->removed`` not yet applied: ``Sched.pending``), and on how many
CPUs; and how many of the CPUs it passes over read above 0 with their removals
applied (the kernel work the commands left, ``KWORK_NS``), so whether the exit's
removal can decide a placement there.

    PYTHONPATH=src .venv/bin/python tools/sizes/exit_pending_pace.py CASE:KERNEL...

Each case is run as the conformance test runs it with ``pace sched`` at its first
recorded run's pace; only the paced run is counted.
"""
from __future__ import annotations

import os
import sys

from memcgsim.api import read_script
from memcgsim.kernel import sched
from memcgsim.oracle.cli import run_model
from memcgsim.oracle.record import load_suite, read_recording

_ORIG = sched.Sched.select_task_rq_fork
STATS: dict = {}


def _walk(self, parent, allowed=None):
    """The fork's walk as it is, counting what it read first."""
    if parent is not None and self.k.nr_cpus > 2 and self.pace != 1.0:
        tp = self.pelt_now()
        if tp >= self.next_blocked:
            self._update_blocked(tp)
        STATS["forks"] += 1
        STATS["pace"] = round(self.pace, 2)
        STATS["KWORK units"] = round(sched.KWORK_NS * self.k.clock.pace * self.pace
                                     * sched.UTIL_PER_RUN_NS, 1)
        pend = [c for c in self.pending if c != parent.cpu]
        if pend:
            STATS["with pending"] += 1
            STATS["pending CPUs"] += len(pend)
            # a pending CPU that would read above 0 without its removals
            t = tp / sched.PELT_HALFLIFE_NS
            for c in pend:
                u = self.cpu_util(c, tp) - sum(2.0 ** (k0 - t) for k0, _ in self.removed[c])
                if int(u) > 0:
                    STATS["pending, > 0 without them"] += 1
    return _ORIG(self, parent, allowed)


def main(argv: list[str]) -> int:
    """Run the cases, print the counts."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    sched.Sched.select_task_rq_fork = _walk
    cases = {c.name: c for c in load_suite()}
    for spec in argv:
        name, _, kern = spec.partition(":")
        case = cases[name]
        rec = read_recording(case.recording(kern))
        run = rec.runs[0]
        STATS.clear()
        STATS.update({"forks": 0, "with pending": 0, "pending CPUs": 0,
                      "pending, > 0 without them": 0})
        run_model(read_script(case.script)[0], os.path.basename(case.script), rec.design,
                  rec.header.get("cgroup", case.cgroup), int(rec.header.get("cpus", 2)),
                  rec.header.get("boot", ""), guest_run_s=run.run_s,
                  mem=rec.header.get("mem", case.mem), sched_only=True)
        print(f"{spec} (guest {run.run_s} s): " + ", ".join(f"{k} {v}" for k, v in STATS.items()),
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
