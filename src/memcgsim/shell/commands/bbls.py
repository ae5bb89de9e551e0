"""busybox 1.35's ``ls`` (``coreutils/ls.c``), the guests' (``--userland busybox``):
``display_single``'s columns (``-i`` 7 wide, ``-s`` 6, mode, links ``%4lu``,
owner and group ``%-8.8s``, size ``%9llu`` or ``%7s`` with ``-h``, ``MAJ, MIN``
of a device, ls.c's date), ``total N`` before a directory's entries with ``-l``
or ``-s``, ``-C``/``-x`` columns 80 wide (``display_files``), and ls.c's sorts
(``-S``, ``-r``; ties by name). The model keeps no file times and no owners: every
file is root's and as old as the moment ``ls`` runs."""
from __future__ import annotations

import errno
import posixpath
import stat as S
from typing import TYPE_CHECKING

from .libbb import ls_time, make_human_readable_str
from .sysutils import wall_time
from .userland import map_applet_code, report
from ..context import dot_entries
from ._util import Out, dir_open, err, getopt, strerror
from ...kernel.vmstat import PAGE_SIZE

if TYPE_CHECKING:
    from ..context import CommandContext

#: the getopt string of busybox 1.35 ls (busybox_usage.OPTIONS["ls"])
OPTSTRING = "acdghiklnprstuvw:xACFHLQRST:X1"
#: ls.c's TERMINAL_WIDTH when stdout is not a terminal (-C, -x)
TERMINAL_WIDTH = 80
#: What ``ls -l`` writes past ``ls`` (calibration/busybox-applet-windows.sh, every
#: fault's address, both guests; docs/fidelity.md item 428): the long format's times
#: (``display_single`` → glibc's ``localtime_r`` → ``tzset``, whose state lies in a
#: .bss page ``ls`` leaves alone and ``date`` and ``stat`` write too) a page, with
#: ``-n`` as well; the owners' names (``get_cached_username``, ``get_cached_groupname``
#: → ``getpwuid``, ``getgrgid``: /etc/passwd and /etc/group read through stdio, a
#: ``FILE`` and its ``st_blksize`` buffer from the heap, the second file's in the
#: first's freed chunks) 2 heap pages and their code's window (kernel/fork.py
#: ``BUSYBOX_OPTION_WINDOWS``): ``ls -l`` of one file 5 heap pages and 4 of .bss,
#: ``ls -ln`` 3 and 4, ``ls`` of / 4 and 3
LONG_FORMAT_PAGES = 1
OWNER_NAMES_PAGES = 2


def _indicator(mode: int, classify: bool) -> str:
    """``append_char``: ``/`` for a directory with -p or -F; -F's others."""
    if S.S_ISDIR(mode):
        return "/"
    if not classify:
        return ""
    if S.S_ISLNK(mode):
        return "@"
    if S.S_ISFIFO(mode):
        return "|"
    if S.S_ISSOCK(mode):
        return "="
    if S.S_ISREG(mode) and mode & 0o111:
        return "*"
    return ""


