"""A disk superblock's shrinker (fs/super.c, v5.10 and v6.1): ``alloc_super`` registers
``s_shrink`` (``super_cache_count``/``super_cache_scan``, DEFAULT_SEEKS, batch 1024,
SHRINKER_MEMCG_AWARE), which frees the superblock's unused dentries
(``s_dentry_lru``) and inodes (``s_inode_lru``), list_lrus kept per memcg: an item
goes on the list of the memcg its object is charged to (``list_lru_add`` →
``mem_cgroup_from_slab_obj``), and an offline memcg's lists join its parent's
(``memcg_drain_all_list_lrus`` v5.10, ``memcg_reparent_list_lrus`` v6.1, with the
parent's shrinker bit). So memcg reclaim (``shrink_slab`` of each memcg it visits,
kernel/shrinker.py) frees the dentries and inodes a cgroup's tasks made, as
``drop_slab`` does for every memcg. Which file is unused and what freeing it does:
kernel/filemap.py (``Filemap.dentry_on_lru``, ``inode_on_lru``, ``prune_icache``).
The disk's negative dentries are still the stand-in of kernel/filemap.py
(``drop_slab``, ``shrink_dcache_memcg``), not counted here.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

from .shrinker import SHRINK_EMPTY, Shrinker, ShrinkControl

if TYPE_CHECKING:
    from . import KernelCore
    from .filemap import Inode

#: include/linux/shrinker.h ``DEFAULT_SEEKS``
DEFAULT_SEEKS = 2
#: fs/super.c ``alloc_super``: ``s->s_shrink.batch = 1024``
SUPER_SHRINK_BATCH = 1024


class SuperBlockShrinker:
    """``sb->s_shrink`` of a disk filesystem; ``files``: its cached file inodes in the
    order they were made (the model's ``s_dentry_lru``/``s_inode_lru`` order)."""
    __slots__ = ("k", "files", "shrinker")

    def __init__(self, k: "KernelCore", files: Callable[[], list]) -> None:
        self.k = k
        self.files = files
        self.shrinker = Shrinker("super_cache", self.super_cache_count,
                                 self.super_cache_scan, DEFAULT_SEEKS, True,
                                 SUPER_SHRINK_BATCH)
        k.shrinkers.register_shrinker(self.shrinker)

    def lru_add(self, memcg) -> None:
        """``list_lru_add`` onto ``memcg``'s list: its shrinker bit set."""
        self.k.shrinkers.memcg_set_shrinker_bit(memcg, self.shrinker)

    def _lists(self, memcg) -> tuple[list, list]:
        """``memcg``'s dentry and inode lists: its unused dentries and the inodes on
        the inode LRU (the root's holds the unaccounted ones too)."""
        k = self.k
        fm = k.filemap
        of = fm.mem_cgroup_from_slab_obj
        in_use = k.inodes_in_use()
        dentries: list[Inode] = []
        inodes: list[Inode] = []
        for inode in self.files():
            if fm.dentry_on_lru(inode, in_use):
                if of(*inode.slab[1]) is memcg:
                    dentries.append(inode)
            elif fm.inode_on_lru(inode, in_use) and of(*inode.slab[0]) is memcg:
                inodes.append(inode)
        return dentries, inodes

    def super_cache_count(self, sc: ShrinkControl) -> int:
        """``super_cache_count``: the memcg's dentries and inodes on the lists
        (``vfs_pressure_ratio`` at the default ``vfs_cache_pressure`` 100: as is);
        SHRINK_EMPTY for none."""
        dentries, inodes = self._lists(sc.memcg)
        return len(dentries) + len(inodes) or SHRINK_EMPTY

    def super_cache_scan(self, sc: ShrinkControl) -> int:
        """``super_cache_scan``: ``nr_to_scan`` shared between the dentry and inode
        lists in proportion (``mult_frac(nr_to_scan, n, dentries + inodes + 1)``),
        ``prune_dcache_sb`` first (a freed dentry's inode joins the inode LRU, not
        this pass's share), then ``prune_icache_sb``. Returns the objects freed."""
        k = self.k
        fm = k.filemap
        dentries, inodes = self._lists(sc.memcg)
        total = len(dentries) + len(inodes) + 1
        nr = sc.nr_to_scan
        freed = 0
        for inode in dentries[:nr * len(dentries) // total]:
            fm.prune_dentry(inode)
            freed += 1
        for inode in inodes[:nr * len(inodes) // total]:
            if fm.prune_icache(inode):
                freed += 1
        return freed
