"""Process and system commands: sleep, usleep, stress-ng, inotifywait, xargs, env, kill,
getconf, uname, id, nproc, sync.

Commands that let simulated time pass return a *generator* (yielding
:class:`~memcgsim.shell.context.Sleep`, returning the exit status); argument errors
are reported before that, as a plain int status.

Hook the interpreter provides for commands that run other commands (``xargs``,
``env CMD``, ``timeout``, ``find -exec``)::

    ctx.extra["spawn"](argv: list[str], env: dict[str, str] | None = None[, started]
                       [, in_place][, applets]) -> int | Generator[Sleep, None, int]

(``started(task)``, passed only when the caller wants it, learns the child.)

It forks a child of ``ctx.task``, execs ``argv[0]`` (a builtin-free lookup, as
``execvp``) with the caller's stdin/stdout/stderr and ``env`` (default
``ctx.env``), waits for it and returns its status as the shell reports it
(128+N when killed by signal N). If the child must sleep it may return a
generator, which the caller delegates to with ``yield from``. It raises
``OSError(ENOENT)`` when the command does not exist (``EACCES`` if not
executable) and prints nothing itself. Without the hook, a registered command is
run inline in the caller's task (no fork) — enough for tests.
"""
from __future__ import annotations

import errno
import math
import os
import stat as stat_mod
from types import GeneratorType
from typing import TYPE_CHECKING, Generator

from ..context import CommandContext, Sleep
from ..jobs import Block
from ..pipes import yield_turn
from ...kernel.signum import SIGCONT, SIGKILL, SIGNALS, SIGNAMES
from ...lazyimport import LazyPattern
from ...sysapi import TaskKilled
from .userland import nofork_applets, quirk, report
from ._util import COMMANDS, UsageError, command, err, getopt, parse_size, raw_write, strerror

if TYPE_CHECKING:
    pass



def parse_signal(s: str) -> int | None:
    """``9``, ``KILL``, ``SIGKILL``, ``kill`` -> 9; None if unknown."""
    if s.isdigit():
        n = int(s)
        return n if 0 <= n <= 64 else None
    t = s.upper()
    if t.startswith("SIG"):
        t = t[3:]
    return SIGNALS.get(t)


# --- time ---------------------------------------------------------------------------

_DUR = LazyPattern(r"(?i)\s*(inf(?:inity)?|[+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)([smhd]?)\s*")
_MULT = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_duration(s: str) -> float:
    """``1``, ``0.0001``, ``1s``, ``2m``, ``1h``, ``1d``, ``infinity`` (GNU sleep).
    ASCII digits alone are the pattern's number without a suffix (its compile
    left to other forms)."""
    if s.isascii() and s.isdigit():
        return float(s)
    m = _DUR.fullmatch(s)
    if not m:
        raise ValueError(s)
    v = float(m.group(1))
    return v * _MULT[m.group(2).lower()]


def _sleeping(ctx: CommandContext, seconds: float) -> Generator[Sleep, None, int]:
    """One ``nanosleep`` of ``seconds`` by the command's task (its
    ``freezable_schedule``: ``SysAPI.freezable_sleep``)."""
    freezable = getattr(ctx.sys, "freezable_sleep", None)
    task = ctx.task
    if freezable is None:
        yield Sleep(seconds)
    else:
        freezable(task, True)
        try:
            yield Sleep(seconds)
        finally:
            freezable(task, False)
    if getattr(task, "state", None) == "stopped":
        # stopped while it slept: it returns once continued (kernel/signal.py)
        yield Block(lambda: task.state != "stopped")
    return 0


@command("sleep", usage="NUMBER[SUFFIX]...")
def cmd_sleep(ctx: CommandContext):
    """``sleep NUMBER[smhd]...`` (summed; ``infinity``): yields one Sleep. Under
    busybox each operand is :func:`_bb_duration`'s and no operand is the usage
    screen."""
    args = ctx.argv[1:]
    bb = quirk(ctx, "sleep.duration")
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        raise UsageError("" if bb else "missing operand")
    total = 0.0
    for a in args:
        if a.startswith("-") and len(a) > 1 and not (bb and a[1] in "0123456789."):
            raise UsageError(f"invalid option -- '{a[1]}'")
        try:
            total += (_bb_duration if bb else parse_duration)(a)
        except ValueError:
            return report(ctx, "sleep", "number", a)
    return _sleeping(ctx, total)


_BB_DUR = LazyPattern(r"(\d*\.?\d*)([smhd]?)")    # busybox only


def _bb_duration(a: str) -> float:
    """busybox 1.35 sleep's operand (FANCY_SLEEP, FLOAT_DURATION:
    ``parse_duration_str``): digits with at most one ``.`` and an optional
    s/m/h/d; ``inf...`` is forever; a lone ``.`` the usage screen (UsageError);
    ValueError otherwise (``invalid number``)."""
    if a[:3].lower() == "inf":
        return math.inf
    if a == ".":
        raise UsageError("")
    m = _BB_DUR.fullmatch(a)
    if not m or not any(c.isdigit() for c in m.group(1)):
        raise ValueError(a)
    return float(m.group(1)) * _MULT[m.group(2) or "s"]


@command("usleep", usage="N", std_opts=False)
def cmd_usleep(ctx: CommandContext):
    """``usleep N`` (busybox 1.35: Debian has no other): N microseconds, one
    ``usleep(3)``; a missing operand prints busybox's usage, a bad one
    ``invalid number`` (status 1); operands after the first are ignored."""
    args = ctx.argv[1:]
    if not args:
        ctx.stderr.write("BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n"
                         "Usage: usleep N\n\nPause for N microseconds\n")
        return 1
    if not args[0].isdigit() or int(args[0]) > 0xFFFFFFFF:   # xatou: unsigned, 32 bits
        err(ctx, f"usleep: invalid number '{args[0]}'")
        return 1
    return _sleeping(ctx, int(args[0]) / 1e6)


# --- stress-ng ----------------------------------------------------------------------

