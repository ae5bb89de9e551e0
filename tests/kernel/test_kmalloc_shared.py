"""Accounted kmallocs before kmalloc-cg caches (design switch ``kmalloc_cg_caches``
off, as in 5.10-5.13: docs/fidelity.md items 49, 53): 5.10's ``GFP_KERNEL_ACCOUNT`` kmallocs share
``kmalloc-<n>``'s slabs with the unaccounted ones (mm/slab_common.c ``kmalloc_slab``,
v5.10), charged as before; Linux commit 494c1dfe855e (in v5.14) gave them caches of
their own."""
from __future__ import annotations

from dataclasses import replace

from memcgsim import Kernel
from memcgsim.designs import DESIGNS

CG = "/sys/fs/cgroup"
SHARED = DESIGNS["5.10"]
#: 5.10 with v5.14's kmalloc-cg caches
CG_CACHES = replace(DESIGNS["5.10"], kmalloc_cg_caches=True)


def _setup(design):
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    sh = k.spawn("bash")
    k.write(CG + "/cgroup.subtree_control", "+memory", sh)
    k.mkdir(CG + "/a", sh)
    k.install_fd(sh, 255)       # bash's script input: a 256-fd table for each child
    k.write(CG + "/a/cgroup.procs", str(sh.pid), sh)
    return k, sh


def _slabinfo(k, sh, name: str) -> tuple[int, int]:
    """(active_objs, num_slabs) of one /proc/slabinfo line."""
    for line in k.read("/proc/slabinfo", sh).splitlines():
        f = line.split()
        if f[0] == name:
            return int(f[1]), int(f[14])
    raise KeyError(name)


def test_a_childs_fdtable_goes_to_kmalloc_2k_slabs_charged_as_before():
    """The 2 KiB of file pointers ``dup_fd`` allocates for each child land in
    kmalloc-2k's slabs (its slabinfo line counts them) through the cache's
    accounted twin, which shares its SLUB lists; the memcg is charged the same
    bytes as with kmalloc-cg-2k, and no kmalloc-cg line appears."""
    k, sh = _setup(SHARED)
    k0, sh0 = _setup(CG_CACHES)
    before = k.slab.kmalloc_plain(2048).slub.nr_inuse()
    own = k.slab.kmalloc_cache(2048).nr_objs        # the shell's own 256-fd table
    kids = [k.fork(sh) for _ in range(20)]
    for _ in range(20):
        k0.fork(sh0)
    twins = {c for kid in kids for c, _ in kid.fdt.counts()}
    assert {c.name for c in twins} == {"kmalloc-64", "kmalloc-2k", "kmalloc-96"}
    plain = k.slab.caches["kmalloc-2k"]
    twin = next(c for c in twins if c.name == "kmalloc-2k")
    assert twin.account and twin.twin_of is plain and twin.slub is plain.slub
    assert twin.num_slabs() == 0 and plain.twin is twin
    assert plain.slub.nr_inuse() - before == twin.nr_objs - own == 20
    assert _slabinfo(k, sh, "kmalloc-2k")[1] * plain.objperslab >= plain.slub.nr_inuse()
    assert not any(line.startswith("kmalloc-cg-") or "/account" in line
                   for line in k.read("/proc/slabinfo", sh).splitlines())
    assert k.task_memcg(sh).memory.usage == k0.task_memcg(sh0).memory.usage
    for kid in kids:
        k.exit(kid)
        k.reap(kid)
    assert twin.nr_objs == own


def test_the_shared_slabs_count_once_on_meminfo():
    """/proc/meminfo's Slab counts a shared cache's slabs once: the twin adds none
    of its own (``KmemCache.num_slabs``), every slab of the lists is the plain
    cache's."""
    k, sh = _setup(SHARED)
    for _ in range(40):
        k.fork(sh)
    plain = k.slab.caches["kmalloc-2k"]
    assert plain.num_slabs() == plain.slub.nr_slabs() - plain.boot_slabs
    assert k.slab.slab_pages(False) == sum(
        c.num_slabs() * c.pagesperslab for c in k.slab.by_id if not c.reclaimable
    ) + sum(k.slab.large.values())
