"""``date``, ``mktemp`` and ``mv`` (GNU coreutils).

The model's wall clock is its simulated clock counted from a fixed boot time,
:data:`BOOT_EPOCH` (2021-03-01 00:00:00 UTC, the day the obj_cgroup kmem series was
posted), so ``date`` is the same on every run; ``mktemp``'s names come from a
generator seeded by the process and the time, for the same reason.
"""
from __future__ import annotations

import errno
import random
import re
import stat
import time
from typing import TYPE_CHECKING

from .userland import quirk, report
from ...lazyimport import LazyPattern
from ._util import UsageError, command, err, getopt, is_dir, raw_write, strerror
from ...kernel.clock import BOOT_EPOCH as BOOT_EPOCH  # re-exported: date, ps, stress

if TYPE_CHECKING:
    from ..context import CommandContext


def wall_time(ctx: "CommandContext") -> float:
    return BOOT_EPOCH + ctx.sys.now


@command("date", usage="[OPTION]... [+FORMAT]")
def cmd_date(ctx: "CommandContext") -> int:
    """``date [-u] [-d DATE] [+FORMAT]``: strftime formats, plus ``%N``
    (nanoseconds) and ``%s``; the zone is UTC; ``DATE`` as :func:`parse_date`
    reads it."""
    opts, args = getopt(ctx.argv[1:], "ud:R", {"utc": "u", "universal": "u", "date=": "d",
                                              "rfc-email": "R"})
    t = wall_time(ctx)
    fmt = "%a %b %e %H:%M:%S %Z %Y"
    for o, v in opts:
        if o == "d":
            got = parse_date(v, t, quirk(ctx, "date.busybox"))
            if got is None:
                err(ctx, f"date: invalid date '{v}'")
                return 1
            t = got
        elif o == "R":
            fmt = "%a, %d %b %Y %H:%M:%S +0000"
    if args:
        if len(args) > 1 or not args[0].startswith("+"):
            raise UsageError(f"extra operand '{args[-1]}'" if args[0].startswith("+")
                             else f"invalid date '{args[0]}'")
        fmt = args[0][1:]
    secs = int(t // 1)
    ns = int(round((t - secs) * 1e9))
    fmt = fmt.replace("%N", f"{ns:09d}").replace("%s", str(secs)).replace("%Z", "UTC")
    raw_write(ctx.stdout, (time.strftime(fmt, time.gmtime(secs)) + "\n").encode())
    return 0


_DATE = LazyPattern(r"(\d{4})-(\d\d?)-(\d\d?)(?:[ T](\d\d?):(\d\d)(?::(\d\d))?)?")
_BB_DATE = LazyPattern(r"(\d{4})[-.](\d\d?)[-.](\d\d?)(?:[ -](\d\d?):(\d\d)(?::(\d\d))?)?")
_CLOCK = LazyPattern(r"(\d\d?):(\d\d)(?::(\d\d))?")
#: GNU parse-datetime.y's relative units, in seconds
_UNITS = {"sec": 1, "second": 1, "min": 60, "minute": 60, "hour": 3600, "day": 86400,
          "week": 604800, "fortnight": 1209600}
_RELATIVE = LazyPattern(r"\s*(?:([-+]?\s*\d+)\s*|(next|last)\s+)?"
                       r"(second|sec|minute|min|hour|day|week|fortnight)s?\b(\s+ago)?", re.I)


def parse_date(text: str, now: float, busybox: bool) -> float | None:
    """``date -d TEXT``'s time (seconds since the epoch, UTC), None if invalid.
    busybox (libbb/time.c ``parse_datestr``): ``@SECONDS``, ``hh:mm[:ss]`` today,
    ``YYYY-MM-DD[ hh:mm[:ss]]`` or ``YYYY.MM.DD-hh:mm[:ss]``, out-of-range fields
    carried over (``mktime``). GNU (gnulib parse-datetime.y), the forms scripts
    use: ``@SECONDS[.FRACTION]``, ``YYYY-MM-DD[ |T]hh:mm[:ss]`` with an optional
    ``UTC``/``Z``, ``hh:mm[:ss]``, ``now``, ``today``, ``yesterday``, ``tomorrow``
    and relative items (``+5 min``, ``1 hour ago``, ``next day``) after any of
    them; a date that does not exist is invalid."""
    import calendar
    text = text.strip()
    if busybox:
        if re.fullmatch(r"@-?\d+", text):
            return float(text[1:])
        m = _CLOCK.fullmatch(text)
        if m:
            return _today_at(now, m)
        m = _BB_DATE.fullmatch(text)
        if m is None:
            return None
        y, mo, d, h, mi, sec = (int(x or 0) for x in m.groups())
        if not 1 <= mo <= 12:
            return None
        return float(_mktime(y, mo, d, h, mi, sec))
    m = re.fullmatch(r"@(-?\d+(?:\.\d+)?)", text)
    if m:
        return float(m[1])
    rest = text
    base = now
    low = rest.lower()
    for word, days in (("now", None), ("today", 0), ("yesterday", -1), ("tomorrow", 1)):
        if low.startswith(word):
            rest = rest[len(word):]
            base = now + (days or 0) * 86400
            break
    else:
        m = _DATE.match(rest)
        if m:
            y, mo, d = int(m[1]), int(m[2]), int(m[3])
            if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1]):
                return None
            h, mi, sec = int(m[4] or 0), int(m[5] or 0), int(m[6] or 0)
            if h > 23 or mi > 59 or sec > 60:
                return None
            base = float(calendar.timegm((y, mo, d, h, mi, sec)))
            rest = rest[m.end():]
        else:
            m = _CLOCK.match(rest)
            if m:
                base = _today_at(now, m)
                rest = rest[m.end():]
        rest = re.sub(r"^\s*(?:UTC|Z)\b", "", rest, flags=re.I)
    pos = 0
    while rest[pos:].strip():
        m = _RELATIVE.match(rest, pos)
        if m is None:
            return None
        n = -1 if (m[2] or "").lower() == "last" else int(m[1].replace(" ", "")) if m[1] else 1
        if m[4]:
            n = -n
        base += n * _UNITS[m[3].lower()]
        pos = m.end()
    return float(base)


