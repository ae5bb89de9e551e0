"""The script bash's arena as its first line runs (shell/startheap.py, read from both
guests by calibration/bash-heap-arena.sh): its first requests are served by the free
chunks below the top, as glibc's tcache and bins serve them."""
from __future__ import annotations

from memcgsim.shell.malloc import PAGE, Heap, SCRIPT_START
from memcgsim.shell.startheap import GUEST_SCRIPT_ARENA


class _Pages:
    """A SysAPI stand-in that records the heap pages written."""

    def __init__(self) -> None:
        self.pages: list[int] = []

    def touch(self, task, area, first, last) -> None:
        self.pages.extend(range(first, last + 1))


def _arena() -> tuple[Heap, _Pages]:
    sys = _Pages()
    heap = Heap(sys, None, 15 * PAGE + PAGE // 2, 34 * PAGE)
    heap.script_start(SCRIPT_START["busybox"])
    return heap, sys


def test_the_first_line_has_written_every_page_up_to_the_top_chunk():
    """Pages 15-18 written past the start-up's 0-15 (19 pages in all, as the guests'
    smaps show at the first line); the top chunk at page 18.5."""
    heap, sys = _arena()
    assert sorted(set(sys.pages)) == [15, 16, 17, 18]
    assert heap.top == GUEST_SCRIPT_ARENA["top"] and heap.top // PAGE == 18
    assert heap.brk == 34 * PAGE


def test_the_first_requests_come_from_the_tcache_the_fastbin_and_the_small_bin():
    """A 24-byte request takes the tcache's first 32-byte chunk (page 15), a 120-byte
    one (a 128-byte chunk) the tcache's, and once a size's tcache bin is empty the
    fastbin (32) and then the small bin 8 (the 128-byte chunk at 0xfc00) serve it:
    none reaches the top."""
    heap, _ = _arena()
    t32 = GUEST_SCRIPT_ARENA["tcache"][32]
    assert [heap.malloc(24)[0] for _ in t32] == t32
    fast = GUEST_SCRIPT_ARENA["fastbins"][32]
    assert heap.malloc(24)[0] == fast[0]
    t128 = GUEST_SCRIPT_ARENA["tcache"][128]
    assert [heap.malloc(120)[0] for _ in t128] == t128
    (p, size), = GUEST_SCRIPT_ARENA["bins"][8]
    assert heap.malloc(120) == (p, size)
    assert heap.top == GUEST_SCRIPT_ARENA["top"]
