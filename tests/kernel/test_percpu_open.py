"""``Percpu.open_chunks``: an allocation passes over the chunks it may skip (their
largest free range under its size) without walking them, and finds the chunk and
offset a walk over every chunk finds, whatever the allocations, frees and balance
work before it (bench/README.md, session 43: the churn's walk over every chunk the
dying memcgs filled)."""
import random

import pytest

from memcgsim import Kernel
from memcgsim.kernel import percpu
from memcgsim.kernel.percpu import PAGE_SIZE, TO_DEPOPULATE

#: sizes up to 8 pages: a 64-page unit (8 CPUs) fills after a few dozen
SIZES = (8, 148, 296, 2200, PAGE_SIZE, 3 * PAGE_SIZE, 8 * PAGE_SIZE, 12 * PAGE_SIZE)


def _check_bounds(pc):
    """Every chunk before a bound is one a search for its size passes over, and the
    empty populated pages counted from the open chunks are every chunk's."""
    lists = ((pc.chunks, pc.bounds), (pc.memcg_chunks, pc.memcg_bounds))
    for chunks, b in lists:
        assert all(c.bounds is b for c in chunks)
        for size, (seq, _) in b.by_size.items():
            assert seq <= b.top
            for c in chunks:
                if c.seq < seq:
                    assert c.contig_hint < size or c.isolated == TO_DEPOPULATE
    for chunks, _ in lists:
        assert pc.nr_empty_pop_pages(chunks) == sum(c.nr_empty_pop_pages for c in chunks
                                                    if not c.isolated)


@pytest.fixture
def no_walk(monkeypatch):
    """Every search from the open chunks, however few the chunks (``OPEN_WALK``)."""
    monkeypatch.setattr(percpu, "OPEN_WALK", 0)


@pytest.mark.parametrize("design,seed", [("5.13", 1), ("6.1", 2), ("5.10", 3)])
def test_the_open_chunks_give_every_chunks_first_fit(design, seed, no_walk):
    """Two models, the same allocations and frees: one keeps its bounds, the other
    forgets them before each (its searches walk from the first chunk): the same
    chunk (by place) and offset each time, the same chunks in the end."""
    rng = random.Random(seed)
    ks = [Kernel(design=design, cgroup="v2", nr_cpus=8, init="busybox") for _ in range(2)]
    held: list[list] = [[], []]
    for step in range(700):
        op = rng.random()
        size, memcg = rng.choice(SIZES), rng.random() < 0.5
        pick = rng.randrange(1 << 30)
        got = []
        for n, k in enumerate(ks):
            pc = k.percpu
            if n:
                for b in (pc.bounds, pc.memcg_bounds):
                    b.by_size.clear()
                    b.top = 0
            if op < 0.7 or not held[n]:
                chunk, off, sz = pc.pcpu_alloc(size, 8, memcg)
                held[n].append((chunk, off, sz))
                chunks = pc.memcg_chunks if memcg else pc.chunks
                got.append((chunks.index(chunk), off, sz))
            elif op < 0.97:
                chunk, off, sz = held[n].pop(pick % len(held[n]))
                pc.free_percpu(chunk, off, sz)
            else:
                k.advance(0.5)          # the balance work: populate, free, depopulate
            if not n:
                _check_bounds(pc)
        assert not got or got[0] == got[1], step
    a, b = (k.percpu for k in ks)
    for la, lb in ((a.chunks, b.chunks), (a.memcg_chunks, b.memcg_chunks)):
        assert [(c.free, c.populated, c.isolated) for c in la] == \
            [(c.free, c.populated, c.isolated) for c in lb]
    assert len(a.memcg_chunks) > 3 and len(a.chunks) > 3 and a.nr_populated == b.nr_populated
    assert PAGE_SIZE in a.bounds.by_size and PAGE_SIZE in a.memcg_bounds.by_size


def test_a_freed_area_reopens_its_chunk(no_walk):
    """Chunks filled by areas of 2200 bytes are passed over by the next; a free in
    the first of them brings it back: the next area of that size goes there."""
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=8, init="busybox")
    pc = k.percpu
    areas = [pc.pcpu_alloc(2200, 8, True) for _ in range(500)]
    chunks = pc.memcg_chunks
    assert len(chunks) >= 4
    tail = pc.open_chunks(chunks, 2200)
    assert tail == chunks[-1:] and pc.memcg_bounds.by_size[2200] == (chunks[-1].seq, len(chunks) - 1)
    first, off, size = next(a for a in areas if a[0] is chunks[0])
    pc.free_percpu(first, off, size)
    assert pc.memcg_bounds.by_size[2200][0] == chunks[0].seq
    assert pc.pcpu_alloc(2200, 8, True)[:2] == (first, off)


def test_a_free_in_one_list_leaves_the_others_bounds(no_walk):
    """5.13's unaccounted and memcg chunks are two lists: a free in an unaccounted
    chunk made before the memcg chunks moves no memcg bound back (the churn's tasks
    free their 8- and 32-byte areas in the boot's chunk at every lifecycle)."""
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=8, init="busybox")
    pc = k.percpu
    small = pc.pcpu_alloc(8, 8, False)
    for _ in range(500):
        pc.pcpu_alloc(2200, 8, True)
    bound = pc.memcg_bounds.by_size[2200]
    assert small[0].seq < bound[0] and small[0].bounds is pc.bounds
    pc.free_percpu(*small)
    assert pc.memcg_bounds.by_size[2200] == bound
