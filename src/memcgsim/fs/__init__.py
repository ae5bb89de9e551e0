"""The simulated VFS: mount table, disk and tmpfs, devices, procfs, cgroupfs."""
from __future__ import annotations

import errno
import posixpath

from ..kernel.ext4 import HOST_DISK_GROUPS
from ..lazyimport import lazy_submodules

# /proc's recorded names and its PID, fd and stat files' modules, loaded when a
# script first looks them up (memcgsim.lazyimport)
lazy_submodules(__name__, ("proc_tree", "procfd", "procpid", "procstat"))

from ..kernel.fs_struct import DEAD_PREFIX
from .cgroupfs import CgroupFs
from .deaddir import DeadDirs
from .procfs import ProcFs
from .shmem_sb import DEFAULT_MODE, boot_sbinfo
from .sysfs import SysFs
from ..sysapi import PROGRAM_INO_BASE
from .vfs import BpfFs, DevFs, SimpleFs, oserror, program_inode

ROOT_DIRS = ("bin", "sbin", "usr", "usr/bin", "usr/sbin", "etc", "root", "home", "tmp", "var",
             "var/tmp", "proc", "sys", "sys/fs", "sys/fs/cgroup", "sys/fs/bpf", "dev", "run",
             "mnt", "mnt/disk")

#: the host image's directories whose mode is not 0755 (Debian 12's base-files, as
#: this machine has them: ``stat -c '%a %n' /tmp /var/tmp /root``)
HOST_DIR_MODES = {"tmp": 0o1777, "var/tmp": 0o1777, "root": 0o700}


#: how many paths ``Vfs.resolve`` remembers before it starts again
_RESOLVED_MAX = 4096


