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
The lists are kept as the kernel keeps them (kernel/list_lru.py): each inode whose
dcache state may have moved is marked (:meth:`SuperBlockShrinker.lru_changed`: a
dentry allocated or freed, an inode evicted, made dirty or clean, orphaned, its
page cache's xarray gone or made where that matters, its memcg offline) and put
on the list it now belongs on before the next count, so that
``super_cache_count`` reads ``nr_items`` (``list_lru_shrink_count``) instead of
walking every cached file. An open file's inode stays listed (the kernel's lists
take an item in use off lazily, at ``dentry_lru_isolate``/``inode_lru_isolate``):
the count leaves out the open ones, as ``dentry_on_lru``/``inode_on_lru`` do.
The disk's negative dentries are still the stand-in of kernel/filemap.py
(``drop_slab``, ``shrink_dcache_memcg``), not counted here.
"""
from __future__ import annotations

from itertools import filterfalse
from typing import TYPE_CHECKING, Callable

from .list_lru import ListLru
from .shrinker import SHRINK_EMPTY, Shrinker, ShrinkControl

if TYPE_CHECKING:
    from . import KernelCore
    from .filemap import Inode

#: include/linux/shrinker.h ``DEFAULT_SEEKS``
DEFAULT_SEEKS = 2
#: fs/super.c ``alloc_super``: ``s->s_shrink.batch = 1024``
SUPER_SHRINK_BATCH = 1024


class SuperBlockShrinker:
    """``sb->s_shrink`` of a disk filesystem and its two list_lrus, ``s_dentry_lru``
    (inodes whose dentry is cached and unused) and ``s_inode_lru`` (inodes cached
    without their dentry, unused and clean); ``files``: its cached file inodes in
    the order they were made (the walk the invariant checker compares with);
    ``stale``: the inodes to place again before the lists are read."""
    __slots__ = ("k", "files", "shrinker", "s_dentry_lru", "s_inode_lru", "stale")

    def __init__(self, k: "KernelCore", files: Callable[[], list]) -> None:
        self.k = k
        self.files = files
        self.shrinker = Shrinker("super_cache", self.super_cache_count,
                                 self.super_cache_scan, DEFAULT_SEEKS, True,
                                 SUPER_SHRINK_BATCH)
        self.s_dentry_lru = ListLru()
        self.s_inode_lru = ListLru()
        self.stale: dict[Inode, None] = {}
        k.shrinkers.register_shrinker(self.shrinker)
        k.superblocks.append(self)

    def lru_add(self, memcg) -> None:
        """``list_lru_add`` onto ``memcg``'s list: its shrinker bit set."""
        self.k.shrinkers.memcg_set_shrinker_bit(memcg, self.shrinker)

    def lru_changed(self, inode: "Inode") -> None:
        """The inode's dentry or inode may have joined or left a list (or changed
        memcg): placed again before the next count (:meth:`settle`)."""
        self.stale[inode] = None

    def memcg_offline(self, memcg) -> None:
        """``memcg_drain_all_list_lrus``/``memcg_reparent_list_lrus``: the offline
        memcg's items go where their objects' memcg now is (its parent's lists, the
        objcg reparented; kernel/list_lru.py)."""
        for lru in (self.s_dentry_lru, self.s_inode_lru):
            one = lru.lists.get(memcg)
            if one:
                self.stale.update(one)

    def settle(self) -> None:
        """Each marked inode onto the list it belongs on now (``d_lru_add``/
        ``d_lru_del``, ``inode_lru_list_add``/``inode_lru_list_del``), whether open or
        not: an evicted or orphaned one off both; one with its dentry on the
        dentry list of the dentry's memcg; one without, clean and (from v5.16)
        without page cache (``mapping_shrinkable``) on the inode list of its
        inode object's memcg."""
        stale = self.stale
        if not stale:
            return
        self.stale = {}
        k = self.k
        fm = k.filemap
        of = fm.mem_cgroup_from_slab_obj
        orphans = fm.orphans
        dirty = k.writeback.dirty
        skip = k.design.inode_lru_skips_pagecache
        dl, il = self.s_dentry_lru, self.s_inode_lru
        for inode in stale:
            objs = inode.slab
            if not objs or inode in orphans:
                dl.delete(inode)
                il.delete(inode)
            elif len(objs) > 1:
                il.delete(inode)
                dl.add(inode, of(*objs[1]))
            else:
                dl.delete(inode)
                if inode in dirty or (skip and inode.pages.xa is not None):
                    il.delete(inode)
                else:
                    il.add(inode, of(*objs[0]))

    def _lists(self, memcg) -> tuple[list, list]:
        """``memcg``'s dentry and inode lists less the open files' inodes, in the
        order the inodes were made (the root's holds the unaccounted ones too)."""
        self.settle()
        dl, il = self.s_dentry_lru.lists.get(memcg, ()), self.s_inode_lru.lists.get(memcg, ())
        k = self.k
        if k.file_users and (dl or il):
            in_use = k.inodes_in_use()
            dl = filterfalse(in_use.__contains__, dl)   # type: ignore[assignment]
            il = filterfalse(in_use.__contains__, il)   # type: ignore[assignment]
        return sorted(dl, key=_ino_of), sorted(il, key=_ino_of)

    def super_cache_count(self, sc: ShrinkControl) -> int:
        """``super_cache_count``: ``list_lru_shrink_count`` of the memcg's dentry and
        inode lists (``nr_items``; ext4 has no ``s_op->nr_cached_objects``: its
        extent status cache has a shrinker of its own, fs/ext4/super.c v5.10 and
        v6.1), ``vfs_pressure_ratio`` at the default ``vfs_cache_pressure`` 100: as
        is; SHRINK_EMPTY for none. The open files' inodes on the lists are left
        out (:meth:`settle`)."""
        self.settle()
        m = sc.memcg
        dl, il = self.s_dentry_lru, self.s_inode_lru
        n = dl.count(m) + il.count(m)
        k = self.k
        if n and k.file_users:
            dw, iw = dl.where, il.where
            for inode in k.inodes_in_use():
                if (inode in dw and dw[inode] is m) or (inode in iw and iw[inode] is m):
                    n -= 1
        return n or SHRINK_EMPTY

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


def _ino_of(inode: "Inode") -> int:
    return inode.ino
