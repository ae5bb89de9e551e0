"""``free`` and ``vmstat`` (procps-ng 4.0.2), read from ``/proc/meminfo`` as it is
(procps' meminfo.c): used = total - available, buff/cache = Buffers + Cached +
SReclaimable; shared is Shmem; busybox's ``free``."""
from __future__ import annotations

import re
import struct
from typing import TYPE_CHECKING

from .libbb import make_human_readable_str
from .userland import quirk
from ._util import UsageError, command, err, getopt, raw_write

if TYPE_CHECKING:
    from ..context import CommandContext

HEADER = "               total        used        free      shared  buff/cache   available"


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


#: free's unit options: (exponent, SI) as procps-ng 4.0.2's free.c sets them
FREE_UNITS = {"b": (1, False), "k": (2, False), "m": (3, False), "g": (4, False),
              "T": (5, False), "P": (6, False), "K": (2, True), "M": (3, True),
              "G": (4, True), "E": (5, True), "Q": (6, True)}
FREE_LONG = {"bytes": "b", "kibi": "k", "mebi": "m", "gibi": "g", "tebi": "T", "pebi": "P",
             "kilo": "K", "mega": "M", "giga": "G", "tera": "E", "peta": "Q",
             "human": "h", "si": "S", "lohi": "l", "total": "t", "committed": "v",
             "wide": "w", "seconds=": "s", "count=": "c", "version": "V", "help": "H"}
#: procps-ng 4.0.2 free's ``usage()`` (``free --help``)
FREE_USAGE = '\nUsage:\n free [options]\n\nOptions:\n -b, --bytes         show output in bytes\n     --kilo          show output in kilobytes\n     --mega          show output in megabytes\n     --giga          show output in gigabytes\n     --tera          show output in terabytes\n     --peta          show output in petabytes\n -k, --kibi          show output in kibibytes\n -m, --mebi          show output in mebibytes\n -g, --gibi          show output in gibibytes\n     --tebi          show output in tebibytes\n     --pebi          show output in pebibytes\n -h, --human         show human-readable output\n     --si            use powers of 1000 not 1024\n -l, --lohi          show detailed low and high memory statistics\n -t, --total         show total for RAM + swap\n -v, --committed     show committed memory and commit limit\n -s N, --seconds N   repeat printing every N seconds\n -c N, --count N     repeat printing N times, then exit\n -w, --wide          wide output\n\n     --help     display this help and exit\n -V, --version  output version information and exit\n\nFor more details see free(1).\n'
WIDE_HEADER = ("               total        used        free      shared     buffers       cache"
               "   available")


def free_scale(kb: int, exponent: int, si: bool, human: bool) -> str:
    """procps-ng 4.0.2 free.c ``scale_size``: KiB in the unit of ``exponent``
    (0: KiB, 1: bytes; powers of 1000 with ``si``), truncated; with ``human``
    the first of B, then each unit's ``%.1f`` (of a C float) or whole number
    that fits 4 characters, 5 with the ``i`` of powers of 1024."""
    base = 1000 if si else 1024
    nbytes = kb * 1024
    if not human:
        if exponent == 0:
            return str(int(nbytes / base) if nbytes < 0 else nbytes // base)
        if exponent == 1:
            return str(nbytes)
        d = base ** (exponent - 1)
        return str(-(-nbytes // d) if nbytes < 0 else nbytes // d)
    out = f"{nbytes}B"
    if len(out) <= 4:
        return out
    for i, up in enumerate("KMGTP", 1):
        v = nbytes / base ** i
        f32 = struct.unpack("f", struct.pack("f", v))[0]
        width = 4 if si else 5
        suffix = up if si else up + "i"
        out = f"{f32:.1f}{suffix}"
        if len(out) <= width:
            return out
        out = f"{int(v)}{suffix}"
        if len(out) <= width:
            return out
    return out


@command("free", usage="[options]", std_opts=False)
def cmd_free(ctx: "CommandContext") -> int:
    """procps-ng 4.0.2 ``free [-b|-k|-m|-g|--kilo...|--pebi] [-h] [--si] [-w] [-l]
    [-t] [-v]`` from /proc/meminfo (procps' meminfo.c): used is MemTotal -
    MemAvailable (MemTotal - MemFree if that is negative; MemAvailable above
    MemTotal taken as MemFree), buff/cache Buffers + Cached + SReclaimable, shared
    Shmem; ``-l``: Low the whole of RAM (no highmem), High 0; ``-v``: CommitLimit,
    Committed_AS and their difference. ``-s``/``-c`` (repeating) are not modelled.
    busybox's is :func:`_bb_free`."""
    if quirk(ctx, "free.busybox"):
        return _bb_free(ctx)
    try:
        opts, operands = getopt(ctx.argv[1:], "bkmghltvc:ws:V", FREE_LONG)
    except UsageError as e:
        ctx.stderr.write(f"free: {e}\n{FREE_USAGE}")       # usage(stderr)
        return 1
    if operands:
        ctx.stderr.write(FREE_USAGE)
        return 1
    if any(o == "H" for o, _ in opts):
        raw_write(ctx.stdout, FREE_USAGE.encode())
        return 0
    exponent, si, flags = 0, False, set()
    unit_set = False
    for o, _ in opts:
        if o in FREE_UNITS:
            if unit_set:
                err(ctx, "free: Multiple unit options don't make sense.")
                return 1
            unit_set = True
            exponent, unit_si = FREE_UNITS[o]
            si = si or unit_si
        elif o == "S":
            si = True
        elif o == "V":
            raw_write(ctx.stdout, b"free from procps-ng 4.0.2\n")
            return 0
        elif o in "sc":
            raise UsageError("-s and -c (repeating) are not modelled (memcgsim)", hint=False)
        else:
            flags.add(o)
    try:
        text = ctx.sys.read("/proc/meminfo", ctx.task)
    except OSError as e:
        err(ctx, f"free: cannot read /proc/meminfo: {e.strerror}")
        return 1
    mi = {ln.split(":")[0]: int(ln.split()[1]) for ln in text.splitlines() if ":" in ln}
    total, free = mi["MemTotal"], mi["MemFree"]
    avail = mi.get("MemAvailable", free)
    if avail > total:
        avail = free
    used = total - avail
    if used < 0:
        used = total - free
    cached = mi["Cached"] + mi.get("SReclaimable", 0)
    buffers = mi["Buffers"]
    swap_total, swap_free = mi["SwapTotal"], mi["SwapFree"]
    human = "h" in flags

    def row(label: str, *vals: int) -> str:
        return f"{label:<9}" + " ".join(f"{free_scale(v, exponent, si, human):>11}" for v in vals)

    wide = "w" in flags
    lines = [WIDE_HEADER if wide else HEADER,
             row("Mem:", total, used, free, mi["Shmem"],
                 *((buffers, cached) if wide else (buffers + cached,)), avail)]
    if "l" in flags:
        lines += [row("Low:", total, total - free, free), row("High:", 0, 0, 0)]
    lines.append(row("Swap:", swap_total, swap_total - swap_free, swap_free))
    if "t" in flags:
        lines.append(row("Total:", total + swap_total, used + swap_total - swap_free,
                         free + swap_free))
    if "v" in flags:
        limit, commit = mi.get("CommitLimit", 0), mi.get("Committed_AS", 0)
        lines.append(row("Comm:", limit, commit, limit - commit))
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
