"""``free`` (procps-ng), read from ``/proc/meminfo`` as it is (``meminfo()`` in
procps' sysinfo.c): used = total - free - buffers - cache, where cache is Cached +
SReclaimable; shared is Shmem; available is MemAvailable."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .libbb import make_human_readable_str
from .userland import quirk
from ._util import UsageError, command, err, raw_write

if TYPE_CHECKING:
    from ..context import CommandContext

HEADER = "               total        used        free      shared  buff/cache   available"
SHIFTS = {"-b": -10, "--bytes": -10, "-k": 0, "--kibi": 0, "-m": 10, "--mebi": 10,
          "-g": 20, "--gibi": 20}


#: busybox 1.35 free's first option letter -> display unit (libbb
#: ``make_human_readable_str``'s display_unit; 0: -h's scaled figures)
BB_FREE_UNITS = {"b": 1, "k": 1024, "m": 1 << 20, "g": 1 << 30, "h": 0}


def _bb_free(ctx: "CommandContext") -> int:
    """busybox 1.35 ``free [-bkmgh]`` (procps/free.c): only the first argument is
    looked at, a ``-`` followed by any other letter is the usage screen. sysinfo's
    totalram, freeram, sharedram, bufferram (MemTotal, MemFree, Shmem, Buffers)
    and /proc/meminfo's Cached, SReclaimable, MemAvailable (``parse_meminfo``):
    buff/cache is Buffers + Cached + SReclaimable, used is total - free -
    buff/cache; each figure libbb's ``make_human_readable_str`` of its bytes in
    the unit, rounded (KiB by default), columns ``%12s %11s...`` after ``Mem:   ``;
    without MemAvailable, the ``-/+ buffers/cache:`` line of old kernels."""
    unit = 1024
    a = ctx.argv[1] if len(ctx.argv) > 1 else ""
    if a.startswith("-"):
        if a[1:2] not in BB_FREE_UNITS or not a[1:2]:
            raise UsageError("")
        unit = BB_FREE_UNITS[a[1]]
    try:
        text = ctx.sys.read("/proc/meminfo", ctx.task)
    except OSError as e:
        err(ctx, f"free: can't open '/proc/meminfo': {e.strerror}")
        return 1
    mi = {ln.split(":")[0]: int(ln.split()[1]) << 10 for ln in text.splitlines() if ":" in ln}
    cached = mi["Buffers"] + mi.get("Cached", 0) + mi.get("SReclaimable", 0)
    total, free = mi["MemTotal"], mi["MemFree"]

    def f(width: int, v: int) -> str:
        return f"{make_human_readable_str(v, 1, unit):>{width}}"

    lines = ["       " + "".join(f"{h:>12}" for h in ("total", "used", "free", "shared",
                                                       "buff/cache", "available")),
             "Mem:   " + " ".join([f(12, total), f(11, total - cached - free), f(11, free),
                                   f(11, mi["Shmem"]), f(11, cached),
                                   f(11, mi.get("MemAvailable", 0))])]
    if "MemAvailable" not in mi:
        lines.append("-/+ buffers/cache: " + " ".join([f(11, total - cached - free),
                                                       f(11, cached + free)]))
    lines.append("Swap:  " + " ".join([f(12, mi["SwapTotal"]),
                                       f(11, mi["SwapTotal"] - mi["SwapFree"]),
                                       f(11, mi["SwapFree"])]))
    raw_write(ctx.stdout, ("\n".join(lines) + "\n").encode())
    return 0


@command("free", usage="[options]")
def cmd_free(ctx: "CommandContext") -> int:
    """``free [-b|-k|-m|-g] [-t]``: KiB by default, values truncated as procps'
    ``scale_size`` does without ``-h``; busybox's is :func:`_bb_free`."""
    if quirk(ctx, "free.busybox"):
        return _bb_free(ctx)
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


VMSTAT_HEADER = ("procs -----------memory---------- ---swap-- -----io---- -system-- "
                 "------cpu-----\n"
                 " r  b   swpd   free   buff  cache   si   so    bi    bo   in   cs "
                 "us sy id wa st\n")
