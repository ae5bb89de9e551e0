"""Text filters: head, tail, wc, cut, tr, sort, uniq.

All work on bytes (C locale). ``tail`` and ``sort`` hold their input in memory,
so they charge it as anon memory (:class:`AnonHold`): ``head -c 100M /dev/zero |
tail`` allocates ~100 MiB in tail's memcg, and an OOM kill lands partway.
"""
from __future__ import annotations

import math
import itertools
from hashlib import md5
import re
import stat as S
from collections import deque
from functools import cmp_to_key
from typing import TYPE_CHECKING

from ..context import Sleep
from ..jobs import charge_io, spin_until_killed
from .filevercmp import Version
from ..malloc import chunk_size
from .userland import BKM_SUFFIXES, bb_number, quirk, report, userland
from ._util import (GNU_BUFSIZ, LINE_BUFFER_MIN, READ_SIZE, STDIO_BUF, AnonHold, HeldFiles, LineBuffer, Out,
                    UsageError, command, discards, err, getopt, longest_line, open_input, reads_forever,
                    parse_size, raw_write, split_lines, strerror)

if TYPE_CHECKING:
    from ..context import CommandContext

_OBSOLETE_NUM = re.compile(r"[-+](\d+)([bkmcl]?)(f?)")


def _header(out, name: str, first: bool) -> None:
    shown = "standard input" if name == "-" else name
    out.write(("" if first else "\n").encode() + f"==> {shown} <==\n".encode("utf-8", "surrogateescape"))


# --- head -----------------------------------------------------------------------------

def _count(ctx: "CommandContext", s: str) -> int:
    """A head/tail count: GNU ``parse_size``, or busybox's ``xatoul_sfx`` with
    ``bkm_suffixes`` (``32m``, not ``32M``)."""
    return bb_number(s, BKM_SUFFIXES) if quirk(ctx, "size.bkm") else parse_size(s)


@command("head", usage="[OPTION]... [FILE]...")
def cmd_head(ctx: "CommandContext") -> int:
    """``head [-n [-]N] [-c [-]SIZE] [-N] [-qv] [FILE]...``."""
    args = ctx.argv[1:]
    if args and (m := re.fullmatch(r"-(\d+)([bkmcl]?)", args[0])):
        unit = m.group(2)
        args = [("-c" if unit in "bkmc" and unit else "-n"),
                m.group(1) + ({"b": "b", "k": "K", "m": "M"}.get(unit, ""))] + args[1:]
    opts, files = getopt(args, "n:c:qvz", {"lines=": "n", "bytes=": "c", "quiet": "q",
                                           "silent": "q", "verbose": "v", "zero-terminated": "z"})
    mode, count_s, headers = "n", "10", None
    for o, v in opts:
        if o in "nc":
            mode, count_s = o, v
        elif o == "q":
            headers = False
        elif o == "v":
            headers = True
    allbut = count_s.startswith("-")
    try:
        count = _count(ctx, count_s.lstrip("-+") if allbut else count_s)
        if count < 0:
            raise ValueError
    except ValueError:
        return report(ctx, "head", "number", count_s, what="lines" if mode == "n" else "bytes")
    files = files or ["-"]
    if headers is None:
        headers = len(files) > 1
    out = ctx.stdout
    rc = 0
    # the reads' size shows in a disk file's readahead (kernel/readahead.py): busybox
    # head.c's print_first_N takes getc() from stdio, whose buffer is the file's
    # st_blksize (4096 on ext4: glibc _IO_file_doallocate); coreutils head.c reads
    # ``char buffer[BUFSIZ]`` (8192). Other inputs read in larger chunks (the same
    # bytes, fewer steps)
    disk_chunk = STDIO_BUF if quirk(ctx, "head.stdio") else GNU_BUFSIZ
    for k, name in enumerate(files):
        try:
            inp = open_input(ctx, name)
        except OSError as e:
            rc = report(ctx, "head", "open", name, e)
            continue
        try:
            if headers:
                o = Out(out)
                _header(o, name, k == 0)
                o.flush()
            if allbut:
                data = inp.read_all()
                if mode == "c":
                    raw_write(out, data[:max(0, len(data) - count)])
                else:
                    lines = data.splitlines(keepends=True)
                    raw_write(out, b"".join(lines[:max(0, len(lines) - count)]))
            elif mode == "c":
                left = count
                chunk = disk_chunk if getattr(inp.f, "f_ra", None) is not None else READ_SIZE
                while left > 0:
                    b = inp.read(min(chunk, left))
                    if not b:
                        break
                    raw_write(out, b)
                    left -= len(b)
            else:
                left = count
                chunk = disk_chunk if getattr(inp.f, "f_ra", None) is not None else READ_SIZE
                while left > 0:
                    b = inp.read(chunk)
                    if not b:
                        break
                    n = b.count(b"\n")
                    if n >= left:
                        pos = -1
                        for _ in range(left):
                            pos = b.index(b"\n", pos + 1)
                        b = b[:pos + 1]
                        n = left
                    raw_write(out, b)
                    left -= n
        except OSError as e:
            rc = report(ctx, "head", "read", name, e)
        finally:
            inp.close()
    return rc


# --- tail -----------------------------------------------------------------------------

