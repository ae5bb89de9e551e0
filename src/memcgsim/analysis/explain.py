"""What pins each dying memory cgroup: an independent walk of every holder.

The walk reads the page table (``memcg_data`` of every page), the per-CPU stocks,
the obj_cgroups, the cgroup tree and the ID table; it never reads the css
reference counts, so a test can hold the two against each other.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from ..kernel.cgroup import FREED, ONLINE
from ..kernel.memcontrol import MemCgroup, ObjCgroup
from ..kernel.page_alloc import (HANDLE_SHIFT, KIND_NAMES, MEMCG_DATA_KMEM,
                                 MEMCG_DATA_OBJCGS, PG_FILE, PG_SHMEM, PG_SLAB)

#: per holder kind: what releases it, and which design frees the cgroup at rmdir instead
RELEASE = {
    "kmem page": ("the owning task exits (kernel stack and page tables are freed)",
                  "5.13: kmem pages charge an obj_cgroup that is reparented at rmdir "
                  "(b4e0b68fbd9d)"),
    "slab page": ("its last object is freed (the dcache shrinker, drop_caches)",
                  "5.9: one set of slab caches, objects charged through obj_cgroup "
                  "(9855609bde03)"),
    "page": ("the page is freed: its task exits, or reclaim, drop_caches or truncation "
             "drops it", "lru-reparent (proposal, 2026): LRU pages charge an obj_cgroup"),
    "stock": ("that CPU's stock is drained or refilled for another memcg",
              "none: per-CPU stocks pin briefly in every design"),
    "objcg": ("the reparented obj_cgroup's last object or page is freed",
              "5.14: reparented obj_cgroups no longer hold a css reference (9838354e16a2)"),
    "bpf map": ("the map is freed (its pin removed with rm, its last fd closed)",
                "6.1 (v6.0, 4201d9ab3e42) and seed-v1: bpf maps hold an obj_cgroup"),
    "fsnotify group": ("the inotify instance is closed (its process exits)",
                       "seed-v1: fsnotify groups hold an obj_cgroup (not merged)"),
    "child css": ("the dying child cgroup is freed", "the child's own pins decide"),
    "memcg id": ("css_offline runs (a grace period after rmdir), or later the swap "
                 "entries recorded with this memcg ID are freed",
                 "none: the ID is held until offline in every design"),
}


@dataclass
class PinGroup:
    """The holders of one reference kind on one dying memcg."""
    kind: str
    count: int
    #: holders grouped: {"what": description, "count": n, "owner": pid/inode or None}
    holders: list[dict] = field(default_factory=list)
    released_by: str = ""
    freed_at_rmdir_by: str = ""


@dataclass
class DyingCgroup:
    """A removed memory cgroup not yet freed, with every holder of a reference."""
    path: str
    memcg_id: int | None
    state: str
    offline_seconds: float
    pins: list[PinGroup]

    @property
    def total(self) -> int:
        """References held, of every kind."""
        return sum(p.count for p in self.pins)


def _page_desc(k, pfn: int) -> tuple:
    """(description, pid or inode) of a page, for grouping."""
    mm = k.mem_map
    kind = mm.kind[pfn]
    owner = mm.owner[pfn]
    if kind in (PG_FILE, PG_SHMEM):
        inode = k.filemap.page_owner.get(pfn, (None,))[0]
        if inode is not None and inode.bdev:
            return (f"ext4 metadata pages in the block device's buffer cache (inode {owner}; "
                    "drop_caches skips them while a CPU's buffer-head LRU holds them)"), owner
        return f"{KIND_NAMES[kind]} pages of inode {owner}", owner
    if kind == PG_SLAB:
        return f"slab pages of cache {k.slab.by_id[owner].name}", None
    t = k.tasks.get(owner)
    if t is None:
        return f"{KIND_NAMES[kind]} pages of pid {owner} (exited)", owner
    return f"{KIND_NAMES[kind]} pages of pid {owner} ({' '.join(t.argv)})", owner


def walk_pins(k) -> dict[MemCgroup, dict[str, list[tuple]]]:
    """Every reference on every memcg, found by walking the holders themselves: for
    each memcg and holder kind, one ``(description, owner)`` per reference."""
    mc = k.memcg
    handles = mc.handles
    pins: dict[MemCgroup, dict[str, list[tuple]]] = defaultdict(lambda: defaultdict(list))
    mm = k.mem_map
    data = mm.memcg_data
    for pfn in range(1, len(mm.kind)):
        word = data[pfn]
        if not word or not mm.kind[pfn] or word & MEMCG_DATA_OBJCGS:
            continue
        obj = handles.get(word >> HANDLE_SHIFT)
        if isinstance(obj, MemCgroup):
            kind = "kmem page" if word & MEMCG_DATA_KMEM else "page"
            pins[obj][kind].append(_page_desc(k, pfn))
    for cpu, stock in enumerate(mc.stocks):
        if stock.cached is not None:
            pins[stock.cached]["stock"].append(
                (f"per-CPU charge cache of cpu {cpu} ({stock.nr_pages} pages)", None))
    for m in k.remote.maps.values():
        if m.memcg is not None:
            pins[m.memcg]["bpf map"].append((f"bpf map {m.name or m.id} (created by pid "
                                             f"{m.creator})", m.creator))
    for g in k.remote.groups.values():
        if g.memcg is not None:
            pins[g.memcg]["fsnotify group"].append(
                (f"inotify instance of pid {g.owner}", g.owner))
    if k.design.objcg_pins_memcg:
        for obj in handles.values():
            if isinstance(obj, ObjCgroup) and obj.origin is not obj.memcg:
                pins[obj.memcg]["objcg"].append(
                    (f"reparented obj_cgroup of {obj.origin.cgroup.path}", None))
    for parent, children in k.memcg_children.items():
        for child in children:
            state = "dying" if child.state != ONLINE else "live"
            pins[parent]["child css"].append(
                (f"{state} child cgroup {child.cgroup.path} (its css holds the parent's)", None))
    for memcg in mc.idr.values():
        if memcg.id_ref:
            pins[memcg]["memcg id"].append(
                (f"memcg ID {memcg.id} ({'online state' if memcg.offline_at is None else 'swap records'})",
                 None))
    return pins


def explain(k, path: str | None = None) -> list[DyingCgroup]:
    """Every dying (removed, not yet freed) memory cgroup with its pins."""
    pins = walk_pins(k)
    now = k.clock.now_ns
    out = []
    dying = sorted((m for m in k.memcg.dying_memcgs() if m.state != FREED),
                   key=lambda m: (m.killed_at or 0, m.serial))
    for m in dying:
        if path is not None and m.cgroup.path != path:
            continue
        groups = []
        for kind, items in sorted(pins.get(m, {}).items()):
            rel, design = RELEASE.get(kind, ("", ""))
            if kind == "kmem page" and all(w.startswith("slab pages") for w, _ in items):
                rel, design = RELEASE["slab page"]
            counts: dict[tuple, int] = {}
            for item in items:
                counts[item] = counts.get(item, 0) + 1
            holders = [{"what": what, "count": n, "owner": owner}
                       for (what, owner), n in counts.items()]
            groups.append(PinGroup(kind, len(items), holders, rel, design))
        out.append(DyingCgroup(
            path=m.cgroup.path,
            memcg_id=m.id if k.memcg.idr.get(m.id) is m else None,
            state=m.state,
            offline_seconds=round((now - (m.killed_at or now)) / 1e9, 6),
            pins=groups))
    return out


def explain_json(k) -> list[dict]:
    """:func:`explain` as JSON-ready dicts (``memcgsim run --explain --json``)."""
    return [dict(asdict(d), total=d.total) for d in explain(k)]


def explain_text(k) -> str:
    """:func:`explain` as ``memcgsim run --explain`` prints it."""
    ds = explain(k)
    if not ds:
        return "no dying memory cgroups\n"
    lines = [f"{len(ds)} dying memory cgroup{'s' if len(ds) != 1 else ''}"]
    for d in ds:
        mid = f"memcg ID {d.memcg_id}" if d.memcg_id is not None else "memcg ID released"
        lines.append(f"{d.path}: {d.state}, {mid}, offline for {d.offline_seconds:.3f} s, "
                     f"{d.total} reference{'s' if d.total != 1 else ''}")
        for p in d.pins:
            lines.append(f"  {p.count} {p.kind} reference{'s' if p.count != 1 else ''}:")
            for h in p.holders[:5]:
                lines.append(f"    {h['count']} {h['what']}")
            if len(p.holders) > 5:
                lines.append(f"    ... and {len(p.holders) - 5} more holders")
            if p.released_by:
                lines.append(f"      released when {p.released_by}")
                lines.append(f"      freed at rmdir by: {p.freed_at_rmdir_by}")
    return "\n".join(lines) + "\n"


def prometheus(k) -> str:
    """Counts as Prometheus text exposition."""
    mc = k.memcg
    states = defaultdict(int)
    for obj in mc.handles.values():
        if isinstance(obj, MemCgroup):
            states[obj.state] += 1
    kinds = defaultdict(int)
    for m, by_kind in walk_pins(k).items():
        if m.state != ONLINE:
            for kind, items in by_kind.items():
                kinds[kind] += len(items)
    out = ["# HELP memcgsim_memory_cgroups Memory cgroups by css state.",
           "# TYPE memcgsim_memory_cgroups gauge"]
    out += [f'memcgsim_memory_cgroups{{state="{s}"}} {n}' for s, n in sorted(states.items())]
    out += ["# HELP memcgsim_dying_pins References on dying memory cgroups by holder kind.",
            "# TYPE memcgsim_dying_pins gauge"]
    out += [f'memcgsim_dying_pins{{kind="{kd}"}} {n}' for kd, n in sorted(kinds.items())]
    out += ["# HELP memcgsim_memcg_ids_in_use Memory cgroup IDs allocated.",
            "# TYPE memcgsim_memcg_ids_in_use gauge",
            f"memcgsim_memcg_ids_in_use {len(mc.idr)}",
            "# HELP memcgsim_num_cgroups num_cgroups of the memory line of /proc/cgroups.",
            "# TYPE memcgsim_num_cgroups gauge",
            f"memcgsim_num_cgroups {k.memory_root.nr_cgrps}"]
    return "\n".join(out) + "\n"


def tree_lines(k) -> list[dict]:
    """The memory cgroup hierarchy, live and dying, pre-order, with usage and pins."""
    pins = walk_pins(k)
    out = []

    def visit(m, depth):
        c = m.cgroup
        out.append({"path": c.path, "depth": depth, "state": m.state if c.removed or m.state != ONLINE else "online",
                    "usage_bytes": m.memory.usage * k.page_size,
                    "nr_descendants": c.nr_descendants,
                    "nr_dying_descendants": c.nr_dying_descendants,
                    "pins": {kind: len(v) for kind, v in sorted(pins.get(m, {}).items())
                             if kind not in ("child css", "memcg id")}})
        for child in k.memcg_children.get(m, ()):
            visit(child, depth + 1)

    visit(k.memcg.root_mem_cgroup, 0)
    return out


def tree_text(k) -> str:
    """:func:`tree_lines` as ``memcgsim run --tree`` prints it, indented by depth."""
    lines = []
    for row in tree_lines(k):
        name = row["path"].rsplit("/", 1)[-1] or "/"
        pins = ", ".join(f"{n} {kind}" for kind, n in row["pins"].items()) or "-"
        lines.append(f"{'  ' * row['depth']}{name}  [{row['state']}]  usage={row['usage_bytes']}"
                     f"  nr_descendants={row['nr_descendants']}"
                     f"  nr_dying_descendants={row['nr_dying_descendants']}  pins: {pins}")
    return "\n".join(lines) + "\n"
