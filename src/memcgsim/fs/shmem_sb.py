"""tmpfs's superblock limits: ``struct shmem_sb_info``'s ``max_blocks`` and
``max_inodes`` (mm/shmem.c, the same in v5.10 and v6.1).

A mount's options (``shmem_parse_one``): ``size=`` bytes with a K/M/G/T/P/E
suffix (``memparse``) or a percentage of RAM, rounded up to pages; ``nr_blocks=``
pages; ``nr_inodes=`` (``memparse``); ``mode=`` octal; any other value after
them, or an unknown option: -EINVAL. Unset, the defaults are half of RAM in pages
for both (``shmem_default_max_blocks``, ``shmem_default_max_inodes`` without
highmem); 0 means no limit.

- A page a write or fallocate adds is refused past ``max_blocks``
  (``shmem_inode_acct_block``: ``used_blocks`` counts every page of the mount's
  files): -ENOSPC, after the pages before it (``generic_perform_write`` returns
  what it wrote).
- A new name (file, directory, symbolic link, FIFO, hard link) takes one of
  ``max_inodes`` (``shmem_reserve_inode``, from ``shmem_get_inode`` and
  ``shmem_link``), the root's included: -ENOSPC when none is free.
- ``statfs``: ``f_blocks``/``f_bfree`` from ``max_blocks`` and ``f_files``/
  ``f_ffree`` from ``max_inodes``, 0 when unlimited (``shmem_statfs``).
- A remount (``shmem_reconfigure``) sets the given limits; below what is in use
  ("Too small a size for current use"), or a limit on an unlimited mount: -EINVAL.
- /proc/mounts (``shmem_show_options``): ``size=NNNk`` and ``nr_inodes=`` when not
  the defaults, ``mode=`` when not 1777, then ``inode64`` where the kernel shows it
  (the design's ``tmpfs_inode64``).

Not modelled: an unlinked file still open keeps its pages and inode in the
counts in the kernel, not in the model's."""
from __future__ import annotations

import errno

from ..kernel.vmstat import PAGE_SIZE
from .cftypes.parse import memparse
from .procmem import totalram_pages
from .vfs import oserror

#: the mode of a tmpfs's root unless ``mode=`` is given (``0777 | S_ISVTX``)
DEFAULT_MODE = 0o1777
#: kB by which ``totalram_pages()`` grows after the oracle guest's rootfs and
#: devtmpfs are mounted (``free_initmem``, ``free_initrd_mem``): its MemTotal less
#: twice their ``size=``, the same at 1 and 2 GiB (calibration/guest-layout.sh,
#: calibration/recordings/guest-layout--*)
LATE_FREED_KB = {"5.10": 13912, "6.1": 14968}
#: the oracle guest's devtmpfs inodes at boot, by release: its root, directories
#: and device nodes (``df -i /dev`` there, calibration/guest-layout.sh; the model's
#: /dev holds a few of them)
DEVTMPFS_BOOT_INODES = {"5.10": 95, "6.1": 97}


class ShmemSbInfo:
    """A tmpfs mount's limits in pages and inodes (0: none) and its root's mode."""
    __slots__ = ("max_blocks", "max_inodes", "mode")

    def __init__(self, max_blocks: int, max_inodes: int, mode: int = DEFAULT_MODE) -> None:
        self.max_blocks = max_blocks
        self.max_inodes = max_inodes
        self.mode = mode


def default_limit(k) -> int:
    """``shmem_default_max_blocks`` = ``shmem_default_max_inodes``: half of RAM in pages."""
    return totalram_pages(k) // 2


