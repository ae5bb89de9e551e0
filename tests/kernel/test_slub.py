"""SLUB's slab lists (kernel/slub.py): which slabs stay allocated as objects go."""
import pytest

from memcgsim import Kernel
from memcgsim.kernel.slab import _unpacked
from memcgsim.kernel.slub import SlubLists, cpu_partial_nr_objects, min_partial


def test_min_partial_and_cpu_partial_limits():
    """``set_min_partial(s, ilog2(size) / 2)`` clamped to 5..10; 6.1's
    cpu_partial_slabs is DIV_ROUND_UP(nr_objects * 2, objects per slab)."""
    assert [min_partial(s) for s in (8, 64, 1024, 4096, 1 << 22)] == [5, 5, 5, 6, 10]
    assert SlubLists(4096, 8, "slabs", 1).limit == -(-cpu_partial_nr_objects(4096) * 2 // 8) == 2
    assert SlubLists(192, 21, "slabs", 1).limit == 12
    assert SlubLists(4096, 8, "objects", 1).limit == 2
    assert SlubLists(192, 21, "objects", 1).limit == 30


def test_objects_freed_from_new_slabs_leave_min_partial_empty_slabs():
    """50 slabs of 4 KiB objects allocated, then every object freed on the same CPU:
    the full slabs go to the CPU's partial list, which spills to the node's list
    (empty slabs kept while it holds fewer than min_partial = 6, discarded after):
    6 node slabs, the CPU slab and the per-CPU list remain. 5.10 spills its list
    when a put finds more than 2 free objects on it (every 3rd slab), 6.1 when it
    holds 2 slabs (every 2nd): the 49th full slab starts a new list on both."""
    for mode, on_cpu_list in (("objects", 1), ("slabs", 1)):
        s = SlubLists(4096, 8, mode, 1)
        p = s.alloc(0, 400)
        assert s.nr_slabs() == 50
        s.free(0, p)
        assert s.nr_inuse() == 0
        assert len(s.node_partial) == 6
        assert len(s.cpu_partial[0]) == on_cpu_list
        assert s.nr_slabs() == 6 + 1 + on_cpu_list


def test_pobjects_count_free_objects_at_put_time():
    """5.10 counts a per-CPU list's free objects when each slab joins (one for a
    slab a first object left), so small objects pile up far more slabs than 6.1's
    cpu_partial_slabs allows (the reason for b47291ef02b0)."""
    old = SlubLists(192, 21, "objects", 2)
    new = SlubLists(192, 21, "slabs", 2)
    for s in (old, new):
        p = s.alloc(0, 21 * 32)
        s.free(1, p)
    assert len(old.cpu_partial[1]) == 31
    assert len(new.cpu_partial[1]) <= new.limit
    assert old.nr_slabs() > new.nr_slabs()


def test_allocations_reuse_kept_slabs_before_new_ones():
    s = SlubLists(4096, 8, "slabs", 1)
    s.free(0, s.alloc(0, 400))
    kept = s.nr_slabs()
    s.alloc(0, 8 * kept)
    assert s.nr_slabs() == kept


def test_boot_tasks_objects_sit_off_the_laid_lists():
    """Item 360: while the boot's tasks are made the boot table's lists are held
    apart; the slabs their objects took are full slabs of the boot's after, and a
    free into one of them (an object of the boot's, in a full slab) puts it on the
    freeing CPU's partial list as any full slab."""
    s = SlubLists(200, 20, "objects", 2)
    made, held = s.seed((20, (19, None), ((), ((5, 5),)), ()))
    assert (made, held) == (2, 24)
    lists = s.set_aside()
    p = s.alloc(0, 11)              # a task's areas: a slab of its own
    s.free(0, s.alloc(1, 3))        # made and gone again: its slab stays made
    assert s.lay_back(lists) == 2
    assert s.cpu_slab == [0, None] and s.cpu_partial == {1: [(1, 5)]}
    assert [s.inuse[i] for i in range(4)] == [1, 15, 20, 20]
    assert s.alloc(0, 19) == [(0, 19)]     # the table's room, all of it
    s.free(1, p)
    assert s.cpu_partial[1][-1][0] == p[0][0] and s.inuse[p[0][0]] == 9


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_structures_of_freed_cgroups_leave_slabs_per_slub(design):
    """Cgroups created and freed: Slab drops by the slabs SLUB lets go, never more
    than their structures' slabs."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    for i in range(200):
        k.mkdir(f"/sys/fs/cgroup/c{i}", sh)
    c4k = k.slab.caches["kmalloc-4k"]
    made = c4k.num_slabs()
    for i in range(200):
        k.rmdir(f"/sys/fs/cgroup/c{i}", sh)
    k.advance(5)
    # what stays: 5.10's memcg-aware list_lrus' memcg_lrus arrays (one per lru, 49
    # on the guests; 382 IDs after 200 kmem IDs: 16 + 8 * 382 = 3072 bytes each),
    # kept with the lrus
    kept = 49 if design == "5.10" else 0
    assert c4k.nr_structs == kept
    full = kept // c4k.objperslab
    assert 0 < c4k.num_slabs() <= full + c4k.slub.min_partial + 1 + c4k.slub.limit + 2
    assert c4k.num_slabs() < made


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_accounted_objects_sit_in_slub_lists_on_their_cpus(design):
    """Accounted objects (one set of caches since v5.9, objcg per object) are
    placed by SLUB as any other: objects allocated on CPU 0 and freed on CPU 1
    leave slabs frozen on CPU 1's partial list, so Slab keeps them while no object
    is in use; the objcg bookkeeping is unchanged (no object's objcg is left)."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    k.mkdir("/sys/fs/cgroup/a", sh)
    k.write("/sys/fs/cgroup/a/cgroup.procs", str(sh.pid), sh)
    c = k.slab.cache("test_acct", 1024)
    slab = k.slab
    sh.cpu = 0
    with k.running(sh):
        objs = [slab.kmem_cache_alloc_many(c, 1) for _ in range(3 * c.objperslab)]
        objs.append(slab.kmem_cache_alloc_many(c, 2 * c.objperslab))
    assert c.nr_objs == 5 * c.objperslab
    assert c.num_slabs() == c.slub.nr_slabs() == 5
    sh.cpu = 1
    with k.running(sh):
        for oids in objs:
            slab.kmem_cache_free_many(c, oids)
    assert c.nr_objs == 0 and not c.objcgs and not c.runs
    assert not c.placed and not c.slab_of and c.slub.nr_inuse() == 0
    # CPU 0's slab and what CPU 1's partial list (or the node's, up to min_partial)
    # holds stay allocated
    assert c.slub.cpu_partial.get(1)
    assert 2 <= c.num_slabs() <= 1 + c.slub.min_partial + c.slub.limit + 1


def test_per_memcg_caches_keep_packing_their_objects():
    """The memcg_cache design (v3.10) keeps its own slab pages: nothing placed."""
    k = Kernel(design="3.10-rhel7", cgroup="v1", nr_cpus=2)
    c = k.slab.cache("test_acct", 1024)
    with k.on_cpu(0):
        oids = k.slab.kmem_cache_alloc_many(c, 3)
    assert not c.place_objs and c.slub.nr_slabs() == 0 and c.num_slabs() == 1
    with k.on_cpu(1):
        k.slab.kmem_cache_free_many(c, oids)
    assert c.num_slabs() == 0


@pytest.mark.parametrize("first", [0, 2**32 - 3])
def test_runs_placed_past_4_byte_ids_free_whole_and_split(first):
    """A run's placement is packed in 4-byte numbers until one does not fit (its end
    id past 2**32 - 1: then 8 bytes); freed whole, or one object at a time (split),
    every slab gets its objects back either way."""
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    c = k.slab.cache("test_acct", 1024)
    c._next = first
    slab = k.slab
    with k.running(sh):
        whole = slab.kmem_cache_alloc_many(c, 3)
        split = slab.kmem_cache_alloc_many(c, c.objperslab + 2)
    assert whole.stop - first == 3 and split.start == whole.stop
    # 4-byte numbers (12 bytes in one slab, an array('I') over several); 8 past 2**32 - 1
    for r in (whole, split):
        e = c.placed[r.start]
        assert _unpacked(e)[0] == r.stop
        assert (getattr(e, "typecode", "") == "q") == (r.stop > 2**32 - 1)
    assert len(c.placed[split.start]) == 5       # end, then two (slab id, count)
    assert c.slub.nr_inuse() == c.objperslab + 5
    with k.running(sh):
        slab.kmem_cache_free_many(c, whole)
        for oid in split:
            slab.kmem_cache_free_many(c, range(oid, oid + 1))
    assert not c.placed and not c.slab_of and c.slub.nr_inuse() == 0 and c.nr_objs == 0
