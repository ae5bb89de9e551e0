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

Not modelled: jbd2's checkpoint lists, which on 6.1 also keep committed metadata
buffers busy until a later commit cleans them (5.10's ``bdev_try_to_free_page``
released clean ones during drop_caches; removed in v5.15).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .filemap import Inode

if TYPE_CHECKING:
    from . import KernelCore

#: ``BH_LRU_SIZE`` (fs/buffer.c)
BH_LRU_SIZE = 16
#: 256-byte ext4 inodes in 4 KiB blocks (mke2fs's defaults)
EXT4_INODES_PER_BLOCK = 16
#: ext4's first ordinary inode (``EXT4_GOOD_OLD_FIRST_INO``): 11 is lost+found
EXT4_FIRST_INO = 11
EXT4_ROOT_INO = 2

# page indexes in the block device's mapping, by kind of metadata block
_SUPER, _INODE_BITMAP, _GDT, _JOURNAL_SB, _ITABLE, _DIR = 0, 1, 2, 3, 1 << 20, 1 << 30
#: a slow symlink's data block, by its inode number
_SYMLINK = 1 << 31


class BlockDevice:
    """A disk's block device: its page cache (``bd_inode``) and inode numbering."""
    __slots__ = ("inode", "next_ino")

    def __init__(self, ino: int) -> None:
        self.inode = Inode(ino, False)
        self.inode.bdev = True
        self.next_ino = EXT4_FIRST_INO

    def alloc_ino(self) -> int:
        """``ext4_new_inode``: the next free inode of the group (one group here)."""
        ino = self.next_ino
        self.next_ino += 1
        return ino


class BufferCache:
    __slots__ = ("k", "bh_lrus", "bdevs")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: ``bh_lrus``: per CPU, the last buffers looked up, newest first
        self.bh_lrus: list[list[tuple[Inode, int]]] = [[] for _ in range(kernel.nr_cpus)]
        #: the mounted block devices
        self.bdevs: list[BlockDevice] = []

    def nr_blockdev_pages(self) -> int:
        """``nr_blockdev_pages``: pages in the block devices' page cache, what
        /proc/meminfo shows as ``Buffers``."""
        return sum(len(b.inode.pages) for b in self.bdevs)

    def getblk(self, bdev: BlockDevice, index: int) -> bool:
        """``__getblk``: find or create the buffer's page (charged to the current
        task's memcg when created), then ``bh_lru_install`` on this CPU."""
        k = self.k
        inode = bdev.inode
        if index not in inode.pages and not k.filemap.add_to_page_cache(inode, index):
            return False
        lru = self.bh_lrus[k.current.cpu]
        key = (inode, index)
        if lru and lru[0] == key:
            return True
        try:
            lru.remove(key)
        except ValueError:
            pass
        lru.insert(0, key)
        del lru[BH_LRU_SIZE:]
        return True

    def invalidate_bh_lrus(self) -> None:
        """Every CPU's bh LRU lets go (``invalidate_bdev``: umount, BLKFLSBUF)."""
        for lru in self.bh_lrus:
            lru.clear()

    def busy(self, inode: Inode, index: int) -> bool:
        """A buffer some CPU's bh LRU still holds (``buffer_busy``: b_count > 0)."""
        key = (inode, index)
        return any(key in lru for lru in self.bh_lrus)

    # what ext4 reads or modifies, block by block
    def inode_block(self, bdev: BlockDevice, ino: int) -> bool:
        """``__ext4_get_inode_loc``: the inode table block holding ``ino``."""
        return self.getblk(bdev, _ITABLE + (ino - 1) // EXT4_INODES_PER_BLOCK)

    def dir_block(self, bdev: BlockDevice, dir_ino: int) -> bool:
        """``ext4_find_entry``/``ext4_add_entry``: a (small) directory's one block."""
        return self.getblk(bdev, _DIR + dir_ino)

    def symlink_block(self, bdev: BlockDevice, ino: int) -> bool:
        """``ext4_init_symlink_block``/``ext4_get_link`` (v5.19+): the data block of
        the slow symlink ``ino`` (``ext4_bread``), one per link. The block
        allocator's own reads (bitmaps, buddy cache) are not modelled, as for
        files' blocks."""
        return self.getblk(bdev, _SYMLINK + ino)

    def new_inode(self, bdev: BlockDevice, dir_ino: int) -> int:
        """``ext4_create``/``ext4_mkdir``: inode bitmap, the new inode's table block,
        the parent directory's block. Returns the inode number."""
        ino = bdev.alloc_ino()
        self.getblk(bdev, _INODE_BITMAP)
        self.inode_block(bdev, ino)
        self.dir_block(bdev, dir_ino)
        return ino

    def mount(self, bdev: BlockDevice, dir_inos, walked_inos=(EXT4_ROOT_INO,)) -> None:
        """``ext4_fill_super`` (superblock, group descriptors, ``jbd2_journal_load``'s
        journal superblock) and the boot's first lookups, by a task of the root
        cgroup: the inode table blocks of the directories the image already has,
        and the blocks of the directories whose names were looked up
        (``walked_inos``: the top one at least, to reach the working directory)."""
        if bdev not in self.bdevs:
            self.bdevs.append(bdev)
        self.getblk(bdev, _SUPER)
        self.getblk(bdev, _GDT)
        self.getblk(bdev, _JOURNAL_SB)
        for ino in dir_inos:
            self.inode_block(bdev, ino)
        for ino in walked_inos:
            self.dir_block(bdev, ino)
