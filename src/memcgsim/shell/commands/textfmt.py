"""Text formatters: ``fold``, ``expand`` (coreutils 9.1's fold.c and expand.c,
whose rules busybox 1.35's copies share) and ``strings`` (binutils 2.40's, as
busybox's). The messages and option sets of the two userlands differ."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, err, getopt, open_input, reads_forever, strerror
from .userland import userland

if TYPE_CHECKING:
    from ..context import CommandContext

_TAB = 8


def _column(col: int, c: int, count_bytes: bool) -> int:
    """fold.c ``adjust_column``: the column after byte ``c``."""
    if count_bytes:
        return col + 1
    if c == 8:                  # \b
        return col - 1 if col > 0 else 0
    if c == 13:                 # \r
        return 0
    if c == 9:                  # \t
        return col + _TAB - col % _TAB
    return col + 1


def _fold(data: bytes, width: int, count_bytes: bool, spaces: bool) -> bytes:
    """fold.c ``fold_file``: each line broken before the byte that would take it
    past ``width`` columns (with ``-s`` after its last blank, if any)."""
    out = bytearray()
    line = bytearray()
    col = 0
    for c in data:
        if c == 10:
            out += line
            out.append(10)
            line.clear()
            col = 0
            continue
        while True:     # rescan
            col = _column(col, c, count_bytes)
            if col <= width:
                line.append(c)
                break
            if spaces:
                end = max((i for i in range(len(line)) if line[i] in (32, 9)), default=-1)
                if end >= 0:
                    out += line[:end + 1]
                    out.append(10)
                    del line[:end + 1]
                    col = 0
                    for b in line:
                        col = _column(col, b, count_bytes)
                    continue
            if not line:
                line.append(c)
                break
            out += line
            out.append(10)
            line.clear()
            col = 0
    out += line
    return bytes(out)


def _bb_range(ctx: "CommandContext", prog: str, v: str, hi: int) -> int | None:
    """busybox's ``xatoul_range (v, 1, hi)``: the number, or None after its error."""
    if not v.isdigit():
        err(ctx, f"{prog}: invalid number '{v}'")
        return None
    if not 1 <= int(v) <= hi:
        err(ctx, f"{prog}: number {v} is not in 1..{hi} range")
        return None
    return int(v)


def _filter(ctx: "CommandContext", prog: str, names: list[str], fn) -> int:
    """Write ``fn(name, bytes)`` of each operand; 1 if one could not be read."""
    out = Out(ctx.stdout)
    rc = 0
    for name, data in _read_operands(ctx, prog, names):
        if data is None:
            rc = 1
            continue
        out.write(fn(name, data))
    out.flush()
    return rc


def _read_operands(ctx: "CommandContext", prog: str, names: list[str]):
    """Each operand's bytes (``-`` stdin), None where it cannot be read (the
    error printed): (name, data)."""
    for name in names or ["-"]:
        try:
            inp = open_input(ctx, name)
            if inp.endless:
                reads_forever(prog, name)
            try:
                data = inp.read_all()
            finally:
                inp.close()
        except OSError as e:
            err(ctx, f"{prog}: {name}: {strerror(e)}")
            yield name, None
            continue
        yield name, data


#: ``-WIDTH`` after the flags of its cluster (``-b2``); a ``2b`` is a bad width
_OBSOLETE_WIDTH = re.compile(r"-([bs]*)(\d[\d\D]*)")


@command("fold", usage="[OPTION]... [FILE]...")
def cmd_fold(ctx: "CommandContext") -> int:
    """``fold [-bs] [-w WIDTH] [FILE]...``: lines wrapped at WIDTH columns (80),
    tabs to the next multiple of 8, ``-b`` counting bytes, ``-s`` breaking after
    the last blank."""
    bb = userland(ctx) == "busybox"
    # the obsolete -WIDTH (fold.c's shortopts "bsw:0::1::2::...", busybox's too)
    argv: list[str] = []
    rest = ctx.argv[1:]
    for i, a in enumerate(rest):
        if a == "--":
            argv += rest[i:]
            break
        m = _OBSOLETE_WIDTH.fullmatch(a)
        if m is None or m[1] and bb:        # busybox's fold.c: a whole "-N" only
            argv.append(a)
        else:
            argv += ([f"-{m[1]}"] if m[1] else []) + [f"-w{m[2]}"]
    opts, names = getopt(argv, "bsw:", {"bytes": "b", "spaces": "s", "width=": "w"})
    width = 80
    for o, v in opts:
        if o == "w":
            if bb:
                if _bb_range(ctx, "fold", v, 10000) is None:
                    return 1
            elif not v.isdigit():
                err(ctx, f"fold: invalid number of columns: '{v}'")
                return 1
            elif int(v) == 0:
                err(ctx, f"fold: invalid number of columns: '{v}': Numerical result out of range")
                return 1
            width = int(v)
    flags = {o for o, _ in opts}
    return _filter(ctx, "fold", names, lambda _, data: _fold(data, width, "b" in flags, "s" in flags))


