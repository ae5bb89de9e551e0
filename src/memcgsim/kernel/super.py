"""A superblock's shrinker (fs/super.c, v5.10 and v6.1): ``alloc_super`` registers
``s_shrink`` (``super_cache_count``/``super_cache_scan``, DEFAULT_SEEKS, batch 1024,
SHRINKER_MEMCG_AWARE), which frees the superblock's unused dentries
(``s_dentry_lru``: positive and negative alike) and inodes (``s_inode_lru``),
list_lrus kept per memcg (kernel/list_lru.py): an item goes on the list of the
memcg its object is charged to (``list_lru_add`` → ``mem_cgroup_from_slab_obj``),
and an offline memcg's lists join its parent's (``memcg_drain_all_list_lrus``
v5.10, ``memcg_reparent_list_lrus`` v6.1, with the parent's shrinker bit; at the
tail here, at the head in the kernel). So memcg reclaim (``shrink_slab`` of each memcg it
visits, kernel/shrinker.py) and kswapd (at the root and every memcg) free the
dentries and inodes a cgroup's tasks made, as ``drop_slab`` does for every memcg.
Which file is unused and what freeing it does: kernel/filemap.py
(``Filemap.dentry_on_lru``, ``inode_on_lru``, ``prune_icache``); the negative
dentries (kernel/dcache.py ``DentryRun``, a failed lookup's or an unlinked
file's) are items of their superblock's dentry list from ``d_add``/``d_delete``
to their free, in the order they came (``seq``).

Each inode whose dcache state may have moved is marked
(:meth:`SuperBlockShrinker.lru_changed`: a dentry allocated or freed, an inode
evicted, made dirty or clean, orphaned, its page cache's xarray gone or made
where that matters) and put on the list it now belongs on before the next count,
so that ``super_cache_count`` reads ``nr_items`` (``list_lru_shrink_count``)
instead of walking every cached file. An item in use stays listed and counted
until a walk takes it off, as the kernel's lists do (``dentry_lru_isolate``,
``inode_lru_isolate``: LRU_REMOVED); a dentry made or taken off while an open file
holds it is listed at its last ``dput``. A disk has one; so has each
cgroup hierarchy's kernfs superblock (its negative dentries, v6.1's
``kernfs_iop_lookup``: fs/cgroupfs.py).
"""
from __future__ import annotations

from heapq import merge
from itertools import islice
from operator import itemgetter
from typing import TYPE_CHECKING, Callable

from .filemap import Inode
from .list_lru import ListLru
from .shrinker import SHRINK_EMPTY, Shrinker, ShrinkControl

if TYPE_CHECKING:
    from . import KernelCore
    from .dcache import DentryRun

#: include/linux/shrinker.h ``DEFAULT_SEEKS``
DEFAULT_SEEKS = 2
#: fs/super.c ``alloc_super``: ``s->s_shrink.batch = 1024``
SUPER_SHRINK_BATCH = 1024