@command("stress-ng", usage="[OPTION [ARG]]...")
def cmd_stress_ng(ctx: CommandContext):
    """``stress-ng --vm N --vm-bytes SIZE [--vm-keep] [--timeout T] [-q]``.

    Forks N ``stress-ng-vm`` workers (``sys.fork``: stacks charged to the parent's
    memcg) and has each touch SIZE of anon memory (``sys.alloc_anon`` on the
    worker). ``--vm 0`` means one per CPU. They hold it until the timeout (then
    exit and are reaped) or until stress-ng dies (workers die with it, as with
    stress-ng's PR_SET_PDEATHSIG). The vm stressor's mmap/munmap churn without
    ``--vm-keep`` is not modelled: the footprint is held either way. A worker
    OOM-killed is reaped and not restarted."""
    opts, args = getopt(ctx.argv[1:], "t:qv", {
        "vm=": "vm", "vm-bytes=": "bytes", "vm-keep": "keep", "timeout=": "t",
        "quiet": "q", "verbose": "v", "metrics-brief": "mb", "metrics": "mb",
        "vm-hang=": "hang", "vm-method=": "method", "vm-ops=": "ops", "vm-populate": "pop",
        "oomable": "oomable", "page-in": "pagein"})
    nvm = None
    nbytes = 256 << 20
    timeout = math.inf
    quiet = False
    for o, v in opts:
        try:
            if o == "vm":
                nvm = int(v)
            elif o == "bytes":
                nbytes = parse_size(v, {"b": 1, "k": 1024, "m": 1 << 20, "g": 1 << 30})
            elif o == "t":
                timeout = parse_duration(v) if v not in ("0",) else math.inf
            elif o == "q":
                quiet = True
        except ValueError:
            err(ctx, f"stress-ng: error: invalid value '{v}' for option")
            return 1
    if args:
        err(ctx, f"stress-ng: unrecognized option '{args[0]}'")
        return 1
    if nvm is None:
        err(ctx, "stress-ng: error: No stress workers invoked (one or more are required)")
        return 1
    if nvm == 0:
        nvm = int(getattr(ctx.sys, "nr_cpus", 1) or 1)
    return _stress(ctx, nvm, nbytes, timeout, quiet)


def _stress(ctx: CommandContext, n: int, nbytes: int, timeout: float, quiet: bool
            ) -> Generator[Sleep, None, int]:
    sys_, me = ctx.sys, ctx.task
    pid = me.pid
    if not quiet:
        if math.isfinite(timeout):
            raw_write(ctx.stdout, f"stress-ng: info:  [{pid}] setting to a {timeout:g} secs run per stressor\n".encode())
        raw_write(ctx.stdout, f"stress-ng: info:  [{pid}] dispatching hogs: {n} vm\n".encode())
    workers = []
    finished = False
    try:
        for _ in range(n):
            workers.append(sys_.fork(me, "stress-ng-vm"))
        for w in workers:
            try:
                sys_.alloc_anon(w, nbytes)
            except TaskKilled as e:
                if e.pid != w.pid:
                    raise
            _check_alive(me)
        for w in workers:
            if w.state in ("zombie", "dead"):
                sys_.reap(w)
        yield Sleep(timeout)
        _check_alive(me)
        for w in workers:
            if w.state not in ("zombie", "dead"):
                sys_.exit(w, 0)
            sys_.reap(w) if w.state == "zombie" else None
        finished = True
    finally:
        if not finished:
            for w in workers:
                if w.state not in ("zombie", "dead"):
                    try:
                        sys_.kill(w.pid, SIGNALS["KILL"])
                    except OSError:
                        pass
    if not quiet:
        raw_write(ctx.stdout, f"stress-ng: info:  [{pid}] successful run completed in {timeout:.2f}s\n".encode())
    return 0


def _check_alive(task) -> None:
    """Raise TaskKilled if ``task`` died while we acted for another task."""
    if task.state in ("zombie", "dead"):
        raise TaskKilled(task.pid, task.exit_signal or SIGNALS["KILL"])


# --- dmesg --------------------------------------------------------------------------

@command("dmesg", usage="[options]")
def cmd_dmesg(ctx: CommandContext) -> int:
    """``dmesg``: the kernel ring buffer (read from /dev/kmsg)."""
    try:
        f = ctx.sys.open("/dev/kmsg", "r", ctx.task)
        data = f.read()
        f.close()
    except OSError as e:
        err(ctx, f"read kernel buffer failed: {strerror(e)}")
        return 1
    raw_write(ctx.stdout, data)
    return 0


# --- inotifywait --------------------------------------------------------------------

@command("inotifywait", usage="[ options ] file1 [ file2 ] [ file3 ] [ ... ]")
def cmd_inotifywait(ctx: CommandContext):
    """``inotifywait [-m] [-q] [-e EVENT] [-t SECS] PATH...``: an inotify instance
    (``sys.inotify_init``, whose fsnotify group holds the caller's memcg where the
    design says so) with a watch per path; then it blocks (the model generates no
    events)."""
    opts, paths = getopt(ctx.argv[1:], "mqre:t:d", {"monitor": "m", "quiet": "q",
                                                    "recursive": "r", "event=": "e",
                                                    "timeout=": "t", "daemon": "d",
                                                    "format=": "F", "timefmt=": "T"})
    flags = {o for o, _ in opts}
    timeout = math.inf
    for o, v in opts:
        if o == "t":
            try:
                timeout = float(v) if float(v) > 0 else math.inf
            except ValueError:
                err(ctx, f"The timeout value provided is not a valid integer: {v}")
                return 1
    if not paths:
        err(ctx, "No files specified to watch!")
        return 1
    for p in paths:
        try:
            ctx.sys.stat(ctx.path(p), ctx.task)
        except OSError as e:
            err(ctx, f"Couldn't watch {p}: {strerror(e)}")
            return 1
    if "q" not in flags:
        err(ctx, "Setting up watches.")
    init = getattr(ctx.sys, "inotify_init", None)
    add = getattr(ctx.sys, "inotify_add_watch", None)
    if init is not None and add is not None:
        fd = init(ctx.task)
        for p in paths:
            add(ctx.task, fd, ctx.path(p), 0xFFF)
    if "q" not in flags:
        err(ctx, "Watches established.")
    return _wait_events(timeout)


def _wait_events(timeout: float) -> Generator[Sleep, None, int]:
    yield Sleep(timeout)
    return 2  # timeout without events


# --- running other commands ----------------------------------------------------------

def run_command(ctx: CommandContext, argv: list[str], env: dict[str, str] | None = None,
                started=None, in_place: bool = False, vfork: bool = False):
    """Run ``argv`` through the interpreter's spawn hook (see the module doc); the
    result is a status or a generator returning one. ``started(task)`` learns the
    process that runs it; ``in_place``: exec'ed in this command's own process
    (``execvp`` without a fork), not in a child; ``vfork``: in a vforked child."""
    spawn = ctx.extra.get("spawn")
    if spawn is not None:
        if in_place:
            return spawn(argv, env=env, started=started, in_place=True)
        if vfork:
            return spawn(argv, env=env, vfork=True)
        return spawn(argv, env=env, started=started) if started else spawn(argv, env=env)
    if started is not None:
        started(ctx.task)
    fn = COMMANDS.get(argv[0].rsplit("/", 1)[-1])
    if fn is None:
        raise OSError(errno.ENOENT, os.strerror(errno.ENOENT))
    sub = CommandContext(sys=ctx.sys, task=ctx.task, argv=list(argv),
                         env=dict(ctx.env if env is None else env), cwd=ctx.cwd,
                         stdin=ctx.stdin, stdout=ctx.stdout, stderr=ctx.stderr,
                         extra=ctx.extra)
    return fn(sub)


