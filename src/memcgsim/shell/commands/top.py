"""``top`` in batch mode: procps-ng 4.0.2's (Debian 12) and, under the busybox
userland, busybox 1.35's. Both read what the kernel shows, as ``ps`` and
``free`` do (:mod:`.procps`, :mod:`.memviews`): the summary from /proc/uptime,
/proc/loadavg, /proc/stat and /proc/meminfo, the task table from
/proc/PID/stat, statm and cmdline. Both read the tasks and /proc/stat, sleep
0.1 s and read them again before the first frame (procps top's ``frame_make``
``usleep(LIB_USLEEP)``, busybox's ``prev_hist_count`` priming), so %CPU and the
CPU summary are the deltas of that interval: with the model's CPU time never
counted (/proc/stat: every tick idle), 100 % idle and 0.0 for every task.

Checked against the host's top and busybox top on the model's /proc files
(bind-mounted over /proc in a user namespace: tests/shell/test_top.py)."""
from __future__ import annotations

import struct
from typing import TYPE_CHECKING

from .bbps import read_cmdline
from .procps import _processes, _stat
from .procutils import _sleeping
from .sysutils import uptime_line
from .userland import quirk
from ._util import command, raw_write

if TYPE_CHECKING:
    from ..context import CommandContext

#: procps top's ``LIB_USLEEP``: the pause between the priming read and the first frame
LIB_USLEEP = 0.1
#: procps top: ``Screen_cols`` when stdout is no terminal and COLUMNS is unset,
#: and the most ``-w`` or COLUMNS give (``W_MAX``... batch mode's 512)
SCREEN_COLS, SCREEN_COLS_MAX = 80, 512
#: USER_HZ
HZ = 100


def _f32(v: float) -> float:
    """The value as a C ``float`` (top computes its percentages and MiB in floats)."""
    return struct.unpack("f", struct.pack("f", v))[0]


def _read(ctx: "CommandContext", path: str) -> str:
    try:
        return ctx.sys.read(path, ctx.task)
    except OSError:
        return ""


def _meminfo(ctx: "CommandContext") -> dict[str, int]:
    return {ln.split(":")[0]: int(ln.split()[1])
            for ln in _read(ctx, "/proc/meminfo").splitlines() if ":" in ln}


def _cpu_ticks(ctx: "CommandContext") -> list[int]:
    """The ``cpu`` line of /proc/stat: user nice system idle iowait irq softirq steal."""
    for ln in _read(ctx, "/proc/stat").splitlines():
        if ln.startswith("cpu "):
            return [int(x) for x in ln.split()[1:9]]
    return [0] * 8


def _sample(ctx: "CommandContext", statm: bool = True) -> dict[int, tuple]:
    """pid -> (comm, cmdline, /proc/PID/stat fields, statm pages) of every task."""
    out = {}
    for pid, comm, cmdline in _processes(ctx):
        st = _stat(ctx, pid)
        if len(st) < 53:
            continue            # gone meanwhile
        sm = [int(x) for x in _read(ctx, f"/proc/{pid}/statm").split()] if statm else []
        out[pid] = (comm, cmdline, st, sm)
    return out


def _ticks(st: list[str]) -> int:
    return int(st[14]) + int(st[15])


# ---------------------------------------------------------------- procps-ng top

#: the task table's columns (top.c ``Fieldstab``: header, width, right-aligned),
#: the default window's
_COLUMNS = (("PID", 5, True), ("USER", 8, False), ("PR", 3, True), ("NI", 3, True),
            ("VIRT", 7, True), ("RES", 6, True), ("SHR", 6, True), ("S", 1, False),
            ("%CPU", 5, True), ("%MEM", 5, True), ("TIME+", 9, True))
#: ``-o`` names -> the value sorted on (procps top's ``Fieldstab`` sort functions)
_SORT_KEYS = ("PID", "USER", "PR", "NI", "VIRT", "RES", "SHR", "S", "%CPU", "%MEM",
              "TIME+", "COMMAND")
_MEM_FMTS = ("{:.0f}", "{:.1f}m", "{:.1f}g", "{:.1f}t", "{:.1f}p")


def scale_mem(kib: int, width: int) -> str:
    """top.c ``scale_mem``: KiB, else the first of m, g, t, p that fits (``%#.1f``)."""
    num = _f32(float(kib))
    for fmt in _MEM_FMTS:
        s = fmt.format(num)
        if len(s) <= width:
            return s
        num = _f32(num / 1024.0)
    return "?"