#: ``sum_format`` of procps-ng's vmstat.c: (kB from /proc/meminfo, label)
VMSTAT_SUM_KB = (("total", "total memory"), ("used", "used memory"),
                 ("Active", "active memory"), ("Inactive", "inactive memory"),
                 ("MemFree", "free memory"), ("Buffers", "buffer memory"),
                 ("cache", "swap cache"), ("SwapTotal", "total swap"),
                 ("swap_used", "used swap"), ("SwapFree", "free swap"))
VMSTAT_SUM_TICKS = ("non-nice user cpu ticks", "nice user cpu ticks", "system cpu ticks",
                    "idle cpu ticks", "IO-wait cpu ticks", "IRQ cpu ticks",
                    "softirq cpu ticks", "stolen cpu ticks", "non-nice guest cpu ticks",
                    "nice guest cpu ticks")
VMSTAT_SUM_PAGES = (("pgpgin", "K paged in"), ("pgpgout", "K paged out"),
                    ("pswpin", "pages swapped in"), ("pswpout", "pages swapped out"))
#: USER_HZ: /proc/stat's tick
HZ = 100
#: procps-ng 4.0.2 vmstat's ``usage(stderr)`` (an operand too many)
VMSTAT_USAGE = '\nUsage:\n vmstat [options] [delay [count]]\n\nOptions:\n -a, --active           active/inactive memory\n -f, --forks            number of forks since boot\n -m, --slabs            slabinfo\n -n, --one-header       do not redisplay header\n -s, --stats            event counter statistics\n -d, --disk             disk statistics\n -D, --disk-sum         summarize disk statistics\n -p, --partition <dev>  partition specific statistics\n -S, --unit <char>      define display unit\n -w, --wide             wide output\n -t, --timestamp        show timestamp\n -y, --no-first         skips first line of output\n\n -h, --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see vmstat(8).\n'
#: lines between vmstat's headers: ``winhi() - 3`` with no terminal (24 rows)
VMSTAT_HEIGHT = 21


