"""Slab caches with SLAB_ACCOUNT: objects charged byte-wise through obj_cgroup.

``memcg_slab_pre_alloc_hook``/``memcg_slab_post_alloc_hook`` (mm/slab.h): each
accounted object is charged ``obj_full_size`` bytes (object + its objcg vector
slot) to the current task's objcg, holds an objcg reference, and adds to
``NR_SLAB_RECLAIMABLE_B`` or ``_UNRECLAIMABLE_B`` of the objcg's memcg. Linux
commit 9855609bde03 ("mm: memcg/slab: use a single set of kmem_caches for all
allocations") (in v5.9). The slab pages themselves are not modelled: only the
vector slots (object id -> objcg) are.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .vmstat import NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B

if TYPE_CHECKING:
    from . import KernelCore
    from .memcontrol import ObjCgroup

POINTER_SIZE = 8


class KmemCache:
    __slots__ = ("name", "size", "account", "reclaimable", "objcgs", "_next", "nr_objs",
                 "stat_item")

    def __init__(self, name: str, size: int, account: bool, reclaimable: bool) -> None:
        self.name = name
        self.size = size
        self.account = account
        self.reclaimable = reclaimable
        self.stat_item = NR_SLAB_RECLAIMABLE_B if reclaimable else NR_SLAB_UNRECLAIMABLE_B
        #: the objcg vector: object id -> objcg (None if unaccounted)
        self.objcgs: dict[int, "ObjCgroup | None"] = {}
        self._next = 0
        self.nr_objs = 0

    @property
    def obj_full_size(self) -> int:
        return self.size + POINTER_SIZE


#: kmalloc size classes (SLUB, 4 KiB pages); larger requests are kmem pages
KMALLOC_SIZES = (8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192)


class Slab:
    __slots__ = ("k", "caches")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        self.caches: dict[str, KmemCache] = {}

    def cache(self, name: str, size: int, account: bool = True,
              reclaimable: bool = False) -> KmemCache:
        c = self.caches.get(name)
        if c is None:
            c = self.caches[name] = KmemCache(name, size, account, reclaimable)
        return c

    def kmalloc_cache(self, size: int) -> KmemCache:
        for s in KMALLOC_SIZES:
            if size <= s:
                return self.cache(f"kmalloc-cg-{s}", s)
        raise ValueError("large kmalloc goes to the page allocator")

    def kmem_cache_alloc(self, cache: KmemCache) -> int | None:
        """Allocate one object; None if the memcg charge failed (-ENOMEM)."""
        memcg = self.k.memcg
        objcg = None
        if cache.account and memcg.kmem_enabled:
            objcg = memcg.get_obj_cgroup_from_current()
            if objcg is not None:
                size = cache.size + POINTER_SIZE
                if not memcg.obj_cgroup_charge(objcg, size):
                    return None
                memcg.obj_cgroup_get(objcg, "slab object")
                memcg.mod_objcg_state(objcg, cache.stat_item, size)
        oid = cache._next
        cache._next = oid + 1
        cache.objcgs[oid] = objcg
        cache.nr_objs += 1
        return oid

    def kmem_cache_free(self, cache: KmemCache, oid: int) -> None:
        objcg = cache.objcgs.pop(oid)
        cache.nr_objs -= 1
        if objcg is not None:
            memcg = self.k.memcg
            size = cache.size + POINTER_SIZE
            memcg.obj_cgroup_uncharge(objcg, size)
            memcg.mod_objcg_state(objcg, cache.stat_item, -size)
            memcg.obj_cgroup_put(objcg, "slab object")

    def kmem_cache_alloc_many(self, cache: KmemCache, n: int) -> range:
        """``n`` objects in a row from one context, as dup_mmap or exec allocate them:
        each object is charged on its own (``memcg_slab_pre_alloc_hook``; the obj
        stock's fast path inlined), the lookup and the statistics are done once.
        Stops at the first failed charge."""
        memcg = self.k.memcg
        objcg = None
        if cache.account and memcg.kmem_enabled:
            objcg = memcg.get_obj_cgroup_from_current()
        done = n
        if objcg is not None:
            size = cache.size + POINTER_SIZE
            charge = memcg.obj_cgroup_charge
            stock = memcg.stocks[self.k.current.cpu]
            for i in range(n):
                if stock.cached_objcg is objcg and stock.nr_bytes >= size:
                    stock.nr_bytes -= size      # consume_obj_stock
                elif not charge(objcg, size):
                    done = i
                    break
            if done:
                memcg.obj_cgroup_get(objcg, "slab object", done)
                memcg.mod_objcg_state(objcg, cache.stat_item, size * done)
        first = cache._next
        cache._next = first + done
        cache.nr_objs += done
        ids = range(first, first + done)
        cache.objcgs.update(dict.fromkeys(ids, objcg))
        return ids

    def kmem_cache_free_many(self, cache: KmemCache, oids) -> None:
        """Free objects one by one (``memcg_slab_free_hook`` per object; the obj
        stock's fast path inlined), with statistics and objcg references settled per
        objcg."""
        memcg = self.k.memcg
        size = cache.size + POINTER_SIZE
        objcgs = cache.objcgs
        cache.nr_objs -= len(oids)
        stock = memcg.stocks[self.k.current.cpu]
        per: dict = {}
        for oid in oids:
            objcg = objcgs.pop(oid)
            if objcg is None:
                continue
            if stock.cached_objcg is objcg and stock.nr_bytes + size <= 4096:
                stock.nr_bytes += size          # refill_obj_stock without a drain
            else:
                memcg.obj_cgroup_uncharge(objcg, size)
            per[objcg] = per.get(objcg, 0) + 1
        for objcg, count in per.items():
            memcg.mod_objcg_state(objcg, cache.stat_item, -size * count)
            memcg.obj_cgroup_put(objcg, "slab object", count)
