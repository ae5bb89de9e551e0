"""The shell process's own memory, as bash's: glibc malloc (a brk heap and mmap'd
chunks), and the pages bash writes as it runs.

Each write reaches the kernel as a write fault on a page of the shell's address
space (``SysAPI.touch`` → ``kernel/mmap.py``): the first write to a heap page
faults it in, charged to the memcg the shell is in *at that moment*; after a fork,
a write to a page the child still maps copies it (COW), charged the same way. So a
shell that enters a cgroup, forks there and writes, or grows its heap there, leaves
pages charged to that cgroup for as long as it lives (they pin it after rmdir).

The allocator is glibc 2.36's main arena (malloc/malloc.c, as Debian bookworm's
bash-static links it): chunks of ``request + 8`` rounded up to 16 bytes (32 at least,
``request2size``); ``__libc_malloc`` takes from the tcache bin of its size class
first (7 chunks of up to 1040 bytes a class, last in first out), ``_int_malloc``
then from a fastbin (up to 128 bytes), the exact small bin, the unsorted bin's chunks
as it sorts them into their bins (an exact fit cached or returned, the
``last_remainder`` split for a small request), the smallest large-bin chunk that
fits, the next non-empty bin up (``binmap``), and last the top chunk, the heap's end
moved by ``sbrk`` with ``M_TOP_PAD`` (128 KiB) to spare (``sysmalloc``).
``_int_free`` puts a chunk in its tcache bin while it has room, else a fastbin, else
merges it with a free neighbour (a binned chunk or the top) into the unsorted bin; a
merged chunk of 64 KiB or more consolidates the fastbins (``malloc_consolidate``) and
``systrim`` gives back the top beyond ``M_TOP_PAD`` once it is past
``mp_.trim_threshold``. ``_int_realloc`` grows a chunk into the top or a free next
chunk, else moves it. A request the top cannot hold that is at least
``mp_.mmap_threshold`` (128 KiB at first) is a chunk of its own, ``mmap``'d (pages
charged as they are written), grown by ``mremap`` and ``munmap``'d at ``free``;
freeing one larger than the threshold (up to 32 MiB) raises the threshold to its
size and the trim threshold to twice that (``__libc_free``'s dynamic threshold).
The model is checked call by call against bash 5.2.15's own (every chunk at glibc's
offset: tests/shell/test_malloc.py, calibration/bash-malloc-trace.sh). What bash
allocates per construct is ``shell/bashmem.py``; per job, per array element and the
start-up heap are calibrated: ``calibration/README.md``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .slotcopy import slot_copier
from .startheap import GUEST_CACHE_ARRAYS, GUEST_SCRIPT_ARENA, GUEST_VAR_BUCKETS

if TYPE_CHECKING:  # pragma: no cover
    from ..sysapi import SysAPI, TaskLike

PAGE = 4096
HEAP = "[heap]"
STACK = "[stack]"
DATA = "[data]"

#: bash-static's heap in use when the script starts (from its initial VmRSS)
HEAP_START_BYTES = 6 * PAGE
#: Per userland, where a new bash's top chunk starts and its heap ends (None:
#: ``M_TOP_PAD`` past it): the guests' static bash 5.2.15 has written pages 0-15
#: of a 34-page ``[heap]`` at its first command however it was started (``bash
#: -c``, a script file, with or without an environment: calibration/
#: bash-image-areas.sh, recordings bash-image-areas--K-v2.txt; kernel/fork.py
#: ``GUEST_BASH``; the top chunk's header somewhere in page 15: its middle).
HEAP_START = {"gnu": (HEAP_START_BYTES, None), "busybox": (15 * PAGE + PAGE // 2, 34 * PAGE)}
#: Per userland, a bash running a script file (or its standard input): its arena as
#: its first line runs (None: the start-up heap's as it is), which the arena's calls
#: (shell/bashmem.py) leave out: ``fd_to_buffered_stream``'s input buffer (input.c:
#: ``min (st_size, MAX_INPUT_BUFFER_SIZE)``), the parser's and the first line's
#: structures. The guests' script bash (shell/startheap.py, calibration/
#: bash-heap-arena.sh): the top chunk at page 18.5, free chunks in the tcache, a
#: fastbin and a small bin in pages 5-18 below it; 19 pages written at its first line
#: (calibration/bash-heap-start.sh, recordings bash-heap-start--K-v2.txt: 19, 21 after
#: a redirection, 24 after a 1.2 kB assignment). Until session 32 the model moved the
#: top 8 pages past the start-up's 16 instead (24 written, no free chunk). A ``bash
#: -c`` of a short string adds none (16 at its first command); a 9 kB ``-c`` string 4
#: (not modelled).
SCRIPT_START = {"gnu": None, "busybox": GUEST_SCRIPT_ARENA}
#: Per userland, where bash's object caches keep their arrays (shell/startheap.py
#: ``GUEST_CACHE_ARRAYS``; None: not traced, their writes left out). A ``bash -c``
#: is given the script bash's: the guests' ``bash -c`` copied heap page 13 in a
#: forked subshell as the script's (calibration/recordings/bash-fork-cow--K-v2.txt).
CACHE_ARRAYS = {"gnu": None, "busybox": GUEST_CACHE_ARRAYS}
#: Per userland, where a script bash's start-up variables' hash buckets are
#: (shell/startheap.py ``GUEST_VAR_BUCKETS``; None: not traced). Only a script's
#: arena is laid out (:data:`SCRIPT_START`): a ``bash -c``'s start-up chunks move
#: with its environment (docs/fidelity.md item 275).
VAR_BUCKETS = {"gnu": None, "busybox": GUEST_VAR_BUCKETS}
#: ``BUCKET_CONTENTS``' ``times_found`` (after next, key, data, khash) in its chunk's data
TIMES_FOUND = 28
#: busybox sh's (1.35, static with glibc): 3 pages of a 34-page ``[heap]`` written
#: when it starts (calibration/busybox-sh-areas.sh, recordings busybox-sh-areas--K-v2:
#: smaps Anonymous of ``[heap]`` 12 kB, its area 0x22000 bytes; kernel/fork.py
#: ``GUEST_BUSYBOX_SH``), the top chunk's header in the third (its middle).
BUSYBOX_SH_HEAP_START = (2 * PAGE + PAGE // 2, 34 * PAGE)
#: the ``[stack]`` pages busybox sh has written at its start (the same recordings:
#: 8 or 12 kB; ``GUEST_BUSYBOX_SH``'s 3)
BUSYBOX_SH_STACK_PAGES = 3
#: What a fork of busybox sh writes of its own pages, beside what ``fork_writes``
#: (the stack) and the applet a child runs write (:func:`busybox_sh_fork_writes`):
#: traced page by page (kprobes on ``handle_mm_fault`` and the LRU charge, the
#: fault's address: tools/sizes/job-tasks-trace.sh, recordings
#: job-tasks-trace--K-v1-2cpu-job1*.txt.gz, six runs on 5.10 and 6.1, and
#: calibration/busybox-noexec-trace.sh, 33 forks of a busybox sh on 6.1, recording
#: busybox-noexec-trace--6.1-v1.txt.gz). In ``GUEST_BUSYBOX_SH``'s ``[data]``
#: .data.rel.ro is 0-1 (relocated at start-up, then read-only: never written
#: again), .data 2-4 and .bss 5-7 (the binary's .bss pages 0, 5 and 6 of its 7,
#: those its start-up wrote). The child (``forkchild``: the job table, traps and
#: ``rootpid`` reset) copies .data pages 0-1 and .bss 5-6 (``[data]`` 2-3 and 6-7)
#: and the heap's first page, where static glibc keeps the thread's TCB
#: (``__libc_setup_tls``' ``sbrk``): the kernel writes the child's tid there at
#: its first run (glibc 2.36 ``_Fork``: ``CLONE_CHILD_SETTID``; kernel/fork.c
#: ``copy_process`` keeps ``set_child_tid``, kernel/sched/core.c ``schedule_tail``
#: ``put_user``s it, v5.10 and v6.1). calibration/busybox-sh-fork.sh's earlier
#: PFN reading (a sh blocked in ``read`` first) saw a .bss page new at each fork
#: in both: none of the traced forks wrote one.
BUSYBOX_SH_CHILD_PAGES = ((HEAP, 0, 0), (DATA, 2, 3), (DATA, 6, 7))


def busybox_sh_parent_writes(heap: "Heap") -> int:
    """The heap pages a forking busybox sh writes (:func:`busybox_sh_fork_writes`)."""
    return 1 + ((heap.top + 8) // PAGE > 1)


def busybox_sh_fork_writes(sys: "SysAPI", parent: "TaskLike", child: "TaskLike",
                           heap: "Heap") -> None:
    """busybox sh's own writes on both sides of a fork, its arena ``heap``: the
    parent (``forkparent``, its job table) copies the heap's page 1 and the top
    chunk's page (traced: pages 1-2 of a 3-page heap, 1 and 3 of a 4-page one); the
    child :data:`BUSYBOX_SH_CHILD_PAGES` and the heap's pages between those two (the
    4-page heap's page 2; page 1 it then reuses)."""
    touch = getattr(sys, "touch", None)
    if touch is None:
        return
    top = (heap.top + 8) // PAGE
    touch(parent, HEAP, 1, 1)
    if top > 1:
        touch(parent, HEAP, top, top)
    for area, lo, hi in BUSYBOX_SH_CHILD_PAGES:
        touch(child, area, lo, hi)
    if top > 2:
        touch(child, HEAP, 2, top - 1)


