"""``ps``, ``pgrep``, ``pkill`` (procps-ng) and ``pidof``, read from ``/proc`` as they
are: a process's name is ``/proc/PID/comm``, its command line ``/proc/PID/cmdline``,
its parent and resident memory ``/proc/PID/status``."""
from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from .userland import quirk
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


#: ``ps -o`` fields (procps-ng 4.0 output.c ``format_array``): header, width
#: (pid_max 32768: five digits), right-aligned; the COMMAND-like ones are cut at
#: their width unless they are the last column
_PS_FIELDS = {
    "pid": ("PID", 5, True), "ppid": ("PPID", 5, True), "pgid": ("PGID", 5, True),
    "pgrp": ("PGRP", 5, True), "sid": ("SID", 5, True), "sess": ("SESS", 5, True),
    "session": ("SESS", 5, True), "comm": ("COMMAND", 15, False),
    "ucomm": ("COMMAND", 15, False), "ucmd": ("CMD", 15, False),
    "args": ("COMMAND", 27, False), "command": ("COMMAND", 27, False),
    "cmd": ("CMD", 27, False), "rss": ("RSS", 5, True), "rssize": ("RSS", 5, True),
    "rsz": ("RSZ", 5, True), "vsz": ("VSZ", 6, True), "vsize": ("VSZ", 6, True),
    "psr": ("PSR", 3, True), "cgroup": ("CGROUP", 27, False), "stat": ("STAT", 4, False),
    "s": ("S", 1, False), "state": ("S", 1, False), "user": ("USER", 8, False),
    "euser": ("EUSER", 8, False), "uid": ("UID", 5, True), "euid": ("EUID", 5, True),
    "tty": ("TT", 8, False), "tt": ("TT", 8, False), "tname": ("TTY", 8, False),
    "time": ("TIME", 8, True), "cputime": ("TIME", 8, True), "bsdtime": ("TIME", 6, True),
    "c": ("C", 2, True), "stime": ("STIME", 5, False), "start": ("STARTED", 8, True),
    "start_time": ("START", 5, False), "bsdstart": ("START", 6, True),
    "%cpu": ("%CPU", 4, True), "pcpu": ("%CPU", 4, True), "%mem": ("%MEM", 4, True),
    "pmem": ("%MEM", 4, True), "etime": ("ELAPSED", 11, True), "etimes": ("ELAPSED", 7, True),
    "ni": ("NI", 3, True), "nice": ("NI", 3, True), "pri": ("PRI", 3, True),
    "nlwp": ("NLWP", 4, True), "thcount": ("THCNT", 5, True), "f": ("F", 1, True),
    "flags": ("F", 1, True),
}
#: the COMMAND-like columns procps cuts to their width unless last (``max_rightward``)
_PS_CUT = ("comm", "ucomm", "ucmd", "args", "command", "cmd", "cgroup")
#: the formats of -f, u (BSD ``u``), a BSD selection (``ax``) and the default
_PS_FULL = ("user:UID", "pid", "ppid", "c", "stime", "tname", "time", "args:CMD")
_PS_USER = ("user", "pid", "%cpu", "%mem", "vsz", "rss", "tname", "stat", "start_time",
            "bsdtime", "args")
_PS_BSD = ("pid", "tname", "stat", "bsdtime", "args")
_PS_DEFAULT = ("pid", "tname", "time", "ucmd")


def _status(ctx, pid: int) -> dict[str, str]:
    try:
        text = ctx.sys.read(f"/proc/{pid}/status", ctx.task)
    except OSError:
        return {}
    return dict(ln.split(":\t", 1) for ln in text.splitlines() if ":\t" in ln)


def _stat(ctx, pid: int) -> list[str]:
    """/proc/PID/stat's fields, numbered from 1 (``[0]`` is blank): the command
    name, which may hold blanks, is field 2."""
    try:
        text = ctx.sys.read(f"/proc/{pid}/stat", ctx.task)
    except OSError:
        return []
    head, _, tail = text.rstrip("\n").rpartition(") ")
    pid_s, _, comm = head.partition(" (")
    return ["", pid_s, comm] + tail.split(" ")


