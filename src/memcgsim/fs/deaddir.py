"""Lookups relative to a removed directory a task still holds (kernel/fs_struct.py).

A dead directory has no name the VFS could walk to, so a path relative to one is
given as ``DEAD_PREFIX + "N"`` (the directory itself) or ``DEAD_PREFIX + "N/REST"``
(names in it), which :meth:`memcgsim.fs.Vfs.resolve` sends here. What the kernel
does with them:

- a name looked up in it: ENOENT (``__lookup_slow`` and ``lookup_open``: "Don't go
  there if it's already dead", ``IS_DEADDIR``; ``may_create``: ENOENT for mkdir,
  mknod, symlink, link);
- the directory itself: ``stat`` works (``vfs_getattr`` of its inode); ``getdents``
  fails with ENOENT (``iterate_dir``), which glibc's ``readdir`` takes as the end
  of the directory ("POSIX.1 requires that we treat this condition like normal
  EOF"): nothing listed, not even ``.`` and ``..``; opening it for writing is
  EISDIR.

``..`` never gets here: the caller goes up the ``d_parent`` chain first
(:func:`lookup_at`, ``follow_dotdot``).
"""
from __future__ import annotations

import errno
import stat as st

from ..kernel.fs_struct import DEAD_PREFIX, Dentry
from .vfs import SimpleFs, Stat, oserror


def lookup_at(paths, base: str, p: str) -> str:
    """The path to give the VFS for ``p`` relative to the dead directory ``base``
    names: ``.`` stays, ``..`` goes to the ``d_parent`` (``follow_dotdot``), and
    from the first live one on the rest is an ordinary path; a name met while still
    in a dead directory stays relative to it (to fail there)."""
    d = paths.dead.get(int(base[len(DEAD_PREFIX):]))
    if d is None:                   # (a dentry no longer held: as the kernel, gone)
        return base + "/" + p if p else base
    parts = p.split("/")
    for i, c in enumerate(parts):
        if c == "" or c == ".":
            continue
        if c != "..":
            return paths.dead_base(d) + "/" + "/".join(parts[i:])
        d = d.d_parent if d.d_parent is not None else d
        if not d.dead:
            rest = "/".join(c for c in parts[i + 1:] if c)
            base = d.path()
            return base if not rest else (base.rstrip("/") + "/" + rest)
    return paths.dead_base(d)


class DeadDirs:
    """The pseudo file system of the dead directories tasks hold (see the module)."""
    __slots__ = ("k", "name", "source")

    def __init__(self, k) -> None:
        self.k = k
        self.name = self.source = "deleted"

    def dentry(self, rel: str) -> tuple[Dentry, str]:
        """(the dead dentry, the rest of the path in it) of ``rel``; ENOENT once it
        is no longer held."""
        num, _, rest = rel.partition("/")
        d = self.k.paths.dead.get(int(num)) if num.isdigit() else None
        if d is None:
            raise oserror(errno.ENOENT)
        return d, rest

    def _itself(self, rel: str) -> Dentry:
        d, rest = self.dentry(rel)
        if rest:
            raise oserror(errno.ENOENT)
        return d

    def stat(self, rel, task, abspath) -> Stat:
        """``stat`` of the dead directory: its inode as before the rmdir, but on tmpfs
        and ext4 with no links left (``shmem_rmdir``'s two ``drop_nlink``,
        ``ext4_rmdir``'s ``clear_nlink``) and on ext4 its size 0 (``ext4_rmdir``:
        ``inode->i_size = 0``; its block is freed with the inode). A cgroup's
        (kernfs) keeps its ``subdirs + 2`` links (``kernfs_iop_getattr`` →
        ``kernfs_refresh_inode``: none left)."""
        d = self._itself(rel)
        was = d.stat
        if was is None:
            return Stat(st.S_IFDIR | 0o755, 0, 0, 0, 0)
        if not isinstance(d.fs, SimpleFs):
            return Stat(was.st_mode, was.st_size, was.st_ino, 2, was.st_blocks)
        return Stat(was.st_mode, was.st_size if d.fs.shmem else 0, was.st_ino, 0,
                    was.st_blocks)

    def listdir(self, rel, task, abspath) -> list[str]:
        """``getdents``: ENOENT, the end for glibc's ``readdir``: no names."""
        self._itself(rel)
        return []

    def open(self, rel, mode, task, abspath):
        """The directory itself: EISDIR; a name in it: ENOENT (``lookup_open``)."""
        self._itself(rel)
        raise oserror(errno.EISDIR)

    def mkdir(self, rel, task, abspath) -> None:
        """A name in it: ENOENT (``may_create``); the directory itself: EEXIST."""
        self._itself(rel)
        raise oserror(errno.EEXIST)

    def readlink(self, rel, task, abspath) -> str:
        """No link here: EINVAL (ENOENT for a name in it)."""
        self._itself(rel)
        raise oserror(errno.EINVAL)

    def _enoent(self, *args, **kwargs):
        """Any name in a dead directory, and the directory by its own name: ENOENT."""
        raise oserror(errno.ENOENT)

    rmdir = unlink = truncate = rename = link = symlink = mknod = _enoent

    def lookup_missing(self, rels, task, abspaths) -> None:
        """Failed lookups in a dead directory allocate nothing."""
