"""``time`` as a program: GNU time 1.9 (``/usr/bin/time``, ``command time``) and,
under the busybox userland, busybox 1.35's applet (miscutils/time.c): the command
forked, waited for, and its resource use printed to stderr in the format of
``-f``, ``-p`` (POSIX) or the default. The elapsed time is the simulated
clock's; the faults and the peak RSS are the child's as ``wait4`` reports them
(its and its reaped children's ``min_flt``/``maj_flt``, ``maxrss``: kernel/fork.py
``Task``); the model keeps no CPU time, I/O counts or context switches, so those
read 0 (bash's ``time`` keyword prints 0 user and sys for the same reason)."""
from __future__ import annotations

import errno
from types import GeneratorType
from typing import TYPE_CHECKING, Generator, NamedTuple

from ._util import UsageError, command, open_output, strerror
from .procutils import run_command
from .userland import quirk

if TYPE_CHECKING:
    from ..context import CommandContext

DEFAULT_FORMAT = ("%Uuser %Ssystem %Eelapsed %PCPU (%Xavgtext+%Davgdata %Mmaxresident)k\n"
                  "%Iinputs+%Ooutputs (%Fmajor+%Rminor)pagefaults %Wswaps")
POSIX_FORMAT = "real %e\nuser %U\nsys %S"
#: specifiers of what the model does not count: 0
_ZERO = set("DIKOWXcfkprstw")
#: busybox's formats (miscutils/time.c ``default_format``, ``posix_format``,
#: ``long_format``)
BB_FORMAT = "real\t%E\nuser\t%u\nsys\t%T"
BB_LONG = ("\tCommand being timed: \"%C\"\n\tUser time (seconds): %U\n\tSystem time (seconds): %S\n"
           "\tPercent of CPU this job got: %P\n\tElapsed (wall clock) time (h:mm:ss or m:ss): %E\n"
           "\tAverage shared text size (kbytes): %X\n\tAverage unshared data size (kbytes): %D\n"
           "\tAverage stack size (kbytes): %p\n\tAverage total size (kbytes): %K\n"
           "\tMaximum resident set size (kbytes): %M\n\tAverage resident set size (kbytes): %t\n"
           "\tMajor (requiring I/O) page faults: %F\n\tMinor (reclaiming a frame) page faults: %R\n"
           "\tVoluntary context switches: %w\n\tInvoluntary context switches: %c\n\tSwaps: %W\n"
           "\tFile system inputs: %I\n\tFile system outputs: %O\n\tSocket messages sent: %s\n"
           "\tSocket messages received: %r\n\tSignals delivered: %k\n\tPage size (bytes): %Z\n"
           "\tExit status: %x")


class Rusage(NamedTuple):
    """What ``wait4`` tells of the timed child (``ru_minflt``, ``ru_majflt``;
    ``ru_maxrss`` in kB) and the elapsed seconds."""
    minflt: int
    majflt: int
    maxrss: int
    elapsed: float


def _children(task) -> tuple[int, int, int]:
    """``getrusage(RUSAGE_CHILDREN)``'s faults and maxrss (pages) of ``task``:
    what its reaped children added (kernel/sys.c ``getrusage``)."""
    if task is None:
        return 0, 0, 0
    return task.cmin_flt, task.cmaj_flt, task.cmaxrss


def _secs(x: float) -> tuple[int, int]:
    """Whole seconds and hundredths, truncated as time.c prints them."""
    usec = round(x * 1e6)
    return usec // 1_000_000, usec % 1_000_000 // 10_000


def render(fmt: str, ru: Rusage, status: int, argv: list[str], pagesize: int) -> str:
    """time.c ``summarize``: ``%`` specifiers and ``\\`` escapes of ``fmt``."""
    elapsed = ru.elapsed
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
        elif s in "FMR":
            out.append(str(ru.majflt if s == "F" else ru.maxrss if s == "M" else ru.minflt))
        elif s in _ZERO:
            out.append("0")
        else:
            out.append("?" + s)
    return "".join(out)


def _ms(sec: int, ms: int) -> str:
    """busybox's ``%um %u.%02us`` (``%uh %um %02us`` from an hour)."""
    if sec >= 3600:
        return f"{sec // 3600}h {sec % 3600 // 60}m {sec % 60:02d}s"
    return f"{sec // 60}m {sec % 60}.{ms // 10 % 100:02d}s"


