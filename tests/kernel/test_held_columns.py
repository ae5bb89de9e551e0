"""What an owner holds of the per-CPU allocator and of unaccounted slab structures,
kept as columns (``PcpuAreas``, ``HeldStructs``), reads back as the lists of tuples
they replaced, in the same order."""
import sys
from bisect import insort

import pytest
from hypothesis import given, settings, strategies as st

from memcgsim.kernel.percpu import PcpuAreas, PcpuChunk
from memcgsim.kernel.vmstat import (MEMCG_KMEM, NR_FILE_PAGES, NR_SHMEM,
                                    NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B,
                                    ZERO_STATS, MemcgStats, RstatStats)
from memcgsim.kernel.slab import HeldStructs, KmemCache, held_placements

big = st.integers(0, 2**40)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), big, big, st.sampled_from((None, "o1", "o2")),
                          big), max_size=20), st.randoms())
def test_pcpu_areas_read_as_tuples(areas, rnd):
    chunks = [PcpuChunk(4096), PcpuChunk(4096), PcpuChunk(4096, first=True)]
    held, ref = PcpuAreas(), [(chunks[c], off, size, o, charged)
                              for c, off, size, o, charged in areas]
    cut = sorted(rnd.sample(range(len(ref) + 1), min(3, len(ref) + 1)))
    for a, b in zip([0] + cut, cut + [len(ref)]):    # several calls, some empty
        held.extend(ref[a:b])
    assert list(held) == ref and len(held) == len(ref)
    assert [held[i] for i in range(len(ref))] == ref
    assert list(held.charges()) == [a[2:] for a in ref]
    # 4-byte numbers while they fit; one chunk and objcg entry each, however many areas
    wide = any(x >= 2**31 for a in areas for x in (a[1], a[2], a[4]))
    assert held.typecode == ("q" if wide else "i")
    assert sorted(map(id, held.chunks)) == sorted({id(a[0]) for a in ref})
    assert len(held.objcgs) == len({a[3] for a in ref})
    order = list(range(len(ref)))
    rnd.shuffle(order)
    assert list(held.reordered(order)) == [ref[i] for i in order]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 50),
                          st.lists(st.tuples(big, st.integers(1, 50)), min_size=1,
                                   max_size=4)), max_size=15))
def test_held_structs_read_as_tuples(structs):
    caches = [KmemCache(f"c{i}", 64 * (i + 1), False, False, i) for i in range(4)]
    held, ref = HeldStructs(), []
    for cid, n, placements in structs:
        try:
            held.add(caches[cid], n, placements)
        except OverflowError:
            # 4-byte words until one does not fit (Slab._widened): nothing was added
            assert held.typecode == "i" and list(held) == ref
            held = held.widened()
            held.add(caches[cid], n, placements)
        ref.append((cid, n) + tuple(x for p in placements for x in p))
    assert list(held) == ref
    wide = any(x >= 2**31 for t in ref for x in t)
    assert held.typecode == ("q" if wide else "i")
    assert [held_placements(t) for t in held] == [placements for _, _, placements in structs]
    assert [(cid, n, list(pl)) for cid, n, pl in held.placed()] == structs
    assert held.nbytes == sum(caches[cid].size * n for cid, n, _ in structs)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), big), max_size=15))
def test_append_one_is_add_of_one(objs):
    """``append_one`` (``alloc_structs``: one structure in one slab) keeps what
    ``add`` of one object placed ``((slab id, 1),)`` keeps."""
    caches = [KmemCache(f"c{i}", 64 * (i + 1), False, False, i) for i in range(4)]
    a, b = HeldStructs("q"), HeldStructs("q")
    for cid, sid in objs:
        a.append_one(caches[cid], sid)
        b.add(caches[cid], 1, ((sid, 1),))
    assert a.tolist() == b.tolist() and a.nbytes == b.nbytes
    assert list(a) == [(cid, 1, sid, 1) for cid, sid in objs]
    c = HeldStructs("q")     # append_ones: the same objects in one call
    c.append_ones([w for cid, sid in objs for w in (~cid, sid)],
                  sum(caches[cid].size for cid, _ in objs))
    assert c.tolist() == a.tolist() and c.nbytes == a.nbytes
    assert len(a) == 2 * len(objs)       # two words an object