@command("tail", usage="[OPTION]... [FILE]...")
def cmd_tail(ctx: "CommandContext") -> int:
    """``tail [-n [+]N] [-c [+]SIZE] [-N] [+N] [-qv] [FILE]...``.

    Reading a pipe, tail keeps the last lines (all of a newline-free input) in
    memory: that memory is charged with ``alloc_anon`` as it is read and freed
    before exit. ``-f`` on a file keeps it open and waits: GNU's for ever (its
    inotify wake-ups are not modelled; on a pipe ``-f`` is ignored, as GNU tail
    does), busybox's copying what is appended once a second (:func:`_bb_follow`)."""
    args = ctx.argv[1:]
    if args and (m := _OBSOLETE_NUM.fullmatch(args[0])) and not (args[0][0] == "+" and len(args) > 2):
        unit = m.group(2)
        sign = "+" if args[0][0] == "+" else ""
        args = [("-c" if unit in "bkmc" and unit else "-n"),
                sign + m.group(1) + ({"b": "b", "k": "K", "m": "M"}.get(unit, ""))] + args[1:]
    opts, files = getopt(args, "n:c:qvfFs:z", {"lines=": "n", "bytes=": "c", "quiet": "q",
                                                "silent": "q", "verbose": "v", "follow?": "f",
                                                "sleep-interval=": "s", "retry": "R",
                                                "pid=": "p"})
    mode, count_s, headers = "n", "10", None
    follow = False
    period = 1.0
    for o, v in opts:
        if o in "nc":
            mode, count_s = o, v
        elif o == "q":
            headers = False
        elif o == "v":
            headers = True
        elif o in "fF":
            follow = True
        elif o == "s":
            try:
                period = max(float(v), 0.0)
            except ValueError:
                pass
    from_start = count_s.startswith("+")
    try:
        count = _count(ctx, count_s.lstrip("+-"))
    except ValueError:
        return report(ctx, "tail", "number", count_s, what="lines" if mode == "n" else "bytes")
    files = files or ["-"]
    rc = 0
    opened: list = []
    held: list = []     # the files -f follows: open until tail ends
    if quirk(ctx, "tail.open_first"):
        # busybox tail.c opens every operand first: headers if two or more opened
        names = []
        for name in files:
            try:
                opened.append(open_input(ctx, name))
                names.append(name)
            except OSError as e:
                rc = report(ctx, "tail", "open", name, e)
        if not opened:
            err(ctx, "tail: no files")
            return 1
        files = names
    if headers is None:
        headers = len(files) > 1
    for k, name in enumerate(files):
        try:
            inp = opened[k] if opened else open_input(ctx, name)
        except OSError as e:
            rc = report(ctx, "tail", "open", name, e)
            continue
        regular = False
        if not inp.is_stdin:
            try:
                regular = S.S_ISREG(ctx.sys.stat(ctx.path(name), ctx.task).st_mode)
            except OSError:
                pass
        try:
            if headers:
                o = Out(ctx.stdout)
                _header(o, name, k == 0)
                o.flush()
            with AnonHold(ctx) as hold:
                if regular:
                    hold = None  # a seekable file is read from its end, not buffered
                if from_start:
                    _tail_from(ctx, inp, mode, max(count, 1))
                elif mode == "c":
                    _tail_bytes(ctx, inp, count, hold)
                else:
                    _tail_lines(ctx, inp, count, hold)
        except OSError as e:
            err(ctx, f"tail: error reading '{name}': {strerror(e)}")
            rc = 1
        finally:
            if follow and not inp.is_stdin:
                held.append(inp)
            else:
                inp.close()
    if follow and any(f != "-" for f in files):
        held_files = HeldFiles(ctx, held)
        if quirk(ctx, "tail.open_first") and held:
            return _bb_follow(ctx, held_files, period, headers)
        return _follow_forever(ctx, held_files)
    for inp in held:
        inp.close()
    return rc


def _follow_forever(ctx: "CommandContext", held: HeldFiles):
    """``tail -f``: the model's files do not grow under it, so it waits; into a
    pipe it ends once the reader has gone (GNU tail 8.28+'s check_output_alive:
    POLLERR on stdout, then SIGPIPE), so ``tail -f F | head -1`` ends. The files
    followed stay open until tail ends (GNU tail.c tail_forever and busybox
    tail.c keep each descriptor to read what is appended), so a followed file
    removed keeps its inode and page cache until then."""
    from ..pipes import BrokenPipe, PipeOut, wait_for
    out = ctx.stdout
    try:
        if type(out) is PipeOut and wait_for(lambda: not out.pipe.has_readers()):
            raise BrokenPipe()
        yield Sleep(math.inf)
    finally:
        held.close()
    return 0


def _bb_follow(ctx: "CommandContext", held: HeldFiles, period: float, headers: bool):
    """busybox 1.35 ``tail -f`` (coreutils/tail.c, the ``FOLLOW`` loop): sleep
    ``-s`` seconds (1), then for each file: if it is now shorter than tail's
    offset (truncated in place, as ``copytruncate`` rotations do) seek back to
    its start, and copy what is there to the end; with several files a header
    before a file's data when the last data came from another. The files stay
    open (:class:`HeldFiles`) until tail is killed."""
    out = ctx.stdout
    files = [i.f for i in held.inputs]
    for f in files:
        f.pos = f.inode.size        # the first pass read to the end
    prev = None
    try:
        while True:
            yield Sleep(period)
            for inp in held.inputs:
                f = inp.f
                if 0 < f.inode.size < f.pos:
                    f.pos = 0
                while data := f.read(READ_SIZE):
                    charge_io(len(data))
                    if headers and inp is not prev:
                        o = Out(out)
                        _header(o, inp.name, False)
                        o.flush()
                    prev = inp
                    raw_write(out, data)
    finally:
        held.close()


def _tail_from(ctx: "CommandContext", inp, mode: str, start: int) -> None:
    skip = start - 1
    for b in inp.chunks():
        if skip:
            if mode == "c":
                cut = min(skip, len(b))
                skip -= cut
                b = b[cut:]
            else:
                n = b.count(b"\n")
                if n < skip:
                    skip -= n
                    continue
                pos = -1
                for _ in range(skip):
                    pos = b.index(b"\n", pos + 1)
                b = b[pos + 1:]
                skip = 0
        if b:
            raw_write(ctx.stdout, b)


