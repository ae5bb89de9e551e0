"""The simulated VFS: mount table, disk and tmpfs, devices, procfs, cgroupfs."""
from __future__ import annotations

import errno
import posixpath

from .cgroupfs import CgroupFs
from .procfs import ProcFs
from .vfs import BpfFs, DevFs, SimpleFs, oserror

ROOT_DIRS = ("bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "root", "home", "tmp", "var",
             "var/tmp", "proc", "sys", "sys/fs", "sys/fs/cgroup", "sys/fs/bpf", "dev", "run",
             "mnt")


class Vfs:
    """Path → (filesystem, path inside it), longest mountpoint first."""

    def __init__(self, k) -> None:
        self.k = k
        rootfs = SimpleFs(k, False, "ext4", "/dev/vda")
        for d in ROOT_DIRS:
            rootfs.nodes[d] = None
        self.mounts: dict[str, object] = {"/": rootfs}
        self.mount("/proc", ProcFs(k, self))
        self.mount("/dev", DevFs(k))
        self.mount("/dev/shm", SimpleFs(k, True, "tmpfs", "tmpfs"))
        self.mount("/run", SimpleFs(k, True, "tmpfs", "tmpfs"))
        self.mount("/sys/fs/bpf", BpfFs(k))
        mr = k.memory_root
        if mr.is_dfl:
            self.mount("/sys/fs/cgroup", CgroupFs(k, mr))
        else:
            cgtop = SimpleFs(k, True, "tmpfs", "tmpfs")
            cgtop.nodes["memory"] = None
            self.mount("/sys/fs/cgroup", cgtop)
            self.mount("/sys/fs/cgroup/memory", CgroupFs(k, mr))
        self._order()

    def _order(self) -> None:
        self._sorted = sorted(self.mounts.items(), key=lambda kv: -len(kv[0]))

    def mount(self, target: str, fs) -> None:
        self.mounts[target] = fs
        self._order()

    def mount_list(self):
        return sorted(self.mounts.items(), key=lambda kv: (kv[0].count("/"), kv[0]))

    def resolve(self, path: str):
        if not path.startswith("/"):
            raise oserror(errno.ENOENT)
        path = posixpath.normpath(path)
        if path.startswith("//"):
            path = path[1:]
        for mp, fs in self._sorted:
            if path == mp:
                return fs, "", path
            if path.startswith(mp) and (mp == "/" or path[len(mp)] == "/"):
                return fs, path[len(mp):].strip("/"), path
        raise oserror(errno.ENOENT)