def _tab_stops(spec: str, bb: bool) -> list[int]:
    """expand's ``-t``: one size, or (coreutils) a list separated by commas or
    blanks. ValueError names what is wrong."""
    if bb:
        if not spec.isdigit() or int(spec) == 0:
            raise ValueError(f"invalid number '{spec}'")
        return [int(spec)]
    parts = [p for p in re.split(r"[,\s]+", spec) if p]
    if not parts or not all(p.isdigit() for p in parts):
        raise ValueError(f"tab size contains invalid character(s): '{spec}'")
    stops = [int(p) for p in parts]
    if any(s == 0 for s in stops):
        raise ValueError("tab size cannot be 0")
    if any(b <= a for a, b in zip(stops, stops[1:])):
        raise ValueError("tab sizes must be ascending")
    return stops


def _expand_line(line: bytes, stops: list[int], initial: bool, backspace: bool) -> bytes:
    """expand.c: each tab to spaces up to the next stop (one size: its multiples;
    a list: past its last stop, one space); ``-i`` only in the leading blanks; a
    backspace moves back a column (``backspace``: coreutils; busybox's expand.c
    counts it as any other character)."""
    out = bytearray()
    col = 0
    leading = True
    for c in line:
        if c == 9 and (leading or not initial):
            if len(stops) == 1:
                nxt = col + stops[0] - col % stops[0]
            else:
                nxt = next((s for s in stops if s > col), col + 1)
            out += b" " * (nxt - col)
            col = nxt
            continue
        if c == 8 and backspace:
            col = col - 1 if col > 0 else 0
        else:
            col += 1
        if c not in (32, 9):
            leading = False
        out.append(c)
    return bytes(out)


@command("expand", usage="[OPTION]... [FILE]...")
def cmd_expand(ctx: "CommandContext") -> int:
    """``expand [-i] [-t N|LIST] [FILE]...``: tabs to spaces (stops every 8)."""
    opts, names = getopt(ctx.argv[1:], "it:", {"initial": "i", "tabs=": "t"})
    bb = userland(ctx) == "busybox"
    stops = [_TAB]
    for o, v in opts:
        if o == "t":
            try:
                stops = _tab_stops(v, bb)
            except ValueError as e:
                err(ctx, f"expand: {e}")
                return 1
    initial = any(o == "i" for o, _ in opts)
    return _filter(ctx, "expand", names, lambda _, data: b"".join(
        _expand_line(line, stops, initial, not bb) for line in data.splitlines(keepends=True)))


#: a run of printable bytes (``ISPRINT`` or a tab: strings.c ``STRING_ISGRAPHIC``)
_PRINTABLE = re.compile(rb"[\t\x20-\x7e]+")


@command("strings", usage="[OPTION]... [FILE]...")
def cmd_strings(ctx: "CommandContext") -> int:
    """``strings [-a] [-f] [-o] [-n MIN] [-t o|d|x] [FILE]...``: each run of at
    least MIN (4) printable characters (a tab is one) on a line, ``-f`` after
    the file's name, ``-o``/``-t`` after its offset (``%7o``, ``%7d``,
    ``%7x``); the whole file is scanned."""
    opts, names = getopt(ctx.argv[1:], "afon:t:", {"all": "a", "print-file-name": "f",
                                                   "bytes=": "n", "radix=": "t"})
    least = 4
    radix = None
    name_first = False
    for o, v in opts:
        if o == "n":
            if userland(ctx) == "busybox":
                if _bb_range(ctx, "strings", v, 2147483647) is None:
                    return 1
            elif not v.isdigit() or int(v) == 0:
                err(ctx, f"strings: invalid minimum string length {v}")
                return 1
            least = int(v)
        elif o == "o":
            radix = "o"
        elif o == "t":
            if v not in ("o", "d", "x"):
                raise UsageError(f"invalid radix '{v}'")
            radix = v
        elif o == "f":
            name_first = True
    def found(name: str, data: bytes) -> bytes:
        prefix = f"{'{standard input}' if name == '-' else name}: ".encode() if name_first else b""
        return b"".join(prefix + (b"" if radix is None else ("%7" + radix + " ").encode() % m.start())
                        + m.group() + b"\n"
                        for m in _PRINTABLE.finditer(data) if m.end() - m.start() >= least)
    return _filter(ctx, "strings", names, found)
