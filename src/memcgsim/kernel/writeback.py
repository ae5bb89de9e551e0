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

The flusher (``wb_workfn`` → ``wb_do_writeback``, :meth:`Writeback.wb_workfn`) runs
``dirty_writeback_centisecs`` (5 s) after the first inode became dirty
(``__mark_inode_dirty`` → ``wb_wakeup_delayed``) and again every 5 s while dirty
inodes are left: ``wb_check_old_data_flush`` (for_kupdate) writes back the inodes
dirtied more than ``dirty_expire_centisecs`` (30 s) ago, ``wb_check_background_flush``
writes while the dirty pages are over the background threshold. A writer starts it
at once (``balance_dirty_pages_ratelimited`` → ``balance_dirty_pages`` →
``wb_start_background_writeback``, :meth:`Writeback.balance_dirty_pages`) when the
node's dirty pages pass ``dirty_background_ratio`` (10 %) of the dirtyable memory
(``global_dirtyable_memory``: free pages less ``totalreserve_pages``, plus the file
LRU): background writeback then writes ``writeback_chunk_size`` pages at a time
until they are at or below it (``wb_over_bg_thresh``). /proc/vmstat's
``nr_dirty_background_threshold`` and ``nr_dirty_threshold`` are those limits
(``global_dirty_limits``, :meth:`Writeback.global_dirty_limits`). Reclaim that took
only dirty pages wakes it too (``wakeup_flusher_threads (WB_REASON_VMSCAN)``,
:meth:`Writeback.wakeup_flusher_threads`): it then writes back every dirty inode,
the block device's too (jbd2's committed buffers, kernel/jbd2.py), from a kworker
shortly after. The I/O completes at once (NR_WRITEBACK stays 0): the guests'
readings a second apart never caught a page under writeback
(tests/conformance/scripts/dirty-background-writeback.sh).

Sources: mm/page-writeback.c (``global_dirtyable_memory``, ``domain_dirty_limits``,
``balance_dirty_pages``, ``balance_dirty_pages_ratelimited``, ``wb_over_bg_thresh``),
fs/fs-writeback.c (``wb_workfn``, ``wb_do_writeback``, ``wb_check_old_data_flush``,
``wb_check_background_flush``, ``wb_writeback``, ``writeback_chunk_size``) and
mm/backing-dev.c (``wb_wakeup_delayed``), read in a v5.8-era copy of
mm/page-writeback.c (NR_UNSTABLE_NFS still summed) and Android's common 5.10 tree
(AltafYafai/kernel_common_5.10, whose interval Android raised to 15 s: upstream's
5 s is used); the calls are the same in v6.1 (Linux commit ea6813be07dc moved the
start of background writeback before the freerun check, with the same effect).
On cgroup v2 a writer whose memcg is not the root is also held to its memcg's
domain (``mdtc``, :meth:`Writeback.memcg_dirty_limits`: the same ratios of the
memcg's file pages plus its headroom under memory.max and memory.high,
``mem_cgroup_wb_stats`` and ``mdtc_calc_avail``, read in Android's common 5.10
tree, as above): past either domain's freerun ceiling (``(thresh + bg_thresh) /
2``) it starts its wb's background writeback (a memcg's wb writes the inodes it
owns, ``inode_attach_wb``: :attr:`Writeback.inode_wb`, while the memcg is over its
background threshold) and pauses until that work ran.
Not modelled: the pause's length by ``pos_ratio`` (the I/O completes at once), the
per-wb share of a threshold (``wb_calc_thresh``: the share of the domain's recent
completions), foreign inodes' wb switching, the per-CPU ``bdp_ratelimits`` and
``dirty_throttle_leaks`` (a writer is checked by its own ``nr_dirtied`` only).

The thresholds and intervals are the sysctls of /proc/sys/vm (``dirty_background_ratio``,
``dirty_background_bytes``, ``dirty_ratio``, ``dirty_bytes``,
``dirty_writeback_centisecs``, ``dirty_expire_centisecs``: :meth:`Writeback.sysctl_write`).
A dirty data page reclaim keeps for the flusher is PG_reclaim
(:meth:`Writeback.set_page_reclaim`); written, it is rotated to its inactive list's
tail (:meth:`Writeback._end_writeback`).

