"""ext4's block groups and the allocators' choices that decide which metadata
blocks a task reads first (and so which memcg their pages are charged to), and which
of them it modifies (journalled: kept busy by jbd2, kernel/jbd2.py).

The layout is data: the oracle's scratch disk as ``mkfs.ext4`` (e2fsprogs 1.47.0)
makes a 1024 MiB image (``memcgsim.oracle.image.make_disk``), read back with
``dumpe2fs`` (calibration/ext4-layout.sh): 4 KiB blocks, 8 groups of 32768 blocks
and 8192 inodes (256 bytes: 16 a block, 512 inode table blocks a group), flex_bg
16, so every group's block bitmap (blocks 129..136), inode bitmap (137..144) and
inode table (145 + 512 * group) lie in group 0. Groups 1, 2, 3, 5 and 6 are
BLOCK_UNINIT (no block used but their own backup superblock), all but group 0
INODE_UNINIT. Inode 11 is lost+found, 12 the image's /work.

What a task reads (``sb_getblk``: a page of the block device's cache, kernel/
buffer.py) or adds to mballoc's buddy cache (``sbi->s_buddy_cache``, an inode whose
page cache holds each group's bitmap copy and buddy: two 4 KiB pages a group,
``ext4_mb_init_cache``), all charged to the current task's memcg:

- ``__ext4_new_inode`` (fs/ext4/ialloc.c, v5.10 and v6.1): the group
  (:meth:`Ext4Sb.find_group`), its inode bitmap (``ext4_read_inode_bitmap``), its
  block bitmap if the group is still BLOCK_UNINIT (initialised and the flag
  cleared), the new inode's table block (``ext4_mark_inode_dirty``);
- ``ext4_mb_new_blocks`` (fs/ext4/mballoc.c): :meth:`Ext4Sb.mb_new_blocks`, the
  groups ``ext4_mb_regular_allocator`` initialises (``ext4_mb_init_group``: the
  block bitmap, BLOCK_UNINIT ones initialised in memory, and the two buddy pages)
  and the block bitmaps ``ext4_mb_prefetch`` reads (Linux commit cfd732377221
  ("ext4: add prefetching for block allocation bitmaps") (in v5.9));
- at mount + 0..5 s, ``ext4lazyinit``'s prefetch of the block bitmaps (design
  switch ``ext4_prefetch_block_bitmaps``: Linux commit 21175ca434c5 ("ext4: make
  prefetch_block_bitmaps default") (in v5.13)), in the root cgroup, then (both
  releases) its zeroing of the inode tables mke2fs left unzeroed
  (:data:`ITABLE_UNZEROED`), a group a run: ``ext4_init_inode_table``'s handle and
  the group descriptor block journalled (kernel/jbd2.py: their slab objects).

Measured with the oracle (tests/conformance/scripts/ext4-metadata-charge.sh, 6.1's
exact memory.stat): the first fallocate of 8 MiB reads 8 block device pages and
10 buddy pages (18, as fallocate-charge); after lazyinit 3 and 4.

Not modelled: the free space's shape (a group is good if it has the
blocks, ``bb_largest_free_order`` is not kept), ``mb_optimize_scan`` (off below 16
groups), preallocations other than the per-CPU locality group's, delayed
allocation's blocks (allocated by the flusher, in the root cgroup: not charged to
a job), the buddy pages of a group freeing blocks.
"""
from __future__ import annotations

import errno
import heapq
import os
from typing import TYPE_CHECKING

from .filemap import Inode
from .page_alloc import PG_BUFFER

if TYPE_CHECKING:
    from . import KernelCore

#: ``EXT_INIT_MAX_LEN``, ``EXT_UNWRITTEN_MAX_LEN`` (fs/ext4/ext4_extents.h): the
#: longest extent of written blocks, of unwritten (fallocated) ones
EXT_INIT_MAX_LEN = 1 << 15
EXT_UNWRITTEN_MAX_LEN = EXT_INIT_MAX_LEN - 1
#: the extents ``i_block`` holds (60 bytes: ``ext4_extent_header`` and four
#: 12-byte entries), and a 4 KiB tree block ((4096 - 12) / 12)
EXT4_INODE_EXTENTS = 4
EXT4_BLOCK_EXTENTS = 340
#: ``EXT4_BLOCKS_PER_GROUP`` of the oracle's image (4 KiB blocks)
EXT4_BLOCKS_PER_GROUP = 32768
#: ``EXT4_INODES_PER_GROUP``
EXT4_INODES_PER_GROUP = 8192
#: 256-byte inodes in 4 KiB blocks
EXT4_INODES_PER_BLOCK = 16
#: ``ext4_flex_bg_size``: 1 << s_log_groups_per_flex
FLEX_BG_SIZE = 16
#: the group descriptors' block (buffer.py reads it at the mount)
GDT_BLOCK = 1
#: ``EXT4_FLEX_SIZE_DIR_ALLOC_SCHEME`` (fs/ext4/ext4.h): from this flex size on, a
#: regular file's blocks start at the flex group's second group
EXT4_FLEX_SIZE_DIR_ALLOC_SCHEME = 4
#: ``MB_DEFAULT_STREAM_THRESHOLD`` (fs/ext4/mballoc.h): 16 blocks, 64 KiB
MB_DEFAULT_STREAM_THRESHOLD = 16
#: ``MB_DEFAULT_GROUP_PREALLOC``: a locality group's preallocation, in blocks
MB_DEFAULT_GROUP_PREALLOC = 512
#: ``MB_DEFAULT_ORDER2_REQS``: requests of 2^2 blocks or more try the buddy (cr 0)
MB_DEFAULT_ORDER2_REQS = 2
#: ``EXT4_DEF_LI_MAX_START_DELAY`` (fs/ext4/ext4.h): lazyinit's first run comes
#: 0..5 s after the mount (``get_random_u32() % (5 * HZ)``); the model takes the
#: middle of that range
EXT4_LI_START_DELAY_NS = 2_500_000_000