def _run_status(ctx: CommandContext, argv: list[str], env=None):
    """Generator: run and return the status (delegating sleeps), as find's ``-exec``
    and xargs run a command: busybox's ``spawn_and_wait`` looks an applet up first
    (``applets``: the spawn hook runs a NOFORK one in this process, a NOEXEC one in
    a fork without an execve)."""
    spawn = ctx.extra.get("spawn")
    if spawn is not None and nofork_applets(getattr(ctx.sys, "userland", "gnu")) is not None:
        r = spawn(argv, env=env, applets=True)
    else:
        r = run_command(ctx, argv, env)
    if type(r) is GeneratorType:
        r = yield from r
    return r


@command("env", usage="[OPTION]... [-] [NAME=VALUE]... [COMMAND [ARG]...]")
def cmd_env(ctx: CommandContext):
    """``env [-i] [-u NAME] [NAME=VALUE]... [COMMAND [ARG]...]``."""
    opts, args = getopt(ctx.argv[1:], "iu:0", {"ignore-environment": "i", "unset=": "u",
                                               "null": "0"}, permute=False)
    env = dict(ctx.env)
    end = "\n"
    for o, v in opts:
        if o == "i":
            env = {}
        elif o == "u":
            env.pop(v, None)
        elif o == "0":
            end = "\0"
    if args and args[0] == "-":
        env = {}
        args = args[1:]
    while args and "=" in args[0] and not args[0].startswith("="):
        k, _, v = args[0].partition("=")
        env[k] = v
        args = args[1:]
    if not args:
        raw_write(ctx.stdout, "".join(f"{k}={v}{end}" for k, v in env.items())
                  .encode("utf-8", "surrogateescape"))
        return 0
    try:
        r = run_command(ctx, args, env, in_place=True)     # env.c: execvp
    except OSError as e:
        err(ctx, f"env: '{args[0]}': {strerror(e)}")
        return 127 if e.errno == errno.ENOENT else 126
    return r


@command("printenv", usage_status=2, usage="[OPTION]... [VARIABLE]...")
def cmd_printenv(ctx: CommandContext):
    """coreutils ``printenv [-0] [NAME]...``: the environment, or the values of the
    NAMEs set in it (status 1 if one is not; 2 for ``=`` in a name)."""
    opts, args = getopt(ctx.argv[1:], "0", {"null": "0"})
    end = "\0" if opts else "\n"
    env = ctx.env
    if not args:
        text = "".join(f"{k}={v}{end}" for k, v in env.items())
    else:
        text = "".join(env[a] + end for a in args if "=" not in a and a in env)
    raw_write(ctx.stdout, text.encode("utf-8", "surrogateescape"))
    return 0 if all("=" not in a and a in env for a in args) else 1


#: GNU xargs' default command-line size (``--show-limits``: "Size of command buffer
#: we are actually using: 131072"), each argument counted with its NUL
XARGS_SIZE = 131072

#: an end of line in the stream of items (``-L`` counts them)
_EOL = object()


class _XargsQuote(Exception):
    """An unmatched quote (GNU xargs' read_line: fatal, status 1)."""


def _xargs_items(chunks, repl: bool, eof_str: str | None):
    """GNU xargs' ``read_line``, a chunk at a time: blanks and newlines separate
    items (only newlines with ``-I``, leading blanks dropped), quotes and backslashes
    protect; a newline after a non-blank ends a logical line (``_EOL``); an item
    equal to ``eof_str`` (``-E``) ends the input. Yields the items as they come."""
    cur: list[str] = []
    state = "space"
    quote = ""
    prev = ""
    for chunk in chunks:
        for c in chunk.decode("utf-8", "surrogateescape"):
            if state == "space":
                if c in " \t\n\v\f\r":
                    prev = c
                    continue
                state = "norm"
            if state == "norm":
                if c == "\n" or (not repl and c in " \t"):
                    # the item ends (in "norm" there is one: a character, or quotes)
                    if cur or quote == "done":
                        item = "".join(cur)
                        if eof_str is not None and item == eof_str:
                            return
                        yield item
                    cur = []
                    quote = ""
                    if c == "\n" and prev not in " \t":
                        yield _EOL
                    state = "space"
                    prev = c
                    continue
                if c == "\\":
                    state = "backslash"
                elif c in "'\"":
                    state = "quote"
                    quote = c
                else:
                    cur.append(c)
            elif state == "quote":
                if c == "\n":
                    raise _XargsQuote("double" if quote == '"' else "single")
                if c == quote:
                    state = "norm"
                    quote = "done"         # an empty quoted item is an item
                else:
                    cur.append(c)
            else:                           # after a backslash
                state = "norm"
                cur.append(c)
            prev = c
    if state == "quote":
        raise _XargsQuote("double" if quote == '"' else "single")
    if cur or quote == "done":
        item = "".join(cur)
        if eof_str is None or item != eof_str:
            yield item


def _xargs_split(chunks, delim: str):
    """GNU xargs' ``read_string`` (``-0``, ``-d``): every delimiter ends an item,
    nothing is special; a non-empty rest at the end is one more."""
    rest = ""
    for chunk in chunks:
        parts = (rest + chunk.decode("utf-8", "surrogateescape")).split(delim)
        rest = parts.pop()
        yield from parts
    if rest:
        yield rest


