"""coreutils 9.1 ``split``: a file cut into pieces of lines or bytes, each written to
a file named by a prefix and a suffix (the guests' busybox has no split applet)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import UsageError, command, err, getopt, open_input, open_output, parse_size, strerror

if TYPE_CHECKING:
    from ..context import CommandContext


#: the suffixes' symbols: letters, ``-d``'s digits, ``-x``'s hexadecimal ones
SYMBOLS = {"": "abcdefghijklmnopqrstuvwxyz", "d": "0123456789", "x": "0123456789abcdef"}


def _suffix(k: int, length: int, sym: str, auto: bool, start: int = 0) -> tuple[str, int]:
    """split.c ``next_file_name``'s ``k``-th suffix and its length, in ``sym``'s
    base; with the length not given (``auto``), the names widen past the last that
    does not begin with the last symbol (``xyz``, then ``xzaaa``; ``89``, ``9000``)."""
    base = len(sym)
    k += start
    if auto:
        width, lead = length, ""
        while k >= (base - 1) * base ** (width - 1):
            k -= (base - 1) * base ** (width - 1)
            lead += sym[-1]
            width += 1
        body = ""
        for _ in range(width):
            k, r = divmod(k, base)
            body = sym[r] + body
        return lead + body, len(lead + body)
    if k >= base ** length:
        raise OverflowError
    body = ""
    for _ in range(length):
        k, r = divmod(k, base)
        body = sym[r] + body
    return body, length


@command("split", usage="[OPTION]... [FILE [PREFIX]]")
def cmd_split(ctx: "CommandContext") -> int:
    """``split [-l N | -b SIZE | -C SIZE] [-a N] [-d | -x | --numeric-suffixes[=FROM]]
    [--additional-suffix=S] [--verbose] [FILE [PREFIX]]`` (split.c
    ``lines_split``, ``bytes_split``, ``line_bytes_split``): 1000 lines a piece by
    default, prefix ``x``, two-letter suffixes that widen when ``-a`` is not given;
    an empty input makes no file; ``--verbose`` says ``creating file 'xaa'``."""
    opts, args = getopt(ctx.argv[1:], "l:b:C:a:dx", {
        "lines=": "l", "bytes=": "b", "line-bytes=": "C", "suffix-length=": "a",
        "numeric-suffixes?": "d", "hex-suffixes?": "x", "additional-suffix=": "S",
        "verbose": "v"})
    mode, size = "l", 1000
    length, auto, sym, start, extra, verbose = 2, True, SYMBOLS[""], 0, "", False
    for o, v in opts:
        if o in "lbC":
            what = {"l": "number of lines", "b": "number of bytes", "C": "number of bytes"}[o]
            try:
                size = parse_size(v)
            except ValueError:
                err(ctx, f"split: invalid {what}: '{v}'")
                return 1
            if size <= 0:       # xdectoumax's ERANGE below its minimum, 1
                err(ctx, f"split: invalid {what}: '{v}': Numerical result out of range")
                return 1
            mode = o
        elif o == "a":
            if not v.isdigit():
                err(ctx, f"split: invalid suffix length: '{v}'")
                return 1
            length, auto = int(v), False
        elif o in "dx":
            sym = SYMBOLS[o]
            if v:
                if not v.isdigit():
                    err(ctx, f"split: invalid start value for numerical suffix: '{v}'")
                    return 1
                start, auto = int(v), False
        elif o == "S":
            if "/" in v:
                err(ctx, f"split: invalid suffix '{v}', contains directory separator")
                return 1
            extra = v
        elif o == "v":
            verbose = True
    if len(args) > 2:
        raise UsageError(f"extra operand '{args[2]}'")
    name = args[0] if args else "-"
    prefix = args[1] if len(args) > 1 else "x"
    try:
        inp = open_input(ctx, name)
        try:
            data = b"".join(inp.chunks())
        finally:
            inp.close()
    except OSError as e:
        err(ctx, f"split: cannot open '{name}' for reading: {strerror(e)}")
        return 1
    pieces: list[bytes] = []
    if mode == "b":
        pieces = [data[i:i + size] for i in range(0, len(data), size)]
    else:
        lines = data.splitlines(keepends=True)
        if mode == "l":
            pieces = [b"".join(lines[i:i + size]) for i in range(0, len(lines), size)]
        else:       # -C: whole lines up to SIZE bytes, a longer line cut in SIZE pieces
            cur = b""
            for ln in lines:
                while len(ln) > size:
                    if cur:
                        pieces.append(cur)
                        cur = b""
                    pieces.append(ln[:size])
                    ln = ln[size:]
                if len(cur) + len(ln) > size:
                    pieces.append(cur)
                    cur = b""
                cur += ln
            if cur:
                pieces.append(cur)
    for k, piece in enumerate(pieces):
        try:
            suf, _ = _suffix(k, length, sym, auto, start)
        except OverflowError:
            err(ctx, "split: output file suffixes exhausted")
            return 1
        out_name = prefix + suf + extra
        if verbose:
            ctx.stdout.write(f"creating file '{out_name}'\n")
        try:
            f = open_output(ctx, out_name, "w")
            try:
                f.write(piece)
            finally:
                f.close()
        except OSError as e:
            err(ctx, f"split: {out_name}: {strerror(e)}")
            return 1
    return 0
