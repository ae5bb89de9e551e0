"""Line tools (GNU coreutils 9.1): ``paste``, ``tac`` and ``comm``. ``paste`` and
``tac`` hold their input (``tac`` a file at a time, ``paste`` every file) as
anonymous memory charged with :class:`._util.AnonHold`, as the real tools' buffers
are; ``comm`` reads a line of each file at a time (the guests' busybox has none)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import AnonHold, Out, UsageError, command, err, getopt, open_input, strerror

if TYPE_CHECKING:
    from ..context import CommandContext


def _read(ctx, name: str, hold: AnonHold) -> bytes:
    inp = open_input(ctx, name)
    try:
        bufs = []
        for b in inp.chunks():
            bufs.append(b)
            hold.grow(len(b))
        return b"".join(bufs)
    finally:
        inp.close()


def _delims(spec: str) -> list[bytes]:
    """paste's ``-d LIST``: ``\\n \\t \\\\ \\0`` (empty) escapes, used in turn."""
    out: list[bytes] = []
    b = spec.encode("utf-8", "surrogateescape")
    i = 0
    while i < len(b):
        c = b[i:i + 1]
        if c == b"\\" and i + 1 < len(b):
            e = b[i + 1:i + 2]
            out.append({b"n": b"\n", b"t": b"\t", b"\\": b"\\", b"0": b""}.get(e, e))
            i += 2
        else:
            out.append(c)
            i += 1
    return out


@command("paste", usage="[OPTION]... [FILE]...")
def cmd_paste(ctx: "CommandContext") -> int:
    """``paste [-s] [-d LIST] [FILE...]``: the files' lines side by side (``-s``:
    each file's lines on one line); ``-`` more than once shares stdin's lines."""
    opts, files = getopt(ctx.argv[1:], "d:sz", {"delimiters=": "d", "serial": "s",
                                                 "zero-terminated": "z"})
    delims = [b"\t"]
    serial = False
    for o, v in opts:
        if o == "d":
            delims = _delims(v) or [b""]
        elif o == "s":
            serial = True
    files = files or ["-"]
    out = Out(ctx.stdout)
    rc = 0
    with AnonHold(ctx) as hold:
        contents: list[list[bytes] | None] = []
        stdin_lines: list[bytes] | None = None
        for name in files:
            try:
                if name == "-" and not serial:
                    if stdin_lines is None:
                        stdin_lines = _split(_read(ctx, name, hold))
                    contents.append(stdin_lines)      # shared: each "-" takes the next line
                else:
                    contents.append(_split(_read(ctx, name, hold)))
            except OSError as e:
                err(ctx, f"paste: {name}: {strerror(e)}")
                return 1
        if serial:
            for lines in contents:
                parts = []
                for i, ln in enumerate(lines):
                    if i:
                        parts.append(delims[(i - 1) % len(delims)])
                    parts.append(ln)
                out.write(b"".join(parts) + b"\n")
        else:
            pos = {id(c): 0 for c in contents}
            while True:
                row = []
                got = False
                for c in contents:
                    k = pos[id(c)]
                    if k < len(c):
                        row.append(c[k])
                        pos[id(c)] = k + 1
                        got = True
                    else:
                        row.append(b"")
                if not got:
                    break
                parts = [row[0]]
                for i, f in enumerate(row[1:]):
                    parts.append(delims[i % len(delims)])
                    parts.append(f)
                out.write(b"".join(parts) + b"\n")
    out.flush()
    return rc


