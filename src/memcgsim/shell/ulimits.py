"""``ulimit`` in each shell: bash 5.2's (builtins/ulimit.def), busybox 1.35's
(shell/shell_common.c ``shell_builtin_ulimit``: GNU getopt in order, two passes)
and dash 0.5.12's (src/miscbltin.c ``ulimitcmd``: ``nextopt``, one resource).
The shell keeps its limits as the kernel does (``Shell.ulimits``: option letter
-> (soft, hard) in the resource's own unit, bytes for sizes, None for
RLIM_INFINITY); each shell shows and takes them in its own units (bash's
blocks are 1024 bytes, busybox's and dash's 512). ``setrlimit`` is
kernel/sys.c ``do_prlimit``'s checks; root may raise a hard limit."""
from __future__ import annotations

import errno
import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .interp import Shell

#: fs/file.c ``sysctl_nr_open``'s default (1024 * 1024): RLIMIT_NOFILE's ceiling
NR_OPEN = 1024 * 1024

#: bash's ``ulimit -a`` rows: option, label, unit, bytes (or units) a shown unit
#: holds (ulimit.def ``limits[]``: POSIXBLK blocks are 1024 bytes outside posix
#: mode; the pipe size is PIPE_BUF in 512-byte units, not a resource)
BASH = (
    ("R", "real-time non-blocking time", "microseconds", 1), ("c", "core file size", "blocks", 1024),
    ("d", "data seg size", "kbytes", 1024), ("e", "scheduling priority", "", 1),
    ("f", "file size", "blocks", 1024), ("i", "pending signals", "", 1),
    ("l", "max locked memory", "kbytes", 1024), ("m", "max memory size", "kbytes", 1024),
    ("n", "open files", "", 1), ("p", "pipe size", "512 bytes", 512),
    ("q", "POSIX message queues", "bytes", 1), ("r", "real-time priority", "", 1),
    ("s", "stack size", "kbytes", 1024), ("t", "cpu time", "seconds", 1),
    ("u", "max user processes", "", 1), ("v", "virtual memory", "kbytes", 1024),
    ("x", "file locks", "", 1),
)
_BASH = {o: (label, unit, f) for o, label, unit, f in BASH}

#: busybox's ``limit_chars``, ``limits_help`` and ``factor_shift`` (as a factor)
BUSYBOX = (("c", "core file size (blocks)", 512), ("d", "data seg size (kb)", 1024),
           ("e", "scheduling priority", 1), ("f", "file size (blocks)", 512),
           ("i", "pending signals", 1), ("l", "max locked memory (kb)", 1024),
           ("m", "max memory size (kb)", 1024), ("n", "open files", 1),
           ("q", "POSIX message queues (bytes)", 1), ("r", "real-time priority", 1),
           ("s", "stack size (kb)", 1024), ("t", "cpu time (seconds)", 1),
           ("u", "max user processes", 1), ("v", "virtual memory (kb)", 1024), ("x", "file locks", 1))
_BUSYBOX = {o: (label, f) for o, label, f in BUSYBOX}

#: dash's ``limits[]``: name, its letter, the model's resource, factor (its ``-p``
#: is RLIMIT_NPROC, ``-w`` RLIMIT_LOCKS; Debian's build also takes ``-r``)
DASH = (("time(seconds)", "t", "t", 1), ("file(blocks)", "f", "f", 512),
        ("data(kbytes)", "d", "d", 1024), ("stack(kbytes)", "s", "s", 1024),
        ("coredump(blocks)", "c", "c", 512), ("memory(kbytes)", "m", "m", 1024),
        ("locked memory(kbytes)", "l", "l", 1024), ("process", "p", "u", 1),
        ("nofiles", "n", "n", 1), ("vmemory(kbytes)", "v", "v", 1024), ("locks", "w", "x", 1),
        ("rtprio", "r", "r", 1))
_DASH = {letter: (key, f) for _, letter, key, f in DASH}


def setrlimit(sh: "Shell", o: str, soft: int | None, hard: int | None) -> int:
    """``setrlimit`` of resource ``o`` (kernel/sys.c ``do_prlimit``, v5.10 and
    v6.1): 0, or the errno (soft above hard: EINVAL; RLIMIT_NOFILE's hard above
    ``nr_open``: EPERM; the pipe size is no resource: EINVAL)."""
    if o == "p":
        return errno.EINVAL
    if hard is not None and (soft is None or soft > hard):
        return errno.EINVAL
    if o == "n" and (hard is None or hard > NR_OPEN):
        return errno.EPERM
    sh.ulimits = {**sh.ulimits, o: (soft, hard)}
    return 0


