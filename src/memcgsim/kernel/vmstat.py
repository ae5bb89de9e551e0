"""Per-memcg statistics: the items behind ``memory.stat`` and how each design
batches and flushes them.

Items are indices into flat lists (``enum node_stat_item``/``memcg_stat_item``
in the kernel). Byte items (``*_B``) batch with a threshold scaled by PAGE_SIZE,
as ``__mod_memcg_state`` does since Roman Gushchin's "mm: memcg:
convert vmstat slab counters to bytes" (in v5.9).
"""
from __future__ import annotations

import struct
from array import array
from typing import Any

from .bug import model_bug

PAGE_SHIFT = 12
PAGE_SIZE = 1 << PAGE_SHIFT

# the WORKINGSET_* items are mm/workingset.c's node items (``enum node_stat_item``,
# counted with ``mod_lruvec_state``: batched as the other node items); the anon ones
# need swap, which the model's machine has none of (memory.stat reads them 0)
(NR_ANON_MAPPED, NR_FILE_PAGES, NR_SHMEM, NR_FILE_MAPPED, NR_FILE_DIRTY, NR_WRITEBACK,
 NR_KERNEL_STACK_KB, NR_PAGETABLE, NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B,
 MEMCG_PERCPU_B, MEMCG_SOCK, MEMCG_SWAP, MEMCG_KMEM,
 NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE, NR_ACTIVE_FILE, NR_UNEVICTABLE,
 PGFAULT, PGMAJFAULT, PGPGIN, PGPGOUT, PGSCAN, PGSTEAL, PGREFILL, PGACTIVATE,
 PGDEACTIVATE, WORKINGSET_REFAULT_FILE, WORKINGSET_ACTIVATE_FILE, WORKINGSET_RESTORE_FILE,
 WORKINGSET_NODERECLAIM, NR_ANON_THPS, THP_FAULT_ALLOC, PGSCAN_KSWAPD, PGSTEAL_KSWAPD,
 NR_STAT_ITEMS) = range(37)
#: PGSCAN and PGSTEAL are the direct reclaimers' (``PGSCAN_DIRECT``, ``PGSTEAL_DIRECT``:
#: a charge's, memory.high's, memory.reclaim's, an allocation below the min
#: watermark); kswapd counts PGSCAN_KSWAPD and PGSTEAL_KSWAPD (kernel/vmscan.py)

BYTE_ITEMS = frozenset((NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B, MEMCG_PERCPU_B))
#: events are counted, never batched away from the totals' sign
EVENTS = frozenset((PGFAULT, PGMAJFAULT, PGPGIN, PGPGOUT, PGSCAN, PGSTEAL, PGREFILL,
                    PGACTIVATE, PGDEACTIVATE, THP_FAULT_ALLOC, PGSCAN_KSWAPD, PGSTEAL_KSWAPD))

# memory.events (``enum memcg_memory_event``)
(MEMCG_LOW, MEMCG_HIGH, MEMCG_MAX, MEMCG_OOM, MEMCG_OOM_KILL, MEMCG_OOM_GROUP_KILL,
 NR_MEMORY_EVENTS) = range(7)
MEMORY_EVENT_NAMES = ("low", "high", "max", "oom", "oom_kill")


#: the shared all-zero vectors a memcg's pending deltas and events start as (read
#: only: written vectors are copied first, :func:`stat_vector`)
ZERO_STATS = (0,) * NR_STAT_ITEMS
ZERO_EVENTS = (0,) * NR_MEMORY_EVENTS
#: the shared empty per-CPU map of a memcg no CPU updated (``PercpuBatchStats``;
#: never written: ``mod`` replaces it first)
NO_PCPU: dict[int, array] = {}


#: zero vectors copied by :func:`stat_vector` and :func:`pending_vector` (a slice
#: of an array is one copy of its bytes; an array made from a tuple converts every
#: item)
_ZERO_Q = array("q", ZERO_STATS)
_ZERO_Q_EVENTS = array("q", ZERO_EVENTS)
_ZERO_PENDING = array("i", ZERO_STATS)
_ZERO_PENDING_LIST = list(ZERO_STATS)
#: a pending list packed into 4-byte items (``struct`` converts each int directly;
#: an array made from a list parses each item: ``PyArg_Parse``)
_PACK_PENDING = struct.Struct(f"{NR_STAT_ITEMS}i").pack