def test_append_one_too_big_adds_nothing():
    c = KmemCache("c", 64, False, False, 3)
    held = HeldStructs()
    held.append_one(c, 7)
    try:
        held.append_one(c, 2**31)
    except OverflowError:
        pass
    else:
        raise AssertionError("a 4-byte word took 2**31")
    assert list(held) == [(3, 1, 7, 1)] and held.nbytes == 64
    try:
        held.append_ones((~3, 8, ~3, 2**31), 128)
    except OverflowError:
        pass
    else:
        raise AssertionError("a 4-byte word took 2**31")
    assert list(held) == [(3, 1, 7, 1)] and held.nbytes == 64
    wide = held.widened()
    wide.append_one(c, 2**31)
    assert list(wide) == [(3, 1, 7, 1), (3, 1, 2**31, 1)] and wide.nbytes == 128


def _first_fit(free: list, size: int, align: int):
    """The allocator's first fit over a free list, without ``contig_hint``."""
    for i, (start, end) in enumerate(free):
        off = -(-start // align) * align
        if off + size <= end:
            free[i:i + 1] = ([[start, off]] if off > start else []) + (
                [[off + size, end]] if off + size < end else [])
            return off
    return None


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(1, 700), st.sampled_from((4, 8, 64))),
                max_size=60))
