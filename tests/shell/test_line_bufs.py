"""The parser's kept buffers as a script bash reads its lines (shell/linebufs.py, from
bash 5.2.15's parse.y): grown with the longest line and word so far, from where the
guests' arena has them at the first line (shell/startheap.py GUEST_PARSER_BUFS)."""
from __future__ import annotations

from memcgsim.shell.linebufs import LineBufs, words
from memcgsim.shell.malloc import PAGE, SCRIPT_START, Heap, chunk_size
from memcgsim.shell.startheap import GUEST_PARSER_BUFS, GUEST_SCRIPT_ARENA


class _Pages:
    def touch(self, task, area, first, last) -> None:
        pass


def _arena() -> Heap:
    heap = Heap(_Pages(), None, 15 * PAGE + PAGE // 2, 34 * PAGE)
    heap.script_start(SCRIPT_START["busybox"])
    return heap


def test_words_and_their_quoted_strings():
    """``read_token_word``'s words (comments skipped, operators none) with each
    quoted string's length as ``parse_matched_pair`` reads it (text and closing
    quote)."""
    text = "echo 'abc' \"d e\"f a\\ b # no\nx=$(ls)|wc -l ${#y}; `id`"
    assert words(text) == [(4, ()), (5, (4,)), (6, (4,)), (4, ()), (7, ()), (2, ()), (2, ()), (5, (3,)),
                           (4, (3,))]


def test_lines_no_longer_than_the_first_commands_move_nothing():
    """The guests' first line left the buffers at 256, 93 and 496 bytes: shorter
    lines and words reuse them (a quoted string's buffer from the tcache)."""
    heap = _arena()
    bufs = LineBufs(GUEST_PARSER_BUFS, "echo 'a b c'\nls -l /tmp\n" + "#" * 91 + "\n", 0, [])
    bufs.read(heap, 3)
    assert heap.top == GUEST_SCRIPT_ARENA["top"]
    assert (bufs.line, bufs.prop, bufs.token) == ((62880, 272), (67232, 112), (63152, 512))


def test_a_longer_line_moves_the_buffers_and_the_top():
    """A 600-byte line: ``shell_input_line`` grown to 768 (256 at a time), its
    properties to 601 then 602, the 598-byte quoted word read into a buffer grown 64
    bytes at a time and the token buffer grown to 1008: each moved past the top
    (their next chunks are in use), the old chunks left free."""
    heap = _arena()
    bufs = LineBufs(GUEST_PARSER_BUFS, "'" + "x" * 598 + "'\n", 0, [])
    bufs.read(heap, 1)
    assert (bufs.line_size, bufs.prop_size, bufs.token_size) == (768, 602, 1008)
    assert bufs.line[1] == chunk_size(768) and bufs.token[1] == chunk_size(1008)
    assert min(bufs.line[0], bufs.prop[0], bufs.token[0]) >= GUEST_SCRIPT_ARENA["top"]
    assert heap.top >= GUEST_SCRIPT_ARENA["top"] + chunk_size(768) + chunk_size(602) \
        + chunk_size(1008)
    assert 62880 in heap.tcache[(272 - 32) >> 4]        # the old line buffer



def test_a_later_lines_buffer_grows_after_the_earlier_lines_words():
    """parse.y reads a command's lines as its words need them (``shell_getc``) and
    makes each word (``make_word``) once read: a two-line command's 200-byte word
    on its first line is copied before its 300-byte second line grows
    ``shell_input_line``, so the grown buffer lies above that word's text."""
    from memcgsim.shell.wordcache import WD, WL, take_parsed

    class _Sh:
        wdcache: list = []
        wlcache: list = []

    sh = _Sh()
    sh.heap = heap = _arena()
    text = "echo " + "a" * 200 + " \\\n" + "b" * 300 + "\n"
    bufs = LineBufs(GUEST_PARSER_BUFS, text, 0, [])
    feed = bufs.feed(heap, 2)
    chunks, marks, _, _ = take_parsed(sh, (WD, 5, WL, WD, 201, WL, WD, 301, WL), feed.word)
    feed.finish()
    first = next(c for c, k in zip(chunks, marks) if not k and c[1] == chunk_size(201))
    assert bufs.line_size == 512 and bufs.line[0] > first[0]