#: The page faults of busybox sh's side of a fork, measured (``min_flt`` and
#: ``cmin_flt``, /proc/PID/stat, over 40 forks a kind: calibration/
#: busybox-sh-fork-faults.sh, recordings busybox-sh-fork-faults--K-v1.txt), the same on
#: 5.10.262 and 6.1.192. The parent's, per fork (``forkparent``, its wait, the
#: pages the fork write-protected written again): 9.2-10.3 whatever the child ran
#: (bash's :data:`FORK_PARENT_FAULTS` is 23), the writes above included.
BUSYBOX_SH_FORK_PARENT_FAULTS = 10
#: A NOEXEC applet's child from fork to exit (``forkchild``, ``tryexec`` →
#: ``run_noexec_applet_and_exit``: busybox's text faulted again, as ``copy_page_range``
#: copies no PTE of a VMA without an anon_vma; the applet; its exit): 30.8 for
#: ``head -n 0 /dev/null``, with or without a redirection (ash's ``redirect`` costs
#: the child no fault more: the text it runs is faulted already), the child's writes
#: above included. job1-v1.sh's ``head -c 200000 > F`` took 33 on both guests
#: (tools/sizes/job-tasks-trace.sh), its 49 page-cache pages' writes beside. Of
#: them, 19 are the binary's windows (kernel/fork.py ``ASH_FORK_CHILD_WINDOWS`` and
#: head's: docs/fidelity.md item 454), counted as the child maps them.
BUSYBOX_SH_NOEXEC_FAULTS = 31
#: A forked busybox sh that execs nothing (a subshell ``( : )``) from fork to exit:
#: 25.8-26.8, the child's writes above included; 16 of them its windows
#: (kernel/fork.py ``ASH_SUBSHELL_WINDOW_FAULTS``), counted as it maps them.
BUSYBOX_SH_SUBSHELL_FAULTS = 26
#: Of those, the child's writes (:data:`BUSYBOX_SH_CHILD_PAGES`) the shell makes as
#: it forks.
BUSYBOX_SH_CHILD_WRITES = sum(hi - lo + 1 for _, lo, hi in BUSYBOX_SH_CHILD_PAGES)
#: What bash writes in the parent on return from fork (``make_child``:
#: ``last_made_pid``, the signal masks, ``the_pipeline``): pages of .data/.bss; the
#: stack pages its frames reach are ``shell/stack.py``'s (by the depth it forks at).
FORK_DATA_PAGES = 2
#: ... as :func:`fork_writes` takes them (a forking program other than the
#: guests' bash: kernel/fork.py ``BASH_FORK_WRITES`` has that one's)
FORK_DATA = ((DATA, 0, FORK_DATA_PAGES - 1),)
#: The stack pages a forking program other than bash writes (its top 2).
FORK_STACK_PAGES = 2
#: Page faults of the parent per fork, until it forks again or waits: the shell's
#: own ``min_flt`` grew by 21-31 per fork+exec+wait on 5.10.262 and 6.1.192, 22-25
#: for ``stat`` and ``sleep`` (calibration/faults.sh). Besides the COW copies
#: above, the rest write pages the fork write-protected once the child has exec'ed
#: (``wp_page_reuse``: a fault, nothing charged).
FORK_PARENT_FAULTS = 23
#: bash 5.2's ``JOB`` (jobs.h: wd, pipe, pgrp, state, flags, deferred, j_cleanup,
#: cleanarg) and ``PROCESS`` (next, pid, status, running, command) on x86-64: a job
#: in the job table holds its JOB, its wd's copy and a PROCESS and the command's
#: text per process until it is reaped and notified.
JOB_SIZE = 56
PROCESS_SIZE = 32
#: jobs.c's job table: ``js.j_jobslots`` (``JOB_SLOTS``, 8) pointers, malloc'd by
#: the first job's ``stop_pipeline`` (the host's bash: ``stop_pipeline``'s 64-byte
#: request at the first ``cat``, calibration/recordings/bash-hash-walk.txt.gz; the
#: guests' script bash takes it from its tcache, heap page 13: calibration/
#: bash-fork-chunks.sh, the 80-byte chunk whose slot 1 points at the new JOB)
JOBS_ARRAY_SIZE = 8 * 8
#: bash 5.2's ``SHELL_VAR`` (variables.h: name, value, exportstr, dynamic_value,
#: assign_func, attributes, context) and the hash table's ``BUCKET_CONTENTS``
#: (hashlib.h: next, key, data, khash, times_found) on x86-64
SHELL_VAR_SIZE = 48
BUCKET_CONTENTS_SIZE = 32
#: An element of an indexed array (``ARRAY_ELEMENT``), beside its value.
ELEMENT_BYTES = 32


