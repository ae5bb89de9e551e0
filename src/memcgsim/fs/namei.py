"""Path walks that follow symbolic links (fs/namei.c), and what a link costs.

``link_path_walk`` resolves a path component by component; a component that
is a symbolic link is followed (``step_into`` → ``pick_link``) unless it is the
last one and the caller asked not to (``lstat``, ``readlink``, ``unlink``,
``rename``, ``symlink``'s and ``link``'s new name: no ``LOOKUP_FOLLOW``); a
trailing slash follows it anyway. Each link followed counts against
``MAXSYMLINKS`` for the whole walk (``nd->total_link_count``): the 41st is
-ELOOP. ``..`` is taken after the links before it are followed: physically,
from where the walk stands (``follow_dotdot``).

What a link costs (``vfs_symlink`` → the filesystem's ``->symlink``):

- the inode and its dentry, charged to the creating task's memcg as a file's
  (``new_inode``, ``d_alloc``: SLAB_ACCOUNT caches);
- tmpfs, ``shmem_symlink`` (mm/shmem.c, the same in v5.10 and v6.1): a target
  of up to ``SHORT_SYMLINK_LEN`` bytes with its NUL is ``kmemdup(GFP_KERNEL)``'d
  into ``inode->i_link`` (unaccounted, freed with the inode); a longer one goes
  in a page of the inode's own mapping (``shmem_get_page(SGP_WRITE)``: a shmem
  page charged to the creator's memcg, as a file's);
- ext4, ``ext4_symlink`` (fs/ext4/namei.c): a target shorter than
  ``EXT4_N_BLOCKS * 4`` (60) bytes with its NUL is a fast symlink kept in the
  inode's ``i_block`` (nothing more); a longer one takes a data block, in
  v5.10 written through the link inode's page cache (``__page_symlink``: a file
  page charged to the creator, dirty until writeback), since Linux commit
  6493792d3299 ("ext4: convert symlink external data block mapping to bdev")
  (in v5.19) as a buffer of the block device (``ext4_init_symlink_block`` →
  ``ext4_bread``: a page of the bdev's cache) — the design's
  ``ext4_slow_symlink``. Following such a link reads that page back if it was
  dropped (``page_get_link`` / ``ext4_get_link``), charged to the walker.

A target longer than ``PATH_MAX - 1`` bytes is -ENAMETOOLONG (``getname``), an
empty one -ENOENT (``do_symlinkat``).
"""
from __future__ import annotations

import errno
import stat as st

from ..kernel.filemap import Inode
from .vfs import oserror

#: ``MAXSYMLINKS`` (include/linux/namei.h)
MAXSYMLINKS = 40
#: ``PATH_MAX`` (include/uapi/linux/limits.h), the NUL included
PATH_MAX = 4096
#: ``SHORT_SYMLINK_LEN`` (mm/shmem.c): the target and its NUL in ``i_link``
SHORT_SYMLINK_LEN = 128
#: ``EXT4_N_BLOCKS * 4`` (fs/ext4/ext4.h): a fast symlink's room in ``i_block``
EXT4_FAST_SYMLINK_LEN = 60
#: a symbolic link's ``i_mode`` (``S_IFLNK | S_IRWXUGO``)
LNK = st.S_IFLNK | 0o777


def names_directory(path: str) -> bool:
    """Whether ``path``'s walk ends at a directory whatever its last name is: a
    trailing slash (``LOOKUP_FOLLOW`` forced: the link followed) or a last ``.`` or
    ``..`` (namei.c ``LAST_DOT``/``LAST_DOTDOT``: taken physically, never a link):
    ``lstat("/proc/self/fd/..")`` is the process's directory, not ``self``."""
    return path[-1:] == "/" or path[-2:] == "/." or path[-3:] == "/.." or path in (".", "..")


def is_symlink(node) -> bool:
    """Whether a filesystem node is a symbolic link's inode."""
    return type(node) is Inode and st.S_ISLNK(node.mode)


def link_target(node: Inode) -> str:
    """The target a link inode holds."""
    return node.data.decode("utf-8", "surrogateescape")


def check_target(target: str) -> bytes:
    """``getname`` of ``symlink(2)``'s target: its bytes, or the kernel's errno."""
    raw = target.encode("utf-8", "surrogateescape")
    if not raw:
        raise oserror(errno.ENOENT)
    if len(raw) >= PATH_MAX:
        raise oserror(errno.ENAMETOOLONG)
    return raw


def store_target(fs, node: Inode, raw: bytes) -> bool:
    """The filesystem's ``->symlink`` keeps the target (run as the creating
    task): False if a page's charge failed (-ENOMEM)."""
    k = fs.k
    node.data = bytearray(raw)
    node.size = len(raw)
    n = len(raw) + 1
    if fs.shmem:
        if n <= SHORT_SYMLINK_LEN:
            k.slab.alloc_struct_n(node, k.slab.kmalloc_plain(n), 1)
            return True
        return k.filemap.touch(node, 0, 0)
    if n <= EXT4_FAST_SYMLINK_LEN:
        return True
    # the link's one block, allocated by the creator (ext4_init_symlink_block's
    # ext4_bread, or 5.10's ext4_write_begin of the link's page)
    k.buffers.alloc_block(fs.bdev, node.ino)
    if k.design.ext4_slow_symlink == "bdev":
        return k.buffers.symlink_block(fs.bdev, node.ino, True)
    if not k.filemap.write(node, 0, n):
        return False
    # data=journal for a link (ext4_should_journal_data): the page's buffer journalled
    k.buffers.journal_data(fs.bdev, node)
    return True


def get_link(fs, node: Inode, task) -> str:
    """``->get_link`` of a link being followed or read by ``task``: an ext4 slow
    symlink's block read back if its page was dropped (charged to ``task``)."""
    if not fs.shmem and node.size + 1 > EXT4_FAST_SYMLINK_LEN:
        k = fs.k
        with k.running(task):
            if k.design.ext4_slow_symlink == "bdev":
                ok = k.buffers.symlink_block(fs.bdev, node.ino)
            else:
                ok = k.filemap.read(node, 0, node.size)
        if not ok:
            raise oserror(errno.ENOMEM)
    return link_target(node)


def walk(vfs, path: str, task, follow: bool = True):
    """``path_lookupat``: ((filesystem, path inside it, absolute path) of ``path``
    with the links on the way followed (the last one too if ``follow``, or if a
    slash ends the path), whether the walk read no link's block (``get_link``
    charged nothing: the answer may be kept)). -ELOOP past ``MAXSYMLINKS``."""
    pure = True
    if not path.startswith("/"):
        raise oserror(errno.ENOENT)
    todo = path.split("/")[::-1]
    done: list[str] = []
    links = 0
    while todo:
        c = todo.pop()
        if c == "" or c == ".":
            continue
        if c == "..":
            if done:
                done.pop()
            continue
        done.append(c)
        if not todo and not follow:
            break
        fs, rel, _ = vfs.resolve("/" + "/".join(done))
        nodes = getattr(fs, "nodes", None)
        node = nodes.get(rel) if nodes is not None else None
        if not is_symlink(node):
            continue
        links += 1
        if links > MAXSYMLINKS:
            raise oserror(errno.ELOOP)
        target = get_link(fs, node, task)
        pure = pure and (fs.shmem or node.size + 1 <= EXT4_FAST_SYMLINK_LEN)
        done.pop()
        if target.startswith("/"):
            done = []
        todo.extend(target.split("/")[::-1])
    return vfs.resolve("/" + "/".join(done)), pure
