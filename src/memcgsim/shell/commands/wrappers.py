"""Programs that run another one: ``nohup`` and ``nice`` (coreutils 9.1),
``setsid`` (util-linux 2.38). The command is exec'ed in the wrapper's own
process (``execvp``, no fork), as ``env`` does
(``procutils.run_command(..., in_place=True)``). ``busybox APPLET`` runs the
applet without an exec."""
from __future__ import annotations

import errno
from typing import TYPE_CHECKING

from ...kernel.signum import SIGHUP
from ._util import COMMANDS, UsageError, command, err, getopt, raw_write, strerror
from .procutils import run_command

if TYPE_CHECKING:
    from ..context import CommandContext


def _run(ctx: "CommandContext", name: str, argv: list[str]):
    """Run ``argv`` (a status, or a generator returning one); 127 if not found, 126
    if it cannot run (the wrappers' codes)."""
    try:
        return run_command(ctx, argv, in_place=True)
    except OSError as e:
        err(ctx, f"{name}: failed to run command '{argv[0]}': {strerror(e)}")
        return 127 if e.errno == errno.ENOENT else 126


@command("nohup", usage_status=125, usage="COMMAND [ARG]...")
def cmd_nohup(ctx: "CommandContext"):
    """``nohup COMMAND [ARG]...``: SIGHUP ignored, then the command. Standard input,
    output and error are never terminals in the model, so nothing is redirected
    and nohup prints nothing of its own."""
    args = ctx.argv[1:]
    if args[:1] == ["--"]:
        args = args[1:]
    if not args:
        raise UsageError("missing operand")
    sigaction = getattr(ctx.sys, "sigaction", None)
    if sigaction is not None:
        sigaction(ctx.task, SIGHUP, True)
    return _run(ctx, "nohup", args)


@command("nice", usage_status=125, usage="[OPTION] [COMMAND [ARG]...]")
def cmd_nice(ctx: "CommandContext"):
    """``nice [-n N] [COMMAND [ARG]...]``: without a command, the niceness
    (``Task.nice``); with one, the command at the niceness plus N (10 by
    default), clamped to -20..19 (``setpriority``: kept, while the scheduler's
    weights are not modelled)."""
    argv = ctx.argv[1:]
    if argv and argv[0].startswith("-") and argv[0][1:].lstrip("-").isdigit():
        argv = ["-n", argv[0][1:]] + argv[1:]      # the historical "nice -5 cmd"
    opts, args = getopt(argv, "n:", {"adjustment=": "n"}, permute=False)
    adj = 10
    for _, v in opts:
        try:
            adj = int(v)
        except ValueError:
            raise UsageError(f"invalid adjustment '{v}'", hint=False) from None
    cur = getattr(ctx.task, "nice", 0)
    if not args:
        if opts:
            raise UsageError("a command must be given with an adjustment")
        raw_write(ctx.stdout, f"{cur}\n".encode())
        return 0
    setpriority = getattr(ctx.sys, "setpriority", None)
    if setpriority is not None:
        setpriority(ctx.task, cur + adj)
    return _run(ctx, "nice", args)


@command("setsid", usage="[options] <program> [arguments ...]")
def cmd_setsid(ctx: "CommandContext"):
    """``setsid [-w] [-c] PROGRAM [ARG]...`` (util-linux 2.38): ``setsid()``, then
    the program exec'ed in the same process (a script's commands never lead a
    process group: bash without job control leaves them in its own), so
    ``setsid sleep 100 &`` is one process, ``$!`` its pid, in a session of its
    own. A group leader (or ``-f``) forks first and the child runs the program;
    with ``-w`` the parent waits and returns its status, without it the parent
    returns at once while the child runs on: that is not modelled (refused).
    ``-c``: standard input is never a terminal in the model, so TIOCSCTTY fails."""
    opts, args = getopt(ctx.argv[1:], "cfw", {"ctty": "c", "fork": "f", "wait": "w"},
                        permute=False)
    flags = {o for o, _ in opts}
    if not args:
        raise UsageError("no command specified")
    if "f" in flags or getattr(ctx.task, "pgid", None) == ctx.task.pid:   # getpgrp() == getpid()
        if "w" not in flags:
            raise UsageError("a forked child that outlives setsid is not modelled (memcgsim)",
                             hint=False)
        return _forked(ctx, args, "c" in flags)
    ctx.sys.setsid(ctx.task)
    if "c" in flags:
        err(ctx, "setsid: failed to set the controlling terminal: Inappropriate ioctl for device")
        return 1
    return _setsid_exec(ctx, args, in_place=True)


def _setsid_exec(ctx: "CommandContext", args: list[str], in_place: bool, started=None):
    try:
        return run_command(ctx, args, in_place=in_place, started=started)
    except OSError as e:
        err(ctx, f"setsid: failed to execute {args[0]}: {strerror(e)}")   # errexec
        return 127 if e.errno == errno.ENOENT else 126


def _forked(ctx: "CommandContext", args: list[str], ctty: bool):
    """``-w``: the child calls ``setsid()`` and runs the program; its status."""
    def started(child) -> None:
        ctx.sys.setsid(child)
    if ctty:
        err(ctx, "setsid: failed to set the controlling terminal: Inappropriate ioctl for device")
        return 1
    return _setsid_exec(ctx, args, in_place=False, started=started)


