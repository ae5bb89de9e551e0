"""coreutils 9.1 ``base64``: the ``base64`` module's alphabet, gnulib's decoder."""
from __future__ import annotations

import base64
from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, err, getopt, open_input, quotef, strerror

if TYPE_CHECKING:
    from ..context import CommandContext

_ALPHABET = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_EQ = ord("=")


def decode_quantum(q: bytes) -> tuple[bytes, bool]:
    """gnulib's ``decode_4``: the bytes of one quantum of up to four characters and
    whether it was valid; an invalid one still gives the bytes before the fault
    (``aGVsbG8`` decodes to ``hello`` and fails)."""
    n = len(q)
    if n < 2 or q[0] not in _ALPHABET or q[1] not in _ALPHABET:
        return b"", False
    if n == 2:
        return base64.b64decode(q + b"==")[:1], False
    if q[2] == _EQ:
        return base64.b64decode(q[:2] + b"==")[:1], n == 4 and q[3] == _EQ
    if q[2] not in _ALPHABET:
        return base64.b64decode(q[:2] + b"=="), False
    two = base64.b64decode(q[:3] + b"=")
    if n == 3:
        return two, False
    if q[3] == _EQ:
        return two, True
    if q[3] not in _ALPHABET:
        return two, False
    return base64.b64decode(q), True


class Decoder:
    """``base64_decode_ctx`` fed a block at a time: newlines skipped (with
    ``ignore_garbage`` every byte outside the alphabet and ``=``), quanta of four
    decoded until one is invalid."""
    __slots__ = ("ignore", "rest", "ok")

    def __init__(self, ignore_garbage: bool) -> None:
        self.ignore = ignore_garbage
        self.rest = b""
        self.ok = True

    def feed(self, data: bytes, final: bool = False) -> bytes:
        """The bytes decoded from ``data`` (the input's end with ``final``)."""
        if not self.ok:
            return b""
        if self.ignore:
            data = bytes(b for b in data if b in _ALPHABET or b == _EQ)
        else:
            data = data.replace(b"\n", b"")
        data = self.rest + data
        end = len(data) if final else len(data) - len(data) % 4
        self.rest = data[end:]
        out = []
        for i in range(0, end, 4):
            got, ok = decode_quantum(data[i:i + 4])
            out.append(got)
            if not ok:
                self.ok = False
                break
        return b"".join(out)


@command("base64", usage="[OPTION]... [FILE]")
def cmd_base64(ctx: "CommandContext") -> int:
    """``base64 [-d [-i]] [-w COLS] [FILE]``: encode (lines of COLS, 76 by default, 0:
    one line without a newline) or decode (``base64: invalid input``, status 1, after
    what decoded before the fault), streaming."""
    opts, files = getopt(ctx.argv[1:], "diw:", {"decode": "d", "ignore-garbage": "i",
                                               "wrap=": "w"})
    flags = {o for o, _ in opts}
    cols = 76
    for o, v in opts:
        if o == "w":
            if not v.isdigit():
                raise UsageError(f"invalid wrap size: '{v}'", hint=False)
            cols = int(v)
    if len(files) > 1:
        raise UsageError(f"extra operand '{files[1]}'")
    name = files[0] if files else "-"
    try:
        inp = open_input(ctx, name)
    except OSError as e:
        err(ctx, f"base64: {quotef(name)}: {strerror(e)}")
        return 1
    w = Out(ctx.stdout)
    try:
        if "d" in flags:
            dec = Decoder("i" in flags)
            for chunk in inp.chunks():
                w.write(dec.feed(chunk))
                if not dec.ok:
                    break
            w.write(dec.feed(b"", final=True))
            w.flush()
            if not dec.ok:
                err(ctx, "base64: invalid input")
                return 1
            return 0
        _encode(inp, w, cols)
    except OSError as e:
        w.flush()
        err(ctx, f"base64: {quotef(name)}: {strerror(e)}")
        return 1
    finally:
        inp.close()
    w.flush()
    return 0


def _encode(inp, w: Out, cols: int) -> None:
    """Encode the input a block at a time (whole quanta of three bytes), in lines of
    ``cols`` characters, the last one ended by a newline too (0: one line, none)."""
    rest = b""
    col = 0
    for chunk in inp.chunks():
        data = rest + chunk
        cut = len(data) - len(data) % 3
        rest = data[cut:]
        col = _put(w, base64.b64encode(data[:cut]), cols, col)
    col = _put(w, base64.b64encode(rest), cols, col)
    if cols and col:
        w.write(b"\n")


def _put(w: Out, enc: bytes, cols: int, col: int) -> int:
    """Write ``enc`` wrapped at ``cols`` from column ``col``; the new column."""
    if not cols:
        w.write(enc)
        return 0
    i = 0
    while i < len(enc):
        take = min(cols - col, len(enc) - i)
        w.write(enc[i:i + take])
        i += take
        col += take
        if col == cols:
            w.write(b"\n")
            col = 0
    return col
