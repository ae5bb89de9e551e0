"""Self-checks of the model: ``check_invariants(k)`` raises :class:`ModelBug` on any
break.

Every expected value is derived by an *independent walk* of the state the
references live in (the page table, the per-CPU stocks, the slab caches' objcg
vectors, per-CPU chunks, tasks, the cgroup registry), never by re-reading the
counters being checked. What is checked:

* references: every css/objcg that a page, a stock, a task, an objcg's
  ``.memcg``, ``handles``, ``memcg_children``, ``idr``, a slab object, a percpu
  chunk or a negative dentry refers to is not freed/released;
* reference counts: ``refcnt == sum(holders.values())``, no zero or negative
  holder, only known holder names, and each holder's count equals the number of
  holders found by the walk ("page", "kmem page", "stock", "memcg id", "objcg",
  "child css", "cgwb", "base"; objcg: "base", "kmem page", "slab object", "obj stock",
  "percpu"; self css: "base", "child cgroup", "memory css");
* page ownership: every allocated page is owned by exactly one of a task's mm
  (anon, page tables), a task's kernel stack, the per-CPU stack cache or the
  page cache, and its ``memcg_data`` matches its kind;
* the cgroup core's counters: ``nr_descendants``, ``nr_dying_descendants``,
  ``root->nr_cgrps``;
* page counters: ``memory.usage`` (and v1 ``memsw``, ``kmem``) against the charges
  attributed to each memcg (see :func:`_check_counters` for the exact relation);
* statistics: the LRU, kernel stack, page table, slab, percpu and kmem items of
  every memcg against the pages and objects found, counting what is still
  pending per CPU (nothing is flushed: checking must not change the state).

Two ways to run it. :func:`check_invariants` walks every page. :func:`check_changed`
(what ``Kernel(debug=True)`` runs after each call) costs what changed, not what is
allocated: the page table marks every pfn whose ``kind`` or ``memcg_data`` is
written (:meth:`MemMap.track`), and only those pages are visited; a
:class:`PageLedger` keeps each allocated page's key (``memcg_data``, kind, order)
and how many pages carry each key, from which the expected holders, charges and
statistics are derived exactly as in the full walk (never from the counters being
checked, so a counter that drifts from the pages is still caught at once).
Ownership is checked by counts (pages of a kind against what their owners hold),
a written LRU page is looked for on its list back from the tail, slab caches are
recounted when they allocated or freed (the held records' shares netted per
program), the cgroup core's expected counters are derived again only when what
they derive from moved (:meth:`_Checker.check_cgroups`), the split of the
handles into memcgs and objcgs and the memcgs' deepest-first order are kept while
they are the same objects, the cgroups' task lists are checked by count, and every
:data:`FULL_WALK_EVERY` checks the full walk runs and rebuilds the ledger.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from itertools import chain, compress, repeat
from operator import add, attrgetter, itemgetter, not_
from typing import TYPE_CHECKING, Any

from .bug import model_bug
from .cgroup import DYING, FREED, ONLINE, RELEASED, REMOVED_EMPTY
from .memcontrol import KMEM_ONLINE, MemCgroup, ObjCgroup
from .page_alloc import (HANDLE_SHIFT, KIND_NAMES, MEMCG_DATA_FLAGS_MASK, MEMCG_DATA_KMEM,
                         PG_ANON, PG_BUFFER, PG_FILE, PG_FREE, PG_KMALLOC, PG_KMEM,
                         PG_PGDIR, PG_PGTABLE, PG_SHMEM, PG_SHMEM_ACTIVE, PG_SLAB, PG_STACK)
from .filemap import page_cache_kind
from .page_counter import IDLE_COUNTER, PAGE_COUNTER_MAX
from .shrinker import SHRINK_EMPTY, ShrinkControl
from .xarray import XA_CHUNK_SHIFT
from .vmstat import (MEMCG_KMEM, MEMCG_PERCPU_B, NR_ACTIVE_ANON, NR_ACTIVE_FILE,
                     NR_ANON_MAPPED, NR_FILE_PAGES,
                     NR_INACTIVE_ANON, NR_INACTIVE_FILE, NR_KERNEL_STACK_KB, NR_PAGETABLE,
                     NR_SHMEM, NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B, NR_STAT_ITEMS,
                     PAGE_SIZE, PercpuBatchStats)

if TYPE_CHECKING:
    from . import KernelCore

#: remote chargers (kernel/remote.py) hold a memcg or an objcg under these names
REMOTE_HOLDERS = ("bpf map", "fsnotify group")
MEMCG_HOLDERS = frozenset(("base", "page", "kmem page", "stock", "memcg id", "objcg",
                           "child css", "css_set", "cgwb") + REMOTE_HOLDERS)
SELF_HOLDERS = frozenset(("base", "child cgroup", "memory css", "css_set"))
OBJCG_HOLDERS = frozenset(("base", "kmem page", "slab object", "obj stock", "percpu",
                           "page") + REMOTE_HOLDERS)

#: stat items that follow LRU pages (never reparented: exact for every memcg)
LRU_ITEMS = (NR_ANON_MAPPED, NR_FILE_PAGES, NR_SHMEM, NR_INACTIVE_ANON, NR_ACTIVE_ANON,
             NR_INACTIVE_FILE, NR_ACTIVE_FILE)
#: stat items that follow kmem (through objcgs, reparented at offline: exact for
#: memcgs that are not offline, see :func:`_check_stats`)
KMEM_ITEMS = (NR_KERNEL_STACK_KB, NR_PAGETABLE, NR_SLAB_RECLAIMABLE_B,
              NR_SLAB_UNRECLAIMABLE_B, MEMCG_PERCPU_B, MEMCG_KMEM)
#: the items :meth:`_Checker.check_stats` compares (LRU ones first), and getters of
#: them from a full item vector (C speed: a tuple of the values)
STAT_ITEMS = LRU_ITEMS + KMEM_ITEMS
_STAT_ITEMS_OF = itemgetter(*STAT_ITEMS)
_LRU_ITEMS_OF = itemgetter(*LRU_ITEMS)
_SLAB_FREE = attrgetter("slab_free")
#: a cgroup's tasks (:meth:`_Checker.check_tasks`)
_TASKS = attrgetter("tasks")
_STATE = attrgetter("state")
_RELEASED = attrgetter("released")
KMEM_PAGE_KINDS = frozenset((PG_STACK, PG_PGTABLE, PG_PGDIR, PG_KMEM, PG_KMALLOC, PG_SLAB))
LRU_KINDS = frozenset((PG_ANON, PG_FILE, PG_SHMEM, PG_SHMEM_ACTIVE, PG_BUFFER))
#: the kinds on a memcg's file LRU
FILE_KINDS = (PG_FILE, PG_BUFFER)


#: the incremental checker walks every page every this many checks
FULL_WALK_EVERY = 64


def check_invariants(k: "KernelCore") -> None:
    """Raise :class:`ModelBug` if any invariant of the model is broken (the full
    walk of every page; refreshes the kernel's :class:`PageLedger` if it has one)."""
    _Checker(k, full=True).run()


def check_changed(k: "KernelCore") -> None:
    """What ``Kernel(debug=True)`` runs after each call: every invariant, but the
    pages are visited only where written since the last check (the
    :class:`PageLedger` of ``k``, installed on first use), with a full walk every
    :data:`FULL_WALK_EVERY` checks."""
    ledger = getattr(k, "page_ledger", None)
    if ledger is None:
        ledger = PageLedger(k)
        _Checker(k, full=True).run()
        return
    ledger.checks += 1
    _Checker(k, full=ledger.checks % FULL_WALK_EVERY == 0).run()


def held_mm_pages(k) -> tuple[int, int, int]:
    """(anon, page table, PGD/PUD) pages of the mms whose task has exited while
    another user holds them (swapoff's ``mmget_not_zero``: kernel/fork.py
    ``Processes.mm_held``), kept until that user's ``mmput``."""
    anon = pgtables = pgdirs = 0
    for mm, exited in k.procs.mm_held.items():
        if exited is not None:
            anon += len(mm.anon)
            pgtables += len(mm.pgtables)
            pgdirs += len(mm.upper)
    return anon, pgtables, pgdirs


def lazy_pgd_pages(k) -> int:
    """The PGD pages the CPUs' lazy TLB mms keep (kernel/fork.py ``LazyMm``)."""
    return sum(len(m.pgd) for m in k.procs.lazy_mm if m is not None and m.pgd)


class PageLedger:
    """The pages as of the last check, for checks that cost what changed rather
    than what is allocated: ``key`` (pfn -> ``(memcg_data, kind, order, slab stat
    item)`` of every allocated page), ``agg`` (key -> pages) and ``dirty`` (pfns
    whose ``kind`` or ``memcg_data`` the model has written since, marked by
    :meth:`MemMap.track`). The expected holders, charges and stats are derived
    from ``agg``, never from the counters being checked; a full walk rebuilds it
    from the owners and the page table."""

    def __init__(self, k: "KernelCore") -> None:
        self.dirty: set[int] = set()
        self.key: dict = {}
        self.agg: Counter = Counter()
        self.checks = 0
        #: slab cache id -> (alloc/free mark, its share of slab_sums) (objcg
        #: design; memcg_cache: (mark, slot -> objects, objects))
        self.slab: dict = {}
        #: (objcg, stat item) -> [objects, bytes] summed over the caches' shares
        self.slab_sums: dict = {}
        #: held ``SlabObjs`` record -> its key in ``record_shares``, their sums in
        #: ``held_sums`` (as ``slab_sums``) and ``in_records`` (cache -> objects)
        self.records: dict = {}
        self.held_sums: dict = {}
        self.in_records: Counter = Counter()
        #: (id(specs), objcg, counts) -> (share, cache -> objects, specs) of the
        #: held records counted since the last full walk
        self.record_shares: dict = {}
        #: (id(shape), id(objcgs)) of a ``PcpuAreas``'s packed (immutable) columns
        #: -> (shape, objcgs, ((objcg, areas, charged bytes), ...)): the columns
        #: kept so that their ids stay theirs
        self.pcpu_charges: dict = {}
        #: (fingerprint, expected counts) of :meth:`_Checker.check_cgroups`
        self.cgroups: tuple | None = None
        #: (memcgs, the same deepest first) of :meth:`_Checker.deepest_first`
        self.deepest: tuple | None = None
        #: (a copy of ``handles``' slots, its memcgs, objcgs and their sets) as the last
        #: check split it (:class:`_Checker`: split again when ``handles`` moved)
        self.handles: tuple | None = None
        k.mem_map.track(self.dirty)
        setattr(k, "page_ledger", self)     # read back with getattr: debug kernels only


def _add_share(sums: dict, share: tuple, sign: int) -> None:
    """Add (``sign`` 1) or take away (-1) a cache's ``(objcg, item, objects,
    bytes)`` share in the ledger's ``slab_sums`` (``sign`` n: n records' shares)."""
    for o, item, n, b in share:
        s = sums.get((o, item))
        if s is None:
            s = sums[(o, item)] = [0, 0]
        s[0] += sign * n
        s[1] += sign * b
        if not s[0] and not s[1]:
            del sums[(o, item)]


def _refs(obj, holders: dict, expected: dict, known: frozenset, what: str) -> None:
    """``holders`` must be exactly ``expected`` (zero entries absent) and sum to
    ``refcnt``. The walks add only counts found, so ``expected`` holds no zero
    entry in the common case: compared as it is first, filtered only if that fails."""
    refcnt = obj.refcnt
    if holders == expected and refcnt == sum(holders.values()) and holders.keys() <= known \
            and min(holders.values(), default=1) > 0:
        return
    exp = {h: n for h, n in expected.items() if n}
    if exp == holders and refcnt == sum(exp.values()) and holders.keys() <= known \
            and min(exp.values(), default=1) > 0:
        return
    if refcnt < 0 or refcnt != sum(holders.values()):
        model_bug(f"{what}: refcnt is not the sum of its holders", obj=obj, refcnt=refcnt,
                  holders=dict(holders))
    bad = {h: n for h, n in holders.items() if n <= 0 or h not in known}
    if bad:
        model_bug(f"{what}: unknown or non-positive holders", obj=obj, holders=dict(holders),
                  bad=bad)
    if exp != holders:
        diff = {h: (holders.get(h, 0), exp.get(h, 0)) for h in set(exp) | set(holders)
                if holders.get(h, 0) != exp.get(h, 0)}
        model_bug(f"{what}: holders differ from the references found (have, found)",
                  obj=obj, holders=dict(holders), found=exp, diff=diff)


class _Checker:
    def __init__(self, k: "KernelCore", full: bool = True) -> None:
        self.k = k
        self.full = full
        self.ledger = getattr(k, "page_ledger", None)
        self.mc = k.memcg
        mc = self.mc
        ledger = self.ledger
        kept = ledger.handles if ledger is not None and not full else None
        if kept is not None and kept[0] == mc.handles:   # the same objects, C speed
            _, memcgs, objcgs, self.memcg_set, self.objcg_set = kept
        else:
            memcgs, objcgs = [], []
            for h, obj in mc.handles.items():
                if getattr(obj, "handle", None) != h:
                    model_bug("handles entry whose object has another handle", handle=h,
                              obj=obj)
                if isinstance(obj, MemCgroup):
                    memcgs.append(obj)
                elif isinstance(obj, ObjCgroup):
                    objcgs.append(obj)
            self.memcg_set = set(memcgs)
            self.objcg_set = set(objcgs)
            if ledger is not None:
                ledger.handles = (list(mc.handles), memcgs, objcgs, self.memcg_set,
                                  self.objcg_set)
        self.memcgs, self.objcgs = memcgs, objcgs
        #: what a reference may point at (:meth:`live_memcg`, :meth:`live_objcg`,
        #: inlined in the loops as a set lookup; the methods report a miss)
        self.live_memcgs = (self.memcg_set if FREED not in map(_STATE, memcgs)
                            else {m for m in memcgs if m.state != FREED})
        self.live_objcgs = (self.objcg_set if not any(map(_RELEASED, objcgs))
                            else {o for o in objcgs if not o.released})
        self.root = mc.root_mem_cgroup
        # expected holders, filled by the walks
        self.css_holders: dict = {m: defaultdict(int) for m in memcgs}
        self.objcg_holders: dict = {o: defaultdict(int) for o in objcgs}
        # charge attribution in bytes (memory counter) and pages (v1 kmem counter)
        self.charged: dict = defaultdict(int)       # memcg -> bytes the memory counter should hold
        self.kmem_pages: dict = defaultdict(int)    # memcg -> pages the kmem counter should hold
        self.objcg_bytes: dict = defaultdict(int)   # objcg -> bytes charged through it
        self.root_lru_via_objcg = 0    # LRU pages reparented to the root (lru-reparent)
        # stats found, by memcg (local, not hierarchical)
        self.stat = {m: [0] * NR_STAT_ITEMS for m in memcgs}
        #: pages the tasks hold (anon, page tables, kernel stacks, PGD/PUD pages):
        #: check_tasks
        self.task_pages: tuple[int, int, int, int] | None = None

    # -------------------------------------------------------------- helpers
    def live_memcg(self, m, why: str, **ctx) -> MemCgroup:
        if not isinstance(m, MemCgroup) or m not in self.memcg_set or m.state == FREED:
            model_bug(f"{why} refers to a freed memcg", memcg=m, **ctx)
        return m

    def live_objcg(self, o, why: str, **ctx) -> ObjCgroup:
        if not isinstance(o, ObjCgroup) or o not in self.objcg_set or o.released:
            model_bug(f"{why} refers to a released obj_cgroup", objcg=o, **ctx)
        return o

    def run(self) -> None:
        self.check_cgroups()
        self.check_stocks()
        self.check_tasks()
        self.check_pages()
        self.check_slab_percpu()
        self.check_objcgs()
        self.check_memcgs()
        self.check_dentries()
        self.check_super_lrus()
        self.check_shadow_nodes()
        self.check_counters()
        self.check_stats()
        self.check_writeback()

    def check_writeback(self) -> None:
        """NR_FILE_DIRTY (``Writeback.nr_dirty``) is the dirty pages the inodes
        hold, ``Writeback.memcg_dirty`` those of them in the page cache; PG_reclaim pages are page cache pages; a flusher run is queued or
        due while dirty inodes are left and the periodic writeback is on."""
        wb = self.k.writeback
        n = sum(map(len, wb.dirty.values()))
        if wb.nr_dirty != n:
            model_bug("NR_FILE_DIRTY is not the inodes' dirty pages",
                      nr_dirty=wb.nr_dirty, pages=n)
        paged = sum(inode.pages.count_present(idx) for inode, idx in wb.dirty.items())
        if sum(wb.memcg_dirty.values()) != paged:
            model_bug("the memcgs' own dirty pages are not the dirty pages in the cache",
                      memcg_dirty=sum(wb.memcg_dirty.values()), pages=paged)
        cache = self.k.filemap.pages
        for pfn in wb.reclaim:
            if cache.get(pfn) is None:
                model_bug("a PG_reclaim page is not in the page cache", pfn=pfn)
        if (wb.dirty and wb.dwork_at is None and not wb.running
                and wb.writeback_interval_ns()):
            model_bug("dirty inodes and no flusher run queued", inodes=len(wb.dirty))

    # -------------------------------------------------------------- cgroups
    def check_cgroups(self) -> None:
        """The cgroup core: the registry, the live tree's links, ``nr_cgrps``,
        ``nr_descendants``, ``nr_dying_descendants``, the self csses' holders and the
        css_sets' refcounts, against the cgroups, tasks and css_sets found.

        Between full walks the expected values are kept (the ledger's ``cgroups``)
        with a fingerprint of everything they are derived from (the registry, each
        cgroup's parent, name, children, removed flag, self css state and memory
        css, the memcgs' states, each task's css_set, ``css_set_table``): while the
        fingerprint is the same, the counters and holders are compared against the
        kept values, not derived again; a counter off by one is caught either way."""
        k = self.k
        if REMOVED_EMPTY:
            model_bug("a removed cgroup gained a task or a child (REMOVED_EMPTY written)",
                      keys=list(REMOVED_EMPTY)[:5])
        reg = getattr(k, "all_cgroups", None)
        if reg is None:
            return
        self.registry = reg
        ledger = self.ledger
        if ledger is None:
            self.walk_cgroups(reg)
            return
        fp = self.cgroups_fingerprint(reg)
        kept = None if self.full else ledger.cgroups
        if kept is not None and kept[0] == fp and self.same_cgroups(reg, kept):
            css_holders = self.css_holders
            for m, n in kept[3]:
                css_holders[m]["css_set"] += n
            return
        ledger.cgroups = (fp,) + self.walk_cgroups(reg)

    def cgroups_fingerprint(self, reg) -> tuple:
        """What :meth:`walk_cgroups` derives its expected values from (objects
        compared by identity: none of them defines ``__eq__`` but the css_sets,
        whose own is identity)."""
        k = self.k
        return (tuple(reg),
                tuple([(c.parent, c.name, c.removed, c.self_css.state,
                        c.subsys.get("memory"), tuple(c.children.items())) for c in reg]),
                tuple([(m, m.state, m.cgroup) for m in self.memcgs]),
                tuple([t.cgroups for t in k.tasks.values()]),
                tuple([(key, cset, cset.key, cset.objs is None, cset.memcg,
                        tuple(cset.values())) for key, cset in k.csets.table.items()]))

    def same_cgroups(self, reg, kept: tuple) -> bool:
        """The counters and holders are still what :meth:`walk_cgroups` expected
        (False: walk again, which reports what differs)."""
        if self.k.memory_root.nr_cgrps != len(reg):
            return False
        for c, nd, ndd, exp, refcnt in kept[1]:
            css = c.self_css
            if (c.nr_descendants != nd or c.nr_dying_descendants != ndd
                    or css.refcnt != refcnt or css.holders != exp):
                return False
        for cset, n in kept[2]:
            if cset.refcount != n:
                return False
        return True

    def walk_cgroups(self, reg) -> tuple:
        """:meth:`check_cgroups` by walking the registry, the tree, the tasks and
        ``css_set_table``; returns what a check with the same fingerprint compares:
        ``((cgroup, nr_descendants, nr_dying_descendants, self css holders,
        refcnt), ...)``, ``((css_set, refcount), ...)`` and ``((memcg, css_sets
        naming it), ...)``."""
        k = self.k
        root = k.memory_root
        for c in reg:
            if c.self_css.state == FREED:
                model_bug("a freed cgroup is still registered", cgroup=c)
        if root.nr_cgrps != len(reg):
            model_bug("nr_cgrps differs from the cgroups not yet freed",
                      nr_cgrps=root.nr_cgrps, found=len(reg))
        # the live tree: reachable, registered, consistent links
        live = 0
        stack = [root.cgrp]
        while stack:
            c = stack.pop()
            if c not in reg or c.removed:
                model_bug("the live tree holds a freed or removed cgroup", cgroup=c)
            live += 1
            for name, ch in c.children.items():
                if ch.parent is not c or ch.name != name:
                    model_bug("cgroup child link is inconsistent", parent=c, child=ch)
                stack.append(ch)
        descendants: dict = {}
        dying: dict = {}
        child_cgroups: dict = {}
        # the csses each css_set keeps referenced (kernel/css_set.py), and the
        # css_sets' own counts: the tasks that point at them (init_css_set: static)
        cset_refs: dict = {}
        users: dict = {}
        for t in k.tasks.values():
            cset = t.cgroups
            if cset:
                users[id(cset)] = users.get(id(cset), 0) + 1
        table = k.csets.table
        cset_counts: list = []
        named: dict = {}
        for key, cset in table.items():
            if cset.key != key:
                model_bug("a css_set is hashed under another key", cset=cset)
            if cset.objs is None:
                if cset is not k.csets.init_css_set:
                    model_bug("a css_set without its objects is in css_set_table", cset=cset)
                continue
            if cset.refcount != users.get(id(cset), 0):
                model_bug("a css_set's refcount differs from its tasks", cset=cset,
                          refcount=cset.refcount, tasks=users.get(id(cset), 0))
            cset_counts.append((cset, cset.refcount))
            memcg = cset.memcg
            if memcg is not None and memcg.cgroup is not None and memcg.cgroup.parent is not None:
                m = self.live_memcg(memcg, "a css_set", cset=cset)
                self.css_holders[m]["css_set"] += 1
                named[m] = named.get(m, 0) + 1
            for c in cset.values():
                if c.parent is not None:
                    cset_refs[c] = cset_refs.get(c, 0) + 1
        for t in k.tasks.values():
            cset = t.cgroups
            if cset and table.get(cset.key) is not cset:  # type: ignore[attr-defined]
                model_bug("a task points at a css_set not in css_set_table", task=t)
        not_removed = 0
        for c in reg:
            p = c.parent
            if p is not None:
                child_cgroups[p] = child_cgroups.get(p, 0) + 1
                if p not in reg:
                    model_bug("a registered cgroup's parent is freed", cgroup=c)
            if not c.removed:
                not_removed += 1
                while p is not None:            # c.ancestors()
                    descendants[p] = descendants.get(p, 0) + 1
                    p = p.parent
            elif c.self_css.state not in (RELEASED, FREED):
                while p is not None:
                    dying[p] = dying.get(p, 0) + 1
                    p = p.parent
        if live != not_removed:
            model_bug("removed flag differs from the live tree",
                      live=live, not_removed=not_removed)
        memcg_set = self.memcg_set
        live_m = self.live_memcgs
        unlinked_memcgs: dict = {}
        for m in memcg_set:
            c = m.cgroup
            if c.parent is not None and c.subsys.get("memory") is not m and m.state != FREED:
                unlinked_memcgs[c] = unlinked_memcgs.get(c, 0) + 1
        counts: list = []
        for c in reg:
            if c.nr_descendants != descendants.get(c, 0):
                model_bug("nr_descendants differs from the live descendants", cgroup=c,
                          nr_descendants=c.nr_descendants, found=descendants.get(c, 0))
            if c.nr_dying_descendants != dying.get(c, 0):
                model_bug("nr_dying_descendants differs from the removed descendants not "
                          "yet released", cgroup=c,
                          nr_dying_descendants=c.nr_dying_descendants, found=dying.get(c, 0))
            css = c.self_css
            state = css.state
            exp = {"base": 1} if state in (ONLINE, DYING) else {}
            if (state == ONLINE) == c.removed:
                model_bug("self css state disagrees with the removed flag", cgroup=c,
                          state=state)
            n = child_cgroups.get(c)
            if n:
                exp["child cgroup"] = n
            n = cset_refs.get(c)
            if n:
                exp["css_set"] = n
            m = c.subsys.get("memory")
            if m is not None:
                if m.cgroup is not c:
                    model_bug("memory css of a cgroup belongs to another", cgroup=c, css=m)
                if c.parent is not None and m in memcg_set:
                    exp["memory css"] = 1
                if m.state != FREED and m not in memcg_set:
                    model_bug("a memory css not freed is missing from handles", css=m)
                if not c.removed and m not in live_m:
                    self.live_memcg(m, "a live cgroup", cgroup=c)
            n = unlinked_memcgs.get(c)
            if n:
                # memory csses killed by a "-memory" in the parent's
                # subtree_control, not yet freed, pin the cgroup too
                exp["memory css"] = exp.get("memory css", 0) + n
            _refs(css, css.holders, exp, SELF_HOLDERS, "self css")
            counts.append((c, c.nr_descendants, c.nr_dying_descendants, dict(css.holders),
                           css.refcnt))
        for m in self.memcgs:
            if m.cgroup not in reg:
                model_bug("a memcg's cgroup is freed", memcg=m)
        return tuple(counts), tuple(cset_counts), tuple(named.items())

    # -------------------------------------------------------------- stocks
    def check_stocks(self) -> None:
        mc = self.mc
        for cpu, s in enumerate(mc.stocks):
            m = s.cached
            if m is not None:
                if m not in self.live_memcgs:
                    self.live_memcg(m, "a per-CPU stock", cpu=cpu)
                self.css_holders[m]["stock"] += 1
                if not 0 <= s.nr_pages <= mc.batch:
                    model_bug("stock nr_pages out of range", cpu=cpu, nr_pages=s.nr_pages)
                self.charged[m] += s.nr_pages * PAGE_SIZE
            elif s.nr_pages:
                model_bug("stock holds pages without a cached memcg", cpu=cpu,
                          nr_pages=s.nr_pages)
            o = s.cached_objcg
            if o is not None:
                if o not in self.live_objcgs:
                    self.live_objcg(o, "a per-CPU obj stock", cpu=cpu)
                self.objcg_holders[o]["obj stock"] += 1
                if s.nr_bytes < 0 or (s.nr_bytes > PAGE_SIZE
                                      and not mc.design.obj_stock_keeps_remainder):
                    model_bug("obj stock nr_bytes out of range", cpu=cpu, nr_bytes=s.nr_bytes)
                self.objcg_bytes[o] += s.nr_bytes
            elif s.nr_bytes:
                model_bug("obj stock holds bytes without a cached objcg", cpu=cpu,
                          nr_bytes=s.nr_bytes)

    # -------------------------------------------------------------- pages
    def check_pages(self) -> None:
        """Walk the owners and every pfn (``full``), or only the pages written since
        the last check (the ledger's dirty set); then account the per-page keys
        (``(memcg_data, kind, order, slab stat item)`` and how many pages carry
        each) into the expected holders, charges and stats."""
        ledger = self.ledger
        if self.full or ledger is None:
            keys = self.walk_pages()
            agg = Counter(keys.values())
            if ledger is not None:
                ledger.key, ledger.agg = keys, agg
                ledger.dirty.clear()
        else:
            agg = self.visit_dirty(ledger)
        self.account_pages(agg)
        swap = getattr(self.k, "swap", None)
        if swap is not None and swap.unmapped:
            # swap-cache pages no pte maps: on the anon LRU, not NR_ANON_MAPPED
            page_memcg = self.mc.page_memcg
            for pfn in swap.unmapped:
                m = page_memcg(pfn)
                if m is not None and m in self.stat:
                    self.stat[m][NR_ANON_MAPPED] -= 1

    def walk_pages(self) -> dict:
        """The full walk: who owns each allocated page (exactly one owner, of its
        kind), free pages uncharged, every charged LRU page on its memcg's LRU and
        every LRU entry a page charged to that memcg; returns pfn -> key."""
        k = self.k
        mm = k.mem_map
        handles = self.mc.handles
        data, kind, order = mm.memcg_data, mm.kind, mm.order
        # who owns each allocated page
        owner: dict[int, str] = {}

        def own(pfn, what, want_kind):
            if pfn in owner:
                model_bug("a page has two owners", pfn=pfn, first=owner[pfn], second=what)
            owner[pfn] = what
            if kind[pfn] != want_kind:
                model_bug("a page's kind differs from its owner's", pfn=pfn, owner=what,
                          kind=KIND_NAMES[kind[pfn]])

        def own_all(pfns, what, want_kind):
            """``own`` each of ``pfns``: at C speed when none is owned yet, none
            repeats and all are of ``want_kind``; page by page (to report) if not."""
            if len(pfns) > 4 and owner.keys().isdisjoint(pfns) \
                    and len(set(pfns)) == len(pfns) \
                    and set(map(kind.__getitem__, pfns)) == {want_kind}:
                owner.update(zip(pfns, repeat(what)))
                return
            for pfn in pfns:
                own(pfn, what, want_kind)

        # a lazy child's counted pages where Mmap.lazy_pos says (read before the
        # mapcount, whose reading counts every lazy child): among its first n, each once
        mm_ = getattr(k, "mmap", None)
        for child, (_, n, done) in getattr(mm_, "lazy", {}).items():
            pos = mm_.lazy_pos.get(child) if done else None  # type: ignore[union-attr]
            if done and (pos is None or len(set(pos)) != len(done) or any(
                    i >= n or child.anon[i] not in done for i in pos)):
                model_bug("a lazy child's counted pages are not where Mmap.lazy_pos says",
                          done=sorted(done), positions=pos, n=n)
        # anon pages several mms map after fork (kernel/mmap.py): one owner, and
        # as many mappings as the page's mapcount says
        mapcount = getattr(getattr(k, "mmap", None), "mapcount", {})
        maps: dict[int, int] = {}
        borrowed = k.procs.vfork_parent     # a vfork's child maps its parent's mm
        for t in list(k.tasks.values()):
            if t.mm is not None and t not in borrowed:
                anon = t.mm.anon
                if mapcount:
                    mine = []
                    for pfn in anon:
                        if pfn in mapcount:
                            maps[pfn] = maps.get(pfn, 0) + 1
                            if maps[pfn] > 1:
                                continue
                        mine.append(pfn)
                    anon = mine
                own_all(anon, f"anon of {t.pid}", PG_ANON)
                own_all(t.mm.pgtables, f"page table of {t.pid}", PG_PGTABLE)
                own_all(t.mm.upper, f"PGD/PUD of {t.pid}", PG_PGDIR)
            if t.stack:
                own_all(t.stack, f"stack of {t.pid}", PG_STACK)
                if not t.alive:
                    model_bug("an exited task still has a kernel stack", task=t)
        for cpu, lazy in enumerate(k.procs.lazy_mm):
            if lazy is not None and lazy.pgd:
                own_all(lazy.pgd, f"lazy TLB mm's PGD on CPU {cpu}", PG_PGDIR)
        # an exiting OOM victim's pages its exit_mmap unmapped and has yet to free
        for batches in k.procs.gathered.values():
            for batch in batches:
                own_all(batch, "gathered by an exiting OOM victim's exit_mmap", PG_ANON)
        swap = getattr(k, "swap", None)
        if swap is not None and swap.unmapped:
            own_all(list(swap.unmapped), "the swap cache", PG_ANON)
            for pfn in swap.unmapped:
                if swap.cache.get(swap.cache_entry.get(pfn, -1)) != pfn:
                    model_bug("an unmapped swap-cache page is not in the swap cache", pfn=pfn)
        if maps != mapcount:
            bad = {p: (maps.get(p), mapcount.get(p)) for p in set(maps) | set(mapcount)
                   if maps.get(p) != mapcount.get(p)}
            model_bug("an anon page's mapcount differs from the mms mapping it",
                      pages=dict(list(bad.items())[:5]))
        # the heap pages an mm is taken to map alone (Mm.own_heap: the shell skips
        # its writes there) are mapped, by it alone, and none of its pages is out
        for t in k.tasks.values():
            tmm = t.mm
            if tmm is None or not getattr(tmm, "own_heap", None):
                continue
            vma = tmm.vmas.get("[heap]")
            stale = [pg for pg in tmm.own_heap if vma is None or
                     vma.pages.get(pg) is None or vma.pages[pg] in mapcount]
            if stale or tmm.swap_at:
                model_bug("a heap page taken as the mm's alone is shared, gone or beside "
                          "a swapped-out page", task=t, pages=sorted(stale)[:5])
        for cpu, cache in enumerate(k.procs.stack_cache):
            for pfns in cache:
                own_all(pfns, f"stack cache of cpu {cpu}", PG_STACK)
                for pfn in pfns:
                    if data[pfn]:
                        model_bug("a cached (free) stack page is still charged", pfn=pfn)
        remote = getattr(k, "remote", None)
        if remote is not None:
            for m in remote.maps.values():
                own_all(m.pages, f"bpf map {m.id}", PG_KMEM)
        pipes = getattr(k, "pipes", None)
        if pipes is not None:
            for pipe in pipes.live.values():
                own_all(pipe.pages, f"pipe {pipe.id}", PG_KMEM)
        slab_page_cache: dict = {}       # slab page -> its cache
        for c in k.slab.caches.values():
            if c.slab_free:
                own_all(list(c.slab_free), f"slab page of {c.name}", PG_SLAB)
                slab_page_cache.update(zip(c.slab_free, repeat(c)))
        pages = k.filemap.pages
        page_index = pages.index
        cached = pages.pfns()
        if len(cached) != len(pages):
            model_bug("the page cache miscounts its pages", counted=len(pages),
                      cached=len(cached))
        for pfn in cached:
            inode, index = pages.get(pfn), page_index[pfn]
            if inode is None:
                model_bug("a page of the page cache has no mapping", pfn=pfn)
            kd = page_cache_kind(inode)
            if kd == PG_FILE and kind[pfn] == PG_BUFFER:
                # an activated page: ext4's buddy cache (kernel/ext4.py), a refault
                # within the workingset (kernel/workingset.py)
                kd = PG_BUFFER
            elif kd == PG_SHMEM and kind[pfn] == PG_SHMEM_ACTIVE:
                kd = PG_SHMEM_ACTIVE        # a shmem page read again (filemap.py)
            elif kd == PG_BUFFER and kind[pfn] == PG_FILE:
                # a block device's page drop_caches kept and deactivated
                # (filemap.py deactivate_file_pages)
                kd = PG_FILE
            own(pfn, f"page cache of inode {inode.ino}", kd)
            if inode.pages.get(index) != pfn:
                model_bug("page cache index disagrees with the page's owner", pfn=pfn,
                          ino=inode.ino, index=index)

        # every page: free ones uncharged, allocated ones owned (checked at C speed,
        # page by page only to report)
        if any(compress(data, map(not_, kind))):
            for pfn in range(1, len(kind)):
                if kind[pfn] == PG_FREE and data[pfn]:
                    model_bug("a free page has memcg_data", pfn=pfn, memcg_data=data[pfn])
        allocated = list(compress(range(len(kind)), kind))      # PG_FREE is 0
        if len(owner) != len(allocated):
            for pfn in allocated:
                if pfn not in owner:
                    model_bug("an allocated page has no owner (leak)", pfn=pfn,
                              kind=KIND_NAMES[kind[pfn]], owner=mm.owner(pfn))
        words = list(map(data.__getitem__, allocated))
        kinds = bytes(map(kind.__getitem__, allocated))
        keys = dict(zip(allocated, zip(words, kinds, map(order.__getitem__, allocated),
                                       repeat(None))))
        for pfn, c in slab_page_cache.items():
            w, kd, o, _ = keys[pfn]
            keys[pfn] = (w, kd, o, c.stat_item)
        # every charged LRU page on its memcg's LRU (on_lru, the memcg's list
        # found once per memcg_data word)
        lru_of: dict = {}
        memcg_set = self.memcg_set
        for pfn, word, kd in zip(allocated, words, kinds):
            if word and kd in LRU_KINDS and not word & MEMCG_DATA_FLAGS_MASK:
                key = (word, kd in FILE_KINDS)
                lru: Any = lru_of.get(key)
                if lru is None:
                    obj = handles.get(word >> HANDLE_SHIFT)
                    m = obj.memcg if isinstance(obj, ObjCgroup) else obj
                    # a dangling handle: account_pages reports it
                    lru = lru_of[key] = (False if m not in memcg_set else
                                         set(m.lru_file if key[1] else m.lru_anon))
                if lru is not False and pfn not in lru:
                    self.on_lru(pfn, word, kd)

        def lru_memcg(word):
            obj = handles.get(word >> HANDLE_SHIFT)
            return obj.memcg if isinstance(obj, ObjCgroup) else obj

        for m in self.memcgs:
            for lst, ok in ((m.lru_anon, (PG_ANON, PG_SHMEM, PG_SHMEM_ACTIVE)),
                            (m.lru_file, FILE_KINDS)):
                lru = lst.walk()
                if len(lru) != len(lst) or lst.tail != (lru[-1] if lru else 0):
                    model_bug("a memcg's LRU links disagree with its length", memcg=m,
                              length=len(lst), linked=len(lru), head=lst.head, tail=lst.tail)
                if not lru:
                    continue
                # the kinds and the memcg_data words on the list, each checked once
                if set(map(kind.__getitem__, lru)).issubset(ok) and all(
                        lru_memcg(w) is m for w in set(map(data.__getitem__, lru))):
                    continue
                for pfn in lru:
                    if kind[pfn] not in ok or lru_memcg(data[pfn]) is not m:
                        model_bug("a memcg's LRU lists a page not charged to it", memcg=m,
                                  pfn=pfn, kind=KIND_NAMES[kind[pfn]], memcg_data=data[pfn])
        return keys

    def on_lru(self, pfn: int, word: int, kd: int) -> None:
        obj = self.mc.handles.get(word >> HANDLE_SHIFT)
        m = obj.memcg if isinstance(obj, ObjCgroup) else obj
        if m not in self.memcg_set:
            return                  # account_pages reports the dangling handle
        lru = m.lru_file if kd in FILE_KINDS else m.lru_anon
        if pfn not in lru:
            model_bug("a charged LRU page is missing from its memcg's LRU", pfn=pfn,
                      memcg=m, kind=KIND_NAMES[kd])

    def on_lru_tail(self, lst, groups) -> None:
        """Each of ``groups``' pages (``(pfns, memcg_data, kind)``: written since
        the last check, charged to the memcg of ``lst``) is on ``lst``: found by
        walking its ``prev`` links back from the tail, where the pages just added
        are, only as far as the oldest of them (at most the list's length); a page
        not found is looked for along the whole list by :meth:`on_lru`, which
        reports it."""
        need = set()
        for pfns, _w, _k in groups:
            need.update(pfns)
        lst.link()                  # the pages added since it was last read
        prv = lst.links.prev
        pfn, left = lst.tail, lst.n
        while need and pfn and left:
            need.discard(pfn)
            pfn = prv[pfn]
            left -= 1
        if need:
            for pfns, word, kd in groups:
                for pfn in pfns:
                    if pfn in need:
                        self.on_lru(pfn, word, kd)

    def visit_dirty(self, ledger: "PageLedger") -> Counter:
        """The pages written since the last check: free ones uncharged, the others'
        keys refreshed in the ledger, charged LRU ones on their memcg's LRU.
        Ownership is checked by counts (:meth:`check_owner_counts`) and by the
        periodic full walk."""
        k = self.k
        mm = k.mem_map
        data, kind, order, page_owner = mm.memcg_data, mm.kind, mm.order, mm.page_owner
        keys, agg = ledger.key, ledger.agg
        caches = None
        handles = self.mc.handles
        memcg_set = self.memcg_set
        dirty = ledger.dirty
        if not dirty:
            self.check_owner_counts(agg)
            return agg
        # the pages' previous keys out of the aggregate (counted at C speed: a
        # handful of distinct keys), their keys now back in
        for old, n in Counter(filter(None, map(keys.pop, dirty, repeat(None)))).items():
            left = agg[old] - n
            if left:
                agg[old] = left
            else:
                del agg[old]
        new = []
        on_lru: dict = {}           # (memcg_data, kind) -> the charged LRU pages written
        for pfn in dirty:
            kd = kind[pfn]
            word = data[pfn]
            if kd == PG_FREE:
                if word:
                    model_bug("a free page has memcg_data", pfn=pfn, memcg_data=word)
                continue
            item = None
            if kd == PG_SLAB:
                if caches is None:
                    caches = {c.id: c for c in k.slab.caches.values()}
                c = caches.get(page_owner[pfn][0])
                if c is not None and pfn in c.slab_free:
                    item = c.stat_item
            key = keys[pfn] = (word, kd, order[pfn], item)
            new.append(key)
            if word and kd in LRU_KINDS and not word & MEMCG_DATA_FLAGS_MASK:
                pfns = on_lru.get((word, kd))
                if pfns is None:
                    on_lru[(word, kd)] = [pfn]
                else:
                    pfns.append(pfn)
        agg.update(new)
        ledger.dirty.clear()
        # each on its memcg's LRU list (the memcg found once per memcg_data word)
        wanted: dict = {}           # (memcg, file) -> [(pfns, word, kind)]
        for (word, kd), pfns in on_lru.items():
            obj = handles.get(word >> HANDLE_SHIFT)
            m = obj.memcg if isinstance(obj, ObjCgroup) else obj
            if m in memcg_set:      # else a dangling handle: account_pages reports it
                wanted.setdefault((m, kd in FILE_KINDS), []).append((pfns, word, kd))
        for (m, file), groups in wanted.items():
            self.on_lru_tail(m.lru_file if file else m.lru_anon, groups)
        self.check_owner_counts(agg)
        return agg

    def check_owner_counts(self, agg: Counter) -> None:
        """Allocated pages of each kind == the pages their owners hold (a leaked
        page, or an owner holding a freed page, changes one side only)."""
        k = self.k
        found: dict = {}
        for (_w, kd, _o, _i), n in agg.items():
            if kd == PG_SHMEM or kd == PG_SHMEM_ACTIVE or kd == PG_BUFFER:
                kd = PG_FILE
            found[kd] = found.get(kd, 0) + n
        anon, pgtables, stack, pgdirs = self.task_pages or self.tasks_hold()
        stack += sum(map(len, chain.from_iterable(k.procs.stack_cache)))
        # an anon page several mms map after fork is one page (its mapcount)
        mapcount = getattr(getattr(k, "mmap", None), "mapcount", {})
        if mapcount:
            anon -= sum(mapcount.values()) - len(mapcount)
        kmem = 0
        remote = getattr(k, "remote", None)
        if remote is not None and remote.maps:
            kmem += sum(len(m.pages) for m in remote.maps.values())
        pipes = getattr(k, "pipes", None)
        if pipes is not None and pipes.live:
            kmem += sum(len(p.pages) for p in pipes.live.values())
        swap = getattr(k, "swap", None)
        if swap is not None and swap.unmapped:
            anon += len(swap.unmapped)      # swap-cache pages no pte maps
        # an exiting OOM victim's unmapped pages, freed a batch at a time
        anon += sum(len(b) for bs in k.procs.gathered.values() for b in bs)
        held = {PG_ANON: anon, PG_PGTABLE: pgtables, PG_STACK: stack, PG_KMEM: kmem,
                PG_PGDIR: pgdirs,
                PG_SLAB: sum(map(len, map(_SLAB_FREE, k.slab.caches.values()))),
                PG_FILE: len(k.filemap.pages)}
        if found != {kd: n for kd, n in held.items() if n}:
            for kd in set(found) | set(held):
                if found.get(kd, 0) != held.get(kd, 0):
                    model_bug("allocated pages of a kind differ from the pages their owners "
                              "hold (a leak, or an owner holding a freed page)",
                              kind=KIND_NAMES[kd], allocated=found.get(kd, 0),
                              held=held.get(kd, 0))

    def tasks_hold(self) -> tuple:
        """(anon, page table, kernel stack, PGD/PUD) pages the tasks hold (what
        :meth:`check_tasks` sums on its way)."""
        anon = pgtables = stack = pgdirs = 0
        borrowed = self.k.procs.vfork_parent
        for t in self.k.tasks.values():
            if t.mm is not None and t not in borrowed:
                anon += len(t.mm.anon)
                pgtables += len(t.mm.pgtables)
                pgdirs += len(t.mm.upper)
            stack += len(t.stack)
        if self.k.procs.mm_held:
            a, p, d = held_mm_pages(self.k)
            anon, pgtables, pgdirs = anon + a, pgtables + p, pgdirs + d
        return anon, pgtables, stack, pgdirs + lazy_pgd_pages(self.k)

    def account_pages(self, agg: Counter) -> None:
        """Each key's pages into the expected holders, charges and stats; the
        LRU lengths and ``nr_allocated`` against the pages found."""
        handles = self.mc.handles
        objcg_pages = self.mc.design.kmem_page_ref == "objcg"
        anon_lru = self.mc.anon_lru_item
        stat = self.stat
        live_m, live_o = self.live_memcgs, self.live_objcgs
        css_holders, objcg_holders = self.css_holders, self.objcg_holders
        nr_alloc = file_pages = anon_pages = 0
        on_lru: dict = {}
        for (word, kd, order, item), n in agg.items():
            nr = n << order
            nr_alloc += nr
            if not word:
                if kd in LRU_KINDS:
                    model_bug("an LRU page is not charged", kind=KIND_NAMES[kd], pages=n)
                continue
            flags = word & MEMCG_DATA_FLAGS_MASK
            obj: Any = handles.get(word >> HANDLE_SHIFT)
            if flags == 0:
                if kd not in LRU_KINDS:
                    model_bug("a non-LRU page carries an LRU memcg_data",
                              kind=KIND_NAMES[kd], memcg_data=word)
                if isinstance(obj, ObjCgroup):
                    # lru-reparent design: the page follows its objcg to the parent
                    o = obj
                    if o not in live_o:
                        self.live_objcg(o, "an LRU page's memcg_data", memcg_data=word)
                    objcg_holders[o]["page"] += n
                    m = o.memcg
                    self.charged[m] += nr * PAGE_SIZE
                    if m is self.root:
                        self.root_lru_via_objcg += nr
                else:
                    m = obj
                    if m not in live_m:
                        self.live_memcg(m, "an LRU page's memcg_data", memcg_data=word)
                    css_holders[m]["page"] += n
                    if m is not self.root:
                        self.charged[m] += nr * PAGE_SIZE
                on_lru[m] = on_lru.get(m, 0) + n
                s = stat[m]
                if kd == PG_ANON:
                    s[NR_ANON_MAPPED] += nr
                    s[anon_lru] += nr
                    anon_pages += nr
                elif kd == PG_SHMEM or kd == PG_SHMEM_ACTIVE:
                    s[NR_SHMEM] += nr
                    s[NR_FILE_PAGES] += nr
                    s[NR_INACTIVE_ANON if kd == PG_SHMEM else NR_ACTIVE_ANON] += nr
                    anon_pages += nr
                else:
                    s[NR_FILE_PAGES] += nr
                    s[NR_ACTIVE_FILE if kd == PG_BUFFER else NR_INACTIVE_FILE] += nr
                    file_pages += nr
                continue
            if flags != MEMCG_DATA_KMEM:
                model_bug("memcg_data has flags the model never sets", memcg_data=word)
            if kd not in KMEM_PAGE_KINDS:
                model_bug("a kmem-flagged page of a non-kmem kind", kind=KIND_NAMES[kd])
            if objcg_pages:
                o = obj
                if o not in live_o:
                    self.live_objcg(o, "a kmem page's memcg_data", memcg_data=word)
                objcg_holders[o]["kmem page"] += n
                self.objcg_bytes[o] += nr * PAGE_SIZE
                m = o.memcg
            else:
                m = obj
                if m not in live_m:
                    self.live_memcg(m, "a kmem page's memcg_data", memcg_data=word)
                css_holders[m]["kmem page"] += n
                self.charged[m] += nr * PAGE_SIZE
                self.kmem_pages[m] += nr
                stat[m][MEMCG_KMEM] += nr
            s = stat.get(m)  # type: ignore[assignment]
            if s is not None:
                if kd == PG_STACK:
                    s[NR_KERNEL_STACK_KB] += nr * (PAGE_SIZE // 1024)
                elif kd == PG_PGTABLE:
                    s[NR_PAGETABLE] += nr
                elif kd == PG_SLAB and item is not None:
                    s[item] += nr * PAGE_SIZE
        if nr_alloc != len(self.k.mem_map):
            model_bug("mem_map nr_allocated differs from the pages allocated",
                      nr_allocated=len(self.k.mem_map), found=nr_alloc)
        for m in self.memcgs:
            if len(m.lru_anon) + len(m.lru_file) != on_lru.get(m, 0):
                model_bug("a memcg's LRU lengths differ from the LRU pages charged to it",
                          memcg=m, lru=len(m.lru_anon) + len(m.lru_file),
                          found=on_lru.get(m, 0))
        # the node's LRU counters (should_reclaim_retry's zone_reclaimable_pages)
        # against the LRU pages found above: every file and anon page on a list
        links = self.k.mem_map.lru
        if links.file.n != file_pages or links.anon.n != anon_pages:
            model_bug("the node's LRU counters differ from the file and anon pages",
                      file=links.file.n, file_pages=file_pages, anon=links.anon.n,
                      anon_pages=anon_pages)

    # ---------------------------------------------------------- slab, percpu
    def check_slab_percpu(self) -> None:
        k = self.k
        if k.design.slab_ref == "memcg_cache":
            self.check_memcg_caches()
        else:
            objcg_holders, objcg_bytes, stat = self.objcg_holders, self.objcg_bytes, self.stat
            live_o = self.live_objcgs
            for (o, item), (n, b) in chain.from_iterable(
                    d.items() for d in self.slab_objects()):
                if o not in live_o:
                    self.live_objcg(o, "a slab object's objcg slot", objects=n,
                                    caches=[c.name for c in k.slab.caches.values()
                                            if o in c.objcgs.values()]
                                    + [c.name for objs in k.slab.held_objs
                                       if objs.objcg is o for c, _ in objs.specs])
                objcg_holders[o]["slab object"] += n
                objcg_bytes[o] += b
                s = stat.get(o.memcg)
                if s is not None:
                    s[item] += b
        objcg_holders, objcg_bytes, stat = self.objcg_holders, self.objcg_bytes, self.stat
        live_m, live_o = self.live_memcgs, self.live_objcgs
        remote = getattr(k, "remote", None)
        if remote is not None:
            for holder, objs in (("bpf map", remote.maps), ("fsnotify group", remote.groups)):
                for x in objs.values():
                    if x.memcg is not None:
                        m = self.live_memcg(x.memcg, f"a {holder}", id=x.id)
                        self.css_holders[m][holder] += 1
                    if x.objcg is not None:
                        o = self.live_objcg(x.objcg, f"a {holder}", id=x.id)
                        objcg_holders[o][holder] += 1
        # the memcgs' (and their cgroups') own areas and the tuple owners'
        memcgs = self.memcgs
        ledger = self.ledger
        if ledger is not None and not self.full:
            charges = ledger.pcpu_charges
        else:
            charges = {}
            if ledger is not None:
                ledger.pcpu_charges = charges
        for owner, areas in k.percpu.owners(chain(memcgs, (m.cgroup for m in memcgs))):
            shape, objcgs = areas.shape, areas.objcgs
            key = (id(shape), id(objcgs))
            got = charges.get(key)
            if got is None:
                per: dict = {}
                for _size, o, charged in areas.charges():
                    if o is not None:
                        n, b = per.get(o, (0, 0))
                        per[o] = (n + 1, b + charged)
                got = (shape, objcgs, tuple((o, n, b) for o, (n, b) in per.items()))
                if type(shape) is bytes:        # immutable: its charges stay
                    charges[key] = got
            if not got[2]:
                continue
            if owner not in live_m:
                self.live_memcg(owner, "a percpu area's owner")
            for o, n, b in got[2]:
                if o not in live_o:
                    self.live_objcg(o, "a percpu area", memcg=owner)
                objcg_holders[o]["percpu"] += n
                objcg_bytes[o] += b
                s = stat.get(o.memcg)
                if s is not None:
                    s[MEMCG_PERCPU_B] += b

    def slab_objects(self) -> tuple[dict, dict]:
        """``(objcg, stat item) -> [objects, bytes]`` over the slots of every cache
        (objcg design), and the same of the objects the live ``SlabObjs`` records
        hold (two dicts, both of positive counts only), each
        cache's ``nr_objs`` checked against both. Between full walks the ledger
        keeps each cache's share of its slots and their sum: a cache whose slots
        were neither allocated nor freed since (its mark unchanged: only alloc and
        free change the slots; splitting a run moves them) is not recounted, one
        that was has its old share replaced; one whose ``nr_objs`` and records are
        also as they were is not compared again either. The records (a task's and
        a mm's, a few a live process: placed once, never changed) are counted when
        they appear among the held ones and taken away when they leave it; records
        of the same specs, objcg and counts (every fork of one program) share the
        share derived for the first (``record_shares``), and those come and gone
        since the last check are netted per share before it is added or taken."""
        ledger = self.ledger
        if ledger is not None and not self.full:
            counted, sums = ledger.slab, ledger.slab_sums
            records, held_sums, in_records = ledger.records, ledger.held_sums, ledger.in_records
        else:
            counted, sums, records, held_sums = {}, {}, {}, {}
            in_records = Counter()       # cache -> objects of the records
            if ledger is not None:
                ledger.slab, ledger.slab_sums = counted, sums
                ledger.records, ledger.held_sums, ledger.in_records = (
                    records, held_sums, in_records)
                ledger.record_shares = {}
        held_objs = self.k.slab.held_objs
        # a record's share follows from its specs, objcg and counts alone: the
        # records of one program (every fork of it) share one, derived once (kept
        # with the specs, whose id is in the key, until the next full walk); the
        # records gone and come since the last check are netted per share (a fork
        # and an exit of one program cancel), each share added or taken once
        shares = ledger.record_shares if ledger is not None else {}
        net: dict = {}
        same = records.keys() == held_objs.keys()      # the common case: no diff
        for objs in () if same else records.keys() - held_objs.keys():
            key = records.pop(objs)
            net[key] = net.get(key, 0) - 1
        for objs in () if same else held_objs.keys() - records.keys():
            o = objs.objcg
            counts = tuple(objs.counts())
            key = (id(objs.specs), o, counts)
            if key not in shares:
                per_cache: dict = {}
                per_slot: dict = {}         # (cache, objcg slot) -> objects
                for c, n in counts:
                    per_cache[c] = per_cache.get(c, 0) + n
                    slot = (c, o if c.account else None)
                    per_slot[slot] = per_slot.get(slot, 0) + n
                shares[key] = (tuple((o, c.stat_item, n, n * (c.size + 8))
                                     for (c, o), n in per_slot.items()
                                     if n > 0 and o is not None), per_cache, objs.specs)
            records[objs] = key
            net[key] = net.get(key, 0) + 1
        touched: set = set()        # the caches whose records' objects changed
        for key, d in net.items():
            if d:
                share, per_cache, _specs = shares[key]
                _add_share(held_sums, share, d)
                for c, n in per_cache.items():
                    in_records[c] = in_records.get(c, 0) + d * n
                touched.update(per_cache)
        for c in self.k.slab.caches.values():
            objcgs, runs = c.objcgs, c.runs
            nr = c.nr_objs
            mark = (c._next, len(objcgs), len(runs), len(c.slab_free))
            got = counted.get(c.id)
            if got is not None and got[0] == mark and got[3] == nr and c not in touched:
                continue            # as it was at the last check, and its records
            if got is None or got[0] != mark:
                per_objcg = Counter(objcgs.values())     # C speed
                found = len(objcgs)
                for first, (end, o) in runs.items():
                    per_objcg[o] += end - first
                    found += end - first
                item, size = c.stat_item, c.size + 8
                share = tuple((o, item, n, n * size) for o, n in per_objcg.items()
                              if n > 0 and o is not None)
                if got is not None:
                    _add_share(sums, got[1], -1)
                _add_share(sums, share, 1)
            else:
                share, found = got[1], got[2]
            counted[c.id] = (mark, share, found, nr)
            if nr != found + in_records.get(c, 0):
                model_bug("slab cache nr_objs differs from its objects", cache=c.name,
                          nr_objs=nr, found=found + in_records.get(c, 0))
        return sums, held_sums

    def check_memcg_caches(self) -> None:
        """Per-memcg caches (memcg_cache design): ``nr_objs`` and each slab page's
        free count against the slots (which hold the object's slab page)."""
        for c in self.k.slab.caches.values():
            if not (c.nr_objs or c.objcgs or c.runs or c.slab_free):
                continue
            _per, found, fresh = self.count_slab_objects(c)
            if c.nr_objs != found:
                model_bug("slab cache nr_objs differs from its objects", cache=c.name,
                          nr_objs=c.nr_objs, found=found)
            if not fresh:
                continue        # no alloc or free since the last check
            per_slab = max(1, PAGE_SIZE // c.size)
            used = Counter(v for v in c.objcgs.values() if v is not None)
            for pfn, free in c.slab_free.items():
                if per_slab - free != used[pfn] or not 0 <= free < per_slab:
                    model_bug("slab page free count differs from its objects",
                              cache=c.name, pfn=pfn, free=free, objects=used[pfn])
            if set(used) - set(c.slab_free):
                model_bug("slab objects on a page the cache does not have",
                          cache=c.name, pfns=set(used) - set(c.slab_free))

    def count_slab_objects(self, c) -> tuple:
        """``(slot -> objects, objects, counted now)`` of cache ``c`` (memcg_cache
        design: a slot holds a slab page). Between full walks the ledger keeps the
        count of a cache whose objects were neither allocated nor freed since."""
        ledger = self.ledger
        objcgs, runs = c.objcgs, c.runs
        mark = (c._next, c.nr_objs, len(objcgs), len(runs), len(c.slab_free))
        if ledger is not None and not self.full:
            got = ledger.slab.get(c.id)
            if got is not None and got[0] == mark:
                return got[1], got[2], False
        per_objcg = Counter(objcgs.values())     # C speed
        found = len(objcgs)
        for first, (end, o) in runs.items():
            per_objcg[o] += end - first
            found += end - first
        if ledger is not None:
            ledger.slab[c.id] = (mark, per_objcg, found)
        return per_objcg, found, True

    # -------------------------------------------------------------- objcgs
    def check_objcgs(self) -> None:
        pins = self.mc.design.objcg_pins_memcg
        root = self.root
        live = self.live_memcgs
        objcg_holders, objcg_bytes, stat = self.objcg_holders, self.objcg_bytes, self.stat
        charged, kmem_pages = self.charged, self.kmem_pages
        lists: dict = {}
        for o in self.objcgs:
            if o.released:
                model_bug("a released obj_cgroup is still in handles", objcg=o)
            m = o.memcg
            if m not in live:
                self.live_memcg(m, "an obj_cgroup's memcg", objcg=o)
            if m is not root and m.kmem_state != KMEM_ONLINE:
                model_bug("an obj_cgroup points at a memcg whose kmem is offline",
                          objcg=o, memcg=m, kmem_state=m.kmem_state)
            if o not in m.objcg_list:
                model_bug("an obj_cgroup is missing from its memcg's objcg_list",
                          objcg=o, memcg=m)
            lists[m] = lists.get(m, 0) + 1
            exp = objcg_holders[o]
            if not o.killed:
                exp["base"] = 1
                if m.objcg is not o or o.origin is not m:
                    model_bug("a live (unkilled) obj_cgroup is not its memcg's objcg",
                              objcg=o, memcg=m)
            elif pins:
                self.css_holders[m]["objcg"] += 1
            _refs(o, o.holders, exp, OBJCG_HOLDERS, "obj_cgroup")
            nb = o.nr_charged_bytes
            if nb < 0:
                model_bug("negative nr_charged_bytes", objcg=o, nr=nb)
            b = objcg_bytes[o] = objcg_bytes[o] + nb
            if b % PAGE_SIZE:
                model_bug("bytes charged through an objcg are not whole pages (objects + "
                          "obj stock + nr_charged_bytes + kmem pages)", objcg=o, bytes=b)
            charged[m] += b
            kmem_pages[m] += b // PAGE_SIZE
            s = stat.get(m)
            if s is not None:
                s[MEMCG_KMEM] += b // PAGE_SIZE
        for m in self.memcgs:
            ol = m.objcg_list
            n = lists.get(m, 0)
            if len(ol) != n or (n > 1 and len(set(map(id, ol))) != n):
                model_bug("objcg_list differs from the objcgs pointing at the memcg",
                          memcg=m, objcg_list=ol, found=n)

    # -------------------------------------------------------------- memcgs
    def check_memcgs(self) -> None:
        k = self.k
        mc = self.mc
        root = self.root
        live = self.live_memcgs
        if root is None or root not in self.memcg_set:
            model_bug("the root memcg is not in handles", root=root)
        # online pins the ID, the ID pins the css (before v4.8: the css ID, kept
        # until the css is freed)
        id_at_offline = mc.design.memcg_id_released_at_offline
        idr = mc.idr
        memcg_children = k.memcg_children
        children: dict = {}
        swap_ids: dict = {}
        for rec in k.swap.record.values():
            swap_ids[rec] = swap_ids.get(rec, 0) + 1
        for m in self.memcgs:
            state = m.state
            if state == FREED:
                model_bug("a freed memcg is still in handles", memcg=m)
            if m is root:
                if m.parent_memcg is not None or m.parent is not None:
                    model_bug("the root memcg has a parent", memcg=m)
                continue
            p = m.parent_memcg
            if p not in live:
                self.live_memcg(p, "a memcg's parent", memcg=m)
            if m.parent is not p:
                model_bug("css parent differs from parent_memcg", memcg=m)
            children[p] = children.get(p, 0) + 1
            if m not in memcg_children.get(p, ()):
                model_bug("a memcg is missing from its parent's memcg_children", memcg=m)
            offline = m.offline_at is not None
            if offline != (state not in (ONLINE, DYING)):
                model_bug("offline_at disagrees with the css state", memcg=m, state=state)
            id_ref = m.id_ref
            # the online state's reference, and one per swap entry recording the ID
            if id_ref != (0 if offline or not id_at_offline else 1) + swap_ids.get(m, 0):
                model_bug("memcg id_ref disagrees with the online state", memcg=m,
                          id_ref=id_ref)
            if (idr.get(m.id) is m) != (id_ref > 0 or not id_at_offline):
                model_bug("the idr disagrees with the memcg's ID reference", memcg=m,
                          id=m.id, id_ref=id_ref)
            objcg = m.objcg
            if objcg is not None:
                if offline:
                    model_bug("an offline memcg still has an active objcg", memcg=m)
                if objcg not in m.objcg_list:
                    model_bug("a memcg's objcg is not on its objcg_list", memcg=m)
            elif not offline and m.kmem_state == KMEM_ONLINE:
                model_bug("an online kmem memcg has no objcg", memcg=m)
        for p, kids in memcg_children.items():
            if p not in live:
                self.live_memcg(p, "memcg_children (key)")
            for c in kids:
                if c not in live:
                    self.live_memcg(c, "memcg_children", parent=p)
                if c.parent_memcg is not p:
                    model_bug("memcg_children lists a memcg under another parent", memcg=c,
                              listed_under=p)
            n = children.get(p, 0)
            if len(kids) != n or (n > 1 and len(set(map(id, kids))) != n):
                model_bug("memcg_children differs from the memcgs whose parent it is",
                          memcg=p, listed=len(kids), found=n)
        for i, m in idr.items():
            if m not in live:
                self.live_memcg(m, "the memcg idr", id=i)
            if m.id != i:
                model_bug("idr slot holds a memcg with another id", id=i, memcg=m)
        if not idr.keys().isdisjoint(mc._idr_free):
            model_bug("an ID is both free and allocated", ids=set(mc._idr_free) & set(idr))
        wbs = self.k.cgwb.wbs
        for m in self.memcgs:
            exp = self.css_holders[m]
            if m.state in (ONLINE, DYING):
                exp["base"] = 1
            if m.id_ref:
                # the ID holds one css reference however many it has itself
                # (mem_cgroup_id_put_many: css_put at zero)
                exp["memcg id"] = 1
            n = children.get(m)
            if n:
                exp["child css"] = n
            if m in wbs:
                exp["cgwb"] = 1
            _refs(m, m.holders, exp, MEMCG_HOLDERS, "memory css")

    # -------------------------------------------------------------- tasks
    def check_tasks(self) -> None:
        """Every live task in a live cgroup, listed there, its memcg online, and
        nothing else listed in the cgroups (by count: each live task found in its
        cgroup's list is one entry; equal totals leave no other); each pids css
        counting the tasks below (:meth:`check_pids`, a chain walked per cgroup,
        not per task); and the pages the tasks hold (:meth:`check_owner_counts`)."""
        k = self.k
        root = k.memory_root
        reg = getattr(self, "registry", None)
        live = self.live_memcgs
        task_memcg = k.task_memcg
        anon = pgtables = stack = pgdirs = 0
        listed = 0
        in_cgroup: dict = {}
        borrowed = k.procs.vfork_parent     # a vfork's child maps its parent's mm
        for pid, t in k.tasks.items():
            if t.pid != pid:
                model_bug("task table slot holds another pid", pid=pid, task=t)
            mm = t.mm
            if mm is not None and t not in borrowed:
                anon += len(mm.anon)
                pgtables += len(mm.pgtables)
                pgdirs += len(mm.upper)
            stack += len(t.stack)
            if t.kthread:
                continue
            c = t.cgroups.get(root)
            in_cgroup[c] = in_cgroup.get(c, 0) + 1
            if not t.alive:
                continue
            if c is None:
                model_bug("a live task is in no cgroup", task=t)
            if c.removed or (reg is not None and c not in reg):
                model_bug("a live task is in a removed cgroup", task=t, cgroup=c)
            if c.tasks.get(pid) is not t:
                model_bug("a live task is missing from its cgroup's task list", task=t,
                          cgroup=c)
            listed += 1
            m = task_memcg(t)
            if m not in live:
                self.live_memcg(m, "a live task's cgroup", task=t)
            if m.state != ONLINE:
                model_bug("a live task's memcg is not online", task=t, memcg=m)
            if t.active_memcg is not None:
                model_bug("active_memcg left set after a syscall", task=t)
        if k.procs.mm_held:
            a, p, d = held_mm_pages(k)
            anon, pgtables, pgdirs = anon + a, pgtables + p, pgdirs + d
        self.task_pages = anon, pgtables, stack, pgdirs + lazy_pgd_pages(k)
        self.check_pids(in_cgroup)
        cgroups = reg if reg is not None else ()
        if sum(map(len, map(_TASKS, cgroups))) == listed:
            return
        for c in cgroups:
            for pid, t in c.tasks.items():
                if t.pid != pid or not t.alive or t.cgroups.get(root) is not c:
                    model_bug("a cgroup lists a task that is not in it (or is dead)",
                              cgroup=c, task=t)

    def check_pids(self, in_cgroup: dict | None = None) -> None:
        """Each pids css counts the unreleased tasks (zombies too) of its subtree.
        ``in_cgroup``: cgroup -> the tasks (not kthreads) whose css_set names it,
        counted by :meth:`check_tasks` (each cgroup's chain walked once)."""
        pids = getattr(self.k, "pids", None)
        if pids is None or not pids.css:
            return
        if in_cgroup is None:
            in_cgroup = {}
            for t in self.k.tasks.values():
                if not t.kthread:
                    c = t.cgroups.get(self.k.memory_root)
                    in_cgroup[c] = in_cgroup.get(c, 0) + 1
        found: Counter = Counter()
        for c, n in in_cgroup.items():
            for p in pids._chain(c):
                found[p] += n
        for p in pids.css.values():
            if p.counter != found[p]:
                model_bug("pids.current differs from the tasks below", cgroup=p.cgroup,
                          counter=p.counter, tasks=found[p])

    # -------------------------------------------------------------- dentries
    def check_dentries(self) -> None:
        k = self.k
        neg = k.filemap.negative
        for path, run in neg.items():
            m = self.live_memcg(run.memcg, "a negative dentry", path=path)
            if m.offline_at is not None:
                model_bug("a negative dentry is on an offline memcg's list_lru", path=path,
                          memcg=m)
            if run not in k.list_lrus.get(m, ()):
                model_bug("a negative dentry is missing from its memcg's list_lru",
                          path=path, memcg=m)
        listed = 0
        for m, lru in k.list_lrus.items():
            if not lru:
                continue
            self.live_memcg(m, "a list_lru with items")
            for run in lru:
                if run.memcg is not m or not run.live:
                    model_bug("a list_lru lists a dentry that is not on it", memcg=m,
                              run=run)
                live = 0
                for path in run.live_paths():
                    live += 1
                    if neg.get(path) is not run:
                        model_bug("a list_lru lists a dentry that is not on it", memcg=m,
                                  path=path)
                if live != run.live:
                    model_bug("a dentry run miscounts its live dentries", memcg=m,
                              live=live, counted=run.live)
                listed += live
        if listed != len(neg):
            # every listed path maps back to its run: equal counts leave no
            # negative dentry outside its run
            model_bug("a negative dentry is missing from its run", listed=listed,
                      negative=len(neg))

    def check_super_lrus(self) -> None:
        """kernel/super.py: each disk superblock's dentry and inode list_lrus hold,
        per memcg, what a walk of its cached files finds on them (an unused cached
        dentry, by its object's memcg; else an unused clean inode the design lets
        on, by its inode object's memcg), in inode order; ``nr_negative`` counts
        its negative dentries' runs; ``super_cache_count`` (``nr_items``) is all
        of them."""
        k = self.k
        fm = k.filemap
        of = fm.mem_cgroup_from_slab_obj
        in_use = k.inodes_in_use()
        # the negative dentries' runs by superblock and memcg, in one pass
        negatives: dict = {}
        for m, lru in k.list_lrus.items():
            for run in lru:
                if run.live:
                    per = negatives.setdefault(run.sb, {})
                    per[m] = per.get(m, 0) + run.live
        for sb in k.superblocks:
            want: dict = {}
            for inode in dict.fromkeys(sb.files()):
                if fm.dentry_on_lru(inode, in_use):
                    want.setdefault(of(*inode.slab[1]), ([], []))[0].append(inode)
                elif fm.inode_on_lru(inode, in_use):
                    want.setdefault(of(*inode.slab[0]), ([], []))[1].append(inode)
            sb.settle()
            if any(i not in sb.s_dentry_lru.where and i not in sb.d_held
                   for i in sb.d_referenced):
                model_bug("DCACHE_REFERENCED on a dentry off its superblock's list",
                          referenced=len(sb.d_referenced))
            if any(not i.slab or i in fm.orphans for i in sb.i_referenced):
                model_bug("I_REFERENCED on an evicted inode",
                          referenced=len(sb.i_referenced))
            if any(i in sb.s_dentry_lru.where or i not in in_use for i in sb.d_held):
                model_bug("a dentry held off its list is listed or unused",
                          held=len(sb.d_held))
            negative = negatives.get(sb, {})
            if not (want or negative or sb.nr_negative or sb.s_dentry_lru.lists
                    or sb.s_inode_lru.lists):
                continue            # nothing cached, nothing listed, nothing counted
            if negative != sb.nr_negative:
                model_bug("a superblock's negative dentries miscounted", counted=len(
                    sb.nr_negative), found=len(negative))
            listed = dict.fromkeys(want)
            listed.update(dict.fromkeys(negative))
            listed.update(dict.fromkeys(sb.s_dentry_lru.lists))
            listed.update(dict.fromkeys(sb.s_inode_lru.lists))
            for m in listed:
                exp = want.get(m, ([], []))
                got = []
                for lru in (sb.s_dentry_lru, sb.s_inode_lru):
                    one = lru.lists.get(m, {})
                    seqs = list(one.values())
                    if seqs != sorted(seqs):
                        model_bug("a superblock's list_lru is out of LRU order", memcg=m)
                    got.append(sorted((i for i in one if i not in in_use),
                                      key=attrgetter("ino")))
                # an inode whose dentry came back stays on the inode list (its
                # i_count: taken off by the next walk that finds it)
                held = [i for i in sb.s_inode_lru.lists.get(m, ()) if len(i.slab) > 1]
                if held:
                    got[1] = [i for i in got[1] if len(i.slab) == 1]
                if got != list(exp):
                    model_bug("a superblock's list_lru differs from its cached files",
                              memcg=m, dentries=(len(got[0]), len(exp[0])),
                              inodes=(len(got[1]), len(exp[1])))
                # an open file's dentry counts while listed (a walk takes it off)
                open_listed = sum(1 for i in sb.s_dentry_lru.lists.get(m, ())
                                  if i in in_use)
                items = (len(exp[0]) + len(exp[1]) + len(held) + open_listed
                         + negative.get(m, 0))
                n = sb.super_cache_count(ShrinkControl(m))
                if n != (items or SHRINK_EMPTY):
                    model_bug("super_cache_count is not the lists' nr_items", memcg=m,
                              count=n, items=items)

    # ---------------------------------------------------------- shadow nodes
    def check_shadow_nodes(self) -> None:
        """kernel/workingset.py: a leaf is on the ``shadow_nodes`` list of its node's
        memcg exactly while it holds shadow entries and no page."""
        k = self.k
        ws = getattr(k, "workingset", None)
        if ws is None:
            return
        n = 0
        for m, lru in ws.lrus.items():
            if not lru:
                continue
            self.live_memcg(m, "a shadow_nodes list with items")
            if m.offline_at is not None:
                model_bug("a shadow node is on an offline memcg's list", memcg=m)
            for inode, nr in lru:
                n += 1
                if ws.listed.get(inode, {}).get(nr) is not m:
                    model_bug("a listed shadow node is not indexed", ino=inode.ino, nr=nr)
                if not inode.pages.shadow_only(nr) or ws._node_memcg(inode, nr) is not m:
                    model_bug("a listed node holds a page, no shadow, or is another memcg's",
                              ino=inode.ino, nr=nr, memcg=m)
        if n != sum(len(v) for v in ws.listed.values()):
            model_bug("the shadow node index lists a node no list holds")
        for inode in k.filemap.shadowed:
            pages = inode.pages
            counted: dict[int, int] = {}
            for i in pages.shadows or ():
                counted[i >> XA_CHUNK_SHIFT] = counted.get(i >> XA_CHUNK_SHIFT, 0) + 1
            if counted != (pages.shadow_nrs or {}):
                model_bug("an index's shadow counts per node are not its shadow entries'",
                          ino=inode.ino)
            for nr in counted:
                if (pages.shadow_only(nr) and ws._node_memcg(inode, nr) is not None
                        and nr not in ws.listed.get(inode, ())):
                    model_bug("a node holding only shadows is not listed", ino=inode.ino,
                              nr=nr)

    # -------------------------------------------------------------- counters
    def _subtree_sums(self, local: dict, counter: str) -> dict:
        """Hierarchical sums of ``local`` along the links of the page counters named
        ``counter``: a child's total goes to the memcg whose counter its own links
        to (the css parent; the root for a v1 memcg without use_hierarchy from
        v5.10; none on v3.10)."""
        memcgs = self.deepest_first()
        counters = [getattr(m, counter) for m in memcgs]
        owner = dict(zip(map(id, counters), memcgs))
        total: dict = {}
        get = total.get
        for m, c in zip(memcgs, counters):
            t = total[m] = get(m, 0) + local.get(m, 0)
            up = c.parent
            if up is not None:
                o = owner[id(up)]
                total[o] = get(o, 0) + t
        return total

    def check_counters(self) -> None:
        """``memory.usage × PAGE_SIZE`` of memcg M == the bytes attributed to M's
        subtree: LRU pages charged to it (not the root's: ``try_charge`` never
        charges the root), v5.12 kmem pages, everything charged through the objcgs
        pointing at it (objects, obj stock bytes, ``nr_charged_bytes``, v5.13 kmem
        pages), its per-CPU stock pages, plus the same for every child not freed
        whose counters link to M's.

        Exact for the root and for every memcg not yet offline. At offline the
        memcg's objcgs move to the parent (``memcg_reparent_objcgs``): their
        charges stay in the dying memcg's counter, while the uncharges later go to
        the parent's chain only, so an offline memcg's counter can keep more than
        its subtree holds (never less): there only ``>=`` holds. The parent's
        counter, which included the child's charges, stays exact.

        v3.10 moves a dying memcg's LRU pages to the root when that is its counter
        parent (``mem_cgroup_move_parent``), and frees root pages without touching
        the root's counter (``__mem_cgroup_uncharge_common`` skips the root): the
        root's counter keeps those charges (its ``memory.usage_in_bytes`` reads
        the statistics instead), so there the root's is only ``>=`` too.

        No counter may have underflowed (``page_counter_cancel``'s WARN).
        """
        k = self.k
        if "page_counter_cancel" in k.log._once:
            model_bug("a page counter underflowed (more uncharges than charges)",
                      log=[line for line in k.log.lines if "page_counter" in line][:1])
        idle = IDLE_COUNTER
        if (idle.usage or idle.watermark or idle.failcnt or idle.max != PAGE_COUNTER_MAX
                or idle.high != PAGE_COUNTER_MAX or idle.prot is not None
                or idle.parent is not None):
            model_bug("the shared idle page counter was written", usage=idle.usage,
                      max=idle.max, high=idle.high, failcnt=idle.failcnt)
        root = self.mc.root_mem_cgroup
        root_leaks = k.design.lru_reparent_at_offline
        dfl = k.dfl
        memsw = k.do_memsw_account
        for m, n in self.mc.charges_in_flight.items():
            self.charged[m] += n * PAGE_SIZE
        mem_total = self._subtree_sums(self.charged, "memory")
        # swap entries charged to each memsw (cgroup2: swap) counter, hierarchically
        swapped: dict = {}
        for rec in k.swap.record.values():
            c = rec.memsw if rec is not root else None
            while c is not None:
                swapped[c] = swapped.get(c, 0) + 1
                c = c.parent
        kmem_total = {} if dfl else self._subtree_sums(self.kmem_pages, "kmem")
        for m in self.memcgs:
            counter = m.memory
            pages = counter.usage
            usage = pages * PAGE_SIZE
            want = mem_total[m]
            exact = m.offline_at is None and not (root_leaks and m is root)
            if usage < 0 or (usage != want if exact else usage < want):
                model_bug("memory.usage differs from the charges found in the subtree",
                          memcg=m, usage_pages=pages, found_pages=want / PAGE_SIZE,
                          offline=not exact)
            if counter.watermark < pages:
                model_bug("watermark below usage", memcg=m)
            if m is not root and m.memsw is not idle and m.memsw.usage != (
                    pages if memsw else 0) + swapped.get(m.memsw, 0):
                model_bug("memsw.usage differs from memory.usage (v1) plus the swap "
                          "entries charged in the subtree", memcg=m, memsw=m.memsw.usage,
                          memory=pages, swap=swapped.get(m.memsw, 0))
            kmem = m.kmem.usage
            if dfl:
                if kmem:
                    model_bug("cgroup2 charged the v1 kmem counter", memcg=m, kmem=kmem)
            elif kmem < 0 or (kmem != kmem_total[m] if exact else kmem < kmem_total[m]):
                model_bug("kmem.usage differs from the kmem charges found in the subtree",
                          memcg=m, kmem=kmem, found=kmem_total[m], offline=not exact)

    # -------------------------------------------------------------- stats
    def check_stats(self) -> None:
        """Each item's value is what readers would see after a flush: the folded
        ``state`` plus what is still pending (per-CPU deltas under
        ``percpu_batch``, ``pending`` of the memcgs awaiting an rstat flush,
        including freed ones still queued) in the subtree.

        LRU items are exact for every memcg (LRU pages never move at offline).
        Kmem items follow an objcg's *current* memcg (and v5.12's kmem pages their
        memcg): exact for memcgs not offline; an offline memcg keeps the stale
        share of what was reparented away, so nothing is checked there.
        """
        mc = self.mc
        stats = mc.stats
        get = _STAT_ITEMS_OF          # the checked items of a full item vector
        zero = (0,) * len(STAT_ITEMS)
        # pending deltas (of the checked items), attributed to the memcg they were made at
        pending: dict = {}
        if isinstance(stats, PercpuBatchStats):
            for m in self.memcgs:
                p = zero
                for v in m.stats.pcpu.values():     # the CPUs that touched it
                    p = tuple(map(add, p, get(v)))
                pending[m] = p
        else:
            updated = getattr(stats, "updated", {})
            for m in self.memcgs:
                if m not in updated and any(m.stats.pending):
                    model_bug("a memcg has pending stats but is not queued for a flush",
                              memcg=m)
            for m in updated:
                pending[m] = get(m.stats.pending)
        # (v5.14) slab bytes the per-CPU obj stocks hold back (``mod_objcg_state``)
        # land on their objcg's memcg of now when flushed
        for st in mc.stocks:
            o = st.cached_objcg
            if o is not None and (st.nr_slab_reclaimable_b or st.nr_slab_unreclaimable_b):
                vec = [0] * NR_STAT_ITEMS
                vec[NR_SLAB_RECLAIMABLE_B] = st.nr_slab_reclaimable_b
                vec[NR_SLAB_UNRECLAIMABLE_B] = st.nr_slab_unreclaimable_b
                p = get(vec)
                q = pending.get(o.memcg)
                pending[o.memcg] = p if q is None else tuple(map(add, q, p))
        # pending of memcgs already freed (rstat) still lands on their ancestors
        memcg_set = self.memcg_set
        seen: dict = {}
        for m, p in pending.items():
            if not any(p):
                continue
            x = m
            while x is not None:
                if x in memcg_set:
                    s = seen.get(x)
                    seen[x] = p if s is None else tuple(map(add, s, p))
                x = x.stat_parent
        found_local = self.stat
        total: dict = {}
        own: dict = {}              # memcg -> its found local items (LRU ones first)
        for m in self.deepest_first():
            t = total.get(m)
            fl = own[m] = get(found_local[m])
            tm = total[m] = fl if t is None else tuple(map(add, t, fl))
            p = m.stat_parent
            if p is not None:
                t = total.get(p)
                total[p] = tm if t is None else tuple(map(add, t, tm))
        nlru = len(LRU_ITEMS)
        for m in self.memcgs:
            st = get(m.stats.state)
            sm = seen.get(m)
            have = st if sm is None else tuple(map(add, st, sm))
            tm = total[m]
            if have != tm:
                # LRU items are first in STAT_ITEMS: an offline memcg checks only those
                for j, i in enumerate(STAT_ITEMS if m.offline_at is None else LRU_ITEMS):
                    if have[j] != tm[j]:
                        model_bug("a memcg stat differs from the pages and objects found "
                                  "in its subtree", memcg=m, item=i, state=st[j],
                                  pending=0 if sm is None else sm[j], found=tm[j])
            # local LRU values: only this memcg's pages
            local = _LRU_ITEMS_OF(m.stats.local)
            lp = pending.get(m)
            if lp is not None:
                local = tuple(map(add, local, lp[:nlru]))
            fl = own[m][:nlru]
            if local != fl:
                for j, i in enumerate(LRU_ITEMS):
                    if local[j] != fl[j]:
                        model_bug("a memcg's local stat differs from its own LRU pages",
                                  memcg=m, item=i, local=m.stats.local[i],
                                  pending=lp[j] if lp is not None else 0, found=fl[j])

    def deepest_first(self) -> list:
        """The memcgs, children before their parents (by cgroup level, as deep as
        ``parent_memcg`` goes: a memcg's never changes); kept in the ledger while
        the memcgs are the same ones in the same order."""
        order = getattr(self, "_deepest", None)
        if order is None:
            ledger = self.ledger
            memcgs = tuple(self.memcgs)
            kept = ledger.deepest if ledger is not None else None
            if kept is not None and kept[0] == memcgs:    # identity: the same memcgs
                order = kept[1]
            else:
                order = sorted(memcgs, key=_neg_level)
                if ledger is not None:
                    ledger.deepest = (memcgs, order)
            self._deepest = order
        return order


def _neg_level(m) -> int:
    return -m.cgroup.level
