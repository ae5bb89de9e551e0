"""What a kept object costs the simulator (issue 14: the bytes of a dying memcg,
bench/README.md, session 42): a slab object's id one int object with its cache's
slot keys, a page_owner record shared by allocation calls in a row, a churn
tracker's record without 1-tuples and with shared holder counts."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.kernel.page_alloc import PG_FILE, MemMap
from memcgsim.workload import engine
from memcgsim.workload.presets import lifecycle_bench


def test_one_object_id_is_its_slot_key():
    """``kmem_cache_alloc``'s id is the int object ``objcgs`` and ``slab_of`` are
    keyed by (ids past 256 are objects of their own: ``ids[0]`` of a range made a
    second one)."""
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=2)
    c = k.slab.cache("test-kept", 64)
    oids = [k.slab.kmem_cache_alloc(c) for _ in range(300)]
    oid = oids[-1]
    assert oid == oids[0] + 299 > 256
    key = next(x for x in c.slab_of if x == oid)
    assert key is oid
    assert next(x for x in c.objcgs if x == oid) is oid


def test_calls_in_a_row_share_a_page_owner_record():
    """Pages allocated one by one (``alloc``, ``alloc_each``: a file's pages read in
    runs) in calls in a row with one owner and time share one ``(owner,
    alloc_ns)`` record, as ``alloc``'s calls did; another owner or time gets its
    own, as does one ``alloc_many`` call of its pages."""
    mm = MemMap()
    a = mm.alloc_each(PG_FILE, 7, 1000, 3)
    b = mm.alloc_each(PG_FILE, 7, 1000, 2)
    one = mm.alloc(PG_FILE, 7, 1000)
    c = mm.alloc_each(PG_FILE, 7, 2000, 1)
    d = mm.alloc_each(PG_FILE, 8, 2000, 1)
    e = mm.alloc_many(PG_FILE, 8, 2000, 2)
    recs = [mm.page_owner[p] for p in a + b + [one]]
    assert all(r is recs[0] for r in recs) and recs[0] == (7, 1000)
    assert mm.page_owner[c[0]] == (7, 2000) and mm.page_owner[c[0]] is not recs[0]
    assert mm.page_owner[d[0]] == (8, 2000)
    assert mm.page_owner[e[0]] == (8, 2000) and mm.page_owner[e[0]] is not mm.page_owner[d[0]]
    assert [mm.owner(p) for p in a + c + d + e] == [7, 7, 7, 7, 8, 8, 8]
    assert mm.alloc_ns(b[1]) == 1000 and mm.alloc_ns(c[0]) == 2000


def test_tracker_records_share_holders_without_lone_id_tuples():
    """A churn's dying memcgs with the same holder counts share one tuple of them,
    and their IDs are kept as ints where an IDR holds one of theirs."""
    wl = lifecycle_bench()
    wl.mem = "64G"
    wl.jobs[0].max_instances = 6
    wl.jobs[0].keep_files = True
    wl.sample_interval = 6.0
    e = engine.Engine(wl, "5.13", cpus=2, hours=8 / 3600)
    e.run()
    recs = [r for r in e.tracker.dying.values() if r is not None]
    assert len(recs) >= 5
    assert len({id(r[1]) for r in recs}) < len(recs)
    for r in recs:
        ids = r[2]
        assert not any(type(v) is tuple and len(v) == 1 for v in ids[1::2])
        assert any(type(v) is int for v in ids[1::2])
