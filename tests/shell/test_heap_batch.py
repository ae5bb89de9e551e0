"""``Heap.malloc_many`` and ``Heap.free_many`` (a command's structures, shell/nodes.py
``Simple.run``), whose paths beyond the tcache are written out (bench/README.md,
session 20), against the batches as they were: the tcache served inline, every other
request through ``malloc``/``free`` with the page writes deferred. The same chunks,
arena and page writes, in the same order."""
from hypothesis import example, given, settings
from hypothesis import strategies as st

from memcgsim.shell.malloc import HEAP, MINSIZE, PAGE, TCACHE_BINS, TCACHE_COUNT, Heap

from test_heap_fork import apply, arena, ops


class Log:
    """A SysAPI stand-in recording every write and unmap in order."""

    def __init__(self):
        self.calls = []

    def touch(self, task, area, first, last):
        self.calls.append(("touch", area, first, last))

    def munmap(self, task, area, first=0, last=None):
        self.calls.append(("munmap", area, first, last))

    def mmap_anon(self, task, area, nbytes):
        self.calls.append(("mmap", area, nbytes))


def write_pages(h: Heap, pages: set) -> None:
    """Each page written, in order (a write fault each)."""
    for pg in sorted(pages):
        h.sys.touch(h.task, HEAP, pg, pg)


def batch_malloc(h: Heap, sizes) -> list:
    """The batch of session 19: tcache hits inline, the rest ``malloc``."""
    if h.shared:
        h._own()
    pages: set = set()
    h.deferred = pages
    out = []
    hit = False
    try:
        for n in sizes:
            nb = (n + 23) & -16 if n > 8 else MINSIZE
            tc = h.tcache.get((nb - MINSIZE) >> 4)
            if tc:
                p = tc.pop()
                hit = True
                out.append((p, nb))
                pages.add((p + 8) >> 12)
                pages.add((p + 15 + n) >> 12)
            else:
                out.append(h.malloc(n))
    finally:
        h.deferred = None
    if hit and h.tc_fork:
        h._tcache_write()
    write_pages(h, pages)
    return out


def batch_free(h: Heap, chunks) -> None:
    """The batch of session 19: tcache puts inline, the rest ``free``."""
    if h.shared:
        h._own()
    pages: set = set()
    h.deferred = pages
    hit = False
    try:
        for c in reversed(chunks):
            p, nb = c
            i = (nb - MINSIZE) >> 4
            if p >= 0 and i < TCACHE_BINS:
                tc = h.tcache.get(i)
                if tc is None:
                    tc = h.tcache[i] = []
                if len(tc) < TCACHE_COUNT:
                    tc.append(p)
                    hit = True
                    pages.add((p + 16) // PAGE)
                    continue
            h.free(c)
    finally:
        h.deferred = None
    if hit and h.tc_fork:
        h._tcache_write()
    write_pages(h, pages)


#: a command's requests: mostly small, as a command's words (8 to 11 of 32 and 48
#: bytes in the seed: the tcache bin runs dry, the rest from the fastbins or the top)
command = st.lists(st.one_of(st.integers(0, 24), st.integers(0, 24), st.integers(0, 120),
                             st.integers(0, 1100), st.integers(0, 200_000)), max_size=14)


#: the seed's loop's commands of 11 requests: 9 of bin 0, two of them past its 7
#: tcache chunks (from the fastbin the previous command's free filled)
SEED_11 = [32, 24, 16, 5, 16, 16, 3, 16, 48, 16, 23]


@settings(max_examples=80, deadline=None)
@given(ops, st.lists(st.tuples(command, st.booleans(), st.booleans(), ops), max_size=12))
@example([], [(SEED_11, False, False, []), (SEED_11, True, False, []),
              (SEED_11, False, False, []), (SEED_11 * 2, True, False, [])])
def test_batches_as_one_by_one(setup, commands):
    """Random arenas (random calls), then commands: a batch of requests, calls
    between, the batch freed; sometimes a fork first (the bins shared, the tcache's
    page to write again). The seed's commands as an explicit example (the fastbin
    serving a command the tcache bin ran dry for)."""
    heaps = []
    for _ in range(2):
        h = Heap(Log(), None, top=0, brk=0)
        live: list = []
        apply(h, setup, live)
        heaps.append((h, live))
    (a, alive), (b, blive) = heaps
    for sizes, fork, keep, calls in commands:
        if fork:
            a, b = a.fork(None), b.fork(None)
            a.use_sys(Log())
            b.use_sys(Log())
            alive, blive = list(alive), list(blive)
        got_a = a.malloc_many(tuple(sizes))
        got_b = batch_malloc(b, tuple(sizes))
        assert got_a == got_b
        apply(a, calls, alive)
        apply(b, calls, blive)
        if keep:
            alive += got_a
            blive += got_b
        else:
            a.free_many(got_a)
            batch_free(b, got_b)
        assert a.sys.calls == b.sys.calls
        assert alive == blive
        assert arena(a) == arena(b)
