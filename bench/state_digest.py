"""A digest of the whole model's state after a churn run or the seed loop, to check
that a speed change changes no behaviour: run it on two trees and compare the lines.

Run: ``PYTHONPATH=TREE/src python bench/state_digest.py churn DESIGN LIFECYCLES CPUS
[--mem SIZE]`` (the host's RAM, default the guests' 1G: reclaim from ~4,000 lifecycles on)
or ``... bench/state_digest.py seed DESIGN ITERATIONS`` (cgroup v1), or ``... script
DESIGN ITERATIONS``: the cover letter's script (``--script``, default
../shared/seed/kmem_test.sh) with that many iterations, run by the shell (``memcgsim.run``: its output digested too). Prints the
digest of ``Engine.run()``'s result (churn), of /proc/meminfo, vmstat, slabinfo and
cgroups, and of the ``Kernel`` object graph: every object reachable from it (slots,
instance dicts, lists, tuples, dicts in their order, arrays and bytearrays by value;
functions by name, ids (``id()`` keys) and sets of objects by size only, as their
order is the heap's), numbered in the order of a depth-first walk. ``--skip A,B``:
attributes left out (a cache a change adds on purpose), by name or as
``Class.attr``.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import types
from array import array

_LEAF = (type(None), bool, int, float, str, bytes)
_CODE = (types.FunctionType, types.BuiltinFunctionType, types.MethodType, type,
         types.ModuleType)


def graph_digest(root, skip: frozenset = frozenset()) -> tuple[str, int]:
    """(sha256 of the object graph from ``root``, objects walked)."""
    h = hashlib.sha256()
    seen: dict[int, int] = {}
    keep = []           # the walked objects stay alive: their ids stay unique
    stack: list = []

    def ref(o) -> str:
        if type(o) is int and o > 1 << 44:
            return "ID"                 # an id() used as a key
        if isinstance(o, _LEAF):
            return repr(o)
        if isinstance(o, _CODE):
            return "F:" + getattr(o, "__qualname__", getattr(o, "__name__", "?"))
        i = seen.get(id(o))
        if i is None:
            i = seen[id(o)] = len(seen)
            stack.append(o)
            keep.append(o)
        return f"#{i}"

    def w(s: str) -> None:
        h.update(s.encode() + b"\0")

    ref(root)
    while stack:
        o = stack.pop()
        t = type(o)
        w(f"{seen[id(o)]}:{t.__name__}")
        if isinstance(o, array):
            w(o.typecode + repr(o.tolist()))
        elif isinstance(o, (bytearray, memoryview)):
            w(bytes(o).hex())
            continue
        elif isinstance(o, dict):
            for k, v in list(o.items()):
                w(ref(k) + "->" + ref(v))
            continue
        elif isinstance(o, (set, frozenset)):
            w(f"set{len(o)}:" + ",".join(sorted(repr(x) for x in o
                                               if isinstance(x, (int, str, float, tuple)))))
            continue
        elif isinstance(o, (list, tuple, range)):
            w(",".join(ref(x) for x in o))
            if t in (list, tuple, range):
                continue
        names = [s for c in t.__mro__ for s in c.__dict__.get("__slots__", ())
                 if isinstance(s, str)]
        names += list(getattr(o, "__dict__", None) or ())
        for s in names:
            if s in skip or s.startswith("__") or f"{t.__name__}.{s}" in skip:
                continue
            try:
                v = getattr(o, s)
            except AttributeError:
                w(s + "=<unset>")
                continue
            w(s + "=" + ref(v))
    return h.hexdigest(), len(seen)


def _short(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("churn", "seed", "script"))
    ap.add_argument("design")
    ap.add_argument("n", type=int)
    ap.add_argument("cpus", type=int, nargs="?", default=2)
    ap.add_argument("--skip", default="")
    ap.add_argument("--listed-links", action="store_true",
                    help="zero the LRU links of pages on no list (stale) before the graph")
    ap.add_argument("--mem", default="",
                    help="the host's RAM for churn (e.g. 256M; default the guests' 1G, "
                         "whose watermarks wake kswapd from ~4,000 lifecycles on)")
    ap.add_argument("--script", default=os.path.join(os.path.dirname(__file__), "..", "..",
                                                     "shared", "seed", "kmem_test.sh"),
                    help="the seed script (for script)")
    a = ap.parse_args()
    skip = frozenset(filter(None, a.skip.split(",")))
    if a.what == "churn":
        from memcgsim.workload import engine
        from memcgsim.workload.presets import lifecycle_bench
        wl = lifecycle_bench()
        wl.jobs[0].max_instances = a.n
        wl.jobs[0].keep_files = True
        wl.mem = a.mem
        wl.sample_interval = float(max(1, a.n // 4))
        e = engine.Engine(wl, a.design, cpus=a.cpus, hours=(a.n + 2) / 3600)
        res = e.run()
        print("result", _short(json.dumps(res, sort_keys=True, default=repr)))
        k, task = e.k, e.mgr
    elif a.what == "script":
        import memcgsim
        with open(a.script) as f:
            text = f.read().replace("range{1..500}", f"range{{1..{a.n}}}")
        r = memcgsim.run(text, kernel=a.design, cgroup="v1", cpus=a.cpus)
        print("output", _short(repr((r.stdout, r.stderr, r.status))))
        k = r.kernel
        task = k.task(1)
    else:
        from memcgsim import Kernel
        from memcgsim.workload.seed import seed_loop
        k = Kernel(design=a.design, cgroup="v1", nr_cpus=a.cpus)
        task, _ = seed_loop(k, a.n)
    for p in ("/proc/meminfo", "/proc/vmstat", "/proc/slabinfo", "/proc/cgroups"):
        print(p, _short(k.read(p, task)))
    _as_before(k)
    if a.listed_links:
        _listed_links_only()
    print("graph", *graph_digest(k, skip))


def _as_before(k) -> None:
    """Every memcg's pending list (an online memcg's: kernel/vmstat.py
    ``pending_vector``) and shared tuple (an offline memcg's:
    ``RstatStats.pack_offline``) written as the array it was before (4 bytes an
    item, else 8), and the table of shared ones emptied, and every memcg's shared
    empty ``objcg_list``, unwritten file's shared empty ``data`` and killed css's
    and objcg's shared holder counts a list, bytearray or dict of its own, every
    cache's CPU slabs a dict in CPU order and every removed cgroup's csses a
    dict, and every :class:`SlabSpecs` free memo's states without their summed
    ``MEMCG_KMEM`` (a fifth item since session 29), and every ext4
    filesystem's groups and one-block records lists of all, and every page's
    ``page_owner`` record a tuple of its own, so that digests of
    trees before and after compare (with ``--skip shared_holders``).
    (The kernel is not used after this.)"""
    import gc
    from memcgsim.kernel import cgroup, filemap, memcontrol, slab, slub, vmstat
    # SlabSpecs.uncharges: (bytes, charged, held, pages) before, the pages' sum
    # negated after them since (slab.py ``_uncharge_specs``)
    for o in gc.get_objects():
        if type(o) is slab.SlabSpecs:
            for key, after in o.uncharges.items():
                o.uncharges[key] = after[:4]
    # SLUB's CPU slabs: a dict by CPU before, a list by CPU since (kernel/slub.py
    # SlubLists.cpu_slab): both written as a dict in CPU order (the dict's order,
    # the CPUs' first slabs', was never read)
    for o in gc.get_objects():
        if type(o) is slub.SlubLists:
            cs = o.cpu_slab
            pairs = (cs.items() if type(cs) is dict
                     else [(cpu, sid) for cpu, sid in enumerate(cs) if sid is not None])
            o.cpu_slab = dict(sorted(pairs))  # type: ignore[assignment]
    # a removed cgroup's csses: its memory css in a RemovedSubsys (kernel/cgroup.py)
    # since, a dict before
    removed_subsys = getattr(cgroup, "RemovedSubsys", None)
    if removed_subsys is not None:
        for o in gc.get_objects():
            if type(o) is cgroup.Cgroup and type(o.subsys) is removed_subsys:
                o.subsys = dict(o.subsys)
    # an ext4 filesystem's groups: made at their first use since session 41 (None
    # until then, one-block records by group on demand), every one at the mount
    # before: both written as the lists they were (with ``--skip
    # nr_groups,Ext4Sb.layout``)
    from memcgsim.kernel import ext4
    if hasattr(ext4.Ext4Sb, "group"):
        for bdev in k.buffers.bdevs:
            sb = bdev.sb
            one = sb.one_block
            sb.groups = sb.all_groups()
            sb.one_block = [one.get(g) or (g, 1) for g in range(sb.nr_groups)]
    # page_owner: a record shared by the pages of one allocation call before, by
    # calls in a row with the same owner and time since session 42 (mem42): both
    # written as a record of its own a page (their values compared, not sharing)
    mm = k.mem_map
    mm.page_owner = [(r[0], r[1]) for r in mm.page_owner]
    mm._last_owner = (mm._last_owner[0], mm._last_owner[1])
    no_objcgs = getattr(memcontrol, "NO_OBJCGS", None)
    no_data = getattr(filemap, "NO_DATA", None)
    shared_holders = getattr(cgroup, "SharedHolders", None)
    if shared_holders is not None:
        # killed csses and objcgs share their holder counts (kernel/cgroup.py
        # SharedHolders): a dict of its own each before (the table: ``--skip
        # shared_holders``)
        for o in gc.get_objects():
            if isinstance(o, (cgroup.Css, memcontrol.ObjCgroup)) and (
                    type(o.holders) is shared_holders):
                o.holders = dict(o.holders)
    # a memcg without objcgs shares one empty tuple (kernel/memcontrol.py
    # NO_OBJCGS), an unwritten file one empty bytes (filemap.py NO_DATA): an empty
    # list or bytearray of its own before
    for o in gc.get_objects():
        if no_objcgs is not None and type(o) is memcontrol.MemCgroup and (
                o.objcg_list is no_objcgs):
            o.objcg_list = []
        elif no_data is not None and type(o) is filemap.Inode and o.data is no_data:
            o.data = bytearray()
    if not hasattr(vmstat, "packed_pending"):
        return
    for o in gc.get_objects():
        if type(o) is vmstat.MemcgStats and (
                type(o.pending) is list
                or (type(o.pending) is tuple and o.pending is not vmstat.ZERO_STATS)):
            o.pending = vmstat.packed_pending(o.pending)
        elif isinstance(o, vmstat.RstatStats) and hasattr(o, "shared"):
            del o.shared


def _listed_links_only() -> None:
    """Every LRU list's pages linked (kernel/lru.py ``LruList.link``: pages added
    are linked when the list is read), then the links of every page on no list
    zeroed: those are stale (``list_del`` poisons them), left by whichever list
    last held the page, and a list emptied before it was read never wrote them.
    With ``--listed-links`` in both trees, digests of trees before and after
    ``LruList.unlinked`` compare. (The kernel is not used after this.)"""
    import gc
    from memcgsim.kernel.lru import LruLinks, LruList
    lists = [o for o in gc.get_objects() if type(o) is LruList]
    listed = set()
    for lst in lists:
        listed.update(lst)              # (iteration links the unlinked pages)
    for o in gc.get_objects():
        if type(o) is LruLinks:
            for col in (o.next, o.prev):
                for pfn in range(len(col)):
                    if col[pfn] and pfn not in listed:
                        col[pfn] = 0


if __name__ == "__main__":
    main()
