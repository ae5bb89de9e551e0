"""Dirty ext4 data, its buffer heads, and the block I/O that writes it back.

A write into an ext4 file dirties its page cache pages (``__set_page_dirty``) and puts
the inode on its superblock's dirty list (``__mark_inode_dirty``, ``wb->b_dirty``, in
the order inodes were dirtied). ext4's write_begin gives each page its buffer heads
(``__block_write_begin`` → ``create_empty_buffers`` → ``alloc_page_buffers``: one per
4 KiB block, so one per page) from the ``buffer_head`` cache (SLAB_RECLAIM_ACCOUNT),
charged to the page's memcg (``set_active_memcg(page_memcg(page))``, ``__GFP_ACCOUNT``:
Linux commit f745c6f5fe6f ("fs, mm: account buffer_head to kmemcg") (in v4.16)); they
go with the page (``try_to_free_buffers`` when it is truncated or dropped).

``sync`` (``ksys_sync`` → ``sync_inodes_sb``, WB_SYNC_ALL) writes every dirty inode
back and waits: ``ext4_writepages`` allocates an ``ext4_io_end`` (``ext4_init_io_end``,
SLAB_RECLAIM_ACCOUNT) per call and, for each run of contiguous dirty pages, a bio
(``io_submit_init_bio``: ``bio_alloc(GFP_NOIO, BIO_MAX_PAGES)`` on 5.10,
``bio_alloc(bdev, BIO_MAX_VECS, ...)`` on 6.1) from ``fs_bio_set``: the bio from the
set's bio slab and its 256-entry bio_vec array from ``biovec-max`` (``bvec_alloc``).
The writeback plugs its bios and merges contiguous ones into requests, and sync waits
for all of them: in the model every bio of a sync is in flight before the first
completes. Completion (``ext4_end_bio`` → ``bio_put``, ``ext4_release_io_end``) frees
them, none accounted: what SLUB keeps of their slabs (kernel/slub.py) stays on
``/proc/meminfo`` SUnreclaim.

The memcg statistic NR_FILE_DIRTY (memory.stat ``file_dirty``, v1 ``dirty``) follows
the pages: counted when dirtied (``account_page_dirtied``), taken off when written
(``clear_page_dirty_for_io``) or truncated (``account_page_cleaned``); so do
/proc/meminfo's Dirty and /proc/vmstat's nr_dirty and nr_zone_write_pending.

The periodic flusher (``wb_workfn`` → ``wb_check_old_data_flush``, every
``dirty_writeback_centisecs``) writes back inodes dirtied more than
``dirty_expire_centisecs`` (30 s) ago: applied when something reads the pages'
dirtiness to act on it (:meth:`Writeback.expire`, at drop_caches), not on its 5 s
timer. Reclaim that took only dirty pages wakes it (``wakeup_flusher_threads
(WB_REASON_VMSCAN)``, :meth:`Writeback.wakeup_flusher_threads`): it then writes
back every dirty inode, the block device's too (jbd2's committed buffers,
kernel/jbd2.py), from a kworker shortly after; the I/O completes at once.

Not modelled: jbd2's log I/O (its journal heads and the journal's one-page bios;
what it keeps busy: kernel/jbd2.py), the extent-status entries, an inode dirtied without data (atime,
``I_DIRTY_SYNC``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .filemap import Inode
from .vmstat import NR_FILE_DIRTY, PAGE_SIZE

if TYPE_CHECKING:
    from . import KernelCore

#: ``BIO_MAX_PAGES`` (5.10) / ``BIO_MAX_VECS`` (6.1): pages one bio holds
BIO_MAX_VECS = 256
#: ``dirty_expire_interval`` (mm/page-writeback.c: 30 * 100 centiseconds)
DIRTY_EXPIRE_NS = 30 * 10**9


def page_runs(indexes, limit: int = BIO_MAX_VECS) -> list[int]:
    """The lengths of the bios that write ``indexes`` (page indexes): runs of
    contiguous pages, each at most ``limit`` long."""
    out = []
    prev = None
    for i in sorted(indexes):
        if prev is not None and i == prev + 1 and out[-1] < limit:
            out[-1] += 1
        else:
            out.append(1)
        prev = i
    return out


class Writeback:
    """The dirty ext4 inodes and their pages' buffer heads."""
    __slots__ = ("k", "dirty", "bh", "_bios", "dirtied_when", "start_all", "delalloc")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: ``wb->b_dirty``: inode -> its dirty page indexes, in dirtying order
        self.dirty: dict[Inode, set[int]] = {}
        #: inode -> when it became dirty (``inode->dirtied_when``), ns
        self.dirtied_when: dict[Inode, int] = {}
        #: pfn -> (cache, object id) of the page's buffer head
        self.bh: dict[int, tuple] = {}
        self._bios = 0
        #: ``WB_start_all``: a flusher wake-up is queued and has not run yet
        self.start_all = False
        #: inodes with delayed-allocation blocks (written past their size) -> their
        #: block device: the writeback allocates them and journals the inode
        self.delalloc: dict = {}

    def _cache(self, name: str, account: bool, reclaimable: bool):
        # none of them has SLAB_ACCOUNT: buffer_head's allocations ask for
        # __GFP_ACCOUNT (fs/buffer.c alloc_page_buffers), bh_cachep has none
        return self.k.slab.cache(name, self.k.sizes.slab_objsize(name), account=account,
                                 reclaimable=reclaimable, slab_account=False)

    def write_begin(self, inode: Inode, first: int, last: int, bdev=None) -> None:
        """``ext4_da_write_begin`` and ``__set_page_dirty`` for pages ``first..last``
        of a disk inode (their page cache pages exist): buffer heads for pages that
        have none, charged to the page's memcg; the pages and the inode dirty. A
        page past the inode's size gets a delayed-allocation block
        (``ext4_da_get_block_prep``: reserved, not allocated), which its writeback
        allocates (:meth:`_write_back`)."""
        k = self.k
        if bdev is not None and (last + 1) * PAGE_SIZE > inode.size:
            self.delalloc[inode] = bdev
        bhc = None
        t = k.current
        for index in range(first, last + 1):
            pfn = inode.pages.get(index)
            if pfn is None or pfn in self.bh:
                continue
            if bhc is None:
                bhc = self._cache("buffer_head", True, True)
            # get_mem_cgroup_from_page: the root for a page charged to nobody
            memcg = k.memcg.page_memcg(pfn) or k.memcg.root_mem_cgroup
            old, t.active_memcg = t.active_memcg, memcg
            try:
                oid = k.slab.kmem_cache_alloc(bhc)
            finally:
                t.active_memcg = old
            if oid is not None:
                self.bh[pfn] = (bhc, oid)
        dirty = self.dirty.get(inode)
        if dirty is None:
            dirty = self.dirty[inode] = set()
            self.dirtied_when[inode] = k.clock.now_ns
        mod = k.memcg.mod_lruvec_page_state
        for index in range(first, last + 1):
            if index not in dirty:
                # account_page_dirtied: NR_FILE_DIRTY of the page's memcg
                dirty.add(index)
                pfn = inode.pages.get(index)
                if pfn is not None:
                    mod(pfn, NR_FILE_DIRTY, 1)

    def nr_dirty_pages(self) -> int:
        """The node's NR_FILE_DIRTY: pages dirtied and not yet written back."""
        return sum(map(len, self.dirty.values()))

    def page_freed(self, pfn: int, inode: Inode, index: int) -> None:
        """A page leaving the cache: ``try_to_free_buffers`` frees its buffer head;
        truncation cancels its dirtiness (``cancel_dirty_page``)."""
        b = self.bh.pop(pfn, None)
        if b is not None:
            self.k.slab.kmem_cache_free(*b)
        d = self.dirty.get(inode)
        if d is not None and index in d:
            # cancel_dirty_page → account_page_cleaned
            self.k.memcg.mod_lruvec_page_state(pfn, NR_FILE_DIRTY, -1)
            d.discard(index)
            if not d:
                del self.dirty[inode]
                self.dirtied_when.pop(inode, None)
                # truncated: its reservations released (ext4_da_release_space)
                self.delalloc.pop(inode, None)

    def sync(self) -> None:
        """``ksys_sync``: write back every dirty inode, then wait for the I/O."""
        if self.dirty:
            self._write_back(self.dirty)

    def expire(self) -> None:
        """The flusher's periodic writeback (``wb_check_old_data_flush``, for_kupdate):
        the inodes dirtied ``DIRTY_EXPIRE_NS`` ago or earlier are written back."""
        if not self.dirty:
            return
        old = self.k.clock.now_ns - DIRTY_EXPIRE_NS
        due = {i: p for i, p in self.dirty.items() if self.dirtied_when.get(i, 0) <= old}
        if due:
            self._write_back(due)

    def wakeup_flusher_threads(self) -> None:
        """``wakeup_flusher_threads(WB_REASON_VMSCAN)`` (fs/fs-writeback.c, v5.10 and
        v6.1): ``wb_start_writeback`` sets ``WB_start_all`` (a wake-up already
        pending is not queued again) and queues the flusher's work
        (``wb_wakeup``: ``bdi_wq``, unbound; the model runs it on the waker's CPU),
        which :meth:`wb_start_all` does."""
        if self.start_all:
            return
        self.start_all = True
        k = self.k
        k.clock.queue_work(k.call_on_cpu, k.current.cpu, self.wb_start_all)

    def wb_start_all(self) -> None:
        """``wb_workfn`` → ``wb_check_start_all``: a WB_SYNC_NONE writeback of
        ``get_nr_dirty_pages()`` pages, i.e. every dirty inode of the device, the
        block device inode's dirty buffers among them (the committed metadata jbd2
        keeps on its checkpoint lists, written home: :meth:`Journal.write_home`)."""
        self.start_all = False
        if self.dirty:
            self._write_back(self.dirty)
        for b in self.k.buffers.bdevs:
            if b.journal.dirty:
                b.journal.write_home()

    def _da_map_blocks(self, inodes: dict) -> None:
        """``ext4_writepages`` → ``mpage_map_and_submit_extent`` of the inodes with
        delayed-allocation blocks, in the flusher's kworker (sync's writeback too:
        ``sync_inodes_sb`` queues it to the flusher): ``ext4_map_blocks`` allocates
        them and inserts the extent and ``i_disksize`` is updated, both under a
        handle (``ext4_mark_inode_dirty``: the inode's table block joins the
        running transaction, kernel/jbd2.py). Not modelled: the blocks themselves
        (``ext4_mb_new_blocks``' bitmap, group descriptor and buddy pages)."""
        buffers = self.k.buffers
        delalloc = self.delalloc
        for inode in inodes:
            bdev = delalloc.pop(inode, None)
            if bdev is not None:
                buffers.mark_inode_dirty(bdev, inode.ino)

    def nr_to_write(self) -> int:
        """What :meth:`wb_start_all` writes: the dirty data pages and the block
        devices' dirty buffers."""
        return self.nr_dirty_pages() + sum(len(b.journal.dirty) for b in self.k.buffers.bdevs)

    def _write_back(self, inodes: dict) -> None:
        """``writeback_sb_inodes`` of ``inodes`` (inode -> dirty page indexes), waited
        for: their pages clean, the bios allocated and freed."""
        k = self.k
        slab = k.slab
        bio = self._cache(k.sizes.bio_cache, False, False)
        bvec = self._cache("biovec-max", False, False)
        io_end = self._cache("ext4_io_end", False, True)
        owner = ("writeback", self._bios)
        self._bios += 1
        mod = k.memcg.mod_lruvec_page_state
        delalloc = self.delalloc
        if delalloc and any(i in delalloc for i in inodes):
            k.call_on_cpu(k.current.cpu, self._da_map_blocks, inodes)
        for inode, pages in inodes.items():
            k.pgpg[1] += len(pages) * 8         # submit_bio of the pages' bios
            # clear_page_dirty_for_io takes NR_FILE_DIRTY off each page; its
            # NR_WRITEBACK (set_page_writeback) is back to 0 once sync has waited
            # (end_page_writeback)
            for index in pages:
                pfn = inode.pages.get(index)
                if pfn is not None:
                    mod(pfn, NR_FILE_DIRTY, -1)
            slab.alloc_struct_n(owner, io_end, 1)
            for _ in page_runs(pages):
                slab.alloc_struct_n(owner, bio, 1)
                slab.alloc_struct_n(owner, bvec, 1)
        if inodes is self.dirty:
            self.dirty.clear()
            self.dirtied_when.clear()
        else:
            for inode in list(inodes):
                del self.dirty[inode]
                self.dirtied_when.pop(inode, None)
        slab.free_structs(owner)
