"""bash's ``WORD_DESC``/``WORD_LIST`` object caches (shell/wordcache.py) against bash
5.2.15's calls (calibration/malloc-trace/arrays.sh), and the caches' rules."""
from memcgsim.shell import wordcache
from memcgsim.shell.wordcache import CACHE_SIZE, WD, WL

from test_array_heap import model, sections, traced


def test_a_loop_s_words_come_from_the_caches(monkeypatch):
    """bash 5.2.15 makes no 16-byte request for ``: a b c d e`` once its loop runs
    (its cells come back to the caches): each part of the script makes no more
    16-byte requests in the model than in the recording (without the caches the
    loop's six passes alone made 72 more: 2 a word)."""
    want, got = sections(traced()), sections(model(monkeypatch))
    for w, g in zip(want, got):
        assert g.count("m 16") <= w.count("m 16")
    # the loop's passes: its six texts each pass, and 16-byte requests far fewer
    # than the 12 cells a pass's words take
    assert got[0].count("m 2") >= 36 and want[0].count("m 2") >= 36
    assert got[0].count("m 16") < 36 + 12


class _Heap:
    """A heap whose chunks are numbered in the order malloc makes them."""

    def __init__(self):
        self.n = 0
        self.freed = []

    def malloc_many(self, sizes):
        out = []
        for s in sizes:
            self.n += 1
            out.append((self.n * 64, 32 if s <= 24 else 64))
        return out

    def free_many(self, chunks):
        self.freed += chunks[::-1]

    def write_chunks(self, chunks):
        pass


class _Sh:
    def __init__(self):
        self.heap = _Heap()
        self.wdcache, self.wlcache = [], []


def test_cells_taken_last_in_first_out_and_kept_up_to_128():
    """An empty cache: the cells are malloc'd in their places and kept once
    disposed of; the next take reuses them (no malloc for a cell), the texts
    malloc'd and freed; past 128 cells a kind, the rest are freed."""
    sh = _Sh()
    sizes = (WD, 5, WL) * 3
    held = wordcache.take(sh, sizes)
    assert sh.heap.n == 9
    wordcache.give(sh, held)
    assert len(sh.wdcache) == len(sh.wlcache) == 3 and len(sh.heap.freed) == 3
    cells = set(sh.wdcache + sh.wlcache)
    held = wordcache.take(sh, sizes)
    assert sh.heap.n == 12                          # the three texts only
    assert set(held[2] + held[3]) == cells and not sh.wdcache and not sh.wlcache
    wordcache.give(sh, held)
    big = (WD, 3, WL) * (CACHE_SIZE + 10)
    held = wordcache.take(sh, big)
    freed = len(sh.heap.freed)
    wordcache.give(sh, held)
    assert len(sh.wdcache) == len(sh.wlcache) == CACHE_SIZE
    assert len(sh.heap.freed) - freed == (CACHE_SIZE + 10) + 2 * 10
