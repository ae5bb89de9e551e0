"""What pins each dying memory cgroup: an independent walk of every holder.

The walk reads the page table (``memcg_data`` of every page), the per-CPU stocks,
the obj_cgroups, the cgroup tree and the ID table; it never reads the css
reference counts, so a test can hold the two against each other. Each dying
cgroup is named as the kernel names it: its cgroup ID (the kernfs inode number,
``cgroup_id()``, what bpf and ``stat -c %i`` print) and its css ``serial_nr``.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import compress, islice
from typing import NamedTuple

from .cost import dying, dying_cost, give_back, idr_shares, memcg_cost
from ..kernel.cgroup import ONLINE
from ..kernel.memcontrol import MemCgroup, ObjCgroup
from ..kernel.page_alloc import (HANDLE_SHIFT, KIND_NAMES, MEMCG_DATA_KMEM,
                                 MEMCG_DATA_OBJCGS, PG_ANON, PG_BUFFER, PG_FILE, PG_SHMEM,
                                 PG_PGDIR, PG_SHMEM_ACTIVE, PG_SLAB)

#: per reference kind: what releases it, and which design frees the cgroup at rmdir instead
RELEASE = {
    "kmem page": ("the owning task exits (kernel stack and page tables are freed)",
                  "5.13: kmem pages charge an obj_cgroup that is reparented at rmdir "
                  "(b4e0b68fbd9d)"),
    "lazy mm": ("a user task is switched in on that CPU (finish_task_switch → mmdrop → "
                "pgd_free: the PGD then goes to that CPU's stock)",
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
    "css_set": ("its exited tasks are reaped (the parent's wait: release_task, then "
                "cgroup_free puts the css_set; one reference a css_set, however many "
                "tasks share it)",
                "none: an unreaped task keeps its css_set in every design"),
    "swap entries": ("the entries are freed: the task that maps them exits or touches "
                     "the pages (swap-in), or swapoff reads them back",
                     "none: a swap entry holds its memcg's ID in every design since v4.8 "
                     "(73f576c04b94); pages swapped out after rmdir record the nearest "
                     "online ancestor instead (1f47b61fb407)"),
    "cgwb": ("its wb is released: every inode attached to it is evicted (rm of the "
             "files, drop_caches 2, the inode shrinker), then two work items "
             "(cgwb_release_workfn and the wb_workfn it flushes)",
             "6.1 (v5.14, c22d70a162d3): a dying memcg's clean inodes are switched to an "
             "ancestor's wb at offline; dirty ones keep it until evicted"),
    "memcg id": ("css_offline runs (a grace period after rmdir), or later the swap "
                 "entries recorded with this memcg ID are freed",
                 "none: the ID is held until offline in every design"),
}

#: reference kinds that come and go on their own (a CPU's next charge drains a
#: stock): listed beside a pattern of pins, never part of it
TRANSIENT = frozenset({"stock"})


class Pin(NamedTuple):
    """One reference on a memcg, found at its holder."""
    ref: str                 # reference kind: a key of RELEASE ("kmem page", "page", ...)
    kind: str                # what holds it: "kernel-stack", "page-cache", "stock", ...
    pid: int | None = None   # the task owning the pages or the holder
    inode: int | None = None
    name: str | None = None  # slab cache, bpf map, child cgroup path, CPU, memcg ID
    pages: int = 0           # pages charged through this reference
    since_ns: int | None = None


@dataclass
class Holder:
    """The references one holder has on a dying memcg (one task's kernel-stack
    pages, one inode's page cache, one CPU's stock...)."""
    kind: str
    ref: str
    references: int
    pages: int
    bytes: int
    pid: int | None
    comm: str | None
    cmdline: str | None
    inode: int | None
    name: str | None
    since: float | None
    released_by: str
    freed_at_rmdir_by: str

    @property
    def what(self) -> str:
        """The holder in words: ``kernel-stack pages of pid 8 (sleep 3600)``."""
        if self.ref == "stock":
            return f"per-CPU charge cache of cpu {self.name} ({self.pages} pages)"
        if self.ref == "bpf map":
            return f"bpf map {self.name} (created by pid {self.pid})"
        if self.ref == "fsnotify group":
            return f"inotify instance of pid {self.pid}"
        if self.ref == "objcg":
            return f"reparented obj_cgroup of {self.name}"
        if self.ref == "css_set":
            return (f"css_set of pid {self.pid} ({self.cmdline or 'exited'}) and any "
                    "task that shares it")
        if self.ref == "child css":
            return f"{self.name} (its css holds the parent's)"
        if self.ref == "cgwb":
            return (f"cgroup writeback (bdi_writeback) of the memcg: {self.name} attached"
                    + ("" if self.inode is None else f" (e.g. inode {self.inode})"))
        if self.ref == "memcg id" and self.kind == "swap entries":
            return (f"swap entries of pid {self.pid} ({self.cmdline or 'exited'}): "
                    f"{self.pages} pages swapped out, recording memcg ID {self.name}")
        if self.ref == "memcg id":
            return f"memcg ID {self.name}"
        if self.kind == KIND_NAMES[PG_PGDIR] and self.name is not None:
            return (f"PGD pages of pid {self.pid} (exited), kept with its mm as {self.name}'s "
                    "lazy TLB mm")
        if self.kind == "ext4 metadata":
            return (f"ext4 metadata pages in the block device's buffer cache (inode "
                    f"{self.inode}; drop_caches skips them while a CPU's buffer-head "
                    "LRU holds them)")
        if self.inode is not None:
            return f"{self.kind} pages of inode {self.inode}"
        if self.kind == "slab":
            return f"slab pages of cache {self.name}"
        if self.name is not None and self.pid is not None:
            # faulted one by one (kernel/mmap.py): name is the memcg path then
            how = "made" if self.kind.startswith("COW") else "faulted"
            return (f"{self.kind} pages of pid {self.pid} ({self.comm or 'exited'}), {how} "
                    f"at t={self.since or 0:.6f} while in {self.name}")
        if self.cmdline is None:
            return f"{self.kind} pages of pid {self.pid} (exited)"
        return f"{self.kind} pages of pid {self.pid} ({self.cmdline})"


@dataclass
class PinGroup:
    """The holders of one reference kind on one dying memcg."""
    kind: str
    count: int
    holders: list[Holder] = field(default_factory=list)
    released_by: str = ""
    freed_at_rmdir_by: str = ""


@dataclass
class DyingCgroup:
    """A removed memory cgroup not yet freed, with every holder of a reference."""
    path: str
    cgroup_id: int           # kernfs inode number: cgroup_id(), what bpf prints
    css_serial: int          # the memory css's serial_nr
    memcg_id: int | None     # None once released (at offline, unless swap records it)
    state: str
    removed_at: float        # simulated seconds of the rmdir
    offline_seconds: float   # how long it has been dying
    pins: list[PinGroup]
    #: what it costs the host, in bytes (analysis/cost.py: pages charged to it, its
    #: structures and per-CPU areas)
    bytes: int = 0
    #: that cost split by who is charged (``Cost.as_dict``)
    cost: dict = field(default_factory=dict)
    #: what freeing it gives back to the host, as its share of freeing every dying
    #: cgroup (``GiveBack.as_dict``: the pages, and the Slab and Percpu SLUB and the
    #: per-CPU allocator let go)
    give_back: dict = field(default_factory=dict)

    @property
    def total(self) -> int:
        """References on it, every kind."""
        return sum(p.count for p in self.pins)

    @property
    def holders(self) -> list[Holder]:
        """Every holder, of every kind."""
        return [h for p in self.pins for h in p.holders]


def _page_pin(k, pfn: int, ref: str) -> Pin:
    mm = k.mem_map
    kind = mm.kind[pfn]
    owner, since = mm.page_owner[pfn]
    pages = 1 << mm.order[pfn]
    if kind in (PG_FILE, PG_SHMEM, PG_SHMEM_ACTIVE, PG_BUFFER):
        inode = k.filemap.pages.get(pfn)
        what = "ext4 metadata" if inode is not None and inode.bdev else KIND_NAMES[kind]
        return Pin(ref, what, inode=owner, pages=pages, since_ns=since)
    if kind == PG_SLAB:
        return Pin(ref, "slab", name=k.slab.by_id[owner].name, pages=pages, since_ns=since)
    site = k.mmap.describe(pfn) if kind == PG_ANON else None
    if site is not None:
        # a user page faulted one by one (kernel/mmap.py): its area, and the memcg
        # path of the faulting task at that moment
        area, path, how = site
        what = AREA_NAMES.get(area, area)
        return Pin(ref, f"COW copies of {what}" if how == "cow" else what, pid=owner,
                   name=path, pages=pages, since_ns=since)
    return Pin(ref, KIND_NAMES[kind], pid=owner, pages=pages, since_ns=since)


#: the areas of kernel/mmap.py's faulted pages, in words
AREA_NAMES = {"[heap]": "heap", "[stack]": "stack", "[data]": ".data/.bss"}


def walk_pins(k) -> dict[MemCgroup, dict[str, list[Pin]]]:
    """Every reference on every memcg, found by walking the holders themselves: for
    each memcg and reference kind, one :class:`Pin` per reference."""
    mc = k.memcg
    handles = mc.handles
    pins: dict[MemCgroup, dict[str, list[Pin]]] = defaultdict(lambda: defaultdict(list))
    mm = k.mem_map
    data = mm.memcg_data
    # the PGDs the CPUs' lazy TLB mms keep (kernel/fork.py LazyMm)
    lazy = {pfn: cpu for cpu, m in enumerate(k.procs.lazy_mm) if m is not None and m.pgd
            for pfn in m.pgd}
    # the pages with a memcg_data word (compress skips the others at C speed)
    for pfn in compress(range(1, len(mm.kind)), islice(data, 1, None)):
        word = data[pfn]
        if not mm.kind[pfn] or word & MEMCG_DATA_OBJCGS:
            continue
        obj = handles.get(word >> HANDLE_SHIFT)
        if isinstance(obj, MemCgroup):
            ref = "kmem page" if word & MEMCG_DATA_KMEM else "page"
            pin = _page_pin(k, pfn, ref)
            if pfn in lazy:
                pin = pin._replace(name=f"cpu {lazy[pfn]}")
            pins[obj][ref].append(pin)
    for cpu, stock in enumerate(mc.stocks):
        if stock.cached is not None:
            pins[stock.cached]["stock"].append(Pin("stock", "stock", name=str(cpu),
                                                   pages=stock.nr_pages))
    for m in k.remote.maps.values():
        if m.memcg is not None:
            pins[m.memcg]["bpf map"].append(Pin("bpf map", "bpf map", pid=m.creator,
                                                name=str(m.name or m.id)))
    for g in k.remote.groups.values():
        if g.memcg is not None:
            pins[g.memcg]["fsnotify group"].append(Pin("fsnotify group", "inotify",
                                                       pid=g.owner))
    if k.design.objcg_pins_memcg:
        for obj in handles.values():
            if isinstance(obj, ObjCgroup) and obj.origin is not obj.memcg:
                pins[obj.memcg]["objcg"].append(Pin("objcg", "objcg",
                                                    name=obj.origin.cgroup.path))
    for parent, children in k.memcg_children.items():
        for child in children:
            state = "dying" if child.state != ONLINE else "live"
            pins[parent]["child css"].append(Pin(
                "child css", f"{state} child", name=f"{state} child cgroup {child.cgroup.path}",
                since_ns=child.cgroup.created_at))
    # the memcgs' wbs (kernel/backing_dev.py): one reference each, for the inodes
    # attached to them
    for wb in k.cgwb.wbs.values():
        ino = min((i.ino for i in wb.inodes), default=None)
        pins[wb.memcg]["cgwb"].append(Pin("cgwb", "cgroup writeback", inode=ino,
                                          name=f"{len(wb.inodes)} inode"
                                          + ("" if len(wb.inodes) == 1 else "s")))
    # css_sets (kernel/css_set.py): one reference each on their memory css, held
    # for their tasks; named by their first task (a dying memcg's: exited ones)
    first: dict = {}
    for t in k.tasks.values():
        cset = t.cgroups
        if cset and cset.objs is not None and cset not in first:
            first[cset] = t
    for cset in k.csets.table.values():
        memcg = cset.memcg
        if cset.objs is None or memcg is None or memcg.cgroup is None \
                or memcg.cgroup.parent is None:
            continue
        t = first.get(cset)
        kind = "zombie task" if t is None or not t.alive else "task"
        pins[memcg]["css_set"].append(Pin(
            "css_set", kind, pid=None if t is None else t.pid,
            since_ns=None if t is None else t.forked_at))
    # swap entries recording a memcg's ID (kernel/swapfile.py), by the task whose
    # ptes hold them: each holds a reference on the ID, the ID one on the css
    swapped: dict = {}
    record = k.swap.record
    if record:
        for t in k.tasks.values():
            mm = t.mm
            if mm is None or not mm.swap:
                continue
            for e in mm.swap:
                m = record.get(e)
                if m is not None:
                    per = swapped.setdefault(m, {})
                    per[t.pid] = per.get(t.pid, 0) + 1
    for memcg in mc.idr.values():
        if memcg.id_ref:
            if memcg.offline_at is not None and memcg in swapped:
                for pid, n in swapped[memcg].items():
                    pins[memcg]["memcg id"].append(Pin("memcg id", "swap entries", pid=pid,
                                                       name=f"{memcg.id} (swap records)",
                                                       pages=n))
                continue
            why = "online state" if memcg.offline_at is None else "swap records"
            pins[memcg]["memcg id"].append(Pin("memcg id", "memcg id",
                                               name=f"{memcg.id} ({why})"))
    return pins


def _holders(k, ref: str, items: list[Pin]) -> list[Holder]:
    """Pins of one kind merged per holder, in a stable order."""
    rel, design = RELEASE.get(ref, ("", ""))
    if ref == "kmem page" and all(p.kind == "slab" for p in items):
        rel, design = RELEASE["slab page"]
    if ref == "kmem page" and all(p.kind == KIND_NAMES[PG_PGDIR] and p.name for p in items):
        rel, design = RELEASE["lazy mm"]
    if ref == "memcg id" and all(p.kind == "swap entries" for p in items):
        rel, design = RELEASE["swap entries"]
    merged: dict[tuple, list] = {}
    for p in items:
        key = (p.kind, p.pid, p.inode, p.name)
        acc = merged.get(key)
        if acc is None:
            merged[key] = [1, p.pages, p.since_ns]
        else:
            acc[0] += 1
            acc[1] += p.pages
            if p.since_ns is not None and (acc[2] is None or p.since_ns < acc[2]):
                acc[2] = p.since_ns
    out = []
    for (kind, pid, inode, name), (refs, pages, since) in sorted(
            merged.items(), key=lambda kv: tuple((x is None, x if isinstance(x, int) else 0,
                                                  str(x)) for x in kv[0])):
        t = k.tasks.get(pid) if pid is not None else None
        out.append(Holder(kind=kind, ref=ref, references=refs, pages=pages,
                          bytes=pages * k.page_size, pid=pid,
                          comm=t.comm if t is not None else None,
                          cmdline=" ".join(t.argv) if t is not None else None,
                          inode=inode, name=name,
                          since=None if since is None else round(since / 1e9, 6),
                          released_by=rel, freed_at_rmdir_by=design))
    return out


def dying_bytes(k) -> dict:
    """The bytes every dying memcg costs the host, in total, split by who is charged
    (analysis/cost.py)."""
    return dying_cost(k, dying(k)).as_dict()


def explain(k, path: str | None = None, pins=None) -> list[DyingCgroup]:
    """Every dying (removed, not yet freed) memory cgroup with its pins, oldest first
    (``pins``: a :func:`walk_pins` result of ``k`` as it is now, to reuse)."""
    if pins is None:
        pins = walk_pins(k)
    now = k.clock.now_ns
    out = []
    memcgs = sorted(dying(k), key=lambda m: (m.killed_at or 0, m.serial))
    _total, backs = give_back(k, memcgs)
    shares = idr_shares(k, memcgs)
    for m, back in zip(memcgs, backs):
        if path is not None and m.cgroup.path != path:
            continue
        groups = []
        for ref, items in sorted(pins.get(m, {}).items()):
            holders = _holders(k, ref, items)
            groups.append(PinGroup(ref, len(items), holders, holders[0].released_by,
                                   holders[0].freed_at_rmdir_by))
        killed = m.killed_at if m.killed_at is not None else now
        cost = memcg_cost(k, m, shares)
        out.append(DyingCgroup(
            path=m.cgroup.path,
            cgroup_id=m.cgroup.ino,
            css_serial=m.serial,
            memcg_id=m.id if k.memcg.idr.get(m.id) is m else None,
            state=m.state,
            removed_at=round(killed / 1e9, 6),
            offline_seconds=round((now - killed) / 1e9, 6),
            pins=groups,
            bytes=cost.total, cost=cost.as_dict(), give_back=back.as_dict()))
    return out


def holder_json(h: Holder) -> dict:
    """A holder as the JSON schema (docs/explain.schema.json) has it."""
    return {"kind": h.kind, "reference": h.ref, "references": h.references,
            "pid": h.pid, "comm": h.comm, "cmdline": h.cmdline, "inode": h.inode,
            "name": h.name, "pages": h.pages, "bytes": h.bytes, "since": h.since,
            "what": h.what, "released_by": h.released_by,
            "freed_at_rmdir_by": h.freed_at_rmdir_by}


def cgroup_json(d: DyingCgroup) -> dict:
    """A dying cgroup as the JSON schema has it."""
    return {"path": d.path, "cgroup_id": d.cgroup_id, "css_serial": d.css_serial,
            "memcg_id": d.memcg_id, "memcg_id_released": d.memcg_id is None,
            "state": d.state, "removed_at": d.removed_at,
            "dying_seconds": d.offline_seconds, "references": d.total, "bytes": d.bytes,
            "cost": d.cost, "give_back": d.give_back,
            "holders": [holder_json(h) for h in d.holders]}


def explain_json(k) -> list[dict]:
    """Every dying cgroup, with its structured holders."""
    return [cgroup_json(d) for d in explain(k)]
