"""``slabtop`` (procps-ng 4.0.2: src/slabtop.c over library/slabinfo.c), read from
the model's ``/proc/slabinfo``."""
from __future__ import annotations

import errno
import os
import struct
from typing import TYPE_CHECKING

from ._util import UsageError, command, err, getopt, raw_write

if TYPE_CHECKING:
    from ..context import CommandContext

#: ``usage()``: --help on stdout (status 0), after an option error on stderr (1)
SLABTOP_USAGE = """
Usage:
 slabtop [options]

Options:
 -d, --delay <secs>  delay updates
 -o, --once          only display once, then exit
 -s, --sort <char>   specify sort criteria by character (see below)

 -h, --help     display this help and exit
 -V, --version  output version information and exit

The following are valid sort criteria:
 a: sort by number of active objects
 b: sort by objects per slab
 c: sort by cache size
 l: sort by number of slabs
 v: sort by (non display) number of active slabs
 n: sort by name
 o: sort by number of objects (the default)
 p: sort by (non display) pages per slab
 s: sort by object size
 u: sort by cache utilization

For more details see slabtop(1).
"""

SLABTOP_LONG = {"delay=": "d", "sort=": "s", "once": "o", "help": "h", "version": "V"}

#: ``set_sort_stuff``: the key letter's column of a cache's row (below), by
#: default the number of objects; descending but for the name
SORT_COLUMNS = {"n": 7, "o": 0, "a": 1, "s": 3, "b": 5, "p": 8, "l": 4, "v": 9, "c": 6, "u": 2}

HEADINGS = f"{'  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE NAME':<78}\n"


def _f32(x: float) -> float:
    """``x`` rounded to a C ``float``."""
    return struct.unpack("f", struct.pack("f", x))[0]


def parse_slabinfo(text: str) -> list[tuple] | None:
    """``parse_slabinfo20``: a row a cache (num objs, active objs, use %, object
    size, slabs, objs per slab, cache bytes, name, pages per slab, active slabs),
    in the file's order; None when the version line is not 2.x (ERANGE). Names
    are cut at ``SLABINFO_NAME_LEN`` (128), cache bytes are slabs x pages x
    ``getpagesize()`` (4096 on x86-64) (library/slabinfo.c, procps-ng 4.0.2)."""
    lines = text.splitlines()
    head = lines[0].split("slabinfo - version: ", 1) if lines else []
    if len(head) != 2 or head[0] or not head[1].split(".", 1)[0].strip().isdigit() \
            or int(head[1].split(".", 1)[0]) != 2:
        return None
    rows = []
    for ln in lines[1:]:
        if ln.startswith("#"):
            continue
        f = ln.split()
        try:
            name = f[0][:128]
            active, num, size, per, pages = map(int, f[1:6])
            aslabs, slabs = int(f[f.index("slabdata") + 1]), int(f[f.index("slabdata") + 2])
        except (IndexError, ValueError):
            return None
        # (unsigned)(100 * ((float)active / num)), in single precision
        use = int(_f32(100.0 * _f32(_f32(active) / _f32(num)))) if num else 0
        rows.append((num, active, use, size, slabs, per, slabs * pages * 4096, name, pages, aslabs))
    return rows


def summary(rows: list[tuple]) -> str:
    """``print_summary``: objects, slabs, caches (with objects: active), sizes
    (objects times object size) and the object sizes' minimum, mean by object
    (total size / objects) and maximum."""
    objs = sum(r[0] for r in rows)
    aobjs = sum(r[1] for r in rows)
    slabs = sum(r[4] for r in rows)
    aslabs = sum(r[9] for r in rows)
    caches = len(rows)
    acaches = sum(1 for r in rows if r[0])
    total = sum(r[0] * r[3] for r in rows)
    active = sum(r[1] * r[3] for r in rows)
    sizes = [r[3] for r in rows]
    lo = min(sizes) if sizes else 0x7FFFFFFF        # INT_MAX before the first cache
    hi = max(sizes) if sizes else 0
    avg = total // objs if objs else 0

    def pct(a: int, b: int) -> str:
        return f"{100.0 * a / b:.1f}" if b else ("-nan" if not a else "inf")
    return (f" {'Active / Total Objects (% used)':<35}: {aobjs} / {objs} ({pct(aobjs, objs)}%)\n"
            f" {'Active / Total Slabs (% used)':<35}: {aslabs} / {slabs} ({pct(aslabs, slabs)}%)\n"
            f" {'Active / Total Caches (% used)':<35}: {acaches} / {caches} ({pct(acaches, caches)}%)\n"
            f" {'Active / Total Size (% used)':<35}: {active / 1024:.2f}K / {total / 1024:.2f}K "
            f"({pct(active, total)}%)\n"
            f" {'Minimum / Average / Maximum Object':<35}: {lo / 1024:.2f}K / {avg / 1024:.2f}K / "
            f"{hi / 1024:.2f}K\n\n")