def stat_vector(init=ZERO_STATS) -> array:
    """A writable counter vector: 8 bytes an item, no int objects, nothing for the
    cyclic collector to walk."""
    if init is ZERO_STATS:
        return _ZERO_Q[:]
    if init is ZERO_EVENTS:
        return _ZERO_Q_EVENTS[:]
    return array("q", init)


def pending_vector(memcg) -> list[int] | array:
    """A writable vector of deltas awaiting an rstat flush. An online memcg's is a
    list (its updates, ~190 a churn lifecycle, are list stores: an array item of a
    signed type is set through ``PyArg_Parse``, ~460 instructions more a store);
    at offline it is packed (:func:`packed_pending`), and an offline memcg's is an
    array from the start: 4 bytes an item until one does not fit
    (:func:`widened_pending`), as a dying memcg no flush reached keeps its own
    (issue 14)."""
    if memcg.offline_at is None:
        return _ZERO_PENDING_LIST[:]
    return _ZERO_PENDING[:]


def packed_pending(p: "list[int] | tuple[int, ...]") -> array:
    """A pending list (or shared tuple) as an array: 4 bytes an item, or 8 if one
    does not fit (the array made from bytes copied by a slice: an array grown by
    ``frombytes`` keeps room for more, 36 bytes a dying memcg)."""
    try:
        return array("i", _PACK_PENDING(*p))[:]
    except struct.error:
        return array("q", p)


def widened_pending(stats: "MemcgStats") -> array:
    """``stats.pending`` in 8 bytes an item: a delta passed what 4 hold."""
    p = stats.pending = array("q", stats.pending)
    return p


#: how many distinct vectors ``RstatStats.shared`` keeps (cleared when full: a
#: vector interned before stays shared by those holding it)
SHARED_PENDING_MAX = 4096


def add_pending(stats: "MemcgStats", idx: int, val: int) -> None:
    """``val`` added to item ``idx`` of ``stats.pending`` where a store could not
    be made: a shared vector (:meth:`RstatStats.pack_offline`, a tuple) replaced
    by its own array first (4 bytes an item if they fit), an array whose 4 bytes
    do not hold the sum widened (:func:`widened_pending`)."""
    p = stats.pending
    if type(p) is tuple and p is not ZERO_STATS:
        p = stats.pending = packed_pending(p)
        try:
            p[idx] += val
            return
        except OverflowError:
            pass
    widened_pending(stats)[idx] += val


class MemcgStats:
    """The counters of one memcg: what readers see (``state``: hierarchical,
    ``local``: this memcg only) and what is still pending per CPU, held sparsely (a
    CPU's row exists once that CPU updated the memcg: a 256-CPU host costs the
    simulator what a 2-CPU one does). Vectors are ``array('q')`` (an online memcg's
    pending deltas a list: :func:`pending_vector`); every one (the
    folded counters, pending deltas, per-CPU rows and events) is a shared zero
    vector until written (a dying memcg's pending ones are zero once flushed; the
    folded ones of a memcg no flush reached, as churn's dying memcgs under rstat,
    stay shared)."""
    __slots__ = ("state", "local", "pcpu", "pending", "events", "events_local")

    def __init__(self, nr_cpus: int) -> None:
        # a shared zero tuple until written, then an array('q')
        self.state: Any = ZERO_STATS
        self.local: Any = ZERO_STATS
        #: cpu -> per-item deltas not yet folded (``memcg->vmstats_percpu``)
        self.pcpu = NO_PCPU
        #: the deltas awaiting an rstat flush (:func:`pending_vector`)
        self.pending: Any = ZERO_STATS
        self.events: Any = ZERO_EVENTS
        self.events_local: Any = ZERO_EVENTS


def _propagate(memcg, idx: int, delta: int) -> None:
    st = memcg.stats
    if st.local is ZERO_STATS:
        st.local = stat_vector()
    st.local[idx] += delta
    m = memcg
    while m is not None:
        st = m.stats
        s = st.state
        if s is ZERO_STATS:
            s = st.state = stat_vector()
        s[idx] += delta
        m = m.stat_parent


