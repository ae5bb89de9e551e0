"""Remote charging: kernel objects that charge memory to a memcg they hold rather
than the current task's, through ``set_active_memcg``: bpf maps (``map->memcg``,
later ``map->objcg``) and fsnotify groups (``group->memcg``). Holding a memcg pins
it after rmdir; holding an obj_cgroup does not (it is reparented).

The seed series as first posted (v1 patch 5/5, 2021-03-01) moved both to
obj_cgroup; v5.13 merged without it; bpf maps moved to obj_cgroup in Linux commit
4201d9ab3e42 ("bpf: reparent bpf maps on memcg offlining") (in v6.0).
"""
from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from .page_alloc import PG_KMEM

if TYPE_CHECKING:
    from . import KernelCore

#: ``struct htab_elem`` without key and value (x86_64)
HTAB_ELEM_SIZE = 48


class BpfMap:
    """``struct bpf_map`` of a hash map with preallocated elements."""
    __slots__ = ("id", "name", "map_type", "key_size", "value_size", "max_entries", "memcg",
                 "objcg", "pages", "creator")

    def __init__(self, map_id: int, name: str, map_type: str, key_size: int, value_size: int,
                 max_entries: int, creator: int) -> None:
        self.id = map_id
        self.name = name
        self.map_type = map_type
        self.key_size = key_size
        self.value_size = value_size
        self.max_entries = max_entries
        self.memcg = None
        self.objcg = None
        self.pages: list[int] = []
        self.creator = creator

    @property
    def nbytes(self) -> int:
        """``htab_map_alloc``: the preallocated elements plus the buckets."""
        elem = HTAB_ELEM_SIZE + (self.key_size + 7) // 8 * 8 + (self.value_size + 7) // 8 * 8
        n_buckets = 1 << max(0, (self.max_entries - 1).bit_length())
        return self.max_entries * elem + n_buckets * 16


class FsnotifyGroup:
    """``struct fsnotify_group`` of an inotify instance."""
    __slots__ = ("id", "memcg", "objcg", "marks", "owner")

    def __init__(self, gid: int, owner: int) -> None:
        self.id = gid
        self.memcg = None
        self.objcg = None
        self.marks: list = []
        self.owner = owner


class RemoteCharging:
    __slots__ = ("k", "maps", "groups", "_ids")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        self.maps: dict[int, BpfMap] = {}
        self.groups: dict[int, FsnotifyGroup] = {}
        self._ids = itertools.count(1)

    def _hold(self, obj, how: str | None, holder: str) -> None:
        """Take the design's reference for a remote charger: the current task's memcg
        (``get_mem_cgroup_from_mm``) or its obj_cgroup."""
        mc = self.k.memcg
        if how == "memcg":
            memcg = self.k.task_memcg(self.k.current)
            self.k.cgroups.css_get(memcg, holder)
            obj.memcg = memcg
        elif how == "objcg":
            objcg = mc.get_obj_cgroup_from_current()
            if objcg is not None:
                mc.obj_cgroup_get(objcg, holder)
                obj.objcg = objcg

    def _release(self, obj, holder: str) -> None:
        if obj.memcg is not None:
            self.k.cgroups.css_put(obj.memcg, holder)
            obj.memcg = None
        if obj.objcg is not None:
            self.k.memcg.obj_cgroup_put(obj.objcg, holder)
            obj.objcg = None

    def _charge_memcg(self, obj):
        """The memcg to charge for ``obj``: ``map->memcg``, or the memcg of its
        objcg now (``get_mem_cgroup_from_objcg``)."""
        if obj.objcg is not None:
            return obj.objcg.memcg
        return obj.memcg

    # ------------------------------------------------------------- bpf maps
    def bpf_map_create(self, name: str, map_type: str, key_size: int, value_size: int,
                       max_entries: int) -> BpfMap:
        """``map_create`` → ``htab_map_alloc``: the map's memory is vmalloc'ed with
        __GFP_ACCOUNT under ``set_active_memcg`` of the map's memcg; maps are not
        charged at all where the design has no bpf memcg accounting (v5.10)."""
        k = self.k
        m = BpfMap(next(self._ids), name, map_type, key_size, value_size, max_entries,
                   k.current.pid)
        how = k.design.bpf_map_ref
        self._hold(m, how, "bpf map")
        t = k.current
        old = t.active_memcg
        t.active_memcg = self._charge_memcg(m)
        try:
            m.pages = [k.mem_map.alloc(PG_KMEM, t.pid, k.clock.now_ns)
                       for _ in range((m.nbytes + 4095) // 4096)]
            if how is not None and k.memcg.memcg_kmem_charge_pages(m.pages) < len(m.pages):
                self.bpf_map_free(m)
                raise OSError(12, "Cannot allocate memory")
        finally:
            t.active_memcg = old
        self.maps[m.id] = m
        return m

    def bpf_map_free(self, m: BpfMap) -> None:
        """``bpf_map_free_deferred``: memory uncharged and freed, reference dropped."""
        k = self.k
        k.memcg.memcg_kmem_uncharge_pages(m.pages)
        for pfn in m.pages:
            k.mem_map.free(pfn)
        m.pages = []
        self._release(m, "bpf map")
        self.maps.pop(m.id, None)

    # ------------------------------------------------------------ fsnotify
    def inotify_init(self) -> FsnotifyGroup:
        """``inotify_new_group``: ``group->memcg = get_mem_cgroup_from_mm(current->mm)``
        (or its obj_cgroup in the seed's v1 posting)."""
        g = FsnotifyGroup(next(self._ids), self.k.current.pid)
        self._hold(g, self.k.design.fsnotify_ref, "fsnotify group")
        self.groups[g.id] = g
        return g

    def inotify_add_watch(self, g: FsnotifyGroup) -> None:
        """``inotify_new_watch``: a mark from a SLAB_ACCOUNT cache, charged to the
        current task."""
        slab = self.k.slab
        c = slab.cache("inotify_inode_mark", 72)
        g.marks.append((c, slab.kmem_cache_alloc_many(c, 1)))

    def fsnotify_destroy_group(self, g: FsnotifyGroup) -> None:
        """The last fd closed: marks freed, the group's memcg reference dropped."""
        for c, ids in g.marks:
            self.k.slab.kmem_cache_free_many(c, ids)
        g.marks = []
        self._release(g, "fsnotify group")
        self.groups.pop(g.id, None)

    def task_exit(self, tsk) -> None:
        """``exit_files``: inotify instances whose only holder was the task go."""
        if not self.groups:
            return
        for g in [g for g in self.groups.values() if g.owner == tsk.pid]:
            self.fsnotify_destroy_group(g)
