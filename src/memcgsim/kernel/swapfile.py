"""Swap: mm/swapfile.c (swap areas, swap entries), mm/swap_cgroup.c (the memcg ID a
swap entry records) and the memcg side of swapping in mm/memcontrol.c.

A swap area is a file on a disk (``swapon``: ``SYSCALL_DEFINE2(swapon)``, its pages
after the header page usable, priority ``--least_priority`` from -2 down;
``swapoff``: ``try_to_unuse`` reads every entry back in). Reclaim of a memcg takes
anon pages off its LRU to swap when an area has room and the memcg's swap limit
allows (kernel/vmscan.py :meth:`~memcgsim.kernel.vmscan.Vmscan.shrink_anon`); each
page swapped out becomes a swap entry in the mm that mapped it (:class:`SwapEntries`
of ``Mm.swap``), and the entry records, in ``swap_cgroup``, the ID of the memcg the
swap is charged to, holding a reference on that ID:

- cgroup2: ``__mem_cgroup_try_charge_swap`` (from ``get_swap_page``/``add_to_swap``)
  charges ``memcg->swap`` (memory.swap.current) of ``mem_cgroup_id_get_online``
  (the page's memcg, or its nearest online ancestor if it is offline), counts
  MEMCG_SWAP, and records that ID; a failure at memory.swap.max counts the swap
  events ``max`` and ``fail``, no free slot ``fail``. The page itself is
  uncharged when it is freed (``mem_cgroup_swapout`` returns at once on cgroup2).
- cgroup1: ``mem_cgroup_swapout`` (from ``__remove_mapping``) moves the charge:
  memory uncharged, memsw kept (moved to the online ancestor if the memcg is
  offline), MEMCG_SWAP counted, the ID recorded.

A swap entry is freed (``swap_entry_free`` → ``mem_cgroup_uncharge_swap``: the swap
or memsw charge goes, MEMCG_SWAP, ``mem_cgroup_id_put``) when its last mapping goes:
the task's exit or exec, or its swap-in. So a removed cgroup whose pages were
swapped out while it was online stays dying, its ID held, until those entries are
freed (Linux commit 73f576c04b94 ("mm: memcontrol: fix cgroup creation failure after
many small jobs") (in v4.8) made the ID outlive the css's online state for them).

Swap-in (``do_swap_page``, ``try_to_unuse`` at swapoff) charges the
new page to the recorded memcg if it is online, else to ``get_mem_cgroup_from_mm(NULL)``
(``__read_swap_cache_async``: v5.10 ``mem_cgroup_charge(page, NULL, gfp)``, v6.1
``mem_cgroup_swapin_charge_folio(folio, NULL, gfp, entry)``): the root on v5.10,
the current task's memcg since Linux commit 04f94e3fbe17 ("mm: Charge active memcg
when no mm is set") (in v5.14), design switch ``swapin_nomm_charges_current``. On
cgroup1 the entry's memsw charge then goes (``mem_cgroup_swapin_uncharge_swap``).

The swap cache (mm/swap_state.c, v5.10 and v6.1 alike; docs/fidelity.md item 51):
a page read back from swap is added to the swap cache (``add_to_swap_cache``, counted
in NR_SWAPCACHE: /proc/meminfo SwapCached, 6.1's memory.stat ``swapcached``) and its
slot stays allocated while it is cached (``SWAP_HAS_CACHE``), on cgroup2 with its swap
charge. ``do_swap_page`` (mm/memory.c) looks the entry up in the cache first
(``lookup_swap_cache``: a page read ahead there is a hit, ``SWAP_RA_HIT``), else reads
it with ``swapin_readahead`` (a major fault, PGMAJFAULT), then maps the page and drops
the pte's reference (``swap_free``). A read fault leaves the page in the cache; a write
fault frees the cache and the slot when no other pte holds the entry (5.10
``reuse_swap_page``, 6.1 ``should_try_to_free_swap``). The guests' swap file is on a
rotational disk (``/sys/block/vda/queue/rotational`` 1: ``nr_rotate_swap``), so
``swap_use_vma_readahead`` is false on both and ``swap_cluster_readahead`` reads the
``swapin_nr_pages`` aligned block of slots around the entry (page-cluster 3: up to 8),
each slot in use and not cached read (PSWPIN) and charged as a swap-in is
(``__read_swap_cache_async``), marked PG_readahead (``SWAP_RA``). Slots are allocated
in order from ``cluster_next`` (``scan_swap_map_slots`` of a rotational area), so the
pages one reclaim pass swaps out lie next to each other. A cached page no pte maps is
freed with the last pte reference of its entry (``free_swap_and_cache``); reclaim takes
a cached page without writing it (it is clean): a mapped one's pte gets the entry back
(``try_to_unmap_one``: ``swap_duplicate``), on cgroup1 ``mem_cgroup_swapout`` records
the entry again. An exiting mm's cached pages leave the cache with their slots
(``free_swap_cache``).

The per-CPU swap slot caches (mm/swap_slots.c, v5.10 and v6.1 alike; docs/fidelity.md
item 313): once active (``check_cache_active``: more than 5 batches of 64 free slots a
CPU) a swap-out takes its slot from its CPU's cache (``get_swap_page`` /
``folio_alloc_swap``), refilled 64 slots at a time (``refill_swap_slots_cache`` →
``get_swap_pages``: in use in /proc/swaps, not charged), and a slot whose last
reference goes (``__swap_entry_free``, ``put_swap_page``) is put in the freeing CPU's
return cache (``free_swap_slot``: still in use, still charged to its memcg, its ID
reference held) until 64 are there and the next one flushes them
(``swapcache_free_entries`` → ``swap_entry_free`` → ``mem_cgroup_uncharge_swap``);
swapoff drains every cache first (``disable_swap_slots_cache_lock`` →
``__drain_swap_slots_cache``). So after a job's exit its memcg and its ancestors keep
up to 64 swapped pages a CPU charged, and a removed one stays dying until then.

A tmpfs page no process maps is swapped as well (``shmem_writepage``: the file's slot
keeps the entry, the inode goes on ``shmem_swaplist``), read back when the file is
read or written there, at swapoff (``shmem_unuse``, before the mms), and its entry
freed when the file is truncated or removed (docs/fidelity.md item 324). A THP
reclaim meets is tried whole first: ``get_swap_pages`` of a cluster finds none on a
file's area, swap.events counts a ``fail``, and the THP is split, its pages swapped
one by one (kernel/vmscan.py ``Vmscan.thp_swap_fallback``, item 329; the guests'
THPs in the recorded scripts were khugepaged's collapses, not modelled: items 295
and 325).

A swap-cache page no pte maps (read ahead, or left by an unmap while another pte
holds its entry) is out of NR_ANON_MAPPED (memory.stat ``anon``, /proc/meminfo
AnonPages), charged and on the anon LRU all the same (:meth:`Swap._unmap`).

Not modelled: the swap cache pages reclaim leaves behind while their write is under
way (the guests read 6-35 cached pages after a swap-out; traced, docs/fidelity.md
item 419: tools/sizes/swap-write-trace.sh) and the free-cluster search of
``scan_swap_map_slots`` (slots are taken in order, wrapping at the end), VMA-based
readahead (``swap_vma_readahead``: swap on a non-rotational device).
"""
from __future__ import annotations