def parse_options(k, options: str) -> dict:
    """``shmem_parse_one`` of each comma-separated option: the values given, by
    name (``blocks``, ``inodes``, ``mode``); -EINVAL for a bad value or an unknown
    option. The generic mount flags (rw, ro, relatime...) pass."""
    ctx: dict = {}
    for opt in options.split(","):
        key, eq, val = opt.partition("=")
        if not key or not eq and key in GENERIC_FLAGS:
            continue
        if key == "size":
            size, rest = memparse(val)
            if rest[:1] == "%":
                size = size * PAGE_SIZE * totalram_pages(k) // 100
                rest = rest[1:]
            if rest or not val:
                raise oserror(errno.EINVAL)
            ctx["blocks"] = -(-size // PAGE_SIZE)
        elif key in ("nr_blocks", "nr_inodes"):
            n, rest = memparse(val)
            if rest or not val:
                raise oserror(errno.EINVAL)
            ctx["blocks" if key == "nr_blocks" else "inodes"] = n
        elif key == "mode":
            try:
                ctx["mode"] = int(val, 8) & 0o7777
            except ValueError:
                raise oserror(errno.EINVAL) from None
        elif key not in SHMEM_OTHER_PARAMS:
            raise oserror(errno.EINVAL)
    return ctx


#: mount flags ``mount(8)`` turns into MS_* bits, not options of the filesystem
GENERIC_FLAGS = frozenset(("rw", "ro", "relatime", "norelatime", "noatime", "atime",
                           "nosuid", "suid", "nodev", "dev", "noexec", "exec", "sync",
                           "async", "remount", "defaults", "strictatime", "lazytime"))
#: tmpfs's other parameters (``shmem_fs_parameters``), taken and not modelled
SHMEM_OTHER_PARAMS = frozenset(("uid", "gid", "huge", "mpol", "inode32", "inode64"))


def new_sbinfo(k, ctx: dict) -> ShmemSbInfo:
    """``shmem_fill_super``: the given limits, else the defaults."""
    d = default_limit(k)
    return ShmemSbInfo(ctx.get("blocks", d), ctx.get("inodes", d), ctx.get("mode", DEFAULT_MODE))


def boot_sbinfo(k, mode: int) -> ShmemSbInfo:
    """The limits of a tmpfs mounted early in boot, the initramfs' rootfs
    (``init_rootfs``, ``rootfs_init_fs_context``) and devtmpfs (``devtmpfs_init``,
    "mode=0755"): the defaults of then, half of the RAM not yet freed, which
    /proc/mounts shows once MemTotal has grown past them."""
    half = (totalram_pages(k) - LATE_FREED_KB[k.hostmem.release] * 1024 // PAGE_SIZE) // 2
    return ShmemSbInfo(half, half, mode)


def reconfigure(sb: ShmemSbInfo, ctx: dict, used_blocks: int, used_inodes: int) -> None:
    """``shmem_reconfigure``: -EINVAL for a limit on an unlimited mount or below
    what is in use; else the given limits replace the old."""
    blocks, inodes = ctx.get("blocks"), ctx.get("inodes")
    if blocks and (not sb.max_blocks or used_blocks > blocks):
        raise oserror(errno.EINVAL)
    if inodes and (not sb.max_inodes or inodes < used_inodes):
        raise oserror(errno.EINVAL)
    if blocks is not None:
        sb.max_blocks = blocks
    if inodes is not None:
        sb.max_inodes = inodes
    if "mode" in ctx:
        sb.mode = ctx["mode"]


def show_options(k, sb: ShmemSbInfo) -> str:
    """``shmem_show_options``: what differs from the defaults, then inode64 if the
    design shows it."""
    d = default_limit(k)
    out = ""
    if sb.max_blocks != d:
        out += f",size={sb.max_blocks * (PAGE_SIZE // 1024)}k"
    if sb.max_inodes != d:
        out += f",nr_inodes={sb.max_inodes}"
    if sb.mode != DEFAULT_MODE:
        out += f",mode={sb.mode:03o}"
    return out + ",inode64" if k.design.tmpfs_inode64 else out


def writable_bytes(sb: ShmemSbInfo, used_blocks: int, pages, pos: int, n: int) -> int:
    """How many of ``n`` bytes written at ``pos`` get their pages
    (``shmem_inode_acct_block`` page by page): the bytes before the first new page
    past ``max_blocks``; ``pages`` is the file's page cache (pages it has cost
    nothing)."""
    if not sb.max_blocks or n <= 0:
        return n
    new = pages.missing(pos // PAGE_SIZE, (pos + n - 1) // PAGE_SIZE)
    room = max(0, sb.max_blocks - used_blocks)
    if len(new) <= room:
        return n
    return max(0, new[room] * PAGE_SIZE - pos)
