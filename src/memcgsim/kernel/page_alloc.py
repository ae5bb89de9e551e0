"""The page table (``mem_map``): every allocated page, its order, ``memcg_data``
and, for the explainer, what it is and who allocated it.

``page->memcg_data`` is an opaque word, as in the kernel: the handle of a
mem_cgroup (LRU page), of an obj_cgroup or a memcg with ``MEMCG_DATA_KMEM``
(non-slab kmem page), or of an objcg vector with ``MEMCG_DATA_OBJCGS`` (slab
page). Roman Gushchin, "mm: memcontrol: Use helpers to read page's
memcg data" (in v5.11) introduced the word; handles stand in for pointers.
Storage is columnar (lists and a bytearray indexed by pfn) to stay compact.
"""
from __future__ import annotations

from collections.abc import Callable, MutableSequence

from .lru import LruLinks

MEMCG_DATA_OBJCGS = 1
MEMCG_DATA_KMEM = 2
MEMCG_DATA_FLAGS_MASK = 3
HANDLE_SHIFT = 2

# what a page is (``kind``), for stats and for explaining pins. PG_BUFFER: a page of
# a block device's page cache (ext4 metadata, kernel/buffer.py), a file page born on
# the active LRU list (filemap.py ``page_cache_kind``); PG_PGDIR: an mm's PGD or PUD
# page, charged but outside NR_PAGETABLE (fork.py ``MM_UPPER_PGTABLE_PAGES``);
# PG_SHMEM_ACTIVE: a shmem page on the active anon list (filemap.py ``activate``)
PG_FREE, PG_ANON, PG_FILE, PG_SHMEM, PG_STACK, PG_PGTABLE, PG_SLAB, PG_KMALLOC, PG_KMEM, \
    PG_BUFFER, PG_PGDIR, PG_SHMEM_ACTIVE = range(12)
#: the kinds on a memcg's anon LRU lists
ANON_LRU_KINDS = (PG_ANON, PG_SHMEM, PG_SHMEM_ACTIVE)
#: the page_owner record of pfn 0 and of pages never allocated
NO_OWNER = (0, 0)

KIND_NAMES = ("free", "anon", "page-cache", "shmem", "kernel-stack", "page-table", "slab",
              "large-kmalloc", "kmem", "buffer-cache", "pgd/pud", "shmem")