import errno
from typing import TYPE_CHECKING

from .page_alloc import PG_ANON
from .vmstat import MEMCG_SWAP, NR_ANON_MAPPED, PGFAULT, PGMAJFAULT

if TYPE_CHECKING:
    from . import KernelCore
    from .memcontrol import MemCgroup

#: include/linux/swap.h: the magic at the end of a version-1 header page
SWAP_MAGIC = b"SWAPSPACE2"
PAGE = 4096
#: memory.swap.events (``enum memcg_memory_event``'s MEMCG_SWAP_HIGH..FAIL)
MEMCG_SWAP_HIGH, MEMCG_SWAP_MAX, MEMCG_SWAP_FAIL = range(3)
SWAP_EVENT_NAMES = ("high", "max", "fail")
#: /proc/sys/vm/page-cluster: ``swap_setup`` sets 3 above 16 MiB of RAM (both guests
#: read 3: calibration/recordings/swapin-trace--*); readahead reads up to 1 << 3 slots
PAGE_CLUSTER = 3
#: an area's entries are ``base + offset``: bases this far apart
AREA_SPAN = 1 << 32
#: include/linux/swap_slots.h (v5.10 and v6.1): ``SWAP_SLOTS_CACHE_SIZE`` (``SWAP_BATCH``
#: 64) slots a CPU's cache takes ahead and returns at once; the cache is activated
#: above ``THRESHOLD_ACTIVATE_SWAP_SLOTS_CACHE`` (5 batches) free slots a CPU,
#: deactivated (drained) below ``THRESHOLD_DEACTIVATE_SWAP_SLOTS_CACHE`` (2 batches)
SWAP_SLOTS_CACHE_SIZE = 64
THRESHOLD_ACTIVATE_SWAP_SLOTS_CACHE = 5 * SWAP_SLOTS_CACHE_SIZE
THRESHOLD_DEACTIVATE_SWAP_SLOTS_CACHE = 2 * SWAP_SLOTS_CACHE_SIZE


class SwapInfo:
    """``struct swap_info_struct`` of a swap file: its inode and path, its usable
    pages (``pages``: the header's ``last_page``, the header page excluded),
    the entries in use (``inuse_pages``) and its priority; its entries are ``base +
    offset`` (offsets 1..pages: slot 0 is the header), the next slot tried
    ``cluster_next``."""
    __slots__ = ("inode", "path", "pages", "inuse_pages", "prio", "base", "cluster_next")

    def __init__(self, inode, path: str, pages: int, prio: int, base: int = 0) -> None:
        self.inode = inode
        self.path = path
        self.pages = pages
        self.inuse_pages = 0
        self.prio = prio
        self.base = base
        self.cluster_next = 1


