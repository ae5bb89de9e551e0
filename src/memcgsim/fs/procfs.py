"""procfs: the files reproducers read, in the kernel's formats."""
from __future__ import annotations

import errno
import stat as stat_mod
import struct
from typing import Callable

from ..kernel import open_objects as oo
from ..kernel.cgroup import CONTROLLERS
from . import proc_tree, procfd, procmem, procpid, procstat
from .cpuinfo import cpuinfo
from .cgroupfs import CgroupFs
from .procns import NS_TYPES, NsFile, ns_inum, ns_link
from .shmem_sb import show_options
from .vfs import BufferFile, SimpleFs, Stat, oserror


#: the watermark sysctls: (HostMem attribute, least, most) as ``vm_table`` bounds them
#: (v5.10 and v6.1): min_free_kbytes from 0 (``SYSCTL_ZERO``, no upper bound: INT_MAX),
#: watermark_scale_factor 1..3000 (``SYSCTL_ONE``, ``SYSCTL_THREE_THOUSAND``); both
#: guests refuse 0, 3001, -1 (calibration/recordings/vm-wmark-sysctls--*.txt)
WMARK_SYSCTLS = {"sys/vm/min_free_kbytes": ("min_free_kbytes", 0, 2**31 - 1),
                 "sys/vm/watermark_scale_factor": ("watermark_scale_factor", 1, 3000)}


#: the writeback sysctls (kernel/writeback.py ``Writeback.sysctl_write``)
DIRTY_SYSCTLS = tuple("sys/vm/" + n for n in (
    "dirty_background_ratio", "dirty_background_bytes", "dirty_ratio", "dirty_bytes",
    "dirty_writeback_centisecs", "dirty_expire_centisecs"))


def int_written(data: bytes, lo: int | None = None, hi: int | None = None) -> int:
    """An int written to a /proc file as ``proc_dointvec_minmax`` (and
    ``oom_score_adj_write``) read it: ``kstrtoint(strstrip(buf))``; not a number, or
    outside ``lo``..``hi`` when given, -EINVAL."""
    from .cftypes.parse import kstrtoint, strstrip
    try:
        v = kstrtoint(strstrip(data.decode("utf-8", "replace")))
    except OSError:
        raise oserror(errno.EINVAL) from None
    if lo is not None and hi is not None and not lo <= v <= hi:
        raise oserror(errno.EINVAL)
    return v


#: the overcommit sysctls: (least, most) as ``vm_table`` bounds them (v5.10 and
#: v6.1: overcommit_memory ``proc_dointvec_minmax`` 0..2, overcommit_ratio
#: ``overcommit_ratio_handler`` → ``proc_dointvec``: any int), their defaults 0
#: and 50 (mm/util.c). Kept and read back; the model's allocations are not
#: checked against a commit limit (``__vm_enough_memory`` is not modelled).
OVERCOMMIT_SYSCTLS = {"sys/vm/overcommit_memory": (0, 2, 0),
                      "sys/vm/overcommit_ratio": (None, None, 50)}

#: the files ``proc_create`` makes without a ``proc_write``: a write is -EIO
#: (``proc_reg_write``), as the guests answer for zoneinfo, buddyinfo, version
PROC_CREATE_RO = frozenset(("zoneinfo", "buddyinfo", "pagetypeinfo", "vmallocinfo",
                            "version", "filesystems", "interrupts", "iomem"))


def vmstat_refresh(k) -> Callable[[bytes], None]:
    """/proc/sys/vm/stat_refresh, written or read (root, mode 0600): mm/vmstat.c
    ``vmstat_refresh`` folds every CPU's ``vm_node_stat_diff`` and ``vm_stat_diff``
    into the global counters /proc/meminfo and /proc/vmstat read (``schedule_on_each_cpu
    (refresh_vm_stats)``); a read returns nothing. Linux commit 52b6f46bc163 ("mm:
    /proc/sys/vm/stat_refresh to force vmstat update") (in v4.7). The model's
    differentials are the slab items' (kernel/vmstat_diff.py); its other counters are
    exact (docs/fidelity.md item 49)."""
    def refresh(data: bytes) -> None:
        k.node_stat_diff.fold_all()
    return refresh


