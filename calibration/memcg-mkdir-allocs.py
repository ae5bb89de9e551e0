"""What a mkdir and an rmdir of a memory cgroup allocate in kmalloc-32/-64/-1k/-4k,
vm_area_struct and kernfs_node_cache: the guests' trace (calibration/
memcg-mkdir-allocs.sh's recordings) beside the model's run of the same script
(session 43, slab43; docs/fidelity.md item 425).

    python3 calibration/memcg-mkdir-allocs.py REC.txt [REC.txt ...]     # the guests
    PYTHONPATH=src python3 calibration/memcg-mkdir-allocs.py --model 5.10 2 [--sites]

Per phase (4 operations each; ``noop``, a ``mkdir -p`` of the existing directory, and
``norm``, a failing ``rmdir``, are the busybox commands alone, so ``mkdir`` less
``noop`` and ``rmdir`` less ``norm`` are the cgroup's own) and cache, objects
allocated, and how many of them were not freed by the run's end (``kept``: the
guest's matched by pointer; the model's frees taken from a cache's latest objects,
an estimate). The model's objects are counted where SLUB places them (each cache's
``SlubLists.inuse`` moves, kernel/slub.py, and the inline fast paths that write it),
the "call site" the first model function above the allocator (``--sites``); the
guest's by the trace's call sites (``--sites``, with who ran it and the CPU).
"""
from __future__ import annotations

import collections
import os
import sys

CACHES = ("kmalloc-32", "kmalloc-64", "kmalloc-1k", "kmalloc-4k", "vm_area_struct", "kernfs_node_cache")
PHASES = ("first", "noop", "mkdir", "rmdir", "norm", "after")
SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "memcg-mkdir-allocs.sh")
#: the guest's kmalloc sizes -> the cache (6.1's accounted ones: the -cg- twin)
KMALLOC = {"32": "kmalloc-32", "64": "kmalloc-64", "1024": "kmalloc-1k", "4096": "kmalloc-4k"}


def guest(path: str) -> tuple[collections.Counter, collections.Counter]:
    """(phase, cache) -> [allocated, kept]; (phase, cache, site, who) -> allocated."""
    tot: collections.Counter = collections.Counter()
    sites: collections.Counter = collections.Counter()
    with open(path, errors="replace") as f:
        for line in f:
            w = line.split()
            if not w or w[0] != "AL" or len(w) != 11:
                continue
            _, ph, ev, site, size, acct, _cpu, who, n, same, later = w
            n, same, later = int(n), int(same), int(later)
            if ev.startswith("kmalloc"):
                cache = KMALLOC.get(size)
                if cache and acct == "acct" and "6.1" in path:
                    cache = cache.replace("kmalloc-", "kmalloc-cg-")
            else:
                # a cache of the same slot size (5.10's event names none): not counted
                cache = ("vm_area_struct" if site.startswith("vm_area") else
                         "kernfs_node_cache" if site == "__kernfs_new_node" else None)
            if cache is None:
                continue
            tot[(ph, cache, "n")] += n
            tot[(ph, cache, "kept")] += n - same - later
            sites[(ph, cache, site, f"{who}@{int(_cpu.strip('[]'))}")] += n
    return tot, sites


class _Counting(list):
    """A cache's ``SlubLists.inuse`` that counts each object placed or freed."""
    __slots__ = ("name", "k", "sink")

    def __setitem__(self, i, v):
        d = v - list.__getitem__(self, i)
        sink = self.sink
        if d and sink["phase"] is not None and self.name is not None:
            sink["hit"](self, d)
        list.__setitem__(self, i, v)


def _site() -> str:
    f = sys._getframe(2)
    out = []
    while f is not None and len(out) < 2:
        fn = os.path.basename(f.f_code.co_filename)
        if fn not in ("slab.py", "slub.py", "memcg-mkdir-allocs.py"):
            out.append(f"{fn[:-3]}.{f.f_code.co_name}")
        f = f.f_back
    return "<".join(out)


