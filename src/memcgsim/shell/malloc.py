"""The shell process's own memory, as bash's: glibc malloc on a heap that only
grows, and the pages bash writes as it runs.

Each write reaches the kernel as a write fault on a page of the shell's address
space (``SysAPI.touch`` → ``kernel/mmap.py``): the first write to a heap page
faults it in, charged to the memcg the shell is in *at that moment*; after a fork,
a write to a page the child still maps copies it (COW), charged the same way. So a
shell that enters a cgroup, forks there and writes, or grows its heap there, leaves
pages charged to that cgroup for as long as it lives (they pin it after rmdir).

The allocator is glibc's in outline: chunks of ``request + 8`` rounded up to 16
bytes (32 at least), a free chunk reused first fit in address order and coalesced
with its free neighbours, else carved from the top of the heap (``sbrk``); memory
is never given back (``M_TRIM_THRESHOLD`` is 128 KiB of free top, which these
workloads never reach). What bash allocates per object (a job, a variable, a
command substitution's buffer) is calibrated: ``calibration/README.md``.
"""
from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from ..sysapi import SysAPI, TaskLike

PAGE = 4096
HEAP = "[heap]"
STACK = "[stack]"
DATA = "[data]"

#: bash-static's heap in use when the script starts (from its initial VmRSS)
HEAP_START_BYTES = 6 * PAGE
#: What bash writes in the parent on return from fork (``make_child``:
#: ``last_made_pid``, the signal masks, ``the_pipeline``, the stack frames of
#: ``execute_command_internal`` → ``make_child``): pages of .data/.bss and of the
#: stack top.
FORK_DATA_PAGES = 2
FORK_STACK_PAGES = 2
#: Page faults of the parent per fork, until it forks again or waits: the shell's
#: own ``min_flt`` grew by 21-31 per fork+exec+wait on 5.10.262 and 6.1.192, 22-25
#: for ``stat`` and ``sleep`` (calibration/faults.sh). Besides the COW copies
#: above, the rest write pages the fork write-protected once the child has exec'ed
#: (``wp_page_reuse``: a fault, nothing charged).
FORK_PARENT_FAULTS = 23
#: A job in bash's job table (``JOB`` + ``PROCESS`` + the command's text, the
#: ``jobs`` array's slot); kept until the job is reaped and notified.
JOB_BYTES = 240
#: A reaped background job's status kept in ``bgpids`` (``struct pidstat``).
PIDSTAT_BYTES = 16
#: ``SHELL_VAR`` (48 bytes), its hash bucket and the name's copy, beside the name.
VAR_BYTES = 80
#: An element of an indexed array (``ARRAY_ELEMENT``), beside its value.
ELEMENT_BYTES = 32


def chunk_size(n: int) -> int:
    """glibc's ``request2size``: header and alignment, 32 bytes at least."""
    return max(32, (n + 8 + 15) & ~15)


class Heap:
    """One process's malloc arena (its state is copied into a forked child)."""
    __slots__ = ("sys", "task", "top", "free_addr", "free_size")

    def __init__(self, sys: "SysAPI", task: "TaskLike", top: int = HEAP_START_BYTES) -> None:
        self.sys = sys
        self.task = task
        self.top = top
        #: free chunks in address order (parallel lists)
        self.free_addr: list[int] = []
        self.free_size: list[int] = []

    def fork(self, task: "TaskLike") -> "Heap":
        """The child's copy of the arena (same addresses, pages shared COW)."""
        h = Heap.__new__(Heap)
        h.sys = self.sys
        h.task = task
        h.top = self.top
        h.free_addr = list(self.free_addr)
        h.free_size = list(self.free_size)
        return h

    def _write(self, addr: int, size: int) -> None:
        touch = getattr(self.sys, "touch", None)
        if touch is not None:
            touch(self.task, HEAP, addr // PAGE, (addr + size - 1) // PAGE)

    def malloc(self, n: int) -> tuple[int, int]:
        """Allocate ``n`` bytes and write them; returns ``(addr, chunk size)``."""
        size = chunk_size(n)
        fa, fs = self.free_addr, self.free_size
        for i, s in enumerate(fs):
            if s >= size:
                addr = fa[i]
                if s - size >= 32:
                    fa[i] += size
                    fs[i] = s - size
                else:
                    size = s
                    del fa[i], fs[i]
                break
        else:
            addr = self.top
            self.top += size
        self._write(addr, size)
        return addr, size

    def free(self, chunk: tuple[int, int] | None) -> None:
        """``free``: the chunk joins its free neighbours (their headers written);
        a chunk at the top lowers the top, the pages stay."""
        if chunk is None:
            return
        addr, size = chunk
        fa, fs = self.free_addr, self.free_size
        i = bisect_left(fa, addr)
        if i < len(fa) and fa[i] == addr:
            return                      # double free: ignore
        if i and fa[i - 1] + fs[i - 1] == addr:
            i -= 1
            addr = fa[i]
            size += fs[i]
            del fa[i], fs[i]
        if i < len(fa) and addr + size == fa[i]:
            size += fs[i]
            del fa[i], fs[i]
        self._write(addr, min(size, 16))
        if addr + size == self.top:
            self.top = addr
        else:
            fa.insert(i, addr)
            fs.insert(i, size)

    def realloc(self, chunk: tuple[int, int] | None, n: int) -> tuple[int, int]:
        """A new value replacing an old one: bash allocates the new string, then
        frees the old (``savestring`` + ``FREE``)."""
        new = self.malloc(n)
        self.free(chunk)
        return new


def fork_writes(sys: "SysAPI", task: "TaskLike") -> None:
    """What a forking bash writes on its way back from ``fork``: in the parent,
    COW copies of those pages while the child still maps them."""
    touch = getattr(sys, "touch", None)
    if touch is not None:
        touch(task, DATA, 0, FORK_DATA_PAGES - 1)
        touch(task, STACK, 0, FORK_STACK_PAGES - 1)
    minor_faults = getattr(sys, "minor_faults", None)
    if minor_faults is not None:
        minor_faults(task, FORK_PARENT_FAULTS - FORK_DATA_PAGES - FORK_STACK_PAGES)


#: A word of an expanded list (``WORD_LIST`` + ``WORD_DESC`` + the string, and
#: brace expansion's intermediate vectors): ``for i in {1..10000}`` grew bash's
#: RssAnon by 2.6 MB on 5.10 (calibration/recordings/bash-heap--5.10-v2.txt).
WORD_BYTES = 256


def word_list_bytes(words: list[str]) -> int:
    """What a ``for`` loop's expanded word list holds while the loop runs."""
    return len(words) * WORD_BYTES + sum(map(len, words))