def _stime(ctx, pid: int) -> str:
    """STIME of a process started today: HH:MM of its fork on the model's clock."""
    t = ctx.sys.task(pid)
    ns = getattr(t, "forked_at", 0) or 0
    return time.strftime("%H:%M", time.gmtime(BOOT_EPOCH + ns // 10**9))


def _uptime(ctx) -> float:
    try:
        return float(ctx.sys.read("/proc/uptime", ctx.task).split()[0])
    except (OSError, ValueError, IndexError):
        return 0.0


def _memtotal_kb(ctx) -> int:
    try:
        for ln in ctx.sys.read("/proc/meminfo", ctx.task).splitlines():
            if ln.startswith("MemTotal:"):
                return int(ln.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def _cgroup(ctx, pid: int) -> str:
    """procps's ``fill_cgroup_cvt``: /proc/PID/cgroup's lines but the root ones
    (ending in ``/``), comma-joined; ``-`` for none."""
    try:
        text = ctx.sys.read(f"/proc/{pid}/cgroup", ctx.task)
    except OSError:
        return "-"
    return ",".join(ln for ln in text.splitlines() if ln and not ln.endswith("/")) or "-"


def _elapsed(secs: int) -> str:
    """``etime``: [[DD-]hh:]mm:ss."""
    d, r = divmod(secs, 86400)
    h, r = divmod(r, 3600)
    m, sec = divmod(r, 60)
    out = f"{m:02d}:{sec:02d}"
    if d or h:
        out = f"{h:02d}:" + out
    return f"{d}-" + out if d else out


def _ps_stat(st: list[str], pid: int) -> str:
    """``pr_stat``: the state letter, ``<``/``N`` for a nice below/above 0, ``s``
    for a session leader, ``l`` for threads, ``+`` in the terminal's foreground
    process group."""
    out = st[3]
    nice = int(st[19])
    out += "<" if nice < 0 else ("N" if nice > 0 else "")
    if int(st[6]) == pid:
        out += "s"
    if int(st[20]) > 1:
        out += "l"
    if st[8] != "-1" and st[8] == st[5]:
        out += "+"
    return out


def _ps_values(ctx, pid: int, comm: str, cmdline: str, st: list[str], uptime: float,
               memtotal: int, want: set[str]) -> dict[str, str]:
    """Every ``-o`` field's value of one process, from its /proc files."""
    # a process without arguments (a kernel thread) shows as "[comm]"
    args = cmdline or f"[{comm}]"
    start = int(st[22]) / 100
    rss_kb = int(st[24]) * 4
    v = {"pid": str(pid), "ppid": st[4], "pgid": st[5], "pgrp": st[5], "sid": st[6],
         "sess": st[6], "session": st[6], "comm": comm, "ucomm": comm, "ucmd": comm,
         "args": args, "command": args, "cmd": args, "rss": str(rss_kb),
         "rssize": str(rss_kb), "rsz": str(rss_kb), "vsz": str(int(st[23]) // 1024),
         "vsize": str(int(st[23]) // 1024), "psr": st[39], "stat": _ps_stat(st, pid),
         "s": st[3], "state": st[3], "user": "root", "euser": "root", "uid": "0",
         "euid": "0", "tty": "?", "tt": "?", "tname": "?", "time": "00:00:00",
         "cputime": "00:00:00", "bsdtime": "0:00", "c": "0", "%cpu": "0.0", "pcpu": "0.0",
         "etimes": str(int(uptime - start)), "etime": _elapsed(int(uptime - start)),
         "ni": st[19], "nice": st[19], "pri": str(39 - int(st[18])), "nlwp": st[20],
         "thcount": st[20], "f": str(int(st[9]) >> 6 & 7), "flags": str(int(st[9]) >> 6 & 7)}
    if want & {"stime", "start_time"}:
        v["stime"] = v["start_time"] = _stime(ctx, pid)
    if want & {"start", "bsdstart"}:
        t = time.gmtime(BOOT_EPOCH + start)
        v["start"], v["bsdstart"] = time.strftime("%H:%M:%S", t), time.strftime("%H:%M", t)
    if want & {"%mem", "pmem"}:
        v["%mem"] = v["pmem"] = f"{rss_kb * 100 / memtotal:.1f}" if memtotal else "0.0"
    if "cgroup" in want:
        v["cgroup"] = _cgroup(ctx, pid)
    return v


def _int_list(val: str, what: str) -> set[int]:
    try:
        return {int(p) for p in re.split(r"[ ,]+", val.strip()) if p}
    except ValueError:
        raise UsageError(f"{what} syntax error", hint=False) from None


#: procps's long options that take a list, as the selection they make
_PS_LONG_SELECT = {"--pid": "p", "--ppid": "P", "--quick-pid": "q", "--sid": "s"}
_PS_NO_HEADERS = ("--no-headers", "--no-header", "--no-heading", "--no-headings",
                  "--noheader", "--noheaders", "--noheading", "--noheadings")


@command("ps", usage="[options]")
def cmd_ps(ctx: "CommandContext") -> int:
    """``ps`` (procps-ng 4.0): the processes selected, each selection adding to
    the others (``-e``/``-A``/``ax``/``x`` every process, ``-p``/``p``/``--pid``,
    ``-q``, ``--ppid``, ``--sid``, ``-C`` names); Unix options clustered as procps
    takes them (``-ef``, ``-eo pid,comm``); ``-o``/``o``/``--format`` the
    columns, else ``-f``'s (UID PID PPID C STIME TTY TIME CMD), BSD ``u``'s
    (USER PID %CPU %MEM VSZ RSS TTY STAT START TIME COMMAND), a BSD selection's
    (PID TTY STAT TIME COMMAND) or the default (PID TTY TIME CMD);
    ``--no-headers``/``h`` no header. Values come from /proc/PID/stat, cmdline
    and cgroup as procps reads them: CPU use and time are 0 (the model keeps no
    CPU time); no process has a terminal, so the default selection (the
    caller's terminal's) is every process and BSD ``a`` alone none. Exit 1 if
    no process is selected. Under the busybox userland it is busybox's
    (:mod:`.bbps`)."""
    if quirk(ctx, "ps.busybox"):
        from .bbps import cmd_bb_ps
        return cmd_bb_ps(ctx)
    args = ctx.argv[1:]
    sel: dict[str, set] = {}
    everyone = bsd_sel = tty_only = full = user = False
    no_header = False
    fields: list[tuple[str, str]] = []
    i = 0

    def take(c: str) -> str:
        nonlocal i
        if i >= len(args):
            raise UsageError("list of process IDs must follow -p" if c in "pq"
                             else "format specification must follow -o" if c == "o"
                             else "list of command names must follow -C" if c == "C"
                             else f"list must follow -{c}", hint=False)
        i += 1
        return args[i - 1]

    def add_select(c: str, val: str) -> None:
        if c == "C":
            sel.setdefault("C", set()).update(n for n in re.split(r"[ ,]+", val) if n)
        else:
            what = {"p": "process ID list", "q": "process ID list", "P": "parent process ID list",
                    "s": "session ID list"}[c]
            sel.setdefault("p" if c == "q" else c, set()).update(_int_list(val, what))

    def add_format(val: str) -> bool:
        try:
            fields.extend(_ps_specs(val))
        except _BadSpec as e:
            err(ctx, f'error: unknown user-defined format specifier "{e}"\n\n'
                "Usage:\n ps [options]\n\n Try 'ps --help <simple|list|output|threads"
                "|misc|all>'\n  or 'ps --help <s|l|o|t|m|a>'\n for additional help "
                "text.\n\nFor more details see ps(1).")
            return False
        return True

    def list_option(c: str, rest: str) -> bool:
        """An option taking a list, the rest of its word or the next one:
        False for a bad format (its message printed)."""
        val = rest or take(c)
        if c == "o":
            return add_format(val)
        add_select(c, val)
        return True

    while i < len(args):
        a = args[i]
        i += 1
        if a.startswith("--"):
            name, eq, val = a.partition("=")
            if name in _PS_NO_HEADERS:
                no_header = True
            elif name in _PS_LONG_SELECT:
                add_select(_PS_LONG_SELECT[name], val if eq else take("p"))
            elif name in ("--format",):
                if not add_format(val if eq else take("o")):
                    return 1
            elif name in ("--deselect", "--sort", "--forest", "--cols", "--columns",
                          "--width", "--lines", "--rows", "--headers", "--cumulative"):
                raise UsageError(f"unsupported option (memcgsim): {name}", hint=False)
            else:
                raise UsageError("unknown gnu long option", hint=False)
            continue
        if a.startswith("-") and len(a) > 1:
            opts = a[1:]
            for j, c in enumerate(opts):
                if c in "eA":
                    everyone = True
                elif c == "f":
                    full = True
                elif c == "w":
                    continue
                elif c in "opqCs":
                    if not list_option(c, opts[j + 1:]):
                        return 1
                    break
                else:
                    raise UsageError(f"unsupported option (memcgsim): -{c}", hint=False)
            continue
        # BSD options: a word of letters without a dash
        for j, c in enumerate(a):
            if c == "a":
                tty_only = bsd_sel = True
            elif c == "x":
                everyone = bsd_sel = True
            elif c == "u":
                user = bsd_sel = True
            elif c == "h":
                no_header = True
            elif c == "w":
                continue
            elif c in "opq":
                if not list_option(c, a[j + 1:]):
                    return 1
                break
            else:
                raise UsageError(f"unsupported option (memcgsim): {a}", hint=False)
    if not fields:
        names = (_PS_FULL if full else _PS_USER if user else _PS_BSD if bsd_sel
                 else _PS_DEFAULT)
        for n in names:
            n, _, h = n.partition(":")
            fields.append((n, h or _PS_FIELDS[n][0]))
    want = {f for f, _ in fields}
    uptime, memtotal = _uptime(ctx), _memtotal_kb(ctx)
    rows = []
    for pid, comm, cmdline in _processes(ctx):
        st = _stat(ctx, pid)
        if len(st) < 53:
            continue        # gone meanwhile
        if sel:
            chosen = (pid in sel.get("p", ()) or int(st[4]) in sel.get("P", ())
                      or int(st[6]) in sel.get("s", ()) or comm in sel.get("C", ())
                      or everyone)
        else:
            # the default: the caller's terminal's (none: every process); BSD
            # ``a`` alone: those with a terminal (none in the model)
            chosen = everyone or not tty_only
        if chosen:
            vals = _ps_values(ctx, pid, comm, cmdline, st, uptime, memtotal, want)
            rows.append([vals[f] for f, _ in fields])
    out = []
    if not no_header and any(h for _, h in fields):
        out.append(_ps_line([h for _, h in fields], fields))
    out += [_ps_line(r, fields) for r in rows]
    raw_write(ctx.stdout, "".join(ln + "\n" for ln in out).encode("utf-8", "surrogateescape"))
    return 0 if rows else 1


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
        if not last and name in _PS_CUT:
            cell = cell[:width]
        parts.append(cell.rjust(width) if right else (cell if last else cell.ljust(width)))
    return " ".join(parts).rstrip()