def scale_pcnt(num: float, width: int) -> str:
    """top.c ``scale_pcnt``: ``%#.1f``, else ``%.0f``."""
    s = f"{_f32(num):.1f}"
    return s if len(s) <= width else f"{_f32(num):.0f}"


def scale_tics(ticks: int) -> str:
    """TIME+: minutes:seconds.hundredths."""
    secs, hund = divmod(ticks, HZ)
    return f"{secs // 60}:{secs % 60:02d}.{hund:02d}"


class _TopError(Exception):
    """A bad command line: top's message, stdout and status."""

    def __init__(self, msg: str, status: int = 1, out: str = ""):
        super().__init__(msg)
        self.msg, self.status, self.out = msg, status, out


def _top_args(argv: list[str]) -> dict:
    """procps top's ``parse_args`` for the options the model has: ``-b``, ``-c``,
    ``-d SECS``, ``-n N``, ``-o [+-]FIELD``, ``-p PID[,PID]`` (repeatable), ``-w
    [N]``; a cluster may end in its option's value (``-bn1``)."""
    o: dict = {"batch": False, "cmdline": False, "delay": 3.0, "loops": -1, "sort": "%CPU",
               "reverse": True, "pids": [], "width": None}
    i = 0
    while i < len(argv):
        a = argv[i]
        i += 1
        if not a.startswith("-") or a == "-":
            raise _TopError(f"inappropriate '{a}'")
        j = 1
        while j < len(a):
            c = a[j]
            j += 1
            if c == "b":
                o["batch"] = True
            elif c == "c":
                o["cmdline"] = not o["cmdline"]
            elif c in "dnop":
                val = a[j:]
                if not val:
                    if i >= len(argv):
                        raise _TopError(f"option requires an argument -- '{c}'", 0, "\n")
                    val = argv[i]
                    i += 1
                j = len(a)
                if c == "d":
                    try:
                        o["delay"] = float(val)
                    except ValueError:
                        raise _TopError(f"bad delay interval '{val}'") from None
                    if o["delay"] < 0:
                        raise _TopError(f"bad delay interval '{val}'")
                elif c == "n":
                    if not val.strip().lstrip("+-").isdigit():
                        raise _TopError(f"bad iterations argument '{val}'")
                    o["loops"] = int(val)
                elif c == "o":
                    name = val
                    if name[:1] in "+-":
                        o["reverse"] = name[0] == "+"
                        name = name[1:]
                    if name not in _SORT_KEYS:
                        raise _TopError(f"unrecognized field name '{name}'")
                    o["sort"] = name
                else:
                    for p in val.split(","):
                        if not p.isdigit() or int(p) < 1:
                            raise _TopError(f"bad pid '{p}'")
                        o["pids"].append(int(p))
            elif c == "w":
                val = a[j:] or (argv[i] if i < len(argv) and argv[i].isdigit() else "")
                if val and not a[j:]:
                    i += 1
                j = len(a)
                if val and (not val.isdigit() or not 0 < int(val) <= SCREEN_COLS_MAX):
                    raise _TopError(f"bad width arg '{val}'")
                o["width"] = int(val) if val else 0
            else:
                raise _TopError(f"invalid option -- '{c}'", 0, "\n")
    return o