def details(rows: list[tuple], key: str) -> str:
    """Every cache's line (``print_details``), sorted as ``procps_slabinfo_sort``
    does: glibc's ``qsort_r`` (a merge sort: equal rows keep the file's order),
    the name ascending, any other column descending."""
    col = SORT_COLUMNS.get(key.lower(), 0)
    rows = sorted(rows, key=lambda r: r[7]) if col == 7 else sorted(rows, key=lambda r: -r[col])
    return "".join(f"{r[0]:6d} {r[1]:6d} {r[2]:3d}% {r[3] / 1024:7.2f}K {r[4]:6d} {r[5]:8d} "
                   f"{r[6] // 1024:9d}K {r[7]:<23}\n" for r in rows)


@command("slabtop", usage="[options]", std_opts=False)
def cmd_slabtop(ctx: "CommandContext") -> int:
    """``slabtop [-o] [-s KEY] [-d SECS]``: with ``-o`` the summary and every
    cache once (``Run_once``), sorted by KEY (``set_sort_stuff``: an unknown key
    is the default, the number of objects); without it ncurses' screen, which a
    script's environment cannot open (``Error opening terminal: TERM.``, status
    1, as ``watch``). The options are checked in order as ``parse_opts`` does;
    /proc/slabinfo is read once (slabtop reads it three times in one instant)."""
    try:
        opts, args = getopt(ctx.argv[1:], "d:s:ohV", SLABTOP_LONG)
    except UsageError as e:
        ctx.stderr.write(f"slabtop: {e}\n{SLABTOP_USAGE}")
        return 1
    once, delay, key = False, 0, "o"
    for o, v in opts:
        if o == "d":
            if once:
                err(ctx, "slabtop: Cannot combine -d and -o options")
                return 1
            delay = _strtol_or_err(ctx, v or "")
            if delay is None:
                return 1
            if delay < 1:
                err(ctx, "slabtop: delay must be positive integer")
                return 1
        elif o == "s":
            key = v[:1] if v else "\0"
        elif o == "o":
            if delay:
                err(ctx, "slabtop: Cannot combine -d and -o options")
                return 1
            once = True
        elif o == "V":
            raw_write(ctx.stdout, b"slabtop from procps-ng 4.0.2\n")
            return 0
        else:       # -h
            raw_write(ctx.stdout, SLABTOP_USAGE.encode())
            return 0
    if args:
        ctx.stderr.write(SLABTOP_USAGE)
        return 1
    try:
        rows = parse_slabinfo(ctx.sys.read("/proc/slabinfo", ctx.task))
        if rows is None:
            raise OSError(errno.ERANGE, os.strerror(errno.ERANGE))
    except OSError as e:
        err(ctx, f"slabtop: Unable to create slabinfo structure: {e.strerror}")
        return 1
    if not once:
        from .wrappers import KNOWN_TERMS
        term = ctx.env.get("TERM") or "unknown"
        if term not in KNOWN_TERMS:
            ctx.stderr.write(f"Error opening terminal: {term}.\n")
            return 1
        raise UsageError("a slabtop screen on a terminal is not modelled (memcgsim)", hint=False)
    raw_write(ctx.stdout, (summary(rows) + HEADINGS + details(rows, key)).encode())
    return 0


def _strtol_or_err(ctx: "CommandContext", s: str) -> int | None:
    """procps' ``strtol_or_err(s, "illegal delay")``: the whole string a decimal
    long (leading blanks and a sign allowed), else its message and None."""
    t = s.lstrip(" \t\n\v\f\r")
    digits = t[1:] if t[:1] in "+-" else t
    if not s or not digits.isdigit() or not digits.isascii():
        err(ctx, f"slabtop: illegal delay: '{s}'")
        return None
    n = int(t)
    if not -(1 << 63) <= n < (1 << 63):
        err(ctx, f"slabtop: illegal delay: '{s}': {os.strerror(errno.ERANGE)}")
        return None
    return n
