"""``taskset`` (util-linux): show or set a process's CPU affinity, or run a
command with one (``sched_setaffinity``, then exec the command: its children
inherit the mask, and the model's scheduler places them on those CPUs).

Forms: ``taskset [-c] MASK|LIST CMD [ARG]...``, ``taskset [-c] -p [MASK|LIST] PID``.
Masks are hexadecimal (``0x`` optional), lists ``0,2-3,4-7:2``; messages as
util-linux 2.38 prints them.
"""
from __future__ import annotations

import errno

from ..context import CommandContext
from ._util import command, err, strerror
from .procutils import run_command

USAGE = "[options] [mask | cpu-list] [pid|cmd [args...]]"


def parse_cpulist(s: str) -> set[int] | None:
    """``cpulist_parse``: ``N``, ``N-M``, ``N-M:STRIDE`` joined by commas."""
    cpus: set[int] = set()
    for item in s.split(","):
        rng, _, stride = item.partition(":")
        a, dash, b = rng.partition("-")
        try:
            lo = int(a)
            hi = int(b) if dash else lo
            step = int(stride) if stride else 1
        except ValueError:
            return None
        if lo < 0 or hi < lo or step < 1:
            return None
        cpus.update(range(lo, hi + 1, step))
    return cpus


def parse_mask(s: str) -> set[int] | None:
    """``cpumask_parse_user``: hexadecimal, ``0x`` optional."""
    t = s[2:] if s[:2].lower() == "0x" else s
    try:
        v = int(t, 16)
    except ValueError:
        return None
    return {i for i in range(v.bit_length()) if v >> i & 1}


def cpulist_create(cpus) -> str:
    """``cpulist_create``: ascending, consecutive CPUs as ranges."""
    out, cs = [], sorted(cpus)
    i = 0
    while i < len(cs):
        j = i
        while j + 1 < len(cs) and cs[j + 1] == cs[j] + 1:
            j += 1
        out.append(str(cs[i]) if i == j else f"{cs[i]}-{cs[j]}")
        i = j + 1
    return ",".join(out)


def cpumask_create(cpus) -> str:
    return format(sum(1 << c for c in cpus), "x")


@command("taskset", usage=USAGE, std_opts=False)
def cmd_taskset(ctx: CommandContext):
    """util-linux ``taskset``."""
    args = list(ctx.argv[1:])
    use_list = pid_mode = False
    while args and args[0].startswith("-") and len(args[0]) > 1 and args[0] != "--":
        a = args.pop(0)
        if a in ("--cpu-list",):
            use_list = True
            continue
        if a in ("--pid",):
            pid_mode = True
            continue
        if a in ("--all-tasks",):
            continue
        if a in ("-h", "--help"):
            ctx.stdout.write(f"Usage: taskset {USAGE}\n")
            return 0
        if a in ("-V", "--version"):
            ctx.stdout.write("taskset from util-linux 2.38.1\n")
            return 0
        for c in a[1:]:
            if c == "c":
                use_list = True
            elif c == "p":
                pid_mode = True
            elif c == "a":
                pass
            else:
                err(ctx, f"taskset: invalid option -- '{c}'")
                err(ctx, "Try 'taskset --help' for more information.")
                return 1
    if args and args[0] == "--":
        args.pop(0)
    if not args or (not pid_mode and len(args) < 2):
        err(ctx, "taskset: bad usage")
        err(ctx, "Try 'taskset --help' for more information.")
        return 1
    sys = ctx.sys
    what = "list" if use_list else "mask"
    show = cpulist_create if use_list else cpumask_create
    if pid_mode:
        spec, ptext = (args[0], args[1]) if len(args) > 1 else (None, args[0])
        try:
            pid = int(ptext)
        except ValueError:
            err(ctx, f"taskset: invalid PID argument: '{ptext}'")
            return 1
        task = ctx.task if pid == 0 else sys.task(pid)
        if task is None:
            err(ctx, f"taskset: failed to get pid {pid}'s affinity: No such process")
            return 1
        ctx.stdout.write(f"pid {pid}'s current affinity {what}: {show(sys.sched_getaffinity(task))}\n")
        if spec is None:
            return 0
        cpus = _parse(ctx, spec, use_list)
        if cpus is None:
            return 1
        try:
            sys.sched_setaffinity(task, cpus)
        except OSError as e:
            err(ctx, f"taskset: failed to set pid {pid}'s affinity: {strerror(e)}")
            return 1
        ctx.stdout.write(f"pid {pid}'s new affinity {what}: {show(sys.sched_getaffinity(task))}\n")
        return 0
    cpus = _parse(ctx, args[0], use_list)
    if cpus is None:
        return 1
    try:
        sys.sched_setaffinity(ctx.task, cpus)
    except OSError as e:
        err(ctx, f"taskset: failed to set pid {ctx.task.pid}'s affinity: {strerror(e)}")
        return 1
    try:
        return run_command(ctx, args[1:], in_place=True)     # schedutils: execvp
    except OSError as e:
        err(ctx, f"taskset: failed to execute {args[1]}: {strerror(e)}")
        return 127 if e.errno == errno.ENOENT else 126


def _parse(ctx: CommandContext, spec: str, use_list: bool) -> set[int] | None:
    cpus = parse_cpulist(spec) if use_list else parse_mask(spec)
    if cpus is None:
        err(ctx, f"taskset: failed to parse {'CPU list' if use_list else 'mask'}: {spec}")
    return cpus
