"""A task's current directory as the kernel holds it (fs/fs_struct.c, fs/dcache.c).

``task->fs->pwd`` is a ``struct path``: a vfsmount and a dentry, referenced by
``path_get`` at ``chdir`` (``set_fs_pwd``), shared by a fork (``copy_fs``: the
child's fs_struct references the same path again) and put at exit
(``exit_fs``). It is the dentry that is held, not a name:

- a rename moves the dentry (``d_move``): the cwd follows its directory, and
  ``getcwd`` (``prepend_path`` up the ``d_parent`` chain) gives the new name;
- ``rmdir`` of it succeeds (an empty directory; cgroup_rmdir refuses only a
  populated cgroup or one with children), marks its inode dead (``vfs_rmdir``:
  ``S_DEAD``, ``dont_mount``, ``d_delete``) and unhashes it. The dentry lives on,
  unlinked, while held: ``getcwd`` fails with ENOENT (``d_unlinked``), ``d_path``
  (/proc/PID/cwd) appends " (deleted)", a name looked up in it is ENOENT
  (``IS_DEADDIR`` in ``__lookup_slow``, ``lookup_open``, ``may_create``),
  ``getdents`` finds nothing (``iterate_dir``: ENOENT, which glibc's readdir takes
  as the end), while ``..`` still goes to its ``d_parent`` (``follow_dotdot``): a
  dentry references its parent from ``d_alloc`` to ``dentry_kill``;
- the vfsmount is referenced too: ``umount`` of a file system that is someone's
  cwd is -EBUSY (``propagate_mount_busy``: references beyond the mount's own).

The model's file systems name their directories by path, so a held directory is
a :class:`Dentry` kept while referenced, by (mount point, path inside the
mount); each mount of one file system has its own (a ``struct path`` each).
A cgroup directory held as a cwd holds its kernfs node (its inode's reference:
fs/kernfs/inode.c ``kernfs_init_inode``, ``kernfs_get``), not the cgroup:
``cgroup_rmdir`` kills and frees it as any other (kernel/cgroup/cgroup.c
``css_free_rwork_fn`` puts ``cgrp->kn``; the kn never pins ``kn->priv``).
"""
from __future__ import annotations


class Dentry:
    """A directory's dentry referenced by a ``struct path`` (a task's pwd) or by a
    child's ``d_parent``; ``mnt`` is the mount point its vfsmount is mounted on."""
    __slots__ = ("mnt", "rel", "fs", "d_parent", "d_count", "dead", "ino", "stat")

    def __init__(self, mnt: str, rel: str, fs, d_parent: "Dentry | None") -> None:
        self.mnt = mnt
        #: its path inside the mount ("" for the mount's root); its last name once dead
        self.rel = rel
        self.fs = fs
        #: the parent it references (``dget_parent`` at ``d_alloc``); None for "/"
        self.d_parent = d_parent
        self.d_count = 0
        #: ``d_unlinked``: removed (``S_DEAD`` on its inode), no longer hashed
        self.dead = False
        #: a dead dentry's number among the dead (:meth:`PathTable.dead_base`)
        self.ino = 0
        #: once dead, what ``stat`` of its inode gave just before the rmdir
        self.stat = None

    def path(self) -> str:
        """Its absolute path (``prepend_path``), the last one it had if dead."""
        rel = self.rel
        if not rel:
            return self.mnt
        return ("/" if self.mnt == "/" else self.mnt + "/") + rel

    def d_path(self) -> str:
        """``d_path``: its path, " (deleted)" after it once unlinked (fs/d_path.c
        ``d_path``: ``d_unlinked(path->dentry)``), as /proc/PID/cwd reads."""
        return self.path() + " (deleted)" if self.dead else self.path()

    def __repr__(self) -> str:
        return f"Dentry({self.d_path()!r}, d_count={self.d_count})"


#: the prefix of the paths that name a dead directory for a lookup relative to it
#: (a name no user path has: ``getname`` stops at a NUL); ``DEAD_PREFIX + "N"``
#: is the dead directory itself, ``DEAD_PREFIX + "N/NAME"`` a name in it
DEAD_PREFIX = "/\0/"


class PathTable:
    """The held directory dentries of a VFS: the live ones by (mount point, path
    inside it), the dead ones by number; what ``path_get``, ``dput``, ``d_move``
    and ``d_delete`` do to them."""
    __slots__ = ("live", "dead", "next_dead")

    def __init__(self) -> None:
        self.live: dict[tuple[str, str], Dentry] = {}
        self.dead: dict[int, Dentry] = {}
        self.next_dead = 1

    def lookup(self, mnt: str, rel: str, fs, parent_of) -> Dentry:
        """The dentry of directory ``rel`` on the mount at ``mnt`` (the held one,
        or a new one referencing its parent, which ``parent_of(mnt, rel)`` gives
        as (mount point, rel, fs) or None at "/"); not referenced yet."""
        d = self.live.get((mnt, rel))
        if d is None:
            up = parent_of(mnt, rel)
            parent = None
            if up is not None:
                pmnt, prel, pfs = up
                parent = self.lookup(pmnt, prel, pfs, parent_of)
            d = self.live[(mnt, rel)] = Dentry(mnt, rel, fs, parent)
            if parent is not None:
                parent.d_count += 1
        return d

    def dput(self, d: "Dentry | None") -> None:
        """``dput``: the last reference frees it, and puts its parent."""
        while d is not None:
            d.d_count -= 1
            if d.d_count > 0:
                return
            if d.dead:
                self.dead.pop(d.ino, None)
            else:
                del self.live[(d.mnt, d.rel)]
            d = d.d_parent

    def held(self, fs, rel: str) -> bool:
        """Whether directory ``rel`` of ``fs`` is held (a task's pwd or its parent)."""
        return any(d.fs is fs and d.rel == rel for d in self.live.values())

    def d_delete(self, fs, rel: str, stat=None) -> None:
        """``vfs_rmdir`` of directory ``rel`` of ``fs`` succeeded: its held dentries
        (one per mount) are dead and unhashed; they keep their parent (and
        ``stat``, their inode's before the rmdir)."""
        for key in [k for k, d in self.live.items() if d.fs is fs and d.rel == rel]:
            d = self.live.pop(key)
            d.stat = stat
            d.dead = True
            d.ino = self.next_dead
            self.next_dead += 1
            self.dead[d.ino] = d

    def d_move(self, fs, old: str, new: str) -> None:
        """``rename`` of directory ``old`` of ``fs`` to ``new`` (``d_move``): the held
        dentries at and below it carry the new name; a directory it replaced
        (an empty one) is dead."""
        self.d_delete(fs, new)
        pre = old + "/"
        moved = [d for d in self.live.values()
                 if d.fs is fs and (d.rel == old or d.rel.startswith(pre))]
        for d in moved:
            del self.live[(d.mnt, d.rel)]
        for d in moved:
            d.rel = new + d.rel[len(old):]
            self.live[(d.mnt, d.rel)] = d

    def busy(self, mnt: str) -> bool:
        """Whether a held path is on the mount at ``mnt`` (``umount``: -EBUSY)."""
        return any(d.mnt == mnt for d in self.live.values()) or any(
            d.mnt == mnt for d in self.dead.values())

    def dead_base(self, d: Dentry) -> str:
        """The path naming dead ``d`` for lookups relative to it."""
        return DEAD_PREFIX + str(d.ino)