class _BbLines:
    """What busybox sort's input costs its heap as it reads (sort.c
    ``sort_main``: ``line = GET_LINE(fp)``, ``lines = xrealloc_vector(lines, 6,
    linecount)``): each line is its own malloc'd string without the line end
    (``xmalloc_fgetline`` shrinks its buffer to ``len + 1``: a ``request2size``
    chunk, 32 bytes at least), the vector of pointers grows 64 at a time
    (libbb/xrealloc_vector.c: ``sizeof(ptr) * (idx + 65)``), an mmap'd chunk once
    past glibc's 128 KiB threshold that ``mremap`` grows in place."""
    __slots__ = ("eol", "partial", "lines", "line_bytes", "charged")

    def __init__(self, eol: bytes) -> None:
        self.eol = eol
        self.partial = 0
        self.lines = 0
        self.line_bytes = 0
        self.charged = 0

    def add(self, b: bytes) -> int:
        """Bytes more the heap holds after reading ``b``."""
        parts = b.split(self.eol)
        if len(parts) > 1:
            parts[0] = b"x" * (self.partial + len(parts[0]))
            self.partial = len(parts[-1])
            done = parts[:-1]
            self.lines += len(done)
            self.line_bytes += sum(chunk_size(len(p) + 1) for p in done)
        else:
            self.partial += len(b)
        held = self.line_bytes + 8 * ((self.lines >> 6 << 6) + 65) + self.partial
        more = held - self.charged
        self.charged = held
        return max(more, 0)


def _tail_bytes(ctx: "CommandContext", inp, n: int, hold: AnonHold | None) -> None:
    buf = bytearray()
    for b in inp.chunks():
        buf += b
        if hold:
            hold.grow(len(b))
        if len(buf) > n:
            drop = len(buf) - n
            del buf[:drop]
            if hold:
                hold.shrink(drop)
    if n and buf:
        raw_write(ctx.stdout, bytes(buf))


def _tail_lines(ctx: "CommandContext", inp, n: int, hold: AnonHold | None) -> None:
    chunks: deque[tuple[bytes, int]] = deque()
    nl = 0
    for b in inp.chunks():
        c = b.count(b"\n")
        chunks.append((b, c))
        nl += c
        if hold:
            hold.grow(len(b))
        # the first chunk is not needed once the rest holds n+1 line ends
        while len(chunks) > 1 and nl - chunks[0][1] > n:
            first, fc = chunks.popleft()
            nl -= fc
            if hold:
                hold.shrink(len(first))
    if n == 0 or not chunks:
        return
    # find where the last n lines start, from the end, without joining the chunks
    items = list(chunks)
    left = n
    first, offset = 0, 0
    for idx in range(len(items) - 1, -1, -1):
        b = items[idx][0]
        end = len(b) - 1 if idx == len(items) - 1 and b.endswith(b"\n") else len(b)
        cnt = b.count(b"\n", 0, end)
        if cnt >= left:
            pos = end
            for _ in range(left):
                pos = b.rfind(b"\n", 0, pos)
            first, offset = idx, pos + 1
            break
        left -= cnt
    out = ctx.stdout
    raw_write(out, items[first][0][offset:] if offset else items[first][0])
    for b, _ in items[first + 1:]:
        raw_write(out, b)


# --- wc -------------------------------------------------------------------------------

_WS = b" \t\n\r\x0b\x0c"
_NOT_CONT = bytes(c for c in range(256) if not 0x80 <= c < 0xC0)  # deleting these leaves UTF-8 continuation bytes


@command("wc", usage="[OPTION]... [FILE]...")
def cmd_wc(ctx: "CommandContext") -> int:
    """``wc [-lwcmL] [FILE]...`` with GNU column widths."""
    opts, files = getopt(ctx.argv[1:], "lwcmL", {"lines": "l", "words": "w", "bytes": "c",
                                                 "chars": "m", "max-line-length": "L"})
    sel = [o for o, _ in opts]
    cols = [c for c in "lwmcL" if c in sel] or ["l", "w", "c"]
    names = files or ["-"]
    # busybox wc.c: no operand is bb_msg_standard_input, the name its errors give
    shown = {"-": "standard input"} if not files and quirk(ctx, "wc.stdin_name") else {}
    results: list[tuple[str | None, dict[str, int]]] = []
    total = dict.fromkeys("lwcmL", 0)
    rc = 0
    min_width = 1
    size_sum = 0
    for name in names:
        try:
            inp = open_input(ctx, name)
        except OSError as e:
            err(ctx, f"wc: {name}: {strerror(e)}")
            rc = 1
            continue
        if inp.is_stdin:
            min_width = 7
        else:
            try:
                st = ctx.sys.stat(ctx.path(name), ctx.task)
                if S.S_ISREG(st.st_mode):
                    size_sum += st.st_size
                else:
                    min_width = 7
            except OSError:
                pass
        c = dict.fromkeys("lwcmL", 0)
        in_word = False
        cur_len = 0
        if inp.endless:
            reads_forever("wc", name)
        try:
            for b in inp.chunks():
                c["c"] += len(b)
                c["l"] += b.count(b"\n")
                if "w" in cols:
                    words = len(b.split())
                    if in_word and b[0] not in _WS:
                        words -= 1
                    c["w"] += words
                    in_word = b[-1] not in _WS
                if "m" in cols:
                    c["m"] += len(b) - len(b.translate(None, _NOT_CONT))
                if "L" in cols:
                    parts = b.split(b"\n")
                    for p in parts[:-1]:
                        c["L"] = max(c["L"], cur_len + len(p.expandtabs()))
                        cur_len = 0
                    cur_len += len(parts[-1])
                    c["L"] = max(c["L"], cur_len)
        except OSError as e:
            err(ctx, f"wc: {shown.get(name, name)}: {strerror(e)}")
            rc = 1
        finally:
            inp.close()
        for key in c:
            total[key] = max(total[key], c[key]) if key == "L" else total[key] + c[key]
        results.append((None if inp.is_stdin and not files else name, c))
    if len(names) > 1:
        # wc.c (coreutils and busybox): a total line when two or more operands,
        # whether or not each could be read
        results.append(("total", total))
    if len(cols) == 1 and len(names) == 1:
        width = 1
    elif quirk(ctx, "wc.width9"):
        width = 9                               # busybox wc.c: "%9u", " %9u"...
    else:
        width = max(min_width, len(str(size_sum)))
    lines = []
    for name, c in results:
        s = " ".join(f"{c[k]:>{width}}" for k in cols)
        lines.append(s + (f" {name}" if name is not None else "") + "\n")
    ctx.stdout.write("".join(lines).encode("utf-8", "surrogateescape"))
    return rc


