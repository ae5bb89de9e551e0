"""Heaps forked from one another (shell/malloc.py ``Heap.fork``: the bins shared
until a side changes them, the last sharer keeping them) against independent
copies of the arena."""
import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim.shell.malloc import Heap

from test_malloc import Pages

#: ``hdr`` and ``got`` pass a result from ``_int_malloc`` to its caller within
#: one call; ``deferred`` is None between calls
_SCRATCH = {"sys", "touch", "task", "hdr", "got", "deferred"}      # (touch: sys's)


def arena(h: Heap) -> dict:
    """Everything the arena keeps between calls."""
    out = {}
    for name in Heap.__slots__:
        if name in _SCRATCH:
            continue
        v = getattr(h, name)
        if isinstance(v, dict):
            v = {k: b for k, b in v.items() if b != []}     # an emptied bin is no bin
        out[name] = v
    return out


def apply(h: Heap, ops, live: list) -> None:
    """Random calls: ``("m", n)`` malloc, ``("c", n)`` calloc, ``("f", i)`` free of
    the live chunk ``i`` (modulo), ``("r", i, n)`` its realloc."""
    for op in ops:
        if op[0] == "m":
            live.append(h.malloc(op[1]))
        elif op[0] == "c":
            live.append(h.calloc(op[1]))
        elif live and op[0] == "f":
            h.free(live.pop(op[1] % len(live)))
        elif live and op[0] == "r":
            live.append(h.realloc(live.pop(op[1] % len(live)), op[2]))


small = st.integers(0, 120)
sizes = st.one_of(small, st.integers(0, 1100), st.integers(0, 300_000))
ops = st.lists(st.one_of(st.tuples(st.just("m"), sizes), st.tuples(st.just("c"), small),
                         st.tuples(st.just("f"), st.integers(0, 999)),
                         st.tuples(st.just("r"), st.integers(0, 999), sizes)),
               max_size=80)

@settings(max_examples=80, deadline=None)
@given(ops, st.lists(st.tuples(st.integers(0, 3), ops), max_size=8))
def test_forked_arenas_as_copies(setup, steps):
    """Heaps forked from one another (``Heap.fork``: the bins shared until a side
    changes them, the last sharer keeping them) as independent copies taken at
    each fork."""
    h = Heap(Pages(), None, top=0, brk=0)
    live: list = []
    apply(h, setup, live)
    heaps, copies = [(h, live)], [copy.deepcopy((h, live))]
    for who, calls in steps:
        who %= len(heaps)
        if who == len(heaps) - 1 and len(heaps) < 4:
            p, plive = heaps[who]
            heaps.append((p.fork(None), list(plive)))   # a child, before the calls
            pc, pclive = copies[who]
            c = copy.deepcopy(pc)
            c.shared = False
            c.tc_fork = pc.tc_fork = True              # a fork writes the tcache's page
            copies.append((c, list(pclive)))
        apply(heaps[who][0], calls, heaps[who][1])
        apply(copies[who][0], calls, copies[who][1])
    for (a, alive), (b, blive) in zip(heaps, copies):
        assert alive == blive
        assert {k: v for k, v in arena(a).items() if k != "shared"} == \
            {k: v for k, v in arena(b).items() if k != "shared"}


def test_exec_leaves_the_bins_to_the_others():
    """A forked child that execs (``exec_mmap``: its mm dropped) is no sharer of
    the bins any more: the parent changes them without a copy; the child's calls
    after the program (bash's frees past ``execve``, which the process never
    makes) change nothing shared and write no page."""
    pages = Pages()
    h = Heap(pages, None, top=0, brk=0)
    live = [h.malloc(24) for _ in range(4)] + [h.malloc(200)]
    h.free(live.pop(0))
    child = h.fork(None)
    kept = child.malloc(24)                 # the child's own bins (a copy)
    assert child.shared is False and h.shared == [1]
    grand = h.fork(None)
    grand.exec_mmap()                       # h's bins shared by h alone again
    assert h.shared == [1] and grand.shared is False
    tcache = h.tcache
    h.free(live.pop(0))
    assert h.tcache is tcache and h.shared is False     # the last sharer: no copy
    pages.written.clear()
    before = arena(h)
    child.exec_mmap()
    child.free(kept)
    child.free_many(live)
    child.malloc(24)
    assert arena(h) == before and not pages.written
