"""mm/memcontrol.c: mem_cgroup, obj_cgroup, try_charge, per-CPU stocks, kmem page
and object charging, reparenting, memcg IDs and statistics.

Holders of css references are named as the kernel's code paths take them:
"page" (one per charged LRU page, Linux commit 1a3e1f40962c ("mm: memcontrol:
decouple reference counting from page accounting") (in v5.9)), "kmem page"
(v5.12 design), "stock" (``refill_stock``), "memcg id" (``mem_cgroup_id_get``),
"objcg" (reparented objcgs, v5.12/v5.13), "child css", "task" is not a holder
(tasks pin through their css_set, modelled as the cgroup being populated).
"""
from __future__ import annotations

import errno
import heapq
from itertools import groupby
from operator import itemgetter
from typing import TYPE_CHECKING, Any, Iterable

from .bug import model_bug
from .cgroup import ONLINE, Css, SharedHolders
from .idr import Idr
from .lru import LruLinks, LruList
from .oom_victim import MEMCG_RECLAIM_ROUND_NS
from .page_alloc import (ANON_LRU_KINDS, HANDLE_SHIFT, KIND_NAMES, MEMCG_DATA_KMEM, PG_ANON,
                         PG_BUFFER, PG_FREE, PG_SHMEM, PG_SHMEM_ACTIVE)
from .page_counter import IDLE_COUNTER, PAGE_COUNTER_MAX, PageCounter
from .vmstat import (MEMCG_KMEM, MEMCG_MAX, MEMCG_SWAP,
                     NR_ACTIVE_ANON, NR_ANON_MAPPED, NR_FILE_PAGES, NR_INACTIVE_ANON,
                     NR_ACTIVE_FILE, NR_FILE_MAPPED, NR_INACTIVE_FILE,
                     NR_SHMEM, NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B, PAGE_SIZE,
                     PGFAULT, PGPGIN, PGPGOUT, MemcgStats, PercpuBatchStats,
                     ZERO_EVENTS, RstatStats, RstatThresholdStats, stat_vector)

if TYPE_CHECKING:
    from ..machine import Kernel

#: ``MAX_RECLAIM_RETRIES``
MAX_RECLAIM_RETRIES = 16
KMEM_NONE, KMEM_ALLOCATED, KMEM_ONLINE = range(3)


def anon_lru_item(design) -> int:
    """The LRU list (its memory.stat item) a faulted anon page is added to, by the
    design's ``anon_fault_active``: ``lru_cache_add_inactive_or_unevictable`` (inactive)
    or, before v5.9, ``lru_cache_add_active_or_unevictable`` (active). Shmem pages
    join the inactive anon list in both (``shmem_add_to_page_cache`` →
    ``lru_cache_add``); nothing in the model moves pages between the lists."""
    return NR_ACTIVE_ANON if design.anon_fault_active else NR_INACTIVE_ANON


#: the ``objcg_list`` of a memcg with no objcg on it (before ``memcg_online_kmem``,
#: and once ``memcg_reparent_objcgs`` moved them to the parent: a dying memcg's for
#: good): one shared empty tuple, not an empty list each (56 bytes a dying memcg,
#: issue 14); a memcg's own list is made when an objcg first joins it. (Typed as
#: the list it stands for: nothing adds to it, :meth:`MemoryController.
#: memcg_online_kmem` and ``memcg_reparent_objcgs`` replace it first.)
NO_OBJCGS: list = ()  # type: ignore[assignment]


class MemCgroup(Css):
    """``struct mem_cgroup`` (its css is embedded, so it *is* a css here)."""
    __slots__ = ("memory", "memsw", "kmem", "tcpmem", "id", "id_ref", "objcg", "objcg_list",
                 "kmem_state", "stats", "parent_memcg", "data_word",
                 "move_charge_at_immigrate", "swappiness", "oom_kill_disable", "oom_group", "under_oom",
                 "soft_limit", "lru_anon", "lru_file", "use_hierarchy", "offline_at",
                 "kmem_active", "stat_parent", "css_id", "held_structs", "pcpu_areas",
                 "nonresident_age")

    def __init__(self, cgroup, parent: "MemCgroup | None", serial: int, nr_cpus: int,
                 handle: int, hierarchical: bool = True, log=None,
                 counter_parent: "MemCgroup | None" = None, clamp: bool = True,
                 lru_links: LruLinks | None = None, dfl: bool = False) -> None:
        """``counter_parent``: the memcg whose page counters this one's link to
        (``parent`` if ``hierarchical`` and none is given); ``lru_links``: the
        pages' ``lru`` links its LRU lists go through (``mem_map.lru``); ``dfl``:
        on cgroup2, where a non-root memcg's ``memsw`` (``swap``), ``kmem`` and
        ``tcpmem`` start as the shared ``IDLE_COUNTER``."""
        super().__init__(cgroup, "memory", parent, serial)
        self.parent_memcg = parent
        pm = counter_parent if counter_parent is not None else (parent if hierarchical else None)
        #: where hierarchical statistics go: ``parent_mem_cgroup()`` (v5.10's
        #: ``__mod_memcg_state`` walks it), else the css parent
        self.stat_parent = pm if pm is not None else parent
        self.memory: PageCounter = PageCounter(pm.memory if pm else None, log, clamp)
        self.memsw: PageCounter
        self.kmem: PageCounter
        self.tcpmem: PageCounter
        if dfl and pm is not None:
            self.memsw = self.kmem = self.tcpmem = IDLE_COUNTER
        else:
            self.memsw = PageCounter(pm.memsw if pm else None, log, clamp)
            self.kmem = PageCounter(pm.kmem if pm else None, log, clamp)
            self.tcpmem = PageCounter(pm.tcpmem if pm else None, log, clamp)
        self.id = 0
        self.id_ref = 0
        self.objcg: ObjCgroup | None = None
        self.objcg_list: list[ObjCgroup] = NO_OBJCGS
        self.kmem_state = KMEM_NONE
        self.stats = MemcgStats(nr_cpus)
        #: ``handle << HANDLE_SHIFT``: the word of a page charged to it (the
        #: handle read from it: no int of its own, issue 14)
        self.data_word = handle << HANDLE_SHIFT
        self.move_charge_at_immigrate = 0
        self.swappiness: int = parent.swappiness if parent else 60
        self.oom_kill_disable: int = parent.oom_kill_disable if parent else 0
        self.oom_group = 0
        #: ``under_oom``: OOMs of this memcg or an ancestor with a task waiting
        #: (``mem_cgroup_mark_under_oom``, kernel/memcg_oom.py)
        self.under_oom = 0
        self.soft_limit = PAGE_COUNTER_MAX
        links = lru_links if lru_links is not None else LruLinks()
        self.lru_anon = LruList(links, links.anon)
        self.lru_file = LruList(links, links.file)
        self.use_hierarchy = int(hierarchical)
        self.offline_at: int | None = None
        #: kmem accounting on for this memcg (per-cgroup opt-in on v3.10)
        self.kmem_active = True
        #: its ID in the memory controller's ``css_idr`` (``css->id``), None for
        #: the root's and once released
        self.css_id: int | None = None
        #: its unaccounted slab structures (``Slab.held_of``)
        self.held_structs = None
        #: ``lruvec->nonresident_age`` (mm/workingset.c): evictions and activations
        #: in its subtree, the clock of refault distances (kernel/workingset.py)
        self.nonresident_age = 0
        #: its per-CPU areas (``Percpu.areas_of``)
        self.pcpu_areas = None

    def is_descendant_of(self, root: "MemCgroup") -> bool:
        """``mem_cgroup_is_descendant``"""
        m: MemCgroup | None = self
        while m is not None:
            if m is root:
                return True
            m = m.parent_memcg
        return False

    def own_counter(self, name: str) -> PageCounter:
        """Its counter ``name`` (``memsw``, ``kmem``, ``tcpmem``) to be written: an
        ``IDLE_COUNTER`` replaced by its own, linked to its parent's (made too)."""
        c = getattr(self, name)
        if c is IDLE_COUNTER:
            parent = self.parent_memcg
            memory = self.memory
            c = PageCounter(parent.own_counter(name) if parent is not None else None,
                            memory.log, memory.clamp)
            setattr(self, name, c)
        return c

    @property
    def handle(self) -> int:
        """Its handle in ``MemoryController.handles``."""
        return self.data_word >> HANDLE_SHIFT

    @handle.setter
    def handle(self, h: int) -> None:
        self.data_word = h << HANDLE_SHIFT


class ObjCgroup:
    """``struct obj_cgroup``: a percpu_ref, the memcg it charges (moved to an
    ancestor at offline) and sub-page leftovers. Linux commit bf4f059954dc ("mm:
    memcg/slab: obj_cgroup API") (in v5.9)."""
    __slots__ = ("refcnt", "holders", "memcg", "nr_charged_bytes", "killed",
                 "data_word", "lru_word", "origin", "released")

    def __init__(self, memcg: MemCgroup, handle: int) -> None:
        self.refcnt = 1
        self.holders: dict[str, int] = {"base": 1}
        self.memcg = memcg
        self.origin = memcg          # the memcg it was created for (for explaining)
        self.nr_charged_bytes = 0
        self.killed = False
        self.released = False
        #: the words of a kmem page and of an LRU page charged through it (the
        #: handle read from them: no int of its own, issue 14)
        self.data_word = (handle << HANDLE_SHIFT) | MEMCG_DATA_KMEM
        self.lru_word = handle << HANDLE_SHIFT

    def __repr__(self) -> str:
        return f"<objcg of {self.origin.cgroup.path} -> {self.memcg.cgroup.path} ref={self.refcnt}>"

    @property
    def handle(self) -> int:
        """Its handle in ``MemoryController.handles``."""
        return self.lru_word >> HANDLE_SHIFT

    @handle.setter
    def handle(self, h: int) -> None:
        self.data_word = (h << HANDLE_SHIFT) | MEMCG_DATA_KMEM
        self.lru_word = h << HANDLE_SHIFT


