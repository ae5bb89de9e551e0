"""``ps``, ``pgrep``, ``pkill`` (procps-ng) and ``pidof``, read from ``/proc`` as they
are: a process's name is ``/proc/PID/comm``, its command line ``/proc/PID/cmdline``,
its parent and resident memory ``/proc/PID/status``."""
from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from ._util import UsageError, command, err, getopt, raw_write
from .posixre import translate
from .procutils import parse_signal
from .sysutils import BOOT_EPOCH

if TYPE_CHECKING:
    from ..context import CommandContext


def _processes(ctx: "CommandContext") -> list[tuple[int, str, str]]:
    """(pid, comm, command line) of every process, by pid; a kernel thread has no
    command line ("")."""
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
        out.append((int(n), comm, " ".join(a for a in cmdline.split("\0") if a)))
    return sorted(out)


def _matching(ctx: "CommandContext", argv: list[str], short: str):
    """The processes (not the caller) whose name, or command line with -f, matches
    the one ERE operand (with -P, children of the listed parents only); and the
    options given."""
    opts, args = getopt(argv, short + "P:", {"full": "f", "exact": "x", "count": "c",
                                             "list-name": "l", "list-full": "a",
                                             "newest": "n", "oldest": "o", "signal=": "s",
                                             "parent=": "P"})
    flags = {o: v for o, v in opts}
    parents = None
    if "P" in flags:
        try:
            parents = {str(int(p)) for p in re.split(r"[ ,]+", flags["P"].strip()) if p}
        except ValueError:
            raise UsageError(f"invalid process id: {flags['P']}", hint=False) from None
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
             if p[0] != ctx.task.pid and match((p[2] or p[1]) if full else p[1])
             and (parents is None or _status(ctx, p[0]).get("PPid") in parents)]
    if procs and ("n" in flags or "o" in flags):
        procs = [procs[-1] if "n" in flags else procs[0]]
    return flags, procs


@command("pgrep", usage="[options] <pattern>", usage_status=2)
def cmd_pgrep(ctx: "CommandContext") -> int:
    """``pgrep [-f] [-x] [-l | -a] [-c] [-n | -o] [-P PPID,...] PATTERN``."""
    flags, procs = _matching(ctx, ctx.argv[1:], "fxclano")
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
    flags, procs = _matching(ctx, argv, "fxcnos:")
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


#: interpreters ``pidof -x`` looks through to the script they run
_SHELLS = ("bash", "sh", "dash")


@command("pidof", usage="[options] [program [...]]")
def cmd_pidof(ctx: "CommandContext") -> int:
    """``pidof [-s] [-x] [-o PID[,PID]...]... NAME...``: pids whose name (or first
    argument's basename; with -x also a shell's script, its second) is NAME, newest
    first, but the omitted ones (``%PPID``: pidof's parent)."""
    opts, names = getopt(ctx.argv[1:], "sxo:", {})
    single = any(o == "s" for o, _ in opts)
    scripts = any(o == "x" for o, _ in opts)
    omit = {ctx.task.pid}
    for o, v in opts:
        if o == "o":
            for p in v.split(","):
                if p == "%PPID":
                    omit.add(int(_status(ctx, ctx.task.pid).get("PPid", "0")))
                elif p.isdigit():
                    omit.add(int(p))
                else:
                    raise UsageError(f"illegal omit pid value ({p})!", hint=False)
    found = []
    for pid, comm, cmd in reversed(_processes(ctx)):
        argv = cmd.split(" ")
        base = [a.rsplit("/", 1)[-1] for a in argv[:2]]
        if pid not in omit and (comm in names or base[0] in names or (
                scripts and len(base) > 1 and base[0] in _SHELLS and base[1] in names)):
            found.append(pid)
            if single:
                break
    if found:
        raw_write(ctx.stdout, (" ".join(map(str, found)) + "\n").encode())
    return 0 if found else 1


#: ``ps -o`` fields: header, width (pid_max 32768: five digits), right-aligned
_PS_FIELDS = {
    "pid": ("PID", 5, True), "ppid": ("PPID", 5, True), "comm": ("COMMAND", 15, False),
    "ucomm": ("COMMAND", 15, False), "args": ("COMMAND", 0, False),
    "command": ("COMMAND", 0, False), "cmd": ("CMD", 0, False), "rss": ("RSS", 5, True),
    "rssize": ("RSS", 5, True), "stat": ("STAT", 4, False), "s": ("S", 1, False),
    "user": ("USER", 8, False), "uid": ("UID", 5, True), "tty": ("TT", 8, False),
    "tt": ("TT", 8, False), "time": ("TIME", 8, True), "c": ("C", 2, True),
    "stime": ("STIME", 5, False),
}


def _status(ctx, pid: int) -> dict[str, str]:
    try:
        text = ctx.sys.read(f"/proc/{pid}/status", ctx.task)
    except OSError:
        return {}
    return dict(ln.split(":\t", 1) for ln in text.splitlines() if ":\t" in ln)