# --- cut ------------------------------------------------------------------------------

def _parse_list(s: str) -> list[tuple[int, int]]:
    ranges = []
    for part in s.replace(" ", ",").split(","):
        if not part:
            raise ValueError("empty")
        a, dash, b = part.partition("-")
        if not dash:
            lo = hi = int(a)
        else:
            lo = int(a) if a else 1
            hi = int(b) if b else 1 << 62
        if lo < 1:
            raise ValueError("fields and positions are numbered from 1")
        if hi < lo:
            raise ValueError("invalid decreasing range")
        ranges.append((lo, hi))
    return ranges


class _BBCutError(Exception):
    """busybox cut's own message for a bad LIST (``cut: MSG``, status 1)."""


def _bb_parse_list(s: str) -> list[tuple[int, int]]:
    """busybox 1.35 cut.c's LIST: comma-separated ``N``, ``N-M``, ``N-``, ``-M``;
    N 0 is position 1 (``if (s != 0) s--``), each number ``xatoi_positive``'s
    (``invalid number 'X'``), ``M<N`` dies as ``%d<%d`` (M, N - 1), no range at all
    is ``missing list of positions``. Positions as :func:`_parse_list`'s (from 1)."""
    ranges = []
    for part in s.split(","):
        if not part:
            continue
        a, dash, b = part.partition("-")
        for x in (a, b):
            if x and not x.isdigit():
                raise _BBCutError(f"invalid number '{x}'")
        lo = max(int(a) - 1, 0) if a else 0
        if not dash:
            hi = lo
        elif not b:
            hi = 1 << 62
        else:
            if int(b) < lo:
                raise _BBCutError(f"{int(b)}<{lo}")
            hi = int(b) - 1
        ranges.append((lo + 1, hi + 1))
    if not ranges:
        raise _BBCutError("missing list of positions")
    return ranges


@command("cut", usage="OPTION... [FILE]...")
def cmd_cut(ctx: "CommandContext") -> int:
    """``cut -f LIST [-d C] [-s] | -c LIST | -b LIST [--complement]
    [--output-delimiter=S]``."""
    opts, files = getopt(ctx.argv[1:], "b:c:f:d:snz", {
        "bytes=": "b", "characters=": "c", "fields=": "f", "delimiter=": "d",
        "only-delimited": "s", "complement": "C", "output-delimiter=": "O"})
    mode = lst = None
    delim = b"\t"
    only = complement = False
    out_delim = None
    for o, v in opts:
        if o in "bcf":
            if mode is not None:
                raise UsageError("only one list may be specified")
            mode, lst = o, v
        elif o == "d":
            d = v.encode("utf-8", "surrogateescape")
            if quirk(ctx, "cut.busybox"):
                d = d[:1] or b"\0"       # cut.c: delim = optarg[0]
            elif len(d) != 1:
                raise UsageError("the delimiter must be a single character")
            delim = d
        elif o == "s":
            only = True
        elif o == "C":
            complement = True
        elif o == "O":
            out_delim = v.encode("utf-8", "surrogateescape")
    if mode is None:
        return report(ctx, "cut", "no_list")
    try:
        ranges = _bb_parse_list(lst) if quirk(ctx, "cut.busybox") else _parse_list(lst)
    except _BBCutError as e:
        err(ctx, f"cut: {e}")
        return 1
    except ValueError as e:
        msg = str(e)
        if "numbered" in msg:
            msg = ("fields are numbered from 1" if mode == "f"
                   else "byte/character positions are numbered from 1")
        raise UsageError(msg if "decreasing" in msg or "numbered" in msg
                         else f"invalid field value '{lst}'") from None

    def sel(n: int) -> bool:
        r = any(lo <= n <= hi for lo, hi in ranges)
        return r != complement

    out = Out(ctx.stdout)
    rc = 0
    # busybox cut's line (xmalloc_fgetline) and, with -b or -c, the line it prints
    # (cut_file: ``printed = xzalloc(linelen + 1)``)
    linebuf = LineBuffer(ctx, 1 if mode == "f" else 2)
    linebuf_min = LINE_BUFFER_MIN
    for name in files or ["-"]:
        try:
            inp = open_input(ctx, name)
            lines = inp.lines()
            first = list(itertools.islice(lines, 1))    # a read error shows here
        except OSError as e:
            err(ctx, f"cut: {name}: {strerror(e)}")
            rc = 1
            continue
        for line in itertools.chain(first, lines):      # streamed: 'yes | cut -c1 | head'
            if len(line) > linebuf_min:
                linebuf.line(len(line))
            if mode == "f":
                if delim not in line:
                    if not only:
                        out.write(line + b"\n")
                    continue
                parts = line.split(delim)
                keep = [p for i, p in enumerate(parts, 1) if sel(i)]
                out.write((out_delim if out_delim is not None else delim).join(keep) + b"\n")
            else:
                if out_delim is None:
                    out.write(bytes(ch for i, ch in enumerate(line, 1) if sel(i)) + b"\n")
                else:
                    segs, cur, prev = [], bytearray(), False
                    for i, ch in enumerate(line, 1):
                        s = sel(i)
                        if s:
                            if not prev and cur:
                                segs.append(bytes(cur))
                                cur = bytearray()
                            cur.append(ch)
                        prev = s
                    if cur:
                        segs.append(bytes(cur))
                    out.write(out_delim.join(segs) + b"\n")
        inp.close()
    out.flush()
    return rc


