"""File-space tools: util-linux ``fallocate`` (with util-linux's size parser and
human-readable sizes)."""
from __future__ import annotations

import errno
import re
from typing import TYPE_CHECKING

from ._util import UsageError, command, err, getopt, raw_write, strerror
from ...fs.vfs import FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE

if TYPE_CHECKING:
    from ..context import CommandContext

UINTMAX = 2 ** 64 - 1
_STRTOUMAX = re.compile(r"[ \t\n\v\f\r]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")


def _strtoumax(s: str, pos: int = 0) -> tuple[int, int] | None:
    """``strtoumax(s + pos, &end, 0)``: (value, end), None when nothing parses or
    it overflows (ERANGE)."""
    m = _STRTOUMAX.match(s, pos)
    if not m:
        return None
    d = m.group(1)
    v = int(d, 16) if d[1:2] in ("x", "X") else int(d, 8) if d[:1] == "0" else int(d)
    return None if v > UINTMAX else (v, m.end())


def parse_size(s: str) -> int:
    """util-linux's ``parse_size`` (lib/strutils.c): a C number (``0x10``, ``010``
    octal), an optional fraction, a suffix ``K M G T P E Z Y`` (either case) with
    ``iB`` (1024) or ``B`` (1000); ValueError for anything else, a negative number
    or a result past 2^64 - 1. A fraction counts digit by digit from the last, as
    the C does (``1.999K`` is 2150)."""
    t = s.lstrip(" \t\n\v\f\r")
    if not s or t[:1] == "-":
        raise ValueError(s)
    r = _strtoumax(s)
    if r is None:
        raise ValueError(s)
    x, p = r
    if p == len(s):
        return x
    base, frac, frac_zeros = 1024, 0, 0
    while True:
        rest = s[p + 1:]
        if rest in ("iB", "ib"):
            base = 1024
        elif rest in ("B", "b"):
            base = 1000
        elif rest:
            if frac == 0 and s[p] == ".":
                q = p + 1
                while q < len(s) and s[q] == "0":
                    frac_zeros += 1
                    q += 1
                if q < len(s) and s[q].isdigit():
                    r = _strtoumax(s, q)
                    if r is None:
                        raise ValueError(s)
                    frac, q = r
                if q == len(s):
                    raise ValueError(s)     # a fraction with no suffix
                p = q
                continue
            raise ValueError(s)
        break
    c = s[p].upper()
    pwr = "KMGTPEZY".find(c) + 1
    if not pwr:
        raise ValueError(s)
    x *= base ** pwr
    if x > UINTMAX:
        raise ValueError(s)
    if frac:
        frac_base = base ** pwr
        frac_div, frac_poz = 10, 1
        while frac_div < frac:
            frac_div *= 10
        frac_div *= 10 ** frac_zeros
        while True:
            seg = frac % 10
            seg_div = frac_div // frac_poz
            frac //= 10
            if seg and seg_div // seg:
                x += frac_base // (seg_div // seg)
            frac_poz *= 10
            if not frac:
                break
    return x


