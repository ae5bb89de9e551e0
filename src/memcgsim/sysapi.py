"""The system-call surface the shell and workloads use to drive the model.

:class:`memcgsim.Kernel` implements :class:`SysAPI`. Everything above the kernel
(``shell/``, ``workload/``) goes through these calls only, as a user-space program
goes through syscalls. Paths are absolute and already normalised by the caller
(the shell keeps its own cwd). Every call that acts for a process takes the
calling :class:`Task`, because ``/proc/self``, charging and permission depend on it.

Errors are :class:`OSError` with the errno the kernel returns (``errno.EBUSY``,
``errno.ENOSPC``...) and ``strerror`` as ``os.strerror`` gives it. When the
*calling* task is killed during a call (OOM killer, ``cgroup.kill``, a signal
from itself), the call raises :class:`TaskKilled` after the kernel has done
its exit work.
"""
from __future__ import annotations

from typing import Protocol, runtime_checkable


#: inode numbers from here up are the programs of the system's image (/bin, /usr/bin)
PROGRAM_INO_BASE = 1 << 20

class TaskKilled(BaseException):
    """The calling task was killed while in the kernel; ``signal`` says by what.

    A ``BaseException`` so that ``except Exception`` in command code does not
    swallow it: the process is gone, the shell must unwind it.
    """

    def __init__(self, pid: int, signal: int):
        super().__init__(pid, signal)
        self.pid = pid
        self.signal = signal


class OpenFile(Protocol):
    """An open file description (``struct file``). Bytes in, bytes out."""

    def read(self, n: int = -1) -> bytes:
        """``read()`` of up to ``n`` bytes (all to EOF when -1)."""
    def write(self, data: bytes) -> int:
        """``write()``: bytes taken."""
    def close(self) -> None:
        """``close()`` of the description."""


class StatResult(Protocol):
    """What ``stat()`` gives (``struct stat``, the fields the model fills)."""
    st_mode: int   # stat.S_IFDIR | 0o755, stat.S_IFREG | 0o644, S_IFCHR for /dev/null...
    st_size: int
    st_ino: int
    st_nlink: int


@runtime_checkable
class TaskLike(Protocol):
    """A process as callers see it (``struct task_struct``)."""
    pid: int
    comm: str
    #: "running", "sleeping", "stopped" (a stop signal), "zombie" or "dead"
    state: str
    #: exit code once exited (None while alive)
    exit_code: int | None
    #: the signal that killed it (None if it exited or is alive)
    exit_signal: int | None


