"""kernel/pid.c as far as a script sees it: which pid a new task gets.

``alloc_pid`` (kernel/pid.c, v5.10 and v6.1; read in torvalds/linux at 006568ab,
where ``pid_max`` has moved into the namespace, the allocation unchanged) takes
``idr_alloc_cyclic(&ns->idr, NULL, pid_min, pid_max)``: the first free ID from the
IDR's cursor (``idr_next``, one past the last ID handed out) below ``pid_max``,
else, when the cursor was past ``pid_min``, the first free one from ``pid_min``
(lib/idr.c ``idr_alloc_cyclic``); ``pid_min`` is 1 until the cursor passed
``RESERVED_PIDS``, then ``RESERVED_PIDS`` ("init really needs pid 1, but after
reaching the maximum wrap back to RESERVED_PIDS"). Nothing free: -ENOSPC, which
``alloc_pid`` returns as -EAGAIN (``fork: retry: Resource temporarily
unavailable`` in bash). A pid is in the IDR from ``alloc_pid`` until ``free_pid``,
when no task uses it any more as its pid, thread group, process group or session
(``__change_pid``: ``pid_has_task`` of every type): a zombie's pid stays busy
until it is reaped, a process group's or session's while a member lives.

``pid_idr_init`` bumps the default and the minimum by the possible CPUs
(``PIDS_PER_CPU_DEFAULT`` 1024 and ``PIDS_PER_CPU_MIN`` 8 a CPU); sysctl
``kernel.pid_max`` is ``proc_dointvec_minmax`` in ``pid_max_min`` ..
``pid_max_max`` (``PID_MAX_LIMIT``), else -EINVAL. The guests read 32768
(tools/sizes/pid-max.sh and its recordings: 300 and 4194305 refused, 301 and
4194304 taken, the wrap to 300, EAGAIN while the one pid left is busy).
"""
from __future__ import annotations

import errno
from typing import Mapping

#: include/linux/threads.h ``RESERVED_PIDS``: the pids below it are not reused
RESERVED_PIDS = 300
#: ``PID_MAX_DEFAULT`` (0x8000, CONFIG_BASE_SMALL off)
PID_MAX_DEFAULT = 0x8000
#: ``PID_MAX_LIMIT`` on 64-bit: 4 * 1024 * 1024
PID_MAX_LIMIT = 4 * 1024 * 1024
#: include/linux/threads.h ``PIDS_PER_CPU_DEFAULT`` and ``PIDS_PER_CPU_MIN``
PIDS_PER_CPU_DEFAULT = 1024
PIDS_PER_CPU_MIN = 8


class PidNs:
    """``init_pid_ns``: its IDR's cursor, ``pid_max`` and its bounds. The pids in use
    are the tasks not yet released (``busy``: pid -> task) and the process groups
    and sessions made by ``setpgid``/``setsid`` (``groups``, dropped lazily once no
    task is in them)."""
    __slots__ = ("idr_next", "pid_max", "pid_max_min", "pid_max_max", "groups", "nr_allocated")

    def __init__(self, nr_cpus: int) -> None:
        #: ``idr_next``: where the next ``idr_alloc_cyclic`` looks first
        self.idr_next = 1
        self.pid_max_max = PID_MAX_LIMIT
        # pid_idr_init: bump default and minimum pid_max based on number of cpus
        self.pid_max = min(self.pid_max_max, max(PID_MAX_DEFAULT, PIDS_PER_CPU_DEFAULT * nr_cpus))
        self.pid_max_min = max(RESERVED_PIDS + 1, PIDS_PER_CPU_MIN * nr_cpus)
        #: pids some task made its process group or session id
        self.groups: set[int] = set()
        #: pids handed out since boot (the model's ``total_forks``)
        self.nr_allocated = 0

    def alloc_pid(self, busy: Mapping[int, object]) -> int:
        """``alloc_pid``'s ``idr_alloc_cyclic(idr, NULL, pid_min, pid_max)``: the
        pid, the cursor moved past it; OSError(EAGAIN) when every pid is in use."""
        nr = self.idr_next
        if nr < self.pid_max and nr not in busy and nr not in self.groups:
            self.idr_next = nr + 1
            self.nr_allocated += 1
            return nr
        pid_min = RESERVED_PIDS if nr > RESERVED_PIDS else 1
        end = self.pid_max          # IDs below it
        got = self._first_free(max(nr, pid_min), end, busy)
        if got is None and nr > pid_min:
            got = self._first_free(pid_min, end, busy)
        if got is None:
            raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
        self.idr_next = got + 1
        self.nr_allocated += 1
        return got

    def _first_free(self, start: int, end: int, busy: Mapping[int, object]) -> int | None:
        """``idr_alloc_u32`` from ``start``: the first ID below ``end`` not in use."""
        groups = self.groups
        for nr in range(start, end):
            if nr in busy:
                continue
            if nr in groups:
                if self._group_in_use(nr, busy):
                    continue
                groups.discard(nr)      # its last member was released: free_pid
            return nr
        return None

    @staticmethod
    def _group_in_use(nr: int, busy: Mapping[int, object]) -> bool:
        """Whether a task not yet released has ``nr`` as its process group or session."""
        return any(getattr(t, "pgid", None) == nr or getattr(t, "sid", None) == nr
                   for t in busy.values())

    def boot_handed_out(self, nr: int) -> None:
        """The boot handed out the pids below ``nr`` (kernel threads and init's
        commands the model does not run: kernel/sizes/bootpids.py); the next is
        ``nr``."""
        if nr > self.idr_next:
            self.nr_allocated += nr - self.idr_next
            self.idr_next = nr

    def unalloc(self, nr: int) -> None:
        """The pid ``nr`` given back before anyone saw it (the model allocates it
        before ``copy_process``'s ``max_threads`` check, which the kernel makes
        before ``alloc_pid``)."""
        self.idr_next = nr
        self.nr_allocated -= 1

    def set_pid_max(self, value: int) -> None:
        """sysctl ``kernel.pid_max``: ``proc_dointvec_minmax`` in ``pid_max_min`` ..
        ``pid_max_max``, else -EINVAL."""
        if not self.pid_max_min <= value <= self.pid_max_max:
            raise OSError(errno.EINVAL, "Invalid argument")
        self.pid_max = value
