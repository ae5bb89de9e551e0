"""The block device's buffer cache (fs/buffer.c) under a disk (ext4) filesystem.

ext4 reads and writes its metadata (inode tables, directory blocks, bitmaps) as
buffer heads in the page cache of the block device (``sb_getblk`` → ``__getblk`` →
``grow_dev_page``). Such a page is charged like any page cache page, to the memcg
of the task that first brought it in, and its buffers stay busy while the per-CPU
buffer-head LRU holds them: ``bh_lru_install`` keeps the last ``BH_LRU_SIZE``
buffers looked up on each CPU with a reference (``get_bh``), dropped only when
newer lookups push them out or by :meth:`BufferCache.invalidate_bh_lrus`.
``drop_caches`` → ``invalidate_mapping_pages`` → ``try_to_free_buffers`` cannot free
a page with a busy buffer, so the few metadata blocks a cgroup touched first pin it
after ``rmdir`` (found with the oracle on 5.10 and 6.1: tests/conformance/scripts/
drop-caches.sh leaves 4 dying cgroups holding 5 such pages).

Who reads a block first matters, so the boot's reads are modelled too (found with
the oracle, tests/conformance/scripts/buffer-cache-first-reader.sh: a child's failed
lookup in the scratch disk's top directory leaves nothing dying on 5.10 and 6.1,
one in the working directory leaves the child dying): mounting reads the
superblock, the group descriptors, the journal's superblock and the inode table
block of the directories walked, and the walk to the working directory (or a
booted host's lookups under ``/``) reads those directories' blocks, all in the
root cgroup, where they pin nothing. /proc/meminfo's ``Buffers`` is
``nr_blockdev_pages()``: the block devices' page cache (5 pages after the oracle's
mount, one more per directory block read later).

A buffer ext4 modified is busy too while jbd2 holds it, in a transaction or on a
checkpoint list (kernel/jbd2.py): the block device's ``Journal``, which ext4's
modifications feed (kernel/ext4.py, :meth:`BufferCache.mark_inode_dirty`, the
directory, symlink and journalled data blocks here).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .ext4 import EXT4_BLOCKS_PER_GROUP, GDT_BLOCK, Ext4Sb
from .filemap import Inode
from .jbd2 import Journal, ext2fs_default_journal_size

if TYPE_CHECKING:
    from . import KernelCore

#: ``BH_LRU_SIZE`` (fs/buffer.c)
BH_LRU_SIZE = 16
EXT4_ROOT_INO = 2
#: ``EXT4_BAD_INO``: the number ext4 gives its buddy cache inode (``ext4_mb_init_backend``)
EXT4_BAD_INO = 1

# page indexes in the block device's mapping: a 4 KiB block's number (bitmaps and
# inode tables: kernel/ext4.py); the journal is inode 8's 8192 blocks from 131072
# (dumpe2fs of the oracle's image); a directory's and a slow symlink's block are
# given an index of their own (where mballoc puts them is not followed)
_SUPER, _JOURNAL_SB, _DIR = 0, 131072, 1 << 30
_GDT = GDT_BLOCK
#: a slow symlink's data block, by its inode number
_SYMLINK = 1 << 31

#: 512-byte sectors of a 4 KiB block or page (a bio's ``bio_sectors``)
SECTORS_PER_BLOCK = 8


class BlockDevice:
    """A disk's block device: its page cache (``bd_inode``) and its ext4
    filesystem's groups and allocators (kernel/ext4.py) and its journal (kernel/
    jbd2.py, as long as mke2fs makes it for the disk's size)."""
    __slots__ = ("inode", "sb", "journal")

    def __init__(self, k: "KernelCore", ino: int, layout: tuple) -> None:
        self.inode = Inode(ino, False)
        self.inode.bdev = True
        k.filemap.inode_sb_list_add(self.inode)     # bdev_alloc: new_inode(blockdev_superblock)
        self.journal = Journal(k, ext2fs_default_journal_size(
            len(layout) * EXT4_BLOCKS_PER_GROUP))
        self.sb = Ext4Sb(k, self, EXT4_BAD_INO, layout)

    def alloc_ino(self, is_dir: bool = True) -> int:
        """An inode the image already has (``mkfs.ext4 -d``)."""
        return self.sb.mkfs_inode(is_dir)