def human_size(n: int) -> str:
    """util-linux's ``size_to_human_string(SIZE_SUFFIX_3LETTER | SIZE_SUFFIX_SPACE)``:
    ``1 B``, ``1.5 KiB``, ``953.7 MiB`` (one decimal, rounded 4/5 from three)."""
    exp = 0
    while exp < 60 and n >= 1 << (exp + 10):
        exp += 10
    letter = "BKMGTPE"[exp // 10]
    suffix = " B" if letter == "B" else f" {letter}iB"
    dec, frac = (n >> exp, n & ((1 << exp) - 1)) if exp else (n, 0)
    if frac:
        frac = (frac * 1000) >> exp
        frac = (frac + 50) // 100 * 10
        if frac == 100:
            dec, frac = dec + 1, 0
    if frac:
        return f"{dec}.{frac // 10}{suffix}"
    return f"{dec}{suffix}"


_FALLOC_MODES = {"c": "collapse-range", "d": "dig-holes", "i": "insert-range",
                 "p": "punch-hole", "z": "zero-range"}
_FALLOC_LONG = dict(_FALLOC_MODES, n="keep-size", x="posix")
#: fallocate.c's ``excl`` table as util-linux 2.38.1 behaves (its third row is not
#: in ASCII order, so ``-x`` conflicts only with options given before it)
_FALLOC_EXCL = ("cdpz", "cn", "xcdinpz")


def exclusive_options(c: str, excl, status: list[str], long: dict[str, str]) -> None:
    """util-linux's ``err_exclusive_options`` (include/optutils.h): UsageError when
    ``c`` shares a row of ``excl`` with an option seen before (``status``)."""
    for e, row in enumerate(excl):
        if row[0] > c:
            break
        for op in row:
            if op > c:
                break
            if op != c:
                continue
            if not status[e]:
                status[e] = c
            elif status[e] != c:
                raise UsageError("mutually exclusive arguments: "
                                 + " ".join(f"--{long[o]}" for o in row), hint=False)
            break


@command("fallocate", usage="[options] <filename>")
def cmd_fallocate(ctx: "CommandContext") -> int:
    """util-linux ``fallocate [-n] [-p] [-x] [-v] [-o OFFSET] -l LENGTH FILE``: opens
    FILE read-write (created, mode 0644, unless a mode option is given) and calls
    ``fallocate(2)`` (the file's ``fallocate``: fs/vfs.py ``RegularFile``); ``-x``
    is ``posix_fallocate(3)``, the same call there. On tmpfs the range's pages are
    charged to the caller's memcg as shmem; ``-p`` punches a hole (pages leave the
    cache). ``-z``, ``-c`` and ``-i`` on tmpfs fail as the kernel's
    (``Operation not supported``); on ext4, and ``-d`` anywhere, they are not
    modelled. Messages and status 1 as util-linux 2.38's."""
    opts, args = getopt(ctx.argv[1:], "cdil:no:pzxvV", {
        "collapse-range": "c", "dig-holes": "d", "insert-range": "i", "length=": "l",
        "keep-size": "n", "offset=": "o", "punch-hole": "p", "zero-range": "z",
        "posix": "x", "verbose": "v", "version": "V"})
    length = offset = None
    keep = verbose = posix = False
    modes: list[str] = []
    status = ["", "", ""]
    for o, v in opts:
        if o in _FALLOC_LONG:
            exclusive_options(o, _FALLOC_EXCL, status, _FALLOC_LONG)
        if o == "l":
            length = v
        elif o == "o":
            offset = v
        elif o == "n":
            keep = True
        elif o == "v":
            verbose = True
        elif o == "x":
            posix = True
        elif o == "V":
            raw_write(ctx.stdout, b"fallocate from util-linux 2.38.1\n")
            return 0
        elif o in _FALLOC_MODES and o not in modes:
            modes.append(o)
    if not args:
        raise UsageError("no filename specified", hint=False)
    if len(args) > 1:
        raise UsageError("unexpected number of arguments", hint=False)
    name = args[0]
    nlen = _cvtnum(length) if length is not None else -2
    if "d" not in modes:
        if nlen == -2:
            raise UsageError("no length argument specified", hint=False)
        if nlen <= 0:
            raise UsageError("invalid length value specified", hint=False)
    noff = _cvtnum(offset) if offset is not None else 0
    if noff < 0:
        raise UsageError("invalid offset value specified", hint=False)
    mode = FALLOC_FL_KEEP_SIZE if keep else 0
    if "p" in modes:
        mode |= FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE
    for c in modes:
        mode |= {"z": 0x10, "c": 0x08, "i": 0x20}.get(c, 0)
    try:
        f = ctx.sys.open(ctx.path(name), "r+", ctx.task)
    except OSError as e:
        f = None
        if e.errno != errno.ENOENT or mode or "d" in modes:
            err(ctx, f"fallocate: cannot open {name}: {strerror(e)}")
            return 1
    if "d" in modes:
        f.close()
        err(ctx, "fallocate: --dig-holes is not modelled")
        return 1
    try:
        if f is None:
            f = ctx.sys.open(ctx.path(name), "a", ctx.task)     # O_CREAT, 0644
        f.fallocate(0 if posix else mode, noff, nlen)
    except OSError as e:
        if f is None:
            err(ctx, f"fallocate: cannot open {name}: {strerror(e)}")
        elif mode & FALLOC_FL_PUNCH_HOLE and e.errno == errno.EOPNOTSUPP:
            err(ctx, "fallocate: fallocate failed: keep size mode is unsupported")
        else:
            err(ctx, f"fallocate: fallocate failed: {strerror(e)}")
        return 1
    except NotImplementedError:
        opt = _FALLOC_MODES[modes[0]]
        err(ctx, f"fallocate: --{opt} on this filesystem is not modelled")
        return 1
    finally:
        if f is not None:
            f.close()
    if verbose:
        raw_write(ctx.stdout, f"{name}: {human_size(nlen)} ({nlen} bytes) allocated.\n".encode())
    return 0


def _cvtnum(s: str) -> int:
    """fallocate's ``cvtnum``: the size as a C ``loff_t`` (negative past 2^63 - 1),
    -1 when it does not parse."""
    try:
        x = parse_size(s)
    except ValueError:
        return -1
    return x - 2 ** 64 if x >= 2 ** 63 else x
