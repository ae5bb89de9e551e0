"""Swap tools (util-linux 2.38, or busybox 1.35's applets under the busybox
userland): ``swapon``, ``swapoff``, ``mkswap``. ``mkswap`` writes a swap header
into a file's first page (through the page cache, charged as any write);
``swapon``/``swapoff`` call the machine's (kernel/swapfile.py): a tmpfs file is
refused as the kernel refuses it (EINVAL: shmem has no ``swap_activate``)."""
from __future__ import annotations

import errno
import stat as S
import uuid
from typing import TYPE_CHECKING

from ._util import command, err, getopt, UsageError, open_input, raw_write, strerror
from .userland import quirk

if TYPE_CHECKING:
    from ..context import CommandContext

PAGE = 4096
#: mkswap.c: a swap area needs at least this many pages (MIN_GOODPAGES + 1)
MIN_PAGES = 10


def human_size(n: int) -> str:
    """util-linux ``size_to_human_string`` with SIZE_SUFFIX_SPACE|SIZE_SUFFIX_3LETTER:
    ``1020 KiB``, ``99.9 MiB`` (one decimal, rounded)."""
    letters = "BKMGTPE"
    exp = 0
    while exp < 6 and n >= 1 << (10 * (exp + 1)):
        exp += 1
    if exp == 0:
        return f"{n} B"
    dec, frac = n >> (10 * exp), n & ((1 << (10 * exp)) - 1)
    if frac:
        frac = (frac // (1 << (10 * exp - 10)) + 50) // 100
        if frac == 10:
            dec, frac = dec + 1, 0
    return f"{dec}.{frac} {letters[exp]}iB" if frac else f"{dec} {letters[exp]}iB"


def _fs_name(ctx: "CommandContext", path: str) -> str:
    fs = ctx.sys.vfs.resolve(ctx.path(path))[0] if hasattr(ctx.sys, "vfs") else None
    return getattr(fs, "name", "")


def _busybox(ctx: "CommandContext") -> bool:
    return quirk(ctx, "swap.busybox")


def _swap_call(ctx: "CommandContext", prog: str, path: str) -> int:
    """``swapon(2)``/``swapoff(2)`` of ``path`` through the machine; 0, or the status
    the userland's tool gives a failure after its message (busybox: ``bb_perror_msg``,
    1; util-linux: "swapon failed", 255 / 4)."""
    call = getattr(ctx.sys, prog, None)
    try:
        if call is None:
            raise OSError(errno.ENOSYS, "Function not implemented")
        call(ctx.path(path), ctx.task)
    except OSError as e:
        if _busybox(ctx):
            err(ctx, f"{prog}: {path}: {strerror(e)}")
            return 1
        err(ctx, f"{prog}: {path}: {prog} failed: {strerror(e)}")
        return 255 if prog == "swapon" else 4
    return 0


@command("swapon", usage="[options] [<spec>]", std_opts=False)
def cmd_swapon(ctx: "CommandContext") -> int:
    """``swapon FILE...``: each file made a swap area (kernel/swapfile.py); ``-s``,
    ``--show`` and ``-a`` list nothing or find no fstab entry."""
    try:
        opts, args = getopt(ctx.argv[1:], "asevfd:p:o:L:U:", {
            "all": "a", "summary": "s", "show?": "S", "verbose": "v", "fixpgsz": "f",
            "discard?": "d", "priority=": "p", "options=": "o", "noheadings": "n",
            "raw": "r", "bytes": "b", "ifexists": "e"})
    except UsageError as e:
        ctx.stderr.write(f"swapon: {e.msg}\nTry 'swapon --help' for more information.\n")
        return 1
    flags = {o for o, _ in opts}
    if flags & {"s", "S", "a"} or not args:
        return 0
    rc = 0
    for p in args:
        if not _busybox(ctx):
            try:            # util-linux opens the device first (swapon_checks)
                open_input(ctx, p).close()
            except OSError as e:
                err(ctx, f"swapon: cannot open {p}: {strerror(e)}")
                rc = 255
                continue
        rc = _swap_call(ctx, "swapon", p) or rc
    return rc


@command("swapoff", usage="[options] [<spec>]", std_opts=False)
def cmd_swapoff(ctx: "CommandContext") -> int:
    """``swapoff FILE...``: each area's pages read back in (kernel/swapfile.py);
    ``-a`` is not modelled past doing nothing."""
    try:
        opts, args = getopt(ctx.argv[1:], "av", {"all": "a", "verbose": "v"})
    except UsageError as e:
        ctx.stderr.write(f"swapoff: {e.msg}\nTry 'swapoff --help' for more information.\n")
        return 1
    rc = 0
    for p in args:
        rc = _swap_call(ctx, "swapoff", p) or rc
    return rc


def _has_holes(ctx: "CommandContext", path: str, size: int) -> bool:
    """Whether the file has ranges never written (a ``truncate``'s): the model's
    inode keeps what was written (``Inode.data``), as ext4's extents and tmpfs's
    pages would show them to mkswap's FIEMAP check."""
    try:
        f = ctx.sys.open(ctx.path(path), "r", ctx.task)
    except OSError:
        return False
    inode = getattr(f, "inode", None)
    f.close()
    return inode is not None and len(inode.data) < size


@command("mkswap", usage="[options] device [size]", std_opts=False)
def cmd_mkswap(ctx: "CommandContext") -> int:
    """``mkswap FILE``: the header (version 1, the ``SWAPSPACE2`` magic at the end
    of the first page) written over the file's first page; the size reported is
    the pages after it. Warnings as util-linux's: permissions other than 0600, a
    tmpfs file with holes."""
    try:
        _, args = getopt(ctx.argv[1:], "cfL:p:U:v", {
            "check": "c", "force": "f", "label=": "L", "pagesize=": "p", "uuid=": "U",
            "verbose": "v"})
    except UsageError as e:
        ctx.stderr.write(f"mkswap: {e.msg}\nTry 'mkswap --help' for more information.\n")
        return 1
    if not args:
        ctx.stderr.write("mkswap: error: Nowhere to set up swap on?\n"
                         "Try 'mkswap --help' for more information.\n")
        return 1
    path = args[0]
    try:
        st = ctx.sys.stat(ctx.path(path), ctx.task)
    except OSError as e:
        err(ctx, f"mkswap: cannot open {path}: {strerror(e)}")
        return 1
    if S.S_ISDIR(st.st_mode):
        err(ctx, f"mkswap: cannot open {path}: Is a directory")
        return 1
    pages = st.st_size // PAGE
    if pages < MIN_PAGES:
        err(ctx, "mkswap: error: swap area needs to be at least 40 KiB")
        return 1
    mode = st.st_mode & 0o777
    if mode & 0o077:
        err(ctx, f"mkswap: {path}: insecure permissions {mode:04o}, fix with: chmod 0600 {path}")
    if _has_holes(ctx, path, st.st_size):
        ctx.stderr.write(f"\nmkswap: {path} contains holes or other unsupported extents.\n"
                         "        This swap file can be rejected by kernel on swap activation!\n"
                         "        Use --verbose for more details.\n\n")
    rnd = open_input(ctx, "/dev/urandom")
    uid = uuid.UUID(bytes=rnd.read(16), version=4)
    rnd.close()
    header = bytearray(PAGE)
    header[1024:1028] = (1).to_bytes(4, "little")                   # version
    header[1028:1032] = (pages - 1).to_bytes(4, "little")           # last_page
    header[1036:1052] = uid.bytes
    header[PAGE - 10:] = b"SWAPSPACE2"
    try:
        f = ctx.sys.open(ctx.path(path), "r+", ctx.task)
        f.write(bytes(header))
        f.close()
    except OSError as e:
        err(ctx, f"mkswap: {path}: write failed: {strerror(e)}")
        return 1
    size = (pages - 1) * PAGE
    if _busybox(ctx):
        # util-linux/mkswap.c (busybox 1.35): the size in bytes, then the UUID
        raw_write(ctx.stdout, f"Setting up swapspace version 1, size = {size} bytes\n"
                              f"UUID={uid}\n".encode())
        return 0
    raw_write(ctx.stdout, f"Setting up swapspace version 1, size = {human_size(size)} "
                          f"({size} bytes)\nno label, UUID={uid}\n".encode())
    return 0
