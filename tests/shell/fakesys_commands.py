"""A small in-memory SysAPI for unit tests of the external commands, and a runner."""
from __future__ import annotations

import errno
import inspect
import os
import stat as S
from dataclasses import dataclass, field

from memcgsim.shell.commands import COMMANDS
from memcgsim.shell.context import CommandContext, Sleep
from memcgsim.sysapi import TaskKilled


def _oserr(e: int) -> OSError:
    return OSError(e, os.strerror(e))


@dataclass
class Task:
    pid: int
    comm: str = "bash"
    state: str = "running"
    exit_code: int | None = None
    exit_signal: int | None = None
    anon: int = 0


@dataclass
class Stat:
    st_mode: int
    st_size: int
    st_ino: int
    st_nlink: int = 1


class Node:
    _ino = 100

    def __init__(self, kind: str, mode: int):
        self.kind = kind  # "dir" | "file" | "zero" | "null"
        self.mode = mode
        self.data = bytearray()
        self.children: dict[str, Node] = {}
        Node._ino += 1
        self.ino = Node._ino


class FakeFile:
    def __init__(self, node: Node, mode: str, sys: "FakeSys"):
        self.node, self.mode, self.pos, self.sys = node, mode, 0, sys
        if node.kind == "file" and mode == "a":
            self.pos = len(node.data)

    def read(self, n: int = -1) -> bytes:
        node = self.node
        if node.kind == "dir":
            raise _oserr(errno.EISDIR)
        if node.kind == "null":
            return b""
        if node.kind == "zero":
            return bytes(n if n >= 0 else 1 << 20)
        data = node.data[self.pos:] if n < 0 else node.data[self.pos:self.pos + n]
        self.pos += len(data)
        self.sys.reads.append(len(data))
        return bytes(data)

    def write(self, data: bytes) -> int:
        node = self.node
        if node.kind in ("null", "zero"):
            return len(data)
        if node.kind == "dir":
            raise _oserr(errno.EISDIR)
        if self.sys.write_error is not None:
            raise _oserr(self.sys.write_error)
        if self.mode == "a":
            self.pos = len(node.data)
        node.data[self.pos:self.pos + len(data)] = data
        self.pos += len(data)
        return len(data)

    def close(self) -> None:
        pass


