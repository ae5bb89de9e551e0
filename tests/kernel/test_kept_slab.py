"""What stays on Slab after cgroups come and go: 5.10's memcg_lrus arrays (large
kmallocs), the dentries of mkdir and rmdir, the vmap_areas of lazily freed kernel
stacks and the radix tree nodes of the IDRs (kernel/idr.py, kernel/vmalloc.py)."""
import pytest

from memcgsim import Kernel
from memcgsim.kernel.idr import Idr
from memcgsim.kernel.vmalloc import lazy_max_pages


def _radix(k):
    return k.slab.caches["radix_tree_node"]


def test_idr_leaves_follow_the_ids_in_use():
    """A leaf per 64 IDs and a parent per 4096: made with the first ID of their range,
    freed (after a grace period) with the last."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=1)
    idr = Idr(k, "test idr", first_id=4090)
    c = _radix(k)
    before = c.nr_structs
    ids = idr.alloc_cyclic(10)                 # 4090..4099: leaves 63 and 64, parents 0 and 1
    assert idr.nr_nodes() == 4 and c.nr_structs == before + 4
    idr.remove(range(4090, 4096))              # leaf 63 and parent 0 empty
    k.advance(1)
    assert idr.nr_nodes() == 2 and c.nr_structs == before + 2
    idr.remove(range(4096, ids.stop))
    k.advance(1)
    assert idr.nr_nodes() == 0 and c.nr_structs == before
    with pytest.raises(ValueError):
        idr.remove(range(1, 2))


def test_idr_emptied_by_is_what_remove_would_free():
    """A trial removal names the nodes ``remove`` would empty (leaves first, then
    parents), counted on its own overlay: the IDR itself does not change."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=1)
    idr = Idr(k, "test idr", first_id=4090)
    idr.alloc_cyclic(10)                       # leaves 63 and 64, parents 0 and 1
    left: dict = {}
    assert idr.emptied_by(range(4090, 4095), left) == []
    assert idr.emptied_by([4095, 4096], left) == [(0, 63), (1, 0)]
    assert idr.emptied_by(range(4097, 4100), left) == [(0, 64), (1, 1)]
    assert idr.nr_nodes() == 4
    idr.remove(range(4090, 4096))
    k.advance(1)
    assert sorted(idr.count) == [(0, 64), (1, 1)]


def test_idr_alloc_takes_the_lowest_free_id():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=1)
    idr = Idr(k, "test idr", first_id=2, levels=1)
    assert [idr.alloc() for _ in range(3)] == [2, 3, 4]
    idr.free(3)
    assert idr.alloc() == 3 and idr.alloc() == 5


@pytest.mark.parametrize("design,kept", [("5.10", 200), ("6.1", 200)])
def test_rmdir_leaves_a_negative_dentry_and_mkdir_too_on_6_1(design, kept):
    """rmdir's lookup makes the directory's dentry, d_delete turns it negative and it
    stays; 6.1's kernfs also keeps the negative dentry of mkdir's lookup (c7e7c04274b1);
    the parent's rmdir frees the children's (shrink_dcache_parent)."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=1)
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/p", sh)
    k.stat("/sys/fs/cgroup/p/cgroup.procs", sh)     # p's dentry now positive
    base = len(k.filemap.negative)
    for i in range(200):
        k.mkdir(f"/sys/fs/cgroup/p/c{i}", sh)
    assert len(k.filemap.negative) - base == (200 if design == "6.1" else 0)
    for i in range(200):
        k.rmdir(f"/sys/fs/cgroup/p/c{i}", sh)
    assert len(k.filemap.negative) - base == kept
    k.mkdir("/sys/fs/cgroup/p/c0", sh)         # the stale one goes
    assert "/sys/fs/cgroup/p/c0" in k.filemap.negative if design == "6.1" else \
        "/sys/fs/cgroup/p/c0" not in k.filemap.negative
    k.rmdir("/sys/fs/cgroup/p/c0", sh)
    k.rmdir("/sys/fs/cgroup/p", sh)
    assert not [p for p in k.filemap.negative if p.startswith("/sys/fs/cgroup/p/")]
    assert "/sys/fs/cgroup/p" in k.filemap.negative


def test_memcg_lrus_arrays_stay_on_slab_as_pages_past_8k():
    """5.10: growing the kmem ID space to 1534 IDs gives every memcg-aware lru (49 on
    the guests: two a superblock and the workingset's) a 16 + 8 * 1534 = 12288-byte
    array: order-2 pages (kmalloc_large), counted on Slab, kept after the memcgs go;
    6.1 allocates none."""
    for design, pages in (("5.10", 49 * 4), ("6.1", 0)):
        k = Kernel(design=design, cgroup="v2", nr_cpus=1)
        sh = k.spawn("bash")
        k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
        for i in range(800):
            k.mkdir(f"/sys/fs/cgroup/c{i}", sh)
        for i in range(800):
            k.rmdir(f"/sys/fs/cgroup/c{i}", sh)
        k.advance(5)
        assert sum(k.slab.large.values()) == pages, design
        if pages:
            assert k.slab.nr_cache_ids == 1534


def test_vfreed_stacks_keep_their_vmap_areas_until_the_lazy_purge():
    """Each vmalloc'ed stack takes a vmap_area and the 12 KiB fragment its 16 KiB
    alignment splits off; vfree keeps them until vmap_lazy_nr passes lazy_max_pages
    (fls(CPUs) * 8192 pages), then every lazily freed one goes."""
    assert lazy_max_pages(1) == 8192 and lazy_max_pages(2) == lazy_max_pages(3) == 16384
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    vm = k.vmalloc
    c = k.slab.cache("vmap_area", 64, account=False)
    before = c.nr_structs
    owners = [vm.alloc_vmap_area(16384 + 4096, 16384) for _ in range(1700)]
    assert c.nr_structs == before + 2 * 1700
    for o in owners[:1600]:
        vm.free_vmap_area_noflush(o, 5)
    assert c.nr_structs == before + 2 * 1700 and vm.vmap_lazy_nr == 8000
    for o in owners[1600:]:
        vm.free_vmap_area_noflush(o, 5)
    # 1700 * 5 = 8500 pages: not past 16384 at 2 CPUs
    assert c.nr_structs == before + 2 * 1700
    more = [vm.alloc_vmap_area(16384 + 4096, 16384) for _ in range(1577)]
    for o in more:
        vm.free_vmap_area_noflush(o, 5)
    assert vm.vmap_lazy_nr == 0 and not vm.purge_list and c.nr_structs == before


def test_v1_rename_moves_the_negative_dentries_below_the_cgroup():
    """cgroup1_rename of a directory: its children's negative dentries move with it
    (``d_move``)."""
    k = Kernel(design="5.10", cgroup="v1", nr_cpus=1)
    sh = k.spawn("bash")
    m = "/sys/fs/cgroup/memory"
    k.mkdir(f"{m}/p", sh)
    k.mkdir(f"{m}/p/c", sh)
    k.rmdir(f"{m}/p/c", sh)
    assert f"{m}/p/c" in k.filemap.negative
    k.rename(f"{m}/p", f"{m}/q", sh)
    assert f"{m}/q/c" in k.filemap.negative and f"{m}/p/c" not in k.filemap.negative
