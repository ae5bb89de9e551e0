"""``mem_map``'s ``owner`` column is an array: what the three allocation paths
write reads back (with ``alloc_ns``), and an owner past 4 bytes widens the column
(the earlier owners kept)."""
from memcgsim.kernel.page_alloc import OWNER_MAX, PG_ANON, PG_FILE, MemMap


def test_columns_read_back_by_every_path():
    mm = MemMap()
    a = mm.alloc(PG_FILE, 7, 1_000)
    many = mm.alloc_many(PG_ANON, 42, 2_000, 3)
    mm.free_many(many[:2])
    each = mm.alloc_each(PG_ANON, 43, 3_000, 4)     # two reused, two new
    assert mm.owner.typecode == "I"
    assert (mm.owner[a], mm.alloc_ns[a]) == (7, 1_000)
    assert [mm.owner[p] for p in many[2:]] == [42] and mm.alloc_ns[many[2]] == 2_000
    assert sorted(each[:2]) == sorted(many[:2])
    assert [(mm.owner[p], mm.alloc_ns[p]) for p in each] == [(43, 3_000)] * 4
    assert len(mm.owner) == len(mm.alloc_ns) == len(mm.kind) == 1 + 1 + 3 + 2


def test_owner_past_four_bytes_widens():
    mm = MemMap()
    small = mm.alloc(PG_FILE, OWNER_MAX, 5)
    for alloc in (lambda o: [mm.alloc(PG_FILE, o, 6)],
                  lambda o: mm.alloc_many(PG_ANON, o, 6, 2),
                  lambda o: mm.alloc_each(PG_ANON, o, 6, 2)):
        big = OWNER_MAX + len(mm.kind)
        pfns = alloc(big)
        assert mm.owner.typecode == "q"
        assert [mm.owner[p] for p in pfns] == [big] * len(pfns)
    assert mm.owner[small] == OWNER_MAX and len(mm.owner) == len(mm.kind)