class FakeSys:
    """Paths are absolute. ``anon_limit``: total anon bytes before the allocating
    task is OOM-killed (raises TaskKilled(pid, 9))."""

    nr_cpus = 4
    page_size = 4096

    def __init__(self, anon_limit: int | None = None):
        self.root = Node("dir", S.S_IFDIR | 0o755)
        self.tasks: dict[int, Task] = {}
        self.next_pid = 100
        self.anon_limit = anon_limit
        self.anon_total = 0
        self.alloc_calls: list[tuple[int, int]] = []
        self.free_calls: list[tuple[int, int]] = []
        self.killed: list[tuple[int, int]] = []
        self.busy: set[str] = set()
        self.mounts: list[tuple[str, str, str, str]] = []
        self.reads: list[int] = []
        self.write_error: int | None = None
        self.clock = 0.0
        for d in ("/dev", "/proc", "/tmp", "/sys/fs/cgroup"):
            self.mkdir_p(d)
        self.root.children["dev"].children["zero"] = Node("zero", S.S_IFCHR | 0o666)
        self.root.children["dev"].children["null"] = Node("null", S.S_IFCHR | 0o666)

    # helpers
    def mkdir_p(self, path: str) -> None:
        n = self.root
        for c in path.strip("/").split("/"):
            n = n.children.setdefault(c, Node("dir", S.S_IFDIR | 0o755))

    def put(self, path: str, data: bytes | str) -> None:
        parent, name = self._parent(path)
        node = Node("file", S.S_IFREG | 0o644)
        node.data = bytearray(data.encode() if isinstance(data, str) else data)
        parent.children[name] = node

    def get(self, path: str) -> bytes:
        return bytes(self._lookup(path).data)

    def _lookup(self, path: str) -> Node:
        n = self.root
        for c in [c for c in path.split("/") if c]:
            if n.kind != "dir":
                raise _oserr(errno.ENOTDIR)
            if c not in n.children:
                raise _oserr(errno.ENOENT)
            n = n.children[c]
        return n

    def _parent(self, path: str) -> tuple[Node, str]:
        head, _, name = path.rstrip("/").rpartition("/")
        p = self._lookup(head or "/")
        if p.kind != "dir":
            raise _oserr(errno.ENOTDIR)
        return p, name

    # processes
    def spawn(self, comm: str = "bash") -> Task:
        self.next_pid += 1
        t = Task(self.next_pid, comm)
        self.tasks[t.pid] = t
        return t

    def fork(self, parent: Task, comm: str | None = None) -> Task:
        return self.spawn(comm or parent.comm)

    def exec(self, task: Task, path: str, argv=None) -> None:
        task.comm = path.rsplit("/", 1)[-1]

    def exit(self, task: Task, code: int = 0, handlers: bool = True) -> None:
        self.anon_total -= task.anon
        task.anon = 0
        task.state, task.exit_code = "zombie", code

    def kill(self, pid: int, sig: int, sender=None) -> None:
        t = self.tasks.get(pid)
        if t is None or t.state in ("zombie", "dead"):
            raise _oserr(errno.ESRCH)
        self.killed.append((pid, sig))
        if sig:
            self.anon_total -= t.anon
            t.anon = 0
            t.state, t.exit_signal = "zombie", sig
            if sender is t:
                raise TaskKilled(pid, sig)

    def task(self, pid: int):
        return self.tasks.get(pid)

    def reap(self, task: Task) -> None:
        task.state = "dead"
        self.tasks.pop(task.pid, None)

    def alloc_anon(self, task: Task, nbytes: int, copy: bool = False) -> None:
        self.alloc_calls.append((task.pid, nbytes))
        if self.anon_limit is not None and self.anon_total + nbytes > self.anon_limit:
            self.anon_total -= task.anon
            task.anon = 0
            task.state, task.exit_signal = "zombie", 9
            self.killed.append((task.pid, 9))
            raise TaskKilled(task.pid, 9)
        task.anon += nbytes
        self.anon_total += nbytes

    def free_anon(self, task: Task, nbytes: int) -> None:
        self.free_calls.append((task.pid, nbytes))
        task.anon -= nbytes
        self.anon_total -= nbytes

    @property
    def now(self) -> float:
        return self.clock

    def advance(self, seconds: float) -> None:
        self.clock += seconds

    def advance_to(self, when: float) -> None:
        self.clock = max(self.clock, when)

    # files
    def open(self, path: str, mode: str, task) -> FakeFile:
        try:
            node = self._lookup(path)
            if mode == "w" and node.kind == "file":
                node.data = bytearray()
        except OSError as e:
            if e.errno != errno.ENOENT or mode not in ("w", "a"):
                raise
            parent, name = self._parent(path)
            node = Node("file", S.S_IFREG | 0o644)
            parent.children[name] = node
        if node.kind == "dir" and mode != "r":
            raise _oserr(errno.EISDIR)
        return FakeFile(node, mode, self)

    def read(self, path: str, task) -> str:
        f = self.open(path, "r", task)
        return f.read().decode("utf-8", "surrogateescape")

    def write(self, path: str, data: str, task, append: bool = False) -> None:
        self.open(path, "a" if append else "w", task).write(data.encode())

    def stat(self, path: str, task) -> Stat:
        n = self._lookup(path)
        return Stat(n.mode, len(n.data), n.ino, 2 if n.kind == "dir" else 1)

    def listdir(self, path: str, task) -> list[str]:
        n = self._lookup(path)
        if n.kind != "dir":
            raise _oserr(errno.ENOTDIR)
        return sorted(n.children)

    def mkdir(self, path: str, task, mode: int = 0o755) -> None:
        parent, name = self._parent(path)
        if name in parent.children:
            raise _oserr(errno.EEXIST)
        parent.children[name] = Node("dir", S.S_IFDIR | mode)

    def rmdir(self, path: str, task) -> None:
        if path in self.busy:
            raise _oserr(errno.EBUSY)
        parent, name = self._parent(path)
        n = parent.children.get(name)
        if n is None:
            raise _oserr(errno.ENOENT)
        if n.kind != "dir":
            raise _oserr(errno.ENOTDIR)
        if n.children:
            raise _oserr(errno.ENOTEMPTY)
        del parent.children[name]

    def unlink(self, path: str, task) -> None:
        parent, name = self._parent(path)
        n = parent.children.get(name)
        if n is None:
            raise _oserr(errno.ENOENT)
        if n.kind == "dir":
            raise _oserr(errno.EISDIR)
        del parent.children[name]

    def rename(self, old: str, new: str, task) -> None:
        p1, n1 = self._parent(old)
        p2, n2 = self._parent(new)
        p2.children[n2] = p1.children.pop(n1)

    def truncate(self, path: str, size: int, task) -> None:
        f = self.open(path, "a", task)
        d = f.node.data
        if size < len(d):
            del d[size:]
        else:
            d.extend(bytes(size - len(d)))

    def mount(self, fstype: str, source: str, target: str, task, options: str = "") -> None:
        n = self._lookup(target)
        if n.kind != "dir":
            raise _oserr(errno.ENOTDIR)
        if fstype not in ("tmpfs", "cgroup2", "cgroup", "proc"):
            raise _oserr(errno.ENODEV)
        self.mounts.append((fstype, source, target, options))

    def uname_release(self) -> str:
        return "5.13.0-memcgsim"

    def uname_nodename(self) -> str:
        return "localhost"

    def uname_version(self) -> str:
        return "#1 SMP"


