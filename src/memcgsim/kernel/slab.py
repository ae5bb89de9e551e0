"""Slab caches with SLAB_ACCOUNT: objects charged byte-wise through obj_cgroup.

``memcg_slab_pre_alloc_hook``/``memcg_slab_post_alloc_hook`` (mm/slab.h): each
accounted object is charged ``obj_full_size`` bytes (object + its objcg vector
slot) to the current task's objcg, holds an objcg reference, and adds to
``NR_SLAB_RECLAIMABLE_B`` or ``_UNRECLAIMABLE_B`` of the objcg's memcg. Linux
commit 9855609bde03 ("mm: memcg/slab: use a single set of kmem_caches for all
allocations") (in v5.9). Slab pages are counted per cache from its
object count and SLUB's geometry (:func:`slub_order`): ``/proc/meminfo`` Slab is the
sum of ``num_slabs * pagesperslab`` pages.

Structures the kernel allocates without ``__GFP_ACCOUNT`` (a cgroup's and a memcg's,
kernel/sizes; the block I/O of writeback) are counted per owner in the same caches
(``alloc_structs``): charged to nobody, but on the host's Slab. They sit in slabs as
SLUB places them (kernel/slub.py: CPU slabs, per-CPU and node partial lists), so the
empty slabs SLUB keeps stay on Slab. The objects of the objcg design's caches are
placed in the same lists, on the CPU each allocation and free runs on: one set of
caches serves every memcg and the root (Linux commit 10befea91b61 ("mm: memcg/slab:
use a single set of kmem_caches for all allocations") (in v5.9): objects carry their
objcg in the slab's ``obj_cgroups`` vector, ``memcg_alloc_page_obj_cgroups``), so
SLUB places an accounted object as any other (``slab_alloc_node`` runs
``memcg_slab_pre_alloc_hook``, then takes the object from ``c->freelist``).

Before that (the ``memcg_cache`` design, v3.10), each memcg had its own copy of a
cache: its slab pages were kmem pages charged to the memcg, pinning it until
their last object was freed. That design models slab pages.
"""
from __future__ import annotations

from array import array
from itertools import chain
from struct import Struct, error as StructError
from typing import TYPE_CHECKING, Any, Callable, Iterable

from ..record import PythonClass
from .cgroup import SharedHolders
from .memcontrol import stock_stat_add
from .page_alloc import PG_SLAB
from .slub import IS_FROZEN, SlubLists
from .vmstat_diff import RECLAIMABLE, UNRECLAIMABLE
from .vmstat import (PAGE_SHIFT, PAGE_SIZE, MEMCG_KMEM, NR_SLAB_RECLAIMABLE_B,
                     NR_SLAB_UNRECLAIMABLE_B, seq_of)

if TYPE_CHECKING:
    from . import KernelCore
    from .memcontrol import MemcgStockPcp, MemoryController, ObjCgroup

POINTER_SIZE = 8
#: ``slub_max_order`` (``PAGE_ALLOC_COSTLY_ORDER``) and ``MAX_ORDER - 1``
SLUB_MAX_ORDER = 3
MAX_PAGE_ORDER = 10
MAX_OBJS_PER_PAGE = 32767


def _get_order(size: int) -> int:
    order = 0
    while (PAGE_SIZE << order) < size:
        order += 1
    return order


