"""/proc/PID/fd and /proc/PID/fdinfo: a process's descriptors (fs/proc/fd.c, v5.10
and v6.1), as the oracle's guests show them (tools/sizes/proc-tree.sh, recordings
tools/sizes/recordings/proc-tree--K-V.txt; tests/conformance/scripts/userland-proc.sh).

- fd/N is a link (``proc_fd_instantiate``): its mode from the file's ``f_mode``
  (``tid_fd_update_inode``: S_IRUSR|S_IXUSR if readable, S_IWUSR|S_IXUSR if
  writable: ``lr-x------``, ``l-wx------``, ``lrwx------``), its size 64
  (``inode->i_size = 64``), its target the file's path (``proc_fd_link`` →
  ``d_path``), followed to the file itself by stat and open; the directory 0500,
  listed in descriptor order (``proc_readfd_common``);
- fdinfo/N (``seq_show``): ``pos``, ``flags`` (octal ``f_flags``, O_CLOEXEC added
  for a close-on-exec descriptor), ``mnt_id`` and, on 6.1, ``ino`` (design switch
  ``proc_fdinfo_ino``); the directory and files are 0500 and 0400 on 5.10, 0555 and
  0444 on 6.1 (design switch ``proc_fdinfo_0444``).

A process's descriptors are those its shell process maps (``Task.fd_view``:
shell/interp.py ``Shell.fd_files``; a command it forked, its streams while it runs);
the guests' init's are :class:`BusyboxInitFiles`; a task without one (a kernel
thread, a zombie past ``exit_files``) lists none.
"""
from __future__ import annotations

import errno
import stat as stat_mod

from ..kernel.file import alloc_fd
from .vfs import oserror

#: ``inode->i_size`` of an fd link (fs/proc/fd.c ``proc_fd_instantiate``)
FD_LINK_SIZE = 64
#: the access mode bits of ``f_flags``; ``O_DIRECTORY``
O_ACCMODE = 0o3
O_DIRECTORY = 0o200000


def task_files(task) -> dict:
    """fd -> (path, ``f_flags``, offset[, mount ID]) of ``task``'s open descriptors
    (the mount ID where the path's is not the file's: one opened before a mount
    over its directory)."""
    if task is None or not task.alive:
        return {}
    view = getattr(task, "fd_view", None)
    files = getattr(view, "fd_files", None)
    return files(task) if files is not None else {}


def fd_entry(task, name: str) -> tuple:
    """The open descriptor ``name`` (its decimal number) of ``task``; -ENOENT if it
    is not open (``proc_lookupfd_common``: ``name_to_int``, then the table)."""
    if not name.isdigit() or (len(name) > 1 and name[0] == "0"):
        raise oserror(errno.ENOENT)
    f = task_files(task).get(int(name))
    if f is None:
        raise oserror(errno.ENOENT)
    return f


def link_mode(flags: int) -> int:
    """An fd link's ``i_mode`` (``tid_fd_update_inode``): FMODE_READ for O_RDONLY
    and O_RDWR, FMODE_WRITE for O_WRONLY and O_RDWR."""
    acc = flags & O_ACCMODE
    mode = stat_mod.S_IFLNK
    if acc != 1:
        mode |= stat_mod.S_IRUSR | stat_mod.S_IXUSR
    if acc != 0:
        mode |= stat_mod.S_IWUSR | stat_mod.S_IXUSR
    return mode


def fd_names(task, reader=None) -> list[str]:
    """fd/'s and fdinfo/'s entries, in descriptor order. A process listing its own
    (``ls /proc/self/fd``) has the directory open while it reads it (``opendir``:
    the lowest descriptor free), which the listing shows (``proc_readfd_common``
    walks the table ``getdents`` reads it through)."""
    files = task_files(task)
    fds = set(files)
    if reader is task and task is not None and task.alive and not any(
            f[1] & O_DIRECTORY for f in files.values()):
        # (unless the reader declared its opendir: shell/commands/_util.py dir_open)
        fds.add(alloc_fd(fds, 0, None))
    return [str(fd) for fd in sorted(fds)]


def fdinfo(flags: int, pos: int, mnt_id: int, ino: int | None) -> str:
    """``seq_show``'s text (``ino`` None: 5.10's, which has no such line); the
    locks and the file's own ``show_fdinfo`` lines (an eventfd's, an inotify's)
    are none of the model's files'."""
    out = f"pos:\t{pos}\nflags:\t0{flags:o}\nmnt_id:\t{mnt_id}\n"
    if ino is not None:
        out += f"ino:\t{ino}\n"
    return out


#: the guests' init's script (oracle/image.py ``build_initramfs``: ``/init``,
#: ``#!/bin/busybox sh``)
INIT_SCRIPT = "/init"
#: /dev/console of the rootfs, as the kernel opens it for init
#: (init/main.c ``console_on_rootfs``: ``filp_open("/dev/console", O_RDWR, 0)``, no
#: O_LARGEFILE: that is ``do_sys_open``'s ``force_o_largefile``), before /dev is
#: devtmpfs: on the rootfs's mount (ID 1)
CONSOLE = ("/dev/console", 0o2, 0, 1)
#: ``fcntl(F_DUPFD_CLOEXEC, 10)``: busybox ash's own descriptors (``savefd``, and
#: ``save_fd_on_redirect`` for a redirected command's 0-2) from 10 up
ASH_FD_BASE = 10
O_LARGEFILE = 0o100000
O_CLOEXEC = 0o2000000


class BusyboxInitFiles:
    """The descriptors of the guests' init (``busybox sh /init``) while it waits for
    the script's bash (recorded: tests/conformance/recordings/userland-proc2--*):
    its script at 10 (ash.c ``setinputfile``: opened, moved up by ``savefd``,
    close-on-exec), read to its end (ash never seeks back; 1534 bytes on both
    guests); then the command ``/bin/bash NAME </dev/null >/dev/ttyS1
    2>/dev/ttyS2``: ash applies a command's redirections in its own process before
    the fork (``evalcommand``: ``redirectsafe(..., REDIR_PUSH)``), saving the
    kernel's console at 11-13 (``save_fd_on_redirect``), so 0-2 are the script's
    (the machine's ``stdio_paths``). Without them (a machine not the oracle's
    guest) 0-2 are the console."""
    __slots__ = ("k", "fds")

    def __init__(self, k) -> None:
        self.k = k
        #: what ``fdget`` finds open above 2 (kernel/file.py)
        self.fds = dict.fromkeys(range(ASH_FD_BASE, ASH_FD_BASE + 4))

    def fd_files(self, task) -> dict:
        """fd -> (path, ``f_flags``, offset[, mount ID]), as ``task_files``."""
        k = self.k
        size = k.stat(INIT_SCRIPT, task).st_size
        out = {ASH_FD_BASE: (INIT_SCRIPT, O_LARGEFILE | O_CLOEXEC, size)}
        stdio = getattr(k, "stdio_paths", None)
        if stdio is None:
            out.update(dict.fromkeys(range(3), CONSOLE))
            return out
        out[0] = (stdio[0], O_LARGEFILE, 0)
        out[1] = (stdio[1], O_LARGEFILE | 1, 0)
        out[2] = (stdio[2], O_LARGEFILE | 1, 0)
        path, flags, pos, mnt = CONSOLE
        for fd in range(ASH_FD_BASE + 1, ASH_FD_BASE + 4):
            out[fd] = (path, flags | O_CLOEXEC, pos, mnt)
        return out