def seq_of(updates: list) -> tuple:
    """``(item, val)`` updates in order, as ``PercpuBatchStats.mod_seq`` makes them
    again: by item (each folds on its own), ``(item, sum or None, vals)`` each, the
    sum where every val is positive."""
    by: dict[int, list] = {}
    for idx, val in updates:
        v = by.get(idx)
        if v is None:
            by[idx] = [val]
        else:
            v.append(val)
    return tuple((idx, sum(v) if min(v) > 0 else None, tuple(v))
                 for idx, v in by.items())


def _new_pcpu_row(st, cpu: int) -> array:
    """A memcg's per-CPU statistics row for ``cpu`` (``st``: its ``stats``), made at
    its first update there: only the CPUs that touched it have one (issue 14)."""
    if st.pcpu is NO_PCPU:
        st.pcpu = {}
    pc = st.pcpu[cpu] = stat_vector()
    return pc


class PercpuBatchStats:
    """v5.12 and before: ``__mod_memcg_state`` keeps a per-CPU delta and folds it
    into the atomic hierarchical counters only when it exceeds
    ``MEMCG_CHARGE_BATCH`` (× PAGE_SIZE for byte items). Small cgroups read 0."""
    __slots__ = ("batch",)
    #: updates fold at thresholds crossed one by one: not to be summed by callers
    summed = False
    #: each item's per-CPU delta folds on its own: a run of updates of one memcg
    #: may be made again later as the same sequence (:meth:`mod_seq`)
    replays = True

    def __init__(self, batch: int) -> None:
        self.batch = batch

    def mod(self, memcg, idx: int, val: int, cpu: int) -> None:
        pc = memcg.stats.pcpu.get(cpu)
        if pc is None:
            pc = _new_pcpu_row(memcg.stats, cpu)
        x = pc[idx] + val
        threshold = self.batch * PAGE_SIZE if idx in BYTE_ITEMS else self.batch
        if x > threshold or -x > threshold:
            _propagate(memcg, idx, x)
            x = 0
        pc[idx] = x

    def mod2(self, memcg, idx: int, val: int, idx2: int, val2: int, cpu: int) -> None:
        """:meth:`mod` of ``idx``, then of ``idx2``."""
        self.mod(memcg, idx, val, cpu)
        self.mod(memcg, idx2, val2, cpu)

    def mod_seq(self, memcg, seq: tuple, cpu: int) -> None:
        """:meth:`mod` of each update of ``seq`` (:func:`seq_of`: a remembered slab
        walk's, ``SlabSpecs``), item by item. Positive updates whose sum keeps the
        CPU's delta within the threshold fold nowhere on the way (the delta starts
        within it, and only grows): added at once."""
        if not seq:
            return                  # (no per-CPU row made for nothing)
        st = memcg.stats
        pc = st.pcpu.get(cpu)
        if pc is None:
            pc = _new_pcpu_row(st, cpu)
        batch = self.batch
        for idx, total, vals in seq:
            threshold = batch * PAGE_SIZE if idx in BYTE_ITEMS else batch
            x = pc[idx]
            if total is not None and x + total <= threshold:
                pc[idx] = x + total
                continue
            for val in vals:
                x += val
                if x > threshold or -x > threshold:
                    _propagate(memcg, idx, x)
                    x = 0
            pc[idx] = x

    def flush(self, memcg=None) -> None:
        """Nothing to flush: readers see the folded counters."""

    def mod_each(self, memcg, items, val: int, n: int, cpu: int) -> None:
        """``n`` updates in a row (one a page), each adding ``val`` to every item
        of ``items`` in order: the folds happen where they would one by one. Each
        item's per-CPU delta is its own, so an item's ``n`` updates are taken at
        once (:func:`fold_run`) and each item folds once with what its updates
        would have folded in turn (a sum: the readers see the same)."""
        if n == 1:
            mod = self.mod
            for idx in items:
                mod(memcg, idx, val, cpu)
            return
        st = memcg.stats
        pc = st.pcpu.get(cpu)
        if pc is None:
            pc = _new_pcpu_row(st, cpu)
        batch = self.batch
        for idx in items:
            folded, pc[idx] = fold_run(pc[idx], val, n,
                                       batch * PAGE_SIZE if idx in BYTE_ITEMS else batch)
            if folded:
                _propagate(memcg, idx, folded)

    def mod_runs(self, memcg, totals: tuple, runs: tuple, cpu: int) -> None:
        """Runs of updates in order, ``runs`` ``(item, val, n)``: ``n`` updates of
        ``val`` each (a slab record's caches, object by object), every ``val`` of an
        item of one sign, ``totals`` each item's ``(item, sum)``. An item whose sum
        keeps the CPU's delta within the threshold folds nowhere on the way (the
        delta moves one way between two values within it): its sum added at once;
        the others' runs in turn (:func:`fold_run`), as :meth:`mod` of each."""
        st = memcg.stats
        pc = st.pcpu.get(cpu)
        if pc is None:
            pc = _new_pcpu_row(st, cpu)
        batch = self.batch
        walk: tuple = ()
        for idx, total in totals:
            threshold = batch * PAGE_SIZE if idx in BYTE_ITEMS else batch
            x = pc[idx] + total
            if x > threshold or -x > threshold:
                walk += (idx,)
            else:
                pc[idx] = x
        if not walk:
            return
        for idx, val, n in runs:
            if idx in walk:
                folded, pc[idx] = fold_run(pc[idx], val, n,
                                           batch * PAGE_SIZE if idx in BYTE_ITEMS else batch)
                if folded:
                    _propagate(memcg, idx, folded)

    @staticmethod
    def lruvec_local(memcg, idx: int) -> int:
        """``lruvec_page_state_local``: the per-node local counter
        (``pn->lruvec_stat_local``), which ``__mod_memcg_lruvec_state`` adds every
        update to at once (v5.8-v5.12): the folded local value and the CPUs' pending
        deltas. cgroup v1 ``memory.numa_stat`` prints it per node next to the
        batched ``memcg_page_state_local`` (5.10 read "file=99 N0=130":
        tests/conformance/scripts/v1-numa-stat.sh)."""
        st = memcg.stats
        return st.local[idx] + sum(pc[idx] for pc in st.pcpu.values())

    def pack_offline(self, memcg) -> None:
        """(No pending vectors: the per-CPU rows are arrays.)"""

    def css_offline(self, memcg) -> None:
        """``memcg_flush_percpu_vmstats`` at css_free (v5.x) folds leftovers into the
        parent; done at offline here so the parent's totals stay whole."""
        for pc in memcg.stats.pcpu.values():
            for idx, x in enumerate(pc):
                if x:
                    _propagate(memcg, idx, x)
                    pc[idx] = 0