class SysAPI(Protocol):
    """The calls a user-space program makes, on behalf of a task."""
    #: where scripts start (the shell's initial working directory)
    workdir: str

    # --- processes ---------------------------------------------------------
    def spawn(self, comm: str = "bash") -> TaskLike:
        """A new process in the root cgroup, forked from init and exec'ed as ``comm``."""
    def fork(self, parent: TaskLike, comm: str | None = None, vfork: bool = False) -> TaskLike:
        """``fork()`` by ``parent``: the child's kernel stack and task structures are
        charged in the parent's context (``dup_task_struct``). The child starts in
        the parent's cgroup with a copy of the parent's image (``comm`` defaults to
        the parent's); with ``vfork`` on the parent's own mm until it execs."""
    def exec(self, task: TaskLike, path: str, argv: list[str] | None = None,
             interpreter: str | None = None) -> None:
        """``execve()``: drop the old image, set ``comm`` to the basename, and fault in
        the program image (anon pages, page tables, slab) charged to the task's memcg;
        a script's is its ``interpreter``'s."""
    def chmod(self, path: str, mode: int, task: TaskLike) -> None:
        """``chmod()``: the permission bits of a regular file."""
    def exit(self, task: TaskLike, code: int = 0, handlers: bool = True) -> None:
        """``exit()``: mm teardown, kernel stack release, leave the cgroup;
        ``handlers`` False: ``_exit()`` (no exit handlers, no stdio flush)."""
    def kill(self, pid: int, sig: int, sender: TaskLike | None = None) -> None:
        """Send ``sig``; default actions only (SIGKILL/SIGTERM/SIGINT/... terminate
        unless ignored, 0 only checks). Raises ESRCH for an unknown or dead pid. A
        system may let another task die of it later, when it next runs (the
        optional ``fatal_signal_pending(task)`` and ``next_signal_exit()`` say
        which and when)."""
    def freezable_sleep(self, task: TaskLike, asleep: bool) -> None:
        """A ``nanosleep`` going to sleep (``asleep``) or waking: the freezer's
        PF_FREEZER_SKIP on kernels with ``freezable_schedule``."""
    def sigaction(self, task: TaskLike, sig: int, ignore: bool, catch: bool = False,
                  fatal: bool = False) -> None:
        """Set ``sig`` to SIG_IGN (``ignore``), a handler (``catch``: kill leaves it
        in ``task.sigpending``, unless the handler is ``fatal``: it re-raises the
        signal, which kill then acts on at once) or SIG_DFL for ``task``; children
        inherit it, execve keeps an ignore and resets a handler. EINVAL for
        SIGKILL and SIGSTOP."""
    def sigactions(self, task: TaskLike, dfl: int, catch: int = 0, fatal: int = 0) -> None:
        """Several ``sigaction`` calls at once, as masks of signal bits: ``dfl``'s
        signals to SIG_DFL, then ``catch``'s to a handler (``fatal``'s re-raising);
        a system with ``sigaction`` has it too."""
    def task(self, pid: int) -> TaskLike | None:
        """The live (not yet reaped) task with this pid."""
    def reap(self, task: TaskLike) -> None:
        """``wait()`` by the parent: a zombie's pid is freed."""
    def setpgid(self, task: TaskLike, pgid: int = 0) -> None:
        """``setpgid(0, pgid)`` by ``task`` (0: its own group)."""
    def kill_pgrp(self, pgid: int, sig: int, sender: TaskLike | None = None) -> None:
        """``kill(-pgid, sig)``: every task of process group ``pgid``; ESRCH if none."""
    def kill_all(self, sig: int, sender: TaskLike) -> None:
        """``kill(-1, sig)``: every process but init and ``sender``'s own; ESRCH if
        there is none."""
    def setpriority(self, task: TaskLike, nice: int) -> None:
        """``setpriority(PRIO_PROCESS, ...)``: the task's nice value (clamped)."""
    def ioprio_set(self, task: TaskLike, ioclass: int, data: int) -> None:
        """``ioprio_set``: the task's I/O priority class and level (EINVAL if bad)."""
    def setsid(self, task: TaskLike) -> int:
        """``setsid()`` by ``task``: a new session and process group, its pid the
        id of both (EPERM if it leads a process group)."""

    # --- memory of a process -----------------------------------------------
    def alloc_anon(self, task: TaskLike, nbytes: int, copy: bool = False) -> None:
        """Touch ``nbytes`` of new anonymous memory (page faults, one charge per page).
        May reclaim, throttle, or OOM-kill (raising :class:`TaskKilled` if the
        victim is ``task``). ``copy``: the kernel touches it, copying into it
        (``read()`` into a fresh buffer), and retries a fault that fails."""
    def free_anon(self, task: TaskLike, nbytes: int) -> None:
        """``munmap``/``free`` of anon memory the task allocated."""

    # --- processes as the kernel sees them (optional: the shell checks) -------
    def touch(self, task: TaskLike, area: str, first: int, last: int) -> None:
        """User space writes pages ``first..last`` of ``area`` (``[heap]``,
        ``[stack]``, ``[data]``): first-touch and copy-on-write faults, charged to the
        task's memcg at that moment."""
    def read_pages(self, task: TaskLike, area: str, first: int, last: int) -> None:
        """User space reads pages ``first..last`` of ``area``: pages swapped out are
        read back (read faults)."""
    def mmap_anon(self, task: TaskLike, area: str, nbytes: int) -> None:
        """``mmap()`` of ``nbytes`` of anonymous memory as the task's new ``area``
        (its pages charged as :meth:`touch` writes them)."""
    def munmap(self, task: TaskLike, area: str, first: int = 0, last: int | None = None) -> None:
        """``munmap()`` of pages ``first..last`` of ``area`` (the whole area when
        ``last`` is None): the pages only this task maps are uncharged and freed."""
    def brk(self, task: TaskLike, pages: int) -> None:
        """``brk()``: the task's ``[heap]`` now ends ``pages`` pages past its start
        (what /proc/PID/maps shows; the pages a lower end leaves are unmapped
        with :meth:`munmap`)."""
    def minor_faults(self, task: TaskLike, nr: int) -> None:
        """``nr`` page faults of ``task`` that charge nothing (counted in pgfault)."""
    def wake_up_new_task(self, parent: TaskLike, child: TaskLike) -> float:
        """Seconds after ``fork`` until the child has run and exec'ed (the parent
        goes on meanwhile)."""
    def schedule(self, task: TaskLike) -> list:
        """``task`` blocks (or exits): (child, seconds until it has run and exec'ed)
        for each child forked onto its CPU whose first run now comes at another
        time than :meth:`wake_up_new_task` said."""
    def runqueue_wait(self, child: TaskLike) -> float:
        """Seconds the new task ``child`` waits before it first runs: the
        children forked onto its CPU before it run first."""
    def wake_up_parent(self, parent: TaskLike, child: TaskLike) -> None:
        """``parent``, blocked waiting for ``child`` (``wait``, reading its output),
        is woken by it: the CPU it runs on next is chosen again."""
    def pipe_release_wake(self, reader: TaskLike, writer: TaskLike) -> None:
        """``reader``, asleep on an empty pipe, is woken by the exiting ``writer``'s
        close of its last write end: the CPU it runs on next is chosen again
        (asked only where the system's ``pipe_release_wakes`` is true)."""
    def pipe_write_wake(self, reader: TaskLike, writer: TaskLike) -> None:
        """``reader``, asleep on an empty pipe, is woken by the live ``writer``'s
        write into it: the CPU it runs on next is chosen again, and it stays there
        until it blocks again (asked only where the system's ``pipe_write_wakes``
        is true)."""
    def sched_setaffinity(self, task: TaskLike, cpus) -> None:
        """Set the task's CPU mask (``OSError`` EINVAL if it names no CPU)."""
    def sched_getaffinity(self, task: TaskLike) -> list[int]:
        """The CPUs the task may run on."""

    # --- pipes (optional: without them the shell's pipes charge nothing) ------
    def pipe_open(self, task: TaskLike) -> object:
        """``pipe()`` by ``task``: a kernel pipe whose structures it is charged for."""
    def pipe_room(self, pipe: object) -> int:
        """Bytes a write could take without blocking."""
    def pipe_write(self, pipe: object, task: TaskLike, nbytes: int) -> int:
        """``write()``: bytes taken, the pages charged to ``task``; raises
        :class:`TaskKilled` if the OOM killer chose the writer, ENOMEM if nothing
        could be charged."""
    def pipe_read(self, pipe: object, task: TaskLike, nbytes: int) -> None:
        """``nbytes`` read by ``task``: buffers read to their end are released."""
    def pipe_close(self, pipe: object, task: TaskLike) -> None:
        """The last end closed (by ``task``): everything the pipe held is freed."""

    # --- time ----------------------------------------------------------------
    @property
    def now(self) -> float:
        """Simulated seconds since boot."""
    def advance(self, seconds: float) -> None:
        """Let ``seconds`` of simulated time pass, running deferred work and timers."""
    def advance_to(self, when: float) -> None:
        """Advance the clock to ``when`` (no-op if already past)."""
    def call_at(self, when: float, fn) -> None:
        """Call ``fn()`` at simulated time ``when`` (a kernel timer: the hrtimer that
        ends a process's ``nanosleep``)."""

    # --- files ---------------------------------------------------------------
    def open(self, path: str, mode: str, task: TaskLike) -> OpenFile:
        """``mode`` is one of "r", "w" (O_TRUNC|O_CREAT), "a" (O_APPEND|O_CREAT),
        "r+" (no truncation, no creation)."""
    def read(self, path: str, task: TaskLike) -> str:
        """Open, read to EOF, close; utf-8 (surrogateescape)."""
    def write(self, path: str, data: str, task: TaskLike, append: bool = False) -> None:
        """Open for writing, one ``write()`` of ``data``, close."""
    def stat(self, path: str, task: TaskLike) -> StatResult:
        """``stat()``. A lookup of a missing name on a disk filesystem leaves a
        negative dentry charged to the task's memcg, as the kernel's dcache does."""
    def access(self, path: str, task: TaskLike) -> None:
        """``access()`` of a name ``stat()`` just found: its temporary cred."""
    def listdir(self, path: str, task: TaskLike) -> list[str]:
        """Sorted names in a directory (no . and ..)."""
    def mkdir(self, path: str, task: TaskLike, mode: int = 0o755) -> None:
        """``mkdir()``; on a cgroup filesystem, a new cgroup (``cgroup_mkdir``)."""
    def rmdir(self, path: str, task: TaskLike) -> None:
        """``rmdir()``; on a cgroup filesystem ``cgroup_rmdir``: the cgroup goes
        offline and stays dying until its css's last reference is put."""
    def unlink(self, path: str, task: TaskLike) -> None:
        """``unlink()`` of a file."""
    def link(self, old: str, new: str, task: TaskLike) -> None:
        """``link()``: ``new`` another name of the file ``old`` (EXDEV across two
        filesystems)."""
    def rename(self, old: str, new: str, task: TaskLike) -> None:
        """``rename()`` within one filesystem (EXDEV across two)."""
    def lstat(self, path: str, task: TaskLike) -> StatResult:
        """``lstat()``: a symbolic link itself, not what it names."""
    def symlink(self, target: str, path: str, task: TaskLike) -> None:
        """``symlink()``: a link at ``path`` to ``target`` (its inode and dentry
        charged to the task's memcg; paths through it are followed)."""
    def readlink(self, path: str, task: TaskLike) -> str:
        """``readlink()``: a link's target (EINVAL for anything else)."""
    def mknod(self, path: str, mode: int, task: TaskLike) -> None:
        """``mknod()`` of a FIFO (``S_IFIFO | perms``): opening it for reading
        waits for a writer and the other way round (``fifo_open``)."""
    def truncate(self, path: str, size: int, task: TaskLike) -> None:
        """Set the size, creating the file if missing (as ``truncate -s``)."""
    def mount(self, fstype: str, source: str, target: str, task: TaskLike,
              options: str = "") -> None:
        """``mount()`` of a new ``fstype`` filesystem on directory ``target``."""
    def umount(self, target: str, task: TaskLike, lazy: bool = False) -> None:
        """``umount()`` of the filesystem mounted on ``target`` (``umount2(target,
        MNT_DETACH)`` if ``lazy``)."""
    def uname_release(self) -> str:
        """What ``uname -r`` prints: names the kernel design."""
    def uname_nodename(self) -> str:
        """``utsname()->nodename`` (``uname -n``, ``hostname``, bash's HOSTNAME
        and prompt ``\\h``)."""
    def uname_version(self) -> str:
        """``utsname()->version`` (``uname -v``): the kernel's build string."""
