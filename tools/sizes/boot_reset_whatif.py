"""What-if for docs/fidelity.md item 336 (session 40, slab40): SLUB's lists back at
their boot seed (kernel/sizes slub_boot, kernel/slub.py ``SlubLists.seed``) at the
script's first line, as tools/sizes/slub-boot-start.sh reads the guests' there.
The probes read the lists with init and the script's bash in use; the model seeds
them so, then execs init and forks and execs the script's bash from them. Here each
seeded cache's slabs get their seeded objects in use and places back when the
script starts, the slabs taken since are held full off the lists, and a later free
of an object made before the start is not counted below the seed (a measurement,
not a model).

    PYTHONPATH=src python3 tools/sizes/boot_reset_whatif.py [slab_sweep.py's options]
    PYTHONPATH=src python3 tools/sizes/boot_reset_whatif.py --run SCRIPT 5.10 2 v2

With ``--run``, the script's output on the model so reset; otherwise
tools/sizes/slab_sweep.py's lines under it.
"""
from __future__ import annotations

import os
import sys

from memcgsim.kernel import slub
from memcgsim.shell import interp

HERE = os.path.dirname(os.path.abspath(__file__))
SEEDED: dict = {}       # id(SlubLists) -> (the lists, their seed state)


def _seed(orig):
    def seed(self, boot):
        out = orig(self, boot)
        SEEDED[id(self)] = (self, (list(self.inuse), list(self.where), list(self.cpu_slab),
                                   {c: list(lst) for c, lst in self.cpu_partial.items()},
                                   dict(self.node_partial)))
        return out
    return seed


def reset(sl, state) -> None:
    """``sl``'s lists back at ``state``; its slabs made since held full."""
    inuse, where, cpu_slab, cpu_partial, node = state
    n = len(inuse)
    for sid in range(len(sl.inuse)):
        if sid < n:
            sl.inuse[sid], sl.where[sid] = inuse[sid], where[sid]
        elif sl.where[sid] != slub.GONE:
            sl.where[sid], sl.inuse[sid] = slub.FULL, sl.objects
    sl.cpu_slab = list(cpu_slab)
    sl.cpu_partial = {c: list(lst) for c, lst in cpu_partial.items()}
    sl.node_partial = dict(node)


def _free(orig):
    def free(self, cpu, placements):
        inuse = self.inuse
        return orig(self, cpu, [(sid, min(m, inuse[sid])) for sid, m in placements])
    return free


def _run(orig):
    def run(self, text, *a, **kw):
        # the first run of a shell: the script's, its bash forked and exec'd
        for sl, state in list(SEEDED.values()):
            reset(sl, state)
        SEEDED.clear()
        return orig(self, text, *a, **kw)
    return run


def install() -> None:
    """Patch the model: seeds remembered, reset as a script starts."""
    slub.SlubLists.seed = _seed(slub.SlubLists.seed)
    slub.SlubLists.free = _free(slub.SlubLists.free)
    interp.Shell.run = _run(interp.Shell.run)


def main(argv: list) -> int:
    """Run one script (``--run``) or the sweep under the reset."""
    install()
    if argv[:1] == ["--run"]:
        from memcgsim.oracle.cli import run_model
        script, design, cpus = argv[1], argv[2], int(argv[3])
        cgroup = argv[4] if len(argv) > 4 else "v2"
        with open(script, encoding="utf-8") as f:
            print(run_model(f.read(), os.path.basename(script), design, cgroup, cpus).stdout,
                  end="")
        return 0
    sys.path.insert(0, HERE)
    import slab_sweep
    return slab_sweep.main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
