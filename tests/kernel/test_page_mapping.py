"""The page cache's columns (``Filemap.pages``: ``page->mapping``/``page->index`` by
pfn) keep what the two dicts by pfn kept."""
from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.kernel.filemap import INDEX_MAX, Inode, PageMapping
from memcgsim.kernel.page_alloc import PG_BUFFER, PG_FILE

OPS = st.lists(st.tuples(st.booleans(), st.integers(1, 40), st.integers(0, 9)), max_size=80)


@settings(max_examples=200, deadline=None)
@given(ops=OPS)
def test_page_mapping_as_dicts(ops):
    """The columns read as the two dicts by pfn; indices 7-9 are ``INDEX_MAX`` and
    past it (``index`` widened to 8 bytes)."""
    inodes = [Inode(i, False) for i in range(3)]
    pm = PageMapping()
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
        assert pm.pfns() == sorted(owner)
        assert all(pm.get(p) is owner.get(p) for p in range(0, 45))
        wide = wide or any(x > INDEX_MAX for x in index.values())
        assert pm.index.typecode == ("q" if wide else "I")
        assert len(pm.referenced) == len(pm.mapping)      # PG_referenced's column
        # mapping ids: one a cached inode, its count its pages, freed with its last
        live = [(m, i) for m, i in enumerate(pm.inodes) if i is not None]
        assert sorted(i.ino for _, i in live) == sorted({i.ino for i in owner.values()})
        assert all(pm.nr[m] == sum(o is i for o in owner.values()) for m, i in live)
        assert sum(pm.nr) == len(owner)
        assert len(pm.inodes) <= 4                         # ids taken back and reused


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
       base=st.sampled_from((100, INDEX_MAX - 5)))
@example(before=[], run=list(range(20, 40)), base=100)      # pfns in a row
@example(before=[33], run=list(range(20, 40)), base=100)    # one cached among them
@example(before=[5], run=list(range(20, 40)), base=INDEX_MAX - 5)
def test_add_many_as_add_one_by_one(before, run, base):
    """``add_many`` (a page-cache run) leaves the columns and length one ``add`` per
    page leaves; a page already cached is refused at that page; from ``base``,
    indices past 4 bytes; pfns in a row (the slices' path) as scattered ones."""
    inode, old = Inode(7, False), Inode(1, False)
    a, b = PageMapping(), PageMapping()
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
    assert [(a.get(p), a.index[p]) for p in a.pfns()] == [(b.get(p), b.index[p]) for p in b.pfns()]
    live = [{i.ino: pm.nr[m] for m, i in enumerate(pm.inodes) if i is not None} for pm in (a, b)]
    assert live[0] == live[1]


@settings(max_examples=50, deadline=None)
@given(order=st.permutations(range(12)), before=st.sets(st.integers(0, 11), max_size=4),
       ranges=st.lists(st.tuples(st.integers(0, 13), st.integers(0, 13)), min_size=1,
                       max_size=4))
@example(order=[0, 4, 2, 1, 3, 5, 6, 7, 8, 9, 10, 11], before=set(), ranges=[(0, 2)])
def test_mark_accessed_range_as_a_set(order, before, ranges):
    """``Filemap.mark_accessed_range`` on PG_referenced's byte column does what the set
    of pfns did: a range none of whose pages is referenced gets them all set (pfns in
    a row or not: ``order`` lays 12 pages' pfns over indices 0-11, indices 12-13 are
    holes), else each page is ``mark_page_accessed``: set, or cleared and activated.
    The 12 pfns are new ones in a row (the free list taken first), so that a run's
    first and last pfn can be n - 1 apart without the run being a range of pfns."""
    k = Kernel(design="6.1")
    fm = k.filemap
    k.mem_map.alloc_many(PG_FILE, 1, 0, len(k.mem_map._free))
    pfns = k.mem_map.alloc_many(PG_FILE, 1, 0, 12)
    assert pfns == list(range(pfns[0], pfns[0] + 12))
    inode = Inode(999, False)
    for index, slot in enumerate(order):
        inode.pages[index] = pfns[slot]
        fm.pages.add(pfns[slot], inode, index)
    ref = {pfns[i] for i in before}
    for p in ref:
        fm.referenced[p] = 1
    kind = {p: PG_FILE for p in pfns}
    for a, b in ranges:
        fm.mark_accessed_range(inode, a, b)
        here = [inode.pages[i] for i in range(a, min(b, 11) + 1)]
        if ref.isdisjoint(here):
            ref.update(here)
        else:
            for p in here:
                if p not in ref:
                    ref.add(p)
                elif kind[p] == PG_FILE:
                    ref.discard(p)
                    kind[p] = PG_BUFFER
        assert {p for p in pfns if fm.referenced[p]} == ref
        assert [k.mem_map.kind[p] for p in pfns] == [kind[p] for p in pfns]
