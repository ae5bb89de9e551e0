"""The model's side of tools/sizes/kmalloc4k-lists-trace.sh (docs/fidelity.md item 124
of session 29, branch slab29): runs a conformance script on the model as the oracle's
guest boots and, each time the script reads /proc/meminfo (slabinfo-mkdir-batches.sh
reads it at every phase), prints SLUB's lists of the caches named: slabs (with the
boot's, kernel/sizes slub_boot), the node's partial slabs with the objects in use in
them and how many are empty, each CPU's slab's objects in use, each CPU's partial
list (slabs, the count at its head) and its slabs' objects in use.

    .venv/bin/python tools/sizes/slub_lists_model.py \\
        tests/conformance/scripts/slabinfo-mkdir-batches.sh 5.10 2 kmalloc-4k [v2] [SEED]
"""
import os
import sys

from memcgsim.fs import procmem
from memcgsim.oracle.cli import run_model


def lists(k, names: list, tag: str) -> None:
    """Print the lists of each cache of ``names`` the kernel ``k`` has made."""
    for name in names:
        c = k.slab.caches.get(name)
        if c is None:
            continue
        sl = c.slub
        node = list(sl.node_partial)
        inuse = sl.inuse
        cpu_partial = {cpu: (len(lst), lst[-1][1]) for cpu, lst in sorted(sl.cpu_partial.items())
                       if lst}
        print(f"{tag} {name} | slabs {sl.nr} (boot {c.boot_slabs}) | node {len(node)} "
              f"inuse {sum(inuse[s] for s in node)} empty {sum(1 for s in node if not inuse[s])}"
              f" | cpu {[None if s is None else inuse[s] for s in sl.cpu_slab]}"
              f" | cpu_partial {cpu_partial} inuse "
              f"{[[inuse[s] for s, _ in lst] for _, lst in sorted(sl.cpu_partial.items())]}")


def main(argv: list) -> int:
    if len(argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    script, design, cpus, names = argv[0], argv[1], int(argv[2]), argv[3].split(",")
    cgroup = argv[4] if len(argv) > 4 else "v2"
    seed = int(argv[5]) if len(argv) > 5 else 0
    orig = procmem.meminfo
    reads = [0]

    def meminfo(k):
        lists(k, names, f"read{reads[0]}")
        reads[0] += 1
        return orig(k)
    procmem.meminfo = meminfo
    for mod in list(sys.modules.values()):
        if mod is not None and mod is not procmem and getattr(mod, "meminfo", None) is orig:
            mod.meminfo = meminfo        # the modules that imported it by name
    with open(script, encoding="utf-8") as f:
        text = f.read()
    r = run_model(text, os.path.basename(script), design, cgroup, cpus, seed=seed)
    print(r.stdout, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