@command("xargs", usage="[OPTION]... COMMAND [INITIAL-ARGS]...")
def cmd_xargs(ctx: CommandContext):
    """``xargs [-0] [-d DELIM] [-n N] [-L N] [-I STR] [-s N] [-E EOF] [-r] [-t]
    [CMD [ARG]...]``: items are read as they come and a command is run as soon as
    its batch is full (``-n``, ``-L``, ``-I``, the size limit), as GNU xargs does,
    so ``yes | xargs -n1 echo | head -2`` ends; runs CMD through the spawn hook;
    GNU exit statuses 123/124/125/126/127."""
    opts, cmd = getopt(ctx.argv[1:], "0d:n:L:I:i::rtP:s:xa:E:e::", {
        "null": "0", "delimiter=": "d", "max-args=": "n", "max-lines=": "L",
        "replace?": "i", "no-run-if-empty": "r", "verbose": "t", "max-procs=": "P",
        "max-chars=": "s", "exit": "x", "arg-file=": "a", "eof?": "e"}, permute=False)
    nul = False
    delim = None
    max_args = None
    max_lines = None
    repl = None
    eof_str = None
    size = XARGS_SIZE
    no_empty = trace = False
    procs = 1
    for o, v in opts:
        try:
            if o == "0":
                nul = True
            elif o == "d":
                delim = v.encode().decode("unicode_escape") if v.startswith("\\") else v
            elif o == "n":
                max_args = int(v)
            elif o == "L":
                max_lines = int(v)
            elif o == "I":
                repl = v
            elif o == "i":
                repl = v or "{}"
            elif o == "s":
                size = int(v)
            elif o in ("E", "e"):
                eof_str = v or None
            elif o == "r":
                no_empty = True
            elif o == "t":
                trace = True
            elif o == "P":
                try:
                    procs = int(v)
                except ValueError:
                    return report(ctx, "xargs", "procs", v)
        except ValueError:
            raise UsageError(f"invalid number \"{v}\" for -{o} option", hint=False) from None
    if not cmd:
        cmd = ["echo"]
    chunks = _chunks(ctx.stdin)
    if nul or delim is not None:
        items = _xargs_split(chunks, "\0" if nul else delim)
    else:
        items = _xargs_items(chunks, repl is not None, eof_str)
    if procs <= 0:
        # busybox: "-P0 means run lots of them", 100; GNU: as many as it can
        busybox = nofork_applets(getattr(ctx.sys, "userland", "gnu")) is not None
        procs = XARGS_P0_BUSYBOX if busybox else 1 << 30
    runner = _XargsProcs(ctx, procs) if procs > 1 and ctx.extra.get("spawn") else None
    return _xargs_run(ctx, cmd, items, max_args, max_lines, repl, no_empty, trace, size,
                      runner)


def _chunks(stream, n: int = 4096):
    while True:
        b = stream.read(n)
        if not b:
            return
        yield b


def _xargs_run(ctx, cmd, items, max_args, max_lines, repl, no_empty, trace, size,
               runner: "_XargsProcs | None" = None) -> Generator[Sleep, None, int]:
    """Run a batch each time one is full (GNU bc_push_arg: before an argument that
    would pass the size limit, after the ``-n``-th; ``-L`` after so many lines);
    with ``runner`` (``-P N``) up to N at once, all waited for at the end."""
    if runner is not None:
        rc = yield from _xargs_batches(ctx, cmd, items, max_args, max_lines, repl,
                                       no_empty, trace, size, runner.launch)
        if rc >= 124 and not runner.vfork:
            return rc       # GNU's error(): xargs exits, the others left running
        st = yield from runner.drain()
        return rc if rc >= 124 or not st else max(rc, st)
    return (yield from _xargs_batches(ctx, cmd, items, max_args, max_lines, repl,
                                      no_empty, trace, size, _xargs_exec))


def _xargs_batches(ctx, cmd, items, max_args, max_lines, repl, no_empty, trace, size,
                   _xargs_exec) -> Generator[Sleep, None, int]:
    """:func:`_xargs_run`'s batches, each run by ``_xargs_exec(ctx, argv, trace)``."""
    base = sum(len(a.encode("utf-8", "surrogateescape")) + 1 for a in cmd)
    batch: list[str] = []
    used = base
    lines = 0
    ran = False
    rc = 0
    try:
        for it in items:
            if it is _EOL:
                if repl is None and max_lines and batch:
                    lines += 1
                    if lines >= max_lines:
                        st = yield from _xargs_exec(ctx, cmd + batch, trace)
                        ran = True
                        batch, used, lines = [], base, 0
                        if st >= 124:
                            return st
                        rc = rc or st
                continue
            if repl is not None:
                st = yield from _xargs_exec(ctx, [a.replace(repl, it) for a in cmd], trace)
                ran = True
                if st >= 124:
                    return st
                rc = rc or st
                continue
            n = len(it.encode("utf-8", "surrogateescape")) + 1
            if batch and used + n > size:
                st = yield from _xargs_exec(ctx, cmd + batch, trace)
                ran = True
                batch, used, lines = [], base, 0
                if st >= 124:
                    return st
                rc = rc or st
            batch.append(it)
            used += n
            if max_args and len(batch) >= max_args:
                st = yield from _xargs_exec(ctx, cmd + batch, trace)
                ran = True
                batch, used, lines = [], base, 0
                if st >= 124:
                    return st
                rc = rc or st
    except _XargsQuote as q:
        err(ctx, f"xargs: unmatched {q} quote; by default quotes are special to xargs "
                 "unless you use the -0 option")
        return 1
    if batch or (not ran and not no_empty and repl is None):
        st = yield from _xargs_exec(ctx, cmd + batch, trace)
        if st >= 124:
            return st
        rc = rc or st
    return rc


def _xargs_exec(ctx, argv, trace) -> Generator[Sleep, None, int]:
    """One command: 0, 123 (it failed), or what makes xargs stop (124-127)."""
    if trace:
        ctx.stderr.write(" ".join(argv) + "\n")
    try:
        st = yield from _run_status(ctx, argv)
    except OSError as e:
        err(ctx, f"xargs: {argv[0]}: {strerror(e)}")
        return 127 if e.errno == errno.ENOENT else 126
    yield_turn()        # the child's exit wakes xargs; the pipes' readers run meanwhile
    return _xargs_status(ctx, argv[0], st)


#: busybox xargs' ``-P 0`` (findutils/xargs.c, 1.35: "-P0 means run lots of
#: them", ``G.max_procs = 100``)
XARGS_P0_BUSYBOX = 100


class _XargsProcs:
    """``xargs -P N`` (busybox 1.35 findutils/xargs.c ``xargs_exec`` with
    FEATURE_XARGS_SUPPORT_PARALLEL, GNU findutils xargs.c ``wait_for_proc``):
    each command is started without waiting for it (busybox: ``spawn``, a vfork
    and an exec of any command, applets too), up to N at once; with N running,
    xargs blocks in ``waitpid(-1)`` until one ends, then starts the next; at the
    end it waits for them all. A command that fails 1..254 makes the status 123
    and xargs goes on; 255 or a signal stops it starting more (busybox then waits
    for the rest, its final ``waitpid`` loop; GNU exits at once)."""

    def __init__(self, ctx: CommandContext, n: int) -> None:
        self.ctx = ctx
        self.n = n
        self.running: list = []
        #: busybox's children are vforked: xargs waits for each one's execve
        self.vfork = nofork_applets(getattr(ctx.sys, "userland", "gnu")) is not None

    def _reap(self, block: bool) -> Generator[object, None, tuple[int, bool]]:
        """``waitpid(-1)`` (``block``) or ``wait_any_nohang``: (the reaped
        command's xargs status, whether one was reaped)."""
        running = self.running
        if block and not any(j.done for j, _ in running):
            yield Block(lambda: any(j.done for j, _ in running))
        for k, (j, name) in enumerate(running):
            if j.done:
                del running[k]
                return _xargs_status(self.ctx, name, j.status), True
        return 0, False

    def launch(self, ctx, argv, trace) -> Generator[object, None, int]:
        """Start ``argv`` once fewer than N run (reaping what has ended first)."""
        rc = 0
        while True:
            st, reaped = yield from self._reap(len(self.running) >= self.n)
            if not reaped:
                break
            if st >= 124:
                return st
            rc = rc or st
        if trace:
            ctx.stderr.write(" ".join(argv) + "\n")
        try:
            job = ctx.extra["spawn"](argv, background=True)
            if type(job) is GeneratorType:
                # busybox's spawn: the vforked child failed its execvp (ENOENT)
                yield from job
        except OSError as e:
            err(ctx, f"xargs: {argv[0]}: {strerror(e)}")
            return 127 if e.errno == errno.ENOENT else 126
        self.running.append((job, argv[0]))
        if self.vfork and job.let is None and not job.done:
            # busybox's spawn: vfork returns once the child has exec'ed
            yield Block(lambda: job.let is not None or job.done)
        return rc

    def drain(self) -> Generator[object, None, int]:
        """The final ``waitpid`` loop: every command still running, waited for."""
        rc = 0
        while self.running:
            st, _ = yield from self._reap(True)
            if st >= 124 and not self.vfork:
                return st   # GNU's error(): xargs exits, the others left running
            rc = max(rc, st)
        return rc


