"""Dirty ext4 data, buffer heads and the sync's block I/O (kernel/writeback.py)."""
import pytest

from memcgsim import Kernel
from memcgsim.kernel.writeback import page_runs


def test_bios_are_runs_of_contiguous_pages_of_at_most_256():
    assert page_runs([0]) == [1]
    assert page_runs([3, 0, 1, 2, 7]) == [4, 1]
    assert page_runs(range(600)) == [256, 256, 88]


def _cgroup_writer(k, sh, name):
    k.mkdir(f"/sys/fs/cgroup/{name}", sh)
    t = k.fork(sh)
    k.write(f"/sys/fs/cgroup/{name}/cgroup.procs", str(t.pid), t)
    return t


@pytest.mark.parametrize("design,bio", [("5.10", "skbuff_ext_cache"), ("6.1", "bio-192")])
def test_sync_writes_back_every_dirty_file_and_frees_its_io(design, bio):
    """Each written ext4 page gets a buffer head charged to the page's memcg; sync
    allocates an io_end per file and a bio + biovec-max per run of pages, frees them
    all, and leaves nothing dirty; SLUB keeps some empty slabs (SUnreclaim)."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    t = _cgroup_writer(k, sh, "w")
    memcg = k.task_memcg(t)
    for i in range(100):
        k.write(f"/var/tmp/f{i}", "x" * 10, t)
    assert len(k.writeback.dirty) == 100
    bh = k.slab.caches["buffer_head"]
    assert bh.nr_objs == 100
    # charged to the writer's memcg (the pages' memcg)
    assert {o.memcg for _, o in bh.objects()} == {memcg}
    unrecl0 = k.slab.slab_pages(reclaimable=False)
    k.sync(sh)
    assert not k.writeback.dirty
    for name in (bio, "biovec-max", "ext4_io_end"):
        c = k.slab.caches[name]
        # only the boot's objects stay (the slabs the guest's boot left: SlubLists.seed)
        boot = k.sizes.slub_boot(name, 2)
        boot_inuse = 0 if boot is None else sum(
            boot[0] - f for f in (*[f for f in boot[1] if f is not None],
                                  *[f for lst in boot[2] for f, _ in lst], *boot[3]))
        assert c.nr_structs == 0 and c.slub.nr_inuse() == boot_inuse
        assert c.num_slabs() <= c.slub.min_partial + 2 * (2 + c.slub.limit)
    assert k.slab.slab_pages(reclaimable=False) > unrecl0
    # a second sync has nothing to write
    kept = {n: k.slab.caches[n].num_slabs() for n in (bio, "biovec-max")}
    k.sync(sh)
    assert {n: k.slab.caches[n].num_slabs() for n in kept} == kept


def test_unlink_frees_the_buffer_heads_and_leaves_a_negative_dentry():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    k.write("/var/tmp/f", "x" * 5000, sh)
    bh = k.slab.caches["buffer_head"]
    assert bh.nr_objs == 2
    dentries = k.slab.caches["dentry"].nr_objs
    k.unlink("/var/tmp/f", sh)
    assert bh.nr_objs == 0 and not k.writeback.dirty
    assert "/var/tmp/f" in k.filemap.negative
    assert k.slab.caches["dentry"].nr_objs == dentries
    # the name made again takes the negative dentry's place
    k.write("/var/tmp/f", "y", sh)
    assert "/var/tmp/f" not in k.filemap.negative
    assert k.slab.caches["dentry"].nr_objs == dentries


def test_negative_dentry_of_an_unlinked_file_on_the_memcg_cache_design():
    """3.10's per-memcg caches: the dentry's list_lru is its slab page's memcg."""
    k = Kernel(design="3.10-rhel7", cgroup="v1", nr_cpus=2)
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/memory/a", sh)
    k.write("/sys/fs/cgroup/memory/a/memory.kmem.limit_in_bytes", "100000000", sh)
    t = k.fork(sh)
    k.write("/sys/fs/cgroup/memory/a/cgroup.procs", str(t.pid), t)
    k.write("/var/tmp/f", "x", t)
    k.unlink("/var/tmp/f", t)
    assert k.filemap.negative["/var/tmp/f"].memcg is k.task_memcg(t)
