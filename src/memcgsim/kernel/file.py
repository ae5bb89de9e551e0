"""fs/file.c's descriptor numbers under RLIMIT_NOFILE (v5.10 and v6.1: read in
torvalds/linux fs/file.c, the rules unchanged since v5.9's ``close_range``).

The model keeps a process's descriptor table where the process keeps its files
(the shell's streams); these are the kernel's rules for the numbers it may use,
given the numbers in use and ``rlimit(RLIMIT_NOFILE)`` (the soft limit):

- ``alloc_fd(start, end = rlimit(RLIMIT_NOFILE))`` (``open``, ``pipe``, ``dup``):
  the lowest free descriptor from ``start``; none below ``end``: -EMFILE.
- ``ksys_dup3`` (``dup2``): a ``newfd`` at or past the limit is -EBADF.
- ``f_dupfd`` (``fcntl(F_DUPFD, from)``): ``from`` at or past the limit is -EINVAL,
  else ``alloc_fd(from, limit)``.
"""
from __future__ import annotations

import errno
import os
from typing import Container


def _err(code: int) -> OSError:
    return OSError(code, os.strerror(code))


def fdget(task, fd: int) -> bool:
    """``fdget(fd)`` in ``task``'s table: whether the descriptor is open. 0-2 are
    (the shell's standard streams), so is the script's input bash moved up
    (``task.files_high``), and those its shell process maps (``task.fd_view.fds``:
    ``exec 5<FILE`` and the like, a fork's copy included)."""
    if 0 <= fd <= 2 or (fd and fd == task.files_high):
        return True
    view = task.fd_view
    return view is not None and fd in view.fds


def alloc_fd(used: Container[int], start: int, nofile: int | None) -> int:
    """``alloc_fd(start, rlimit(RLIMIT_NOFILE))``: the lowest descriptor from
    ``start`` not in ``used``; OSError(EMFILE) if it is not below ``nofile``
    (None: unlimited)."""
    fd = start
    while fd in used:
        fd += 1
    if nofile is not None and fd >= nofile:
        raise _err(errno.EMFILE)
    return fd


def dup2_check(newfd: int, nofile: int | None) -> None:
    """``ksys_dup3``: ``if (newfd >= rlimit(RLIMIT_NOFILE)) return -EBADF``."""
    if nofile is not None and newfd >= nofile:
        raise _err(errno.EBADF)


def f_dupfd(used: Container[int], start: int, nofile: int | None) -> int:
    """``f_dupfd(from, file, flags)``: ``from >= rlimit(RLIMIT_NOFILE)`` is -EINVAL,
    else :func:`alloc_fd` from ``from``."""
    if nofile is not None and start >= nofile:
        raise _err(errno.EINVAL)
    return alloc_fd(used, start, nofile)
