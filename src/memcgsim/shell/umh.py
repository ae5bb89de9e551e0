"""User-mode helpers: programs the kernel starts (kernel/umh.c), run as jobs of
the script's scheduler (the v1 release agent: kernel/cgroup_v1.py)."""
from __future__ import annotations

import posixpath
from functools import partial
from typing import TYPE_CHECKING, Generator

from .context import CommandContext
from .streams import EMPTY_IN, ClosedOut

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell


def register_usermode_helper(sh: "Shell") -> None:
    """Make ``sh``'s scheduler run the programs its kernel starts
    (``KernelCore.umh``), after the script's end too (its orphans' time, a
    later ``advance``)."""
    sh.sys.umh = partial(start_usermode_helper, sh)


def start_usermode_helper(sh: "Shell", argv: list[str], envp: list[str]) -> None:
    """``call_usermodehelper_exec_work`` (UMH_WAIT_EXEC): ``kernel_thread`` with
    ``CLONE_PARENT`` makes a child of kthreadd (here of init, which reaps it at
    its exit as kthreadd, ignoring SIGCHLD, does), in the root cgroups; once it
    runs, ``call_usermodehelper_exec_async`` execs ``argv[0]`` (kernel/umh.c,
    v5.10 and v6.1). A job of no shell's job table."""
    sys = sh.sys
    child = sys.fork(sys.init)
    sh.start_child(sys.init, child, _helper(sh, child, argv, envp), argv[0])


def _helper(sh: "Shell", child, argv: list[str], envp: list[str]) -> Generator:
    """The helper's process: ``kernel_execve(path, argv, envp)``, in the working
    directory it inherited (kthreadd shares ``init_fs`` with init: ``CLONE_FS``),
    no descriptors open (kthreadd's: what it writes to them fails); an exec that fails (no such file, no ``#!`` line: the kernel has no
    shell's fallback, a missing interpreter) ends it with nothing run."""
    from .interp import Script, _run_command
    sys = sh.sys
    fn = sh.find_command(argv[0]) if argv[0].startswith("/") else None
    if type(fn) is Script:
        if fn.bad is None and fn.execs:
            path, argv = argv[0], fn.argv(argv)
            sys.exec(child, path, list(argv), interpreter=argv[0])
            fn = fn.fn
        else:
            fn = None
    elif fn is not None:
        sys.exec(child, "/bin/" + posixpath.basename(argv[0]), list(argv))
    if fn is None:
        return 0
    env = dict(e.partition("=")[::2] for e in envp)
    getcwd = getattr(sys, "getcwd", None)
    cwd = getcwd(child) if getcwd is not None else "/"
    ctx = CommandContext(sys, child, list(argv), env, cwd, EMPTY_IN, ClosedOut(), ClosedOut(), None)
    ctx.extra["spawn"] = sh._spawner(ctx)
    ctx.extra["shell"] = sh
    ctx.extra["fds"] = {}
    return (yield from _run_command(fn, ctx, child, sh))
