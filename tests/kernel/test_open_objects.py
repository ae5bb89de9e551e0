"""The objects an ``open()`` of a /proc, sysfs or cgroup file takes and gives back on
the opening CPU (kernel/open_objects.py, docs/fidelity.md item 254): they leave
nothing but the filp, freed a grace period after the close, yet a CPU whose slab of
a cache is full takes a new one for them, which stays."""
from __future__ import annotations

import pytest

from memcgsim import Kernel


def _kernel(design: str, cgroup: str = "v2"):
    k = Kernel(design=design, cgroup=cgroup, nr_cpus=2, init="busybox", userland="busybox",
               open_objects=True)
    return k, k.spawn("bash")


def _fill(cache, cpu: int) -> list:
    """Allocate on ``cpu`` until its CPU slab is full; returns the placements."""
    sl = cache.slub
    held = [cache.place(1, cpu)]
    sid = sl.cpu_slab[cpu]
    if sl.objects > sl.inuse[sid]:
        held.append(cache.place(sl.objects - sl.inuse[sid], cpu))
    assert sl.cpu_slab[cpu] == sid and sl.inuse[sid] == sl.objects
    return held


def _takes_slab(k, sh, cache_name: str, path: str) -> bool:
    """Whether reading ``path`` on a CPU whose slab of the cache is full makes SLUB
    take another slab there (a new one, or one of its partial slabs)."""
    c = k.slab.caches[cache_name]
    held = _fill(c, sh.cpu)
    full = c.slub.cpu_slab[sh.cpu]
    k.read(path, sh)
    took = c.slub.cpu_slab[sh.cpu] != full
    for p in held:
        c.unplace(p, sh.cpu)
    return took


@pytest.mark.parametrize("design,path,takes", [
    ("5.10", "/proc/meminfo", True),     # not permanent before v5.17
    ("6.1", "/proc/meminfo", False),     # pde_make_permanent
    ("6.1", "/proc/cgroups", True),
    ("6.1", "/proc/self/status", False),  # a process's file: no proc_dir_entry
])
def test_pde_opener_where_the_entry_is_not_permanent(design, path, takes):
    k, sh = _kernel(design)
    k.open_objects._caches()
    assert _takes_slab(k, sh, "pde_opener", path) is takes


@pytest.mark.parametrize("design,cache", [("5.10", "kmalloc-4k"), ("6.1", "kmalloc-cg-4k")])
def test_the_seq_buffer_is_accounted_where_the_kernel_has_kmalloc_cg(design, cache):
    """``seq_buf_alloc``'s GFP_KERNEL_ACCOUNT page: kmalloc-cg-4k on 6.1; 5.10's
    accounted kmallocs share kmalloc-4k."""
    k, sh = _kernel(design)
    k.open_objects._caches()
    c = k.slab.kmalloc_cache(4096) if design == "6.1" else k.slab.kmalloc_plain(4096)
    assert c.name == cache
    assert _takes_slab(k, sh, cache, "/proc/vmstat")


def test_a_cgroup_file_takes_kernfs_and_seq_objects():
    """``kernfs_fop_open``: the open file (kmalloc-192) and the seq_file; an open for
    writing as well."""
    k, sh = _kernel("6.1")
    k.open_objects._caches()
    assert _takes_slab(k, sh, "seq_file", "/sys/fs/cgroup/cgroup.procs")
    c = k.slab.caches["seq_file"]
    held = _fill(c, sh.cpu)
    full = c.slub.cpu_slab[sh.cpu]
    k.write("/sys/fs/cgroup/cgroup.procs", f"{sh.pid}\n", sh)
    assert c.slub.cpu_slab[sh.cpu] != full
    for p in held:
        c.unplace(p, sh.cpu)


def test_the_filp_is_freed_a_grace_period_after_the_close():
    k, sh = _kernel("6.1")
    k.open_objects._caches()
    filp = k.slab.caches["filp"]
    before = filp.active_objs()
    k.read("/proc/meminfo", sh)
    k.read("/sys/fs/cgroup/cgroup.controllers", sh)
    assert filp.active_objs() >= before      # held (as SLUB counts them)
    inuse = sum(filp.slub.inuse)
    k.advance(0.1)
    assert sum(filp.slub.inuse) == inuse - 2


def test_off_by_default_the_opens_take_nothing():
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    sh = k.spawn("bash")
    assert not k.open_objects.enabled
    k.open_objects._caches()
    assert not _takes_slab(k, sh, "pde_opener", "/proc/meminfo")
