"""Page cache (mm/filemap.c, mm/shmem.c) and the dentry cache (fs/dcache.c).

File pages are LRU pages charged to the memcg of the task that first brings them
into the cache, each holding one css reference until reclaimed or truncated: the
page-cache pin of dying cgroups. Disk (ext4-like) pages are clean after
writeback and dropped by ``drop_caches``; shmem (tmpfs) pages are swap-backed.
Dentries come from a SLAB_ACCOUNT cache; a failed lookup on a disk filesystem
leaves a *negative* dentry on the per-memcg list_lru, freed by the shrinker.
"""
from __future__ import annotations

from array import array
from collections import deque
from itertools import compress, count, repeat
from operator import sub
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .dcache import NegativeDentries, NumberedNames
from .page_alloc import PG_BUFFER, PG_FILE, PG_SHMEM, PG_SHMEM_ACTIVE
from .vmstat import (NR_ACTIVE_ANON, NR_ACTIVE_FILE, NR_INACTIVE_ANON, NR_INACTIVE_FILE,
                     PAGE_SIZE, PGACTIVATE, PGDEACTIVATE, PGSCAN_KSWAPD)
from .xarray import XA_CHUNK_SHIFT, PageIndex, xas_update_nodes

if TYPE_CHECKING:
    from . import KernelCore

#: ``DNAME_INLINE_LEN`` on 64-bit: longer names need an external name allocation
DNAME_INLINE_LEN = 32
DENTRY_SIZE = 192
#: runs an iterator to its end in C (the writes of ``map(column.__setitem__, ...)``)
_consume: Callable[[Iterable[Any]], None] = deque(maxlen=0).extend


def page_cache_kind(inode: "Inode") -> int:
    """The kind of a new page of ``inode``'s page cache: shmem (the anon LRU), a file
    page (the inactive file LRU), or a block device's page (ext4 metadata), which
    starts on the *active* file LRU: ``grow_dev_page`` creates it with
    ``find_or_create_page`` (FGP_ACCESSED: referenced), and ``__getblk_slow`` then
    finds it with ``__find_get_block_slow`` (FGP_ACCESSED again), whose
    ``mark_page_accessed``/``folio_mark_accessed`` of a referenced page not yet on
    the LRU sets it active (``__lru_cache_activate_page``/``_folio``) before the
    per-CPU LRU batch adds it (fs/buffer.c, mm/swap.c; the same in v5.10 and v6.1).
    Found by the oracle: memory.numa_stat's ``active_file N0=8192`` of a job's two
    metadata pages on 6.1 (tests/conformance/scripts/v2-numa-stat.sh)."""
    return PG_SHMEM if inode.shmem else PG_BUFFER if inode.bdev else PG_FILE


#: the LRU item of each kind of page-cache page (``page_lru``: its list's
#: NR_INACTIVE_*/NR_ACTIVE_* counter, which ``update_lru_size`` moves)
LRU_ITEM = {PG_FILE: NR_INACTIVE_FILE, PG_BUFFER: NR_ACTIVE_FILE, PG_SHMEM: NR_INACTIVE_ANON,
            PG_SHMEM_ACTIVE: NR_ACTIVE_ANON}


#: the contents of a file nothing has written: one shared empty ``bytes``, not an
#: empty ``bytearray`` each (56 bytes a file: a churn's kept file outlives its
#: dying memcg, issue 14); the first write gives the file its own (``vfs``
#: ``RegularFile.write``). (Typed as the bytearray it stands for: every store into
#: ``Inode.data`` makes one first.)
NO_DATA: bytearray = b""  # type: ignore[assignment]


class Inode:
    """A file's inode (``struct inode``) and, on a disk, its dcache state in
    ``slab``: ``(inode object, dentry object[, external name])`` while its dentry is
    cached, ``(inode object,)`` once the dcache shrinker freed the dentry of an
    inode the inode shrinker keeps (``inode_lru_skips_pagecache``), None once the
    inode shrinker evicted it (the next lookup reads it again: ``ext4_iget``), ``()``
    for an image file the model keeps no objects of."""
    __slots__ = ("ino", "size", "pages", "shmem", "nlink", "slab", "data", "bdev", "mode",
                 "held_structs", "mapping_id", "i_sb", "swapped", "i_sb_list")

    def __init__(self, ino: int, shmem: bool, mode: int = 0o644) -> None:
        self.ino = ino
        #: its permission bits (a program of the image's: 0o755)
        self.mode = mode
        self.size = 0
        self.pages = PageIndex()          # page index -> pfn (``i_pages``)
        self.shmem = shmem
        self.nlink = 1
        #: ``(cache, oid)``: its inode and dentry objects (a tuple: a kept file's
        #: inode outlives its dying memcg, issue 14)
        self.slab: tuple = ()
        self.data = NO_DATA
        self.bdev = False                 # a block device's mapping (buffer.py)
        #: its unaccounted slab structures, the LSM blob (``i_security``):
        #: ``Slab.held_of``
        self.held_structs = None
        #: its id in the page cache's ``PageMapping`` while it has cached pages, else 0
        self.mapping_id = 0
        #: a disk file's superblock shrinker (``inode->i_sb``'s ``s_shrink``, whose
        #: lists it goes on: kernel/super.py), None elsewhere
        self.i_sb: Any = None
        #: a tmpfs file's pages swapped out: page index -> swap entry (the value
        #: entries ``shmem_writepage`` leaves in ``i_pages``: kernel/swapfile.py
        #: ``Swap.shmem_writepage``), None while there is none
        self.swapped: dict[int, int] | None = None
        #: its place on its superblock's ``s_inodes`` (``i_sb_list``): when
        #: :meth:`Filemap.inode_sb_list_add` put it there, the larger the nearer the
        #: list's head (0: an inode the model never placed, the oldest)
        self.i_sb_list = 0


#: the largest page index of a 4-byte ``PageMapping.index`` (``array('I')``: files
#: up to 16 TiB); ``pgoff_t`` is an ``unsigned long``, so a larger one widens the
#: column to 8 bytes
INDEX_MAX = 2 ** 32 - 1


