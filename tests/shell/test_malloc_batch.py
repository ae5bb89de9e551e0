"""``Heap.malloc_many``/``free_many`` (shell/malloc.py), the batched path of a simple
command's structures, against the same requests one call after another: the same
chunks, the same arena (bins, counts, top, thresholds) and the same heap pages
written, from random arenas and from arenas of bash 5.2.15's recorded calls."""
import copy
import gzip
from functools import lru_cache

from hypothesis import example, given, settings
from hypothesis import strategies as st

from memcgsim.shell.malloc import Heap, Requests, chunk_size

from test_malloc import REC, Pages


class Touches(Pages):
    """Pages, and every heap write's range in order."""

    def __init__(self):
        super().__init__()
        self.calls = []

    def touch(self, task, area, first, last):
        super().touch(task, area, first, last)
        self.calls.append((area, first, last))


#: ``hdr`` and ``got`` pass a result from ``_int_malloc`` to its caller within
#: one call; ``deferred`` is None between calls
_SCRATCH = {"sys", "task", "hdr", "got", "deferred"}


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


@lru_cache(maxsize=None)
def recorded_arenas() -> tuple:
    """The arena every 250 calls of calibration/recordings' bash malloc traces."""
    out = []
    for name in ("bash-malloc--strings.txt.gz", "bash-malloc--append.txt.gz"):
        h = Heap(Touches(), None, top=0, brk=0)
        h._int_malloc(chunk_size(640))
        live = {}
        with gzip.open(REC / name, "rt") as f:
            for n, line in enumerate(f):
                t = line.split()
                if t[0] == "#":
                    continue
                if t[0] in "mc":
                    live[int(t[2])] = (h.malloc if t[0] == "m" else h.calloc)(int(t[1]))
                elif t[0] == "f":
                    h.free(live.pop(int(t[1])))
                else:
                    c = h.realloc(None if t[1] == "-" else live.pop(int(t[1])), int(t[2]))
                    live[int(t[3])] = c
                if n % 250 == 0:
                    h.sys, snap = None, copy.deepcopy(h)
                    h.sys = Touches()
                    out.append((snap, list(live.values())))
    return tuple(out)


small = st.integers(0, 120)
sizes = st.one_of(small, st.integers(0, 1100), st.integers(0, 300_000))
ops = st.lists(st.one_of(st.tuples(st.just("m"), sizes), st.tuples(st.just("c"), small),
                         st.tuples(st.just("f"), st.integers(0, 999)),
                         st.tuples(st.just("r"), st.integers(0, 999), sizes)),
               max_size=80)
#: a command's requests: mostly its 32- to 64-byte structures, a long word's text
requests = st.lists(st.one_of(small, small, st.integers(0, 1040), st.integers(0, 5000)),
                    min_size=1, max_size=14).map(tuple)


def check(h: Heap, live: list, sizes: tuple, between, fork: bool) -> None:
    """``malloc_many``, ``between``'s calls, ``free_many`` against ``malloc`` and
    ``free`` one by one (the chunks, the arena) and against the one-by-one batch
    path (the same page writes in the same order)."""
    base = copy.deepcopy((h, live))
    heaps = []
    for how in ("batch", "each", "plain"):
        h, live = copy.deepcopy(base)
        h.sys = Touches()
        if fork:
            h.fork(None)                    # the bins shared with a child
        req = Requests(sizes)
        if how == "batch":
            held = h.malloc_many(req)
            chunks = req.chunks(held[0]) if held[0] is not None else held[1]
        elif how == "each":
            chunks = h._malloc_each(sizes)
        else:
            chunks = [h.malloc(n) for n in sizes]
        after_malloc = (list(chunks), arena(h), sorted(h.sys.written))
        apply(h, between, live)
        if how == "batch":
            h.free_many(req, held)
        elif how == "each":
            h._free_each(chunks)
        else:
            for c in reversed(chunks):
                h.free(c)
        heaps.append((h, after_malloc, arena(h), sorted(h.sys.written), h.sys.unmapped))
    (b, b_malloc, b_arena, b_pages, b_unmapped), (e, e_malloc, e_arena, _, e_unmapped), \
        (_, p_malloc, p_arena, _, p_unmapped) = heaps
    assert b_malloc[:2] == e_malloc[:2] == p_malloc[:2]
    assert b_arena == e_arena == p_arena
    assert b.sys.calls == e.sys.calls
    assert b_unmapped == e_unmapped == p_unmapped
    assert b_pages == sorted(e.sys.written)


@settings(max_examples=200, deadline=None)
@given(ops, requests, ops, st.booleans())
@example([("m", 24)] * 9 + [("f", 0)] * 9, (32, 24, 16, 6, 16, 16, 10, 16), [], False)
@example([("m", 24)] * 12 + [("m", 40)] * 3 + [("f", 0)] * 15,
         (32, 24, 16, 5, 16, 16, 3, 16, 48, 16, 23), [("m", 24), ("f", 0)], True)
# a large request first consolidates the fastbins the small ones would take
@example([("m", 24)] * 10 + [("f", 0)] * 10, (1010,) + (24,) * 9, [], False)
# a request the top cannot hold consolidates them too (64 bytes left in the top)
@example([("m", 24)] * 10 + [("m", 134768)] + [("f", 0)] * 10, (40,) + (24,) * 9, [], False)
def test_batch_as_one_by_one_random_arenas(setup, sizes, between, fork):
    h = Heap(Touches(), None, top=0, brk=0)
    live: list = []
    apply(h, setup, live)
    check(h, live, sizes, between, fork)


@settings(max_examples=60, deadline=None)
@given(st.data(), requests, ops)
def test_batch_as_one_by_one_recorded_arenas(data, sizes, between):
    arenas = recorded_arenas()
    h, live = arenas[data.draw(st.integers(0, len(arenas) - 1))]
    check(h, list(live), sizes, between, data.draw(st.booleans()))


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
            copies.append((c, list(pclive)))
        apply(heaps[who][0], calls, heaps[who][1])
        apply(copies[who][0], calls, copies[who][1])
    for (a, alive), (b, blive) in zip(heaps, copies):
        assert alive == blive
        assert {k: v for k, v in arena(a).items() if k != "shared"} == \
            {k: v for k, v in arena(b).items() if k != "shared"}