class RstatStats:
    """v5.13+: updates are per-CPU and ``cgroup_rstat_flush`` folds them all into
    every ancestor when memory.stat is read, so reads are exact."""
    __slots__ = ("updated", "shared")
    #: updates only sum until a flush: callers may sum a batch of them and add it
    #: once, as long as nothing reads or flushes in between
    summed = True
    #: (sums are: :class:`PercpuBatchStats`' sequences are not needed)
    replays = False

    def __init__(self) -> None:
        self.updated: dict = {}
        #: the offline memcgs' pending vectors, each kept once (:meth:`pack_offline`)
        self.shared: dict[tuple, tuple] = {}

    def mod(self, memcg, idx: int, val: int, cpu: int) -> None:
        """``__mod_memcg_state`` + ``cgroup_rstat_updated``: the memcg joins the
        updated list on its first delta since a flush (a memcg holds pending deltas,
        not the shared zeros, exactly while it is on the list: :meth:`flush`)."""
        p = memcg.stats.pending
        if p is ZERO_STATS:
            p = memcg.stats.pending = pending_vector(memcg)
            self.updated[memcg] = None
        try:
            p[idx] += val
        except (OverflowError, TypeError):     # 4 bytes passed, or a shared vector
            add_pending(memcg.stats, idx, val)

    def mod2(self, memcg, idx: int, val: int, idx2: int, val2: int, cpu: int) -> None:
        """:meth:`mod` of ``idx``, then of ``idx2`` (a kmem page's ``MEMCG_KMEM`` and
        its own item), in one call: the memcg's pending vector found once."""
        p = memcg.stats.pending
        if p is ZERO_STATS:
            self.mod(memcg, idx, val, cpu)
            p = memcg.stats.pending
        else:
            try:
                p[idx] += val
            except (OverflowError, TypeError):
                add_pending(memcg.stats, idx, val)
                p = memcg.stats.pending
        try:
            p[idx2] += val2
        except (OverflowError, TypeError):
            add_pending(memcg.stats, idx2, val2)

    def mod_freed(self, memcg, kmem: int, freed, cpu: int) -> None:
        """A held slab record's free (slab.py ``_uncharge_specs``): ``MEMCG_KMEM``
        by ``kmem`` pages (the uncharges of its objects' pages), then each ``(item,
        bytes)`` of ``freed`` down by its bytes, as :meth:`mod` of each would (the
        deltas only sum until a flush), the pending vector found once."""
        if not (kmem or freed):
            return
        p = memcg.stats.pending
        if p is ZERO_STATS:
            p = memcg.stats.pending = pending_vector(memcg)
            self.updated[memcg] = None
        if kmem:
            try:
                p[MEMCG_KMEM] += kmem
            except (OverflowError, TypeError):
                add_pending(memcg.stats, MEMCG_KMEM, kmem)
                p = memcg.stats.pending
        for idx, nbytes in freed:
            try:
                p[idx] -= nbytes
            except (OverflowError, TypeError):
                add_pending(memcg.stats, idx, -nbytes)
                p = memcg.stats.pending

    def mod_summed(self, memcg, kmem: int, slab_u: int, slab_r: int, cpu: int) -> None:
        """A slab walk's summed updates (slab.py ``_add_summed``): ``MEMCG_KMEM`` by
        ``kmem`` pages, then ``NR_SLAB_UNRECLAIMABLE_B`` and ``NR_SLAB_RECLAIMABLE_B``
        by their bytes, each that is not 0, as :meth:`mod` of each would, the
        pending vector found once."""
        if not (kmem or slab_u or slab_r):
            return
        st = memcg.stats
        p = st.pending
        if p is ZERO_STATS:
            p = st.pending = pending_vector(memcg)
            self.updated[memcg] = None
        i = 0
        try:
            if kmem:
                p[MEMCG_KMEM] += kmem
            i = 1
            if slab_u:
                p[NR_SLAB_UNRECLAIMABLE_B] += slab_u
            i = 2
            if slab_r:
                p[NR_SLAB_RECLAIMABLE_B] += slab_r
        except (OverflowError, TypeError):     # 4 bytes passed, or a shared vector
            for idx, val in ((MEMCG_KMEM, kmem), (NR_SLAB_UNRECLAIMABLE_B, slab_u),
                             (NR_SLAB_RECLAIMABLE_B, slab_r))[i:]:
                if val:
                    self.mod(memcg, idx, val, cpu)

    def mod_seq(self, memcg, seq: tuple, cpu: int) -> None:
        """The updates of ``seq`` (:func:`seq_of`), summed until the flush: one
        update of each item's sum. (The slab walks sum theirs themselves.)"""
        for idx, _total, vals in seq:
            self.mod(memcg, idx, sum(vals), cpu)

    def mod_runs(self, memcg, totals: tuple, runs: tuple, cpu: int) -> None:
        """``PercpuBatchStats.mod_runs``' runs of updates here: :meth:`mod_each` of
        each run in turn (a subclass may count each update: 6.1's threshold)."""
        for idx, val, n in runs:
            self.mod_each(memcg, (idx,), val, n, cpu)

    def mod_each(self, memcg, items, val: int, n: int, cpu: int) -> None:
        """``n`` updates of ``val`` to each of ``items``: per-CPU deltas summed until
        the flush, so the same as one update of ``n * val`` each."""
        p = memcg.stats.pending
        if p is ZERO_STATS:
            p = memcg.stats.pending = pending_vector(memcg)
            self.updated[memcg] = None
        val *= n
        for idx in items:
            try:
                p[idx] += val
            except (OverflowError, TypeError):     # 4 bytes passed, or a shared vector
                add_pending(memcg.stats, idx, val)
                p = memcg.stats.pending

    def flush(self, memcg=None) -> None:
        for m in self.updated:
            p = m.stats.pending
            for idx in range(NR_STAT_ITEMS):
                if p[idx]:
                    _propagate(m, idx, p[idx])
            m.stats.pending = ZERO_STATS        # folded: the shared zeros again
        self.updated.clear()

    def css_offline(self, memcg) -> None:
        self.flush()

    def pack_offline(self, memcg) -> None:
        """The pending deltas of ``memcg``, gone offline, kept as a read-only
        tuple shared by every offline memcg whose deltas are the same, as the zero
        vector is (a churn's dying memcgs keep one of a few: 8 bytes each, not an
        array of 224, issue 14); one updated later gets its own array first
        (:func:`add_pending`)."""
        st = memcg.stats
        p = st.pending
        if type(p) is not tuple:
            shared = self.shared
            if len(shared) >= SHARED_PENDING_MAX:
                shared.clear()
            p = tuple(p)
            st.pending = shared.setdefault(p, p)