def _split(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    return lines


@command("tac", usage="[OPTION]... [FILE]...")
def cmd_tac(ctx: "CommandContext") -> int:
    """``tac [FILE...]``: each file's lines, last first (a last line without its
    newline is printed without one, before the line it follows)."""
    opts, files = getopt(ctx.argv[1:], "", {})
    out = Out(ctx.stdout)
    rc = 0
    with AnonHold(ctx) as hold:
        for name in files or ["-"]:
            try:
                data = _read(ctx, name, hold)
            except OSError as e:
                err(ctx, f"tac: failed to open '{name}' for reading: {strerror(e)}")
                rc = 1
                continue
            recs = data.split(b"\n")
            last = recs.pop()       # after the final newline: "" or an unterminated line
            out.write(last + b"".join(r + b"\n" for r in reversed(recs)))
    out.flush()
    return rc


@command("comm", usage="[OPTION]... FILE1 FILE2")
def cmd_comm(ctx: "CommandContext") -> int:
    """``comm [-123] [--output-delimiter=STR] [--total] [--check-order |
    --nocheck-order] FILE1 FILE2`` (coreutils comm.c ``compare_files``): lines only
    in FILE1, only in FILE2, in both, a column each (the delimiter, a tab, before the
    second's and twice before the third's, the suppressed columns' left out). Out of
    order input (bytes compared: the C locale) is said once a file (``check_order``:
    by default only once a line has been found in one file alone) and, at the end,
    ``input is not in sorted order``, status 1."""
    opts, files = getopt(ctx.argv[1:], "123z", {"output-delimiter=": "o", "total": "t",
                                               "check-order": "c", "nocheck-order": "n",
                                               "zero-terminated": "z"})
    hide = {o for o, _ in opts if o in "123"}
    delim = "\t"
    check = None        # CHECK_ORDER_DEFAULT
    total = False
    eol = "\n"
    for o, v in opts:
        if o == "o":
            delim = v or "\0"
        elif o == "t":
            total = True
        elif o in "cn":
            check = o == "c"
        elif o == "z":
            eol = "\0"
    if len(files) != 2:
        if not files:
            raise UsageError("missing operand")
        raise UsageError(f"missing operand after '{files[-1]}'" if len(files) == 1
                         else f"extra operand '{files[2]}'")
    lines = []
    for name in files:
        try:
            inp = open_input(ctx, name)
            try:
                lines.append(list(inp.lines(eol.encode())))
            finally:
                inp.close()
        except OSError as e:
            err(ctx, f"comm: {name}: {strerror(e)}")
            return 1
    prefix = {1: b"", 2: b"" if "1" in hide else delim.encode(),
              3: delim.encode() * (("1" not in hide) + ("2" not in hide))}
    out = Out(ctx.stdout)
    counts = {1: 0, 2: 0, 3: 0}
    warned = [False, False]
    unpairable = False
    pos = [0, 0]

    class Disorder(Exception):
        """``--check-order``'s error: comm ends there (EXIT_FAILURE)."""

    def check_order(k: int, prev: bytes, cur: bytes) -> None:
        if (check or (check is None and unpairable)) and not warned[k] and prev > cur:
            out.flush()
            err(ctx, f"comm: file {k + 1} is not in sorted order")
            warned[k] = True
            if check:
                raise Disorder

    def advance(k: int) -> None:
        # the file's next line read, checked against the one taken; at its end
        # the last two lines checked again (seen_unpairable may be set by then)
        a = lines[k]
        pos[k] += 1
        if pos[k] < len(a):
            check_order(k, a[pos[k] - 1], a[pos[k]])
        elif pos[k] >= 2:
            check_order(k, a[pos[k] - 2], a[pos[k] - 1])

    try:
        while pos[0] < len(lines[0]) or pos[1] < len(lines[1]):
            a = lines[0][pos[0]] if pos[0] < len(lines[0]) else None
            b = lines[1][pos[1]] if pos[1] < len(lines[1]) else None
            col = 1 if b is None or (a is not None and a < b) else 2 if a is None or b < a else 3
            line = a if col != 2 else b
            counts[col] += 1
            if col != 3:
                unpairable = True
            if str(col) not in hide:
                out.write(prefix[col] + line + eol.encode())
            if col != 2:
                advance(0)
            if col != 1:
                advance(1)
    except Disorder:
        out.flush()
        return 1
    if total:
        out.write(f"{counts[1]}{delim}{counts[2]}{delim}{counts[3]}{delim}total{eol}".encode())
    out.flush()
    if any(warned):
        err(ctx, "comm: input is not in sorted order")
        return 1
    return 0
