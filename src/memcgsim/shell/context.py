"""What a command implementation sees: its process, arguments, streams and the system.

A command is ``def cmd_NAME(ctx: CommandContext) -> int`` registered in
``memcgsim.shell.commands.COMMANDS``. A command that must let simulated time pass
(``sleep``, ``stress-ng --vm-keep``, ``inotifywait -m``) is a *generator* function:
it yields :class:`Sleep` requests and returns its exit status; the shell's job
scheduler advances the clock and resumes it. Errors go to ``ctx.stderr`` in the
tool's own words (``mkdir: cannot create directory 'a': File exists``) and the
command returns the tool's exit status.
"""
from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Callable, Protocol

from ..kernel.fs_struct import DEAD_PREFIX

if TYPE_CHECKING:
    from ..sysapi import SysAPI, TaskLike


class Sleep:
    """Yielded by a generator command: block for ``seconds`` of simulated time
    (``float('inf')`` = until killed)."""
    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __repr__(self) -> str:
        return f"Sleep(seconds={self.seconds!r})"


class InStream(Protocol):
    def read(self, n: int = -1) -> bytes: ...
    def readline(self) -> bytes: ...


class OutStream(Protocol):
    def write(self, data: bytes | str) -> None:
        """One ``write()`` system call (matters for cgroupfs files)."""


class CommandContext:
    """A command's view: ``sys``; ``task``, the process running the command (a
    forked-and-exec'ed child for external commands, the shell's own task for
    builtins); ``argv``, ``env``, ``cwd``, the three streams; ``shell``, the
    interpreter, for builtins that change shell state (None for externals);
    ``extra``, hooks the shell hands some commands (``spawn``, ``fds``...).
    ``env`` may be given as a function making it: it is called at the first
    read (most commands never read their environment; the shell that ran the
    command cannot change its variables before the command has ended)."""
    # written out, not a dataclass: building one costs every start (bench/README.md)
    __slots__ = ("sys", "task", "argv", "_env", "cwd", "stdin", "stdout", "stderr",
                 "shell", "extra")

    def __init__(self, sys: "SysAPI", task: "TaskLike", argv: list[str],
                 env: "dict[str, str] | Callable[[], dict[str, str]]", cwd: str,
                 stdin: InStream, stdout: OutStream,
                 stderr: OutStream, shell: object | None = None,
                 extra: dict | None = None) -> None:
        self.sys = sys
        self.task = task
        self.argv = argv
        self._env = env
        self.cwd = cwd
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.shell = shell
        self.extra = {} if extra is None else extra

    @property
    def env(self) -> dict[str, str]:
        """The command's environment (exported variables and their values)."""
        e = self._env
        if callable(e):
            e = self._env = e()
        return e

    @env.setter
    def env(self, env: dict[str, str]) -> None:
        self._env = env

    def path(self, p: str) -> str:
        """Absolute path of ``p`` relative to ``cwd``, lexically normalised (but
        its ``..`` where the system has symbolic links)."""
        return abspath(self.cwd, p, self.sys)


def abspath(cwd: str, p: str, sys=None) -> str:
    """``normpath(join(cwd, p))`` (``cwd`` itself if ``p`` is empty). A path with
    no empty, ``.`` or ``..`` component and no trailing slash is its own normal
    form: it is returned as joined, without normpath's split and join.
    Where ``sys`` has symbolic links, ``..`` components are kept for the kernel's
    walk, which takes them after the links before them."""
    if not p:
        return cwd
    if p[0] == "/":
        q = p
    elif cwd[:3] == DEAD_PREFIX:
        # the cwd was removed: ``..`` goes up its d_parent (fs/deaddir.py)
        paths = getattr(sys, "paths", None)
        if paths is None:
            return cwd + "/" + p
        from ..fs.deaddir import lookup_at
        return lookup_at(paths, cwd, p)
    elif cwd == "/":
        q = "/" + p
    elif cwd[:1] == "/":
        q = cwd + "/" + p
    else:
        q = "//"
    if "//" not in q and "/." not in q and q[-1] != "/":
        return q
    if sys is not None and has_symlinks(sys):
        parts = [c for c in posixpath.join(cwd, p).split("/") if c and c != "."]
        if ".." in parts:
            return "/" + "/".join(parts)
    return posixpath.normpath(posixpath.join(cwd, p))


def dot_entries(path: str) -> list[str]:
    """The ``.`` and ``..`` that ``getdents`` gives first for the directory at
    ``path`` (made by :func:`abspath`): none for a removed directory a process still
    sits in, whose ``getdents`` fails with ENOENT (fs/readdir.c ``iterate_dir``:
    ``IS_DEADDIR``), which glibc's ``readdir`` takes as the end (fs/deaddir.py)."""
    return [] if path[:3] == DEAD_PREFIX else [".", ".."]


def has_symlinks(sys) -> bool:
    """Whether the system's file system has symbolic links (paths then keep their
    ``..`` for the kernel's walk: :func:`abspath`)."""
    vfs = getattr(sys, "vfs", None)
    return vfs is not None and vfs.has_symlinks


def lstat(sys, path: str, task):
    """``lstat()`` of ``path``: ``stat()`` on a system without ``lstat``."""
    f = getattr(sys, "lstat", None)
    return (f or sys.stat)(path, task)