class Vfs:
    """Path → (filesystem, path inside it), longest mountpoint first.

    ``init`` picks the layout of the user space that booted. "systemd": a host whose
    ``/`` is a disk (ext4) with tmpfs on /dev/shm and /run; scripts start in ``/``.
    "busybox": the oracle's guest (``memcgsim.oracle.image.INIT``): ``/`` is the
    initramfs, which is tmpfs (``init_rootfs``: rootfs is tmpfs when CONFIG_TMPFS and
    no ``root=``, Linux commit 16203a7a9422 "initmpfs: make rootfs use tmpfs when
    CONFIG_TMPFS enabled" (in v3.14)), tmpfs on /tmp, and the scratch ext4 disk on
    /mnt/disk; scripts start in ``/mnt/disk/work``.
    """

    def __init__(self, k, init: str = "systemd") -> None:
        self.k = k
        #: the programs installed (``install_programs``): name -> inode
        self.programs: dict = {}
        #: mounts hidden under a later mount on the same path, innermost last
        #: (``do_add_mount`` stacks; ``umount`` uncovers the one below)
        self.covered: dict[str, list] = {}
        #: a symbolic link was made: paths are walked component by component
        self.has_symlinks = False
        #: FIFO inode -> its pipe and open ends (fs/fifo.py), once opened
        self.fifos: dict = {}
        #: tmpfs superblocks a lazy umount detached while a file held them -> the
        #: path they were mounted on (machine.py ``umount``)
        self.detached: dict = {}
        #: (mount point, filesystem) in the order they were mounted: /proc/mounts'
        #: order (``commit_tree`` adds a mount at the end of its namespace's list)
        self.order: list[tuple[str, object]] = []
        mr = k.memory_root
        if mr.is_dfl:
            cgroups = [("/sys/fs/cgroup", CgroupFs(k, mr))]
        else:
            # the guest's init: "mount -t tmpfs cgroup_root" and
            # "mount -t cgroup -o memory memory"
            guest = init == "busybox"
            cgtop = SimpleFs(k, True, "tmpfs", "cgroup_root" if guest else "tmpfs")
            cgtop.nodes["memory"] = None
            memory = CgroupFs(k, mr)
            if guest:
                memory.source = "memory"
            cgroups = [("/sys/fs/cgroup", cgtop), ("/sys/fs/cgroup/memory", memory)]
        if init == "busybox":
            # the initramfs' init (memcgsim.oracle.image.INIT) mounts proc, sysfs,
            # devtmpfs, /tmp, the cgroup hierarchy, then the disk; the rootfs and
            # devtmpfs hold what the guests' do (fs/rootfs.py, imported for them alone)
            from .rootfs import guest_device_dirs, guest_devices, guest_rootfs
            rootfs = guest_rootfs(k)
            rootfs.sbinfo = boot_sbinfo(k, DEFAULT_MODE)
            release = k.sizes.release
            devfs = DevFs(k, "devtmpfs", guest_device_dirs(release), guest_devices(release))
            devfs.sbinfo = boot_sbinfo(k, 0o755)
            disk = SimpleFs(k, False, "ext4", "/dev/vda")
            disk.populate(("lost+found", "work"))
            self.workdir = "/mnt/disk/work"
            layout = [("/proc", ProcFs(k, self)), ("/sys", SysFs(k, "")),
                      ("/dev", devfs), ("/tmp", SimpleFs(k, True, "tmpfs", "tmpfs")),
                      *cgroups, ("/mnt/disk", disk)]
        else:
            rootfs = SimpleFs(k, False, "ext4", "/dev/vda", HOST_DISK_GROUPS)
            self.workdir = "/"
            layout = [("/sys", SysFs(k, "")), ("/dev", DevFs(k, "udev", ("shm",))), ("/proc", ProcFs(k, self)),
                      ("/run", SimpleFs(k, True, "tmpfs", "tmpfs")),
                      ("/dev/shm", SimpleFs(k, True, "tmpfs", "tmpfs")),
                      ("/sys/fs/bpf", BpfFs(k)), *cgroups]
            # the scratch disk: the `cd` into /mnt/disk/work looked up "work" in its
            # top directory; a booted host has looked up names in "/" and each of its
            # directories (kernel/buffer.py)
            rootfs.populate(ROOT_DIRS, ("",) + ROOT_DIRS)
            rootfs.dir_modes.update(HOST_DIR_MODES)
        self.mounts: dict[str, object] = {}
        self.mount("/", rootfs)
        for target, fs in layout:
            self.mount(target, fs)
        for sub in ("devices", "kernel"):
            self.mount("/sys/" + sub, SysFs(k, sub))
        #: the mounts the system booted with (umount: -EBUSY)
        self.boot_mounts = frozenset(self.mounts)
        self._order()
        #: where lookups relative to a removed directory a task holds go (fs/deaddir.py)
        self.dead = DeadDirs(k)
        init_task = getattr(k, "init", None)
        if init_task is not None and init_task.pwd is None:
            # init_fs: the root (set_fs_pwd by init_mount_tree)
            init_task.pwd = self.dentry(rootfs, "", "/")
            init_task.pwd.d_count += 1

    def install_programs(self, names) -> None:
        """The programs the system has, there from boot: the busybox userland's
        /bin as the guests have it (fs/rootfs.py ``install_guest_bin``: applets as
        links to busybox, no /usr/bin), else files of the image in /usr/bin and
        /bin (one directory on Debian's merged /usr, where /bin links to usr/bin:
        the same inode in both). Once: a program a script removed stays removed."""
        if self.programs:
            return
        root = self.mounts["/"]
        if getattr(self.k, "userland", "gnu") == "busybox":
            from .rootfs import install_guest_bin
            self.programs = install_guest_bin(self, root)
            self._resolved.clear()
            return
        for d in ("usr", "usr/bin"):
            root.nodes.setdefault(d, None)      # (the guests' rootfs has no /usr)
        for i, name in enumerate(sorted(names)):
            node = program_inode(PROGRAM_INO_BASE + i, root.shmem)
            self.programs[name] = node
            for d in ("usr/bin", "bin"):
                root.nodes.setdefault(f"{d}/{name}", node)

    def _order(self) -> None:
        # longest mount point first, so the deepest mount holding a path wins
        self._sorted = sorted(self.mounts.items(), key=lambda kv: -len(kv[0]))
        #: resolve's answers by path, for the mount table they were found in
        self._resolved: dict[str, tuple] = {}
        #: walk's answers by (path, follow), for the links there are (:meth:`walk`)
        self._walked: dict[tuple, tuple] = {}

    def walk(self, path: str, task, follow: bool = True):
        """:meth:`resolve` with symbolic links followed (fs/namei.py ``walk``): the
        last one too if ``follow``. Until the first link is made, ``resolve``.
        Remembered by path until a name is made, moved or removed, or the mount
        table changes (:meth:`names_changed`), unless the walk read a link's block
        back (an ext4 slow link: its page is charged to the walker)."""
        if not self.has_symlinks:
            return self.resolve(path)
        key = (path, follow)
        r = self._walked.get(key)
        if r is None:
            from .namei import walk         # (imported once a link exists)
            r, pure = walk(self, path, task, follow)
            if pure:
                if len(self._walked) >= _RESOLVED_MAX:
                    self._walked.clear()
                self._walked[key] = r
        return r

    def names_changed(self) -> None:
        """A link was made, or a name moved or removed: the walks' answers go."""
        if self._walked:
            self._walked = {}

    def mount(self, target: str, fs) -> None:
        """``fs`` mounted on ``target``, over what is mounted there."""
        below = self.mounts.get(target)
        if below is not None:
            self.covered.setdefault(target, []).append(below)
        self.mounts[target] = fs
        self.order.append((target, fs))
        self._order()

    def umount(self, target: str) -> None:
        """The top mount on ``target`` goes; the one it covered shows again."""
        self.order.remove((target, self.mounts[target]))
        stack = self.covered.get(target)
        if stack:
            self.mounts[target] = stack.pop()
            if not stack:
                del self.covered[target]
        else:
            del self.mounts[target]
        self._order()

    def mount_list(self):
        """The mounts /proc/mounts lists, in the order they were mounted (not the
        hidden sysfs subtrees, fs/sysfs.py)."""
        return [m for m in self.order if not getattr(m[1], "hidden", False)]

    def resolve(self, path: str):
        """(filesystem, path inside it, normalised absolute path) of ``path``;
        -ENOENT if it is relative or under no mount. Remembered by path until the
        mount table changes (at most ``_RESOLVED_MAX`` at a time)."""
        r = self._resolved.get(path)
        if r is None:
            r = self._resolve(path)
            if len(self._resolved) >= _RESOLVED_MAX:
                self._resolved.clear()
            self._resolved[path] = r
        return r

    def dentry(self, fs, rel: str, ap: str):
        """The dentry (kernel/fs_struct.py) of directory ``rel`` of ``fs``, found at
        the absolute path ``ap``: the held one, or a new one, not referenced yet."""
        if fs is self.dead:
            return fs.dentry(rel)[0]
        mnt = ap if not rel else (ap[:len(ap) - len(rel) - 1] or "/")
        return self.k.paths.lookup(mnt, rel, fs, self._parent_of)

    def _parent_of(self, mnt: str, rel: str):
        """(mount point, rel, fs) of the parent of directory ``rel`` on the mount at
        ``mnt``: a mount's root's is the directory it is mounted on; None at "/"."""
        if rel:
            return mnt, rel.rpartition("/")[0], self.mounts[mnt]
        if mnt == "/":
            return None
        for mp, fs in self._sorted:
            if mp != mnt and (mp == "/" or mnt.startswith(mp + "/")):
                return mp, mnt[len(mp):].strip("/"), fs
        return None

    def _resolve(self, path: str):
        if not path.startswith("/"):
            raise oserror(errno.ENOENT)
        if path.startswith(DEAD_PREFIX):
            return self.dead, path[len(DEAD_PREFIX):].rstrip("/"), path
        if "//" in path or "/." in path or (path[-1] == "/" and len(path) > 1):
            # only a doubled or trailing slash or a "." or ".." component changes
            # under normpath
            path = posixpath.normpath(path)
            if path.startswith("//"):
                path = path[1:]
        for mp, fs in self._sorted:
            if path == mp:
                return fs, "", path
            if path.startswith(mp) and (mp == "/" or path[len(mp)] == "/"):
                return fs, path[len(mp):].strip("/"), path
        raise oserror(errno.ENOENT)
