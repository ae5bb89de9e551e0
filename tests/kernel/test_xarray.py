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
        some = {a, b, a + 1, 4 * XA_CHUNK_SIZE + 9}
        assert x.count_present(some) == len(some & ref.keys())
        assert x.count_present(some | ref.keys()) == len(ref)
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


# ------------------------------------------------------------------ xarray nodes
def _ref_nodes(used: set[int]) -> int:
    """The nodes an xarray holding ``used`` has (lib/xarray.c): none for {} or {0};
    else, for the least height h with max < 64**h, the distinct ``i >> 6*l`` of each
    level l = 1..h."""
    if not used or used == {0}:
        return 0
    h = 1
    while max(used) >= XA_CHUNK_SIZE ** h:
        h += 1
    return sum(len({i >> (6 * lvl) for i in used}) for lvl in range(1, h + 1))


def _index(used) -> PageIndex:
    x = PageIndex()
    for i in used:
        x[i] = 7
    return x


def test_xa_nodes_of_file_sizes():
    """A file of 1 page needs no node, 2..64 pages one, 65 three (two leaves and the
    top), 4096 65, 4097 68 (a third level), 262145 4165 (a fourth)."""
    for pages, nodes in ((1, 0), (2, 1), (64, 1), (65, 3), (4096, 65), (4097, 68),
                         (262145, 4097 + 65 + 2 + 1)):
        assert len(_index(range(pages)).xa_keys()) == nodes, pages
    # sparse: one page at index 5 (a node), at 100 (a leaf under a top node)
    assert _index([5]).xa_keys() == [(1, 0)]
    assert _index([100]).xa_keys() == [(1, 1), (2, 0)]


@settings(max_examples=300, deadline=None)
@given(steps)
def test_xa_keys_match_the_xarray_shape(ops):
    """After any stores and erases the nodes needed are the reference count, and
    ``xa_grows`` says whether storing a free index adds one."""
    x, ref = PageIndex(), set()
    for op, a, _b in ops:
        if op == "store":
            if a not in ref:
                grows = x.xa_grows(a)
                before = _ref_nodes(ref)
                assert grows == (_ref_nodes(ref | {a}) > before)
            x[a] = 1
            ref.add(a)
        elif op == "erase" and a in ref:
            x.pop(a)
            ref.discard(a)
        assert len(x.xa_keys()) == _ref_nodes(ref)


@settings(max_examples=300, deadline=None)
@given(st.lists(indices, max_size=20), st.lists(indices, min_size=1, max_size=80))
def test_xa_run_ends_at_the_first_page_making_a_node(before, more):
    """``xa_run``: the pages stored one by one up to and including the first whose
    store makes a node (or all of them)."""
    x = _index(before)
    missing = sorted(set(more) - set(before))
    if not missing:
        return
    y = _index(before)
    want = len(missing)
    for j, i in enumerate(missing):
        grows = y.xa_grows(i)
        y[i] = 1
        if grows:
            want = j + 1
            break
    assert x.xa_run(missing, 0) == want


def test_shadow_entries_keep_their_nodes():
    """A shadow entry (``workingset_eviction``) keeps its slot's node; one at index 0
    alone sits in the head; clearing them frees the shape."""
    x = _index(range(2))
    x.pop(1)
    x.shadow(1)
    assert x.xa_keys() == [(1, 0)]
    x.pop(0)
    x.shadow(0)
    assert x.xa_keys() == [(1, 0)] and len(x) == 0
    x.clear_shadows()
    x.shadow(0)
    assert x.xa_keys() == []
    x.clear_shadows()
    x.shadow(100)
    assert x.xa_keys() == [(1, 1), (2, 0)] and x.shadow_nrs == {1: 1}
    x[100] = 5                      # a refault replaces the shadow
    assert x.shadows is None and x.xa_keys() == [(1, 1), (2, 0)]
    assert not x.clear_shadows()


def test_full_run_node_held_as_range():
    """A node filled with consecutive pfns is held as their ``range`` and reads as
    its slots did; a write turns it back into slots; other fills stay slots."""
    from array import array
    x = PageIndex()
    x.store_many(list(range(64, 128)), list(range(1000, 1064)))
    x.store_many(list(range(0, 64)), list(range(5000, 5064)))
    assert type(x.node0) is range and type(x.nodes[1]) is range
    assert len(x) == 128 and x.get(3) == 5003 and x[127] == 1063 and 70 in x
    assert list(x) == list(range(128)) and x.missing(0, 130) == [128, 129, 130]
    assert x.pop(5) == 5005 and type(x.node0) is array and 5 not in x and len(x) == 127
    x[5] = 7
    assert type(x.node0) is array and x.get(5) == 7
    x[5] = 5005            # consecutive again at a store in the last slot only
    assert type(x.node0) is array
    x[63] = 5063
    assert type(x.node0) is range and list(x.node0) == list(range(5000, 5064))
    y = PageIndex()
    y.store_many(list(range(64)), [2000 + (i ^ 1) for i in range(64)])
    assert type(y.node0) is array and y.get(0) == 2001


def test_present_lists_pages_in_range_order():
    """``PageIndex.present``: the pfns stored in an index range, across nodes and
    holes, packed (``range``) nodes included."""
    from memcgsim.kernel.xarray import PageIndex
    p = PageIndex()
    for index, pfn in ((0, 7), (1, 8), (63, 9), (64, 10), (200, 11)):
        p[index] = pfn
    assert p.present(0, 300) == [7, 8, 9, 10, 11]
    assert p.present(1, 64) == [8, 9, 10]
    assert p.present(65, 199) == []