# --- tr -------------------------------------------------------------------------------

_TR_CLASSES = {
    "alpha": bytes(c for c in range(256) if chr(c).isascii() and chr(c).isalpha()),
    "digit": b"0123456789", "upper": bytes(range(65, 91)), "lower": bytes(range(97, 123)),
    "alnum": bytes(c for c in range(256) if chr(c).isascii() and chr(c).isalnum()),
    "space": b"\t\n\x0b\x0c\r ", "blank": b"\t ",
    "punct": b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~",
    "print": bytes(range(32, 127)), "graph": bytes(range(33, 127)),
    "cntrl": bytes(list(range(32)) + [127]), "xdigit": b"0123456789ABCDEFabcdef",
}
_TR_ESC = {"n": 10, "t": 9, "r": 13, "a": 7, "b": 8, "f": 12, "v": 11, "\\": 92}


def _tr_set(s: str) -> bytes:
    """Expand a tr SET: escapes, ranges, ``[:class:]``, ``[c*n]``."""
    raw = s.encode("utf-8", "surrogateescape")
    toks: list[int | bytes | tuple] = []
    i = 0
    while i < len(raw):
        c = raw[i]
        if c == 0x5C and i + 1 < len(raw):  # backslash
            d = chr(raw[i + 1])
            if d in "01234567":
                j = i + 1
                while j < len(raw) and j < i + 4 and chr(raw[j]) in "01234567":
                    j += 1
                toks.append(int(raw[i + 1:j], 8) & 0xFF)
                i = j
            else:
                toks.append(_TR_ESC.get(d, raw[i + 1]))
                i += 2
            continue
        if c == 0x5B:  # [
            m = re.match(rb"\[:(\w+):\]", raw[i:])
            if m:
                name = m.group(1).decode()
                if name not in _TR_CLASSES:
                    raise UsageError(f"invalid character class '{name}'", hint=False)
                toks.append(_TR_CLASSES[name])
                i += m.end()
                continue
            m = re.match(rb"\[(\\?.)\*(\d*)\]", raw[i:], re.S)
            if m:
                ch = _tr_set(m.group(1).decode("utf-8", "surrogateescape"))[0]
                toks.append(("rep", ch, int(m.group(2) or "0", 8 if m.group(2).startswith(b"0") else 10)))
                i += m.end()
                continue
        toks.append(c)
        i += 1
    out = bytearray()
    k = 0
    while k < len(toks):
        t = toks[k]
        if isinstance(t, int) and k + 2 < len(toks) and toks[k + 1] == 0x2D and isinstance(toks[k + 2], int):
            hi = toks[k + 2]
            if hi < t:
                raise UsageError(f"range-endpoints of '{chr(t)}-{chr(hi)}' are in reverse collating sequence order", hint=False)
            out.extend(range(t, hi + 1))
            k += 3
            continue
        if isinstance(t, int):
            out.append(t)
        elif isinstance(t, bytes):
            out.extend(t)
        else:
            out.extend([t[1]] * (t[2] or 1))
        k += 1
    return bytes(out)


def _tr_set2(s: str, n1: int) -> bytes:
    """SET2, with ``[c*]`` filled to SET1's length."""
    m = re.search(r"\[(\\?.)\*\]", s, re.S)
    if m:
        before = _tr_set(s[:m.start()])
        after = _tr_set(s[m.end():])
        ch = _tr_set(m.group(1))
        fill = max(0, n1 - len(before) - len(after))
        return before + ch * fill + after
    res = _tr_set(s)
    return res