#: ``FLUSH_TIME``: the periodic stats flush of v5.15+ (2 * HZ)
FLUSH_TIME_NS = 2_000_000_000


class RstatThresholdStats(RstatStats):
    """v5.15+: memory.stat flushes only once enough updates piled up system-wide
    (``stats_flush_threshold`` above the number of CPUs, in units of
    MEMCG_CHARGE_BATCH), plus a flush every 2 s (``flush_memcg_stats_dwork``), so
    small changes read stale for up to 2 s."""
    __slots__ = ("batch", "pcpu_updates", "threshold", "clock")
    #: each update counts towards the flush threshold by its own size
    summed = False
    #: the threshold counts every memcg's updates on a CPU together: a run of one
    #: memcg's updates is made in its place, never again later
    replays = False

    def __init__(self, batch: int, kernel) -> None:
        super().__init__()
        self.batch = batch
        self.pcpu_updates = [0] * kernel.nr_cpus
        self.threshold = 0
        self.clock = kernel.clock
        self.clock.call_every(FLUSH_TIME_NS, self.force_flush)

    def mod(self, memcg, idx: int, val: int, cpu: int) -> None:
        p = memcg.stats.pending
        if p is ZERO_STATS:
            p = memcg.stats.pending = pending_vector(memcg)
            self.updated[memcg] = None
        try:
            p[idx] += val
        except (OverflowError, TypeError):     # 4 bytes passed, or a shared vector
            add_pending(memcg.stats, idx, val)
        x = self.pcpu_updates[cpu] + (val if val > 0 else -val)
        if x > self.batch:
            self.threshold += x // self.batch
            x = 0
        self.pcpu_updates[cpu] = x

    def mod2(self, memcg, idx: int, val: int, idx2: int, val2: int, cpu: int) -> None:
        """:meth:`mod` of ``idx``, then of ``idx2`` (each counts towards the threshold)."""
        self.mod(memcg, idx, val, cpu)
        self.mod(memcg, idx2, val2, cpu)

    def flush(self, memcg=None) -> None:
        """``mem_cgroup_flush_stats``"""
        if self.threshold > len(self.pcpu_updates):
            self.force_flush()

    def force_flush(self) -> None:
        RstatStats.flush(self)
        self.threshold = 0

    def mod_seq(self, memcg, seq: tuple, cpu: int) -> None:
        """Not for this design (``replays`` False): its threshold counts each
        update in the order all memcgs made them on the CPU."""
        model_bug("a remembered sequence of updates replayed under rstat's threshold")

    def css_offline(self, memcg) -> None:
        pass

    def mod_each(self, memcg, items, val: int, n: int, cpu: int) -> None:
        """``n`` updates of ``val`` to each of ``items`` (one a page, the items in
        turn): the deltas summed until the flush, and each update's ``abs(val)``
        counted towards the flush threshold on the CPU's ``stats_updates``
        (``memcg_rstat_updated``, v6.1), in closed form (:func:`fold_run`: the
        ``n * len(items)`` updates, each fold adding its ``x / MEMCG_CHARGE_BATCH``)."""
        if n == 1:
            mod = self.mod
            for idx in items:
                mod(memcg, idx, val, cpu)
            return
        RstatStats.mod_each(self, memcg, items, val, n, cpu)
        a = val if val > 0 else -val
        if not a:
            return
        batch = self.batch
        x = self.pcpu_updates[cpu]
        m = n * len(items)
        first = (batch - x) // a + 1        # updates until the first fold
        if m < first:
            self.pcpu_updates[cpu] = x + m * a
            return
        every = batch // a + 1
        k, r = divmod(m - first, every)
        self.threshold += (x + first * a) // batch + k * (every * a // batch)
        self.pcpu_updates[cpu] = r * a


