"""A tiny in-memory SysAPI test double and a few fake external commands.

Used by the interpreter's unit tests so they do not depend on the kernel model;
integration tests use :class:`memcgsim.Kernel`.
"""
from __future__ import annotations

import errno
import heapq
import math
import os
import posixpath
import stat

from memcgsim.shell.context import Sleep
from memcgsim.sysapi import PROGRAM_INO_BASE, TaskKilled


def _err(code: int, path: str = "") -> OSError:
    return OSError(code, os.strerror(code), path) if path else OSError(code, os.strerror(code))


class FTask:
    #: ``pgid``: the fake's one process group (:meth:`FakeSys.kill_pgrp`)
    __slots__ = ("pid", "comm", "state", "exit_code", "exit_signal", "ppid", "pgid")

    def __init__(self, pid: int, comm: str, ppid: int):
        self.pid = pid
        self.comm = comm
        self.state = "running"
        self.exit_code = None
        self.exit_signal = None
        self.ppid = ppid
        self.pgid = 1


class FStat:
    def __init__(self, mode: int, size: int, ino: int):
        self.st_mode = mode
        self.st_size = size
        self.st_ino = ino
        self.st_nlink = 1


class FFile:
    def __init__(self, fs: "FakeSys", path: str, mode: str, task: FTask):
        self.fs = fs
        self.path = path
        self.mode = mode
        self.task = task
        self.pos = 0

    def read(self, n: int = -1) -> bytes:
        if self.path == "/dev/null":
            return b""
        data = self.fs.files[self.path]
        r = data[self.pos:] if n < 0 else data[self.pos:self.pos + n]
        self.pos += len(r)
        return bytes(r)

    def write(self, data: bytes) -> int:
        fs = self.fs
        fs.log.append(("write", self.path, bytes(data), self.task.pid))
        if self.path == "/dev/null":
            return len(data)
        if self.path.endswith("/busy"):
            raise _err(errno.EBUSY)
        if self.path.endswith("/killme"):
            fs._terminate(self.task, 9)
            raise TaskKilled(self.task.pid, 9)
        fs.files[self.path] += data
        return len(data)

    def close(self) -> None:
        pass


