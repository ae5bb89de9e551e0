"""``killall`` as psmisc 23.6's (killall.c): processes matched by name, signalled.

Its rules, from ``kill_all`` and ``match_process_name``: every process but
killall itself (``create_pid_table`` skips its own pid) whose name (``comm``, 15
characters) is NAME; for a comm of a full 15 characters the name is the
basename of the first argument that starts with it (``load_proc_cmdline``: a
script's name after its interpreter's), compared whole (as the host's 23.6
does), and without one NAME's first 15 characters are compared with the comm;
with ``-e`` a process without such an argument is skipped. ``-I`` ignores case,
``-r`` takes NAME as an ERE. Status 0 when every NAME had a process signalled,
else 1 after ``NAME: no process found`` (unless ``-q``). ``-w``: every second
(``sleep(1)`` after each scan, the first scan right after the signals) until
no killed process answers ``kill(pid, 0)``. A NAME holding a ``/`` is matched
by the program's file (``/proc/PID/exe``) in psmisc; the model has no exe
link and matches its basename against the comm instead. ``-u``, ``-Z``, ``-n``,
``-y``/``-o`` and ``-i`` are not modelled (refused).
"""
from __future__ import annotations

import errno
import re
from typing import TYPE_CHECKING, Generator

from ..context import Sleep
from .posixre import translate
from .procps import _processes
from .procutils import parse_signal
from ._util import command, err, raw_write, strerror

if TYPE_CHECKING:
    from ..context import CommandContext

#: ``COMM_LEN - 1`` (psmisc comm.h: TASK_COMM_LEN 16)
COMM_MAX = 15

_USAGE = """Usage: killall [OPTION]... [--] NAME...
       killall -l, --list
       killall -V, --version

  -e,--exact          require exact match for very long names
  -I,--ignore-case    case insensitive process name match
  -g,--process-group  kill process group instead of process
  -y,--younger-than   kill processes younger than TIME
  -o,--older-than     kill processes older than TIME
  -i,--interactive    ask for confirmation before killing
  -l,--list           list all known signal names
  -q,--quiet          don't print complaints
  -r,--regexp         interpret NAME as an extended regular expression
  -s,--signal SIGNAL  send this signal instead of SIGTERM
  -u,--user USER      kill only process(es) running as USER
  -v,--verbose        report if the signal was successfully sent
  -V,--version        display version information
  -w,--wait           wait for processes to die
  -n,--ns PID         match processes that belong to the same namespaces
                      as PID
  -Z,--context REGEXP kill only process(es) having context
                      (must precede other arguments)

"""

#: psmisc's signal list (signals.c ``list_signals``: SIGIO is POLL), two lines
_LIST = ("HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT\n"
         "CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH POLL PWR SYS\n")

_LONG = {"exact": "e", "ignore-case": "I", "process-group": "g", "younger-than": "y",
         "older-than": "o", "interactive": "i", "list-signals": "l", "quiet": "q",
         "regexp": "r", "signal": "s", "user": "u", "verbose": "v", "wait": "w", "ns": "n",
         "context": "Z", "version": "V"}


class _Exit(Exception):
    """killall exits with ``status`` after what it printed."""

    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def _signal(ctx: "CommandContext", name: str) -> int:
    """signals.c ``get_signal``: a number or a name, ``SIG`` optional."""
    sig = parse_signal("IO" if name.upper() in ("POLL", "SIGPOLL") else name)
    if sig is None:
        err(ctx, f"{name}: unknown signal; killall -l lists signals.")
        raise _Exit(1)
    return sig


def _usage(ctx: "CommandContext", msg: str | None = None) -> None:
    ctx.stderr.write((msg + "\n" if msg else "") + _USAGE)
    raise _Exit(1)


def _parse(ctx: "CommandContext", argv: list[str]) -> tuple[dict, int, list[str]]:
    """``getopt_long_only`` over ``egy:o:ilqrs:u:vwZ:VIn:`` with killall's fallbacks:
    ``-SIG`` and ``-N`` name a signal; the options before the first NAME (GNU
    permutes, so options after names count too)."""
    flags: dict[str, str | None] = {}
    sig = 15
    names: list[str] = []
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if a == "--":
            names += argv[i:]
            break
        if not a.startswith("-") or a == "-":
            names.append(a)
            continue
        body = a.lstrip("-")
        key, eq, val = body.partition("=")
        full = [k for k in _LONG if k.startswith(key)] if len(key) > 1 or a.startswith("--") else []
        if key in _LONG:
            full = [key]
        if len(full) == 1 or (full and len({_LONG[k] for k in full}) == 1):
            opt = _LONG[full[0]]
            if opt in "syouZn" and not eq:
                if i >= len(argv):
                    _usage(ctx)
                val = argv[i]
                i += 1
            flags[opt] = val
            if opt == "s":
                sig = _signal(ctx, val)
            continue
        if a.startswith("--"):
            _usage(ctx)
        if body[:1].isdigit() or body[:1].isupper():
            sig = _signal(ctx, body) if not body.isdigit() else int(body)
            continue
        j = 1
        while j < len(a):
            c = a[j]
            j += 1
            if c not in "egyoilqrsuvwZVIn":
                _usage(ctx)
            if c in "syouZn":
                val = a[j:] or (argv[i] if i < len(argv) else None)
                if val is None:
                    _usage(ctx)
                if not a[j:]:
                    i += 1
                flags[c] = val
                if c == "s":
                    sig = _signal(ctx, val)
                break
            flags[c] = None
    return flags, sig, names


