"""The buffers bash 5.2's parser keeps while it reads a script: the input line, its
byte properties and the token buffer, each grown with the longest line or word so
far, and the buffer each quoted string is read into.

bash reads its script a line at a time (parse.y ``shell_getc``) into
``shell_input_line``, a buffer it keeps from line to line, grown 256 bytes at a time
while the line does not fit with two bytes to spare (``RESIZE_MALLOCED_BUFFER
(shell_input_line, i, 2, shell_input_line_size, 256)``), then by two more for the
newline it appends when ``len + 3 > size`` (``xrealloc (shell_input_line, 1 +
(shell_input_line_size += 2))``); freed only once 32768 bytes or more.
``set_line_mbstate`` keeps ``shell_input_line_property`` at the line's length plus
one (``xrealloc`` when a longer line comes) and ``EXTEND_SHELL_INPUT_LINE_PROPERTY``
at plus two after the newline. ``read_token_word`` copies each word into ``token``
(``TOKEN_DEFAULT_INITIAL_SIZE`` 496 at the first word, grown by
``TOKEN_DEFAULT_GROW_SIZE`` 512 while ``token_index + room >= token_buffer_size``),
and a quoted string (``shellquote``: ``'``, ``"``, a backquote) is first read by
``parse_matched_pair`` into a buffer of its own (``xmalloc (retsize = 64)``, grown
64 bytes at a time, ``RESIZE_MALLOCED_BUFFER (ret, retind, 1, retsize, 64)``),
copied into ``token`` (room ``ttoklen + 2``) and freed (bash 5.2.15 parse.y
``shell_getc``, ``set_line_mbstate``, ``read_token_word``, ``parse_matched_pair``).
Each ``xrealloc`` is glibc's (shell/malloc.py ``Heap.realloc``): a buffer whose next
chunk is in use moves to a chunk ``_int_malloc`` finds, often the top, and the one it
leaves goes to the tcache: a longer line than any before moves the arena's top.

Where the three kept buffers are at the script's first line, and their sizes, was
read from the guests' arena (shell/startheap.py ``GUEST_PARSER_BUFS``). Not
modelled: the order of these calls among the tree's own (shell/parsetree.py: the
lines' buffers are grown before the command's tree is made, bash interleaves them
word by word), a ``$(...)``'s or ``${...}``'s own parse inside a word (counted in the
word), a ``bash -c`` string's or a sourced file's lines (``parse_and_execute``'s
string input).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .malloc import Heap

#: parse.y ``shell_getc``: ``shell_input_line`` grows by this
INPUT_LINE_GROW = 256
#: ``shell_getc``: a line buffer this large is freed before the next line is read
INPUT_LINE_MAX = 32768
#: parse.y ``TOKEN_DEFAULT_INITIAL_SIZE``, ``TOKEN_DEFAULT_GROW_SIZE``
TOKEN_DEFAULT_INITIAL_SIZE = 496
TOKEN_DEFAULT_GROW_SIZE = 512
#: ``parse_matched_pair``'s first buffer and its growth
MATCHED_PAIR_SIZE = 64
#: parse.y ``shellbreak``: the characters that end an unquoted word
_BREAK = frozenset("()<>;&| \t\n")
_QUOTES = frozenset("'\"`")
_OPEN = {"(": ")", "{": "}", "[": "]"}


def _grow(size: int, need: int, step: int) -> int:
    """``RESIZE_MALLOCED_BUFFER``: ``size`` grown by ``step`` until ``need < size``."""
    while need >= size:
        size += step
    return size


def words(text: str) -> list[tuple[int, tuple[int, ...]]]:
    """:func:`word_spans` without the spans."""
    return [(length, quoted) for length, quoted, _, _ in word_spans(text)]


def word_spans(text: str) -> list[tuple[int, tuple[int, ...], int, int]]:
    """The words ``read_token_word`` reads from ``text`` (lines of a script, here-
    document bodies left out): each word's length in the token buffer and the length
    of each quoted string in it (``parse_matched_pair``'s text: the quotes' contents
    and the closing quote; a ``${...}``'s or ``$[...]``'s text and closing bracket).
    Comments are skipped; operators are no words. Each word with its start and end
    offsets in ``text``."""
    out: list[tuple[int, tuple[int, ...], int, int]] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\n" or c in "()<>;&|":
            i += 1
            continue
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        start, quoted = i, []
        while i < n:
            c = text[i]
            if c == "\\":
                i += 2
                continue
            if c == "$" and i + 1 < n and text[i + 1] in _OPEN:
                # $(...) (parse_comsub, its own parse not modelled: in the word),
                # ${...} and $[...] (parse_matched_pair: a buffer of their own)
                o = text[i + 1]
                close, depth, j = _OPEN[o], 1, i + 2
                while j < n and depth:
                    depth += (text[j] == o) - (text[j] == close)
                    j += 1
                if o != "(":
                    quoted.append(j - i - 2)
                i = j
                continue
            if c in _QUOTES:
                j = i + 1
                while j < n and text[j] != c:
                    j += 2 if c != "'" and text[j] == "\\" else 1
                quoted.append(min(j, n - 1) - i)       # its text and closing quote
                i = j + 1
                continue
            if c in _BREAK:
                break
            i += 1
        out.append((min(i, n) - start, tuple(quoted), start, min(i, n)))
    return out


class LineBufs:
    """The parser's kept buffers of one bash reading a script: each as (chunk, size
    asked), ``None`` until first made; ``read`` grows them for the next lines."""
    __slots__ = ("line", "line_size", "prop", "prop_size", "token", "token_size", "lines",
                 "bodies", "done")

    def __init__(self, start: dict, text: str, prefix: int, bodies: list[tuple[int, int]]
                 ) -> None:
        self.line, self.line_size = start["input_line"]
        self.prop, self.prop_size = start["property"]
        self.token, self.token_size = start["token"]
        lines = text.split("\n")
        if lines and lines[-1] == "":
            lines.pop()
        #: each line's length in bytes (the guest's own words before the first:
        #: ``prefix``) and its text
        self.lines = [(len(s.encode("utf-8", "surrogateescape")) + (prefix if k == 0 else 0), s)
                      for k, s in enumerate(lines)]
        #: here-document bodies as (first, last) line numbers, 1-based
        self.bodies = bodies
        #: the lines read so far
        self.done = 0

    def read(self, heap: "Heap", through: int) -> None:
        """The parser reads on through line ``through`` (1-based): each line into
        ``shell_input_line`` and its properties, each word of the lines outside
        here-document bodies into ``token``, each quoted string first into
        ``parse_matched_pair``'s buffer (all of them, before the command's tree)."""
        self.feed(heap, through).finish()

    def feed(self, heap: "Heap", through: int) -> "Feed":
        """A :class:`Feed` of the lines after those read so far through line
        ``through``: the calls bash's parser makes for them, word by word, as the
        command's tree is made (:func:`memcgsim.shell.wordcache.take`'s
        ``before_word``)."""
        first = self.done
        last = min(through, len(self.lines))
        self.done = max(first, last)
        code: list[str] = []
        line_at: list[tuple[int, int]] = []     # (offset in code, line index)
        off = 0
        for k in range(first, last):
            s = self.lines[k][1]
            if not any(a <= k + 1 <= b for a, b in self.bodies):
                line_at.append((off, k))
                code.append(s)
                off += len(s) + 1
        text = "\n".join(code)
        events: list[tuple] = []
        j = 0
        for length, quoted, start, end in word_spans(text):
            # shell_getc reads a line when the word (its end) needs it
            while j < len(line_at) and line_at[j][0] <= max(start, end - 1):
                events.append((LINE, line_at[j][1]))
                j += 1
            events.append((WORD, length, quoted, text[start:end] in RESERVED))
        events += [(LINE, k) for _, k in line_at[j:]]
        # the here-documents' body lines are read too (their sizes grown), after
        # the line that names them: kept in line order at the end
        body = [(LINE, k) for k in range(first, last)
                if any(a <= k + 1 <= b for a, b in self.bodies)]
        return Feed(self, heap, events + body)

    def _token(self, heap: "Heap", length: int) -> None:
        """``read_token_word``'s ``token`` for a word of ``length`` bytes."""
        if self.token_size < TOKEN_DEFAULT_INITIAL_SIZE:
            self.token_size = TOKEN_DEFAULT_INITIAL_SIZE
            self.token = heap.realloc(self.token, TOKEN_DEFAULT_INITIAL_SIZE, 0)
        size = _grow(self.token_size, length + 1, TOKEN_DEFAULT_GROW_SIZE)
        if size != self.token_size:
            self.token_size = size
            self.token = heap.realloc(self.token, size, length, kept=0)

    def _line(self, heap: "Heap", n: int) -> None:
        """``shell_getc`` of a line of ``n`` bytes (its newline not counted)."""
        if self.line is not None and self.line_size >= INPUT_LINE_MAX:
            heap.free(self.line)
            self.line, self.line_size = None, 0
        size = _grow(self.line_size, n + 2, INPUT_LINE_GROW)
        if size != self.line_size or self.line is None:
            self.line_size = size
            self.line = heap.realloc(self.line, size, n)
        if n + 3 > self.line_size:
            self.line_size += 2
            self.line = heap.realloc(self.line, self.line_size + 1, n + 2)
        if n and n + 1 > self.prop_size:                # set_line_mbstate
            self.prop_size = n + 1
            self.prop = heap.realloc(self.prop, n + 1)
        if n + 2 > self.prop_size:                      # EXTEND_SHELL_INPUT_LINE_PROPERTY
            self.prop_size = n + 2
            self.prop = heap.realloc(self.prop, n + 2)

    @staticmethod
    def _matched_pair(heap: "Heap", n: int, word: int) -> None:
        """``parse_matched_pair`` of a quoted string of ``n`` bytes: its buffer grown
        64 bytes at a time as it is read, then freed once copied into the token."""
        size = MATCHED_PAIR_SIZE
        buf = heap.malloc(size, 0)
        need = _grow(size, n + 1, MATCHED_PAIR_SIZE)
        while size < need:
            size += MATCHED_PAIR_SIZE
            buf = heap.realloc(buf, size, size - MATCHED_PAIR_SIZE - 1)
        heap.free(buf)


