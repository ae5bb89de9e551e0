"""Comparing files: ``cmp`` and ``diff`` (GNU diffutils 3.8).

``diff`` finds its edit script with gnulib's ``diffseq.h`` (Myers' O(ND)
algorithm with the middle snake found from both ends, as ``compareseq`` does,
without the heuristics for costly inputs) and ``analyze.c``'s
``shift_boundaries``, then prints normal or unified (``-u``/``-U N``) hunks as
diffutils' ``normal.c`` and ``context.c`` do. Not modelled: the
``discard_confusing_lines`` pass (it only speeds up large inputs, but can move
a hunk's boundaries there), directories (``-r``), ``-c``, ``-y``, ``-b -w -B -i``.
"""
from __future__ import annotations

import stat as S
from typing import TYPE_CHECKING

from ._util import command, err, getopt, UsageError, open_input, raw_write, strerror

if TYPE_CHECKING:
    from ..context import CommandContext


def _try_help(ctx: "CommandContext", prog: str, msg: str) -> int:
    """diffutils' ``try_help``: the message, then ``PROG: Try 'PROG --help'...``
    (status 2)."""
    ctx.stderr.write(f"{prog}: {msg}\n{prog}: Try '{prog} --help' for more information.\n")
    return 2


def _read(ctx: "CommandContext", prog: str, name: str, quiet: bool = False) -> bytes | None:
    """The whole input, or None after ``PROG: NAME: STRERROR`` (none if ``quiet``:
    ``cmp -s``)."""
    try:
        inp = open_input(ctx, name)
    except OSError as e:
        if not quiet:
            err(ctx, f"{prog}: {name}: {strerror(e)}")
        return None
    try:
        if not inp.is_stdin:
            st = ctx.sys.stat(ctx.path(name), ctx.task)
            if S.S_ISDIR(st.st_mode):
                raise OSError(21, "Is a directory")
        return inp.read_all()
    except OSError as e:
        if not quiet:
            err(ctx, f"{prog}: {name}: {strerror(e)}")
        return None
    finally:
        inp.close()


# --- cmp ---------------------------------------------------------------------------

def _sprintc(c: int) -> str:
    """cmp.c ``sprintc``: printable as is, else ``M-`` for the high bit and
    ``^X`` for a control character."""
    out = ""
    if not 32 <= c < 127:
        if c >= 128:
            out = "M-"
            c -= 128
        if c < 32:
            out += "^"
            c += 64
        elif c == 127:
            out += "^"
            c = ord("?")
    return out + chr(c)


def _skip(s: str) -> int | None:
    try:
        from ._util import parse_size
        v = parse_size(s)
    except ValueError:
        return None
    return v if v >= 0 else None


@command("cmp", usage="[OPTION]... FILE1 [FILE2 [SKIP1 [SKIP2]]]", std_opts=True)
def cmd_cmp(ctx: "CommandContext") -> int:
    """``cmp [-l] [-b] [-s] [-n LIMIT] [-i SKIP1[:SKIP2]] FILE1 [FILE2 [SKIP1
    [SKIP2]]]`` (diffutils 3.8's cmp.c): the first difference (its byte and
    line), every one with ``-l``, status 0 same, 1 different, 2 trouble."""
    try:
        opts, args = getopt(ctx.argv[1:], "bci:ln:sv", {
            "print-bytes": "b", "ignore-initial=": "i", "verbose": "l", "bytes=": "n",
            "silent": "s", "quiet": "s"})
    except UsageError as e:
        return _try_help(ctx, "cmp", e.msg)
    flags = {o for o, _ in opts}
    skips = [0, 0]
    limit = None
    for o, v in opts:
        if o == "i":
            a, colon, b = v.partition(":")
            s1, s2 = _skip(a), _skip(b if colon else a)
            if s1 is None or s2 is None:
                return _try_help(ctx, "cmp", f"invalid --ignore-initial value '{v}'")
            skips = [s1, s2]
        elif o == "n":
            limit = _skip(v)
            if limit is None:
                return _try_help(ctx, "cmp", f"invalid --bytes value '{v}'")
    if not args:
        return _try_help(ctx, "cmp", "missing operand after 'cmp'")
    if len(args) > 4:
        return _try_help(ctx, "cmp", f"extra operand '{args[4]}'")
    for i, a in enumerate(args[2:4]):
        s = _skip(a)
        if s is None:
            return _try_help(ctx, "cmp", f"invalid --ignore-initial value '{a}'")
        skips[i] = s
    names = [args[0], args[1] if len(args) > 1 else "-"]
    data = []
    for n in names:
        d = _read(ctx, "cmp", n, "s" in flags)
        if d is None:
            return 2
        data.append(d)
    a, b = data[0][skips[0]:], data[1][skips[1]:]
    if limit is not None:
        a, b = a[:limit], b[:limit]
    silent = "s" in flags
    if "l" in flags:
        return _cmp_all(ctx, names, a, b, "b" in flags, silent, limit)
    n = min(len(a), len(b))
    i = next((i for i in range(n) if a[i] != b[i]), n)
    if i < n:
        if not silent:
            line = a.count(b"\n", 0, i) + 1
            # "char" in a single-byte locale (the model's C locale), "byte" with -b
            word = "byte" if "b" in flags else "char"
            msg = f"{names[0]} {names[1]} differ: {word} {i + 1}, line {line}"
            if "b" in flags:
                msg += f" is {a[i]:3o} {_sprintc(a[i])} {b[i]:3o} {_sprintc(b[i])}"
            raw_write(ctx.stdout, (msg + "\n").encode("utf-8", "surrogateescape"))
        return 1
    if len(a) == len(b):
        return 0
    if not silent:
        short = 0 if len(a) < len(b) else 1
        if n == 0:
            err(ctx, f"cmp: EOF on {names[short]} which is empty")
        else:
            line = a.count(b"\n", 0, n - 1) + 1      # the last byte's line
            err(ctx, f"cmp: EOF on {names[short]} after byte {n}, line {line}")
    return 1


def _cmp_all(ctx: "CommandContext", names: list[str], a: bytes, b: bytes, show: bool,
             silent: bool, limit: int | None) -> int:
    """``-l``: every differing byte, its offset as wide as the shorter input's
    last (``offset_width``)."""
    n = min(len(a), len(b))
    width = len(str(n if limit is None else min(n, limit)))
    out = []
    for i in range(n):
        x, y = a[i], b[i]
        if x != y:
            if show:
                out.append(f"{i + 1:>{width}} {x:3o} {_sprintc(x):<4} {y:3o} {_sprintc(y)}\n")
            else:
                out.append(f"{i + 1:>{width}} {x:3o} {y:3o}\n")
    if not silent and out:
        raw_write(ctx.stdout, "".join(out).encode("utf-8", "surrogateescape"))
    if len(a) != len(b):
        if not silent:
            short = 0 if len(a) < len(b) else 1
            err(ctx, f"cmp: EOF on {names[short]} " + (f"after byte {n}" if n else "which is empty"))
        return 1
    return 1 if out else 0
