"""cgroupfs: directories are cgroups, files are the cftypes of the design's
release (``fs/cftypes/``), with the kernfs rules for everything else.

The kernfs rules (fs/kernfs/dir.c, file.c; kernel/cgroup/cgroup.c, cgroup-v1.c),
all checked against the recorded kernels (tests/conformance/scripts/
probe-cgroupfs-writes.sh):

* **open**: root opens any cgroupfs file for reading and writing whatever its
  mode: ``kernfs_fop_open`` checks the mode bits only on roots created with
  KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK (fs/kernfs/file.c, v3.14 on), which sysfs
  (fs/sysfs/mount.c) and resctrl pass and cgroup does not (``cgroup_setup_root``,
  ``cgroup1_get_tree``). So a write to a read-only file fails in
  ``cgroup_file_write`` (no write handler: -EINVAL) and a read of a write-only
  one in ``cgroup_seqfile_show`` (-EINVAL).
* **create** (``open(O_CREAT)`` of a new name in a cgroup): kernfs directories
  have no ``->create``, so ``lookup_open`` fails with -EACCES.
* a path through a file: -ENOTDIR; **mkdir** over an existing name: -EEXIST;
  ``cgroup_mkdir`` refuses a name with a newline (-EINVAL) and a parent over its
  ``cgroup.max.descendants``/``max.depth`` (-EAGAIN, cgroup2 only files).
* **unlink**: no ``->unlink`` in kernfs: -EPERM (a directory: -EISDIR).
* **rmdir**: a file -ENOTDIR; the mount root -EBUSY (``vfs_rmdir`` of a
  mountpoint); a populated cgroup or one with children -EBUSY.
* **rename**: cgroup2 has no ``->rename`` (-EPERM); v1 ``cgroup1_rename``: a file
  -ENOTDIR, another parent -EIO, an existing name -EEXIST, else the cgroup is
  renamed in place.
* **dentries** of mkdir and rmdir (fs/namei.c ``filename_create``, ``do_rmdir``;
  fs/dcache.c ``d_delete``): ``rmdir`` looks the directory up (a positive dentry),
  and ``vfs_rmdir`` → ``d_delete`` turns it negative as its only user: it stays
  hashed, unused, on the dcache's list_lru until the shrinker, a new ``mkdir`` of
  the name or the parent's ``rmdir`` (``shrink_dcache_parent``) frees it (a v1
  rename moves it with its directory, ``d_move``). The
  ``mkdir``'s own lookup leaves a negative dentry only where kernfs hashes them
  (design switch ``kernfs_negative_dentries``), and a lookup drops a negative
  dentry the parent's changes made stale (``kernfs_dop_revalidate``). Failed
  lookups of other names are not modelled.
"""
from __future__ import annotations

import errno
from functools import partial

from ..kernel import open_objects as oo
from ..kernel.page_counter import PAGE_COUNTER_MAX
from ..kernel.vmstat import PAGE_SIZE
from ..kernel.cgroup import group_cftypes, shown_groups
from .cftypes import CFTYPE_PRESSURE, CfType
from ..kernel.super import SuperBlockShrinker
from .kernfs import KernfsDentries
from .vfs import DIR, BufferFile, Stat, oserror

S_IFREG = 0o100000
#: a hierarchy's root directory (kernfs_create_root: S_IFDIR | S_IRUGO | S_IXUGO)
ROOT_DIR = 0o040000 | 0o555


def _limit(pages: int, v2: bool) -> str:
    if pages >= PAGE_COUNTER_MAX:
        return "max" if v2 else str(PAGE_COUNTER_MAX * PAGE_SIZE)
    return str(pages * PAGE_SIZE)


class _UnreadableFile(BufferFile):
    __slots__ = ()

    def read(self, n: int = -1) -> bytes:
        raise oserror(errno.EINVAL)


