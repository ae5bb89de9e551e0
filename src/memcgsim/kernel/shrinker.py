"""The shrinker framework of mm/vmscan.c (v5.10, v6.1): ``register_shrinker``,
``shrink_slab`` (a memcg's memcg-aware shrinkers, ``shrink_slab_memcg``, or at the
root every shrinker), ``do_shrink_slab`` (how many objects a pass asks a shrinker
to scan, in batches of ``SHRINK_BATCH``, the rest deferred to the next pass) and
``drop_slab``. The registered shrinkers are those the model runs under it: the
workingset shadow node shrinker (kernel/workingset.py), each disk superblock's
(kernel/super.py: its dentries, negative ones too, and inodes; a cgroup
hierarchy's kernfs superblock's too) and, from v5.14, each journal's
(kernel/jbd2.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from . import KernelCore

#: mm/vmscan.c ``SHRINK_BATCH``: a shrinker's default ``batch``
SHRINK_BATCH = 128
#: include/linux/shrinker.h ``SHRINK_STOP`` (``~0UL``) and ``SHRINK_EMPTY``
#: (``~0UL - 1``): ``scan_objects`` can do no more; ``count_objects`` has nothing
SHRINK_STOP = -1
SHRINK_EMPTY = -2


class ShrinkControl:
    """``struct shrink_control``: the memcg shrunk (None: not memcg aware), how many
    objects to scan and, back from ``scan_objects``, how many were."""
    __slots__ = ("memcg", "nr_to_scan", "nr_scanned")

    def __init__(self, memcg) -> None:
        self.memcg = memcg
        self.nr_to_scan = 0
        self.nr_scanned = 0


class Shrinker:
    """``struct shrinker``: ``count_objects``/``scan_objects``, ``seeks`` (0: the
    objects cost no I/O to recreate), ``batch`` (0: SHRINK_BATCH), SHRINKER_MEMCG_AWARE;
    ``nr_deferred``: the scan count left over by earlier passes, one for the
    shrinker (``shrinker->nr_deferred[nid]``) and, per-memcg designs, one per memcg
    (``shrinker_info->nr_deferred``), keyed by memcg."""
    __slots__ = ("name", "count_objects", "scan_objects", "seeks", "batch", "memcg_aware",
                 "nr_deferred", "nr_deferred_memcg")

    def __init__(self, name: str, count_objects: Callable[[ShrinkControl], int],
                 scan_objects: Callable[[ShrinkControl], int], seeks: int,
                 memcg_aware: bool, batch: int = 0) -> None:
        self.name = name
        self.count_objects = count_objects
        self.scan_objects = scan_objects
        self.seeks = seeks
        self.batch = batch
        self.memcg_aware = memcg_aware
        self.nr_deferred = 0
        self.nr_deferred_memcg: dict = {}


class Shrinkers:
    """``shrinker_list`` and the functions that run it."""
    __slots__ = ("k", "shrinkers", "per_memcg", "shrinker_bits")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        self.shrinkers: list[Shrinker] = []
        #: memcg -> its memcg-aware shrinkers that may have objects, in ID order
        #: (``shrinker_info->map``: set by ``list_lru_add``, cleared by a count of
        #: SHRINK_EMPTY)
        self.shrinker_bits: dict = {}
        #: per-memcg ``nr_deferred`` and the v5.13 scan count (design switch)
        self.per_memcg = kernel.design.shrinker_deferred_per_memcg

    def register_shrinker(self, shrinker: Shrinker) -> None:
        """``register_shrinker``: onto the end of ``shrinker_list`` (a memcg-aware
        one takes the next shrinker ID, ``shrink_slab_memcg``'s order: the same)."""
        self.shrinkers.append(shrinker)

    def memcg_set_shrinker_bit(self, memcg, shrinker: Shrinker) -> None:
        """``memcg_set_shrinker_bit``: the memcg's list of this shrinker got an item."""
        bits = self.shrinker_bits.get(memcg)
        if bits is None:
            bits = self.shrinker_bits[memcg] = {}
        if shrinker not in bits:
            bits[shrinker] = None
            if len(bits) > 1:   # keep shrinker ID order
                order = self.shrinkers.index
                self.shrinker_bits[memcg] = dict.fromkeys(sorted(bits, key=order))

    # ------------------------------------------------------------ nr_deferred
    def _xchg_nr_deferred(self, shrinker: Shrinker, sc: ShrinkControl) -> int:
        if self.per_memcg and sc.memcg is not None:
            return shrinker.nr_deferred_memcg.pop(sc.memcg, 0)
        nr, shrinker.nr_deferred = shrinker.nr_deferred, 0
        return nr

    def _add_nr_deferred(self, shrinker: Shrinker, sc: ShrinkControl, nr: int) -> None:
        if self.per_memcg and sc.memcg is not None:
            d = shrinker.nr_deferred_memcg
            d[sc.memcg] = d.get(sc.memcg, 0) + nr
        else:
            shrinker.nr_deferred += nr

    def reparent_shrinker_deferred(self, memcg, parent) -> None:
        """``reparent_shrinker_deferred`` (Linux commit a178015cde69 ("mm: memcontrol:
        reparent nr_deferred when memcg offline") (in v5.13)): an offline memcg's
        deferred counts join its parent's."""
        self.shrinker_bits.pop(memcg, None)
        if not self.per_memcg:
            return
        for s in self.shrinkers:
            nr = s.nr_deferred_memcg.pop(memcg, 0)
            if nr:
                s.nr_deferred_memcg[parent] = s.nr_deferred_memcg.get(parent, 0) + nr

    # ------------------------------------------------------------- shrinking
    def do_shrink_slab(self, sc: ShrinkControl, shrinker: Shrinker, priority: int) -> int:
        """``do_shrink_slab``: ``freeable`` from ``count_objects``; this pass's share
        ``delta`` (``freeable >> priority`` * 4 / ``seeks``, or ``freeable / 2`` for
        seeks 0) plus the deferred count; scanned in batches while at least a batch
        or all of ``freeable`` is left; the unscanned rest deferred. v5.10: all the
        deferred count joins (``total_scan = nr + delta``), bounded by ``freeable / 2``
        when delta is below a quarter of it and by ``2 * freeable``, and what was not
        scanned of ``total_scan`` is deferred; from Linux commit 18bb473e5031 ("mm:
        vmscan: shrink deferred objects proportional to priority") (in v5.13), the
        deferred count per memcg (867508304685 ("mm: vmscan: use per memcg
        nr_deferred of shrinker"), v5.13), ``nr >> priority`` joins, bounded by
        ``2 * freeable``, and ``nr + delta`` less what was scanned is deferred.
        Each batch's ``nr_scanned`` counts in /proc/vmstat's SLABS_SCANNED.
        Returns the objects freed (or SHRINK_EMPTY)."""
        freeable = shrinker.count_objects(sc)
        if freeable == 0 or freeable == SHRINK_EMPTY:
            return freeable
        nr = self._xchg_nr_deferred(shrinker, sc)
        if shrinker.seeks:
            delta = (freeable >> priority) * 4 // shrinker.seeks
        else:
            delta = freeable // 2
        if self.per_memcg:
            total_scan = min((nr >> priority) + delta, 2 * freeable)
            next_deferred = nr + delta
        else:
            total_scan = nr + delta
            next_deferred = total_scan
            if delta < freeable // 4:
                total_scan = min(total_scan, freeable // 2)
            if total_scan > freeable * 2:
                total_scan = freeable * 2
        batch_size = shrinker.batch or SHRINK_BATCH
        freed = scanned = 0
        events = self.k.vmscan.vm_events
        while total_scan >= batch_size or total_scan >= freeable:
            nr_to_scan = min(batch_size, total_scan)
            sc.nr_to_scan = sc.nr_scanned = nr_to_scan
            ret = shrinker.scan_objects(sc)
            if ret == SHRINK_STOP:
                break
            freed += ret
            events["slabs_scanned"] += sc.nr_scanned     # count_vm_events(SLABS_SCANNED)
            total_scan -= sc.nr_scanned
            scanned += sc.nr_scanned
        next_deferred = max(next_deferred - scanned, 0)
        if self.per_memcg:
            next_deferred = min(next_deferred, 2 * freeable)
        if next_deferred > 0:
            self._add_nr_deferred(shrinker, sc, next_deferred)
        return freed

    def shrink_slab(self, memcg, priority: int) -> int:
        """``shrink_slab(gfp, nid, memcg, priority)``: below the root, the memcg-aware
        shrinkers of an online memcg (``shrink_slab_memcg``: an offline one has
        nothing left, its list_lrus reparented); at the root every shrinker, the
        memcg-aware ones for the root's own lists. Returns the objects freed."""
        k = self.k
        freed = 0
        if memcg is not k.memcg.root_mem_cgroup:
            bits = self.shrinker_bits.get(memcg)
            if not bits or memcg.offline_at is not None:
                return 0
            for s in list(bits):
                ret = self.do_shrink_slab(ShrinkControl(memcg), s, priority)
                if ret == SHRINK_EMPTY:
                    del bits[s]
                else:
                    freed += ret
            return freed
        for s in self.shrinkers:
            ret = self.do_shrink_slab(ShrinkControl(memcg if s.memcg_aware else None),
                                      s, priority)
            if ret != SHRINK_EMPTY:
                freed += ret
        return freed

    def drop_slab(self) -> None:
        """``drop_slab``/``drop_slab_node``: ``shrink_slab`` of every memcg (the root
        first, ``mem_cgroup_iter``) at priority 0, again while more than 10 objects
        were freed (v5.10) or while ``freed >> shift++`` is above 1 (v6.1; design
        switch ``drop_slab_shift``)."""
        if not self.shrinkers:
            return
        k = self.k
        root = k.memcg.root_mem_cgroup
        if root is None:
            return
        by_shift = k.design.drop_slab_shift
        shift = 0
        while True:
            freed = 0
            for m in list(k.vmscan.subtree(root)):
                freed += self.shrink_slab(m, 0)
            if by_shift:
                if (freed >> shift) <= 1:
                    return
                shift += 1
            elif freed <= 10:
                return