def _procps_frame(ctx: "CommandContext", o: dict, width: int, before: dict,
                  cpu_before: list[int], elapsed: float) -> str:
    """One frame: the summary lines, a blank line, the task table."""
    cpu = _cpu_ticks(ctx)
    delta = [a - b for a, b in zip(cpu, cpu_before)]
    tasks = _sample(ctx)
    if o["pids"]:               # -p: only those are read (``procps_pids_select``)
        tasks = {pid: v for pid, v in tasks.items() if pid in o["pids"]}
    mi = _meminfo(ctx)
    counts = {"R": 0, "S": 0, "T": 0, "Z": 0}
    for _, _, st, _ in tasks.values():
        s = st[3]
        counts["S" if s in "SDI" else "T" if s in "Tt" else s if s in counts else "S"] += 1
    tot = sum(delta)
    idle = delta[3]
    if tot < 1:
        tot = idle = 1
    pct = [_f32(d * 100.0 / tot) for d in delta]
    pct[3] = _f32(idle * 100.0 / tot)
    us, ni, sy, _, wa, hi, si, st_ = pct
    mib = lambda kb: _f32(kb / 1024.0)  # noqa: E731
    total, free = mi.get("MemTotal", 0), mi.get("MemFree", 0)
    avail = mi.get("MemAvailable", free)
    used = total - avail if total >= avail else total - free
    cache = mi.get("Cached", 0) + mi.get("SReclaimable", 0) + mi.get("Buffers", 0)
    swap_t, swap_f = mi.get("SwapTotal", 0), mi.get("SwapFree", 0)
    head = [
        "top -" + uptime_line(ctx),
        f"Tasks: {len(tasks):3d} total, {counts['R']:3d} running, {counts['S']:3d} sleeping, "
        f"{counts['T']:3d} stopped, {counts['Z']:3d} zombie",
        f"%Cpu(s):{us:5.1f} us,{sy:5.1f} sy,{ni:5.1f} ni,{pct[3]:5.1f} id,{wa:5.1f} wa,"
        f"{hi:5.1f} hi,{si:5.1f} si,{st_:5.1f} st ",
        f"MiB Mem : {mib(total):8.1f} total, {mib(free):8.1f} free, {mib(used):8.1f} used, "
        f"{mib(cache):8.1f} buff/cache     ",
        f"MiB Swap: {mib(swap_t):8.1f} total, {mib(swap_f):8.1f} free, "
        f"{mib(swap_t - swap_f):8.1f} used. {mib(avail):8.1f} avail Mem ",
        ""]
    head = [ln[:width] for ln in head]
    rows = []
    for pid, (comm, cmdline, st, sm) in tasks.items():
        ticks = _ticks(st) - before.get(pid, _ticks(st))
        pcpu = _f32(ticks * 100.0 / (elapsed * HZ)) if elapsed > 0 else 0.0
        res = sm[1] * 4 if len(sm) > 1 else 0
        pmem = _f32(res * 100.0 / total) if total else 0.0
        prio = int(st[18])
        cmd = (cmdline or f"[{comm}]") if o["cmdline"] else comm
        vals = {"PID": pid, "USER": "root", "PR": prio, "NI": int(st[19]),
                "VIRT": sm[0] * 4 if sm else 0, "RES": res,
                "SHR": sm[2] * 4 if len(sm) > 2 else 0, "S": st[3], "%CPU": pcpu,
                "%MEM": pmem, "TIME+": _ticks(st), "COMMAND": cmd}
        cells = [str(pid), "root", "rt" if prio < -99 else str(prio), st[19],
                 scale_mem(vals["VIRT"], 7), scale_mem(res, 6), scale_mem(vals["SHR"], 6),
                 st[3], scale_pcnt(pcpu, 5), scale_pcnt(pmem, 5), scale_tics(_ticks(st))]
        rows.append((vals[o["sort"]], cells, cmd))
    # the library's sort (glibc's qsort_r: a merge sort, stable), highest first
    rows.sort(key=lambda r: r[0], reverse=o["reverse"])
    table = [_procps_line([h for h, _, _ in _COLUMNS], "COMMAND", width)]
    table += [_procps_line(cells, cmd, width) for _, cells, cmd in rows]
    return "\n".join(head + table) + "\n"


def _procps_line(cells: list[str], cmd: str, width: int) -> str:
    """A table line: each column that ends before the last screen column, the
    COMMAND in what is left, cut with ``+``."""
    line = ""
    for cell, (_, w, right) in zip(cells, _COLUMNS):
        part = (cell.rjust(w) if right else cell.ljust(w)) if line else cell.rjust(w)
        part = part if not line else " " + part
        if len(line) + len(part) > width - 1:
            return line
        line += part
    room = width - 1 - len(line) - 1
    if room < 1:
        return line
    if len(cmd) > room:
        cmd = cmd[:room - 1] + "+"
    return line + " " + cmd


@command("top", usage="-hv | -bcEeHiOSs1 -d secs -n max -u|U user -p pid(s) -o field -w [cols]",
         std_opts=False)