@command("vmstat", usage="[options] [delay [count]]")
def cmd_vmstat(ctx: "CommandContext"):
    """``vmstat [-s] [-n] [-V] [DELAY [COUNT]]`` (procps-ng): the one-line report of
    averages since boot, or ``-s`` (``sum_format``); with DELAY, COUNT - 1 more
    lines (forever without COUNT), one each DELAY seconds, of the interval's rates
    (``new_format``: ``(delta + DELAY / 2) / DELAY``), the header again every 21
    lines unless ``-n`` (no terminal: ``winhi()`` is 24 rows); ``-s`` is 4.0.2's
    (guest ticks, ``K paged in``). Memory from
    /proc/meminfo (cache = Cached + SReclaimable, as procps' ``meminfo()``), paging
    from /proc/vmstat. The model has no /proc/stat: every CPU tick is idle, no
    interrupts or context switches are counted, ``r`` is vmstat itself and ``b`` 0."""
    summary = False
    more_headers = True
    operands: list[str] = []
    for a in ctx.argv[1:]:
        if a in ("-s", "--stats"):
            summary = True
        elif a in ("-n", "--one-header"):
            more_headers = False
        elif a in ("-V", "--version"):      # PROCPS_NG_VERSION, then exit
            raw_write(ctx.stdout, b"vmstat from procps-ng 4.0.2\n")
            return 0
        elif a.startswith("-") and a != "-":
            raise UsageError(f"invalid option -- '{a.lstrip('-')[:1]}'")
        else:
            operands.append(a)
    if len(operands) > 2:
        ctx.stderr.write(VMSTAT_USAGE)
        return 1
    nums = []
    for a in operands:
        if not re.fullmatch(r"\s*[-+]?\d+", a):     # strtol_or_err
            err(ctx, f"vmstat: failed to parse argument: '{a}'")
            return 1
        nums.append(int(a))
    if nums and nums[0] < 1:
        err(ctx, "vmstat: delay must be positive integer")
        return 1
    delay = nums[0] if nums else 0
    count = (nums[1] if len(nums) > 1 else -1) if delay else 1
    sample = _vmstat_sample(ctx)
    if sample is None:
        return 1
    mi, vm, idle_ticks = sample
    if summary:
        # forks since boot: pids are handed out in order, so the highest one alive
        forks = max((int(n) for n in ctx.sys.listdir("/proc", ctx.task) if n.isdigit()),
                    default=0)
        lines = [f"{mi[key]:13d} K {label}" for key, label in VMSTAT_SUM_KB]
        lines += [f"{idle_ticks if 'idle' in label else 0:13d} {label}"
                  for label in VMSTAT_SUM_TICKS]
        lines += [f"{vm.get(key, 0):13d} {label}" for key, label in VMSTAT_SUM_PAGES]
        lines += [f"{0:13d} interrupts", f"{0:13d} CPU context switches",
                  f"{0:13d} boot time", f"{forks:13d} forks"]
        raw_write(ctx.stdout, ("\n".join(lines) + "\n").encode())
        return 0
    div = idle_ticks or 1
    raw_write(ctx.stdout, (VMSTAT_HEADER + _vmstat_row(
        mi, vm, {}, lambda n: (n * HZ + div // 2) // div)).encode())
    if count == 1:
        return 0
    return _vmstat_updates(ctx, delay, count, more_headers, vm)


def _vmstat_sample(ctx: "CommandContext"):
    """(/proc/meminfo with vmstat's derived fields, /proc/vmstat, idle ticks since
    boot), or None after printing the read's error."""
    try:
        mtext = ctx.sys.read("/proc/meminfo", ctx.task)
        vtext = ctx.sys.read("/proc/vmstat", ctx.task)
        utext = ctx.sys.read("/proc/uptime", ctx.task)
    except OSError as e:
        err(ctx, f"vmstat: cannot read /proc: {e.strerror}")
        return None
    mi = {ln.split(":")[0]: int(ln.split()[1]) for ln in mtext.splitlines() if ":" in ln}
    vm = {ln.split()[0]: int(ln.split()[1]) for ln in vtext.splitlines() if " " in ln}
    mi["cache"] = mi["Cached"] + mi["SReclaimable"]
    mi["total"] = mi["MemTotal"]
    mi["used"] = max(0, mi["MemTotal"] - mi["MemFree"] - mi["cache"] - mi["Buffers"])
    mi["swap_used"] = mi["SwapTotal"] - mi["SwapFree"]
    return mi, vm, int(float(utext.split()[1]) * HZ)


def _vmstat_row(mi: dict, vm: dict, before: dict, rate) -> str:
    """A report line: memory now, paging since ``before`` by ``rate``, all idle."""
    def d(key: str) -> int:
        return vm.get(key, 0) - before.get(key, 0)
    page_kb = 4
    return (f"{1:2d} {0:2d} {mi['swap_used']:6d} {mi['MemFree']:6d} {mi['Buffers']:6d} "
            f"{mi['cache']:6d} {rate(d('pswpin') * page_kb):4d} "
            f"{rate(d('pswpout') * page_kb):4d} {rate(d('pgpgin')):5d} "
            f"{rate(d('pgpgout')):5d} {0:4d} {0:4d} {0:2d} {0:2d} {100:2d} "
            f"{0:2d} {0:2d}\n")


def _vmstat_updates(ctx: "CommandContext", delay: int, count: int, more_headers: bool,
                    before: dict):
    """Generator: ``new_format``'s loop, a line each ``delay`` seconds."""
    from .procutils import _sleeping
    i = 1
    while count < 0 or i < count:
        yield from _sleeping(ctx, delay)
        sample = _vmstat_sample(ctx)
        if sample is None:
            return 1
        mi, vm, _ = sample
        head = VMSTAT_HEADER if more_headers and i % VMSTAT_HEIGHT == 0 else ""
        raw_write(ctx.stdout, (head + _vmstat_row(
            mi, vm, before, lambda n: (n + delay // 2) // delay)).encode())
        before = vm
        i += 1
    return 0
