"""``shuf`` (coreutils 9.1) with gnulib's random numbers, so that a
``--random-source=FILE`` gives the host's output byte for byte.

``randint_genmax`` (gnulib randint.c) draws bytes big-endian into a number and
keeps the leftover choices for the next draw; ``randperm_new`` (randperm.c) is
a Fisher-Yates walk of its first H places; with ``-n`` on input that is not a
regular file of 8 MiB or more, shuf.c's ``read_input_reservoir_sampling`` keeps
K lines (one draw per line past the K-th, and one at the end of the input).
Without ``--random-source`` the bytes come from the model's seeded
``/dev/urandom`` (GNU's come from ``getrandom`` through ISAAC): deterministic.
"""
from __future__ import annotations

import stat as S
from typing import TYPE_CHECKING

from ..context import Sleep
from ._util import (READ_SIZE, Out, UsageError, command, err, getopt, open_input, open_output,
                    quoteaf, quotef, raw_write, strerror)

if TYPE_CHECKING:
    from ..context import CommandContext

#: shuf.c: inputs this big or more (regular files) are read whole even with -n
RESERVOIR_MIN_INPUT = 8192 * 1024
#: seconds per 64 KiB of endless ``-r`` output (as ``yes``)
REPEAT_CHUNK_S = 1e-5


class _Eof(Exception):
    """The random source ran out (randread's ``end of file``)."""


class RandomSource:
    """gnulib's ``randint_source`` over a byte stream (``randread``)."""
    __slots__ = ("read", "randnum", "randmax")

    def __init__(self, read) -> None:
        self.read = read
        self.randnum = 0
        self.randmax = 0

    def genmax(self, genmax: int) -> int:
        """``randint_genmax``: uniform in 0..genmax."""
        randnum, randmax = self.randnum, self.randmax
        choices = genmax + 1
        while True:
            if randmax < genmax:
                n = 0
                rmax = randmax
                while rmax < genmax:
                    rmax = (rmax << 8) + 255
                    n += 1
                buf = self.read(n)
                if len(buf) < n:
                    raise _Eof()
                for b in buf:
                    randnum = (randnum << 8) + b
                    randmax = (randmax << 8) + 255
            if randmax == genmax:
                self.randnum = self.randmax = 0
                return randnum
            excess = randmax - genmax
            unusable = excess % choices
            last_usable = randmax - unusable
            reduced = randnum % choices
            if randnum <= last_usable:
                self.randnum = randnum // choices
                self.randmax = excess // choices
                return reduced
            randnum, randmax = reduced, unusable

    def choose(self, n: int) -> int:
        """``randint_choose``: uniform in 0..n-1."""
        return self.genmax(n - 1)

    def perm(self, h: int, n: int) -> list[int]:
        """``randperm_new``: the first ``h`` places of a random permutation of n."""
        if h == 0:
            return []
        if h == 1:
            return [self.choose(n)]
        v: dict[int, int] = {}
        out = []
        for i in range(h):
            j = self.choose(n - i) + i
            vi, vj = v.get(i, i), v.get(j, j)
            v[j] = vi
            out.append(vj)
        return out


def _range(s: str) -> tuple[int, int] | None:
    lo, dash, hi = s.partition("-")
    if not dash or not lo.isdigit() or not hi.isdigit() or int(hi) + 1 < int(lo):
        return None
    return int(lo), int(hi)


@command("shuf", usage="[OPTION]... [FILE]")
def cmd_shuf(ctx: "CommandContext"):
    """``shuf [-e ARG... | -i LO-HI | FILE] [-n COUNT] [-r] [-z] [-o FILE]
    [--random-source=FILE]`` (see the module doc)."""
    opts, args = getopt(ctx.argv[1:], "ei:n:o:rz", {
        "echo": "e", "input-range=": "i", "head-count=": "n", "output=": "o",
        "random-source=": "R", "repeat": "r", "zero-terminated": "z"})
    echo = rng = None
    head = None
    out_name = source = None
    repeat = False
    eol = b"\n"
    for o, v in opts:
        if o == "e":
            echo = True
        elif o == "i":
            if rng is not None:
                raise UsageError("multiple -i options specified")
            rng = _range(v)
            if rng is None:
                err(ctx, f"shuf: invalid input range: {quoteaf(v)}")
                return 1
        elif o == "n":
            if not v.strip().isdigit():
                err(ctx, f"shuf: invalid line count: {quoteaf(v)}")
                return 1
            head = int(v) if head is None else min(head, int(v))
        elif o == "o":
            out_name = v
        elif o == "R":
            source = v
        elif o == "r":
            repeat = True
        elif o == "z":
            eol = b"\0"
    if echo and rng is not None:
        raise UsageError("cannot combine -e and -i options")
    if rng is not None and args:
        raise UsageError(f"extra operand {quoteaf(args[0])}")
    if not echo and rng is None and len(args) > 1:
        raise UsageError(f"extra operand {quoteaf(args[1])}")
    lines: list[bytes] | None = None
    if echo:
        lines = [a.encode("utf-8", "surrogateescape") for a in args]
    rand = _source(ctx, source)
    if rand is None:
        return 1
    try:
        if head == 0:
            return _write(ctx, out_name, [], eol)
        if rng is not None:
            n = rng[1] - rng[0] + 1
            items = None
        else:
            if lines is None:
                lines = _read_lines(ctx, args[0] if args else "-", eol, head, repeat, rand)
                if lines is None:
                    return 1
            n = len(lines)
            items = lines
        if repeat:
            if n == 0:
                if items is not None:
                    err(ctx, "shuf: no lines to repeat")
                    return 1
            return _repeat(ctx, out_name, rand, items, rng, n, head, eol, source)
        h = n if head is None else min(head, n)
        perm = rand.perm(h, n)
    except _Eof:
        err(ctx, f"shuf: {quoteaf(source or '/dev/urandom')}: end of file")
        return 1
    picked = [items[i] for i in perm] if items is not None else [
        str(rng[0] + i).encode() for i in perm]
    return _write(ctx, out_name, picked, eol)