def cmd_top(ctx: "CommandContext"):
    """``top -b`` (procps-ng 4.0.2): frames of the summary (uptime and load
    average, the tasks by state, the CPU states over the interval, memory in
    MiB as ``free`` counts it) and the task table (PID USER PR NI VIRT RES SHR
    S %CPU %MEM TIME+ COMMAND, VIRT/RES/SHR from statm, sorted by %CPU, highest
    first, ties in /proc's order), ``-n`` frames ``-d`` seconds apart (forever
    without ``-n``), one blank line between. Lines are cut at ``-w``'s width,
    COLUMNS' or 80. Without ``-b`` it needs a terminal, which a script has not:
    ``failed tty get``. Under the busybox userland: :func:`_bb_top`."""
    if quirk(ctx, "top.busybox"):
        return (yield from _bb_top(ctx))
    try:
        o = _top_args(ctx.argv[1:])
    except _TopError as e:
        raw_write(ctx.stdout, e.out.encode())
        ctx.stderr.write(f"top: {e.msg}\n")
        return e.status
    if not o["batch"]:
        ctx.stderr.write("top: failed tty get\n")
        return 1
    width = o["width"]
    if not width:               # COLUMNS, else 80 (512 for a bare -w)
        env = ctx.env.get("COLUMNS", "")
        width = int(env) if env.isdigit() and int(env) > 0 else \
            SCREEN_COLS if width is None else SCREEN_COLS_MAX
        width = min(width, SCREEN_COLS_MAX)
    before = {pid: _ticks(st) for pid, (_, _, st, _) in _sample(ctx, statm=False).items()}
    cpu_before = _cpu_ticks(ctx)
    yield from _sleeping(ctx, LIB_USLEEP)
    elapsed = LIB_USLEEP
    frame = 0
    while True:
        text = _procps_frame(ctx, o, width, before, cpu_before, elapsed)
        raw_write(ctx.stdout, (("\n" if frame else "") + text).encode("utf-8", "surrogateescape"))
        frame += 1
        if o["loops"] >= 0 and frame >= max(o["loops"], 1):
            return 0
        before = {pid: _ticks(st) for pid, (_, _, st, _) in _sample(ctx, statm=False).items()}
        cpu_before = _cpu_ticks(ctx)
        yield from _sleeping(ctx, o["delay"])
        elapsed = o["delay"]


# ---------------------------------------------------------------- busybox top

BB_HEADER = "  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND"
#: the summary lines are made in an 80-byte buffer (``scrbuf``): 79 characters at most
BB_SUMMARY_WIDTH = 79
#: a task line's most characters in batch mode, whatever COLUMNS says (measured:
#: the host's busybox 1.35 on a 700-character command line, tests/shell/test_top.py)
BB_LINE_WIDTH = 446
#: busybox 1.35's usage screen of top (``busybox top -x``, Debian's build)
BB_USAGE = ("BusyBox v1.35.0 (Debian 1:1.35.0-4+deb12u1+b1) multi-call binary.\n\n"
            "Usage: top [-bH] [-n COUNT] [-d SECONDS]\n\nShow a view of process activity "
            "in real time.\nRead the status of all processes from /proc each SECONDS\nand "
            "show a screenful of them.\nKeys:\n\tN/M/P/T: sort by pid/mem/cpu/time\n\tR: "
            "reverse sort\n\tH: toggle threads\n\tQ,^C: exit\nOptions:\n\t-b\tBatch mode\n"
            "\t-n N\tExit after N iterations\n\t-d SEC\tDelay between updates\n\t-H\tShow "
            "threads\n")