#: a :class:`Feed` event: a line read (``shell_getc``), a word read (``read_token_word``)
LINE = 0
WORD = 1
#: parse.y's reserved words (``word_token_alist``) and ``[[``/``]]``: read by
#: ``read_token_word`` as words are, made no ``WORD_DESC``
RESERVED = frozenset(("if", "then", "else", "elif", "fi", "case", "esac", "for", "select",
                      "while", "until", "do", "done", "in", "function", "time", "{", "}", "!",
                      "[[", "]]", "coproc"))


class Feed:
    """The parser's buffer calls for one command's lines, in bash's order: a line's
    (``shell_getc``) when a word needs it, each word's (its quoted strings'
    ``parse_matched_pair`` buffers, then ``token``) before the ``WORD_DESC`` made of
    it (parse.y ``read_token_word``: ``make_word`` once the word is read). The
    reserved words are read the same way and make no ``WORD_DESC``: their calls go
    with the next word's."""
    __slots__ = ("bufs", "heap", "events", "at")

    def __init__(self, bufs: LineBufs, heap: "Heap", events: list) -> None:
        self.bufs = bufs
        self.heap = heap
        self.events = events
        self.at = 0

    def word(self) -> None:
        """The calls through the next word that makes a ``WORD_DESC``."""
        ev, bufs, heap = self.events, self.bufs, self.heap
        while self.at < len(ev):
            e = ev[self.at]
            self.at += 1
            if e[0] == LINE:
                bufs._line(heap, bufs.lines[e[1]][0])
                continue
            _, length, quoted, reserved = e
            for q in quoted:
                bufs._matched_pair(heap, q, length)
            bufs._token(heap, length)
            if not reserved:
                return

    def finish(self) -> None:
        """The calls left once the tree is made (the command's last lines and words)."""
        while self.at < len(self.events):
            self.word()