def _stime(ctx, pid: int) -> str:
    """STIME of a process started today: HH:MM of its fork on the model's clock."""
    t = ctx.sys.task(pid)
    ns = getattr(t, "forked_at", 0) or 0
    return time.strftime("%H:%M", time.gmtime(BOOT_EPOCH + ns // 10**9))


@command("ps", usage="[options]")
def cmd_ps(ctx: "CommandContext") -> int:
    """``ps [-e | -A] [-f] [-p PID[,PID]...] [-o FIELD[=HEADER][,...]]...``, Unix options
    clustered as procps takes them (``-ef``, ``-eo pid,comm``); without -o the default
    columns (PID TTY TIME CMD), with -f the full ones (UID PID PPID C STIME TTY TIME
    CMD: C, the CPU use, is 0 and TIME 00:00:00, the model keeps no CPU time). Every process counts as the caller's (no
    terminals in the model)."""
    args = ctx.argv[1:]
    pids: set[int] | None = None
    fields: list[tuple[str, str]] = []
    full = False
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if a in ("ax", "-ax"):
            continue
        if a == "--pid" or (a.startswith("-") and len(a) > 1 and not a.startswith("--")):
            # a cluster of Unix options: -e -A -f, then -o/-p/-q take the rest or the
            # next argument ("-eo pid,comm", "-ef", "-p1")
            opts = "p" if a == "--pid" else a[1:]
            for j, c in enumerate(opts):
                if c in "eA":
                    continue
                if c == "f":
                    full = True
                    continue
                if c not in "opq":
                    raise UsageError(f"unsupported option (memcgsim): -{c}", hint=False)
                val = opts[j + 1:] or (args[i] if i < len(args) else None)
                if not opts[j + 1:] and val is not None:
                    i += 1
                if val is None:
                    raise UsageError("list of process IDs must follow -p" if c in "pq"
                                     else "format specification must follow -o", hint=False)
                if c in "pq":
                    try:
                        pids = (pids or set()) | {int(p) for p in re.split(r"[ ,]+", val.strip())
                                                  if p}
                    except ValueError:
                        raise UsageError("process ID list syntax error", hint=False) from None
                else:
                    try:
                        fields += _ps_specs(val)
                    except _BadSpec as e:
                        err(ctx, f'error: unknown user-defined format specifier "{e}"\n\n'
                            "Usage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads"
                            "|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help "
                            "text.\n\nFor more details see ps(1).")
                        return 1
                break
            continue
        raise UsageError(f"unsupported option (memcgsim): {a}", hint=False)
    if not fields and full:
        fields = [("user", "UID"), ("pid", "PID"), ("ppid", "PPID"), ("c", "C"),
                  ("stime", "STIME"), ("tty", "TTY"), ("time", "TIME"), ("args", "CMD")]
    if not fields:
        fields = [("pid", "PID"), ("tty", "TTY"), ("time", "TIME"), ("cmd", "CMD")]
    procs = [p for p in _processes(ctx) if pids is None or p[0] in pids]
    rows = []
    for pid, comm, cmdline in procs:
        st = _status(ctx, pid)
        # a process without arguments (a kernel thread) shows as "[comm]"
        cmdline = cmdline or f"[{comm}]"
        vals = {"pid": str(pid), "ppid": st.get("PPid", "0"), "comm": comm, "ucomm": comm,
                "args": cmdline, "command": cmdline, "cmd": cmdline,
                "rss": st.get("VmRSS", "0 kB").split()[0], "stat": st.get("State", "S")[:1],
                "user": "root", "uid": "0", "tty": "?", "tt": "?", "time": "00:00:00",
                "c": "0", "stime": _stime(ctx, pid)}
        vals["rssize"], vals["s"] = vals["rss"], vals["stat"]
        rows.append([vals[f] for f, _ in fields])
    out = []
    if any(h for _, h in fields):
        out.append(_ps_line([h for _, h in fields], fields))
    out += [_ps_line(r, fields) for r in rows]
    raw_write(ctx.stdout, "".join(ln + "\n" for ln in out).encode("utf-8", "surrogateescape"))
    return 0 if rows or pids is None else 1


class _BadSpec(Exception):
    pass


def _ps_specs(val: str) -> list[tuple[str, str]]:
    """``-o`` specs, comma or blank separated: ``NAME`` or ``NAME=HEADER``; a
    non-empty header runs to the end of the argument."""
    specs = []
    rest = val
    while rest:
        item, sep, tail = rest.partition(",") if "," in rest else (rest, "", "")
        item = item.strip()
        if "=" in item:
            name, _, header = rest.strip().partition("=")
            if header and not header.startswith(","):
                tail = ""
            else:
                header, tail = "", tail
        else:
            name, header = item, None
        for n in (name.split() if header is None else [name]):
            if n not in _PS_FIELDS:
                raise _BadSpec(n)
            specs.append((n, _PS_FIELDS[n][0] if header is None else header))
        rest = tail
    return specs


def _ps_line(cells: list[str], fields: list[tuple[str, str]]) -> str:
    parts = []
    for k, (cell, (name, header)) in enumerate(zip(cells, fields)):
        _, width, right = _PS_FIELDS[name]
        width = max(width, len(header))
        last = k == len(fields) - 1
        parts.append(cell.rjust(width) if right else (cell if last else cell.ljust(width)))
    return " ".join(parts).rstrip()