@command("busybox", std_opts=False)
def cmd_busybox(ctx: "CommandContext"):
    """``busybox [APPLET [ARG]...]`` (busybox 1.35 appletlib.c ``busybox_main``): the
    applet runs in this process, no exec (its comm stays "busybox"); alone, or
    with ``--help``, the binary's help; ``--list`` its applets; a name it lacks:
    ``NAME: applet not found``, status 127. An applet of the binary that the model
    lacks says so, status 127, and is tallied in the run's "not modelled" line."""
    from .busybox_usage import HELP, LIST
    args = ctx.argv[1:]
    if not args or args[0] == "--help":
        raw_write(ctx.stdout, HELP.encode())
        return 0
    if args[0] == "--list":
        raw_write(ctx.stdout, "".join(a + "\n" for a in LIST).encode())
        return 0
    name = args[0].rsplit("/", 1)[-1]
    if name not in LIST:
        err(ctx, f"{name}: applet not found")
        return 127
    sh = ctx.extra.get("shell") if ctx.extra else None
    fn = (COMMANDS if sh is None else sh.commands).get(name)     # sh, ash: the shell's own
    if fn is None:
        if sh is not None:
            sh.missing[name] = sh.missing.get(name, 0) + 1
        err(ctx, f"busybox: {name}: not modelled (memcgsim)")
        return 127
    ctx.argv = args
    return fn(ctx)


#: procps-ng 4.0.2 watch's ``usage()``
WATCH_USAGE = '\nUsage:\n watch [options] command\n\nOptions:\n  -b, --beep             beep if command has a non-zero exit\n  -c, --color            interpret ANSI color and style sequences\n  -d, --differences[=<permanent>]\n                         highlight changes between updates\n  -e, --errexit          exit if command has a non-zero exit\n  -g, --chgexit          exit when output from command changes\n  -q, --equexit <cycles>\n                         exit when output from command does not change\n  -n, --interval <secs>  seconds to wait between updates\n  -p, --precise          attempt run command in precise intervals\n  -t, --no-title         turn off header\n  -w, --no-wrap          turn off line wrapping\n  -x, --exec             pass command to exec instead of "sh -c"\n\n -h, --help     display this help and exit\n -v, --version  output version information and exit\n\nFor more details see watch(1).\n'
WATCH_LONG = {"beep": "b", "color": "c", "differences?": "d", "errexit": "e", "chgexit": "g",
              "equexit=": "q", "interval=": "n", "precise": "p", "no-title": "t",
              "no-wrap": "w", "exec": "x", "help": "h", "version": "v"}


@command("watch", usage="[options] command", std_opts=False)
def cmd_watch(ctx: "CommandContext") -> int:
    """procps-ng 4.0.2 ``watch [options] command``: its options checked as it
    checks them (``-n`` by ``strtod_or_err``), then ncurses' ``initscr``: with
    ``TERM`` unset, empty or not a terminal it knows, ``Error opening terminal:
    TERM.`` (status 1), which is what a script's environment gives it; a full
    screen refreshed forever on a known terminal is not modelled. busybox's
    watch is not modelled."""
    from .userland import userland
    if userland(ctx) == "busybox":
        raise UsageError("busybox's watch is not modelled (memcgsim)", hint=False)
    try:
        opts, args = getopt(ctx.argv[1:], "+bcd::egq:n:ptwxhv", WATCH_LONG)
    except UsageError as e:
        ctx.stderr.write(f"watch: {e}\n{WATCH_USAGE}")
        return 1
    for o, v in opts:
        if o == "h":
            raw_write(ctx.stdout, WATCH_USAGE.encode())
            return 0
        if o == "v":
            raw_write(ctx.stdout, b"watch from procps-ng 4.0.2\n")
            return 0
        if o in "nq":
            try:
                float(v or "")
            except ValueError:
                err(ctx, f"watch: failed to parse argument: '{v}': Invalid argument")
                return 1
    if not args:
        ctx.stderr.write(WATCH_USAGE)
        return 1
    term = ctx.env.get("TERM") or "unknown"
    if term in ("unknown", "") or term not in KNOWN_TERMS:
        # initscr: newterm fails, "Error opening terminal: %s.\n" on stderr, exit(1)
        ctx.stderr.write(f"Error opening terminal: {term}.\n")
        return 1
    raise UsageError("a watch screen on a terminal is not modelled (memcgsim)", hint=False)


#: terminal types Debian 12's ncurses-base describes (``/usr/share/terminfo``)
KNOWN_TERMS = frozenset(("ansi", "cons25", "cygwin", "dumb", "hurd", "linux", "mach",
                         "mach-bold", "mach-color", "pcansi", "rxvt", "rxvt-unicode", "screen",
                         "screen-256color", "sun", "tmux", "tmux-256color", "vt100",
                         "vt102", "vt220", "vt52", "xterm", "xterm-256color", "xterm-color",
                         "xterm-mono", "xterm-r6", "xterm-vt220", "xterm-xfree86"))