def _bb_top(ctx: "CommandContext"):
    """busybox 1.35 ``top -b [-n COUNT] [-d SECONDS]`` (procps/top.c): ``Mem:``
    (used = MemTotal - MemFree, shared, buffers and Cached in KiB), ``CPU:`` (the
    interval's shares of /proc/stat, whole percents), ``Load average:``
    (/proc/loadavg as it is), then every task, sorted by %CPU, then VSZ, then CPU
    time, highest first: PID PPID USER STAT (the state, ``W`` without memory,
    ``<``/``N`` for the nice) VSZ (``NNNNm`` from 100000 KiB) %VSZ of MemTotal,
    %CPU, and the command line as ``read_cmdline`` shows it; the summary cut at
    79 characters, a task's line at 446 (batch mode: COLUMNS is not read), a
    newline at the end. Without ``-b`` the model, having no terminal, runs it as
    in batch mode (as busybox does once stdin is at EOF)."""
    argv = ctx.argv[1:]
    loops, delay = 0, 5
    i = 0
    while i < len(argv):
        a = argv[i].lstrip("-")         # opt_complementary "-": options without a dash too
        i += 1
        j = 0
        while j < len(a):
            c = a[j]
            j += 1
            if c in "dn":
                val = a[j:] or (argv[i] if i < len(argv) else "")
                if not a[j:]:
                    i += 1
                j = len(a)
                val = val.lstrip("-")
                if not val.isdigit():
                    ctx.stderr.write(f"top: invalid number '{val}'\n")
                    return 1
                if c == "d":
                    delay = int(val)
                else:
                    loops = int(val)
            elif c not in "bHm":
                ctx.stderr.write(f"top: invalid option -- '{c}'\n" + BB_USAGE)
                return 1
    prev = {pid: _ticks(st) for pid, (_, _, st, _) in _sample(ctx, statm=False).items()}
    cpu_prev = _cpu_ticks(ctx)
    yield from _sleeping(ctx, 0.1)
    n = 0
    while True:
        tasks = _sample(ctx, statm=False)
        cpu = _cpu_ticks(ctx)
        raw_write(ctx.stdout, _bb_frame(ctx, tasks, prev, cpu, cpu_prev).encode(
            "utf-8", "surrogateescape"))
        n += 1
        if loops and n >= loops:
            raw_write(ctx.stdout, b"\n")      # bb_putchar('\n') on the way out
            return 0
        prev = {pid: _ticks(st) for pid, (_, _, st, _) in tasks.items()}
        cpu_prev = cpu
        yield from _sleeping(ctx, delay)


def _bb_frame(ctx: "CommandContext", tasks: dict, prev: dict, cpu: list[int],
              cpu_prev: list[int]) -> str:
    mi = _meminfo(ctx)
    total = mi.get("MemTotal", 0)
    lines = [f"Mem: {total - mi.get('MemFree', 0)}K used, {mi.get('MemFree', 0)}K free, "
             f"{mi.get('Shmem', 0)}K shrd, {mi.get('Buffers', 0)}K buff, "
             f"{mi.get('Cached', 0)}K cached"]
    # usr nic sys idle iowait irq softirq steal: the total counts them all
    d = [a - b for a, b in zip(cpu, cpu_prev)]
    tot = sum(d) or 1
    usr, nic, sys_, idle, iowait, irq, sirq = (100 * x // tot for x in d[:7])
    lines.append(f"CPU:{usr:4d}% usr{sys_:4d}% sys{nic:4d}% nic{idle:4d}% idle"
                 f"{iowait:4d}% io{irq:4d}% irq{sirq:4d}% sirq")
    lines.append("Load average: " + _read(ctx, "/proc/loadavg").split("\n")[0])
    lines = [ln[:BB_SUMMARY_WIDTH] for ln in lines]
    lines.append(BB_HEADER)
    busy = sum(d) - d[3] - d[4]
    rows = []
    for pid, (comm, cmdline, st, _) in tasks.items():
        vsz = int(st[23]) // 1024
        dt = _ticks(st) - prev.get(pid, 0) if pid in prev else 0
        rows.append((dt, vsz, _ticks(st), pid, comm, st))
    total_pcpu = max(sum(r[0] for r in rows), busy)
    rows.sort(key=lambda r: (r[0], r[1], r[2]), reverse=True)
    for dt, vsz, _, pid, comm, st in rows:
        nice = int(st[19])
        state = st[3] + ("W" if vsz == 0 and st[3] != "Z" else "") + \
            ("<" if nice < 0 else "N" if nice > 0 else "")
        vsz_s = f"{vsz:6d}" if vsz < 100000 else f"{vsz // 1024:5d}m"
        pvsz = (vsz * 100 + total // 2) // total if total else 0
        pcpu = (dt * 100 * busy // (tot * total_pcpu)) if total_pcpu else 0
        head = f"{pid:5d}{int(st[4]):6d} {'root':<8.8} {state:<4.4}{vsz_s}{pvsz:4d}%{pcpu:4d}% "
        room = BB_LINE_WIDTH - len(head)
        cmd = read_cmdline(_read(ctx, f"/proc/{pid}/cmdline"), comm, room + 1)
        lines.append(head + cmd)
    return "\n".join(lines) + "\n"