class InBytes:
    def __init__(self, data: bytes = b""):
        self.data, self.pos = data, 0

    def read(self, n: int = -1) -> bytes:
        if n < 0:
            r = self.data[self.pos:]
        else:
            r = self.data[self.pos:self.pos + n]
        self.pos += len(r)
        return r

    def readline(self) -> bytes:
        j = self.data.find(b"\n", self.pos)
        end = len(self.data) if j < 0 else j + 1
        r = self.data[self.pos:end]
        self.pos = end
        return r


class OutBytes:
    def __init__(self):
        self.data = bytearray()
        self.writes = 0

    def write(self, data) -> None:
        self.writes += 1
        self.data += data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data


@dataclass
class Result:
    status: int
    out: str
    err: str
    sleeps: list[float] = field(default_factory=list)
    task: Task | None = None
    writes: int = 0


def run(sys, argv: list[str], stdin: bytes | str = b"", env: dict | None = None, cwd: str = "/",
        task=None, extra: dict | None = None, max_sleeps: int = 10) -> Result:
    """Run one command as a forked child of a fresh task; drive its Sleeps."""
    if isinstance(stdin, str):
        stdin = stdin.encode()
    task = task or sys.spawn("bash")
    out, errs = OutBytes(), OutBytes()
    ctx = CommandContext(sys, task, list(argv), dict(env or {}), cwd, InBytes(stdin), out, errs,
                         extra=dict(extra or {}))
    sleeps: list[float] = []
    r = COMMANDS[argv[0]](ctx)
    if inspect.isgenerator(r):
        try:
            req = next(r)
            while True:
                assert isinstance(req, Sleep)
                sleeps.append(req.seconds)
                if len(sleeps) >= max_sleeps or req.seconds == float("inf"):
                    r.close()
                    r = None
                    break
                sys.advance(req.seconds)
                req = next(r)
        except StopIteration as e:
            r = e.value
    return Result(r if isinstance(r, int) else -1, out.data.decode("utf-8", "surrogateescape"),
                  errs.data.decode("utf-8", "surrogateescape"), sleeps, task, out.writes)