class _Slab:
    """The slab calls :func:`xas_update_nodes` makes, recorded: object ids handed out
    in order (None past ``budget``: a failed charge)."""

    def __init__(self, budget: int) -> None:
        self.caches = {"radix_tree_node": "c"}
        self.budget, self.next, self.log = budget, 0, []

    def kmem_cache_alloc(self, c):
        if self.budget == 0:
            self.log.append(("fail",))
            return None
        self.budget -= 1
        self.next += 1
        self.log.append(("alloc", self.next))
        return self.next

    def kmem_cache_free(self, *args):
        raise AssertionError("freed at once, not after a grace period")


class _K:
    """What :func:`xas_update_nodes` reads of a kernel: its slab, the current task
    (none: CPU 0) and the RCU queue (the freed ids, in order)."""

    def __init__(self, budget: int) -> None:
        self.slab, self.current = _Slab(budget), None
        k = self

        class Clock:
            def call_rcu(self, fn, *args, cpu):
                k.slab.log.append(("free", args[-1], cpu))
        self.clock, self.call_on_cpu = Clock(), None


def _update_as_before(k, pages, grow):
    """xas_update_nodes as it was before session 41 (every key walked in Python)."""
    from memcgsim.kernel.xarray import _held
    keys = pages.xa_keys()
    ok, new = True, {}
    if grow:
        have = _held(pages)
        for key in reversed(keys):
            if key not in have:
                oid = k.slab.kmem_cache_alloc("c")
                if oid is None:
                    ok = False
                    break
                new[key] = oid
        keys = pages.xa_keys()
    have = _held(pages)
    have.update(new)
    needed = set(keys)
    for oid in [oid for key, oid in have.items() if key not in needed]:
        k.clock.call_rcu(None, 0, None, "c", oid, cpu=0)
    held = {key: have[key] for key in keys if key in have}
    pages.xa = held[(1, 0)] if len(keys) == 1 and held else (held or None)
    return ok


def _changed_by_keys(x: PageIndex) -> bool:
    """``xa_changed`` from the keys alone (``xa_ok`` not asked)."""
    xa = x.xa
    held = [] if xa is None else [(1, 0)] if type(xa) is int else list(xa)
    return held != x.xa_keys()


big = st.sampled_from([XA_CHUNK_SIZE ** 2 - 1, XA_CHUNK_SIZE ** 2, XA_CHUNK_SIZE ** 2 + 70,
                       3 * XA_CHUNK_SIZE ** 2 + 5, 130, 700])
#: an op on a present index names it by its place in the index (``n``: any int)
xa_steps = st.lists(st.one_of(
    st.tuples(st.just("store"), st.one_of(indices, big)),
    st.tuples(st.just("run"), st.one_of(indices, big), st.integers(1, 100)),
    st.tuples(st.just("evict"), st.integers(0, 10**6)),
    st.tuples(st.just("erase"), st.integers(0, 10**6)),
    st.tuples(st.just("clear_chunk"), st.integers(0, 10**6)),
    st.tuples(st.just("clear_shadows"), st.one_of(indices, big)),
    st.tuples(st.just("update"), st.booleans(), st.integers(0, 6))), max_size=60)


@settings(max_examples=200, deadline=None)
@given(xa_steps)
def test_xa_changed_and_node_updates_as_the_keys_say(ops):
    """``xa_changed`` (its ``xa_ok`` answer included) says what comparing the held
    nodes with :meth:`PageIndex.xa_keys` says, after stores, runs, evictions to
    shadow entries, erases, shadow clearing and node updates; and
    :func:`xas_update_nodes` allocates, frees and holds what the walk of every key
    did (same ids in the same order, a failed charge included)."""
    from memcgsim.kernel.xarray import xas_update_nodes
    x, y = PageIndex(), PageIndex()
    kx, ky = _K(10**9), _K(10**9)
    for op in ops:
        name, a = op[0], op[1]
        for p in (x, y):
            present = list(p)
            if name == "store":
                p[a] = 9
            elif name == "run":
                free = p.missing(a, a + op[2] - 1)
                if free:
                    p.store_many(free, [9] * len(free))
            elif name in ("evict", "erase") and present:
                i = present[a % len(present)]
                p.pop(i)
                if name == "evict":
                    p.shadow(i)
            elif name == "clear_chunk" and p.shadows:
                nr = sorted(p.shadow_nrs)[a % len(p.shadow_nrs)]
                if p.shadow_only(nr):
                    p.clear_shadow_chunk(nr)
            elif name == "clear_shadows":
                p.clear_shadows(a)
        if name == "update":
            kx.slab.budget = ky.slab.budget = op[2] if op[2] < 6 else 10**9
            assert xas_update_nodes(kx, x, op[1]) == _update_as_before(ky, y, op[1])
            assert kx.slab.log == ky.slab.log
            assert x.xa == y.xa and (type(x.xa) is not dict or list(x.xa) == list(y.xa))
        assert x.xa_changed() == _changed_by_keys(x)
        if op == ("update", True, 6):
            assert not x.xa_changed()   # every node made: the shape's