#: the oracle's image (dumpe2fs of calibration/ext4-layout.sh), per group: block
#: bitmap, inode bitmap, first inode table block, BLOCK_UNINIT, free blocks
ORACLE_DISK_GROUPS = (
    (129, 137, 145, False, 28520),
    (130, 138, 657, True, 32639),
    (131, 139, 1169, True, 32768),
    (132, 140, 1681, True, 32639),
    (133, 141, 2193, False, 24576),
    (134, 142, 2705, True, 32639),
    (135, 143, 3217, True, 32768),
    (136, 144, 3729, False, 32639),
)


def add_run(runs: list, first: int, last: int) -> None:
    """Add blocks ``first..last`` to sorted, disjoint ``[first, last]`` ``runs``
    (merging those they touch)."""
    out = []
    i = 0
    n = len(runs)
    while i < n and runs[i][1] < first - 1:
        out.append(runs[i])
        i += 1
    while i < n and runs[i][0] <= last + 1:
        first = min(first, runs[i][0])
        last = max(last, runs[i][1])
        i += 1
    out.append([first, last])
    out.extend(runs[i:])
    runs[:] = out


def cut_runs(runs: list, first: int, last: int | None = None) -> list:
    """``runs`` without blocks ``first..last`` (to the end without ``last``)."""
    out = []
    for s0, e0 in runs:
        if e0 < first or (last is not None and s0 > last):
            out.append([s0, e0])
            continue
        if s0 < first:
            out.append([s0, first - 1])
        if last is not None and e0 > last:
            out.append([last + 1, e0])
    return out


def _sparse_super_groups(nr_groups: int) -> set[int]:
    """The groups below ``nr_groups`` that hold a backup superblock (sparse_super:
    0, 1 and the powers of 3, 5 and 7; fs/ext4/balloc.c ``ext4_group_sparse``)."""
    out = {0, 1}
    for p in (3, 5, 7):
        x = p
        while x < nr_groups:
            out.add(x)
            x *= p
    return out


class HostDiskLayout:
    """The groups of a host's root disk: ``mkfs.ext4`` of a 64 GiB image with the
    oracle image's options, as dumpe2fs reads it (calibration/ext4-layout-host.sh,
    which checks this rule against every group): 512 groups; flex group f's block
    bitmaps, inode bitmaps and inode tables at its first group's start (group 0:
    after the superblock, 8 descriptor blocks and 1024 reserved ones, block 1033),
    16 apart and 512 blocks a table; a sparse_super group loses 1033 blocks to its
    backup; the journal fills groups 257-260; BLOCK_UNINIT all but a flex group's
    first, the journal's and the last. A sequence of the groups' (block bitmap,
    inode bitmap, first inode table block, BLOCK_UNINIT, free blocks), each made
    when first read: a run touches a few of the 512 (building them all at every
    start cost ~39,000 opcodes, bench/README.md session 41)."""
    __slots__ = ("nr_groups", "gdt_end", "full", "group0_free", "sparse")

    def __init__(self, nr_groups: int = 512, gdt_end: int = 1033,
                 full: tuple[int, ...] = (257, 258, 259, 260),
                 group0_free: int = 23505) -> None:
        self.nr_groups = nr_groups
        self.gdt_end = gdt_end
        self.full = frozenset(full)
        self.group0_free = group0_free
        self.sparse = _sparse_super_groups(nr_groups)

    def __len__(self) -> int:
        return self.nr_groups

    def __getitem__(self, g: int) -> tuple[int, int, int, bool, int]:
        if not 0 <= g < self.nr_groups:
            raise IndexError(g)
        itb = EXT4_INODES_PER_GROUP // EXT4_INODES_PER_BLOCK     # inode table blocks
        r = g % FLEX_BG_SIZE
        s = g - r
        base = self.gdt_end if s == 0 else s * EXT4_BLOCKS_PER_GROUP
        if g in self.full:
            free = 0
        elif g == 0:
            free = self.group0_free
        else:
            free = (EXT4_BLOCKS_PER_GROUP - (self.gdt_end if g in self.sparse else 0)
                    - (FLEX_BG_SIZE * (2 + itb) if r == 0 else 0))
        return (base + r, base + FLEX_BG_SIZE + r, base + 2 * FLEX_BG_SIZE + itb * r,
                r != 0 and g not in self.full and g != self.nr_groups - 1, free)