class Handles(list):
    """handle -> memcg, objcg or objcg vector: the pointers a page's
    ``memcg_data`` word stands in for (``HANDLE_SHIFT``). Handles count up and
    are never reused, so a list indexed by handle (slot 0 unused), a freed
    handle's slot None: 8 bytes a handle, not a dict entry (every dying memcg
    keeps two, issue 14). Read as a mapping of the live handles."""
    __slots__ = ()

    def __init__(self) -> None:
        super().__init__((None,))

    def new(self, obj) -> int:
        """``obj``'s handle, the next one."""
        self.append(obj)
        return len(self) - 1

    def get(self, h: int, default=None):
        """The object of handle ``h``, ``default`` if none (freed or never given)."""
        obj = self[h] if 0 <= h < len(self) else None
        return default if obj is None else obj

    def __delitem__(self, h) -> None:    # type: ignore[override]
        """Free handle ``h`` (its slot None; never reused)."""
        if self.get(h) is None:
            raise KeyError(h)
        self[h] = None

    def items(self):
        """``(handle, object)`` of the live handles, in handle order."""
        return ((h, obj) for h, obj in enumerate(self) if obj is not None)

    def values(self):
        """The objects of the live handles, in handle order."""
        return (obj for obj in self if obj is not None)


def stock_stat_add(p: int, s: int, n: int) -> tuple[int, int]:
    """``n`` updates of ``s`` bytes to an item the obj stock holds at ``p``, as
    ``mod_objcg_state`` makes them one by one (v5.14): at 0 an update is stored
    whole; otherwise added, and the sum flushed (the stock back to 0) once its
    absolute value passes ``PAGE_SIZE``. Returns the stock's value after and the
    bytes flushed to the memcg."""
    flushed = 0
    a = -s if s < 0 else s
    if n and (p > PAGE_SIZE or p < -PAGE_SIZE):
        # (a first update stored whole may exceed a page) the next one flushes
        # unless it brings the sum back within a page
        p += s
        n -= 1
        if p > PAGE_SIZE or p < -PAGE_SIZE:
            flushed, p = p, 0
    if p and (p > 0) != (s > 0):
        # towards zero: no flush until it is reached or crossed
        k = -(-(-p if p < 0 else p) // a)
        if k > n:
            return p + n * s, 0
        p += k * s
        n -= k
        if p and (p if p > 0 else -p) > PAGE_SIZE:
            flushed, p = p, 0
    if p and n:
        # growing: the first update past a page flushes the sum
        ap = p if p > 0 else -p
        j = (PAGE_SIZE - ap) // a + 1 if ap <= PAGE_SIZE else 1
        if j > n:
            return p + n * s, flushed
        flushed += p + j * s
        p = 0
        n -= j
    if n:
        # from 0: stored, then flushed at every c-th update
        c = PAGE_SIZE // a + 1
        if c < 2:
            c = 2
        full, r = divmod(n, c)
        flushed += full * c * s
        p = r * s
    return p, flushed


class MemcgStockPcp:
    """``struct memcg_stock_pcp``: per-CPU precharged pages and object bytes, and
    (v5.14) the slab statistics ``mod_objcg_state`` has not passed on yet:
    ``nr_slab_reclaimable_b``/``nr_slab_unreclaimable_b``, of ``cached_objcg``
    (one objcg for both: a statistic of another objcg drains the stock first)."""
    __slots__ = ("cached", "nr_pages", "cached_objcg", "nr_bytes", "flushing",
                 "nr_slab_reclaimable_b", "nr_slab_unreclaimable_b")

    def __init__(self) -> None:
        self.cached: MemCgroup | None = None
        self.nr_pages = 0
        self.cached_objcg: ObjCgroup | None = None
        self.nr_bytes = 0
        self.flushing = False
        self.nr_slab_reclaimable_b = 0
        self.nr_slab_unreclaimable_b = 0


class MemoryController:
    """The memory subsystem: css callbacks and charging. ``k.current`` is the task
    on whose behalf the kernel runs; its CPU selects the stock."""

    def __init__(self, kernel: "Kernel") -> None:
        self.k = kernel
        d = kernel.design
        self.design = d
        self.batch = d.memcg_charge_batch
        #: ``try_charge`` reclaims over memory.high itself past one batch (else only
        #: on the task's return to user space)
        self.high_sync_reclaim = d.memcg_high_sync_reclaim
        #: the LRU list a new anon page joins (``anon_fault_active``)
        self.anon_lru_item = anon_lru_item(d)
        #: :meth:`_lru_items` by page kind, and with ``PGPGIN`` after them (what a
        #: charge commits)
        self._lru_item_table = tuple(self._lru_items(kd) for kd in range(len(KIND_NAMES)))
        self._commit_items = tuple(items + (PGPGIN,) for items in self._lru_item_table)
        self.nr_cpus = kernel.nr_cpus
        self.stocks = [MemcgStockPcp() for _ in range(kernel.nr_cpus)]
        self.stats: PercpuBatchStats | RstatStats = {  # type: ignore[assignment]
            "percpu_batch": lambda: PercpuBatchStats(self.batch),
            "rstat": RstatStats,
            "rstat_threshold": lambda: RstatThresholdStats(self.batch, kernel)
        }[d.stats_flush]()
        self._stats_mod = self.stats.mod
        self._stats_mod2 = self.stats.mod2
        #: a held slab record's free (slab.py ``_uncharge_specs``): its statistics
        #: only sum until a flush (rstat) and do not go through the obj stock
        #: (v5.14+'s ``mod_objcg_state``), so they take one update; a stock past a
        #: page drains (v5.9-v5.13, ``drain_obj_stock``) rather than keeping the rest;
        #: the stock caches the slab statistics (v5.14+: object by object)
        self.slab_stats_summed = self.stats.summed and not d.obj_stock_caches_vmstat
        self.obj_stock_stats = d.obj_stock_caches_vmstat
        self.obj_stock_drains = not d.obj_stock_keeps_remainder
        self.kmem_disabled = kernel.boot.nokmem
        #: ``memcg_kmem_enabled_key``: on once any memcg onlines kmem, never off
        self.kmem_enabled = False
        self.handles = Handles()
        self._idr_next = 1
        self._idr_free: list[int] = []
        self.idr: dict[int, MemCgroup] = {}
        #: ``mem_cgroup_idr``'s radix tree nodes (IDs below 4096: its leaves)
        self.idr_nodes = Idr(kernel, "mem_cgroup_idr", levels=1)
        self.root_mem_cgroup: MemCgroup | None = None

    # ------------------------------------------------------------------ handles
    def new_handle(self, obj) -> int:
        """A new handle for ``obj`` (:class:`Handles`)."""
        return self.handles.new(obj)

    # ------------------------------------------------------------ css callbacks
    def css_alloc(self, cgrp, parent_css: "MemCgroup | None") -> MemCgroup:
        """``mem_cgroup_css_alloc`` → ``mem_cgroup_alloc``: the ID from the idr
        (ENOSPC when exhausted, Linux commit 11d6761218d1 ("memcg: fix corruption on
        64-bit inode number") (in v5.7)); the per-CPU statistics are charged to the
        *parent* under ``set_active_memcg(parent)`` (Linux commit 3e38e0aaca9e ("mm:
        memcg: charge memcg percpu memory to the parent cgroup") (in v5.9))."""
        memcg_id = self._idr_alloc()
        hierarchical = self.hierarchical_under(parent_css)
        memcg = MemCgroup(cgrp, parent_css, cgrp.ino, self.nr_cpus, 0, hierarchical,
                          self.k.log, self.counter_parent(parent_css, hierarchical),
                          self.design.page_counter_underflow_clamps, self.k.mem_map.lru,
                          self.k.dfl)
        memcg.handle = self.new_handle(memcg)
        memcg.id = memcg_id
        self.idr[memcg_id] = memcg
        self.idr_nodes.take(memcg_id)
        if parent_css is None:
            self.root_mem_cgroup = memcg
            memcg.kmem_active = not self.design.kmem_accounting_opt_in
            return memcg
        self.k.memcg_children.setdefault(parent_css, []).append(memcg)
        if self.design.kmem_accounting_opt_in:
            memcg.kmem_active = parent_css.kmem_active   # memcg_propagate_kmem
        self.k.percpu.alloc_memcg_percpu(memcg, parent_css)
        if not self.kmem_disabled:
            self.memcg_online_kmem(memcg)
        return memcg

    def hierarchical_under(self, parent: "MemCgroup | None") -> bool:
        """Whether a new memcg's counters link to its parent's: always on cgroup2 and
        from v5.11 (bef8620cd8e0); before that, v1 follows the parent's
        ``memory.use_hierarchy`` (the root's defaults to 0)."""
        if self.design.use_hierarchy_forced or self.k.dfl:
            return True
        return parent is not None and bool(parent.use_hierarchy)

    def counter_parent(self, parent: "MemCgroup | None",
                       hierarchical: bool) -> "MemCgroup | None":
        """The memcg whose page counters a new child of ``parent`` links to
        (``mem_cgroup_css_alloc``): the parent when hierarchical; otherwise none
        before v5.10 (v3.10's ``res_counter_init(&memcg->res, NULL)``), and from
        v5.10 the root's (Linux commit 8de15e920dc8 ("mm: memcg: link page counters
        to root if use_hierarchy is false") (in v5.10): objcgs reparented to the
        root were uncharged from its counters, which never held their charges)."""
        if parent is None:
            return None
        if hierarchical:
            return parent
        if self.design.nonhierarchical_counters_link_root:
            return self.root_mem_cgroup
        return None

    def parent_mem_cgroup(self, memcg: MemCgroup) -> "MemCgroup | None":
        """``parent_mem_cgroup`` before v5.11: the memcg owning ``memcg->memory.parent``
        (None when the counters link nowhere), so a non-hierarchical memcg's
        charges, objcgs and (v3.10) LRU pages go to the root at offline, not to the
        css parent. From v5.11 (bef8620cd8e0) it is the css parent, the same thing
        as hierarchy is forced there."""
        up = memcg.memory.parent
        if up is None:
            return None
        m = memcg.parent_memcg
        while m is not None and m.memory is not up:
            m = m.parent_memcg
        return m

    def set_use_hierarchy(self, memcg: MemCgroup, val: int) -> None:
        """v1 ``mem_cgroup_hierarchy_write`` before v5.11: EINVAL under a hierarchical
        parent or for values other than 0/1, EBUSY once the memcg has children. From
        v5.11 (``use_hierarchy_forced``) only 1 is taken; another value warns once
        (``pr_warn_once``) and fails with EINVAL."""
        if self.design.use_hierarchy_forced or self.k.dfl:
            if val != 1:
                if not self.k.dfl:
                    # bef8620cd8e0 (v5.11): the write fails, warned about once
                    self.k.log.pr_warn_once(
                        "Non-hierarchical mode is deprecated. Please report your usecase "
                        "to linux-mm@kvack.org if you depend on this functionality.")
                raise OSError(errno.EINVAL, "Invalid argument")
            return
        if val not in (0, 1):
            raise OSError(errno.EINVAL, "Invalid argument")
        parent = memcg.parent_memcg
        if parent is not None and parent.use_hierarchy:
            raise OSError(errno.EINVAL, "Invalid argument")
        if val != memcg.use_hierarchy and self.k.memcg_children.get(memcg):
            raise OSError(errno.EBUSY, "Device or resource busy")
        memcg.use_hierarchy = val

    def memcg_update_kmem_limit(self, memcg: MemCgroup, nr_pages: int) -> None:
        """v1 ``memory.kmem.limit_in_bytes`` write. Where kmem accounting is opt-in
        (v3.10), the first limit other than unlimited switches it on for the memcg
        (``memcg_activate_kmem``), refused with EBUSY once the cgroup has tasks or
        children; children created later inherit it. The limit is set as
        ``page_counter_set_max`` does (EBUSY below the usage) and enforced where the
        design says (``kmem_limit_enforced``: ``__memcg_kmem_charge``)."""
        if (self.design.kmem_accounting_opt_in and not memcg.kmem_active
                and nr_pages < PAGE_COUNTER_MAX):
            if memcg.cgroup.tasks or self.k.memcg_children.get(memcg):
                raise OSError(errno.EBUSY, "Device or resource busy")
            memcg.kmem_active = True
            self.kmem_enabled = True
        if not memcg.kmem.set_max(nr_pages):
            raise OSError(errno.EBUSY, "Device or resource busy")

    def _idr_alloc(self) -> int:
        if self._idr_free:
            return heapq.heappop(self._idr_free)
        i = self._idr_next
        if i > self.design.memcg_id_max:
            raise OSError(errno.ENOSPC, "No space left on device")
        self._idr_next = i + 1
        return i

    def memcg_online_kmem(self, memcg: MemCgroup) -> None:
        """``memcg_online_kmem``: allocate the memcg's obj_cgroup."""
        objcg = ObjCgroup(memcg, 0)
        objcg.handle = self.new_handle(objcg)
        memcg.objcg = objcg
        if memcg.objcg_list is NO_OBJCGS:
            memcg.objcg_list = [objcg]
        else:
            memcg.objcg_list.append(objcg)
        memcg.kmem_state = KMEM_ONLINE
        self.kmem_enabled = True

    def css_online(self, memcg: MemCgroup) -> None:
        """``mem_cgroup_css_online``: "online state pins the ID, the ID pins the css".
        Before v4.8 the ID was the css ID, freed only with the css."""
        if self.design.memcg_id_released_at_offline:
            memcg.id_ref = 1
            self.k.cgroups.css_get(memcg, "memcg id")

    def css_offline(self, memcg: MemCgroup) -> None:
        """``mem_cgroup_css_offline``: reparent objcgs, kill the memcg's wb
        (``wb_memcg_offline``: kernel/backing_dev.py), drain stocks, put the ID."""
        memcg.offline_at = self.k.clock.now_ns
        memcg.memory.set_min(0)
        memcg.memory.set_low(0)
        if memcg.kmem_state == KMEM_ONLINE:
            self.memcg_offline_kmem(memcg)
        self.k.filemap.memcg_offline(memcg)
        parent = self.parent_mem_cgroup(memcg) or self.root_mem_cgroup
        self.k.workingset.memcg_offline(memcg, parent)
        if self.design.lru_reparent_at_offline:
            self.mem_cgroup_reparent_charges(memcg, parent)  # type: ignore[arg-type]
        elif self.design.lru_page_ref == "objcg":
            self.reparent_lru_folios(memcg, parent)  # type: ignore[arg-type]
        self.k.cgwb.wb_memcg_offline(memcg)
        self.drain_all_stock(memcg)
        if self.design.memcg_id_released_at_offline:
            self.mem_cgroup_id_put(memcg)
        # the model's: what a dying memcg keeps in its compact form (its pending
        # deltas in 4 bytes an item, its LRU pages linked: kernel/lru.py)
        self.stats.pack_offline(memcg)
        memcg.lru_anon.link()
        memcg.lru_file.link()

    def memcg_offline_kmem(self, memcg: MemCgroup) -> None:
        """``memcg_offline_kmem``: the objcgs go to ``parent_mem_cgroup()`` (the root
        when there is none)."""
        parent = self.parent_mem_cgroup(memcg) or self.root_mem_cgroup
        self.memcg_reparent_objcgs(memcg, parent)  # type: ignore[arg-type]
        memcg.kmem_state = KMEM_ALLOCATED

    def memcg_reparent_objcgs(self, memcg: MemCgroup, parent: MemCgroup) -> None:
        """Point the memcg's objcg and those it inherited at ``parent``, move them to
        ``parent.objcg_list`` and kill the active one's base reference. Linux commit
        bf4f059954dc ("mm: memcg/slab: obj_cgroup API") (in v5.9)."""
        objcg = memcg.objcg
        memcg.objcg = None
        pins = self.design.objcg_pins_memcg
        cg = self.k.cgroups
        for oc in memcg.objcg_list:
            if pins:
                cg.css_get(parent, "objcg")
                if oc is not objcg:
                    cg.css_put(memcg, "objcg")
            oc.memcg = parent
        if parent.objcg_list is NO_OBJCGS:
            parent.objcg_list = list(memcg.objcg_list)
        else:
            parent.objcg_list.extend(memcg.objcg_list)
        memcg.objcg_list = NO_OBJCGS
        objcg.killed = True  # type: ignore[union-attr]
        self.obj_cgroup_put(objcg, "base")  # type: ignore[arg-type]

    def mem_cgroup_id_put(self, memcg: MemCgroup, n: int = 1) -> None:
        """``mem_cgroup_id_put_many``: at zero the ID leaves the idr (reusable) and
        its css reference goes. Swap entries would hold it longer (Linux commit
        73f576c04b94 ("mm: memcontrol: fix cgroup creation failure after many small
        jobs") (in v4.8))."""
        memcg.id_ref -= n
        if memcg.id_ref == 0:
            self.mem_cgroup_id_remove(memcg)
            self.k.cgroups.css_put(memcg, "memcg id")

    def mem_cgroup_id_remove(self, memcg: MemCgroup) -> None:
        """``mem_cgroup_id_remove``: ``idr_remove(&mem_cgroup_idr, memcg->id.id)``,
        the ID reusable (the lowest first)."""
        if self.k.cost_watch is not None:
            self.k.cost_watch.mark(memcg)
        del self.idr[memcg.id]
        heapq.heappush(self._idr_free, memcg.id)
        self.idr_nodes.remove(range(memcg.id, memcg.id + 1))

    def css_released(self, memcg: MemCgroup) -> None:
        """``mem_cgroup_css_released``: nothing the model tracks."""

    def css_free(self, memcg: MemCgroup) -> None:
        """``mem_cgroup_css_free``: leftover per-CPU stats go up, then the structure
        (and its per-CPU data, charged to the parent) is freed."""
        if isinstance(self.stats, PercpuBatchStats):
            self.stats.css_offline(memcg)
        self.k.percpu.free_memcg_percpu(memcg)
        self.k.memcg_children[memcg.parent_memcg].remove(memcg)
        self.k.memcg_children.pop(memcg, None)
        if not self.design.memcg_id_released_at_offline:
            self.mem_cgroup_id_remove(memcg)
        del self.handles[memcg.handle]

    # ------------------------------------------------------------ page charges
    def try_charge(self, memcg: MemCgroup, nr_pages: int, may_reclaim: bool = True,
                   noretry: bool = False) -> bool:
        """``try_charge``: the per-CPU stock first, then a batch from the page
        counters; on failure reclaim, drain the stocks once, retry, and finally the
        memcg OOM killer. Root is never charged. False means -ENOMEM.

        The gfp mask's say: without ``__GFP_DIRECT_RECLAIM`` (``may_reclaim`` False:
        ``!gfpflags_allow_blocking``) a charge over the limit fails at once, before
        the MEMCG_MAX event; with ``__GFP_NORETRY`` (``noretry``) it fails after one
        reclaim and the stock drain, before the retries and the OOM killer
        (mm/memcontrol.c try_charge, v5.10 and v6.1).

        A task the OOM killer chose (``task_is_dying``) is let past the limit
        (``should_force_charge``) or, with ``dying_task_charge`` "fail", goes round
        once more and gets -ENOMEM once it has passed the OOM killer
        (``passed_oom``); each such round counts MEMCG_OOM (``mem_cgroup_oom``).
        A round that reclaims nothing takes simulated time, in which another
        task's OOM victim may exit (kernel/oom_victim.py)."""
        if memcg is self.root_mem_cgroup:
            return True
        k = self.k
        stock = self.stocks[k.current.cpu]
        if nr_pages <= self.batch and stock.cached is memcg and stock.nr_pages >= nr_pages:
            stock.nr_pages -= nr_pages
            return True
        batch = self.batch if self.batch > nr_pages else nr_pages    # max(), as a test
        memsw = k.do_memsw_account
        retries = MAX_RECLAIM_RETRIES
        drained = False
        passed_oom = False
        force_dying = self.design.dying_task_charge == "force"
        while True:
            fail = memcg.memsw.try_charge(batch) if memsw else None
            if fail is None:
                fail = memcg.memory.try_charge(batch)
                if fail is None:
                    break
                if memsw:
                    memcg.memsw.uncharge(batch)
            if batch > nr_pages:
                batch = nr_pages
                continue
            dying = self.task_is_dying(k.current)
            if dying and force_dying:
                self._force_charge(memcg, nr_pages)
                return True
            if not may_reclaim:
                return False
            over = self._counter_owner(memcg, fail)
            self.memcg_memory_event(over, MEMCG_MAX)
            # at the memsw limit swapping gains nothing: may_swap false
            reclaimed = k.vmscan.try_to_free_mem_cgroup_pages(
                over, nr_pages, not (memsw and fail is over.memsw))
            if not reclaimed:
                # a round that reclaims nothing takes its time: an OOM victim's
                # exit may end meanwhile (kernel/oom_victim.py)
                k.clock.tick(MEMCG_RECLAIM_ROUND_NS)
            if self.mem_cgroup_margin(over) >= nr_pages:
                continue
            if not drained:
                drained = True
                self.drain_all_stock(over)
                continue
            if noretry:
                return False
            if reclaimed:
                continue
            if retries:
                retries -= 1
                continue
            if passed_oom and dying:
                return False
            if not k.vmscan.mem_cgroup_oom(over):
                return False
            passed_oom = True
            retries = MAX_RECLAIM_RETRIES
        if batch > nr_pages:
            extra = batch - nr_pages
            if stock.cached is memcg and stock.nr_pages + extra <= self.batch:
                stock.nr_pages += extra     # refill_stock's usual case: no drain
            else:
                self.refill_stock(memcg, extra)
        vmscan = k.vmscan
        if vmscan.any_high:     # note_over_high's test, inlined (no level has a high)
            vmscan.note_over_high(memcg, batch)
        if self.high_sync_reclaim and k.current.memcg_nr_pages_over_high > self.batch:
            # c9afe31ec443: reclaim a large overage now, inside the kernel
            k.vmscan.mem_cgroup_handle_over_high(k.current)
        return True

    def task_is_dying(self, t) -> bool:
        """``task_is_dying`` (v6.1; ``should_force_charge`` in v5.10), of the current
        task: an OOM victim, or a fatal signal pending (the model's ``SignalExits``:
        it has not yet run to its death); PF_EXITING's tasks charge nothing here."""
        return t.oom_victim or self.k.fatal_signal_pending(t)

    def mem_cgroup_margin(self, memcg: MemCgroup) -> int:
        """``mem_cgroup_margin``: the pages ``memcg`` may still charge, under its
        memory limit and (cgroup1 with swap accounting) its memsw limit."""
        c = memcg.memory
        margin = max(c.max - c.usage, 0)
        if self.k.do_memsw_account:
            sw = memcg.memsw
            margin = min(margin, max(sw.max - sw.usage, 0))
        return margin

    @staticmethod
    def _counter_owner(memcg: MemCgroup, counter: PageCounter) -> MemCgroup:
        m = memcg
        while m.memory is not counter and m.memsw is not counter:
            m = m.parent_memcg      # type: ignore[assignment]  # the counter is an ancestor's
        return m

    def _force_charge(self, memcg: MemCgroup, nr_pages: int) -> None:
        memcg.memory.charge(nr_pages)
        if self.k.do_memsw_account:
            memcg.memsw.charge(nr_pages)

    def cancel_charge(self, memcg: MemCgroup, nr_pages: int) -> None:
        if memcg is self.root_mem_cgroup:
            return
        memcg.memory.uncharge(nr_pages)
        if self.k.do_memsw_account:
            memcg.memsw.uncharge(nr_pages)

    def refill_stock(self, memcg: MemCgroup, nr_pages: int) -> None:
        """``refill_stock``: cache ``memcg`` (css reference) on this CPU; drain
        whatever else was cached, and drain when above the batch."""
        stock = self.stocks[self.k.current.cpu]
        if stock.cached is not memcg:
            self.drain_stock(stock)
            self.k.cgroups.css_get(memcg, "stock")
            stock.cached = memcg
        stock.nr_pages += nr_pages
        if stock.nr_pages > self.batch:
            self.drain_stock(stock)

    def refill_stock_each(self, memcg: MemCgroup, n: int) -> None:
        """``n`` calls of ``refill_stock(memcg, 1)`` (pages uncharged one by one):
        the pages that fit under the batch go at once, a drain where the page that
        passes it would drain."""
        if n == 1:
            self.refill_stock(memcg, 1)
            return
        stock = self.stocks[self.k.current.cpu]
        batch = self.batch
        while n:
            if stock.cached is not memcg:
                self.drain_stock(stock)
                self.k.cgroups.css_get(memcg, "stock")
                stock.cached = memcg
            room = batch - stock.nr_pages
            if n <= room:
                stock.nr_pages += n
                return
            stock.nr_pages += room + 1
            n -= room + 1
            self.drain_stock(stock)

    def drain_stock(self, stock: MemcgStockPcp) -> None:
        old = stock.cached
        if old is None:
            return
        if stock.nr_pages:
            # page_counter_uncharge directly, as the kernel does: no root exemption
            # (cancel_charge has one). The root's stock holds pages uncharged through
            # objcgs reparented to it, which its counter did hold.
            old.memory.uncharge(stock.nr_pages)
            if self.k.do_memsw_account:
                old.memsw.uncharge(stock.nr_pages)
            stock.nr_pages = 0
        stock.cached = None
        self.k.cgroups.css_put(old, "stock")

    def drain_local_stock(self, cpu: int) -> None:
        stock = self.stocks[cpu]
        self.drain_obj_stock(stock)
        self.drain_stock(stock)
        stock.flushing = False

    def drain_all_stock(self, root: MemCgroup) -> None:
        """``drain_all_stock``: the current CPU's stock now, others by work queued
        on them (``schedule_work_on``), skipping CPUs already flushing."""
        cur = self.k.current.cpu
        for cpu, stock in enumerate(self.stocks):
            m = stock.cached
            flush = bool(m is not None and stock.nr_pages and m.is_descendant_of(root))
            oc = stock.cached_objcg
            if oc is not None and oc.memcg.is_descendant_of(root):
                flush = True
            if not flush:
                continue
            if cpu == cur:
                self.drain_local_stock(cpu)
            elif not stock.flushing:
                stock.flushing = True
                self.k.clock.queue_work(self.k.call_on_cpu, cpu, self.drain_local_stock, cpu)

    # --------------------------------------------------------------- LRU pages
    def mem_cgroup_charge(self, pfn: int, memcg: MemCgroup, kind: int,
                          noretry: bool = False) -> bool:
        """``__mem_cgroup_charge``: try_charge (``noretry``: a __GFP_NORETRY mask),
        then commit; False is -ENOMEM."""
        if not self.try_charge(memcg, 1, noretry=noretry):
            return False
        self.mem_cgroup_commit_charge(pfn, memcg, kind)
        return True

    def lru_owner(self, memcg: MemCgroup):
        """What a new LRU page of ``memcg`` points at: the memcg, or (lru-reparent
        design) its obj_cgroup, so that the page follows it to the parent."""
        if self.design.lru_page_ref == "objcg" and memcg.objcg is not None:
            return memcg.objcg
        return memcg

    def lru_word(self, memcg: MemCgroup) -> int:
        o = self.lru_owner(memcg)
        return o.lru_word if o is not memcg else memcg.data_word

    def _ref_get(self, owner, holder: str, n: int) -> None:
        """A reference on a page's owner: a css or an obj_cgroup."""
        if isinstance(owner, ObjCgroup):
            self.obj_cgroup_get(owner, holder, n)
        else:
            self.k.cgroups.css_get(owner, holder, n)

    def _ref_put(self, owner, holder: str, n: int) -> None:
        if isinstance(owner, ObjCgroup):
            self.obj_cgroup_put(owner, holder, n)
        else:
            self.k.cgroups.css_put(owner, holder, n)

    def _move_lru(self, memcg: MemCgroup, parent: MemCgroup) -> dict[int, int]:
        """Move the LRU lists and their local statistics to the parent; returns the
        page count per kind."""
        self.stats.css_offline(memcg)
        kinds = self.k.mem_map.kind
        counts: dict[int, int] = {}
        anon = list(memcg.lru_anon)
        for lru, plru in ((memcg.lru_anon, parent.lru_anon), (memcg.lru_file, parent.lru_file)):
            for pfn in lru:
                kd = kinds[pfn]
                counts[kd] = counts.get(kd, 0) + 1
            plru.splice_tail(lru)
        for kd, n in counts.items():
            # the pages leave the dying memcg's counts; the parent's totals already
            # had them, now its own (local) counts do too
            self._lru_stats(memcg, kd, -n)
            self._lru_stats(parent, kd, n)
        if PG_ANON in counts:
            self._unmapped_moved(anon, memcg, parent)
        return counts

    def reparent_lru_folios(self, memcg: MemCgroup, parent: MemCgroup) -> None:
        """lru-reparent design: the dying memcg's folios, which point at its
        obj_cgroup (already reparented), move to the parent's LRU lists. Qi Zheng,
        "Eliminate Dying Memory Cgroup" v4 (2026)."""
        self._move_lru(memcg, parent)

    def mem_cgroup_reparent_charges(self, memcg: MemCgroup, parent: MemCgroup) -> None:
        """v3.10 ``mem_cgroup_reparent_charges``: every LRU page of the dying memcg is
        moved to the parent (its css reference too) and the charge leaves the child's
        own counter only (``res_counter_uncharge_until``). Removed by Linux commit
        b2052564e66d ("mm: memcontrol: continue cache reclaim from offlined groups")
        (in v3.19)."""
        data = self.k.mem_map.memcg_data
        word, pword = memcg.data_word, parent.data_word
        n = 0
        for lru in (memcg.lru_anon, memcg.lru_file):
            for pfn in lru:
                if data[pfn] == word:
                    data[pfn] = pword
                    n += 1
        self._move_lru(memcg, parent)
        if n:
            cg = self.k.cgroups
            cg.css_get(parent, "page", n)
            cg.css_put(memcg, "page", n)
            memcg.memory.cancel(n)
            if self.k.do_memsw_account:
                memcg.memsw.cancel(n)

    def mem_cgroup_commit_charge(self, pfn: int, memcg: MemCgroup, kind: int) -> None:
        """``commit_charge``: the page's css reference, ``memcg_data``, stats, LRU."""
        self.mem_cgroup_commit_charges((pfn,), memcg, kind)

    def consume_stock_run(self, memcg: MemCgroup, n: int) -> int:
        """How many of ``n`` single-page charges in a row ``try_charge`` serves
        without its slow path: all for the root (never charged), else as many as
        this CPU's stock holds for ``memcg`` (``consume_stock``), taken from it."""
        if memcg is self.root_mem_cgroup:
            return n
        stock = self.stocks[self.k.current.cpu]
        if stock.cached is not memcg or not stock.nr_pages:
            return 0
        run = min(n, stock.nr_pages)
        stock.nr_pages -= run
        return run

    def mem_cgroup_commit_charges(self, pfns, memcg: MemCgroup, kind: int,
                                  each: bool = False) -> None:
        """``commit_charge`` for pages already charged by ``try_charge``, one per
        page; the statistics are added once for the lot, or with ``each`` as the
        pages' own updates one after the other (``mem_cgroup_charge`` page by page:
        the same folds in every design, :meth:`~memcgsim.kernel.vmstat.RstatStats.mod_each`)."""
        n = len(pfns)
        if not n:
            return
        # lru_owner and _ref_get written out (~8,000 commits a seed)
        owner = memcg.objcg
        if owner is not None and self.design.lru_page_ref == "objcg":
            self.obj_cgroup_get(owner, "page", n)
            word = owner.lru_word
        else:
            self.k.cgroups.css_get(memcg, "page", n)
            word = memcg.data_word
        data = self.k.mem_map.memcg_data
        lru = memcg.lru_anon if kind in ANON_LRU_KINDS else memcg.lru_file
        # memcg_data set in the LRU's own loop (a plain loop: map() over a
        # __setitem__ slot wrapper costs ~4x more)
        lru.extend(pfns, data, word)
        # the lot's statistics in one call (as the pages' own updates one after
        # the other with ``each``): every item in _lru_stats's order, then PGPGIN
        if each:
            self.stats.mod_each(memcg, self._commit_items[kind], 1, n, self.k.current.cpu)
        else:
            self.stats.mod_each(memcg, self._commit_items[kind], n, 1, self.k.current.cpu)

    def _lru_items(self, kind: int) -> tuple:
        """The statistics items :meth:`_lru_stats` updates for a page of ``kind``,
        in its order."""
        if kind == PG_ANON:
            return (NR_ANON_MAPPED, self.anon_lru_item)
        if kind == PG_SHMEM:
            return (NR_SHMEM, NR_FILE_PAGES, NR_INACTIVE_ANON)
        if kind == PG_SHMEM_ACTIVE:
            return (NR_SHMEM, NR_FILE_PAGES, NR_ACTIVE_ANON)
        if kind == PG_BUFFER:
            return (NR_FILE_PAGES, NR_ACTIVE_FILE)     # filemap.page_cache_kind
        return (NR_FILE_PAGES, NR_INACTIVE_FILE)

    def _lru_stats(self, memcg: MemCgroup, kind: int, n: int, calls: int = 1) -> None:
        """``n`` pages of ``kind`` onto (or, negative, off) ``memcg``'s LRU lists:
        each item of :meth:`_lru_items` updated ``calls`` times by ``n``, in order
        (one call for a charge of the lot; a page at a time for
        ``mem_cgroup_move_account``, whose updates fold where each page's would)."""
        self.stats.mod_each(memcg, self._lru_item_table[kind], n, calls, self.k.current.cpu)

    def mem_cgroup_uncharge_list(self, pfns, free: bool = False) -> None:
        """``mem_cgroup_uncharge_list``: gather consecutive pages of one memcg and
        ``uncharge_batch`` them: counters down, stats, then the css references.
        ``free``: then the pages are freed (``free_unref_page_list``: order-0, as
        ``MemMap.free_many``), each one's ``kind`` set in the pass that clears its
        ``memcg_data``, onto the free list in their order at the end."""
        mm = self.k.mem_map
        data, kinds = mm.memcg_data, mm.kind
        handles = self.handles
        n = len(pfns)
        if n > 1:
            # the pages' words and kinds gathered in C
            runs: Iterable[tuple[tuple[int, int], int]]
            get = itemgetter(*pfns)
            words, kinds_ = get(data), get(kinds)
            if words.count(words[0]) == n and kinds_.count(kinds_[0]) == n:
                runs = (((words[0], kinds_[0]), n),)   # one run (an exiting task's pages)
            else:
                # runs of pages of one owner and kind (groupby in C)
                runs = ((key, len(list(run))) for key, run in groupby(zip(words, kinds_)))
        elif n:
            runs = (((data[pfns[0]], kinds[pfns[0]]), 1),)
        else:
            return
        i = 0
        for (word, kind), cnt in runs:
            j = i + cnt
            owner = handles[word >> HANDLE_SHIFT]
            memcg = owner.memcg if isinstance(owner, ObjCgroup) else owner
            lru = memcg.lru_anon if kind in ANON_LRU_KINDS else memcg.lru_file
            seg = pfns if cnt == n else pfns[i:j]
            lru.remove_many(seg)
            if free:
                for pfn in seg:
                    data[pfn] = 0
                    kinds[pfn] = PG_FREE
            else:
                for pfn in seg:
                    data[pfn] = 0
            # each page's own updates (5.10 page_remove_rmap's NR_ANON_MAPPED at the
            # unmap, release_pages' del_page_from_lru_list, unaccount_page_cache_page):
            # one at a time on this CPU, not one of -cnt (the folds differ)
            self.stats.mod_each(memcg, self._lru_item_table[kind], -1, cnt, self.k.current.cpu)
            self._uncharge_batch(owner, cnt)
            self._stats_mod(memcg, PGPGOUT, cnt, self.k.current.cpu)    # mod_memcg_state
            # _ref_put, written out: the owner is an obj_cgroup when it is not the memcg
            if owner is not memcg:
                self.obj_cgroup_put(owner, "page", cnt)
            else:
                self.k.cgroups.css_put(owner, "page", cnt)
            i = j
        if free:
            mm.free_many(pfns, True)     # freed

    def mem_cgroup_swapout(self, pfn: int, memcg: MemCgroup, swap_memcg: MemCgroup) -> None:
        """cgroup1 ``mem_cgroup_swapout`` (mm/memcontrol.c, v5.10 and v6.1) of an anon
        (or tmpfs: ``shmem_writepage``) page whose swap entry now records
        ``swap_memcg`` (``mem_cgroup_id_get_online`` of ``memcg``): the page leaves
        the LRU and its statistics, ``memory`` is uncharged, ``memsw`` kept for the
        entry (moved to ``swap_memcg`` if that is an ancestor), its reference put;
        then the page is freed."""
        k = self.k
        data = k.mem_map.memcg_data
        owner = self.handles[data[pfn] >> HANDLE_SHIFT]
        memcg.lru_anon.remove_many([pfn])
        data[pfn] = 0
        self._lru_stats(memcg, k.mem_map.kind[pfn], -1)     # an anon or a tmpfs page
        root = self.root_mem_cgroup
        if memcg is not root:
            memcg.memory.uncharge(1)
        if memcg is not swap_memcg:
            if swap_memcg is not root:
                swap_memcg.memsw.charge(1)
            memcg.memsw.uncharge(1)
        self.mod_memcg_state(memcg, PGPGOUT, 1)
        self._ref_put(owner, "page", 1)
        if memcg.under_oom:
            k.memcg_oom.memcg_oom_recover(memcg)
        k.mem_map.free(pfn)

    def mem_cgroup_uncharge(self, pfn: int) -> None:
        """``mem_cgroup_uncharge`` → ``uncharge_batch`` for one LRU page: the counters
        go down at once (no stock), then the page's reference."""
        self.mem_cgroup_uncharge_list((pfn,))

    def mem_cgroup_move_accounts(self, pfns, frm: MemCgroup, to: MemCgroup) -> None:
        """``mem_cgroup_move_account`` for each page of one kind and one owner (the
        anon pages of a task moving with ``move_charge_at_immigrate``): stats, LRU
        and the pages' css references move, settled once for the lot; the caller
        precharged ``to`` and uncharges ``frm``."""
        if not pfns:
            return
        mm = self.k.mem_map
        data = mm.memcg_data
        kind = mm.kind[pfns[0]]
        src = frm.lru_anon if kind in ANON_LRU_KINDS else frm.lru_file
        dst = to.lru_anon if kind in ANON_LRU_KINDS else to.lru_file
        old = self.handles[data[pfns[0]] >> HANDLE_SHIFT]
        new = self.lru_owner(to)
        word = new.lru_word if new is not to else to.data_word
        n = len(pfns)
        self._ref_get(new, "page", n)
        # page by page (a shell moving with its ~100 pages, twice a loop)
        src.remove_many(pfns)
        dst.extend(pfns, data, word)
        # mem_cgroup_move_account updates the stats page by page (__mod_lruvec_state
        # by nr_pages, 1): 5.10's per-CPU batches fold every 33rd (MEMCG_CHARGE_BATCH),
        # so a move of 479 pages shows 462 in the destination's memory.stat
        # (calibration/move-file-trace.sh: 493 pages moved, memory.stat 462 + 0)
        self._lru_stats(frm, kind, -1, n)
        self._lru_stats(to, kind, 1, n)
        self._unmapped_moved(pfns, frm, to)
        self._ref_put(old, "page", n)

    def _unmapped_moved(self, pfns, frm: MemCgroup, to: MemCgroup) -> None:
        """The swap-cache pages among ``pfns`` that no pte maps moved from ``frm`` to
        ``to`` without NR_ANON_MAPPED (``mem_cgroup_move_account`` moves it only
        for a mapped anon page, v5.10 and v6.1; kernel/swapfile.py
        ``Swap._unmap``): the kind's update above moved it, so it is put back."""
        swap = getattr(self.k, "swap", None)
        if swap is None or not swap.unmapped:
            return
        n = len(swap.unmapped.intersection(pfns))
        if n:
            cpu = self.k.current.cpu
            self._stats_mod(frm, NR_ANON_MAPPED, n, cpu)
            self._stats_mod(to, NR_ANON_MAPPED, -n, cpu)

    def move_file_mapped(self, frm: MemCgroup | None, to: MemCgroup, n: int,
                         cpu: int) -> None:
        """``mem_cgroup_move_account``'s ``NR_FILE_MAPPED`` for ``n`` mapped file
        pages (``folio_mapped``), one update a page as it makes them (mm/memcontrol.c,
        v5.10 and v6.1); ``frm`` None: only counted in ``to``."""
        if not n:
            return
        if frm is not None:
            self.stats.mod_each(frm, (NR_FILE_MAPPED,), -1, n, cpu)
        self.stats.mod_each(to, (NR_FILE_MAPPED,), 1, n, cpu)

    # --------------------------------------------------------------- kmem pages
    def get_mem_cgroup_from_current(self) -> MemCgroup | None:
        """v5.12: the active memcg, else the task's (mm owner's) memcg, with a css
        reference the caller keeps or puts; ``None`` if bypassed."""
        t = self.k.current
        if t.active_memcg is not None:
            return t.active_memcg
        if t.mm is None:
            return None  # memcg_kmem_bypass: kernel thread
        return self.k.task_memcg(t)

    def get_obj_cgroup_from_current(self) -> ObjCgroup | None:
        """``get_obj_cgroup_from_current``: from the active or the task's memcg, walk up
        to the first memcg with an objcg (offline ones have none); root ⇒ None."""
        t = self.k.current
        memcg = t.active_memcg
        if memcg is None:
            if t.mm is None:
                return None
            memcg = t.memcg     # task_memcg's cache, else task_memcg
            if memcg is None:
                memcg = self.k.task_memcg(t)
        root = self.root_mem_cgroup
        while memcg is not root:
            if memcg.objcg is not None:  # type: ignore[union-attr]
                return memcg.objcg  # type: ignore[union-attr]
            memcg = memcg.parent_memcg  # type: ignore[union-attr]
        return None

    def _kmem_page_owner(self):
        """What a new kmem page of the current context points at and pins, by design:
        v5.12 ``get_mem_cgroup_from_current`` (memcg | KMEM, a css reference) or v5.13
        ``get_obj_cgroup_from_current`` (objcg | KMEM, an objcg reference; Linux commit
        b4e0b68fbd9d ("mm: memcontrol: use obj_cgroup APIs to charge kmem pages") (in
        v5.13)). None: the page is not charged (root, kernel thread, kmem off)."""
        if not self.kmem_enabled:
            return None
        if self.design.kmem_page_ref == "memcg":
            memcg = self.get_mem_cgroup_from_current()
            if memcg is None or memcg is self.root_mem_cgroup or not memcg.kmem_active:
                return None
            return memcg
        return self.get_obj_cgroup_from_current()

    def memcg_kmem_charge_pages(self, pfns, item: int = 0, val: int = 0) -> int:
        """``__memcg_kmem_charge_page`` for order-0 pages allocated in a row in one
        context (page tables, a stack, a vmalloc area): each page is charged on its
        own (``try_charge`` per page) and gets ``memcg_data``; the v1 kmem counter,
        ``MEMCG_KMEM`` and the references are settled once. Returns how many pages
        were charged before a charge failed (-ENOMEM). ``val``: once every page is
        charged, ``mod_lruvec_page_state(pfns[0], item, val)`` as the caller makes it
        next (kernel/fork.c ``account_kernel_stack``, v5.10 and v6.1:
        ``mod_lruvec_page_state(vm->pages[0], NR_KERNEL_STACK_KB, account *
        (THREAD_SIZE / 1024))``; the page tables' ``pgtable_pte_page_ctor``,
        include/linux/mm.h: ``NR_PAGETABLE``): the page's memcg is the one just
        charged (nothing for an uncharged page)."""
        k = self.k
        owner: Any = None
        if self.kmem_enabled and self.design.kmem_page_ref == "objcg":
            # get_obj_cgroup_from_current's usual case, inlined: the task's
            # (cached) memcg is not the root and has its objcg
            t = k.current
            m = t.active_memcg
            if m is None and t.mm is not None:
                m = t.memcg
            if m is not None and m is not self.root_mem_cgroup:
                owner = m.objcg
        if owner is None:
            owner = self._kmem_page_owner()
            if owner is None:
                return len(pfns)
        is_objcg = type(owner) is ObjCgroup
        memcg = owner.memcg if is_objcg else owner
        word = owner.data_word if is_objcg else owner.data_word | MEMCG_DATA_KMEM
        data = k.mem_map.memcg_data
        cpu = k.current.cpu
        stock = self.stocks[cpu]
        kmem_limited = not k.dfl and self.design.kmem_limit_enforced
        done = 0
        n = len(pfns)
        while done < n:
            if stock.cached is memcg and stock.nr_pages:
                # consume_stock, for as many pages as the stock holds
                run = stock.nr_pages
                if run > n - done:
                    run = n - done
                stock.nr_pages -= run
            elif self.try_charge(memcg, 1):
                run = 1
            else:
                break
            if kmem_limited and memcg.kmem.try_charge(run) is not None:
                fit = self._kmem_v1_room(memcg, run)
                if fit < run:
                    # the page past the kmem limit: cancel_charge, -ENOMEM; the
                    # stock keeps what it would have served the pages not allocated
                    self.cancel_charge(memcg, 1)
                    stock.nr_pages += run - fit - 1
                    for pfn in pfns[done:done + fit]:
                        data[pfn] = word
                    done += fit
                    break
            for pfn in pfns[done:done + run] if done or run < n else pfns:
                data[pfn] = word
            done += run
        if done:
            if not k.dfl and not kmem_limited:
                memcg.kmem.charge(done)   # page_counter_charge: no limit (v5.16+)
            if val and done == n:
                # and the caller's mod_lruvec_page_state of the first page
                self._stats_mod2(memcg, MEMCG_KMEM, done, item, val, cpu)
            else:
                self._stats_mod(memcg, MEMCG_KMEM, done, cpu)
            if is_objcg:
                # obj_cgroup_get (inlined: a call a page table or stack)
                owner.refcnt += done
                h = owner.holders
                if owner.killed and type(h) is SharedHolders:
                    h = owner.holders = dict(h)
                h["kmem page"] = h.get("kmem page", 0) + done
            else:
                k.cgroups.css_get(owner, "kmem page", done)
        return done

    def memcg_kmem_charge_page(self, pfn: int) -> bool:
        return self.memcg_kmem_charge_pages((pfn,)) == 1

    def memcg_kmem_uncharge_pages(self, pfns, free: bool = False, stock: bool = True,
                                  item: int = 0, val: int = 0) -> None:
        """``__memcg_kmem_uncharge_page`` per page: uncharged from the memcg the page
        (or its objcg, now) points at, the pages going to this CPU's stock
        (``refill_stock``); statistics and references settled per owner. ``free``:
        then each page is freed (``free_pages``: order-0 pages, as
        ``MemMap.free_many``), its ``kind`` set in the pass that clears its
        ``memcg_data`` (``free_pages_check``'s test of that word known to pass),
        the pages onto the free list in their order once all are uncharged.

        ``stock`` False: a kmem page whose last reference goes with ``put_page``
        (a pipe buffer's, ``anon_pipe_buf_release``) is uncharged by
        ``mem_cgroup_uncharge`` before it is freed (``__put_single_page`` in
        v5.10, ``__folio_put_small`` in v6.1): ``uncharge_page``/``uncharge_folio``
        take kmem pages too, and ``uncharge_batch`` lowers the counters at once,
        no stock (mm/swap.c, mm/memcontrol.c).

        ``val``: first ``mod_lruvec_page_state(pfns[0], item, val)``, as the caller
        makes it before the pages go (``account_kernel_stack(tsk, -1)``,
        ``pgtable_pte_page_dtor``)."""
        k = self.k
        mem_map = k.mem_map
        data = mem_map.memcg_data
        n = len(pfns)
        word = data[pfns[0]] if n else 0
        if not (word & MEMCG_DATA_KMEM
                and (n == 1 or itemgetter(*pfns)(data).count(word) == n)):
            if n and not word and (n == 1 or itemgetter(*pfns)(data).count(0) == n):
                # no page charged (a root task's page tables, its stack): nothing
                # to uncharge, no statistic; freed, each gets its kind first
                # (:meth:`_kmem_uncharge_mixed`'s run of uncharged pages, whole)
                if free:
                    kind = mem_map.kind
                    for pfn in pfns:
                        kind[pfn] = PG_FREE
                    mem_map.free_many(pfns, True)   # freed
                return
            self._kmem_uncharge_mixed(pfns, free, stock, item, val)
            return
        # every page of one owner (a task's page tables, its stack: the usual case),
        # its words compared in C: ``val`` of ``item``, the words cleared (and,
        # ``free``, the kinds set) as the pages go to the stock (or
        # ``uncharge_batch``), ``MEMCG_KMEM`` and the references, then the pages
        # freed (in this frame: 19 of a churn lifecycle's 21 calls)
        owner = self.handles[word >> HANDLE_SHIFT]
        is_objcg = type(owner) is ObjCgroup
        memcg = owner.memcg if is_objcg else owner
        cpu = k.current.cpu
        if free:
            kind = mem_map.kind
            for pfn in pfns:
                data[pfn] = 0
                kind[pfn] = PG_FREE
        else:
            for pfn in pfns:
                data[pfn] = 0
        if stock:
            st = self.stocks[cpu]
            if st.cached is memcg and st.nr_pages + n <= self.batch:
                st.nr_pages += n        # refill_stock_each's usual case: no drain
            else:
                self.refill_stock_each(memcg, n)
        else:
            self._uncharge_batch(owner, n)
        if not k.dfl:
            memcg.kmem.uncharge(n)
        if val:
            # the caller's mod_lruvec_page_state first (no statistic read between)
            self._stats_mod2(memcg, item, val, MEMCG_KMEM, -n, cpu)
        else:
            self._stats_mod(memcg, MEMCG_KMEM, -n, cpu)
        if is_objcg:
            h = owner.holders
            left = h.get("kmem page", 0) - n
            if left > 0 and owner.refcnt > n and not owner.released:
                if owner.killed and type(h) is SharedHolders:
                    h = owner.holders = dict(h)
                h["kmem page"] = left   # obj_cgroup_put's usual case: more pages left
                owner.refcnt -= n
            else:
                self.obj_cgroup_put(owner, "kmem page", n)
        else:
            k.cgroups.css_put(owner, "kmem page", n)
        if free:
            mem_map.free_many(pfns, True)   # freed

    def _kmem_uncharge_mixed(self, pfns, free: bool, stock: bool, item: int,
                             val: int) -> None:
        """:meth:`memcg_kmem_uncharge_pages` of pages of more than one owner, or with
        words that are not kmem (or none): run by run, per owner."""
        k = self.k
        mem_map = k.mem_map
        data = mem_map.memcg_data
        handles = self.handles
        n = len(pfns)
        if val and pfns:
            word = data[pfns[0]]
            if word:
                obj = handles[word >> HANDLE_SHIFT]
                self._stats_mod(obj.memcg if type(obj) is ObjCgroup else obj, item, val,
                                k.current.cpu)
        per: dict = {}
        i = 0
        kind = mem_map.kind
        # a page left with a word (not kmem): free_many checks every page again
        needs_check = False
        while i < n:
            word = data[pfns[i]]
            if not word:
                # a run of uncharged pages (a root task's page tables): nothing to
                # uncharge; freed, each gets its kind in this pass (to the first
                # page with a word)
                for pfn in pfns[i:] if i else pfns:
                    if data[pfn]:
                        i = pfns.index(pfn, i)
                        break
                    if free:
                        kind[pfn] = PG_FREE
                else:
                    i = n
                continue
            if not word & MEMCG_DATA_KMEM:
                needs_check = True
                i += 1
                continue
            # pages of one owner in a row go to the stock one after the other:
            # cleared up to the first page of another word
            if free:
                for pfn in pfns[i:] if i else pfns:
                    if data[pfn] != word:
                        j = pfns.index(pfn, i)
                        break
                    data[pfn] = 0
                    kind[pfn] = PG_FREE
                else:
                    j = n
            else:
                for pfn in pfns[i:] if i else pfns:
                    if data[pfn] != word:
                        j = pfns.index(pfn, i)
                        break
                    data[pfn] = 0
                else:
                    j = n
            owner = handles[word >> HANDLE_SHIFT]
            per[owner] = per.get(owner, 0) + j - i
            if stock:
                self.refill_stock_each(owner.memcg if type(owner) is ObjCgroup else owner, j - i)
            else:
                self._uncharge_batch(owner, j - i)
            i = j
        cpu = k.current.cpu
        for owner, n in per.items():
            is_objcg = type(owner) is ObjCgroup
            memcg = owner.memcg if is_objcg else owner
            if not k.dfl:
                memcg.kmem.uncharge(n)
            self._stats_mod(memcg, MEMCG_KMEM, -n, cpu)
            if is_objcg:
                self.obj_cgroup_put(owner, "kmem page", n)
            else:
                k.cgroups.css_put(owner, "kmem page", n)
        if free:
            mem_map.free_many(pfns, not needs_check)  # freed

    def _uncharge_batch(self, owner, n: int) -> None:
        """``uncharge_batch``'s counters for ``n`` pages of ``owner`` (a memcg, or an
        objcg: its current memcg's): memory (and memsw) down at once, no stock."""
        if type(owner) is ObjCgroup:
            # an objcg's page was charged to a non-root memcg's chain (the root's
            # counter included): reparented up to the root, it must still leave
            # the root's counter, which cancel_charge skips
            memcg = owner.memcg
            memcg.memory.uncharge(n)
            if self.k.do_memsw_account:
                memcg.memsw.uncharge(n)
        else:
            memcg = owner
            self.cancel_charge(memcg, n)
        if memcg.under_oom:
            self.k.memcg_oom.memcg_oom_recover(memcg)

    def memcg_kmem_uncharge_page(self, pfn: int) -> None:
        self.memcg_kmem_uncharge_pages((pfn,))

    def __memcg_kmem_charge(self, memcg: MemCgroup, nr: int) -> bool:
        """``__memcg_kmem_charge``: try_charge, then the v1 kmem counter; where the
        design enforces ``memory.kmem.limit_in_bytes`` (``kmem_limit_enforced``) a
        charge it refuses is cancelled and fails (-ENOMEM)."""
        if not self.try_charge(memcg, nr):
            return False
        if not self.k.dfl:
            return self.kmem_v1_charge(memcg, nr)
        return True

    def kmem_v1_charge(self, memcg: MemCgroup, nr: int) -> bool:
        """The v1 kmem counter's part of ``__memcg_kmem_charge`` for ``nr`` pages
        ``try_charge`` has charged: ``page_counter_charge`` where the limit is ignored
        (v5.16+: ``kmem_limit_enforced``), else ``page_counter_try_charge``, whose
        failure (``failcnt`` counted) cancels the pages (``cancel_charge``): False."""
        if not self.design.kmem_limit_enforced:
            memcg.kmem.charge(nr)
            return True
        if memcg.kmem.try_charge(nr) is None:
            return True
        self.cancel_charge(memcg, nr)
        return False

    def kmem_v1_run(self, memcg: MemCgroup, run: tuple[int, int, int]) -> bool:
        """The v1 kmem counter's charges and uncharges of a remembered slab walk
        (``SlabSpecs``: :meth:`kmem_v1_charge` of each page ``try_charge``'s stock
        served, ``page_counter_uncharge`` of each obj stock drain's pages), ``run``
        = (pages net, highest, lowest on the way): made at once where none of them
        would fail (``kmem_limit_enforced``: every level's ``usage`` + highest <=
        ``max``) nor go under 0 (:meth:`PageCounter.charge_run`). False: nothing
        done, the walk makes them one by one."""
        net, peak, low = run
        enforced = self.design.kmem_limit_enforced
        c: PageCounter | None = memcg.kmem
        while c is not None:
            u = c.usage
            if (enforced and u + peak > c.max) or u + low < 0:
                return False
            c = c.parent
        memcg.kmem.charge_run(net, peak)
        return True

    def _kmem_v1_room(self, memcg: MemCgroup, run: int) -> int:
        """After the v1 kmem counter refused ``run`` order-0 pages at once (its
        ``failcnt`` counted), charge as many as fit, as ``__memcg_kmem_charge_page``
        page by page would have before its first refusal; returns how many."""
        kmem = memcg.kmem
        room = run
        c: PageCounter | None = kmem
        while c is not None:
            room = min(room, c.max - c.usage)
            c = c.parent
        if room > 0:
            kmem.charge(room)
        return max(room, 0)

    def __memcg_kmem_uncharge(self, memcg: MemCgroup, nr: int) -> None:
        """``__memcg_kmem_uncharge``: v1 kmem counter down, then the pages go to the
        per-CPU stock (not straight back to the counter)."""
        if not self.k.dfl:
            memcg.kmem.uncharge(nr)
        self.refill_stock(memcg, nr)

    def page_memcg(self, pfn: int) -> MemCgroup | None:
        """``page_memcg``: the memcg a non-slab page's stats go to (for a kmem page
        under objcg, the objcg's *current* memcg)."""
        word = self.k.mem_map.memcg_data[pfn]
        if not word:
            return None
        obj = self.handles[word >> HANDLE_SHIFT]
        return obj.memcg if isinstance(obj, ObjCgroup) else obj

    # ----------------------------------------------------------------- objcg
    def obj_cgroup_get(self, objcg: ObjCgroup, holder: str, n: int = 1) -> None:
        objcg.refcnt += n
        h = objcg.holders
        if objcg.killed and type(h) is SharedHolders:
            h = objcg.holders = dict(h)     # its own before a change
        h[holder] = h.get(holder, 0) + n

    def obj_cgroup_put(self, objcg: ObjCgroup, holder: str, n: int = 1) -> None:
        h = objcg.holders
        if objcg.killed and type(h) is SharedHolders:
            h = objcg.holders = dict(h)     # its own before a change
        left = h.get(holder, 0) - n
        if left < 0 or objcg.released:
            model_bug("obj_cgroup_put without a matching get", objcg=objcg, holder=holder,
                      holders=dict(h))
        if left:
            h[holder] = left
        else:
            del h[holder]
            if objcg.killed and len(h) < 2:
                # a killed objcg's last kind: the dict of those counts every
                # killed objcg and css shares (the one grown while its memcg was
                # online stays as large, 272 bytes); a dying memcg's objcg keeps it
                # as long as its slab objects do (issue 14), as ``css_put`` does
                objcg.holders = self.k.cgroups.share_holders(h)
        objcg.refcnt -= n
        if objcg.refcnt == 0:
            self.obj_cgroup_release(objcg)

    def obj_cgroup_release(self, objcg: ObjCgroup) -> None:
        """``obj_cgroup_release``: uncharge the leftover whole pages from the memcg the
        objcg points at, leave its list, drop the css reference (v5.12/v5.13)."""
        nr_bytes = objcg.nr_charged_bytes
        if nr_bytes % PAGE_SIZE:
            model_bug("obj_cgroup_release with a sub-page remainder", objcg=objcg,
                      nr_charged_bytes=nr_bytes)
        memcg = objcg.memcg
        if nr_bytes:
            self.obj_cgroup_uncharge_pages(objcg, nr_bytes // PAGE_SIZE)
            objcg.nr_charged_bytes = 0
        memcg.objcg_list.remove(objcg)
        objcg.released = True
        del self.handles[objcg.handle]
        if self.design.objcg_pins_memcg:
            self.k.cgroups.css_put(memcg, "objcg")

    def obj_cgroup_charge_pages(self, objcg: ObjCgroup, nr: int) -> bool:
        """``obj_cgroup_charge_pages``: charge the objcg's current memcg, and the v1
        kmem counter."""
        memcg = objcg.memcg
        if not self.__memcg_kmem_charge(memcg, nr):
            return False
        self.mod_memcg_state(memcg, MEMCG_KMEM, nr)
        return True

    def obj_cgroup_uncharge_pages(self, objcg: ObjCgroup, nr: int) -> None:
        """``obj_cgroup_uncharge_pages``: ``MEMCG_KMEM`` down, then
        ``__memcg_kmem_uncharge`` (inlined: the v1 kmem counter, the pages to this
        CPU's stock: ``refill_stock``, its usual case inlined)."""
        memcg = objcg.memcg
        k = self.k
        cpu = k.current.cpu
        self._stats_mod(memcg, MEMCG_KMEM, -nr, cpu)
        if not k.dfl:
            memcg.kmem.uncharge(nr)
        stock = self.stocks[cpu]
        if stock.cached is memcg and stock.nr_pages + nr <= self.batch:
            stock.nr_pages += nr
        else:
            self.refill_stock(memcg, nr)

    def obj_cgroup_charge(self, objcg: ObjCgroup, size: int) -> bool:
        """``obj_cgroup_charge``: from the obj stock if it caches this objcg with
        enough bytes, else whole pages with the remainder put in the stock."""
        stock = self.stocks[self.k.current.cpu]
        if stock.cached_objcg is objcg and stock.nr_bytes >= size:
            stock.nr_bytes -= size
            return True
        nr_pages, rem = divmod(size, PAGE_SIZE)
        if rem:
            nr_pages += 1
        if not self.obj_cgroup_charge_pages(objcg, nr_pages):
            return False
        if rem:
            self.refill_obj_stock(objcg, PAGE_SIZE - rem, allow_uncharge=False)
        return True

    def obj_cgroup_uncharge(self, objcg: ObjCgroup, size: int) -> None:
        self.refill_obj_stock(objcg, size)

    def refill_obj_stock(self, objcg: ObjCgroup, nr_bytes: int,
                         allow_uncharge: bool = True) -> None:
        """``refill_obj_stock``: take over the objcg's leftover bytes. v5.9-v5.13
        drain the whole stock once it holds more than a page; from v5.14 only the
        whole pages are uncharged, and only on uncharge (``allow_uncharge``) or
        when the stock changes objcg ("Allow uncharge when objcg changes": Linux
        commit 5387c90490f7 ("mm/memcg: improve refill_obj_stock() performance")
        (in v5.14), mm/memcontrol.c ``refill_obj_stock`` (v6.1))."""
        stock = self.stocks[self.k.current.cpu]
        if stock.cached_objcg is not objcg:
            self.replace_stock_objcg(stock, objcg)
            allow_uncharge = True
        stock.nr_bytes += nr_bytes
        if stock.nr_bytes > PAGE_SIZE:
            if not self.design.obj_stock_keeps_remainder:
                self.drain_obj_stock(stock)
            elif allow_uncharge:
                nr_pages = stock.nr_bytes // PAGE_SIZE
                stock.nr_bytes -= nr_pages * PAGE_SIZE
                self.obj_cgroup_uncharge_pages(objcg, nr_pages)

    def replace_stock_objcg(self, stock: MemcgStockPcp, objcg: ObjCgroup) -> None:
        """What ``refill_obj_stock`` and ``mod_objcg_state`` do when the stock
        caches another objcg (v6.1's open-coded "reset if necessary", named
        ``replace_stock_objcg`` by later kernels): ``drain_obj_stock``, then
        ``objcg`` cached with its reference and its ``nr_charged_bytes``."""
        self.drain_obj_stock(stock)
        objcg.refcnt += 1               # obj_cgroup_get (inlined)
        h = objcg.holders
        if objcg.killed and type(h) is SharedHolders:
            h = objcg.holders = dict(h)
        h["obj stock"] = h.get("obj stock", 0) + 1
        stock.cached_objcg = objcg
        stock.nr_bytes = objcg.nr_charged_bytes
        objcg.nr_charged_bytes = 0

    def drain_obj_stock(self, stock: MemcgStockPcp) -> None:
        """``drain_obj_stock``: the cached objcg's whole pages uncharged, the rest
        back to it, its cached slab statistics flushed (v5.14), the stock emptied
        (mm/memcontrol.c, v6.1)."""
        old = stock.cached_objcg
        if old is None:
            return
        nr_pages, rem = divmod(stock.nr_bytes, PAGE_SIZE)
        if nr_pages:
            self.obj_cgroup_uncharge_pages(old, nr_pages)
        old.nr_charged_bytes += rem
        stock.nr_bytes = 0
        if stock.nr_slab_reclaimable_b or stock.nr_slab_unreclaimable_b:
            self.flush_obj_stock_stats(stock)
        stock.cached_objcg = None
        self.obj_cgroup_put(old, "obj stock")

    def flush_obj_stock_stats(self, stock: MemcgStockPcp) -> None:
        """``drain_obj_stock``'s "Flush the vmstat data in current stock": the
        slab bytes the stock holds go to its objcg's memcg of now
        (``mod_objcg_mlstate``: a reparented objcg's ancestor)."""
        o = stock.cached_objcg
        if o is None:
            return
        t = self.k.current
        cpu = t.cpu if t is not None else 0
        if stock.nr_slab_reclaimable_b:
            self.stats.mod(o.memcg, NR_SLAB_RECLAIMABLE_B, stock.nr_slab_reclaimable_b, cpu)
            stock.nr_slab_reclaimable_b = 0
        if stock.nr_slab_unreclaimable_b:
            self.stats.mod(o.memcg, NR_SLAB_UNRECLAIMABLE_B, stock.nr_slab_unreclaimable_b,
                           cpu)
            stock.nr_slab_unreclaimable_b = 0

    def mod_objcg_slab_state(self, stock: MemcgStockPcp, objcg: ObjCgroup, idx: int,
                             size: int, n: int) -> None:
        """``mod_objcg_state`` of ``n`` slab objects of ``size`` bytes each (negative:
        freed) on ``stock``'s CPU. Before v5.14 each goes to the memcg's statistics.
        From Linux commit 68ac5b3c8db2 ("mm/memcg: cache vmstat data in percpu
        memcg_stock_pcp") (in v5.14) the stock keeps them per item (mm/memcontrol.c
        ``mod_objcg_state``, v6.1): another objcg first flushes the stock's
        (``replace_stock_objcg`` → ``drain_obj_stock``); an update to an item at 0
        is only stored, others are added and flushed once past a page either way.
        The objects are taken in turn, in closed form (:func:`stock_stat_add`).
        The statistics are of the stock's ``cached_objcg``: another objcg takes
        the stock over first, as ``refill_obj_stock`` does (``drain_obj_stock``:
        the old objcg's bytes and statistics flushed; ``objcg`` cached with its
        ``nr_charged_bytes``). One node (``cached_pgdat`` never changes)."""
        t = self.k.current
        cpu = t.cpu if t is not None else 0
        if not self.design.obj_stock_caches_vmstat:
            self.stats.mod(objcg.memcg, idx, size * n, cpu)
            return
        if stock.cached_objcg is not objcg:
            self.replace_stock_objcg(stock, objcg)
        if idx == NR_SLAB_RECLAIMABLE_B:
            stock.nr_slab_reclaimable_b, flushed = stock_stat_add(
                stock.nr_slab_reclaimable_b, size, n)
        else:
            stock.nr_slab_unreclaimable_b, flushed = stock_stat_add(
                stock.nr_slab_unreclaimable_b, size, n)
        if flushed:
            self.stats.mod(objcg.memcg, idx, flushed, cpu)

    # ------------------------------------------------------------------- stats
    def mod_memcg_state(self, memcg: MemCgroup, idx: int, val: int) -> None:
        self._stats_mod(memcg, idx, val, self.k.current.cpu)

    def count_pgfaults(self, memcg: MemCgroup, n: int, cpu: int) -> None:
        """``n`` page faults on ``cpu``: ``handle_mm_fault``'s
        ``count_memcg_event_mm(vma->vm_mm, PGFAULT)`` once a fault (mm/memory.c,
        v5.10 and v6.1), so a per-CPU batch (5.10's ``__count_memcg_events``:
        folded when the CPU's delta passes ``MEMCG_CHARGE_BATCH``) folds where one
        fault crosses it, not after the run (where updates only sum until a flush,
        ``summed``: one update of ``n``)."""
        if n == 1 or self.stats.summed:
            self._stats_mod(memcg, PGFAULT, n, cpu)
        else:
            self.stats.mod_each(memcg, (PGFAULT,), 1, n, cpu)

    def mod_lruvec_page_state(self, pfn: int, idx: int, val: int) -> None:
        """``mod_lruvec_page_state``: stats of a page go to ``page_memcg`` (inlined)."""
        word = self.k.mem_map.memcg_data[pfn]
        if word:
            obj = self.handles[word >> HANDLE_SHIFT]
            memcg = obj.memcg if isinstance(obj, ObjCgroup) else obj
            self._stats_mod(memcg, idx, val, self.k.current.cpu)

    def mod_objcg_state(self, objcg: ObjCgroup, idx: int, val: int) -> None:
        self.stats.mod(objcg.memcg, idx, val, self.k.current.cpu)

    def flush_stats(self) -> None:
        self.stats.flush()

    def memcg_memory_event(self, memcg: MemCgroup, event: int) -> None:
        """``memcg_memory_event``: local count here, hierarchical up to the root."""
        st = memcg.stats
        if st.events_local is ZERO_EVENTS:
            st.events_local = stat_vector(ZERO_EVENTS)
        st.events_local[event] += 1
        m: MemCgroup | None = memcg
        while m is not None and m is not self.root_mem_cgroup:
            st = m.stats
            if st.events is ZERO_EVENTS:
                st.events = stat_vector(ZERO_EVENTS)
            st.events[event] += 1
            m = m.parent_memcg

    # ------------------------------------------------------------------ reads
    def usage(self, memcg: MemCgroup, swap: bool = False) -> int:
        """``mem_cgroup_usage`` (v1): page counter for non-root; for root, computed
        from stats (file + anon (+ swap)), so root excludes kernel memory."""
        if memcg is self.root_mem_cgroup:
            self.flush_stats()
            s = memcg.stats.state
            return s[NR_FILE_PAGES] + s[NR_ANON_MAPPED] + (max(s[MEMCG_SWAP], 0) if swap else 0)
        return (memcg.memsw if swap else memcg.memory).usage

    def dying_memcgs(self):
        for h, obj in self.handles.items():
            if isinstance(obj, MemCgroup) and obj.state != ONLINE:
                yield obj
