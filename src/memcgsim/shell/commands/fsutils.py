"""File-space tools: util-linux ``fallocate`` (with util-linux's size parser and
human-readable sizes) and coreutils ``df``."""
from __future__ import annotations

import errno
import math
import re
from typing import TYPE_CHECKING

from ._util import Out, UsageError, command, err, getopt, quotef, raw_write, strerror
from .userland import message, quirk, userland
from ...fs.vfs import FALLOC_FL_KEEP_SIZE, FALLOC_FL_PUNCH_HOLE

if TYPE_CHECKING:
    from ..context import CommandContext

UINTMAX = 2 ** 64 - 1
_STRTOUMAX = re.compile(r"[ \t\n\v\f\r]*\+?(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)")


def _strtoumax(s: str, pos: int = 0) -> tuple[int, int] | None:
    """``strtoumax(s + pos, &end, 0)``: (value, end), None when nothing parses or
    it overflows (ERANGE)."""
    m = _STRTOUMAX.match(s, pos)
    if not m:
        return None
    d = m.group(1)
    v = int(d, 16) if d[1:2] in ("x", "X") else int(d, 8) if d[:1] == "0" else int(d)
    return None if v > UINTMAX else (v, m.end())


def parse_size(s: str) -> int:
    """util-linux's ``parse_size`` (lib/strutils.c): a C number (``0x10``, ``010``
    octal), an optional fraction, a suffix ``K M G T P E Z Y`` (either case) with
    ``iB`` (1024) or ``B`` (1000); ValueError for anything else, a negative number
    or a result past 2^64 - 1. A fraction counts digit by digit from the last, as
    the C does (``1.999K`` is 2150)."""
    t = s.lstrip(" \t\n\v\f\r")
    if not s or t[:1] == "-":
        raise ValueError(s)
    r = _strtoumax(s)
    if r is None:
        raise ValueError(s)
    x, p = r
    if p == len(s):
        return x
    base, frac, frac_zeros = 1024, 0, 0
    while True:
        rest = s[p + 1:]
        if rest in ("iB", "ib"):
            base = 1024
        elif rest in ("B", "b"):
            base = 1000
        elif rest:
            if frac == 0 and s[p] == ".":
                q = p + 1
                while q < len(s) and s[q] == "0":
                    frac_zeros += 1
                    q += 1
                if q < len(s) and s[q].isdigit():
                    r = _strtoumax(s, q)
                    if r is None:
                        raise ValueError(s)
                    frac, q = r
                if q == len(s):
                    raise ValueError(s)     # a fraction with no suffix
                p = q
                continue
            raise ValueError(s)
        break
    c = s[p].upper()
    pwr = "KMGTPEZY".find(c) + 1
    if not pwr:
        raise ValueError(s)
    x *= base ** pwr
    if x > UINTMAX:
        raise ValueError(s)
    if frac:
        frac_base = base ** pwr
        frac_div, frac_poz = 10, 1
        while frac_div < frac:
            frac_div *= 10
        frac_div *= 10 ** frac_zeros
        while True:
            seg = frac % 10
            seg_div = frac_div // frac_poz
            frac //= 10
            if seg and seg_div // seg:
                x += frac_base // (seg_div // seg)
            frac_poz *= 10
            if not frac:
                break
    return x


