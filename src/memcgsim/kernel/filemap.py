"""Page cache (mm/filemap.c, mm/shmem.c) and the dentry cache (fs/dcache.c).

File pages are LRU pages charged to the memcg of the task that first brings them
into the cache, each holding one css reference until reclaimed or truncated: the
page-cache pin of dying cgroups. Disk (ext4-like) pages are clean after
writeback and dropped by ``drop_caches``; shmem (tmpfs) pages are swap-backed.
Dentries come from a SLAB_ACCOUNT cache; a failed lookup on a disk filesystem
leaves a *negative* dentry on the per-memcg list_lru, freed by the shrinker.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .page_alloc import PG_FILE, PG_SHMEM
from .vmstat import PAGE_SIZE

if TYPE_CHECKING:
    from . import KernelCore

#: ``DNAME_INLINE_LEN`` on 64-bit: longer names need an external name allocation
DNAME_INLINE_LEN = 32
DENTRY_SIZE = 192


class Inode:
    __slots__ = ("ino", "size", "pages", "shmem", "nlink", "slab", "data", "bdev")
    #: its permission bits (a program of the image's: 0o755)
    mode = 0o644

    def __init__(self, ino: int, shmem: bool) -> None:
        self.ino = ino
        self.size = 0
        self.pages: dict[int, int] = {}   # page index -> pfn
        self.shmem = shmem
        self.nlink = 1
        self.slab: list = []              # (cache, oid): inode and dentry objects
        self.data = bytearray()
        self.bdev = False                 # a block device's mapping (buffer.py)


class Dentry:
    """A negative dentry on a memcg's list_lru (positive ones live with their inode):
    its object in the dentry cache, and its external name's (cache, id) or None."""
    __slots__ = ("cache", "oid", "ext", "memcg")

    def __init__(self, cache, oid: int, ext: tuple | None, memcg) -> None:
        self.cache = cache
        self.oid = oid
        self.ext = ext
        self.memcg = memcg


