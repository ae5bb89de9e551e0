"""glibc's allocator (shell/malloc.py) against bash 5.2.15's own calls, and bash's
allocations for an assignment's expansion (shell/bashmem.py)."""
import gzip
from pathlib import Path

import pytest

from memcgsim.shell.bashmem import sub_append_size
from memcgsim.shell.malloc import MAX_FAST, TCACHE_COUNT, Heap, chunk_size

REC = Path(__file__).resolve().parents[2] / "calibration" / "recordings"


class Pages:
    """A SysAPI stand-in: the heap pages written, the pages unmapped."""

    def __init__(self):
        self.written = set()
        self.unmapped = []

    def touch(self, task, area, first, last):
        if area == "[heap]":
            self.written.update(range(first, last + 1))

    def munmap(self, task, area, first=0, last=None):
        self.unmapped.append((area, first, last))


def misplaced(chunk, off):
    """The model's chunk is not where glibc put it (an mmap'd chunk: anywhere past
    the heap)."""
    return chunk[0] + 16 != off if off < 1 << 40 else chunk[0] >= 0


def replay(name):
    """Every call of the recording replayed from an empty arena: the offsets glibc
    returned that the model's arena does not (none), and the arena."""
    h = Heap(Pages(), None, top=0, brk=0)
    h._int_malloc(chunk_size(640))      # tcache_init's tcache_perthread_struct
    live, wrong, heaps = {}, 0, []
    with gzip.open(REC / name, "rt") as f:
        for line in f:
            t = line.split()
            if t[0] == "#":
                for w in t[1:]:
                    lo, _, hi = w.partition("-")
                    if hi and all(x in "0123456789abcdef" for x in lo + hi):
                        heaps.append((int(hi, 16) - int(lo, 16)) // 4096)
                continue
            if t[0] in "mc":
                c = (h.malloc if t[0] == "m" else h.calloc)(int(t[1]))
                live[int(t[2])] = c
                wrong += misplaced(c, int(t[2]))
            elif t[0] == "f":
                h.free(live.pop(int(t[1])))
            else:
                c = h.realloc(None if t[1] == "-" else live.pop(int(t[1])), int(t[2]))
                live[int(t[3])] = c
                wrong += misplaced(c, int(t[3]))
    return wrong, h, heaps


@pytest.mark.parametrize("name,calls", [("bash-malloc--append.txt.gz", 13225),
                                        ("bash-malloc--strings.txt.gz", 2733)])
def test_every_chunk_where_glibc_put_it(name, calls):
    """calibration/bash-malloc-trace.sh: the string append of proc-shell-pages (13225
    calls) and fault-shell-strings' 300000-byte values (2733): every chunk at glibc's
    offset, and the heap's end where the kernel had it (65 pages; 50 after the last
    unset)."""
    wrong, h, heaps = replay(name)
    assert wrong == 0
    assert h.brk // 4096 == heaps[-1]


def test_tcache_then_fastbins_last_in_first_out():
    h = Heap(Pages(), None, top=0, brk=0)
    a = [h.malloc(24) for _ in range(TCACHE_COUNT + 2)]
    for c in a:
        h.free(c)
    # the first 7 in the tcache, the next 2 in a fastbin (32 <= MAX_FAST)
    assert chunk_size(24) <= MAX_FAST and len(h.fastbins[0]) == 2
    assert h.malloc(24) == a[TCACHE_COUNT - 1]          # tcache_get: the last put
    assert h.top == (TCACHE_COUNT + 2) * 32             # nothing coalesced


def test_a_free_trims_the_top_past_the_threshold():
    pages = Pages()
    h = Heap(pages, None, top=0, brk=0)
    small = h.malloc(100)
    assert h.brk == 33 * 4096                           # 112 + 128 KiB + 32, paged
    c = h.malloc(100000)                                # from the top
    d = h.malloc(100000)                                # sbrk: its size + 128 KiB
    assert (c[0], d[0], h.brk) == (small[1], small[1] + c[1], 81 * 4096)
    h.free(d)                                           # into the top, trimmed to
    assert h.top == d[0] and pages.unmapped == [("[heap]", 57, 80)]   # 128 KiB + 32
    h.free(c)
    assert h.top == small[1] and h.brk == 33 * 4096


def test_a_freed_mapped_chunk_raises_the_thresholds():
    pages = Pages()
    h = Heap(pages, None, top=0, brk=0)
    big = h.malloc(200000)
    assert big[0] < 0                                   # >= 128 KiB: mmap'd
    h.free(big)
    assert h.mmap_threshold == big[1] and h.trim_threshold == 2 * big[1]
    big = h.malloc(200000)                              # a heap chunk now
    assert big[0] >= 0
    h.free(big)                                         # merged into the top, kept:
    assert pages.unmapped == [("[mmap 1]", 0, None)]    # below the raised threshold


def test_realloc_grows_into_the_top_in_place():
    h = Heap(Pages(), None, top=0, brk=0)
    c = h.malloc(112)
    c2 = h.realloc(c, 10112)
    assert c2[0] == c[0] and h.top == c2[0] + c2[1]


class Writes:
    """A SysAPI stand-in: each write, in order."""

    def __init__(self):
        self.calls = []

    def touch(self, task, area, first, last):
        self.calls.append((area, first, last))


def test_comsub_buffer_writes_each_byte_read_once():
    # subst.c read_comsub writes each byte at istring_index; _int_realloc in place and
    # mremap_chunk copy nothing: a resize writes the size field and the bytes past
    # those read (not the buffer again from its start)
    from memcgsim.shell.bashmem import ComsubBuf
    w = Writes()
    h = Heap(w, None, top=0, brk=0)
    buf = ComsubBuf(h)
    buf.grow(4096)
    w.calls.clear()
    assert buf.grow(3 * 4096) == (0, 12816)             # in place into the top
    assert w.calls == [("[heap]", 3, 3), ("[heap]", 0, 0), ("[heap]", 1, 3)]
    buf.grow(300000)                                    # moved to a mapping on the way
    assert buf.chunk == (-1, 303104)
    w.calls.clear()
    buf.grow(300000 + 512)                              # one mremap_chunk
    assert w.calls == [("[mmap 1]", 0, 0), ("[mmap 1]", 73, 73)]


def test_sub_append_string_rounds_to_128():
    # subst.c sub_append_string: n = srclen + indx; n + 128 - n % 128 when it
    # does not fit (bash's realloc of istring to 10112 for a 10000-byte copy)
    assert sub_append_size(112, 0, 10000) == 10112
    assert sub_append_size(10112, 10000, 50) == 10112
    assert sub_append_size(6272, 6200, 100) == 6400


def test_printf_v_buffer_kept_to_4096_then_freed():
    # builtins/printf.def: vbuf = xmalloc (vbsize = 16) at the first -v; vbprintf grows
    # it to ((nlen + 63) >> 6) << 6 when nlen = len + 1 >= vbsize; PRETURN frees it
    # past 4096 bytes, else keeps it
    from types import SimpleNamespace
    from memcgsim.shell.bashmem import printf_return, printf_vbuf
    sh = SimpleNamespace(heap=Heap(Pages(), None, top=0, brk=0), printf_vbuf=None)
    vb = printf_vbuf(sh, 15)
    assert vb[1] == 64 and sh.printf_vbuf == vb          # 16 >= 16: grown
    printf_return(sh, vb)
    assert sh.printf_vbuf == vb                          # kept
    assert printf_vbuf(sh, 10)[1] == 64                  # fits: unchanged
    vb = printf_vbuf(sh, 5000)
    assert vb[1] == 5056
    printf_return(sh, vb)
    assert sh.printf_vbuf is None                        # > 4096: freed
    vb = printf_vbuf(sh, 300000)
    assert vb[0][0] < 0 and vb[1] == 300032              # past the mmap threshold: mapped
def test_the_tcache_writes_the_heaps_first_page():
    # tcache_perthread_struct is the arena's first chunk: after a fork the first put
    # or get, far up the heap, writes page 0 too (the guests' bash copied it into the
    # scope it forked in in 179 of 200 iterations: calibration/recordings/
    # nested-scope-iter--6.1-v2.txt); later ones find it the process's own
    pages = Pages()
    h = Heap(pages, None, top=20 * 4096, brk=60 * 4096)
    c = h.malloc(100)
    h.forked()
    h.free(c)                                           # tcache_put
    assert pages.written == {0, 20}
    pages.written.clear()
    assert h.malloc(100) == c and pages.written == {20}         # no fork since
    h.free(c)
    h.forked()
    pages.written.clear()
    assert h.malloc_many((100, 2000))[0] == c and 0 in pages.written  # tcache_get
    h.forked()
    pages.written.clear()
    big = h.malloc(2000)                                # past the tcache: no page 0
    assert 0 not in pages.written and big[0] > c[0]
