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
from ..malloc import chunk_size
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

#: Where ``scan_one_dir``'s chunks start: the arena's top after the start-up's
#: chunks, bytes into the heap's first page. Fitted to the heap pages ``ls`` and
#: ``ls -1`` write for tmpfs directories of 0, 10, 50, 100, 200, 400, 800 and 1600
#: files (3, 4, 6, 8, 11, 19, 36, 66: calibration/busybox-fork-windows.sh part 2,
#: recordings busybox-fork-windows--K-v2.txt, both guests alike): the offsets
#: 3664-3760 fit all eight with :func:`scan_heap_pages`' layout (those of 3664-3888
#: that fitted the first five, session 44's, gave 8 and 66 for 100 and 1600 files,
#: and 19 for 400 up to 3760); the middle taken.
LS_HEAP_TOP = 3712
#: glibc 2.36's ``struct __dirstream`` before its buffer (dirent/dirstream.h: fd,
#: lock, allocation, size, offset, filepos, errcode, 8-aligned) and its buffer's
#: size (dirent/opendir.c ``__alloc_dir``: ``MAX(st_blksize, 32768)``, at most
#: ``MAX_DIR_BUFFER_SIZE`` 1 MiB; tmpfs, ext4 and procfs report less than 32 KiB)
DIRSTREAM_SIZE = 48
DIR_BUFFER = 32768
#: busybox 1.35 ls.c ``struct dnode`` (``xzalloc(sizeof(*cur))`` in ``my_stat``):
#: 96 bytes, a 112-byte chunk (docs/fidelity.md item 457)
DNODE_SIZE = 96
#: glibc's ``vasprintf`` (libio/vasprintf.c, 2.36: ``malloc(100)``, then a
#: ``malloc`` of the string's size and the first freed): busybox's ``xasprintf``
#: in ``concat_path_file`` leaves the name's chunk and a free 112-byte chunk that
#: the entry's ``dnode`` then takes from the tcache
VASPRINTF_INIT = 100
#: glibc's ``qsort`` (stdlib/msort.c ``__qsort_r``, 2.36): its merge buffer on the
#: stack under 1024 bytes, else ``malloc``'d (and freed)
QSORT_ALLOCA_MAX = 1024


def _dirent_size(name: str) -> int:
    """fs/readdir.c ``filldir64``'s record: ``ALIGN(offsetof(struct
    linux_dirent64, d_name) + namlen + 1, sizeof(u64))``."""
    return (19 + len(name.encode("utf-8", "surrogateescape")) + 1 + 7) & ~7


def scan_heap_pages(path: str, read: list[str], kept: list[str]) -> int:
    """The heap pages busybox ls writes listing directory ``path`` (busybox 1.35
    coreutils/ls.c ``scan_one_dir``, ``sort_and_display_files``) as glibc 2.36's
    malloc places its chunks, from a top at :data:`LS_HEAP_TOP`: ``opendir``'s
    ``DIR`` (its 32 KiB buffer, which ``getdents64`` fills with the records of
    ``read``, every entry the directory holds with ``.`` and ``..``, as far as the
    buffer holds them); per entry of ``kept`` its full name (``concat_path_file``)
    and ``dnode`` past it, and the top's header after them; ``closedir`` frees the
    ``DIR`` (the chunks past it keep it from the top: a free chunk), whose start
    then takes ``dnalloc``'s array of ``n + 1`` pointers (``xzalloc``: cleared),
    ``qsort``'s merge buffer (:data:`QSORT_ALLOCA_MAX`) and stdout's buffer
    (``st_blksize``: 4096), each past the array."""
    written: set[int] = set()

    def write(first: int, end: int) -> None:
        written.update(range(first // PAGE_SIZE, (end - 1) // PAGE_SIZE + 1))

    top = LS_HEAP_TOP
    write(0, top)                           # the start-up's chunks
    records = sum(_dirent_size(n) for n in (".", "..", *read))
    buf = top + 16 + DIRSTREAM_SIZE
    write(top, buf + min(records, DIR_BUFFER))
    after = top + chunk_size(DIRSTREAM_SIZE + DIR_BUFFER)
    slash = "" if path.endswith("/") else "/"
    names = sum(chunk_size(len((path + slash + n).encode("utf-8", "surrogateescape")) + 1)
                + max(chunk_size(DNODE_SIZE), chunk_size(VASPRINTF_INIT)) for n in kept)
    write(after, after + names + 16)        # and the top chunk's header
    n = len(kept)
    start = top + (chunk_size(8 * (n + 1)) if n else 0)
    end = start + chunk_size(4096)
    if 8 * n >= QSORT_ALLOCA_MAX:
        end = max(end, start + chunk_size(8 * n))
    write(top, end + 16)                    # and the free remainder's header
    return len(written)


#: an empty directory's (3: the image's heap, kernel/fork.py ``BUSYBOX_ANON_PAGES``)
LS_EMPTY_HEAP_PAGES = scan_heap_pages("", [], [])


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
        #: the heap pages written so far (the image's: an empty directory's)
        self.heap_pages = LS_EMPTY_HEAP_PAGES

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

    def scanned(self, path: str, read: list[str], kept: list) -> None:
        """A directory listed: the heap pages its scan writes past those written
        before (:func:`scan_heap_pages`; directories of a recursive or several
        operands' listing each from the same top: their chunks freed in between are
        not followed), faulted and charged to the task, kept to its exit."""
        n = scan_heap_pages(path, read, [e[0] for e in kept])
        if n > self.heap_pages:
            alloc = getattr(self.ctx.sys, "alloc_anon", None)
            if alloc is not None:
                alloc(self.ctx.task, (n - self.heap_pages) * PAGE_SIZE)
            self.heap_pages = n

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
            read = list(listed)
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
        ls.scanned(d, read, entries)
        ls.sort(entries)
        if {"l", "s"} & flags:
            out.write(ls.total(entries).encode())
        out.write(ls.files(entries).encode("utf-8", "surrogateescape"))
        if "R" in flags:
            todo += [(p,) for e, p, st in reversed(entries)
                     if S.S_ISDIR(st.st_mode) and e not in (".", "..")]
    out.flush()
    return rc