class PageMapping:
    """``page->mapping`` and ``page->index`` of the page cache's pages, as columns
    indexed by pfn like ``mem_map``'s (kernel/page_alloc.py): two 4-byte numbers a
    pfn instead of two dict entries and an int a cached page (issue 14 item 2: 64
    kept pages a churn lifecycle); ``index`` is 4 bytes until a page lies past
    ``INDEX_MAX``. ``mapping`` holds a mapping id, the inode's index in ``inodes``
    (0: not in the cache), given to an inode at its first cached page and taken
    back at its last one (``nr``: its cached pages; ids are recycled, ``_free_ids``):
    4 bytes a pfn where a reference took 8 (bench/README.md, session 19). No
    column keeps the order pages entered the cache: the kernel's walks of the
    whole cache go by inode and index (``Filemap.drop_pagecache``).
    ``referenced`` is the PG_referenced bit of ``page->flags`` (1 or 0), a byte a
    pfn (it was a set of pfns: ~64 B a referenced page, 4.1 KB a churn lifecycle,
    the set's table doubling to 268 MB at 100,000 lifecycles: bench/README.md,
    session 18)."""
    __slots__ = ("mapping", "inodes", "nr", "_free_ids", "index", "n", "referenced")

    def __init__(self) -> None:
        #: the mapping id of each pfn's page (0: not cached): ``inodes[mapping[pfn]]``
        #: is its inode (:meth:`get`)
        self.mapping = array("I")
        #: mapping id -> inode (slot 0, and a free id's slot, None)
        self.inodes: list[Inode | None] = [None]
        #: mapping id -> the inode's cached pages
        self.nr = array("I", (0,))
        self._free_ids: list[int] = []
        self.index = array("I")
        #: PG_referenced of each pfn's page (:meth:`Filemap.mark_page_accessed`),
        #: grown in place only: ``Filemap.referenced`` is the same bytearray
        self.referenced = bytearray()
        self.n = 0

    def _grow(self, pfn: int) -> None:
        extra = pfn + 1 - len(self.mapping)
        if extra > 0:
            self.mapping.frombytes(bytes(4 * extra))
            self.index.frombytes(bytes(self.index.itemsize * extra))
            self.referenced.extend(bytes(extra))

    def _id(self, inode: Inode) -> int:
        """``inode``'s mapping id, given now if it has none here (the id an inode
        keeps, ``Inode.mapping_id``, checked against ``inodes``: an inode in two
        tables, as tests build, gets an id in each)."""
        mid = inode.mapping_id
        inodes = self.inodes
        if mid and mid < len(inodes) and inodes[mid] is inode:
            return mid
        if self._free_ids:
            mid = self._free_ids.pop()
            inodes[mid] = inode
        else:
            mid = len(inodes)
            inodes.append(inode)
            self.nr.append(0)
        inode.mapping_id = mid
        return mid

    def _put_id(self, mid: int, n: int) -> None:
        """``n`` pages of mapping id ``mid`` left the cache; the id freed with its
        last one."""
        nr = self.nr
        left = nr[mid] - n
        nr[mid] = left
        if not left:
            inode = self.inodes[mid]
            if inode.mapping_id == mid:  # type: ignore[union-attr]
                inode.mapping_id = 0  # type: ignore[union-attr]
            self.inodes[mid] = None
            self._free_ids.append(mid)

    def _widen_index(self) -> None:
        """A page index past ``INDEX_MAX``: ``index`` in 8 bytes from now on."""
        if self.index.typecode != "q":
            self.index = array("q", self.index)

    def add(self, pfn: int, inode: Inode, index: int) -> None:
        """The page at ``pfn`` enters the cache as ``index`` of ``inode``."""
        if pfn >= len(self.mapping):
            self._grow(pfn)
        elif self.mapping[pfn]:
            raise KeyError(pfn)
        if index > INDEX_MAX:
            self._widen_index()
        mid = self._id(inode)
        self.mapping[pfn] = mid
        self.nr[mid] += 1
        self.index[pfn] = index
        self.n += 1

    def add_many(self, pfns, inode: Inode, indices) -> None:
        """:meth:`add` of each page of ``pfns`` at its index of ``indices``, in
        order: the columns grown once (a run of pfns in a row written as slices)."""
        top = max(pfns)
        if top >= len(self.mapping):
            self._grow(top)
        if max(indices) > INDEX_MAX:
            self._widen_index()
        mapping, index_ = self.mapping, self.index
        mid = self._id(inode)
        n = len(pfns)
        lo = pfns[0]
        if (n > 1 and pfns[-1] - lo == n - 1 and pfns == list(range(lo, lo + n))
                and not any(mapping[lo:lo + n])):
            # pfns in a row, none cached (a file read into pages allocated in a row):
            # each column's run written as one slice, not page by page
            hi = lo + n
            mapping[lo:hi] = array("I", (mid,)) * n
            index_[lo:hi] = array(index_.typecode, indices)
            self._added(mid, n)
            return
        done = 0
        for pfn, index in zip(pfns, indices):
            if mapping[pfn]:
                self._added(mid, done)
                raise KeyError(pfn)
            mapping[pfn] = mid
            index_[pfn] = index
            done += 1
        self._added(mid, done)

    def _added(self, mid: int, done: int) -> None:
        """:meth:`add_many` added ``done`` pages to mapping id ``mid``: the counts
        (the id freed if that was none)."""
        self.n += done
        self.nr[mid] += done
        if not done:
            self._put_id(mid, 0)

    def pop(self, pfn: int) -> tuple[Inode, int]:
        """The page leaves the cache: its inode and index."""
        mid = self.mapping[pfn] if pfn < len(self.mapping) else 0
        if not mid:
            raise KeyError(pfn)
        inode = self.inodes[mid]
        self.mapping[pfn] = 0
        self.n -= 1
        self._put_id(mid, 1)
        return inode, self.index[pfn]  # type: ignore[return-value]

    def get(self, pfn: int) -> Inode | None:
        """The inode of a cached page, else None."""
        return self.inodes[self.mapping[pfn]] if pfn < len(self.mapping) else None

    def __len__(self) -> int:
        return self.n

    def pfns(self) -> list[int]:
        """The cached pages, by pfn."""
        return list(compress(count(), self.mapping))


def super_blocks_order(vfs, orphans: dict) -> Callable[[Inode], tuple[int, int]]:
    """Where ``iterate_supers(drop_pagecache_sb)`` reaches an inode (a sort key):
    ``super_blocks`` from its head, where ``sget_fc`` added each superblock at the
    tail (fs/super.c, v5.10 and v6.1), then each superblock's ``s_inodes`` newest
    first (:meth:`Filemap.inode_sb_list_add`). At boot, ``mnt_init`` makes the
    initramfs' rootfs (tmpfs: the guests' layout, whose binaries' inodes the model
    keeps nowhere else: kernel/initramfs.py) before ``bdev_cache_init`` makes
    ``blockdev_superblock`` (``vfs_caches_init``, fs/dcache.c); the mounts after it
    follow in ``vfs``'s mount order (a filesystem mounted twice has one superblock).
    A disk file's superblock is its ``i_sb``'s, a tmpfs file's the one naming it
    (``orphans``: the unlinked files still open, and their filesystems)."""
    rank: dict[int, int] = {}
    sb_rank: dict[int, int] = {}
    order = vfs.order if vfs is not None else ()
    for i, (_target, fs) in enumerate(order):
        if id(fs) in rank:
            continue
        r = rank[id(fs)] = 0 if i == 0 and getattr(fs, "shmem", False) else 2 + i
        if getattr(fs, "s_shrink", None) is not None:
            sb_rank[id(fs.s_shrink)] = r
    shmem_rank: dict[int, int] | None = None

    def key(inode: Inode) -> tuple[int, int]:
        nonlocal shmem_rank
        if inode.bdev:
            return (1, -inode.i_sb_list)
        if inode.i_sb is not None:
            return (sb_rank.get(id(inode.i_sb), len(order) + 2), -inode.i_sb_list)
        if shmem_rank is None:
            shmem_rank = {}
            for _target, fs in order:
                if getattr(fs, "shmem", False):
                    r = rank[id(fs)]
                    for node in fs.nodes.values():
                        if type(node) is Inode:
                            shmem_rank.setdefault(id(node), r)
            for orphan, fs in orphans.items():
                shmem_rank.setdefault(id(orphan), rank.get(id(fs), len(order) + 2))
        return (shmem_rank.get(id(inode), 0), -inode.i_sb_list)
    return key