class FakeSys:
    """In-memory processes, files and a clock, recording every call in ``log``."""

    def __init__(self):
        self._now = 0.0
        self._timers: list = []
        self._nseq = 0
        self.next_pid = 100
        self.tasks: dict[int, FTask] = {}
        self.files: dict[str, bytearray] = {}
        self.dirs: set[str] = {"/", "/tmp", "/dev", "/root", "/sys", "/proc"}
        self.log: list[tuple] = []

    # processes
    def _new(self, comm: str, ppid: int) -> FTask:
        self.next_pid += 1
        t = FTask(self.next_pid, comm, ppid)
        self.tasks[t.pid] = t
        return t

    def spawn(self, comm: str = "bash") -> FTask:
        t = self._new(comm, 1)
        self.log.append(("spawn", t.pid))
        return t

    def fork(self, parent: FTask, comm: str | None = None) -> FTask:
        assert parent.state == "running", f"fork by dead task {parent.pid}"
        t = self._new(comm or parent.comm, parent.pid)
        self.log.append(("fork", parent.pid, t.pid))
        return t

    def exec(self, task: FTask, path: str, argv: list[str] | None = None) -> None:
        assert task.state == "running"
        task.comm = posixpath.basename(path)
        self.log.append(("exec", task.pid, path, list(argv or [])))

    def exit(self, task: FTask, code: int = 0, handlers: bool = True) -> None:
        assert task.state == "running", f"exit of {task.pid} in state {task.state}"
        task.state = "zombie"
        task.exit_code = code
        self.log.append(("exit", task.pid, code))

    def _terminate(self, task: FTask, sig: int) -> None:
        task.state = "zombie"
        task.exit_signal = sig
        self.log.append(("killed", task.pid, sig))

    def kill(self, pid: int, sig: int, sender: FTask | None = None) -> None:
        t = self.tasks.get(pid)
        if t is None or t.state != "running":
            raise _err(errno.ESRCH)
        self.log.append(("kill", pid, sig))
        if sig == 0:
            return
        self._terminate(t, sig)
        if sender is not None and sender.pid == pid:
            raise TaskKilled(pid, sig)

    def kill_pgrp(self, pgid: int, sig: int, sender: FTask | None = None) -> None:
        """``kill(-pgid, sig)``: the fake has one process group, its running tasks
        (the sender last, as Machine.kill_pgrp); ESRCH when none runs."""
        members = sorted((t for t in self.tasks.values() if t.state == "running"),
                         key=lambda t: t is sender)
        if not members or pgid <= 0:
            raise _err(errno.ESRCH)
        for t in members:
            self.kill(t.pid, sig, sender)

    def kill_all(self, sig: int, sender: FTask) -> None:
        """``kill(-1, sig)``: every running task but the sender's (Machine.kill_all)."""
        targets = [t for t in self.tasks.values() if t.state == "running" and t is not sender]
        if not targets:
            raise _err(errno.ESRCH)
        for t in targets:
            self.kill(t.pid, sig, sender)

    def task(self, pid: int) -> FTask | None:
        return self.tasks.get(pid)

    def reap(self, task: FTask) -> None:
        assert task.state == "zombie", f"reap of {task.pid} in state {task.state}"
        task.state = "dead"
        del self.tasks[task.pid]
        self.log.append(("reap", task.pid))

    def alloc_anon(self, task, nbytes, copy=False) -> None:
        pass

    def free_anon(self, task, nbytes) -> None:
        pass

    # time
    @property
    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self.advance_to(self._now + seconds)

    def advance_to(self, when: float) -> None:
        assert when != math.inf
        while self._timers and self._timers[0][0] <= when:
            t, _, fn = heapq.heappop(self._timers)
            self._set_now(t)
            fn()
        self._set_now(when)

    def _set_now(self, when: float) -> None:
        if when > self._now:
            self._now = when
            self.log.append(("time", when))

    def call_at(self, when: float, fn) -> None:
        self._nseq += 1
        heapq.heappush(self._timers, (max(when, self._now), self._nseq, fn))

    # files
    def open(self, path: str, mode: str, task: FTask) -> FFile:
        if path == "/dev/null":
            return FFile(self, path, mode, task)
        if path in self.dirs:
            raise _err(errno.EISDIR)
        if posixpath.dirname(path) not in self.dirs:
            raise _err(errno.ENOENT)
        if mode == "r" or mode == "r+":
            if path not in self.files:
                raise _err(errno.ENOENT)
        elif mode == "w":
            self.files[path] = bytearray()
        elif mode == "a":
            self.files.setdefault(path, bytearray())
        f = FFile(self, path, mode, task)
        self.log.append(("open", path, mode, task.pid))
        return f

    def read(self, path: str, task: FTask) -> str:
        f = self.open(path, "r", task)
        return f.read().decode("utf-8", "surrogateescape")

    def write(self, path: str, data: str, task: FTask, append: bool = False) -> None:
        f = self.open(path, "a" if append else "w", task)
        f.write(data.encode())

    def stat(self, path: str, task: FTask) -> FStat:
        self.log.append(("stat", path))
        if path == "/dev/null":
            return FStat(stat.S_IFCHR | 0o666, 0, 3)
        if path in self.dirs:
            return FStat(stat.S_IFDIR | 0o755, 0, hash(path) & 0xFFFF)
        if path in self.files:
            return FStat(stat.S_IFREG | 0o644, len(self.files[path]), hash(path) & 0xFFFF)
        if path.startswith("/usr/bin/") and path[9:] in FAKE_COMMANDS:
            # the programs, where PATH's search finds them (type, command -v, hash)
            return FStat(stat.S_IFREG | 0o755, 0, PROGRAM_INO_BASE)
        raise _err(errno.ENOENT)

    def listdir(self, path: str, task: FTask) -> list[str]:
        if path not in self.dirs:
            raise _err(errno.ENOENT)
        pre = path.rstrip("/") + "/"
        names = {p[len(pre):].split("/")[0] for p in list(self.files) + list(self.dirs)
                 if p.startswith(pre) and p != path}
        return sorted(names)

    def mkdir(self, path: str, task: FTask, mode: int = 0o755) -> None:
        if path in self.dirs or path in self.files:
            raise _err(errno.EEXIST)
        if posixpath.dirname(path) not in self.dirs:
            raise _err(errno.ENOENT)
        self.dirs.add(path)

    def rmdir(self, path: str, task: FTask) -> None:
        if path not in self.dirs:
            raise _err(errno.ENOENT)
        if self.listdir(path, task):
            raise _err(errno.ENOTEMPTY)
        self.dirs.discard(path)

    def unlink(self, path: str, task: FTask) -> None:
        if path not in self.files:
            raise _err(errno.ENOENT)
        del self.files[path]

    def rename(self, old: str, new: str, task: FTask) -> None:
        self.files[new] = self.files.pop(old)

    def truncate(self, path: str, size: int, task: FTask) -> None:
        data = self.files.setdefault(path, bytearray())
        del data[size:]
        data.extend(b"\0" * (size - len(data)))

    def mount(self, fstype, source, target, task, options="") -> None:
        self.dirs.add(target)

    def uname_release(self) -> str:
        return "0.0-fake"

    def uname_nodename(self) -> str:
        return "fakehost"

    def uname_version(self) -> str:
        return "#1 SMP"

    # helpers for tests
    def events(self, kind: str) -> list[tuple]:
        return [e for e in self.log if e[0] == kind]


