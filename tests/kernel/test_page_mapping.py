"""The page cache's columns (``Filemap.pages``: ``page->mapping``/``page->index`` by
pfn) keep what the two dicts by pfn kept, in the same order."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim.kernel.filemap import INDEX_MAX, SEQ_MAX, Inode, PageMapping

OPS = st.lists(st.tuples(st.booleans(), st.integers(1, 40), st.integers(0, 9)), max_size=80)


@settings(max_examples=200, deadline=None)
@given(ops=OPS, start=st.sampled_from((0, SEQ_MAX - 5)))
def test_page_mapping_as_dicts(ops, start):
    """The columns read as the two dicts by pfn, in their order; from ``start``,
    ``seq`` running out of 4-byte numbers a few pages in (renumbered, same order);
    indices 7-9 are ``INDEX_MAX`` and past it (``index`` widened to 8 bytes)."""
    inodes = [Inode(i, False) for i in range(3)]
    pm = PageMapping()
    pm.next_seq = start
    owner: dict[int, Inode] = {}
    index: dict[int, int] = {}
    wide = False
    for add, pfn, n in ops:
        i = n if n < 7 else INDEX_MAX - 7 + n
        if add and pfn not in owner:
            pm.add(pfn, inodes[n % 3], i)
            owner[pfn], index[pfn] = inodes[n % 3], i
        elif not add and pfn in owner:
            assert pm.pop(pfn) == (owner.pop(pfn), index.pop(pfn))
        assert len(pm) == len(owner)
        assert pm.in_cache_order() == list(owner)
        assert pm.pfns() == sorted(owner)
        assert all(pm.get(p) is owner.get(p) for p in range(0, 45))
        assert pm.next_seq <= SEQ_MAX + 1
        wide = wide or any(x > INDEX_MAX for x in index.values())
        assert pm.index.typecode == ("q" if wide else "I")
        assert len(pm.referenced) == len(pm.mapping)      # PG_referenced's column


def test_page_mapping_refuses_twice():
    pm = PageMapping()
    pm.add(5, Inode(1, False), 0)
    with pytest.raises(KeyError):
        pm.add(5, Inode(2, False), 1)
    assert pm.pop(5)[1] == 0
    with pytest.raises(KeyError):
        pm.pop(5)
    with pytest.raises(KeyError):
        pm.pop(500)


@settings(max_examples=200, deadline=None)
@given(before=st.lists(st.integers(1, 60), unique=True, max_size=10),
       run=st.lists(st.integers(1, 90), unique=True, min_size=1, max_size=30),
       start=st.sampled_from((0, SEQ_MAX - 30)), base=st.sampled_from((100, INDEX_MAX - 5)))
def test_add_many_as_add_one_by_one(before, run, start, base):
    """``add_many`` (a page-cache run) leaves the columns, length and cache order
    one ``add`` per page leaves; a page already cached is refused at that page; from
    ``base``, indices past 4 bytes."""
    inode, old = Inode(7, False), Inode(1, False)
    a, b = PageMapping(), PageMapping()
    a.next_seq = b.next_seq = start     # near SEQ_MAX: renumbered at the run or at a page
    for pfn in before:
        a.add(pfn, old, pfn)
        b.add(pfn, old, pfn)
    indices = list(range(base, base + len(run)))
    try:
        a.add_many(run, inode, indices)
    except KeyError as e:
        refused = e.args[0]
    else:
        refused = None
    for pfn, index in zip(run, indices):
        if pfn in before:
            assert refused == pfn
            break
        b.add(pfn, inode, index)
    else:
        assert refused is None
    assert len(a) == len(b)
    assert a.next_seq == b.next_seq if not start else a.next_seq <= SEQ_MAX + 1
    assert a.in_cache_order() == b.in_cache_order()
    assert [(a.get(p), a.index[p]) for p in a.pfns()] == [(b.get(p), b.index[p]) for p in b.pfns()]