def lruvec_page_state_local(memcg, idx: int) -> int:
    """``lruvec_page_state_local`` (one node): the memcg's own exact counter, its
    folded value and what is still pending per CPU or for the next rstat flush
    (v5.10 and v6.1 sum the per-CPU local counters; clamped at 0 as on SMP)."""
    st = memcg.stats
    x = st.local[idx] + st.pending[idx]
    for pc in st.pcpu.values():
        x += pc[idx]
    return x if x > 0 else 0


def fold_run(x: int, val: int, n: int, threshold: int) -> tuple[int, int]:
    """``n`` updates of ``val`` to a per-CPU delta ``x`` that folds whenever it
    passes ``threshold`` (``__mod_memcg_state``, v5.12 and before: ``abs(x) >
    threshold`` adds ``x`` to the totals and starts again from 0): returns the sum
    of the folds and the delta left, in closed form. ``|x| <= threshold``."""
    if val == 0 or n <= 0:
        return 0, x
    a = val if val > 0 else -val
    y = x if val > 0 else -x            # moving up by ``a``
    first = (threshold - y) // a + 1   # updates until the first fold
    if n < first:
        return 0, x + n * val
    folded = y + first * a
    every = threshold // a + 1         # then one fold every ``every`` updates
    k, r = divmod(n - first, every)
    folded += k * every * a
    if val > 0:
        return folded, r * a
    return -folded, -r * a