def calc_slab_order(size: int, min_objects: int, max_order: int, fract_leftover: int) -> int:
    """mm/slub.c ``calc_slab_order``: the lowest order holding ``min_objects`` whose
    leftover is at most 1/``fract_leftover`` of the slab."""
    if (PAGE_SIZE // size) > MAX_OBJS_PER_PAGE:
        return _get_order(size * MAX_OBJS_PER_PAGE) - 1
    order = _get_order(min_objects * size)
    while order <= max_order:
        slab_size = PAGE_SIZE << order
        if slab_size % size <= slab_size // fract_leftover:
            break
        order += 1
    return order


def slub_order(size: int, nr_cpus: int) -> int:
    """mm/slub.c ``calculate_order``: ``min_objects = 4 * (fls(nr_cpus) + 1)``, so
    a cache's slabs grow with the CPU count (the guests' /proc/slabinfo agrees: at 2
    CPUs kmalloc-1k is 16 objects in 4 pages, at 8 CPUs 32 in 8)."""
    min_objects = 4 * (nr_cpus.bit_length() + 1)
    min_objects = min(min_objects, (PAGE_SIZE << SLUB_MAX_ORDER) // size)
    while min_objects > 1:
        fraction = 16
        while fraction >= 4:
            order = calc_slab_order(size, min_objects, SLUB_MAX_ORDER, fraction)
            if order <= SLUB_MAX_ORDER:
                return order
            fraction //= 2
        min_objects -= 1
    order = calc_slab_order(size, 1, SLUB_MAX_ORDER, 1)
    if order <= SLUB_MAX_ORDER:
        return order
    return calc_slab_order(size, 1, MAX_PAGE_ORDER, 1)


class KmemCache:
    __slots__ = ("name", "size", "account", "reclaimable", "objcgs", "runs", "_next",
                 "nr_objs", "stat_item", "id", "partial", "slab_free", "nr_structs",
                 "objperslab", "pagesperslab", "slub", "nr_packed", "placed", "slab_of",
                 "place_objs", "obj_size", "obj_pages", "obj_refill", "charge",
                 "boot_slabs", "boot_held", "twin", "twin_of", "slab_account")

    def __init__(self, name: str, size: int, account: bool, reclaimable: bool,
                 cache_id: int = 0, slab_account: bool | None = None) -> None:
        self.name = name
        self.size = size
        #: its objects are charged (SLAB_ACCOUNT, or every allocation from it asks
        #: for ``__GFP_ACCOUNT``: radix_tree_node, buffer_head, the kmalloc twin)
        self.account = account
        #: the cache has SLAB_ACCOUNT (its new slabs get an ``obj_cgroups`` vector
        #: at once where ``slab_objcgs_prealloc`` is on); ``account`` if not given
        self.slab_account = account if slab_account is None else slab_account
        self.reclaimable = reclaimable
        self.stat_item = NR_SLAB_RECLAIMABLE_B if reclaimable else NR_SLAB_UNRECLAIMABLE_B
        #: ``obj_full_size`` (object + its objcg vector slot), the whole pages
        #: ``obj_cgroup_charge`` charges for it past the obj stock, and the bytes of
        #: them it puts back in the stock (``PAGE_SIZE - size % PAGE_SIZE``, or 0)
        self.obj_size = size + POINTER_SIZE
        self.obj_pages = -(-self.obj_size // PAGE_SIZE)
        self.obj_refill = self.obj_pages * PAGE_SIZE - self.obj_size
        #: the three together, as the charge path reads them
        self.charge = (self.obj_size, self.obj_pages, self.obj_refill)
        #: the objcg vector: object id -> objcg (None if unaccounted); in the
        #: memcg_cache design: object id -> pfn of its per-memcg slab page
        self.objcgs: dict[int, Any] = {}   # ObjCgroup | None, or a pfn
        #: objects allocated together share one objcg: first id -> (end id, objcg);
        #: split into ``objcgs`` when freed piecemeal
        self.runs: dict[int, tuple] = {}
        self._next = 0
        self.nr_objs = 0
        self.id = cache_id
        #: memcg_cache design: memcg -> slab pages with free slots; pfn -> free slots
        self.partial: dict = {}
        self.slab_free: dict[int, int] = {}
        #: unaccounted kernel structures in this cache (``Slab.alloc_structs``), in
        #: slabs as SLUB keeps them (set by ``Slab.cache``)
        self.nr_structs = 0
        self.slub: SlubLists     # set by Slab.cache
        #: objects counted packed (never freed one by one: list_lru_one, idr leaves)
        self.nr_packed = 0
        self.objperslab = self.pagesperslab = 1
        #: objcg design: the slabs of the objects (``slub.alloc``'s placements):
        #: first id of several allocated together -> ``end id, slab id, count,
        #: slab id, count, ...`` in 4-byte numbers (in one slab: 12 packed bytes,
        #: ``_RUN_IN_ONE``; over several: :func:`_packed`): no tuple and no int
        #: object a slab, as the 100 dentries a churn lifecycle leaves keep theirs
        #: (:func:`_unpacked` reads them); one object (or one split from its run)
        #: -> its slab id
        self.placed: dict[int, bytes | array] = {}
        self.slab_of: dict[int, int] = {}
        #: the objects sit in ``slub`` (objcg design), else they are packed full
        self.place_objs = False
        #: the slabs the boot left in ``slub`` (:meth:`SlubLists.seed`: the boot's
        #: objects, in /proc/meminfo's and slabinfo's boot values already) and the
        #: free objects its CPUs held in them
        self.boot_slabs = self.boot_held = 0
        #: before kmalloc-cg caches (``kmalloc_cg_caches`` off, objcg design): the
        #: accounted kmalloc cache that places its objects in this one's slabs
        #: (``twin``), or, on that accounted cache, the one whose slabs it shares
        #: (``twin_of``): one slabinfo line, one set of slabs, two account flags
        self.twin: KmemCache | None = None
        self.twin_of: KmemCache | None = None

    def set_geometry(self, nr_cpus: int) -> None:
        order = slub_order(self.size, nr_cpus)
        self.pagesperslab = 1 << order
        self.objperslab = (PAGE_SIZE << order) // self.size

    def active_objs(self) -> int:
        """Objects in use (a shared cache's with its accounted twin's)."""
        t = self.twin
        if t is not None:
            return (self.nr_objs + self.nr_structs + self.nr_packed
                    + t.nr_objs + t.nr_structs + t.nr_packed)
        return self.nr_objs + self.nr_structs + self.nr_packed

    def num_slabs(self) -> int:
        """Slabs in use: those SLUB keeps for the structures (a slab goes with its
        last object only as ``__slab_free`` and ``unfreeze_partials`` discard it),
        and the other objects packed full."""
        packed = self.nr_packed if self.place_objs else self.nr_objs + self.nr_packed
        if self.twin_of is not None:
            # its slabs are the shared cache's, counted there
            return -(-packed // self.objperslab)
        return self.slub.nr_slabs() - self.boot_slabs + -(-packed // self.objperslab)

    def place(self, n: int, cpu: int = 0) -> list:
        """Allocate ``n`` structures on ``cpu``. Returns ``[(slab id, count)]``."""
        self.nr_structs += n
        return self.slub.alloc(cpu, n)

    def place_one(self, cpu: int) -> Any:
        """One structure on ``cpu``: from the CPU slab's freelist (its slab id: SLUB's
        fast path, no list call), else :meth:`place`'s placements."""
        self.nr_structs += 1
        sl = self.slub
        sid = sl.cpu_slab[cpu]
        if sid is not None and sl.inuse[sid] < sl.objects:
            sl.inuse[sid] += 1
            return sid
        return sl.alloc(cpu, 1)

    def unplace_one(self, p: Any, cpu: int) -> None:
        """Free on ``cpu`` what :meth:`place_one` returned: into a frozen slab its count
        only, else ``__slab_free``."""
        self.nr_structs -= 1
        sl = self.slub
        if type(p) is int:
            if IS_FROZEN[sl.where[p]]:
                sl.inuse[p] -= 1
            else:
                sl.free(cpu, ((p, 1),))
        else:
            sl.free(cpu, p)

    def unplace(self, placements, cpu: int = 0, n: int | None = None) -> None:
        """Free structures placed by :meth:`place`, on ``cpu`` (``n``: their count,
        if the caller knows it)."""
        self.nr_structs -= sum(m for _, m in placements) if n is None else n
        self.slub.free(cpu, placements)

    def unplace_objects(self, oids, cpu: int) -> None:
        """``__slab_free`` of objects ``Slab._objcg_alloc_lists`` placed (``placed``,
        ``slab_of``), on ``cpu``."""
        slab_of = self.slab_of
        if type(oids) is range and oids.step == 1:
            start = oids.start
            p = self.placed.get(start)
            if p is not None:
                q = _unpack_in_one(p) if type(p) is bytes else p
                if q[0] == oids.stop:
                    del self.placed[start]
                    self.slub.free(cpu, ((q[1], q[2]),) if len(q) == 3 else _pairs(q))
                    return
            if len(oids) == 1 and start in slab_of:
                self.slub.free(cpu, ((slab_of.pop(start), 1),))
                return
        counts: dict[int, int] = {}
        for oid in oids:
            sid = slab_of.pop(oid, None)
            if sid is None:
                self._split_placed(oid)
                sid = slab_of.pop(oid)
            counts[sid] = counts.get(sid, 0) + 1
        self.slub.free(cpu, list(counts.items()))

    def _split_placed(self, oid: int) -> None:
        for first, p in self.placed.items():
            p = _unpacked(p)
            if first <= oid < p[0]:
                del self.placed[first]
                i = first
                for sid, m in _pairs(p):
                    self.slab_of.update(dict.fromkeys(range(i, i + m), sid))
                    i += m
                return
        raise KeyError(oid)

    def objects(self):
        """Every live object: ``(id, objcg slot)``."""
        yield from self.objcgs.items()
        for first, (end, o) in self.runs.items():
            for oid in range(first, end):
                yield oid, o

    def objcg_of(self, oid: int):
        """The objcg slot of a live object."""
        if oid in self.objcgs:
            return self.objcgs[oid]
        for first, (end, o) in self.runs.items():
            if first <= oid < end:
                return o
        raise KeyError(oid)

    def pop_objcgs(self, oids) -> list:
        """The objcg slots of objects being freed, removed."""
        runs = self.runs
        if type(oids) is range and oids.step == 1:
            r = runs.get(oids.start)
            if r is not None and r[0] == oids.stop:
                del runs[oids.start]
                return [r[1]] * len(oids)
        objcgs = self.objcgs
        out = []
        for oid in oids:
            if oid not in objcgs:
                self._split_run(oid)
            out.append(objcgs.pop(oid))
        return out

    def _split_run(self, oid: int) -> None:
        for first, (end, o) in self.runs.items():
            if first <= oid < end:
                del self.runs[first]
                self.objcgs.update(dict.fromkeys(range(first, end), o))
                return
        raise KeyError(oid)


#: a run in one slab, ``end id, slab id, count``, packed (``KmemCache.placed``)
_RUN_IN_ONE = Struct("=3I")
_pack_in_one = _RUN_IN_ONE.pack
_unpack_in_one = _RUN_IN_ONE.unpack


def _packed(nums) -> array:
    """``nums`` (non-negative) in 4 bytes each (``array('I')``), or 8 if one does
    not fit (``array('q')``): a ``KmemCache.placed`` entry of several slabs."""
    try:
        return array("I", nums)
    except OverflowError:
        return array("q", nums)


def _unpacked(p):
    """The numbers of a ``KmemCache.placed`` entry, as a sequence of ints."""
    return _unpack_in_one(p) if type(p) is bytes else p


def _pairs(placed):
    """The ``(slab id, count)`` pairs of a ``KmemCache.placed`` entry (unpacked)."""
    it = iter(placed)
    next(it)
    return zip(it, it)


def held_placements(held: tuple) -> list:
    """The ``[(slab id, count)]`` of what an owner keeps (a :class:`HeldStructs` tuple)."""
    it = iter(held[2:])
    return list(zip(it, it))


class HeldStructs(array, metaclass=PythonClass):
    """The unaccounted structures one owner holds, read as tuples ``(cache id,
    count, slab id, count, ...)`` in the order they were allocated; kept flat in
    one array (the object itself: no holder object beside it): no tuple and no int
    objects a structure, as a dying memcg and its cgroup keep theirs (issue 14).
    Words: one object in one slab (what ``alloc_structs`` allocates) is two,
    ``~cache id, slab id``; any other tuple is its length, then its items. The
    words are 4 bytes (``array('i')``) until one does not fit: then
    :meth:`Slab._widened` copies them into 8-byte ones (``HeldStructs("q")``).
    ``nbytes``: their bytes (object size × count, summed), what cost samples read
    of every dying memcg."""
    __slots__ = ("nbytes",)
    nbytes: int

    def __new__(cls, typecode: str = "i") -> "HeldStructs":
        self = array.__new__(cls, typecode)
        self.nbytes = 0
        return self

    def add(self, cache: KmemCache, n: int, placements) -> None:
        """``n`` objects of ``cache`` placed as ``placements`` (``KmemCache.place``),
        kept as the tuple ``(cache id, n, slab id, count, ...)``. Raises
        OverflowError, nothing added, if a word does not fit."""
        words = self
        had = len(words)
        try:
            if len(placements) == 1:
                sid, m = placements[0]
                if n == 1 and m == 1:
                    words.extend((~cache.id, sid))
                else:
                    words.extend((4, cache.id, n, sid, m))
            else:
                words.extend((2 + 2 * len(placements), cache.id, n))
                for sid, m in placements:
                    words.append(sid)
                    words.append(m)
        except OverflowError:
            del words[had:]
            raise
        self.nbytes += cache.size * n

    def placed(self):
        """``(cache id, count, [(slab id, count)])`` of each tuple, in order (what
        :meth:`free_all` reads off the words)."""
        words = self
        i, end = 0, len(words)
        while i < end:
            n = words[i]
            if n < 0:
                yield ~n, 1, ((words[i + 1], 1),)
                i += 2
                continue
            if n == 4:
                yield words[i + 1], words[i + 2], ((words[i + 3], words[i + 4]),)
            else:
                it = iter(words[i + 3:i + 1 + n])
                yield words[i + 1], words[i + 2], list(zip(it, it))
            i += 1 + n

    def free_all(self, by_id, cpu: int) -> None:
        """Free every structure, tuple after tuple, on ``cpu`` (``by_id``: the caches
        by id): each cache's ``nr_structs`` and SLUB's side (``KmemCache.unplace``);
        a structure in a frozen slab (a CPU's slab or on a CPU's partial list) only
        lowers its count (``SlubLists.free``'s fast path: mm/slub.c ``do_slab_free``
        into the CPU slab, ``__slab_free`` of a ``was_frozen`` slab, v5.13), read off
        the words here: no tuple, generator or call a structure (bench/README.md,
        session 31)."""
        words = self
        i, end = 0, len(words)
        while i < end:
            n = words[i]
            if n < 0:
                cache = by_id[~n]
                cache.nr_structs -= 1
                sl = cache.slub
                sid = words[i + 1]
                if IS_FROZEN[sl.where[sid]]:
                    sl.inuse[sid] -= 1
                else:
                    sl.free(cpu, ((sid, 1),))
                i += 2
                continue
            cache = by_id[words[i + 1]]
            cache.nr_structs -= words[i + 2]
            if n == 4:
                sl = cache.slub
                sid = words[i + 3]
                if IS_FROZEN[sl.where[sid]]:
                    sl.inuse[sid] -= words[i + 4]
                else:
                    sl.free(cpu, ((sid, words[i + 4]),))
            else:
                it = iter(words[i + 3:i + 1 + n])
                cache.slub.free(cpu, list(zip(it, it)))
            i += 1 + n

    def append_one(self, cache: KmemCache, sid: int) -> None:
        """One object of ``cache`` in slab ``sid``: :meth:`add` of one object placed
        ``((sid, 1),)``. Raises OverflowError, nothing added, if ``sid`` does not
        fit."""
        self.append_ones((~cache.id, sid), cache.size)

    def append_ones(self, words, nbytes: int) -> None:
        """Objects each alone in its slab (``alloc_structs``), as their words
        ``~cache id, slab id`` (:meth:`append_one`'s), ``nbytes`` in all. Raises
        OverflowError, nothing added, if a word does not fit."""
        had = len(self)
        try:
            self.extend(words)
        except OverflowError:
            del self[had:]
            raise
        self.nbytes += nbytes

    def widened(self) -> "HeldStructs":
        """The same words, 8 bytes each."""
        wide = HeldStructs("q")
        wide.fromlist(self.tolist())
        wide.nbytes = self.nbytes
        return wide

    def __iter__(self):
        words = self
        i, end = 0, len(words)
        while i < end:
            n = words[i]
            if n < 0:
                yield (~n, 1, words[i + 1], 1)
                i += 2
                continue
            yield tuple(words[i + 1:i + 1 + n])
            i += 1 + n


#: ``Slab._objcg_free_lists``: the objects being freed are not one run or one object
MIXED = object()

#: how many stock states a :class:`SlabSpecs` remembers (a churn fork meets ~10)
SPECS_MEMO_MAX = 256


class SlabSpecs(list):
    """``(cache, n)`` pairs a context allocates together again and again (a fork's
    task structures and VMAs, an exec's image), each list made once. What the obj
    and page stocks do for the whole list depends only on their state at the start
    (``memcg_slab_pre_alloc_hook`` for each object in turn: the same objects of the
    same sizes), so ``Slab._objcg_alloc_lists`` keeps the transition it found from
    each state (``charges``: stock state -> state after, the summed statistics) and
    gives the next list from that state the same, its objects still placed by SLUB
    one cache after the other; at most :data:`SPECS_MEMO_MAX` states."""
    __slots__ = ("charges", "splits", "resumes", "uncharges", "in_turn", "nr_objs", "nr_runs",
                 "stats", "freed", "accounted")

    def __init__(self, specs: Iterable[tuple[KmemCache, int]] = ()) -> None:
        super().__init__(specs)
        self.charges: dict[tuple[int, int, int], tuple] = {}
        #: held lists whose walk from a state makes one real page charge
        #: (``obj_cgroup_charge_pages``: ``try_charge`` past the page stock) before
        #: any other step off the inline paths: the walk up to that charge (state ->
        #: cache index, object index, the state before the charge, the summed
        #: MEMCG_KMEM pages and slab bytes, the pages to charge, the objects of the
        #: caches before), and from the state the charge left to the end
        #: (``resumes``: (cache index, object index, state) -> as ``charges``'s
        #: values); ``Slab._objcg_alloc`` makes the charge itself between the two
        self.splits: dict[tuple[int, int, int], tuple] = {}
        #: (a key of six: the first object's stock switch made, ``Slab._objcg_alloc``)
        self.resumes: dict[tuple, tuple] = {}
        #: the same for the objects' frees (:meth:`uncharged`)
        self.uncharges: dict[tuple[int, int, bool], tuple[int, int, bool, tuple, int]] = {}
        #: and on v5.14+, the updates in order (:meth:`uncharged_in_turn`)
        self.in_turn: dict[tuple[int, int, int], tuple[int, int, int, tuple]] = {}
        #: the objects, the caches with some
        self.nr_objs = sum(n for _, n in self)
        self.nr_runs = sum(1 for _, n in self if n)
        #: the slab bytes freed by item, in the order the items first come up
        stats: dict[int, int] = {}
        for c, n in self:
            if n:
                stats[c.stat_item] = stats.get(c.stat_item, 0) + c.obj_size * n
        self.stats = tuple(stats.items())
        #: the objects' frees as per-CPU batches count them (``PercpuBatchStats.mod_runs``):
        #: each item's bytes down, and each cache's objects a run of updates
        self.freed = (tuple((item, -nbytes) for item, nbytes in self.stats),
                      tuple((c.stat_item, -c.obj_size, n) for c, n in self if n))
        #: every cache with objects in the list is accounted (SLAB_ACCOUNT)
        self.accounted = all(c.account for c, n in self if n)

    def uncharged(self, nr_bytes: int, charged: int, drains: bool
                  ) -> tuple[int, int, bool, tuple, int]:
        """Every object freed in turn (``obj_cgroup_uncharge`` → ``refill_obj_stock``)
        into an obj stock caching their objcg with ``nr_bytes``, the objcg's
        ``nr_charged_bytes`` ``charged``: past a page the stock drains (v5.9-v5.13,
        ``drains``: its whole pages uncharged, the rest back to the objcg, the next
        object taking it back) or uncharges its whole pages. Returns the stock's
        bytes and the objcg's after, whether a drain still holds the stock
        (``_drain_held``), the pages uncharged, in order, and ``MEMCG_KMEM``'s
        change (their sum, negated); remembered by state."""
        key = (nr_bytes, charged, drains)
        after = self.uncharges.get(key)
        if after is not None:
            return after
        held = False
        pages = []
        for c, n in self:
            size = c.obj_size
            for _ in range(n):
                if held:
                    held = False
                    nb = charged + size
                    charged = 0
                else:
                    nb = nr_bytes + size
                if nb <= PAGE_SIZE:
                    nr_bytes = nb
                elif drains:
                    pages.append(nb >> PAGE_SHIFT)
                    charged += nb & (PAGE_SIZE - 1)
                    nr_bytes = 0
                    held = True
                else:
                    nr_bytes = nb & (PAGE_SIZE - 1)
                    pages.append(nb >> PAGE_SHIFT)
        after = (nr_bytes, charged, held, tuple(pages), -sum(pages))
        if len(self.uncharges) < SPECS_MEMO_MAX:
            self.uncharges[key] = after
        return after

    def uncharged_in_turn(self, nr_bytes: int, rb: int, ub: int) -> tuple[int, int, int, tuple]:
        """Every object freed in turn on v5.14+ (``memcg_slab_free_hook``, mm/slab.h
        v6.1: each object's ``obj_cgroup_uncharge``, then its ``mod_objcg_state``)
        from an obj stock caching their objcg with ``nr_bytes`` and slab bytes
        ``rb`` (reclaimable) and ``ub`` (unreclaimable): past a page the stock
        uncharges its whole pages (``refill_obj_stock``), and an item's cached
        bytes flush past a page (:func:`stock_stat_add` of one object). Returns the
        stock's three values after and the updates in the kernel's order: a page
        uncharge's pages (an int: ``obj_cgroup_uncharge_pages``) or a flush's
        ``(item, bytes)`` (``mod_objcg_mlstate``); remembered by state
        (``in_turn``)."""
        key = (nr_bytes, rb, ub)
        after = self.in_turn.get(key)
        if after is not None:
            return after
        updates: list = []
        for c, n in self:
            size = c.obj_size
            reclaimable = c.stat_item == NR_SLAB_RECLAIMABLE_B
            for _ in range(n):
                nb = nr_bytes + size
                if nb <= PAGE_SIZE:
                    nr_bytes = nb
                else:
                    nr_bytes = nb & (PAGE_SIZE - 1)
                    updates.append(nb >> PAGE_SHIFT)
                if reclaimable:
                    rb, flushed = stock_stat_add(rb, -size, 1)
                else:
                    ub, flushed = stock_stat_add(ub, -size, 1)
                if flushed:
                    updates.append((c.stat_item, flushed))
        after = (nr_bytes, rb, ub, tuple(updates))
        if len(self.in_turn) < SPECS_MEMO_MAX:
            self.in_turn[key] = after
        return after


class SlabObjs:
    """The objects one context allocated together (``Slab.kmem_cache_alloc_held``:
    a fork's task structures, a mm's VMAs), held by their owner as one record and
    freed as one (``Slab.kmem_cache_free_held``), instead of an objcg slot and a
    slab entry per object in each cache (issue 14). What the kernel keeps per
    object is all here: every accounted object's ``obj_cgroups`` slot is
    ``objcg`` (one context: ``get_obj_cgroup_from_current`` once), an unaccounted
    one's None; ``placed`` holds, per ``(cache, n)`` of ``specs``, the slab of its
    ``n`` objects (an int: all of them in that slab) or the ``(slab id, count)``
    pairs of those allocated (several slabs, or fewer than ``n``: a charge failed).
    ``short``: some cache of the list stopped short. ``lists``: where the objects
    are held per cache instead (the ``memcg_cache`` design), else None. Made by
    ``Slab.kmem_cache_alloc_held``, its fields set there (no ``__init__``: a class
    call without one makes no frame: ~670 instructions less a record)."""
    __slots__ = ("specs", "objcg", "placed", "short", "lists")
    specs: SlabSpecs
    objcg: Any
    placed: list | None
    short: bool
    lists: list | None

    def counts(self):
        """``(cache, objects)`` of each cache of ``specs``, in order."""
        if self.lists is not None:
            return [(c, len(ids)) for c, ids in self.lists]
        out: list[tuple[KmemCache, int]] = []
        for (c, n), p in zip(self.specs, self.placed):  # type: ignore[arg-type]
            if type(p) is not int:
                n = 0       # sum(m for _, m in p), as a loop (no generator from C)
                for _, m in p:
                    n += m
            out.append((c, n))
        return out


#: kmalloc size classes (SLUB, 4 KiB pages); larger requests are kmem pages
KMALLOC_SIZES = (8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192)
#: ``KMALLOC_MAX_CACHE_SIZE`` (SLUB: ``1 << (PAGE_SHIFT + 1)``): larger kmallocs go to
#: the page allocator (``kmalloc_large``)
KMALLOC_MAX_CACHE_SIZE = KMALLOC_SIZES[-1]

def kmalloc_name(size: int) -> str:
    """``kmalloc_info[]``'s names: kmalloc-96, kmalloc-1k, kmalloc-8k."""
    return f"kmalloc-{size // 1024}k" if size >= 1024 else f"kmalloc-{size}"


#: ``MEMCG_CACHES_MIN_SIZE`` / ``MEMCG_CACHES_MAX_SIZE`` (5.10 kmem cache IDs)
MEMCG_CACHES_MIN_SIZE = 4
MEMCG_CACHES_MAX_SIZE = 65535


class Slab:
    __slots__ = ("k", "caches", "by_id", "kmem_cache_alloc_many", "kmem_cache_free_many",
                 "kmem_cache_alloc_lists", "kmem_cache_free_lists", "structs",
                 "kmemcg_ids", "nr_cache_ids", "plain", "large", "list_lru_gen",
                 "struct_caches", "short", "held_objs", "held_pairs", "memcg_cache",
                 "boot_tasks")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        self.caches: dict[str, KmemCache] = {}
        self.by_id: list[KmemCache] = []
        #: owner (a tuple naming it) -> its unaccounted structures and the slabs
        #: they are in (:class:`HeldStructs`: ``(cache id, count, slab id, count,
        #: ...)`` each); a cgroup, memcg or inode holds its own (``held_structs``:
        #: :meth:`held_of`), no entry here, as every dying memcg keeps its and its
        #: cgroup's (issue 14)
        self.structs: dict = {}
        #: 5.10's kmem cache IDs (``memcg_alloc_cache_id``): memcg -> ID, free IDs
        self.kmemcg_ids: dict = {}
        #: v5.10 mm/memcontrol.c ``int memcg_nr_cache_ids;``: zero until the first
        #: memcg's ID grows it to ``MEMCG_CACHES_MIN_SIZE`` (the root takes no ID; the
        #: guests' first mkdirs allocate 196 ``list_lru_one`` and 49 48-byte arrays:
        #: tools/sizes/recordings/refreshed-slabs-trace--5.10-v2-2cpu-2.txt.gz)
        self.nr_cache_ids = 0
        #: request size -> its unaccounted kmalloc cache
        self.plain: dict[int, KmemCache] = {}
        #: owner -> pages of its unaccounted large kmallocs (``kmalloc_large``)
        self.large: dict = {}
        #: the owner of the memcg-aware list_lrus' ``memcg_lrus`` arrays in use
        #: (5.10: one per lru and node, replaced as the kmem ID space grows)
        self.list_lru_gen: tuple[str, int] | None = None
        #: ``alloc_structs``' lists (made once by kernel/sizes) -> ``(the list,
        #: its caches)``: each object's cache looked up once (caches are never
        #: destroyed)
        self.struct_caches: dict[int, tuple] = {}
        #: the last ``kmem_cache_alloc_lists`` stopped a cache short (a charge failed)
        self.short = False
        #: the live :class:`SlabObjs` records whose objects they hold themselves
        #: (objcg design; ``kmem_cache_alloc_held``), in allocation order: what a
        #: reader of every object walks beside each cache's slots
        self.held_objs: dict[SlabObjs, None] = {}
        #: ``kmem_cache_free_held_pair``'s lists: (id of the first record's specs,
        #: id of the second's) -> (those specs, the :class:`SlabSpecs` of both in
        #: turn); at most :data:`SPECS_MEMO_MAX`
        self.held_pairs: dict[tuple[int, int], tuple] = {}
        #: the ``memcg_cache`` design (per-memcg kmem caches, no objcg: 3.10-rhel7)
        self.memcg_cache = kernel.design.slab_ref == "memcg_cache"
        #: while the boot's own tasks are made (the model's construction, then the
        #: script's bash: :meth:`begin_boot_tasks`), each cache with lists from the
        #: boot table -> those lists, held apart (``SlubLists.set_aside``); None after
        self.boot_tasks: dict | None = {}
        if self.memcg_cache:
            self.kmem_cache_alloc_many = self._memcg_cache_alloc_many
            self.kmem_cache_free_many = self._memcg_cache_free_many
            self.kmem_cache_alloc_lists = self._each_alloc_lists
            self.kmem_cache_free_lists = self._each_free_lists
        else:
            self.kmem_cache_alloc_many = self._objcg_alloc_many
            self.kmem_cache_free_many = self._objcg_free_many
            self.kmem_cache_alloc_lists = self._objcg_alloc_lists
            self.kmem_cache_free_lists = self._objcg_free_lists

    def cache(self, name: str, size: int, account: bool = True,
              reclaimable: bool = False, slab_account: bool | None = None) -> KmemCache:
        """The cache ``name`` (made on first use, with SLUB's geometry at this CPU
        count and the slabs the boot left it): ``account``, its objects charged;
        ``slab_account``, the cache has SLAB_ACCOUNT (``account`` if not given)."""
        c = self.caches.get(name)
        if c is None:
            c = self.caches[name] = KmemCache(name, size, account, reclaimable, len(self.by_id),
                                              slab_account)
            c.set_geometry(self.k.nr_cpus)
            c.slub = SlubLists(c.size, c.objperslab, self.k.design.slub_cpu_partial,
                               self.k.nr_cpus)
            c.place_objs = self.k.design.slab_ref != "memcg_cache"
            if (c.slab_account and c.place_objs
                    and self.k.design.slab_objcgs_prealloc and not self.k.memcg.kmem_disabled):
                c.slub.new_slab_vec = self._account_slab_page(c.slub)
            boot = self.k.sizes.slub_boot(name, self.k.nr_cpus)
            if boot is not None and boot[0] == c.objperslab:
                c.boot_slabs, c.boot_held = c.slub.seed(boot)
                if self.boot_tasks is not None:
                    self.boot_tasks[c] = c.slub.set_aside()
            if self.k.node_stat_diff.enabled:
                c.slub.on_pages = self._slab_pages_moved(c)
            self.by_id.append(c)
        return c

    def begin_boot_tasks(self) -> None:
        """The boot's own tasks are made from here (the script's bash, forked by
        init and exec'd before the script's first line): every cache's lists from
        the boot table held apart (docs/fidelity.md item 360). The guests' probes
        (tools/sizes/slub-boot-cpus.sh, slub-boot-start.sh) read SLUB's lists at
        their first line, with init and the probe's bash running: those tasks'
        objects are among the lists' objects in use (or in full slabs), never in
        their free room; the model makes the same tasks itself, so their objects
        must not take that room."""
        self.boot_tasks = {}
        for c in self.by_id:
            if c.boot_slabs:
                self.boot_tasks[c] = c.slub.set_aside()

    def end_boot_tasks(self) -> None:
        """The boot's tasks made (:meth:`begin_boot_tasks`; the model's construction
        is such a stretch from the start): the slabs their objects took are the
        boot's, full and on no list (``SlubLists.lay_back``: in the boot's slab
        counts, not the model's), and the boot table's lists are back."""
        held, self.boot_tasks = self.boot_tasks, None
        for c, lists in (held or {}).items():
            c.boot_slabs += c.slub.lay_back(lists)

    def count_slab_pages(self, on: bool) -> None:
        """Each CPU's differential of the slab counters kept (``on``) or not
        (kernel/vmstat_diff.py, ``Kernel(vmstat_diff=...)``): every cache's slabs
        allocated and discarded counted into it (:meth:`_slab_pages_moved`), or
        not at all (off: each update would be folded at once, nothing to call)."""
        self.k.node_stat_diff.enabled = on
        for c in self.by_id:
            c.slub.on_pages = self._slab_pages_moved(c) if on else None

    def _slab_pages_moved(self, c: KmemCache) -> Callable[[int, int], None]:
        """``c``'s slabs allocated or discarded on a CPU, counted into that CPU's
        differential of ``cache_vmstat_idx(s)`` (mm/slab.h ``account_slab_page`` /
        ``unaccount_slab_page``: ``PAGE_SIZE << order`` bytes; kernel/vmstat_diff.py)."""
        mod = self.k.node_stat_diff.mod
        item = RECLAIMABLE if c.reclaimable else UNRECLAIMABLE
        pages = c.pagesperslab

        def moved(cpu: int, nslabs: int) -> None:
            mod(cpu, item, nslabs * pages)
        return moved

    def _account_slab_page(self, sl: SlubLists) -> Callable[[int, int], None]:
        """v5.11+ ``account_slab_page`` of a SLAB_ACCOUNT cache's new slab: its
        ``obj_cgroups`` vector allocated at once (``memcg_alloc_page_obj_cgroups(page,
        s, gfp, true)``) once kmem accounting is on (``memcg_kmem_enabled``), whoever
        allocates. Linux commit 2e9bd4831599 ("mm: memcg/slab: pre-allocate
        obj_cgroups for slab caches with SLAB_ACCOUNT") (in v5.11)."""
        memcg = self.k.memcg
        alloc = self.memcg_alloc_page_obj_cgroups

        def new_slab(sid: int, cpu: int) -> None:
            if memcg.kmem_enabled:
                vc = sl.vec_cache
                if vc is None:
                    alloc(sl, sid, cpu)
                    return
                # memcg_alloc_page_obj_cgroups with its cache known (KmemCache.place
                # of one vector, SLUB's fast path written out: a call a new slab)
                vc.nr_structs += 1
                vsl = vc.slub
                vsid = vsl.cpu_slab[cpu]
                if vsid is not None and vsl.inuse[vsid] < vsl.objects:
                    vsl.inuse[vsid] += 1
                else:
                    vsid = vsl.alloc(cpu, 1)[0][0]
                sl.vecs[sid] = vsid
        return new_slab

    def memcg_alloc_page_obj_cgroups(self, sl: SlubLists, sid: int, cpu: int) -> None:
        """Slab ``sid`` of ``sl`` gets its ``obj_cgroups`` vector: ``kcalloc(objects,
        sizeof(struct obj_cgroup *))`` without ``__GFP_ACCOUNT``, an unaccounted
        object of kmalloc-<8 × objects> (kmalloc-64 for a slab of 8 objects,
        kmalloc-1k for kmalloc-32's 128, kmalloc-192 for kmalloc-192's own 21),
        taken on ``cpu`` as SLUB hands it out; freed when the slab is discarded
        (``SlubLists._free_vecs``). mm/memcontrol.c ``memcg_alloc_page_obj_cgroups``
        (v5.10; ``memcg_alloc_slab_cgroups`` in v6.1, the same ``kcalloc_node``),
        called from mm/slab.h ``memcg_slab_post_alloc_hook`` for a slab without one
        that takes an accounted object (Linux commit 286e04b8ed7a ("mm: memcg/slab:
        allocate obj_cgroups for non-root slab pages") (in v5.9))."""
        vc = sl.vec_cache
        if vc is None:
            vc = sl.vec_cache = self.kmalloc_plain(POINTER_SIZE * sl.objects)
        sl.vecs[sid] = vc.place(1, cpu)[0][0]

    def kmalloc_plain(self, size: int) -> KmemCache:
        """The unaccounted kmalloc cache of ``size`` (``kmalloc_index``)."""
        c = self.plain.get(size)
        if c is None:
            c = self.plain[size] = self._kmalloc_plain(size)
        return c

    def _kmalloc_plain(self, size: int) -> KmemCache:
        for s in KMALLOC_SIZES:
            if size <= s:
                return self.cache(kmalloc_name(s), s, account=False)
        raise ValueError(f"kmalloc of {size} bytes goes to the page allocator")

    # ------------------------------------------- unaccounted kernel structures
    def alloc_structs(self, owner, objs) -> None:
        """``kmalloc``/``kmem_cache_alloc`` without ``__GFP_ACCOUNT`` of each
        :class:`~memcgsim.kernel.sizes.SlabObj` for ``owner``."""
        got = self.struct_caches.get(id(objs))
        if got is None or got[0] is not objs:
            got = self.struct_caches[id(objs)] = (objs, tuple(
                self.cache(o.cache, o.size, account=False) if o.cache
                else self.kmalloc_plain(o.size) for o in objs))
        t = self.k.current
        cpu = t.cpu if t is not None else 0     # _cpu()
        words: list[int] = []
        nbytes = 0
        for c in got[1]:
            # KmemCache.place of one: SLUB puts it in one slab (the CPU slab's
            # freelist, SlubLists.alloc's fast path, written out)
            c.nr_structs += 1
            sl = c.slub
            sid = sl.cpu_slab[cpu]
            if sid is not None and sl.inuse[sid] < sl.objects:
                sl.inuse[sid] += 1
            else:
                sid = sl.alloc(cpu, 1)[0][0]
            words += (~c.id, sid)       # HeldStructs.append_one's words
            nbytes += c.size
        try:
            self._held_by(owner).append_ones(words, nbytes)
        except OverflowError:
            self._widened(owner).append_ones(words, nbytes)

    def kvmalloc_structs(self, owner, size: int, n: int) -> None:
        """``n`` unaccounted ``kvmalloc(size)`` for ``owner``: from a kmalloc cache,
        or past ``KMALLOC_MAX_CACHE_SIZE`` from the page allocator (``kmalloc_large``
        → ``kmalloc_order``: order ``get_order(size)`` pages, counted in
        ``NR_SLAB_UNRECLAIMABLE_B``, so on /proc/meminfo Slab but in no slabinfo
        line). ``kvmalloc_node`` tries kmalloc first; its vmalloc fallback is taken
        only when that fails, which the model never does."""
        if size > KMALLOC_MAX_CACHE_SIZE:
            pages = n * (1 << _get_order(size))
            self.large[owner] = self.large.get(owner, 0) + pages
            self.k.node_stat_diff.mod(self._cpu(), UNRECLAIMABLE, pages)
        else:
            self.alloc_struct_n(owner, self.kmalloc_plain(size), n)

    def alloc_struct_n(self, owner, cache: KmemCache, n: int) -> None:
        """``n`` objects of ``cache`` for ``owner``, unaccounted, on this CPU (held as
        ``(cache id, n, slab id, count, ...)``: one tuple of ints each, which the
        cyclic collector leaves alone)."""
        self.alloc_struct_runs(owner, ((cache, n),))

    def alloc_struct_runs(self, owner, runs) -> None:
        """:meth:`alloc_struct_n` of each ``(cache, n)`` of ``runs`` in order."""
        held = self._held_by(owner)
        t = self.k.current
        cpu = t.cpu if t is not None else 0     # _cpu()
        for cache, n in runs:
            cache.nr_structs += n       # cache.place(n, cpu), written out
            placements = cache.slub.alloc(cpu, n)
            try:
                held.add(cache, n, placements)
            except OverflowError:
                held = self._widened(owner)
                held.add(cache, n, placements)

    def held_of(self, owner) -> HeldStructs | None:
        """The structures ``owner`` holds, None if none: a tuple's in ``structs``,
        a cgroup's, memcg's or inode's in its ``held_structs``."""
        if type(owner) is tuple:
            return self.structs.get(owner)
        return owner.held_structs

    def _set_held(self, owner, held: HeldStructs) -> None:
        if type(owner) is tuple:
            self.structs[owner] = held
        else:
            owner.held_structs = held

    def _held_by(self, owner) -> HeldStructs:
        if self.k.cost_watch is not None:
            self.k.cost_watch.mark(owner)
        if type(owner) is tuple:
            held = self.structs.get(owner)
            if held is None:
                held = self.structs[owner] = HeldStructs()
            return held
        held = owner.held_structs
        if held is None:
            held = owner.held_structs = HeldStructs()
        return held

    def _widened(self, owner) -> HeldStructs:
        """``owner``'s structures in 8-byte words: a slab id or count passed what 4
        bytes hold."""
        held = self.held_of(owner)
        assert held is not None     # only an owner's own structures widen
        held = held.widened()
        self._set_held(owner, held)
        return held

    def free_structs(self, owner) -> None:
        """Free every structure ``owner`` holds, on this CPU."""
        t = self.k.current
        cpu = t.cpu if t is not None else 0     # _cpu()
        pages = self.large.pop(owner, None)
        if pages:
            self.k.node_stat_diff.mod(cpu, UNRECLAIMABLE, -pages)
        if self.k.cost_watch is not None:
            self.k.cost_watch.mark(owner)
        if type(owner) is tuple:
            held = self.structs.pop(owner, None)
        else:
            held, owner.held_structs = owner.held_structs, None
        if held is not None:
            held.free_all(self.by_id, cpu)

    def _cpu(self) -> int:
        t = self.k.current
        return t.cpu if t is not None else 0

    def memcg_kmem_id_alloc(self, memcg) -> None:
        """5.10's ``memcg_online_kmem`` → ``memcg_alloc_cache_id``: the lowest free
        kmem ID; when it does not fit, ``memcg_update_all_list_lrus`` grows every
        memcg-aware list_lru to ``2 * (id + 1)`` IDs, allocating one ``list_lru_one``
        per new ID, lru and node (kept until the lru goes: the host keeps them after
        the memcgs are freed), from the slabs SLUB holds on this CPU. From v5.18 (Linux commit 5abc1e37afa0 ("mm: list_lru:
        allocate list_lru_one only when needed")) nothing is allocated here."""
        sz = self.k.sizes
        if not sz.list_lru_eager or self.k.memcg.kmem_disabled:
            return
        used = set(self.kmemcg_ids.values())
        i = 0
        while i in used:
            i += 1
        self.kmemcg_ids[memcg] = i
        if i >= self.nr_cache_ids:
            size = min(max(2 * (i + 1), MEMCG_CACHES_MIN_SIZE), MEMCG_CACHES_MAX_SIZE)
            c = self.kmalloc_plain(sz.list_lru_one_size())
            nr_lrus = sz.nr_memcg_lrus * self.k.nr_nodes
            # on this CPU's slabs as SLUB hands them out (the boot's with room first)
            c.place((size - self.nr_cache_ids) * nr_lrus, self._cpu())
            self.memcg_update_list_lru_nodes(nr_lrus, size)
            self.nr_cache_ids = size

    def memcg_update_list_lru_nodes(self, nr_lrus: int, size: int) -> None:
        """5.10's ``memcg_update_list_lru_node`` for each memcg-aware lru and node:
        a new ``memcg_lrus`` array, ``kvmalloc(sizeof(struct list_lru_memcg) +
        new_size * sizeof(void *))`` (kmalloc-96 at 10 IDs ... 12 KiB of pages at
        1534), replaces the old one, freed after a grace period (``call_rcu(&old->rcu,
        kvfree_rcu_local)``) on this CPU. The arrays the boot made are not the model's:
        only those it made are freed."""
        owner = ("memcg_lrus", size)
        head = self.k.sizes.size("list_lru_memcg")     # its rcu_head, before lru[]
        self.kvmalloc_structs(owner, head + POINTER_SIZE * size, nr_lrus)
        old, self.list_lru_gen = self.list_lru_gen, owner
        if old is not None:
            cpu = self._cpu()
            self.k.clock.call_rcu(self.k.call_on_cpu, cpu, self.free_structs, old, cpu=cpu)

    def memcg_kmem_id_free(self, memcg) -> None:
        """``memcg_free_cache_id`` at offline."""
        self.kmemcg_ids.pop(memcg, None)

    def slab_pages(self, reclaimable: bool | None = None) -> int:
        """Pages of every cache's slabs (``NR_SLAB_*_B`` of the node, in pages)."""
        pages = sum(c.num_slabs() * c.pagesperslab for c in self.by_id
                    if reclaimable is None or c.reclaimable == reclaimable)
        if not reclaimable:
            pages += sum(self.large.values())
        return pages

    def kmalloc_cache(self, size: int) -> KmemCache:
        """The accounted kmalloc cache of ``size``: ``kmalloc-cg-<n>``, named as
        ``kmalloc_info[]`` names them (kmalloc-cg-1k, Linux commit 494c1dfe855e ("mm:
        memcg/slab: create a new set of kmalloc-cg-<n> caches") (in v5.14)). Before
        that (design switch ``kmalloc_cg_caches`` off) the objcg design's accounted
        kmallocs share ``kmalloc-<n>`` (mm/slab_common.c ``kmalloc_slab``, v5.10: no
        ``KMALLOC_CGROUP`` type): a twin of the unaccounted cache that places its
        objects in the same slabs (:meth:`_kmalloc_shared`)."""
        for s in KMALLOC_SIZES:
            if size <= s:
                d = self.k.design
                if d.kmalloc_cg_caches or d.slab_ref != "objcg":
                    return self.cache("kmalloc-cg-" + kmalloc_name(s)[8:], s)
                return self._kmalloc_shared(s)
        raise ValueError("large kmalloc goes to the page allocator")

    def _kmalloc_shared(self, size: int) -> KmemCache:
        """``kmalloc-<size>``'s accounted twin: its own account flag and objcg
        slots, the unaccounted cache's SLUB lists (one set of slabs, placed on the
        allocating CPU as any other object of the cache), its slabs and objects
        shown on that cache's slabinfo line."""
        plain = self.kmalloc_plain(size)
        t = plain.twin
        if t is None:
            t = plain.twin = KmemCache(plain.name, size, True, False, len(self.by_id))
            t.objperslab, t.pagesperslab = plain.objperslab, plain.pagesperslab
            t.slub = plain.slub
            t.place_objs = plain.place_objs
            t.twin_of = plain
            self.caches[plain.name + "/account"] = t
            self.by_id.append(t)
        return t

    def kmem_cache_alloc(self, cache: KmemCache) -> int | None:
        """Allocate one object; None if the memcg charge failed (-ENOMEM). Its id is
        the int object the cache's slots are keyed by (a range's ``start``, not a new
        int from ``ids[0]``): a kept object's holder (an inode's ``slab``, a dentry's)
        shares it, 32 bytes less an object (the churn's four a lifecycle: the kept
        file's inode, dentries and xarray node; bench/README.md, session 42)."""
        ids = self.kmem_cache_alloc_many(cache, 1)
        if not ids:
            return None
        return ids.start if type(ids) is range else ids[0]

    def kmem_cache_free(self, cache: KmemCache, oid: int) -> None:
        self.kmem_cache_free_many(cache, (oid,))

    def _objcg_alloc_many(self, cache: KmemCache, n: int) -> range:
        if n == 1:
            got = self._objcg_alloc_one(cache)
            if got is not None:
                return got
        return self._objcg_alloc(((cache, n),), None)[1][0][1]

    def _objcg_alloc_one(self, cache: KmemCache) -> range | None:
        """:meth:`_objcg_alloc` of one object where no charge reaches past the obj
        stock: an unaccounted object, or none to charge (no objcg: the root, a
        kernel thread), or ``obj_cgroup_charge``'s ``consume_obj_stock`` serving it
        (mm/memcontrol.c, v5.10 and v6.1: the stock caches the objcg and holds its
        bytes); its statistics as the walk makes them, then SLUB's placement (the
        CPU slab's freelist, else ``SlubLists.alloc``), the object's slot, its
        slab's vector, the reference. None: the walk's case (the stock short)."""
        k = self.k
        memcg = k.memcg
        t = k.current
        cpu = t.cpu if t is not None else 0
        objcg = None
        if memcg.kmem_enabled and t is not None and cache.account:
            # get_obj_cgroup_from_current's usual case, as in _objcg_alloc
            cm = t.active_memcg
            if cm is None and t.mm is not None:
                cm = t.memcg
            if cm is not None and cm.objcg is not None and cm is not memcg.root_mem_cgroup:
                objcg = cm.objcg
            else:
                objcg = memcg.get_obj_cgroup_from_current()
        if objcg is not None:
            stock = memcg.stocks[cpu]
            size = cache.obj_size
            if stock.cached_objcg is not objcg or stock.nr_bytes < size:
                return None
            self.short = False
            stock.nr_bytes -= size
            vmc = memcg.design.obj_stock_caches_vmstat
            stats = memcg.stats
            if not vmc and not stats.summed:
                stats.mod(objcg.memcg, cache.stat_item, size, cpu)
        else:
            self.short = False
        first = cache._next
        cache._next = first + 1
        cache.nr_objs += 1
        sl = cache.slub
        sid = sl.cpu_slab[cpu]
        if sid is not None and sl.inuse[sid] < sl.objects:
            # the CPU slab's freelist (SlubLists.alloc's fast path)
            sl.inuse[sid] += 1
        else:
            sid = sl.alloc(cpu, 1)[0][0]
        cache.objcgs[first] = objcg
        cache.slab_of[first] = sid
        if objcg is not None:
            if sl.vecs[sid] < 0:
                self.memcg_alloc_page_obj_cgroups(sl, sid, cpu)
            if vmc:
                memcg.mod_objcg_slab_state(stock, objcg, cache.stat_item, size, 1)
            elif stats.summed:
                stats.mod(objcg.memcg, cache.stat_item, size, cpu)
            memcg.obj_cgroup_get(objcg, "slab object", 1)
        return range(first, first + 1)

    def _objcg_alloc_lists(self, specs: Iterable[tuple[KmemCache, int]]
                           ) -> list[tuple[KmemCache, range]]:
        """:meth:`_objcg_alloc` of ``specs``, each cache's objects in its slots."""
        return self._objcg_alloc(specs, None)[1]

    def kmem_cache_alloc_held(self, specs: SlabSpecs, parts: tuple = ()) -> list[SlabObjs]:
        """``kmem_cache_alloc_lists`` of ``specs``, the objects held as
        :class:`SlabObjs` records: one for each of ``parts`` (SlabSpecs that make
        ``specs`` in order: fork's task structures and VMAs, freed apart), or one
        of ``specs``. ``short`` as ``kmem_cache_alloc_lists`` sets it."""
        if self.memcg_cache:
            return self._held_lists(specs, parts)
        placed: list = []
        objcg = self._objcg_alloc(specs, placed)[0]
        out = []
        i = 0
        short = self.short
        held = self.held_objs
        # each part's record, its slabs the part's share of ``placed`` (a fork
        # makes five a call: the fields set here, no test of the design a record)
        for part in parts or (specs,):
            j = i + len(part)
            objs = SlabObjs()
            objs.specs = part
            objs.objcg = objcg
            objs.placed = placed[i:j]
            objs.short = short
            objs.lists = None
            held[objs] = None
            out.append(objs)
            i = j
        return out

    def _held_lists(self, specs: SlabSpecs, parts: tuple) -> list[SlabObjs]:
        """:meth:`kmem_cache_alloc_held` in the ``memcg_cache`` design: each
        record's objects kept per cache (``lists``, from
        ``kmem_cache_alloc_lists``), no objcg, not in ``held_objs``."""
        lists = self.kmem_cache_alloc_lists(specs)
        out = []
        i = 0
        for part in parts or (specs,):
            j = i + len(part)
            objs = SlabObjs()
            objs.specs = part
            objs.objcg = None
            objs.placed = None
            objs.short = self.short
            objs.lists = lists[i:j]
            out.append(objs)
            i = j
        return out

    def _objcg_alloc(self, specs: Iterable[tuple[KmemCache, int]], placed: list | None
                     ) -> tuple[Any, list[tuple[KmemCache, range]]]:
        """``n`` objects of each cache in a row from one context, as copy_process,
        dup_mmap or exec allocate them; the objcg lookup and its reference once.
        Each object is charged on its own (``memcg_slab_pre_alloc_hook``:
        ``obj_cgroup_charge``, its obj stock and ``try_charge``'s page stock inlined
        for the objects they serve), a cache's statistics once its objects are
        charged; a cache's objects stop at its first failed charge. Where the
        statistics only sum until a flush (``stats.summed``: rstat), the updates of
        the whole list are summed and made once, before any ``try_charge`` that
        could reclaim and so read them, and at the end. A held list's walk that
        makes one real page charge is remembered around it (``SlabSpecs.splits``,
        ``resumes``): the charge itself is made each time. The objects go where SLUB
        places them: in their caches' slots (``placed``/``slab_of``, for
        ``unplace_objects``), or, given ``placed``, in it (a :class:`SlabObjs`'s,
        one entry a cache, no slot: the objects keep no id). Returns the objcg of
        the accounted objects (None: uncharged) and, without ``placed``, ``(cache,
        its objects' ids)`` of each cache."""
        k = self.k
        memcg = k.memcg
        t = k.current
        cpu = t.cpu if t is not None else 0
        objcg = None
        if memcg.kmem_enabled and t is not None:
            # get_obj_cgroup_from_current's usual case, written out (a call a
            # fork): the task's (cached) memcg is not the root and has its objcg
            cm = t.active_memcg
            if cm is None and t.mm is not None:
                cm = t.memcg
            if cm is not None and cm.objcg is not None and cm is not memcg.root_mem_cgroup:
                objcg = cm.objcg
            else:
                objcg = memcg.get_obj_cgroup_from_current()
        self.short = False
        #: v5.14: the slab statistics go through the obj stock (``mod_objcg_state``
        #: caching them), cache by cache once the list's objects are charged
        #: (``vgroups``: (cache, objects)); the summed bytes stay 0
        vmc = objcg is not None and memcg.design.obj_stock_caches_vmstat
        vgroups: list = []
        if placed is not None and objcg is not None and type(specs) is SlabSpecs:
            # a held list (fork, exec) whose stock transition is remembered: only
            # SLUB's placement left (the walk's preamble skipped; the same test and
            # the same steps as below)
            stock = memcg.stocks[cpu]
            m = objcg.memcg
            stats = memcg.stats
            if (stock.cached_objcg is objcg and stock.cached is m
                    and (stats.summed or stats.replays)
                    and m is not memcg.root_mem_cgroup):
                hit = specs.charges.get((stock.nr_bytes, stock.nr_pages,
                                         objcg.nr_charged_bytes))
                if hit is not None and (hit[7] is None or memcg.kmem_v1_run(m, hit[7])):
                    (stock.nr_bytes, stock.nr_pages, objcg.nr_charged_bytes,
                     kmem, slab_u, slab_r, total, _) = hit
                    _place_specs(specs, cpu, placed, self)
                    if total:
                        if stats.summed:
                            stats.mod_summed(m, kmem, slab_u, slab_r, cpu)  # type: ignore[union-attr]
                        else:
                            stats.mod_seq(m, kmem, cpu)
                        if vmc:
                            _vmstat_specs(memcg, stock, objcg, specs)
                        # obj_cgroup_get (inlined: a call a held list)
                        objcg.refcnt += total
                        h = objcg.holders
                        if objcg.killed and type(h) is SharedHolders:
                            h = objcg.holders = dict(h)
                        h["slab object"] = h.get("slab object", 0) + total
                    return objcg, []
        out = []
        total = 0
        hit = None
        # a walk resumed past its first real charge (SlabSpecs.splits): the first
        # cache's objects charged before it (i0), whether that charge was made (1)
        # or failed (2); the state it left (rkey) and the objects before (rtotal),
        # for SlabSpecs.resumes
        i0 = resume = rtotal = rkmem = 0
        rkey: tuple | None = None
        #: the statistics updates a memo hit leaves to make (``stats.replays``)
        rseq: tuple = ()
        #: v1's kmem counter (``memcg->kmem``) on the inline paths since the walk or
        #: its resumed part began: pages net, highest and lowest (a memo's ``kv1``)
        kv = kpeak = klow = 0
        splitting = False
        if objcg is not None:
            stock = memcg.stocks[cpu]
            m = objcg.memcg
            # try_charge's consume_stock serves whole pages (root: never charged),
            # v1's kmem counter charged beside them (__memcg_kmem_charge)
            fast = m is not memcg.root_mem_cgroup
            kmem_v1 = None if k.dfl else m.kmem
            batch = memcg.batch
            stats = memcg.stats
            mod = stats.mod
            summed = stats.summed
            #: per-CPU batches (v5.12 and before): the walk's updates in order
            #: (``seq``), remembered and made again as a sequence (``mod_seq``) where
            #: the sums above are (a memo's ``kmem``)
            seq: list | None = [] if not summed and stats.replays else None
            drains = not memcg.design.obj_stock_keeps_remainder
            #: the objcg the stock drained but still points at (``_drain_held``)
            held = None
            kmem = 0                # MEMCG_KMEM pages not yet added (summed)
            slab_b = [0, 0]         # NR_SLAB_UNRECLAIMABLE_B, _RECLAIMABLE_B (summed)
            # SlabSpecs: the stocks' transition from this state, if known; found
            # below when every object takes the inline paths (``inline``)
            memo = None
            if (type(specs) is SlabSpecs and (summed or seq is not None) and fast
                    and stock.cached_objcg is objcg and stock.cached is m):
                memo = specs.charges
                key = (stock.nr_bytes, stock.nr_pages, objcg.nr_charged_bytes)
                hit = memo.get(key)
                if (hit is not None and hit[7] is not None
                        and not memcg.kmem_v1_run(m, hit[7])):
                    hit = None      # v1's kmem limit met on the way: walked
                if hit is not None:
                    # every object charged as from this state before: the stocks'
                    # and the objcg's state after, the summed MEMCG_KMEM pages and
                    # slab bytes, the objects; each placed below as ever
                    (stock.nr_bytes, stock.nr_pages, objcg.nr_charged_bytes,
                     kmem, slab_b[0], slab_b[1], total, _) = hit
                    if not summed:
                        rseq, kmem = kmem, 0
                    memo = None
                elif placed is not None:
                    whole = specs
                    split = specs.splits.get(key)
                    if (split is not None and split[10] is not None
                            and not memcg.kmem_v1_run(m, split[10])):
                        split = None
                    if split is not None:
                        # the walk up to its first real charge as from this state
                        # before: the caches before that one placed, the state and
                        # the sums as it left them (the sums added before try_charge,
                        # as there); the charge made, and the rest as from the state
                        # it leaves before, else walked (remembered)
                        memo = None
                        (ci, i0, stock.nr_bytes, stock.nr_pages, objcg.nr_charged_bytes,
                         kmem, slab_b[0], slab_b[1], nr, total, _) = split
                        _place_specs(specs[:ci], cpu, placed, self)
                        if vmc:
                            # the statistics of the objects before the charge
                            # first (mm/slub.c: each object's after its own charge)
                            _vmstat_specs(memcg, stock, objcg, specs[:ci + 1], i0)
                        if not summed:
                            stats.mod_seq(m, kmem, cpu)
                            kmem = 0
                        elif kmem or slab_b[0] or slab_b[1]:
                            kmem = _add_summed(stats, m, kmem, slab_b, cpu)
                        specs = specs[ci:]
                        if not memcg.obj_cgroup_charge_pages(objcg, nr):
                            resume = 2
                        else:
                            resume = 1
                            if stock.cached is m and stock.cached_objcg is objcg:
                                rkey = (ci, i0, stock.nr_bytes, stock.nr_pages,
                                        objcg.nr_charged_bytes)
                                rest = whole.resumes.get(rkey)
                                rtotal = total
                                if (rest is not None and rest[7] is not None
                                        and not memcg.kmem_v1_run(m, rest[7])):
                                    rest = None
                                if rest is not None:
                                    (stock.nr_bytes, stock.nr_pages, objcg.nr_charged_bytes,
                                     kmem, slab_b[0], slab_b[1], done, _) = rest
                                    if not summed:
                                        rseq, kmem = kmem, 0
                                    total += done
                                    _place_specs(specs, cpu, placed, self)
                                    if vmc:
                                        _vmstat_specs(memcg, stock, objcg, specs,
                                                      skip=i0)
                                    specs = ()
                                    rkey = None
            elif (placed is not None and hit is None and type(specs) is SlabSpecs
                  and (summed or seq is not None) and fast and not vmc
                  and stock.cached_objcg is not objcg
                  and specs and specs[0][1] and specs[0][0].account
                  and specs[0][0].charge[2]):
                # the first object switches the obj stock (it caches another objcg
                # or none: a fork into a cgroup just joined): its charge as the walk
                # makes it (consume_obj_stock refused: try_charge's page stock or a
                # real charge, then ``refill_obj_stock`` → ``replace_stock_objcg``),
                # and the rest as from the state it leaves before (``resumes``, a
                # key of its own: the first object's refill made), else walked
                size, nr_pages, refill = specs[0][0].charge
                if nr_pages <= batch and stock.cached is m and stock.nr_pages >= nr_pages:
                    stock.nr_pages -= nr_pages
                    ok = kmem_v1 is None or memcg.kmem_v1_charge(m, nr_pages)
                    if ok and summed:
                        kmem += nr_pages
                    elif ok:
                        mod(m, MEMCG_KMEM, nr_pages, cpu)
                else:
                    ok = memcg.obj_cgroup_charge_pages(objcg, nr_pages)
                if not ok:
                    resume = 2          # the first cache stops short at once
                else:
                    memcg.refill_obj_stock(objcg, refill, allow_uncharge=False)
                    i0 = 1
                    if stock.cached is m and stock.cached_objcg is objcg:
                        whole = specs
                        rkey = (0, 1, stock.nr_bytes, stock.nr_pages,
                                objcg.nr_charged_bytes, True)
                        rkmem = kmem
                        rest = specs.resumes.get(rkey)
                        if (rest is not None and rest[7] is not None
                                and not memcg.kmem_v1_run(m, rest[7])):
                            rest = None
                        if rest is not None:
                            (stock.nr_bytes, stock.nr_pages, objcg.nr_charged_bytes,
                             kmem, slab_b[0], slab_b[1], total, _) = rest
                            if summed:
                                kmem += rkmem
                            else:
                                rseq, kmem = kmem, 0
                            _place_specs(specs, cpu, placed, self)
                            specs = ()
                            rkey = None
            inline = memo is not None or rkey is not None
        if placed is not None and (hit is not None or objcg is None):
            # every object charged as remembered, or none charged (no objcg), held
            # in the record: only SLUB's placement, cache after cache (_place_held,
            # inlined)
            _place_specs(specs, cpu, placed, None if objcg is None else self)
            if vmc and hit is not None:
                _vmstat_specs(memcg, stock, objcg, specs)  # type: ignore[arg-type]
            specs = ()
        for cache, n in specs:
            if hit is not None:
                o = objcg if cache.account else None
                done = n
                if vmc and o is not None and n:
                    vgroups.append((cache, n))
            elif objcg is not None and cache.account:
                o = objcg
                size, nr_pages, refill = cache.charge
                page_fast = fast and nr_pages <= batch
                i, i0 = i0, 0
                vstart = i          # (v5.14) the objects whose statistics are made
                while i < n:
                    if stock.cached_objcg is o and held is None:
                        nb = stock.nr_bytes
                        if nb >= size:
                            # consume_obj_stock, for as many objects as the stock serves
                            run = nb // size
                            if run > n - i:
                                run = n - i
                            stock.nr_bytes = nb - run * size
                            i += run
                            continue
                    # obj_cgroup_charge past its consume_obj_stock (just refused)
                    if resume:
                        # object i's page charge, made before the walk resumed
                        # (SlabSpecs.splits: the obj stock short of it, as when the
                        # walk came to that charge): its refill left, or the failure
                        if resume == 2:
                            resume = 0
                            self.short = True
                            break
                        resume = 0
                    elif page_fast and stock.cached is m and stock.nr_pages >= nr_pages:
                        stock.nr_pages -= nr_pages
                        if kmem_v1 is not None:
                            if not memcg.kmem_v1_charge(m, nr_pages):
                                self.short = True
                                inline = False
                                break
                            kv += nr_pages
                            if kv > kpeak:
                                kpeak = kv
                        if summed:
                            kmem += nr_pages
                        else:
                            mod(m, MEMCG_KMEM, nr_pages, cpu)
                            if seq is not None:
                                seq.append((MEMCG_KMEM, nr_pages))
                    else:
                        if (memo is not None and inline and held is None
                                and placed is not None):
                            # a walk remembered so far comes to its first real
                            # charge: remembered up to it, and from the state the
                            # charge leaves
                            if len(whole.splits) < SPECS_MEMO_MAX:
                                whole.splits[key] = (
                                    len(placed), i, stock.nr_bytes, stock.nr_pages,
                                    o.nr_charged_bytes,
                                    kmem if seq is None else seq_of(seq), slab_b[0],
                                    slab_b[1], nr_pages, total,
                                    (kv, kpeak, klow) if kv or kpeak or klow else None)
                            memo = None
                            splitting = True
                        inline = False
                        if summed and (kmem or slab_b[0] or slab_b[1]):
                            kmem = _add_summed(stats, m, kmem, slab_b, cpu)
                        if vmc:
                            # the statistics of the objects charged so far
                            # before a charge that may drain the stock
                            # (try_charge: drain_all_stock, reclaim's frees)
                            if i > vstart:
                                vgroups.append((cache, i - vstart))
                                vstart = i
                            for vc, vn in vgroups:
                                memcg.mod_objcg_slab_state(stock, o, vc.stat_item,
                                                           vc.obj_size, vn)
                            vgroups.clear()
                        if held is not None:
                            _put_held(memcg, stock, held)
                            held = None
                        if not memcg.obj_cgroup_charge_pages(o, nr_pages):
                            self.short = True
                            splitting = False
                            break
                        if splitting:
                            splitting = False
                            if (placed is not None and stock.cached is m
                                    and stock.cached_objcg is o):
                                rkey = (len(placed), i, stock.nr_bytes, stock.nr_pages,
                                        o.nr_charged_bytes)
                                rtotal = total
                                kv = kpeak = klow = 0
                                if seq is not None:
                                    seq.clear()
                                inline = True
                    if refill:
                        if held is not None:
                            # refill_obj_stock of the objcg just drained: cached
                            # again (its reference kept), its leftover bytes taken
                            held = None
                            nb = o.nr_charged_bytes + refill
                            o.nr_charged_bytes = 0
                        elif stock.cached_objcg is o:
                            # refill_obj_stock(allow_uncharge=False) of the cached objcg
                            nb = stock.nr_bytes + refill
                        else:
                            inline = False
                            memcg.refill_obj_stock(o, refill, allow_uncharge=False)
                            i += 1
                            continue
                        if nb <= PAGE_SIZE or not drains:
                            stock.nr_bytes = nb
                        elif (summed and page_fast and stock.cached is m
                              and stock.nr_pages + (nb >> PAGE_SHIFT) <= batch):
                            # _drain_held, its pages back to the page stock
                            # (refill_stock's usual case) and MEMCG_KMEM summed
                            nb_pages = nb >> PAGE_SHIFT
                            stock.nr_pages += nb_pages
                            kmem -= nb_pages
                            if kmem_v1 is not None:
                                kmem_v1.uncharge(nb_pages)
                                kv -= nb_pages
                                if kv < klow:
                                    klow = kv
                            o.nr_charged_bytes += nb & (PAGE_SIZE - 1)
                            stock.nr_bytes = 0
                            held = o
                        else:
                            inline = False
                            held = _drain_held(memcg, stock, o, nb)
                    i += 1
                done = i
                if done:
                    total += done
                    if vmc:
                        if done > vstart:
                            vgroups.append((cache, done - vstart))
                    elif summed:
                        slab_b[cache.reclaimable] += size * done
                    else:
                        # (v5.12 and before) memcg_slab_post_alloc_hook's
                        # mod_objcg_state of each object (mm/slab.h, v5.10): the
                        # per-CPU delta folds at the object that passes the batch
                        stats.mod_each(m, (cache.stat_item,), size, done, cpu)
                        if seq is not None:
                            seq.extend([(cache.stat_item, size)] * done)
            else:
                o = None
                done = n
            if not done:
                if placed is None:
                    out.append((cache, range(cache._next, cache._next)))
                else:
                    placed.append(())
                continue
            if placed is not None:
                cache.nr_objs += done
                sl = cache.slub
                cs = sl.cpu_slab[cpu]
                if done == n and cs is not None:
                    # _place_held's fast path: the CPU slab's freelist has them all
                    if sl.inuse[cs] + n <= sl.objects:
                        sl.inuse[cs] += n
                        placed.append(cs)
                        if o is not None and sl.vecs[cs] < 0:
                            self.memcg_alloc_page_obj_cgroups(sl, cs, cpu)
                        continue
                p = _place_held(sl, cpu, n, done)
                placed.append(p)
                if o is not None:
                    _need_vecs(self, sl, p, cpu)
                continue
            # SLUB's placement: the CPU slab's freelist when it has room, else
            # SlubLists.alloc; what unplace_objects finds again at the free
            first = cache._next
            cache._next = first + done
            cache.nr_objs += done
            sl = cache.slub
            sid = sl.cpu_slab[cpu]
            if done == 1:
                if sid is not None and sl.inuse[sid] < sl.objects:
                    # one object from the CPU slab's freelist (SlubLists.alloc's fast path)
                    sl.inuse[sid] += 1
                else:
                    sid = sl.alloc(cpu, 1)[0][0]
                cache.objcgs[first] = o
                cache.slab_of[first] = sid
                if o is not None and sl.vecs[sid] < 0:
                    self.memcg_alloc_page_obj_cgroups(sl, sid, cpu)
            else:
                end = first + done
                packed_run: bytes | array
                if sid is not None and sl.inuse[sid] + done <= sl.objects:
                    sl.inuse[sid] += done
                    try:
                        packed_run = _pack_in_one(end, sid, done)
                    except StructError:
                        packed_run = array("q", (end, sid, done))
                    if o is not None and sl.vecs[sid] < 0:
                        self.memcg_alloc_page_obj_cgroups(sl, sid, cpu)
                else:
                    got = sl.alloc(cpu, done)
                    packed_run = _packed((end, *chain.from_iterable(got)))
                    if o is not None:
                        _need_vecs(self, sl, got, cpu)
                cache.runs[first] = (end, o)
                cache.placed[first] = packed_run
            out.append((cache, range(first, first + done)))
        if objcg is not None and inline and held is None:
            # (a list that ends held leaves the stock caching nothing: no list
            # starts from there)
            kv1 = (kv, kpeak, klow) if kv or kpeak or klow else None
            if rkey is not None:
                if len(whole.resumes) < SPECS_MEMO_MAX:
                    whole.resumes[rkey] = (stock.nr_bytes, stock.nr_pages,
                                           objcg.nr_charged_bytes,
                                           kmem - rkmem if seq is None else seq_of(seq),
                                           slab_b[0], slab_b[1], total - rtotal, kv1)
            elif len(memo) < SPECS_MEMO_MAX:  # type: ignore[arg-type]
                memo[key] = (stock.nr_bytes, stock.nr_pages, objcg.nr_charged_bytes,  # type: ignore[index]
                             kmem if seq is None else seq_of(seq), slab_b[0], slab_b[1],
                             total, kv1)
        if objcg is not None and held is not None:
            _put_held(memcg, stock, held)
        if total:
            if summed:
                _add_summed(stats, m, kmem, slab_b, cpu)
            elif rseq:
                stats.mod_seq(m, rseq, cpu)
            for cache, done in vgroups:
                memcg.mod_objcg_slab_state(stock, objcg, cache.stat_item,  # type: ignore[arg-type]
                                           cache.obj_size, done)
            memcg.obj_cgroup_get(objcg, "slab object", total)  # type: ignore[arg-type]
        return objcg, out

    def _objcg_free_many(self, cache: KmemCache, oids) -> None:
        if len(oids) != 1 or oids[0] not in cache.objcgs:
            self._objcg_free_lists(((cache, oids),))
            return
        # one object (a dentry, a socket...): the short way
        oid = oids[0]
        objcg = cache.objcgs.pop(oid)
        cache.nr_objs -= 1
        t = self.k.current
        cpu = t.cpu if t is not None else 0     # _cpu()
        sid = cache.slab_of.pop(oid, None)
        if sid is None:
            cache.unplace_objects((oid,), cpu)
        else:
            cache.slub.free(cpu, ((sid, 1),))
        if objcg is not None:
            memcg = self.k.memcg
            size = cache.size + POINTER_SIZE
            stock = memcg.stocks[self.k.current.cpu]
            if _uncharge_objs(memcg, stock, objcg, size, 1) is not None:
                _put_held(memcg, stock, objcg)
            memcg.mod_objcg_slab_state(stock, objcg, cache.stat_item, -size, 1)
            memcg.obj_cgroup_put(objcg, "slab object", 1)

    def _objcg_free_lists(self, lists: Iterable[tuple[KmemCache, Any]],
                          specs: SlabSpecs | None = None) -> None:
        """Free objects one by one (``memcg_slab_free_hook`` per object), with
        statistics and objcg references settled per objcg at the end, in the order
        each objcg (and statistic) first came up. ``specs``: what ``lists`` was
        allocated as (each count at most its spec's): when every object is of
        one objcg the stock caches and none is missing, the stock's transition is
        the one ``specs`` gave from that state before (:meth:`SlabSpecs.uncharged`).
        The objects leave their slabs first (SLUB's side touches no memcg), then
        are uncharged in the same order."""
        memcg = self.k.memcg
        t = self.k.current
        cpu = t.cpu if t is not None else 0
        stock = memcg.stocks[cpu]
        groups: list[tuple[ObjCgroup, int, int, int]] = []   # (objcg, objects, size, item)
        one: Any = None     # the objcg of every group so far, MIXED past a second
        total = 0
        for cache, oids in lists:
            n = len(oids)
            if not n:
                continue
            cache.nr_objs -= n
            # KmemCache.unplace_objects, its usual cases inlined, and the one objcg
            # slot of a whole run or of one object, else MIXED
            o: Any = MIXED
            if n == 1:
                start = oids[0]
                sid = cache.slab_of.pop(start, None)
                if sid is None:
                    cache.unplace_objects(oids, cpu)
                else:
                    sl = cache.slub
                    if IS_FROZEN[sl.where[sid]]:
                        # SlubLists.free's fast path: the slab stays where it is
                        sl.inuse[sid] -= 1
                    else:
                        sl.free(cpu, ((sid, 1),))
                if type(oids) is range:
                    # runs are of two objects or more: one object is in objcgs
                    o = cache.objcgs.pop(start, MIXED)
            else:
                cache.unplace_objects(oids, cpu)
                if type(oids) is range:
                    start = oids.start
                    r = cache.runs.get(start)
                    if r is not None and r[0] == oids.stop and oids.step == 1:
                        del cache.runs[start]
                        o = r[1]
            if o is MIXED:
                got = cache.pop_objcgs(oids)
                o = got[0]
                if got.count(o) != n:
                    # several objcgs: object by object
                    one = MIXED
                    groups.extend([(g, 1, cache.obj_size, cache.stat_item)
                                   for g in got if g is not None])
                    continue
            if o is None:
                one = MIXED
                continue
            if one is not o:
                one = o if one is None else MIXED
            total += n
            groups.append((o, n, cache.obj_size, cache.stat_item))
        if not groups:
            return
        if (specs is not None and one is not MIXED and stock.cached_objcg is one
                and one is not None
                and total == specs.nr_objs and len(groups) == specs.nr_runs):
            # every object of specs, of the one objcg the stock caches
            _uncharge_specs(memcg, stock, one, specs)
            return
        self._uncharge_groups(memcg, stock, groups)

    def kmem_cache_free_held(self, objs: SlabObjs, on: Any = None) -> None:
        """Free the objects of a :class:`SlabObjs` record on this CPU: as
        ``kmem_cache_free_lists`` of its caches' objects (each leaves its slab,
        SLUB's side first; then each is uncharged in turn, the stock's transition
        remembered by ``specs`` when the record is whole and every cache
        accounted: from a stock caching its objcg, or, without v5.14's per-stock
        slab statistics, one the first object's ``refill_obj_stock`` takes over
        (``replace_stock_objcg``: the old objcg drained and put, this one got with
        its ``nr_charged_bytes``, as each object after finds it)). ``on``: the task
        in whose context they are freed, ``k.current`` meanwhile (a CPU's kworker:
        an RCU callback or a work item on that CPU, whose obj stock takes the
        frees: fork.py ``release_task``, ``_free_task_struct``), in this frame."""
        k = self.k
        if on is not None:
            prev, k.current = k.current, on
        try:
            if objs.lists is not None:
                self.kmem_cache_free_lists(objs.lists, None if objs.short else objs.specs)
                return
            del self.held_objs[objs]
            t = k.current
            cpu = t.cpu if t is not None else 0
            specs = objs.specs
            placed = objs.placed
            # _slub_free_placed, inlined (a call a free: the seed makes ~13,000)
            for (cache, n), p in zip(specs, placed):  # type: ignore[arg-type]
                if type(p) is int:
                    cache.nr_objs -= n
                    sl = cache.slub
                    if IS_FROZEN[sl.where[p]]:
                        # SlubLists.free's fast path: the slab stays where it is
                        sl.inuse[p] -= n
                    else:
                        sl.free(cpu, ((p, n),))
                elif p:
                    for _, m in p:
                        cache.nr_objs -= m
                    cache.slub.free(cpu, p)
            o: ObjCgroup | None = objs.objcg
            if o is None:
                return
            memcg = k.memcg
            stock = memcg.stocks[cpu]
            if not objs.short and specs.accounted:
                if stock.cached_objcg is o:
                    if specs.nr_objs:
                        _uncharge_specs(memcg, stock, o, specs)
                    return
                if specs.nr_objs and not memcg.design.obj_stock_caches_vmstat:
                    # the first object's refill_obj_stock takes the stock over
                    # (replace_stock_objcg); the others find it caching o
                    memcg.replace_stock_objcg(stock, o)
                    _uncharge_specs(memcg, stock, o, specs)
                    return
            groups = [(o, n, c.obj_size, c.stat_item) for c, n in objs.counts()
                      if n and c.account]
            if groups:
                self._uncharge_groups(memcg, stock, groups)
        finally:
            if on is not None:
                k.current = prev

    def kmem_cache_free_held_pair(self, first: SlabObjs, then: SlabObjs) -> None:
        """``kmem_cache_free_held(first)`` then ``kmem_cache_free_held(then)`` on
        this CPU (``exit_mmap``'s VMAs, then ``__mmdrop``'s mm_struct: mm/mmap.c
        ``remove_vma``, kernel/fork.c ``__mmdrop``, v5.10 and v6.1). When both are
        whole and of one objcg, and :meth:`_held_pair` has their lists as one,
        their uncharges are one walk of both (:func:`_uncharge_specs` of that list,
        after ``replace_stock_objcg`` if the stock caches another: each object in
        turn, a drain that ends ``first`` taken back by ``then``'s first object as
        ``refill_obj_stock`` does, each item's bytes and the references summed);
        SLUB's frees of ``then``'s objects then come before the page uncharges of
        ``first``'s, which no slab list sees."""
        o = first.objcg
        if o is None or then.objcg is not o or first.short or then.short:
            self.kmem_cache_free_held(first)
            self.kmem_cache_free_held(then)
            return
        sa = first.specs
        sb = then.specs
        got = self.held_pairs.get((id(sa), id(sb)))
        if got is None or got[0] is not sa or got[1] is not sb:
            got = self._held_pair(sa, sb)
        both = got[2]
        if both is None:
            self.kmem_cache_free_held(first)
            self.kmem_cache_free_held(then)
            return
        t = self.k.current
        cpu = t.cpu if t is not None else 0
        held = self.held_objs
        del held[first]
        del held[then]
        _slub_free_placed(sa, first.placed, cpu)
        _slub_free_placed(sb, then.placed, cpu)
        memcg = self.k.memcg
        stock = memcg.stocks[cpu]
        if stock.cached_objcg is not o:
            memcg.replace_stock_objcg(stock, o)     # the first object's refill
        _uncharge_specs(memcg, stock, o, both)

    def _held_pair(self, sa: SlabSpecs, sb: SlabSpecs) -> tuple:
        """``(sa, sb, both)``: ``both`` the :class:`SlabSpecs` of ``sa``'s objects
        then ``sb``'s when :meth:`kmem_cache_free_held_pair` may uncharge them as
        one (objects of each, every cache accounted; statistics that only sum
        until a flush, without v5.14's per-stock slab statistics; objcg records),
        else None; remembered (at most :data:`SPECS_MEMO_MAX` pairs)."""
        memcg = self.k.memcg
        both = None
        if (sa.accounted and sb.accounted and sa.nr_objs and sb.nr_objs
                and memcg.stats.summed and not memcg.design.obj_stock_caches_vmstat
                and self.k.design.slab_ref != "memcg_cache"):
            both = SlabSpecs(chain(sa, sb))
        got = (sa, sb, both)
        if len(self.held_pairs) < SPECS_MEMO_MAX:
            self.held_pairs[(id(sa), id(sb))] = got
        return got

    @staticmethod
    def _uncharge_groups(memcg: MemoryController, stock: MemcgStockPcp,
                         groups: list[tuple[ObjCgroup, int, int, int]]) -> None:
        """``_objcg_free_lists``' uncharges: each group's objects (``(objcg, count,
        size, item)``) uncharged in turn into ``stock``, then the statistics and
        references settled."""
        # the usual case, every object of one objcg and item, is summed in
        # last/count/nbytes; per objcg and (objcg, item) past it, first come first
        last, last_item, count, nbytes = None, 0, 0, 0
        held = None             # the objcg a drain left the stock at (_drain_held)
        drains = not memcg.design.obj_stock_keeps_remainder
        vmc = memcg.design.obj_stock_caches_vmstat
        per: dict = {}
        stat: dict = {}
        for o, m, size, item in groups:
            if m == 1 and (held is o or held is None and stock.cached_objcg is o):
                # _uncharge_objs of one object into the stock that caches (or
                # held) its objcg, inlined
                if held is None:
                    nb = stock.nr_bytes + size
                else:
                    held = None
                    nb = o.nr_charged_bytes + size
                    o.nr_charged_bytes = 0
                if nb <= PAGE_SIZE:
                    stock.nr_bytes = nb
                elif drains:
                    held = _drain_held(memcg, stock, o, nb)
                else:
                    stock.nr_bytes = nb & (PAGE_SIZE - 1)
                    memcg.obj_cgroup_uncharge_pages(o, nb >> PAGE_SHIFT)
                if vmc:
                    # (v5.14) its statistics through the stock before the next
                    # group's objcg may take it over
                    memcg.mod_objcg_slab_state(stock, o, item, -size, 1)
            elif vmc:
                # (v5.14) memcg_slab_free_hook (mm/slab.h, v6.1): each object's
                # uncharge, then its mod_objcg_state, object by object: a flush of
                # the stock's statistics comes between the page uncharges where
                # the objects bring it (an item the stock already holds bytes of),
                # in the order 6.1's flush threshold counts them
                for _ in range(m):
                    held = _uncharge_objs(memcg, stock, o, size, 1, held)
                    memcg.mod_objcg_slab_state(stock, o, item, -size, 1)
            else:
                held = _uncharge_objs(memcg, stock, o, size, m, held)
            if o is last and item == last_item:
                count += m
                nbytes += m * size
                continue
            if last is not None:
                _settle_into(per, stat, last, last_item, count, nbytes)
            last, last_item, count, nbytes = o, item, m, m * size
        if held is not None:
            _put_held(memcg, stock, held)
        if not vmc and not memcg.stats.summed:
            # v5.12 and before: each object's mod_objcg_state folds its CPU's
            # delta where it passes the batch (memcg_slab_free_hook, mm/slab.h
            # v5.10), not a sum per objcg and item: group by group in turn
            mod_each = memcg.stats.mod_each
            cpu = memcg.k.current.cpu
            for o, m, size, item in groups:
                mod_each(o.memcg, (item,), -size, m, cpu)
            vmc = True          # (the statistics are made)
        if not per:
            if not vmc:
                memcg.mod_objcg_state(last, last_item, -nbytes)  # type: ignore[arg-type]
            memcg.obj_cgroup_put(last, "slab object", count)  # type: ignore[arg-type]
            return
        _settle_into(per, stat, last, last_item, count, nbytes)
        if not vmc:
            for (objcg, item), nbytes in stat.items():
                memcg.mod_objcg_state(objcg, item, -nbytes)
        for objcg, count in per.items():
            memcg.obj_cgroup_put(objcg, "slab object", count)

    def _each_alloc_lists(self, specs) -> list[tuple[KmemCache, range]]:
        out = [(c, self.kmem_cache_alloc_many(c, n)) for c, n in specs]
        self.short = any(len(ids) < n for (_, ids), (_, n) in zip(out, specs))
        return out

    def _each_free_lists(self, lists, specs: SlabSpecs | None = None) -> None:
        for c, oids in lists:
            self.kmem_cache_free_many(c, oids)

    # ------------------------------------------------ per-memcg caches (v3.10)
    def _memcg_cache_alloc_many(self, cache: KmemCache, n: int) -> range:
        """``memcg_kmem_get_cache``: objects go to the memcg's own copy of the cache;
        a new slab page is a kmem page charged to (and pinning) the memcg."""
        k = self.k
        mc = k.memcg
        memcg = None
        if cache.account and mc.kmem_enabled:
            memcg = mc.get_mem_cgroup_from_current()
            if memcg is mc.root_mem_cgroup or (memcg is not None and not memcg.kmem_active):
                memcg = None
        first = cache._next
        objs = cache.objcgs
        done = 0
        if memcg is None:
            done = n
            objs.update(dict.fromkeys(range(first, first + n)))
        else:
            partial = cache.partial.setdefault(memcg, [])
            per_slab = max(1, 4096 // cache.size)
            mem_map = k.mem_map
            for oid in range(first, first + n):
                if not partial:
                    pfn = mem_map.alloc(PG_SLAB, cache.id, k.clock.now_ns)
                    if not mc.memcg_kmem_charge_page(pfn):
                        mem_map.free(pfn)
                        break
                    mc.mod_memcg_state(memcg, cache.stat_item, 4096)
                    partial.append(pfn)
                    cache.slab_free[pfn] = per_slab
                pfn = partial[-1]
                left = cache.slab_free[pfn] - 1
                cache.slab_free[pfn] = left
                if not left:
                    partial.pop()
                objs[oid] = pfn
                done += 1
        cache._next = first + done
        cache.nr_objs += done
        return range(first, first + done)

    def _memcg_cache_free_many(self, cache: KmemCache, oids) -> None:
        """A slab page whose last object goes is uncharged and freed."""
        k = self.k
        mc = k.memcg
        per_slab = max(1, 4096 // cache.size)
        objs = cache.objcgs
        cache.nr_objs -= len(oids)
        for oid in oids:
            pfn = objs.pop(oid)
            if pfn is None:
                continue
            free = cache.slab_free[pfn] + 1
            memcg = mc.page_memcg(pfn)
            partial = cache.partial.setdefault(memcg, [])
            if free == per_slab:
                del cache.slab_free[pfn]
                if pfn in partial:
                    partial.remove(pfn)
                mc.mod_memcg_state(memcg, cache.stat_item, -4096)  # type: ignore[arg-type]
                mc.memcg_kmem_uncharge_page(pfn)
                k.mem_map.free(pfn)
            else:
                if free == 1:
                    partial.append(pfn)
                cache.slab_free[pfn] = free


def _place_specs(specs, cpu: int, placed: list, slab: "Slab | None" = None) -> None:
    """SLUB's placement of a record's objects, cache after cache (``placed`` gets
    each cache's slab, or ``()`` for none): the CPU slab when it has room
    (``_place_held`` inlined), else ``SlubLists.alloc``. ``slab``: the objects of
    accounted caches are charged, so their slabs need ``obj_cgroups`` vectors
    (:func:`_need_vecs`)."""
    for cache, n in specs:
        if n:
            cache.nr_objs += n
            sl = cache.slub
            sid = sl.cpu_slab[cpu]
            if sid is not None:
                inuse = sl.inuse
                used = inuse[sid] + n
                if used <= sl.objects:
                    inuse[sid] = used
                    placed.append(sid)
                    if slab is not None and cache.account and sl.vecs[sid] < 0:
                        slab.memcg_alloc_page_obj_cgroups(sl, sid, cpu)
                    continue
            # no room in the CPU slab (or none): SlubLists.alloc, as _place_held
            # would go on (its test just made)
            got = sl.alloc(cpu, n)
            if len(got) == 1:
                p = got[0][0]
                placed.append(p)
                if slab is not None and cache.account and sl.vecs[p] < 0:
                    slab.memcg_alloc_page_obj_cgroups(sl, p, cpu)
            else:
                p = tuple(got)
                placed.append(p)
                if slab is not None and cache.account:
                    _need_vecs(slab, sl, p, cpu)
        else:
            placed.append(())


def _slub_free_placed(specs, placed, cpu: int) -> None:
    """SLUB's side of a :class:`SlabObjs` record's free on ``cpu``, cache after
    cache: each cache's objects leave their slab (``placed``: a slab id, or
    ``(slab id, count)`` pairs), a frozen one's count only (``SlubLists.free``'s
    fast path, inlined). ``Slab.kmem_cache_free_held`` has the same loop inline."""
    for (cache, n), p in zip(specs, placed):
        if type(p) is int:
            cache.nr_objs -= n
            sl = cache.slub
            if IS_FROZEN[sl.where[p]]:
                # SlubLists.free's fast path: the slab stays where it is
                sl.inuse[p] -= n
            else:
                sl.free(cpu, ((p, n),))
        elif p:
            for _, m in p:
                cache.nr_objs -= m
            cache.slub.free(cpu, p)


def _need_vecs(slab: "Slab", sl: SlubLists, p, cpu: int) -> None:
    """``memcg_slab_post_alloc_hook``: each slab of placement ``p`` (a slab id, or
    ``(slab id, count)`` pairs) that took accounted objects and has no
    ``obj_cgroups`` vector gets one (``Slab.memcg_alloc_page_obj_cgroups``)."""
    vecs = sl.vecs
    if type(p) is int:
        if vecs[p] < 0:
            slab.memcg_alloc_page_obj_cgroups(sl, p, cpu)
        return
    for sid, _m in p:
        if vecs[sid] < 0:
            slab.memcg_alloc_page_obj_cgroups(sl, sid, cpu)


def _place_held(sl: SlubLists, cpu: int, n: int, done: int) -> Any:
    """SLUB's placement of ``done`` of the ``n`` objects of a :class:`SlabObjs`
    entry on ``cpu``: the slab id if they are all in one (the CPU slab's freelist,
    ``SlubLists.alloc``'s fast path) and ``done`` is ``n``, else the ``(slab id,
    count)`` pairs."""
    sid = sl.cpu_slab[cpu]
    if sid is not None and sl.inuse[sid] + done <= sl.objects:
        sl.inuse[sid] += done
        return sid if done == n else ((sid, done),)
    got = sl.alloc(cpu, done)
    return got[0][0] if done == n and len(got) == 1 else tuple(got)


def _uncharge_specs(memcg: MemoryController, stock: MemcgStockPcp, objcg: ObjCgroup,
                    specs: SlabSpecs) -> None:
    """Every object of ``specs`` (each cache accounted, all of ``objcg``) uncharged
    into ``stock``, which caches ``objcg``: the stock's transition
    (:meth:`SlabSpecs.uncharged`, its remembered states looked up here), each page
    uncharge as the walk makes it, the statistics by item (``mod_objcg_state``,
    inlined), one reference put for all (``obj_cgroup_put``'s usual case inlined:
    the objcg keeps other slab objects). A record's free: one frame, not five.
    v5.14+ (the stock caches slab statistics): :func:`_uncharge_in_turn`."""
    if memcg.obj_stock_stats:
        _uncharge_in_turn(memcg, stock, objcg, specs)
    else:
        drains = memcg.obj_stock_drains
        after = specs.uncharges.get((stock.nr_bytes, objcg.nr_charged_bytes, drains))
        if after is None:
            after = specs.uncharged(stock.nr_bytes, objcg.nr_charged_bytes, drains)
        stock.nr_bytes, objcg.nr_charged_bytes, held, pages, kmem = after
        if memcg.slab_stats_summed:
            # rstat: the deltas only sum until a flush, and nothing here reads one
            # (page counters, the stock, a reference put): each page uncharge's
            # MEMCG_KMEM (``kmem``: their sum) and the slab bytes by item in one
            # update, made where the first was (obj_cgroup_uncharge_pages'), then
            # the pages' counters (__memcg_kmem_uncharge, refill_stock's usual
            # case inlined)
            m = objcg.memcg
            k = memcg.k
            cpu = k.current.cpu
            memcg.stats.mod_freed(m, kmem, specs.stats, cpu)  # type: ignore[union-attr]
            if pages:
                page_stock = memcg.stocks[cpu]
                for nr_pages in pages:
                    if not k.dfl:
                        m.kmem.uncharge(nr_pages)
                    if (page_stock.cached is m
                            and page_stock.nr_pages + nr_pages <= memcg.batch):
                        page_stock.nr_pages += nr_pages
                    else:
                        memcg.refill_stock(m, nr_pages)
            if held:
                _put_held(memcg, stock, objcg)
        else:
            for nr_pages in pages:
                memcg.obj_cgroup_uncharge_pages(objcg, nr_pages)
            if held:
                _put_held(memcg, stock, objcg)
            _uncharge_stats(memcg, objcg, specs)
    n = specs.nr_objs
    h = objcg.holders
    left = h.get("slab object", 0) - n
    if left > 0 and objcg.refcnt > n and not objcg.released:
        if objcg.killed and type(h) is SharedHolders:
            h = objcg.holders = dict(h)
        h["slab object"] = left
        objcg.refcnt -= n
    else:
        memcg.obj_cgroup_put(objcg, "slab object", n)


def _uncharge_stats(memcg: MemoryController, objcg: ObjCgroup, specs: SlabSpecs) -> None:
    """The slab statistics of :func:`_uncharge_specs` before v5.14 where updates
    do not just sum until a flush (v5.12 and before: per-CPU deltas folded past a
    batch): one ``mod_objcg_state`` an object, as ``memcg_slab_free_hook`` makes
    them (mm/slab.h, v5.10): ``PercpuBatchStats.mod_runs`` of ``specs.freed`` (an
    item that passes no fold in one update, the others' objects cache by cache in
    closed form: the folds where the objects one by one make them)."""
    totals, runs = specs.freed
    memcg.stats.mod_runs(objcg.memcg, totals, runs,  # type: ignore[union-attr]
                         memcg.k.current.cpu)


def _uncharge_in_turn(memcg: MemoryController, stock: MemcgStockPcp, objcg: ObjCgroup,
                      specs: SlabSpecs) -> None:
    """:func:`_uncharge_specs` on v5.14+: the stock's transition and the updates in
    the kernel's order (:meth:`SlabSpecs.uncharged_in_turn`, each object's page
    uncharge before its statistics: ``memcg_slab_free_hook``, mm/slab.h v6.1),
    each made as ``obj_cgroup_uncharge_pages`` and ``mod_objcg_mlstate`` make it,
    so 6.1's flush threshold (``memcg_rstat_updated``) counts them in that order."""
    after = specs.in_turn.get(
        (stock.nr_bytes, stock.nr_slab_reclaimable_b, stock.nr_slab_unreclaimable_b))
    if after is None:
        after = specs.uncharged_in_turn(stock.nr_bytes, stock.nr_slab_reclaimable_b,
                                        stock.nr_slab_unreclaimable_b)
    stock.nr_bytes, stock.nr_slab_reclaimable_b, stock.nr_slab_unreclaimable_b, updates = after
    if updates:
        mod = memcg.stats.mod
        m = objcg.memcg
        cpu = memcg.k.current.cpu
        for u in updates:
            if type(u) is int:
                memcg.obj_cgroup_uncharge_pages(objcg, u)
            else:
                mod(m, u[0], u[1], cpu)


def _vmstat_specs(memcg: MemoryController, stock: MemcgStockPcp, objcg: ObjCgroup,
                  specs, last: int | None = None, skip: int = 0) -> None:
    """The slab statistics of every accounted object of ``specs`` (charged to
    ``objcg``) through ``stock`` (v5.14: ``MemoryController.mod_objcg_slab_state``),
    cache by cache: of the last cache only its first ``last`` objects if given,
    of the first all but its first ``skip`` (made before)."""
    end = len(specs) - 1
    for j, (c, n) in enumerate(specs):
        if j == end and last is not None:
            n = last
        if j == 0:
            n -= skip
        if n > 0 and c.account:
            memcg.mod_objcg_slab_state(stock, objcg, c.stat_item, c.obj_size, n)


def _add_summed(stats: Any, memcg: Any, kmem: int, slab_b: list[int], cpu: int) -> int:
    """Add the summed ``MEMCG_KMEM`` pages and slab bytes of
    ``Slab._objcg_alloc_lists`` to ``memcg``'s statistics (``stats.mod_summed``);
    returns 0 (no pages left to add) and zeroes ``slab_b``."""
    stats.mod_summed(memcg, kmem, slab_b[0], slab_b[1], cpu)
    slab_b[0] = slab_b[1] = 0
    return 0


def _drain_held(memcg: MemoryController, stock: MemcgStockPcp, objcg: ObjCgroup,
                nr_bytes: int) -> ObjCgroup:
    """``drain_obj_stock`` of ``objcg``, the stock holding ``nr_bytes`` of it (v5.9-v5.13:
    past a page): its whole pages uncharged, the rest back to the objcg, the stock
    empty, but still pointing at ``objcg`` with its reference: a ``refill_obj_stock``
    of the same objcg next takes the stock back (``nr_bytes = objcg->nr_charged_bytes``,
    the reference the drain put taken again: the same counts), anything else first
    finishes the drain (:func:`_put_held`). Returns ``objcg``, the held one."""
    nr_pages = nr_bytes >> PAGE_SHIFT
    if nr_pages:
        memcg.obj_cgroup_uncharge_pages(objcg, nr_pages)
    objcg.nr_charged_bytes += nr_bytes & (PAGE_SIZE - 1)
    stock.nr_bytes = 0
    return objcg


def _put_held(memcg: MemoryController, stock: MemcgStockPcp, objcg: ObjCgroup) -> None:
    """The end of a drain :func:`_drain_held` began: the stock caches nothing, its
    reference on ``objcg`` put. Returns None (nothing held)."""
    stock.cached_objcg = None
    memcg.obj_cgroup_put(objcg, "obj stock")


def _settle_into(per: dict, stat: dict, objcg, item: int, count: int, nbytes: int) -> None:
    """Add ``count`` objects of ``objcg`` (``nbytes`` of ``item``) to
    ``Slab._objcg_free_lists``' references and statistics to settle."""
    per[objcg] = per.get(objcg, 0) + count
    key = (objcg, item)
    stat[key] = stat.get(key, 0) + nbytes


def _uncharge_objs(memcg: MemoryController, stock: MemcgStockPcp, objcg: ObjCgroup, size: int,
                   n: int, held: ObjCgroup | None = None) -> ObjCgroup | None:
    """``n`` objects of ``size`` bytes uncharged one after the other
    (``obj_cgroup_uncharge`` → ``refill_obj_stock``): while the obj stock caches
    ``objcg`` the bytes go to it, the objects that fit at once, and the one that
    takes it past a page drains it (v5.9-v5.13: :func:`_drain_held`, the next
    object taking the stock back) or uncharges its whole pages; for another objcg,
    ``refill_obj_stock`` itself. ``held``: the objcg a drain left the stock pointing
    at (:func:`_drain_held`), None if none; returns the one held after."""
    if held is not None and held is not objcg:
        _put_held(memcg, stock, held)
        held = None
    i = 0
    while i < n:
        if held is not None:
            # refill_obj_stock of the objcg just drained: the stock taken back
            held = None
            nb = objcg.nr_charged_bytes + size
            objcg.nr_charged_bytes = 0
            if nb > PAGE_SIZE:
                held = _drain_held(memcg, stock, objcg, nb)
            else:
                stock.nr_bytes = nb
        elif stock.cached_objcg is objcg:
            nb = stock.nr_bytes
            if nb + size <= PAGE_SIZE:
                run = (PAGE_SIZE - nb) // size
                if run > n - i:
                    run = n - i
                stock.nr_bytes = nb + run * size
                i += run
                continue
            nb += size
            if not memcg.design.obj_stock_keeps_remainder:
                held = _drain_held(memcg, stock, objcg, nb)
            else:
                nr_pages = nb // PAGE_SIZE
                stock.nr_bytes = nb - nr_pages * PAGE_SIZE
                memcg.obj_cgroup_uncharge_pages(objcg, nr_pages)
        else:
            memcg.refill_obj_stock(objcg, size)         # obj_cgroup_uncharge
        i += 1
    return held
