"""mm/workingset.c's shadow nodes (v5.10, v6.1): the page cache's xarray leaf nodes
that hold only workingset shadow entries, kept on the memcg-aware ``shadow_nodes``
list_lru (``workingset_update_node``: added once every used slot holds a shadow,
``count == nr_values``; removed when a page is stored in it or it is freed) and
freed by the ``shadow_nodes`` shrinker under reclaim and drop_caches 2 beyond what
``count_shadow_nodes`` lets the memcg keep.

A node is named ``(inode, number)``: the leaf of the inode's page indices
``number << XA_CHUNK_SHIFT`` onwards (kernel/xarray.py). Its list is the memcg of
its ``radix_tree_node`` object (``list_lru_add``: ``mem_cgroup_from_slab_obj``),
oldest first; an offline memcg's list is spliced to the head of its parent's
(``memcg_drain_all_list_lrus`` v5.10, ``memcg_reparent_list_lrus`` v6.1).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .shrinker import SHRINK_EMPTY, Shrinker, ShrinkControl
from .vmstat import (NR_ACTIVE_ANON, NR_ACTIVE_FILE, NR_INACTIVE_ANON, NR_INACTIVE_FILE,
                     NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B, NR_UNEVICTABLE,
                     PAGE_SHIFT, WORKINGSET_ACTIVATE_FILE, WORKINGSET_NODERECLAIM,
                     WORKINGSET_REFAULT_FILE, WORKINGSET_RESTORE_FILE,
                     lruvec_page_state_local)
from .xarray import XA_CHUNK_SHIFT, xa_node_cache, xas_update_nodes

if TYPE_CHECKING:
    from . import KernelCore
    from .filemap import Inode

#: ``NR_LRU_BASE + i`` for i < NR_LRU_LISTS: the LRU lists counted by count_shadow_nodes
LRU_ITEMS = (NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE, NR_ACTIVE_FILE,
             NR_UNEVICTABLE)


class Workingset:
    """The ``shadow_nodes`` list_lru and its shrinker; the shadow entries' contents
    and the refaults they detect."""
    __slots__ = ("k", "lrus", "listed", "shrinker", "shadows")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: inode -> {index: (memcg ID, eviction age, PG_workingset)}: what
        #: ``pack_shadow`` packs into a shadow entry (the node aside: one node)
        self.shadows: dict = {}
        #: memcg -> {(inode, number): None}, oldest first (``list_lru_memcg``)
        self.lrus: dict = {}
        #: inode -> {number: memcg}: its nodes on a list
        self.listed: dict = {}
        # workingset_init: seeks 0, "->count reports only fully expendable nodes"
        self.shrinker = Shrinker("mm-shadow", self.count_shadow_nodes, self.scan_shadow_nodes,
                                 seeks=0, memcg_aware=True)
        kernel.shrinkers.register_shrinker(self.shrinker)

    # ------------------------------------------------- eviction and refault
    def workingset_age_nonresident(self, memcg, nr: int) -> None:
        """``workingset_age_nonresident``: ``nonresident_age`` of the memcg's lruvec
        and of every ancestor's (``parent_lruvec``) advances by ``nr``."""
        parent_of = self.k.memcg.parent_mem_cgroup
        m = memcg
        while m is not None:
            m.nonresident_age += nr
            m = parent_of(m)

    def workingset_eviction(self, inode: "Inode", index: int, target,
                            workingset: bool = False) -> None:
        """``workingset_eviction(folio, target_memcg)`` (mm/workingset.c, v5.10 and
        v6.1; the reclaim root since Linux commit b910718a948a ("mm: vmscan:
        detect file thrashing at the reclaim root") (in v5.5)): the target's age
        advances and the shadow keeps its ID, age and the page's PG_workingset."""
        self.workingset_age_nonresident(target, 1)
        per = self.shadows.get(inode)
        if per is None:
            per = self.shadows[inode] = {}
        per[index] = (target.id, target.nonresident_age, workingset)

    def forget(self, inode: "Inode") -> None:
        """The inode's shadow entries that are gone (truncation, eviction, the
        shadow node shrinker) forgotten."""
        per = self.shadows.get(inode)
        if per is None:
            return
        live = inode.pages.shadows
        if not live:
            del self.shadows[inode]
            return
        for index in [i for i in per if i not in live]:
            del per[index]

    def workingset_refault(self, inode: "Inode", index: int, pfn: int, memcg) -> None:
        """``workingset_refault`` (mm/workingset.c, v5.10 and v6.1) of a page read
        into a slot that held a shadow entry (``filemap_add_folio`` without
        __GFP_WRITE): nothing if the eviction's memcg is gone
        (``mem_cgroup_from_id``: its ID is removed at offline); else
        WORKINGSET_REFAULT_FILE on the new page's memcg, and if the refault
        distance (the eviction lruvec's age since) is within its workingset (its
        active file pages: anon counts only with swap) the page goes active,
        ages the new page's lruvec and counts WORKINGSET_ACTIVATE_FILE, and
        WORKINGSET_RESTORE_FILE if it was deactivated before its eviction."""
        per = self.shadows.get(inode)
        got = per.pop(index, None) if per is not None else None
        if got is None:
            return
        memcg_id, eviction, workingset = got
        k = self.k
        mc = k.memcg
        evicted_from = mc.idr.get(memcg_id)
        if evicted_from is None:
            return
        mc.mod_memcg_state(memcg, WORKINGSET_REFAULT_FILE, 1)
        distance = evicted_from.nonresident_age - eviction
        # lruvec_page_state: the hierarchical count as last folded (6.1's
        # mem_cgroup_flush_stats_delayed flushes at most every 2 s: not here)
        if distance > max(evicted_from.stats.state[NR_ACTIVE_FILE], 0):
            return
        k.filemap.activate(pfn)
        self.workingset_age_nonresident(memcg, 1)
        mc.mod_memcg_state(memcg, WORKINGSET_ACTIVATE_FILE, 1)
        if workingset:
            # folio_set_workingset: "Folio was active prior to eviction"
            k.filemap.workingset.add(pfn)
            mc.mod_memcg_state(memcg, WORKINGSET_RESTORE_FILE, 1)

    # --------------------------------------------------------- list maintenance
    def _node_memcg(self, inode: "Inode", nr: int):
        """The memcg whose list the leaf's ``radix_tree_node`` object goes on (None: no
        such node): its objcg's, or the nearest online ancestor's."""
        xa = inode.pages.xa
        if xa is None:
            return None
        if isinstance(xa, int):
            if nr:
                return None
            oid = xa
        else:
            got = xa.get((1, nr))
            if got is None:
                return None
            oid = got
        memcg = self.k.filemap.mem_cgroup_from_slab_obj(xa_node_cache(self.k), oid)
        # an offline memcg's kmem ID is its parent's (memcg_offline_kmem): its list
        while memcg.offline_at is not None and memcg.parent_memcg is not None:
            memcg = memcg.parent_memcg
        return memcg

    def workingset_update_node(self, inode: "Inode", nr: int) -> None:
        """``workingset_update_node`` of the leaf ``nr``: on its memcg's list while it
        exists and holds shadow entries and no page, off it otherwise."""
        pages = inode.pages
        listed = self.listed.get(inode)
        want = pages.shadow_only(nr)
        memcg = self._node_memcg(inode, nr) if want else None
        if listed is not None and nr in listed:
            if memcg is not None:
                return
            self.lrus[listed.pop(nr)].pop((inode, nr), None)
            if not listed:
                del self.listed[inode]
            return
        if memcg is None:
            return
        lru = self.lrus.get(memcg)
        if lru is None:
            lru = self.lrus[memcg] = {}
        if not lru:
            self.k.shrinkers.memcg_set_shrinker_bit(memcg, self.shrinker)
        lru[(inode, nr)] = None
        if listed is None:
            listed = self.listed[inode] = {}
        listed[nr] = memcg

    def relist_shadowed(self, inode: "Inode") -> None:
        """:meth:`workingset_update_node` of every leaf holding shadows, after the
        index's new nodes were made: their charge may have reclaimed pages of
        this very index, whose shadows went in while the leaf was not yet held
        (no memcg to list it on then). Only the leaves whose listing changes are
        updated (the others' update does nothing): a leaf holding shadows and no
        page is listed iff its node is held (:meth:`_node_memcg`); several in the
        order of the set of the shadows' leaves, as they always were."""
        pages = inode.pages
        nrs = pages.shadow_nrs
        if not nrs:
            return
        listed = self.listed.get(inode) or ()
        xa = pages.xa
        nodes = pages.nodes
        changed = []
        for nr in nrs:
            if xa is None:
                want = False
            elif isinstance(xa, int):
                want = nr == 0
            else:
                want = (1, nr) in xa
            if want and (pages.node0 is not None if nr == 0 else nr in nodes):
                want = False                # a page there: not shadow-only
            if want != (nr in listed):
                changed.append(nr)
        if len(changed) > 1:
            some = set(changed)
            shadows = pages.shadows or ()
            changed = [nr for nr in {i >> XA_CHUNK_SHIFT for i in shadows} if nr in some]
        for nr in changed:
            self.workingset_update_node(inode, nr)

    def update_listed(self, inode: "Inode", nrs=None) -> None:
        """:meth:`workingset_update_node` of the inode's listed leaves (or of
        ``nrs`` among them) after its index changed."""
        listed = self.listed.get(inode)
        if listed is None:
            return
        for nr in list(listed if nrs is None else (n for n in nrs if n in listed)):
            self.workingset_update_node(inode, nr)

    def memcg_offline(self, memcg, parent) -> None:
        """``memcg_drain_all_list_lrus``/``memcg_reparent_list_lrus``: the offline
        memcg's nodes spliced to the head of its parent's list."""
        self.k.shrinkers.reparent_shrinker_deferred(memcg, parent)
        lru = self.lrus.pop(memcg, None)
        if not lru:
            return
        plru = self.lrus.get(parent) or {}
        merged = dict(lru)
        merged.update(plru)
        self.lrus[parent] = merged
        for inode, nr in lru:
            self.listed[inode][nr] = parent
        self.k.shrinkers.memcg_set_shrinker_bit(parent, self.shrinker)

    # ----------------------------------------------------------------- shrinker
    def count_shadow_nodes(self, sc: ShrinkControl) -> int:
        """``count_shadow_nodes``: the nodes on the memcg's list beyond
        ``max_nodes``, its LRU pages and its slab pages (the local counters
        ``lruvec_page_state_local``; slab bytes >> PAGE_SHIFT each) >>
        (XA_CHUNK_SHIFT - 3): a shadow density of 1/8 (SHRINK_EMPTY for an empty
        list). v5.10 and v6.1 alike; 6.1 flushes the memcg stats first, which the
        local counters read here do not need."""
        memcg = sc.memcg
        nodes = len(self.lrus.get(memcg, ()))
        if not nodes:
            return SHRINK_EMPTY
        pages = sum(lruvec_page_state_local(memcg, i) for i in LRU_ITEMS)
        pages += lruvec_page_state_local(memcg, NR_SLAB_RECLAIMABLE_B) >> PAGE_SHIFT
        pages += lruvec_page_state_local(memcg, NR_SLAB_UNRECLAIMABLE_B) >> PAGE_SHIFT
        max_nodes = pages >> (XA_CHUNK_SHIFT - 3)
        if nodes <= max_nodes:
            return 0
        return nodes - max_nodes

    def scan_shadow_nodes(self, sc: ShrinkControl) -> int:
        """``scan_shadow_nodes`` → ``list_lru_shrink_walk_irq``: up to ``nr_to_scan``
        nodes from the head of the memcg's list, each freed by
        :meth:`shadow_lru_isolate`. Returns how many."""
        lru = self.lrus.get(sc.memcg)
        if not lru:
            return 0
        victims: list[tuple[Inode, int]] = []
        for item in lru:
            if len(victims) >= sc.nr_to_scan:
                break
            victims.append(item)
        for inode, nr in victims:
            self.shadow_lru_isolate(inode, nr)
        return len(victims)

    def shadow_lru_isolate(self, inode: "Inode", nr: int) -> None:
        """``shadow_lru_isolate``: off the list, its shadow entries cleared and the
        node deleted (``xa_delete_node``: it and the ancestors it leaves empty freed
        after a grace period, ``xa_node_free``)."""
        listed = self.listed[inode]
        memcg = listed.pop(nr)
        if not listed:
            del self.listed[inode]
        self.lrus[memcg].pop((inode, nr))
        # __inc_lruvec_kmem_state(node, WORKINGSET_NODERECLAIM): the node's memcg
        self.k.memcg.mod_memcg_state(memcg, WORKINGSET_NODERECLAIM, 1)
        pages = inode.pages
        pages.clear_shadow_chunk(nr)
        self.forget(inode)
        if pages.xa_changed():
            xas_update_nodes(self.k, pages, False)
            self.k.filemap.lru_changed(inode)   # v5.16: inode_add_lru when shrinkable
        if pages.shadows is None:
            self.k.filemap.shadowed.pop(inode, None)
        if pages.xa is None:
            # xas_shrink left the head entry alone: no leaf of it is a node now
            self.update_listed(inode)
