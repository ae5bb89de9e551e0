"""Scheduling priorities: ``renice`` and ``ionice`` (util-linux 2.38). The model
keeps each task's nice value and I/O priority (``Task.nice``, ``Task.ioprio``,
inherited at fork) without acting on them: CPU time and block I/O are not
scheduled by them."""
from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

from ._util import UsageError, command, err, getopt, raw_write, strerror
from .procutils import run_command

if TYPE_CHECKING:
    from ..context import CommandContext

#: ionice's class names (``to_prio``), by ``IOPRIO_CLASS_*``
IOCLASS = ("none", "realtime", "best-effort", "idle")


def _task(ctx: "CommandContext", pid: int):
    t = ctx.sys.task(pid)
    if t is None or not getattr(t, "alive", True) or t.state in ("zombie", "dead"):
        raise OSError(errno.ESRCH, os.strerror(errno.ESRCH))
    return t


@command("renice", usage="[-n|--priority|--relative] <priority> [-p|--pid] <pid>...",
         std_opts=False)
def cmd_renice(ctx: "CommandContext") -> int:
    """``renice [-n] PRIORITY [-p] PID... [-g PGRP...]``: each process's nice value
    set (clamped to -20..19), ``PID (process ID) old priority A, new priority B``
    for each; a missing one fails (status 1). ``-u`` is not modelled."""
    args = ctx.argv[1:]
    if args[:1] in (["-n"], ["--priority"]):
        args = args[1:]
    if len(args) < 2:
        ctx.stderr.write("renice: not enough arguments\nTry 'renice --help' for more information.\n")
        return 1
    try:
        prio = int(args[0])
    except ValueError:
        ctx.stderr.write(f"renice: invalid priority '{args[0]}'\n"
                         "Try 'renice --help' for more information.\n")
        return 1
    which = "p"
    rc = 0
    out = []
    for a in args[1:]:
        if a in ("-p", "--pid", "-g", "--pgrp", "-u", "--user"):
            which = a.lstrip("-")[0]
            continue
        if which == "u":
            err(ctx, "renice: -u is not modelled (memcgsim)")
            return 1
        try:
            n = int(a)
        except ValueError:
            err(ctx, f"renice: invalid {'process' if which == 'p' else 'process group'} ID: '{a}'")
            rc = 1
            continue
        what = "process ID" if which == "p" else "process group ID"
        try:
            tasks = [_task(ctx, n)] if which == "p" else _group(ctx, n)
        except OSError as e:
            err(ctx, f"renice: failed to get priority for {n} ({what}): {strerror(e)}")
            rc = 1
            continue
        old = tasks[0].nice
        for t in tasks:
            ctx.sys.setpriority(t, prio)
        out.append(f"{n} ({what}) old priority {old}, new priority {tasks[0].nice}\n")
    raw_write(ctx.stdout, "".join(out).encode())
    return rc


def _group(ctx: "CommandContext", pgid: int) -> list:
    tasks = [t for t in getattr(ctx.sys, "tasks", {}).values()
             if getattr(t, "pgid", None) == pgid and t.state not in ("zombie", "dead")]
    if not tasks:
        raise OSError(errno.ESRCH, os.strerror(errno.ESRCH))
    return tasks


@command("ionice", usage="[options] -p <pid>...", std_opts=False)
def cmd_ionice(ctx: "CommandContext"):
    """``ionice [-c CLASS] [-n LEVEL] [-t] (-p PID... | COMMAND [ARG]...)``: with
    neither class nor level, each process's I/O priority printed (``none: prio
    0``, ``best-effort: prio 7``, ``idle``); else set (``-n`` alone means
    best-effort). Without -p and a command, ionice's own."""
    try:
        opts, args = getopt(ctx.argv[1:], "c:n:p:P:u:t", {
            "class=": "c", "classdata=": "n", "pid=": "p", "pgid=": "P", "uid=": "u",
            "ignore": "t"}, permute=False)
    except UsageError as e:
        ctx.stderr.write(f"ionice: {e.msg}\nTry 'ionice --help' for more information.\n")
        return 1
    ioclass = data = None
    pids: list[str] = []
    tolerant = False
    for o, v in opts:
        if o == "c":
            ioclass = {"none": 0, "realtime": 1, "best-effort": 2, "idle": 3}.get(v.lower())
            if ioclass is None:
                if not v.isdigit():
                    err(ctx, f"ionice: unknown scheduling class: '{v}'")
                    return 1
                ioclass = int(v)
        elif o == "n":
            if not v.lstrip("-").isdigit():
                err(ctx, f"ionice: invalid class data argument: '{v}'")
                return 1
            data = int(v)
        elif o == "p":
            pids.append(v)
        elif o in "Pu":
            err(ctx, "ionice: -P and -u are not modelled (memcgsim)")
            return 1
        else:
            tolerant = True
    pids += args if pids else []
    if ioclass is None and data is not None:
        ioclass = 2
    if ioclass is not None and not 0 <= ioclass <= 3:
        err(ctx, f"ionice: unknown prio class {ioclass}")
        return 1
    if ioclass == 3 and data is not None:
        err(ctx, "ionice: ignoring given class data for idle class")
        data = 0
    if ioclass == 0 and data is not None:
        err(ctx, "ionice: ignoring given class data for none class")
        data = 0
    targets = pids or ([] if args else [str(ctx.task.pid)])
    rc = 0
    out = []
    for p in targets:
        try:
            t = _task(ctx, int(p))
            if ioclass is None:
                cls, lvl = t.ioprio
                name = IOCLASS[cls] if cls == 3 else f"{IOCLASS[cls]}: prio {lvl}"
                out.append(f"{p}: {name}\n" if len(targets) > 1 else f"{name}\n")
            else:
                ctx.sys.ioprio_set(t, ioclass, data or 0)
        except ValueError:
            err(ctx, f"ionice: invalid PID argument: '{p}'")
            return 1
        except OSError as e:
            if not tolerant:
                err(ctx, f"ionice: ioprio_{'get' if ioclass is None else 'set'} failed: "
                    f"{strerror(e)}")
                rc = 1
    raw_write(ctx.stdout, "".join(out).encode())
    if pids or not args:
        return rc
    if ioclass is not None:
        ctx.sys.ioprio_set(ctx.task, ioclass, data or 0)
    try:
        return run_command(ctx, args, in_place=True)
    except OSError as e:
        err(ctx, f"ionice: failed to execute {args[0]}: {strerror(e)}")
        return 127 if e.errno == errno.ENOENT else 126
