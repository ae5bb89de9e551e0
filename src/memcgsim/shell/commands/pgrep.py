"""``pgrep``, ``pkill`` (procps-ng) and ``pidof``, read from ``/proc`` as they are:
a process's name is ``/proc/PID/comm``, its command line ``/proc/PID/cmdline``."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ._util import UsageError, command, err, getopt, raw_write
from .posixre import translate
from .procutils import parse_signal

if TYPE_CHECKING:
    from ..context import CommandContext


def _processes(ctx: "CommandContext") -> list[tuple[int, str, str]]:
    """(pid, comm, command line) of every process, by pid."""
    out = []
    try:
        names = ctx.sys.listdir("/proc", ctx.task)
    except OSError:
        return out
    for n in names:
        if not n.isdigit():
            continue
        try:
            comm = ctx.sys.read(f"/proc/{n}/comm", ctx.task).rstrip("\n")
            cmdline = ctx.sys.read(f"/proc/{n}/cmdline", ctx.task)
        except OSError:
            continue        # gone meanwhile
        out.append((int(n), comm, " ".join(a for a in cmdline.split("\0") if a) or comm))
    return sorted(out)


def _matching(ctx: "CommandContext", prog: str, argv: list[str], short: str, long: dict):
    opts, args = getopt(argv, short, {"full": "f", "exact": "x", "count": "c",
                                      "list-name": "l", "list-full": "a", "newest": "n",
                                      "oldest": "o", "signal=": "s", **long})
    flags = {o: v for o, v in opts}
    if len(args) != 1:
        raise UsageError("no matching criteria specified" if not args
                         else "only one pattern can be provided")
    try:
        rx = re.compile(translate(args[0], "ere"))
    except re.error as e:
        raise UsageError(f"invalid regular expression: {e}", hint=False) from None
    full = "f" in flags
    match = rx.fullmatch if "x" in flags else rx.search
    procs = [p for p in _processes(ctx)
             if p[0] != ctx.task.pid and match(p[2] if full else p[1])]
    if procs and ("n" in flags or "o" in flags):
        procs = [procs[-1] if "n" in flags else procs[0]]
    return flags, procs


@command("pgrep", usage="[options] <pattern>", usage_status=2)
def cmd_pgrep(ctx: "CommandContext") -> int:
    """``pgrep [-f] [-x] [-l | -a] [-c] [-n | -o] PATTERN``."""
    flags, procs = _matching(ctx, "pgrep", ctx.argv[1:], "fxclano", {})
    if "c" in flags:
        raw_write(ctx.stdout, f"{len(procs)}\n".encode())
    else:
        lines = [f"{pid} {cmd if 'a' in flags else comm}" if ("l" in flags or "a" in flags)
                 else str(pid) for pid, comm, cmd in procs]
        raw_write(ctx.stdout, "".join(ln + "\n" for ln in lines).encode())
    return 0 if procs else 1


@command("pkill", usage="[options] <pattern>", usage_status=2)
def cmd_pkill(ctx: "CommandContext") -> int:
    """``pkill [-SIGNAL | --signal SIG] [-f] [-x] [-c] [-n | -o] PATTERN``."""
    argv = list(ctx.argv[1:])
    sig = 15
    if argv and argv[0].startswith("-") and parse_signal(argv[0][1:]) is not None:
        sig = parse_signal(argv.pop(0)[1:])
    flags, procs = _matching(ctx, "pkill", argv, "fxcnos:", {})
    if "s" in flags:
        sig = parse_signal(flags["s"])
        if sig is None:
            raise UsageError(f"Unknown signal \"{flags['s']}\".", hint=False)
    sent = 0
    for pid, _, _ in procs:
        try:
            ctx.sys.kill(pid, sig, sender=ctx.task)
            sent += 1
        except OSError as e:
            err(ctx, f"pkill: killing pid {pid} failed: {e.strerror}")
    if "c" in flags:
        raw_write(ctx.stdout, f"{sent}\n".encode())
    return 0 if sent else 1


@command("pidof", usage="[options] [program [...]]")
def cmd_pidof(ctx: "CommandContext") -> int:
    """``pidof [-s] NAME...``: pids whose name (or first argument's basename) is NAME,
    newest first."""
    opts, names = getopt(ctx.argv[1:], "sxo:", {})
    single = any(o == "s" for o, _ in opts)
    found = []
    for pid, comm, cmd in reversed(_processes(ctx)):
        arg0 = cmd.split(" ", 1)[0].rsplit("/", 1)[-1]
        if pid != ctx.task.pid and (comm in names or arg0 in names):
            found.append(pid)
            if single:
                break
    if found:
        raw_write(ctx.stdout, (" ".join(map(str, found)) + "\n").encode())
    return 0 if found else 1