def _today_at(now: float, m: re.Match) -> float:
    """``hh:mm[:ss]`` (:data:`_CLOCK`'s match) of the day ``now`` is in (UTC)."""
    return int(now // 86400) * 86400 + int(m[1]) * 3600 + int(m[2]) * 60 + int(m[3] or 0)


def _mktime(y: int, mo: int, d: int, h: int, mi: int, sec: int) -> int:
    """``mktime`` of the fields in UTC, carried over as it carries them (month 13
    is next January, day 30 of February a day of March)."""
    import calendar
    y += (mo - 1) // 12
    mo = (mo - 1) % 12 + 1
    return calendar.timegm((y, mo, 1, 0, 0, 0)) + (d - 1) * 86400 + h * 3600 + mi * 60 + sec


@command("mktemp", usage="[OPTION]... [TEMPLATE]")
def cmd_mktemp(ctx: "CommandContext") -> int:
    """``mktemp [-d] [-u] [-q] [-p DIR] [-t] [TEMPLATE]``: a new file (or directory)
    from TEMPLATE's trailing X's (default ``tmp.XXXXXXXXXX`` in $TMPDIR or /tmp)."""
    opts, args = getopt(ctx.argv[1:], "dqutp:", {"directory": "d", "quiet": "q",
                                                 "dry-run": "u", "tmpdir?": "p"})
    flags = {o for o, _ in opts}
    tmpdir = next((v for o, v in opts if o == "p"), None)
    if len(args) > 1:
        raise UsageError("too many templates")
    bb = quirk(ctx, "mktemp.busybox")
    template = args[0] if args else "tmp.XXXXXX" if bb else "tmp.XXXXXXXXXX"
    # glibc's mkstemp/mkdtemp/mktemp (busybox's): the last six characters XXXXXX,
    # else EINVAL (debianutils/mktemp.c: its message names no template); GNU's
    # own: three X's at least
    m = re.search(r"XXXXXX$" if bb else r"X{3,}$", template)
    if m is None:
        if bb:
            if "q" not in flags:
                err(ctx, "mktemp: (null): Invalid argument")
            return 1
        err(ctx, f"mktemp: too few X's in template '{template}'")
        return 1
    if tmpdir is not None or "t" in flags or not args:
        base = tmpdir or ctx.env.get("TMPDIR") or "/tmp"
        template = base.rstrip("/") + "/" + template
    rng = random.Random(f"{ctx.task.pid}:{ctx.sys.now}:{template}")
    chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    n = len(m.group())
    for _ in range(100):
        path = template[:len(template) - n] + "".join(rng.choice(chars) for _ in range(n))
        if "u" in flags:
            break
        try:
            if "d" in flags:
                ctx.sys.mkdir(ctx.path(path), ctx.task, 0o700)
            else:
                ctx.sys.stat(ctx.path(path), ctx.task)
                continue            # exists: another name
        except FileExistsError:
            continue
        except FileNotFoundError:
            if "d" in flags:
                pass
            else:
                try:
                    ctx.sys.truncate(ctx.path(path), 0, ctx.task)
                except OSError as e:
                    return _failed(ctx, flags, template, e)
        except OSError as e:
            return _failed(ctx, flags, template, e)
        break
    else:
        return _failed(ctx, flags, template, FileExistsError(errno.EEXIST, "File exists"))
    raw_write(ctx.stdout, (path + "\n").encode("utf-8", "surrogateescape"))
    return 0


def _failed(ctx, flags, template: str, e: OSError) -> int:
    if "q" not in flags and quirk(ctx, "mktemp.busybox"):
        err(ctx, f"mktemp: (null): {strerror(e)}")
    elif "q" not in flags:
        what = "directory" if "d" in flags else "file"
        err(ctx, f"mktemp: failed to create {what} via template '{template}': {strerror(e)}")
    return 1


@command("mv", usage="[OPTION]... SOURCE... DEST")
def cmd_mv(ctx: "CommandContext") -> int:
    """``mv [-f] [-v] SOURCE... DEST`` (rename; into DEST if it is a directory)."""
    opts, args = getopt(ctx.argv[1:], "fivnT", {"force": "f", "verbose": "v"})
    if len(args) < 2:
        raise UsageError("missing destination file operand after "
                         f"'{args[0]}'" if args else "missing file operand")
    *srcs, dest = args
    verbose = any(o == "v" for o, _ in opts)
    into = is_dir(ctx, dest) or (len(srcs) > 1 and quirk(ctx, "dest.many_is_dir"))
    if len(srcs) > 1 and not into:
        err(ctx, f"mv: target '{dest}' is not a directory")
        return 1
    rc = 0
    for s in srcs:
        target = dest.rstrip("/") + "/" + s.rstrip("/").rsplit("/", 1)[-1] if into else dest
        if quirk(ctx, "mv.same_file") and _same_file(ctx, s, target):
            # copy.c same_file_ok: two names of one file (a hard link) stay
            err(ctx, f"mv: '{s}' and '{target}' are the same file")
            rc = 1
            continue
        try:
            ctx.sys.rename(ctx.path(s), ctx.path(target), ctx.task)
        except OSError as e:
            situation = {errno.ENOENT: "stat", errno.EINVAL: "subdir"}.get(e.errno, "move")
            rc = report(ctx, "mv", situation, s, e, to=target)
            continue
        if verbose:
            raw_write(ctx.stdout, f"renamed '{s}' -> '{target}'\n".encode())
    return rc


def _same_file(ctx: "CommandContext", a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` name one regular file (the same inode)."""
    try:
        sa = ctx.sys.stat(ctx.path(a), ctx.task)
        if not stat.S_ISREG(sa.st_mode):
            return False
        sb = ctx.sys.stat(ctx.path(b), ctx.task)
    except OSError:
        return False
    return sb.st_ino == sa.st_ino and stat.S_ISREG(sb.st_mode)


_UPTIME_USAGE = """
Usage:
 uptime [options]

Options:
 -p, --pretty   show uptime in pretty format
 -h, --help     display this help and exit
 -s, --since    system up since
 -V, --version  output version information and exit

For more details see uptime(1).
"""


@command("uptime", usage="[options]", std_opts=False)
def cmd_uptime(ctx: "CommandContext") -> int:
    """``uptime [-p] [-s]`` (procps-ng 4.0.2's ``procps_uptime_sprint``,
    ``_sprint_short`` and ``print_uptime_since``): the time of day and the time
    since boot from the simulated clock (``/proc/uptime``), no user logged in
    (no utmp), and /proc/loadavg's load averages (an idle system's, 0.00: the
    model keeps no ``avenrun``, ``calc_global_load``)."""
    try:
        opts, args = getopt(ctx.argv[1:], "phsV", {"pretty": "p", "help": "h", "since": "s",
                                                  "version": "V"})
    except UsageError as e:
        ctx.stderr.write(f"uptime: {e.msg}\n{_UPTIME_USAGE}")
        return 1
    flags = [o for o, _ in opts]
    for o in flags:
        if o == "h":
            raw_write(ctx.stdout, _UPTIME_USAGE.encode())
            return 0
        if o == "s":
            raw_write(ctx.stdout, time.strftime(
                "%Y-%m-%d %H:%M:%S\n", time.gmtime(int(BOOT_EPOCH))).encode())
            return 0
        if o == "V":
            raw_write(ctx.stdout, b"uptime from procps-ng 4.0.2\n")
            return 0
    if args:
        ctx.stderr.write(_UPTIME_USAGE)
        return 1
    if "p" in flags:
        line = _uptime_pretty(float(ctx.sys.read("/proc/uptime", ctx.task).split()[0]))
    else:
        line = uptime_line(ctx)
    raw_write(ctx.stdout, (line + "\n").encode())
    return 0


def uptime_line(ctx: "CommandContext") -> str:
    """libproc2's ``procps_uptime_sprint`` (uptime's line, top's first after
    ``top -``): the time of day, the time since boot (/proc/uptime), the users
    (no utmp: 0) and /proc/loadavg's three averages."""
    up = float(ctx.sys.read("/proc/uptime", ctx.task).split()[0])
    try:
        loads = [float(x) for x in ctx.sys.read("/proc/loadavg", ctx.task).split()[:3]]
    except (OSError, ValueError):
        loads = [0.0, 0.0, 0.0]
    t = time.gmtime(int(wall_time(ctx)))
    s = int(up)
    days, hours, minutes = s // 86400, s // 3600 % 24, s // 60 % 60
    line = f" {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} up "
    if days:
        line += f"{days} {'days' if days > 1 else 'day'}, "
    line += f"{hours:2d}:{minutes:02d}, " if hours else f"{minutes} min, "
    return line + " 0 user,  load average: " + ", ".join(f"{x:.2f}" for x in loads)


def _uptime_pretty(secs: float) -> str:
    """``procps_uptime_sprint_short``: decades down to minutes, each unit taken
    out while more than one is left."""
    parts = []
    for size, one, many in ((315360000, "decade", "decades"), (31536000, "year", "years"),
                            (604800, "week", "weeks"), (86400, "day", "days"),
                            (3600, "hour", "hours")):
        if secs > size:
            n = int(secs) // size
            secs -= n * size
            parts.append(f"{n} {many if n > 1 else one}")
    minutes = 0
    if secs > 60:
        minutes = int(secs) // 60
        secs -= minutes * 60
    if minutes or secs < 60:
        parts.append(f"{minutes} {'minutes' if minutes != 1 else 'minute'}")
    return "up " + ", ".join(parts)
