"""The shell process's own memory, as bash's: glibc malloc (a brk heap and mmap'd
chunks), and the pages bash writes as it runs.

Each write reaches the kernel as a write fault on a page of the shell's address
space (``SysAPI.touch`` → ``kernel/mmap.py``): the first write to a heap page
faults it in, charged to the memcg the shell is in *at that moment*; after a fork,
a write to a page the child still maps copies it (COW), charged the same way. So a
shell that enters a cgroup, forks there and writes, or grows its heap there, leaves
pages charged to that cgroup for as long as it lives (they pin it after rmdir).

The allocator is glibc's in outline (malloc/malloc.c): chunks of ``request + 8``
rounded up to 16 bytes (32 at least), a free chunk reused first fit in address order
and coalesced with its free neighbours, else carved from the top chunk, the heap's
end moved by ``sbrk`` with ``M_TOP_PAD`` (128 KiB) to spare (``sysmalloc``). A
request the top cannot hold that is at least ``mp_.mmap_threshold`` (128 KiB at
first) is a chunk of its own, ``mmap``'d (pages charged as they are written) and
``munmap``'d at ``free``; freeing one larger than the threshold (up to 32 MiB)
raises the threshold to its size and the trim threshold to twice that
(``__libc_free``'s dynamic threshold), so later requests that size stay in the heap.
A ``free`` that leaves the top chunk at least ``mp_.trim_threshold`` (128 KiB at
first) gives back all but ``M_TOP_PAD`` of it (``systrim``: the heap's pages above
the new end are unmapped, uncharged). Not modelled: tcache and fast bins (chunks of
up to 1032 bytes kept apart, uncoalesced), the bins' best fit (first fit here). What
bash allocates per object (a job, a variable, a command substitution's buffer) is
calibrated: ``calibration/README.md``.
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


def page_up(n: int) -> int:
    """``ALIGN_UP(n, pagesize)``."""
    return -(-n // PAGE) * PAGE


#: malloc/malloc.c: ``DEFAULT_MMAP_THRESHOLD_MIN`` (128 KiB, the initial
#: ``mp_.mmap_threshold``), ``DEFAULT_MMAP_THRESHOLD_MAX`` on 64-bit (4 MiB *
#: sizeof(long)), ``DEFAULT_TRIM_THRESHOLD``, ``DEFAULT_TOP_PAD``,
#: ``FASTBIN_CONSOLIDATION_THRESHOLD``, ``MINSIZE``, ``CHUNK_HDR_SZ``
MMAP_THRESHOLD_MIN = 128 * 1024
MMAP_THRESHOLD_MAX = 32 * 1024 * 1024
TRIM_THRESHOLD = 128 * 1024
TOP_PAD = 128 * 1024
FASTBIN_CONSOLIDATION_THRESHOLD = 65536
MINSIZE = 32
CHUNK_HDR_SZ = 16


class Heap:
    """One process's malloc arena (its state is copied into a forked child). A
    chunk is ``(addr, size)``; an mmap'd chunk's ``addr`` is minus its number (its
    area is ``[mmap N]``) and its size the mapping's."""
    __slots__ = ("sys", "task", "top", "brk", "free_addr", "free_size", "mmap_threshold",
                 "trim_threshold", "n_mmaps")

    def __init__(self, sys: "SysAPI", task: "TaskLike", top: int = HEAP_START_BYTES) -> None:
        self.sys = sys
        self.task = task
        self.top = top
        #: the heap's end (``sbrk(0)``): the top chunk is ``top..brk``
        self.brk = page_up(top + TOP_PAD)
        #: free chunks in address order (parallel lists)
        self.free_addr: list[int] = []
        self.free_size: list[int] = []
        self.mmap_threshold = MMAP_THRESHOLD_MIN
        self.trim_threshold = TRIM_THRESHOLD
        #: mmap'd chunks made so far (their areas' numbers)
        self.n_mmaps = 0

    def fork(self, task: "TaskLike") -> "Heap":
        """The child's copy of the arena (same addresses, pages shared COW)."""
        h = Heap.__new__(Heap)
        h.sys = self.sys
        h.task = task
        h.top = self.top
        h.brk = self.brk
        h.free_addr = list(self.free_addr)
        h.free_size = list(self.free_size)
        h.mmap_threshold = self.mmap_threshold
        h.trim_threshold = self.trim_threshold
        h.n_mmaps = self.n_mmaps
        return h

    def _write(self, addr: int, size: int, area: str = HEAP) -> None:
        touch = getattr(self.sys, "touch", None)
        if touch is not None:
            touch(self.task, area, addr // PAGE, (addr + size - 1) // PAGE)

    def _unmap(self, area: str, first: int = 0, last: int | None = None) -> None:
        munmap = getattr(self.sys, "munmap", None)
        if munmap is not None:
            munmap(self.task, area, first, last)

    def malloc(self, n: int) -> tuple[int, int]:
        """Allocate ``n`` bytes and write them; returns the chunk."""
        size = chunk_size(n)
        fa, fs = self.free_addr, self.free_size
        for i, s in enumerate(fs):
            if s >= size:
                addr = fa[i]
                if s - size >= MINSIZE:
                    fa[i] += size
                    fs[i] = s - size
                else:
                    size = s
                    del fa[i], fs[i]
                break
        else:
            addr = self.top
            if addr + size + MINSIZE > self.brk:
                if size >= self.mmap_threshold:
                    return self._mmap(n, size)
                # sysmalloc: sbrk(nb + top_pad + MINSIZE), page-aligned
                self.brk = page_up(addr + size + TOP_PAD + MINSIZE)
            self.top += size
        self._write(addr, size)
        return addr, size

    def _mmap(self, n: int, size: int) -> tuple[int, int]:
        """``sysmalloc_mmap``: a mapping of ``ALIGN_UP(nb + SIZE_SZ, pagesize)``; the
        caller writes its ``n`` bytes after the chunk's header."""
        self.n_mmaps += 1
        mlen = page_up(size + 8)
        area = f"[mmap {self.n_mmaps}]"
        mmap_anon = getattr(self.sys, "mmap_anon", None)
        if mmap_anon is not None:
            mmap_anon(self.task, area, mlen)
        self._write(0, CHUNK_HDR_SZ + n, area)
        return -self.n_mmaps, mlen

    def free(self, chunk: tuple[int, int] | None) -> None:
        """``free``: an mmap'd chunk is unmapped (the thresholds raised past it); a
        heap chunk joins its free neighbours (their headers written), a chunk at the
        top lowers the top, and a top grown past the trim threshold is trimmed."""
        if chunk is None:
            return
        addr, size = chunk
        if addr < 0:
            if self.mmap_threshold < size <= MMAP_THRESHOLD_MAX:
                self.mmap_threshold = size
                self.trim_threshold = 2 * size
            self._unmap(f"[mmap {-addr}]")
            return
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
            size = self.brk - addr
        else:
            fa.insert(i, addr)
            fs.insert(i, size)
        if size >= FASTBIN_CONSOLIDATION_THRESHOLD and self.brk - self.top >= self.trim_threshold:
            self._systrim()

    def _systrim(self) -> None:
        """``systrim(mp_.top_pad)``: ``sbrk`` gives back the top chunk's whole pages
        beyond ``top_pad + MINSIZE``."""
        extra = (self.brk - self.top - TOP_PAD - MINSIZE - 1) // PAGE * PAGE
        if extra <= 0:
            return
        old = self.brk
        self.brk -= extra
        self._unmap(HEAP, self.brk // PAGE, old // PAGE - 1)

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
