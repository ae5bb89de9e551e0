"""mm/percpu.c: the per-CPU allocator, page-wise, and its memcg accounting.

Areas live in chunks; a chunk has one *unit* per possible CPU, all laid out alike,
so the allocator keeps one map per chunk and a populated-page set per chunk: an
area populates the pages it covers in every unit (``pcpu_populate_chunk``), and
``/proc/meminfo`` Percpu is ``populated pages × units × PAGE_SIZE``
(``pcpu_nr_pages``). Freeing an area leaves its pages populated; when a chunk
becomes wholly free while another wholly free chunk exists, ``pcpu_balance_free``
destroys the other (the one emptied last is kept for the next allocations). Each chunk counts its *empty*
populated pages (no byte of them in use: ``nr_empty_pop_pages``); an allocation that
leaves fewer than ``PCPU_EMPTY_POP_PAGES_LOW`` of them (per chunk type where the
design has memcg chunks, v5.9-v5.13) schedules ``pcpu_balance_workfn``, whose
``pcpu_balance_populated`` populates pages until there are
``PCPU_EMPTY_POP_PAGES_HIGH`` (mm/percpu.c, 5.10 and 6.1), so /proc/meminfo Percpu
grows in steps of a few pages ahead of the areas. The guest's boot leaves the first
chunk's dynamic region full or nearly (5.10: its last 980 bytes less 44 a CPU, the
boot's per-CPU areas) and a chunk of each type partly used or populated
(``ReleaseSizes.pcpu_boot``, calibration/percpu-boot.sh, tools/sizes/
pcpu-boot-trace.sh). From v5.14 a free isolates a chunk with a quarter of its pages
empty and the balance work depopulates it (``pcpu_reclaim_populated``).

Accounted areas (``GFP_KERNEL_ACCOUNT``) are charged through obj_cgroup by
``pcpu_memcg_pre_alloc_hook``: ``size * num_possible_cpus()`` (Roman Gushchin, "mm:
memcg/percpu: account percpu memory to memory cgroups", Linux commit 3c7be18ac9a0 (in
v5.9)), plus ``size / PCPU_MIN_ALLOC_SIZE * sizeof(struct obj_cgroup *)`` for the
chunk's objcg vector from Linux commit 8c57c07741bf ("mm: memcg/percpu: account extra
objcg space to memory cgroups") (in v5.17): ``pcpu_obj_full_size()``, the design's
``pcpu_obj_full_size`` switch. Each area is charged and counted in
``MEMCG_PERCPU_B`` on its own, as ``pcpu_alloc`` does per call.

Nothing here is per CPU in the simulator: a 256-CPU host costs what a 2-CPU one does.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from operator import attrgetter
from typing import TYPE_CHECKING, Iterable, Iterator

from .vmstat import MEMCG_PERCPU_B, PAGE_SIZE

if TYPE_CHECKING:
    from . import KernelCore

#: ``PCPU_MIN_ALLOC_SIZE``: the allocation map's granule
PCPU_MIN_ALLOC_SIZE = 4
POINTER_SIZE = 8
#: mm/percpu.c: ``pcpu_balance_populated`` keeps this many empty populated pages,
#: scheduled when an allocation leaves fewer than ``PCPU_EMPTY_POP_PAGES_LOW``
PCPU_EMPTY_POP_PAGES_LOW = 2
PCPU_EMPTY_POP_PAGES_HIGH = 4
#: ``chunk->isolated`` chunks' lists (v5.14 on): ``pcpu_sidelined_slot`` (depopulated,
#: still in use) and ``pcpu_to_depopulate_slot`` (isolated, the work to come)
SIDELINED = 1
TO_DEPOPULATE = 2


class PcpuChunk:
    """``struct pcpu_chunk``: free ranges of one unit (sorted, merged), populated
    pages and the bytes in use; the first chunk (``pcpu_first_chunk``, its dynamic
    region) is populated from boot and never freed. ``contig_hint``: at least the
    largest free range (``chunk_md.contig_hint``, kept as a bound: exact after a
    failed search, raised by a free), so that a full chunk is passed over
    without a search (a host's dying memcgs fill chunk after chunk).
    ``nr_empty_pop_pages``: populated pages no area touches; ``boot``: a chunk the
    guest's boot made and partly filled, whose populated pages are in the boot
    baseline and which is never freed. ``fit_from``: by ``(size, align)``, an
    offset below which no free range starts that holds such an area (the bound
    ``chunk_md.first_free`` and the blocks' ``scan_hint`` give
    ``pcpu_find_block_fit``: a search starts past the ranges known too small), so
    the first fit is the same, found without walking the holes the dying memcgs'
    areas leave; kept for a walk longer than :data:`FIT_WALK` ranges. ``seq``: its
    place in its list (chunks made later have larger ones: :meth:`Percpu.open_chunks`),
    ``bounds`` its list's :class:`ChunkBounds` (a chunk made alone: its own)."""
    __slots__ = ("size", "free", "populated", "used", "first", "contig_hint",
                 "nr_empty_pop_pages", "boot", "isolated", "freed", "fit_from", "seq",
                 "bounds")

    def __init__(self, size: int, first: bool = False, seq: int = 0,
                 bounds: "ChunkBounds | None" = None) -> None:
        self.size = size
        self.seq = seq
        self.bounds: ChunkBounds = bounds if bounds is not None else ChunkBounds()
        self.free: list[list[int]] = [[0, size]]
        self.populated: set[int] = set(range(-(-size // PAGE_SIZE))) if first else set()
        self.used = 0
        self.first = first
        self.contig_hint = size
        self.nr_empty_pop_pages = len(self.populated)
        self.boot = first
        #: ``chunk->isolated``: 0, or SIDELINED / TO_DEPOPULATE (the list it is on)
        self.isolated = 0
        #: when it last went to the free slot's head (pcpu_chunk_relocate's
        #: move_front): the wholly free chunk ``pcpu_balance_free`` spares
        self.freed = 0
        self.fit_from: dict[tuple[int, int], int] = {}

    def alloc(self, size: int, align: int) -> int | None:
        """First fit: the offset of a new area, or None."""
        if size > self.contig_hint:
            return None
        free = self.free
        fit_from = self.fit_from
        i0 = 0
        if fit_from:
            lo = fit_from.get((size, align))
            if lo:
                i0 = bisect_left(free, [lo, 0])
        for i, r in enumerate(free[i0:] if i0 else free, i0):
            start, end = r
            off = -(-start // align) * align
            top = off + size
            if top <= end:
                # pages of the area wholly free before (``pcpu_block_update_hint_alloc``)
                if self.nr_empty_pop_pages and end - start >= PAGE_SIZE:
                    # the first page wholly in the free range: none if it starts
                    # past the area (an area in the partly used page, as most are)
                    first = -(-start // PAGE_SIZE)
                    if first * PAGE_SIZE < top:
                        pop = self.populated
                        # range(max(first, off // PAGE_SIZE), min(end, top + PAGE_SIZE
                        # - 1) // PAGE_SIZE), by tests (builtins' min/max parse keywords)
                        a = off // PAGE_SIZE
                        b = top + PAGE_SIZE - 1
                        for p in range(first if first > a else a,
                                       (end if end < b else b) // PAGE_SIZE):
                            if p in pop:
                                self.nr_empty_pop_pages -= 1
                # the range shrinks in place, splits, or goes
                if off > start:
                    if top < end:
                        free[i:i + 1] = [[start, off], [top, end]]
                    else:
                        r[1] = off
                elif top < end:
                    r[0] = top
                else:
                    del free[i]
                self.used += size
                if i - i0 > FIT_WALK:
                    # below the area only its alignment's padding is left: too small
                    # for the same size and alignment
                    fit_from[(size, align)] = start
                return off
        self.contig_hint = max([end - start for start, end in self.free], default=0)
        if len(free) > FIT_WALK:
            fit_from[(size, align)] = self.size
        return None

    def page_is_free(self, p: int) -> bool:
        """No area touches page ``p``."""
        free = self.free
        i = bisect_left(free, [p * PAGE_SIZE + 1, 0]) - 1
        return i >= 0 and free[i][0] <= p * PAGE_SIZE and free[i][1] >= (p + 1) * PAGE_SIZE

    def release(self, off: int, size: int) -> None:
        free = self.free
        i = bisect_left(free, [off, 0])
        lo, hi = off, off + size
        if i < len(free) and free[i][0] == hi:
            hi = free[i][1]
            del free[i]
        if i > 0 and free[i - 1][1] == lo:
            lo = free[i - 1][0]
            del free[i - 1]
            i -= 1
        free.insert(i, [lo, hi])
        self.used -= size
        # the merged range may hold what no range below it held
        fit_from = self.fit_from
        if fit_from:
            for key, bound in fit_from.items():
                if bound > lo:
                    fit_from[key] = lo
        # pages of the area now wholly free (``pcpu_block_update_hint_free``)
        if hi - lo >= PAGE_SIZE:
            pop = self.populated
            # range(max(-(-lo // PAGE_SIZE), off // PAGE_SIZE), min(hi, off + size +
            # PAGE_SIZE - 1) // PAGE_SIZE), by tests
            a = -(-lo // PAGE_SIZE)
            b = off // PAGE_SIZE
            e = off + size + PAGE_SIZE - 1
            for p in range(a if a > b else b, (hi if hi < e else e) // PAGE_SIZE):
                if p in pop:
                    self.nr_empty_pop_pages += 1
        if hi - lo > self.contig_hint:
            self.contig_hint = hi - lo


_SEQ = attrgetter("seq")


class ChunkBounds:
    """Where the chunks of one list a search may pass over end, by size
    (:meth:`Percpu.open_chunks`): ``by_size`` maps a size to ``(seq, i)``, a
    :attr:`PcpuChunk.seq` such that every chunk of the list before it has a
    ``contig_hint`` under the size or is to be depopulated, and its place when last
    seen; ``top``: at least every ``seq`` kept."""
    __slots__ = ("by_size", "top")

    def __init__(self) -> None:
        self.by_size: dict[int, tuple[int, int]] = {}
        self.top = 0


#: chunks of a list walked from its first: past them ``Percpu.open_chunks`` gives the
#: open ones (its upkeep ~70 bytecodes a search, a chunk passed over ~7)
OPEN_WALK = 8
#: a place ``Percpu.open_chunks`` looks up again
_NO_PLACE = 1 << 62

#: ranges a first fit walks before it keeps where it found its area
#: (``PcpuChunk.fit_from``): a short walk costs less than the bound's upkeep
FIT_WALK = 8


#: the objcgs of an owner none of whose areas is charged (shared, read only)
_UNCHARGED = (None,)
#: ``(size, align, charged)`` of each spec of a tuple of specs (``ReleaseSizes``'
#: ``cgroup_pcpu``/``memcg_pcpu``, made once each), by the tuple's identity: the
#: tuple and its numbers, read once
_TRIPLES: dict[int, tuple] = {}


def _triples(specs) -> tuple | list:
    """``(size, align, charged)`` of each of ``specs`` (:class:`PcpuArea`), in order."""
    if type(specs) is tuple:
        got = _TRIPLES.get(id(specs))
        if got is not None and got[0] is specs:
            return got[1]
        triples = tuple((s.size, s.align, s.charged) for s in specs)
        if len(_TRIPLES) > SEEN_MAX:
            _TRIPLES.clear()
        _TRIPLES[id(specs)] = (specs, triples)
        return triples
    return [(s.size, s.align, s.charged) for s in specs]


#: the chunks and objcgs tuples and the shapes ``Percpu`` keeps for owners to share
#: (``PcpuAreas.extend``): forgotten past this many (they hold their chunks and objcgs)
SEEN_MAX = 16
#: ``PcpuAreas.cost_split`` by packed shape and place of ``None`` among the objcgs
_SPLITS: dict[tuple, tuple[int, int]] = {}


class PcpuAreas:
    """The areas one owner holds, in allocation order, read as ``(chunk, offset,
    size, objcg, charged bytes)`` tuples; kept as columns: the distinct chunks and
    objcgs in two tuples (one or two of each: an owner's areas share them), for
    each area ``chunk index, offset`` in :attr:`where` and ``size, objcg index,
    charged`` in :attr:`shape`, each packed in one ``bytes`` of 4-byte numbers (an
    ``array('q')`` if one does not fit): no tuple and no int objects an area, and
    no array header an owner, as a dying memcg and its cgroup keep theirs (issue
    14). The tuples and the packed shape equal to an earlier owner's are that
    owner's (:meth:`extend`): every memcg's areas have one shape, as every
    cgroup's. An owner's areas come in one call (:meth:`extend`), its columns made
    to their size."""
    __slots__ = ("chunks", "objcgs", "where", "shape")

    def __init__(self) -> None:
        self.chunks: tuple = ()
        self.objcgs: tuple = ()
        self.where: bytes | array = b""
        self.shape: bytes | array = b""

    @property
    def typecode(self) -> str:
        """The numbers' width: ``"i"`` (4 bytes, packed) or ``"q"`` (in either
        column)."""
        return "i" if type(self.where) is bytes and type(self.shape) is bytes else "q"

    @staticmethod
    def _numbers(col):
        """A column's numbers, as a sequence of ints."""
        return memoryview(col).cast("i") if type(col) is bytes else col

    @staticmethod
    def _packed(nums: list) -> bytes | array:
        try:
            return array("i", nums).tobytes()
        except OverflowError:
            return array("q", nums)

    def columns(self) -> tuple[dict, dict, list, list]:
        """The areas as columns to append to (:meth:`set_columns`): the distinct
        chunks and objcgs, each numbered by identity in order of appearance, and the
        ``where`` and ``shape`` numbers."""
        return ({c: i for i, c in enumerate(self.chunks)},
                {o: i for i, o in enumerate(self.objcgs)},
                self._numbers(self.where).tolist() if self.where else [],
                self._numbers(self.shape).tolist() if self.shape else [])

    def set_columns(self, chunks: dict, objcgs: dict, where: list, shape: list,
                    seen: dict | None = None) -> None:
        """Keep the columns :meth:`columns` gave, appended to. ``seen``: the chunks
        and objcgs tuples and the shapes of the owners given areas before (each its
        own key), shared where equal; these added."""
        self.chunks = tuple(chunks)
        self.objcgs = _UNCHARGED if len(objcgs) == 1 and None in objcgs else tuple(objcgs)
        self.where = self._packed(where)
        self.shape = self._packed(shape)
        if seen is not None:
            if len(seen) > SEEN_MAX:
                seen.clear()
            self.chunks = seen.setdefault(self.chunks, self.chunks)
            self.objcgs = seen.setdefault(self.objcgs, self.objcgs)
            if type(self.shape) is bytes:
                self.shape = seen.setdefault(self.shape, self.shape)

    def extend(self, areas, seen: dict | None = None) -> None:
        """Append ``areas``, ``(chunk, offset, size, objcg, charged)`` each
        (``seen``: :meth:`set_columns`)."""
        if not areas:
            return
        chunks, objcgs, where, shape = self.columns()
        for chunk, off, size, objcg, charged in areas:
            where += (chunks.setdefault(chunk, len(chunks)), off)
            shape += (size, objcgs.setdefault(objcg, len(objcgs)), charged)
        self.set_columns(chunks, objcgs, where, shape, seen)

    def __len__(self) -> int:
        return len(self._numbers(self.where)) // 2

    def __iter__(self):
        where, shape = self._numbers(self.where), self._numbers(self.shape)
        return zip(map(self.chunks.__getitem__, where[0::2]), where[1::2], shape[0::3],
                   map(self.objcgs.__getitem__, shape[1::3]), shape[2::3])

    def charges(self):
        """``(size, objcg, charged bytes)`` of each area (its shape: no chunk, no
        offset), in order."""
        shape = self._numbers(self.shape)
        return zip(shape[0::3], map(self.objcgs.__getitem__, shape[1::3]), shape[2::3])

    def cost_split(self) -> tuple[int, int]:
        """``(charged bytes, size of the areas charged to nobody)`` over the areas
        (:meth:`charges` summed): worked out once for each packed shape and place
        of ``None`` among the objcgs (the owners of a kind share both), remembered
        in :data:`_SPLITS`."""
        objcgs = self.objcgs
        key = (self.shape, objcgs.index(None) if None in objcgs else -1)
        got = _SPLITS.get(key)
        if got is None:
            charged = uncharged = 0
            for size, objcg, c in self.charges():
                if objcg is not None:
                    charged += c
                else:
                    uncharged += size
            got = (charged, uncharged)
            if type(self.shape) is bytes:
                if len(_SPLITS) > SEEN_MAX:
                    _SPLITS.clear()
                _SPLITS[key] = got
        return got

    def __getitem__(self, i: int) -> tuple:
        where, shape = self._numbers(self.where), self._numbers(self.shape)
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        w, s = 2 * i, 3 * i
        return (self.chunks[where[w]], where[w + 1], shape[s], self.objcgs[shape[s + 1]],
                shape[s + 2])

    def reordered(self, order) -> "PcpuAreas":
        """The same areas in ``order`` (indices into these)."""
        out = PcpuAreas()
        out.extend([self[i] for i in order])
        return out


class Percpu:
    """The dynamic per-CPU areas of the model (the first chunk's static part is the
    boot baseline of /proc/meminfo) and what each memcg and cgroup holds."""
    __slots__ = ("k", "unit_size", "chunks", "memcg_chunks", "nr_populated", "areas",
                 "full_size", "_seen", "boot_populated", "balance_pending", "to_depopulate",
                 "freed_seq", "bounds", "memcg_bounds", "next_seq")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: ``pcpu_unit_size``: every chunk's unit (the first chunk's, at boot)
        self.unit_size = kernel.sizes.pcpu_unit_pages(kernel.nr_cpus) * PAGE_SIZE
        #: the first chunk's dynamic region ("d" in the boot log), in the boot
        #: baseline; the first areas go in what the boot left of it
        first = PcpuChunk(kernel.sizes.pcpu_dynamic_bytes, first=True)
        self.chunks: list[PcpuChunk] = [first]
        #: ``pcpu_balance_work`` queued and not run yet
        self.balance_pending = False
        #: ``pcpu_chunk_lists[pcpu_to_depopulate_slot]``, its head first (v5.14 on)
        self.to_depopulate: list[PcpuChunk] = []
        #: the last :attr:`PcpuChunk.freed` given
        self.freed_seq = 0
        #: v5.9-v5.13: accounted areas in chunks of their own (``PCPU_CHUNK_MEMCG``)
        self.memcg_chunks: list[PcpuChunk] = (
            [] if kernel.design.pcpu_memcg_chunks else self.chunks)
        #: :attr:`chunks`' :class:`ChunkBounds`, and :attr:`memcg_chunks`' (the same
        #: when the same list); ``next_seq``: the next chunk's :attr:`PcpuChunk.seq`
        self.bounds = first.bounds = ChunkBounds()
        self.memcg_bounds = (
            ChunkBounds() if self.memcg_chunks is not self.chunks else self.bounds)
        self.next_seq = 1
        #: populated pages per unit, over the dynamic chunks (``pcpu_nr_populated``)
        self.nr_populated = 0
        #: those of them in the boot baseline of /proc/meminfo (the boot chunks')
        self.boot_populated = 0
        #: owner (a tuple naming it) -> its areas (:class:`PcpuAreas`: ``(chunk,
        #: offset, size, objcg, charged bytes)`` each); a memcg or cgroup holds its
        #: own (``pcpu_areas``: :meth:`areas_of`), no entry here, as every dying
        #: memcg keeps its and its cgroup's (issue 14)
        self.areas: dict = {}
        self.full_size = kernel.design.pcpu_obj_full_size
        #: the chunks and objcgs tuples and shapes of the last owners given areas
        #: (what the next owners share when equal: ``PcpuAreas.extend``)
        self._seen: dict = {}
        # what the boot's own areas left (ReleaseSizes.pcpu_boot)
        first_free, root, memcg = kernel.sizes.pcpu_boot
        if first_free < first.size:
            first.alloc(first.size - first_free, PCPU_MIN_ALLOC_SIZE)
        for chunks, boot in ((self.chunks, root), (self.memcg_chunks, memcg)):
            if boot is not None:
                chunks.append(self.boot_chunk(chunks, *boot))
        self.boot_cpu_areas(kernel.sizes.pcpu_boot_cpu_areas)

    # ------------------------------------------------------------- allocator
    def new_chunk(self, chunks: list) -> PcpuChunk:
        """A chunk of a unit for ``chunks``, wholly free, its ``seq`` the next."""
        chunk = PcpuChunk(self.unit_size, seq=self.next_seq, bounds=(
            self.bounds if chunks is self.chunks else self.memcg_bounds))
        self.next_seq += 1
        return chunk

    def open_chunks(self, chunks: list, size: int) -> list:
        """The chunks of ``chunks`` (:attr:`chunks` or :attr:`memcg_chunks`) from the
        first that may hold ``size`` contiguous bytes and is not to be depopulated on
        (in order): those before it would be passed over by a search for ``size``
        (``contig_hint`` under it). The kernel keeps chunks in slots by their largest
        free range (``pcpu_chunk_slot``: ``chunk_md.contig_hint``) and searches the
        slots from ``size``'s up (``pcpu_alloc``), so a full chunk is never walked
        (mm/percpu.c, 5.10-6.1); the model keeps one list in the order chunks are
        made, whose first fit it takes as before, and remembers by size where the
        chunks it may skip end (:class:`ChunkBounds`), moved on here past the chunks
        that filled and back by :meth:`_reopen` (a search in a list of up to
        :data:`OPEN_WALK` chunks walks it whole, as before). Without it every
        ``pcpu_alloc`` walked every chunk the dying memcgs had filled: 4x as many at
        64 CPUs (a unit of 256 KiB; 1 MiB at 2), whose churn grew dearer a lifecycle
        with the dying (bench/README.md, session 43)."""
        b = self.bounds if chunks is self.chunks else self.memcg_bounds
        of = b.by_size
        got = of.get(size)
        n = len(chunks)
        if got is None:
            i = 0
        else:
            seq, i = got
            if i >= n or chunks[i].seq != seq:      # a chunk before it destroyed
                i = bisect_left(chunks, seq, key=_SEQ)
        j = i
        while j < n:
            c = chunks[j]
            if size <= c.contig_hint and c.isolated != TO_DEPOPULATE:
                break
            j += 1
        if j != i or got is None:
            seq = chunks[j].seq if j < n else self.next_seq
            of[size] = (seq, j)
            if seq > b.top:
                b.top = seq
        return chunks[j:] if j else chunks

    def _reopen(self, chunk: PcpuChunk) -> None:
        """``chunk`` may hold more than before (an area freed, back from the
        to-depopulate list): no bound of its list passes it."""
        seq = chunk.seq
        b = chunk.bounds
        if b.top > seq:
            of = b.by_size
            for size, (s, _) in of.items():
                if s > seq:
                    of[size] = (seq, _NO_PLACE)
            b.top = seq

    def boot_chunk(self, chunks: list, partial: int, empty: int) -> PcpuChunk:
        """A chunk the boot made: its first page used but for its last ``partial``
        bytes (wholly free if ``partial`` is a page: then it may go like any other),
        ``empty`` empty populated pages after it, all in the boot baseline."""
        chunk = self.new_chunk(chunks)
        chunk.populated.update(range(1 + empty))
        if partial < PAGE_SIZE:
            chunk.boot = True
            chunk.alloc(PAGE_SIZE - partial, PCPU_MIN_ALLOC_SIZE)
            chunk.nr_empty_pop_pages = empty
        else:
            chunk.nr_empty_pop_pages = 1 + empty
        self.nr_populated += 1 + empty
        self.boot_populated += 1 + empty
        return chunk

    def boot_cpu_areas(self, specs) -> None:
        """The boot's areas made once per CPU (``ReleaseSizes.pcpu_boot_cpu_areas``),
        kept for good, kind after kind as the boot makes them (every CPU's brought
        up, then the disk's queues): the end of the first chunk, then (past some 20
        CPUs on 5.10) a root chunk, with what the boot's balance work populated for
        them, all in the boot baseline."""
        for spec in specs:
            for _ in range(self.k.nr_cpus):
                chunk, off, size = self._pcpu_alloc(spec.size, spec.align, False)
                if not chunk.first:
                    chunk.boot = True
        if sum(c.nr_empty_pop_pages for c in self.chunks) < PCPU_EMPTY_POP_PAGES_LOW:
            self.pcpu_balance_populated(self.chunks)
        self.boot_populated = self.nr_populated

    def obj_full_size(self, size: int) -> int:
        """What an accounted area is charged (``pcpu_obj_full_size``)."""
        extra = size // PCPU_MIN_ALLOC_SIZE * POINTER_SIZE if self.full_size else 0
        return size * self.k.nr_cpus + extra

    def pcpu_alloc(self, size: int, align: int, memcg: bool = False) -> tuple:
        """``pcpu_alloc``: the first chunk of the type with room, else a new one;
        ``memcg`` selects the accounted chunks where the design has them. The pages
        the area covers are populated; fewer than ``PCPU_EMPTY_POP_PAGES_LOW`` empty
        populated pages left in the chunks of the type schedule the balance work."""
        chunk, off, size = self._pcpu_alloc(size, align, memcg)
        # the chunk's own empty pages suffice, as they mostly do, without the sum
        chunks = self.memcg_chunks if memcg else self.chunks
        if (chunk.nr_empty_pop_pages < PCPU_EMPTY_POP_PAGES_LOW
                and self.nr_empty_pop_pages(chunks) < PCPU_EMPTY_POP_PAGES_LOW):
            self.pcpu_schedule_balance_work()
        return chunk, off, size

    def nr_empty_pop_pages(self, chunks: list) -> int:
        """``pcpu_nr_empty_pop_pages``: the empty populated pages of the chunks of a
        type, an isolated chunk's left out (``pcpu_isolate_chunk``). A chunk whose
        largest free range is under a page has none (each is a page no area
        touches), so the sum starts at the first chunk that may hold a page
        (:meth:`open_chunks`; the kernel keeps the count as pages empty and fill:
        ``pcpu_update_empty_pages``)."""
        if len(chunks) > OPEN_WALK:
            chunks = self.open_chunks(chunks, PAGE_SIZE)
        return sum(c.nr_empty_pop_pages for c in chunks if not c.isolated)

    def pcpu_create_chunk(self, chunks: list) -> PcpuChunk:
        """``pcpu_create_chunk``, then ``pcpu_chunk_relocate(chunk, -1)``: a new
        chunk, wholly free at the free slot's head."""
        chunk = self.new_chunk(chunks)
        self._to_free_head(chunk)
        chunks.append(chunk)
        return chunk

    def _to_free_head(self, chunk: PcpuChunk) -> None:
        """``chunk`` goes to the free slot's head (``pcpu_chunk_relocate``'s
        move_front): the wholly free chunk :meth:`pcpu_balance_free_slot` spares."""
        self.freed_seq += 1
        chunk.freed = self.freed_seq

    @staticmethod
    def _wholly_free(c: PcpuChunk) -> bool:
        """In the free slot (v5.14 on): no area, neither the first chunk nor the
        boot's, not isolated."""
        return c.used == 0 and not (c.first or c.boot or c.isolated)

    def _pcpu_alloc(self, size: int, align: int, memcg: bool) -> tuple:
        """:meth:`pcpu_alloc`'s area and its pages, without the balance work."""
        size = -(-size // PCPU_MIN_ALLOC_SIZE) * PCPU_MIN_ALLOC_SIZE
        chunks = self.memcg_chunks if memcg else self.chunks
        for chunk in chunks if len(chunks) <= OPEN_WALK else self.open_chunks(chunks, size):
            if size <= chunk.contig_hint:
                if chunk.isolated == TO_DEPOPULATE:
                    continue            # not in the slots an allocation searches
                off = chunk.alloc(size, align)
                if off is not None:
                    if chunk.isolated:
                        self.pcpu_reintegrate_chunk(chunk)
                    break
        else:
            chunk = self.pcpu_create_chunk(chunks)
            off = chunk.alloc(size, align)
            assert off is not None, "an empty chunk holds any area up to its unit size"
        if not chunk.first:
            pop = chunk.populated
            lo, hi = off // PAGE_SIZE, (off + size - 1) // PAGE_SIZE
            if lo == hi:                # an area within a page, as most are
                if lo not in pop:
                    pop.add(lo)
                    self.nr_populated += 1
            else:
                n = len(pop)
                pop.update(range(lo, hi + 1))
                self.nr_populated += len(pop) - n
        return chunk, off, size

    def pcpu_schedule_balance_work(self) -> None:
        """``pcpu_schedule_balance_work``: ``schedule_work(&pcpu_balance_work)``, a
        no-op while it is pending. The kworker runs once the allocating task lets
        the CPU go, so every area of one call (``mem_cgroup_alloc``'s four to six)
        is in place before it populates: a ``mkdir`` whose areas take the last two
        empty pages sees four populated after it, not three (calibration/
        percpu-boot.sh's 5.10 steps of 32 KiB at 2 CPUs)."""
        if not self.balance_pending:
            self.balance_pending = True
            self.k.clock.queue_work(self.pcpu_balance_workfn)

    def pcpu_balance_workfn(self) -> None:
        """``pcpu_balance_workfn``: every chunk type populated up to
        ``PCPU_EMPTY_POP_PAGES_HIGH`` empty pages (mm/percpu.c, 5.10: a loop over
        ``PCPU_NR_CHUNK_TYPES``; 6.1: one type), where the design depopulates
        between ``pcpu_balance_free(false)`` and ``pcpu_reclaim_populated`` first
        and ``pcpu_balance_free(true)`` after (v5.14 on)."""
        self.balance_pending = False
        if self.k.design.pcpu_reclaim_populated:
            self.pcpu_balance_free_slot(False)
            self.pcpu_reclaim_populated()
            self.pcpu_balance_populated(self.chunks)
            self.pcpu_balance_free_slot(True)
            return
        self.pcpu_balance_populated(self.chunks)
        if self.memcg_chunks is not self.chunks:
            self.pcpu_balance_populated(self.memcg_chunks)

    def pcpu_balance_populated(self, chunks: list) -> None:
        """``pcpu_balance_populated``: populate free pages until the chunks of this
        type hold ``PCPU_EMPTY_POP_PAGES_HIGH`` empty ones, the most packed chunks
        first (slots upward from a page's), the lowest pages of each; a new chunk
        when none has room."""
        nr_to_pop = PCPU_EMPTY_POP_PAGES_HIGH - self.nr_empty_pop_pages(chunks)
        while nr_to_pop > 0:
            # a chunk whose largest free range is under a page has every page
            # populated (an area's pages are): none before the open ones
            fit = [c for c in self.open_chunks(chunks, PAGE_SIZE)
                   if not c.first and c.size - c.used >= PAGE_SIZE
                   and len(c.populated) * PAGE_SIZE < c.size and c.isolated != TO_DEPOPULATE]
            # the slots upward: the sidelined chunks' after the others', then the
            # free slot's (pcpu_sidelined_slot, pcpu_free_slot)
            fit.sort(key=lambda c: (c.used == 0, c.isolated, (c.size - c.used).bit_length()))
            for chunk in fit:
                pop = chunk.populated
                for p in range(chunk.size // PAGE_SIZE):
                    if p not in pop:
                        pop.add(p)
                        chunk.nr_empty_pop_pages += 1
                        self.nr_populated += 1
                        nr_to_pop -= 1
                        if not nr_to_pop:
                            return
            # ran out of chunks to populate: a new one
            self.pcpu_create_chunk(chunks)

    def free_percpu(self, chunk: PcpuChunk, off: int, size: int) -> None:
        """``free_percpu``: a chunk left wholly free goes to the free slot's head;
        the other free ones go (:meth:`pcpu_balance_free`). Where the design
        depopulates (v5.14 on), the free only isolates a chunk
        ``pcpu_should_reclaim_chunk`` picks and the balance work, scheduled when
        another chunk is wholly free or a chunk was isolated, does the rest."""
        chunk.release(off, size)
        if chunk.bounds.top > chunk.seq:
            self._reopen(chunk)
        if chunk.first:
            return
        if not self.k.design.pcpu_reclaim_populated:
            if chunk.used == 0 and not chunk.boot:
                self.pcpu_balance_free(chunk)
            return
        if self._wholly_free(chunk):
            self._to_free_head(chunk)
            if any(c is not chunk and self._wholly_free(c) for c in self.chunks):
                self.pcpu_schedule_balance_work()
        elif self.pcpu_should_reclaim_chunk(chunk):
            self.pcpu_isolate_chunk(chunk)
            self.pcpu_schedule_balance_work()

    def pcpu_should_reclaim_chunk(self, chunk: PcpuChunk) -> bool:
        """``pcpu_should_reclaim_chunk`` (mm/percpu.c, Linux commit f183324133ea
        ("percpu: implement partial chunk depopulation") and ace7e70901 ("percpu:
        use reclaim threshold instead of running for every page") (in v5.14)): an
        isolated chunk with empty populated pages again, or one a quarter of whose
        pages are empty while the chunks not isolated hold more than
        ``PCPU_EMPTY_POP_PAGES_HIGH`` besides its own."""
        n = chunk.nr_empty_pop_pages
        if chunk.isolated:
            return n > 0
        return (n >= chunk.size // PAGE_SIZE // 4
                and self.nr_empty_pop_pages(self.chunks) > PCPU_EMPTY_POP_PAGES_HIGH + n)

    def pcpu_isolate_chunk(self, chunk: PcpuChunk) -> None:
        """``pcpu_isolate_chunk``: to the to-depopulate list's head, its empty
        pages out of the count."""
        if chunk.isolated == TO_DEPOPULATE:
            self.to_depopulate.remove(chunk)
        chunk.isolated = TO_DEPOPULATE
        self.to_depopulate.insert(0, chunk)

    def pcpu_reintegrate_chunk(self, chunk: PcpuChunk) -> None:
        """``pcpu_reintegrate_chunk``: back in the slots (a wholly free one at the
        free slot's head), its empty pages counted again."""
        if chunk.isolated == TO_DEPOPULATE:
            self.to_depopulate.remove(chunk)
            self._reopen(chunk)
        chunk.isolated = 0
        if chunk.used == 0:
            self._to_free_head(chunk)

    def pcpu_reclaim_populated(self) -> None:
        """``pcpu_reclaim_populated`` (v5.14 on), from the balance work: each chunk
        on the to-depopulate list, its head first, has its empty populated pages
        depopulated (the highest first) unless the chunks not isolated hold fewer
        than ``PCPU_EMPTY_POP_PAGES_HIGH`` empty pages, when it is reintegrated as
        it is; a wholly free one is reintegrated, the others sidelined."""
        chunks = self.chunks
        while self.to_depopulate:
            chunk = self.to_depopulate.pop(0)
            reintegrate = False
            if chunk.nr_empty_pop_pages:
                if self.nr_empty_pop_pages(chunks) < PCPU_EMPTY_POP_PAGES_HIGH:
                    reintegrate = True
                else:
                    pop = chunk.populated
                    for p in sorted(pop, reverse=True):
                        if chunk.page_is_free(p):
                            pop.discard(p)
                            self.nr_populated -= 1
                            chunk.nr_empty_pop_pages -= 1
                            if not chunk.nr_empty_pop_pages:
                                break
            chunk.isolated = SIDELINED          # off the list already
            self._reopen(chunk)
            if reintegrate or chunk.used == 0:
                self.pcpu_reintegrate_chunk(chunk)

    def pcpu_balance_free_slot(self, empty_only: bool) -> None:
        """``pcpu_balance_free`` (v5.14 on): every wholly free chunk but the free
        slot's head is destroyed, with ``empty_only`` only those without populated
        pages."""
        # a wholly free chunk's free range is its unit: none before the open ones
        free = [c for c in self.open_chunks(self.chunks, self.unit_size) if self._wholly_free(c)]
        if len(free) < 2:
            return
        head = max(free, key=lambda c: c.freed)
        for c in free:
            if c is not head and not (empty_only and c.nr_empty_pop_pages):
                self.nr_populated -= len(c.populated)
                self.chunks.remove(c)

    def pcpu_balance_free(self, chunk: PcpuChunk) -> None:
        """``chunk`` became wholly free (a design without depopulation: 5.10):
        ``free_percpu`` schedules the balance work
        when another wholly free chunk of its type exists, and ``pcpu_balance_free``
        destroys every wholly free chunk but the first on the free slot's list,
        which is ``chunk``: a chunk moving to a freer slot goes to the list's head
        (``pcpu_chunk_relocate`` → ``__pcpu_chunk_move(..., move_front)``, mm/
        percpu.c, 5.10 and 6.1). So the chunk emptied last stays, the one emptied
        before goes (tools/sizes/pcpu-chunks-trace.sh: on 5.10 at 8 CPUs the chunk
        100 cgroups filled first was destroyed, the one they spilled into kept;
        tests/conformance/recordings/cgroup-cost-1cpu--5.10-v2.txt's Percpu kept)."""
        chunks = self.chunks if chunk in self.chunks else self.memcg_chunks
        for other in chunks:
            if other is not chunk and other.used == 0 and not other.boot and not other.isolated:
                self.nr_populated -= len(other.populated)
                chunks.remove(other)
                return

    def populated_bytes(self) -> int:
        """``pcpu_nr_pages() * PAGE_SIZE`` over the dynamic chunks, all units."""
        return (self.nr_populated - self.boot_populated) * self.k.nr_cpus * PAGE_SIZE

    # ------------------------------------------------------------ owners
    def areas_of(self, owner) -> PcpuAreas | None:
        """The areas ``owner`` holds, None if none: a tuple's in :attr:`areas`, a
        memcg's or cgroup's in its ``pcpu_areas``."""
        if type(owner) is tuple:
            return self.areas.get(owner)
        return owner.pcpu_areas

    def owners(self, others: Iterable = ()) -> Iterator[tuple]:
        """``(owner, areas)`` of the tuple owners, then of those of ``others``
        (memcgs, cgroups: they hold theirs) holding any."""
        yield from self.areas.items()
        for owner in others:
            held = owner.pcpu_areas
            if held is not None:
                yield owner, held

    def alloc_areas(self, owner, specs, objcg=None) -> None:
        """``alloc_percpu`` of each spec for ``owner``; charged specs go to
        ``objcg`` (none if it is None or the charge fails: then the area is not
        charged, as the model does not fail cgroup creation on it)."""
        if self.k.cost_watch is not None:
            self.k.cost_watch.mark(owner)
        held = self.areas_of(owner)
        if held is None:
            held = PcpuAreas()
            if type(owner) is tuple:
                self.areas[owner] = held
            else:
                owner.pcpu_areas = held
            if not specs:
                return
            # a new owner's columns (PcpuAreas.columns of no areas)
            chunks: dict = {}
            objcgs: dict = {}
            where: list = []
            shape: list = []
        elif not specs:
            return
        else:
            chunks, objcgs, where, shape = held.columns()
        # PcpuAreas.extend's columns, appended to as each area comes
        pcpu_alloc = self.pcpu_alloc
        if objcg is None:
            # nothing charged (a cgroup's areas; a memcg's under the root, which
            # has no objcg): every area in the unaccounted chunks
            o = objcgs.setdefault(None, len(objcgs))
            for size, align, _ in _triples(specs):
                chunk, off, size = pcpu_alloc(size, align, False)
                where += (chunks.setdefault(chunk, len(chunks)), off)
                shape += (size, o, 0)
            held.set_columns(chunks, objcgs, where, shape, self._seen)
            return
        for size, align, charged in _triples(specs):
            o = objcg if charged else None
            chunk, off, size = pcpu_alloc(size, align, o is not None)
            charged = 0
            if o is not None:
                mc = self.k.memcg
                full = self.obj_full_size(size)
                if mc.obj_cgroup_charge(o, full):
                    mc.obj_cgroup_get(o, "percpu")
                    mc.mod_objcg_state(o, MEMCG_PERCPU_B, full)
                    charged = full
                else:
                    o = None
            where += (chunks.setdefault(chunk, len(chunks)), off)
            shape += (size, objcgs.setdefault(o, len(objcgs)), charged)
        held.set_columns(chunks, objcgs, where, shape, self._seen)

    def free_areas(self, owner) -> None:
        """``free_percpu`` of everything ``owner`` holds, uncharging
        (``pcpu_memcg_free_hook``)."""
        if self.k.cost_watch is not None:
            self.k.cost_watch.mark(owner)
        if type(owner) is tuple:
            held = self.areas.pop(owner, ())
        else:
            held, owner.pcpu_areas = owner.pcpu_areas or (), None
        self._free_each(held)

    def _free_each(self, areas) -> None:
        """``free_percpu`` of each ``(chunk, offset, size, objcg, charged)`` of
        ``areas`` in order, uncharging (``pcpu_memcg_free_hook``)."""
        mc = self.k.memcg
        for chunk, off, size, o, charged in areas:
            if o is not None:
                mc.obj_cgroup_uncharge(o, charged)
                mc.mod_objcg_state(o, MEMCG_PERCPU_B, -charged)
                mc.obj_cgroup_put(o, "percpu")
            self.free_percpu(chunk, off, size)

    def charged_bytes(self, owner) -> int:
        """Bytes of ``owner``'s areas charged to a memcg."""
        return sum(a[4] for a in self.areas_of(owner) or ())

    def area_bytes(self, owner) -> int:
        """Bytes of ``owner``'s areas over all units."""
        return sum(a[2] for a in self.areas_of(owner) or ()) * self.k.nr_cpus

    # -------------------------------------------------- the memory controller
    def alloc_memcg_percpu(self, memcg, parent) -> None:
        """``mem_cgroup_alloc`` under ``set_active_memcg(parent)``: the new memcg's
        per-CPU statistics are charged to the parent (Linux commit 3e38e0aaca9e ("mm:
        memcg: charge memcg percpu memory to the parent cgroup") (in v5.9); not
        charged where the design says so), and its unaccounted per-CPU data and
        slab structures (kernel/sizes) are allocated."""
        k = self.k
        specs = k.sizes.memcg_pcpu(k.nr_nodes)
        objcg = None
        t = k.current
        old, t.active_memcg = t.active_memcg, parent
        try:
            if k.design.memcg_percpu_charged:
                objcg = k.memcg.get_obj_cgroup_from_current()
            self.alloc_areas(memcg, specs, objcg)
        finally:
            t.active_memcg = old
        k.slab.alloc_structs(memcg, k.sizes.memcg_slab(k.nr_nodes))
        k.slab.memcg_kmem_id_alloc(memcg)

    def free_memcg_percpu(self, memcg) -> None:
        """``mem_cgroup_free``: the per-CPU data, in ``__mem_cgroup_free``'s order
        (``memcg_pcpu_free_order``), and the structures."""
        if self.k.cost_watch is not None:
            self.k.cost_watch.mark(memcg)
        held = memcg.pcpu_areas
        if held:
            # the areas read once (PcpuAreas.__iter__, in C), freed in that order
            k = self.k
            memcg.pcpu_areas = None
            areas = list(held)
            self._free_each([areas[i] for i in k.sizes.memcg_pcpu_free_order(k.nr_nodes)])
        else:
            self.free_areas(memcg)
        self.k.slab.free_structs(memcg)