def _xargs_status(ctx, name: str, st: int) -> int:
    """A command's wait status as xargs takes it: 0, 123, or 124/125 (stop)."""
    if st == 255:
        err(ctx, f"xargs: {name}: exited with status 255; aborting")
        return 124
    if st > 128:
        report(ctx, "xargs", "signal", name, sig=str(st - 128))
        return 125
    return 123 if st else 0


# --- timeout ------------------------------------------------------------------------

@command("timeout", usage="[OPTION] DURATION COMMAND [ARG]...", usage_status=125)
def cmd_timeout(ctx: CommandContext):
    """``timeout [-s SIG] [--preserve-status] DURATION COMMAND [ARG]...``: COMMAND is
    sent SIG (TERM) once DURATION of simulated time has passed while it sleeps, then
    every other process below timeout (its process group: stress's workers);
    status 124 then (or 128+SIG with --preserve-status), else the command's.
    busybox's is :func:`_bb_timeout`."""
    if quirk(ctx, "timeout.exec"):
        return _bb_timeout(ctx)
    opts, args = getopt(ctx.argv[1:], "s:k:v", {"signal=": "s", "kill-after=": "k",
                                                "preserve-status": "p", "foreground": "f",
                                                "verbose": "v"}, permute=False)
    sig = 15
    preserve = False
    foreground = False
    for o, v in opts:
        if o == "s":
            sig = parse_signal(v)
            if not sig:
                raise UsageError(f"{v}: invalid signal", hint=True)
        elif o == "p":
            preserve = True
        elif o == "f":
            foreground = True
    if len(args) < 2:
        raise UsageError("missing operand" if not args else f"missing operand after '{args[0]}'")
    try:
        limit = parse_duration(args[0])
    except ValueError:
        raise UsageError(f"invalid time interval '{args[0]}'") from None
    setpgid = getattr(ctx.sys, "setpgid", None)
    if not foreground and setpgid is not None:
        setpgid(ctx.task)       # GNU timeout: setpgid (0, 0), COMMAND in its group
    return _timeout(ctx, args[1:], limit, sig, preserve)


def _bb_timeout(ctx: CommandContext):
    """busybox 1.35 ``timeout [-s SIG] [-k KILL_SECS] SECS PROG ARGS``
    (coreutils/timeout.c): options end at the first operand; SIG is
    ``get_signum``'s (``unknown signal 'X'``), SECS and KILL_SECS
    ``parse_duration_str``'s cut to whole seconds (``invalid number``). timeout
    execs PROG; a grandchild wakes once a second and after SECS (at least one
    second) sends SIG to PROG alone, then SIGKILL after KILL_SECS if it is more
    than 0. The status is PROG's: a signal's death is the shell's 128+SIG."""
    opts, args = getopt(ctx.argv[1:], "s:k:", permute=False)
    sig, kill_after = 15, 0
    for o, v in opts:
        if o == "s":
            n = parse_signal(v)
            if n is None:
                err(ctx, f"timeout: unknown signal '{v}'")
                return 1
            sig = n
    if not args:
        raise UsageError("")
    try:
        for o, v in opts:
            if o == "k":
                kill_after = int(_bb_duration(v))
        limit = int(_bb_duration(args[0]))
    except ValueError as e:
        err(ctx, f"timeout: invalid number '{e.args[0]}'")
        return 1
    if len(args) < 2:
        raise UsageError("")
    return _timeout(ctx, args[1:], max(limit, 1), sig, True, exec_=True,
                    kill_after=kill_after)


def _timeout(ctx: CommandContext, argv: list[str], limit: float, sig: int,
             preserve: bool, exec_: bool = False, kill_after: float = 0) -> Generator:
    """Run ``argv`` and signal it ``limit`` seconds on. GNU's (``exec_`` False):
    the rest of timeout's process group too. busybox's (``exec_``): the command
    alone, SIGKILL ``kill_after`` seconds later if that is more than 0, and
    timeout (which is the command, exec'ed) dies of the command's signal."""
    box: list = []
    if exec_:
        _bb_timeout_watcher(ctx, int(limit), int(kill_after))
    try:
        r = run_command(ctx, argv, started=box.append)
    except OSError as e:
        report(ctx, "timeout", "exec", argv[0], e)
        return 127 if e.errno == errno.ENOENT else 126
    if type(r) is not GeneratorType:
        return r
    deadline = ctx.sys.now + limit if limit else math.inf
    timed_out = False
    signalled = 0
    # cut: the loop below cuts the command's own sleep at the deadline and signals
    # it there; done: timeout has returned (a later alarm is void)
    state = {"cut": False, "done": False, "fired": False}

    def send() -> list:
        """SIG to the command, GNU's also to the rest of its process group
        (setpgid(0, 0) at start), then SIGCONT to them unless SIG is SIGKILL or
        SIGCONT, so that a stopped command gets it (coreutils 9.1 timeout.c
        ``cleanup``); the tasks signalled."""
        sent = []
        for t in [box[0]] + ([] if exec_ else _descendants(ctx, ctx.task)):
            try:
                ctx.sys.kill(t.pid, sig, sender=ctx.task)
            except OSError:
                continue
            sent.append(t)
        if not exec_ and sig != SIGKILL and sig != SIGCONT:
            for t in sent:
                try:
                    ctx.sys.kill(t.pid, SIGCONT, sender=ctx.task)
                except OSError:
                    pass
        return sent

    def alarm() -> None:
        """The alarm (``timer_settime``) going off while the command sleeps where it
        yields no sleep of its own (a fault throttled at memory.high, a blocked
        open)."""
        if state["cut"] or state["done"]:
            return
        state["fired"] = True
        send()

    if limit:
        ctx.sys.call_at(deadline, alarm)
    try:
        req = r.send(None)
        while True:
            now = ctx.sys.now
            if not timed_out and type(req) is Sleep and now + req.seconds > deadline:
                state["cut"] = True
                until = now + req.seconds
                yield Sleep(max(0.0, deadline - now))
                timed_out = True
                yield from _signal_delivered(ctx, send())
                if exec_:
                    signalled = sig
                    if kill_after > 0:      # the grandchild's sleep(kill_after); SIGKILL
                        deadline, sig, kill_after, timed_out = ctx.sys.now + kill_after, SIGKILL, 0, False
                    if getattr(box[0], "alive", False):
                        # the signal was ignored or caught: the sleep goes on
                        req = Sleep(max(0.0, until - ctx.sys.now))
                    else:
                        req = r.send(None)
                    continue
                if sig == SIGKILL:
                    # GNU timeout signals its whole process group, itself included:
                    # it ignores catchable signals, not SIGKILL
                    ctx.sys.kill(ctx.task.pid, sig, sender=ctx.task)
                req = r.send(None)
                continue
            req = r.send((yield req))
    except StopIteration as e:
        st = e.value if isinstance(e.value, int) else 0
    finally:
        state["done"] = True
    if state["fired"]:
        timed_out, signalled = True, signalled or sig
        if sig == SIGKILL and not exec_:
            # the alarm's kill(0, SIGKILL) reached GNU timeout itself, as above
            ctx.sys.kill(ctx.task.pid, sig, sender=ctx.task)
    if exec_ and signalled and st - 128 in (signalled, sig):
        # busybox: the signalled process was timeout itself
        ctx.sys.kill(ctx.task.pid, st - 128, sender=ctx.task)
    return st if not timed_out or preserve else 124