# -- fake external commands --------------------------------------------------------------------
def cmd_cat(ctx) -> int:
    st = 0
    if len(ctx.argv) == 1:
        ctx.stdout.write(ctx.stdin.read())
        return 0
    for a in ctx.argv[1:]:
        try:
            ctx.stdout.write(ctx.sys.read(ctx.path(a), ctx.task))
        except OSError as e:
            ctx.stderr.write(f"cat: {a}: {e.strerror}\n")
            st = 1
    return st


def cmd_sleep(ctx):
    if len(ctx.argv) < 2:
        ctx.stderr.write("sleep: missing operand\n")
        return 1
    try:
        secs = float(ctx.argv[1]) if ctx.argv[1] not in ("inf", "infinity") else math.inf
    except ValueError:
        ctx.stderr.write(f"sleep: invalid time interval '{ctx.argv[1]}'\n")
        return 1
    yield Sleep(secs)
    return 0


def cmd_ext_true(ctx) -> int:
    return 0


def cmd_ext_false(ctx) -> int:
    return 1


def cmd_seq(ctx) -> int:
    nums = [int(a) for a in ctx.argv[1:]]
    lo, hi = (1, nums[0]) if len(nums) == 1 else (nums[0], nums[1])
    ctx.stdout.write("".join(f"{i}\n" for i in range(lo, hi + 1)))
    return 0


def cmd_wc(ctx) -> int:
    data = ctx.stdin.read()
    ctx.stdout.write(str(data.count(b"\n")) + "\n")
    return 0


def cmd_tr(ctx) -> int:
    data = ctx.stdin.read().decode()
    a, b = ctx.argv[1], ctx.argv[2]
    ctx.stdout.write(data.translate(str.maketrans(a, b[:len(a)].ljust(len(a), b[-1:] or " "))))
    return 0


def cmd_grep(ctx) -> int:
    args = ctx.argv[1:]
    quiet = False
    while args and args[0].startswith("-"):
        quiet = quiet or "q" in args[0]
        args = args[1:]
    pat = args[0]
    data = ctx.sys.read(ctx.path(args[1]), ctx.task) if len(args) > 1 else ctx.stdin.read().decode()
    lines = [ln for ln in data.splitlines(True) if pat in ln]
    if not quiet:
        ctx.stdout.write("".join(lines))
    return 0 if lines else 1


def cmd_mkdir(ctx) -> int:
    st = 0
    for a in ctx.argv[1:]:
        try:
            ctx.sys.mkdir(ctx.path(a), ctx.task)
        except OSError as e:
            ctx.stderr.write(f"mkdir: cannot create directory '{a}': {e.strerror}\n")
            st = 1
    return st


def cmd_exit3(ctx) -> int:
    return 3


FAKE_COMMANDS = {"cat": cmd_cat, "sleep": cmd_sleep, "ext_true": cmd_ext_true, "ext_false": cmd_ext_false,
                 "seq": cmd_seq, "wc": cmd_wc, "tr": cmd_tr, "grep": cmd_grep, "mkdir": cmd_mkdir,
                 "exit3": cmd_exit3}


def cmd_rmdir(ctx) -> int:
    st = 0
    for a in ctx.argv[1:]:
        try:
            ctx.sys.rmdir(ctx.path(a), ctx.task)
        except OSError as e:
            ctx.stderr.write(f"rmdir: failed to remove '{a}': {e.strerror}\n")
            st = 1
    return st


FAKE_COMMANDS["rmdir"] = cmd_rmdir


def _robust(fn):
    """Fake commands are minimal: bad usage is an error status, not an exception."""
    def wrapper(ctx):
        try:
            return fn(ctx)
        except (IndexError, ValueError, UnicodeDecodeError):
            ctx.stderr.write(f"{ctx.argv[0]}: usage error\n")
            return 1
    return wrapper


for _name, _fn in list(FAKE_COMMANDS.items()):
    if _name != "sleep":
        FAKE_COMMANDS[_name] = _robust(_fn)