def host_disk_groups(nr_groups: int = 512, gdt_end: int = 1033,
                     full: tuple[int, ...] = (257, 258, 259, 260),
                     group0_free: int = 23505) -> tuple[tuple[int, int, int, bool, int], ...]:
    """Every group of :class:`HostDiskLayout` as a tuple."""
    lay = HostDiskLayout(nr_groups, gdt_end, full, group0_free)
    return tuple(lay[g] for g in range(nr_groups))


#: the host's root disk (the default layout's /dev/vda)
HOST_DISK_GROUPS = HostDiskLayout()
#: ``s_overhead_clusters`` mke2fs 1.47 writes (the kernel takes it as ``s_overhead``
#: rather than ``ext4_calculate_overhead``): the superblocks, descriptors, reserved
#: descriptor blocks, bitmaps, inode tables and journal. The oracle's image:
#: calibration/recordings/ext4-layout--mke2fs-1.47.0.txt; the host's:
#: calibration/ext4-layout-host.sh
S_OVERHEAD_CLUSTERS = {ORACLE_DISK_GROUPS: 12949, HOST_DISK_GROUPS: 407669}
#: the layouts whose inode tables mke2fs left unzeroed (``lazy_itable_init`` on an
#: image file: no group has ITABLE_ZEROED in dumpe2fs,
#: calibration/recordings/ext4-layout--mke2fs-1.47.0.txt), which ext4lazyinit zeroes
#: after the mount: the oracle's image, made afresh for every run; a host's disk,
#: mounted long ago, has none left
ITABLE_UNZEROED = frozenset({ORACLE_DISK_GROUPS})
#: mke2fs's default reserved blocks (``-m 5``: 5 % of the blocks, truncated)
RESERVED_RATIO = 5
#: ``ext4_calculate_resv_clusters``: 2 % of the clusters, at most 4096
EXT4_RESV_CLUSTERS_MAX = 4096
#: inodes mkfs used: 1..10 reserved, 11 lost+found (the image's /work is made
#: with the mount, :meth:`Ext4Sb.mkfs_inode`)
EXT4_FIRST_INO = 11


class Ext4Group:
    """A block group: where its metadata lies, its descriptor's counts and flags
    (``ext4_group_desc``) and mballoc's in-memory state (``ext4_group_info``)."""
    __slots__ = ("block_bitmap", "inode_bitmap", "inode_table", "block_uninit",
                 "free_clusters", "free_inodes", "used_dirs", "next_bit", "freed",
                 "need_init")

    def __init__(self, block_bitmap: int, inode_bitmap: int, inode_table: int,
                 block_uninit: bool, free_clusters: int) -> None:
        self.block_bitmap = block_bitmap
        self.inode_bitmap = inode_bitmap
        self.inode_table = inode_table
        self.block_uninit = block_uninit
        self.free_clusters = free_clusters
        self.free_inodes = EXT4_INODES_PER_GROUP
        self.used_dirs = 0
        #: the highest inode bit ever used (1-based), and the bits freed below it (a
        #: heap: ``find_inode_bit`` takes the lowest free bit)
        self.next_bit = 0
        self.freed: list[int] = []
        #: ``EXT4_GROUP_INFO_NEED_INIT_BIT``: the buddy was never built
        self.need_init = True


