"""``free`` (procps-ng), read from ``/proc/meminfo`` as it is (``meminfo()`` in
procps' sysinfo.c): used = total - free - buffers - cache, where cache is Cached +
SReclaimable; shared is Shmem; available is MemAvailable."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import UsageError, command, err, raw_write

if TYPE_CHECKING:
    from ..context import CommandContext

HEADER = "               total        used        free      shared  buff/cache   available"
SHIFTS = {"-b": -10, "--bytes": -10, "-k": 0, "--kibi": 0, "-m": 10, "--mebi": 10,
          "-g": 20, "--gibi": 20}


@command("free", usage="[options]")
def cmd_free(ctx: "CommandContext") -> int:
    """``free [-b|-k|-m|-g] [-t]``: KiB by default, values truncated as procps'
    ``scale_size`` does without ``-h``."""
    shift = 0
    total_row = False
    for a in ctx.argv[1:]:
        if a in SHIFTS:
            shift = SHIFTS[a]
        elif a in ("-t", "--total"):
            total_row = True
        else:
            raise UsageError(f"invalid option -- '{a.lstrip('-')[:1]}'")
    try:
        text = ctx.sys.read("/proc/meminfo", ctx.task)
    except OSError as e:
        err(ctx, f"free: cannot read /proc/meminfo: {e.strerror}")
        return 1
    mi = {ln.split(":")[0]: int(ln.split()[1]) for ln in text.splitlines() if ":" in ln}
    total, free = mi["MemTotal"], mi["MemFree"]
    cache = mi["Cached"] + mi["SReclaimable"]
    buffers = mi["Buffers"]
    used = total - free - cache - buffers
    if used < 0:
        used = total - free

    def fmt(kb: int) -> str:
        return f" {kb << 10 if shift < 0 else kb >> shift:11d}"

    lines = [HEADER,
             "Mem:    " + "".join(fmt(v) for v in (total, used, free, mi["Shmem"],
                                                   buffers + cache, mi["MemAvailable"])),
             "Swap:   " + "".join(fmt(v) for v in (mi["SwapTotal"],
                                                   mi["SwapTotal"] - mi["SwapFree"],
                                                   mi["SwapFree"]))]
    if total_row:
        lines.append("Total:  " + "".join(fmt(v) for v in (
            total + mi["SwapTotal"], used + mi["SwapTotal"] - mi["SwapFree"],
            free + mi["SwapFree"])))
    raw_write(ctx.stdout, ("\n".join(lines) + "\n").encode())
    return 0