def _source(ctx: "CommandContext", name: str | None) -> RandomSource | None:
    """The random bytes: ``--random-source``'s file, else /dev/urandom."""
    try:
        inp = open_input(ctx, name or "/dev/urandom")
    except OSError as e:
        err(ctx, f"shuf: {quotef(name or '/dev/urandom')}: {strerror(e)}")
        return None
    buf = bytearray()

    def read(n: int) -> bytes:
        while len(buf) < n:
            b = inp.read(READ_SIZE if name else max(n, 64))
            if not b:
                break
            buf.extend(b)
        got = bytes(buf[:n])
        del buf[:n]
        return got
    return RandomSource(read)


def _read_lines(ctx: "CommandContext", name: str, eol: bytes, head: int | None,
                repeat: bool, rand: RandomSource) -> list[bytes] | None:
    try:
        inp = open_input(ctx, name)
    except OSError as e:
        err(ctx, f"shuf: {quotef(name)}: {strerror(e)}")
        return None
    try:
        size = _input_size(ctx, name, inp) if head is not None and not repeat else 0
        reservoir = size < 0 or size >= RESERVOIR_MIN_INPUT
        it = inp.lines(eol)
        if not reservoir:
            return list(it)
        return _reservoir(it, head, rand)
    except OSError as e:
        err(ctx, f"shuf: read error: {strerror(e)}")
        return None
    finally:
        inp.close()


def _input_size(ctx: "CommandContext", name: str, inp) -> int:
    """shuf.c ``input_size``: a regular file's size, -1 for anything else (a
    pipe)."""
    inode = getattr(inp.f, "inode", None)
    if inode is not None:
        return inode.size
    if inp.is_stdin:
        return -1
    try:
        st = ctx.sys.stat(ctx.path(name), ctx.task)
    except OSError:
        return -1
    return st.st_size if S.S_ISREG(st.st_mode) else -1


def _reservoir(it, k: int, rand: RandomSource) -> list[bytes]:
    """``read_input_reservoir_sampling``: the first K lines, then for each later
    line (and once more at the end) a draw in 0..n saying which to replace."""
    rsrv: list[bytes] = []
    for line in it:
        rsrv.append(line)
        if len(rsrv) == k:
            break
    else:
        return rsrv
    n = k
    while True:
        j = rand.choose(n + 1)
        line = next(it, None)
        if line is None:
            break
        if j < k:
            rsrv[j] = line
        n += 1
    return rsrv


def _write(ctx: "CommandContext", out_name: str | None, lines: list[bytes], eol: bytes) -> int:
    data = b"".join(x + eol for x in lines)
    if out_name is None:
        raw_write(ctx.stdout, data)
        return 0
    try:
        f = open_output(ctx, out_name, "w")
        f.write(data)
        f.close()
    except OSError as e:
        err(ctx, f"shuf: {quotef(out_name)}: {strerror(e)}")
        return 1
    return 0


def _repeat(ctx: "CommandContext", out_name, rand: RandomSource, items, rng, n: int,
            head: int | None, eol: bytes, source: str | None):
    """``-r``: ``head`` draws (forever without -n), written 64 KiB at a time."""
    def pick() -> bytes:
        i = rand.choose(n)
        return (items[i] if items is not None else str(rng[0] + i).encode()) + eol
    if head is not None:
        try:
            lines = [pick() for _ in range(head)]
        except _Eof:
            err(ctx, f"shuf: {quoteaf(source or '/dev/urandom')}: end of file")
            return 1
        return _write(ctx, out_name, [x[:-1] for x in lines], eol)
    return _forever(ctx, pick)


def _forever(ctx: "CommandContext", pick):
    out = Out(ctx.stdout, 65536)
    while True:
        for _ in range(4096):
            out.write(pick())
        out.flush()
        yield Sleep(REPEAT_CHUNK_S)



