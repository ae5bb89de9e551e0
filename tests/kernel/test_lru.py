"""The LRU lists linked through pfn columns (kernel/lru.py) behave as the ordered
dicts they replaced: the same pages in the same order after any sequence of
adds, removals and splices, over lists sharing one set of links."""
from hypothesis import given, settings, strategies as st

from memcgsim.kernel.lru import LruLinks, LruList

NPAGES = 40

ops = st.lists(st.tuples(st.sampled_from(("add", "prepend", "remove", "remove_all", "splice",
                                         "clear")),
                         st.integers(0, 2), st.integers(0, 2),
                         st.lists(st.integers(1, NPAGES - 1), max_size=8), st.randoms()),
               max_size=40)


@settings(max_examples=300, deadline=None)
@given(ops)
def test_lru_lists_match_ordered_dicts(steps):
    links = LruLinks()
    links.grow(NPAGES - 1)
    # two lists count on the node's file counter, one on its anon counter
    lists = [LruList(links, links.file), LruList(links, links.file),
             LruList(links, links.anon)]
    ref: list[dict] = [{} for _ in range(3)]
    for op, a, b, pfns, rnd in steps:
        if op == "add":
            # pages on no list, in the order given, each once
            free = list(dict.fromkeys(p for p in pfns if not any(p in r for r in ref)))
            lists[a].extend(free)
            ref[a].update(dict.fromkeys(free))
        elif op == "prepend":
            free = list(dict.fromkeys(p for p in pfns if not any(p in r for r in ref)))
            lists[a].prepend(free)
            ref[a] = {**dict.fromkeys(free), **ref[a]}
        elif op in ("remove", "remove_all"):
            gone = [p for p in ref[a] if op == "remove_all" or rnd.random() < 0.5]
            rnd.shuffle(gone)
            lists[a].remove_many(gone)
            for p in gone:
                del ref[a][p]
        elif op == "splice" and a != b:
            lists[a].splice_tail(lists[b])
            ref[a].update(ref[b])
            ref[b].clear()
        elif op == "clear":
            lists[a].clear()
            ref[a].clear()
        for lst, r in zip(lists, ref):
            assert list(lst) == list(r)
            assert lst.walk() == list(r)
            assert len(lst) == len(r)
            assert bool(lst) == bool(r)
            assert all(p in lst for p in r)
        # the node's counts (what zone_reclaimable_pages reads) follow the lists
        assert (links.file.n, links.anon.n) == (len(ref[0]) + len(ref[1]), len(ref[2]))


def test_iteration_survives_removing_the_current_page():
    links = LruLinks()
    links.grow(10)
    lst = LruList(links)
    lst.extend([5, 3, 9, 1])
    seen = []
    for pfn in lst:
        seen.append(pfn)
        if pfn in (3, 9):
            lst.remove_many((pfn,))
    assert seen == [5, 3, 9, 1]
    assert list(lst) == [5, 1] and (lst.head, lst.tail, len(lst)) == (5, 1, 2)
    assert 3 not in lst and 1 in lst


def test_walk_stops_at_a_broken_link():
    links = LruLinks()
    links.grow(10)
    lst = LruList(links)
    lst.extend([2, 4, 6])
    links.prev[4] = 7           # corrupt: 4's prev is not 2
    assert lst.walk() == [2]
    links.prev[4] = 2
    links.next[6] = 2           # a cycle, its links consistent
    links.prev[2] = 6
    assert lst.walk() == []
