"""busybox 1.35's ``ps`` (procps/ps.c, DESKTOP build as Debian's busybox-static):
what ``ps`` is under the busybox userland (``userland.py``). Columns are
``-o`` specs (``NAME`` or ``NAME=HEADER``), by default ``pid,user,args`` (no
FEATURE_PS_TIME: ``PID   USER     COMMAND``); values from /proc as
``procps_scan`` reads them."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ._util import UsageError, err, raw_write
from .procps import _processes, _stat

if TYPE_CHECKING:
    from ..context import CommandContext

#: ps.c's out_spec: name -> (width, header)
OUT_SPEC = {
    "user": (8, "USER"), "group": (8, "GROUP"), "comm": (16, "COMMAND"),
    "args": (2048, "COMMAND"), "pid": (5, "PID"), "ppid": (5, "PPID"), "pgid": (5, "PGID"),
    "nice": (5, "NI"), "rgroup": (8, "RGROUP"), "ruser": (8, "RUSER"), "tty": (6, "TT"),
    "vsz": (4, "VSZ"), "sid": (5, "SID"), "stat": (4, "STAT"), "rss": (4, "RSS"),
}
#: the order ps.c's message lists them in
_SUPPORTED = "user,group,comm,args,pid,ppid,pgid,nice,rgroup,ruser,tty,vsz,sid,stat,rss"
#: MAX_WIDTH: the line's width when stdout is not a terminal (and args' width)
MAX_WIDTH = 2 * 1024
#: getopt32's accepted options: -o COLS, -T threads; the rest (aAdeflZ) ignored
_IGNORED = set("adeflATZ")


def smart_ulltoa4(ul: int, scale: str = " mgtpezy") -> str:
    """libbb ``smart_ulltoa4``: four characters, ``1234`` up to 9999, else scaled
    by 1024s with one decimal under 10 (``9.2m``) or none (`` 12m``)."""
    idx = 0
    if ul > 9999:
        ul *= 10
        while True:
            ul //= 1024
            idx += 1
            if ul < 10000:
                break
    u, v = divmod(ul, 10)
    if not idx:
        return f"{ul:4d}"
    if u >= 10:
        return f"{u // 10:>2}{u % 10}{scale[idx]}" if u >= 100 else f" {u}{scale[idx]}"
    return f"{u}.{v}{scale[idx]}"


def read_cmdline(raw: str, comm: str, col: int) -> str:
    """libbb ``read_cmdline``: /proc/PID/cmdline's arguments joined by blanks
    (control characters blanked), at most ``col - 1`` characters; ``{comm} ``
    first when argv[0]'s base name does not start with the comm (a ``-`` of a
    login shell skipped); ``[comm]`` without a command line."""
    text = raw[:col - 1].rstrip("\0")
    if not text:
        return f"[{comm}]"[:col - 1]
    base = text.split(" ")[0].split("\0")[0].rsplit("/", 1)[-1]
    text = "".join(" " if c < " " else c for c in text)
    if base.startswith("-"):
        base = base[1:]
    if not base.startswith(comm):
        n = len(comm) + 3
        if col > n:
            text = (f"{{{comm}}} " + text)[:col - 1]
    return text


def _parse_o(specs: list[str]) -> list[tuple[str, int, str]]:
    """``-o`` arguments, comma-separated ``NAME[=HEADER]``: (name, width, header);
    a non-empty header sets the width."""
    out = []
    for spec in specs:
        for item in spec.split(","):
            name, eq, header = item.partition("=")
            if name not in OUT_SPEC:
                raise ValueError(name)
            width, default = OUT_SPEC[name]
            out.append((name, len(header) if header else width, header if eq else default))
    return out


def _values(ctx: "CommandContext", pid: int, comm: str, cmdline: str, st: list[str]) -> dict:
    vsz, nice = int(st[23]) // 1024, int(st[19])
    state = st[3] + ("W" if vsz == 0 else "") + ("<" if nice < 0 else "N" if nice > 0 else "")
    return {"user": "root", "ruser": "root", "group": "root", "rgroup": "root",
            "comm": comm, "args": read_cmdline(cmdline, comm, MAX_WIDTH + 1), "pid": pid,
            "ppid": int(st[4]),
            "pgid": int(st[5]), "sid": int(st[6]), "nice": nice, "stat": state,
            "tty": "?" if st[7] == "0" else st[7], "vsz": smart_ulltoa4(vsz),
            "rss": smart_ulltoa4(int(st[24]) * 4)}


def _line(cells: list[str], widths: list[int]) -> str:
    """format_header/format_process: each field padded to its width and a blank,
    the last one not; the line cut at MAX_WIDTH."""
    parts = [c + " " * (w - len(c) + 1) for c, w in zip(cells[:-1], widths)]
    return ("".join(parts) + cells[-1])[:MAX_WIDTH]


def cmd_bb_ps(ctx: "CommandContext") -> int:
    """``ps [-o COL1,COL2=HEADER] [-T]``: every process, one line each."""
    specs = []
    args = ctx.argv[1:]
    i = 0
    while i < len(args):
        a = args[i]
        i += 1
        if not a.startswith("-") or a == "-":
            continue            # BSD words (aux): operands busybox ignores
        for j, c in enumerate(a[1:], 1):
            if c == "o":
                if a[j + 1:]:
                    specs.append(a[j + 1:])
                elif i < len(args):
                    specs.append(args[i])
                    i += 1
                else:
                    raise UsageError("option requires an argument -- 'o'")
                break
            if c not in _IGNORED:
                raise UsageError(f"invalid option -- '{c}'")
    try:
        fields = _parse_o(specs or ["pid,user,args"])
    except ValueError as e:
        err(ctx, f"ps: bad -o argument '{e}', supported arguments: {_SUPPORTED}")
        return 1
    # post_process: the fields after the one that passes MAX_WIDTH are dropped
    total = 0
    for k, (_, width, _) in enumerate(fields):
        total += width + 1
        if total > MAX_WIDTH:
            fields = fields[:k + 1]
            break
    widths = [w for _, w, _ in fields]
    out = []
    if any(h for _, _, h in fields):
        out.append(_line([h for _, _, h in fields], widths))
    for pid, comm, cmdline in _processes(ctx):
        st = _stat(ctx, pid)
        if len(st) < 53:
            continue        # gone meanwhile
        v = _values(ctx, pid, comm, cmdline, st)
        cells = []
        for name, width, _ in fields:
            x = v[name]
            # numbers are sprintf'ed whole, strings safe_strncpy'ed to the width
            cells.append(f"{x:>{width}}" if isinstance(x, int) else x[:width] or "-")
        out.append(_line(cells, widths))
    raw_write(ctx.stdout, "".join(ln + "\n" for ln in out).encode("utf-8", "surrogateescape"))
    return 0