class MemMap:
    __slots__ = ("memcg_data", "kind", "page_owner", "order", "_free", "nr_allocated", "lru",
                 "_last_owner", "wmark_limit", "wmark_hit")

    def __init__(self) -> None:
        # memcg_data and kind: a list and a bytearray, or their tracked subclasses
        # (:meth:`track`): typed as sequences, so that compiled code writes them
        # through ``__setitem__``
        self.memcg_data: MutableSequence[int] = [0]   # pfn 0 is never handed out
        self.kind: MutableSequence[int] = bytearray(1)
        #: ``page_ext``'s ``page_owner`` (``CONFIG_PAGE_OWNER``: ``pid``, ``ts_nsec``)
        #: as one ``(owner, alloc_ns)`` record a page, shared by the pages of one
        #: allocation call, and by those of :meth:`alloc` and one-by-one calls in a
        #: row with the same owner and time: the owner is a pid, an inode number or
        #: a cache id
        self.page_owner: list[tuple[int, int]] = [NO_OWNER]
        self._last_owner = NO_OWNER
        self.order = bytearray(1)
        self._free: list[int] = []
        self.nr_allocated = 0
        #: ``page->lru``: the links of the memcgs' LRU lists (kernel/lru.py)
        self.lru = LruLinks()
        #: the page allocator's watermark check, one comparison an allocation: past
        #: ``wmark_limit`` allocated pages the free ones are below the watermark that
        #: matters next (``zone_watermark_fast``), and ``wmark_hit(n, kind)`` runs
        #: before the pages are handed out (kernel/vmscan.py ``Vmscan.wmark_hit``:
        #: wakes kswapd, reclaims directly below min, sets the next limit)
        self.wmark_limit = 1 << 62
        self.wmark_hit: "Callable[[int, int], None] | None" = None

    def track(self, dirty: set) -> None:
        """From now on add to ``dirty`` the pfn of every page whose ``kind`` or
        ``memcg_data`` is written (alloc, free, charge, uncharge, reparenting):
        what the incremental invariant check (``Kernel(debug=True)``) visits."""
        from .page_track import tracked_columns
        self.memcg_data, self.kind = tracked_columns(self.memcg_data, self.kind, dirty)

    def alloc(self, kind: int, owner: int, now_ns: int, order: int = 0) -> int:
        """Allocate one page (or one compound page of ``order``) and return its pfn."""
        self.nr_allocated += 1 << order
        if self.nr_allocated > self.wmark_limit:
            self.wmark_hit(1 << order, kind)        # type: ignore[misc]
        rec = self._last_owner
        if rec[1] != now_ns or rec[0] != owner:
            # pages allocated one by one in a row share a record too (they are
            # kept: a dying memcg's page cache)
            rec = self._last_owner = (owner, now_ns)
        if self._free:
            pfn = self._free.pop()
            self.kind[pfn] = kind
            self.page_owner[pfn] = rec
            self.order[pfn] = order
            return pfn
        pfn = len(self.kind)
        self.memcg_data.append(0)
        self.kind.append(kind)
        self.page_owner.append(rec)
        self.order.append(order)
        self.lru.grow(1)
        return pfn

    def alloc_many(self, kind: int, owner: int, now_ns: int, n: int,
                   one_by_one: bool = False) -> list[int]:
        """``n`` order-0 pages at once (the hot paths: page tables, anon faults): the
        free list's last ``n`` in its order, then new pfns. ``one_by_one``: the pages
        ``n`` calls of :meth:`alloc` hand out, in that order (the free list taken
        from its end), their page_owner record shared as :meth:`alloc` shares it."""
        self.nr_allocated += n
        if self.nr_allocated > self.wmark_limit:
            self.wmark_hit(n, kind)                 # type: ignore[misc]
        free = self._free
        # min(n, len(free)) as a test (builtins' min parses keywords: ~700
        # instructions a call, 10,481 calls a seed)
        left = len(free) - n
        if left < 0:
            left = 0
        take = len(free) - left
        pfns = free[left:]
        del free[left:]
        if one_by_one:
            # as :meth:`alloc`'s calls in a row, one record for one owner at one
            # time (a kept file's 64 pages, read in four calls: 224 bytes a churn
            # lifecycle; bench/README.md, session 42)
            rec = self._last_owner
            if rec[1] != now_ns or rec[0] != owner:
                rec = self._last_owner = (owner, now_ns)
        else:
            rec = (owner, now_ns)
        if take:
            if one_by_one:
                pfns.reverse()
            # the free pages' columns set for their new allocation (a free page's
            # ``order`` is 0 already: :meth:`free`)
            kind_ = self.kind
            owner_ = self.page_owner
            for pfn in pfns:
                kind_[pfn] = kind
                owner_[pfn] = rec
        if take < n:
            first = len(self.kind)
            extra = n - take
            self.memcg_data.extend([0] * extra)
            self.kind.extend(bytes((kind,)) * extra)
            self.page_owner.extend([rec] * extra)
            self.order.extend(bytes(extra))
            self.lru.grow(extra)
            pfns.extend(range(first, first + extra))
        return pfns

    def alloc_two(self, kind: int, n: int, kind2: int, n2: int, owner: int,
                  now_ns: int) -> tuple[list[int], list[int]]:
        """``alloc_many(kind, owner, now_ns, n)`` then ``alloc_many(kind2, owner,
        now_ns, n2)`` (an mm's page tables, then its PGD and PUDs): the same pages,
        in one call when the free list holds them all."""
        free = self._free
        total = n + n2
        if len(free) < total or not n2 or self.nr_allocated + total > self.wmark_limit:
            return (self.alloc_many(kind, owner, now_ns, n),
                    self.alloc_many(kind2, owner, now_ns, n2))
        # the first call's pages are the free list's last n, the second's the n2
        # before them
        pfns = free[len(free) - total:]
        del free[len(free) - total:]
        self.nr_allocated += total
        rec = (owner, now_ns)
        kind_ = self.kind
        owner_ = self.page_owner
        first = pfns[n2:]
        second = pfns[:n2]
        for pfn in first:
            kind_[pfn] = kind
            owner_[pfn] = rec
        for pfn in second:
            kind_[pfn] = kind2
            owner_[pfn] = rec
        return first, second

    def alloc_each(self, kind: int, owner: int, now_ns: int, n: int) -> list[int]:
        """The pages ``n`` calls of :meth:`alloc` (order 0) hand out, in that order."""
        return self.alloc_many(kind, owner, now_ns, n, True)

    def free_many(self, pfns, freed: bool = False) -> None:
        """``free`` for order-0 pages, all already uncharged. ``freed``: the caller
        has just set every page's ``memcg_data`` to 0 and its ``kind`` to PG_FREE in
        one pass (``mem_cgroup_uncharge_list``, ``memcg_kmem_uncharge_pages``), so
        ``free_pages_check``'s test of the word is known to pass and is not
        repeated: only the free list and the count are left."""
        if not freed:
            kind = self.kind
            memcg_data = self.memcg_data
            for pfn in pfns:
                if memcg_data[pfn]:
                    self.free(pfn)      # reports the bug
                kind[pfn] = PG_FREE
        self.nr_allocated -= len(pfns)
        self._free.extend(pfns)

    def free(self, pfn: int) -> None:
        """``free_pages_prepare`` has already uncharged the page."""
        if self.memcg_data[pfn]:
            from .bug import model_bug
            model_bug("freeing a page that is still charged", pfn=pfn,
                      memcg_data=self.memcg_data[pfn], kind=KIND_NAMES[self.kind[pfn]])
        order = self.order[pfn]
        if order:
            self.order[pfn] = 0         # free pages are order 0 (what alloc_many expects)
        self.nr_allocated -= 1 << order
        self.kind[pfn] = PG_FREE
        self._free.append(pfn)

    def owner(self, pfn: int) -> int:
        """Who allocated the page: a pid, an inode number or a cache id."""
        return self.page_owner[pfn][0]

    def alloc_ns(self, pfn: int) -> int:
        """When the page was allocated (simulated ns)."""
        return self.page_owner[pfn][1]

    def set_owner(self, pfns, owner: int, now_ns: int) -> None:
        """The pages handed to a new ``owner`` at ``now_ns`` without being freed (a
        stack from the per-CPU cache of ``alloc_thread_stack_node``)."""
        rec = (owner, now_ns)
        page_owner = self.page_owner
        for pfn in pfns:
            page_owner[pfn] = rec

    def allocated(self):
        """Every allocated pfn (for walks that must not trust the refcounts)."""
        kind = self.kind
        return (pfn for pfn in range(1, len(kind)) if kind[pfn])

    def __len__(self) -> int:
        return self.nr_allocated
