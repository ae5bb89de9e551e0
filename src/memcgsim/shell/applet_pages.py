"""The pages a busybox NOEXEC applet writes of the mm it runs in: busybox sh's own,
in the child it forked (busybox 1.35 shell/ash.c ``tryexec`` →
libbb/appletlib.c ``run_noexec_applet_and_exit``: no execve, the applet runs on
the forked copy of sh's heap and .data/.bss, each first write a COW copy or a new
page charged to the child's memcg on the child's CPU).

Traced page by page (kprobes on ``handle_mm_fault`` and the LRU charge, the
fault's address against busybox's areas): tools/sizes/job-tasks-trace.sh on
job1-v1.sh (recordings job-tasks-trace--K-v1-2cpu-job1*.txt.gz: 5.10 and 6.1,
three runs each) and calibration/busybox-noexec-trace.sh (33 forks of a busybox
sh on 6.1: recording busybox-noexec-trace--6.1-v1.txt.gz); per fork in a loop,
memory.stat pgpgin of 11 kinds on both guests (calibration/
busybox-noexec-pages.sh, recordings busybox-noexec-pages--K-v1.txt). Every
applet's child, beside ash's ``forkchild`` writes (shell/malloc.py
``BUSYBOX_SH_CHILD_PAGES``):

- its stdio's chunks, ``malloc``'d from the top of sh's arena: the ``FILE`` that
  ``fopen`` of its input makes (``fopen_or_warn_stdin``), the buffer of each
  stream it reads or writes through stdio (glibc 2.36 ``_IO_file_doallocate``:
  ``st_blksize``, 4096 on the guests' tmpfs, ext4, pipes and character devices):
  its input's as it starts reading, stdout's at its first write (the model: as
  it exits; a head blocked in its first read has no stdout buffer yet, calibration/
  busybox-sh-fork.sh's PFN reading: 1 new heap page);
  The trace's header writes give the chunks: 0x820 bytes, then 0x1010 and 0x1010
  for ``head -c 200000 /dev/urandom > F`` (new pages past sh's heap: 3 where sh's
  top chunk sat mid-page, as ``BUSYBOX_SH_HEAP_START`` has it);
- at its ``exit`` (``fflush_stdout_and_exit`` → ``exit`` → ``_IO_cleanup``) one
  more page of .data (stdio's streams) and one of .bss: the binary's .data page 2
  and .bss page 0, ``[data]`` 4 and 5 in ``GUEST_BUSYBOX_SH``'s layout.

Per applet (:data:`APPLET_INPUT`), what the trace showed: ``head``, ``cut``,
``sort`` an input stream and stdout (two new pages in a loop's sh), ``ls`` and
``seq`` stdout alone (one); ``stat`` three (its ``getpwuid``/``getgrgid`` read
/etc/passwd and /etc/group through stdio) and a .bss page, ``dd`` three stack
pages (not modelled); ``md5sum`` from the loop's counts. An applet not listed
writes through stdout's buffer alone. ``head`` with a count of 0 reads and
prints nothing (coreutils/head.c ``print_first_N``: ``while (count)``): its
``FILE`` alone. Other runs that read or print nothing are not told apart.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..kernel.fork import (ASH_FORK_CHILD_WINDOWS, BUSYBOX_EXIT_WINDOWS, applet_code_windows,
                           window_mask)
from .malloc import (BUSYBOX_SH_CHILD_WRITES, BUSYBOX_SH_HEAP_START, BUSYBOX_SH_NOEXEC_FAULTS,
                     DATA, PAGE, Heap, after_fork_writes, chunk_size)

if TYPE_CHECKING:  # pragma: no cover
    from ..sysapi import SysAPI, TaskLike

#: ``fopen``'s stream: the 0x820-byte chunk the trace's first header write ends
STDIO_FILE = 0x820 - 16
#: a stream's buffer (``_IO_file_doallocate``: ``st_blksize``)
STDIO_BUF = 4096
#: per applet, the chunks its input's stdio mallocs as it starts reading (its
#: ``FILE`` at ``fopen``, the buffer at the first ``getc``)
APPLET_INPUT = {
    "head": (STDIO_FILE, STDIO_BUF),
    "cut": (STDIO_FILE, STDIO_BUF),
    "sort": (STDIO_FILE, STDIO_BUF),
    "stat": (STDIO_FILE, STDIO_BUF),
    "md5sum": (STDIO_BUF,),
}
#: what ``exit`` writes (``[data]`` pages: stdio's .data, a .bss page)
EXIT_PAGES = ((DATA, 4, 4), (DATA, 5, 5))


def _head_count_zero(argv: list[str]) -> bool:
    """Whether ``head``'s arguments give a count of 0 (``-n 0``, ``-c0``, ``-0``)."""
    for i, a in enumerate(argv[1:], 1):
        if a in ("-n", "-c"):
            v = argv[i + 1] if i + 1 < len(argv) else ""
        elif a[:2] in ("-n", "-c"):
            v = a[2:]
        elif a[:1] == "-" and a[1:].isdigit():
            v = a[1:]
        else:
            continue
        return v.isdigit() and not int(v)
    return False