class _KernfsSeqFile(BufferFile):
    """A cgroupfs file open for reading: a kernfs seq_file (fs/kernfs/file.c
    ``kernfs_seq_start``, fs/seq_file.c ``seq_read_iter``). A read at offset 0 after
    the first, or at an offset other than where the last read ended (``traverse``:
    an lseek between, as bash's ``read`` makes) makes the content again; a read that
    continues takes what is left, and one that needs more than that calls
    ``seq_start`` again. ``seq_start`` takes an active reference
    (``kernfs_get_active``): once the cgroup is removed it fails with ENODEV, so a
    descriptor opened before the rmdir reads nothing more. The first content is made
    at the open, not the first read: the model's fork and exec between a shell's
    redirection and its program's read (``tr < cgroup.stat``) take longer than the
    real ones, past the RCU grace periods that free dying cgroups
    (v2-descendant-limits; docs/fidelity.md item 35). A handler's error
    (``seq_start`` returning ``ERR_PTR``, as ``cgroup_procs_start`` does for a threaded
    cgroup's ``cgroup.procs``) is the read's, not the open's: ``kernfs_fop_open``
    succeeds and ``seq_read_iter`` returns it, at every read."""
    __slots__ = ("gen", "cgrp", "read_pos", "err")

    def __init__(self, gen, cgrp) -> None:
        try:
            data, err = gen(), None
        except OSError as e:
            data, err = b"", e
        super().__init__(data)
        self.gen = gen
        self.cgrp = cgrp
        self.read_pos = None     # no read yet: the content made at the open
        self.err = err

    def read(self, n: int = -1) -> bytes:
        pos = self.pos
        if self.err is not None or (pos != self.read_pos and (pos != 0 or self.read_pos is not None)):
            if self.cgrp.removed:
                raise oserror(errno.ENODEV)
            self.err = None
            self.data = self.gen()     # the handler's error again, as seq_start's
        d = self.data
        out = d[pos:] if n < 0 else d[pos:pos + n]
        if (n < 0 or len(out) < n) and not out and self.cgrp.removed:
            raise oserror(errno.ENODEV)     # seq_start for more: no active reference
        self.pos = self.read_pos = pos + len(out)
        return out