class Ext4Sb:
    """A mounted ext4 filesystem's groups, counters and buddy cache
    (``ext4_sb_info``); pages are read through the block device's buffer cache."""
    __slots__ = ("k", "bdev", "groups", "buddy", "s_mb_last_group", "s_mb_prefetch",
                 "s_mb_prefetch_limit", "li_due", "unfolded", "extents", "owned", "one_block",
                 "written", "s_overhead", "itable_unzeroed", "nr_groups", "layout")

    def __init__(self, k: "KernelCore", bdev, buddy_ino: int,
                 layout: tuple = ORACLE_DISK_GROUPS) -> None:
        self.k = k
        self.bdev = bdev
        #: by group number (``s_group_desc``, ``s_group_info``): its
        #: :class:`Ext4Group`, None until first used (:meth:`group`: a host disk has
        #: 512, of which a run touches a few); read as ``groups[i] or group(i)``
        self.groups: list[Ext4Group | None] = [None] * len(layout)
        #: what mkfs made of each group (:meth:`group`)
        self.layout = layout
        #: ``s_groups_count``
        self.nr_groups = len(layout)
        #: ``sbi->s_overhead`` (None: a layout not calibrated)
        self.s_overhead = S_OVERHEAD_CLUSTERS.get(layout)
        #: the groups without EXT4_BG_INODE_ZEROED, that ext4lazyinit zeroes
        self.itable_unzeroed = len(layout) if layout in ITABLE_UNZEROED else 0
        #: ``s_buddy_cache``: page 2g is group g's bitmap, 2g+1 its buddy
        self.buddy = Inode(buddy_ino, False)
        k.filemap.inode_sb_list_add(self.buddy)     # ext4_mb_init_backend: new_inode(sb)
        #: ``s_mb_last_group``: the goal of stream allocations
        self.s_mb_last_group = 0
        n = self.nr_groups
        # ext4_mb_init_backend: one flex group's bitmaps a read, 8 reads in flight
        self.s_mb_prefetch = min(FLEX_BG_SIZE * 8, n)
        self.s_mb_prefetch_limit = min(self.s_mb_prefetch * 4, n)
        #: inode number -> the file's allocated block ranges [first, last]
        self.extents: dict[int, list[tuple[int, int]]] = {}
        #: inode number -> the file blocks written (delayed or allocated), as
        #: sorted, disjoint ``[first, last]`` runs (:meth:`i_blocks`)
        self.written: dict[int, list[list[int]]] = {}
        #: inode number -> the ``(group, blocks)`` of its one allocation, or a list
        #: of those of each of its allocations (a directory's or link's one block:
        #: the pair, shared, of :attr:`one_block`; issue 14: every kept directory of
        #: a churn host has one)
        self.owned: dict[int, tuple[int, int] | list[tuple[int, int]]] = {}
        #: group -> ``(group, 1)``, the record of a one-block allocation there
        self.one_block: dict[int, tuple[int, int]] = {}
        #: when lazyinit prefetches the block bitmaps (ns), None once done or never
        self.li_due: int | None = None
        #: per CPU: the inode and cluster allocations not yet folded into the
        #: percpu counters' global counts (``percpu_counter_add_batch``)
        self.unfolded: dict[int, list[int]] = {}
        g0 = self.group(0)
        g0.next_bit = EXT4_FIRST_INO - 1
        g0.free_inodes -= EXT4_FIRST_INO - 1
        g0.used_dirs = 1                    # the root directory, inode 2

    # ---------------------------------------------------------------- mkfs, mount
    def group(self, group: int) -> Ext4Group:
        """Group ``group``'s :class:`Ext4Group`, made from the layout at its first
        use (callers read ``groups[i] or group(i)``: a list's subscript, where a
        dict subclass's with ``__missing__`` cost ~270 instructions more, 28 reads
        a churn lifecycle)."""
        g = self.groups[group]
        if g is None:
            g = self.groups[group] = Ext4Group(*self.layout[group])
        return g

    def all_groups(self) -> list[Ext4Group]:
        """Every group in order (those never used made now)."""
        return [self.group(g) for g in range(self.nr_groups)]

    def mkfs_inode(self, is_dir: bool) -> int:
        """An inode of the image (``mkfs.ext4 -d``): the next of group 0."""
        g = self.group(0)
        g.next_bit += 1
        g.free_inodes -= 1
        g.used_dirs += is_dir
        return g.next_bit

    def mounted(self) -> None:
        """``ext4_fill_super``'s ``ext4_register_li_request`` (if the design
        prefetches the block bitmaps by default, or a group's inode table is not
        zeroed: ``ext4_has_uninit_itable``): the request's ``lr_next_sched``
        is :data:`EXT4_LI_START_DELAY_NS` on, and ext4lazyinit sleeps until then
        (``ext4_lazyinit_thread``'s ``schedule_timeout_interruptible(next_wakeup -
        cur)``, fs/ext4/super.c at v5.10 and v6.1): a timer at that time on the
        simulated clock runs :meth:`lazyinit`, whatever reads the pages or not."""
        if self.k.design.ext4_prefetch_block_bitmaps or self.itable_unzeroed:
            k = self.k
            self.li_due = k.clock.now_ns + EXT4_LI_START_DELAY_NS
            k.clock.call_at(self.li_due, self.lazyinit)

    def lazyinit(self) -> None:
        """``ext4_run_li_request`` in PREFETCH_BBITMAP mode, run by ext4lazyinit (a
        kernel thread of the root cgroup) at its due time: the block bitmaps of a
        prefetch window from group 0, then ``ext4_mb_prefetch_fini`` over as many
        groups as reads were issued. The thread runs the request again at once
        (``ext4_run_li_request`` sets no ``lr_next_sched`` in this mode) while
        windows are left: the model's one window covers the oracle disk's 8
        groups (``s_mb_prefetch``), so the next run finds none and the request
        turns to zeroing the inode tables (``EXT4_LI_MODE_ITABLE`` from
        ``lr_first_not_zeroed``, at once: :meth:`init_inode_tables`); 5.10's
        request starts in that mode."""
        if self.li_due is None:
            return
        self.li_due = None
        k = self.k
        with k.running(k.init):
            if k.design.ext4_prefetch_block_bitmaps:
                nxt, ios = self._prefetch(0, self.s_mb_prefetch)
                if ios:
                    self._prefetch_fini(nxt, ios)
            self.init_inode_tables()

    def init_inode_tables(self) -> None:
        """ext4lazyinit's ``EXT4_LI_MODE_ITABLE`` runs (fs/ext4/super.c
        ``ext4_run_li_request``, fs/ext4/ialloc.c ``ext4_init_inode_table``, v5.10
        and v6.1), one a group without EXT4_BG_INODE_ZEROED: a handle
        (``ext4_journal_start_sb``), write access to the group descriptor block and
        ``ext4_handle_dirty_metadata`` of it once the table is zeroed
        (``sb_issue_zeroout``), the handle stopped. Traced on the 6.1 guest at 2
        CPUs (tools/sizes/lazyinit-slabs-trace.sh): groups 0 to 7 about 125 ms apart
        (``lr_timeout``: ``s_li_wait_mult``, 10, times the first group's zeroing),
        all on ext4lazyinit's CPU; the first handle took an mbcache slab, the
        descriptor block's journal head a jbd2_journal_head slab. The model runs
        them at once on its thread's CPU (the spacing moves no object: the block
        stays in the transaction the first joined). Not modelled: the zeroing's
        writes (PGPGOUT), the guests' thread waking on another CPU between groups
        (their mbcache slabs at 2 to 8 CPUs: one to four)."""
        journal = self.bdev.journal
        for _group in range(self.itable_unzeroed):
            journal.dirty_metadata(GDT_BLOCK)
        self.itable_unzeroed = 0

    # ------------------------------------------------------------------ pages
    def _getblk(self, block: int) -> bool:
        return self.k.buffers.getblk(self.bdev, block)

    def _modify(self, block: int, new: bool = False) -> None:
        """The block read (``sb_getblk``; made in memory if ``new``) and modified
        under a handle: journalled."""
        if self.k.buffers.getblk(self.bdev, block, new):
            self.bdev.journal.dirty_metadata(block)

    def _modify_cached(self, block: int) -> None:
        """A block modified if it is in the cache (the reads of a removal are not
        modelled, see :meth:`free_inode`)."""
        if block in self.bdev.inode.pages:
            self.bdev.journal.dirty_metadata(block)

    def inode_table_block(self, ino: int) -> int:
        """The block holding inode ``ino`` (``__ext4_get_inode_loc``)."""
        group, bit = divmod(ino - 1, EXT4_INODES_PER_GROUP)
        return (self.groups[group] or self.group(group)).inode_table \
            + bit // EXT4_INODES_PER_BLOCK

    def _init_group(self, group: int, active: bool = False) -> None:
        """``ext4_mb_init_group``: the block bitmap (a BLOCK_UNINIT group's made in
        memory, ``ext4_init_block_bitmap``: a page all the same) and the group's two
        buddy cache pages (``ext4_mb_init_cache``: ``find_or_create_page``, on the
        inactive file list; ``active`` if the caller goes on to load the buddy)."""
        g = self.groups[group] or self.group(group)
        self.k.buffers.getblk(self.bdev, g.block_bitmap, g.block_uninit)
        g.need_init = False
        fm = self.k.filemap
        kind = PG_BUFFER if active else None
        for index in (2 * group, 2 * group + 1):
            if index not in self.buddy.pages:
                fm.add_to_page_cache(self.buddy, index, kind)

    def _load_buddy(self, group: int) -> None:
        """``ext4_mb_load_buddy``: the group's buddy pages, looked up with
        FGP_ACCESSED (inactive ones go active: 6.1's memory.stat of the first
        fallocate, 10 active pages of 18), built again (charged to the caller) if
        reclaim or drop_caches took them."""
        g = self.groups[group] or self.group(group)
        pages = self.buddy.pages
        if g.need_init or 2 * group not in pages or 2 * group + 1 not in pages:
            self._init_group(group, True)
        fm = self.k.filemap
        for index in (2 * group, 2 * group + 1):
            pfn = pages.get(index)
            if pfn is not None:
                fm.activate(pfn)

    def _prefetch(self, group: int, nr: int) -> tuple[int, int]:
        """``ext4_mb_prefetch``: read the block bitmaps of ``nr`` groups from
        ``group`` (wrapping) that still need their buddy, have free blocks and are
        not BLOCK_UNINIT; returns the group after them and the reads issued (a
        bitmap already in the cache is none)."""
        n = self.nr_groups
        ios = 0
        cache = self.bdev.inode.pages
        while nr > 0:
            g = self.groups[group] or self.group(group)
            if g.need_init and g.free_clusters > 0 and not g.block_uninit:
                if g.block_bitmap not in cache:
                    ios += 1
                self._getblk(g.block_bitmap)
            group = (group + 1) % n
            nr -= 1
        return group, ios

    def _prefetch_fini(self, group: int, nr: int) -> None:
        """``ext4_mb_prefetch_fini``: initialise the buddies of the ``nr`` groups
        before ``group``. As 5.10.262 and 6.1.192 have it, the descriptor checked is
        the one taken before ``group--`` (the next group's): a group is initialised
        if its successor has free blocks and is not BLOCK_UNINIT (changed upstream by
        Kemeng Shi's "ext4: get correct ext4_group_info in ext4_mb_prefetch_fini",
        posted February 2023; measured: the first fallocate's 10 buddy pages, groups
        0, 1, 7, 6 and 3)."""
        n = self.nr_groups
        while nr > 0:
            gdp = self.groups[group] or self.group(group)
            group = (group - 1) % n
            if (self.groups[group] or self.group(group)).need_init and gdp.free_clusters > 0 \
                    and not gdp.block_uninit:
                self._init_group(group)
            nr -= 1

    # ------------------------------------------------------- percpu counters
    def _count(self, inodes: int, clusters: int) -> None:
        """``percpu_counter_sub`` of ``s_freeinodes_counter`` and
        ``s_freeclusters_counter`` on this CPU: a CPU's delta is folded into the
        global count once it reaches ``percpu_counter_batch`` (max(32, 2 * CPUs))."""
        cpu = self.k.current.cpu
        d = self.unfolded.setdefault(cpu, [0, 0])
        batch = max(32, 2 * self.k.nr_cpus)
        d[0] += inodes
        d[1] += clusters
        for i in (0, 1):
            if abs(d[i]) >= batch:
                d[i] = 0

    def _reads_exact(self) -> bool:
        """``percpu_counter_read_positive`` equals the exact count: no CPU holds an
        allocation not yet folded."""
        return not any(d[0] or d[1] for d in self.unfolded.values())

    # -------------------------------------------------------------- inodes
    def find_group(self, parent_group: int, is_dir: bool, top: bool) -> int:
        """The group of a new inode. ``find_group_orlov`` for a directory: one
        under the root (``top``) goes to the flex group with the most room; on this
        disk there is one flex group, whose counts equal the superblock's, so that
        succeeds only if the percpu counters read exact (no allocation left unfolded
        since the last fold), else its fallback takes the first group from the
        parent's whose free inodes reach the average (found with the oracle: three
        top-level directories made after other inodes are 8193, 8194, 8195). A
        directory further down, and ``find_group_other`` for anything else, takes
        the first group of the parent's flex group with a free inode, then any;
        OSError ENOSPC when every inode of the disk is in use."""
        groups = self.groups
        n = self.nr_groups
        if is_dir and top and not self._reads_exact():
            # the counter's read: the exact count plus the allocations not folded
            freei = sum(g.free_inodes for g in self.all_groups()) + sum(
                d[0] for d in self.unfolded.values())
            avefreei = freei // n
            for i in range(n):
                grp = (parent_group + i) % n
                free = (groups[grp] or self.group(grp)).free_inodes
                if free and free >= avefreei:
                    return grp
        start = parent_group & ~(FLEX_BG_SIZE - 1)
        for grp in range(start, min(start + FLEX_BG_SIZE, n)):
            if (groups[grp] or self.group(grp)).free_inodes:
                return grp
        for grp in range(n):
            if (groups[grp] or self.group(grp)).free_inodes:
                return grp
        # every inode of the disk in use: __ext4_new_inode's -ENOSPC
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def new_inode(self, parent_ino: int, is_dir: bool, top: bool) -> int:
        """``__ext4_new_inode``: the group, its inode bitmap, its block bitmap if
        BLOCK_UNINIT (``ext4_read_block_bitmap``; the flag is cleared), the new
        inode's table block; all modified (journalled), the group descriptor
        too. Returns the inode number."""
        group = self.find_group((parent_ino - 1) // EXT4_INODES_PER_GROUP, is_dir, top)
        g = self.groups[group] or self.group(group)
        # an INODE_UNINIT group's inode bitmap, a BLOCK_UNINIT one's block bitmap:
        # made in memory (ext4_read_inode_bitmap, ext4_init_block_bitmap), not read
        self._modify(g.inode_bitmap, g.next_bit == 0)
        if g.block_uninit:
            self._modify(g.block_bitmap, True)
            g.block_uninit = False
        self._modify_cached(GDT_BLOCK)
        if g.freed:
            bit = heapq.heappop(g.freed)
        else:
            g.next_bit += 1
            bit = g.next_bit
        g.free_inodes -= 1
        g.used_dirs += is_dir
        self._count(1, 0)
        ino = group * EXT4_INODES_PER_GROUP + bit
        block = self.inode_table_block(ino)
        # __ext4_get_inode_loc(in_mem): a table block whose other inodes are all
        # free is zeroed in memory, not read
        if self.k.buffers.getblk(self.bdev, block, not self._itable_in_use(g, bit)):
            self.bdev.journal.dirty_metadata(block)
        return ino

    @staticmethod
    def _itable_in_use(g: "Ext4Group", bit: int) -> bool:
        """Whether an inode of ``bit``'s table block but ``bit`` is in use."""
        first = (bit - 1) // EXT4_INODES_PER_BLOCK * EXT4_INODES_PER_BLOCK + 1
        last = first + EXT4_INODES_PER_BLOCK - 1
        if last > g.next_bit:
            last = g.next_bit           # the bits past the highest ever used are free
        freed = g.freed
        # a loop, not any() of a generator: the generator's frame and its close
        # (GeneratorExit) at the first bit in use cost more than the test (a
        # churn lifecycle's inode creations make 6 calls)
        for b in range(first, last + 1):
            if b != bit and b not in freed:
                return True
        return False

    # -------------------------------------------------------------- blocks
    def fallocate(self, ino: int, first: int, last: int, isize_blocks: int) -> None:
        """``ext4_alloc_file_blocks``: each run of blocks ``first..last`` not yet
        allocated is one ``ext4_map_blocks`` → :meth:`mb_new_blocks` (unwritten
        extents, no page cache)."""
        have = self.extents.setdefault(ino, [])
        runs = []
        b = first
        for s0, e0 in sorted(have):
            if e0 < b or s0 > last:
                continue
            if s0 > b:
                runs.append((b, s0 - 1))
            b = e0 + 1
        if b <= last:
            runs.append((b, last))
        for s0, e0 in runs:
            self.mb_new_blocks(ino, e0 - s0 + 1, True, max(isize_blocks, e0 + 1))
            have.append((s0, e0))

    def note_written(self, ino: int, first: int, last: int) -> None:
        """``write()`` of file blocks ``first..last``: each a block of the file from
        now on, reserved by ``ext4_da_reserve_space`` and allocated at writeback
        (which the model does not do: the allocator is not called)."""
        runs = self.written.get(ino)
        if not runs:
            self.written[ino] = [[first, last]]
        elif runs[-1][0] <= first <= runs[-1][1] + 1:      # appending
            if last > runs[-1][1]:
                runs[-1][1] = last
        else:
            add_run(runs, first, last)

    def remove_blocks(self, ino: int, first: int, last: int | None = None) -> None:
        """The file's blocks ``first..last`` (to the end without ``last``) are freed:
        ``ext4_truncate`` past the new size, ``ext4_punch_hole``. Not modelled:
        their groups' free counts."""
        written = self.written.get(ino)
        if written:
            self.written[ino] = cut_runs(written, first, last)
        extents = self.extents.get(ino)
        if extents:
            self.extents[ino] = [(s0, e0) for s0, e0 in cut_runs(extents, first, last)]

    def statfs(self) -> tuple[int, int, int, int, int]:
        """``ext4_statfs`` (fs/ext4/super.c, v5.10 and v6.1): f_blocks the blocks
        less ``s_overhead``; f_bfree the free clusters less the dirty ones (blocks
        written and reserved by ``ext4_da_reserve_space``, not yet allocated);
        f_bavail that less the reserved blocks (``ext4_r_blocks_count``) and
        ``s_resv_clusters`` (0 if fewer); f_files the inodes, f_ffree the free
        ones. The groups' counts are exact sums (``percpu_counter_sum_positive``).
        Not modelled: blocks freed by truncating or punching allocated
        (fallocated) ones, the extent tree's blocks written back."""
        if self.s_overhead is None:
            raise NotImplementedError("block counts of an uncalibrated ext4 layout")
        groups = self.all_groups()
        blocks = len(groups) * EXT4_BLOCKS_PER_GROUP
        resv = min(blocks // 50, EXT4_RESV_CLUSTERS_MAX)
        r_blocks = blocks * RESERVED_RATIO // 100
        dirty = 0
        for ino, runs in self.written.items():
            extents = self.extents.get(ino)
            if extents:
                for s0, e0 in extents:
                    runs = cut_runs(runs, s0, e0)
            dirty += sum(e0 - s0 + 1 for s0, e0 in runs)
        bfree = max(sum(g.free_clusters for g in groups) - dirty, 0)
        bavail = max(bfree - (r_blocks + resv), 0)
        return (blocks - self.s_overhead, bfree, bavail, len(groups) * EXT4_INODES_PER_GROUP,
                sum(g.free_inodes for g in groups))

    def i_blocks(self, ino: int) -> int:
        """What ``stat`` reports of a file's 512-byte blocks (``ext4_file_getattr``:
        ``i_blocks`` plus the delayed blocks, ``i_reserved_data_blocks``): each
        block written or fallocated, and the extent tree's blocks beyond the
        four extents ``i_block`` holds. Extents are counted per run of file
        blocks (at most ``EXT_INIT_MAX_LEN`` blocks, an unwritten one
        ``EXT_UNWRITTEN_MAX_LEN``), as contiguous on the disk: the disk's
        fragmentation is not modelled."""
        written = self.written.get(ino) or []
        unwritten = self.extents.get(ino) or []
        if unwritten:
            for s0, e0 in written:
                unwritten = cut_runs(unwritten, s0, e0)
        blocks = sum(e0 - s0 + 1 for s0, e0 in written) + sum(e0 - s0 + 1 for s0, e0 in unwritten)
        nr = (sum(-(-(e0 - s0 + 1) // EXT_INIT_MAX_LEN) for s0, e0 in written)
              + sum(-(-(e0 - s0 + 1) // EXT_UNWRITTEN_MAX_LEN) for s0, e0 in unwritten))
        # ext4_ext_grow_indepth: past i_block's entries, a level of tree blocks
        while nr > EXT4_INODE_EXTENTS:
            nr = -(-nr // EXT4_BLOCK_EXTENTS)
            blocks += nr
        return blocks * (4096 // 512)

    def free_inode(self, ino: int, is_dir: bool) -> None:
        """The last link of ``ino`` is gone: ``ext4_free_blocks`` gives its blocks
        back to their groups, ``ext4_free_inode`` its bit (the next inode of the
        group may take it: no journal-less ``recently_deleted`` wait). The bitmaps,
        the inode's table block and the group descriptor are modified (journalled)
        if in the cache; the reads of those that are not (and of the buddy pages:
        charged to the remover) are not modelled, nor the delay of an inode still
        open."""
        self.extents.pop(ino, None)
        self.written.pop(ino, None)
        had = self.owned.pop(ino, None)
        runs = () if had is None else [had] if isinstance(had, tuple) else had
        for group, n in runs:
            gr = self.groups[group] or self.group(group)
            gr.free_clusters += n
            self._count(0, -n)
            self._modify_cached(gr.block_bitmap)
        group, bit = divmod(ino - 1, EXT4_INODES_PER_GROUP)
        if ino < EXT4_FIRST_INO or group >= self.nr_groups:
            return
        g = self.groups[group] or self.group(group)
        self._modify_cached(self.inode_table_block(ino))
        self._modify_cached(g.inode_bitmap)
        self._modify_cached(GDT_BLOCK)
        heapq.heappush(g.freed, bit + 1)
        g.free_inodes += 1
        g.used_dirs -= is_dir
        self._count(-1, 0)

    def goal_group(self, ino: int, regular: bool) -> int:
        """``ext4_inode_to_goal_block``: the inode's flex group, its second group
        for a regular file's blocks (a directory's and a link's stay in the
        first)."""
        group = (ino - 1) // EXT4_INODES_PER_GROUP
        if FLEX_BG_SIZE >= EXT4_FLEX_SIZE_DIR_ALLOC_SCHEME:
            group &= ~(FLEX_BG_SIZE - 1)
            if regular:
                group += 1
        return min(group, self.nr_groups - 1)

    def mb_new_blocks(self, ino: int, nblocks: int, regular: bool,
                      isize_blocks: int = 0) -> None:
        """``ext4_mb_new_blocks`` of ``nblocks`` for inode ``ino`` without
        normalisation (fallocate's ``EXT4_GET_BLOCKS_NO_NORMALIZE``, a directory's
        or link's one block). ``ext4_mb_group_or_file``: a regular file's request
        above ``s_mb_stream_request`` (with its size) is a stream allocation, whose
        goal is ``s_mb_last_group`` (no preallocation is made without
        normalisation)."""
        goal = self.goal_group(ino, regular)
        stream = regular and max(nblocks, isize_blocks) > MB_DEFAULT_STREAM_THRESHOLD
        if stream:
            goal = self.s_mb_last_group
        group = self.regular_allocator(goal, nblocks, regular)
        if group is None:
            return
        if nblocks == 1:
            rec = self.one_block.get(group)
            if rec is None:
                rec = self.one_block[group] = (group, 1)
        else:
            rec = (group, nblocks)
        had = self.owned.get(ino)
        if had is None:
            self.owned[ino] = rec
        elif isinstance(had, tuple):
            self.owned[ino] = [had, rec]
        else:
            had.append(rec)
        if stream:
            self.s_mb_last_group = group

    def regular_allocator(self, goal: int, nblocks: int, data: bool) -> int | None:
        """``ext4_mb_regular_allocator`` (no ``mb_optimize_scan``: under 16 groups):
        from the goal group, criteria 0 (a power of two of 4 blocks or more: the
        buddy; never a flex group's first group for data) then 1 to 3, each a pass
        over the groups. Before a group is looked at, a prefetch window starting
        there (the rest of its flex group, ``s_mb_prefetch`` at most) reads the
        bitmaps it lacks, while fewer than ``s_mb_prefetch_limit`` reads were issued
        (always from cr 2 on). A group whose buddy was never built is initialised to
        be judged, except at cr 0 and 1 a group that is neither its flex group's
        first nor BLOCK_UNINIT (skipped). The chosen group's buddy is loaded and its
        bitmap marked (``ext4_mb_mark_diskspace_used``); at the end the last
        window's groups are initialised (:meth:`_prefetch_fini`) if it read any."""
        groups = self.groups
        n = self.nr_groups
        # ac_2order: fls(len) >= s_mb_order2_reqs and len a power of two
        order2 = nblocks.bit_length() >= MB_DEFAULT_ORDER2_REQS and nblocks & (nblocks - 1) == 0
        ios = 0
        found = None
        prefetch = self.k.design.ext4_mb_prefetch
        prefetch_grp, nr = goal, 0
        for cr in range(0 if order2 else 1, 4):
            group = goal
            prefetch_grp, nr = group, 0
            for _ in range(n):
                if prefetch and prefetch_grp == group and (
                        cr > 1 or ios < self.s_mb_prefetch_limit):
                    nr = FLEX_BG_SIZE - (group & (FLEX_BG_SIZE - 1))
                    nr = min(nr, self.s_mb_prefetch)
                    before = ios
                    prefetch_grp, got = self._prefetch(group, nr)
                    ios += got
                    if ios == before:
                        nr = 0
                g = groups[group] or self.group(group)
                free = g.free_clusters
                if free > 0 and (cr > 2 or free >= nblocks) and not (
                        g.need_init and cr < 2 and group & (FLEX_BG_SIZE - 1)
                        and not g.block_uninit):
                    good = not (cr == 0 and data and group % FLEX_BG_SIZE == 0
                                and FLEX_BG_SIZE >= EXT4_FLEX_SIZE_DIR_ALLOC_SCHEME)
                    if g.need_init:
                        self._init_group(group, good)
                    if good:
                        found = group
                        break
                group = (group + 1) % n
            if found is not None:
                break
        if found is not None:
            g = groups[found] or self.group(found)
            self._load_buddy(found)
            # ext4_mb_mark_diskspace_used: the bitmap and the descriptor journalled
            self._modify(g.block_bitmap)
            self._modify_cached(GDT_BLOCK)
            take = min(nblocks, g.free_clusters)
            g.free_clusters -= take
            g.block_uninit = False
            self._count(0, take)
        if nr:
            self._prefetch_fini(prefetch_grp, nr)
        return found