Not modelled: jbd2's log I/O (its journal heads and the journal's one-page bios;
what it keeps busy: kernel/jbd2.py), the extent-status entries, an inode dirtied without data (atime,
``I_DIRTY_SYNC``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .filemap import Inode
from .page_alloc import PG_BUFFER, PG_FILE
from .clock import WORK_LATENCY_NS
from .page_counter import PAGE_COUNTER_MAX
from .vmstat import NR_FILE_DIRTY, PAGE_SIZE

if TYPE_CHECKING:
    from . import KernelCore
    from .memcontrol import MemCgroup

#: ``BIO_MAX_PAGES`` (5.10) / ``BIO_MAX_VECS`` (6.1): pages one bio holds
BIO_MAX_VECS = 256
#: ``dirty_background_ratio`` and ``vm_dirty_ratio`` (mm/page-writeback.c: 10, 20;
#: ``dirty_background_bytes`` and ``vm_dirty_bytes`` 0)
DIRTY_BACKGROUND_RATIO = 10
VM_DIRTY_RATIO = 20
#: fs/fs-writeback.c ``MIN_WRITEBACK_PAGES`` (4096UL >> (PAGE_SHIFT - 10)) and
#: ``DIRTY_SCOPE``; include/linux/backing-dev-defs.h ``INIT_BW`` (100 MB/s, pages)
MIN_WRITEBACK_PAGES = 1024
DIRTY_SCOPE = 8
INIT_BW = 100 << (20 - 12)
#: /proc/sys/vm's writeback sysctls and their defaults (mm/page-writeback.c;
#: kernel/sysctl.c ``vm_table`` on v5.10, page-writeback.c's own table on v6.1)
DIRTY_SYSCTL_DEFAULTS = {"dirty_background_ratio": DIRTY_BACKGROUND_RATIO,
                         "dirty_background_bytes": 0, "dirty_ratio": VM_DIRTY_RATIO,
                         "dirty_bytes": 0, "dirty_writeback_centisecs": 500,
                         "dirty_expire_centisecs": 3000}
#: mm/page-writeback.c ``MAX_PAUSE`` (max(HZ/5, 1)): the longest pause of a
#: writer in ``balance_dirty_pages``, 200 ms (HZ 250 on the guests' Debian
#: configs: 50 jiffies)
MAX_PAUSE_NS = 200_000_000
#: ``dirty_bytes_min``: vm.dirty_bytes' least value (2 pages)
DIRTY_BYTES_MIN = 2 * PAGE_SIZE
#: mm/page-writeback.c ``DIRTY_POLL_THRESH`` (128 >> (PAGE_SHIFT - 10)): a new
#: task's ``nr_dirtied_pause`` (``copy_process``)
DIRTY_POLL_THRESH = 32


def dirty_poll_interval(dirty: int, thresh: int) -> int:
    """``dirty_poll_interval`` (mm/page-writeback.c): ``1 << (ilog2(thresh - dirty)
    >> 1)`` below the threshold, else 1."""
    if thresh > dirty:
        return 1 << ((thresh - dirty).bit_length() - 1 >> 1)
    return 1


def div_round_up_pages(nbytes: int) -> int:
    """``DIV_ROUND_UP(bytes, PAGE_SIZE)`` on an unsigned long: past ULONG_MAX -
    4095 the sum wraps (ULONG_MAX bytes are 0 pages)."""
    return ((nbytes + PAGE_SIZE - 1) & 0xFFFFFFFFFFFFFFFF) // PAGE_SIZE


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
    __slots__ = ("k", "dirty", "bh", "_bios", "dirtied_when", "start_all", "delalloc",
                 "nr_dirty", "dwork_at", "running", "last_old_flush", "dirty_limit",
                 "_file_offset", "reclaim", "events", "sysctl", "memcg_dirty",
                 "inode_wb", "bg_wbs")

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
        #: the node's NR_FILE_DIRTY: the dirty pages of ``dirty``
        self.nr_dirty = 0
        #: when the flusher's delayed work (``wb->dwork``) is due, None if not queued
        self.dwork_at: int | None = None
        #: ``WB_writeback_running``: a wb_workfn is queued or running
        self.running = False
        #: ``wb->last_old_flush``, ns
        self.last_old_flush = 0
        #: ``global_wb_domain.dirty_limit`` (set to the dirty threshold at boot,
        #: ``writeback_set_ratelimit``), pages; None until first needed
        self.dirty_limit: int | None = None
        #: the writeback sysctls (/proc/sys/vm, :meth:`sysctl_write`), by name
        self.sysctl = dict(DIRTY_SYSCTL_DEFAULTS)
        #: PG_reclaim: dirty pages reclaim found and left to the flusher
        #: (:meth:`set_page_reclaim`), rotated when written (:meth:`_end_writeback`)
        self.reclaim: set[int] = set()
        #: /proc/vmstat's NR_DIRTIED, NR_WRITTEN, NR_VMSCAN_IMMEDIATE and PGROTATED
        #: of data pages (not the block devices' metadata pages)
        self.events = dict.fromkeys(("nr_dirtied", "nr_written", "nr_vmscan_immediate_reclaim",
                                     "pgrotated"), 0)
        #: the file LRU pages /proc/vmstat counted at boot less the model's then
        self._file_offset: int | None = None
        #: memcg -> its own dirty pages (NR_FILE_DIRTY of the pages charged to it:
        #: ``memcg_exact_page_state``'s local part, summed over a subtree by
        #: :meth:`mem_cgroup_wb_stats`), kept where the pages' NR_FILE_DIRTY moves
        self.memcg_dirty: dict = {}
        #: inode -> the memcg of its wb (``inode->i_wb``: ``inode_attach_wb`` at its
        #: first dirtying, the dirtied page's memcg, the root's for the bdi's own wb;
        #: kept until the inode is destroyed or switched: kernel/backing_dev.py;
        #: cgroup v2 only)
        self.inode_wb: dict = {}
        #: the memcg wbs whose background writeback is queued or running
        #: (``writeback_in_progress`` of a cgroup wb)
        self.bg_wbs: set = set()

    def _cache(self, name: str, account: bool, reclaimable: bool):
        # none of them has SLAB_ACCOUNT: buffer_head's allocations ask for
        # __GFP_ACCOUNT (fs/buffer.c alloc_page_buffers), bh_cachep has none
        return self.k.slab.cache(name, self.k.sizes.slab_objsize(name), account=account,
                                 reclaimable=reclaimable, slab_account=False)

    def write_begin(self, inode: Inode, first: int, last: int, bdev=None) -> bool:
        """``ext4_da_write_begin`` and ``__set_page_dirty`` for pages ``first..last``
        of a disk inode (their page cache pages exist): buffer heads for pages that
        have none, charged to the page's memcg; the pages and the inode dirty. A
        page past the inode's size gets a delayed-allocation block
        (``ext4_da_get_block_prep``: reserved, not allocated), which its writeback
        allocates (:meth:`_write_back`).

        ``generic_perform_write`` (mm/filemap.c, v5.10 and v6.1) takes one page at
        a time: ``write_begin`` finds or allocates it (locked: reclaim skips it),
        ``write_end`` dirties it, and only then comes the next, so a page the write
        dirtied is never reclaimed by the charges of the pages after it. The
        model's :meth:`Filemap.touch` brings the whole range in first: a page the
        charges of the later pages or of the buffer heads reclaimed (clean then)
        is brought in again here before it is dirtied
        (``grab_cache_page_write_begin`` of a page not in the cache), then given
        its buffer heads. False if that charge fails: the write stops there
        (-ENOMEM), the pages before it dirty."""
        k = self.k
        if bdev is not None and (last + 1) * PAGE_SIZE > inode.size:
            self.delalloc[inode] = bdev
        bhc = None
        for index in range(first, last + 1):
            pfn = inode.pages.get(index)
            if pfn is None or pfn in self.bh:
                continue
            if bhc is None:
                bhc = self._cache("buffer_head", True, True)
            self._alloc_page_buffers(pfn, bhc)
        dirty = self._dirty_pages(inode, inode.pages.get(first))
        page_memcg = k.memcg.page_memcg
        mod = k.memcg.mod_lruvec_page_state
        md = self.memcg_dirty
        added = 0
        ok = True
        for index in range(first, last + 1):
            if index in dirty:
                continue
            pfn = inode.pages.get(index)
            again = pfn is None
            if again:
                pfn = self._write_begin_again(inode, index)
                if pfn is None:
                    ok = False
                    break
                # its reclaim may have run the flusher: the inode clean again
                dirty = self._dirty_pages(inode, pfn)
            # account_page_dirtied: NR_FILE_DIRTY of the page's memcg
            dirty.add(index)
            self.nr_dirty += 1
            added += 1
            mod(pfn, NR_FILE_DIRTY, 1)
            m = page_memcg(pfn)
            md[m] = md.get(m, 0) + 1
            if again:
                # dirty first: the model has no page lock to keep reclaim off
                # the page while its buffer heads are charged
                self._alloc_page_buffers(pfn, self._cache("buffer_head", True, True))
        if added:
            self.events["nr_dirtied"] += added
            self.balance_dirty_pages_ratelimited(added)
        elif not dirty and self.dirty.get(inode) is dirty:
            # the range's first page could not be brought in again: nothing dirty
            del self.dirty[inode]
            self.dirtied_when.pop(inode, None)
            k.filemap.lru_changed(inode)
        return ok

    def _dirty_pages(self, inode: Inode, pfn: int | None) -> set:
        """The dirty page indexes of ``inode``; a clean inode is dirtied first
        (``__mark_inode_dirty``: its time, off the inode LRU, the flusher's
        delayed wake-up; on cgroup v2 ``inode_attach_wb`` if it has no wb yet: the
        wb of ``pfn``'s memcg, the first page it dirties)."""
        dirty = self.dirty.get(inode)
        if dirty is not None:
            return dirty
        k = self.k
        dirty = self.dirty[inode] = set()
        self.dirtied_when[inode] = k.clock.now_ns
        k.filemap.lru_changed(inode)    # I_DIRTY: inode_lru_isolate takes it off
        if self.dwork_at is None and not self.running:
            self.wb_wakeup_delayed()
        if k.memory_root.is_dfl:
            k.cgwb.inode_attach_wb(inode, k.memcg.page_memcg(pfn) if pfn is not None else None)
        return dirty

    def _write_begin_again(self, inode: Inode, index: int) -> int | None:
        """``grab_cache_page_write_begin`` of a written page reclaimed since
        :meth:`Filemap.touch` brought it in (:meth:`write_begin`): allocated and
        charged again (a write's page: no refault); its pfn, or None if the charge
        failed."""
        if not self.k.filemap.add_to_page_cache(inode, index, None, True):
            return None
        return inode.pages.get(index)

    def _alloc_page_buffers(self, pfn: int, bhc) -> None:
        """``create_empty_buffers`` → ``alloc_page_buffers`` of a page: its buffer
        head from ``bhc`` (buffer_head), charged to the page's memcg
        (``get_mem_cgroup_from_page``: the root for a page charged to nobody)."""
        k = self.k
        t = k.current
        memcg = k.memcg.page_memcg(pfn) or k.memcg.root_mem_cgroup
        old, t.active_memcg = t.active_memcg, memcg
        try:
            oid = k.slab.kmem_cache_alloc(bhc)
        finally:
            t.active_memcg = old
        if oid is not None:
            self.bh[pfn] = (bhc, oid)

    def nr_dirty_pages(self) -> int:
        """The node's NR_FILE_DIRTY: pages dirtied and not yet written back."""
        return self.nr_dirty

    # ------------------------------------------------------------ dirty limits
    def global_dirtyable_memory(self) -> int:
        """``global_dirtyable_memory``: NR_FREE_PAGES less ``totalreserve_pages``
        (each zone's high watermark and largest lowmem reserve), plus the file LRU
        (NR_INACTIVE_FILE + NR_ACTIVE_FILE, as /proc/vmstat counts them), plus 1."""
        k = self.k
        if self._file_offset is None:
            from ..fs.procmem import _boot
            boot = dict(_boot(k)["vmstat"])
            base = getattr(k, "boot_node_state", None) or {}
            self._file_offset = (boot["nr_inactive_file"] + boot["nr_active_file"]
                                 - base.get("nr_inactive_file", 0)
                                 - base.get("nr_active_file", 0))
        x = k.vmscan.nr_free_pages()
        x -= min(x, k.hostmem.totalreserve_pages())
        # the node's file LRU counter (kernel/lru.py LruCount): PG_FILE and
        # PG_BUFFER pages, kept as the lists change (no walk of mem_map)
        x += max(0, k.mem_map.lru.file.n + self._file_offset)
        return x + 1

    def global_dirty_limits(self) -> tuple[int, int]:
        """``global_dirty_limits`` → ``domain_dirty_limits`` of the global domain:
        (background threshold, dirty threshold), pages: vm.dirty_background_bytes
        and vm.dirty_bytes in pages (rounded up) when set, else the ratios of the
        dirtyable memory, taken per PAGE_SIZE first (``(ratio * PAGE_SIZE) /
        100``); a background threshold at or above the other is half of it."""
        return self.domain_dirty_limits(self.global_dirtyable_memory())

    def domain_dirty_limits(self, avail: int, global_avail: int | None = None
                            ) -> tuple[int, int]:
        """``domain_dirty_limits`` (mm/page-writeback.c, v5.10 and v6.1) of a domain
        whose dirtyable memory is ``avail`` pages: (background threshold, dirty
        threshold). A memcg domain (``global_avail``: the global domain's ``avail``)
        takes the ``*_bytes`` settings as ratios of the global dirtyable memory
        (``min(DIV_ROUND_UP(bytes, global_avail), PAGE_SIZE)`` per PAGE_SIZE)."""
        sc = self.sysctl
        ratio = sc["dirty_ratio"] * PAGE_SIZE // 100
        bg_ratio = sc["dirty_background_ratio"] * PAGE_SIZE // 100
        nbytes, bg_bytes = sc["dirty_bytes"], sc["dirty_background_bytes"]
        if global_avail is not None:
            if nbytes:
                ratio = min(-(-nbytes // global_avail), PAGE_SIZE)
            if bg_bytes:
                bg_ratio = min(-(-bg_bytes // global_avail), PAGE_SIZE)
            nbytes = bg_bytes = 0
        thresh = div_round_up_pages(nbytes) if nbytes else ratio * avail // PAGE_SIZE
        bg = div_round_up_pages(bg_bytes) if bg_bytes else bg_ratio * avail // PAGE_SIZE
        if bg >= thresh:
            bg = thresh // 2
        return bg, thresh

    # ------------------------------------------------- the memcg domain (cgroup v2)
    def wb_memcg(self, t) -> "MemCgroup | None":
        """The memcg of the writer's wb (``wb_get_create_current``: its memory css)
        when it has a domain of its own (``mdtc_valid``: ``mem_cgroup_wb_domain``,
        NULL for the root's wb; cgroup writeback needs cgroup v2,
        ``inode_cgwb_enabled``), else None (v1, the root)."""
        k = self.k
        if t is None or not k.memory_root.is_dfl:
            return None
        m = k.task_memcg(t)
        return None if m is k.memcg.root_mem_cgroup else m

    def mem_cgroup_wb_stats(self, memcg) -> tuple[int, int, int]:
        """``mem_cgroup_wb_stats`` (mm/memcontrol.c, v5.10 and v6.1): (file pages,
        headroom, dirty pages) of ``memcg`` and its descendants (NR_INACTIVE_FILE +
        NR_ACTIVE_FILE, NR_FILE_DIRTY; NR_WRITEBACK stays 0 in the model), the
        headroom the least of ``min(memory.max, memory.high) - usage`` of the memcg
        and its ancestors below the root."""
        k = self.k
        md = self.memcg_dirty
        filepages = dirty = 0
        for m in k.vmscan.subtree(memcg):
            filepages += len(m.lru_file)
            dirty += md.get(m, 0)
        headroom = PAGE_COUNTER_MAX
        m = memcg
        root = k.memcg.root_mem_cgroup
        while m is not None and m is not root:
            c = m.memory
            ceiling = min(c.max, c.high)
            headroom = min(headroom, ceiling - min(ceiling, c.usage))
            m = m.parent_memcg
        return filepages, headroom, max(dirty, 0)

    def memcg_dirty_limits(self, memcg, gavail: int, gdirty: int) -> tuple[int, int, int]:
        """The memcg domain's (dirty pages, background threshold, dirty threshold):
        :meth:`mem_cgroup_wb_stats`, ``mdtc_calc_avail`` (its file pages plus as
        much of its headroom as the clean pages outside it cover) and
        :meth:`domain_dirty_limits` (mm/page-writeback.c, v5.10 and v6.1)."""
        filepages, headroom, dirty = self.mem_cgroup_wb_stats(memcg)
        clean = filepages - min(filepages, dirty)
        global_clean = gavail - min(gavail, gdirty)
        other_clean = global_clean - min(global_clean, clean)
        avail = filepages + min(headroom, other_clean)
        bg, thresh = self.domain_dirty_limits(avail, gavail)
        return dirty, bg, thresh

    def sysctl_write(self, name: str, value: int | None) -> None:
        """A write of a writeback sysctl, as its handler takes it (v5.10 and v6.1;
        checked on both guests, calibration/recordings/dirty-sysctls--*.txt):
        ``dirty_background_ratio`` and ``dirty_ratio`` 0..100
        (``proc_dointvec_minmax``), ``dirty_background_bytes`` from 1 and
        ``dirty_bytes`` from ``dirty_bytes_min`` (``proc_doulongvec_minmax``), else
        EINVAL; a negative ``*_bytes`` (``value`` None; -EINVAL from v6.1, fs/procfs.py) is skipped, the write
        succeeding, as ``__do_proc_doulongvec_minmax`` does (``if (neg)
        continue``); more than UINT_MAX pages (``DIV_ROUND_UP``, which wraps past
        ULONG_MAX - 4095) ERANGE, the old value kept. Setting a ratio clears its
        bytes and the other way round (the dirty ones only when the value changed:
        ``dirty_ratio_handler``, ``dirty_bytes_handler``, which call
        ``writeback_set_ratelimit``: the domain's ``dirty_limit`` is the new
        threshold). ``dirty_expire_centisecs`` from 0; ``dirty_writeback_centisecs``
        any int (``proc_dointvec``): a new non-zero interval wakes the flusher to
        write every dirty inode (``wakeup_flusher_threads(WB_REASON_PERIODIC)``), 0
        stops the periodic writeback."""
        import errno
        sc = self.sysctl
        old = sc[name]
        if value is not None:
            lo, hi = {"dirty_background_ratio": (0, 100), "dirty_ratio": (0, 100),
                      "dirty_background_bytes": (1, 2**64 - 1),
                      "dirty_bytes": (DIRTY_BYTES_MIN, 2**64 - 1),
                      "dirty_expire_centisecs": (0, 2**31 - 1),
                      "dirty_writeback_centisecs": (-2**31, 2**31 - 1)}[name]
            if not lo <= value <= hi:
                raise OSError(errno.EINVAL, "Invalid argument")
            if name.endswith("_bytes") and div_round_up_pages(value) > 0xFFFFFFFF:
                raise OSError(errno.ERANGE, "Numerical result out of range")
            sc[name] = value
        value = sc[name]
        if name == "dirty_background_ratio":
            sc["dirty_background_bytes"] = 0
        elif name == "dirty_background_bytes":
            sc["dirty_background_ratio"] = 0
        elif name in ("dirty_ratio", "dirty_bytes") and value != old:
            sc["dirty_bytes" if name == "dirty_ratio" else "dirty_ratio"] = 0
            self.dirty_limit = self.global_dirty_limits()[1]
        elif name == "dirty_writeback_centisecs" and value and value != old:
            self.wakeup_flusher_threads()

    def dirty_expire_ns(self) -> int:
        """``dirty_expire_interval`` (vm.dirty_expire_centisecs, 30 s by default), ns:
        how old a dirty inode's data is when the periodic writeback takes it, the
        block device's (kernel/jbd2.py) as every other."""
        return self.sysctl["dirty_expire_centisecs"] * 10**7

    def writeback_interval_ns(self) -> int:
        """``dirty_writeback_interval * 10`` ms (unsigned int arithmetic: -1 is
        ~49.7 days), ns; 0: no periodic writeback."""
        return (self.sysctl["dirty_writeback_centisecs"] * 10 & 0xFFFFFFFF) * 10**6

    def wb_over_bg_thresh(self, memcg=None) -> bool:
        """``wb_over_bg_thresh``: NR_FILE_DIRTY above the global background
        threshold or, for a memcg's wb (``memcg``), the memcg's dirty pages above
        its own (the per-wb shares, ``wb_calc_thresh``, not modelled)."""
        gavail = self.global_dirtyable_memory()
        if self.nr_dirty > self.domain_dirty_limits(gavail)[0]:
            return True
        if memcg is None:
            return False
        dirty, bg, _ = self.memcg_dirty_limits(memcg, gavail, self.nr_dirty)
        return dirty > bg

    def balance_dirty_pages_ratelimited(self, nr: int) -> None:
        """``balance_dirty_pages_ratelimited`` after a write dirtied ``nr`` pages:
        the writer's ``nr_dirtied`` grows, and once it reaches its
        ``nr_dirtied_pause`` (DIRTY_POLL_THRESH for a new task)
        :meth:`balance_dirty_pages` runs. The kernel counts page by page inside
        the write; the model once a write, at its end."""
        t = self.k.current
        if t is None:
            return
        n = t.nr_dirtied + nr
        if n >= t.nr_dirtied_pause:
            t.nr_dirtied = 0
            t.nr_dirtied_pause = self.balance_dirty_pages(t)
        else:
            t.nr_dirtied = n

    def balance_dirty_pages(self, t=None) -> int:
        """``balance_dirty_pages`` (mm/page-writeback.c, v5.10 and v6.1) of the
        writer ``t``: the global domain and, for a writer whose wb is a memcg's
        (cgroup v2: :meth:`wb_memcg`), the memcg's domain (``mdtc``:
        :meth:`memcg_dirty_limits`). Under both freerun ceilings (``(thresh +
        bg_thresh) / 2``) it goes on, and dirty pages over the global background
        threshold start background writeback (``wb_start_background_writeback``
        → ``wb_wakeup``: the flusher's work, on ``bdi_wq``, unbound: the writer's
        CPU here) unless it is running (``writeback_in_progress``). Past either
        ceiling it starts the background writeback of its wb (the memcg's, which
        writes that wb's inodes while the memcg is over its background threshold)
        and pauses (``io_schedule_timeout``) until that work ran: the model's I/O
        completes at once, so the kernel's ``pos_ratio`` rate control is not
        modelled. Returns the writer's next ``nr_dirtied_pause``:
        ``dirty_poll_interval`` (the square root of the distance to the dirty
        threshold, as a power of 2), the lesser of the two domains'."""
        gavail = self.global_dirtyable_memory()
        bg, thresh = self.domain_dirty_limits(gavail)
        dirty = self.nr_dirty
        memcg = self.wb_memcg(t)
        if memcg is not None:
            m_dirty, m_bg, m_thresh = self.memcg_dirty_limits(memcg, gavail, dirty)
        if dirty > (thresh + bg) // 2 or (memcg is not None
                                          and m_dirty > (m_thresh + m_bg) // 2):
            self.wb_start_background_writeback(memcg)
            self._pause(memcg)
            return DIRTY_POLL_THRESH
        if dirty > bg and not self.running:
            self.wb_wakeup()
        intv = dirty_poll_interval(dirty, thresh)
        if memcg is not None:
            intv = min(intv, dirty_poll_interval(m_dirty, m_thresh))
        return intv

    def wb_start_background_writeback(self, memcg) -> None:
        """``wb_start_background_writeback`` of the root's wb (``memcg`` None:
        :meth:`wb_wakeup`) or a memcg's, unless its work is in progress."""
        if memcg is None:
            if not self.running:
                self.wb_wakeup()
            return
        if memcg in self.bg_wbs:
            return
        self.bg_wbs.add(memcg)
        k = self.k
        cpu = k.current.cpu if k.current is not None else 0
        k.clock.queue_work(k.call_on_cpu, cpu, self._cgwb_workfn, memcg)

    def _pause(self, memcg) -> None:
        """The writer's pause past a freerun ceiling (``io_schedule_timeout``,
        TASK_KILLABLE): until the background writeback it started has run."""
        k = self.k
        if k.current is None:
            return
        end = k.clock.now_ns + MAX_PAUSE_NS
        busy = self.bg_wbs if memcg is not None else None
        while k.clock.now_ns < end and (memcg in busy if busy is not None else self.running):
            k.schedule_timeout_killable(WORK_LATENCY_NS)
            if not k.current.alive:
                break

    def _cgwb_workfn(self, memcg) -> None:
        """``wb_workfn`` of a memcg's wb → ``wb_check_background_flush``: the inodes
        of that wb (:attr:`inode_wb`), oldest first, up to ``writeback_chunk_size``
        pages each, while :meth:`wb_over_bg_thresh` of the memcg."""
        self.bg_wbs.discard(memcg)
        chunk = self.writeback_chunk_size()
        iw = self.inode_wb
        while True:
            mine = [i for i in self.dirty if iw.get(i) is memcg]
            if not mine or not self.wb_over_bg_thresh(memcg):
                break
            batch = {}
            for inode in sorted(mine, key=self.dirtied_when.__getitem__):
                pages = self.dirty[inode]
                batch[inode] = pages if len(pages) <= chunk else set(sorted(pages)[:chunk])
            self._write_back(batch)

    # ------------------------------------------------------------ the flusher
    def wb_wakeup_delayed(self) -> None:
        """``wb_wakeup_delayed``: the flusher's delayed work queued
        ``dirty_writeback_interval`` from now, unless it is queued already."""
        if self.dwork_at is not None:
            return
        k = self.k
        self.dwork_at = when = k.clock.now_ns + self.writeback_interval_ns()
        k.clock.call_at(when, self._dwork_due, when)

    def wb_wakeup(self) -> None:
        """``wb_wakeup``: the flusher's work run now (``mod_delayed_work(..., 0)``:
        a delayed run still queued is taken forward)."""
        k = self.k
        self.running = True
        self.dwork_at = None
        cpu = k.current.cpu if k.current is not None else 0
        k.clock.queue_work(k.call_on_cpu, cpu, self.wb_workfn)

    def _dwork_due(self, when: int) -> None:
        if self.dwork_at != when:
            return              # taken forward by wb_wakeup, or queued again
        self.dwork_at = None
        self.running = True
        self.k.call_on_cpu(0, self.wb_workfn)

    def wb_workfn(self) -> None:
        """``wb_workfn`` → ``wb_do_writeback``: ``wb_check_old_data_flush`` (at most
        once a ``dirty_writeback_interval``: the inodes dirtied
        ``dirty_expire_interval`` ago or earlier, for_kupdate), then
        ``wb_check_background_flush``; queued again in 5 s while dirty inodes are
        left (``wb_has_dirty_io``)."""
        k = self.k
        now = k.clock.now_ns
        interval = self.writeback_interval_ns()
        if interval and now >= self.last_old_flush + interval:
            self.last_old_flush = now
            self.expire()
        if self.nr_dirty:
            self.wb_check_background_flush()
        self.running = False
        if self.dirty and interval:
            self.wb_wakeup_delayed()

    def writeback_chunk_size(self) -> int:
        """``writeback_chunk_size`` of a WB_SYNC_NONE work: ``min(avg_write_bandwidth
        / 2, dirty_limit / DIRTY_SCOPE)`` rounded down to MIN_WRITEBACK_PAGES after
        adding it (the bandwidth its initial INIT_BW: no I/O time is modelled)."""
        if self.dirty_limit is None:
            self.dirty_limit = self.global_dirty_limits()[1]
        pages = min(INIT_BW // 2, self.dirty_limit // DIRTY_SCOPE)
        return (pages + MIN_WRITEBACK_PAGES) // MIN_WRITEBACK_PAGES * MIN_WRITEBACK_PAGES

    def wb_check_background_flush(self) -> None:
        """``wb_check_background_flush`` → ``wb_writeback`` (for_background): while
        ``wb_over_bg_thresh``, each dirty inode (oldest first: ``queue_io``) has up
        to ``writeback_chunk_size`` pages written (``writeback_sb_inodes``, lowest
        indexes first), the threshold checked again after each pass."""
        chunk = self.writeback_chunk_size()
        while self.dirty and self.wb_over_bg_thresh():
            batch = {}
            for inode in sorted(self.dirty, key=self.dirtied_when.__getitem__):
                pages = self.dirty[inode]
                batch[inode] = pages if len(pages) <= chunk else set(sorted(pages)[:chunk])
            self._write_back(batch)

    def page_freed(self, pfn: int, inode: Inode, index: int) -> None:
        """A page leaving the cache: ``try_to_free_buffers`` frees its buffer head;
        truncation cancels its dirtiness (``cancel_dirty_page``)."""
        b = self.bh.pop(pfn, None)
        if b is not None:
            self.k.slab.kmem_cache_free(*b)
        if self.reclaim:
            self.reclaim.discard(pfn)
        d = self.dirty.get(inode)
        if d is not None and index in d:
            # cancel_dirty_page → account_page_cleaned
            self.k.memcg.mod_lruvec_page_state(pfn, NR_FILE_DIRTY, -1)
            self._memcg_cleaned(pfn)
            d.discard(index)
            self.nr_dirty -= 1
            if not d:
                del self.dirty[inode]
                self.dirtied_when.pop(inode, None)
                self.k.filemap.lru_changed(inode)
                # truncated: its reservations released (ext4_da_release_space)
                self.delalloc.pop(inode, None)

    def _memcg_cleaned(self, pfn: int) -> None:
        """A dirty page of the page cache is clean: its memcg's own count less one."""
        md = self.memcg_dirty
        m = self.k.memcg.page_memcg(pfn)
        n = md.get(m, 0) - 1
        if n:
            md[m] = n
        else:
            del md[m]

    def sync(self) -> None:
        """``ksys_sync``: write back every dirty inode, then wait for the I/O."""
        if self.dirty:
            self._write_back(self.dirty)

    def expire(self) -> None:
        """The flusher's periodic writeback (``wb_check_old_data_flush``, for_kupdate):
        the inodes dirtied vm.dirty_expire_centisecs (30 s) ago or earlier are
        written back."""
        if not self.dirty:
            return
        old = self.k.clock.now_ns - self.dirty_expire_ns()
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
        page_memcg = k.memcg.page_memcg
        md = self.memcg_dirty
        delalloc = self.delalloc
        if delalloc and any(i in delalloc for i in inodes):
            k.call_on_cpu(k.current.cpu, self._da_map_blocks, inodes)
        reclaim = self.reclaim
        rotate = []
        iw = self.inode_wb
        for inode, pages in inodes.items():
            k.pgpg[1] += len(pages) * 8         # submit_bio of the pages' bios
            k.blkcg.bio_associate_wb(iw.get(inode))
            self.events["nr_written"] += len(pages)
            # clear_page_dirty_for_io takes NR_FILE_DIRTY off each page; its
            # NR_WRITEBACK (set_page_writeback) is back to 0 once sync has waited
            # (end_page_writeback)
            for index in pages:
                pfn = inode.pages.get(index)
                if pfn is not None:
                    mod(pfn, NR_FILE_DIRTY, -1)
                    m = page_memcg(pfn)
                    md[m] = md.get(m, 0) - 1
                    if reclaim and pfn in reclaim:
                        rotate.append(pfn)
            slab.alloc_struct_n(owner, io_end, 1)
            for _ in page_runs(pages):
                slab.alloc_struct_n(owner, bio, 1)
                slab.alloc_struct_n(owner, bvec, 1)
        if inodes is self.dirty:
            for inode in self.dirty:
                # clean again: inode_sync_complete → inode_add_lru (fs/fs-writeback.c)
                self.k.filemap.lru_changed(inode)
            self.dirty.clear()
            self.dirtied_when.clear()
            self.nr_dirty = 0
        else:
            dirty = self.dirty
            for inode, pages in list(inodes.items()):
                left = dirty[inode]
                if pages is left or len(pages) == len(left):
                    self.nr_dirty -= len(left)
                    del dirty[inode]
                    self.dirtied_when.pop(inode, None)
                    self.k.filemap.lru_changed(inode)
                else:
                    # a slice of the inode (background writeback's chunk): it
                    # stays dirty, its dirtied_when kept (requeue_io)
                    self.nr_dirty -= len(pages)
                    left -= pages
        slab.free_structs(owner)
        for m in [m for m, n in md.items() if not n]:
            del md[m]
        if rotate:
            self._end_writeback(rotate)

    def set_page_reclaim(self, pfns: list[int]) -> None:
        """``shrink_page_list`` (v5.10; ``shrink_folio_list`` v6.1) of dirty data
        pages it may not write ("Only kswapd can writeback filesystem pages",
        and kswapd only a page already PG_reclaim on a node marked PGDAT_DIRTY):
        NR_VMSCAN_IMMEDIATE and ``SetPageReclaim``, then ``activate_locked``
        (kernel/vmscan.py ``shrink_lruvec``)."""
        self.reclaim.update(pfns)
        self.events["nr_vmscan_immediate_reclaim"] += len(pfns)

    def _end_writeback(self, pfns: list[int]) -> None:
        """``end_page_writeback`` of PG_reclaim pages: ``ClearPageReclaim`` and
        ``rotate_reclaimable_page`` (mm/swap.c, v5.10; ``folio_rotate_reclaimable``
        v6.1): clean now, each goes to its inactive list's tail, inactive again
        (``pagevec_move_tail_fn``: ``ClearPageActive``), for the next reclaim to
        take first; PGROTATED."""
        k = self.k
        self.reclaim.difference_update(pfns)
        by_memcg: dict = {}
        page_memcg = k.memcg.page_memcg
        for pfn in pfns:
            m = page_memcg(pfn)
            if m is not None:
                by_memcg.setdefault(m, []).append(pfn)
        kinds = k.mem_map.kind
        lru_stats = k.memcg._lru_stats
        n = 0
        for m, lst in by_memcg.items():
            active = [pfn for pfn in lst if kinds[pfn] == PG_BUFFER]
            for pfn in active:
                kinds[pfn] = PG_FILE
            if active:
                lru_stats(m, PG_BUFFER, -len(active))
                lru_stats(m, PG_FILE, len(active))
            m.lru_file.remove_many(lst)
            m.lru_file.prepend(lst)
            n += len(lst)
        self.events["pgrotated"] += n
