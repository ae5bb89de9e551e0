"""cgroupfs: directories are cgroups, files are cftypes with the kernel's formats
(mm/memcontrol.c ``mem_cgroup_legacy_files`` and ``memory_files``,
kernel/cgroup/cgroup.c ``cgroup_base_files``/``cgroup1_base_files``)."""
from __future__ import annotations

import errno
import re

from ..kernel.page_counter import PAGE_COUNTER_MAX
from ..kernel.vmstat import PAGE_SIZE
from .vfs import DIR, REG, BufferFile, Stat, oserror

_SUFFIX = {"": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30, "t": 1 << 40}
_MEMPARSE = re.compile(r"^\s*(\d+)([kmgtKMGT]?)\s*$")


def page_counter_memparse(text: str, max_word: str = "max") -> int:
    """``page_counter_memparse``: "max" (or -1 on v1) → PAGE_COUNTER_MAX, else bytes
    with an optional K/M/G suffix, in pages (rounded down), capped."""
    t = text.strip()
    if t == max_word or t == "-1":
        return PAGE_COUNTER_MAX
    m = _MEMPARSE.match(t)
    if not m:
        raise oserror(errno.EINVAL)
    nbytes = int(m.group(1)) * _SUFFIX[m.group(2).lower()]
    return min(nbytes // PAGE_SIZE, PAGE_COUNTER_MAX)


def _limit(pages: int, v2: bool) -> str:
    if pages >= PAGE_COUNTER_MAX:
        return "max" if v2 else str(PAGE_COUNTER_MAX * PAGE_SIZE)
    return str(pages * PAGE_SIZE)


class _UnreadableFile(BufferFile):
    __slots__ = ()

    def read(self, n: int = -1) -> bytes:
        raise oserror(errno.EINVAL)


class CgroupFs:
    """One mounted hierarchy."""
    __slots__ = ("k", "root", "v2", "name", "source")

    def __init__(self, k, root) -> None:
        self.k = k
        self.root = root
        self.v2 = root.is_dfl
        self.name = "cgroup2" if self.v2 else "cgroup"
        self.source = self.name

    # ------------------------------------------------------------- lookup
    def _cgroup(self, rel: str):
        c = self.root.cgrp
        if rel:
            for part in rel.split("/"):
                c = c.children.get(part)
                if c is None:
                    return None
        return c

    def _split(self, rel: str):
        """(cgroup, file name or None) for a path, or raise ENOENT."""
        c = self._cgroup(rel)
        if c is not None:
            return c, None
        parent, _, name = rel.rpartition("/")
        c = self._cgroup(parent)
        if c is None or name not in self.files(c):
            raise oserror(errno.ENOENT)
        return c, name

    def files(self, c) -> dict:
        """The cftypes this cgroup shows: name -> (reader, writer)."""
        return _cgroup_files(self, c)

    # ------------------------------------------------------------- fs ops
    def stat(self, rel, task, abspath) -> Stat:
        c, name = self._split(rel)
        if name is None:
            return Stat(DIR, 0, c.ino, 2)
        rd, wr = self.files(c)[name]
        mode = REG & ~0o777 | (0o644 if wr else 0o444)
        if rd is None:
            mode = REG & ~0o777 | 0o200
        return Stat(mode, 0, c.ino, 1)

    def listdir(self, rel, task, abspath) -> list[str]:
        c, name = self._split(rel)
        if name is not None:
            raise oserror(errno.ENOTDIR)
        return sorted(list(c.children) + list(self.files(c)))

    def open(self, rel, mode, task, abspath):
        c, name = self._split(rel)
        if name is None:
            raise oserror(errno.EISDIR)
        rd, wr = self.files(c)[name]
        if mode == "r":
            if rd is None:
                # root opens anything; ``cgroup_seqfile_show`` of a cftype without a
                # reader fails the read
                return _UnreadableFile()
            with self.k.running(task):
                return BufferFile(rd(self, c, task).encode())
        if wr is None:
            raise oserror(errno.EACCES)
        return BufferFile(b"", lambda data: self._write(wr, c, data, task))

    def _write(self, wr, c, data: bytes, task) -> None:
        if c.removed:
            raise oserror(errno.ENODEV)
        with self.k.running(task):
            wr(self, c, data.decode("utf-8", "replace"), task)

    def mkdir(self, rel, task, abspath) -> None:
        parent, _, name = rel.rpartition("/")
        p = self._cgroup(parent)
        if p is None:
            raise oserror(errno.ENOENT)
        if name in p.children or name in self.files(p):
            raise oserror(errno.EEXIST)
        with self.k.running(task):
            self.k.cgroups.mkdir(p, name)

    def rmdir(self, rel, task, abspath) -> None:
        c, name = self._split(rel)
        if name is not None:
            raise oserror(errno.ENOTDIR)
        with self.k.running(task):
            self.k.cgroups.rmdir(c)

    def unlink(self, rel, task, abspath) -> None:
        self._split(rel)
        raise oserror(errno.EPERM)

    def truncate(self, rel, size, task, abspath) -> None:
        self._split(rel)

    def rename(self, old, new, task) -> None:
        raise oserror(errno.EPERM)


from .cgroup_files import cgroup_files as _cgroup_files  # noqa: E402  (it imports this module)