@command("tr", usage="[OPTION]... STRING1 [STRING2]")
def cmd_tr(ctx: "CommandContext") -> int:
    """``tr [-cds] SET1 [SET2]``: translate, delete, squeeze stdin to stdout."""
    opts, args = getopt(ctx.argv[1:], "cCdst", {"complement": "c", "delete": "d",
                                                "squeeze-repeats": "s", "truncate-set1": "t"})
    flags = {o for o, _ in opts}
    comp = bool(flags & {"c", "C"})
    delete, squeeze = "d" in flags, "s" in flags
    if not args:
        raise UsageError("missing operand")
    translating = not delete and len(args) >= 2
    if delete and not squeeze and len(args) > 1:
        raise UsageError(f"extra operand '{args[1]}'\nOnly one string may be given when deleting without squeezing repeats.")
    if not delete and not squeeze and len(args) < 2 and not quirk(ctx, "usage"):
        # (busybox tr.c: one string alone maps nothing, the input passes)
        raise UsageError(f"missing operand after '{args[0]}'\nTwo strings must be given when translating.")
    if len(args) > 2:
        raise UsageError(f"extra operand '{args[2]}'")
    set1 = _tr_set(args[0])
    if comp:
        s1 = set(set1)
        set1 = bytes(c for c in range(256) if c not in s1)
    table = None
    deletes = None
    sq = None
    if translating:
        set2 = _tr_set2(args[1], len(set1))
        if not set2:
            raise UsageError("when not truncating set1, string2 must be non-empty", hint=False)
        if "t" in flags:
            set1 = set1[:len(set2)]
        elif len(set2) < len(set1):
            set2 = set2 + set2[-1:] * (len(set1) - len(set2))
        tbl = bytearray(range(256))
        for a, b in zip(set1, set2[:len(set1)]):
            tbl[a] = b
        table = bytes(tbl)
        if squeeze:
            sq = set2
    elif delete:
        deletes = set1
        if squeeze:
            sq = _tr_set(args[1]) if len(args) > 1 else b""
    else:
        sq = set1
    sq_rx = re.compile(b"([" + b"".join(re.escape(bytes([c])) for c in sorted(set(sq))) + b"])\\1+") if sq else None
    last = -1
    out = ctx.stdout
    while True:
        b = ctx.stdin.read(READ_SIZE)
        if not b:
            break
        if table is not None or deletes is not None:
            b = b.translate(table, deletes) if deletes is not None else b.translate(table)
        if sq_rx is not None and b:
            b = sq_rx.sub(rb"\1", b)
            if b and b[0] == last and last in sq:
                b = b[1:]
            if b:
                last = b[-1]
        if b:
            raw_write(out, b)
    return 0


# --- sort -----------------------------------------------------------------------------

_NUM = re.compile(rb"[ \t]*(-?)(\d*)(?:\.(\d*))?")
_GNUM = re.compile(rb"[ \t]*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?|[ \t]*[-+]?(?:inf|nan)", re.I)
_HUM = re.compile(rb"[ \t]*(-?)(\d*(?:\.\d*)?)([KMGTPEZY]?)")


def _numval(k: bytes):
    m = _NUM.match(k)
    sign, ip, fp = m.group(1), m.group(2), m.group(3)
    if not ip and not fp:
        return 0
    v = int(ip or b"0")
    if fp:
        v = v + int(fp) / 10 ** len(fp) if fp.strip(b"0") else v
    return -v if sign else v


def _gval(k: bytes):
    m = _GNUM.match(k)
    if not m:
        return (-1, 0.0)
    try:
        return (0, float(m.group(0)))
    except ValueError:
        return (-1, 0.0)


def _hval(k: bytes):
    m = _HUM.match(k)
    num = m.group(2)
    try:
        v = float(num) if num else 0.0
    except ValueError:
        v = 0.0
    p = " KMGTPEZY".index(m.group(3).decode() or " ")
    return (-p, -v) if m.group(1) else (p, v)


#: ``sort -M``: an unknown month sorts before JAN (coreutils' ``getmonth``, C locale)
_MONTHS = {m: i for i, m in enumerate(
    (b"JAN", b"FEB", b"MAR", b"APR", b"MAY", b"JUN", b"JUL", b"AUG", b"SEP", b"OCT",
     b"NOV", b"DEC"), 1)}


class _Key:
    __slots__ = ("sf", "sc", "ef", "ec", "opts", "bstart", "bend")

    def __init__(self, sf, sc, ef, ec, opts, bstart, bend):
        self.sf, self.sc, self.ef, self.ec = sf, sc, ef, ec
        self.opts, self.bstart, self.bend = opts, bstart, bend


def _gnu_key_error(spec: str) -> str:
    """coreutils sort.c's ``-k`` parse and its first error (``parse_field_count``:
    ``MSG: invalid count at start of 'REST'``; ``badfieldspec``: ``MSG: invalid
    field specification 'SPEC'``)."""
    def count(i: int, what: str) -> tuple[int, int]:
        j = i
        while j < len(spec) and spec[j].isspace():
            j += 1
        k = j
        while j < len(spec) and spec[j].isdigit():
            j += 1
        if j == k:
            raise ValueError(f"{what}: invalid count at start of '{spec[i:]}'")
        return int(spec[k:j]), j

    def bad(what: str) -> ValueError:
        return ValueError(f"{what}: invalid field specification '{spec}'")
    try:
        n, i = count(0, "invalid number at field start")
        if n == 0:
            raise bad("field number is zero")
        if spec[i:i + 1] == ".":
            n, i = count(i + 1, "invalid number after '.'")
            if n == 0:
                raise bad("character offset is zero")
        while i < len(spec) and spec[i] in "bdfghinMRrV":
            i += 1
        if spec[i:i + 1] == ",":
            n, i = count(i + 1, "invalid number after ','")
            if n == 0:
                raise bad("field number is zero")
            if spec[i:i + 1] == ".":
                _, i = count(i + 1, "invalid number after '.'")
            while i < len(spec) and spec[i] in "bdfghinMRrV":
                i += 1
        if i < len(spec):
            raise bad("stray character in field spec")
    except ValueError as e:
        return str(e)
    return f"invalid field specification '{spec}'"


def _parse_key(spec: str, global_opts: str, busybox: bool = False) -> _Key:
    # (xstrtoumax skips the blanks before each number)
    m = re.fullmatch(r"\s*(\d+)(?:\.\s*(\d+))?([bdfghinMRrV]*)(?:,\s*(\d+)(?:\.\s*(\d+))?"
                     r"([bdfghinMRrV]*))?", spec)
    if (not m or int(m.group(1)) == 0 or (m.group(2) is not None and int(m.group(2)) == 0)
            or (m.group(4) is not None and int(m.group(4)) == 0)):
        raise UsageError("", situation="key", op=spec if busybox else _gnu_key_error(spec))
    o1, o2 = m.group(3) or "", m.group(6) or ""
    own = o1 + o2
    opts = own if own else global_opts
    return _Key(int(m.group(1)), int(m.group(2) or 1),
                int(m.group(4)) if m.group(4) else None, int(m.group(5) or 0),
                opts, "b" in (o1 if own else global_opts), "b" in (o2 if own else global_opts))