class Filemap:
    __slots__ = ("k", "negative", "pages", "orphans", "shadowed", "referenced", "workingset",
                 "s_inodes_added")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: inodes unlinked while open (``nlink`` 0, their dentries unhashed) -> the
        #: filesystem they were on, whose mount each holds (machine.py ``umount``):
        #: evicted at the last close (:meth:`release_orphans`)
        self.orphans: dict[Inode, Any] = {}
        #: negative dentries by path (the run holding each); the per-memcg list_lru
        #: is ``memcg -> {run: None}``, runs in the order their dentries were added
        self.negative = NegativeDentries()
        #: ``page->mapping`` and ``page->index`` by pfn
        self.pages = PageMapping()
        #: PG_referenced by pfn, 1 or 0 (:meth:`mark_page_accessed`): the column of
        #: :class:`PageMapping` (only a cached page's bit is ever set)
        self.referenced = self.pages.referenced
        #: data pages with PG_workingset set (deactivated: :meth:`deactivate`)
        self.workingset: set[int] = set()
        #: inodes reclaim left shadow entries in (some may have none left)
        self.shadowed: dict[Inode, None] = {}
        #: how many inodes :meth:`inode_sb_list_add` put on their superblock's list
        self.s_inodes_added = 0

    def inode_sb_list_add(self, inode: Inode) -> None:
        """``inode_sb_list_add`` (``new_inode``, ``iget_locked``/``inode_insert5``,
        a block device's ``bdev_alloc``/``bdget``): the inode goes on its
        superblock's ``s_inodes`` at the head (``list_add``: fs/inode.c, v5.10 and
        v6.1), so the list runs newest first; an inode evicted and read again is
        a new one there. ``Inode.i_sb_list`` keeps its place."""
        self.s_inodes_added += 1
        inode.i_sb_list = self.s_inodes_added

    # ---------------------------------------------------------------- pages
    def add_to_page_cache(self, inode: Inode, index: int, kind: int | None = None,
                          write: bool = False, noretry: bool = False, memcg=None) -> bool:
        """``filemap_add_folio``: allocate and charge a page to the current task's
        memcg (``mem_cgroup_charge(folio, current->mm)``); ``kind`` PG_BUFFER puts a
        file page on the active list (a lookup right after its creation). A read
        (not ``write``: __GFP_WRITE) into a slot holding a shadow entry is a
        refault (``workingset_refault``). ``noretry``: readahead's
        ``readahead_gfp_mask`` (__GFP_NORETRY: no OOM kill). ``memcg``: charge this
        one instead (a tmpfs page read back from swap: kernel/swapfile.py
        ``Swap.shmem_swapin``)."""
        k = self.k
        pages = inode.pages
        refault = not write and pages.shadows is not None and index in pages.shadows
        t = k.current
        if kind is None:
            kind = page_cache_kind(inode)
        pfn = k.mem_map.alloc(kind, inode.ino, k.clock.now_ns)
        if memcg is None:
            memcg = k.task_memcg(t) if t.mm is not None else k.memcg.root_mem_cgroup
        if not k.memcg.mem_cgroup_charge(pfn, memcg, kind, noretry):  # type: ignore[arg-type]
            k.mem_map.free(pfn)
            return False
        pages[index] = pfn
        self.pages.add(pfn, inode, index)
        ws = k.workingset
        if not inode.bdev and pages.xa_changed():
            ok = xas_update_nodes(k, pages)
            self.lru_changed(inode)         # mapping_shrinkable (v5.16): off the LRU
            if not ok:
                self.delete_from_page_cache(pfn)
                return False
            if pages.shadows:
                ws.relist_shadowed(inode)
        if ws.listed and inode in ws.listed:
            ws.update_listed(inode, (index >> XA_CHUNK_SHIFT,))
        if refault:
            ws.workingset_refault(inode, index, pfn, memcg)
        return True

    def activate(self, pfn: int) -> None:
        """``mark_page_accessed`` of a referenced page on an inactive list:
        ``activate_page`` moves it to the active one (mm/swap.c): a file page to
        the active file list, a shmem page to the active anon list."""
        k = self.k
        kinds = k.mem_map.kind
        old = kinds[pfn]
        if old == PG_FILE:
            new = PG_BUFFER
        elif old == PG_SHMEM:
            new = PG_SHMEM_ACTIVE
        else:
            return
        memcg = k.memcg.page_memcg(pfn)
        if memcg is not None:
            k.memcg._lru_stats(memcg, old, -1)
        kinds[pfn] = new
        if memcg is not None:
            k.memcg._lru_stats(memcg, new, 1)

    def touch(self, inode: Inode, first: int, last: int, write: bool = False,
              readahead: bool = False) -> bool:
        """Bring pages ``first..last`` (inclusive) into the cache, as read/write do:
        :meth:`add_to_page_cache` for each missing page in order. Pages whose charge
        the CPU's stock serves are allocated and committed as one run (the same
        pages, charges and statistics as one by one); the others, whose charge may
        reclaim or fail, go one by one. A run ends with the page whose store makes
        an xarray node (``PageIndex.xa_run``), the node charged right after it, as
        ``__filemap_add_folio`` charges it after the page and before the next.
        ``write``: a write's pages (no refaults). ``readahead``:
        ``page_cache_ra_unbounded``'s pages (__GFP_NORETRY charges; a page whose
        charge fails is skipped, the rest tried: kernel/readahead.py). A tmpfs
        file's swapped-out pages are read back first (``shmem_getpage_gfp`` →
        ``shmem_swapin_page``: kernel/swapfile.py ``Swap.shmem_swapin``)."""
        pages = inode.pages
        if inode.swapped and not self.k.swap.shmem_swapin_range(inode, first, last):
            return False
        missing = pages.missing(first, last)
        if len(missing) < 2:
            return (not missing or self.add_to_page_cache(inode, missing[0], None, write,
                                                          readahead) or readahead)
        k = self.k
        mc = k.memcg
        t = k.current
        kind = page_cache_kind(inode)
        memcg = k.task_memcg(t) if t.mm is not None else mc.root_mem_cgroup
        i, n = 0, len(missing)
        nodes = not inode.bdev
        while i < n:
            limit = pages.xa_run(missing, i) if nodes else n - i
            run = mc.consume_stock_run(memcg, limit)  # type: ignore[arg-type]
            if not run:
                if not self.add_to_page_cache(inode, missing[i], None, write,
                                              readahead) and not readahead:
                    return False
                i += 1
                continue
            pfns = k.mem_map.alloc_many(kind, inode.ino, k.clock.now_ns, run, True)
            mc.mem_cgroup_commit_charges(pfns, memcg, kind, each=True)  # type: ignore[arg-type]
            indices = missing[i:i + run]
            shadows = pages.shadows
            refaults = ([(x, p) for x, p in zip(indices, pfns) if x in shadows]
                        if shadows is not None and not write else None)
            pages.store_many(indices, pfns)
            self.pages.add_many(pfns, inode, indices)
            i += run
            ws = k.workingset
            if nodes and pages.xa_changed():
                ok = xas_update_nodes(k, pages)
                self.lru_changed(inode)
                if not ok:
                    self.delete_from_page_cache(pfns[-1])     # xas_nomem: -ENOMEM
                    return False
                if pages.shadows:
                    ws.relist_shadowed(inode)
            if ws.listed and inode in ws.listed:
                ws.update_listed(inode, {i >> XA_CHUNK_SHIFT for i in indices})
            if refaults:
                for index, pfn in refaults:
                    ws.workingset_refault(inode, index, pfn, memcg)
        return True

    def deactivate(self, pfns, memcg) -> None:
        """``shrink_active_list``'s deactivation of active data pages of ``memcg``:
        ``ClearPageActive``, ``SetPageWorkingset`` (kernel/vmscan.py)."""
        kinds = self.k.mem_map.kind
        for pfn in pfns:
            kinds[pfn] = PG_FILE
        self.k.memcg._lru_stats(memcg, PG_BUFFER, -len(pfns))
        self.k.memcg._lru_stats(memcg, PG_FILE, len(pfns))
        self.workingset.update(pfns)

    def mark_page_accessed(self, pfn: int) -> None:
        """``mark_page_accessed``/``folio_mark_accessed`` (mm/swap.c, v5.10 and v6.1)
        of a data page: the first access sets PG_referenced; one to a referenced
        inactive page activates it (``activate_page`` → ``__activate_page``:
        PGACTIVATE on its memcg and the node's), clears the bit and ages the lruvec
        (``workingset_activation``). The per-CPU pagevec that batches the
        activation (PAGEVEC_SIZE) is drained by the reader's exit (``exit_mmap``:
        ``lru_add_drain``): not modelled."""
        k = self.k
        ref = self.referenced
        if not ref[pfn]:
            ref[pfn] = 1
            return
        kind = k.mem_map.kind[pfn]
        if kind != PG_FILE and kind != PG_SHMEM:
            return                      # active already
        ref[pfn] = 0
        self.activate(pfn)
        k.vmscan.vm_events["pgactivate"] += 1
        memcg = k.memcg.page_memcg(pfn)
        if memcg is not None:
            k.memcg.mod_memcg_state(memcg, PGACTIVATE, 1)
            if kind == PG_FILE:         # page_is_file_lru: shmem is swap-backed
                k.workingset.workingset_age_nonresident(memcg, 1)

    def mark_accessed_range(self, inode: Inode, first: int, last: int) -> None:
        """``folio_mark_accessed`` of the data pages ``first..last`` a read copies
        (:meth:`read`); the first mark of a run sets PG_referenced as one update."""
        if first > last:
            return
        pfns = inode.pages.present(first, last)
        if not pfns:
            return
        ref = self.referenced
        lo, n = min(pfns), len(pfns)
        if max(pfns) - lo == n - 1:
            # n distinct pfns from lo to lo + n - 1: the bytes of that range
            if ref.find(1, lo, lo + n) < 0:
                ref[lo:lo + n] = b"\x01" * n
                return
        elif not any(map(ref.__getitem__, pfns)):
            _consume(map(ref.__setitem__, pfns, repeat(1)))
            return
        for pfn in pfns:
            self.mark_page_accessed(pfn)

    def read(self, inode: Inode, offset: int, length: int) -> bool:
        """``filemap_read`` (v6.1; ``generic_file_buffered_read`` v5.10): the
        missing pages brought in, then each page copied marked accessed, but the
        first when the read starts inside it: a sequential reader marked it
        already (the ``ra->prev_pos`` test: "only mark it as accessed the first
        time"). A shmem file (``shmem_file_read_iter``) marks each page whose
        beginning the read copies ("Mark the page accessed if we read the
        beginning": ``if (!offset)``), v5.10 and v6.1."""
        if length <= 0 or offset >= inode.size:
            return True
        end = min(inode.size, offset + length)
        first, last = offset // PAGE_SIZE, (end - 1) // PAGE_SIZE
        if not self.touch(inode, first, last):
            return False
        if not inode.bdev:
            self.mark_accessed_range(inode, first + (offset % PAGE_SIZE != 0), last)
        return True

    def write(self, inode: Inode, offset: int, length: int, bdev=None) -> bool:
        """``generic_perform_write``: the pages brought in; on a disk (``bdev``: its
        block device, for ext4's delayed allocation), their buffer heads and
        dirtying (kernel/writeback.py)."""
        if length <= 0:
            return True
        first, last = offset // PAGE_SIZE, (offset + length - 1) // PAGE_SIZE
        new = inode.pages.missing(first, last) if inode.shmem else None
        if not self.touch(inode, first, last, True):
            return False
        if new:
            # shmem_getpage_gfp (shmem_get_folio_gfp on v6.1): a page allocated for
            # a write (SGP_WRITE) starts referenced (``__SetPageReferenced``)
            pages = inode.pages
            _consume(map(self.referenced.__setitem__, filter(None, map(pages.get, new)),
                         repeat(1)))
        elif not inode.shmem and not inode.bdev:
            return self.k.writeback.write_begin(inode, first, last, bdev)
        return True

    def delete_from_page_cache(self, pfn: int, shadow=None, free: bool = True) -> Inode:
        """``__delete_from_page_cache``/``filemap_remove_folio``: the page leaves its
        mapping (the xarray nodes it emptied freed: ``xas_store(&xas, NULL)``),
        uncharged and freed. ``shadow``: reclaim's eviction (``__remove_mapping``
        with ``reclaimed``) of a disk file's page stores a workingset shadow entry
        in its slot (``workingset_eviction``), so its node stays; ``drop_caches``
        and truncation leave none. ``shadow`` is then the reclaim's target memcg.
        ``free`` False: the page stays charged and allocated (``shmem_writepage``
        moves it to the swap cache: kernel/swapfile.py). Returns its inode."""
        inode, index = self.pages.pop(pfn)
        pages = inode.pages
        del pages[index]
        if shadow is not None and not inode.bdev:
            pages.shadow(index)
            self.shadowed[inode] = None
            self.k.workingset.workingset_eviction(inode, index, shadow,
                                                  pfn in self.workingset)
        elif pages.xa is not None and pages.xa_changed():
            xas_update_nodes(self.k, pages, False)
            # v5.16's delete_from_page_cache: inode_add_lru once mapping_shrinkable
            self.lru_changed(inode)
        if pages.shadows is not None:
            # workingset_update_node: the leaf now holding only shadows is listed
            nr = index >> XA_CHUNK_SHIFT
            if pages.shadow_only(nr, shadow is not None):
                self.k.workingset.workingset_update_node(inode, nr)
        self.k.writeback.page_freed(pfn, inode, index)
        self.referenced[pfn] = 0
        self.workingset.discard(pfn)
        self.k.readahead.marks.discard(pfn)
        if free:
            self.k.memcg.mem_cgroup_uncharge(pfn)
            self.k.mem_map.free(pfn)
        return inode

    def truncate(self, inode: Inode, size: int) -> None:
        """``truncate_inode_pages_range``: pages past the new size leave the cache."""
        first = (size + PAGE_SIZE - 1) // PAGE_SIZE
        wb = self.k.writeback
        marks = self.k.readahead.marks
        pages = inode.pages
        if inode.swapped:
            self.k.swap.shmem_free_swap(inode, first)     # shmem_undo_range
        pages.clear_shadows(first)          # truncate_exceptional_pvec_entries
        self.k.workingset.forget(inode)
        for index in [i for i in pages if i >= first]:
            pfn = pages.pop(index)
            self.pages.pop(pfn)
            self.referenced[pfn] = 0
            self.workingset.discard(pfn)
            marks.discard(pfn)
            wb.page_freed(pfn, inode, index)
            self.k.memcg.mem_cgroup_uncharge(pfn)
            self.k.mem_map.free(pfn)
        if pages.xa is not None and pages.xa_changed():
            xas_update_nodes(self.k, pages, False)
            self.lru_changed(inode)
        if self.shadowed and pages.shadows is None:
            self.shadowed.pop(inode, None)
        self.k.workingset.update_listed(inode)
        inode.size = size

    def d_delete(self, inode: Inode, path: str) -> None:
        """``vfs_unlink`` → ``d_delete``: the name's only user goes, so its dentry is
        not freed but turned negative (``dentry_unlink_inode``) and kept on the
        list_lru of the memcg its object is charged to, until the shrinker or a new
        file of that name takes it. Found with the oracle (tools/sizes/
        dying-cost-slabs.sh): rm of 500 ext4 files freed none of their dentries'
        slabs."""
        objs = inode.slab
        for i, (c, oid) in enumerate(objs):
            if c.name == "dentry":
                break
        else:
            return
        inode.slab = objs[:i]
        self.lru_changed(inode)
        self.dentry_negative(objs[i:i + 2], path, inode.i_sb)

    def dentry_negative(self, objs: tuple | list, path: str, sb=None) -> None:
        """A name's dentry (``objs``: the dentry object, then its external name if
        any) turned negative at ``path`` and put on its memcg's list_lru (of the
        superblock shrinker ``sb``), as :meth:`d_delete` does with an inode's last
        name's."""
        c, oid = objs[0]
        ext = objs[1] if len(objs) > 1 else None
        k = self.k
        memcg = self.mem_cgroup_from_slab_obj(c, oid)
        run = self.negative.add(c, oid, [path], {0: ext} if ext is not None else None, memcg)
        k.list_lru(memcg)[run] = None
        if sb is not None:
            sb.negative_added(run)

    def mem_cgroup_from_slab_obj(self, c, oid: int):
        """The memcg a slab object's list_lru item goes on (``list_lru_add``:
        ``mem_cgroup_from_slab_obj``): its objcg's, or in the memcg_cache design its
        slab page's; the root's for an unaccounted one."""
        k = self.k
        slot = c.objcg_of(oid)
        if slot is None:
            memcg = None
        elif isinstance(slot, int):
            memcg = k.memcg.page_memcg(slot)
        else:
            memcg = slot.memcg
        return memcg if memcg is not None else k.memcg.root_mem_cgroup

    def evict_inode(self, inode: Inode) -> None:
        """``evict``: the pages truncated, the inode (and its dentry) freed, its LSM
        blob with it (``security_inode_free``)."""
        self.truncate(inode, 0)
        self._free_inode(inode)
        inode.slab = ()
        self.lru_changed(inode)

    def unlink(self, inode: Inode, path: str, disk: bool, fs: Any = None) -> None:
        """``vfs_unlink`` of a file's last name: ``d_delete`` turns its dentry negative
        and ``iput`` evicts it; while an open file holds it (``i_count``) the dentry is
        only unhashed (``__d_drop``) and the inode, its pages with it, stays until the
        last close (fs/dcache.c ``d_delete``, fs/inode.c ``iput_final``). A journalled
        data page jbd2 still needs (kernel/jbd2.py ``journal_unmap_buffer``) stays
        charged until the transaction's commit frees it (the model keeps it in the
        evicted inode's mapping until then). ``fs``: the filesystem it is on."""
        k = self.k
        if k.file_users and inode in k.inodes_in_use():
            inode.nlink = 0
            self.orphans[inode] = fs
            self.lru_changed(inode)
            return
        if disk:
            self.d_delete(inode, path)
        if k.buffers.jdata and inode in k.buffers.jdata and not k.buffers.unmap_data(
                inode, lambda: self._release_buffer_page(inode)):
            self._free_inode(inode)
            inode.slab = ()
            self.lru_changed(inode)
            return
        self.evict_inode(inode)

    def _release_buffer_page(self, inode: Inode) -> None:
        """jbd2's ``release_buffer_page`` after the commit: the truncated journalled
        data page freed."""
        self.k.buffers.jdata.pop(inode, None)
        self.truncate(inode, 0)

    def release_orphans(self) -> None:
        """Files were closed: the orphans no open file holds any more are evicted
        (``__fput`` → ``dput`` → ``iput_final``: their dentry and inode freed, pages
        truncated)."""
        orphans = self.orphans
        if not orphans:
            return
        in_use = self.k.inodes_in_use()
        for inode in [i for i in orphans if i not in in_use]:
            del orphans[inode]
            self.evict_inode(inode)

    def _free_inode(self, inode: Inode) -> None:
        """``destroy_inode``: its objects (and dentry's, if cached) and LSM blob, and
        its wb reference (``inode_detach_wb``)."""
        if inode in self.k.writeback.inode_wb:
            self.k.cgwb.inode_detach_wb(inode)
        self.k.slab.free_structs(inode)
        for c, oid in inode.slab or ():
            self.k.slab.kmem_cache_free(c, oid)

    # ------------------------------------------- the superblock shrinker (fs/super.c)
    @staticmethod
    def lru_changed(inode: Inode) -> None:
        """A disk file's dentry or inode may have joined or left its superblock's
        lists: marked for the shrinker (kernel/super.py ``lru_changed``); placed
        once 4,096 are marked, so that the marks of a run without counts or memcg
        offlines keep no evicted inode for long."""
        sb = inode.i_sb
        if sb is not None:
            stale = sb.stale
            stale[inode] = None
            if len(stale) > 4096:
                sb.settle()

    def prune_unused(self, inodes, in_use) -> None:
        """``super_cache_scan`` of a disk's superblock over every memcg, as
        ``drop_slab`` runs it until nothing more is freed: ``prune_dcache_sb`` frees
        every unused dentry (``dentry_lru_isolate``: a dentry with a reference, one
        an open file holds, stays), whose ``iput`` puts its inode on the inode LRU;
        then ``prune_icache_sb`` (``inode_lru_isolate``) evicts each unused clean
        inode (:meth:`prune_icache`), a referenced one too (the rest of a real
        system's caches keep ``drop_slab``'s loop going past the rotations: the
        model's lists hold its own files only). Reads fs/dcache.c and fs/inode.c of
        v5.10 and v6.1. ``inodes``: the superblock's cached file inodes, in the
        order they were made; ``in_use``: those open. The registered shrinker of
        each superblock, per memcg: kernel/super.py."""
        for inode in inodes:
            if self.dentry_on_lru(inode, in_use):
                self.prune_dentry(inode)
            if self.inode_on_lru(inode, in_use):
                self.prune_icache(inode)

    def dentry_on_lru(self, inode: Inode, in_use) -> bool:
        """The file's dentry is cached and unused (on ``s_dentry_lru``): no open file
        holds it (``in_use``), not an unlinked file still open."""
        objs = inode.slab
        return (objs is not None and len(objs) > 1 and inode not in in_use
                and inode not in self.orphans)

    def prune_dentry(self, inode: Inode) -> None:
        """``dentry_kill`` → ``dentry_free`` of the file's dentry; ``iput`` puts its
        inode on the inode LRU, or sets I_REFERENCED on one still there
        (kernel/super.py ``inode_referenced``)."""
        objs = inode.slab
        sb = inode.i_sb
        if sb is not None and sb.s_inode_lru.where:
            sb.inode_referenced(inode)
        slab = self.k.slab
        for c, oid in objs[1:]:
            slab.kmem_cache_free(c, oid)
        inode.slab = objs[:1]
        self.lru_changed(inode)

    def inode_on_lru(self, inode: Inode, in_use) -> bool:
        """The inode is cached without its dentry, unused and clean (on
        ``s_inode_lru``: ``inode_lru_list_add`` skips I_DIRTY), and from v5.16 has no
        xarray nodes (``mapping_shrinkable``, ``inode_lru_skips_pagecache``: pages or
        shadow entries; the shadow node shrinker frees those first:
        kernel/workingset.py)."""
        objs = inode.slab
        if not objs or len(objs) > 1 or inode in in_use or inode in self.orphans:
            return False
        if inode in self.k.writeback.dirty:
            return False
        return not (self.k.design.inode_lru_skips_pagecache and inode.pages.xa is not None)

    def prune_icache(self, inode: Inode) -> bool:
        """``inode_lru_isolate`` and ``evict`` of an inode on the LRU: one with page
        cache first has its clean pages invalidated (:meth:`inode_lru_reap`, before
        v5.16) and is evicted once none is left. Returns whether the inode was
        evicted."""
        if inode.pages:
            if self.k.design.inode_lru_skips_pagecache:
                return False
            self.inode_lru_reap(inode)
            if inode.pages:
                return False
        self.clear_shadows(inode)         # evict → truncate_inode_pages_final
        self._free_inode(inode)           # evict → destroy_inode
        inode.slab = None                 # type: ignore[assignment]  # evicted (Inode)
        self.lru_changed(inode)
        return True

    def inode_lru_reap(self, inode: Inode) -> None:
        """``inode_lru_isolate`` of an inode with page cache: its clean pages
        invalidated (``invalidate_mapping_pages``); the pages reaped count as
        KSWAPD_INODESTEAL in kswapd, else PGINODESTEAL, and as reclaimed by the
        reclaim under way (``current->reclaim_state->reclaimed_slab += reap``:
        fs/inode.c v5.10 and v6.1; ``mm_account_reclaimed_pages`` from v6.4)."""
        reap = self.invalidate_mapping_pages(inode)
        vmscan = self.k.vmscan
        vmscan.vm_events["kswapd_inodesteal" if vmscan.scan_item == PGSCAN_KSWAPD
                         else "pginodesteal"] += reap
        if vmscan.reclaimed_slab is not None:
            vmscan.reclaimed_slab += reap

    def clear_shadows(self, inode: Inode) -> None:
        """``clear_shadow_entry`` of each of the inode's shadow entries, the nodes
        left empty freed."""
        pages = inode.pages
        if pages.clear_shadows() and pages.xa_changed():
            xas_update_nodes(self.k, pages, False)
            self.lru_changed(inode)
        self.shadowed.pop(inode, None)
        self.k.workingset.forget(inode)
        self.k.workingset.update_listed(inode)

    def invalidate_mapping_pages(self, inode: Inode) -> int:
        """``invalidate_mapping_pages`` of a whole file: its entries by index
        (``pagevec_lookup_entries`` v5.10, ``find_lock_entries`` v6.1; mm/truncate.c),
        its shadow entries cleared (``invalidate_exceptional_entry``), each clean page
        removed (``invalidate_inode_page``/``mapping_evict_folio``: a dirty one
        stays, ``PageDirty``) unless its buffers cannot be released
        (``try_to_release_page``/``filemap_release_folio``: a block device page's
        busy buffers, a journalled data page jbd2 holds: :meth:`buffers_busy`).
        Returns the pages removed."""
        self.clear_shadows(inode)
        pages = inode.pages
        if inode.shmem:
            # every page of a tmpfs file is PageDirty (``shmem_write_end``,
            # ``shmem_fallocate``'s ``set_page_dirty``): none goes, each deactivated
            self.deactivate_file_pages([pages[i] for i in pages])
            return 0
        bdev = inode.bdev
        buffers = self.k.buffers
        jdata = bool(buffers.jdata) and inode in buffers.jdata
        dirty = self.k.writeback.dirty.get(inode, ())
        reap = 0
        kept = []
        for index in list(pages):
            if index in dirty or (buffers.busy(inode, index) if bdev
                                  else jdata and buffers.data_busy(inode)):
                kept.append(pages[index])
                continue
            self.delete_from_page_cache(pages[index])
            reap += 1
        if kept:
            self.deactivate_file_pages(kept)
        return reap

    def deactivate_file_pages(self, pfns: list[int]) -> None:
        """``deactivate_file_page`` (mm/swap.c v5.10; ``deactivate_file_folio`` v6.1)
        of each page ``invalidate_mapping_pages`` failed to drop, in index order
        (mm/truncate.c ``__invalidate_mapping_pages`` v5.10, ``invalidate_mapping_
        pagevec``/``mapping_try_invalidate`` v6.1: ``if (!ret)
        deactivate_file_page(page)``). Each goes through the per-CPU
        ``lru_deactivate_file`` batch (PAGEVEC_SIZE), which the walk's own
        ``pagevec_release``/``folio_batch_release`` drains (``lru_add_drain``): the
        model moves them at once. ``lru_deactivate_file_fn`` (v5.10 and v6.1) leaves
        a mapped page (``page_mapped``: the guests' binaries' pages a process maps,
        kernel/initramfs.py); it takes each other one off its list (active or not),
        clears PG_active and PG_referenced, and puts a dirty or writeback page at
        the head of its inactive list with PG_reclaim (kernel/writeback.py
        ``reclaim``: the flusher's write rotates it, ``_end_writeback``), a clean
        one (a block device page whose buffers are busy, a journalled data page
        jbd2 holds) at the tail with PGROTATED; an active one counts PGDEACTIVATE
        on its memcg (``__count_memcg_events``, page by page) and the node's. The list of a page
        is its kind's: a tmpfs page's the anon one (``page_lru_base_type``:
        swap-backed). The LRU sizes move page by page (``update_lru_size``: the
        LRU items alone, NR_SHMEM and NR_FILE_PAGES untouched). Not arising in the
        model: a page under writeback (5.10 deactivates it; 6.1's
        ``find_lock_entries`` skips it, as it skips a locked page on both) and an
        unevictable one."""
        k = self.k
        mapped = k.procs.initramfs.mapped
        if mapped:
            pfns = [pfn for pfn in pfns if pfn not in mapped]
        if not pfns:
            return
        kinds = k.mem_map.kind
        mc = k.memcg
        cpu = k.current.cpu
        ref = self.referenced
        wb = k.writeback
        page_memcg = mc.page_memcg
        mod = mc.stats.mod
        # memcg -> ([head pages], [tail pages]) of its file list, then of its anon one
        moves: dict[Any, tuple[list[int], list[int], list[int], list[int]]] = {}
        deactivated: dict = {}
        rotated = 0
        for pfn in pfns:
            ref[pfn] = 0                    # ClearPageReferenced
            kd = kinds[pfn]
            anon = kd == PG_SHMEM or kd == PG_SHMEM_ACTIVE
            new = PG_SHMEM if anon else PG_FILE
            kinds[pfn] = new                # ClearPageActive
            m = page_memcg(pfn)
            lists = moves.get(m)
            if lists is None:
                lists = moves[m] = ([], [], [], [])     # file head, tail; anon head, tail
            if anon or self.page_dirty(pfn):
                lists[2 * anon].append(pfn)         # the head, PG_reclaim
            else:
                lists[2 * anon + 1].append(pfn)     # the tail, PGROTATED
                rotated += 1
            if m is not None:
                # del_page_from_lru_list, add_page_to_lru_list(_tail)
                mod(m, LRU_ITEM[kd], -1, cpu)
                mod(m, LRU_ITEM[new], 1, cpu)
                if kd != new:
                    deactivated[m] = deactivated.get(m, 0) + 1
        for m, (fhead, ftail, ahead, atail) in moves.items():
            wb.reclaim.update(fhead)        # SetPageReclaim
            wb.reclaim.update(ahead)
            if m is None:
                continue
            for lru, head, tail in ((m.lru_file, fhead, ftail), (m.lru_anon, ahead, atail)):
                if head:
                    lru.remove_many(head)
                    lru.extend(head)        # each at the head in turn: the last newest
                if tail:
                    lru.remove_many(tail)
                    # each at the tail in turn: the last is the one reclaim takes first
                    lru.prepend(tail[::-1])
        for m, n in deactivated.items():
            mc.stats.mod_each(m, (PGDEACTIVATE,), 1, n, cpu)
            k.vmscan.vm_events["pgdeactivate"] += n
        if rotated:
            wb.events["pgrotated"] += rotated

    # -------------------------------------------------------------- dentries
    def alloc_dentry_objs(self, name: str) -> list | None:
        """``__d_alloc``: a dentry from the SLAB_ACCOUNT cache, plus an accounted
        external name when it does not fit inline."""
        slab = self.k.slab
        objs = []
        c = slab.cache("dentry", DENTRY_SIZE, reclaimable=True)
        oid = slab.kmem_cache_alloc(c)
        if oid is None:
            return None
        objs.append((c, oid))
        if len(name) >= DNAME_INLINE_LEN:
            c = slab.kmalloc_cache(len(name) + 1 + 8)
            oid = slab.kmem_cache_alloc(c)
            if oid is not None:
                objs.append((c, oid))
        return objs

    def negative_lookups(self, paths: list[str] | NumberedNames, fresh: bool = False,
                         sb=None) -> None:
        """:meth:`negative_lookup` for names failing one after another in one
        directory by one task: the dentries allocated as one run of the dentry cache
        (the same objects and charges, settled once), external names one by one.
        ``fresh``: the caller passes distinct paths without a live negative dentry
        (``NegativeDentries.missing`` of them), which are not checked again. ``sb``:
        the superblock shrinker whose dentry list_lru they go on."""
        negative = self.negative
        if not fresh:
            paths = negative.missing(dict.fromkeys(paths))
        if not paths:
            return
        k = self.k
        slab = k.slab
        c = slab.cache("dentry", DENTRY_SIZE, reclaimable=True)
        oids = slab.kmem_cache_alloc_many(c, len(paths))
        objcg = k.memcg.get_obj_cgroup_from_current()
        owner = objcg.memcg if objcg is not None else k.memcg.root_mem_cgroup
        n = len(oids)
        if not n:
            return
        if n < len(paths):
            paths = paths[:n]
        exts = None
        # each name's length + 1 (its NUL), computed in C: most batches have no name
        # that needs an external one (a numbered batch's longest is its last)
        sizes: Any          # the names (a list or NumberedNames), then their sizes
        if type(paths) is NumberedNames:
            last = paths[-1]
            sizes = () if len(last) - last.rfind("/") <= DNAME_INLINE_LEN else list(paths)
        else:
            sizes = paths
        if sizes:
            sizes = list(map(sub, map(len, sizes), map(str.rfind, sizes, repeat("/"))))
            if max(sizes) <= DNAME_INLINE_LEN:
                sizes = ()
        for i, name_size in enumerate(sizes):
            if name_size > DNAME_INLINE_LEN:
                nc = slab.kmalloc_cache(name_size + 8)
                noid = slab.kmem_cache_alloc(nc)
                if noid is not None:
                    if exts is None:
                        exts = {}
                    exts[i] = (nc, noid)
        run = negative.add(c, oids.start, paths, exts, owner)
        k.list_lru(owner)[run] = None
        if sb is not None:
            sb.negative_added(run)

    def negative_lookup(self, path: str, sb=None) -> None:
        """A lookup that found nothing on a disk filesystem: the dentry stays cached
        as negative (``d_add(dentry, NULL)``) on the current memcg's list_lru."""
        self.negative_lookups([path], sb=sb)

    def drop_negative(self, path: str) -> None:
        """The name now exists (or was shrunk): free the negative dentry."""
        hit = self.negative.pop(path)
        if hit is None:
            return
        k = self.k
        run, i = hit
        if not run.live:
            k.list_lru(run.memcg).pop(run, None)
        if run.sb is not None:
            run.sb.negative_freed(run.memcg)
        k.slab.kmem_cache_free(run.cache, run.first + i)
        if run.exts is not None:
            ext = run.exts.pop(i, None)
            if ext is not None:
                k.slab.kmem_cache_free(*ext)

    def drop_negative_below(self, top: str) -> None:
        """``shrink_dcache_parent``: a directory removed (``vfs_rmdir``) or replaced by
        a rename (``vfs_rename``) frees the negative dentries below it."""
        for path in self.negative.below(top):
            self.drop_negative(path)

    def lru_paths(self, memcg) -> list[str]:
        """The negative dentries on ``memcg``'s list_lru, oldest first."""
        return [p for run in self.k.list_lrus.get(memcg, ()) for p in run.live_paths()]

    def rotate_negative(self, run, i: int) -> None:
        """``dentry_lru_isolate``'s LRU_ROTATE of the run's ``i``-th dentry (it had
        DCACHE_REFERENCED): the bit cleared, the dentry moved to the tail of its
        list (a run of its own, the same object)."""
        k = self.k
        path = run.path(i)
        ext = run.exts.pop(i, None) if run.exts is not None else None
        self.negative.pop(path)
        if not run.live:
            k.list_lru(run.memcg).pop(run, None)
        moved = self.negative.add(run.cache, run.first + i, [path],
                                  {0: ext} if ext is not None else None, run.memcg)
        k.list_lru(run.memcg)[moved] = None
        sb = run.sb
        moved.sb = sb
        moved.seq = sb.tail
        sb.tail += 1

    def memcg_offline(self, memcg) -> None:
        """``memcg_drain_all_list_lrus``: the dying memcg's list_lru items move to the
        parent's list (the superblocks' lists: kernel/super.py)."""
        k = self.k
        mc = k.memcg
        parent = mc.parent_mem_cgroup(memcg) or mc.root_mem_cgroup   # memcg_offline_kmem's
        # memcg_drain_list_lru_node: a list with items sets the parent's bit (the
        # superblocks' dentry and inode lists, kernel/super.py)
        shrinkers = k.shrinkers
        for s in shrinkers.shrinker_bits.get(memcg, ()):
            if s.name == "super_cache":
                shrinkers.memcg_set_shrinker_bit(parent, s)
        lru = k.list_lrus.pop(memcg, None) or {}
        for sb in k.superblocks:
            if (sb.stale or memcg in sb.nr_negative or memcg in sb.s_dentry_lru.lists
                    or memcg in sb.s_inode_lru.lists):
                sb.memcg_offline(memcg, parent, lru)
        if not lru:
            return
        plru = k.list_lru(parent)
        for run in lru:
            run.memcg = parent
            plru[run] = None

    def buffers_busy(self, pfn: int) -> bool:
        """A block device page whose buffers are busy, or a journalled data page
        jbd2 holds: ``try_to_release_page`` fails."""
        inode, index = self.pages.get(pfn), self.pages.index[pfn]
        # a page of the page cache has its inode
        if inode.bdev:  # type: ignore[union-attr]
            return self.k.buffers.busy(inode, index)  # type: ignore[arg-type]
        jdata = self.k.buffers.jdata
        return bool(jdata) and inode in jdata and self.k.buffers.data_busy(inode)  # type: ignore[arg-type]

    def reclaimable(self, pfn: int) -> bool:
        """A file page reclaim may free (``shrink_page_list``): not a block device
        page whose buffers are busy, and not dirty. Reclaim other than kswapd's
        never writes a dirty file page itself ("Only kswapd can writeback
        filesystem pages": ``SetPageReclaim``, ``goto activate_locked``; mm/vmscan.c,
        v5.10 and v6.1): it stays charged until the flusher writes it back."""
        if self.buffers_busy(pfn):
            return False
        d = self.k.writeback.dirty.get(self.pages.get(pfn))  # type: ignore[arg-type]
        return d is None or self.pages.index[pfn] not in d

    def page_dirty(self, pfn: int) -> bool:
        """``PageDirty`` of a page cache page: a data page written and not yet
        written back (kernel/writeback.py), or a block device page holding a buffer
        jbd2 committed and has not yet written home (``mark_buffer_dirty`` at the
        commit, kernel/jbd2.py)."""
        inode, index = self.pages.get(pfn), self.pages.index[pfn]
        if inode.bdev:  # type: ignore[union-attr]
            j = self.k.buffers.journals.get(inode)  # type: ignore[arg-type]
            return j is not None and index in j.dirty
        d = self.k.writeback.dirty.get(inode)  # type: ignore[arg-type]
        return d is not None and index in d

    def drop_pagecache(self) -> None:
        """``iterate_supers(drop_pagecache_sb)`` (fs/drop_caches.c, v5.10 and v6.1):
        each superblock's inodes in ``s_inodes`` order (:func:`super_blocks_order`),
        tmpfs' too, an inode without pages skipped (``nrpages == 0``; from v5.16
        only one whose mapping is empty, so that an inode holding shadow entries
        alone has them cleared: design ``drop_pagecache_shadow_inodes``), each other
        one's :meth:`invalidate_mapping_pages` (its pages by index; a tmpfs file's
        stay, ``PageDirty``, and are deactivated as the others kept:
        :meth:`deactivate_file_pages`)."""
        walk = [i for i in self.pages.inodes if i is not None]
        if self.k.design.drop_pagecache_shadow_inodes:
            walk += [i for i in self.shadowed
                     if not i.pages.n and i.pages.shadows and not i.shmem]
        walk.sort(key=super_blocks_order(getattr(self.k, "vfs", None), self.orphans))
        for inode in walk:
            self.invalidate_mapping_pages(inode)