def chunk_size(n: int) -> int:
    """glibc's ``request2size``: header and alignment, 32 bytes at least."""
    nb = (n + 8 + 15) & ~15
    return nb if nb > 32 else 32    # max(32, nb), as a test


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
#: ``TCACHE_MAX_BINS`` (chunks of 32 to 1040 bytes), ``TCACHE_FILL_COUNT``,
#: ``global_max_fast`` (``DEFAULT_MXFAST`` 128 on 64-bit: chunks up to 128 bytes),
#: ``MIN_LARGE_SIZE`` (the first large bin's chunk size), ``NSMALLBINS``, ``NBINS``
TCACHE_BINS = 64
TCACHE_COUNT = 7
#: Where ``tcache_perthread_struct`` lives: ``tcache_init`` allocates it (2.36:
#: ``uint16_t counts[64]``, ``tcache_entry *entries[64]``, 640 bytes) as the
#: arena's first chunk, at the heap's start; ``tcache_put`` and ``tcache_get``
#: write its ``counts`` and ``entries``, so every chunk into or out of the tcache
#: writes the heap's first page (a COW copy after a fork). The model writes it at
#: the first tcache call after each fork (``Heap.tc_fork``): later ones find it the
#: process's own (``wp_page_reuse``: nothing charged).
TCACHE_STRUCT = CHUNK_HDR_SZ
MAX_FAST = 128
MIN_LARGE_SIZE = 1024
NSMALLBINS = 64
NBINS = 128


#: :func:`_requests`' answers by the sizes asked (a script's commands: a few
#: hundred), emptied past ``_MAX_REQUESTS``
_REQUESTS: dict[tuple[int, ...], tuple[tuple[int, int, int], ...]] = {}
_MAX_REQUESTS = 4096


def _requests(sizes: tuple[int, ...]) -> tuple[tuple[int, int, int], ...]:
    """Each request of ``sizes`` as ``(tcache index, chunk size, bytes + 15)``
    (``csize2tidx(request2size(n))``; the last: the offset of its last byte written
    from the chunk's start, past the header), kept for the next command of the same
    sizes."""
    if len(_REQUESTS) >= _MAX_REQUESTS:
        _REQUESTS.clear()
    reqs = _REQUESTS[sizes] = tuple(
        ((nb - MINSIZE) >> 4, nb, n + 15) for n in sizes
        for nb in ((n + 23) & -16 if n > 8 else MINSIZE,))
    return reqs


#: no page known the process's alone (:meth:`Heap._write_pages`)
_NONE: frozenset[int] = frozenset()


def _bins_copy(bins: dict[int, list[int]]) -> dict[int, list[int]]:
    """The non-empty bins of ``bins``, each list copied (a loop: a comprehension
    is a function made and called each time, four a fork)."""
    out: dict[int, list[int]] = {}
    for i, b in bins.items():
        if b:
            out[i] = b.copy()
    return out