def _shown(v: int | None, factor: int) -> str:
    return "unlimited" if v is None else str(v // factor)


def bash_ulimit(sh: "Shell", argv: list[str]) -> int:
    """bash's ``ulimit`` (``ulimit_builtin``): ``internal_getopt`` with each
    resource letter taking an optional value (``;``: attached, or the next word
    that is no option), each letter one command in order; none: ``-f`` with the
    first operand; an operand left goes to the last command without a value.
    A command shows its limit (named when there are several) or sets it (soft
    and hard unless one is named; ``unlimited``, ``hard``, ``soft`` or digits)."""
    from .builtins import _out
    args = argv[1:]
    soft = hard = all_ = False
    cmds: list[list] = []
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--":
            i += 1
            break
        if not a.startswith("-") or len(a) < 2:
            break
        i += 1
        j = 1
        while j < len(a):
            c = a[j]
            j += 1
            if c in "aSH":
                all_ |= c == "a"
                soft |= c == "S"
                hard |= c == "H"
            elif c in _BASH:
                val = None
                if j < len(a):
                    val, j = a[j:], len(a)
                elif i < len(args) and not (args[i].startswith("-") and len(args[i]) > 1):
                    val = args[i]
                    i += 1
                cmds.append([c, val])
            else:
                sh.err(f"ulimit: -{c}: invalid option")
                sh.stderr.write("ulimit: usage: ulimit [-SHabcdefiklmnpqrstuvxPRT] [limit]\n")
                return 2
    rest = args[i:]
    which = 1 if hard and not soft else 0
    if all_:         # printone(): "%-20s %20s" then the value
        _out(sh, "".join(_bash_row(sh, o, which) for o, *_ in BASH))
        return 0
    if not cmds:
        cmds.append(["f", rest.pop(0) if rest else None])
    if rest and cmds[-1][1] is None:
        cmds[-1][1] = rest[0]
    for o, val in cmds:
        label, _, factor = _BASH[o]
        if val is None:
            _out(sh, _bash_row(sh, o, which) if len(cmds) > 1
                 else _shown(sh.ulimits[o][which], factor) + "\n")
            continue
        cur_soft, cur_hard = sh.ulimits[o]
        if val in ("unlimited", "hard", "soft"):
            new = {"unlimited": None, "hard": cur_hard, "soft": cur_soft}[val]
        elif val.isdigit() or not val:        # all_digits("") holds: 0
            new = int(val or 0) * factor
        else:
            sh.err(f"ulimit: {val}: invalid number")
            return 1
        e = setrlimit(sh, o, new if soft or not hard else cur_soft, new if hard or not soft else cur_hard)
        if e:
            sh.err(f"ulimit: {label}: cannot modify limit: {os.strerror(e)}")
            return 1
    return 0


def _bash_row(sh: "Shell", o: str, which: int) -> str:
    """``printone``: ``%-20s %20s`` (label, then unit and option) and the value."""
    label, unit, factor = _BASH[o]
    tag = f"({unit}, -{o}) " if unit else f"(-{o}) "
    return f"{label:<20} {tag:>20}{_shown(sh.ulimits[o][which], factor)}\n"


def _gnu_getopt(args: list[str], flags: str, optional: str, say):
    """glibc ``getopt`` with an optstring ``-FLAGS`` and ``X::`` options, in
    order: yields (letter, optarg, state): ``\\1`` and the operand for an operand,
    ``?`` for an unknown letter (``say``: its message); ``state["i"]`` is
    ``optind``, which the caller may move past an argument it takes."""
    st = {"i": 0}
    pos = 0
    while st["i"] < len(args):
        a = args[st["i"]]
        if pos == 0:
            if a == "--":
                st["i"] += 1
                return
            if not a.startswith("-") or a == "-":
                st["i"] += 1
                yield "\1", a, st
                continue
            pos = 1
        c = a[pos]
        pos += 1
        if c in optional:
            arg = a[pos:] or None
            st["i"] += 1
            pos = 0
            yield c, arg, st
            continue
        if pos >= len(a):
            st["i"] += 1
            pos = 0
        if c in flags:
            yield c, None, st
        else:
            say(f"ulimit: invalid option -- '{c}'\n")
            yield "?", None, st


def bb_ulimit(sh: "Shell", argv: list[str]) -> int:
    """busybox's ``shell_builtin_ulimit``: a first pass counts the options (an
    operand is ``-f``'s value; an unknown letter fails, 1), ``-a`` lists all; a
    second sets or shows each in order, a bare option taking the next argument
    that is no option, named when more than one is shown."""
    from .ash import applet_msg
    from .builtins import _out
    from .commands._util import err_write
    args = argv[1:]
    letters = "".join(_BUSYBOX)

    def say(text: str) -> None:
        err_write(sh.stderr, text)
    opt_cnt, hard, soft, all_ = 0, False, False, False
    for c, _, _ in _gnu_getopt(args, "HSa", letters, say):
        if c == "?":
            return 1
        hard |= c == "H"
        soft |= c == "S"
        all_ |= c == "a"
        opt_cnt += c not in "HSa"
    if not (hard or soft):
        hard = soft = True
    which = 0 if soft else 1
    if all_:
        _out(sh, "".join(f"{label:<32}(-{o}) {_shown(sh.ulimits[o][which], f)}\n" for o, label, f in BUSYBOX))
        return 0
    for c, val, st in _gnu_getopt(args, "HSa", letters, say):
        if c in "HS":
            continue
        o = "f" if c == "\1" else c
        label, factor = _BUSYBOX[o]
        if c == "\1":
            pass                # the operand is -f's value (optarg)
        elif val is None and st["i"] < len(args) and not args[st["i"]].startswith("-"):
            val = args[st["i"]]
            st["i"] += 1
        cur_soft, cur_hard = sh.ulimits[o]
        if val is None:
            _out(sh, (f"{label:<32}(-{o}) " if opt_cnt > 1 else "")
                 + _shown(cur_soft if soft else cur_hard, factor) + "\n")
            continue
        if val == "unlimited":
            new = None
        elif val.isdigit() and int(val) < 1 << 64:     # bb_strtoull: digits only
            new = int(val) * factor
        else:
            applet_msg(sh, f"invalid number '{val}'", "ulimit")
            return 1
        e = setrlimit(sh, o, new if soft else cur_soft, new if hard else cur_hard)
        if e:
            applet_msg(sh, f"error setting limit: {os.strerror(e)}", "ulimit")
            return 1
    if opt_cnt == 0:            # bare ulimit: -f
        _out(sh, _shown(sh.ulimits["f"][which], 512) + "\n")
    return 0


def dash_ulimit(sh: "Shell", argv: list[str]) -> int:
    """dash's ``ulimitcmd``: ``nextopt`` up to the first operand (the last
    resource letter counts, ``-H``/``-S`` the last one), one value at most
    (``too many arguments``), digits only (``bad number``; an empty one is 0);
    errors are ``sh_error``'s, status 2."""
    from .ash import ASH_ERROR_STATUS, bad_option, msg
    from .builtins import _out
    args = argv[1:]
    how_soft = how_hard = True
    all_ = False
    what = "f"
    while args and args[0].startswith("-") and len(args[0]) > 1:
        a = args.pop(0)
        if a == "--":
            break
        for c in a[1:]:
            if c == "H":
                how_soft, how_hard = False, True
            elif c == "S":
                how_soft, how_hard = True, False
            elif c == "a":
                all_ = True
            elif c in _DASH:
                what = c
            else:
                return bad_option(sh, c, "ulimit", False)
    o, factor = _DASH[what]
    which = 0 if how_soft else 1
    new = None
    if args:
        if all_ or len(args) > 1:
            msg(sh, "too many arguments", "ulimit")
            return ASH_ERROR_STATUS
        p = args[0]
        if p != "unlimited":
            digits = len(p) - len(p.lstrip("0123456789"))
            if digits < len(p) or p and int(p) >= 1 << 63:     # rlim_t's sign: overflow
                msg(sh, "bad number", "ulimit")
                return ASH_ERROR_STATUS
            new = int(p or "0") * factor
    if all_:
        _out(sh, "".join(f"{name:<20} {_shown(sh.ulimits[key][which], f)}\n"
                         for name, _, key, f in DASH))
        return 0
    cur_soft, cur_hard = sh.ulimits[o]
    if not args:
        _out(sh, _shown(cur_soft if how_soft else cur_hard, factor) + "\n")
        return 0
    e = setrlimit(sh, o, new if how_soft else cur_soft, new if how_hard else cur_hard)
    if e:
        msg(sh, f"error setting limit ({os.strerror(e)})", "ulimit")
        return ASH_ERROR_STATUS
    return 0