def human_size(n: int) -> str:
    """util-linux's ``size_to_human_string(SIZE_SUFFIX_3LETTER | SIZE_SUFFIX_SPACE)``:
    ``1 B``, ``1.5 KiB``, ``953.7 MiB`` (one decimal, rounded 4/5 from three)."""
    exp = 0
    while exp < 60 and n >= 1 << (exp + 10):
        exp += 10
    letter = "BKMGTPE"[exp // 10]
    suffix = " B" if letter == "B" else f" {letter}iB"
    dec, frac = (n >> exp, n & ((1 << exp) - 1)) if exp else (n, 0)
    if frac:
        frac = (frac * 1000) >> exp
        frac = (frac + 50) // 100 * 10
        if frac == 100:
            dec, frac = dec + 1, 0
    if frac:
        return f"{dec}.{frac // 10}{suffix}"
    return f"{dec}{suffix}"


_FALLOC_MODES = {"c": "collapse-range", "d": "dig-holes", "i": "insert-range",
                 "p": "punch-hole", "z": "zero-range"}
_FALLOC_LONG = dict(_FALLOC_MODES, n="keep-size", x="posix")
#: fallocate.c's ``excl`` table as util-linux 2.38.1 behaves (its third row is not
#: in ASCII order, so ``-x`` conflicts only with options given before it)
_FALLOC_EXCL = ("cdpz", "cn", "xcdinpz")


def exclusive_options(c: str, excl, status: list[str], long: dict[str, str]) -> None:
    """util-linux's ``err_exclusive_options`` (include/optutils.h): UsageError when
    ``c`` shares a row of ``excl`` with an option seen before (``status``)."""
    for e, row in enumerate(excl):
        if row[0] > c:
            break
        for op in row:
            if op > c:
                break
            if op != c:
                continue
            if not status[e]:
                status[e] = c
            elif status[e] != c:
                raise UsageError("mutually exclusive arguments: "
                                 + " ".join(f"--{long[o]}" for o in row), hint=False)
            break


@command("fallocate", usage="[options] <filename>")
def cmd_fallocate(ctx: "CommandContext") -> int:
    """util-linux ``fallocate [-n] [-p] [-x] [-v] [-o OFFSET] -l LENGTH FILE``: opens
    FILE read-write (created, mode 0644, unless a mode option is given) and calls
    ``fallocate(2)`` (the file's ``fallocate``: fs/vfs.py ``RegularFile``); ``-x``
    is ``posix_fallocate(3)``, the same call there. On tmpfs the range's pages are
    charged to the caller's memcg as shmem; ``-p`` punches a hole (pages leave the
    cache). ``-z``, ``-c`` and ``-i`` on tmpfs fail as the kernel's
    (``Operation not supported``); on ext4, and ``-d`` anywhere, they are not
    modelled. Messages and status 1 as util-linux 2.38's."""
    opts, args = getopt(ctx.argv[1:], "cdil:no:pzxvV", {
        "collapse-range": "c", "dig-holes": "d", "insert-range": "i", "length=": "l",
        "keep-size": "n", "offset=": "o", "punch-hole": "p", "zero-range": "z",
        "posix": "x", "verbose": "v", "version": "V"})
    length = offset = None
    keep = verbose = posix = False
    modes: list[str] = []
    status = ["", "", ""]
    for o, v in opts:
        if o in _FALLOC_LONG:
            exclusive_options(o, _FALLOC_EXCL, status, _FALLOC_LONG)
        if o == "l":
            length = v
        elif o == "o":
            offset = v
        elif o == "n":
            keep = True
        elif o == "v":
            verbose = True
        elif o == "x":
            posix = True
        elif o == "V":
            raw_write(ctx.stdout, b"fallocate from util-linux 2.38.1\n")
            return 0
        elif o in _FALLOC_MODES and o not in modes:
            modes.append(o)
    if not args:
        raise UsageError("no filename specified", hint=False)
    if len(args) > 1:
        raise UsageError("unexpected number of arguments", hint=False)
    name = args[0]
    nlen = _cvtnum(length) if length is not None else -2
    if "d" not in modes:
        if nlen == -2:
            raise UsageError("no length argument specified", hint=False)
        if nlen <= 0:
            raise UsageError("invalid length value specified", hint=False)
    noff = _cvtnum(offset) if offset is not None else 0
    if noff < 0:
        raise UsageError("invalid offset value specified", hint=False)
    mode = FALLOC_FL_KEEP_SIZE if keep else 0
    if "p" in modes:
        mode |= FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE
    for c in modes:
        mode |= {"z": 0x10, "c": 0x08, "i": 0x20}.get(c, 0)
    try:
        f = ctx.sys.open(ctx.path(name), "r+", ctx.task)
    except OSError as e:
        f = None
        if e.errno != errno.ENOENT or mode or "d" in modes:
            err(ctx, f"fallocate: cannot open {name}: {strerror(e)}")
            return 1
    if "d" in modes:
        f.close()
        err(ctx, "fallocate: --dig-holes is not modelled")
        return 1
    try:
        if f is None:
            f = ctx.sys.open(ctx.path(name), "a", ctx.task)     # O_CREAT, 0644
        f.fallocate(0 if posix else mode, noff, nlen)
    except OSError as e:
        if f is None:
            err(ctx, f"fallocate: cannot open {name}: {strerror(e)}")
        elif mode & FALLOC_FL_PUNCH_HOLE and e.errno == errno.EOPNOTSUPP:
            err(ctx, "fallocate: fallocate failed: keep size mode is unsupported")
        elif userland(ctx) == "busybox":
            # util-linux/fallocate.c: bb_perror_msg_and_die("fallocate '%s'", str)
            err(ctx, f"fallocate: fallocate '{name}': {strerror(e)}")
        else:
            err(ctx, f"fallocate: fallocate failed: {strerror(e)}")
        return 1
    except NotImplementedError:
        opt = _FALLOC_MODES[modes[0]]
        err(ctx, f"fallocate: --{opt} on this filesystem is not modelled")
        return 1
    finally:
        if f is not None:
            f.close()
    if verbose:
        raw_write(ctx.stdout, f"{name}: {human_size(nlen)} ({nlen} bytes) allocated.\n".encode())
    return 0


def _cvtnum(s: str) -> int:
    """fallocate's ``cvtnum``: the size as a C ``loff_t`` (negative past 2^63 - 1),
    -1 when it does not parse."""
    try:
        x = parse_size(s)
    except ValueError:
        return -1
    return x - 2 ** 64 if x >= 2 ** 63 else x


# --- df -------------------------------------------------------------------------------

#: filesystems df leaves out of its full listing without -a (gnulib's ME_DUMMY)
_DUMMY = frozenset(("proc", "sysfs", "cgroup", "cgroup2", "bpf", "devpts", "debugfs",
                    "tracefs", "securityfs", "pstore", "mqueue", "hugetlbfs", "configfs",
                    "fusectl", "rootfs", "autofs", "binfmt_misc"))


def _mounts(ctx: "CommandContext") -> list[tuple[str, str, str]]:
    """(source, mount point, type) of /proc/mounts, in its order."""
    try:
        text = ctx.sys.read("/proc/mounts", ctx.task)
    except OSError:
        return []
    out = []
    for line in text.splitlines():
        f = line.split()
        if len(f) >= 3:
            out.append((f[0], f[1], f[2]))
    return out


def _mount_for(mounts, path: str):
    """The mount ``path`` is on: the last listed with the longest matching point."""
    best = None
    for m in mounts:
        mp = m[1]
        if path == mp or path.startswith(mp.rstrip("/") + "/"):
            if best is None or len(mp) >= len(best[1]):
                best = m
    return best


def _operand_mounts(ctx: "CommandContext", files: list[str], mounts, show,
                    unlisted: str | None = None) -> tuple[list, int]:
    """The mounts df's FILE operands are on, and its status: a file stat cannot
    reach is reported (``show`` quotes its name); GNU df leaves out a file on no
    listed mount, busybox reports it, as it does one on the ``unlisted`` type."""
    chosen, rc = [], 0
    for name in files:
        try:
            ctx.sys.stat(ctx.path(name), ctx.task)
        except OSError as e:
            err(ctx, f"df: {show(name)}: {strerror(e)}")
            rc = 1
            continue
        m = _mount_for(mounts, ctx.path(name))
        if unlisted is not None and (m is None or m[2] == unlisted):
            err(ctx, f"df: {name}: can't find mount point")
            rc = 1
        elif m is not None:
            chosen.append(m)
    return chosen, rc


def _statfs(ctx: "CommandContext", mp: str, typ: str, show):
    """statfs(2) of mount point ``mp``, or None after df's message (``show`` quotes
    the name in an errno's)."""
    try:
        return ctx.sys.statfs(mp, ctx.task)
    except NotImplementedError:
        err(ctx, f"df: {quotef(mp)}: block counts of {typ} are not modelled (memcgsim)")
    except OSError as e:
        err(ctx, f"df: {show(mp)}: {strerror(e)}")
    return None


def df_human(nbytes: int) -> str:
    """gnulib's ``human_readable`` as df -h asks for it: powers of 1024, rounded up,
    one decimal below 10 (``1.5G``, ``24G``, ``0``)."""
    if nbytes < 1024:
        return str(nbytes)
    units = "KMGTPE"
    v = nbytes
    i = -1
    while v >= 1024 and i < len(units) - 1:
        v /= 1024
        i += 1
    if v < 10:
        tenths = math.ceil(v * 10 - 1e-9)
        if tenths < 100:
            return f"{tenths // 10}.{tenths % 10}{units[i]}"
        v = 10
    n = math.ceil(v - 1e-9)
    if n >= 1024 and i < len(units) - 1:
        return f"1.0{units[i + 1]}"
    return f"{n}{units[i]}"


@command("df", usage="[OPTION]... [FILE]...")
def cmd_df(ctx: "CommandContext") -> int:
    """``df [-a] [-h] [-k] [-i] [-T] [-P] [FILE]...`` (coreutils 9.1): each filesystem's
    ``statfs`` (machine.statfs): tmpfs's exact (its default size, half of RAM, and
    the pages its files hold), ext4's from its groups (``ext4_statfs``), pseudo
    filesystems' zeros; devtmpfs's are not modelled: such a line is refused
    (status 1). busybox's is :func:`_bb_df`."""
    if quirk(ctx, "df.busybox"):
        return _bb_df(ctx)
    opts, files = getopt(ctx.argv[1:], "ahikTP", {"all": "a", "human-readable": "h",
                                                  "inodes": "i", "print-type": "T",
                                                  "portability": "P"})
    flags = {o for o, _ in opts}
    mounts = _mounts(ctx)
    rc = 0
    rows = []
    if files:
        chosen, rc = _operand_mounts(ctx, files, mounts, quotef)
    else:
        chosen = [m for m in mounts if "a" in flags or m[2] not in _DUMMY]
    for src, mp, typ in chosen:
        counts = _statfs(ctx, mp, typ, quotef)
        if counts is None:
            rc = 1
            continue
        blocks, bfree, bavail, files_, ffree = counts
        if "i" in flags:
            total, used, avail = files_, files_ - ffree, ffree
        else:
            total, used, avail = blocks, blocks - bfree, bavail
        pct = "-" if used + avail == 0 else f"{math.ceil(used * 100 / (used + avail))}%"
        if "i" in flags:
            nums = [str(total), str(used), str(avail)]
        elif "h" in flags:
            nums = [df_human(total * 4096), df_human(used * 4096), df_human(avail * 4096)]
        else:
            nums = [str(total * 4), str(used * 4), str(avail * 4)]
        rows.append([src] + ([typ] if "T" in flags else []) + nums + [pct, mp])
    if not rows:
        return rc
    if "i" in flags:
        head = ["Inodes", "IUsed", "IFree", "IUse%"]
    elif "h" in flags:
        head = ["Size", "Used", "Avail", "Use%"]
    elif "P" in flags:
        # df.c get_header: POSIX's names for the block size and the use (-h, -i keep theirs)
        head = ["1024-blocks", "Used", "Available", "Capacity"]
    else:
        head = ["1K-blocks", "Used", "Available", "Use%"]
    head = ["Filesystem"] + (["Type"] if "T" in flags else []) + head + ["Mounted on"]
    table = [head] + rows
    ncol = len(head)
    widths = [max(len(r[c]) for r in table) for c in range(ncol)]
    widths[0] = max(widths[0], 14)      # df.c's field widths: the source's 14, the
    first = 2 if "T" in flags else 1    # counts' 5
    for c in range(first, first + 3):
        widths[c] = max(widths[c], 5)
    left = {0, ncol - 1} | ({1} if "T" in flags else set())
    out = Out(ctx.stdout)
    for r in table:
        cells = []
        for c in range(ncol):
            if c == ncol - 1:
                cells.append(r[c])
            elif c in left:
                cells.append(r[c].ljust(widths[c]))
            else:
                cells.append(r[c].rjust(widths[c]))
        out.write((" ".join(cells) + "\n").encode("utf-8", "surrogateescape"))
    out.flush()
    return rc


def _bb_df(ctx: "CommandContext") -> int:
    """busybox 1.35 ``df [-Pkmhai] [FILE]...`` (coreutils/df.c): every mount of
    /proc/mounts with blocks (``-a``: all) but rootfs, or FILE's, as ``%-20s %9s
    %9s %9s %3u%% %s`` (a longer source on a line of its own); sizes in KiB
    (``-m`` MiB, ``-h`` make_human_readable_str's ``471.9M``), Use% rounded to the
    nearest; ``-P`` heads ``1024-blocks ... Capacity``; ``-i`` inodes in their place
    (after the test for blocks). A FILE whose mount is not
    listed (the initramfs's /) is ``can't find mount point``, status 1."""
    from .libbb import make_human_readable_str
    args = ctx.argv[1:]
    flags: set[str] = set()
    files = []
    for a in args:
        if a.startswith("-") and len(a) > 1 and not files:
            for c in a[1:]:
                if c not in "Pkmhai":
                    raise UsageError(f"unsupported option (memcgsim): -{c}", hint=False)
                flags.add(c)
        else:
            files.append(a)
    unit, hdr = 1024, "1K-blocks"
    if "m" in flags:
        unit, hdr = 1024 * 1024, "1M-blocks"
    if "h" in flags:
        unit, hdr = 0, "     Size"
    if "P" in flags and "h" not in flags:
        hdr = f"{unit // 1024 * 1024}-blocks" if unit == 1024 else hdr
    if "i" in flags:
        hdr = "   Inodes"
    out = Out(ctx.stdout)
    out.write((f"Filesystem           {hdr:<15}Used Available "
               f"{'Capacity' if 'P' in flags else 'Use%'} Mounted on\n").encode())
    mounts = _mounts(ctx)
    rc = 0
    if files:
        chosen, rc = _operand_mounts(ctx, files, mounts, str, "rootfs")
    else:
        chosen = [m for m in mounts if m[2] != "rootfs"]
    for src, mp, typ in chosen:
        counts = _statfs(ctx, mp, typ, str)
        if counts is None:
            rc = 1
            continue
        blocks, bfree, bavail, files_, ffree = counts
        if not blocks and "a" not in flags and not files:
            continue
        frsize, scale = 4096, unit
        if "i" in flags:        # inodes as blocks of one byte, shown unscaled
            blocks, bfree, bavail, frsize, scale = files_, ffree, ffree, 1, 1 if unit else 0
        used = blocks - bfree
        pct = (used * 100 + (used + bavail) // 2) // (used + bavail) if used + bavail else 0
        head = f"{src}\n{'':20} " if len(src) > 20 and "P" not in flags else f"{src:<20} "
        nums = [make_human_readable_str(v, frsize, scale) for v in (blocks, used, bavail)]
        out.write((head + f"{nums[0]:>9} {nums[1]:>9} {nums[2]:>9} {pct:3d}% {mp}\n")
                  .encode("utf-8", "surrogateescape"))
    out.flush()
    return rc


# --- du -------------------------------------------------------------------------------

@command("du", usage="[OPTION]... [FILE]...")
def cmd_du(ctx: "CommandContext") -> int:
    """``du [-s] [-a] [-c] [-h] [-k] [-m] [-b] [-l] [-d N] [FILE]...`` (coreutils 9.1,
    busybox 1.35 du.c): the space files hold, each hard-linked inode once: their
    blocks in KiB (``-m`` MiB), or with ``-b`` (``--apparent-size``) their sizes in
    bytes (``--apparent-size`` alone: in KiB), rounded up; ``-d N`` shows the
    directories N deep at most. A tmpfs file's blocks are its pages (exact); ext4's
    allocation is not kept by the model: such a file's blocks are refused (status 1),
    its size is not."""
    opts, files = getopt(ctx.argv[1:], "abcshklmd:", {"all": "a", "total": "c", "summarize": "s",
                                                     "human-readable": "h", "bytes": "b",
                                                     "apparent-size": "A", "max-depth=": "d",
                                                     "count-links": "l"})
    flags = {o for o, _ in opts}
    bb = userland(ctx) == "busybox"
    depth_max = None
    for o, v in opts:
        if o == "d":
            if not v.isdigit():
                if bb:              # xatoi_positive
                    err(ctx, f"du: invalid number '{v}'")
                    return 1
                raise UsageError(f"invalid maximum depth {_quote(v)}")
            depth_max = int(v)
        elif o == "s" and bb:
            depth_max = 0           # du.c's "s-d:d-s": the last of -s and -d wins
    if "s" in flags and "a" in flags and not bb:
        raise UsageError("cannot both summarize and show all entries")
    if "s" in flags and not bb:
        if depth_max not in (None, 0):
            raise UsageError(f"warning: summarizing conflicts with --max-depth={depth_max}")
        depth_max = 0
    apparent = bool(flags & {"b", "A"})
    # the unit of the sizes shown: -b bytes, -m MiB, else KiB (the last of -b -k -m wins)
    unit = 1024
    for o, _ in opts:
        unit = {"b": 1, "k": 1024, "m": 1 << 20}.get(o, unit)
    out = Out(ctx.stdout)
    # an inode counted once (but with -l): coreutils' a file of several links, or
    # with two operands or more every inode (du.c ``hash_all``); busybox's any of
    # several links, directories too
    seen: set[int] = set()
    every = len(files) > 1 and not bb and "l" not in flags
    state = {"rc": 0}

    def show(size: int, name: str) -> None:
        text = df_human(size) if "h" in flags else str(-(-size // unit))
        out.write(f"{text}\t{name}\n".encode("utf-8", "surrogateescape"))

    def fail(msg: str) -> int:
        out.flush()
        err(ctx, msg)
        state["rc"] = 1
        return 0

    def walk(name: str, depth: int) -> int:
        try:
            stt = ctx.sys.stat(ctx.path(name), ctx.task)
        except OSError as e:
            return fail(message(ctx, "du", "access", name, e, q=_quote(name)))
        if not apparent and stt.st_blocks is None:
            return fail(f"du: {quotef(name)}: the blocks of ext4 files are not modelled (memcgsim)")
        is_dir = bool(stt.st_mode & 0o040000)
        if every or (bb or not is_dir) and stt.st_nlink > 1 and "l" not in flags:
            if stt.st_ino in seen:
                return 0        # a hard link to a file already counted
            seen.add(stt.st_ino)
        total = stt.st_size if apparent else stt.st_blocks * 512
        shown = depth_max is None or depth <= depth_max
        if is_dir:
            try:
                names = ctx.sys.listdir(ctx.path(name), ctx.task)
            except OSError as e:
                fail(f"du: cannot read directory {_quote(name)}: {strerror(e)}")
                names = []
            for n in names:
                total += walk(name.rstrip("/") + "/" + n if name != "/" else "/" + n, depth + 1)
            if shown:
                show(total, name)
        elif depth == 0 or ("a" in flags and shown):
            show(total, name)
        return total

    grand = 0
    for name in files or ["."]:
        grand += walk(name, 0)
    if "c" in flags:
        show(grand, "total")
    out.flush()
    return state["rc"]


def _quote(name: str) -> str:
    """gnulib's ``quote``: the name in single quotes (C locale)."""
    return "'" + name.replace("'", "'\\''") + "'" if "'" in name else f"'{name}'"
