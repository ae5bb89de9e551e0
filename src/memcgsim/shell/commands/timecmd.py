"""``time`` as a program (GNU time 1.9: ``/usr/bin/time``, ``command time``): the
command forked, waited for, and its resource use printed to stderr in the
format of ``-f``, ``-p`` (POSIX) or the default. The elapsed time is the
simulated clock's; the model keeps no CPU time, faults, I/O counts or peak
RSS per process, so those read 0 (bash's ``time`` keyword prints 0 user and
sys for the same reason)."""
from __future__ import annotations

import errno
from types import GeneratorType
from typing import TYPE_CHECKING, Generator

from ._util import command, open_output, strerror
from .procutils import run_command

if TYPE_CHECKING:
    from ..context import CommandContext

DEFAULT_FORMAT = ("%Uuser %Ssystem %Eelapsed %PCPU (%Xavgtext+%Davgdata %Mmaxresident)k\n"
                  "%Iinputs+%Ooutputs (%Fmajor+%Rminor)pagefaults %Wswaps")
POSIX_FORMAT = "real %e\nuser %U\nsys %S"
#: specifiers of what the model does not count: 0
_ZERO = set("DFIKMORWXcfkprstw")


def _secs(x: float) -> tuple[int, int]:
    """Whole seconds and hundredths, truncated as time.c prints them."""
    usec = round(x * 1e6)
    return usec // 1_000_000, usec % 1_000_000 // 10_000


def render(fmt: str, elapsed: float, status: int, argv: list[str], pagesize: int) -> str:
    """time.c ``summarize``: ``%`` specifiers and ``\\`` escapes of ``fmt``."""
    out = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        i += 1
        if c == "\\" and i < len(fmt):
            e = fmt[i]
            i += 1
            out.append({"n": "\n", "t": "\t", "\\": "\\"}.get(e, "?\\" + e))
            continue
        if c != "%" or i >= len(fmt):
            out.append(c)
            continue
        s = fmt[i]
        i += 1
        sec, hund = _secs(elapsed)
        if s == "%":
            out.append("%")
        elif s == "e":
            out.append(f"{sec}.{hund:02d}")
        elif s == "E":
            h, m = sec // 3600, sec // 60 % 60
            out.append(f"{h}:{m:02d}:{sec % 60:02d}" if h else f"{m}:{sec % 60:02d}.{hund:02d}")
        elif s in "US":
            out.append("0.00")
        elif s == "P":
            out.append("0%" if elapsed > 0 else "?%")
        elif s == "x":
            out.append(str(status))
        elif s == "C":
            out.append(" ".join(argv))
        elif s == "Z":
            out.append(str(pagesize))
        elif s in _ZERO:
            out.append("0")
        else:
            out.append("?" + s)
    return "".join(out)


@command("time", usage="[OPTIONS] COMMAND [ARG]...", std_opts=False)
def cmd_time(ctx: "CommandContext"):
    """``time [-p] [-f FORMAT] [-o FILE [-a]] [-q] COMMAND [ARG]...`` (see the
    module doc). ``-v`` is not modelled."""
    prog = ctx.argv[0]
    args = ctx.argv[1:]
    fmt = DEFAULT_FORMAT
    outfile = None
    append = quiet = False
    while args and args[0].startswith("-") and args[0] != "-":
        a = args.pop(0)
        if a == "--":
            break
        if a in ("-p", "--portability"):
            fmt = POSIX_FORMAT
        elif a in ("-f", "-o") or a.startswith(("--format=", "--output=")):
            val = a.partition("=")[2] if a.startswith("--") else (args.pop(0) if args else None)
            if val is None:
                ctx.stderr.write(f"{prog}: option requires an argument -- '{a[1]}'\n"
                                 f"Try '{prog} --help' for more information.\n")
                return 125
            if a in ("-f",) or a.startswith("--format="):
                fmt = val
            else:
                outfile = val
        elif a in ("-a", "--append"):
            append = True
        elif a in ("-q", "--quiet"):
            quiet = True
        elif a in ("-v", "--verbose"):
            ctx.stderr.write(f"{prog}: -v is not modelled (memcgsim)\n")
            return 125
        else:
            ctx.stderr.write(f"{prog}: invalid option -- '{a[1:2]}'\n"
                             f"Try '{prog} --help' for more information.\n")
            return 125
    if not args:
        ctx.stderr.write(f"{prog}: missing program to run\n"
                         f"Try '{prog} --help' for more information.\n")
        return 125
    return _time(ctx, prog, args, fmt, outfile, append, quiet)


def _time(ctx: "CommandContext", prog: str, args: list[str], fmt: str, outfile: str | None,
          append: bool, quiet: bool) -> Generator:
    start = ctx.sys.now
    try:
        r = run_command(ctx, args)
        st = (yield from r) if type(r) is GeneratorType else r
    except OSError as e:
        ctx.stderr.write(f"{prog}: cannot run {args[0]}: {strerror(e)}\n")
        st = 127 if e.errno == errno.ENOENT else 126
    elapsed = ctx.sys.now - start
    lines = ""
    if st > 128 and not quiet:
        lines = f"Command terminated by signal {st - 128}\n"
    elif st and not quiet:
        lines = f"Command exited with non-zero status {st}\n"
    text = lines + render(fmt, elapsed, st, args, int(getattr(ctx.sys, "page_size", 4096) or 4096)) + "\n"
    data = text.encode("utf-8", "surrogateescape")
    if outfile is None:
        ctx.stderr.write(text)
    else:
        try:
            f = open_output(ctx, outfile, "a" if append else "w")
            f.write(data)
            f.close()
        except OSError as e:
            ctx.stderr.write(f"{prog}: couldn't open {outfile}: {strerror(e)}\n")
    return st