def _bb_timeout_watcher(ctx: CommandContext, secs: int, kill_after: int) -> None:
    """busybox 1.35 timeout's watcher (coreutils/timeout.c ``timeout_main``:
    ``xvfork``, then ``bb_daemonize_or_rexec`` forks the grandchild and the vfork
    child exits): a process in timeout's cgroup that wakes once a second
    (``timeout_wait``'s ``sleep1``) and ends at the first wake-up where
    ``kill(parent, 0)`` fails (the command exited and was reaped), else at the
    deadline after its signal (which :func:`_timeout` sends), or with ``-k`` at
    the first wake-up after that which finds the command gone, at the latest
    ``kill_after`` seconds on. So a cgroup stays populated up to a second after
    the command under timeout has returned. The init that reaps the orphan is
    the guest's (``release_task`` at once)."""
    fork = getattr(ctx.sys, "fork", None)
    if fork is None or getattr(ctx.sys, "call_at", None) is None:
        return
    sys_, me = ctx.sys, ctx.task
    try:
        child = fork(me, vfork=True)
        watcher = fork(child)
    except OSError:
        return          # "Did intermediate [v]fork or exec fail?": not modelled
    sys_.exit(child)
    sys_.reap(child)
    start, pid = sys_.now, me.pid
    last = secs + (kill_after if kill_after > 0 else 0)

    def gone() -> bool:
        t = sys_.task(pid)
        return t is None or t is not me

    def wake(n: int) -> None:
        if not watcher.alive:
            return
        if n >= last or (n != secs and gone()):
            sys_.exit(watcher)
            sys_.reap(watcher)
            return
        sys_.call_at(start + n + 1, lambda: wake(n + 1))

    sys_.call_at(start + 1, lambda: wake(1))


def _signal_delivered(ctx: CommandContext, tasks: list):
    """Sleep until the tasks a fatal signal was just sent to have died of it: each
    dies when it next runs on its CPU (kernel/signal.py), and the sender's
    ``waitpid`` returns after that."""
    pending = getattr(ctx.sys, "fatal_signal_pending", None)
    if pending is None:
        return
    while any(pending(t) for t in tasks):
        yield Sleep(max(0.0, ctx.sys.next_signal_exit() - ctx.sys.now))


def _descendants(ctx: CommandContext, leader) -> list:
    """The live processes of ``leader``'s process group but itself (by pid),
    orphans included: GNU timeout's, which ``kill(0, sig)`` reaches (no process
    of a script's makes a group of its own); none with ``--foreground`` (no
    group of its own)."""
    from .procps import _processes
    out = []
    pgid = getattr(leader, "pgid", None)
    if pgid != leader.pid:
        return out
    for pid, _, _ in _processes(ctx):
        t = ctx.sys.task(pid)
        if t is not None and t is not leader and getattr(t, "alive", False) and t.pgid == pgid:
            out.append(t)
    return out


# --- kill ---------------------------------------------------------------------------

@command("kill", std_opts=False)
def cmd_kill(ctx: CommandContext) -> int:
    """``kill [-s SIG | -SIG | -n NUM] PID...`` and ``kill -l`` (procps); the
    busybox userland's is :func:`_bb_kill`."""
    if quirk(ctx, "kill.busybox"):
        return _bb_kill(ctx)
    args = ctx.argv[1:]
    sig = SIGNALS["TERM"]
    if args and args[0] in ("-l", "-L", "--list"):
        raw_write(ctx.stdout, (" ".join(SIGNAMES[i] for i in sorted(SIGNAMES)) + "\n").encode())
        return 0
    while args and args[0].startswith("-") and len(args[0]) > 1:
        a = args.pop(0)
        if a == "--":
            break
        if a in ("-s", "-n"):
            if not args:
                err(ctx, f"kill: option requires an argument -- '{a[1]}'")
                return 1
            a = "-" + args.pop(0)
        s = parse_signal(a[1:])
        if s is None:
            err(ctx, f"kill: unknown signal: {a[1:]}")
            return 1
        sig = s
    if not args:
        err(ctx, "kill: not enough arguments")
        return 1
    rc = 0
    for p in args:
        try:
            pid = int(p)
        except ValueError:
            # util-linux 2.38 kill.c: errx (EXIT_FAILURE, "failed to parse argument")
            err(ctx, f"kill: failed to parse argument: '{p}'")
            return 1
        try:
            ctx.sys.kill(pid, sig, ctx.task)
        except OSError as e:
            err(ctx, f"kill: ({pid}): {strerror(e)}")
            rc = 1
    return rc