class _Ls:
    """One ``ls`` run: its flags and the lines of ``display_single``."""

    def __init__(self, ctx: "CommandContext", flags: set[str]):
        self.ctx = ctx
        self.f = flags
        self.long_done = False
        self.now = wall_time(ctx)
        self.indicate = "F" in flags or "p" in flags

    def stat(self, path: str, follow: bool):
        from .fileutils import _stat
        return _stat(self.ctx, path, follow)

    def readlink(self, path: str) -> str | None:
        """libbb ``xmalloc_readlink_or_warn``: the link's target, or None and
        ``PATH: cannot read link: ERROR`` (``not a symlink`` for EINVAL)."""
        try:
            return self.ctx.sys.readlink(self.ctx.path(path), self.ctx.task)
        except OSError as e:
            err(self.ctx, f"ls: {path}: cannot read link: "
                          f"{'not a symlink' if e.errno == errno.EINVAL else strerror(e)}")
            return None

    def single(self, name: str, path: str, st) -> str:
        """``display_single``: the entry's text, without its newline."""
        from .fileutils import _blocks
        f = self.f
        out = []
        if "i" in f:
            out.append(f"{st.st_ino:7d} ")
        if "s" in f:
            out.append(f"{_blocks(st) >> 1:6d} ")
        if "l" in f:
            out.append(f"{S.filemode(st.st_mode):<10} {getattr(st, 'st_nlink', 1):4d} ")
            owner = "0        " if "n" in f else "root     "
            out.append(owner + owner if "g" not in f else owner)
            if S.S_ISCHR(st.st_mode) or S.S_ISBLK(st.st_mode):
                rdev = getattr(st, "st_rdev", 0)
                out.append(f"{rdev >> 8:4d}, {rdev & 0xFF:3d} ")
            elif "h" in f:
                out.append(f"{make_human_readable_str(st.st_size, 1, 0):>7} ")
            else:
                out.append(f"{st.st_size:9d} ")
            out.append(ls_time(self.now, self.now) + " ")
        out.append(name)
        if "l" in f and S.S_ISLNK(st.st_mode) and (target := self.readlink(path)) is not None:
            out.append(f" -> {target}")
            if self.indicate:
                try:
                    out.append(_indicator(self.stat(path, True).st_mode, "F" in f))
                except OSError:
                    pass
        elif self.indicate:
            out.append(_indicator(st.st_mode, "F" in f))
        return "".join(out)

    def long_format_pages(self) -> None:
        """The pages the first long line's code writes (:data:`LONG_FORMAT_PAGES`,
        :data:`OWNER_NAMES_PAGES` without ``-n``), held to the exit, and the names'
        code's window of the binary."""
        ctx = self.ctx
        alloc = getattr(ctx.sys, "alloc_anon", None)
        if alloc is None:
            return
        names = "n" not in self.f
        alloc(ctx.task, (LONG_FORMAT_PAGES + (OWNER_NAMES_PAGES if names else 0)) * PAGE_SIZE)
        if names:
            map_applet_code(ctx.sys, ctx.task, "ls", "names")

    def sort(self, entries: list[tuple[str, str, object]]) -> list:
        """ls.c ``sortcmp``: by size with -S, else by name (times are all equal in
        the model); -r reverses."""
        if "S" in self.f:
            entries.sort(key=lambda e: (-e[2].st_size, e[0]))
        else:
            entries.sort(key=lambda e: e[0])
        if "r" in self.f:
            entries.reverse()
        return entries

    def files(self, entries: list[tuple[str, str, object]]) -> str:
        """``display_files``: one per line, or with -C/-x in 80-column rows."""
        cells = [self.single(n, p, st) for n, p, st in entries]
        if not cells:
            return ""
        if "l" in self.f and not self.long_done:
            self.long_done = True
            self.long_format_pages()
        if "l" in self.f or "1" in self.f or not ({"C", "x"} & self.f):
            return "".join(c + "\n" for c in cells)
        width = max(len(n) for n, _, _ in entries) + 2 + 8 * ("i" in self.f) \
            + 5 * ("s" in self.f)
        ncols = TERMINAL_WIDTH // width
        n = len(cells)
        if ncols > 1:
            nrows = -(-n // ncols)
        else:
            nrows, ncols = n, 1
        lines = []
        for row in range(nrows):
            line = ""
            for nc in range(ncols):
                i = row * ncols + nc if "x" in self.f else nc * nrows + row
                if i < n:
                    if line:
                        line += " " * (nc * width - len(line))
                    line += cells[i]
            lines.append(line + "\n")
        return "".join(lines)

    def total(self, entries: list[tuple[str, str, object]]) -> str:
        """``total N`` (``calculate_blocks``: KiB, rounded up); -h: libbb's ``2M``
        left-aligned in 7 columns."""
        from .fileutils import _blocks
        kib = (1 + sum(_blocks(st) for _, _, st in entries)) >> 1
        if "h" in self.f:
            return f"total {make_human_readable_str(kib * 1024, 0, 0):<7}\n"
        return f"total {kib}\n"


def busybox_ls(ctx: "CommandContext") -> int:
    """busybox ls: the operands (non-directories first, then each directory's
    entries under a ``NAME:`` header when there are several operands or -R)."""
    opts, names = getopt(ctx.argv[1:], OPTSTRING, {"color?": "#"})
    flags = {o for o, _ in opts}
    if flags & {"n", "g"}:
        # ls.c's opt_flags: -n (numeric ids) and -g (no owner) are long listings
        flags.add("l")
    # ls.c: to a terminal -C is the default unless -1, -l, -x or -C were given
    # (``if (isatty(STDOUT_FILENO)) option_mask32 |= OPT_C``, busybox 1.35), else -1
    if not flags & {"1", "l", "x", "C", "n", "g"}:
        from ..streams import isatty
        if isatty(ctx.sys, ctx.stdout):
            flags.add("C")
    ls = _Ls(ctx, flags)
    follow_all = "L" in flags
    out = Out(ctx.stdout)
    rc = 0
    files: list[tuple[str, str, object]] = []
    dirs: list[tuple[str, str, object]] = []
    for n in names or ["."]:
        try:
            st = ls.stat(n, follow_all or "H" in flags
                         or not ({"l", "d", "F"} & flags))
        except OSError as e:
            try:        # a dangling link is listed as itself
                st = ls.stat(n, False)
            except OSError:
                rc = report(ctx, "ls", "access", n, e)
                continue
        (dirs if S.S_ISDIR(st.st_mode) and "d" not in flags else files).append((n, n, st))
    text = ls.files(ls.sort(files))
    if text:
        out.write(text.encode("utf-8", "surrogateescape"))
    headed = len(names) > 1 or "R" in flags
    first = not files
    todo = list(reversed(ls.sort(dirs)))
    while todo:
        d = todo.pop()[0]
        if headed:
            out.write(("" if first else "\n").encode() + f"{d}:\n".encode("utf-8", "surrogateescape"))
        first = False
        with dir_open(ctx, ctx.path(d)):        # scan_one_dir: the entries stat'd meanwhile
            try:
                listed = ctx.sys.listdir(ctx.path(d), ctx.task)
            except OSError as e:
                err(ctx, f"ls: can't open '{d}': {strerror(e)}")
                rc = 1
                continue
            if "a" in flags:
                listed = dot_entries(ctx.path(d)) + list(listed)
            elif "A" not in flags:
                listed = [e for e in listed if not e.startswith(".")]
            entries = []
            for e in listed:
                p = posixpath.join(d, e)
                try:
                    entries.append((e, p, ls.stat(p, follow_all)))
                except OSError:
                    continue
        ls.sort(entries)
        if {"l", "s"} & flags:
            out.write(ls.total(entries).encode())
        out.write(ls.files(entries).encode("utf-8", "surrogateescape"))
        if "R" in flags:
            todo += [(p,) for e, p, st in reversed(entries)
                     if S.S_ISDIR(st.st_mode) and e not in (".", "..")]
    out.flush()
    return rc