class Swap:
    """The machine's swap areas and entries (``swap_info[]``, ``swap_map``,
    ``swap_cgroup``), and the memcg charges of swap."""
    __slots__ = ("k", "areas", "least_priority", "area_of", "count", "record", "next_base",
                 "pswpin", "pswpout", "events", "cache", "cache_entry", "unmapped", "ra_marked",
                 "ra_hits", "prev_offset", "last_ra", "swap_ra", "swap_ra_hit", "pgmajfault",
                 "slots", "slots_ret", "held", "slot_cache_active", "slot_cache_enabled",
                 "shmem_of", "swaplist")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        self.areas: list[SwapInfo] = []
        #: ``least_priority``: the next area without a priority gets one less
        self.least_priority = -1
        #: entry -> its area
        self.area_of: dict[int, SwapInfo] = {}
        #: ``swap_map``: entry -> mappings of it (ptes holding it)
        self.count: dict[int, int] = {}
        #: ``swap_cgroup``: entry -> the memcg whose ID it records (one ID
        #: reference each), absent once uncharged (cgroup1 swap-in)
        self.record: dict[int, "MemCgroup"] = {}
        #: the next area's entry base
        self.next_base = AREA_SPAN
        #: the ``PSWPIN``/``PSWPOUT`` vm events
        self.pswpin = 0
        self.pswpout = 0
        #: the swap cache: entry -> its page, and page -> entry
        self.cache: dict[int, int] = {}
        self.cache_entry: dict[int, int] = {}
        #: cached pages no pte maps (read ahead, or left by an mm's unmap)
        self.unmapped: set[int] = set()
        #: entries whose cached page is marked PG_readahead
        self.ra_marked: set[int] = set()
        #: ``swapin_readahead_hits`` (starts at 4), ``swapin_nr_pages``'s
        #: ``prev_offset`` and ``last_readahead_pages``
        self.ra_hits = 4
        self.prev_offset = 0
        self.last_ra = 0
        #: the SWAP_RA, SWAP_RA_HIT and PGMAJFAULT vm events
        self.swap_ra = 0
        self.swap_ra_hit = 0
        self.pgmajfault = 0
        #: memcg -> its memory.swap.events counts (hierarchical, as memory.events)
        self.events: dict = {}
        #: ``swp_slots``: each CPU's cache of slots taken ahead (``slots``, used
        #: first to last) and of freed slots not yet returned (``slots_ret``)
        n = kernel.nr_cpus
        self.slots: list[list[int]] = [[] for _ in range(n)]
        self.slots_ret: list[list[int]] = [[] for _ in range(n)]
        #: the entries in those caches (``SWAP_HAS_CACHE`` with no page: in use)
        self.held: set[int] = set()
        #: ``swap_slot_cache_active``, and ``swap_slot_cache_enabled`` (a usable
        #: area, not in a swapoff: ``__reenable_swap_slots_cache``)
        self.slot_cache_active = False
        self.slot_cache_enabled = False
        #: the entries tmpfs files hold: entry -> (inode, page index)
        self.shmem_of: dict[int, tuple] = {}
        #: ``shmem_swaplist``: the tmpfs inodes with swapped pages, in the order
        #: ``shmem_writepage`` first put each on it (``list_add``: the newest first)
        self.swaplist: dict = {}

    # ------------------------------------------------------------- cached pages
    def _unmap(self, pfn: int) -> None:
        """A swap-cache page no pte maps any more, or not yet (:attr:`unmapped`):
        out of its memcg's NR_ANON_MAPPED (``page_remove_rmap``; a page read
        into the cache is counted only when ``do_swap_page`` maps it), while it
        stays charged and on the anon LRU (memory.stat ``anon`` leaves it out,
        ``swapcached`` keeps it: docs/fidelity.md item 420)."""
        self.unmapped.add(pfn)
        self.k.memcg.mod_lruvec_page_state(pfn, NR_ANON_MAPPED, -1)

    def _remap(self, pfn: int) -> None:
        """An unmapped swap-cache page mapped again (``page_add_anon_rmap``), or
        about to be freed with the anon page's statistics: back in
        NR_ANON_MAPPED (:meth:`_unmap`)."""
        if pfn in self.unmapped:
            self.unmapped.discard(pfn)
            self.k.memcg.mod_lruvec_page_state(pfn, NR_ANON_MAPPED, 1)

    # ------------------------------------------------------------- areas
    def total_swap_pages(self) -> int:
        """``total_swap_pages``: the usable pages of every area."""
        return sum(si.pages for si in self.areas)

    def nr_swap_pages(self) -> int:
        """``get_nr_swap_pages()``: the free slots of every area."""
        return sum(si.pages - si.inuse_pages for si in self.areas)

    def swapon(self, inode, path: str, header: bytes) -> None:
        """``SYSCALL_DEFINE2(swapon)`` of a regular file: EBUSY if it is a swap area
        already (``claim_swapfile``: IS_SWAPFILE), EINVAL without a version-1
        header (``read_swap_header``: "Unable to find swap-space signature") or
        with fewer than 10 usable pages; the area's size is the header's
        ``last_page`` (capped by the file), priority ``--least_priority``."""
        if any(si.inode is inode for si in self.areas):
            raise OSError(errno.EBUSY, "Device or resource busy")
        if len(header) < PAGE or header[PAGE - 10:PAGE] != SWAP_MAGIC:
            raise OSError(errno.EINVAL, "Invalid argument")
        version = int.from_bytes(header[1024:1028], "little")
        last_page = int.from_bytes(header[1028:1032], "little")
        size_pages = inode_size(inode) // PAGE
        if version != 1:
            raise OSError(errno.EINVAL, "Invalid argument")
        last_page = min(last_page, size_pages - 1)
        if last_page < 10:
            raise OSError(errno.EINVAL, "Invalid argument")
        self.least_priority -= 1
        self.areas.append(SwapInfo(inode, path, last_page, self.least_priority, self.next_base))
        self.next_base += AREA_SPAN
        self.areas.sort(key=lambda si: -si.prio)
        self.slot_cache_enabled = True      # enable_swap_slots_cache
        self.k.log.printk(f"Adding {last_page * 4}k swap on {path}.  Priority:"
                          f"{self.least_priority} extents:1 across:{last_page * 4}k FS")

    def find_area(self, inode) -> SwapInfo | None:
        return next((si for si in self.areas if si.inode is inode), None)

    def swapoff(self, si: SwapInfo) -> None:
        """``SYSCALL_DEFINE1(swapoff)``: the area stops taking entries, then
        ``try_to_unuse`` swaps every entry of it back into each mm that maps it
        (:meth:`unuse_mm`); ENOMEM (the area back on) if a page could not be charged.
        Every CPU's swap slot caches are drained first and stay off meanwhile."""
        # disable_swap_slots_cache_lock → __drain_swap_slots_cache: every CPU's caches
        self.slot_cache_enabled = False
        self.drain_slots_cache()
        self.areas.remove(si)       # no new entries go to it (SWP_WRITEOK cleared)
        try:
            self._unuse_all(si)
        finally:
            # reenable_swap_slots_cache_unlock: has_usable_swap()
            self.slot_cache_enabled = bool(self.areas)

    def _unuse_all(self, si: SwapInfo) -> None:
        """``try_to_unuse`` of ``si``: the tmpfs files' entries of it read back in
        (``shmem_unuse``, first), then every mm's; ENOMEM (the area back on) if a
        page could not be charged."""
        k = self.k
        if self.shmem_of and not self.shmem_unuse(si):
            self.areas.append(si)
            self.areas.sort(key=lambda s: -s.prio)
            raise OSError(errno.ENOMEM, "Cannot allocate memory")
        procs = k.procs
        for t in list(k.tasks.values()):
            mm = t.mm
            if mm is None or not mm.swap:
                continue
            # mmget_not_zero: held while unused, so a task of it that exits
            # meanwhile (a charge's OOM victim) leaves it whole until the mmput
            procs.mmget(mm)
            try:
                done = self.unuse_mm(mm, si)
            finally:
                procs.mmput(mm)
            if not done:
                self.areas.append(si)
                self.areas.sort(key=lambda s: -s.prio)
                raise OSError(errno.ENOMEM, "Cannot allocate memory")
        if si.prio < 0:
            # swapoff: the areas below it move up one, least_priority with them
            for other in self.areas:
                if other.prio < si.prio:
                    other.prio += 1
            self.least_priority += 1

    def unuse_mm(self, mm, si: SwapInfo) -> bool:
        """``unuse_mm``: every entry of ``si`` the mm maps read back in (a cached page
        used as it is, else read and charged as :meth:`swapin_memcg` says, the
        swapoff task current), its pte set; ``try_to_unuse`` then frees the cache
        and the slot (``try_to_free_swap``) once no pte holds the entry. The mm is
        held meanwhile: a charge's OOM victim that is its task exits without
        freeing it, and its entries are still read in (docs/fidelity.md item 397)."""
        entries = [e for e in mm.swap if self.area_of.get(e) is si]
        cache = self.cache
        for e in entries:
            if not mm.swap or e not in mm.swap:
                # a charge's OOM killed the mm's task and its exit zapped its
                # ptes: unuse_pte's pte_same_as_swp fails, nothing to map
                continue
            if self.count[e] > 1:
                # another mm's pte holds it too: this mm gets a page of its own
                # (the kernel maps the cached page in both: not modelled)
                if not self._swapin_copy(mm, e):
                    return False
                continue
            pfn = cache.get(e)
            if pfn is None:
                pfn = self.read_swap_cache_async(e, mm)
                if pfn is None:
                    if e not in self.count:
                        continue    # unuse_pte_range: the slot was freed meanwhile
                    return False
                if not mm.swap or e not in mm.swap:
                    continue        # (above: the charge's OOM victim was the mm's)
            self.ra_marked.discard(e)
            self._map_cached(mm, e, pfn, True)
        return True

    def _map_cached(self, mm, e: int, pfn: int, drop: bool) -> None:
        """The cached page ``pfn`` mapped at the mm's pte of ``e``, the pte's
        reference dropped (``swap_free``); ``drop``: the page leaves the cache, its
        slot freed, when no other pte holds ``e`` (``try_to_free_swap``)."""
        self._remap(pfn)
        mm.map_swapped(e, pfn)
        self.swap_free(e)
        if drop and e not in self.count:
            self.delete_from_swap_cache(pfn)

    def _swapin_page(self, e: int, mm) -> int | None:
        """A new anon page for entry ``e``, charged where :meth:`swapin_memcg` says
        (``mem_cgroup_swapin_charge_page``: reclaim, OOM); None if the charge failed."""
        k = self.k
        mc = k.memcg
        memcg = self.swapin_memcg(e, mm)
        if memcg is not mc.root_mem_cgroup and not mc.try_charge(memcg, 1):
            return None
        pfn = k.mem_map.alloc(PG_ANON, mm.owner.pid, k.clock.now_ns)
        mc.mem_cgroup_commit_charge(pfn, memcg, PG_ANON)
        return pfn

    def _swapin_copy(self, mm, e: int) -> bool:
        """A page of its own for ``mm`` at shared entry ``e`` (charged as a
        swap-in, read: PSWPIN), the entry's other ptes left holding it."""
        pfn = self._swapin_page(e, mm)
        if pfn is None:
            return False
        self.pswpin += 1
        if not mm.swap or e not in mm.swap:
            # the charge's OOM killed the mm's task, its ptes zapped: the page
            # read for it is freed (unuse_pte finds the pte changed)
            self.k.memcg.mem_cgroup_uncharge_list([pfn], True)
            return True
        mm.map_swapped(e, pfn)
        self.count[e] -= 1
        return True

    # ------------------------------------------------------------- tmpfs pages
    def shmem_writepage(self, pfn: int, memcg: "MemCgroup") -> bool:
        """``shmem_writepage`` (mm/shmem.c, v5.10 and v6.1) of a tmpfs page no process
        maps, taken by reclaim (``shrink_page_list`` → ``pageout``): a slot
        (``get_swap_page``/``folio_alloc_swap``: none counts swap.events ``fail``),
        on cgroup2 the swap charge (``mem_cgroup_try_charge_swap``: the page's memcg
        or its nearest online ancestor, ``max`` and ``fail`` at memory.swap.max),
        then ``shmem_delete_from_page_cache`` leaves the entry in the file's slot
        (``swp_to_radix_entry``: NR_SHMEM and NR_FILE_PAGES less), the inode goes on
        ``shmem_swaplist``, and the page, written, is freed (on cgroup1
        ``mem_cgroup_swapout`` moves its charge to memsw first). The write completes
        at once here (kernel/writeback.py): the guests' pages still under writeback
        stay in the swap cache, charged, until a later reclaim pass takes them (item
        296 of docs/fidelity.md: not modelled). False: no slot, or the swap limit
        refused it (the page stays)."""
        k = self.k
        mc = k.memcg
        dfl = k.dfl
        e = self.alloc_slot()
        if e is None:
            if dfl:
                self.swap_event(memcg, MEMCG_SWAP_FAIL)
            return False
        swap_memcg = self.mem_cgroup_id_get_online(memcg)
        root = mc.root_mem_cgroup
        if dfl and swap_memcg is not root:
            if swap_memcg.own_counter("memsw").try_charge(1) is not None:
                self.swap_event(swap_memcg, MEMCG_SWAP_MAX)
                self.swap_event(swap_memcg, MEMCG_SWAP_FAIL)
                mc.mem_cgroup_id_put(swap_memcg)
                self.free_swap_slot(e)
                return False
        self.count[e] = 1           # the file's value entry holds it
        self.record[e] = swap_memcg
        mc.mod_memcg_state(swap_memcg, MEMCG_SWAP, 1)
        index = k.filemap.pages.index[pfn]
        inode = k.filemap.delete_from_page_cache(pfn, free=False)
        if inode.swapped is None:
            inode.swapped = {}
        inode.swapped[index] = e
        self.shmem_of[e] = (inode, index)
        self.swaplist[inode] = None
        if dfl:
            mc.mem_cgroup_uncharge_list([pfn], True)
        else:
            mc.mem_cgroup_swapout(pfn, memcg, swap_memcg)
        self.pswpout += 1
        return True

    def shmem_swapin(self, inode, index: int, e: int) -> bool:
        """``shmem_swapin_page`` (v5.10; ``shmem_swapin_folio`` v6.1) of the tmpfs
        page at ``index`` whose slot holds entry ``e``: a new page read (PSWPIN),
        charged as a swap-in (:meth:`swapin_memcg`: the recorded memcg if online,
        else ``get_mem_cgroup_from_mm(NULL)``), put back in the file
        (``shmem_add_to_page_cache``), on cgroup1 the entry's memsw charge dropped
        (``mem_cgroup_swapin_uncharge_swap``); the entry then freed
        (``delete_from_swap_cache``, ``swap_free``: through the slot caches).
        False if the charge failed (the entry stays). The readahead of the
        neighbouring slots (``shmem_swapin`` → ``swap_cluster_readahead``) is not
        modelled: each page is read as it is needed."""
        memcg = self.swapin_memcg(e, None)
        k = self.k
        if not k.filemap.add_to_page_cache(inode, index, write=True, memcg=memcg):
            return False
        if not k.dfl:
            self.mem_cgroup_uncharge_swap(e)
        self.pswpin += 1
        self._shmem_forget(inode, index, e)
        self.free_entries((e,))
        return True

    def shmem_swapin_range(self, inode, first: int, last: int) -> bool:
        """The swapped-out pages of ``inode`` at ``first..last`` read back
        (:meth:`shmem_swapin`), in index order; False if one could not be charged."""
        swapped = inode.swapped
        for index in sorted(i for i in swapped if first <= i <= last):
            if not self.shmem_swapin(inode, index, swapped[index]):
                return False
        return True

    def _shmem_forget(self, inode, index: int, e: int) -> None:
        """The file's slot at ``index`` no longer holds entry ``e``."""
        swapped = inode.swapped
        del swapped[index]
        del self.shmem_of[e]
        if not swapped:
            inode.swapped = None
            self.swaplist.pop(inode, None)      # shmem_unuse's list_del_init

    def shmem_free_swap(self, inode, first: int) -> None:
        """``shmem_undo_range`` → ``shmem_free_swap`` of the file's entries from page
        ``first`` on (truncation, eviction): ``free_swap_and_cache`` of each."""
        for index in sorted(i for i in inode.swapped if i >= first):
            e = inode.swapped[index]
            self._shmem_forget(inode, index, e)
            self.free_entries((e,))

    def shmem_unuse(self, si: SwapInfo) -> bool:
        """``shmem_unuse`` (``try_to_unuse``'s first step): every tmpfs file on
        ``shmem_swaplist`` (the newest first) has its entries of ``si`` read back
        (:meth:`shmem_swapin`, the swapoff task current); False if a page could not
        be charged."""
        area_of = self.area_of
        for inode in reversed(list(self.swaplist)):
            for index, e in sorted(inode.swapped.items()):
                if area_of.get(e) is si and not self.shmem_swapin(inode, index, e):
                    return False
        return True

    # ------------------------------------------------------------- entries
    def get_swap_page(self) -> SwapInfo | None:
        """``get_swap_pages``: the highest-priority area with a free slot."""
        for si in self.areas:
            if si.inuse_pages < si.pages:
                return si
        return None

    def get_swap_pages(self, n: int) -> list[int]:
        """``get_swap_pages(n, ...)``: up to ``n`` free slots, from the highest-priority
        areas on, each in use (``SWAP_HAS_CACHE``) and in its area's ``inuse_pages``."""
        out: list[int] = []
        for si in self.areas:
            while len(out) < n and si.inuse_pages < si.pages:
                e = self.scan_swap_map_slot(si)
                si.inuse_pages += 1
                self.area_of[e] = si
                self.held.add(e)
                out.append(e)
        return out

    def check_cache_active(self) -> bool:
        """``check_cache_active``: the slot caches go active above 5 batches of free
        slots a CPU and are deactivated, drained, below 2."""
        if not self.slot_cache_enabled:
            return False
        pages = self.nr_swap_pages()
        ncpu = self.k.nr_cpus
        if not self.slot_cache_active:
            if pages > ncpu * THRESHOLD_ACTIVATE_SWAP_SLOTS_CACHE:
                self.slot_cache_active = True
        elif pages < ncpu * THRESHOLD_DEACTIVATE_SWAP_SLOTS_CACHE:
            self.slot_cache_active = False
            self.drain_slots_cache()
        return self.slot_cache_active

    def alloc_slot(self) -> int | None:
        """``get_swap_page`` (v5.10) / ``folio_alloc_swap`` (v6.1) of a small page:
        the next slot of this CPU's cache, refilled with a batch when empty
        (``refill_swap_slots_cache``), else one slot directly; None if none is free."""
        if self.check_cache_active():
            cache = self.slots[self.k.current.cpu]
            if not cache:
                cache.extend(self.get_swap_pages(SWAP_SLOTS_CACHE_SIZE))
            if cache:
                e = cache.pop(0)
                self.held.discard(e)
                return e
        got = self.get_swap_pages(1)
        if not got:
            return None
        self.held.discard(got[0])
        return got[0]

    def free_swap_slot(self, e: int) -> None:
        """``free_swap_slot``: with the caches active, ``e`` goes to this CPU's return
        cache (a full one, 64, is returned first: ``swapcache_free_entries``); else
        it is freed at once."""
        if self.slot_cache_active and self.slot_cache_enabled:
            ret = self.slots_ret[self.k.current.cpu]
            if len(ret) >= SWAP_SLOTS_CACHE_SIZE:
                self.swapcache_free_entries(ret)
                ret.clear()
            ret.append(e)
            self.held.add(e)
            return
        self.swapcache_free_entries((e,))

    def swapcache_free_entries(self, entries) -> None:
        """``swapcache_free_entries`` → ``swap_entry_free``: each slot free again, its
        swap charge gone (:meth:`mem_cgroup_uncharge_swap`)."""
        held = self.held
        for e in entries:
            held.discard(e)
            si = self.area_of.pop(e)
            si.inuse_pages -= 1
            self.mem_cgroup_uncharge_swap(e)

    def drain_slots_cache(self) -> None:
        """``__drain_swap_slots_cache(SLOTS_CACHE | SLOTS_CACHE_RET)``: every CPU's
        slots taken ahead and freed slots returned (``swapcache_free_entries``)."""
        for caches in (self.slots, self.slots_ret):
            for c in caches:
                if c:
                    self.swapcache_free_entries(list(c))
                    c.clear()

    def scan_swap_map_slot(self, si: SwapInfo) -> int:
        """``scan_swap_map_slots`` of a rotational area, simplified: the first free
        slot from ``cluster_next`` on, wrapping to the first after the header; the
        caller checked that one is free. A slot is in use while a pte holds its
        entry or its page is in the swap cache."""
        count, cache, held, base, n = self.count, self.cache, self.held, si.base, si.pages
        off = si.cluster_next
        while True:
            if off > n:
                off = 1
            e = base + off
            if e not in count and e not in cache and e not in held:
                si.cluster_next = off + 1
                return e
            off += 1

    def swap_event(self, memcg: "MemCgroup", event: int) -> None:
        """``memcg_memory_event`` of a swap event: up to the root's child."""
        root = self.k.memcg.root_mem_cgroup
        m: MemCgroup | None = memcg
        while m is not None and m is not root:
            ev = self.events.get(m)
            if ev is None:
                ev = self.events[m] = [0, 0, 0]
            ev[event] += 1
            m = m.parent_memcg

    def mem_cgroup_get_nr_swap_pages(self, memcg: "MemCgroup") -> int:
        """``mem_cgroup_get_nr_swap_pages``: the free slots, on cgroup2 no more than
        the room under memory.swap.max of the memcg and each ancestor."""
        nr = self.nr_swap_pages()
        k = self.k
        if not k.dfl:
            return nr
        root = k.memcg.root_mem_cgroup
        m: MemCgroup | None = memcg
        while m is not None and m is not root:
            c = m.memsw
            nr = min(nr, c.max - c.usage)
            m = m.parent_memcg
        return nr

    def mem_cgroup_id_get_online(self, memcg: "MemCgroup") -> "MemCgroup":
        """``mem_cgroup_id_get_online``: the memcg, or its nearest ancestor whose ID
        is still held (online), an ID reference taken on it. Linux commit
        1f47b61fb407 ("mm: memcontrol: fix swap counter leak on swapout from offline
        cgroup") (in v4.8)."""
        m = memcg
        root = self.k.memcg.root_mem_cgroup
        assert root is not None
        # refcount_inc_not_zero(&memcg->id.ref): an offline memcg whose ID swap
        # entries still hold takes the entry too
        while m is not root and m.offline_at is not None and not m.id_ref:
            p = m.parent_memcg
            m = p if p is not None else root
        m.id_ref += 1
        return m

    def swap_out(self, pfn: int, memcg: "MemCgroup", mm, loc) -> bool:
        """One anon page of ``memcg`` mapped by ``mm`` only (at ``loc``: its
        (area, index), or None for a page not faulted one by one) written to swap:
        ``add_to_swap`` (a slot, and on cgroup2 the swap charge), then the pte
        replaced by the entry and the page freed (``__remove_mapping``: on cgroup1
        ``mem_cgroup_swapout`` moves the charge first). False: no slot, or the
        memcg's swap limit refused it (the page stays)."""
        k = self.k
        mc = k.memcg
        e = self.alloc_slot()
        dfl = k.dfl
        if e is None:
            if dfl:
                self.swap_event(memcg, MEMCG_SWAP_FAIL)
            return False
        swap_memcg = self.mem_cgroup_id_get_online(memcg)
        root = mc.root_mem_cgroup
        if dfl and swap_memcg is not root:
            c = swap_memcg.own_counter("memsw")
            if c.try_charge(1) is not None:
                self.swap_event(swap_memcg, MEMCG_SWAP_MAX)
                self.swap_event(swap_memcg, MEMCG_SWAP_FAIL)
                mc.mem_cgroup_id_put(swap_memcg)
                self.free_swap_slot(e)      # put_swap_page: nothing recorded
                return False
        self.count[e] = 1
        self.record[e] = swap_memcg
        mc.mod_memcg_state(swap_memcg, MEMCG_SWAP, 1)
        mm.add_swap(e, loc)
        if dfl:
            mc.mem_cgroup_uncharge_list([pfn], True)
        else:
            mc.mem_cgroup_swapout(pfn, memcg, swap_memcg)
        self.pswpout += 1
        return True

    def swap_duplicate(self, entries) -> None:
        """``swap_duplicate`` of each entry (``copy_nonpresent_pte`` at fork)."""
        count = self.count
        for e in entries:
            count[e] += 1

    def free_entries(self, entries) -> None:
        """``free_swap_and_cache`` of each entry an unmapping mm held: one mapping
        less; the last one frees the slot (``swap_entry_free`` →
        :meth:`mem_cgroup_uncharge_swap`), or, if the entry's page is in the swap
        cache and no pte maps it, the page and then the slot
        (``__try_to_reclaim_swap`` with TTRS_UNMAPPED)."""
        count = self.count
        cache = self.cache
        for e in entries:
            n = count[e] - 1
            if n:
                count[e] = n
                continue
            del count[e]
            if cache:
                pfn = cache.get(e)
                if pfn is not None:
                    if pfn in self.unmapped:
                        self.delete_from_swap_cache(pfn)
                        self.k.memcg.mem_cgroup_uncharge_list([pfn], True)
                    continue        # a mapped cached page keeps the slot
            self._slot_free(e)

    def _slot_free(self, e: int) -> None:
        """The last reference to ``e`` gone (``__swap_entry_free``, ``put_swap_page``):
        :meth:`free_swap_slot`."""
        self.free_swap_slot(e)

    def swap_free(self, e: int) -> None:
        """``swap_free``: a pte's reference to ``e`` dropped as its page is mapped
        (the slot stays while the page is cached)."""
        count = self.count
        n = count[e] - 1
        if n:
            count[e] = n
        else:
            del count[e]
            if e not in self.cache:
                self._slot_free(e)

    def delete_from_swap_cache(self, pfn: int) -> None:
        """``delete_from_swap_cache`` (``try_to_free_swap``, reclaim's
        ``__remove_mapping``): the page leaves the swap cache; its slot is freed
        (``put_swap_page``) unless a pte still holds the entry."""
        self._remap(pfn)
        e = self.cache_entry.pop(pfn)
        del self.cache[e]
        self.ra_marked.discard(e)
        if e not in self.count:
            self._slot_free(e)

    def free_swap_cache(self, pfns: list[int]) -> list[int]:
        """``free_pages_and_swap_cache`` of pages an mm unmapped (exit, exec, munmap),
        before they are uncharged and freed: a cached page whose entry no pte holds
        leaves the cache and frees its slot (``try_to_free_swap``); one whose entry
        another pte still holds stays cached, unmapped (not freed: it is dropped
        from the returned list)."""
        ce = self.cache_entry
        if not ce or not ce.keys() & pfns:
            return pfns
        keep = []
        for pfn in pfns:
            e = ce.get(pfn)
            if e is not None and e in self.count:
                self._unmap(pfn)
                keep.append(pfn)
            elif e is not None:
                self.delete_from_swap_cache(pfn)
        if keep:
            kept = set(keep)
            pfns = [p for p in pfns if p not in kept]
        return pfns

    def mem_cgroup_uncharge_swap(self, e: int) -> None:
        """``__mem_cgroup_uncharge_swap``: the recorded memcg (if still recorded)
        loses the swap (cgroup2) or memsw (cgroup1) charge and MEMCG_SWAP, and
        its ID reference (``mem_cgroup_id_put``: the last one frees the ID and
        lets the dying memcg go)."""
        memcg = self.record.pop(e, None)
        if memcg is None:
            return
        mc = self.k.memcg
        if memcg is not mc.root_mem_cgroup:
            memcg.memsw.uncharge(1)
        mc.mod_memcg_state(memcg, MEMCG_SWAP, -1)
        mc.mem_cgroup_id_put(memcg)

    def swapin_memcg(self, e: int, mm) -> "MemCgroup":
        """The memcg a page read back for entry ``e`` is charged to: the recorded
        one until its ``rmdir`` (``css_tryget_online`` → ``percpu_ref_tryget_live``
        fails from ``kill_css``'s ``percpu_ref_kill_and_confirm`` on, which sets
        ``__PERCPU_REF_DEAD`` at once, not from the offline a grace period later:
        include/linux/cgroup.h, include/linux/percpu-refcount.h, lib/percpu-refcount.c,
        v5.10 and v6.1), else ``get_mem_cgroup_from_mm(NULL)``: the root, or (design
        switch ``swapin_nomm_charges_current``) the current task's memcg."""
        k = self.k
        m = self.record.get(e)
        if m is not None and m.killed_at is None:
            return m
        root = k.memcg.root_mem_cgroup
        assert root is not None
        if k.design.swapin_nomm_charges_current and k.current is not None \
                and k.current.mm is not None:
            return k.task_memcg(k.current)
        return root

    def read_swap_cache_async(self, e: int, mm, ra: bool = False) -> int | None:
        """``__read_swap_cache_async`` + ``swap_readpage`` of an entry not in the swap
        cache: None if its slot is free ("skip read ahead for unused swap slot") or
        the charge failed; else a new page charged (:meth:`swapin_memcg`,
        ``mem_cgroup_charge``/``mem_cgroup_swapin_charge_page``: reclaim, OOM), added
        to the cache unmapped, on cgroup1 the entry's memsw charge dropped
        (``mem_cgroup_swapin_uncharge_swap``), PSWPIN counted; ``ra``: a readahead
        page, marked PG_readahead (``SWAP_RA``)."""
        if e not in self.count:
            return None
        pfn = self._swapin_page(e, mm)
        if pfn is None:
            return None
        k = self.k
        if e not in self.count:
            # the charge's reclaim or OOM freed the entry meanwhile (an OOM
            # victim's exit): SWAP_HAS_CACHE held the slot over the charge, so the
            # page is read, then freed by try_to_free_swap (unuse_pte finds the
            # pte changed); the model freed the slot at the exit
            self.pswpin += 1
            k.memcg.mem_cgroup_uncharge_list([pfn], True)
            return None
        self.cache[e] = pfn
        self.cache_entry[pfn] = e
        self._unmap(pfn)
        if not k.dfl:
            self.mem_cgroup_uncharge_swap(e)        # mem_cgroup_swapin_uncharge_swap
        self.pswpin += 1
        if ra:
            self.ra_marked.add(e)
            self.swap_ra += 1
        return pfn

    def swapin_nr_pages(self, offset: int) -> int:
        """``swapin_nr_pages``/``__swapin_nr_pages`` (mm/swap_state.c, v5.10 and
        v6.1): the readahead window from the hits since the last one (``hits + 2``
        rounded up to a power of two, at least 4), a single page after no hit unless
        ``offset`` is next to the last one, at most ``1 << page_cluster``, at least
        half the last window."""
        max_pages = 1 << PAGE_CLUSTER
        hits, self.ra_hits = self.ra_hits, 0
        pages = hits + 2
        if pages == 2:
            if offset != self.prev_offset + 1 and offset != self.prev_offset - 1:
                pages = 1
        else:
            roundup = 4
            while roundup < pages:
                roundup <<= 1
            pages = roundup
        pages = min(pages, max_pages)
        pages = max(pages, self.last_ra // 2)
        if not hits:
            self.prev_offset = offset
        self.last_ra = pages
        return pages

    def swap_cluster_readahead(self, e: int, mm) -> int | None:
        """``swap_cluster_readahead``: the aligned block of :meth:`swapin_nr_pages`
        slots around ``e`` read into the swap cache (slot 0, the header, and slots
        past the area skipped), then ``e`` itself; its page, or None."""
        si = self.area_of[e]
        base = si.base
        offset = e - base
        mask = self.swapin_nr_pages(offset) - 1
        if mask:
            cache = self.cache
            for off in range(max(offset & ~mask, 1), min(offset | mask, si.pages) + 1):
                if off != offset and base + off not in cache:
                    self.read_swap_cache_async(base + off, mm, True)
        return self.read_swap_cache_async(e, mm)

    def do_swap_page(self, mm, e: int, write: bool) -> bool:
        """``do_swap_page`` (mm/memory.c, v5.10 and v6.1) of the mm's task at a fault
        on the pte holding ``e``: the page from the swap cache (``lookup_swap_cache``:
        a readahead mark is a hit, ``SWAP_RA_HIT``, ``swapin_readahead_hits``), else
        :meth:`swap_cluster_readahead` (a major fault: PGMAJFAULT); mapped, the pte's
        reference dropped (``swap_free``). A write fault takes the page out of the
        cache, its slot freed, when no other pte holds the entry (5.10
        ``reuse_swap_page``, 6.1 ``should_try_to_free_swap``); a read fault leaves it
        cached. Faults counted in the mm owner's memcg, and in its split RSS cache
        (an anon page more, a swap entry less: ``check_sync_rss_stat``). False if
        the charge failed (the entry stays)."""
        k = self.k
        pfn = self.cache.get(e)
        owner = k.task_memcg(mm.owner)
        mc = k.memcg
        if pfn is None:
            pfn = self.swap_cluster_readahead(e, mm)
            if pfn is None:
                return False
            self.pgmajfault += 1
            mc.mod_memcg_state(owner, PGMAJFAULT, 1)
            k.current.maj_flt += 1          # VM_FAULT_MAJOR: mm_account_fault
        else:
            if e in self.ra_marked:
                self.ra_marked.discard(e)
                self.swap_ra_hit += 1
                self.ra_hits += 1
            k.current.min_flt += 1
        mc.mod_memcg_state(owner, PGFAULT, 1)
        if k.current is mm.owner:
            # inc_mm_counter_fast(MM_ANONPAGES), dec_mm_counter_fast(MM_SWAPENTS):
            # the owner's split cache, synced by its later faults (Mm.rss_faults)
            mm.rss_faults(1, 1, 1)
        if self.count[e] > 1:
            # another pte holds the entry: the page stays cached for it, and this
            # mm writes a copy (``do_wp_page`` → ``wp_page_copy``, charged to its
            # owner's memcg). A read fault would map the cached page in both mms:
            # not modelled, the copy taken at once.
            if owner is not mc.root_mem_cgroup:
                with k.running(mm.owner):
                    if not mc.try_charge(owner, 1):
                        return False
            pfn = k.mem_map.alloc(PG_ANON, mm.owner.pid, k.clock.now_ns)
            mc.mem_cgroup_commit_charge(pfn, owner, PG_ANON)
            mm.map_swapped(e, pfn)
            self.count[e] -= 1
            return True
        self._map_cached(mm, e, pfn, write)
        return True

    def reclaim_cached(self, pfn: int, memcg: "MemCgroup", mm, loc) -> None:
        """Reclaim of a page in the swap cache (``shrink_page_list``: clean, written
        already, so no I/O): a mapped one's pte gets its entry back
        (``try_to_unmap_one``: ``swap_duplicate``); on cgroup1
        ``mem_cgroup_swapout`` records the entry again and moves the charge to
        memsw, on cgroup2 the page is uncharged; ``__remove_mapping`` takes it out
        of the cache (the slot stays: a pte holds it) and it is freed."""
        k = self.k
        mc = k.memcg
        e = self.cache_entry[pfn]
        if mm is not None:
            self.count[e] = self.count.get(e, 0) + 1
            mm.add_swap(e, loc)
        self._remap(pfn)
        del self.cache_entry[pfn]
        del self.cache[e]
        self.ra_marked.discard(e)
        if k.dfl:
            mc.mem_cgroup_uncharge_list([pfn], True)
        else:
            swap_memcg = self.mem_cgroup_id_get_online(memcg)
            self.record[e] = swap_memcg
            mc.mod_memcg_state(swap_memcg, MEMCG_SWAP, 1)
            mc.mem_cgroup_swapout(pfn, memcg, swap_memcg)

    def swapcached(self, memcg: "MemCgroup | None" = None) -> int:
        """NR_SWAPCACHE: pages in the swap cache (of ``memcg`` and its descendants)."""
        if memcg is None or not self.cache:
            return len(self.cache) if memcg is None else 0
        page_memcg = self.k.memcg.page_memcg
        n = 0
        for pfn in self.cache_entry:
            m = page_memcg(pfn)
            while m is not None and m is not memcg:
                m = m.parent_memcg
            n += m is not None
        return n

    def entries_of(self, memcg: "MemCgroup") -> int:
        """Swap entries recording ``memcg`` (for explain)."""
        return sum(1 for m in self.record.values() if m is memcg)


def inode_size(inode) -> int:
    """A regular file's size (``i_size``)."""
    return getattr(inode, "size", 0)
