"""What-if for docs/fidelity.md item 337 (session 40, slab40): dying-cost.sh
(tests/conformance/scripts) on the model with its `rm`'s unlinks run on the CPUs a
plan gives, the frees each unlink starts (the inode's, its page's uncharge and the
memcg's release, free work and RCU callbacks, all queued on the unlinking CPU) going
with it, as the 5.10 guest's rm moves between its CPUs
(tools/sizes/recordings/dying-cost-frees-trace--5.10-v2.txt: five migrations, 3/4 of
the unlinks on CPU 0). The model keeps rm on one CPU; this moves the running task's
``cpu`` by hand at each unlink (a measurement, not a model of the scheduler).

    .venv/bin/python tools/sizes/dying_cost_cpus_whatif.py [PLAN...]

PLAN: ``cpu:unlinks,...`` in order (default: one CPU, then the trace's split).
Prints each plan's "Slab freed per freed cgroup" (the guest's five runs: 7709, 7700,
8192, 7788, 7797; the case's tolerance 5 %).
"""
import os
import sys

from memcgsim.kernel import filemap
from memcgsim.oracle.cli import run_model

HERE = os.path.dirname(os.path.abspath(__file__))
SCRIPT = os.path.join(HERE, "..", "..", "tests", "conformance", "scripts", "dying-cost.sh")
PLANS = ["0:500", "1:125,0:375", "1:60,0:250,1:15,0:40,1:60,0:75"]


def freed_per_cgroup(plan: str) -> str:
    """The model's output line of Slab freed per freed cgroup under ``plan``."""
    cpus = [int(c) for part in plan.split(",") for c, n in [part.split(":")]
            for _ in range(int(n))]
    done = [0]
    orig = filemap.Filemap.unlink

    def unlink(self, inode, path, disk, fs=None):
        t = self.k.current
        if t is not None and t.comm == "rm" and done[0] < len(cpus):
            t.cpu = cpus[done[0]]
            done[0] += 1
        return orig(self, inode, path, disk, fs)
    filemap.Filemap.unlink = unlink
    try:
        with open(SCRIPT, encoding="utf-8") as f:
            out = run_model(f.read(), "dying-cost.sh", "5.10", "v2", 2).stdout
    finally:
        filemap.Filemap.unlink = orig
    return next(line for line in out.splitlines() if line.startswith("Slab freed"))


def main(argv: list) -> int:
    """Print one line a plan."""
    for plan in argv or PLANS:
        print(f"{plan}: {freed_per_cgroup(plan)}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