def _fields(line: bytes, sep: bytes | None) -> list[tuple[int, int]]:
    if sep is not None:
        res, start = [], 0
        while True:
            j = line.find(sep, start)
            if j < 0:
                res.append((start, len(line)))
                return res
            res.append((start, j))
            start = j + 1
    res, i, n = [], 0, len(line)
    while i < n:
        st = i
        while i < n and line[i] in b" \t":
            i += 1
        while i < n and line[i] not in b" \t":
            i += 1
        res.append((st, i))
    return res or [(0, 0)]


def _extract(line: bytes, k: _Key, sep: bytes | None) -> bytes:
    fs = _fields(line, sep)
    n = len(line)
    if k.sf > len(fs):
        return b""
    fst, fen = fs[k.sf - 1]
    s = fst
    if k.bstart:
        while s < fen and line[s] in b" \t":
            s += 1
    s = min(s + k.sc - 1, fen)
    if k.ef is None or k.ef > len(fs):
        e = n
    else:
        est, een = fs[k.ef - 1]
        if k.ec == 0:
            e = een
        else:
            p = est
            if k.bend:
                while p < een and line[p] in b" \t":
                    p += 1
            e = min(p + k.ec, een)
    return line[s:e] if e > s else b""


def _transform(k: bytes, opts: str):
    if "b" in opts:
        k = k.lstrip(b" \t")
    if "d" in opts:
        k = bytes(c for c in k if chr(c).isalnum() or c in b" \t")
    if "i" in opts:
        k = bytes(c for c in k if 32 <= c < 127)
    if "n" in opts:
        return _numval(k)
    if "g" in opts:
        return _gval(k)
    if "h" in opts:
        return _hval(k)
    if "V" in opts:
        return Version(k)
    if "M" in opts:
        return _MONTHS.get(k.lstrip(b" \t")[:3].upper(), 0)
    if "f" in opts:
        k = k.upper()
    return k


@command("sort", usage_status=2, usage="[OPTION]... [FILE]...")
def cmd_sort(ctx: "CommandContext") -> int:
    """``sort [-nrugfbhscVMzR] [-k POS1[,POS2]]... [-t SEP] [-o FILE]
    [--random-source=FILE] [FILE]...`` (``-V``: gnulib's ``filevercmp``).
    The whole input is held (and charged as anon memory) until output."""
    opts, files = getopt(ctx.argv[1:], "nrugfbhsdick:t:o:zMVR", {
        "numeric-sort": "n", "reverse": "r", "unique": "u", "general-numeric-sort": "g",
        "ignore-case": "f", "ignore-leading-blanks": "b", "human-numeric-sort": "h",
        "stable": "s", "key=": "k", "field-separator=": "t", "output=": "o", "check": "c",
        "dictionary-order": "d", "ignore-nonprinting": "i", "version-sort": "V",
        "month-sort": "M", "zero-terminated": "z", "random-sort": "R", "random-source=": "S"})
    gopts = ""
    keyspecs: list[str] = []
    sep = None
    outfile = None
    source = "/dev/urandom"
    for o, v in opts:
        if o in "RS" and not quirk(ctx, "sort.random"):
            raise UsageError(f"invalid option -- '{o}'")
        if o == "S":
            source = v
        elif o == "k":
            keyspecs.append(v)
        elif o == "t":
            sep = v.encode("utf-8", "surrogateescape")
            if len(sep) != 1:
                if v == "\\0":
                    sep = b"\0"
                else:
                    raise UsageError("multi-character tab '" + v + "'", hint=False,
                                     situation="tab" if quirk(ctx, "usage") else None, op=v)
        elif o == "o":
            outfile = v
        else:
            gopts += o
    eol = b"\0" if "z" in gopts else b"\n"
    gopts = gopts.replace("z", "")
    reverse = "r" in gopts
    unique = "u" in gopts
    stable = "s" in gopts
    check = "c" in gopts
    keys = [_parse_key(s, gopts, quirk(ctx, "usage")) for s in keyspecs]
    rc = 0
    per_line = _BbLines(eol) if userland(ctx) == "busybox" else None
    with AnonHold(ctx) as hold:
        bufs = []
        for name in files or ["-"]:
            try:
                inp = open_input(ctx, name)
            except OSError as e:
                return report(ctx, "sort", "open", name, e)
            try:
                for b in inp.chunks():
                    bufs.append(b)
                    hold.grow(len(b) if per_line is None else per_line.add(b))
            except OSError as e:
                err(ctx, f"sort: read failed: {name}: {strerror(e)}")
                return 2
            finally:
                inp.close()
            if bufs and not bufs[-1].endswith(eol):
                bufs.append(eol)
        data = b"".join(bufs)
        lines = data.split(eol) if data else []
        if lines and lines[-1] == b"":
            lines.pop()
        del bufs
        if keys:
            deco = [[_transform(_extract(ln, k, sep), k.opts) for k in keys] for ln in lines]
            revs = [("r" in k.opts) for k in keys]
        else:
            deco = [[_transform(ln, gopts)] for ln in lines]
            revs = [reverse]
        randomized = [j for j, k in enumerate(keys or [None])
                      if "R" in (k.opts if k is not None else gopts)]
        if randomized:
            # -R (GNU's compare_random): keys compared by their MD5 digests under a
            # salt read from the random source (the model's seeded /dev/urandom),
            # equal keys next to each other, ties by the key itself; the salt is
            # MD5_DIGEST_SIZE (16) bytes, as coreutils 9.1 sort.c random_md5_state_init
            # reads it
            try:
                f = ctx.sys.open(ctx.path(source), "r", ctx.task)
                try:
                    salt = f.read(16)
                finally:
                    f.close()
            except OSError as e:
                err(ctx, f"sort: {source}: {strerror(e)}")
                return 2
            for row in deco:
                for j in randomized:
                    row[j] = (md5(salt + row[j]).digest(), row[j])
        last_resort = not (stable or unique) and (keys or set(gopts) & set("nghfbdiVMR"))

        def cmp(a: int, b: int) -> int:
            da, db = deco[a], deco[b]
            for x, y, r in zip(da, db, revs):
                if x != y:
                    c = -1 if x < y else 1
                    return -c if r else c
            if last_resort:
                la, lb = lines[a], lines[b]
                c = (la > lb) - (la < lb)
                return -c if reverse else c
            return 0

        full = cmp

        if check:
            for i in range(1, len(lines)):
                c = full(i - 1, i)
                if c > 0 or (unique and c == 0):
                    report(ctx, "sort", "disorder", files[0] if files else "-", line=str(i + 1),
                           pair=str(i), text=lines[i].decode("utf-8", "surrogateescape"))
                    return 1
            return 0
        if not keys and not last_resort:
            order = sorted(range(len(lines)), key=lambda i: deco[i][0], reverse=reverse)
        else:
            order = sorted(range(len(lines)), key=cmp_to_key(full))
        if unique:
            res, prev = [], None
            for i in order:
                if prev is None or full(prev, i) != 0:
                    res.append(i)
                    prev = i
            order = res
        data = b"".join(lines[i] + eol for i in order)
        if outfile is not None:
            try:
                f = ctx.sys.open(ctx.path(outfile), "w", ctx.task)
                f.write(data)
                f.close()
            except OSError as e:
                err(ctx, f"sort: open failed: {outfile}: {strerror(e)}")
                return 2
        else:
            o = Out(ctx.stdout)
            for i in range(0, len(data), 65536):
                o.write(data[i:i + 65536])
            o.flush()
    return rc