def applet_chunks(name: str, argv: list[str]) -> tuple[tuple[int, ...], bool]:
    """The chunks the applet ``name`` run with ``argv`` mallocs for its input as it
    starts, and whether it then prints through stdout's buffer (a ``STDIO_BUF``
    malloc'd at its first write)."""
    if name == "head" and _head_count_zero(argv):
        return (STDIO_FILE,), False
    return APPLET_INPUT.get(name, ()), True


def _pages(top: int, chunks: tuple[int, ...]) -> range:
    """The heap pages ``chunks`` malloc'd from a top chunk at ``top`` write (their
    headers and the top's header past them)."""
    end = top + sum(chunk_size(n) for n in chunks)
    return range((top + 8) // PAGE, (end + 8) // PAGE + 1)


#: The binary's windows ``head -n 0`` forked faults (kernel/fork.py: the child's,
#: head's code's, its ``exit``'s; 19, calibration/busybox-fork-windows.sh's sh-head),
#: each counted as it maps them (``Processes.map_code``, ``exit_path_pages``)
HEAD_WINDOWS = bin(window_mask(ASH_FORK_CHILD_WINDOWS + applet_code_windows("head")
                               + BUSYBOX_EXIT_WINDOWS)).count("1")
#: The child's faults from fork to exit that write no page of its own and map no
#: window: ``BUSYBOX_SH_NOEXEC_FAULTS`` (``head -n 0 /dev/null``, whose run mallocs
#: its ``FILE`` alone) less ``forkchild``'s writes, that ``FILE``'s pages, the exit's
#: and head's windows.
OTHER_FAULTS = (BUSYBOX_SH_NOEXEC_FAULTS - BUSYBOX_SH_CHILD_WRITES
                - len(_pages(BUSYBOX_SH_HEAP_START[0], (STDIO_FILE,))) - len(EXIT_PAGES)
                - HEAD_WINDOWS)


class AppletRun:
    """A NOEXEC applet running in the forked ``child`` of a busybox sh: its copy of
    sh's arena, the heap pages its stdio wrote, whether it prints."""
    __slots__ = ("sys", "child", "heap", "pages", "prints")

    def __init__(self, sys: "SysAPI", child: "TaskLike", heap: Heap, argv: list[str]) -> None:
        self.sys = sys
        self.child = child
        self.heap = heap.fork(child)
        self.pages: set[int] = set()
        chunks, self.prints = applet_chunks(argv[0].rpartition("/")[2], argv)
        self._malloc(chunks, OTHER_FAULTS)

    def _malloc(self, chunks: tuple[int, ...], faults: int) -> None:
        """``chunks`` malloc'd in the child's arena: a fault each heap page they
        write first (a copy, a new page or a reuse), and ``faults`` more."""
        child, heap = self.child, self.heap
        before = getattr(child, "min_flt", 0)
        top = heap.top
        for n in chunks:
            heap.malloc(n)
        new = set(_pages(top, chunks)) - self.pages if heap.top > top else set()
        self.pages |= new
        done = getattr(child, "min_flt", 0) - before
        minor_faults = getattr(self.sys, "minor_faults", None)
        if minor_faults is not None:
            minor_faults(child, faults + max(0, len(new) - done))

    def exit(self) -> None:
        """The applet printed (stdout's buffer) and exits (``exit``: stdio's
        cleanup writes :data:`EXIT_PAGES`); its copy of the arena goes with its
        mm."""
        if self.prints:
            self._malloc((STDIO_BUF,), 0)
        after_fork_writes(self.sys, self.child, EXIT_PAGES)
        self.heap.exec_mmap()
