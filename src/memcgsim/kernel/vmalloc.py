"""mm/vmalloc.c as far as Slab is concerned: the ``vmap_area`` of each vmalloc'ed
area, and the lazy freeing that keeps it after ``vfree``.

A vmalloc (here: a task's kernel stack, kernel/fork.py) takes a ``struct vmap_area``
from ``vmap_area_cachep`` (``alloc_vmap_area``; unaccounted) on the allocating CPU.
``vfree`` → ``__vunmap`` → ``free_unmap_vmap_area`` → ``free_vmap_area_noflush`` does
not free it: the area joins ``vmap_purge_list`` and its pages (the guard page
included, ``__get_vm_area_node``: ``size += PAGE_SIZE``) add to ``vmap_lazy_nr``;
only once that passes ``lazy_max_pages()`` (``fls(num_online_cpus()) * 32 MiB``
of pages) does ``__purge_vmap_area_lazy`` flush the TLB and give the areas back to
the free tree (``merge_or_add_vmap_area``, freeing the merged ``vmap_area``
objects).

An area aligned past its free block's start splits it (``adjust_va_to_fit_type``,
``NE_FIT_TYPE``): the free fragment left below it is one more ``vmap_area``, the
CPU's ``ne_fit_preload_node``, which the CPU's next ``alloc_vmap_area`` replaces. A
kernel stack is ``THREAD_SIZE`` (16 KiB) aligned to ``THREAD_ALIGN`` (=
``THREAD_SIZE`` on x86_64) with its 4 KiB guard page: taken one after another from
the top of the used space, each leaves a 12 KiB fragment below the next. So a
vmalloc'ed stack costs two vmap_areas until the purge merges them back (counted
here as freed with its area).

So the stacks of short-lived tasks freed past the per-CPU stack cache keep two
vmap_areas each on Slab: the 4- and 8-CPU guests' cgroup-cost runs keep 1.8 to 2.1
per forked command (tests/conformance/recordings/cgroup-cost-*--*.txt: vmap_area
+1792 / +2112 objects at 8 CPUs on 5.10, for 1000 commands in each phase), the
2-CPU ones about 1.1 (a command run on the shell's CPU, F21, leaves its stack in
the cache the next fork takes).

Around the area, ``__vmalloc_node_range`` makes two kmalloc objects (v5.10 and v6.1
mm/vmalloc.c): ``__get_vm_area_node``'s ``struct vm_struct`` (``kzalloc_node(sizeof
(*area), gfp_mask & GFP_RECLAIM_MASK)``: 64 bytes in both guests' BTF, kmalloc-64,
unaccounted, as ``GFP_RECLAIM_MASK`` drops ``__GFP_ACCOUNT``) and
``__vmalloc_area_node``'s ``area->pages`` array (``kmalloc_node(nr_pages *
sizeof(struct page *), nested_gfp)`` while it fits in a page: a stack's four
pointers, kmalloc-32, unaccounted); ``__vunmap`` frees both after the pages
(``kvfree(area->pages)``, ``kfree(area)``). Traced at every fork that took no cached
stack (calibration/memcg-mkdir-allocs.sh, recordings
calibration/recordings/memcg-mkdir-allocs--K-v2-Ncpu.txt: ``__get_vm_area_node`` 64
and ``__vmalloc_area_node`` (5.10) / ``__vmalloc_node_range`` (6.1) 32 bytes in the
forking shell, kfree'd at the stack's vfree; docs/fidelity.md item 425). Not
modelled: what the boot left lazy (counted from 0).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .slab import POINTER_SIZE
from .slub import IS_FROZEN
from .vmstat import PAGE_SIZE

if TYPE_CHECKING:
    from . import KernelCore

#: ``lazy_max_pages``: 32 MiB of pages per bit of the online CPU count
LAZY_MAX_BYTES_PER_LOG = 32 * 1024 * 1024


def lazy_max_pages(nr_cpus: int) -> int:
    """``lazy_max_pages()``: ``fls(num_online_cpus()) * (32 MiB >> PAGE_SHIFT)``."""
    return nr_cpus.bit_length() * (LAZY_MAX_BYTES_PER_LOG // PAGE_SIZE)


class Vmalloc:
    """The vmap areas the model allocates and those lazily freed."""
    __slots__ = ("k", "purge_list", "vmap_lazy_nr", "vmap_area_cachep", "vm_caches",
                 "lazy_max")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: ``vmap_area_cachep`` (unaccounted), looked up at the first area
        self.vmap_area_cachep: Any = None
        #: the areas freed but not yet purged (:meth:`alloc_vmap_area`'s records)
        self.purge_list: list = []
        self.vmap_lazy_nr = 0
        #: an area's page count -> the kmalloc caches of its ``vm_struct`` and
        #: ``pages`` array (:meth:`get_vm_area_objs`)
        self.vm_caches: dict[int, tuple] = {}
        #: :func:`lazy_max_pages` of the kernel's CPUs (online from the boot on)
        self.lazy_max = lazy_max_pages(kernel.nr_cpus)

    def alloc_vmap_area(self, size: int, align: int) -> tuple[int, list]:
        """``alloc_vmap_area`` of ``size`` bytes (its guard page included) aligned to
        ``align``, at the top of the used space: its ``vmap_area`` and, when the
        previous area ended unaligned (``size % align``), the fragment the split
        left (``NE_FIT_TYPE``), on this CPU. Returns the area's record: those
        objects' count and where SLUB placed them (``KmemCache.place``), what the
        purge frees."""
        k = self.k
        cache = self.vmap_area_cachep
        if cache is None:
            cache = self.vmap_area_cachep = k.slab.cache(
                "vmap_area", k.sizes.slab_objsize("vmap_area"), False)
        n = 2 if size % align else 1
        t = k.current
        cache.nr_structs += n       # cache.place(n, cpu), written out (a call a fork)
        return n, cache.slub.alloc(t.cpu if t is not None else 0, n)

    def get_vm_area_objs(self, nr_pages: int, cpu: int) -> tuple:
        """``__get_vm_area_node``'s ``vm_struct`` and ``__vmalloc_area_node``'s
        ``pages`` array of an area of ``nr_pages`` (its guard page not counted), on
        ``cpu``: unaccounted kmalloc objects (see the module's text). Returns what
        :meth:`free_vm_area_objs` frees."""
        caches = self.vm_caches.get(nr_pages)
        if caches is None:
            slab = self.k.slab
            caches = self.vm_caches[nr_pages] = (
                slab.kmalloc_plain(self.k.sizes.size("vm_struct")),
                slab.kmalloc_plain(nr_pages * POINTER_SIZE))
        ats = []
        for c in caches:
            # KmemCache.place_one of each, SLUB's fast path written out (two calls a
            # vmalloc'ed stack)
            c.nr_structs += 1
            sl = c.slub
            at = sl.cpu_slab[cpu]
            if at is not None and sl.inuse[at] < sl.objects:
                sl.inuse[at] += 1
            else:
                at = sl.alloc(cpu, 1)
            ats.append(at)
        return caches[0], ats[0], caches[1], ats[1]

    def free_vm_area_objs(self, objs: tuple, cpu: int) -> None:
        """``__vunmap``'s ``kvfree(area->pages)`` then ``kfree(area)``, on ``cpu``."""
        vm, vm_at, pages, pages_at = objs
        for c, at in ((pages, pages_at), (vm, vm_at)):
            # KmemCache.unplace_one of each, a frozen slab's count written out
            c.nr_structs -= 1
            sl = c.slub
            if type(at) is int and IS_FROZEN[sl.where[at]]:
                sl.inuse[at] -= 1
            else:
                sl.free(cpu, ((at, 1),) if type(at) is int else at)

    def free_vmap_area_noflush(self, area: tuple[int, list], nr_pages: int) -> None:
        """``free_vmap_area_noflush`` of an area of ``nr_pages`` (its guard page
        included): onto the purge list; past ``lazy_max_pages`` every lazily freed
        area is purged, on this CPU."""
        self.purge_list.append(area)
        self.vmap_lazy_nr += nr_pages
        if self.vmap_lazy_nr > self.lazy_max:
            self.purge_vmap_area_lazy()

    def purge_vmap_area_lazy(self) -> None:
        """``__purge_vmap_area_lazy``: the purged areas' objects freed (counted as
        all merged into the free tree), on this CPU, in the order they were
        freed."""
        cache = self.vmap_area_cachep
        t = self.k.current
        cpu = t.cpu if t is not None else 0
        for n, placements in self.purge_list:
            cache.unplace(placements, cpu, n)
        self.purge_list = []
        self.vmap_lazy_nr = 0