class CgroupFs:
    """One mounted hierarchy."""
    __slots__ = ("k", "root", "v2", "name", "source", "knobs", "dentries", "s_shrink")

    def __init__(self, k, root) -> None:
        from .cgroup_files import CgroupKnobs
        self.k = k
        self.root = root
        self.v2 = root.is_dfl
        self.name = "cgroup2" if self.v2 else "cgroup"
        self.source = self.name
        self.knobs = CgroupKnobs()
        #: the cached dentries and inodes of its files (fs/kernfs.py)
        self.dentries = KernfsDentries(k)
        #: its kernfs superblock's shrinker (``alloc_super``), whose dentry list
        #: holds the negative dentries of its names (kernel/super.py)
        self.s_shrink = SuperBlockShrinker(k, list)

    # ------------------------------------------------------------- lookup
    def _cgroup(self, rel: str):
        c = self.root.cgrp
        if rel:
            for part in rel.split("/"):
                c = c.children.get(part)
                if c is None:
                    return None
        return c

    def _walk(self, rel: str):
        """(cgroup, file name or None) for an existing path; -ENOENT if missing,
        -ENOTDIR if a file is used as a directory on the way."""
        c, name, _ = self._walk_file(rel)
        return c, name

    def _walk_file(self, rel: str):
        """:meth:`_walk`, and the file's cftype (None for a directory)."""
        c = self.root.cgrp
        if not rel:
            return c, None, None
        *parts, last = rel.split("/")
        for part in parts:
            nxt = c.children.get(part)
            if nxt is None:
                raise oserror(errno.ENOTDIR if part in self.files(c) else errno.ENOENT)
            c = nxt
        nxt = c.children.get(last)
        if nxt is not None:
            return nxt, None, None
        cft = self.files(c).get(last)
        if cft is None:
            raise oserror(errno.ENOENT)
        return c, last, cft

    def _parent(self, rel: str):
        """The cgroup a new name ``rel`` would go in (``_walk`` errors on the way)."""
        parent, _, name = rel.rpartition("/")
        c, fname = self._walk(parent)
        if fname is not None:
            raise oserror(errno.ENOTDIR)
        return c, name

    def _split(self, rel: str):
        return self._walk(rel)

    def files(self, c) -> dict[str, CfType]:
        """The cftypes this cgroup shows, by name."""
        is_root = c.parent is None
        psi = not self.v2 or c.ino not in self.knobs.psi_off
        k = self.k
        groups = shown_groups(k, c) if self.v2 else ("self",)
        key = (self.root.subsys, is_root, k.design.cftypes, psi, groups)
        t = _CACHE.get(key)
        if t is None:
            t = {}
            for group in groups:
                for cft in group_cftypes(k, c, group):
                    if cft.shown(is_root) and (psi or not cft.flags & CFTYPE_PRESSURE):
                        t[cft.name] = cft
            _CACHE[key] = t
        return t

    # ------------------------------------------------------------- fs ops
    def stat(self, rel, task, abspath) -> Stat:
        c, name = self._walk(rel)
        if name is not None:
            self.dentries.lookup_file(c, name, task, abspath)
        elif c.parent is not None:
            # the directories above it only: the model's shell lstat()s each name a
            # glob matched, where bash keeps readdir's names (the guests keep no
            # inode for a glob's directories: slabinfo-mkdir-batches)
            self.dentries.lookup_dir(c.parent, task, abspath.rstrip("/").rpartition("/")[0])
        if name is None:
            # kernfs_iop_getattr: the hierarchy's root is kernfs_create_root's
            # S_IFDIR | 0555, a child cgroup_mkdir's 0755; links are 2 and one per
            # child directory (kernfs_refresh_inode: set_nlink(dir.subdirs + 2))
            return Stat(DIR if c.parent is not None else ROOT_DIR, 0, c.ino,
                        2 + len(c.children))
        return Stat(S_IFREG | self.files(c)[name].mode, 0, self.k.cgroups.kernfs_ino(c, name), 1)

    def listdir(self, rel, task, abspath) -> list[str]:
        c, name = self._walk(rel)
        if name is not None:
            raise oserror(errno.ENOTDIR)
        self.dentries.lookup_dir(c, task, abspath)
        return sorted(list(c.children) + list(self.files(c)))

    def open(self, rel, mode, task, abspath):
        try:
            c, name, cft = self._walk_file(rel)
        except OSError as e:
            if e.errno != errno.ENOENT or mode == "r":
                raise
            self._parent(rel)            # a missing parent stays -ENOENT
            raise oserror(errno.EACCES) from None   # no ->create in kernfs
        if name is None:
            self.dentries.lookup_dir(c, task, abspath)
            raise oserror(errno.EISDIR)
        self.dentries.lookup_file(c, name, task, abspath)
        if mode == "r":
            if cft.read is None:
                return _UnreadableFile()   # cgroup_seqfile_show: -EINVAL
            # one byte per code point: text written is kept as bytes
            return _KernfsSeqFile(partial(self._show, cft, c, task), c)
        return BufferFile(b"", lambda data: self._write(cft, c, data, task))

    def open_kind(self, rel: str) -> tuple:
        """What an open of ``rel`` takes (kernel/open_objects.py
        ``OpenObjects.open``'s kind, memory.stat's buffer: cgroup2's formats into
        one of its own, a permanent entry)."""
        return oo.CGROUP, self.v2 and rel.rpartition("/")[2] == "memory.stat", True

    def _show(self, cft: CfType, c, task) -> bytes:
        """The file's content, made by ``task`` (the opener)."""
        with self.k.running(task):
            return cft.read(self, c, task).encode("latin-1", "replace")

    def _write(self, cft: CfType, c, data: bytes, task) -> None:
        """``cgroup_file_write``: the handler sees the bytes up to the first NUL
        (kernfs copies them into a NUL-terminated buffer). A write(2) longer than
        the file's ``atomic_write_len`` fails with -E2BIG before anything else
        (fs/kernfs/file.c ``kernfs_fop_write``, 5.10; ``kernfs_fop_write_iter``,
        6.1: the length is checked first, then the node's active reference)."""
        if len(data) > (cft.max_write_len or PAGE_SIZE):
            raise oserror(errno.E2BIG)
        if c.removed:
            raise oserror(errno.ENODEV)
        if cft.write is None:
            raise oserror(errno.EINVAL)
        text = data.split(b"\0", 1)[0].decode("latin-1")
        prev_current, self.k.current = self.k.current, task  # k.running(), written out
        try:
            cft.write(self, c, text, task)
        finally:
            self.k.current = prev_current

    def mkdir(self, rel, task, abspath) -> None:
        p, name = self._parent(rel)
        self.dentries.lookup_dir(p, task, abspath.rstrip("/").rpartition("/")[0])
        if name in p.children or name in self.files(p):
            raise oserror(errno.EEXIST)
        if "\n" in name:
            raise oserror(errno.EINVAL)
        if not self.knobs.check_hierarchy_limits(p):
            raise oserror(errno.EAGAIN)
        prev_current, self.k.current = self.k.current, task  # k.running(), written out
        try:
            self._lookup_negative(abspath, self.k.design.kernfs_negative_dentries)
            self.k.cgroups.mkdir(p, name)
        finally:
            self.k.current = prev_current
        self.knobs.inherit(p, p.children[name])

    def rmdir(self, rel, task, abspath) -> None:
        c, name = self._walk(rel)
        if name is not None:
            raise oserror(errno.ENOTDIR)
        if c.parent is not None:
            # the walk to it (its own lookup comes and goes with the rmdir)
            self.dentries.lookup_dir(c.parent, task, abspath.rstrip("/").rpartition("/")[0])
        prev_current, self.k.current = self.k.current, task  # k.running(), written out
        try:
            self.k.cgroups.rmdir(c)
            # shrink_dcache_parent: the unused dentries below go, freed by the
            # removing task on its CPU (dentry_free and destroy_inode's call_rcu:
            # the callbacks run where they were queued); d_delete: this one turns
            # negative (the stale one a lookup found was dropped first)
            self.dentries.cgroup_removed(c)
            self.k.filemap.drop_negative_below(abspath)
            self._lookup_negative(abspath, True)
        finally:
            self.k.current = prev_current
        self.knobs.forget(c)

    def _lookup_negative(self, abspath: str, keep: bool) -> None:
        """The lookup of a name in a cgroup's directory: a negative dentry of it
        left by an earlier operation is stale (every mkdir and rmdir changes the
        directory: 5.10's ``kernfs_dop_revalidate`` fails every negative dentry,
        6.1's those older than the parent's revision, ``kernfs_dir_changed``), so
        ``lookup_dcache`` drops it; with ``keep`` a new negative dentry of the name
        stays in the dcache (``d_add(dentry, NULL)`` by 6.1's ``kernfs_iop_lookup``
        for a missing name, or ``d_delete`` of the removed directory). 5.10's
        ``kernfs_iop_lookup`` leaves a missing name's dentry unhashed: ``mkdir``
        frees it (``done_path_create`` → ``dput``), not modelled (it comes and goes
        on one CPU)."""
        fm = self.k.filemap
        fm.drop_negative(abspath)
        if keep:
            fm.negative_lookups([abspath], fresh=True,     # none left: just dropped
                                sb=self.s_shrink)

    def unlink(self, rel, task, abspath) -> None:
        c, name = self._walk(rel)
        if name is None:
            raise oserror(errno.EISDIR)
        raise oserror(errno.EPERM)

    def truncate(self, rel, size, task, abspath) -> None:
        self._walk(rel)

    def rename(self, old, new, task, old_ap, new_ap) -> None:
        """``vfs_rename``'s ``may_delete`` of an existing target first (a directory
        over a file: -ENOTDIR, a file over a directory: -EISDIR), then
        ``kernfs_iop_rename``: cgroup2 has none (-EPERM); v1 ``cgroup1_rename``."""
        c, name = self._walk(old)
        p, new_name = self._parent(new)
        if name is None and new_name not in p.children and new_name in self.files(p):
            raise oserror(errno.ENOTDIR)
        if name is not None and new_name in p.children:
            raise oserror(errno.EISDIR)
        if self.v2:
            raise oserror(errno.EPERM)
        if name is not None:
            raise oserror(errno.ENOTDIR)
        if c.parent is None:
            raise oserror(errno.EBUSY)
        if p is not c.parent:
            raise oserror(errno.EIO)
        if new_name == c.name:
            return
        if new_name in p.children or new_name in self.files(p):
            raise oserror(errno.EEXIST)
        del p.children[c.name]
        c.name = new_name
        c.root.renames += 1
        p.children[new_name] = c
        # vfs_rename: d_move unhashes a negative target and moves the negative
        # dentries below the directory with it
        with self.k.running(task):
            fm = self.k.filemap
            fm.drop_negative(new_ap)
            fm.negative.move_below(old_ap, new_ap)


_CACHE: dict = {}
