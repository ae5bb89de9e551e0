"""Non-local control flow of the interpreter, as exceptions."""
from __future__ import annotations


class ExitShell(Exception):
    """``exit``, ``set -e`` failure or a fatal error: the current (sub)shell ends."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class ForceEOF(ExitShell):
    """bash's ``jump_to_top_level (FORCE_EOF)`` after a fatal expansion error
    (``${x?}``, ``set -u``'s unbound variable: subst.c ``err_unboundvar``,
    ``parameter_brace_expand_error``): the shell stops reading with status 1
    (EXECUTION_FAILURE), a subshell's ends with it, and a ``-c`` string's shell
    returns 127 (shell.c ``run_one_command``: ``case FORCE_EOF: return
    last_command_exit_value = 127``), its EXIT trap run with that status."""

    def __init__(self) -> None:
        super().__init__(1)


class Return(Exception):
    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


class Break(Exception):
    """``break N`` (``breaking``); ``status`` the loops' status as they end (the
    ``break`` builtin's 0, a command stopped by SIGTSTP's 148: jobs.c sets
    ``breaking`` and the commands left return the last status)."""

    def __init__(self, n: int = 1, status: int = 0):
        super().__init__(n)
        self.n = n
        self.status = status


class Continue(Exception):
    def __init__(self, n: int = 1):
        super().__init__(n)
        self.n = n


class ShellError(Exception):
    """An error that abandons the current top-level command (bash: ``jump_to_top_level``).

    The message (if any) has already been printed.
    """

    def __init__(self, status: int, msg: str = ""):
        super().__init__(status, msg)
        self.status = status
        self.msg = msg


class ReadonlyError(ShellError):
    """An assignment to a readonly variable (its message printed): a builtin fails
    with status 1, an assignment statement abandons the command."""


class RuntimeUnsupported(Exception):
    """A construct found only at run time that the interpreter does not implement."""

    def __init__(self, what: str, line: int):
        super().__init__(what)
        self.what = what
        self.line = line


class ArithFailed(ShellError):
    """An arithmetic error where bash's command fails instead of abandoning the
    line: ``((``, an arithmetic ``for``'s expressions, ``let`` (status 1)."""
