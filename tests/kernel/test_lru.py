"""The LRU lists linked through pfn columns (kernel/lru.py) behave as the ordered
dicts they replaced: the same pages in the same order after any sequence of
adds, removals and splices, over lists sharing one set of links."""
from hypothesis import given, settings, strategies as st

from array import array
from types import SimpleNamespace

from memcgsim.kernel.lru import LruLinks, LruList
from memcgsim.kernel.page_alloc import PG_ANON, PG_BUFFER, PG_FILE, PG_SHMEM, PG_SHMEM_ACTIVE
from memcgsim.kernel.vmscan import lru_file_sizes

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
        # the order read after some steps only: pages added are linked when a
        # list is read, so unread lists carry their added runs across later steps
        read = rnd.random() < 0.3
        for lst, r in zip(lists, ref):
            if read:
                # the second list read as a list of pages (LruList.pfns), the others
                # by iteration: the same order
                assert (lst.pfns() if lst is lists[1] else list(lst)) == list(r)
            assert len(lst) == len(r)
            assert bool(lst) == bool(r)
        # the node's counts (what zone_reclaimable_pages reads) follow the lists
        assert (links.file.n, links.anon.n) == (len(ref[0]) + len(ref[1]), len(ref[2]))
    for lst, r in zip(lists, ref):
        assert lst.pfns() == lst.walk() == list(r)
        assert list(lst) == list(r) and lst.unlinked is None
        assert all(p in lst for p in r)
        # a page's links are its neighbours' on the list (0 at the ends)
        order = [0, *r, 0]
        assert all(links.prev[p] == order[i] and links.next[p] == order[i + 2]
                   for i, p in enumerate(r))


def test_added_pages_linked_past_unlinked_max(monkeypatch):
    """A list holds at most UNLINKED_MAX pages unlinked: the run that passes it
    links them all, in order after those already linked."""
    monkeypatch.setattr("memcgsim.kernel.lru.UNLINKED_MAX", 4)
    links = LruLinks()
    links.grow(20)
    lst = LruList(links)
    lst.extend([7, 3])
    lst.link()
    lst.extend([5, 9])
    lst.extend([1, 2])
    assert lst.unlinked == [(5, 9), (1, 2)] and lst.nr_unlinked == 4
    lst.extend([11])
    assert lst.unlinked is None and lst.nr_unlinked == 0
    assert (lst.head, lst.tail, len(lst)) == (7, 11, 7)
    assert links.next[3] == 5 and links.prev[5] == 3 and links.next[11] == 0
    assert lst.walk() == [7, 3, 5, 9, 1, 2, 11]


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
    lst.link()                  # (added pages are linked when the list is read)
    links.prev[4] = 7           # corrupt: 4's prev is not 2
    assert lst.walk() == [2]
    links.prev[4] = 2
    links.next[6] = 2           # a cycle, its links consistent
    links.prev[2] = 6
    assert lst.walk() == []


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from((PG_FILE, PG_BUFFER, PG_SHMEM, PG_SHMEM_ACTIVE,
                                           PG_ANON)),
                          st.integers(1, 3)), max_size=60))
def test_file_sizes_count_as_page_by_page(pages):
    """``lru_file_sizes`` (kernel/vmscan.py, counted in C) gives what
    ``shrink_lruvec`` counted a page at a time: shmem left out, a ``PG_BUFFER``
    page active unless its inode is a block device's (inode 2 here)."""
    inodes = [None, SimpleNamespace(bdev=False), SimpleNamespace(bdev=True),
              SimpleNamespace(bdev=False)]
    kind, mapping = bytearray(1), array("I", (0,))
    for kd, mid in pages:
        kind.append(kd)
        mapping.append(mid)
    pfns = list(range(len(pages), 0, -1))
    size = active = 0
    for pfn in pfns:
        kd = kind[pfn]
        if kd == PG_SHMEM or kd == PG_SHMEM_ACTIVE:
            continue
        if kd == PG_BUFFER and not inodes[mapping[pfn]].bdev:
            active += 1
        else:
            size += 1
    assert lru_file_sizes(pfns, kind, mapping, inodes) == (size, active)