@command("killall", std_opts=False)
def cmd_killall(ctx: "CommandContext"):
    """``killall [-s SIG | -SIG] [-e] [-I] [-r] [-q] [-v] [-w] NAME...`` and
    ``killall -l`` (psmisc 23.6; see the module doc)."""
    if len(ctx.argv) < 2:
        ctx.stderr.write(_USAGE)
        return 1
    try:
        flags, sig, names = _parse(ctx, ctx.argv[1:])
        if "l" in flags:
            raw_write(ctx.stdout, _LIST.encode())
            return 0
        if "V" in flags:
            ctx.stderr.write("killall (PSmisc) 23.6\n")
            return 0
        for o in "uZnyoi":
            if o in flags:
                err(ctx, f"killall: -{o} is not modelled (memcgsim)")
                return 1
        if not names:
            _usage(ctx)
        return _kill_all(ctx, flags, sig, names)
    except _Exit as e:
        return e.status


def _long_name(ctx: "CommandContext", pid: int, comm: str) -> str | None:
    """``load_proc_cmdline``: for a comm of a full 15 characters, the basename of
    the first argument that starts with it (a script's name after its
    interpreter's), else None."""
    if len(comm) != COMM_MAX:
        return None
    try:
        args = ctx.sys.read(f"/proc/{pid}/cmdline", ctx.task).split("\0")
    except OSError:
        return None
    for a in args:
        if not a:
            return None
        base = a.rpartition("/")[2]
        if base.startswith(comm):
            return base
    return None


def _matches(flags: dict, names: list[str], comm: str, long_name: str | None) -> int:
    """The index of the first NAME the process matches, or -1 (``match_process_name``
    as psmisc 23.6 behaves: a long name compares whole; a 15-character comm
    without one compares on NAME's first 15 characters)."""
    text = long_name if long_name is not None else comm
    icase = "I" in flags
    for j, name in enumerate(names):
        if "r" in flags:
            try:
                rx = re.compile(translate(name, "ere"), re.I if icase else 0)
            except re.error:
                continue
            if rx.search(text):
                return j
            continue
        if "/" in name:
            name = name.rpartition("/")[2]
        a, b = (name.lower(), text.lower()) if icase else (name, text)
        if long_name is None and len(comm) == COMM_MAX and len(name) >= COMM_MAX:
            if a[:COMM_MAX] == b:
                return j
        elif a == b:
            return j
    return -1


def _kill_all(ctx: "CommandContext", flags: dict, sig: int, names: list[str]):
    for name in names:
        if "/" in name and "r" not in flags:
            try:
                ctx.sys.stat(ctx.path(name), ctx.task)
            except OSError as e:
                err(ctx, f"{name}: {strerror(e)}")         # build_nameinfo's perror
                return 1
    found: set[int] = set()
    killed: list[int] = []
    for pid, comm, _ in _processes(ctx):
        if pid == ctx.task.pid:
            continue
        long_name = _long_name(ctx, pid, comm)
        if "e" in flags and len(comm) == COMM_MAX and long_name is None:
            if "v" in flags:
                err(ctx, f"killall: skipping partial match {comm}({pid})")
            continue
        j = _matches(flags, names, comm, long_name)
        if j < 0:
            continue
        shown = comm if long_name is None else long_name
        try:
            ctx.sys.kill(pid, sig, sender=ctx.task)
        except OSError as e:
            if e.errno != errno.ESRCH:
                err(ctx, f"{shown}({pid}): {strerror(e)}")
            continue
        if "v" in flags:
            err(ctx, f"Killed {shown}({pid}) with signal {sig}")
        found.add(j)
        killed.append(pid)
    if "q" not in flags:
        for j, name in enumerate(names):
            if j not in found:
                err(ctx, f"{name}: no process found")
    status = 0 if len(found) == len(names) else 1
    if killed and "w" in flags:
        return _wait_dead(ctx, killed, status)
    return status


def _wait_dead(ctx: "CommandContext", pids: list[int], status: int) -> Generator[Sleep, None, int]:
    """``-w``: scan, then ``sleep(1)``, until no killed pid is left."""
    while pids:
        left = []
        for pid in pids:
            try:
                ctx.sys.kill(pid, 0, sender=ctx.task)
                left.append(pid)
            except OSError:
                pass
        pids = left
        yield Sleep(1.0)
    return status