def _mod_one_by_one(mod, memcg, items, val: int, n: int, cpu: int) -> None:
    """``n`` updates in a row (one a page) through ``mod``, each adding ``val`` to
    every item of ``items`` in order (a module function, not a method shared
    between the classes: a compiled class's method takes only its own objects)."""
    for _ in range(n):
        for idx in items:
            mod(memcg, idx, val, cpu)


# ------------------------------------------------------------ node counters
#: node/zone counters the model drives (``enum node_stat_item`` names as /proc/vmstat
#: prints them), in pages unless named *_kb
NODE_ITEMS = ("nr_free_pages", "nr_inactive_anon", "nr_active_anon", "nr_inactive_file",
              "nr_active_file",
              "nr_anon_pages",
              "nr_file_pages", "nr_shmem", "nr_slab_reclaimable", "nr_slab_unreclaimable",
              "nr_kernel_stack", "nr_page_table_pages", "nr_percpu")


def node_page_state(k) -> dict[str, int]:
    """``global_node_page_state``/``global_zone_page_state`` of the model: every
    page it allocated, by kind (the page table's ``kind`` column), slab pages of
    every cache, and populated per-CPU pages over all units. ``nr_kernel_stack`` is
    in kB (``NR_KERNEL_STACK_KB``); ``nr_percpu`` is /proc/meminfo's Percpu in
    pages. The block devices' pages count as file pages; ``nr_blockdev`` (not a
    vmstat item) is how many of them there are (``nr_blockdev_pages``, /proc/meminfo's
    Buffers, which ``si_meminfo`` takes out of Cached). ``nr_dirty`` (NR_FILE_DIRTY)
    counts the dirty ext4 pages not yet written back (kernel/writeback.py)."""
    from .page_alloc import (PG_ANON, PG_BUFFER, PG_FILE, PG_PGTABLE, PG_SHMEM,
                             PG_SHMEM_ACTIVE, PG_STACK)
    kinds = k.mem_map.kind
    anon_lru = kinds.count(PG_ANON)
    swap = getattr(k, "swap", None)
    # swap-cache pages no pte maps are not NR_ANON_MAPPED (kernel/swapfile.py)
    anon = anon_lru - (len(swap.unmapped) if swap is not None else 0)
    active_file = kinds.count(PG_BUFFER)
    file = kinds.count(PG_FILE) + active_file
    shmem_active = kinds.count(PG_SHMEM_ACTIVE)
    shmem = kinds.count(PG_SHMEM) + shmem_active
    slab_pcpu = slab_percpu_pages(k)
    slab_r = slab_pcpu["nr_slab_reclaimable"]
    slab_u = slab_pcpu["nr_slab_unreclaimable"]
    percpu = slab_pcpu["nr_percpu"]
    held = k.node_stat_diff.held(0) + k.node_stat_diff.held(1)
    return {
        # (NR_FREE_PAGES exact: the slab pages the CPUs' differentials hold back
        # are allocated all the same)
        "nr_free_pages": -(len(k.mem_map) + slab_r + slab_u + held + percpu),
        "nr_inactive_anon": anon_lru + shmem - shmem_active,
        "nr_active_anon": shmem_active,
        "nr_inactive_file": file - active_file,
        "nr_active_file": active_file,
        "nr_anon_pages": anon, "nr_file_pages": file + shmem, "nr_shmem": shmem,
        "nr_slab_reclaimable": slab_r, "nr_slab_unreclaimable": slab_u,
        "nr_kernel_stack": (kinds.count(PG_STACK) - cached_stack_pages(k)) * PAGE_SIZE // 1024,
        "nr_page_table_pages": kinds.count(PG_PGTABLE),
        "nr_percpu": percpu,
        "nr_blockdev": k.buffers.nr_blockdev_pages(),
        "nr_dirty": k.writeback.nr_dirty_pages(),
        "pgfault": memcg_event_total(k, PGFAULT),
    }