class ProcFs:
    __slots__ = ("k", "name", "source", "vfs", "sysctl", "_sysctls")

    def __init__(self, k, vfs) -> None:
        self.k = k
        self.vfs = vfs
        self.name = self.source = "proc"
        #: the overcommit sysctls' values (OVERCOMMIT_SYSCTLS)
        self.sysctl = {n: d for n, (_, _, d) in OVERCOMMIT_SYSCTLS.items()}
        #: /proc/sys's other sysctls (fs/procsys.py), made at their first use
        self._sysctls = None

    def sysctls(self):
        """The sysctls fs/procsys.py serves (imported at the first use of one)."""
        if self._sysctls is None:
            from .procsys import Sysctls
            self._sysctls = Sysctls(self.k)
        return self._sysctls

    FILES = ("cgroups", "cpuinfo", "uptime", "meminfo", "mounts", "kpagecgroup", "sys/vm/drop_caches",
             "sys/vm/swappiness", "sys/vm/min_free_kbytes", "sys/vm/watermark_scale_factor",
             "sys/fs/dentry-state", "sys/kernel/threads-max", "vmstat", "slabinfo",
             "sys/kernel/pid_max", "stat", "loadavg", "swaps",
             "sys/vm/oom_kill_allocating_task", "sys/vm/panic_on_oom") + DIRTY_SYSCTLS + (
             "zoneinfo", "buddyinfo", "pagetypeinfo", "vmallocinfo", "pressure/memory",
             "pressure/cpu", "pressure/io", "version", "filesystems", "interrupts", "iomem",
             "sys/vm/overcommit_memory", "sys/vm/overcommit_ratio", "sys/kernel/osrelease",
             "sys/kernel/ostype", "sys/fs/file-nr", "sys/fs/inode-nr", "sys/fs/file-max",
             "sys/vm/stat_refresh")
    DIRS = ("", "sys", "sys/vm", "sys/fs", "sys/kernel", "pressure")
    PID_FILES = ("cgroup", "mounts", "comm", "status", "cmdline", "stat", "statm", "oom_score_adj",
                 "maps", "smaps", "smaps_rollup", "numa_maps", "environ", "io", "limits",
                 "oom_score", "mountinfo")
    #: the per-process files read through a ``seq_file`` at ``read()`` (not at
    #: open), whose ``proc_pid_*`` finds the task gone by then: -ESRCH
    #: (``get_proc_task`` NULL); a write -EINVAL (no ``write`` method; the
    #: writer is root, whom the mode does not stop)
    PID_SEQ = frozenset(("maps", "smaps", "smaps_rollup", "numa_maps", "environ", "io",
                         "limits", "oom_score", "mountinfo"))

    def _resolve(self, rel: str, task):
        """(kind, pid, name): kind 'dir', 'file' or 'link'; a process's thread
        directory is named ``task/``, its entries as the process's own
        (``tid_base_stuff`` shares their operations). /proc's links to
        ``self/...`` (mounts, net: ``proc_symlink``) are followed."""
        if rel in self.DIRS:
            return "dir", None, rel
        if rel in self.FILES:
            return "file", None, rel
        head, _, rest = rel.partition("/")
        if head == "self":
            pid = task.pid
        elif head == "thread-self":
            pid = task.pid
            rest = f"task/{pid}/{rest}" if rest else f"task/{pid}"
        elif head.isdigit():
            pid = int(head)
            t = self.k.tasks.get(pid)
            if t is None or t.state == "dead":
                raise oserror(errno.ENOENT)
        else:
            e = proc_tree.ROOT[self.k.sizes.release].get(head)
            if e is None:
                raise oserror(errno.ENOENT)
            if e[0] == "l":     # mounts -> self/mounts, net -> self/net
                return self._resolve(e[4] + (f"/{rest}" if rest else ""), task)
            if head == "sys" and rest:
                kind = self.sysctls().kind(rest)
                if kind is not None:
                    return kind, None, rel
            if rest:
                raise oserror(errno.ENOENT)     # the model holds no entry below it
            return ("dir" if e[0] == "d" else "file"), None, rel
        if rest == "":
            return "dir", pid, ""
        table = proc_tree.TGID
        if rest[:5] == "task/" or rest == "task":
            tid, _, rest = rest[5:].partition("/")
            if rest == "" and tid == "":
                return "dir", pid, "task"
            if tid != str(pid):
                raise oserror(errno.ENOENT)
            if rest == "":
                return "dir", pid, "task/"
            table = proc_tree.TID
        name = rest.partition("/")[0]
        e = table[self.k.sizes.release].get(name)
        if e is None:
            raise oserror(errno.ENOENT)
        if rest == name:
            return {"d": "dir", "f": "file", "l": "link"}[e[0]], pid, rest
        if name == "ns" and rest[3:] in NS_TYPES:
            return "link", pid, rest
        if name == "fd" or name == "fdinfo":
            procfd.fd_entry(self.k.tasks[pid], rest[len(name) + 1:])
            return ("link" if name == "fd" else "file"), pid, rest
        raise oserror(errno.ENOENT)

    #: permission bits other than 0444 (``proc_create``'s modes: fs/proc/page.c
    #: kpagecgroup S_IRUSR, mm/slab_common.c SLABINFO_RIGHTS 0400, kernel/sysctl.c
    #: drop_caches 0200, fs/proc/base.c comm 0644)
    MODES = {"kpagecgroup": 0o400, "slabinfo": 0o400, "sys/vm/drop_caches": 0o200,
             "sys/vm/swappiness": 0o644, "sys/kernel/threads-max": 0o644, "comm": 0o644,
             "sys/vm/min_free_kbytes": 0o644, "sys/vm/watermark_scale_factor": 0o644,
             "sys/kernel/pid_max": 0o644,
             "oom_score_adj": 0o644, "sys/vm/oom_kill_allocating_task": 0o644,
             "sys/vm/panic_on_oom": 0o644, "environ": 0o400, "io": 0o400,
             "pagetypeinfo": 0o400, "vmallocinfo": 0o400, "pressure/memory": 0o666,
             "pressure/cpu": 0o666, "pressure/io": 0o666, "sys/vm/overcommit_memory": 0o644,
             "sys/vm/overcommit_ratio": 0o644, "sys/vm/stat_refresh": 0o600,
             **dict.fromkeys(DIRTY_SYSCTLS, 0o644)}

    def _entry(self, pid, name: str):
        """The recorded entry (fs/proc_tree.py: type, mode, links, size, target) of
        ``name``, a top-level one (``pid`` None) or a process's (``task/``: its
        thread directory), None if none."""
        release = self.k.sizes.release
        if pid is None:
            return proc_tree.ROOT[release].get(name)
        if name == "task/":
            return proc_tree.DIRS[release]["PID/task/PID"]
        if name == "":
            return proc_tree.DIRS[release]["PID"]
        return proc_tree.TGID[release].get(name) or proc_tree.TID[release].get(name)

    def stat(self, rel, task, abspath):
        kind, pid, name = self._resolve(rel, task)
        if kind == "dir":
            e = self._entry(pid, name) if pid is not None or name in proc_tree.ROOT[
                self.k.sizes.release] else None
            if e is not None:
                mode, nlink = e[1], e[2]
                if name == "fdinfo" and not self.k.design.proc_fdinfo_0444:
                    mode = 0o500
                return Stat(stat_mod.S_IFDIR | mode, 0, 0, nlink)
            if rel == "":
                return Stat(stat_mod.S_IFDIR | 0o555, 0, 0, self._root_nlink())
            # S_IFDIR | S_IRUGO | S_IXUGO (proc_pid_make_inode, proc_sys_make_inode)
            return Stat(stat_mod.S_IFDIR | 0o555, 0, 0, 1)
        t = self.k.tasks.get(pid) if pid is not None else None
        if kind == "link":
            return self._follow(t, name, task)
        if name.startswith("fdinfo/"):
            return Stat(stat_mod.S_IFREG | (0o444 if self.k.design.proc_fdinfo_0444 else 0o400),
                        0, 0, 1)
        mode = self.MODES.get(name)
        if mode is None and pid is None and name.startswith("sys/"):
            mode = self.sysctls().mode(name[4:])
        e = self._entry(pid, name) if pid is not None or "/" not in name else None
        if mode is None:
            mode = e[1] if e is not None and e[0] == "f" else 0o444
        if name.startswith("pressure/") and not self.k.design.psi_proc_0666:
            mode = 0o444
        # a file's size is 0 but kcore's (``proc_root_kcore``' ``proc_set_size``)
        return Stat(stat_mod.S_IFREG | mode, e[3] if e is not None and e[0] == "f" else 0, 0, 1)

    def _root_nlink(self) -> int:
        """/proc's links (fs/proc/root.c ``proc_root_getattr``): ``proc_root.nlink``,
        2 and one a directory ``proc_mkdir`` made below it (fs/proc/generic.c: the
        parent's ``nlink++``; the 10 of fs/proc_tree.py on both releases: 12), plus
        ``nr_processes()``, the processes not yet released (``process_counts``,
        taken at ``copy_process``, given back at ``__unhash_process``: zombies count).
        The guests' 71 with 61 pids listed on 6.1 and 65 with 54 on 5.10 are 12 and the
        processes at the stat, the listing's own (the command substitution's subshell,
        its ls and wc) one or two more (tools/sizes/recordings/proc-tree--*)."""
        dirs = sum(1 for e in proc_tree.ROOT[self.k.sizes.release].values() if e[0] == "d")
        return 2 + dirs + sum(1 for t in self.k.tasks.values() if t.state != "dead")

    def _follow(self, t, name: str, task):
        """stat() of a process's link, followed: the binary (exe), the directory
        (cwd, root: removed or not), a namespace's inode, a descriptor's file."""
        if name == "exe":
            return self.k.stat(self._exe(t.pid), task)     # followed: the binary
        if name.startswith("ns/"):
            return Stat(stat_mod.S_IFREG | 0o444, 0, ns_inum(self.k.sizes.release, name[3:]))
        if name.startswith("fd/"):
            path = procfd.fd_entry(t, name[3:])[0]
            if path.startswith("pipe:["):
                # pipefs' inode (``get_pipe_inode``: S_IFIFO | S_IRUSR | S_IWUSR)
                return Stat(stat_mod.S_IFIFO | 0o600, 0, int(path[6:-1]))
            return self.k.stat(path, task)
        if name == "root":
            return self.k.stat("/", task)
        # cwd (followed: the directory itself, removed or not)
        base = self.k.cwd_base(t)
        if base is None:
            raise oserror(errno.ENOENT)
        return self.k.stat(base, task)

    def lstat(self, rel, task, abspath):
        """``lstat()`` in procfs: ``self`` and ``thread-self`` are symbolic links
        (fs/proc/self.c ``proc_self_init``: ``S_IFLNK | S_IRWXUGO``, size 0), as
        are mounts and net (``proc_symlink``: the target's length) and a task's
        ``cwd``, ``exe``, ``root`` and namespaces (fs/proc/base.c ``LNK(...)``), and
        its descriptors (fs/procfd.py: their modes, size 64); the rest as
        :meth:`stat`."""
        if rel in ("self", "thread-self"):
            return Stat(stat_mod.S_IFLNK | 0o777, 0, 0, 1)
        e = proc_tree.ROOT[self.k.sizes.release].get(rel)
        if e is not None and e[0] == "l":
            return Stat(stat_mod.S_IFLNK | 0o777, len(e[4]), 0, 1)
        if "/" in rel:
            kind, pid, name = self._resolve(rel, task)
            if kind == "link":
                if name.startswith("fd/"):
                    flags = procfd.fd_entry(self.k.tasks[pid], name[3:])[1]
                    return Stat(procfd.link_mode(flags), procfd.FD_LINK_SIZE, 0, 1)
                return Stat(stat_mod.S_IFLNK | 0o777, 0, 0, 1)
        return self.stat(rel, task, abspath)

    def readlink(self, rel, task, abspath) -> str:
        """``proc_self_get_link``/``proc_thread_self_get_link``: the reader's pid
        (and ``task/TID``); mounts' and net's targets; a process's links
        (``proc_exe_link``, ``proc_cwd_link``, ``proc_root_link``, ``ns_get_name``,
        ``proc_fd_link``); EINVAL for anything else."""
        if rel == "self":
            return str(task.pid)
        if rel == "thread-self":
            return f"{task.pid}/task/{task.pid}"
        e = proc_tree.ROOT[self.k.sizes.release].get(rel)
        if e is not None and e[0] == "l":
            return e[4]
        kind, pid, name = self._resolve(rel, task)
        if kind != "link":
            raise oserror(errno.EINVAL)
        t = self.k.tasks[pid]
        if name == "exe":
            return self._exe(pid)
        if name.startswith("ns/"):
            return ns_link(self.k.sizes.release, name[3:])
        if name.startswith("fd/"):
            return procfd.fd_entry(t, name[3:])[0]
        # proc_cwd_link, proc_root_link: the task's fs->pwd or fs->root (ENOENT once
        # exit_fs dropped them), read as d_path gives it: "PATH (deleted)" once removed
        d = t.pwd
        if d is None:
            raise oserror(errno.ENOENT)
        return "/" if name == "root" else d.d_path()

    def _exe(self, pid: int) -> str:
        """``proc_exe_link``: the path of the task's ``mm->exe_file`` (the binary its
        mm maps, as /proc/PID/maps names it: fs/procmaps.py); ENOENT without an mm
        (``get_task_exe_file``: a kernel thread, or after ``exit_mm``)."""
        from .procmaps import binary_of, exe_path
        t = self.k.tasks[pid]
        if t.mm is None:
            raise oserror(errno.ENOENT)
        return exe_path(self.k, binary_of(self.k, t), t)

    def listdir(self, rel, task, abspath):
        kind, pid, name = self._resolve(rel, task)
        if kind != "dir":
            raise oserror(errno.ENOTDIR)
        release = self.k.sizes.release
        if pid is not None:
            if name == "":
                return sorted(proc_tree.TGID[release])
            if name == "task/":
                return sorted(proc_tree.TID[release])
            if name == "task":
                return [str(pid)]
            if name == "ns":
                return sorted(NS_TYPES)
            if name == "fd" or name == "fdinfo":
                return procfd.fd_names(self.k.tasks[pid], task)
            return []       # attr, net, map_files: not modelled
        prefix = rel + "/" if rel else ""
        names = {p[len(prefix):].split("/")[0] for p in self.FILES + self.DIRS
                 if p.startswith(prefix) and p != rel}
        if rel == "sys" or rel.startswith("sys/"):
            names |= self.sysctls().children(rel[4:])
        if rel == "":
            # proc_root_readdir: the entries of the boot (fs/proc_tree.py), then the
            # pids (``next_tgid``: every thread group leader still hashed, zombies
            # too, until ``release_task`` unhashes its pids)
            names |= set(proc_tree.ROOT[release]) | {
                str(p) for p, t in self.k.tasks.items() if t.state != "dead"}
        return sorted(names)

    def open(self, rel, mode, task, abspath):
        kind, pid, name = self._resolve(rel, task)
        if kind == "link" and name == "exe":
            return self.k.open(self._exe(pid), mode, task)   # followed: the binary
        if kind == "link" and name.startswith("fd/"):
            # followed: the descriptor's file opened anew (a pipe's end: not modelled)
            path = procfd.fd_entry(self.k.tasks[pid], name[3:])[0]
            if path.startswith("pipe:["):
                raise oserror(errno.ENXIO)
            return self.k.open(path, mode, task)
        if kind == "link" and name.startswith("ns/"):
            return NsFile()
        if kind != "file":
            raise oserror(errno.EISDIR)
        if name.startswith("fdinfo/"):
            if mode != "r":
                raise oserror(errno.EACCES)
            return BufferFile(self._fdinfo(pid, name[7:], task))
        if pid is None and name.startswith("sys/") and name not in self.FILES:
            s, rel = self.sysctls(), name[4:]
            s.check(rel, mode != "r")
            if mode != "r":
                return BufferFile(b"", lambda d: s.write(rel, d))
            return BufferFile(s.read(rel))
        if self._stub(pid, name):
            # listed and stat'ed as the guests' (fs/proc_tree.py); its text is not modelled
            if mode != "r":
                raise oserror(errno.EACCES)
            return BufferFile(b"")
        if mode != "r":
            if name == "sys/vm/drop_caches":
                return BufferFile(b"", lambda d: self._drop_caches(d, task))
            if name == "sys/vm/stat_refresh":
                return BufferFile(b"", vmstat_refresh(self.k))
            if name == "oom_score_adj":
                return BufferFile(b"", lambda d: self._oom_score_adj_write(d, pid))
            if name == "sys/vm/swappiness":
                return BufferFile(b"", self._swappiness_write)
            if name in WMARK_SYSCTLS:
                return BufferFile(b"", lambda d: self._wmark_sysctl_write(name, d))
            if name == "sys/kernel/threads-max":
                return BufferFile(b"", self._threads_max_write)
            if name == "sys/kernel/pid_max":
                return BufferFile(b"", self._pid_max_write)
            if name in DIRTY_SYSCTLS:
                return BufferFile(b"", lambda d: self._dirty_sysctl_write(name, d))
            if name == "sys/vm/oom_kill_allocating_task":
                return BufferFile(b"", self._oom_kill_allocating_task_write)
            if name == "sys/vm/panic_on_oom":
                return BufferFile(b"", self._panic_on_oom_write)
            if pid is not None and name in self.PID_SEQ:
                return SeqFile(None, _refuse(errno.EINVAL))
            if pid is None and name in PROC_CREATE_RO:
                return SeqFile(None, _refuse(errno.EIO))
            if name.startswith("pressure/"):
                return BufferFile(b"", self._psi_write(name))
            if name in OVERCOMMIT_SYSCTLS:
                return BufferFile(b"", lambda d: self._overcommit_write(name, d))
            raise oserror(errno.EACCES)
        if name == "sys/vm/drop_caches":
            raise oserror(errno.EACCES)
        if name == "sys/vm/stat_refresh":
            vmstat_refresh(self.k)(b"")
            return BufferFile(b"")
        if pid is not None and name in self.PID_SEQ:
            return SeqFile(lambda: self._read_seq(name, pid, task))
        return BufferFile(self._read(name, pid, task))

    def _stub(self, pid, name: str) -> bool:
        """Whether ``name`` is an entry the model lists but holds no text of: one
        of fs/proc_tree.py's besides the files it makes."""
        if pid is None:
            return name not in self.FILES
        return name not in self.PID_FILES

    def _fdinfo(self, pid: int, fd: str, reader) -> bytes:
        """/proc/PID/fdinfo/N (fs/procfd.py ``fdinfo``): the mount's ID as
        mountinfo numbers it, the file's inode (a pipe's: its number) on 6.1."""
        path, flags, pos, *mnt = procfd.fd_entry(self.k.tasks[pid], fd)
        ino = None
        if path.startswith("pipe:["):
            mnt_id, n = self.k.design.boot_mounts.index("pipefs"), int(path[6:-1])
        else:
            mnt_id = mnt[0] if mnt else self._mount_id(path)
            try:
                n = self.k.stat(path, reader).st_ino
            except OSError:
                # a file the model's tree leaves out (the oracle's copy of the
                # script in /oracle/bin, fs/guest_tree.py): its inode number unknown
                n = 0
        if self.k.design.proc_fdinfo_ino:
            ino = n
        return procfd.fdinfo(flags, pos, mnt_id, ino).encode()

    def _mount_ids(self) -> dict:
        """Mount point -> mount ID as ``show_mountinfo`` numbers them: the initial
        namespace's root rootfs' of the boot's mounts (design ``boot_mounts``), the
        mounts after boot from their count on (22 in the guests)."""
        boot = self.k.design.boot_mounts
        root, base = boot.index("rootfs"), len(boot) - 1
        return {mp: root if i == 0 else base + i for i, (mp, _) in enumerate(self.vfs.mount_list())}

    def _mount_id(self, path: str) -> int:
        """The ID of the mount ``path`` is on (the deepest mount point above it)."""
        best, mid = "", 1
        for mp, i in self._mount_ids().items():
            if (path == mp or path.startswith(mp.rstrip("/") + "/")) and len(mp) >= len(best):
                best, mid = mp, i
        return mid

    #: the top-level entries read through ``seq_open`` (record by record: no
    #: ``single_open`` operations): mm/vmstat.c ``init_mm_internals``
    #: (``proc_create_seq`` of vmstat, zoneinfo, buddyinfo, pagetypeinfo),
    #: mm/slab_common.c ``slabinfo_open``, mm/vmalloc.c, mm/swapfile.c ``swaps_open``,
    #: kernel/resource.c (iomem), fs/proc/interrupts.c, fs/proc/cpuinfo.c (v5.10, v6.1);
    #: the others are ``single_open`` files, the sysctls none (``proc_sys_open``)
    SEQ_OPEN = frozenset(("vmstat", "slabinfo", "zoneinfo", "buddyinfo", "pagetypeinfo",
                          "vmallocinfo", "swaps", "iomem", "interrupts", "cpuinfo"))
    #: the per-process files read through ``seq_open`` (fs/proc/task_mmu.c
    #: ``proc_maps_open`` and its kin, fs/proc_namespace.c ``mounts_open_common``);
    #: fs/proc/base.c's ``ONE()`` entries and comm are ``single_open`` files
    PID_SEQ_OPEN = frozenset(("maps", "smaps", "numa_maps", "mounts", "mountinfo"))
    PID_SINGLE_OPEN = frozenset(("cgroup", "comm", "status", "stat", "statm", "io", "limits",
                                 "oom_score", "smaps_rollup"))

    def open_kind(self, rel: str) -> tuple:
        """What an open of ``rel`` takes (kernel/open_objects.py
        ``OpenObjects.open``'s kind, memory.stat's buffer (never here), a
        permanent entry: design switch ``proc_permanent``)."""
        head = rel.partition("/")[0]
        if head == "self" or head == "thread-self" or head.isdigit():
            name = rel.rpartition("/")[2]
            if name in self.PID_SINGLE_OPEN:
                return oo.PID_SINGLE, False, True
            if name in self.PID_SEQ_OPEN:
                return oo.PID_SEQ, False, True
            return oo.PLAIN, False, True
        if head == "sys" or rel == "kpagecgroup":
            return oo.PLAIN, False, True
        kind = oo.PROC_SEQ if rel in self.SEQ_OPEN else oo.PROC_SINGLE
        return kind, False, self.k.design.proc_permanent and rel in PROC_PERMANENT

    def _psi_write(self, name: str):
        """``psi_write`` → ``psi_trigger_create`` (fs/cgroup_files.py's checks:
        cpu's "full" -EINVAL before v5.13); the trigger is not kept."""
        from .cgroup_files import w_cpu_pressure, w_pressure
        w = w_cpu_pressure(self.k.sizes.release == "6.1") if name == "pressure/cpu" \
            else w_pressure
        return lambda data: w(None, None, data.decode("utf-8", "replace"), None)

    def _overcommit_write(self, name: str, data: bytes) -> None:
        """vm.overcommit_memory / overcommit_ratio (OVERCOMMIT_SYSCTLS)."""
        lo, hi, _ = OVERCOMMIT_SYSCTLS[name]
        self.sysctl[name] = int_written(data, lo, hi)

    def _read_seq(self, name: str, pid: int, reader) -> bytes:
        """A per-process seq_file's text at its first ``read()``: -ESRCH once the
        task is reaped (a zombie still reads)."""
        from . import procmaps
        k = self.k
        t = k.tasks.get(pid)
        if t is None or t.state == "dead":
            raise oserror(errno.ESRCH)
        if name == "maps":
            return procmaps.show_maps(k, t).encode()
        if name == "smaps":
            return procmaps.show_smaps(k, t).encode()
        if name == "smaps_rollup":
            return procmaps.show_smaps_rollup(k, t).encode()
        if name == "numa_maps":
            return procmaps.show_numa_maps(k, t).encode()
        if name == "environ":
            return procpid.pid_environ(t, t.pwd.d_path() if t.pwd is not None else None)
        if name == "io":
            return procpid.pid_io().encode()
        if name == "limits":
            return procpid.pid_limits(procpid.SIGQ_MAX[k.sizes.release],
                                      k.design.mlock_limit_kb * 1024).encode()
        if name == "oom_score":
            from ..kernel.oom_kill import oom_badness
            total = procmem.totalram_pages(k) + k.swap.total_swap_pages()
            return procpid.pid_oom_score(oom_badness(k, t, total) if t.alive else None,
                                         total).encode()
        return self._mountinfo().encode()

    def _mountinfo(self) -> str:
        """``show_mountinfo`` (fs/proc_namespace.c): mount ID (as
        :meth:`_mount_ids`: the root rootfs', the mounts after boot from 22 in
        the guests), parent ID, the superblock's dev (rootfs 0:2, devtmpfs 0:5, the
        disk 254:0, the others anonymous devices from 0:20 in mount order),
        root, mount point, per-mount options, "-", type, source, superblock
        options (as /proc/mounts)."""
        mounts = self.vfs.mount_list()
        boot = self.k.design.boot_mounts
        root, base = boot.index("rootfs"), len(boot) - 1
        ids: dict[str, int] = {}
        anon = 20
        out = []
        for i, (mp, fs) in enumerate(mounts):
            below = ids.get(mp)
            ids[mp] = root if i == 0 else base + i
            if below is not None:
                parent = below          # a mount it covers is its parent
            else:
                parent = root
                best = ""
                for q in ids:
                    if q != mp and (q == "/" or mp.startswith(q + "/")) and len(q) > len(best):
                        best, parent = q, ids[q]
            if fs.name == "rootfs":
                dev = "0:2"
            elif fs.name == "devtmpfs":
                dev = "0:5"
            elif fs.source.startswith("/dev/"):
                dev = "254:0"
            else:
                dev = f"0:{anon}"
                anon += 1
            out.append(f"{ids[mp]} {parent} {dev} / {mp} "
                       f"{'rw' if fs.name == 'rootfs' else 'rw,relatime'} - "
                       f"{fs.name} {fs.source} rw{super_options(fs)}\n")
        return "".join(out)

    def _oom_score_adj_write(self, data: bytes, pid: int) -> None:
        """``oom_score_adj_write`` (fs/proc/base.c): ``kstrtoint(strstrip(buf), 0)``
        in OOM_SCORE_ADJ_MIN..OOM_SCORE_ADJ_MAX (-1000..1000), else -EINVAL; a task
        gone meanwhile -ESRCH. The writer is root (CAP_SYS_RESOURCE: it may lower it)."""
        from ..kernel.vmscan import OOM_SCORE_ADJ_MAX, OOM_SCORE_ADJ_MIN
        v = int_written(data, OOM_SCORE_ADJ_MIN, OOM_SCORE_ADJ_MAX)
        t = self.k.tasks.get(pid)
        if t is None or not t.alive:
            raise oserror(errno.ESRCH)
        t.oom_score_adj = v

    def _swappiness_write(self, data: bytes) -> None:
        """``vm.swappiness`` (kernel/sysctl.c: ``proc_dointvec_minmax``, 0..200 since
        Linux commit c843966c556d ("mm: allow swappiness that prefers reclaiming anon
        over the file workingset") (in v5.8)), else -EINVAL. ``vm_swappiness`` is the
        root memcg's swappiness (``mem_cgroup_swappiness``): kept there."""
        v = int_written(data, 0, 200)
        root = self.k.memcg.root_mem_cgroup
        if root is not None:
            root.swappiness = v

    def _wmark_sysctl_write(self, name: str, data: bytes) -> None:
        """``vm.min_free_kbytes`` and ``vm.watermark_scale_factor`` (kernel/sysctl.c
        ``vm_table``, ``proc_dointvec_minmax``: not a number or out of WMARK_SYSCTLS'
        range -EINVAL): ``setup_per_zone_wmarks`` with today's managed pages
        (kernel/sizes/hostmem.py), then the allocator's next check uses them."""
        attr, lo, hi = WMARK_SYSCTLS[name]
        v = int_written(data, lo, hi)
        hm = self.k.hostmem
        if attr == "min_free_kbytes":
            hm.set_min_free_kbytes(v)
        else:
            hm.set_watermark_scale_factor(v)
        self.k.vmscan.set_wmark_limit()

    def _dirty_sysctl_write(self, name: str, data: bytes) -> None:
        """A writeback sysctl (kernel/writeback.py ``Writeback.sysctl_write``: its
        range and errno); not a number -EINVAL, the ``*_bytes`` ones unsigned long
        (``proc_doulongvec_minmax``: a negative number skipped, -EINVAL from v6.1:
        design switch ``doulongvec_negative_einval``)."""
        from .cftypes.parse import kstrtoint, kstrtoull, strstrip
        text = strstrip(data.decode("utf-8", "replace"))
        v: int | None
        try:
            if not name.endswith("_bytes"):
                v = kstrtoint(text)
            elif text.startswith("-"):
                if self.k.design.doulongvec_negative_einval:
                    raise oserror(errno.EINVAL)
                kstrtoull(text[1:])
                v = None            # proc_doulongvec_minmax skips a negative value
            else:
                v = kstrtoull(text)
        except OSError:
            raise oserror(errno.EINVAL) from None
        self.k.writeback.sysctl_write(name.rsplit("/", 1)[1], v)

    def _oom_kill_allocating_task_write(self, data: bytes) -> None:
        """vm.oom_kill_allocating_task (``proc_dointvec``: any int, non-zero on;
        not a number -EINVAL): kernel/oom_kill.py ``out_of_memory``."""
        v = int_written(data)
        self.k.oom_kill_allocating_task = v

    def _panic_on_oom_write(self, data: bytes) -> None:
        """vm.panic_on_oom (``proc_dointvec_minmax``, 0..2: kernel/sysctl.c
        ``vm_table`` on v5.10, mm/oom_kill.c ``vm_oom_kill_table`` on v6.1; out of
        range or not a number -EINVAL): kernel/oom_kill.py ``check_panic_on_oom``."""
        v = int_written(data, 0, 2)
        self.k.panic_on_oom = v

    def _threads_max_write(self, data: bytes) -> None:
        """``sysctl_max_threads`` (kernel/fork.c): ``proc_dointvec_minmax`` in
        1..MAX_THREADS (FUTEX_TID_MASK), else -EINVAL; the new ``max_threads``."""
        from ..kernel.fork import THREADS_LIMIT
        v = int_written(data, 1, THREADS_LIMIT)
        self.k.procs.max_threads = v

    def _pid_max_write(self, data: bytes) -> None:
        """sysctl ``kernel.pid_max`` (kernel/sysctl.c ``kern_table``, v5.10 and v6.1):
        ``proc_dointvec_minmax`` in ``pid_max_min``..``pid_max_max``, else -EINVAL
        (kernel/pid.py)."""
        v = int_written(data)
        self.k.procs.pid_ns.set_pid_max(v)

    def _drop_caches(self, data: bytes, task) -> None:
        """``drop_caches_sysctl_handler``: 1 page cache (``drop_pagecache_sb``), 2 slab
        (``drop_slab``: the registered shrinkers, kernel/shrinker.py: the shadow
        nodes beyond each memcg's share, kernel/workingset.py, each disk's unused
        dentries and inodes, kernel/super.py, jbd2's checkpointed buffers,
        kernel/jbd2.py, with the negative dentries on their superblocks' dentry
        lists; then the cgroupfs dentries and what the disks' shrinkers left,
        :meth:`Filemap.prune_unused`), 3 both; each counted in /proc/vmstat once done
        (``count_vm_event(DROP_PAGECACHE)``, ``DROP_SLAB``: fs/drop_caches.c, v5.10 and
        v6.1)."""
        try:
            v = int(data.strip())
        except ValueError:
            raise oserror(errno.EINVAL) from None
        if not 1 <= v <= 4:
            raise oserror(errno.EINVAL)
        k = self.k
        with k.running(task):
            events = k.vmscan.vm_events
            if v & 1:
                k.filemap.drop_pagecache()
                events["drop_pagecache"] += 1
            if v & 2:
                # shadow nodes, each disk's dentries and inodes, jbd2 (v5.14+)
                k.shrinkers.drop_slab()
                in_use = k.inodes_in_use()
                seen = set()
                for fs in self.vfs.mounts.values():
                    if id(fs) in seen:
                        continue
                    seen.add(id(fs))
                    if isinstance(fs, CgroupFs):
                        fs.dentries.prune()
                    elif isinstance(fs, SimpleFs):
                        k.filemap.prune_unused(fs.cached_files(), in_use)
                events["drop_slab"] += 1

    def _read(self, name: str, pid, task) -> bytes:
        k = self.k
        if pid is not None:
            from . import procmaps
            t = k.tasks[pid]
            if name == "cgroup":
                return self._pid_cgroup(t).encode()
            if name == "comm":
                return f"{t.comm}\n".encode()
            if name == "oom_score_adj":
                return f"{t.oom_score_adj}\n".encode()
            if name == "cmdline":
                # proc_pid_cmdline_read: a kernel thread has no mm, nor has a zombie
                # (``exit_mm``), so no arguments (``get_mm_cmdline``: 0 bytes)
                if t.kthread or not t.alive:
                    return b""
                return b"".join(a.encode() + b"\0" for a in t.argv)
            if name == "status":
                return procpid.pid_status(t, task, k.nr_cpus, k.design.proc_status_ib,
                                          procpid.SIGQ_MAX[k.sizes.release],
                                          procmaps.vm_sizes(k, t),
                                          k.freezer.in_refrigerator(t),
                                          procpid.queued_signals(k.tasks.values())).encode()
            if name == "stat":
                return procpid.pid_stat(t, task, k.design.proc_stat_wchan,
                                        procmaps.vm_sizes(k, t)[0],
                                        k.freezer.in_refrigerator(t)).encode()
            if name == "statm":
                return procpid.pid_statm(t, procmaps.vm_sizes(k, t)).encode()
            name = "mounts"
        if name == "cgroups":
            return self._cgroups().encode()
        if name == "uptime":
            up = k.clock.now_ns / 1e9
            return f"{up:.2f} {up * k.nr_cpus:.2f}\n".encode()
        if name == "meminfo":
            return procmem.meminfo(k).encode()
        if name == "stat":
            return procstat.proc_stat(k, task).encode()
        if name == "loadavg":
            return procstat.loadavg(k, task).encode()
        if name == "vmstat":
            return procmem.vmstat(k).encode()
        if name == "slabinfo":
            return procmem.slabinfo(k).encode()
        if name == "swaps":
            return procmem.swaps(k).encode()
        if name == "mounts":
            return "".join(f"{fs.source} {mp} {fs.name} {mount_options(fs)} 0 0\n"
                           for mp, fs in self.vfs.mount_list()).encode()
        if name == "cpuinfo":
            return cpuinfo(k.nr_cpus).encode()
        if name == "sys/kernel/threads-max":
            return f"{k.procs.max_threads}\n".encode()
        if name == "sys/kernel/pid_max":
            return f"{k.procs.pid_ns.pid_max}\n".encode()
        if name in WMARK_SYSCTLS:
            return f"{getattr(k.hostmem, WMARK_SYSCTLS[name][0])}\n".encode()
        if name in DIRTY_SYSCTLS:
            return f"{k.writeback.sysctl[name.rsplit('/', 1)[1]]}\n".encode()
        if name == "sys/vm/oom_kill_allocating_task":
            return f"{k.oom_kill_allocating_task}\n".encode()
        if name == "sys/vm/panic_on_oom":
            return f"{k.panic_on_oom}\n".encode()
        if name == "sys/vm/swappiness":
            root = k.memcg.root_mem_cgroup
            return f"{root.swappiness if root is not None else 60}\n".encode()
        if name == "sys/fs/dentry-state":
            return self._dentry_state().encode()
        text = self._read_global(name)
        if text is not None:
            return text.encode()
        if name == "kpagecgroup":
            return self._kpagecgroup()
        raise oserror(errno.ENOENT)

    def _read_global(self, name: str) -> str | None:
        """The system-wide files of fs/procglobal.py (imported when first read)
        and the sysctls beside them; None for another name."""
        from . import procglobal as g
        k = self.k
        simple = {"zoneinfo": g.zoneinfo, "buddyinfo": g.buddyinfo,
                  "pagetypeinfo": g.pagetypeinfo, "vmallocinfo": g.vmallocinfo,
                  "version": g.version, "filesystems": g.filesystems,
                  "interrupts": g.interrupts, "iomem": g.iomem,
                  "sys/fs/file-nr": g.file_nr, "sys/fs/inode-nr": g.inode_nr}
        fn = simple.get(name)
        if fn is not None:
            return fn(k)
        if name.startswith("pressure/"):
            return g.pressure(k, name[len("pressure/"):])
        if name in OVERCOMMIT_SYSCTLS:
            return f"{self.sysctl[name]}\n"
        if name == "sys/kernel/osrelease":
            return f"{k.design.uname}\n"
        if name == "sys/kernel/ostype":
            return "Linux\n"
        if name == "sys/fs/file-max":
            return f"{g.file_max(k)}\n"
        return None

    def _dentry_state(self) -> str:
        """``proc_nr_dentry`` (fs/dcache.c, v5.10 and v6.1): ``nr_dentry`` (the
        dentries allocated: the boot's, as the boot's /proc/slabinfo counts the
        dentry cache's active objects, and the model's live ones since),
        ``nr_unused`` (those on the superblocks' LRU lists), ``age_limit`` 45,
        ``want_pages`` 0, ``nr_negative`` (the negative ones on the lists), 0."""
        from .procmem import boot_slab_active
        k = self.k
        c = k.slab.caches.get("dentry")
        nr = boot_slab_active(k, "dentry")
        if c is not None:
            nr += c.active_objs() - k.boot_slab_objs.get("dentry", (0, 0))[0]
        unused = neg = 0
        for sb in k.superblocks:
            u, n = sb.nr_dentry_unused()
            unused += u
            neg += n
        return f"{max(nr, unused)}\t{unused}\t45\t0\t{neg}\t0\n"

    def _cgroups(self) -> str:
        """``proc_cgroupstats_show``."""
        k = self.k
        out = ["#subsys_name\thierarchy\tnum_cgroups\tenabled\n"]
        mr = k.memory_root
        for ss in CONTROLLERS:
            r = mr if mr.is_dfl else next((r for r in k.roots if ss in r.subsys), None)
            if r is not None:
                hid, n = r.hierarchy_id, r.nr_cgrps
            else:
                hid, n = 0, 1
            out.append(f"{ss}\t{hid}\t{n}\t1\n")
        return "".join(out)

    def _pid_cgroup(self, t) -> str:
        """``proc_cgroup_show`` (kernel/cgroup/cgroup.c, v5.10 and v6.1): a v1
        hierarchy's path is "/" for an exiting task (PF_EXITING: a zombie), the
        default hierarchy's is the task's last cgroup, with " (deleted)" once that
        cgroup is removed (``cgroup_is_dead``)."""
        k = self.k
        mr = k.memory_root
        cg = t.cgroups.get(mr)
        path = cg.path if cg is not None else "/"
        if mr.is_dfl:
            return f"0::{path}{' (deleted)' if cg is not None and cg.removed else ''}\n"
        lines = []
        for r in reversed(k.roots):     # for_each_root: the newest hierarchy first
            cg = t.cgroups.get(r)
            path = cg.path if cg is not None and t.alive else "/"
            lines.append(f"{r.hierarchy_id}:{','.join(r.subsys)}:{path}\n")
        if k.cgrp_dfl_visible:
            lines.append("0::/\n")
        return "".join(lines)

    def _kpagecgroup(self) -> bytes:
        """One u64 per pfn: the inode number of the page's memcg (0 if none)."""
        k = self.k
        mm = k.mem_map
        out = bytearray()
        for pfn in range(len(mm.kind)):
            m = k.memcg.page_memcg(pfn) if mm.kind[pfn] else None
            out += struct.pack("<Q", m.cgroup.ino if m is not None else 0)
        return bytes(out)

    def mkdir(self, rel, task, abspath):
        raise oserror(errno.EACCES if rel else errno.EEXIST)

    rmdir = unlink = mkdir

    def truncate(self, rel, size, task, abspath):
        self._resolve(rel, task)

    def rename(self, old, new, task, old_ap, new_ap):
        raise oserror(errno.EACCES)