class Filemap:
    __slots__ = ("k", "negative", "page_owner")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: negative dentries by path; the per-memcg list_lru is ``memcg -> {path: None}``
        self.negative: dict[str, Dentry] = {}
        #: pfn -> (inode, index): ``page->mapping`` and ``page->index``
        self.page_owner: dict[int, tuple[Inode, int]] = {}

    # ---------------------------------------------------------------- pages
    def add_to_page_cache(self, inode: Inode, index: int) -> bool:
        """``filemap_add_folio``: allocate and charge a page to the current task's
        memcg (``mem_cgroup_charge(folio, current->mm)``)."""
        k = self.k
        t = k.current
        kind = PG_SHMEM if inode.shmem else PG_FILE
        pfn = k.mem_map.alloc(kind, inode.ino, k.clock.now_ns)
        memcg = k.task_memcg(t) if t.mm is not None else k.memcg.root_mem_cgroup
        if not k.memcg.mem_cgroup_charge(pfn, memcg, kind):
            k.mem_map.free(pfn)
            return False
        inode.pages[index] = pfn
        self.page_owner[pfn] = (inode, index)
        return True

    def touch(self, inode: Inode, first: int, last: int) -> bool:
        """Bring pages ``first..last`` (inclusive) into the cache, as read/write do."""
        pages = inode.pages
        for index in range(first, last + 1):
            if index not in pages and not self.add_to_page_cache(inode, index):
                return False
        return True

    def read(self, inode: Inode, offset: int, length: int) -> bool:
        if length <= 0 or offset >= inode.size:
            return True
        end = min(inode.size, offset + length)
        return self.touch(inode, offset // PAGE_SIZE, (end - 1) // PAGE_SIZE)

    def write(self, inode: Inode, offset: int, length: int) -> bool:
        if length <= 0:
            return True
        return self.touch(inode, offset // PAGE_SIZE, (offset + length - 1) // PAGE_SIZE)

    def delete_from_page_cache(self, pfn: int) -> None:
        inode, index = self.page_owner.pop(pfn)
        del inode.pages[index]
        self.k.memcg.mem_cgroup_uncharge(pfn)
        self.k.mem_map.free(pfn)

    def truncate(self, inode: Inode, size: int) -> None:
        """``truncate_inode_pages_range``: pages past the new size leave the cache."""
        first = (size + PAGE_SIZE - 1) // PAGE_SIZE
        for index in sorted(i for i in inode.pages if i >= first):
            pfn = inode.pages.pop(index)
            del self.page_owner[pfn]
            self.k.memcg.mem_cgroup_uncharge(pfn)
            self.k.mem_map.free(pfn)
        inode.size = size

    def evict_inode(self, inode: Inode) -> None:
        self.truncate(inode, 0)
        for c, oid in inode.slab:
            self.k.slab.kmem_cache_free(c, oid)
        inode.slab = []

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

    def negative_lookups(self, paths: list[str]) -> None:
        """:meth:`negative_lookup` for names failing one after another in one
        directory by one task: the dentries allocated as one run of the dentry cache
        (the same objects and charges, settled once), external names one by one."""
        negative = self.negative
        paths = [p for p in dict.fromkeys(paths) if p not in negative]
        if not paths:
            return
        k = self.k
        slab = k.slab
        c = slab.cache("dentry", DENTRY_SIZE, reclaimable=True)
        oids = slab.kmem_cache_alloc_many(c, len(paths))
        objcg = k.memcg.get_obj_cgroup_from_current()
        owner = objcg.memcg if objcg is not None else k.memcg.root_mem_cgroup
        for path, oid in zip(paths, oids):
            ext = None
            name_len = len(path) - path.rfind("/") - 1
            if name_len >= DNAME_INLINE_LEN:
                nc = slab.kmalloc_cache(name_len + 1 + 8)
                noid = slab.kmem_cache_alloc(nc)
                if noid is not None:
                    ext = (nc, noid)
            negative[path] = Dentry(c, oid, ext, owner)
        k.list_lru(owner).update(dict.fromkeys(paths[:len(oids)]))

    def negative_lookup(self, path: str) -> None:
        """A lookup that found nothing on a disk filesystem: the dentry stays cached
        as negative (``d_add(dentry, NULL)``) on the current memcg's list_lru."""
        self.negative_lookups([path])

    def drop_negative(self, path: str) -> None:
        """The name now exists (or was shrunk): free the negative dentry."""
        d = self.negative.pop(path, None)
        if d is None:
            return
        k = self.k
        k.list_lru(d.memcg).pop(path, None)
        k.slab.kmem_cache_free(d.cache, d.oid)
        if d.ext is not None:
            k.slab.kmem_cache_free(*d.ext)

    def shrink_dcache_memcg(self, memcg, nr: int) -> int:
        """The memcg-aware dcache shrinker: free up to ``nr`` unused dentries of this
        memcg's list_lru; returns the pages' worth freed (approximate, in objects)."""
        lru = self.k.list_lru(memcg)
        freed = 0
        for path in list(lru)[:nr]:
            self.drop_negative(path)
            freed += 1
        return freed

    def memcg_offline(self, memcg) -> None:
        """``memcg_drain_all_list_lrus``: the dying memcg's list_lru items move to the
        parent's list."""
        k = self.k
        lru = k.list_lrus.pop(memcg, None)
        if not lru:
            return
        mc = k.memcg
        parent = mc.parent_mem_cgroup(memcg) or mc.root_mem_cgroup   # memcg_offline_kmem's
        plru = k.list_lru(parent)
        for path in lru:
            self.negative[path].memcg = parent
            plru[path] = None

    def buffers_busy(self, pfn: int) -> bool:
        """A block device page whose buffers are busy: ``try_to_free_buffers`` fails."""
        inode, index = self.page_owner[pfn]
        return inode.bdev and self.k.buffers.busy(inode, index)

    def drop_pagecache(self) -> None:
        """``drop_pagecache_sb``: every clean, unmapped disk page leaves the cache,
        but a block device page whose buffers are busy."""
        for pfn, (inode, _) in list(self.page_owner.items()):
            if not inode.shmem and not self.buffers_busy(pfn):
                self.delete_from_page_cache(pfn)

    def drop_slab(self) -> None:
        """``drop_slab``: the shrinkers free every unused (negative) dentry."""
        for path in list(self.negative):
            self.drop_negative(path)
