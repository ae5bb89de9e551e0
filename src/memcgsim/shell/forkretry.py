"""What a shell does when ``fork()`` fails: bash's retry loop and busybox sh's error.

bash (jobs.c ``make_child``, 5.x) retries a fork the kernel refused with EAGAIN (the
pids controller's limit, kernel/cgroup/pids.c ``pids_can_fork``): it reaps what it can
(``waitchld (-1, 0)``), prints ``NAME: fork: retry: STRERROR`` and ``sleep()``s 1, 2,
4 then 8 s. glibc's ``sleep`` (sysdeps/posix/sleep.c, 2.33 on) returns the whole
seconds it did not sleep when a signal handler ran: its children's SIGCHLD (bash
always catches it) cuts the sleep short, and with a second or more left bash leaves
the loop with errno still EINTR (``NAME: fork: Interrupted system call``); with less
it forks again at once. busybox sh (ash.c ``forkshell``, 1.35) does not retry:
``ash_msg_and_raise_perror("can't fork")``, status 2 (shell/ash.py). Recorded on the 5.10 and 6.1
guests: tests/conformance/scripts/novel-v2-pids-fork-retry.sh.
"""
from __future__ import annotations

import errno
import os

from .pipes import block_timed

def fork_retry_sleep(sh, seconds: int) -> int:
    """bash's ``sleep (forksleep)`` in ``make_child``'s retry loop, in ``sh``'s
    task: until ``seconds`` have passed or one of its jobs' processes ended
    (SIGCHLD); the whole seconds left then, as glibc's ``sleep`` returns them."""
    sched = sh.sched
    if sched is None:
        return 0
    sys = sched.sys
    ended = _ended_jobs(sh)
    deadline = sys.now + seconds
    if block_timed(lambda: _ended_jobs(sh) > ended, sched, sh.task, deadline):
        return int(max(0.0, deadline - sys.now) + 1e-9)
    return 0


def _ended_jobs(sh) -> int:
    """How many of ``sh``'s jobs have ended (each one a SIGCHLD to it)."""
    return sum(1 for j in sh.jobs if j.done)


def interrupted_message(name: str) -> str:
    """bash's ``sys_error ("fork")`` after a retry's sleep was cut short: errno is
    still the sleep's EINTR."""
    return f"{name}: fork: {os.strerror(errno.EINTR)}\n"
