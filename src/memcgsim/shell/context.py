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

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from ..sysapi import SysAPI, TaskLike


@dataclass(slots=True)
class Sleep:
    """Yielded by a generator command: block for ``seconds`` of simulated time
    (``float('inf')`` = until killed)."""
    seconds: float


class InStream(Protocol):
    def read(self, n: int = -1) -> bytes: ...
    def readline(self) -> bytes: ...


class OutStream(Protocol):
    def write(self, data: bytes | str) -> None:
        """One ``write()`` system call (matters for cgroupfs files)."""


@dataclass(slots=True)
class CommandContext:
    sys: "SysAPI"
    #: the process running the command: a forked-and-exec'ed child for external
    #: commands, the shell's own task for builtins
    task: "TaskLike"
    argv: list[str]
    env: dict[str, str]
    cwd: str
    stdin: InStream
    stdout: OutStream
    stderr: OutStream
    #: the interpreter, for builtins that change shell state (None for externals)
    shell: object | None = None
    extra: dict = field(default_factory=dict)

    def path(self, p: str) -> str:
        """Absolute, lexically normalised path of ``p`` relative to ``cwd``."""
        import posixpath
        return posixpath.normpath(posixpath.join(self.cwd, p)) if p else self.cwd
