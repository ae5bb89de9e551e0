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

Swap-in (``do_swap_page`` at a write fault, ``try_to_unuse`` at swapoff) charges the
new page to the recorded memcg if it is online, else to ``get_mem_cgroup_from_mm(NULL)``
(``__read_swap_cache_async``: v5.10 ``mem_cgroup_charge(page, NULL, gfp)``, v6.1
``mem_cgroup_swapin_charge_folio(folio, NULL, gfp, entry)``): the root on v5.10,
the current task's memcg since Linux commit 04f94e3fbe17 ("mm: Charge active memcg
when no mm is set") (in v5.14), design switch ``swapin_nomm_charges_current``. On
cgroup1 the entry's memsw charge then goes (``mem_cgroup_swapin_uncharge_swap``).

Not modelled: the swap cache (a page swapped in stays there with its entry until
reclaim or exit, and swap readahead reads the neighbours of a faulted entry: the
real kernels' pswpin runs ahead of their major faults and SwapCached is not 0),
swap of shmem pages, swapping a page more than one mm maps, and slot clusters
(which slot an entry takes is not visible: /proc/swaps counts them).
"""
from __future__ import annotations

import errno
from typing import TYPE_CHECKING

from .page_alloc import PG_ANON
from .vmstat import MEMCG_SWAP, PGFAULT, PGMAJFAULT

if TYPE_CHECKING:
    from . import KernelCore
    from .memcontrol import MemCgroup

#: include/linux/swap.h: the magic at the end of a version-1 header page
SWAP_MAGIC = b"SWAPSPACE2"
PAGE = 4096
#: memory.swap.events (``enum memcg_memory_event``'s MEMCG_SWAP_HIGH..FAIL)
MEMCG_SWAP_HIGH, MEMCG_SWAP_MAX, MEMCG_SWAP_FAIL = range(3)
SWAP_EVENT_NAMES = ("high", "max", "fail")


class SwapInfo:
    """``struct swap_info_struct`` of a swap file: its inode and path, its usable
    pages (``pages``: the header's ``last_page``, the header page excluded),
    the entries in use (``inuse_pages``) and its priority."""
    __slots__ = ("inode", "path", "pages", "inuse_pages", "prio")

    def __init__(self, inode, path: str, pages: int, prio: int) -> None:
        self.inode = inode
        self.path = path
        self.pages = pages
        self.inuse_pages = 0
        self.prio = prio


class Swap:
    """The machine's swap areas and entries (``swap_info[]``, ``swap_map``,
    ``swap_cgroup``), and the memcg charges of swap."""
    __slots__ = ("k", "areas", "least_priority", "area_of", "count", "record", "next_entry",
                 "pswpin", "pswpout", "events")

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
        self.next_entry = 1
        #: the ``PSWPIN``/``PSWPOUT`` vm events
        self.pswpin = 0
        self.pswpout = 0
        #: memcg -> its memory.swap.events counts (hierarchical, as memory.events)
        self.events: dict = {}

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
        self.areas.append(SwapInfo(inode, path, last_page, self.least_priority))
        self.areas.sort(key=lambda si: -si.prio)
        self.k.log.printk(f"Adding {last_page * 4}k swap on {path}.  Priority:"
                          f"{self.least_priority} extents:1 across:{last_page * 4}k FS")

    def find_area(self, inode) -> SwapInfo | None:
        return next((si for si in self.areas if si.inode is inode), None)

    def swapoff(self, si: SwapInfo) -> None:
        """``SYSCALL_DEFINE1(swapoff)``: the area stops taking entries, then
        ``try_to_unuse`` swaps every entry of it back into each mm that maps it
        (:meth:`unuse_mm`); ENOMEM (the area back on) if a page could not be charged."""
        k = self.k
        self.areas.remove(si)       # no new entries go to it (SWP_WRITEOK cleared)
        for t in list(k.tasks.values()):
            mm = t.mm
            if mm is None or not mm.swap:
                continue
            if not self.unuse_mm(mm, si):
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
        """``unuse_mm``: every entry of ``si`` the mm maps read back in (charged
        as :meth:`swapin_memcg` says, the swapoff task current), its pte set."""
        entries = [e for e in mm.swap if self.area_of.get(e) is si]
        for e in entries:
            if not self.swapin(mm, e, major=False):
                return False
        return True

    # ------------------------------------------------------------- entries
    def get_swap_page(self) -> SwapInfo | None:
        """``get_swap_pages``: the highest-priority area with a free slot."""
        for si in self.areas:
            if si.inuse_pages < si.pages:
                return si
        return None

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
        si = self.get_swap_page()
        dfl = k.dfl
        if si is None:
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
                return False
        e = self.next_entry
        self.next_entry = e + 1
        si.inuse_pages += 1
        self.area_of[e] = si
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
        :meth:`mem_cgroup_uncharge_swap`)."""
        count = self.count
        for e in entries:
            n = count[e] - 1
            if n:
                count[e] = n
                continue
            del count[e]
            si = self.area_of.pop(e)
            si.inuse_pages -= 1
            self.mem_cgroup_uncharge_swap(e)

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
        one while it is online (``css_tryget_online``), else
        ``get_mem_cgroup_from_mm(NULL)``: the root, or (design switch
        ``swapin_nomm_charges_current``) the current task's memcg."""
        k = self.k
        m = self.record.get(e)
        if m is not None and m.offline_at is None:
            return m
        root = k.memcg.root_mem_cgroup
        assert root is not None
        if k.design.swapin_nomm_charges_current and k.current is not None \
                and k.current.mm is not None:
            return k.task_memcg(k.current)
        return root

    def swapin(self, mm, e: int, major: bool = True) -> bool:
        """``do_swap_page`` (``major``: a fault of the mm's task, PGMAJFAULT) or
        ``unuse_pte``: a new page for entry ``e`` charged (:meth:`swapin_memcg`,
        reclaiming, OOM) and mapped where the entry was; on cgroup1 the entry's
        memsw charge goes; the entry is freed for this mm (a write fault reuses
        the page: ``reuse_swap_page``/``should_try_to_free_swap``). False if the
        charge failed (the entry stays)."""
        k = self.k
        mc = k.memcg
        memcg = self.swapin_memcg(e, mm)
        if memcg is not mc.root_mem_cgroup and not mc.try_charge(memcg, 1):
            return False
        pfn = k.mem_map.alloc(PG_ANON, mm.owner.pid, k.clock.now_ns)
        mc.mem_cgroup_commit_charge(pfn, memcg, PG_ANON)
        if not k.dfl:
            self.mem_cgroup_uncharge_swap(e)        # mem_cgroup_swapin_uncharge_swap
        if major:
            mc.mod_memcg_state(memcg, PGFAULT, 1)
            mc.mod_memcg_state(memcg, PGMAJFAULT, 1)
        self.pswpin += 1
        mm.map_swapped(e, pfn)
        self.free_entries((e,))
        return True

    def entries_of(self, memcg: "MemCgroup") -> int:
        """Swap entries recording ``memcg`` (for explain)."""
        return sum(1 for m in self.record.values() if m is memcg)


def inode_size(inode) -> int:
    """A regular file's size (``i_size``)."""
    return getattr(inode, "size", 0)