def test_contig_hint_passes_over_only_full_chunks(ops):
    """A chunk skipped by its ``contig_hint`` has no room: the offsets (and the
    failures) of allocations and frees in any order are first fit's."""
    chunk, ref, live = PcpuChunk(2048), [[0, 2048]], []
    for alloc, size, align in ops:
        size = -(-size // 4) * 4
        if alloc or not live:
            off = chunk.alloc(size, align)
            assert off == _first_fit(ref, size, align)
            assert chunk.contig_hint >= max([e - s for s, e in ref], default=0)
            if off is not None:
                live.append((off, size))
        else:
            off, n = live.pop(size % len(live))
            chunk.release(off, n)
            insort(ref, [off, off + n])
            merged = []
            for s, e in ref:
                if merged and merged[-1][1] == s:
                    merged[-1][1] = e
                else:
                    merged.append([s, e])
            ref[:] = merged
        assert chunk.free == ref


class _Memcg:
    """What the rstat updates read of a memcg: its statistics, whether offline."""
    def __init__(self, offline_at: int | None = None) -> None:
        self.stats = MemcgStats(2)
        self.offline_at = offline_at
        self.stat_parent = None         # (a flush folds into it and its ancestors)


@pytest.mark.parametrize("each", [False, True])
def test_rstat_pending_widens_past_4_bytes(each):
    """An offline memcg's pending deltas are 4 bytes an item until one does not
    fit, then 8: the sums are the same either way (mod and mod_each)."""
    st, m = RstatStats(), _Memcg(offline_at=1)
    big = 2**31 - 5
    for val in (big, 10, -3):
        if each:
            st.mod_each(m, (NR_FILE_PAGES, NR_SHMEM), val, 1, 0)
        else:
            st.mod(m, NR_FILE_PAGES, val, 0)
            st.mod(m, NR_SHMEM, val, 0)
    p = m.stats.pending
    assert p.typecode == "q" and p[NR_FILE_PAGES] == p[NR_SHMEM] == big + 7
    assert m in st.updated and sum(p) == 2 * (big + 7)
    small = _Memcg(offline_at=1)
    st.mod(small, NR_FILE_PAGES, 5, 1)
    assert small.stats.pending.typecode == "i" and small.stats.pending[NR_FILE_PAGES] == 5
    assert _Memcg().stats.pending is ZERO_STATS     # no vector until an update


@pytest.mark.parametrize("each", [False, True])
@pytest.mark.parametrize("big", [False, True])
def test_rstat_pending_list_shared_at_offline(big, each):
    """An online memcg's pending deltas are a list (list stores: no ``PyArg_Parse``),
    at offline a read-only tuple shared by the offline memcgs whose deltas are
    equal; an update after gives it its own array, the one an offline memcg's
    updates would have made (4 bytes an item, or 8 when one does not fit), and
    leaves the other's shared tuple as it was."""
    st, ref = RstatStats(), _Memcg(offline_at=1)
    m, twin, other = _Memcg(), _Memcg(), _Memcg()
    vals = ((NR_FILE_PAGES, 5), (NR_SHMEM, -4096), (NR_FILE_PAGES, 2**31 if big else 7))
    for idx, val in vals:
        for x in (m, twin, ref):
            st.mod(x, idx, val, 0)
    st.mod(other, NR_SHMEM, 1, 0)
    assert type(m.stats.pending) is list and m in st.updated
    for x in (m, twin, other):
        x.offline_at = 1
        st.pack_offline(x)
    p = m.stats.pending
    assert type(p) is tuple and twin.stats.pending is p and other.stats.pending is not p
    assert list(p) == list(ref.stats.pending) and m in st.updated and twin in st.updated
    assert p[NR_FILE_PAGES] == 5 + (2**31 if big else 7) and p[NR_SHMEM] == -4096
    if each:
        st.mod_each(m, (NR_SHMEM, NR_FILE_PAGES), 48, 2, 1)
        st.mod_each(ref, (NR_SHMEM, NR_FILE_PAGES), 48, 2, 1)
    else:
        st.mod(m, NR_SHMEM, 96, 1)
        st.mod(ref, NR_SHMEM, 96, 1)
    own = m.stats.pending
    assert own.typecode == ("q" if big else "i") == ref.stats.pending.typecode
    assert list(own) == list(ref.stats.pending) and own[NR_SHMEM] == -4000
    assert twin.stats.pending is p and p[NR_SHMEM] == -4096        # untouched
    st.flush()
    assert m.stats.pending is twin.stats.pending is ZERO_STATS and not st.updated


_VALS = st.sampled_from([0, 0, 1, -1, 4096, -4096, 2**31 - 1, -(2**31), 2**33])


@settings(max_examples=60, deadline=None)
@given(offline=st.booleans(), shared=st.booleans(), before=st.lists(_VALS, max_size=3),
       kmem=_VALS, slab_u=_VALS, slab_r=_VALS, freed=st.lists(st.tuples(
           st.sampled_from([NR_SLAB_UNRECLAIMABLE_B, NR_SLAB_RECLAIMABLE_B]), _VALS),
           max_size=3))
def test_rstat_summed_updates_are_mods_in_turn(offline, shared, before, kmem, slab_u,
                                               slab_r, freed):
    """``RstatStats.mod_summed`` (a slab walk's sums) and ``mod_freed`` (a held
    record's free) leave a memcg's pending deltas, their typecode and the updated
    list as :meth:`RstatStats.mod` of each non-zero update in turn does: from the
    shared zeros, an online memcg's list, an offline one's shared tuple or 4-byte
    array, with items past 4 bytes on the way."""
    stats, ref = RstatStats(), RstatStats()
    a, b = _Memcg(), _Memcg()
    for m, s in ((a, stats), (b, ref)):
        for i, val in enumerate(before):
            s.mod(m, MEMCG_KMEM if i else NR_SLAB_RECLAIMABLE_B, val, 0)
        if offline:
            m.offline_at = 1
            s.pack_offline(m)
            if not shared and before:
                s.mod(m, MEMCG_KMEM, 0, 0)      # its own array
    stats.mod_summed(a, kmem, slab_u, slab_r, 1)
    for idx, val in ((MEMCG_KMEM, kmem), (NR_SLAB_UNRECLAIMABLE_B, slab_u),
                     (NR_SLAB_RECLAIMABLE_B, slab_r)):
        if val:
            ref.mod(b, idx, val, 1)
    stats.mod_freed(a, -kmem, freed, 1)
    if kmem:
        ref.mod(b, MEMCG_KMEM, -kmem, 1)
    for idx, nbytes in freed:
        ref.mod(b, idx, -nbytes, 1)
    pa, pb = a.stats.pending, b.stats.pending
    assert type(pa) is type(pb) and getattr(pa, "typecode", "") == getattr(pb, "typecode", "")
    assert list(pa) == list(pb)
    assert list(stats.updated) == ([a] if b in ref.updated else [])


def test_pcpu_areas_share_equal_tuples():
    """Owners whose areas lie in the same chunks, charged to the same objcgs, share
    the chunks and objcgs tuples (``Percpu._seen``), and those whose areas have the
    same sizes and charges their shape; a different one gets its own."""
    c1, c2 = PcpuChunk(4096), PcpuChunk(4096)
    seen: dict = {}
    a, b, c, d = PcpuAreas(), PcpuAreas(), PcpuAreas(), PcpuAreas()
    a.extend([(c1, 0, 8, "o", 16)], seen)
    b.extend([(c1, 64, 8, "o", 16), (c1, 72, 8, "o", 16)], seen)
    c.extend([(c2, 0, 8, None, 0)], seen)
    d.extend([(c1, 128, 8, "o", 16)], seen)
    assert a.chunks is b.chunks and a.objcgs is b.objcgs and c.chunks is not a.chunks
    assert d.shape is a.shape and d.where != a.where and b.shape != a.shape
    assert list(b) == [(c1, 64, 8, "o", 16), (c1, 72, 8, "o", 16)]
    assert list(d) == [(c1, 128, 8, "o", 16)]
    # (c1,), ("o",), (c2,), (None,) and the three shapes
    assert c.objcgs == (None,) and len(seen) == 7


def test_a_write_to_a_removed_cgroups_shared_empty_tables_is_a_model_bug():
    """A removed cgroup's ``tasks`` and ``children`` are the one shared
    ``REMOVED_EMPTY`` dict: ``check_invariants`` reports a write to it."""
    from memcgsim import Kernel
    from memcgsim.kernel.bug import ModelBug
    from memcgsim.kernel.cgroup import REMOVED_EMPTY
    from memcgsim.kernel.invariants import check_invariants
    k = Kernel(design="6.1", cgroup="v2")
    root = "/sys/fs/cgroup"
    k.mkdir(f"{root}/gone", k.init)
    cg = k.memory_root.cgrp.children["gone"]
    k.rmdir(f"{root}/gone", k.init)
    assert cg.tasks is REMOVED_EMPTY and cg.children is REMOVED_EMPTY
    check_invariants(k)
    cg.tasks[12345] = object()
    try:
        with pytest.raises(ModelBug, match="REMOVED_EMPTY"):
            check_invariants(k)
    finally:
        REMOVED_EMPTY.clear()


def test_killed_objcg_holders_shrink_to_their_size():
    """A killed objcg whose holder kinds drop to one keeps a dict of that size (the
    table grown while its memcg was online is let go, issue 14); the counts and
    the reference count stay what the gets and puts made, and a later get of a
    new kind still counts."""
    from memcgsim import Kernel
    from memcgsim.kernel.memcontrol import ObjCgroup
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=2)
    mc = k.memcg
    o = ObjCgroup(mc.root_mem_cgroup, 0)
    kinds = [f"kind{i}" for i in range(7)]
    for i, kind in enumerate(kinds):
        mc.obj_cgroup_get(o, kind, i + 1)
    grown = sys.getsizeof(o.holders)
    o.killed = True
    mc.obj_cgroup_put(o, "base")
    for i, kind in enumerate(kinds[:-1]):
        mc.obj_cgroup_put(o, kind, i + 1)
        assert o.holders == {kd: j + 1 for j, kd in enumerate(kinds) if j > i}
    assert o.refcnt == 7 and o.holders == {"kind6": 7}
    assert sys.getsizeof(o.holders) == sys.getsizeof({"kind6": 7}) < grown
    mc.obj_cgroup_get(o, "slab object", 2)
    assert o.refcnt == 9 and o.holders == {"kind6": 7, "slab object": 2}
