"""``PcpuChunk.fit_from``: the first fit found past the bounds is the first fit of
the whole free list, whatever the allocations and frees before it (the bounds kept
after every walk here: ``FIT_WALK`` only spares short walks their upkeep)."""
from hypothesis import given, settings, strategies as st

from memcgsim.kernel import percpu
from memcgsim.kernel.percpu import PcpuChunk

SIZES = (8, 8, 16, 24, 40, 64, 128, 1024)
ALIGNS = (8, 16, 64)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.sampled_from(SIZES), st.sampled_from(ALIGNS),
                          st.integers(0, 10 ** 6)), min_size=1, max_size=400))
def test_bounded_first_fit_is_the_first_fit(ops):
    walk, percpu.FIT_WALK = percpu.FIT_WALK, -1
    try:
        _run(ops)
    finally:
        percpu.FIT_WALK = walk


def _run(ops):
    bounded, plain = PcpuChunk(8192), PcpuChunk(8192)
    held = []
    for alloc, size, align, pick in ops:
        if alloc or not held:            # two allocations to a free
            plain.fit_from.clear()             # a walk from the first range
            got = bounded.alloc(size, align)
            assert got == plain.alloc(size, align)
            if got is not None:
                held.append((got, size))
        else:
            off, size = held.pop(pick % len(held))
            bounded.release(off, size)
            plain.release(off, size)
        assert bounded.free == plain.free and bounded.used == plain.used
        assert bounded.nr_empty_pop_pages == plain.nr_empty_pop_pages


def test_a_freed_hole_is_found_again():
    c = PcpuChunk(4096)
    offs = [c.alloc(64, 8) for _ in range(40)]
    for off in offs[0:30:2]:
        c.release(off, 64)                      # 15 holes of 64 below the free tail
    big = c.alloc(128, 8)
    assert big == offs[-1] + 64 and c.fit_from[(128, 8)] == big    # a long walk kept
    c.release(offs[3], 64)                      # 2..4 merge: a hole of 192
    assert c.fit_from[(128, 8)] == offs[2]      # lowered to the merged range
    assert c.alloc(128, 8) == offs[2]
