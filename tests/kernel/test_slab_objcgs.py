"""A slab page's ``obj_cgroups`` vector (docs/fidelity.md item 53): a slab that takes
an accounted object gets ``kcalloc(objects, sizeof(struct obj_cgroup *))``, an
unaccounted object of kmalloc-<8 × objects>, freed with the slab (mm/slab.h
``memcg_slab_post_alloc_hook``, ``unaccount_slab_page``, v5.10); from v5.11 a
SLAB_ACCOUNT cache's new slab gets it at once (``account_slab_page``, design switch
``slab_objcgs_prealloc``)."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.kernel.slub import GONE

CG = "/sys/fs/cgroup"


def _setup(design: str, enter: bool = True):
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    sh = k.spawn("bash")
    k.write(CG + "/cgroup.subtree_control", "+memory", sh)
    k.mkdir(CG + "/a", sh)
    k.install_fd(sh, 255)       # bash's script input: a 256-fd table for each child
    if enter:
        k.write(CG + "/a/cgroup.procs", str(sh.pid), sh)
    return k, sh


def _slabs_of(objs, name: str) -> set[int]:
    """The slabs a SlabObjs record's objects of cache ``name`` are in."""
    out: set[int] = set()
    for (c, _n), p in zip(objs.specs, objs.placed):
        if c.name == name:
            out |= {p} if type(p) is int else {sid for sid, _ in p}
    return out


def _vectors_in(k, vc) -> int:
    """The vectors every cache's slabs keep in kmalloc cache ``vc``."""
    lists = {id(c.slub): c.slub for c in k.slab.by_id}
    return sum(len(sl.vec_slabs()) for sl in lists.values() if sl.vec_cache is vc)


def test_a_shared_kmalloc_slab_gets_its_vector_at_its_first_accounted_object():
    """5.10: the children's 2 KiB fdtables (GFP_KERNEL_ACCOUNT, in kmalloc-2k's
    slabs: 16 objects an order-3 slab at 2 CPUs) give each slab they land in a
    128-byte vector from kmalloc-128 (the boot's slabs had none); a child's exit
    frees its table, and a slab SLUB discards takes its vector with it."""
    k, sh = _setup("5.10")
    plain = k.slab.kmalloc_plain(2048)
    sl = plain.slub
    assert plain.objperslab == 16
    vc = k.slab.kmalloc_plain(128)
    vecs0, objs0 = _vectors_in(k, vc), vc.nr_structs
    kids = [k.fork(sh) for _ in range(160)]
    slabs = set().union(*(_slabs_of(kid.fdt, "kmalloc-2k") for kid in kids))
    assert len(slabs) >= 160 // 16
    assert slabs <= sl.vec_slabs() and sl.vec_cache is vc
    assert vc.nr_structs - objs0 == _vectors_in(k, vc) - vecs0
    for kid in kids:
        k.exit(kid)
        k.reap(kid)
    gone = {sid for sid in slabs if sl.where[sid] == GONE}
    assert gone and not gone & sl.vec_slabs()
    assert vc.nr_structs - objs0 == _vectors_in(k, vc) - vecs0


def test_root_allocations_give_no_vector_before_5_11():
    """A task of the root cgroup charges nothing (``get_obj_cgroup_from_current``:
    NULL for the root), so on 5.10 its objects give no slab a vector, the
    SLAB_ACCOUNT caches' new slabs included; on 5.12 (Linux commit 2e9bd4831599, in
    v5.11) each new slab of task_struct gets one at once, whoever allocates, once
    kmem accounting is on; the shared kmalloc-2k (no SLAB_ACCOUNT) still none."""
    for design, task_vecs in (("5.10", False), ("5.12", True)):
        k, sh = _setup(design, enter=False)
        ts = k.slab.caches["task_struct"].slub
        made = ts.nr
        for _ in range(40):
            k.fork(sh)
        new = [sid for sid in range(ts._next) if sid >= made and ts.where[sid] != GONE]
        assert new
        assert all((ts.vecs[sid] >= 0) == task_vecs for sid in new), design
        assert not k.slab.kmalloc_plain(2048).slub.vec_slabs(), design
