"""Line tools (GNU coreutils 9.1): ``paste`` and ``tac``. Both hold their input
(``tac`` a file at a time, ``paste`` every file) as anonymous memory charged with
:class:`._util.AnonHold`, as the real tools' buffers are."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import AnonHold, Out, command, err, getopt, open_input, strerror

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
