"""What SLUB did with a few caches over a script, CPU by CPU: the guest's trace
(tools/sizes/slab-kept-trace.sh) or the model's run of the same script
(docs/fidelity.md items 165, session 32 slab32).

    python3 tools/sizes/slab_kept_trace.py REC.txt [--events]
    PYTHONPATH=src python3 tools/sizes/slab_kept_trace.py --model SCRIPT KERNEL CPUS [CACHE...]

Per cache and CPU: objects allocated (``alloc``) and freed (``free``: the guest's
kmalloc/kfree tracepoints; not counted in the model, whose fast paths are inlined
in kernel/slab.py), frees that took ``__slab_free`` (``sfree``, guest), slabs made
(``new``) and discarded (``dis``), slabs put on a CPU's partial list by a free
(``pcp1``, ``put_cpu_partial(drain=1)``) or by ``get_partial_node`` (``pcp0``), the
partial lists unfrozen (``ufp``); then the slabs made less those discarded, and
SLUB's lists at the start and end. ``--events`` prints the guest's slab events
(one line each, objects folded into counts between them).
"""
from __future__ import annotations

import collections
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slub_events import slub_events  # noqa: E402  (this folder's)

EVENTS = ("alloc", "free", "new", "dis", "pcp1", "pcp0", "ufp", "sfree")
#: kmalloc's size classes by ``bytes_alloc``
KMALLOC = {n: f"kmalloc-{n}" for n in (8, 16, 32, 64, 96, 128, 192, 256, 512)}
KMALLOC.update({1024: "kmalloc-1k", 2048: "kmalloc-2k", 4096: "kmalloc-4k", 8192: "kmalloc-8k"})
LINE = re.compile(r"^kt (\d+) (\d+) (\S+) (\S+)(.*)$")


def _arg(args: str, key: str) -> str | None:
    m = re.search(rf"\b{key}=(\S+)", args)
    return m.group(1) if m else None


def _name(args: str) -> str | None:
    n = _arg(args, "name")
    return n.strip('"') if n else None


def guest(path: str, show: bool = False) -> tuple[collections.Counter, list]:
    """(cache, event, cpu) -> count, and the lists lines of a guest trace."""
    counts: collections.Counter = collections.Counter()
    lists = []
    owner: dict[str, str] = {}      # a live kmalloc pointer -> its cache
    for raw in open(path, errors="replace"):
        if raw.startswith("kt: lists "):
            lists.append(raw[4:].rstrip())
            continue
        m = LINE.match(raw)
        if not m:
            continue
        cpu, usecs, ev, task, args = int(m[1]), m[2], m[3], m[4], m[5]
        if ev in ("kmalloc", "kmalloc_node"):
            c = KMALLOC.get(int(_arg(args, "bytes_alloc") or 0))
            ptr = _arg(args, "ptr")
            if c and ptr:
                owner[ptr] = c
                counts[(c, "alloc", cpu)] += 1
            continue
        if ev == "kfree":
            c = owner.pop(_arg(args, "ptr") or "", None)
            if c:
                counts[(c, "free", cpu)] += 1
            continue
        c = _name(args)
        if c is None:
            if show and ev in ("alloc", "offline", "released", "free", "cssfree",
                               "cgroup_mkdir", "cgroup_rmdir", "cgroup_release",
                               "sched_migrate_task"):
                print(cpu, usecs, ev, task, args.strip()[:100])
            continue
        key = {"nslab": "new", "pcp": "pcp1" if _arg(args, "drain") == "1" else "pcp0",
               "ufp": "ufp", "dis": "dis", "sfree": "sfree", "dea": "dea"}.get(ev)
        if key:
            counts[(c, key, cpu)] += 1
            if show:
                print(cpu, usecs, key, c, task, args.strip()[:100])
    return counts, lists


def model(script: str, design: str, cpus: int, caches: list[str]) -> tuple[collections.Counter, list]:
    """The same counts from the model's run of ``script`` (the oracle's guest: busybox
    init and userland, cgroup v2)."""
    from pathlib import Path

    import memcgsim

    counts: collections.Counter = collections.Counter()
    names: dict[int, str | None] = {}
    kernels: list = []

    def cache_of(sl) -> str | None:
        name = names.get(id(sl))
        if name is None:
            for k in kernels:
                for c in caches:
                    kc = k.slab.caches.get(c)
                    if kc is not None and kc.slub is sl:
                        names[id(sl)] = name = c
        return name

    def on_event(sl, ev, cpu, in_alloc):
        c = cache_of(sl)
        if c is not None and (ev != "new" or in_alloc):     # not the boot's seed
            counts[(c, ev, cpu)] += 1

    from memcgsim.machine import Kernel as K
    init = K.__init__

    def kinit(self, *a, **kw):
        init(self, *a, **kw)
        kernels.append(self)
    K.__init__ = kinit
    try:
        with slub_events(on_event):
            r = memcgsim.run(Path(script), kernel=design, cgroup="v2", cpus=cpus,
                             init="busybox", userland="busybox")
    finally:
        K.__init__ = init
    sys.stdout.write(r.stdout)
    lists = []
    for c in caches:
        kc = r.kernel.slab.caches.get(c)
        if kc is None:
            continue
        sl = kc.slub
        lists.append(f"lists end {c} | slabs {sl.nr_slabs()} | partial {len(sl.node_partial)} | "
                     "cpu " + " ".join(
                         f"C{cpu}=slab:{'-' if s is None else sl.objects - sl.inuse[s]} free"
                         f",partial:{len(sl.cpu_partial.get(cpu, []))}"
                         for cpu, s in enumerate(sl.cpu_slab)))
    return counts, lists


def report(counts: collections.Counter, lists: list) -> None:
    """Print the counts by cache and CPU, and the lists."""
    caches = sorted({c for c, _, _ in counts})
    cpus = sorted({cpu for _, _, cpu in counts})
    for c in caches:
        print(f"== {c}")
        for cpu in cpus:
            row = "  ".join(f"{e} {counts[(c, e, cpu)]}" for e in EVENTS)
            print(f"   CPU {cpu}: {row}")
        made = sum(counts[(c, "new", cpu)] - counts[(c, "dis", cpu)] for cpu in cpus)
        print(f"   slabs made less discarded: {made}")
    for line in lists:
        print(line)


def main(argv: list[str]) -> int:
    """Read a trace, or run the model."""
    if not argv:
        print(__doc__)
        return 2
    if argv[0] == "--model":
        script, design, cpus = argv[1], argv[2], int(argv[3])
        caches = argv[4:] or ["kmalloc-1k", "kmalloc-2k", "kmalloc-4k"]
        report(*model(script, design, cpus, caches))
        return 0
    report(*guest(argv[0], "--events" in argv))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