class BufferCache:
    """The per-CPU bh LRUs and the mounted block devices."""
    __slots__ = ("k", "bh_lrus", "bdevs", "journals", "jdata")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: ``bh_lrus``: per CPU, the last buffers looked up, newest first
        self.bh_lrus: list[list[tuple[Inode, int]]] = [[] for _ in range(kernel.nr_cpus)]
        #: the mounted block devices
        self.bdevs: list[BlockDevice] = []
        #: a mounted block device's journal, by its page cache inode
        self.journals: dict[Inode, Journal] = {}
        #: inodes whose (one) page is journalled data: their journal
        self.jdata: dict[Inode, Journal] = {}

    def nr_blockdev_pages(self) -> int:
        """``nr_blockdev_pages``: pages in the block devices' page cache, what
        /proc/meminfo shows as ``Buffers``."""
        return sum(len(b.inode.pages) for b in self.bdevs)

    def getblk(self, bdev: BlockDevice, index: int, new: bool = False) -> bool:
        """``__getblk``: find or create the buffer's page (charged to the current
        task's memcg when created), then ``bh_lru_install`` on this CPU. A block
        not cached is read (``submit_bh``: 8 sectors of PGPGIN) unless ``new``
        (a block just allocated, zeroed in memory: ``ext4_getblk`` of a new map).
        A cached one's page is marked accessed (``__find_get_block``: fs/buffer.c,
        v5.10 and v6.1); a new one is born active and unreferenced
        (filemap.py ``page_cache_kind``)."""
        k = self.k
        inode = bdev.inode
        pfn = inode.pages.get(index)
        if pfn is None:
            if not k.filemap.add_to_page_cache(inode, index):
                return False
            if not new:
                k.pgpg[0] += SECTORS_PER_BLOCK
                k.blkcg.bio_associate_current()
        else:
            # __find_get_block: touch_buffer of a bh LRU hit, else
            # __find_get_block_slow's FGP_ACCESSED lookup: the page marked accessed
            # (a second mark activates one drop_caches deactivated)
            k.filemap.mark_page_accessed(pfn)
        lru = self.bh_lrus[k.current.cpu]
        key = (inode, index)
        if lru and lru[0] == key:
            return True
        if key in lru:          # (not a caught ValueError: ~3 a churn lifecycle)
            lru.remove(key)
        lru.insert(0, key)
        del lru[BH_LRU_SIZE:]
        return True

    def is_buddy(self, inode: Inode) -> bool:
        """Whether ``inode`` is a mounted ext4's buddy cache (kernel/ext4.py)."""
        return any(b.sb.buddy is inode for b in self.bdevs)

    def invalidate_bh_lrus(self) -> None:
        """Every CPU's bh LRU lets go (``invalidate_bdev``: umount, BLKFLSBUF)."""
        for lru in self.bh_lrus:
            lru.clear()

    def busy(self, inode: Inode, index: int) -> bool:
        """Releasing the buffer's page fails (``try_to_release_page``): some CPU's bh
        LRU still holds it, or jbd2 does (``buffer_busy``: b_count > 0). Before
        v5.14 the release first lets a clean checkpointed buffer go
        (``blkdev_releasepage`` → ``ext4_bdev_try_to_free_page``; kernel/jbd2.py)."""
        j = self.journals.get(inode)
        if j is not None:
            if self.k.design.jbd2_release == "bdev_try_to_free_page":
                j.try_to_free_buffers(index)
            if j.busy(index):
                return True
        key = (inode, index)
        return any(key in lru for lru in self.bh_lrus)

    def data_busy(self, inode: Inode) -> bool:
        """Releasing a journalled data page fails (``ext4_releasepage`` →
        ``jbd2_journal_try_to_free_buffers``: a clean checkpointed buffer goes
        first)."""
        j = self.jdata.get(inode)
        if j is None:
            return False
        j.try_to_free_buffers(-inode.ino)
        return j.busy(-inode.ino)

    def journal_data(self, bdev: BlockDevice, inode: Inode) -> None:
        """``ext4_journalled_write_end`` (data=journal: 5.10's slow symlink page):
        the page's buffer joins the running transaction, keyed by the negated
        inode number."""
        self.jdata[inode] = bdev.journal
        bdev.journal.dirty_metadata(-inode.ino)

    def unmap_data(self, inode: Inode, release: Callable[[], None]) -> bool:
        """The journalled data page of ``inode`` truncated (``journal_unmap_buffer``,
        kernel/jbd2.py): True if it may be freed now, else ``release`` frees it at
        the running transaction's commit."""
        j = self.jdata.get(inode)
        if j is None:
            return True
        if j.journal_unmap_buffer(-inode.ino, release):
            del self.jdata[inode]
            return True
        return False

    def sync(self) -> None:
        """``ksys_sync`` of every mounted ext4: its journal commits, its buffers are
        written home (kernel/jbd2.py)."""
        for b in self.bdevs:
            b.journal.sync()

    def journal_destroy(self) -> None:
        """``jbd2_journal_destroy`` of every mounted ext4 (umount): nothing of theirs
        stays journalled (kernel/jbd2.py)."""
        for b in self.bdevs:
            b.journal.destroy()

    # what ext4 reads or modifies, block by block
    def inode_block(self, bdev: BlockDevice, ino: int) -> bool:
        """``__ext4_get_inode_loc``: the inode table block holding ``ino``."""
        return self.getblk(bdev, bdev.sb.inode_table_block(ino))

    def dir_block(self, bdev: BlockDevice, dir_ino: int, modify: bool = False,
                  new: bool = False) -> bool:
        """``ext4_find_entry``/``ext4_add_entry``: a (small) directory's one block,
        journalled if ``modify`` (an entry added or deleted); ``new``: a new
        directory's first block (``ext4_init_new_dir``), not read."""
        ok = self.getblk(bdev, _DIR + dir_ino, new)
        if ok and modify:
            bdev.journal.dirty_metadata(_DIR + dir_ino)
        return ok

    def symlink_block(self, bdev: BlockDevice, ino: int, write: bool = False) -> bool:
        """``ext4_init_symlink_block``/``ext4_get_link`` (v5.19+): the data block of
        the slow symlink ``ino`` (``ext4_bread``), one per link (its allocation:
        :meth:`alloc_block`), journalled when it is written."""
        ok = self.getblk(bdev, _SYMLINK + ino, write)      # written: a new block
        if ok and write:
            bdev.journal.dirty_metadata(_SYMLINK + ino)
        return ok

    def new_inode(self, bdev: BlockDevice, dir_ino: int, is_dir: bool = False) -> int:
        """``ext4_create``/``ext4_mkdir``/``ext4_symlink``/``ext4_mknod``: the new
        inode (``__ext4_new_inode``: its group's bitmaps and its table block,
        kernel/ext4.py), then the parent directory's inode and block
        (``add_dirent_to_buf``). Returns the inode number."""
        ino = bdev.sb.new_inode(dir_ino, is_dir, dir_ino == EXT4_ROOT_INO)
        # add_dirent_to_buf: the parent's times (ext4_mark_inode_dirty), then the entry
        self.mark_inode_dirty(bdev, dir_ino)
        self.dir_block(bdev, dir_ino, True)
        return ino

    def mark_inode_dirty(self, bdev: BlockDevice, ino: int) -> None:
        """``ext4_mark_inode_dirty`` (``ext4_get_inode_loc``, then
        ``ext4_do_update_inode``): the inode's table block read if not cached
        (charged to the current task) and journalled."""
        index = bdev.sb.inode_table_block(ino)
        if self.getblk(bdev, index):
            bdev.journal.dirty_metadata(index)

    def alloc_block(self, bdev: BlockDevice, ino: int) -> None:
        """One block for a directory or a symbolic link (``ext4_append``,
        ``ext4_init_symlink_block``, or on 5.10 ``ext4_write_begin`` of the link's
        page): ``ext4_mb_new_blocks`` in the calling task."""
        bdev.sb.mb_new_blocks(ino, 1, False)

    def mount(self, bdev: BlockDevice, dir_inos, walked_inos=(EXT4_ROOT_INO,)) -> None:
        """``ext4_fill_super`` (superblock, group descriptors, ``jbd2_journal_load``'s
        journal superblock) and the boot's first lookups, by a task of the root
        cgroup: the inode table blocks of the directories the image already has,
        and the blocks of the directories whose names were looked up
        (``walked_inos``: the top one at least, to reach the working directory)."""
        if bdev not in self.bdevs:
            self.bdevs.append(bdev)
            self.journals[bdev.inode] = bdev.journal
            bdev.sb.mounted()
        self.getblk(bdev, _SUPER)
        self.getblk(bdev, _GDT)
        self.getblk(bdev, _JOURNAL_SB)
        for ino in dir_inos:
            self.inode_block(bdev, ino)
        for ino in walked_inos:
            self.dir_block(bdev, ino)