def model(design: str, cpus: int) -> tuple[collections.Counter, collections.Counter]:
    """The model's run of the probe: the same counts as :func:`guest` (``kept``: the
    phase's objects still in use at the end)."""
    from memcgsim.kernel import slab as SL
    from memcgsim.oracle.cli import run_model
    from memcgsim.shell import builtins as B

    sink: dict = {"phase": None}
    tot: collections.Counter = collections.Counter()
    sites: collections.Counter = collections.Counter()
    shell_pid: list = []
    live: dict = collections.defaultdict(list)     # (cache) -> [phase of each live object]

    def who(k) -> str:
        t = k.current
        if t is None:
            return "none"
        if not shell_pid:
            shell_pid.append(t.pid)
        if t.pid == shell_pid[0]:
            return "sh"
        if t.comm in ("mkdir", "rmdir"):
            return "cmd"
        if getattr(t, "kthread", False):
            return "kthread"
        return "child" if t.comm == "bash" else "other"

    def hit(lst, d):
        name, ph = lst.name, sink["phase"]
        if d > 0:
            tot[(ph, name, "n")] += d
            t = lst.k.current
            sites[(ph, name, _site(), f"{who(lst.k)}@{t.cpu if t is not None else '-'}")] += d
            live[name] += [ph] * d
        else:
            # a free: the latest live objects of the cache first (SLUB's frees name
            # no phase; the count that matters is each phase's kept)
            q = live[name]
            for _ in range(-d):
                if q:
                    q.pop()
    sink["hit"] = hit

    orig_cache, orig_colon = SL.Slab.cache, B.BUILTINS[":"]

    def cache(self, name, *a, **kw):
        c = orig_cache(self, name, *a, **kw)
        sl = c.slub
        if type(sl.inuse) is not _Counting:
            n = _Counting(sl.inuse)
            n.name = name if name in CACHES or name.replace("-cg-", "-") in CACHES else None
            n.k, n.sink = self.k, sink
            sl.inuse = n
        return c

    def colon(sh, argv):
        if len(argv) >= 3 and argv[1] == "PHASE":
            sink["phase"] = argv[2] if argv[2] in PHASES else None
        return 0

    SL.Slab.cache = cache
    B.BUILTINS[":"] = (colon, orig_colon[1])
    try:
        text = open(SCRIPT).read()
        run_model(text, "memcg-mkdir-allocs.sh", design, "v2", cpus)
    finally:
        SL.Slab.cache, B.BUILTINS[":"] = orig_cache, orig_colon
    for name, q in live.items():
        for ph in q:
            tot[(ph, name, "kept")] += 1
    return tot, sites


def table(tot: collections.Counter) -> list[str]:
    """One line a cache: each phase's allocated/kept."""
    caches = sorted({c for _, c, _ in tot})
    out = ["cache | " + " | ".join(PHASES)]
    for c in caches:
        out.append(c + " | " + " | ".join(
            f"{tot[(p, c, 'n')]}/{tot[(p, c, 'kept')]}" for p in PHASES))
    return out


def main(argv: list[str]) -> int:
    """Print the guests' or the model's table (and call sites with ``--sites``)."""
    show_sites = "--sites" in argv
    argv = [a for a in argv if a != "--sites"]
    if argv[:1] == ["--model"]:
        if len(argv) != 3:
            print(__doc__, file=sys.stderr)
            return 2
        runs = [(f"model {argv[1]} {argv[2]} CPUs", model(argv[1], int(argv[2])))]
    else:
        runs = [(p, guest(p)) for p in argv]
    if not runs:
        print(__doc__, file=sys.stderr)
        return 2
    for label, (tot, sites) in runs:
        print(f"== {label}: allocated/kept (4 operations a phase)")
        print("\n".join(table(tot)))
        if show_sites:
            for (ph, c, site, w), n in sorted(sites.items()):
                print(f"  {ph} {c} {site} {w} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