def _bb_kill(ctx: CommandContext) -> int:
    """busybox 1.35 ``kill [-l [SIG]] [-SIG | -s SIG] PID...`` (procps/kill.c,
    what ``/bin/kill`` is in the guests; ``kill`` alone is bash's builtin):
    :func:`bb_kill_args`, then ``invalid number 'X'``, ``can't kill pid N:
    STRERROR``, each counted: the status is their count (``errors``)."""
    r = bb_kill_args(ctx.argv[1:], lambda t: raw_write(ctx.stdout, t.encode()),
                     lambda t: err(ctx, f"kill: {t}"))
    if type(r) is int:
        return r
    sig, args = r
    rc = 0
    for p in args:
        if not p.lstrip("-").isdigit():
            err(ctx, f"kill: invalid number '{p}'")
            rc += 1
            continue
        try:
            ctx.sys.kill(int(p), sig, ctx.task)
        except OSError as e:
            err(ctx, f"kill: can't kill pid {p}: {strerror(e)}")
            rc += 1
    return rc


def bb_kill_args(args: list[str], write, report) -> "tuple[int, list[str]] | int":
    """busybox 1.35 kill's options (procps/kill.c ``kill_main``, also busybox sh's
    ``kill`` builtin): ``-l`` lists `` N) NAME`` one a line (1-31), ``-l N``/``-l
    NAME`` converts (an exit status's signal: ``N & 0x7f``; ``unknown signal 'X'``);
    ``bad signal name 'X'``, ``you need to specify whom to kill``
    (``report``ed, status 1). Returns (signal, the operands) or the status."""
    names = {**SIGNAMES, 29: "POLL"}      # libbb u_signal_names.c calls 29 POLL
    if args and args[0] == "-l":
        if len(args) == 1:
            write("".join(f"{n:2d}) {names[n]}\n" for n in sorted(names)))
            return 0
        for a in args[1:]:
            if a[:1].isdigit():
                # an exit status >= 128 is "killed by signal (status & 0x7f)";
                # get_signame: 0 is EXIT, an unnamed signal its number
                n = int(a) & 0x7F if a.isdigit() else None
                if n is None:
                    report(f"unknown signal '{a}'")
                    return 1
                write(("EXIT" if n == 0 else names.get(n, str(n))) + "\n")
                continue
            n = 29 if a.upper() in ("POLL", "SIGPOLL") else parse_signal(a)
            if n is None or n not in names:
                report(f"unknown signal '{a}'")
                return 1
            write(f"{n}\n")
        return 0
    args = list(args)
    sig = SIGNALS["TERM"]
    if args and args[0] == "--":
        args.pop(0)         # "--" separates options from args: TERM (``do_it_sooner``)
    elif args and args[0].startswith("-") and args[0] != "-":
        a = args.pop(0)
        name = a[1:]
        if a == "-s" and args:
            name = args.pop(0)
        n = parse_signal(name)
        if n is None:
            report(f"bad signal name '{name}'")
            return 1
        sig = n
    if not args:
        report("you need to specify whom to kill")
        return 1
    return sig, args


# --- system information ---------------------------------------------------------------

def _nr_cpus(ctx: CommandContext) -> int:
    return int(getattr(ctx.sys, "nr_cpus", 1) or 1)


def _page_size(ctx: CommandContext) -> int:
    return int(getattr(ctx.sys, "page_size", 4096) or 4096)


_GETCONF = {
    "_NPROCESSORS_ONLN": _nr_cpus, "_NPROCESSORS_CONF": _nr_cpus,
    "NPROCESSORS_ONLN": _nr_cpus, "NPROCESSORS_CONF": _nr_cpus,
    "PAGESIZE": _page_size, "PAGE_SIZE": _page_size, "_SC_PAGESIZE": _page_size,
    "LONG_BIT": lambda ctx: 64, "CLK_TCK": lambda ctx: 100, "ARG_MAX": lambda ctx: 2097152,
    "OPEN_MAX": lambda ctx: 1024, "_PHYS_PAGES": lambda ctx: int(
        getattr(ctx.sys, "total_ram", 4 << 30)) // _page_size(ctx),
}


@command("getconf", usage="[-v specification] variable_name [pathname]")
def cmd_getconf(ctx: CommandContext) -> int:
    """glibc's ``getconf _NPROCESSORS_ONLN | PAGESIZE | PAGE_SIZE | LONG_BIT | CLK_TCK
    ...`` (the busybox userland's is a script: oracle/guestbin.py ``GETCONF``)."""
    args = ctx.argv[1:]
    if not args:
        ctx.stderr.write("Usage: getconf [-v specification] variable_name [pathname]\n"
                         "       getconf -a [pathname]\n")
        return 1
    if args[0] == "-a":
        raw_write(ctx.stdout, "".join(f"{k:<35}{f(ctx)}\n" for k, f in sorted(_GETCONF.items()))
                  .encode())
        return 0
    f = _GETCONF.get(args[0])
    if f is None:
        err(ctx, f"getconf: Unrecognized variable `{args[0]}'")
        return 2
    raw_write(ctx.stdout, f"{f(ctx)}\n".encode())
    return 0


@command("nproc", usage="[OPTION]...")
def cmd_nproc(ctx: CommandContext) -> int:
    """``nproc [--all] [--ignore=N]``."""
    opts, args = getopt(ctx.argv[1:], "", {"all": "a", "ignore=": "i"})
    if args:
        raise UsageError(f"extra operand '{args[0]}'")
    n = _nr_cpus(ctx)
    for o, v in opts:
        if o == "i":
            try:
                n = max(1, n - int(v))
            except ValueError:
                err(ctx, f"nproc: invalid number: '{v}'")
                return 1
    raw_write(ctx.stdout, f"{n}\n".encode())
    return 0


@command("uname", usage="[OPTION]...")
def cmd_uname(ctx: CommandContext) -> int:
    """``uname [-asnrvmpio]``: ``-r`` asks ``sys.uname_release()``."""
    opts, args = getopt(ctx.argv[1:], "asnrvmpio", {
        "all": "a", "kernel-name": "s", "nodename": "n", "kernel-release": "r",
        "kernel-version": "v", "machine": "m", "processor": "p", "hardware-platform": "i",
        "operating-system": "o"})
    if args:
        raise UsageError(f"extra operand '{args[0]}'")
    sel = {o for o, _ in opts} or {"s"}
    sys_ = ctx.sys
    vals = {
        "s": "Linux", "n": sys_.uname_nodename(), "r": sys_.uname_release(),
        "m": "x86_64", "p": "unknown", "i": "unknown", "o": "GNU/Linux",
    }
    if "a" in sel:
        sel = set("snrvmo")
    if "v" in sel:      # the build string: read from fs/proc_sys_tree.py when asked
        vals["v"] = sys_.uname_version()
    fields = [vals[c] for c in "snrvmpio" if c in sel]
    raw_write(ctx.stdout, (" ".join(fields) + "\n").encode())
    return 0