def slab_percpu_pages(k) -> dict[str, int]:
    """:func:`node_page_state`'s slab and per-CPU counters alone (O(caches), not
    O(pages) nor O(memcgs): what a churn sample reads, fs/procmem.py
    ``slab_percpu_kb``); the slab items as ``global_node_page_state`` reads them,
    less what the CPUs' differentials hold (kernel/vmstat_diff.py)."""
    diff = k.node_stat_diff
    return {"nr_slab_reclaimable": k.slab.slab_pages(True) - diff.held(0),
            "nr_slab_unreclaimable": k.slab.slab_pages(False) - diff.held(1),
            "nr_percpu": k.percpu.populated_bytes() // PAGE_SIZE}


def cached_stack_pages(k) -> int:
    """Pages of the freed kernel stacks kept in the per-CPU ``cached_stacks`` slots
    (kernel/fork.c ``free_thread_stack``, CONFIG_VMAP_STACK): still allocated, but
    ``release_task_stack`` took them out of ``NR_KERNEL_STACK_KB``
    (``account_kernel_stack(tsk, -1)``) before caching them, so /proc/meminfo's
    KernelStack does not count them."""
    return sum(len(pfns) for cache in k.procs.stack_cache for pfns in cache)


def memcg_event_total(k, idx: int) -> int:
    """An event summed over every memcg, folded or still pending per CPU: what the
    global ``vm_event_states`` counter reads, since ``count_memcg_event_mm`` counts
    each event the kernel counts globally (``count_vm_event``) into the faulting
    task's memcg, the root's included. Freed memcgs' counts live on in their
    ancestors' hierarchical totals; nothing is flushed by reading this."""
    mc = k.memcg
    root = mc.root_mem_cgroup
    total = root.stats.state[idx] if root is not None else 0
    seen = set()
    for cg in (list(k.all_cgroups) + list(getattr(mc.stats, "updated", ()))
               + list(mc.dying_memcgs())):
        m = cg.subsys.get("memory") if hasattr(cg, "subsys") else cg
        if m is None or id(m) in seen:
            continue
        seen.add(id(m))
        total += m.stats.pending[idx] + sum(pc[idx] for pc in m.stats.pcpu.values())
    return total