class SeqFile(BufferFile):
    """An open seq_file: its text made at the first ``read()`` (``seq_read`` →
    ``->show``), not at open."""
    __slots__ = ("gen",)

    def __init__(self, gen, on_write=None) -> None:
        super().__init__(b"", on_write)
        self.gen = gen

    def read(self, n: int = -1) -> bytes:
        if self.gen is not None:
            gen, self.gen = self.gen, None
            self.data = gen()
        return super().read(n)


#: the entries of the model's /proc made permanent at boot where the design has them
#: (design switch ``proc_permanent``): v6.1 fs/proc/meminfo.c ``proc_meminfo_init``,
#: loadavg.c, uptime.c, version.c (``pde_make_permanent``), stat.c
#: (``PROC_ENTRY_PERMANENT``); Linux commit d919b33dafb3 ("proc: faster
#: open/read/close with "permanent" files") (in v5.17)
PROC_PERMANENT = frozenset(("meminfo", "stat", "loadavg", "uptime", "version"))


def _refuse(err: int):
    """A write handler failing with ``err``."""
    def write(data: bytes) -> None:
        raise oserror(err)
    return write


def mount_options(fs) -> str:
    """``show_vfsmnt``'s options: "rw,relatime" (relatime is the default of every
    mount(2) since v2.6.30; the initramfs's rootfs, mounted by the kernel itself,
    has none), then the superblock's: a v1 cgroup hierarchy lists its controllers
    (``cgroup1_show_options``), as the oracle's guests print them; a tmpfs its
    limits and inode64 (``shmem_show_options``: fs/shmem_sb.py), the guest's
    rootfs and devtmpfs too (sized at boot: ``boot_sbinfo``)."""
    return ("rw" if fs.name == "rootfs" else "rw,relatime") + super_options(fs)


def super_options(fs) -> str:
    """The superblock's own options after "rw" (/proc/mounts and mountinfo): a v1
    hierarchy's controllers (``cgroup1_show_options``), a tmpfs's limits and
    inode64 (``shmem_show_options``: fs/shmem_sb.py), so a rootfs's or devtmpfs's
    whose boot size is known; others none shown."""
    root = getattr(fs, "root", None)
    if fs.name == "cgroup" and root is not None:
        return "".join("," + ss for ss in root.subsys)
    if fs.name == "tmpfs" or getattr(fs, "sbinfo", None) is not None:
        return show_options(fs.k, fs.limits())
    return ""