@command("tty", usage="[OPTION]...", usage_status=2)
def cmd_tty(ctx: CommandContext) -> int:
    """``tty [-s]``: the terminal on standard input, which a script's never is in
    the model (the guests' is /dev/null: ``streams.isatty``): ``not a tty``,
    status 1; ``-s`` prints nothing."""
    opts, args = getopt(ctx.argv[1:], "s", {"silent": "s", "quiet": "s"})
    if args:
        raise UsageError(f"extra operand '{args[0]}'")
    if not opts:
        raw_write(ctx.stdout, b"not a tty\n")
    return 1


@command("id", usage="[OPTION]... [USER]...")
def cmd_id(ctx: CommandContext) -> int:
    """``id [-u|-g|-G] [-n] [-r]``: everything runs as root."""
    opts, args = getopt(ctx.argv[1:], "ugGnrz", {"user": "u", "group": "g", "groups": "G",
                                                 "name": "n", "real": "r"})
    flags = {o for o, _ in opts}
    if args and args[0] != "root":
        err(ctx, f"id: '{args[0]}': no such user")
        return 1
    if flags & {"u", "g", "G"}:
        out = "root" if "n" in flags else "0"
    elif "n" in flags:
        err(ctx, "id: cannot print only names or real IDs in default format")
        return 1
    else:
        out = "uid=0(root) gid=0(root) groups=0(root)"
    raw_write(ctx.stdout, (out + "\n").encode())
    return 0


@command("sync", usage="[OPTION] [FILE]...")
def cmd_sync(ctx: CommandContext) -> int:
    """``sync``: calls ``sys.sync(task)`` if the kernel has it (page cache is clean)."""
    f = getattr(ctx.sys, "sync", None)
    if callable(f):
        f(ctx.task)
    return 0


@command("hostname", usage="[NAME]")
def cmd_hostname(ctx: CommandContext) -> int:
    """``hostname``: the node name (``uname -n``); setting it is not modelled."""
    if ctx.argv[1:]:
        raise UsageError("setting the host name is not modelled (memcgsim)", hint=False)
    raw_write(ctx.stdout, f"{ctx.sys.uname_nodename()}\n".encode())
    return 0


@command("whoami", usage="[OPTION]...")
def cmd_whoami(ctx: CommandContext) -> int:
    """``whoami``: every process runs as root."""
    if ctx.argv[1:]:
        raise UsageError(f"extra operand '{ctx.argv[1]}'")
    raw_write(ctx.stdout, b"root\n")
    return 0


@command("which", usage="[-a] COMMAND...")
def cmd_which(ctx: CommandContext) -> int:
    """``which [-a] NAME...`` (debianutils): the first (with -a every) executable
    regular file NAME in $PATH, or NAME itself if it holds a "/"; 1 if any is not
    found, 2 for a bad option."""
    opts, names = getopt(ctx.argv[1:], "as", {})
    every = any(o == "a" for o, _ in opts)
    silent = any(o == "s" for o, _ in opts)
    rc = 0
    out = []
    for name in names:
        cands = [name] if "/" in name else [
            (d or ".") + "/" + name for d in ctx.env.get("PATH", "").split(":")]
        found = [c for c in cands if _executable(ctx, c)]
        if not found:
            rc = 1
        out += found if every else found[:1]
    if not silent:
        raw_write(ctx.stdout, "".join(p + "\n" for p in out).encode("utf-8", "surrogateescape"))
    return rc


def _executable(ctx: CommandContext, path: str) -> bool:
    try:
        st = ctx.sys.stat(ctx.path(path), ctx.task)
    except OSError:
        return False
    return stat_mod.S_ISREG(st.st_mode) and bool(st.st_mode & 0o111)


def _sysctl_path(key: str) -> str:
    """A key's file: dots are slashes (``vm.drop_caches``), or a path below
    /proc/sys with slashes already."""
    return "/proc/sys/" + (key.replace(".", "/") if "/" not in key else key.strip("/"))


@command("sysctl", usage="[options] [variable[=value] ...]")
def cmd_sysctl(ctx: CommandContext) -> int:
    """``sysctl [-n] [-e] [-q] [-w] [-a] KEY[=VALUE]...`` (procps-ng 4.0.2): a
    VALUE writes the key's /proc/sys file (printing ``KEY = VALUE`` unless -q);
    without one it is read (``KEY = CONTENT``, -n the content alone); a write-only
    key reads as nothing. -a lists every readable key."""
    opts, args = getopt(ctx.argv[1:], "neqwaAX", {"values": "n", "ignore": "e", "quiet": "q",
                                                   "write": "w", "all": "a"})
    flags = {o for o, _ in opts}
    if flags & {"a", "A", "X"}:
        args = sorted(_sysctl_keys(ctx, "/proc/sys"))
    elif not args:
        raise UsageError("no variables specified")
    rc = 0
    out = []
    for arg in args:
        key, eq, value = arg.partition("=")
        path = _sysctl_path(key)
        shown = key.replace("/", ".")
        try:
            st = ctx.sys.stat(path, ctx.task)
        except OSError as e:
            if "e" not in flags:
                err(ctx, f"sysctl: cannot stat {path}: {strerror(e)}")
                rc = 1
            continue
        if stat_mod.S_ISDIR(st.st_mode):
            if eq:
                err(ctx, f"sysctl: setting key \"{shown}\": Is a directory")
                rc = 1
            else:
                out += [_sysctl_line(ctx, k, "n" in flags) for k in sorted(_sysctl_keys(ctx, path))]
            continue
        if eq:
            try:
                ctx.sys.write(path, value + "\n", ctx.task)
            except OSError as e:
                err(ctx, f"sysctl: setting key \"{shown}\": {strerror(e)}")
                rc = 1
                continue
            if "q" not in flags:
                out.append(value if "n" in flags else f"{shown} = {value}")
        elif st.st_mode & 0o444:
            out.append(_sysctl_line(ctx, shown, "n" in flags))
    out = [ln for ln in out if ln is not None]
    raw_write(ctx.stdout, "".join(ln + "\n" for ln in out).encode("utf-8", "surrogateescape"))
    return rc


def _sysctl_keys(ctx: CommandContext, path: str) -> list[str]:
    """Every readable key below ``path`` (a directory of /proc/sys)."""
    keys = []
    for name in ctx.sys.listdir(path, ctx.task):
        p = f"{path}/{name}"
        st = ctx.sys.stat(p, ctx.task)
        if stat_mod.S_ISDIR(st.st_mode):
            keys += _sysctl_keys(ctx, p)
        elif st.st_mode & 0o444:
            keys.append(p[len("/proc/sys/"):].replace("/", "."))
    return keys


def _sysctl_line(ctx: CommandContext, key: str, values_only: bool) -> str | None:
    try:
        text = ctx.sys.read(_sysctl_path(key), ctx.task)
    except OSError:
        return None
    text = text.rstrip("\n")
    return text if values_only else f"{key} = {text}"