class Heap:
    """One process's main arena (glibc 2.36 malloc/malloc.c), its chunks by their
    offsets in ``[heap]``; a chunk is ``(addr, size)``, an mmap'd chunk's ``addr``
    minus its number (its area is ``[mmap N]``) and its size the mapping's.

    The bins as glibc keeps them: ``tcache`` (per size class of 16 bytes up to 1040,
    ``TCACHE_FILL_COUNT`` chunks each, last in first out: ``tcache_put``/``tcache_get``),
    ``fastbins`` (chunks up to ``global_max_fast``, 128 bytes, LIFO, not coalesced until
    ``malloc_consolidate``), the unsorted bin (a freed or split-off chunk goes to its
    front; ``_int_malloc`` sorts them from the back into the small bins, one size each,
    first in first out, and the large bins, kept by decreasing size), and the top chunk.
    Chunks in tcache and fastbins count as in use: only binned chunks and the top
    coalesce with a freed neighbour (``_int_free``'s merge)."""
    __slots__ = ("sys", "task", "top", "brk", "tcache", "fastbins", "have_fastchunks",
                 "unsorted", "smallbins", "largebins", "binned", "binned_end",
                 "last_remainder", "mmap_threshold", "trim_threshold", "n_mmaps",
                 "shared", "got", "binmap", "hdr", "deferred", "tc_fork", "touch", "alone")

    def __init__(self, sys: "SysAPI", task: "TaskLike", top: int = HEAP_START_BYTES,
                 brk: int | None = None) -> None:
        self.use_sys(sys)
        self.task = task
        #: the top chunk's start; ``top..brk`` is its extent
        self.top = top
        #: the heap's end (``sbrk(0)``)
        self.brk = page_up(top + TOP_PAD) if brk is None else brk
        #: tcache bins by size class (``csize2tidx``, below ``TCACHE_BINS``): chunk
        #: offsets, newest last; a class no chunk went to yet has no entry (a fork's
        #: copy of the bins copies the few used, not all 64)
        self.tcache: dict[int, list[int]] = {}
        #: fastbins: ``fastbin_index`` -> chunk offsets, newest last
        self.fastbins: dict[int, list[int]] = {}
        self.have_fastchunks = False
        #: the unsorted bin, front (``bin->fd``) first
        self.unsorted: list[int] = []
        #: small bins: ``smallbin_index`` -> offsets, front first
        self.smallbins: dict[int, list[int]] = {}
        #: large bins: ``largebin_index`` -> offsets in ``fd`` order (sizes decreasing)
        self.largebins: dict[int, list[int]] = {}
        #: chunks in the unsorted, small or large bins: offset -> size; end -> offset
        self.binned: dict[int, int] = {}
        self.binned_end: dict[int, int] = {}
        self.last_remainder = -1
        self.mmap_threshold = MMAP_THRESHOLD_MIN
        self.trim_threshold = TRIM_THRESHOLD
        #: mmap'd chunks made so far (their areas' numbers)
        self.n_mmaps = 0
        #: the bins are shared with a forked parent or child until one allocates:
        #: ``[n]``, how many heaps share them (one list for all of them), or False
        self.shared: list[int] | bool = False
        #: the size of the chunk ``_int_malloc`` handed out last
        self.got = 0
        #: ``binmap``: a bit per small or large bin that may hold chunks (set when
        #: one is put there, cleared when a search finds it empty)
        self.binmap = 0
        #: the header ``_int_malloc`` wrote past the chunk it handed out (the
        #: top's or a split-off rest's), -1 if none
        self.hdr = -1
        #: heap pages written while a batch of calls runs (:meth:`malloc_many`),
        #: faulted once at its end; None outside a batch
        self.deferred: set[int] | None = None
        #: the process forked since the tcache last wrote its page (``TCACHE_STRUCT``)
        self.tc_fork = False

    def fork(self, task: "TaskLike") -> "Heap":
        """The child's copy of the arena (same addresses, pages shared COW); the
        bins are copied when either side first changes them."""
        h = _copy_heap(self)
        h.task = task
        tok = self.shared
        if isinstance(tok, list):
            tok[0] += 1
        else:
            tok = [2]
        h.shared = self.shared = tok
        h.tc_fork = self.tc_fork = True
        return h

    def exec_mmap(self) -> None:
        """The process execs another program: fs/exec.c ``exec_mmap`` (v6.1)
        drops the old mm (``mmput``), and this arena with it. Bins shared with
        forked relatives are left to them (the last sharer changes them without
        a copy); what bash's code runs on after the program (the command's
        structures freed as its ``execute_simple_command`` returns, which the real
        process never reaches) finds an empty arena of no process: nothing
        shared changed, no page written."""
        tok = self.shared
        if tok:
            self.shared = False
            tok[0] -= 1
        self.sys = self.touch = None
        self.alone = False
        self.tcache = {}
        self.fastbins = {}
        self.unsorted = []
        self.smallbins = {}
        self.largebins = {}
        self.binned = {}
        self.binned_end = {}

    def use_sys(self, sys: "SysAPI | None") -> None:
        """The system whose pages this heap writes: ``sys``, and ``touch``, its
        ``touch`` (None if it has none), looked up once here (a ``getattr`` and a
        bound method a page write were ~20,000 a seed run). Change ``sys`` only
        through this."""
        self.sys = sys
        self.touch = getattr(sys, "touch", None)
        #: the system's mms keep the heap pages ``touch`` found theirs alone
        #: (``Mm.own_heap``, kernel/fork.py): a write there is not passed on
        self.alone = getattr(sys, "keeps_own_heap", False)

    def script_start(self, arena: dict | None) -> None:
        """A bash starting a script: its arena as its first line runs
        (:data:`SCRIPT_START`, shell/startheap.py), the pages past its start-up's up
        to the new top chunk's header written; the bins hold the free chunks
        there (each tcache and fastbin list newest last, as this class keeps
        them)."""
        if arena is None:
            return
        top = arena["top"]
        self._write(self.top, top + 16 - self.top)
        self.top = top
        self.brk = arena["brk"]
        self._set_brk()
        for size, lst in arena["tcache"].items():
            self.tcache[(size - MINSIZE) >> 4] = lst[::-1]
        for size, lst in arena["fastbins"].items():
            self.fastbins[(size >> 4) - 2] = lst[::-1]
            self.have_fastchunks = True
        for i, lst in arena["bins"].items():
            for p, size in lst[::-1]:
                self.binned[p] = size
                self.binned_end[p + size] = p
                if i == 1:                  # the unsorted bin, front first
                    self.unsorted.insert(0, p)
                else:
                    self._bin(p, size)

    def start_shift(self, shift: int, brk: int) -> None:
        """A bash whose environment moved its start-up chunks by ``shift`` bytes
        (shell/envimport.py): the top chunk that far from the laid-out start's, the
        pages up to its header written, the heap's end at ``brk``."""
        if brk != self.brk:
            self.brk = brk
            self._set_brk()
        if shift > 0:
            self._write(self.top, shift + 16)
        self.top += shift

    def forked(self) -> None:
        """The process forked a child (that shares its pages until it execs)."""
        self.tc_fork = True

    def fork_return(self, command: tuple[int, int] | None = None) -> int:
        """bash's mallocs on its way back from ``fork`` (``add_process``): the
        tcache's page and the top chunk's header written (copies while the child
        maps them); then ``command``, the path ``search_for_command`` returned,
        freed (``execute_disk_command``'s ``FREE (command)``: its chunk's page
        written); the pages written."""
        self.tc_fork = False
        top = (self.top + 8) // PAGE
        self._write_at(TCACHE_STRUCT)
        n = 1
        if top != TCACHE_STRUCT // PAGE:
            self._write_at(self.top + 8)
            n = 2
        if command is not None:
            self.free(command)
            pg = (command[0] + 16) // PAGE
            if pg != top and pg != TCACHE_STRUCT // PAGE:
                n += 1
        return n

    def _tcache_write(self) -> None:
        """``tcache_put``/``tcache_get`` writing ``tcache_perthread_struct``: its
        page faulted if a fork shared it since."""
        if self.tc_fork:
            self.tc_fork = False
            self._write_at(TCACHE_STRUCT)

    def _tc_bin(self, i: int) -> list[int]:
        """The tcache bin of size class ``i`` (``tcache->entries[i]``), made at
        its first use."""
        tc = self.tcache.get(i)
        if tc is None:
            tc = self.tcache[i] = []
        return tc

    def _own(self) -> None:
        """Copy the bins shared with forked relatives before changing them; the
        last of them to change its bins (the others have copied theirs) keeps
        them."""
        tok = self.shared
        assert isinstance(tok, list)
        self.shared = False
        tok[0] -= 1
        if not tok[0]:
            return
        self.tcache = _bins_copy(self.tcache)
        self.fastbins = _bins_copy(self.fastbins)
        self.unsorted = list(self.unsorted)
        self.smallbins = _bins_copy(self.smallbins)
        self.largebins = _bins_copy(self.largebins)
        self.binned = dict(self.binned)
        self.binned_end = dict(self.binned_end)

    # -- page writes -------------------------------------------------------------
    def _write(self, addr: int, size: int, area: str = HEAP) -> None:
        d = self.deferred
        if d is not None and area == HEAP:
            d.update(range(addr // PAGE, (addr + size - 1) // PAGE + 1))
            return
        touch = self.touch
        if touch is not None:
            touch(self.task, area, addr // PAGE, (addr + size - 1) // PAGE)

    def _write_at(self, addr: int) -> None:
        """A header or link written at ``addr`` (``set_head``, ``set_foot``,
        ``fd``/``bk``)."""
        d = self.deferred
        if d is not None:
            d.add(addr // PAGE)
            return
        touch = self.touch
        if touch is not None:
            pg = addr // PAGE
            task = self.task
            if self.alone:
                mm = task.mm
                if (mm is not None and pg in mm.own_heap and task.memcg_in_oom is None
                        and not task.oom_victim and not task.memcg_nr_pages_over_high):
                    return                  # (_write_pages)
            touch(task, HEAP, pg, pg)

    def _write_pages(self, pages: set[int]) -> None:
        """The heap pages ``pages`` written, in order (``SysAPI.touch`` each). A page
        the kernel found this task's mm alone maps since that mm last forked,
        swapped or unmapped (``Mm.own_heap``) is not passed on while the task has no
        OOM or high-limit work pending (``Kernel.touch``'s fast path: nothing to do
        for it, mm/memory.c ``handle_pte_fault`` never runs for a writable pte)."""
        touch = self.touch
        task = self.task
        own: set[int] | frozenset[int] = _NONE
        if self.alone:
            mm = task.mm
            if mm is not None:
                own = mm.own_heap
        for pg in (pages if len(pages) == 1 else sorted(pages)):
            if (pg in own and task.memcg_in_oom is None and not task.oom_victim
                    and not task.memcg_nr_pages_over_high):
                continue
            touch(task, HEAP, pg, pg)  # type: ignore[misc]  # callers test it

    def read(self, chunk: tuple[int, int] | None) -> None:
        """The program reads a chunk's bytes (``strlen``, a copy's source): read
        faults on its pages (``SysAPI.read_pages``: pages swapped out come back)."""
        read = getattr(self.sys, "read_pages", None)
        if read is None or chunk is None:
            return
        addr, size = chunk
        if addr < 0:
            read(self.task, f"[mmap {-addr}]", 0, (size - 1) // PAGE)
        else:
            read(self.task, HEAP, addr // PAGE, (addr + size - 1) // PAGE)

    def store(self, chunk: tuple[int, int], off: int = 0, n: int = 8) -> None:
        """The program writes ``n`` bytes at ``off`` in a chunk's data (a field of
        a structure it keeps): a write fault on that page (a copy while a forked
        child maps it)."""
        if self.shared:
            self._own()
        addr, size = chunk
        if addr < 0:
            self._write(off, n, f"[mmap {-addr}]")
        else:
            self._write(addr + 16 + off, n)

    def write_chunks(self, chunks: list[tuple[int, int]]) -> None:
        """The program writes the first 16 bytes of each of ``chunks`` (heap chunks
        it keeps off malloc's bins: bash's object caches), each page once."""
        if self.shared:
            self._own()
        touch = self.touch
        if touch is None:
            return
        pages = set()       # a loop, not a set comprehension (a function call)
        mark = pages.add
        for p, _ in chunks:
            mark((p + 16) >> 12)
        self._write_pages(pages)

    def write_slots(self, array: int, first: int, last: int) -> None:
        """The program stores pointers in slots ``first..last`` of the pointer array
        whose chunk starts at ``array`` (an object cache's ``data[nc++]``): a write
        of each page they are on."""
        touch = self.touch
        if touch is not None and first <= last:
            base = array + CHUNK_HDR_SZ
            touch(self.task, HEAP, (base + 8 * first) >> 12, (base + 8 * last + 7) >> 12)

    def copy(self, src: tuple[int, int], dst: tuple[int, int], n: int) -> None:
        """``strcpy``/``memcpy`` of ``n`` bytes from chunk ``src`` into chunk ``dst``
        (whose header is written already), page by page of the destination: each
        page's source pages read (read faults: swapped-out pages come back), then the
        page written (a write fault), in turn, as the copy loop takes them."""
        read = getattr(self.sys, "read_pages", None)
        s0, sarea = self._data(src)
        d0, darea = self._data(dst)
        task = self.task
        last_src = -1
        for p in range(d0 // PAGE, (d0 + n - 1) // PAGE + 1):
            b0 = max(d0, p * PAGE) - d0
            b1 = min(d0 + n, (p + 1) * PAGE) - d0
            first, last = (s0 + b0) // PAGE, (s0 + b1 - 1) // PAGE
            first = max(first, last_src + 1)
            if read is not None and first <= last:
                read(task, sarea, first, last)
            last_src = last
            self._write(p * PAGE, 1, darea)

    @staticmethod
    def _data(chunk: tuple[int, int]) -> tuple[int, str]:
        """Where a chunk's bytes start: (offset in its area, the area)."""
        addr = chunk[0]
        if addr < 0:
            return CHUNK_HDR_SZ, f"[mmap {-addr}]"
        return addr + 16, HEAP

    def _set_brk(self) -> None:
        """``sbrk`` moved the heap's end: the kernel's ``brk`` (the ``[heap]``
        VMA's end in /proc/PID/maps)."""
        brk = getattr(self.sys, "brk", None)
        if brk is not None and self.task is not None:
            brk(self.task, self.brk // PAGE)

    def _unmap(self, area: str, first: int = 0, last: int | None = None) -> None:
        munmap = getattr(self.sys, "munmap", None)
        if munmap is not None:
            munmap(self.task, area, first, last)

    # -- bins --------------------------------------------------------------------
    def _unlink(self, p: int) -> int:
        """``unlink_chunk``: ``p`` out of whichever bin holds it; returns its size."""
        size = self.binned.pop(p)
        del self.binned_end[p + size]
        if p in self.unsorted:
            self.unsorted.remove(p)
        elif size < MIN_LARGE_SIZE:
            b = self.smallbins[size >> 4]
            b.remove(p)
        else:
            self.largebins[largebin_index(size)].remove(p)
        return size

    def _to_unsorted(self, p: int, size: int) -> None:
        """A free chunk put at the unsorted bin's front."""
        self.binned[p] = size
        self.binned_end[p + size] = p
        self.unsorted.insert(0, p)

    def _bin(self, p: int, size: int) -> None:
        """``_int_malloc`` placing an unsorted chunk in its bin: a small bin's front;
        a large bin by decreasing size, after the first chunk of an equal size."""
        if size < MIN_LARGE_SIZE:
            self.smallbins.setdefault(size >> 4, []).insert(0, p)
            self.binmap |= 1 << (size >> 4)
            return
        idx = largebin_index(size)
        self.binmap |= 1 << idx
        b = self.largebins.setdefault(idx, [])
        sizes = self.binned
        i = 0
        n = len(b)
        while i < n and sizes[b[i]] > size:
            i += 1
        if i < n and sizes[b[i]] == size:
            i += 1
        b.insert(i, p)

    # -- malloc ------------------------------------------------------------------
    def malloc(self, n: int, written: int | None = None) -> tuple[int, int]:
        """``__libc_malloc(n)``: a chunk from the tcache, else ``_int_malloc``; the
        caller writes ``written`` bytes of it (all ``n`` when None)."""
        if self.shared:
            self._own()
        nb = (n + 23) & -16                 # request2size
        if nb < MINSIZE:
            nb = MINSIZE
        i = (nb - MINSIZE) >> 4
        tc = self.tcache.get(i)
        end = p = 0
        if tc:
            p = tc.pop()                    # tcache_get: counts, entries written
            end = p + 16 + (n if written is None else written)
            if self.tc_fork:
                self._tcache_write()
        else:
            self.hdr = -1
            p = self._int_malloc(nb)
            if p < 0:
                return self._mmap(n, nb, written)
            nb = self.got
            end = p + 16 + (n if written is None else written)
            hdr = self.hdr
            if hdr >= 0:
                if hdr // PAGE - (end - 1) // PAGE in (0, 1):
                    end = hdr + 8           # the same or the next page: one write
                else:
                    self._write_at(hdr)
        d = self.deferred
        if d is not None:
            d.update(range((p + 8) // PAGE, (end - 1) // PAGE + 1))
            return p, nb
        touch = self.touch
        if touch is not None:
            first = (p + 8) // PAGE
            last = (end - 1) // PAGE
            task = self.task
            if first == last and self.alone:
                mm = task.mm
                if (mm is not None and first in mm.own_heap and task.memcg_in_oom is None
                        and not task.oom_victim and not task.memcg_nr_pages_over_high):
                    return p, nb            # (_write_pages)
            touch(task, HEAP, first, last)
        return p, nb

    def malloc_many(self, sizes: tuple[int, ...]) -> list[tuple[int, int]]:
        """``malloc`` of each of ``sizes`` in turn (their whole requests written),
        each heap page faulted once at the end: nothing else runs between the
        calls (no fork, no change of cgroup), so the faults are the same. A request
        the tcache cannot serve takes :meth:`malloc`'s path, written out here (the
        bins are this heap's own: no ``_own`` again), its own writes (headers, the
        bins' links) deferred to the batch's pages (:attr:`deferred`, set for the
        slow calls only)."""
        if self.shared:
            self._own()
        reqs = _REQUESTS.get(sizes)
        if reqs is None:
            reqs = _requests(sizes)
        pages: set[int] = set()
        mark = pages.add
        tcache = self.tcache
        fastbins = self.fastbins
        out: list[tuple[int, int]] = []
        append = out.append
        slow = 0                            # the requests the tcache did not serve
        for i, nb, e in reqs:
            tc = tcache.get(i)
            if tc:
                p = tc.pop()                # tcache_get, the request written
                append((p, nb))
                mark((p + 8) >> 12)
                mark((p + e) >> 12)
                continue
            slow += 1
            self.hdr = -1
            if nb <= MAX_FAST:
                fb = fastbins.get((nb >> 4) - 2)
                if fb:
                    # _int_malloc's fastbin path written out: the chunk, then the
                    # bin's others stashed in the tcache bin while it has room
                    # (their tcache_put writing its page, once a fork shared it)
                    p = fb.pop()
                    if tc is None:
                        tc = tcache[i] = []
                    if fb and len(tc) < TCACHE_COUNT:
                        if self.tc_fork:
                            self.tc_fork = False
                            mark(TCACHE_STRUCT // PAGE)
                        while fb and len(tc) < TCACHE_COUNT:
                            tc.append(fb.pop())
                    self.got = nb
                    append((p, nb))
                    # a chunk of at most MAX_FAST bytes: its first and last pages
                    mark((p + 8) >> 12)
                    mark((p + e) >> 12)
                    continue
            self.deferred = pages
            try:
                p = self._int_malloc(nb)
                if p < 0:
                    append(self._mmap(e - 15, nb, None))
                    continue
            finally:
                self.deferred = None
            end = p + 1 + e
            hdr = self.hdr
            if hdr >= 0:
                if hdr // PAGE - (end - 1) // PAGE in (0, 1):
                    end = hdr + 8           # the same or the next page: one write
                else:
                    mark(hdr // PAGE)
            append((p, self.got))
            pages.update(range((p + 8) // PAGE, (end - 1) // PAGE + 1))
        if self.tc_fork and slow < len(reqs):
            self.tc_fork = False            # the tcache_gets' write (_tcache_write)
            self._write_at(TCACHE_STRUCT)
        if self.touch is not None:          # the pages written, in order
            self._write_pages(pages)
        return out

    def free_many(self, chunks: list[tuple[int, int]]) -> None:
        """``free`` of ``chunks``, the last first, each heap page written once. A
        chunk of up to ``MAX_FAST`` bytes whose tcache bin is full goes to its
        fastbin here (``_int_free``'s path, written out); others take ``free``, its
        writes deferred to the batch's pages (:attr:`deferred`, set for those
        calls only)."""
        if self.shared:
            self._own()
        pages: set[int] = set()
        mark = pages.add
        tcache = self.tcache
        fastbins = self.fastbins
        slow = 0                            # the chunks the tcache did not take
        for p, nb in reversed(chunks):
            i = (nb - MINSIZE) >> 4
            if p >= 0 and i < TCACHE_BINS:
                tc = tcache.get(i)
                if tc is None:
                    tc = tcache[i] = []
                if len(tc) < TCACHE_COUNT:
                    tc.append(p)            # tcache_put
                    mark((p + 16) >> 12)    # (p + 16) // PAGE: p is not negative
                    continue
                slow += 1
                if nb <= MAX_FAST:          # _int_free: the fastbin, e->fd written
                    fastbins.setdefault((nb >> 4) - 2, []).append(p)
                    self.have_fastchunks = True
                    mark((p + 16) >> 12)
                    continue
            else:
                slow += 1
            self.deferred = pages
            try:
                self.free((p, nb))
            finally:
                self.deferred = None
        if self.tc_fork and slow < len(chunks):
            self.tc_fork = False            # the tcache_puts' write (_tcache_write)
            self._write_at(TCACHE_STRUCT)
        if self.touch is not None:          # the pages written, in order
            self._write_pages(pages)

    def calloc(self, n: int) -> tuple[int, int]:
        """``__libc_calloc``: ``_int_malloc`` without the tcache; zeroed (written)."""
        if self.shared:
            self._own()
        nb = chunk_size(n)
        self.hdr = -1
        p = self._int_malloc(nb)
        if p < 0:
            return self._mmap(n, nb, n)
        if self.hdr >= 0:
            self._write_at(self.hdr)
        self._write(p + 8, 8 + n)
        return p, self.got

    def _int_malloc(self, nb: int) -> int:
        """glibc's ``_int_malloc`` for a chunk of ``nb`` bytes: its offset, or -1
        for a request ``sysmalloc`` maps on its own. The chunk's size is left in
        ``got`` (more than ``nb`` when a rest below ``MINSIZE`` stays with it)."""
        tcache = self.tcache
        tc_idx = (nb - MINSIZE) >> 4
        tcache_nb = tc_idx < TCACHE_BINS
        if nb <= MAX_FAST:
            fb = self.fastbins.get((nb >> 4) - 2)
            if fb:
                p = fb.pop()
                if tcache_nb:
                    tc = self._tc_bin(tc_idx)
                    if fb and len(tc) < TCACHE_COUNT:
                        self._tcache_write()
                    while fb and len(tc) < TCACHE_COUNT:
                        tc.append(fb.pop())
                self.got = nb
                return p
        if nb < MIN_LARGE_SIZE:
            idx = nb >> 4
            b = self.smallbins.get(idx)
            if b:
                p = b.pop()
                self._take(p, nb)
                if tcache_nb:
                    tc = self._tc_bin(tc_idx)
                    if b and len(tc) < TCACHE_COUNT:
                        self._tcache_write()
                    while b and len(tc) < TCACHE_COUNT:
                        q = b.pop()
                        self._take(q, nb)
                        tc.append(q)
                self.got = nb
                return p
        else:
            idx = largebin_index(nb)
            if self.have_fastchunks:
                self.malloc_consolidate()
        binned = self.binned
        while True:
            return_cached = False
            unsorted = self.unsorted
            while unsorted:
                p = unsorted[-1]
                size = binned[p]
                if (nb < MIN_LARGE_SIZE and len(unsorted) == 1 and p == self.last_remainder
                        and size > nb + MINSIZE):
                    unsorted.pop()
                    self._take(p, size)
                    r = p + nb
                    self._to_unsorted(r, size - nb)
                    self.last_remainder = r
                    self.hdr = r + 8
                    self.got = nb
                    return p
                unsorted.pop()
                if size == nb:
                    self._take(p, size)
                    if tcache_nb and len(tc := self._tc_bin(tc_idx)) < TCACHE_COUNT:
                        tc.append(p)
                        self._tcache_write()
                        return_cached = True
                        continue
                    self.got = nb
                    return p
                self._bin(p, size)
            if return_cached:
                p = tcache[tc_idx].pop()
                self.got = nb
                return p
            if nb >= MIN_LARGE_SIZE:
                b = self.largebins.get(idx)
                if b and binned[b[0]] >= nb:
                    # the smallest chunk that fits, the second of its size if any
                    i = len(b) - 1
                    while binned[b[i]] < nb:
                        i -= 1
                    size = binned[b[i]]
                    while i > 0 and binned[b[i - 1]] == size:
                        i -= 1
                    if i + 1 < len(b) and binned[b[i + 1]] == size:
                        i += 1
                    p = b[i]
                    return self._split(p, nb, False)
            # the binmap: the smallest chunk of the next non-empty bin up (no bit
            # set above idx: the search finds none, and clears none)
            if self.binmap >> (idx + 1):
                p = self._next_bin(idx + 1, nb)
                if p >= 0:
                    return self._split(p, nb, nb < MIN_LARGE_SIZE)
            # use_top
            if self.brk - self.top >= nb + MINSIZE:
                p = self.top
                self.top += nb
                self.hdr = self.top + 8
                self.got = nb
                return p
            if self.have_fastchunks:
                self.malloc_consolidate()
                if nb < MIN_LARGE_SIZE:
                    idx = nb >> 4
                continue
            return self._sysmalloc(nb)

    def _next_bin(self, idx: int, nb: int) -> int:
        """The first non-empty small or large bin from ``idx`` up: its last chunk
        (the oldest of a small bin, the smallest of a large one); -1 if none."""
        small, large = self.smallbins, self.largebins
        m = self.binmap >> idx << idx
        while m:
            low = m & -m
            i = low.bit_length() - 1
            b = small.get(i) if i < NSMALLBINS else large.get(i)
            if b:
                return b[-1]
            self.binmap ^= low
            m ^= low
        return -1

    def _split(self, p: int, nb: int, small: bool) -> int:
        """``p`` out of its bin, ``nb`` of it handed out; a rest of ``MINSIZE`` or
        more to the unsorted bin's front (the ``last_remainder`` for a small
        request), else the whole chunk handed out."""
        size = self._unlink(p)
        rest = size - nb
        if rest < MINSIZE:
            self.got = size
            return p
        r = p + nb
        self._to_unsorted(r, rest)
        if small:
            self.last_remainder = r
        self.hdr = r + 8
        self.got = nb
        return p

    def _take(self, p: int, size: int) -> None:
        """``p`` (already out of its bin's list) no longer a free binned chunk."""
        del self.binned[p]
        del self.binned_end[p + size]

    def _sysmalloc(self, nb: int) -> int:
        """``sysmalloc``: a request of ``mp_.mmap_threshold`` or more is mapped on
        its own (-1); else the heap grows by ``sbrk`` of ``nb + top_pad + MINSIZE``
        less the top's size, page-aligned, and the top is split."""
        if nb >= self.mmap_threshold:
            return -1
        self.brk += page_up(nb + TOP_PAD + MINSIZE - (self.brk - self.top))
        self._set_brk()
        p = self.top
        self.top += nb
        self.hdr = self.top + 8
        self.got = nb
        return p

    def _mmap(self, n: int, nb: int, written: int | None) -> tuple[int, int]:
        """``sysmalloc_mmap``: a mapping of ``ALIGN_UP(nb + SIZE_SZ, pagesize)``;
        the caller writes its bytes after the chunk's header."""
        self.n_mmaps += 1
        mlen = page_up(nb + 8)
        area = f"[mmap {self.n_mmaps}]"
        mmap_anon = getattr(self.sys, "mmap_anon", None)
        if mmap_anon is not None:
            mmap_anon(self.task, area, mlen)
        self._write(0, CHUNK_HDR_SZ + (n if written is None else written), area)
        return -self.n_mmaps, mlen

    # -- free --------------------------------------------------------------------
    def free(self, chunk: tuple[int, int] | None) -> None:
        """``__libc_free``: an mmap'd chunk is unmapped (the thresholds raised past
        its size); a heap chunk goes to ``_int_free``."""
        if chunk is None:
            return
        addr, size = chunk
        if addr < 0:
            if self.mmap_threshold < size <= MMAP_THRESHOLD_MAX:
                self.mmap_threshold = size
                self.trim_threshold = 2 * size
            self._unmap(f"[mmap {-addr}]")
            return
        if self.shared:
            self._own()
        i = (size - MINSIZE) >> 4
        if i < TCACHE_BINS:
            tc = self.tcache.get(i)
            if tc is None:
                tc = self.tcache[i] = []
            if len(tc) < TCACHE_COUNT:          # tcache_put: e->next, e->key
                tc.append(addr)
                d = self.deferred
                if self.tc_fork:
                    self._tcache_write()
                if d is not None:
                    d.add((addr + 16) // PAGE)
                else:
                    self._write_at(addr + 16)
                return
        self._int_free(addr, size)

    def _int_free(self, p: int, size: int) -> None:
        """``_int_free``: to its tcache bin while it has room, else a fastbin for a
        chunk up to 128 bytes, else merged with a free neighbour (a binned chunk or
        the top) and put at the unsorted bin's front; a merged chunk of 64 KiB or
        more consolidates the fastbins and trims a top past ``trim_threshold``."""
        tc_idx = (size - MINSIZE) >> 4
        if tc_idx < TCACHE_BINS:
            tc = self._tc_bin(tc_idx)
            if len(tc) < TCACHE_COUNT:
                tc.append(p)
                if self.tc_fork:
                    self._tcache_write()
                self._write_at(p + 16)
                return
        if size <= MAX_FAST:
            self.fastbins.setdefault((size >> 4) - 2, []).append(p)
            self.have_fastchunks = True
            self._write_at(p + 16)
            return
        size = self._merge(p, size)
        if size >= FASTBIN_CONSOLIDATION_THRESHOLD:
            if self.have_fastchunks:
                self.malloc_consolidate()
            if self.brk - self.top >= self.trim_threshold:
                self._systrim()

    def _merge(self, p: int, size: int) -> int:
        """``_int_free_merge_chunk``: ``p`` joined with a free previous chunk and a
        free next one or the top; into the unsorted bin unless it became the top.
        Returns the merged size."""
        prev = self.binned_end.get(p)
        if prev is not None:
            size += self._unlink(prev)
            p = prev
        nxt = p + size
        if nxt == self.top:
            self.top = p
            self._write_at(p + 8)
            return self.brk - p
        if nxt in self.binned:
            size += self._unlink(nxt)
        self._to_unsorted(p, size)
        # fd/bk, then the next chunk's prev_size and PREV_INUSE bit (set_foot)
        if (p + size) // PAGE - (p + 16) // PAGE in (0, 1):
            self._write(p + 16, size - 8)
        else:
            self._write_at(p + 16)
            self._write_at(p + size)
        return size

    def malloc_consolidate(self) -> None:
        """``malloc_consolidate``: every fastbin chunk, from the smallest bin, each
        bin's newest first, merged with its free neighbours into the unsorted bin
        (or the top)."""
        self.have_fastchunks = False
        fastbins = self.fastbins
        for i in sorted(fastbins):
            b = fastbins[i]
            size = (i + 2) << 4
            while b:
                self._merge(b.pop(), size)

    def _systrim(self) -> None:
        """``systrim(mp_.top_pad)``: ``sbrk`` gives back the top chunk's whole pages
        beyond ``top_pad + MINSIZE``."""
        extra = (self.brk - self.top - TOP_PAD - MINSIZE - 1) // PAGE * PAGE
        if extra <= 0:
            return
        old = self.brk
        self.brk -= extra
        d = self.deferred
        if d:
            d.difference_update(range(self.brk // PAGE, old // PAGE))
        self._unmap(HEAP, self.brk // PAGE, old // PAGE - 1)
        self._set_brk()

    # -- realloc -----------------------------------------------------------------
    def realloc(self, chunk: tuple[int, int] | None, n: int,
                written: int | None = None, kept: int = 0) -> tuple[int, int]:
        """``__libc_realloc``/``_int_realloc``: the chunk itself when it is large
        enough (its surplus of ``MINSIZE`` or more freed), grown into the top or a
        free next chunk, else a new chunk (``_int_malloc``, no tcache) and the old
        one freed. ``written`` bytes of the result are the caller's (all when
        None; the old contents are copied in a new chunk). ``kept``: the first
        ``kept`` of them were written before and stay where they are when the
        chunk does not move (``_int_realloc`` in place and ``mremap_chunk`` copy
        nothing): only the chunk's size field and the bytes after them are
        written."""
        if chunk is None:
            return self.malloc(n, written)
        addr, osize = chunk
        nb = chunk_size(n)
        if addr < 0:
            # mremap_chunk: the mapping resized where it is (MREMAP_MAYMOVE keeps
            # its pages), the bytes written after the chunk's header
            size = page_up(nb + 8)
            area = f"[mmap {-addr}]"
            w = CHUNK_HDR_SZ + (n if written is None else written)
            if kept:
                self._write(8, 8, area)         # set_head: the size field
                self._write(CHUNK_HDR_SZ + kept, w - CHUNK_HDR_SZ - kept, area)
            else:
                self._write(0, w, area)
            return addr, size
        if self.shared:
            self._own()
        w = n if written is None else written
        if osize >= nb:
            size = self._rest(addr, osize, nb)
            self._rewrite(addr, w, kept)
            return addr, size
        nxt = addr + osize
        if nxt == self.top and self.brk - addr >= nb + MINSIZE:
            self.top = addr + nb
            self._write_at(self.top + 8)
            self._rewrite(addr, w, kept)
            return addr, nb
        if nxt != self.top and nxt in self.binned and osize + self.binned[nxt] >= nb:
            size = self._rest(addr, osize + self._unlink(nxt), nb)
            self._rewrite(addr, w, kept)
            return addr, size
        self.hdr = -1
        p = self._int_malloc(nb)
        if p < 0:
            new = self._mmap(n, nb, written)
            self._int_free(addr, osize)
            return new
        if self.hdr >= 0:
            self._write_at(self.hdr)
        if p == nxt:
            size = self._rest(addr, self.got + osize, nb)
            self._rewrite(addr, w, kept)
            return addr, size
        self._write(p + 8, 8 + max(w, osize - 16))
        new = p, self.got
        self._int_free(addr, osize)
        return new

    def _rewrite(self, addr: int, w: int, kept: int) -> None:
        """The chunk at ``addr`` resized in place: its ``w`` bytes written, or with
        ``kept`` its size field (``set_head_size``) and the bytes past ``kept``."""
        if kept:
            self._write_at(addr + 8)
            self._write(addr + 16 + kept, w - kept)
        else:
            self._write(addr + 16, w)

    def _rest(self, p: int, size: int, nb: int) -> int:
        """``_int_realloc``'s end: a surplus of ``MINSIZE`` or more split off and
        freed (``_int_free``: the tcache, a fastbin or merged), else kept; the
        chunk's size."""
        rest = size - nb
        if rest < MINSIZE:
            return size
        self._write_at(p + nb + 8)
        self._int_free(p + nb, rest)
        return nb


#: a new Heap with every field of another (shell/slotcopy.py)
_copy_heap = slot_copier(Heap)


def largebin_index(sz: int) -> int:
    """``largebin_index_64``."""
    if sz >> 6 <= 48:
        return 48 + (sz >> 6)
    if sz >> 9 <= 20:
        return 91 + (sz >> 9)
    if sz >> 12 <= 10:
        return 110 + (sz >> 12)
    if sz >> 15 <= 4:
        return 119 + (sz >> 15)
    if sz >> 18 <= 2:
        return 124 + (sz >> 18)
    return 126


def fork_writes(sys: "SysAPI", task: "TaskLike", first: int = 0,
                last: int = FORK_STACK_PAGES - 1, new: int = 0, deep: int = -1,
                data: tuple[tuple[str, int, int], ...] = FORK_DATA,
                heap: "Heap | None" = None, faults: int = FORK_PARENT_FAULTS,
                command: tuple[int, int] | None = None, settle: bool = True) -> int:
    """What a forking bash writes on its way back from ``fork``: in the parent,
    COW copies of those pages while the child still maps them: ``data`` (its
    .data/.bss and heap pages, each ``(area, first, last)``) and the stack pages
    ``first..last`` (``shell/stack.py``), and with ``heap`` its arena's mallocs
    (:meth:`Heap.fork_return`, which frees ``command``); then the stack pages ``new..deep`` its signal
    frame reaches for the first time (none if ``deep`` < ``new``): new pages,
    charged where it is. Its other faults to its next fork make up ``faults``
    (bash's ``FORK_PARENT_FAULTS``): counted here, or with ``settle`` False
    returned for the caller to count once its own calls after the fork have
    faulted (:func:`settle_faults`)."""
    touch = getattr(sys, "touch", None)
    written = last - first + 1
    if heap is not None:
        written += heap.fork_return(command)
    for area, lo, hi in data:
        if touch is not None:
            touch(task, area, lo, hi)
        written += hi - lo + 1
    if touch is not None:
        touch(task, STACK, first, last)
        if deep >= new:
            touch(task, STACK, new, deep)
    if not settle:
        return faults - written
    minor_faults = getattr(sys, "minor_faults", None)
    if minor_faults is not None:
        minor_faults(task, faults - written)
    return 0


def settle_faults(sys: "SysAPI", task: "TaskLike", due: int, mark: int) -> None:
    """The parent's faults ``fork_writes`` left to count (``due``), less those its
    own calls made since (``task.min_flt`` past ``mark``): each a fault of the
    measured ``FORK_PARENT_FAULTS``."""
    due -= getattr(task, "min_flt", 0) - mark
    minor_faults = getattr(sys, "minor_faults", None)
    if minor_faults is not None and due > 0:
        minor_faults(task, due)


def after_fork_writes(sys: "SysAPI", task: "TaskLike",
                      writes: tuple[tuple[str, int, int], ...], faults: int = 0) -> None:
    """``task`` writes the pages ``writes`` a fork write-protected (each
    ``(area, first, last)``): one fault each, a copy where another mm maps the page
    (charged where ``task`` is), else a reuse (``do_wp_page``); and ``faults`` more
    that write no anon page."""
    touch = getattr(sys, "touch", None)
    if touch is None:
        return
    before = getattr(task, "min_flt", 0)
    pages = faults
    for area, lo, hi in writes:
        touch(task, area, lo, hi)
        pages += hi - lo + 1
    done = getattr(task, "min_flt", 0) - before
    minor_faults = getattr(sys, "minor_faults", None)
    if minor_faults is not None and pages > done:
        minor_faults(task, pages - done)


#: A word of an expanded list (``WORD_LIST`` + ``WORD_DESC`` + the string, and
#: brace expansion's intermediate vectors): ``for i in {1..10000}`` grew bash's
#: RssAnon by 2.6 MB on 5.10 (calibration/recordings/bash-heap--5.10-v2.txt).
WORD_BYTES = 256


def word_list_bytes(words: list[str]) -> int:
    """What a ``for`` loop's expanded word list holds while the loop runs."""
    return len(words) * WORD_BYTES + sum(map(len, words))