def bb_render(fmt: str, ru: Rusage, code: int, argv: list[str], pagesize: int) -> str:
    """busybox time.c ``summarize``: its ``%`` specifiers (an unknown one, ``%%``
    and a ``\\`` print nothing: the cases under NOT_NEEDED_YET), ``%M`` the
    maxrss in kB taken for pages (``ptok``), and a newline after."""
    ms = int(ru.elapsed * 1000)
    vals = {"C": " ".join(argv), "E": _ms(ms // 1000, ms), "e": f"{ms // 1000}.{ms // 10 % 100:02d}",
            "F": str(ru.majflt), "R": str(ru.minflt), "M": str(ru.maxrss * pagesize // 1024),
            "P": "0%" if ms > 0 else "?%", "S": "0.00", "U": "0.00", "T": _ms(0, 0), "u": _ms(0, 0),
            "x": str(code), "Z": str(pagesize)}
    out = []
    i = 0
    while i < len(fmt):
        c = fmt[i]
        i += 1
        if c == "%":
            s = fmt[i:i + 1]
            i += 1
            out.append(vals.get(s, "0" if s in _ZERO else ""))
        elif c != "\\":
            out.append(c)
    return "".join(out) + "\n"


@command("time", usage="[OPTIONS] COMMAND [ARG]...", std_opts=False)
def cmd_time(ctx: "CommandContext"):
    """``time [-p] [-f FORMAT] [-o FILE [-a]] [-q] COMMAND [ARG]...`` (see the
    module doc); busybox's ``time [-vpa] [-f FMT] [-o FILE] PROG ARGS`` under its
    userland. GNU's ``-v`` is not modelled."""
    if quirk(ctx, "time.busybox"):
        return _bb_time(ctx)
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


def _run(ctx: "CommandContext", args: list[str], cant_run: str, vfork: bool = False) -> Generator:
    """Run and wait for ``args`` (in a vforked child: busybox's ``xvfork``):
    (status, :class:`Rusage`); ``cant_run``: the message (``{a}`` the program,
    ``{e}`` the error) when it cannot start."""
    start = ctx.sys.now
    if ctx.task is not None:
        ctx.task.rusage = True      # its children's peaks kept (kernel/fork.py Task.rusage)
    before = _children(ctx.task)
    try:
        r = run_command(ctx, args, vfork=vfork)
        st = (yield from r) if type(r) is GeneratorType else r
    except OSError as e:
        ctx.stderr.write(cant_run.format(a=args[0], e=strerror(e)) + "\n")
        st = 127 if e.errno == errno.ENOENT else 126
    after = _children(ctx.task)
    ru = Rusage(after[0] - before[0], after[1] - before[1], after[2] * 4, ctx.sys.now - start)
    return st, ru


def _summary(st: int) -> str:
    """Both tools' line for a command that failed or was killed."""
    if st > 128:
        return f"Command terminated by signal {st - 128}\n"
    return f"Command exited with non-zero status {st}\n" if st else ""


def _write(ctx: "CommandContext", prog: str, text: str, outfile: str | None, append: bool) -> None:
    """The summary to stderr, or to ``outfile`` (``-o``, ``-a``)."""
    if outfile is None:
        ctx.stderr.write(text)
        return
    try:
        f = open_output(ctx, outfile, "a" if append else "w")
        f.write(text.encode("utf-8", "surrogateescape"))
        f.close()
    except OSError as e:
        ctx.stderr.write(f"{prog}: couldn't open {outfile}: {strerror(e)}\n")


def _pagesize(ctx: "CommandContext") -> int:
    return int(getattr(ctx.sys, "page_size", 4096) or 4096)


def _time(ctx: "CommandContext", prog: str, args: list[str], fmt: str, outfile: str | None,
          append: bool, quiet: bool) -> Generator:
    st, ru = yield from _run(ctx, args, f"{prog}: cannot run {{a}}: {{e}}")
    text = ("" if quiet else _summary(st)) + render(fmt, ru, st, args, _pagesize(ctx)) + "\n"
    _write(ctx, prog, text, outfile, append)
    return st


def _bb_time(ctx: "CommandContext") -> Generator:
    """busybox's ``time_main``: getopt32 ``^+vpao:f:`` with at least one operand
    (its bad options: :func:`command`'s busybox path), ``$TIME`` the default's
    stand-in, ``-v`` the long format, ``-p`` the POSIX one; the child's exec
    failure its own message and 127; the status the child's exit code or its
    killing signal's number."""
    args = ctx.argv[1:]
    fmt = ctx.env.get("TIME") or BB_FORMAT
    outfile = None
    append = verbose = posix = False
    while args and args[0].startswith("-") and args[0] != "-":
        a = args.pop(0)
        if a == "--":
            break
        j = 1
        while j < len(a):
            c = a[j]
            j += 1
            if c in "of":
                val = a[j:] or (args.pop(0) if args else "")
                j = len(a)
                if c == "o":
                    outfile = val
                else:
                    fmt = val
            else:
                verbose |= c == "v"
                posix |= c == "p"
                append |= c == "a"
    if not args:
        raise UsageError("")
    return _bb_timed(ctx, args, POSIX_FORMAT if posix else BB_LONG if verbose else fmt, outfile, append)


def _bb_timed(ctx: "CommandContext", args: list[str], fmt: str, outfile: str | None,
              append: bool) -> Generator:
    """busybox's ``run_command`` and ``summarize``."""
    st, ru = yield from _run(ctx, args, "time: can't execute '{a}': {e}", vfork=True)
    code = st - 128 if st > 128 else st
    text = _summary(st) + bb_render(fmt, ru, 0 if st > 128 else st, args, _pagesize(ctx))
    _write(ctx, "time", text, outfile, append)
    return code
