"""An inode's page index in 64-slot nodes (kernel/xarray.py) answers as the dict
it replaced: the same lookups, lengths and, in index order, the same indices."""
from hypothesis import given, settings, strategies as st

from memcgsim.kernel.xarray import XA_CHUNK_SIZE, PageIndex

indices = st.integers(0, 4 * XA_CHUNK_SIZE + 3)
steps = st.lists(st.one_of(
    st.tuples(st.just("store"), indices, st.integers(1, 10**6)),
    st.tuples(st.just("erase"), indices, st.just(0)),
    st.tuples(st.just("missing"), indices, indices)), max_size=60)


@settings(max_examples=300, deadline=None)
@given(steps)
def test_page_index_matches_a_dict(ops):
    x, ref = PageIndex(), {}
    for op, a, b in ops:
        if op == "store":
            x[a] = b
            ref[a] = b
        elif op == "erase":
            if a in ref:
                assert x.pop(a) == ref.pop(a)
            else:
                try:
                    x.pop(a)
                except KeyError:
                    pass
                else:
                    raise AssertionError("popped an empty index")
        else:
            lo, hi = min(a, b), max(a, b)
            assert x.missing(lo, hi) == [i for i in range(lo, hi + 1) if i not in ref]
        assert len(x) == len(ref)
        assert list(x) == sorted(ref)
        assert all(x.get(i) == ref.get(i) and (i in x) == (i in ref)
                   for i in range(0, 4 * XA_CHUNK_SIZE + 4))
        # a node lives while one of its slots is used
        assert x.node_numbers() == sorted({i // XA_CHUNK_SIZE for i in ref})


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(indices, st.integers(1, 10**6)), max_size=20),
       st.lists(st.tuples(indices, st.integers(1, 10**6)), max_size=80))
def test_store_many_as_stores_one_by_one(before, run):
    """``store_many`` (the page cache's runs) leaves what one ``xa_store`` per page
    leaves, over free and used slots, across nodes."""
    a, b = PageIndex(), PageIndex()
    for i, pfn in before:
        a[i] = b[i] = pfn
    a.store_many([i for i, _ in run], [p for _, p in run])
    for i, pfn in run:
        b[i] = pfn
    assert len(a) == len(b)
    assert list(a) == list(b)
    assert [a.get(i) for i in a] == [b.get(i) for i in b]
    assert a.node_numbers() == b.node_numbers()