# --- uniq -----------------------------------------------------------------------------

@command("uniq", usage="[OPTION]... [INPUT [OUTPUT]]")
def cmd_uniq(ctx: "CommandContext") -> int:
    """``uniq [-c] [-d] [-u] [-i] [-f N] [-s N] [-w N] [INPUT [OUTPUT]]``."""
    opts, args = getopt(ctx.argv[1:], "cduif:s:w:z", {
        "count": "c", "repeated": "d", "unique": "u", "ignore-case": "i",
        "skip-fields=": "f", "skip-chars=": "s", "check-chars=": "w"})
    flags = {o for o, _ in opts}
    vals = {o: v for o, v in opts if v is not None}
    try:
        skip_f = int(vals.get("f", 0))
        skip_c = int(vals.get("s", 0))
        width = int(vals["w"]) if "w" in vals else None
    except ValueError:
        raise UsageError("invalid number") from None
    if len(args) > 2:
        raise UsageError(f"extra operand '{args[2]}'")
    name = args[0] if args else "-"
    try:
        inp = open_input(ctx, name)
        data = inp.read_all()
        inp.close()
    except OSError as e:
        return report(ctx, "uniq", "open", name, e)
    # busybox uniq's xmalloc_fgetline
    linebuf = LineBuffer(ctx)
    if linebuf.copies:
        linebuf.line(longest_line(data))

    def key(line: bytes) -> bytes:
        k = line
        if skip_f:
            k = re.sub(rb"^(?:[ \t]*[^ \t]+){%d}" % skip_f, b"", k, count=1) \
                if len(re.findall(rb"[^ \t]+", k)) >= skip_f else b""
        if skip_c:
            k = k[skip_c:]
        if width is not None:
            k = k[:width]
        return k.lower() if "i" in flags else k

    res = []
    prev_key = None
    prev_line = b""
    n = 0

    def emit() -> None:
        if n == 0:
            return
        if "d" in flags and n < 2 or "u" in flags and n > 1:
            return
        res.append((b"%7d " % n if "c" in flags else b"") + prev_line + b"\n")

    for line in split_lines(data):
        k = key(line)
        if k == prev_key:
            n += 1
            continue
        emit()
        prev_key, prev_line, n = k, line, 1
    emit()
    out = b"".join(res)
    if len(args) == 2:
        try:
            f = ctx.sys.open(ctx.path(args[1]), "w", ctx.task)
            f.write(out)
            f.close()
        except OSError as e:
            report(ctx, "uniq", "create", args[1], e)
            return 1
    elif out:
        raw_write(ctx.stdout, out)
    return 0


#: simulated time ``yes`` takes to fill one pipe's worth (GNU yes writes ~GB/s)
YES_CHUNK_S = 0.00002


@command("yes", usage="[STRING]...")
def cmd_yes(ctx: "CommandContext"):
    """``yes [STRING]...``: the line forever, 64 KiB at a time, until the write
    fails (a pipe whose reader has gone: SIGPIPE). Time passes as it writes."""
    line = (" ".join(ctx.argv[1:]) if len(ctx.argv) > 1 else "y") + "\n"
    if discards(ctx.stdout):
        # ``yes > /dev/null``: nothing it does is seen until a signal ends it
        spin_until_killed("yes: writes to a device that discards it without end")
    chunk = (line * max(1, 65536 // len(line))).encode("utf-8", "surrogateescape")
    write = ctx.stdout.write
    while True:
        write(chunk)
        yield Sleep(YES_CHUNK_S)