class SuperBlockShrinker:
    """``sb->s_shrink`` of a superblock and its two list_lrus, ``s_dentry_lru``
    (inodes whose dentry is cached and unused; the negative dentries are
    ``nr_negative`` here, memcg -> how many, their runs on ``KernelCore.list_lrus``
    with ``sb`` this) and ``s_inode_lru`` (inodes cached without their dentry,
    unused and clean); ``files``: its cached file inodes in the order they were
    made (the walk the invariant checker compares with); ``stale``: the inodes to
    place again before the lists are read; ``tail``: the next LRU
    position (kernel/list_lru.py)."""
    __slots__ = ("k", "files", "shrinker", "s_dentry_lru", "s_inode_lru", "stale",
                 "nr_negative", "tail", "d_referenced", "i_referenced", "d_held")

    def __init__(self, k: "KernelCore", files: Callable[[], list]) -> None:
        self.k = k
        self.files = files
        self.shrinker = Shrinker("super_cache", self.super_cache_count,
                                 self.super_cache_scan, DEFAULT_SEEKS, True,
                                 SUPER_SHRINK_BATCH)
        self.s_dentry_lru = ListLru()
        self.s_inode_lru = ListLru()
        self.stale: dict[Inode, None] = {}
        self.nr_negative: dict = {}
        self.tail = 0
        #: the files whose listed dentry has DCACHE_REFERENCED
        self.d_referenced: dict[Inode, None] = {}
        #: the cached inodes with I_REFERENCED (:meth:`inode_referenced`)
        self.i_referenced: dict[Inode, None] = {}
        #: the files whose dentry an open file holds off the dentry list (made
        #: while open, or taken off by a walk): listed again once unused
        self.d_held: dict[Inode, None] = {}
        k.shrinkers.register_shrinker(self.shrinker)
        k.superblocks.append(self)

    def lru_add(self, memcg) -> None:
        """``list_lru_add`` onto ``memcg``'s list: its shrinker bit set."""
        self.k.shrinkers.memcg_set_shrinker_bit(memcg, self.shrinker)

    def lru_changed(self, inode: "Inode") -> None:
        """The inode's dentry or inode may have joined or left a list (or changed
        memcg): placed again before the next count (:meth:`settle`)."""
        self.stale[inode] = None

    def dentry_referenced(self, inode: "Inode") -> None:
        """A lookup found the file's cached dentry: its ``dput`` (``retain_dentry``,
        fs/dcache.c v5.10 and v6.1) sets DCACHE_REFERENCED on a dentry already on
        the LRU (one not yet there is added without it)."""
        if inode in self.stale:
            self.settle()
        if inode in self.s_dentry_lru.where:
            self.d_referenced[inode] = None

    def inode_referenced(self, inode: "Inode") -> None:
        """The shrinker freed the file's dentry, whose ``iput`` drops the inode's last
        reference: ``iput_final`` → ``inode_add_lru`` → ``inode_lru_list_add``
        (fs/inode.c v5.10; ``__inode_add_lru(inode, true)`` v6.1) of a clean (v6.1:
        ``mapping_shrinkable``) inode already on the inode list sets I_REFERENCED
        instead: it stayed listed while a lookup's dentry held it (``__iget`` leaves
        it there, :meth:`settle`), and keeps its place."""
        if inode in self.stale:
            self.settle()
        if inode in self.s_inode_lru.where and self._inode_addable(inode):
            self.i_referenced[inode] = None

    def _inode_addable(self, inode: "Inode") -> bool:
        """``inode_add_lru``'s test: not I_DIRTY (``writeback.dirty``), and from v5.16
        ``mapping_shrinkable`` (design ``inode_lru_skips_pagecache``)."""
        k = self.k
        return inode not in k.writeback.dirty and not (
            k.design.inode_lru_skips_pagecache and inode.pages.xa is not None)

    def negative_added(self, run: "DentryRun") -> None:
        """``d_lru_add`` of a run of new negative dentries (kernel/dcache.py) onto the
        tail of its memcg's dentry list."""
        n = len(run.dead)
        run.sb = self
        run.seq = self.tail
        self.tail += n
        memcg = run.memcg
        self.nr_negative[memcg] = self.nr_negative.get(memcg, 0) + n
        self.lru_add(memcg)

    def negative_freed(self, memcg) -> None:
        """``d_lru_del`` of one of ``memcg``'s negative dentries."""
        nr = self.nr_negative
        n = nr[memcg] - 1
        if n:
            nr[memcg] = n
        else:
            del nr[memcg]

    def memcg_offline(self, memcg, parent, runs) -> None:
        """``memcg_drain_list_lru_node``/``memcg_reparent_list_lru_node``: the offline
        memcg's dentry and inode lists (``runs``: its negative dentries' runs, in
        order) join, in their order, the list of the memcg their objects' charge
        now names (the parent's, the objcg reparented; the negative dentries the
        parent's: ``run.memcg``). The kernel splices them onto the head of that
        list; here they go to its tail (a splice onto the head of a Python list
        costs the length of the parent's list, which grows with every child)."""
        self.settle()
        of = self.k.filemap.mem_cgroup_from_slab_obj
        dl, il = self.s_dentry_lru, self.s_inode_lru
        mine = [r for r in runs if r.sb is self] if self.nr_negative else ()
        n = self.nr_negative.pop(memcg, 0)
        if n:
            self.nr_negative[parent] = self.nr_negative.get(parent, 0) + n
        dentries = dl.lists.get(memcg)
        if dentries or mine:
            # the dentry list in its order: positive dentries and negative runs merged
            for _, item in list(merge(((seq, i) for i, seq in (dentries or {}).items()),
                                      ((r.seq, r) for r in mine), key=itemgetter(0))):
                if type(item) is not Inode:
                    item.seq = self.tail
                    self.tail += len(item.dead)
                elif dl.add(item, of(*item.slab[1]), self.tail):
                    self.tail += 1
        inodes = il.lists.get(memcg)
        if inodes:
            for item in list(inodes):
                if il.add(item, of(*item.slab[0]), self.tail):
                    self.tail += 1

    def settle(self) -> None:
        """Each marked inode onto the list it belongs on now (``d_lru_add``/
        ``d_lru_del``, ``inode_lru_list_add``/``inode_lru_list_del``): an evicted or
        orphaned one off both (its I_REFERENCED gone with it); one with its dentry
        on the dentry list of the dentry's memcg, where it stays while an open
        file uses it, but a dentry not listed while in use (made by the open, or
        taken off by a walk: ``d_held``) goes on at its last ``dput``
        (``retain_dentry``: here the first placement after), its inode left where
        it is (a lookup's ``__iget`` does not take it off the inode list:
        ``inode_lru_isolate`` does, finding ``i_count``); one without, clean and
        (from v5.16) without page cache (``mapping_shrinkable``) on the inode list
        of its inode object's memcg (kept in place if already there)."""
        held = self.d_held
        if held:
            busy = self._in_use()
            for inode in [i for i in held if i not in busy]:
                del held[inode]
                self.stale[inode] = None
        stale = self.stale
        if not stale:
            return
        self.stale = {}
        k = self.k
        fm = k.filemap
        of = fm.mem_cgroup_from_slab_obj
        orphans = fm.orphans
        dl, il = self.s_dentry_lru, self.s_inode_lru
        ref, iref = self.d_referenced, self.i_referenced
        addable = self._inode_addable
        in_use: set | frozenset | None = None
        for inode in stale:
            objs = inode.slab
            if not objs or inode in orphans:
                dl.delete(inode)
                il.delete(inode)
                ref.pop(inode, None)
                iref.pop(inode, None)
                held.pop(inode, None)
            elif len(objs) > 1:
                if inode not in dl.where:
                    if in_use is None:
                        in_use = self._in_use()
                    if inode in in_use:
                        held[inode] = None      # d_lru_add at its last dput
                        continue
                if dl.add(inode, of(*objs[1]), self.tail):
                    self.tail += 1          # d_lru_add
            else:
                dl.delete(inode)
                ref.pop(inode, None)
                held.pop(inode, None)
                if not addable(inode):
                    il.delete(inode)
                elif il.add(inode, of(*objs[0]), self.tail):
                    self.tail += 1

    def nr_dentry_unused(self) -> tuple[int, int]:
        """The dentries on this superblock's dentry lists (``nr_dentry_unused``: an
        open file's too, while it is listed) and the negative ones among them
        (``nr_dentry_negative``: ``d_lru_add`` of a negative dentry,
        ``__d_clear_type_and_inode`` of a listed one, fs/dcache.c v5.10 and
        v6.1)."""
        self.settle()
        neg = sum(self.nr_negative.values())
        return len(self.s_dentry_lru.where) + neg, neg

    def _in_use(self) -> set | frozenset:
        k = self.k
        return (k.inodes_in_use() if k.file_users or k.files_in_syscall
                else frozenset())

    def super_cache_count(self, sc: ShrinkControl) -> int:
        """``super_cache_count``: ``list_lru_shrink_count`` of the memcg's dentry and
        inode lists (``nr_items``, the negative dentries with the positive ones;
        ext4 and kernfs have no ``s_op->nr_cached_objects``: ext4's extent status
        cache has a shrinker of its own, fs/ext4/super.c v5.10 and v6.1),
        ``vfs_pressure_ratio`` at the default ``vfs_cache_pressure`` 100: as is;
        SHRINK_EMPTY for none. An open file's dentry or inode counts while it is
        listed (the walk takes it off)."""
        self.settle()
        m = sc.memcg
        n = (self.s_dentry_lru.count(m) + self.s_inode_lru.count(m)
             + self.nr_negative.get(m, 0))
        return n or SHRINK_EMPTY

    def super_cache_scan(self, sc: ShrinkControl) -> int:
        """``super_cache_scan``: ``nr_to_scan`` shared between the dentry and inode
        lists in proportion to their counts (``mult_frac(nr_to_scan, n, dentries +
        inodes + 1)``), each walk one more (``sc->nr_to_scan = dentries + 1``, "Ensure
        that we always scan at least one object": Vladimir Davydov's "fs: shrinker:
        always scan at least one object of each type", 2014, read in stored v5.x
        and v6.x copies of fs/super.c), ``prune_dcache_sb`` first (a freed dentry's
        inode joins the tail of the inode list), then ``prune_icache_sb``. Returns
        the objects the walks isolated."""
        self.settle()
        m = sc.memcg
        in_use = self._in_use()
        nd = self.s_dentry_lru.count(m) + self.nr_negative.get(m, 0)
        ni = self.s_inode_lru.count(m)
        total = nd + ni + 1
        nr = sc.nr_to_scan
        freed = self.prune_dcache_sb(m, nr * nd // total + 1, in_use)
        return freed + self.prune_icache_sb(m, nr * ni // total + 1, in_use)

    def prune_icache_sb(self, memcg, nr_to_walk: int, in_use) -> int:
        """``prune_icache_sb`` → ``list_lru_shrink_walk`` of ``memcg``'s inode list from
        its head, one ``nr_to_walk`` a visit, through ``inode_lru_isolate`` (fs/inode.c
        v5.10 and v6.1): an inode in use (``i_count``: its dentry cached again, or
        an open file's), dirty or (v6.1) not ``mapping_shrinkable`` is taken off
        (LRU_REMOVED); one with I_REFERENCED loses it and goes to the tail
        (LRU_ROTATE: visited again if the walk goes on that far); one with page
        cache (v5.10) has it invalidated (:meth:`Filemap.inode_lru_reap`), and the
        ``iput`` after sets I_REFERENCED (:meth:`inode_referenced`), so the
        LRU_RETRY's next visit rotates it; the others are evicted. Returns the
        inodes isolated (freed or taken off, as ``list_lru_walk_one`` counts)."""
        if nr_to_walk <= 0:
            return 0
        self.settle()
        il = self.s_inode_lru
        one = il.lists.get(memcg)
        if not one:
            return 0
        fm = self.k.filemap
        skip = self.k.design.inode_lru_skips_pagecache
        iref = self.i_referenced
        addable = self._inode_addable
        orphans = fm.orphans
        freed = 0
        pending = list(islice(one, nr_to_walk))
        while pending and nr_to_walk > 0:
            rotated = []
            for inode in pending:
                if nr_to_walk <= 0:
                    break
                nr_to_walk -= 1
                if (len(inode.slab) > 1 or inode in in_use or inode in orphans
                        or not addable(inode)):
                    il.delete(inode)                # LRU_REMOVED
                    freed += 1
                    continue
                if inode not in iref and inode.pages:
                    if skip:
                        # v6.1: a page in the xarray's head (no node) is not
                        # mapping_shrinkable: left in place here
                        continue
                    fm.inode_lru_reap(inode)
                    if not addable(inode):          # LRU_RETRY, then LRU_REMOVED
                        if nr_to_walk > 0:
                            nr_to_walk -= 1
                            il.delete(inode)
                            freed += 1
                        continue
                    iref[inode] = None              # iput → iput_final
                    if nr_to_walk <= 0:
                        break                       # LRU_RETRY: none left to walk
                    nr_to_walk -= 1
                if inode in iref:
                    del iref[inode]                 # LRU_ROTATE: to the tail
                    il.delete(inode)
                    il.add(inode, memcg, self.tail)
                    self.tail += 1
                    rotated.append(inode)
                    continue
                if fm.prune_icache(inode):
                    freed += 1
            pending = rotated
        return freed

    def prune_dcache_sb(self, memcg, nr_to_walk: int, in_use) -> int:
        """``prune_dcache_sb`` → ``list_lru_shrink_walk`` of ``memcg``'s dentry list
        from its head, ``nr_to_walk`` dentries, each through ``dentry_lru_isolate``:
        one an open file holds (``d_lockref.count``) is taken off (``d_lru_isolate``,
        LRU_REMOVED: listed again at its last ``dput``), one with DCACHE_REFERENCED
        (a negative one's ``run.ref``, a file's ``d_referenced``) loses the bit and
        goes to the
        tail (LRU_ROTATE: visited again, and freed, if the walk goes on that far,
        as ``list_lru_walk_one``'s ``list_for_each_safe`` does), the others are
        freed (``shrink_dentry_list``: a positive one's inode joins the inode LRU).
        Returns the dentries isolated (freed or taken off)."""
        k = self.k
        fm = k.filemap
        dl = self.s_dentry_lru
        dref = self.d_referenced
        held = self.d_held
        freed = 0
        while nr_to_walk > 0:
            one = dl.lists.get(memcg)
            pos = ((seq, inode) for inode, seq in one.items()) if one else ()
            runs = [r for r in k.list_lrus.get(memcg, ()) if r.sb is self]
            neg = ((r.seq + i, r, i) for r in runs for i in r.live_indices())
            items = list(islice(merge(pos, neg, key=itemgetter(0)), nr_to_walk))
            nr_to_walk -= len(items)
            rotated = False
            for item in items:
                if len(item) == 2:
                    inode = item[1]
                    if inode in in_use:
                        dl.delete(inode)    # LRU_REMOVED: d_lockref.count
                        held[inode] = None
                        freed += 1
                        continue
                    if inode in dref:
                        del dref[inode]     # LRU_ROTATE: to the tail, the bit cleared
                        dl.delete(inode)
                        dl.add(inode, memcg, self.tail)
                        self.tail += 1
                        rotated = True
                        continue
                    fm.prune_dentry(inode)
                    freed += 1
                    continue
                _, run, i = item
                ref = run.ref
                if ref is not None and ref[i]:
                    fm.rotate_negative(run, i)
                    rotated = True
                else:
                    fm.drop_negative(run.path(i))
                    freed += 1
            if not rotated or not nr_to_walk:
                break
            self.settle()               # the whole list walked: the rotated ones next
        return freed
