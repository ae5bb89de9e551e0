"""kernel/fork.c, fs/exec.c and kernel/exit.c as far as memory is concerned:
tasks, kernel stacks, program images, exit, and cgroup migration.

Kernel stacks (CONFIG_VMAP_STACK, THREAD_SIZE 16 KiB on x86_64): four vmalloc'ed
pages charged one by one in the *forking* task's context
(``memcg_charge_kernel_stack``), ``NR_KERNEL_STACK_KB`` accounted per page, and
uncharged at release even when the stack is kept in the per-CPU cache. Linux
commit 9b6f7e163cd0 ("mm: rework memcg kernel stack accounting") (in v4.19).
A stack vmalloc'ed (the CPU's cache empty) takes a vmap_area; one vfree'd (the
CPU's cache full) leaves it lazily freed (kernel/vmalloc.py).
"""
from __future__ import annotations

import errno
import functools
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..record import Record
from ..sysapi import TaskKilled

from .css_set import NO_CSS_SET
from .exec_kmallocs import ExecKmallocs
from .initramfs import MOVE_FILE, InitramfsBinaries
from .filemap import DENTRY_SIZE
from .page_alloc import PG_ANON, PG_PGDIR, PG_PGTABLE, PG_STACK
from .pid import PidNs
from .mmap_layout import REGION_NR_PAGETABLE
from .pgtable import (PTRS_PER_PTE, fault_ranges, nr_ptes, pte_free, shift_arg_pgtables,
                      unaccount_pgtables)
from .signum import SIGKILL
from .sizes import MM_STRUCT
from .slab import SlabObjs, SlabSpecs
from .slub import IS_FROZEN
from .vmstat import MEMCG_SWAP, NR_KERNEL_STACK_KB, NR_PAGETABLE, PAGE_SIZE
from .writeback import DIRTY_POLL_THRESH

if TYPE_CHECKING:
    from .fs_struct import Dentry
    from . import KernelCore
    from .memcontrol import MemCgroup

THREAD_SIZE = 16384
#: include/linux/thread_info.h: ``THREAD_ALIGN`` is ``THREAD_SIZE`` where the
#: architecture sets none (x86_64)
THREAD_ALIGN = THREAD_SIZE
NR_CACHED_STACKS = 2
#: The PGD of every mm: ``__get_free_pages(GFP_PGTABLE_USER, PGD_ALLOCATION_ORDER)``
#: in x86's ``_pgd_alloc`` (arch/x86/mm/pgtable.c), order 1 under Debian's
#: CONFIG_PAGE_TABLE_ISOLATION (the user and kernel copies); x86_64 preallocates no
#: PMDs (``PREALLOCATED_PMDS`` 0 without PAE) and folds the P4D at run time (4-level
#: paging: ``pgd_none`` is 0, ``__p4d_alloc`` never runs).
MM_PGD_PAGES = 2
#: the last of :meth:`Processes.mem_cgroup_can_attach`'s targets when the move takes
#: swap entries too (:attr:`Processes.mc_swap`)
SWAP_TARGETS = -1
#: The PUD pages, ``pud_alloc_one`` with GFP_PGTABLE_USER (include/asm-generic/
#: pgalloc.h; x86's own in v5.10), one per 512 GiB PGD slot the program maps:
#: two for the guests' static busybox (text and brk heap at 0x400000; the stack,
#: with the vDSO just above it) and for bash. ``__pud_alloc`` adds each to
#: ``mm_pgtables_bytes`` (``mm_inc_nr_puds``), so /proc/PID/status ``VmPTE`` counts
#: them, the PGD not: 28 kB for a sleep (5 ``NR_PAGETABLE`` pages + 2), 32 kB for
#: every bash (6 + 2) on 5.10 and 6.1 (calibration/recordings/pgtables--K-v2.txt).
MM_PUD_PAGES = 2
#: The P4D page of every mm under five-level paging (design ``pgtable_l5``):
#: ``__p4d_alloc`` → ``p4d_alloc_one`` (GFP_PGTABLE_USER) for the one PGD slot (256
#: TiB) a program's text and stack share; no ``mm_inc_nr_*``, no ctor: in neither
#: ``VmPTE`` nor ``NR_PAGETABLE`` (mm/memory.c ``__p4d_alloc``, v6.1). Traced on the
#: 6.1 guest (tools/sizes/stock_trace.py ``--mm``: every exec's new mm charges one
#: ``__p4d_alloc`` page besides its PGD's two and its PUDs; 5.10's config has no
#: CONFIG_X86_5LEVEL: none; docs/fidelity.md item 145).
MM_P4D_PAGES = 1
#: Page-table pages above the PMD level of every mm, charged to its memcg but counted
#: in no memory.stat item except ``kernel`` (MEMCG_KMEM): neither the PGD, the P4D
#: nor a PUD calls a ``pgtable_*_page_ctor``, where ``NR_PAGETABLE`` is counted (PTE
#: and PMD pages only), in v5.10 and v6.1. Measured by the oracle on 6.1: memory.stat
#: ``kernel`` exceeds kernel_stack + pagetables + slab by 20480 bytes for one
#: ``sleep`` (fresh-cgroup-one-sleep, two runs), by 20770..20930 per sleeper of 32
#: (tests/conformance/scripts/v2-kernel-fields.sh, three runs), and by 22776 for
#: one exec'd sleep and 176024 for eight (5.37 pages each; percpu, vmalloc and sock
#: 0: calibration/pgtables-upper.sh, recordings/pgtables-upper--6.1-v2.txt): five
#: pages a process, beyond the objcg's precharged bytes (under a page per CPU): the
#: PGD's two, the two PUDs and the P4D (:data:`MM_P4D_PAGES`, traced in session 31);
#: four under four-level paging (5.10). :func:`mm_upper_pages` of a design.
MM_UPPER_PGTABLE_PAGES = MM_PGD_PAGES + MM_P4D_PAGES + MM_PUD_PAGES


def mm_upper_pages(l5: bool) -> int:
    """The upper page-table pages of a new mm: :data:`MM_UPPER_PGTABLE_PAGES` under
    five-level paging (``pgtable_l5``), without the P4D under four."""
    return MM_UPPER_PGTABLE_PAGES if l5 else MM_UPPER_PGTABLE_PAGES - MM_P4D_PAGES


#: mm/memory.c ``TASK_RSS_EVENTS_THRESH`` (v5.10, v6.1; SPLIT_RSS_COUNTING until
#: v6.2's percpu rss counters): ``check_sync_rss_stat`` syncs a task's cached rss
#: counts into its mm at the fault after ``events++ > TASK_RSS_EVENTS_THRESH``
TASK_RSS_EVENTS_THRESH = 64

#: Of a program's faults from a fork by bash to its exit (``ProgramImage.minflt``,
#: the waiting bash's ``cmin_flt``), those of the forked bash before its execve
#: (the text and rodata it runs, which ``copy_page_range`` does not copy for a VMA
#: without an anon_vma, faulted again; its writes): the children's ``min_flt`` per
#: command of 40 forks and execs of /bin/true by a bash, less those of busybox
#: find's 40 vforks and execs of it (find's own faults, about 2 a command, left in):
#: 66.6 and 66.9 less 41.4 and 41.5 on 6.1, 68.1 and 68.3 less 42.0 and 42.1 on
#: 5.10 (calibration/bash-image-areas.sh, recordings bash-image-areas--K-v2.txt).
#: The bash's own faults (the parent's) are ``shell/malloc.py``'s
#: ``FORK_PARENT_FAULTS``; a vfork's child has none of either.
FORKED_BASH_FAULTS = 26
#: What a forked bash's redirections add to its faults before its execve (the
#: redirection code's text faulted again, ``do_redirections``, and the file's
#: open): the children's ``min_flt`` per command of ``/bin/true > /dev/null``
#: against ``/bin/true``, 80.4 and 82.2 against 66.8 on 6.1; cat of memory.current
#: to /dev/null against cat of an empty file, 81.6 and 84.4 against 70.0 and 69.7
#: (calibration/bash-image-areas.sh). Counted by the shell (``SysAPI.minor_faults``)
#: for the child it forked for a command with redirections.
REDIRECT_FAULTS = 14


def _from_bash(cminflt: int, redirected: bool = False) -> int:
    """A program's own faults (``ProgramImage.minflt``) from the ``cmin_flt`` a
    bash gained per fork and execve of it (``redirected``: the command had
    redirections)."""
    return cminflt - FORKED_BASH_FAULTS - (REDIRECT_FAULTS if redirected else 0)

#: Simulated CPU time of process operations (model calibration, not kernel fact):
#: they make a loop of forks take time, so deferred work interleaves with it.
FORK_COST_NS = 500_000
#: ``max_threads`` at boot (kernel/fork.c ``set_max_threads``: the RAM at fork_init
#: over 8 kernel stacks) on the 1 GiB guests, read from /proc/sys/kernel/threads-max
#: (tools/sizes/threads-max.sh; recordings threads-max--5.10.txt, --6.1.txt)
MAX_THREADS = {"5.10": 7605, "6.1": 7550}
#: kernel.threads-max's upper bound (kernel/fork.c ``MAX_THREADS``: FUTEX_TID_MASK)
THREADS_LIMIT = 0x3FFFFFFF
EXEC_COST_NS = 1_000_000
#: The part of :data:`EXEC_COST_NS` that is the new image's run after the execve
#: (its faults, system calls and user code: the clock's ``RCU_USER_TICK_SHARE``
#: of its ticks in user mode, kernel/clock.py), the rest the forked task's work
#: and the execve itself, in the kernel: the 5.10 guest's ticks from a command's
#: first run to its exit, 433 of 657 in its runs after an exec (three traces at 2
#: CPUs: loops of `head`s, each a script's two execs, of `busybox true`, and
#: `head`s with sleeps; ``python3 tools/sizes/exec_user_ticks.py
#: calibration/recordings/exec-user-ticks--5.10-v1-2cpu.txt.gz
#: calibration/recordings/rcu-qs-sources--5.10-*``; docs/fidelity.md item 422).
EXEC_RUN_NS = EXEC_COST_NS * 433 // 657
EXIT_COST_NS = 100_000


#: 6.1's maple-tree node frees queued at each exec (the design's ``mm_mt_rcu_frees``,
#: :meth:`Processes.mt_free_rcus`; docs/fidelity.md item 315): measured against the
#: suite in session 39, not on by default (alone it moves novel-cgroupfs-errno 6.1's
#: dying count off; with the kthread's placement, kernel/clock.py
#: ``RCU_GP_KTHREAD_PLACED``, see there).
MT_FREE_RCU = False
#: A process's end queues the RCU callbacks docs/fidelity.md item 351 names where the
#: kernel queues them: its /proc dentries and inodes freed a grace period after the
#: reap on the reaper's CPU (else at once), the pid's grace period there, a dead
#: stack past the CPU's cache a grace period later where the design's
#: ``thread_stack_rcu`` says so, a pipe's last file (kernel/pipe.py). Measured in
#: session 40, not on by default: with it drop-caches-open and rt-container-loop-8cpu
#: break on 5.10 (the /proc frees), with session 39's switches as well
#: xarray-nodes-4cpu 6.1 agrees again (item 352).
EXIT_RCU_FREES = False
#: ``access()``'s temporary cred (:meth:`Processes.access_override_creds`): traced on
#: 5.10 (bash's two ``eaccess`` of each command its PATH search finds), modelled, not
#: on by default: drop-caches-files 5.10 reads main's kmem with it and without the
#: 5.10 cred blob, a page under the guests with both (docs/fidelity.md item 482).
ACCESS_TEMP_CREDS = False
#: A fork's cred a record of its own (:meth:`Processes.task_parts`), the task's
#: ``cred`` until an exec makes it its executable's ``f_cred`` (freed with that file:
#: ``file_free_rcu`` → ``put_cred`` → ``put_cred_rcu``, two grace periods after the
#: fput), else put by ``exit_creds`` from ``delayed_put_task_struct`` (a grace
#: period after it): kernel/cred.c ``copy_creds``, ``__put_cred``; kernel/fork.c
#: ``__put_task_struct``; fs/exec.c ``do_open_execat`` (v5.10, v6.1). Traced on 5.10
#: (tools/sizes/recordings/obj-trace-drop-caches-files--5.10-v1-2cpu.txt.gz: each
#: `head`'s three creds freed by ``put_cred_rcu`` queued from two ``file_free_rcu``
#: and one ``delayed_put_task_struct``); off, the model frees it with the task
#: structures a grace period after the reap (docs/fidelity.md item 482).
FORK_CRED_APART = False


def _mt_free_rcu() -> None:
    """``mt_free_rcu``: a replaced maple node back to its unaccounted cache. The
    model keeps one node an mm (:meth:`Processes._mm_image_specs`): what it models
    of these frees is the grace period each asks for (docs/fidelity.md item 315)."""


def _delayed_put_pid() -> None:
    """``delayed_put_pid``: ``put_pid`` of a reaped task's pid. Its ``struct pid``
    goes back with the task structures the model frees (one record): what it
    models of this callback is the grace period it asks for on the reaper's CPU
    (docs/fidelity.md item 351)."""
#: ``cgroup_attach_task`` (a write to cgroup.procs): ``percpu_down_write`` of
#: ``cgroup_threadgroup_rwsem`` waits for readers (``rcu_sync_enter``), then the
#: migration. Calibrated so a forked child's execve comes before its parent moves
#: it as often as on 6.1 (kernel/sched.py, calibration/README.md).
ATTACH_COST_NS = 1_100_000


class ProgramImage(Record):
    """What ``execve`` of a program faults in before its first blocking point."""
    anon_pages: int
    pgtable_pages: int
    #: accounted slab objects of exec: (the kernel's cache, count), each
    #: object's size the release's (``ReleaseSizes.slab_cache``)
    slab: tuple[tuple[str, int], ...]
    #: areas whose pages are faulted one by one (``kernel/mmap.py``), so the
    #: program can write them again later: (name, pages); included in
    #: ``anon_pages``
    areas: tuple[tuple[str, int], ...]
    #: Page faults of one run from ``execve`` to exit: the process's ``min_flt``
    #: less what it faulted before its execve, a forked bash's
    #: (:data:`FORKED_BASH_FAULTS`, added at the exec of a child forked and not
    #: yet exec'd) and the redirections it applied (``shell/malloc.py``
    #: ``REDIRECT_FAULTS``): :func:`_from_bash` of the ``cmin_flt`` its waiting
    #: bash gains (calibration/faults.sh). Those beyond ``anon_pages`` charge
    #: nothing (``Mmap.count_minor_faults``); 0: only the anon pages' own faults.
    minflt: int
    #: of its VMAs, those with an anon_vma (its written private and anonymous
    #: areas): a fork's ``anon_vma_fork`` gives each a new anon_vma and chains it
    #: (:meth:`Processes._dup_mm_specs`); 0 (the gnu images' fit): a fork copies
    #: the parent's counts
    anon_vmas: int
    #: linked statically with glibc: its start-up reads /proc/self/exe (glibc
    #: elf/dl-support.c ``_dl_non_dynamic_init`` → ``_dl_get_origin``: readlink),
    #: which looks up /proc/PID and /proc/PID/exe in the task's context
    #: (:data:`PROC_SELF_EXE`)
    static: bool
    #: (MM_FILEPAGES, MM_SHMEMPAGES): the pages of its binary (text, rodata, data)
    #: its faults map by its first blocking point (``filemap_map_pages``' fault-
    #: around; counted by ``mm_counter_file``: the guests' binaries live in the
    #: initramfs, a tmpfs, so shmem), already in the page cache: no charge
    text: tuple[int, int]
    #: of those, the counts in the mm's counters by then (``sync_mm_rss`` once its
    #: faults passed TASK_RSS_EVENTS_THRESH); the rest are in the task's split RSS
    #: cache (``task->rss_stat``: ``Mm.rss_pending``) until a later fault syncs it
    text_synced: tuple[int, int]
    #: of its anon pages past the exec's argument pages (which ``get_arg_page``
    #: faults into the new mm from the old one's context: ``add_mm_counter``
    #: straight, :func:`exec_arg_pages`), those in MM_ANONPAGES at its first
    #: blocking point (its own faults are cached in ``task->rss_stat`` until a
    #: ``sync_mm_rss``); the rest are in that cache (``Mm.anon_pending``)
    anon_synced: int
    #: (MM_FILEPAGES, MM_SHMEMPAGES) of its private writable mappings of the
    #: binary (its .data) still mapping the file's pages: what a fork copies
    #: (``copy_page_range`` of a VMA with an anon_vma: ``copy_present_pte``
    #: counts them in the child's mm)
    cow_text: tuple[int, int]
    #: busybox's: the 64 KiB windows of its binary ``text`` maps (a bit each:
    #: :func:`window_mask`); 0: not counted by windows
    windows: int
    #: busybox's: the windows mapped by its exit (its own code's and its exit
    #: path's: stdio's flush, ``exit``'s handlers), those past ``windows`` faulted
    #: from its first blocking point to ``exit``, in the task's split cache, synced
    #: by ``do_exit``'s ``sync_mm_rss`` before ``setmax_mm_hiwater_rss``: what its
    #: ``ru_maxrss`` counts beyond ``text``
    exit_windows: int
    # the annotations' names, spelled out: a class compiled by mypyc (a Python
    # class, Record's metaclass) has no ``__annotations__`` in its body
    __slots__ = ("anon_pages", "pgtable_pages", "slab", "areas", "minflt", "anon_vmas",
                 "static", "text", "text_synced", "anon_synced", "cow_text", "windows",
                 "exit_windows")
    _defaults = {"areas": (), "minflt": 0, "anon_vmas": 0, "static": False, "text": (0, 0),
                 "text_synced": (0, 0), "anon_synced": 0, "cow_text": (0, 0), "windows": 0,
                 "exit_windows": 0}


def exec_arg_pages(path: str, argv: list[str] | None) -> int:
    """The stack pages ``execve``'s ``copy_strings`` writes (fs/exec.c, v5.10 and
    v6.1: ``bprm->p`` starts a pointer below the stack VMA's page-aligned end;
    the file name, then the environment, then the arguments are copied below it,
    each NUL-terminated, ``get_arg_page`` faulting each page in). The model counts
    the file name and the arguments; the guests' environment (a few hundred
    bytes: calibration/program-anon.sh, where a 12,000-byte variable took 3 pages
    and a 20,000-byte argument 5) is not kept."""
    size = len(path) + 1 + 8
    if argv:
        size += sum(map(len, argv)) + len(argv)
    return -(-size // PAGE_SIZE)


#: Calibrated against a busybox ``sleep`` on 6.1.192 (kernel-recordings/
#: probe-fresh-cgroup-one-sleep.txt: pagetables 20480, slab 18024 with the fork's
#: objects, their sizes then guessed). Anon: 13 pages, memory.stat ``anon`` per
#: sleeper of 32 on 6.1 (52864, 51584, 52864 in three runs) and 5.10 (54912, 54912,
#: 50688: per-CPU stat batches), tests/conformance/scripts/v2-kernel-fields.sh, and
#: fresh-cgroup-one-sleep-v2's 53248; it was 18 after a first run that read 73728,
#: where the kmem of the mm's PGD and PUD pages (``MM_UPPER_PGTABLE_PAGES``, then
#: not modelled) made memory.current agree. ``minflt`` of ``sleep 0``
#: run by bash, 66-68 on both kernels (calibration/recordings/faults--*-v2.txt).
#: The slab counts are a fit for the host's programs (the gnu userland; the host's
#: dynamically linked bash maps 43 areas, GNU sleep 37: calibration/vma-counts-host.sh),
#: not re-made from them: :data:`GUEST_IMAGES` holds the guests' binaries, counted.
SLEEP_IMAGE = ProgramImage(anon_pages=13, pgtable_pages=5,
                           slab=(("vm_area_struct", 22), ("anon_vma", 4),
                                 ("anon_vma_chain", 6)), minflt=_from_bash(67))
#: A non-interactive bash (the gnu userland's: a fit as ``SLEEP_IMAGE``'s), 256 KiB of touched
#: anon memory, of which its ``.data``/``.bss``, the top of its stack and the start of
#: its heap are written again as it runs (``shell/malloc.py``; calibration/README.md).
#: Page tables: 6 ``NR_PAGETABLE`` pages, measured by calibration/pgtables.sh
#: (memory.stat ``pagetables`` 24576 of a cgroup holding one exec'd ``bash -c``, or one
#: forked subshell, on 6.1; ``VmPTE``, PTE + PMD + PUD pages, 32 kB on 5.10 and 6.1: 2
#: PUDs); what the shell faults past its image takes more (kernel/pgtable.py).
BASH_IMAGE = ProgramImage(anon_pages=64, pgtable_pages=6,
                          slab=(("vm_area_struct", 30), ("anon_vma", 8),
                                ("anon_vma_chain", 12)),
                          areas=(("[data]", 4), ("[stack]", 4), ("[heap]", 8)),
                          minflt=_from_bash(109))


def _applet(cminflt: int, redirected: bool = False) -> ProgramImage:
    """A busybox applet: ``sleep``'s image, its own page-fault count (from bash's
    ``cmin_flt`` per run of it: :func:`_from_bash`)."""
    return SLEEP_IMAGE.replace(minflt=_from_bash(cminflt, redirected))


#: Per program, faults of a run from bash measured as the shell's ``cminflt`` per
#: run on 5.10.262 and 6.1.192 (calibration/faults.sh): ``stat`` of a missing file
#: 78-80, ``grep -c`` of memory.stat 91-92, ``cat`` of a cgroup file 82-83, ``dd``
#: of 1 MiB from /dev/zero to tmpfs 101-103 (each with a redirection to
#: /dev/null), ``bash -c :`` 108-110.
PROGRAM_IMAGES = {"sleep": SLEEP_IMAGE, "bash": BASH_IMAGE, "sh": BASH_IMAGE,
                  "stat": _applet(79, True), "grep": _applet(91, True),
                  "cat": _applet(82, True), "dd": _applet(102, True)}
#: Other programs: a busybox applet with the median of the measured ones.
DEFAULT_IMAGE = _applet(82, True)

#: The guests' programs (the busybox userland: static bash 5.2 and busybox 1.35, both
#: linked statically with glibc), counted in the guests (tools/sizes/proc-objects.sh,
#: recordings/proc-objects--K-v2.txt): a ``sleep`` or ``bash -c`` maps 10 areas
#: (/proc/PID/maps: 5 of the binary, its bss, heap, stack, vvar, vdso), busybox ``cat``
#: and ``sh`` 11 (calibration/vma-counts.sh; busybox sh has its own image,
#: :data:`GUEST_BUSYBOX_SH`); an exec'd one keeps 4 anon_vmas and 5
#: anon_vma_chains (traced on 6.1: an exec of busybox ``sleep`` charges one chain and
#: anon_vma each at ``get_arg_page``, at its first ``do_fault`` and at two anonymous
#: faults, and a fifth chain at ``mprotect``'s ``__split_vma`` (``anon_vma_clone``),
#: and frees the same at exit: tools/sizes/recordings/late-frees-trace--6.1-v2-2cpu.txt;
#: item 44 fitted 6 from memory.stat slab of 100 ``bash -c 'read x'``, 18785.7 bytes
#: a process, without the creds' security blobs), a forked subshell of a subshell 5
#: anon_vmas and 15 chains (17277 bytes a process: 1661 past the VMAs), so 5 of its
#: areas have an anon_vma. Their pages and faults as the images above.
#: Their binaries' pages (``text``, ``cow_text``; calibration/program-rss.sh, the
#: same on both guests: calibration/recordings/program-rss--*-v2.txt): static bash
#: run by ``bash -c`` shows RssShmem 1896 kB and RssFile 4 kB at its first block
#: (synced), where it maps 489 pages of its binary (calibration/bash-text-pages.sh,
#: /proc/PID/pagemap: the same pages in every bash, however started and whatever it
#: ran, both guests; docs/fidelity.md item 304): the 15 its last faults mapped are in
#: its split RSS cache until a later fault syncs them (a script's bash: 1956 kB), a
#: subshell forked from it RssShmem 36 kB (its .data's pages: so does
#: the OOM victim of tests/conformance/recordings/oom-child-dmesg--*, shmem-rss:36kB);
#: a busybox applet shows none at its first block (sleep, cat, ``tail -f``: in the
#: task's split counters), busybox tail reading 16 MiB RssShmem 1344 kB and RssFile
#: 4 kB once its anon faults synced them (so does global-oom-killer's victim on
#: 6.1): every applet was given tail's until session 41, now its own:
#: The pages of busybox's binary each applet maps (calibration/busybox-applet-pages.sh,
#: recordings busybox-applet-pages--K-v2.txt, and calibration/busybox-applet-windows.sh,
#: recordings busybox-applet-windows--K-v2.txt: the same on 5.10 and 6.1; docs/
#: fidelity.md items 376, 427): a read fault maps its 64 KiB window (mm/memory.c
#: ``do_fault_around``, ``fault_around_bytes``: from ``max(address & mask,
#: vm_start)``, clipped to the VMA), so what a process maps is the set of windows its
#: code ran in. Window w of 0x400000 (fs/procmaps.py ``BUSYBOX``): window 0 holds the
#: header page and .text's first 15, windows 1-23 16 pages of .text, window 24 .text's
#: last 5 (then .rodata: mapped whole at start-up, 86 pages, with .data.rel.ro's 5
#: unwritten ones). Every applet maps the start-up's windows 0-1 and 3-14 (315 pages
#: with those 91: /proc/PID/pagemap of blocked applets), its own code's
#: (:data:`BUSYBOX_APPLET_WINDOWS`) and, at glibc's ``exit`` (stdio's flush and the
#: exit handlers: what busybox time's vforked child of a missing program maps, its
#: message and ``exit`` alone), windows 2 and 24 (:data:`BUSYBOX_EXIT_WINDOWS`); the
#: kmem:rss_stat tracepoint's MM_SHMEMPAGES after ``do_exit``'s ``sync_mm_rss`` is
#: that set's pages (352, 368 or 384: one, two or three windows of its own).
BUSYBOX_START_WINDOWS = (0, 1, *range(3, 15))
#: .rodata's 86 pages and .data.rel.ro's 5 unwritten ones, mapped at start-up
BUSYBOX_RODATA_PAGES = 91
#: .data.rel.ro's 5 pages the start-up does not write: mapped at exec by its
#: fault-around, and copied into a fork's child (the VMA has an anon_vma, for its 2
#: written pages: ``copy_page_range`` copies its PTEs, ``copy_present_pte`` counts
#: them in the child's MM_SHMEMPAGES; rss_stat of a forked busybox sh's child in its
#: parent's context: 5, calibration/busybox-fork-windows.sh, docs/fidelity.md item 454)
BUSYBOX_RELRO_PAGES = 5
#: .rodata's windows (of 0x400000's 64 KiB windows, 24-29: its VMA's 11, 16, 16, 16,
#: 16 and 11 pages) in a window mask: bits past .text's, window w at bit
#: ``RODATA_BIT + w - 24`` (:func:`ro`). An exec maps them all at start-up; a fork's
#: child faults those its code reads again (``copy_page_range`` copies no PTE of a
#: VMA without an anon_vma, v5.10 and v6.1: .text and .rodata have none)
RODATA_BIT = 25
#: a bit no window has: the mm's binary pages are counted by windows (busybox's)
WINDOWED = 1 << 31


def ro(*windows: int) -> tuple[int, ...]:
    """The mask bits of .rodata's windows ``windows`` (24-29)."""
    return tuple(RODATA_BIT + w - 24 for w in windows)


#: glibc's ``exit`` (``exit`` → ``__run_exit_handlers`` → ``_IO_cleanup``'s flush,
#: ``_exit``): busybox time's failed child (``bb_perror_msg``, ``xfunc_die`` →
#: ``exit``) maps 2 and 24 and nothing else (its rss_stat MM_SHMEMPAGES 21, synced
#: into its parent's mm), window 8 being the start-up's; a fork's child with nothing
#: mapped, all three (calibration/busybox-fork-windows.sh: every NOEXEC applet busybox
#: sh forks). busybox sh ends in ``exitshell`` → ``flush_stdout_stderr``, ``_exit``:
#: window 2 in an exec'd sh, 2, 8, 10 and 11 in a forked one (a subshell ``( : )``:
#: the start-up's windows 8, 10 and 11 faulted after its body's)
BUSYBOX_EXIT_WINDOWS = (2, 8, 24)
ASH_EXIT_WINDOWS = (2, 8, 10, 11)
#: What a fork's child of busybox sh maps of the binary, measured window by window
#: (calibration/busybox-fork-windows.sh, recordings busybox-fork-windows--K-v2.txt:
#: each child's faults from its sched_process_fork; the same windows on 5.10 and 6.1;
#: docs/fidelity.md item 454): every child, on its way back from ``fork`` and
#: through ``forkchild`` (what a child that then execs faults before its execve,
#: ``sh -c 'sleep 0; :'``): .text's 0, 1, 3, 4, 6, 14, 18, 19 and .rodata's 26, 27
ASH_FORK_CHILD_WINDOWS = (0, 1, 3, 4, 6, 14, 18, 19, *ro(26, 27))
#: a child that evaluates a tree (``evaltreenr``: a subshell's body, a command
#: substitution's, a pipeline's stage, a background job) runs ``evalcommand``'s
#: expansion: 5 and .rodata's 24 (a plain command's fork does not: it forked in
#: ``evalcommand``)
ASH_EVAL_WINDOWS = (5, *ro(24))
#: the child's own system calls before it exits or execs (a command substitution's or
#: a pipeline stage's ``dup2`` onto its pipe, a background job's ``open`` of
#: /dev/null, a NOEXEC applet's ``prctl``, a builtin's ``write``): window 7
ASH_CHILD_IO_WINDOWS = (7,)
#: a command substitution's child besides (``evalbackcmd``): .rodata's 28
ASH_COMSUB_CHILD_WINDOWS = ro(28)
#: The start-up's windows an applet's own code runs in or reads (an exec'd applet has
#: them mapped; a NOEXEC one busybox sh forks faults them): ``head -n 0``, ``basename``
#: and ``seq`` forked (the windows past the child's, its ``exit``'s and the applet's
#: own), echo as a builtin in a subshell (none but the ``write``'s 7). Others: the
#: .rodata windows of two of those three (24, 29).
BUSYBOX_APPLET_START_WINDOWS = {
    "head": ro(24, 28, 29), "basename": (5, *ro(29)), "seq": (11, 13, *ro(24, 25, 29)),
    "echo": ()}
BUSYBOX_DEFAULT_START_WINDOWS = ro(24, 29)
#: Each applet's own windows: those its run maps past the start-up's and ``exit``'s
#: (calibration/busybox-applet-windows.sh: every fault's address from the applet's
#: sched_process_exec to its exit, both guests alike). As the probe ran them: find
#: without options (``-maxdepth 0`` adds window 15: :data:`BUSYBOX_OPTION_WINDOWS`),
#: ``ls`` without ``-l``, tail and cut with a number, kill with a signal; tr exec'd by
#: busybox sh; busybox sh (``sh -c ':'``, with its ``exitshell``'s window 2: 379) and
#: busybox time's own. A NOFORK applet run in another applet's process (busybox's
#: ``spawn_and_wait``: xargs, find -exec; busybox sh's builtins that call an applet's
#: ``main``: echo, printf, test, kill; a NOEXEC applet it runs in its own process,
#: ``sh -c 'basename x'``, with ``exit``'s) maps its own windows there: ``xargs true`` 368
#: (xargs' 352 and true's window 22), ``xargs echo`` and ``find -exec echo`` window
#: 21, a missing program none (the vforked child faults nothing of the binary), busybox
#: ``sh -c 'echo x'`` and ``'printf x'`` 395 (sh's 379 and window 21; ``[ 1 = 1 ]``
#: test's 22; ``true`` is ash's own builtin: 379). kill's own are what its builtin
#: maps in busybox sh (``sh -c 'kill -9 $$'``, killed before any exit path: 400
#: pages, calibration/recordings/busybox-applet-pages--K-v2.txt; ``kill -0 $$`` the
#: same windows): 2, 15 and 24 past the sh's, with 18, where kill exec'd maps 15
#: and 18 with exit's.
BUSYBOX_APPLET_WINDOWS = {
    "true": (22,), "false": (21,), "echo": (21,), "seq": (21,), "rmdir": (21,),
    "rm": (21,), "basename": (21,), "printf": (21,), "date": (21,), "grep": (23,),
    "find": (23,), "xargs": (23,), "tr": (22,), "test": (22,), "dd": (21,),
    "sleep": (21, 23), "cat": (21, 23), "head": (21, 23), "ls": (21, 23), "mkdir": (21, 23),
    "expr": (21, 23), "env": (21, 23), "md5sum": (21, 23),
    "wc": (22, 23), "sed": (22, 23), "awk": (22, 23), "uname": (22, 23), "uniq": (22, 23),
    "tail": (15, 22), "free": (18, 23), "kill": (2, 15, 18, 24),
    "cut": (15, 21, 23), "id": (15, 21, 23), "sort": (21, 22, 23), "cp": (21, 22, 23),
    "stat": (15, 22, 23), "ps": (15, 18, 23), "time": (15, 16, 23),
    "sh": (18, 19, 23), "ash": (18, 19, 23)}
#: busybox sh's command substitution (``expbackq``, ``evalbackcmd``): window 24
#: (``sh -c 'x=$(seq 1 5000)'`` maps 384 pages by its exit, 379 without:
#: calibration/recordings/busybox-applet-pages--K-v2.txt, both guests; a pipeline's
#: forks and waits map none: busybox-applet-windows' ``sh -c "cat F | exec cat"``)
ASH_COMSUB_WINDOWS = (24,)
#: an applet not measured: a sleep's (the commonest pair)
BUSYBOX_DEFAULT_WINDOWS = (21, 23)
#: What an option's code adds (the same probe): ``ls -l``'s user and group names
#: (``ls -n`` and ``ls -ln`` map none: the long format's code is ls's own), find's
#: ``-maxdepth``
BUSYBOX_OPTION_WINDOWS = {("ls", "names"): (15,), ("find", "depth"): (15,)}
#: The windows mapped at the first blocking point, where measured (/proc/PID/pagemap,
#: calibration/busybox-applet-pages.sh): a sleep its own two (347 pages), cat its
#: two and window 24 (352; the read path), head (exec'd by the guests' /bin/head
#: wrapper) 2, 21 and 24 (352), busybox sh after its read builtin its three (363),
#: busybox time waiting for its child 15 and 16 (347); tail, blocked after reading 4
#: or 16 MiB, one window and 24 (336: tests/conformance/recordings/
#: proc-maps-smaps--K-v2.txt, smaps' Rss; its window 22 taken). Elsewhere: its own.
BUSYBOX_BLOCK_WINDOWS = {"sleep": (21, 23), "cat": (21, 23, 24), "head": (2, 21, 24),
                         "tail": (22, 24), "sh": (18, 19, 23), "ash": (18, 19, 23),
                         "time": (15, 16)}


def window_mask(windows) -> int:
    """The bit mask of busybox's 64 KiB windows ``windows``."""
    m = 0
    for w in windows:
        m |= 1 << w
    return m


def window_pages(mask: int) -> int:
    """The pages of busybox's binary the windows of ``mask`` map. Fault-around
    (mm/memory.c ``do_fault_around``, v5.10 and v6.1) maps ``fault_around_bytes``
    from ``max(address & mask, vm_start)``, clipped to the VMA's end: a VMA's first
    window, cut by its start, reaches into the next one's. So .text's window 0 maps
    pages 1-16 and window 1 16-31 (31 together; the header page is a VMA of its own,
    mapped by the start-up: a fork's child reads it no more), window 24 .text's last
    5; .rodata's 24 its first 16, 25 16 more from its 12th (27 together), 26-28 16,
    29 its last 11 (86 in all)."""
    return _layout_pages(mask, 24, 5, RODATA_BIT, 6, 5, 11)


def _layout_pages(mask: int, last: int, last_pages: int, ro_bit: int, ro_windows: int,
                  overlap: int, ro_last_pages: int) -> int:
    """The pages a binary's windows ``mask`` map: .text's windows at bits below
    ``last`` 16 pages each (0 and 1 sharing one), its window ``last`` its last
    ``last_pages``; .rodata's ``ro_windows`` from bit ``ro_bit`` 16 each (its first
    two sharing ``overlap``), its last ``ro_last_pages``."""
    n = 16 * bin(mask & ((1 << last) - 1)).count("1") - (mask & mask >> 1 & 1)
    if mask >> last & 1:
        n += last_pages
    r = mask >> ro_bit & ((1 << ro_windows) - 1)
    if r:
        n += (16 * bin(r & ((1 << ro_windows - 1) - 1)).count("1")
              + ro_last_pages * (r >> ro_windows - 1) - overlap * (r & r >> 1 & 1))
    return n


def applet_windows(name: str | None) -> tuple[int, ...]:
    """Applet ``name``'s own windows (:data:`BUSYBOX_APPLET_WINDOWS`; a sleep's if
    it was not measured)."""
    return BUSYBOX_APPLET_WINDOWS.get(name, BUSYBOX_DEFAULT_WINDOWS) if name else \
        BUSYBOX_DEFAULT_WINDOWS


def applet_start_windows(name: str | None) -> tuple[int, ...]:
    """The start-up's windows applet ``name``'s code runs in
    (:data:`BUSYBOX_APPLET_START_WINDOWS`)."""
    return BUSYBOX_APPLET_START_WINDOWS.get(name, BUSYBOX_DEFAULT_START_WINDOWS) if name \
        else BUSYBOX_DEFAULT_START_WINDOWS


def applet_code_windows(name: str | None) -> tuple[int, ...]:
    """The windows applet ``name``'s run maps in an mm that maps none of them (a
    fork's child of busybox sh): its own, the start-up's its code uses, its system
    calls' (a NOEXEC one's ``prctl``, a builtin's ``write``)."""
    return applet_windows(name) + applet_start_windows(name) + ASH_CHILD_IO_WINDOWS


#: The guests' static bash 5.2.15 by the same 64 KiB windows of 0x400000
#: (calibration/busybox-fork-windows.sh's maps: .text 0x401000-0x5b7000, .rodata
#: 0x5b7000-0x62a000): .text's windows 0-27 at bits 0-27 (window 0 pages 1-16, 27 its
#: last 7), .rodata's 27-34 at bits :data:`BASH_RODATA_BIT` on (27 its first 16 pages,
#: 28 16 more from its 10th: 25 together, 29-33 16, 34 its last 10: 115 in all)
BASH_RODATA_BIT = 32


def bash_ro(*windows: int) -> tuple[int, ...]:
    """The mask bits of bash's .rodata windows ``windows`` (27-34)."""
    return tuple(BASH_RODATA_BIT + w - 27 for w in windows)


def bash_window_pages(mask: int) -> int:
    """The pages of bash's binary the windows of ``mask`` map (as
    :func:`window_pages` for busybox's: fault-around from ``max(address & mask,
    vm_start)``, clipped to the VMA)."""
    return _layout_pages(mask, 27, 7, BASH_RODATA_BIT, 8, 7, 10)


#: What an exec'd bash maps by its first command (``bash -c ':'``, both guests: 489
#: pages with the header's and .data.rel.ro's 9): .text's windows but 10 and 11,
#: .rodata's 27-31
BASH_START_MASK = (window_mask((*range(10), *range(12, 28), *bash_ro(27, 28, 29, 30, 31)))
                   | WINDOWED)
#: What a fork's child of bash maps of the binary, window by window
#: (calibration/busybox-fork-windows.sh parts 1 and 3, the same windows on 5.10 and
#: 6.1; docs/fidelity.md item 485), by the path it takes through bash 5.2's code:
#: every child on its way back from ``fork`` in ``make_child`` (jobs.c), the faults a
#: child of ``bash -c 'sleep 0; :'`` takes first: .text 0-5, 14, 15, 19, .rodata 27
BASH_FORK_CHILD_WINDOWS = (0, 1, 2, 3, 4, 5, 14, 15, 19, *bash_ro(27))
#: a script's bash's child besides (``unset_bash_input`` → ``close_buffered_fd``):
#: window 20 (every child of the probe's own bash)
BASH_SCRIPT_CHILD_WINDOWS = (20,)
#: a subshell's body ``( : )`` (``execute_in_subshell`` → ``execute_command_internal``,
#: the builtin): 6-9, 13, 16, 17, 21, .rodata 28, 29, 31
BASH_PAREN_WINDOWS = (6, 7, 8, 9, 13, 16, 17, 21, *bash_ro(28, 29, 31))
#: an asynchronous job's ``: &`` (no ``wait_for``'s, with ``setup_async_signals``'):
#: 6, 9, 13, 16, 17, 20, 21, .rodata 28, 29, 31
BASH_JOB_WINDOWS = (6, 9, 13, 16, 17, 20, 21, *bash_ro(28, 29, 31))
#: a command substitution's child (subst.c ``command_substitute`` →
#: ``parse_and_execute``: the parser's code and tables, docs/fidelity.md item 456):
#: 6-9, 13, 16, 17, 20, .rodata 28-31
BASH_COMSUB_WINDOWS = (6, 7, 8, 9, 13, 16, 17, 20, *bash_ro(28, 29, 30, 31))
#: a pipeline's stage of builtins (``echo a | cat``'s first, less echo's own: 20-23):
#: 6, 7, 9, 13, 16, 17, .rodata 28, 31
BASH_STAGE_WINDOWS = (6, 7, 9, 13, 16, 17, *bash_ro(28, 31))
#: a child's way out when it execs nothing (``exit_shell`` → ``sh_exit``, stdio's
#: flush at ``exit``): 12 and 27, last in every such child's faults
BASH_EXIT_WINDOWS = (12, 27)
BASH_EXIT_MASK = window_mask(BASH_EXIT_WINDOWS) | WINDOWED
#: a child's way from ``make_child`` to its execve (``execute_disk_command`` →
#: ``shell_execve``): 6 and 9, the last of ``bash -c 'sleep 0; :'``'s child's 12
#: windows before its execve (24-25 faults, 23-24 on 6.1)
BASH_EXEC_WINDOWS = (6, 9)
BASH_EXEC_MASK = window_mask(BASH_EXEC_WINDOWS)
#: the windows :data:`FORKED_BASH_FAULTS` (a script's bash's child, measured as a
#: whole) held that a windowed child now counts as it maps them: the fork's, the
#: script's and the exec path's (13: the probe's own bash's ``sleep 0``'s child, 28-29
#: faults before its execve)
BASH_EXEC_CHILD_COUNTED = (len(BASH_FORK_CHILD_WINDOWS) + len(BASH_SCRIPT_CHILD_WINDOWS)
                           + len(BASH_EXEC_WINDOWS))
#: A child's path's windows and its faults from its fork to its exit besides its
#: windows and the writes the
#: shell counts itself (``BashForkWrites``' child writes and stack page: 7), by path,
#: from ``bash -c``'s children on both guests (the same counts): ``( : )`` 43 (43-44
#: the first of a run, 41 the second), ``$(:)`` 46, ``: &`` 38-39, ``echo a |`` 41-42
#: (echo's 4 windows); a script's bash's children fault its step's besides
#: (``BashForkWrites.script_child``)
BASH_CHILD_PATHS = {"paren": (BASH_PAREN_WINDOWS, 43 - 24 - 7),
                    "comsub": (BASH_COMSUB_WINDOWS, 46 - 24 - 7),
                    "job": (BASH_JOB_WINDOWS, 39 - 22 - 7),
                    "stage": (BASH_STAGE_WINDOWS, 42 - 24 - 7)}


#: every .rodata window: an exec's start-up maps the whole section
RODATA_MASK = window_mask(ro(24, 25, 26, 27, 28, 29))
#: the start-up's: its .text windows, .rodata's, counted by windows; the header page
#: and .data.rel.ro's unwritten pages are the image's besides (``busybox_text``)
START_MASK = window_mask(BUSYBOX_START_WINDOWS) | RODATA_MASK | WINDOWED
EXIT_MASK = window_mask(BUSYBOX_EXIT_WINDOWS)
ASH_EXIT_MASK = window_mask(ASH_EXIT_WINDOWS)
#: what a forked ``( : )`` faults of the binary: the child's, its body's expansion and
#: ``exitshell``'s windows (16: busybox-fork-windows' sh-sub, both kernels)
ASH_SUBSHELL_WINDOW_FAULTS = bin(window_mask(ASH_FORK_CHILD_WINDOWS + ASH_EVAL_WINDOWS
                                             + ASH_EXIT_WINDOWS)).count("1")


def busybox_text(name: str | None) -> dict:
    """``ProgramImage`` fields of busybox applet ``name``'s binary pages: ``text``
    (the vdso's page, the shmem pages at its first block), ``windows`` (the windows
    mapped then) and ``exit_windows`` (those mapped by its exit: its own and
    ``exit``'s, busybox sh's ``exitshell``'s)."""
    own = window_mask(applet_windows(name))
    block = START_MASK | (window_mask(BUSYBOX_BLOCK_WINDOWS[name])
                          if name in BUSYBOX_BLOCK_WINDOWS else own)
    ends = ASH_EXIT_WINDOWS if name in ("sh", "ash") else BUSYBOX_EXIT_WINDOWS
    return {"text": (1, BUSYBOX_RELRO_PAGES + 1 + window_pages(block)), "windows": block,
            "exit_windows": START_MASK | own | window_mask(ends),
            "cow_text": (0, BUSYBOX_RELRO_PAGES)}


#: busybox sh's faults from its execve to its exit, ``sh -c ':'`` (docs/fidelity.md
#: item 378; :data:`GUEST_BUSYBOX_SH`)
BUSYBOX_SH_FAULTS = 43
#: A busybox sh's forked child that execs: its faults from its fork to its execve,
#: 20 (6.1) and 21 (5.10) traced (calibration/busybox-fork-windows.sh's sh-exec:
#: :data:`ASH_FORK_CHILD_WINDOWS`' 10 and 10 writes; a pipeline's last stage 23, its
#: expansion's and ``dup2``'s windows besides), less those windows and the writes the
#: shell makes as it forks (shell/malloc.py ``BUSYBOX_SH_CHILD_PAGES``: 5): what the
#: exec counts for it, as bash's ``forked_bash_faults`` for bash's
BUSYBOX_SH_EXEC_CHILD_FAULTS = 20
BUSYBOX_SH_EXEC_CHILD_REST = BUSYBOX_SH_EXEC_CHILD_FAULTS - 5 - len(ASH_FORK_CHILD_WINDOWS)
#: A vforked busybox child whose program is nowhere (``BB_EXECVP_or_die``: busybox
#: time's): its ``min_flt`` is 3 for a path, 4 for a name ``execvp`` searched on
#: PATH (wait4's ``ru_minflt``, calibration/busybox-applet-pages.sh, both guests):
#: one a failed ``execve`` (:data:`EXECVE_FAIL_FAULTS`), then its message and
#: ``exit``: 2 (:data:`EXEC_FAIL_FAULTS`), which map the applet's exit path's pages
#: (busybox time's: 21, a sleep's) in its parent's mm (kmem:rss_stat: MM_SHMEMPAGES 21
#: at the child's ``sync_mm_rss``), so its ``ru_maxrss`` is the parent's counters
#: with them: 22 pages (88 kB). busybox's ``spawn`` (xargs, find -exec) ``_exit(111)``s
#: without a message: no fault of its own (calibration/busybox-applet-anon.sh: no
#: page_fault_user or page_fault_kernel event of the child on either guest).
EXEC_FAIL_FAULTS = 2
#: Each ``execve`` that fails to open its file (fs/exec.c ``do_execveat_common``,
#: v5.10 and v6.1: ``alloc_bprm`` → ``bprm_mm_init`` makes the new mm, then
#: ``copy_string_kernel`` and ``copy_strings`` fault the argument page in with
#: ``get_arg_page`` → ``get_user_pages_remote`` → ``handle_mm_fault``, counted in
#: the caller's ``min_flt`` (mm/memory.c ``mm_account_fault``) and in its memcg's
#: ``pgfault`` (the new mm's owner is the caller); only then ``bprm_execve`` →
#: ``do_open_execat``: ENOENT): 1 fault (busybox time's child of a name tried on
#: the guests' PATH /bin:/sbin faults one more than of a path). The new mm's
#: transient charges (its page, page tables, VMA, mm_struct) are not modelled.
EXECVE_FAIL_FAULTS = 1


def execvp_attempts(name: str, path: str | None) -> int:
    """How many ``execve`` calls glibc's ``execvp`` of ``name`` makes when each fails
    with ENOENT (posix/execvpe.c ``__execvpe``, glibc 2.31-2.36): one for a name
    with a slash, else one per element of ``path`` (``$PATH``; unset: ``confstr``'s
    ``_CS_PATH``, "/bin:/usr/bin"; an empty element is the current directory)."""
    if "/" in name:
        return 1
    return len(("/bin:/usr/bin" if path is None else path).split(":"))


GUEST_SLEEP = SLEEP_IMAGE.replace(slab=(("vm_area_struct", 10), ("anon_vma", 4),
                                        ("anon_vma_chain", 5)), anon_vmas=5, static=True,
                                  **busybox_text("sleep"))
#: static bash 5.2's anonymous pages at its first command, however it was started
#: (``bash -c``, with an empty environment, a script file, a subshell's fork of
#: one: calibration/bash-image-areas.sh, recordings bash-image-areas--K-v2.txt,
#: smaps Anonymous area by area, the same on 5.10 and 6.1): ``[data]`` its 21
#: written pages of the binary's writable areas, .data's 7 of 11 and .bss's 12 of
#: 18 (written again as it runs: the fork's writes take pages 0-1) and
#: .data.rel.ro's 2 of 7 (relocated at start-up, then read-only); ``[heap]`` 16 of
#: its 34 (the top chunk's header in page 15: shell/malloc.py ``HEAP_START``);
#: ``[stack]`` 2-4 of 33 (its argument, environment and auxiliary vector, then its
#: frames: 4, ``shell/stack.py`` ``STACK_IMAGE_PAGES``). 41 pages: memory.stat
#: ``anon`` 163840 (40 pages) for one ``bash -c`` on 6.1; what a script's first
#: lines write past them is the shell's (``malloc.SCRIPT_START``).
GUEST_BASH = BASH_IMAGE.replace(anon_pages=41, slab=GUEST_SLEEP.slab, anon_vmas=5,
                                static=True,
                                areas=(("[data]", 21), ("[stack]", 4), ("[heap]", 16)),
                                text=(1, 489), text_synced=(1, 474), anon_synced=26,
                                cow_text=(0, 9), windows=BASH_START_MASK,
                                exit_windows=BASH_START_MASK)



class BashForkWrites(Record):
    """What a bash writes of its own pages on each side of a fork, beside its
    stack (``shell/stack.py``) and its arena's calls (``shell/malloc.py``): each
    page a range of an area of its image, written once (the fork write-protected
    it in both mms: one fault each, ``do_wp_page``: ``wp_page_copy`` while the other
    mm maps it, charged to the writer's memcg, else ``wp_page_reuse``)."""
    #: the parent's, on its way back from ``make_child`` (jobs.c: the job and
    #: process bookkeeping, ``last_made_pid``, the signal masks)
    parent: tuple[tuple[str, int, int], ...]
    #: whether the parent's ``add_process`` mallocs then (the arena's tcache page
    #: and its top chunk's, wherever the arena has them: ``Heap.fork_return``)
    arena: bool
    #: the parent's besides, for an asynchronous command (``stop_pipeline`` of a
    #: background job: the job table, ``last_asynchronous_pid``)
    job: tuple[tuple[str, int, int], ...]
    #: the child's, before its command (``make_child``'s child side: its pid,
    #: the job table reset, ``subshell_environment``)
    child: tuple[tuple[str, int, int], ...]
    #: the child's besides when the bash reads a script (``make_child`` →
    #: ``unset_bash_input (0)`` → ``close_buffered_fd``: the input's buffered
    #: stream freed), and that step's faults on no anon page (its code's text)
    script_child: tuple[tuple[str, int, int], ...]
    script_child_faults: int
    #: the forked bash's faults before its execve the shell does not count itself
    #: (``Processes.exec`` adds them): :data:`FORKED_BASH_FAULTS`, measured from a
    #: script's bash, less the child's writes above and the script step's faults
    exec_faults: int
    #: a forked bash's faults from fork to its exit when it execs nothing
    #: (:data:`SUBSHELL_FAULTS`) less those the shell counted
    #: as it forked (the child's writes, the script step)
    exit_faults: int
    #: its children fault the binary window by window (:data:`BASH_CHILD_PATHS`,
    #: a command substitution's parse :data:`BASH_COMSUB_PARSE_WRITES`: the guests'
    #: static bash), in place of ``exit_faults``; else (the host's bash, not
    #: measured so) a command substitution's child parses at no cost of its own
    windowed: bool
    __slots__ = ("parent", "arena", "job", "child", "script_child", "script_child_faults",
                 "exec_faults", "exit_faults", "windowed")
    _defaults = {"windowed": False}


def _pages(writes: tuple[tuple[str, int, int], ...]) -> int:
    """The pages ``writes`` write."""
    return sum(last - first + 1 for _, first, last in writes)


def _bash_fork_writes(parent: tuple, arena: bool, job: tuple, child: tuple,
                      script_child: tuple, script_child_faults: int,
                      model_child_copies: int = 0, child_calls: int = 0) -> BashForkWrites:
    """A :class:`BashForkWrites` with the fault counts left to the kernel and the
    shell derived from the measured totals (``model_child_copies``: the child's
    arena writes that still copy a page; ``child_calls``: the child's measured
    page writes no longer listed, which its own calls make in a subshell, not in
    a child that execs: left out of the exec's faults, which are one short of the
    measured for bash, and as measured for busybox sh's children, which take
    them too)."""
    counted = _pages(child) + _pages(script_child) + script_child_faults
    return BashForkWrites(parent, arena, job, child, script_child, script_child_faults,
                          FORKED_BASH_FAULTS - counted - child_calls,
                          SUBSHELL_FAULTS - counted - model_child_copies)


#: A forked bash's faults from fork to its exit when it execs nothing (a subshell
#: ``( : )``, a command substitution or a pipeline's stage of builtins): its text
#: faulted again as :data:`FORKED_BASH_FAULTS`, its writes, then the builtin's and
#: the exit path's (``exit_shell``, ``run_exit_trap``, stdio at ``exit``): the
#: children's ``min_flt`` per ``( : )`` of a script's bash, 52.0 and 56.0 on 6.1,
#: 52.0 and 54.0 on 5.10 (calibration/bash-image-areas.sh). The shell counts what
#: its model of the child did not as the child exits (``BashForkWrites.exit_faults``).
SUBSHELL_FAULTS = 53
#: bash 5.2's command substitution parses its text again in the child
#: (subst.c ``command_substitute`` → ``parse_and_execute``), then runs it (a simple
#: command: ``CMD_NO_FORK``, its execve in that child): the parser's code and data
#: faulted again (fork copied no PTE of .text or .rodata) and its allocations. The
#: guests' static bash, traced window by window (calibration/busybox-fork-windows.sh,
#: recordings busybox-fork-windows--K-v2.txt, both kernels alike; docs/fidelity.md
#: item 456): ``bash -c 'x=$(seq 1 5000)'``'s child faults 43 before its execve,
#: ``bash -c 'sleep 0; :'``'s 25: 18 more (.text's 7, 8, 13, 16, 17, 20 and .rodata's
#: 28-31 past the fork's 12 windows, and 8 writes). A child that exits without an
#: exec, ``$(echo a)``, 51 against a subshell ``( : )``'s 43. Since session 45 its
#: windows are :data:`BASH_COMSUB_WINDOWS` (with the exec path's 6 and 9), counted as
#: the child maps them; the 8 writes as it starts.
BASH_COMSUB_PARSE_FAULTS = 18
BASH_COMSUB_PARSE_WRITES = BASH_COMSUB_PARSE_FAULTS - len(BASH_COMSUB_WINDOWS) + 2
#: Per userland. The gnu userland's bash (the host's dynamic one, a fit): .data/
#: .bss pages 0-1 in the parent; its child copies the arena's pages it first
#: writes (the tcache's, the top chunk's: 2). The guests' static bash 5.2.15, each
#: fork's pages by their PFNs before and after it in both processes (calibration/
#: bash-fork-cow.sh, recordings bash-fork-cow--K-v2.txt, the same pages on 5.10
#: and 6.1; 17 pages copied in all, 18 from a script's bash: memory.stat anon of a
#: ``bash -c`` and its forked subshell 57 pages against the exec'd one's 40):
#: .data 0, 9 and .bss 0, 1, 6 (``[data]`` 0-4: which of ``GUEST_BASH``'s 21 stands
#: for which of the binary's pages is the model's choice, runs kept whole) and heap
#: pages 0 (the tcache), 5 and 15 (the top chunk's: ``arena``) in the parent (9
#: copies with its stack page, a foreground subshell or command); .bss 7, 8
#: (``[data]`` 5-6) and heap 13 more for a background job (13 copies at its
#: ``wait``); the child .bss 7, 8, 16, 17 and .data 10 (``[data]`` 5-9) and heap 6, 13
#: (8 with a stack page, copies or, for the pages a background parent wrote
#: first, reuses: its min_flt 39-40 either way), a script's bash's child heap 14
#: besides (its input buffer freed) and 3 faults more (children's min_flt per
#: fork and exec of /bin/true in a loop, calibration/bash-fork-cow.sh: 61.7-62.4
#: from a ``bash -c``, 65.8-66.9 from a script file, both guests).
#: Which chunks these heap pages are (calibration/bash-fork-chunks.sh, the script
#: bash's arena and PFNs before a fork and on both sides after it, both guests;
#: docs/fidelity.md item 273): the parent's 5 is ``PWD``'s ``BUCKET_CONTENTS``,
#: whose ``times_found`` ``stop_pipeline``'s ``job_working_directory`` counts up
#: (a start-up chunk: kept here); its 13 the job table's array (``jobs[i]``) and
#: make_cmd.c's word caches' arrays (the command's words disposed of after the
#: fork), both now the shell's calls (shell/malloc.py ``JOBS_ARRAY_SIZE``,
#: ``CACHE_ARRAYS``), so the background job's heap 13 is no longer listed; the
#: child's 6 is ``IFS``'s bucket (its expansions' word splitting: kept) and its 13
#: the caches' arrays (its redirections' words) and, in a subshell, the job table
#: freed: no longer listed, the parent copying that page first (a subshell's
#: child then reuses it; an exec'd one's writes are gone with its exec). The
#: parent's heap 6 (``_``'s bucket and ``SHELL_VAR``) is a disk command's
#: ``bind_lastarg`` after its fork, a call too (shell/interp.py
#: ``Shell.bind_lastarg``, docs/fidelity.md item 300): not listed.
BASH_FORK_WRITES = {
    "gnu": _bash_fork_writes((("[data]", 0, 1),), False, (), (), (), 0, model_child_copies=2),
    "busybox": _bash_fork_writes(
        (("[data]", 0, 4), ("[heap]", 5, 5)), True,
        (("[data]", 5, 6),),
        (("[data]", 5, 9), ("[heap]", 6, 6)),
        (("[heap]", 14, 14),), 3, child_calls=1).replace(
            windowed=True)}

def _guest_applet(cminflt: int, vmas: int = 10, redirected: bool = False,
                  name: str | None = None, own: bool = False) -> ProgramImage:
    """A busybox applet in the guests: ``GUEST_SLEEP`` with its faults (from bash's
    ``cmin_flt``: :func:`_from_bash`), areas, binary's pages (:func:`busybox_text`
    of ``name``) and the anonymous pages it writes past a sleep's
    (:data:`BUSYBOX_ANON_PAGES`), a write fault each, past ``cminflt``'s unless
    that is the applet's ``own`` measurement (which counted them)."""
    f = busybox_text(name)
    bss, heap, stack = BUSYBOX_ANON_PAGES.get(name, (0, 0, 0)) if name else (0, 0, 0)
    extra = 0 if own else bss + heap + stack
    return _guest_image(cminflt, vmas, redirected, bss, heap, stack, f["text"],
                        f["windows"], f["exit_windows"], extra)


@functools.lru_cache(maxsize=None)
def _guest_image(cminflt: int, vmas: int, redirected: bool, bss: int, heap: int, stack: int,
                 text: tuple[int, int], windows: int, exit_windows: int,
                 extra: int = 0) -> ProgramImage:
    """:func:`_guest_applet`'s image, one per distinct set of fields (the applets
    share a few: made once at import); ``extra`` faults past ``cminflt``'s."""
    img = GUEST_SLEEP.replace(minflt=_from_bash(cminflt, redirected) + extra,
                              slab=(("vm_area_struct", vmas),) + GUEST_SLEEP.slab[1:],
                              text=text, windows=windows, exit_windows=exit_windows)
    if bss or heap or stack:
        # the image's pages not in an area lie as procmaps.BUSYBOX's image_slots
        # say (.data.rel.ro 2, .data 3, .bss 3, stack 2), the rest on the heap
        areas = ((("[data]", SLEEP_DATA_PAGES + bss),) if bss else ()) + \
            ((("[stack]", SLEEP_STACK_PAGES + stack),) if stack else ())
        img = img.replace(anon_pages=img.anon_pages + bss + heap + stack, areas=areas)
    return img


#: the written pages of a busybox sleep's binary areas (.data.rel.ro 2, .data 3, .bss
#: 3) and of its stack (procmaps.BUSYBOX's ``image_slots``)
SLEEP_DATA_PAGES = 8
SLEEP_STACK_PAGES = 2
#: Each exec'd applet's anonymous pages past a sleep's, as (.bss, heap, stack) pages
#: (calibration/busybox-applet-anon.sh, recordings busybox-applet-anon--K-v2.txt:
#: every fault's address and whether it wrote, exceptions:page_fault_user and
#: page_fault_kernel, from the applet's sched_process_exec to its exit, on both guests;
#: docs/fidelity.md item 403). What every applet writes (true, false, mkdir, rmdir,
#: rm, cp, basename): .data.rel.ro's and .data's 4 pages (copies of the file's: the
#: RELRO relocations, glibc's and busybox's globals; .data's last page, where .bss
#: starts, is written by ``load_elf_binary``'s ``padzero`` before), 3 of .bss's 7, 2
#: heap pages (glibc's arena: its ``tcache`` and top chunk), a stack page past the
#: exec's own (``copy_strings``' argument page and ``create_elf_tables``' vectors):
#: rss_stat's MM_ANONPAGES 12-14 at its exit, the model's sleep's 13. Past those:
#: stdio's output buffer (``_IO_file_doallocate``: ``malloc`` of ``st_blksize``,
#: written as far as the output fills it) and other ``xmalloc``'d structures on the
#: heap; globals past the first .bss pages (grep's, ls's, stat's, date's ``G`` or
#: ``bb_common_bufsiz1``); deeper frames (grep's regex matcher's; wc's, kill's and dd's
#: a page); ``xargs``'s argument buffer, ``xzalloc(n_max_chars + 1)`` with
#: ``n_max_chars`` 32 KiB (findutils/xargs.c, 1.35): glibc's ``calloc`` clears the
#: part it takes from the arena's old top, 8 pages, and a 9th. The same on 5.10 and 6.1
#: but where one kernel wrote a stack page more (the stack's random offset: sleep and
#: echo on 6.1, tail, awk, stat, env and basename on 5.10): the lower is taken. By
#: name, not options: ``ls -l`` writes .bss 1, heap 6 (``getpwuid``'s and
#: ``getgrgid``'s: /etc/passwd and /etc/group read through stdio) where ``ls /`` writes
#: heap 2: ``ls``'s image holds an empty directory's 1 (busybox-fork-windows.sh part 2:
#: 3 heap pages), the pages a directory's entries add laid out as glibc places them
#: (shell/commands/bbls.py ``scan_heap_pages``; docs/fidelity.md item 486). The input's size: these ran on files of a few KiB (/proc/meminfo); an
#: applet whose buffers a bigger input fills further writes more: ``wc``, ``head``,
#: ``tr``, ``cut`` and ``grep`` are taken as measured blocked in a read after 48 KiB
#: from a FIFO (tests/conformance/scripts/shell-applet-pages.sh, each in a cgroup of
#: its own, smaps Anonymous by area, both guests; docs/fidelity.md item 235): tr and
#: cut 4 heap pages and a stack page (their line and translation buffers, 2 heap pages
#: after /proc/meminfo), head 2 and a stack page (1 and none), wc 1 (and a stack page
#: at its exit), grep's .bss page, 2 heap pages and 4 stack pages (its regex matcher's
#: frames; 3 heap and 3 stack pages at its exit). ``cat``'s copy buffer
#: (``bb_full_fd_action``'s ``mmap`` of ``CONFIG_FEATURE_COPYBUF_KB``, written as far
#: as each ``read`` returned: 1 page here, 2-5 after a pipe's 48 KiB) is not
#: modelled, nor dd's 2-3 stack pages past a sleep's at its exit (none while blocked in
#: a read: shell-applet-pages.sh); ``dd``'s buffer is its own
#: (shell/commands/fileutils.py).
BUSYBOX_ANON_PAGES = {
    **dict.fromkeys(("seq", "tail", "expr", "printf", "env", "uname", "free", "find",
                     "md5sum", "ls"), (0, 1, 0)),
    **dict.fromkeys(("sort", "sed"), (0, 2, 0)),
    "awk": (0, 3, 0), "stat": (1, 3, 0), "id": (0, 3, 0), "date": (1, 1, 0), "ps": (0, 4, 0),
    "kill": (0, 0, 1), "xargs": (0, 9, 0),
    # after 48 KiB of input (shell-applet-pages.sh)
    "wc": (0, 1, 0), "head": (0, 2, 1), "tr": (0, 4, 1), "cut": (0, 4, 1), "grep": (1, 2, 4)}


#: busybox sh, the guests' /bin/sh (a link to /bin/busybox) and the interpreter of
#: their ``#!/bin/busybox sh`` scripts (head, getconf): an exec'd ``sh -c`` or script
#: blocked in the read builtin, each in a fresh cgroup, calibration/
#: busybox-sh-image.sh (recordings busybox-sh-image--K-v2.txt): smaps_rollup
#: Anonymous 13-15 pages (6.1: 15, 15, 15, 14, 14; 5.10: 13, 15, 14, 14, 15;
#: memory.stat ``anon`` 61440 for one on 6.1; a busybox sleep 14 and 12),
#: ``pagetables`` 20480 and VmPTE 28 kB as a sleep, 10 VMAs, ``min_flt`` 89-96 (a
#: sleep 86). Where they are (calibration/busybox-sh-areas.sh, smaps): .data.rel.ro
#: 2 pages (relocated at start), .data 3, .bss 3 (``[data]``: 8), ``[heap]`` 3 of its
#: 34 (a sleep's 2), ``[stack]`` 2-3. Its faults: those ``min_flt`` values hold the
#: forked bash's before its execve, with its redirection to cgroup.procs
#: (:func:`_from_bash` with ``redirected``: 49), and the sh's ``read`` from the
#: FIFO (a sleep, 86, blocks 5 faults past its own 41); measured alone, a vforked
#: ``sh -c ':'`` faults 42 (5.10) and 43 (6.1) from its execve to its exit
#: (``busybox time``'s ``%R``: calibration/busybox-applet-pages.sh; 63 before,
#: ``_from_bash(89)`` without the redirection's).
GUEST_BUSYBOX_SH = GUEST_SLEEP.replace(
    anon_pages=14, areas=(("[data]", 8), ("[heap]", 3), ("[stack]", 3)),
    minflt=BUSYBOX_SH_FAULTS, **busybox_text("sh"))
#: busybox ``true`` run by bash: 66.6-68.3 faults from fork to exit, sleep's
#: (children's ``min_flt`` per command, calibration/bash-image-areas.sh on both
#: guests; the other applets' image, cat's 82, made bash's fork and execve of
#: /bin/true 105 where the guests' total 87-92)
#: busybox dd: its own faults past its block buffer's pages (which it faults itself,
#: shell/commands/fileutils.py ``_BlockBuffer``): ``dd bs=1M count=4`` under busybox
#: time faults 298 (5.10), 297-298 (6.1), 256 of them the buffer's
#: (calibration/busybox-applet-pages.sh): 42, a true's (bash's ``cmin_flt`` of 102
#: per ``dd bs=64k count=16 > /dev/null``, calibration/faults.sh, held its 16 buffer
#: pages: 46 past them; the model counted 62 past them before)
GUEST_DD = _guest_applet(82, redirected=True, name="dd")
#: ``(GUEST_IMAGES, GUEST_DEFAULT_IMAGE)`` once made (:func:`_guest_images`)
_GUEST: "tuple[dict[str, ProgramImage], ProgramImage] | None" = None


def _guest_images() -> "tuple[dict[str, ProgramImage], ProgramImage]":
    """The guests' programs' images by name (``GUEST_IMAGES``: every busybox applet
    measured, busybox sh, static bash) and the other programs' (``GUEST_DEFAULT_IMAGE``:
    an applet with the median faults), made at the first read of either (the
    module's ``__getattr__``) or a busybox userland's fork state (:func:`images`): a
    run of the gnu userland, as the seed's, makes none (~45 ``Record.replace`` calls,
    ~18,000 bytecodes, at every start before: bench/README.md, session 43)."""
    global _GUEST
    if _GUEST is None:
        guest = {**{a: _guest_applet(82, redirected=True, name=a)
                    for a in {**BUSYBOX_APPLET_WINDOWS, **BUSYBOX_BLOCK_WINDOWS}},
                 "sleep": GUEST_SLEEP, "bash": GUEST_BASH, "sh": GUEST_BUSYBOX_SH,
                 "ash": GUEST_BUSYBOX_SH,
                 "stat": _guest_applet(79, redirected=True, name="stat", own=True),
                 "grep": _guest_applet(91, redirected=True, name="grep", own=True),
                 # its 82 held the page its copy buffer faulted (calibration/faults.sh:
                 # cat of a cgroupfs file, which sendfile cannot read: busybox's
                 # bb_full_fd_action), now cat's own (shell/commands/fileutils.py _bb_copy)
                 "cat": _guest_applet(81, 11, True, name="cat"),
                 "dd": GUEST_DD,
                 "true": _guest_applet(67, name="true"),
                 **{a: _guest_applet(82, redirected=True, name=a)
                    for a in BUSYBOX_ANON_PAGES if a not in ("grep", "stat")}}
        _GUEST = (guest, _guest_applet(82, redirected=True))
    return _GUEST


def __getattr__(name: str):
    """``GUEST_IMAGES`` and ``GUEST_DEFAULT_IMAGE``, made at their first read
    (:func:`_guest_images`)."""
    if name == "GUEST_IMAGES":
        return _guest_images()[0]
    if name == "GUEST_DEFAULT_IMAGE":
        return _guest_images()[1]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def image_name(path: str, argv: list[str] | None, interpreter: str | None) -> str:
    """Whose image an execve of ``path`` (or of a script run by ``interpreter``)
    runs: the program's name, for ``busybox APPLET ...`` the applet's (appletlib.c
    ``run_applet_and_exit``: the multi-call binary run by its own name takes the
    applet from argv[1]), so ``#!/bin/busybox sh`` runs busybox sh."""
    name = (path if interpreter is None else interpreter).rsplit("/", 1)[-1][:15]
    if name == "busybox" and argv is not None and len(argv) > 1:
        return argv[1].rsplit("/", 1)[-1][:15]
    return name
def images(userland: str) -> "tuple[dict[str, ProgramImage], ProgramImage]":
    """Per userland (``Machine.userland``: "gnu" or "busybox"): the programs' images,
    and the others'."""
    return (PROGRAM_IMAGES, DEFAULT_IMAGE) if userland == "gnu" else _guest_images()

#: What a static program's readlink of /proc/self/exe leaves (``proc_pid_lookup``
#: and ``proc_pident_lookup``: a dentry (SLAB_RECLAIM_ACCOUNT) and a proc inode
#: (proc_inode_cache, SLAB_RECLAIM_ACCOUNT | SLAB_ACCOUNT) for /proc/PID and for
#: its ``exe``; fs/proc/base.c, fs/proc/inode.c ``proc_init_kmemcache``, v5.10 and
#: v6.1), charged to the task, until ``release_task``'s ``proc_flush_pid``
#: invalidates them: 2 dentries and 2 proc inodes per sleeper on both guests (1.84
#: to 2.10 in slabinfo, memory.stat slab_reclaimable 1794-1826 bytes a process on
#: 6.1 = 2 × (712 + 8) + 2 × (192 + 8) less dentries found cached), with an
#: lsm_inode_cache blob per inode on 6.1 (unaccounted).
PROC_SELF_EXE = (("dentry", 2), ("proc_inode_cache", 2))
#: Where ``copy_process``' task structures are freed (design switch ``late_frees``):
#: the ``files_struct`` and ``fs_struct`` at ``do_exit``, on the exiting task's CPU
#: (``exit_files`` → ``put_files_struct``, ``exit_fs`` → ``free_fs_struct``:
#: ``kmem_cache_free`` at once), the ``sighand_struct`` at ``release_task``, on
#: the releasing CPU (``__exit_signal`` → ``__cleanup_sighand``: at once, the cache
#: is SLAB_TYPESAFE_BY_RCU), the rest a grace period after ``release_task`` there
#: (``delayed_put_task_struct`` → ``__put_task_struct``: ``put_signal_struct``,
#: ``delayacct_tsk_free``, ``free_task``; the pid by ``delayed_put_pid``, queued
#: by ``__unhash_process`` → ``free_pid``) (kernel/exit.c, kernel/fork.c,
#: kernel/pid.c, fs/file.c, fs/fs_struct.c: read in the stored torvalds/linux
#: kernel/exit.c, a v3.x tree with the same calls; the v5.10 and v6.1 stacks in
#: tools/sizes/recordings/late-frees-trace--*.txt show ``release_task`` →
#: ``delayed_put_task_struct`` in the reaper's softirq)
TASK_EXIT_FREED = frozenset(("files_cache", "fs_cache"))
TASK_RELEASE_FREED = frozenset(("sighand_cache",))
#: ``NR_OPEN_DEFAULT`` (BITS_PER_LONG): the fds a files_struct holds itself
NR_OPEN_DEFAULT = 64
#: ``sizeof(struct fdtable)`` (include/linux/fdtable.h: max_fds, the fd array, three
#: bitmap pointers, an rcu_head; 56 on x86_64 in v5.10 and v6.1): kmalloc-64
FDTABLE_SIZE = 56


class Mm:
    """``struct mm_struct``: the pages a process maps; ``vmas`` are the areas whose
    pages are faulted one by one (``kernel/mmap.py``), ``anon`` every anon page."""
    __slots__ = ("anon", "pgtables", "upper", "slab", "owner", "vmas", "specs", "map_pages",
                 "swap", "swap_at", "exe", "exe_cred", "anon_vmas", "mm_struct", "rss",
                 "rss_pending", "anon_pending", "swap_pending", "rss_events", "cow_text", "image",
                 "mmap_apart", "mmap_tables", "brk_pages", "hiwater_vm", "hiwater_rss",
                 "windows", "exit_windows", "text_faults", "own_heap")
    slab: SlabObjs | None
    specs: SlabSpecs | None

    def __init__(self, owner: "Task") -> None:
        self.anon: list[int] = []
        self.vmas: dict = {}
        #: the ``[heap]`` pages ``Kernel.touch`` found mapped by this mm alone (its
        #: fault check's answer: nothing to do), emptied by every event that may
        #: share one or take one away (``dup_mmap``, :meth:`add_swap`, an unmap):
        #: the shell's heap writes none of these again through ``touch`` while it
        #: holds it (shell/malloc.py ``Heap._write_pages``), nor does the kernel
        #: keep any other state of them (mm/memory.c ``do_wp_page`` finds the pte
        #: writable and returns: no fault at all)
        self.own_heap: set[int] = set()
        #: the PTE and PMD pages (``NR_PAGETABLE``): the image's, then those of
        #: anon faults beyond it (kernel/pgtable.py)
        self.pgtables: list[int] = []
        #: pages of the program's own anonymous mappings past its image
        #: (:meth:`Processes.fault_anon`), mapped by ``nr_ptes(map_pages)`` PTE pages
        self.map_pages = 0
        #: the PGD, P4D and PUD pages (:func:`mm_upper_pages`): charged, in no stat
        self.upper: list[int] = []
        #: the mm's objects (its VMAs), held as one record
        self.slab = None
        #: its ``struct mm_struct`` (:data:`MM_STRUCT`), a record of its own: freed
        #: at the last ``mmdrop``, which may come after ``exit_mmap`` (lazy TLB)
        self.mm_struct: SlabObjs | None = None
        #: ``exe_file``: the executable's file objects, an exec's (a fork's mm
        #: references its parent's: ``get_file``), freed with the mm
        self.exe: SlabObjs | None = None
        #: the exe file's ``f_cred`` when it is a cred of the model's own (a
        #: previous exec's, the task's until this exec's ``commit_creds``), freed
        #: after the file (``file_free_rcu`` → ``put_cred``)
        self.exe_cred: SlabObjs | None = None
        #: its areas with an anon_vma (``ProgramImage.anon_vmas``)
        self.anon_vmas = 0
        #: the (cache, count) of ``slab``'s objects when a failed charge left it
        #: short, as dup_mmap allocates them again (``Processes._mm_specs``, made
        #: when first needed)
        self.specs = None
        self.owner = owner
        #: its swap entries (ptes holding one, kernel/swapfile.py): entry -> where
        #: the page was, (area, index), or None for a page of ``anon`` only (None
        #: until the first: most mms never have one)
        self.swap: dict[int, tuple[str, int] | None] | None = None
        #: (area, index) -> the swap entry there
        self.swap_at: dict[tuple[str, int], int] | None = None
        #: (MM_FILEPAGES, MM_SHMEMPAGES) as ``get_mm_counter`` reads them (its
        #: binary's pages: ``ProgramImage.text``; the anon pages are ``anon``)
        self.rss = (0, 0)
        #: the owner's split RSS cache (``task->rss_stat``, SPLIT_RSS_COUNTING: the
        #: processes are single-threaded, so kept here) and its fault events
        self.rss_pending = (0, 0)
        #: of ``anon``, the pages the owner's own faults counted in that cache
        #: (``inc_mm_counter_fast(mm, MM_ANONPAGES)``), not yet in MM_ANONPAGES
        self.anon_pending = 0
        #: the swap entries the owner's own swap-in faults took out of ``swap``
        #: whose MM_SWAPENTS decrement (``dec_mm_counter_fast``) is still in that
        #: cache: MM_SWAPENTS reads ``len(swap) + swap_pending``
        self.swap_pending = 0
        #: the owner's ``rss_stat.events``: faults since its cache was last synced
        self.rss_events = 0
        #: ``ProgramImage.cow_text`` of its program: what a fork's child maps
        self.cow_text = (0, 0)
        #: the name of the program it maps (:func:`image_name` at its exec; a
        #: fork's child maps its parent's), for its areas in /proc/PID/maps
        #: (fs/procmaps.py); None: the task's comm says
        self.image: str | None = None
        #: its mmap region lies in another 512 GiB slot than its stack (the
        #: exec's ``arch_pick_mmap_layout``, a fork's parent's: kernel/mmap_layout.py)
        self.mmap_apart = False
        #: the region's page-table pages now (0; its PMD and PTE, the newest two
        #: of ``pgtables`` then; 3 with its PUD, the last of ``upper``)
        self.mmap_tables = 0
        #: the heap's end as its program last set it (``sys_brk``: ``mm->brk``), in
        #: pages past the ``[heap]`` VMA's start; 0: never told (fs/procmaps.py
        #: shows the start-up size or the faulted extent)
        self.brk_pages = 0
        #: ``hiwater_vm`` and ``hiwater_rss`` (pages): total_vm and ``get_mm_rss``
        #: as the last unmap found them (mm/mmap.c ``update_hiwater_vm``,
        #: ``update_hiwater_rss``; a fork's child starts from its own: ``dup_mm``),
        #: what /proc/PID/status' VmPeak and VmHWM keep above VmSize and VmRSS
        self.hiwater_vm = 0
        self.hiwater_rss = 0
        #: busybox's 64 KiB windows of its binary it maps (``ProgramImage.windows``
        #: at its exec, then those of the code it runs: :meth:`Processes.map_code`;
        #: a fork's child none but :data:`WINDOWED`), and those its exit path maps
        #: by then (``ProgramImage.exit_windows``; a forked busybox sh's
        #: ``exitshell``'s, an applet's ``exit``'s once one runs in it); 0: another
        #: program's
        self.windows = 0
        self.exit_windows = 0
        #: a fork's child: its windows' faults are counted as its code maps them,
        #: its exit path's too (an exec'd image's are in ``ProgramImage.minflt``)
        self.text_faults = False

    def rss_faults(self, n: int, anon: int = 0, swap: int = 0) -> None:
        """``n`` page faults of the owner in its own mm, each of the first ``anon``
        mapping a new anon page (``do_anonymous_page`` →
        ``inc_mm_counter_fast(MM_ANONPAGES)``: the task's cache), each of the first
        ``swap`` of those a swapped-out one read back (``do_swap_page``: also
        ``dec_mm_counter_fast(MM_SWAPENTS)``). Each fault's
        ``check_sync_rss_stat`` (mm/memory.c, v5.10 and v6.1, before the fault's
        own count): the fault that finds ``events++ > TASK_RSS_EVENTS_THRESH``
        runs ``sync_mm_rss``, which adds the cached counts (file, shmem, anon and
        swap entries) to the mm's and zeroes ``events``: every
        (TASK_RSS_EVENTS_THRESH + 2)th fault syncs the counts of the faults before
        it."""
        ev = self.rss_events
        if ev + n <= TASK_RSS_EVENTS_THRESH + 1:      # no fault of these syncs
            self.rss_events = ev + n
            self.anon_pending += anon
            if swap:
                self.swap_pending += swap
            return
        period = TASK_RSS_EVENTS_THRESH + 2
        while n:
            k = period - ev         # the fault that syncs, counting from 1
            if k > n:
                self.anon_pending += min(anon, n)
                self.swap_pending += min(swap, n)
                self.rss_events = ev + n
                return
            f, sh = self.rss_pending
            self.rss = (self.rss[0] + f, self.rss[1] + sh)
            self.rss_pending = (0, 0)
            self.anon_pending = 1 if anon >= k else 0   # fault k's own page, cached
            self.swap_pending = 1 if swap >= k else 0
            anon = max(anon - k, 0)
            swap = max(swap - k, 0)
            n -= k
            ev = 0
        self.rss_events = ev

    def sync_mm_rss(self) -> None:
        """``sync_mm_rss`` (mm/memory.c, v5.10 and v6.1): the owner's split RSS cache
        added to the mm's counters and its ``events`` zeroed, as a fault past
        TASK_RSS_EVENTS_THRESH does (:meth:`rss_faults`) and as ``zap_pte_range``'s
        ``add_mm_rss_vec`` does for an unmap by the owner itself
        (kernel/mmap.py ``Mmap.unmap_range``)."""
        f, sh = self.rss_pending
        if f or sh:
            self.rss = (self.rss[0] + f, self.rss[1] + sh)
            self.rss_pending = (0, 0)
        self.anon_pending = 0
        self.swap_pending = 0
        self.rss_events = 0

    def add_swap(self, entry: int, loc: tuple[str, int] | None) -> None:
        """The pte of a page swapped out now holds ``entry`` (``try_to_unmap_one``);
        the page leaves ``vmas`` here, ``anon`` in the caller's batch."""
        if self.swap is None:
            self.swap = {}
            self.swap_at = {}
        self.swap[entry] = loc
        if loc is not None:
            self.own_heap.clear()
            del self.vmas[loc[0]].pages[loc[1]]
            self.swap_at[loc] = entry  # type: ignore[index]  # made with swap

    def unmap_swap(self, area: str, first: int = 0, last: int | None = None) -> list[int]:
        """The swap entries of pages ``first..last`` of ``area`` (all of it when
        ``last`` is None) dropped from the mm's ptes (``munmap``); returned."""
        at = self.swap_at
        if not at:
            return []
        hi = last if last is not None else float("inf")
        gone = [(loc, e) for loc, e in at.items() if loc[0] == area and first <= loc[1] <= hi]
        swap = self.swap
        for loc, e in gone:
            del at[loc]
            del swap[e]  # type: ignore[union-attr]  # made with swap_at
        return [e for _, e in gone]

    def map_swapped(self, entry: int, pfn: int) -> None:
        """The page read back for ``entry`` mapped where the entry was."""
        loc = self.swap.pop(entry)  # type: ignore[union-attr]  # it holds the entry
        self.anon.append(pfn)
        if loc is not None:
            del self.swap_at[loc]  # type: ignore[union-attr]
            self.vmas[loc[0]].pages[loc[1]] = pfn


def get_mm_swapents(mm: Mm) -> int:
    """``get_mm_counter(mm, MM_SWAPENTS)``: the mm's swap entries plus the owner's
    cached decrements of those its own swap-ins took (``Mm.swap_pending``)."""
    return len(mm.swap or ()) + mm.swap_pending


def get_mm_rss(mm: Mm) -> int:
    """``get_mm_rss``: MM_FILEPAGES + MM_ANONPAGES + MM_SHMEMPAGES as the mm's
    counters hold them (the task's split cache not included)."""
    return get_mm_anon(mm) + mm.rss[0] + mm.rss[1]


def get_mm_anon(mm: Mm) -> int:
    """``get_mm_counter(mm, MM_ANONPAGES)``: the anon pages less those still in the
    owner's split cache (``Mm.anon_pending``), a negative sum read as 0
    (SPLIT_RSS_COUNTING's clamp)."""
    return max(len(mm.anon) - mm.anon_pending, 0)


def mm_pgtables_pages(mm: Mm) -> int:
    """``mm_pgtables_bytes`` in pages (``VmPTE``, the OOM report's ``pgtables``,
    ``oom_badness``): the PTE, PMD and PUD pages, not the PGD nor the P4D
    (:data:`MM_P4D_PAGES`); the mmap region's PUD (kernel/mmap_layout.py) too."""
    return (len(mm.pgtables) + min(max(len(mm.upper) - MM_PGD_PAGES, 0), MM_PUD_PAGES)
            + (mm.mmap_tables > REGION_NR_PAGETABLE))


#: ``task_struct.flags`` bits (include/linux/sched.h, 5.10 and 6.1)
PF_WQ_WORKER = 0x00000020       # a workqueue worker (``worker_thread``)
PF_FORKNOEXEC = 0x00000040      # forked, not yet exec'd (``copy_process``)
#: asleep in ``freezable_schedule`` (``freezer_do_not_count``; until v6.1)
PF_FREEZER_SKIP = 0x40000000
PF_NOFREEZE = 0x00008000        # kthreadd's, inherited by every kernel thread
PF_KTHREAD = 0x00200000
PF_RANDOMIZE = 0x00400000       # ``load_elf_binary`` with randomize_va_space
PF_NO_SETAFFINITY = 0x04000000  # ``kthread_bind``: a per-CPU kworker
#: a per-CPU kworker's flags (``create_worker`` → ``kthread_bind_mask``,
#: ``worker_thread``): 69238880 in /proc/PID/stat
KWORKER_FLAGS = PF_WQ_WORKER | PF_FORKNOEXEC | PF_NOFREEZE | PF_KTHREAD | PF_NO_SETAFFINITY


#: the states of a task that has not exited (``Task.alive``): "stopped" is
#: TASK_STOPPED (kernel/signal.py ``do_signal_stop``)
ALIVE_STATES = frozenset(("running", "sleeping", "stopped"))


class Task:
    """``struct task_struct`` (single-threaded processes). Made by
    :meth:`Processes.new_task`, its fields set there (no ``__init__``: a class
    call without one makes no frame, ~670 instructions less a fork)."""
    __slots__ = ("pid", "comm", "cpu", "cgroups", "mm", "stack", "slab",
                 "state", "exit_code", "exit_signal", "active_memcg", "oom_victim", "parent",
                 "forked_at", "memcg_nr_pages_over_high", "argv", "kthread", "memcg",
                 "cpus_allowed", "recent_used_cpu", "exec_prepaid", "sigignore", "sigcaught", "sigfatal",
                 "sigpending", "shdpending", "jobctl", "chld_notified",
                 "in_user_fault", "memcg_in_oom", "oom_woken", "children", "pgid",
                 "attrs", "flags", "oom_score_adj", "umask", "pwd",
                 "proc", "fdt", "files_high", "files", "fd_view", "cred", "sighand", "exit_slab",
                 "nr_dirtied", "nr_dirtied_pause", "min_flt", "maj_flt", "cmin_flt", "cmaj_flt",
                 "maxrss", "cmaxrss", "rusage")

    pid: int
    comm: str
    cpu: int
    #: ``task->cgroups``: its css_set (kernel/css_set.py; root -> cgroup)
    cgroups: dict
    mm: Mm | None
    stack: list[int]
    #: its task structures (``copy_process``) in three records by where they
    #: are freed (:data:`TASK_RELEASE_FREED`, :data:`TASK_EXIT_FREED`): the
    #: ones ``delayed_put_task_struct`` frees, the ``sighand_struct``, the
    #: ``files_struct`` and ``fs_struct``
    slab: SlabObjs | None
    sighand: SlabObjs | None
    exit_slab: SlabObjs | None
    #: ``task->cred`` once an exec replaced the fork's (``commit_creds`` of
    #: ``prepare_bprm_creds``' cred), freed with the task: ``exit_creds``
    cred: SlabObjs | None
    #: the /proc dentries and inodes its lookups of its own /proc/PID made
    #: (:data:`PROC_SELF_EXE`), freed at ``release_task``
    proc: SlabObjs | None
    #: its files_struct's own fdtable once more than ``NR_OPEN_DEFAULT`` fds
    #: were needed (``alloc_fdtable``'s three kmallocs), freed at exit
    fdt: SlabObjs | None
    #: its highest open fd at or past ``NR_OPEN_DEFAULT`` (bash's script input at
    #: 255, close-on-exec), 0 if none: a fork copies a table that holds it
    files_high: int
    #: files it opened and keeps open until it exits (bash's /dev/null for an
    #: asynchronous command's stdin): their filps, freed at ``exit_files``
    files: list[SlabObjs] | None
    #: what holds its descriptors above 2 (``files_struct``'s fd array): the shell
    #: process running as it, its ``fds`` mapping them (shell/interp.py), None
    #: when it holds none (kernel/file.py ``fdget``)
    fd_view: object | None
    state: str
    exit_code: int | None
    exit_signal: int | None
    active_memcg: MemCgroup | None
    oom_victim: bool
    #: ``real_parent``: the forking task, or the reaper it was given when that
    #: one exited (:meth:`Processes.forget_original_parent`)
    parent: "Task | None"
    #: its children not yet reaped, by pid (``children``): None until it forks
    children: dict | None
    forked_at: int
    memcg_nr_pages_over_high: int
    argv: list[str]
    kthread: bool
    #: cache of ``mem_cgroup_from_task`` (reset when the task's css may change)
    memcg: MemCgroup | None
    #: its next execve's time is already on the clock (``Sched.wake_up_new_task``)
    exec_prepaid: bool
    sigpending: int
    #: ``signal->shared_pending`` as far as the model keeps it: terminating
    #: signals sent while it was stopped, which act at its SIGCONT
    #: (kernel/signal.py ``resume_stopped``)
    shdpending: int
    #: ``task->jobctl & JOBCTL_STOP_SIGMASK``: the signal that stopped it (its
    #: parent's ``waitpid(WUNTRACED)`` reports it: ``WSTOPSIG``), 0 if none
    jobctl: int
    #: SIGCHLDs ``do_notify_parent`` sent it: its children's exits, counted
    chld_notified: int
    #: in a user-mode page fault (``mem_cgroup_enter_user_fault``)
    in_user_fault: bool
    #: the memcg whose OOM (``oom_kill_disable``) it waits for at the fault's
    #: end (``kernel/memcg_oom.py``), and whether ``memcg_oom_recover`` woke it
    memcg_in_oom: MemCgroup | None
    oom_woken: bool
    #: pages it dirtied since its last ``balance_dirty_pages``, and how many
    #: make it call that again (``copy_process``: 0 and ``128 >> (PAGE_SHIFT -
    #: 10)``; kernel/writeback.py ``balance_dirty_pages_ratelimited``)
    nr_dirtied: int
    nr_dirtied_pause: int
    #: its process group (inherited at fork, ``setpgid``): 0 from init_task
    #: (``init_struct_pid``) down, as the guests' init never calls setsid
    pgid: int
    #: ``fs->umask`` (init_fs: 0022), copied at fork (``copy_fs``)
    umask: int
    #: ``fs->pwd``: the directory it is in (kernel/fs_struct.py ``Dentry``),
    #: referenced again by a fork (``copy_fs``), put at exit (``exit_fs``);
    #: None until the VFS gives init its root
    pwd: Dentry | None
    #: ``signal->oom_score_adj`` (-1000..1000), copied at fork (``copy_signal``)
    oom_score_adj: int
    #: (session id, nice, (ioprio class, data)) once ``setsid``, ``setpriority``
    #: or ``ioprio_set`` changed one, inherited at fork (one reference: a fork
    #: copies it at no cost); None: init's session, nice 0, IOPRIO_CLASS_NONE
    attrs: tuple[int, int, tuple[int, int]] | None
    #: ``flags``: PF_* (the parent's, and PF_FORKNOEXEC until an exec)
    flags: int
    #: ``cpus_mask`` (None: every CPU), inherited at fork
    cpus_allowed: frozenset[int] | None
    #: ``p->recent_used_cpu``: a CPU it ran on before, tried when it wakes and its
    #: previous CPU is taken (kernel/sched.py ``Sched.select_task_rq_wake``)
    recent_used_cpu: int
    #: signals set to SIG_IGN, a bit each: inherited at fork, kept by execve
    #: (``flush_signal_handlers`` resets only the caught ones)
    sigignore: int
    #: signals with a handler (inherited at fork, reset by execve's
    #: ``flush_signal_handlers``), and those sent to it not yet handled
    #: (``sigpending``: a fork starts with none)
    sigcaught: int
    #: of the caught signals, those whose handler ends the task by the same
    #: signal (bash's own ``termsig_sighandler``/``wait_sigint_handler``:
    #: sig.c ``termsig_handler`` restores SIG_DFL and re-raises it): kill acts
    #: on them at once, as the default action does
    sigfatal: int
    #: its page faults, minor and major (``min_flt``, ``maj_flt``: every fault
    #: it takes, counted in ``current`` by mm/memory.c ``mm_account_fault``
    #: since v5.9's bce617edecad, kept across execve), and its reaped
    #: children's (``signal->cmin_flt``, ``cmaj_flt``: ``wait_task_zombie``
    #: adds a child's own and its children's, :meth:`Processes.release_task`);
    #: zeroed at fork (kernel/fork.c ``copy_process``, ``copy_signal``)
    min_flt: int
    maj_flt: int
    cmin_flt: int
    cmaj_flt: int
    #: the most pages its mms held (``signal->maxrss``: ``setmax_mm_hiwater_rss``
    #: of each mm it leaves, at an exec's ``exec_mmap`` and at ``do_exit``:
    #: :meth:`Processes.exit_mm`) and its reaped children's most
    #: (``signal->cmaxrss``: ``wait_task_zombie``); ``getrusage``'s ``ru_maxrss``
    #: the larger, in kB (kernel/sys.c, fs/exec.c, kernel/exit.c, v5.10 and v6.1)
    maxrss: int
    cmaxrss: int
    #: whether the model keeps ``maxrss``/``cmaxrss``: the kernel does for every
    #: task, the model for those whose rusage is asked for (``time``'s process and
    #: its descendants: a fork copies it), the peak's only reader
    rusage: bool

    @property
    def sid(self) -> int:
        """Its session id (``task_session``): init_task's, 0, until a ``setsid`` (the
        guests' init never calls it)."""
        return 0 if self.attrs is None else self.attrs[0]

    @property
    def nice(self) -> int:
        """Its nice value (``setpriority``; the scheduler's weights are not modelled)."""
        return 0 if self.attrs is None else self.attrs[1]

    @property
    def ioprio(self) -> tuple[int, int]:
        """Its I/O priority (``ioprio_set``): (class, data), (0, 0) IOPRIO_CLASS_NONE."""
        return (0, 0) if self.attrs is None else self.attrs[2]

    def set_attrs(self, sid: int | None = None, nice: int | None = None,
                  ioprio: tuple[int, int] | None = None) -> None:
        """Change its session, nice value or I/O priority (the others kept)."""
        self.attrs = (self.sid if sid is None else sid, self.nice if nice is None else nice,
                      self.ioprio if ioprio is None else ioprio)

    @property
    def alive(self) -> bool:
        return self.state in ALIVE_STATES

    def task_records(self) -> list[SlabObjs]:
        """The records of its task structures not freed yet, in the fork list's
        order (:meth:`Processes.task_parts`)."""
        return [o for o in (self.slab, self.sighand, self.exit_slab) if o is not None]

    def __repr__(self) -> str:
        return f"<task {self.pid} ({self.comm}) {self.state}>"


class LazyMm(Record):
    """What an exited task's mm keeps until its last ``mmdrop``: its ``mm_struct``
    (its slab record, if the model holds one) and its PGD pages (``mm->pgd``)."""
    mms: SlabObjs | None
    pgd: list[int] | None
    __slots__ = tuple(__annotations__)


class Processes:
    """fork, exec, exit, migration."""
    __slots__ = ("k", "stack_cache", "pid_ns", "_specs", "nr_killed", "stack_vm_area",
                 "task_security", "_task_blob",
                 "_shapes", "_fork_specs", "_fork_lists", "mixed_pgtables", "images",
                 "forked_bash_faults", "_exec_specs_of", "upper_pages",
                 "_dup_mm", "_fdt_specs", "_file_sp", "_cred_sp", "_task_sp", "_task_parts",
                 "lazy_mm", "vfork_parent", "gathered", "mm_held",
                 "max_threads", "exec_kmallocs", "initramfs", "mc_swap")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        self.stack_cache: list[list[list[int]]] = [[] for _ in range(kernel.nr_cpus)]
        #: per CPU: the ``mm_struct`` and PGD pages of the last task that exited
        #: there, kept as its kernel threads' lazy TLB ``active_mm`` (:meth:`lazy_tlb`)
        self.lazy_mm: list[LazyMm | None] = [None] * kernel.nr_cpus
        #: a vfork's child -> its parent, whose mm it runs on until its execve or
        #: exit (``vfork_done``: :meth:`fork` with ``vfork``)
        self.vfork_parent: dict[Task, Task] = {}
        #: an exiting OOM victim's mm -> the batches of pages its ``exit_mmap`` has
        #: unmapped and not yet freed (kernel/signal.py ``SignalExits._unmap``): the
        #: rest are freed at its :meth:`exit_mm`
        self.gathered: dict[Mm, list[list[int]]] = {}
        #: mms another user holds (``mmget_not_zero``: swapoff's ``try_to_unuse``) ->
        #: the exit whose ``exit_mmap`` waits for the holder's :meth:`mmput` (its
        #: task and ``lazy``), or None
        self.mm_held: dict[Mm, tuple | None] = {}
        #: ``init_pid_ns``: pid allocation, ``pid_max`` (kernel/pid.py)
        self.pid_ns = PidNs(kernel.nr_cpus)
        self._specs: dict[tuple, SlabSpecs] = {}
        #: (cache, count) pairs -> their SlabSpecs; a mm's specs' id -> the task's
        #: structures' specs followed by the mm's (fork's one list)
        self._shapes: dict[tuple, SlabSpecs] = {}
        self._fork_specs: dict[Any, SlabSpecs] = {}
        #: the same keys -> fork's one list and its parts (:meth:`_fork_list`)
        self._fork_lists: dict[Any, tuple[SlabSpecs, tuple]] = {}
        #: tasks that died of a signal (the shell's job table looks again only then)
        self.nr_killed = 0
        #: id of a stack's page list -> its vmap_area's record (``tsk->stack_vm_area``:
        #: ``Vmalloc.alloc_vmap_area``'s) and its vm_struct and pages array
        #: (``Vmalloc.get_vm_area_objs``')
        self.stack_vm_area: dict[int, tuple] = {}
        #: id of a task's first structures record (``Task.slab``) -> where SLUB
        #: placed its LSM blob (``security_task_alloc``: ``KmemCache.place_one``)
        self.task_security: dict[int, Any] = {}
        self._task_blob: Any = None
        #: the mms whose page-table pages are charged to more than one memcg (a PTE
        #: page faulted after a move: kernel/pgtable.py ``pte_alloc``)
        self.mixed_pgtables: set[Mm] = set()
        #: the programs' images of the userland the run emulates (:func:`images`)
        self.images = images(getattr(kernel, "userland", "gnu"))
        #: the guests' binaries' page cache (kernel/initramfs.py): what MOVE_FILE moves
        self.initramfs = InitramfsBinaries(kernel)
        #: ``mc``'s MC_TARGET_SWAP entries of the attach in progress
        self.mc_swap: list[int] = []
        #: the faults a forked bash takes before its execve that the shell does not
        #: count as it forks (:data:`BASH_FORK_WRITES`)
        self.forked_bash_faults = BASH_FORK_WRITES[getattr(kernel, "userland", "gnu")].exec_faults
        #: id(image) -> (its exec's SlabSpecs, their parts); (id(parent's specs),
        #: anon VMAs) -> a child's mm specs; fds -> an fdtable's specs
        self._exec_specs_of: dict[tuple[int, bool], tuple] = {}
        self._dup_mm: dict[tuple[int, int], SlabSpecs] = {}
        self._fdt_specs: dict[int, SlabSpecs] = {}
        #: an open file's objects and exec's file and cred (made at first use)
        self._file_sp: SlabSpecs | None = None
        self._cred_sp: SlabSpecs | None = None
        self._task_sp: SlabSpecs | None = None
        self._task_parts: tuple[SlabSpecs, ...] | None = None
        #: ``max_threads`` (sysctl kernel.threads-max): copy_process refuses a task
        #: past it; the model's tasks stand for ``nr_threads`` (the guests' ~50
        #: kernel threads are not among them)
        self.max_threads = MAX_THREADS[kernel.sizes.release]
        #: a new mm's PGD, P4D and PUD pages (the design's paging levels)
        self.upper_pages = mm_upper_pages(kernel.design.pgtable_l5)
        #: the kmallocs an execve makes and frees again (kernel/exec_kmallocs.py)
        self.exec_kmallocs = ExecKmallocs(kernel, kernel.design.exec_tomoyo,
                                          kernel.design.proc_readlink_kmalloc)

    def last_pid(self) -> int:
        """The last pid handed out (``idr_get_cursor(&pid_ns->idr) - 1``)."""
        return self.pid_ns.idr_next - 1

    def new_task(self, comm: str, parent: Task | None) -> Task:
        """A task with a new pid (``alloc_pid``: OSError EAGAIN when none is free),
        placed on a CPU (``select_task_rq_fork``)."""
        k = self.k
        ns = self.pid_ns
        pid = ns.idr_next
        if pid < ns.pid_max and pid not in k.tasks and pid not in ns.groups:
            ns.idr_next = pid + 1           # alloc_pid's fast path, written out
            ns.nr_allocated += 1
        else:
            pid = ns.alloc_pid(k.tasks)
        cpu = k.sched.select_task_rq_fork(parent, parent.cpus_allowed if parent else None)
        # the task's fields (``dup_task_struct``, ``copy_process``; Task's
        # annotations say what each holds)
        now = k.clock.now_ns
        t = Task()
        t.pid = pid
        t.comm = comm
        t.cpu = cpu
        # wake_up_new_task: p->recent_used_cpu = task_cpu(p), its parent's CPU
        # (sched_fork's __set_task_cpu) before select_task_rq places it
        t.recent_used_cpu = parent.cpu if parent is not None else cpu
        t.cgroups = NO_CSS_SET
        t.mm = None
        t.stack = []
        t.slab = None
        t.sighand = None
        t.exit_slab = None
        t.cred = None
        t.proc = None
        t.fdt = None
        t.files_high = 0
        t.files = None
        t.state = "running"
        t.exit_code = None
        t.exit_signal = None
        t.active_memcg = None
        t.oom_victim = False
        t.parent = parent
        t.children = None
        t.forked_at = now
        t.memcg_nr_pages_over_high = 0
        t.argv = [comm]
        t.kthread = False
        t.memcg = None
        t.exec_prepaid = False
        t.sigpending = t.shdpending = t.jobctl = t.chld_notified = 0
        t.in_user_fault = False
        t.memcg_in_oom = None
        t.oom_woken = False
        t.nr_dirtied = 0
        t.nr_dirtied_pause = DIRTY_POLL_THRESH
        t.min_flt = t.maj_flt = t.cmin_flt = t.cmaj_flt = t.maxrss = t.cmaxrss = 0
        t.fd_view = None
        if parent is None:
            # init_task's (a fork copies them from the parent, below)
            t.pgid = 0
            t.umask = 0o022
            t.pwd = None
            t.oom_score_adj = 0
            t.attrs = None
            t.flags = PF_FORKNOEXEC
            t.cpus_allowed = None
            t.sigignore = 0
            t.sigcaught = 0
            t.sigfatal = 0
            t.rusage = False
        else:
            # what a fork copies from the parent
            t.pgid = parent.pgid
            t.umask = parent.umask
            pwd = t.pwd = parent.pwd         # copy_fs: path_get(&fs->pwd)
            if pwd is not None:
                pwd.d_count += 1
            t.oom_score_adj = parent.oom_score_adj
            t.attrs = parent.attrs
            t.flags = parent.flags | PF_FORKNOEXEC
            t.cpus_allowed = parent.cpus_allowed
            t.sigignore = parent.sigignore
            t.sigcaught = parent.sigcaught
            t.sigfatal = parent.sigfatal
            t.rusage = parent.rusage
        if parent is not None:
            k.sched.attach(t)
        k.tasks[pid] = t
        return t

    def _slab_specs(self, objs: tuple[tuple[str, int], ...]) -> SlabSpecs:
        """``(the kernel's cache, n)`` -> ``(cache, n)``, each cache where the
        release's slabinfo lists it with its objsize (``ReleaseSizes.slab_cache``),
        resolved once per list."""
        specs = self._specs.get(objs)
        if specs is None:
            slab = self.k.slab
            slab_cache = self.k.sizes.slab_cache
            specs = self._specs[objs] = SlabSpecs(
                (slab.cache(*slab_cache(name)), n) for name, n in objs)
        return specs

    def _mm_specs(self, mm: Mm) -> SlabSpecs:
        """The (cache, count) of ``mm``'s objects: what they were allocated as, or
        one SlabSpecs per shape of those a failed charge left."""
        objs = mm.slab
        if objs is not None and not objs.short:
            return objs.specs
        specs = mm.specs
        if specs is None:
            shape = () if objs is None else tuple(objs.counts())
            specs = self._shapes.get(shape)
            if specs is None:
                specs = self._shapes[shape] = SlabSpecs(shape)
            mm.specs = specs
        return specs

    def _dup_mm_specs(self, mm: Mm) -> SlabSpecs:
        """``dup_mmap``'s objects for a child of ``mm``: a copy of each VMA
        (``vm_area_dup``), and for each of its ``anon_vmas`` areas with an anon_vma
        ``anon_vma_fork``: the parent's chain cloned (``anon_vma_clone``: an
        anon_vma_chain for each of the parent's), then a new anon_vma and its chain
        (mm/rmap.c, v5.10 and v6.1; the reuse of an anon_vma of degree < 2 never
        applies to a fork's: the parent's own is excluded, the root's degree counts
        every fork). A deeper subshell so has longer chains."""
        parent = self._mm_specs(mm)
        n_anon = mm.anon_vmas
        if not n_anon:
            return parent
        key = (id(parent), n_anon)
        specs = self._dup_mm.get(key)
        if specs is None:
            out = []
            for c, n in parent:
                name = c.name
                if name == "anon_vma":
                    n = n_anon
                elif name == "anon_vma_chain":
                    n += n_anon
                out.append((c, n))
            specs = self._dup_mm[key] = SlabSpecs(out)
            self._shapes[(key, "dup")] = parent     # keeps id(parent) alive
        return specs

    def _exec_specs(self, image: ProgramImage, proc: bool) -> tuple[SlabSpecs, tuple]:
        """What execve allocates in the task's context and keeps, as one list and
        its parts: the new mm's objects (the image's VMAs, anon_vmas and chains);
        the executable's file (``do_open_execat`` → ``alloc_empty_file``: a filp,
        SLAB_ACCOUNT, and its LSM blob from lsm_file_cache, unaccounted; fs/
        file_table.c ``files_init``, security/security.c ``lsm_file_alloc``), kept
        as ``mm->exe_file``; a cred (``prepare_bprm_creds`` → ``prepare_exec_creds``:
        :meth:`_cred_specs`; fs/exec.c ``bprm_execve``, v5.10 and v6.1), the task's
        from ``commit_creds`` on, the file keeping the task's previous one as its
        ``f_cred`` (``do_open_execat`` runs before); and, with ``proc``, a static
        program's first /proc lookups (:data:`PROC_SELF_EXE`)."""
        key = (id(image), proc)
        got = self._exec_specs_of.get(key)
        if got is not None and got[0] is image:
            return got[1]
        k = self.k
        slab = k.slab
        sizes = k.sizes
        parts = [self._slab_specs(MM_STRUCT), self._mm_image_specs(image),
                 self._file_specs(), self._cred_specs()]
        if proc:
            n = dict(PROC_SELF_EXE)
            objs = [(slab.cache("dentry", DENTRY_SIZE, reclaimable=True), n["dentry"]),
                    (slab.cache("proc_inode_cache", sizes.slab_objsize("proc_inode_cache"),
                                reclaimable=True), n["proc_inode_cache"])]
            blob = sizes.lsm_inode_blob()
            if blob is not None:        # an inode's i_security blob, unaccounted
                objs.append((slab.cache("lsm_inode_cache", blob, account=False),
                             n["proc_inode_cache"]))
            parts.append(SlabSpecs(objs))
        whole = SlabSpecs([cn for part in parts for cn in part])
        out = (whole, tuple(parts))
        self._exec_specs_of[key] = (image, out)
        return out

    def _mm_image_specs(self, image: ProgramImage) -> SlabSpecs:
        """The new mm's objects of an exec of ``image``: the ``mm_struct``
        (``bprm_mm_init`` → ``mm_alloc``, in the exec'ing task's context: fs/exec.c,
        v5.10 and v6.1; the old mm's, the fork's, goes with the old mm at
        ``exec_mmap``), its VMAs, anon_vmas and chains, and with a maple tree (``mm_maple_tree``, v6.1) the tree's node, from
        the unaccounted maple_node cache. An mm of up to 16 ranges (its areas and
        the gaps between them: the guests' programs map 10 areas) is one leaf, the
        root (``MAPLE_RANGE64_SLOTS`` 16; lib/maple_tree.c, v6.1); ``dup_mmap``
        copies the list, so a fork's child has one too. The nodes an update
        preallocates and gives back at once (``mas_preallocate``, ``mas_destroy``;
        ``mas_expected_entries`` at fork) are not modelled: they only pass through
        the CPU's slab."""
        specs = self._slab_specs(image.slab)
        got = self._shapes.get((id(specs), "mm"))
        if got is None:
            objs = list(specs)
            if self.k.design.mm_maple_tree:
                objs.append((self.k.slab.cache(
                    "maple_node", self.k.sizes.slab_objsize("maple_node"), account=False), 1))
            got = self._shapes[(id(specs), "mm")] = SlabSpecs(objs)
            self._shapes[(id(got), "mm of")] = specs        # keeps id(specs) alive
        return got

    def _file_specs(self) -> SlabSpecs:
        """An open file's objects: ``alloc_empty_file``'s filp (SLAB_ACCOUNT) and
        ``security_file_alloc``'s blob (lsm_file_cache, unaccounted), objsizes from
        the guests' boot slabinfo (256 and 24 on both)."""
        specs = self._file_sp
        if specs is None:
            slab = self.k.slab
            sizes = self.k.sizes
            specs = self._file_sp = SlabSpecs((
                (slab.cache("filp", sizes.slab_objsize("filp")), 1),
                (slab.cache("lsm_file_cache", sizes.slab_objsize("lsm_file_cache"),
                            account=False), 1)))
        return specs

    def _cred_specs(self) -> SlabSpecs:
        """``prepare_creds``' objects: the cred (cred_jar, SLAB_ACCOUNT) and, where
        the booted LSMs have one, its ``security`` blob (a GFP_KERNEL_ACCOUNT
        kmalloc: ``ReleaseSizes.cred_security_blob``; kernel/cred.c, v5.10 and v6.1)."""
        specs = self._cred_sp
        if specs is None:
            objs = list(self._slab_specs((("cred_jar", 1),)))
            blob = self.k.sizes.cred_security_blob()
            if blob:
                objs.append((self.k.slab.kmalloc_cache(blob), 1))
            specs = self._cred_sp = SlabSpecs(objs)
        return specs

    def _task_specs(self) -> SlabSpecs:
        """``copy_process``' task structures (``ReleaseSizes.task_slab``), the
        cred's blob right after the cred (``copy_creds`` → ``prepare_creds``), in
        the order of :meth:`task_parts`."""
        specs = self._task_sp
        if specs is None:
            specs = self._task_sp = SlabSpecs(
                [o for part in self.task_parts() for o in part])
        return specs

    def task_parts(self) -> tuple[SlabSpecs, ...]:
        """The task structures by where they are freed: those of
        ``delayed_put_task_struct`` (and ``delayed_put_pid``: the pid, a grace
        period after ``release_task`` too), the ``sighand_struct``
        (:data:`TASK_RELEASE_FREED`), the ``files_struct`` and ``fs_struct``
        (:data:`TASK_EXIT_FREED`); each in ``ReleaseSizes.task_slab``'s order, so
        the pid and task_delay_info are charged before the sighand_struct (three
        records a task; keeping the list's order took a fourth for the same
        conformance results and +2.8 % churn instructions: docs/fidelity.md item 59)."""
        parts = self._task_parts
        if parts is None:
            rest: list[Any] = []
            release: list[Any] = []
            at_exit: list[Any] = []
            for c, n in self._slab_specs(self.k.sizes.task_slab):
                if c.name == "cred_jar":
                    rest.extend(self._cred_specs())
                elif c.name in TASK_EXIT_FREED:
                    at_exit.append((c, n))
                elif c.name in TASK_RELEASE_FREED:
                    release.append((c, n))
                else:
                    rest.append((c, n))
            if FORK_CRED_APART:
                cred = list(self._cred_specs())
                rest = [o for o in rest if o not in cred]
                parts = self._task_parts = (SlabSpecs(rest), SlabSpecs(cred),
                                            SlabSpecs(release), SlabSpecs(at_exit))
            else:
                parts = self._task_parts = (SlabSpecs(rest), SlabSpecs(release),
                                            SlabSpecs(at_exit))
        return parts

    def fdtable_specs(self, nr: int) -> SlabSpecs:
        """``alloc_fdtable(nr)`` (fs/file.c, v5.10 and v6.1): the fd count rounded
        up (``nr / 128``, then the next power of two of one more, times 128), and
        three GFP_KERNEL_ACCOUNT kmallocs: the ``struct fdtable`` (56 bytes), the
        file pointers (8 a fd: 2048 for 256 fds, kmalloc-cg-2k) and the three
        bitmaps (``2 * nr / 8 + BITBIT_SIZE(nr)``, at least a cache line: 72 for
        256)."""
        nr = (nr // 128 + 1)
        nr = (1 << (nr - 1).bit_length()) * 128
        specs = self._fdt_specs.get(nr)
        if specs is None:
            slab = self.k.slab
            longs = -(-nr // 64)                    # BITS_TO_LONGS(nr)
            bitbit = -(-longs // 64) * 8            # BITBIT_SIZE(nr)
            specs = self._fdt_specs[nr] = SlabSpecs(
                (slab.kmalloc_cache(size), 1) for size in
                (FDTABLE_SIZE, nr * 8, max(2 * nr // 8 + bitbit, 64)))
        return specs

    def install_fd(self, tsk: Task, fd: int) -> None:
        """An fd at or past ``NR_OPEN_DEFAULT`` installed (``dup2``, bash's
        ``move_to_high_fd`` of its script input to 255): ``expand_files`` gives the
        files_struct a table of its own when the current one is too small, charged
        to the task (the old table freed after a grace period)."""
        if fd < NR_OPEN_DEFAULT:
            return
        if fd >= self.max_fds(tsk):
            k = self.k
            old, k.current = k.current, tsk
            try:
                objs, = k.slab.kmem_cache_alloc_held(self.fdtable_specs(fd))
            finally:
                k.current = old
            prev, tsk.fdt = tsk.fdt, objs
            if prev is not None:
                k.clock.call_rcu(k.slab.kmem_cache_free_held, prev, cpu=tsk.cpu)
        tsk.files_high = max(tsk.files_high, fd)

    def access_override_creds(self, tsk: Task) -> None:
        """``access()`` by a task (``do_faccessat`` without ``AT_EACCESS``):
        ``access_override_creds`` makes a cred of its own (``prepare_creds``: the
        cred and its LSM blob charged, :meth:`_cred_specs`), marked ``non_rcu``, and
        ``revert_creds`` puts it when the lookup is done, freed at once in the task
        (``__put_cred`` → ``put_cred_rcu`` called directly: the blob, then the cred)
        (fs/open.c ``access_override_creds``, kernel/cred.c ``__put_cred``, v5.10 and
        v6.1; skipped when the cred would not change only from Linux commit
        981ee95cc1f5 (in v6.3): ``access_need_override_creds``). Traced on 5.10: bash's
        two ``access`` of a command its PATH search finds (``do_faccessat`` →
        ``prepare_creds``, the cred's 200 bytes and the blob's 16 charged and
        uncharged in the task), tools/sizes/recordings/obj-trace-drop-caches-files--
        5.10-v1-2cpu.txt.gz (docs/fidelity.md item 482)."""
        if not ACCESS_TEMP_CREDS:
            return
        k = self.k
        old, k.current = k.current, tsk
        try:
            objs, = k.slab.kmem_cache_alloc_held(self._cred_specs())
            k.slab.kmem_cache_free_held(objs)
        finally:
            k.current = old

    def close_fd(self, tsk: Task, fd: int) -> None:
        """``close(fd)`` of its high fd (bash's children: ``unset_bash_input``): the
        table stays as it is."""
        if fd == tsk.files_high:
            tsk.files_high = 0

    def max_fds(self, tsk: Task) -> int:
        """``files_fdtable(files)->max_fds``."""
        fdt = tsk.fdt
        if fdt is None:
            return NR_OPEN_DEFAULT
        return fdt.specs[1][0].size // 8

    def hold_file(self, tsk: Task) -> None:
        """The task opens a file it keeps until it exits (bash's
        ``async_redirect_stdin``: /dev/null as an asynchronous command's stdin when
        job control is off, execute_cmd.c): a filp and its LSM blob, charged to it."""
        k = self.k
        old, k.current = k.current, tsk
        try:
            objs, = k.slab.kmem_cache_alloc_held(self._file_specs())
        finally:
            k.current = old
        if tsk.files is None:
            tsk.files = []
        tsk.files.append(objs)

    def exit_files(self, tsk: Task) -> None:
        """``exit_files``: the files it held closed, its own fdtable freed."""
        slab = self.k.slab
        if tsk.files:
            for objs in tsk.files:
                slab.kmem_cache_free_held(objs)
            tsk.files = None
        fdt = tsk.fdt
        if fdt is not None:
            tsk.fdt = None
            slab.kmem_cache_free_held(fdt)
        tsk.files_high = 0

    def _fork_list(self, mm_specs: SlabSpecs, fdt: SlabSpecs | None) -> tuple[SlabSpecs, tuple]:
        """A fork's one list (:meth:`_dup_specs` of the task's structures) and its
        parts (:meth:`task_parts`, the fdtable's with ``fdt``, the ``mm_struct``'s,
        ``mm_specs``), remembered by the same key: one lookup a fork, not five calls
        (the parts keep ``mm_specs`` alive, so its id stays its own)."""
        key: Any = id(mm_specs) if fdt is None else (id(mm_specs), id(fdt))
        got = self._fork_lists.get(key)
        if got is None:
            tp = self.task_parts()
            mms = self._slab_specs(MM_STRUCT)
            got = self._fork_lists[key] = (
                self._dup_specs(self._task_specs(), mm_specs, fdt),
                (*tp, mms, mm_specs) if fdt is None else (*tp, fdt, mms, mm_specs))
        return got

    def _task_records(self, child: Task, recs: list) -> list:
        """The records of a fork's list given to ``child`` (its task structures'
        :meth:`task_parts`: with :data:`FORK_CRED_APART` its cred's too); returns
        those after them."""
        if FORK_CRED_APART:
            child.slab, child.cred, child.sighand, child.exit_slab = recs[:4]
            return recs[4:]
        child.slab, child.sighand, child.exit_slab = recs[:3]
        return recs[3:]

    def _dup_specs(self, task: SlabSpecs, mm_specs: SlabSpecs,
                   fdt: SlabSpecs | None = None) -> SlabSpecs:
        """fork's one list: the task's structures, then (with ``fdt``) the child's
        fdtable, then a mm's ``mm_struct`` (``dup_mm`` → ``allocate_mm``) and its
        VMAs."""
        key: Any = id(mm_specs) if fdt is None else (id(mm_specs), id(fdt))
        specs = self._fork_specs.get(key)
        if specs is None:
            mms = self._slab_specs(MM_STRUCT)
            specs = self._fork_specs[key] = SlabSpecs(
                task + mms + mm_specs if fdt is None else task + fdt + mms + mm_specs)
        return specs

    # -------------------------------------------------------------- stacks
    def alloc_thread_stack(self, tsk: Task) -> bool:
        """``alloc_thread_stack_node`` + ``memcg_charge_kernel_stack`` +
        ``account_kernel_stack(tsk, 1)``, in the forking task's context."""
        k = self.k
        cache = self.stack_cache[k.current.cpu]
        mm = k.mem_map
        if cache:
            pfns = cache.pop()
            mm.set_owner(pfns, tsk.pid, k.clock.now_ns)
        else:
            pfns = mm.alloc_each(PG_STACK, tsk.pid, k.clock.now_ns, THREAD_SIZE // PAGE_SIZE)
            vm = k.vmalloc
            # __vmalloc_node_range: the vm_struct, the vmap_area, the pages array
            self.stack_vm_area[id(pfns)] = (
                vm.alloc_vmap_area(THREAD_SIZE + PAGE_SIZE, THREAD_ALIGN),
                vm.get_vm_area_objs(THREAD_SIZE // PAGE_SIZE, k.current.cpu))
        # account_kernel_stack(tsk, 1) in the same call, once every page is charged
        if k.memcg.memcg_kmem_charge_pages(pfns, NR_KERNEL_STACK_KB,
                                           THREAD_SIZE // 1024) < len(pfns):
            k.memcg.memcg_kmem_uncharge_pages(pfns)
            self._vfree_stack(pfns)
            return False
        tsk.stack = pfns
        return True

    def release_task_stack(self, tsk: Task) -> None:
        """``release_task_stack``: unaccount, uncharge every page, then keep the vm
        area in a free per-CPU cache slot or free it: at once, or (the design's
        ``thread_stack_rcu``, v5.18 on, with :data:`EXIT_RCU_FREES`) a grace period
        later on this CPU (``thread_stack_delayed_free``,
        :meth:`_thread_stack_free_rcu`)."""
        k = self.k
        pfns = tsk.stack
        if not pfns:
            return
        # account_kernel_stack(tsk, -1) first, in the same call
        k.memcg.memcg_kmem_uncharge_pages(pfns, False, True, NR_KERNEL_STACK_KB,
                                          -(THREAD_SIZE // 1024))
        tsk.stack = []
        cpu = k.current.cpu
        cache = self.stack_cache[cpu]
        if len(cache) < NR_CACHED_STACKS:
            cache.append(pfns)
        elif k.design.thread_stack_rcu and EXIT_RCU_FREES:
            k.clock.call_rcu(self._thread_stack_free_rcu, cpu, pfns, cpu=cpu)
        else:
            self._vfree_stack(pfns)

    def _thread_stack_free_rcu(self, cpu: int, pfns: list[int]) -> None:
        """``thread_stack_free_rcu`` on the CPU that queued it: the stack kept in a
        free slot of that CPU's cache if one opened meanwhile (a fork took one),
        else freed (kernel/fork.c ``try_release_thread_stack_to_cache``, v6.1)."""
        cache = self.stack_cache[cpu]
        if len(cache) < NR_CACHED_STACKS:
            cache.append(pfns)
        else:
            self._vfree_stack(pfns, cpu)

    def _vfree_stack(self, pfns: list[int], cpu: int | None = None) -> None:
        """``vfree`` of a stack on ``cpu`` (default: the current task's): its pages
        freed, its vmap_area (the stack and its guard page) lazily
        (``free_vmap_area_noflush``), then its ``pages`` array and ``vm_struct``
        (``__vunmap``)."""
        k = self.k
        k.mem_map.free_many(pfns)       # order-0 pages (alloc_each)
        rec = self.stack_vm_area.pop(id(pfns), None)
        if rec is not None:
            k.vmalloc.free_vmap_area_noflush(rec[0], (THREAD_SIZE + PAGE_SIZE) // PAGE_SIZE)
            k.vmalloc.free_vm_area_objs(rec[1], k.current.cpu if cpu is None else cpu)

    # -------------------------------------------------------------- fork
    def fork(self, parent: Task, comm: str | None = None, vfork: bool = False) -> Task:
        """``copy_process`` by ``parent``: task structures (SLAB_ACCOUNT) and the
        kernel stack charged in the parent's context; the child joins the parent's
        cgroups (``cgroup_post_fork``) with a copy of its page tables. ``vfork``
        (CLONE_VM | CLONE_VFORK: ``copy_mm`` takes a reference on the parent's mm,
        kernel/fork.c, v5.10 and v6.1): no ``dup_mm`` (no VMAs, page tables nor
        copy-on-write), the child runs on the parent's mm until its execve or exit
        (``mm_release`` → ``complete_vfork_done``; the parent waits meanwhile)."""
        k = self.k
        k.clock.tick(FORK_COST_NS, parent)
        child = self.new_task(comm or parent.comm, parent)
        if k.node_stat_diff.enabled:
            k.node_stat_diff.touch(parent.cpu)
        if self.lazy_mm[child.cpu] is not None:     # its first run: ret_from_fork
            self.finish_task_switch(child.cpu)
        # ``with k.running(parent):`` written out (no context manager a fork)
        old, k.current = k.current, parent
        try:
            if not self.alloc_thread_stack(child):
                del k.tasks[child.pid]
                raise OSError(errno.ENOMEM, "Cannot allocate memory")
            if len(k.tasks) > self.max_threads:
                # copy_process: nr_threads >= max_threads after dup_task_struct,
                # before alloc_pid: -EAGAIN, the stack freed, the pid not used
                self._bad_fork(child)
                self.pid_ns.unalloc(child.pid)
                raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
            if self._task_sp is None:
                self._task_specs()      # the first fork's lists made in their order
            child.argv = list(parent.argv)
            slab = k.slab
            high = parent.files_high
            # dup_fd: a parent's table holding an fd past NR_OPEN_DEFAULT makes the
            # child's its own (``alloc_fdtable(open_files - 1)``, ``sane_fdtable_size``:
            # whole longs of fds up to the last open one), after the task structures
            # and before the mm (``copy_files`` before ``copy_mm``), in the same list
            fdt = self.fdtable_specs((high // 64 + 1) * 64 - 1) if high else None
            if parent.mm is None or vfork:
                if vfork and parent.mm is not None:
                    child.mm = parent.mm            # mmget(oldmm)
                    self.vfork_parent[child] = parent
                specs = self._task_specs()
                tp = self.task_parts()
                if fdt is None:
                    recs = self._task_records(child, slab.kmem_cache_alloc_held(specs, tp))
                else:
                    recs = self._task_records(child, slab.kmem_cache_alloc_held(
                        SlabSpecs(specs + fdt), (*tp, fdt)))
                    child.fdt, = recs
            else:
                child.mm = Mm(child)
                # dup_mmap: the child's VMAs (SLAB_ACCOUNT) and, in copy_page_range, its
                # page tables, all charged to the parent's memcg; anon pages are shared
                # copy-on-write and stay charged where they are (kernel/mmap.py). The
                # task's structures and the VMAs come in a row from the same context:
                # one list (one objcg lookup, one reference taken for all)
                cm = child.mm
                if fdt is None:
                    cm.mm_struct, cm.slab = self._task_records(child, slab.kmem_cache_alloc_held(
                        *self._fork_list(self._dup_mm_specs(parent.mm), None)))
                else:
                    child.fdt, cm.mm_struct, cm.slab = self._task_records(
                        child, slab.kmem_cache_alloc_held(
                            *self._fork_list(self._dup_mm_specs(parent.mm), fdt)))
                child.mm.anon_vmas = parent.mm.anon_vmas
                # copy_page_range → copy_present_pte: the file pages of the VMAs it
                # copies (those with an anon_vma), counted straight in the child's mm
                cm.rss = cm.cow_text = parent.mm.cow_text
                cm.image = parent.mm.image
                if parent.mm.windows:
                    # copy_page_range copies no PTE of a VMA without an anon_vma
                    # (.text, .rodata): the child faults again each window its code
                    # runs in (:meth:`map_code`); it ends in busybox sh's
                    # ``exitshell`` unless an applet's ``exit`` does
                    cm.windows = WINDOWED
                    cm.exit_windows = BASH_EXIT_MASK if cm.image == "bash" else \
                        ASH_EXIT_MASK | WINDOWED
                    cm.text_faults = True
                # the mmap region's tables copied with its VMAs (its PUD with them)
                region = cm.mmap_tables = parent.mm.mmap_tables
                cm.mmap_apart = parent.mm.mmap_apart
                cm.brk_pages = parent.mm.brk_pages
                self._alloc_pgtables(child, len(parent.mm.pgtables),
                                     region > REGION_NR_PAGETABLE)
                k.mmap.dup_mmap(parent.mm, child.mm)
            blob = self._task_blob      # security_task_alloc
            if blob is None:
                blob = self._task_blob_cache()
            if blob:
                # blob.place_one(parent.cpu), SLUB's fast path written out (a call
                # a fork)
                blob.nr_structs += 1
                sl = blob.slub
                cpu = parent.cpu
                at = sl.cpu_slab[cpu]
                if at is not None and sl.inuse[at] < sl.objects:
                    sl.inuse[at] += 1
                else:
                    at = sl.alloc(cpu, 1)
                self.task_security[id(child.slab)] = at
            child.files_high = high
            try:
                k.pids.can_fork(parent)         # cgroup_can_fork, after alloc_pid
            except OSError:
                self._bad_fork(child)
                raise
            # cgroup_css_set_fork / cgroup_post_fork: the parent's css_set, referenced
            cset = child.cgroups = parent.cgroups
            if cset:
                cset.refcount += 1      # type: ignore[attr-defined]
                pid = child.pid
                for cgrp in cset.values():
                    cgrp.tasks[pid] = child
        finally:
            k.current = old
        children = parent.children
        if children is None:
            children = parent.children = {}
        children[child.pid] = child     # list_add_tail(&p->sibling, &p->real_parent->children)
        return child

    def _bad_fork(self, child: Task) -> None:
        """``copy_process``'s unwinding (``bad_fork_cancel_cgroup`` … ``free_task``):
        the child's mm, stack and task structures go at once; its pid was used."""
        k = self.k
        if child.mm is not None:
            self.exit_mm(child)
        self.release_task_stack(child)
        self.exit_files(child)
        for objs in self._take_task_slab(child):
            self._free_task_security(objs, k.current.cpu)
            k.slab.kmem_cache_free_held(objs)
        if child.cred is not None:          # exit_creds
            cred, child.cred = child.cred, None
            k.slab.kmem_cache_free_held(cred)
        child.state = "dead"
        del k.tasks[child.pid]

    def _alloc_pgtables(self, tsk: Task, n: int, extra_pud: bool = False) -> None:
        """A new mm's page tables: ``n`` pages from ``pte_alloc_one``/``pmd_alloc_one``
        with GFP_PGTABLE_USER (__GFP_ACCOUNT), ``NR_PAGETABLE`` added once, then its
        upper pages (:func:`mm_upper_pages`: ``mm_alloc_pgd``, the ``__p4d_alloc``
        and ``__pud_alloc`` of its slots: no ``NR_PAGETABLE``; ``extra_pud``: a
        fork's copy of the mmap region's PUD, last); all kmem pages charged one by
        one in the current context, in one call (with ``NR_PAGETABLE`` when all
        are charged)."""
        k = self.k
        mem_map = k.mem_map
        pfns, upper = mem_map.alloc_two(PG_PGTABLE, n, PG_PGDIR,
                                        self.upper_pages + extra_pud,
                                        tsk.pid, k.clock.now_ns)
        both = pfns + upper
        total = len(both)
        counted = False
        if k.design.pgtables_accounted:
            done = k.memcg.memcg_kmem_charge_pages(both, NR_PAGETABLE, n)
            counted = done == total
        else:
            done = total
        if done < total:
            mem_map.free_many(both[done:])
        mm = tsk.mm
        if done > n:
            mm.upper.extend(upper[:done - n])  # type: ignore[union-attr]
            done = n
        if done:
            mm.pgtables.extend(pfns[:done])  # type: ignore[union-attr]
            if not counted:
                k.memcg.mod_lruvec_page_state(pfns[0], NR_PAGETABLE, done)

    # -------------------------------------------------------------- exec
    def exec(self, tsk: Task, path: str, argv: list[str] | None,
             interpreter: str | None = None) -> None:
        """``execve``: drop the old mm, then fault in the new program's image up to
        its first blocking point, all charged to the task's memcg. A script
        (``binfmt_script``) runs its ``interpreter``'s image, its own name the comm."""
        k = self.k
        # a child forked and not yet exec'd (PF_FORKNOEXEC) ran the forking
        # program's code to this execve (FORKED_BASH_FAULTS); a vfork's ran none
        forked = bool(tsk.flags & PF_FORKNOEXEC) and not (
            self.vfork_parent and tsk in self.vfork_parent)
        # busybox sh's and the guests' bash's child counted their windows as they
        # faulted them (map_code); bash's way to its execve maps BASH_EXEC_WINDOWS
        pre = 0
        if forked:
            old_mm = tsk.mm
            if old_mm is None or not old_mm.text_faults:
                pre = self.forked_bash_faults
            elif old_mm.image == "bash":
                pre = self.forked_bash_faults - BASH_EXEC_CHILD_COUNTED + bin(
                    BASH_EXEC_MASK & ~old_mm.windows).count("1")
            else:
                pre = BUSYBOX_SH_EXEC_CHILD_REST
        if tsk.exec_prepaid:        # run on its own CPU: counted in its start delay
            tsk.exec_prepaid = False
        else:
            if tsk.mm is not None:
                # the old mm goes at the exec's start: begin_new_exec → exec_mmap's
                # mmput, before setup_new_exec and the new image's elf_map (fs/exec.c
                # at v5.10 and v6.1); the model's exec cost is the new image's
                prev_current, k.current = k.current, tsk
                self.exit_mm(tsk)
                k.current = prev_current
            k.clock.tick(EXEC_COST_NS, tsk, EXEC_RUN_NS)
        if tsk.state not in ALIVE_STATES:   # killed while the clock ran (not tsk.alive)
            return
        comm = path.rsplit("/", 1)[-1][:15]
        images, default = self.images
        name = image_name(path, argv, interpreter)
        image = images.get(name, default)
        prev_current, k.current = k.current, tsk  # k.running(), written out
        cpu = tsk.cpu
        if k.node_stat_diff.enabled:
            k.node_stat_diff.touch(cpu)
        held = self.exec_kmallocs.begin(cpu)
        transient: tuple | None = held
        try:
            self.exit_mm(tsk)
            tsk.sigcaught = tsk.sigfatal = 0    # flush_signal_handlers
            tsk.flags = (tsk.flags & ~PF_FORKNOEXEC) | PF_RANDOMIZE     # begin_new_exec
            tsk.comm = comm
            tsk.argv = list(argv) if argv else [comm]
            mm = tsk.mm = Mm(tsk)
            mm.image = name
            mm.mmap_apart = k.mmap.layout.pick()
            mm.anon_vmas = image.anon_vmas
            # the binary's pages its faults map (fault-around): in the mm's
            # counters, the rest still in the task's split cache (ProgramImage.text_synced)
            (f, sh), (sf, ssh) = image.text, image.text_synced
            mm.rss = image.text_synced
            mm.rss_pending = (f - sf, sh - ssh)
            mm.cow_text = image.cow_text
            mm.windows, mm.exit_windows = image.windows, image.exit_windows
            # a static program's /proc/PID/exe is looked up once (then cached)
            specs, parts = self._exec_specs(image, image.static and tsk.proc is None)
            objs = k.slab.kmem_cache_alloc_held(specs, parts)
            mm.mm_struct, mm.slab, mm.exe = objs[0], objs[1], objs[2]
            # commit_creds: the new cred is the task's, the one it replaces the
            # file's f_cred (the fork's stays in the task structures: the model's)
            mm.exe_cred, tsk.cred = tsk.cred, objs[3]
            if len(objs) > 4:
                tsk.proc = objs[4]
            if tsk.files_high:                  # bash's fd 255 is close-on-exec
                tsk.files_high = 0
            self._alloc_pgtables(tsk, image.pgtable_pages)
            self.exec_kmallocs.end(cpu, held)
            transient = None
            # setup_arg_pages: the stack's page tables moved to its final place
            shift_arg_pgtables(k, tsk)
            # the image's pages hold one page of argument strings; a longer
            # command line takes more (ProgramImage.anon_synced)
            args = exec_arg_pages(path, argv)
            n = image.anon_pages + args - 1
            for area, pages in image.areas:
                n -= k.mmap.handle_mm_fault(tsk, area, 0, pages - 1)
            self._fault_anon(tsk, n)
            if tsk.mm is mm:
                # the argument pages and the synced ones in MM_ANONPAGES, the rest
                # in the task's split cache, no fault since the last sync
                pending = len(mm.anon) - args - image.anon_synced
                mm.anon_pending = pending if pending > 0 else 0    # max(), as a test
                mm.rss_events = 0
            n = image.minflt - image.anon_pages + pre
            ew = image.exit_windows
            if ew:
                # its exit path's windows: faulted at its exit, if it gets there
                # (:meth:`exit_path_pages`; a fatal signal's victim takes none)
                n -= bin(ew & ~image.windows).count("1")
            if n > 0 and tsk.mm is not None:
                # Mmap.count_minor_faults, written out (mod_memcg_state in the
                # task's context: k.current is tsk)
                k.memcg.count_pgfaults(tsk.memcg or k.task_memcg(tsk), n, tsk.cpu)
                tsk.min_flt += n
            if image.static and tsk.mm is not None:
                self.exec_kmallocs.read_self_exe(cpu)
            if MT_FREE_RCU and k.design.mm_mt_rcu_frees:
                self.mt_free_rcus(cpu)
        finally:
            if transient is not None:       # a charge of the new image's failed
                self.exec_kmallocs.end(cpu, transient)
            k.current = prev_current

    def mt_free_rcus(self, cpu: int) -> None:
        """The new image's VMA writes as it is mapped replace maple-tree nodes, each
        freed a grace period later on this CPU (the design's ``mm_mt_rcu_frees``:
        lib/maple_tree.c ``ma_free_rcu``, 6.1): one callback stands for them
        (queued together on one CPU, they take the same grace period). The 6.1
        guest's programs free one more later in their start-up (a median 9.0 ms of
        its time after the first, 2.3-35 ms: their own first large allocation or
        mapping, docs/fidelity.md item 315): not modelled."""
        self.k.clock.call_rcu(_mt_free_rcu, cpu=cpu)

    def fault_anon(self, tsk: Task, nr_pages: int, attempts: int = 1) -> int:
        """Faults on ``nr_pages`` new pages of the program's own anonymous mappings
        (:meth:`_fault_anon`), each 2 MiB of them taking a PTE page at its first
        fault, before the page's charge (``do_anonymous_page`` → ``__pte_alloc``,
        kernel/pgtable.py); ``Mm.map_pages`` counts them. Returns the pages faulted."""
        mm = tsk.mm
        assert mm is not None
        have = mm.map_pages
        room = -have % PTRS_PER_PTE         # pages left in the last PTE page's range
        if nr_pages <= room:
            done = self._fault_anon(tsk, nr_pages, attempts)
            mm.map_pages = have + done
            mm.rss_faults(done, done)
            return done

        def runs():
            left = nr_pages
            if room:                        # the rest of the last PTE page's range
                yield False, room, room
                left -= room
            while left > 0:
                n = min(PTRS_PER_PTE, left)
                yield True, n, n
                left -= n

        def fault(n: int) -> int:
            done = self._fault_anon(tsk, n, attempts)
            mm.map_pages += done            # type: ignore[union-attr]
            return done
        done = fault_ranges(self.k, tsk, runs(), fault)
        if tsk.mm is mm:
            mm.rss_faults(done, done)
        return done

    def _fault_anon(self, tsk: Task, nr_pages: int, attempts: int = 1) -> int:
        """Anonymous page faults: one page allocated and charged per fault
        (``do_anonymous_page`` → ``mem_cgroup_charge``). A page whose charge fails
        is faulted ``attempts`` times in all (a kernel copy retries; user space
        gets one). Stops early if the task is chosen as an OOM victim; returns the
        pages faulted in, those reclaim swapped out meanwhile among them (with swap,
        the pages faulted so far are committed before a charge's reclaim, which may
        take them from ``mm.anon``: ``shrink_page_list`` → ``try_to_unmap`` leaves a
        swap entry in the PTE, the fault stays done). A user-mode fault returns to
        user space after each page (``mem_cgroup_handle_over_high`` there, at
        ``exit_to_user_mode_loop``'s TIF_NOTIFY_RESUME); a kernel copy's faults
        (``attempts`` > 1) add up ``memcg_nr_pages_over_high`` until the system call
        returns (the caller's ``return_to_user``; 6.1's ``try_charge_memcg`` reclaims
        inside once it passes MEMCG_CHARGE_BATCH): traced by its swap.events
        ``high`` in novel-v2-swap-high-batch (docs/fidelity.md item 476)."""
        k = self.k
        user_faults = attempts == 1
        mm = k.mem_map
        mc = k.memcg
        memcg = tsk.memcg or k.task_memcg(tsk)      # task_memcg's answer, kept
        now = k.clock.now_ns
        anon = tsk.mm.anon  # type: ignore[union-attr]
        pfns = mm.alloc_many(PG_ANON, tsk.pid, now, nr_pages)
        try_charge = mc.try_charge
        stock = mc.stocks[k.current.cpu]
        charged = memcg is not mc.root_mem_cgroup
        swap_on = bool(k.swap.areas)
        first = 0           # pfns[first:i] are charged, not yet committed
        i = 0
        while i < nr_pages:
            # a page's charge only changes the task's state (OOM victim, over
            # memory.high) in try_charge's slow path: while it is unchanged, the
            # pages the stock serves (or the root's, uncharged) go as one run
            calm = not (tsk.oom_victim or tsk.memcg_nr_pages_over_high)
            if charged:
                if stock.cached is memcg and stock.nr_pages:
                    # try_charge's consume_stock, inlined
                    run = 1
                    if calm:
                        run = nr_pages - i      # min(stock.nr_pages, nr_pages - i)
                        if stock.nr_pages < run:
                            run = stock.nr_pages
                    stock.nr_pages -= run
                    i += run - 1
                else:
                    if swap_on and i > first:
                        # with swap, reclaim may take the pages faulted so far
                        self._commit_anon(tsk, memcg, pfns[first:i], anon)
                        first = i
                    # any(try_charge(memcg, 1) for _ in range(attempts)), as a loop
                    for _ in range(attempts):
                        if try_charge(memcg, 1):
                            break
                    else:
                        break
            elif calm:
                i = nr_pages - 1
            i += 1
            if tsk.oom_victim:
                break
            if tsk.memcg_nr_pages_over_high and user_faults:
                self._commit_anon(tsk, memcg, pfns[first:i], anon)
                first = i
                k.vmscan.mem_cgroup_handle_over_high(tsk)
                if not tsk.alive:       # killed in the throttling sleep
                    break
        if tsk.state not in ALIVE_STATES and i > first:
            # it died in a charge that took time (a fatal signal's exit ran while
            # its reclaim went round: a dying task's charge goes round again
            # since a4ebf1b6ca1e): its mm is gone, the pages charged since the
            # last commit are uncharged and freed as its exit_mmap would have
            if charged:
                mc.cancel_charge(memcg, i - first)
            i = first
        self._commit_anon(tsk, memcg, pfns[first:i], anon)
        if i < nr_pages:
            mm.free_many(pfns[i:])
        return i

    def _commit_anon(self, tsk: Task, memcg, pfns: list[int], anon: list[int]) -> None:
        if pfns:
            mc = self.k.memcg
            mc.mem_cgroup_commit_charges(pfns, memcg, PG_ANON, each=True)
            mc.count_pgfaults(memcg, len(pfns), tsk.cpu)
            tsk.min_flt += len(pfns)
            anon.extend(pfns)

    def free_anon(self, tsk: Task, nr_pages: int) -> None:
        """``munmap`` of ``nr_pages`` of the pages ``fault_anon`` gave (the newest
        first); a page another mm still maps only loses this mapping."""
        mm = tsk.mm
        if mm is None:
            return
        k = self.k
        mmap = k.mmap
        anon = mm.anon
        have = mm.map_pages
        left = max(have - nr_pages, 0)
        i = len(anon) - 1
        while nr_pages > 0 and i >= 0:
            pfn = anon[i]
            if pfn not in mmap.site:
                del anon[i]
                nr_pages -= 1
                if mmap.shared(pfn):
                    mmap._put_mapping(pfn)
                else:
                    k.memcg.mem_cgroup_uncharge(pfn)
                    k.mem_map.free(pfn)
            i -= 1
        if nr_pages > 0 and mm.swap:
            # the rest of the range was swapped out: its entries go
            gone = [e for e, loc in mm.swap.items() if loc is None][-nr_pages:]
            for e in gone:
                del mm.swap[e]
            k.swap.free_entries(gone)
        if have:
            # unmap_region's free_pgtables, after the pages: the PTE pages of the
            # 2 MiB ranges left empty
            mm.map_pages = left
            pte_free(k, mm, nr_ptes(have) - nr_ptes(left))

    def unmap_anon_pages(self, mm: Mm) -> list:
        """``unmap_vmas`` of an exiting mm's anon pages: those no other mm maps,
        gathered to be freed (their swap cache dropped: ``free_pages_and_swap_cache``);
        a second call finds none."""
        k = self.k
        last = k.mmap.unmap_anon(mm)
        if last and k.swap.cache_entry:
            last = k.swap.free_swap_cache(last)
        return last

    def free_unmapped(self, pfns: list) -> None:
        """``tlb_finish_mmu`` → ``release_pages`` of gathered pages: uncharged and
        freed."""
        if pfns:
            self.k.mmap.thp_unmapped(pfns)
            self.k.memcg.mem_cgroup_uncharge_list(pfns, True)

    def vfork_child_faults(self, tsk: Task, n: int) -> None:
        """``n`` faults of a vfork's child on its parent's mm that map nothing new
        for it: counted (``pgfault``, ``min_flt``) as events of its own task's split
        cache (``check_sync_rss_stat(current)``), not its parent's."""
        k = self.k
        k.memcg.count_pgfaults(k.task_memcg(tsk), n, tsk.cpu)
        tsk.min_flt += n

    def exit_path_pages(self, tsk: Task) -> None:
        """The program's own way out (``exit``: its handlers, stdio's flush, then
        ``_exit``), not a fatal signal's: its faults map the binary's pages it had
        not mapped (``Mm.exit_windows`` past ``Mm.windows``), a fault each window
        (not in its image's ``minflt``: a process a signal kills takes none), the
        pages counted in the running task's split cache: its own mm's, or, for a
        vfork's child (whose faults are ``EXEC_FAIL_FAULTS``), synced
        into its parent's mm's counters by its ``do_exit`` (``sync_mm_rss``), the
        pages staying mapped: glibc's ``exit`` alone (:data:`BUSYBOX_EXIT_WINDOWS`:
        its own code ran none of the parent's applet's)."""
        mm = tsk.mm
        if mm is None or not mm.windows:
            return
        vforked = self.vfork_parent and tsk in self.vfork_parent
        new = (EXIT_MASK if vforked else mm.exit_windows) & ~mm.windows
        mm.windows |= new
        if new and not vforked:
            # a fault each window (a vfork's child's are its EXEC_FAIL_FAULTS)
            self.k.mmap.count_minor_faults(tsk, bin(new).count("1"))
        self._map_pages(tsk, mm, bash_window_pages(new) if mm.image == "bash"
                        else window_pages(new))

    def map_code(self, tsk: Task, windows: tuple[int, ...], exits: bool = False,
                 bash: bool = False) -> None:
        """``tsk`` runs code of its busybox binary in ``windows`` (``bash``: of the
        guests' bash, :func:`bash_window_pages`; either only in an mm of that
        binary) (a NOFORK applet's
        ``main`` run by another applet or by busybox sh, an option's code, a forked
        child's way through busybox sh and the applet it runs): each
        window not yet mapped is a read fault whose fault-around maps it
        (mm/memory.c ``do_read_fault`` → ``do_fault_around``), counted as the
        task's fault (``pgfault``, ``min_flt``) and in its split RSS cache. Nothing
        for an mm not counted by windows (another program's).
        ``exits``: the applet ends the process by glibc's ``exit`` (a NOEXEC applet
        busybox sh runs in its own process: its exit path is the applet's,
        :data:`BUSYBOX_EXIT_WINDOWS`)."""
        mm = tsk.mm
        if mm is None or not mm.windows or (mm.image == "bash") != bash:
            return
        if exits:
            # the applet's ``exit`` ends the process (a fork's child: not exitshell)
            mm.exit_windows = EXIT_MASK | (mm.exit_windows if not mm.text_faults else WINDOWED)
        new = window_mask(windows) & ~mm.windows
        if not new:
            return
        mm.windows |= new
        n = bin(new).count("1")
        if self.vfork_parent and tsk in self.vfork_parent:
            self.vfork_child_faults(tsk, n)
        else:
            self.k.mmap.count_minor_faults(tsk, n)
        self._map_pages(tsk, mm, bash_window_pages(new) if bash else window_pages(new))

    def _map_pages(self, tsk: Task, mm: Mm, n: int) -> None:
        """``n`` shmem pages of its binary mapped by ``tsk``'s faults in ``mm`` (its
        own), in its split cache (a vfork's child's: its parent's mm's counters, as
        its exit syncs them)."""
        if self.vfork_parent and tsk in self.vfork_parent:
            mm.rss = (mm.rss[0], mm.rss[1] + n)
        else:
            f, sh = mm.rss_pending
            mm.rss_pending = (f, sh + n)

    def exit_mm(self, tsk: Task, lazy: bool = False) -> None:
        """``exit_mmap``: anon pages uncharged, page tables freed (kmem uncharge),
        vm_area_structs freed; the ``mm_struct`` at the last ``mmdrop``: at once
        (exec's ``exec_mmap`` → ``mmput``), or with ``lazy`` (``do_exit`` →
        ``exit_mm``: ``mmgrab`` before ``mmput``) when its CPU next runs a user task
        (:meth:`lazy_tlb`)."""
        mm = tsk.mm
        if mm is None:
            return
        vforked = bool(self.vfork_parent) and tsk in self.vfork_parent
        if tsk.rusage:
            # setmax_mm_hiwater_rss after sync_mm_rss: the pages in the owner's
            # split cache counted; a vfork's child syncs its own, not its parent's
            if vforked:
                rss = len(mm.anon) - mm.anon_pending + mm.rss[0] + mm.rss[1]
            else:
                f, sh = mm.rss_pending
                rss = len(mm.anon) + mm.rss[0] + mm.rss[1] + f + sh
            if mm.hiwater_rss > rss:
                rss = mm.hiwater_rss
            if rss > tsk.maxrss:
                tsk.maxrss = rss
        if vforked:
            del self.vfork_parent[tsk]
            tsk.mm = None       # a vfork's child: mmput of its parent's mm, not the last
            return
        if self.mm_held and mm in self.mm_held:
            # mmput, not the last: another user holds it (:meth:`mmget`); its pages,
            # swap entries and page tables stay until that user's mmput
            self.mm_held[mm] = (tsk, lazy)
            tsk.mm = None
            return
        self.exit_mmap(tsk, mm, lazy)

    def mmget(self, mm: Mm) -> None:
        """``mmget_not_zero``: a user of ``mm`` besides its task (swapoff's
        ``try_to_unuse`` while it unuses it): its task's exit no longer tears it down
        (``mmput`` not the last)."""
        self.mm_held[mm] = None

    def mmput(self, mm: Mm) -> None:
        """The holder's ``mmput``: the last one if the mm's task has exited
        meanwhile, which runs its ``exit_mmap`` now (mm/mmap.c; kernel/fork.c
        ``mmput``, v5.10 and v6.1)."""
        exited = self.mm_held.pop(mm, None)
        if exited is not None:
            tsk, lazy = exited
            self.exit_mmap(tsk, mm, lazy)

    def mm_is_held(self, mm: Mm) -> bool:
        """Another user holds ``mm`` (:meth:`mmget`): its task's exit frees none of it."""
        return bool(self.mm_held) and mm in self.mm_held

    def exit_mmap(self, tsk: Task, mm: Mm, lazy: bool) -> None:
        """The last ``mmput`` of ``tsk``'s ``mm``: ``exit_mmap`` and ``mmdrop``, as
        :meth:`exit_mm` says."""
        k = self.k
        mc = k.memcg
        # a forked child that never wrote maps only its parent's pages
        self.free_unmapped(self.unmap_anon_pages(mm))
        for batch in self.gathered.pop(mm, ()):
            self.free_unmapped(batch)
        if mm.swap:     # zap_pte_range: free_swap_and_cache of each swap entry
            k.swap.free_entries(list(mm.swap))
            mm.swap = mm.swap_at = None
        pgtables = mm.pgtables
        # free_pgtables: stats of kmem pages follow page_memcg (for objcg pages, its
        # current memcg)
        mixed = self.mixed_pgtables
        n = len(pgtables)       # NR_PAGETABLE down with the uncharge's first step
        if mixed and mm in mixed:
            mixed.discard(mm)
            unaccount_pgtables(k, pgtables)
            n = 0
        upper = mm.upper
        if upper:
            pgtables = pgtables + upper[MM_PGD_PAGES:]      # the PUDs: freed with them
        # the PTE, PMD and PUD pages go through the mmu_gather: counters at once, no
        # stock (:func:`~memcgsim.kernel.pgtable.pte_free`); then the PGD, to the
        # stock of the CPU that drops the mm last (``__mmdrop`` → ``mm_free_pgd``'s
        # ``free_pages``): here, or with an exit's lazy TLB mm (:meth:`lazy_tlb`)
        mc.memcg_kmem_uncharge_pages(pgtables, True, False, NR_PAGETABLE, -n)  # and free them
        late = lazy and k.design.late_frees
        pgd = upper[:MM_PGD_PAGES] or None
        if pgd and not late:
            mc.memcg_kmem_uncharge_pages(pgd, True)
        mms = mm.mm_struct
        mm.mm_struct = None
        if late and (mms is not None or pgd):
            # the VMAs, then the lazy TLB mm this CPU's final switch drops
            self.lazy_tlb(tsk.cpu, LazyMm(mms, pgd), mm.slab)
        elif mms is not None and mm.slab is not None:
            # the VMAs, then the mm_struct at once (the last mmdrop): one call
            k.slab.kmem_cache_free_held_pair(mm.slab, mms)
        else:
            if mm.slab is not None:
                k.slab.kmem_cache_free_held(mm.slab)
            if mms is not None:
                k.slab.kmem_cache_free_held(mms)
        if mm.exe is not None:              # set_mm_exe_file(mm, NULL): fput
            t = k.current
            cpu = t.cpu if t is not None else tsk.cpu
            if k.design.late_frees:
                # __fput (task work, on this CPU) → file_free → call_rcu(file_free_rcu)
                k.clock.call_rcu(self._file_free_rcu, cpu, mm.exe, mm.exe_cred, cpu=cpu)
            else:
                k.slab.kmem_cache_free_held(mm.exe)
                if mm.exe_cred is not None:
                    k.clock.call_rcu(self._put_cred_rcu, cpu, mm.exe_cred, cpu=cpu)
            mm.exe = mm.exe_cred = None
        tsk.mm = None

    def lazy_tlb(self, cpu: int, mm: LazyMm, vmas: SlabObjs | None = None) -> None:
        """The exiting task's final ``context_switch`` on ``cpu``: the next task, a
        kernel thread or the idle task, takes its ``active_mm`` (``mmgrab``
        passed on: ``next->active_mm = prev->active_mm``) and keeps it while only
        kernel threads run there; the mm is dropped (``mmdrop`` → ``__mmdrop``:
        ``mm_free_pgd``, then ``free_mm``) by the first user task switched in
        (``rq->prev_mm``, :meth:`finish_task_switch`), on that CPU (kernel/sched/core.c
        ``context_switch``, ``finish_task_switch``; kernel/fork.c ``__mmdrop``,
        v5.10 and v6.1: x86 keeps lazy TLB mms, no ``MMU_LAZY_TLB_SHOOTDOWN``). A
        CPU holds one such mm. ``vmas``: the exiting task's VMAs, freed first on
        ``cpu`` (``exit_mmap``, the exiting task current there): with an
        ``mm_struct`` this drops, one ``Slab.kmem_cache_free_held_pair``."""
        lazy = self.lazy_mm
        old = lazy[cpu]
        lazy[cpu] = mm
        if vmas is not None:
            if old is not None and old.mms is not None:
                # exit_mmap's frees, then __mmdrop's on the same CPU's stock
                if old.pgd:
                    self.k.memcg.memcg_kmem_uncharge_pages(old.pgd, True)
                self.k.slab.kmem_cache_free_held_pair(vmas, old.mms)
                return
            self.k.slab.kmem_cache_free_held(vmas)
        if old is not None:
            self._mmdrop_on(cpu, old)

    def finish_task_switch(self, cpu: int) -> None:
        """A user task starts to run on ``cpu`` (placed there at its fork, by a
        wakeup or a migration): the lazy TLB mm the CPU's kernel threads kept is
        dropped (``finish_task_switch`` → ``mmdrop(rq->prev_mm)``)."""
        mms = self.lazy_mm[cpu]
        if mms is not None:
            self.lazy_mm[cpu] = None
            self._mmdrop_on(cpu, mms)

    def _mmdrop_on(self, cpu: int, mm: LazyMm) -> None:
        """``__mmdrop`` on ``cpu``: the PGD to that CPU's stock (``mm_free_pgd`` →
        ``pgd_free`` → ``__memcg_kmem_uncharge_page``: the memcg the page points at,
        5.10's own, 6.1's objcg's now), then the ``mm_struct`` back to slab there.
        After its memcg's offline a PGD refilled so keeps the removed memcg cached
        (and on 5.10 counted) until that CPU's stock is drained or refilled for
        another: the offline's ``drain_all_stock`` came before it (traced:
        docs/fidelity.md item 215)."""
        k = self.k
        kw = k.kworkers[cpu]
        if mm.pgd:
            old, k.current = k.current, kw
            try:
                k.memcg.memcg_kmem_uncharge_pages(mm.pgd, True)
            finally:
                k.current = old
        if mm.mms is not None:
            k.slab.kmem_cache_free_held(mm.mms, kw)

    def _file_free_rcu(self, cpu: int, file: SlabObjs, cred: SlabObjs | None) -> None:
        """``file_free_rcu`` on the CPU that queued it: the filp freed, its
        ``f_cred`` put (``put_cred`` → ``__put_cred`` → ``call_rcu(put_cred_rcu)``)
        when it is the model's to free (fs/file_table.c, kernel/cred.c, v6.1)."""
        self.k.slab.kmem_cache_free_held(file, self.k.kworkers[cpu])
        if cred is not None:
            self.k.clock.call_rcu(self._put_cred_rcu, cpu, cred, cpu=cpu)

    def _put_cred_rcu(self, cpu: int, cred: SlabObjs) -> None:
        """``put_cred_rcu`` on the CPU that queued it: the cred and its
        security blob freed (``security_cred_free``; kernel/cred.c, v6.1)."""
        self.k.slab.kmem_cache_free_held(cred, self.k.kworkers[cpu])

    # -------------------------------------------------------------- exit
    def return_to_user(self, tsk: Task) -> None:
        """A system call's return to user space: an OOM victim marked during it
        dies there of SIGKILL (``exit_to_user_mode`` delivers it); TaskKilled if
        ``tsk`` is dead; then :meth:`resume_user_mode_work`."""
        # (tsk.alive read as its test: a property is a call from C, issue 14)
        if tsk.oom_victim and tsk.state in ALIVE_STATES:
            self.exit(tsk, signal=SIGKILL)
        if tsk.state not in ALIVE_STATES:
            raise TaskKilled(tsk.pid, tsk.exit_signal or SIGKILL)
        self.resume_user_mode_work(tsk)

    def resume_user_mode_work(self, tsk: Task) -> None:
        """``resume_user_mode_work`` (``tracehook_notify_resume`` in v5.10), run on
        the way back to user space after signals: the reclaim a charge over
        memory.high queued (``mem_cgroup_handle_over_high``), in the task's own
        context (its penalty sleep ended by a fatal signal to it)."""
        if tsk.memcg_nr_pages_over_high:
            k = self.k
            with k.running(tsk):
                k.vmscan.mem_cgroup_handle_over_high(tsk)

    def exit(self, tsk: Task, code: int = 0, signal: int | None = None,
             ticked: bool = True, handlers: bool = True) -> None:
        """``do_exit``: mm teardown, leave the cgroups (``cgroup_exit``), the stack is
        released at the final context switch, task structures freed after RCU.
        ``ticked`` False: its time was counted by the caller (a fatal signal's
        target dying on its own CPU, kernel/signal.py). ``handlers`` False: the
        program's ``_exit`` (no ``exit`` handlers, no stdio flush: its exit path's
        pages not mapped, :meth:`exit_path_pages`)."""
        k = self.k
        if ticked:
            k.clock.tick(EXIT_COST_NS, tsk)     # first: timers may run meanwhile
        if tsk.state not in ALIVE_STATES:      # not tsk.alive
            return
        if tsk.memcg_in_oom is not None:
            k.memcg_oom.task_exit(tsk)
        if k.node_stat_diff.enabled:
            k.node_stat_diff.touch(tsk.cpu)
        old, k.current = k.current, tsk     # ``with k.running(tsk):`` written out
        try:
            mm = tsk.mm
            if signal is None and handlers and mm is not None and \
                    mm.exit_windows & ~mm.windows:
                self.exit_path_pages(tsk)
            self.exit_mm(tsk, lazy=True)
            if tsk.fdt is not None or tsk.files:
                self.exit_files(tsk)
            ft = k.file_table
            if ft.open:
                # exit_files: the regular files it opened and did not close, their
                # filps a grace period later (kernel/file_table.py FILE_LIFE)
                ft.exit_files(tsk)
            tsk.fd_view = None      # exit_files: its descriptors are closed
            pwd = tsk.pwd
            if pwd is not None:                 # exit_fs: path_put(&fs->pwd)
                tsk.pwd = None
                k.path_put(pwd)
            if k.design.late_frees:
                # exit_files → put_files_struct, exit_fs → free_fs_struct: the
                # files_struct and fs_struct freed here, on the exiting task's CPU
                objs, tsk.exit_slab = tsk.exit_slab, None
                if objs is not None:
                    k.slab.kmem_cache_free_held(objs)
            k.remote.task_exit(tsk)
            self.cgroup_exit(tsk)
            tsk.state = "zombie"
            k.sched.task_dead(tsk)
            tsk.exit_code = code if signal is None else 128 + signal
            tsk.exit_signal = signal
            if signal is not None:
                self.nr_killed += 1
            self.release_task_stack(tsk)
            if not k.design.late_frees:     # its task structures: after the exit, here
                for objs in self._take_task_slab(tsk):
                    k.clock.call_rcu(self._free_task_struct, tsk.cpu, objs, None, cpu=tsk.cpu)
        finally:
            k.current = old
        parent = tsk.parent
        if parent is not None:
            # exit_notify → do_notify_parent: SIGCHLD to the parent, counted (a
            # shell's CHLD trap runs once for each child it reaps: jobs.c waitchld)
            parent.chld_notified += 1
        # exit_notify: its children go to the reaper; a child of init is reaped
        # at once (init waits for any child: systemd, the guests' busybox sh), its
        # task structures then freed after the final switch, on its own CPU
        if tsk.children:
            self.forget_original_parent(tsk)
        if tsk.parent is k.init:
            self.release_task(tsk, tsk.cpu)

    def cgroup_exit(self, tsk: Task) -> None:
        """``cgroup_exit`` (kernel/cgroup/cgroup.c, v5.10 and v6.1): the exiting task
        leaves its css_set's task list (its cgroups no longer count it: populated,
        cgroup.procs, rmdir allowed) but keeps ``task->cgroups`` until ``cgroup_free``
        (``__put_task_struct``, once it is reaped: :meth:`release_task`): the
        css_set's references keep its csses, and through them its cgroups, from
        being freed (kernel/css_set.py). A cgroup removed under an unreaped zombie
        stays dying (/proc/cgroups, cgroup.stat) until the zombie is reaped."""
        k = self.k
        pid = tsk.pid
        for cgrp in tsk.cgroups.values():
            cgrp.tasks.pop(pid, None)
            k.cgroup_populated_changed(cgrp)

    def forget_original_parent(self, tsk: Task) -> None:
        """``forget_original_parent``: each child of the exiting ``tsk`` gets the
        reaper ``find_new_reaper`` picks, the pid namespace's init (the model has
        no ``PR_SET_CHILD_SUBREAPER``), which reaps the zombies among them
        (``reparent_leader`` → ``do_notify_parent``) and the others when they
        exit (kernel/exit.c, 5.10 and 6.1)."""
        reaper = self.k.init
        if reaper.children is None:
            reaper.children = {}
        children = tsk.children or {}
        for child in children.values():
            child.parent = reaper
            reaper.children[child.pid] = child
        zombies = [c for c in children.values() if c.state == "zombie"]
        tsk.children = None
        for child in zombies:               # by the exiting task (exit_notify)
            self.release_task(child, tsk.cpu)

    def release_task(self, tsk: Task, cpu: int | None = None) -> None:
        """``release_task`` of a zombie (its parent's ``wait``): its pid is
        uncharged (``cgroup_release`` → ``pids_release``) and freed, it leaves
        its parent's children (``__unhash_process``), and its task structures
        go after a grace period: ``put_task_struct_rcu_user`` →
        ``call_rcu(delayed_put_task_struct)``, queued by the last of
        ``release_task`` and the exit's final context switch
        (``finish_task_switch``). A child of init is reaped at its exit, before
        that switch, on its own CPU (``cpu``); a parent's ``wait`` mostly comes
        after it, the free then on the parent's CPU, else on the dead task's
        (``Sched.dead_switch_after_reap``) (kernel/exit.c, kernel/sched/core.c,
        v5.10 and v6.1)."""
        if tsk.state != "zombie":
            return
        k = self.k
        reaped = cpu is None
        p = tsk.parent
        if p is not None:
            # wait_task_zombie: the reaper's signal->cmin_flt gains the child's own
            # faults and its reaped children's (kernel/exit.c, v5.10 and v6.1)
            p.cmin_flt += tsk.min_flt + tsk.cmin_flt
            p.cmaj_flt += tsk.maj_flt + tsk.cmaj_flt
            if tsk.rusage:
                m = tsk.maxrss if tsk.maxrss > tsk.cmaxrss else tsk.cmaxrss
                if m > p.cmaxrss:
                    p.cmaxrss = m
        if cpu is None:         # the parent's wait (wait_task_zombie)
            cpu = p.cpu if p is not None else tsk.cpu
            if self.lazy_mm[cpu] is not None:
                # the parent runs there: its switch in dropped what the CPU's lazy
                # TLB mm was (an exited child's, on this CPU: finish_task_switch)
                self.finish_task_switch(cpu)
        sighand, tsk.sighand = tsk.sighand, None
        if sighand is not None:
            # __exit_signal → __cleanup_sighand: kmem_cache_free at once, here
            self.k.slab.kmem_cache_free_held(sighand, self.k.kworkers[cpu])
        objs, tsk.slab = tsk.slab, None
        cred, tsk.cred = tsk.cred, None
        # __exit_signal → __unhash_process → detach_pid → free_pid:
        # call_rcu(delayed_put_pid) here; proc_flush_pid: the /proc/PID dentries
        # and inodes its lookups made, each freed a grace period later here
        # (dentry_free → call_rcu(__d_free), destroy_inode → call_rcu(i_callback),
        # 6.1's security_inode_free → call_rcu(inode_free_by_rcu)); then
        # put_task_struct_rcu_user, the last of the two puts queueing
        # delayed_put_task_struct: when the dead task's final switch comes after this
        # reap, on its CPU (kernel/exit.c release_task, kernel/pid.c free_pid,
        # fs/dcache.c dentry_free, fs/inode.c destroy_inode, v5.10 and v6.1)
        last = tsk.cpu if reaped and (objs is not None or cred is not None) \
            and k.sched.dead_switch_after_reap(tsk, cpu) else cpu
        proc = tsk.proc
        if EXIT_RCU_FREES:
            if proc is not None:
                tsk.proc = None
                k.clock.call_rcu(k.slab.kmem_cache_free_held, proc, k.kworkers[cpu], cpu=cpu)
            elif last != cpu:
                # the pid's own grace period, on the reaper's CPU (its struct pid is
                # one of the task structures the model frees: one record); on the
                # same CPU as the task's free it shares that one's
                k.clock.call_rcu(_delayed_put_pid, cpu=cpu)
        if objs is not None or cred is not None:
            k.clock.call_rcu(self._free_task_struct, last, objs, cred, cpu=last)
        tsk.state = "dead"
        k.pids.release(tsk)
        if proc is not None and tsk.proc is not None:   # without EXIT_RCU_FREES: at once
            tsk.proc = None
            k.slab.kmem_cache_free_held(proc)
        cset, tsk.cgroups = tsk.cgroups, NO_CSS_SET
        k.csets.put_css_set(cset)               # cgroup_free: put_css_set
        k.tasks.pop(tsk.pid, None)
        parent = tsk.parent
        if parent is not None and parent.children:
            parent.children.pop(tsk.pid, None)

    @staticmethod
    def _take_task_slab(tsk: Task) -> list[SlabObjs]:
        """The task's structures not freed yet, taken from it (all at once: an
        unwound fork, or ``late_frees`` off)."""
        out = tsk.task_records()
        tsk.slab = tsk.sighand = tsk.exit_slab = None
        return out

    def _free_task_struct(self, cpu: int, objs: SlabObjs | None,
                          cred: SlabObjs | None) -> None:
        """``delayed_put_task_struct`` on ``cpu``: the task structures go back to
        slab (``__put_task_struct`` → ``free_task``), its exec'd cred is put
        (``exit_creds`` → ``__put_cred``: freed a grace period later, :meth:`_put_cred_rcu`)."""
        if objs is not None:
            self._free_task_security(objs, cpu)     # __put_task_struct, then free_task
            self.k.slab.kmem_cache_free_held(objs, self.k.kworkers[cpu])
        if cred is not None:
            self.k.clock.call_rcu(self._put_cred_rcu, cpu, cred, cpu=cpu)

    def _task_blob_cache(self) -> Any:
        """The kmalloc cache of a task's LSM blob (``security_task_alloc`` →
        ``lsm_task_alloc``: ``kzalloc(blob_sizes.lbs_task, GFP_KERNEL)``, not
        accounted; ``ReleaseSizes.task_security_blob``), False if the release has
        none traced; kept in ``_task_blob``."""
        size = self.k.sizes.task_security_blob()
        c = self._task_blob = self.k.slab.kmalloc_plain(size) if size else False
        return c

    def _free_task_security(self, objs: SlabObjs, cpu: int) -> None:
        """``security_task_free``'s ``kfree(task->security)`` on ``cpu``, where
        ``objs`` is the task's first structures record (``__put_task_struct``, before
        ``free_task``)."""
        pl = self.task_security.pop(id(objs), None)
        if pl is not None:
            # KmemCache.unplace_one, a frozen slab's count written out
            blob = self._task_blob
            blob.nr_structs -= 1
            sl = blob.slub
            if type(pl) is int and IS_FROZEN[sl.where[pl]]:
                sl.inuse[pl] -= 1
            else:
                sl.free(cpu, ((pl, 1),) if type(pl) is int else pl)

    # -------------------------------------------------------------- migrate
    def attach(self, tsk: Task, dst) -> None:
        """``cgroup_attach_task`` into ``dst``; on v1 with ``move_charge_at_immigrate``
        the memory controller moves the task's anon charges
        (``mem_cgroup_can_attach``/``mem_cgroup_move_charge``); a precharge that fails
        fails the write with -ENOMEM and nothing moves. Kernel memory never moves;
        cgroup v2 never moves charges."""
        k = self.k
        k.clock.tick(ATTACH_COST_NS)    # first: the moved task may run meanwhile
        root = dst.root
        src = tsk.cgroups.get(root)
        if src is dst or tsk.state not in ALIVE_STATES:     # not tsk.alive
            return
        src_memcg = k.task_memcg(tsk)
        targets = None
        if not root.is_dfl and "memory" in root.subsys:
            dst_memcg: Any = k.cgroups.memory_css_of(dst)     # a MemCgroup
            move = dst_memcg.move_charge_at_immigrate
            if move and tsk.mm is not None and src_memcg is not dst_memcg:
                targets = self.mem_cgroup_can_attach(tsk, src_memcg, dst_memcg, move)
        k.pids.attach(tsk, src, dst)  # type: ignore[arg-type]
        # cgroup_migrate_prepare_dst: the destination css_set (found or made), then
        # cgroup_migrate_execute/_finish: the task moves, its old css_set is put
        cset = k.csets.find_css_set(tsk.cgroups, dst)
        src.tasks.pop(tsk.pid, None)  # type: ignore[union-attr]
        dst.tasks[tsk.pid] = tsk
        k.csets.migrate(tsk, cset)
        if root is k.freezer.root:
            k.freezer.attach(tsk, dst)
        if tsk.shdpending:
            k.signals_at_thaw(tsk)      # moved out of a freezer: what it was sent acts
        k.cgroup_populated_changed(src)
        k.cgroup_populated_changed(dst)
        if targets:
            self.mem_cgroup_move_charge(targets, src_memcg, dst_memcg)

    def mc_swap_targets(self, mm, frm, move: int) -> tuple[list, list]:
        """The swap entries in ``mm``'s page tables that ``mem_cgroup_count_precharge``
        counts (``get_mctgt_type`` → ``mc_handle_swap_pte``, MOVE_ANON, with memsw
        accounting: cgroup1): an entry whose page is in the swap cache is that page
        (MC_TARGET_PAGE if charged to ``frm``), else an entry recording ``frm``'s ID
        (``lookup_swap_cgroup_id``) is MC_TARGET_SWAP (mm/memcontrol.c, v5.10 and
        v6.1). Returns (the cached pages, the entries)."""
        k = self.k
        if not (move & 1) or not k.do_memsw_account or not mm.swap:
            return [], []
        swap = k.swap
        cache, record = swap.cache, swap.record
        data = k.mem_map.memcg_data
        word = k.memcg.lru_word(frm)
        pages, entries = [], []
        for e in mm.swap:
            pfn = cache.get(e)
            if pfn is not None:
                if data[pfn] == word and pfn not in mm.anon:
                    pages.append(pfn)
            elif record.get(e) is frm:
                entries.append(e)
        return pages, entries

    def mem_cgroup_can_attach(self, tsk: Task, frm, to, move: int = 1) -> list:
        """``mem_cgroup_can_attach`` → ``mem_cgroup_precharge_mc``: count the task's
        pages charged to ``frm`` (``mem_cgroup_count_precharge``): its anon pages
        with ``move`` bit 0 (``MOVE_ANON``), its binary's page-cache pages with bit 1
        (``MOVE_FILE``: kernel/initramfs.py, the guests' layout only), and precharge
        ``to`` for them in the writer's context (``mem_cgroup_do_precharge``: the lot
        at once without direct reclaim, then page by page with ``__GFP_NORETRY``:
        reclaim but no OOM killer). A failed charge cancels what was precharged
        (``__mem_cgroup_clear_mc``) and fails the attach with -ENOMEM
        (mm/memcontrol.c, v5.10 and v6.1). The swap entries of bit 0 are counted
        too (:meth:`mc_swap_targets`). Returns the pages to move, ending with
        :data:`SWAP_TARGETS` when entries move as well."""
        data = self.k.mem_map.memcg_data
        word = self.k.memcg.lru_word(frm)
        anon = tsk.mm.anon if move & 1 else []  # type: ignore[union-attr]
        if len(anon) > 1:
            # the pages' words read and compared in C: usually all of frm's or none
            words = itemgetter(*anon)(data)
            n = words.count(word)
            if n == len(anon):
                targets = list(anon)
            elif not n:
                targets = []
            elif n * 2 <= len(anon):
                # a few of frm's among many (the shell moving back to the root
                # with a handful of a hundred pages): each found by the tuple's
                # index in C, from the one before
                targets = []
                at = words.index
                i = -1
                for _ in range(n):
                    i = at(word, i + 1)
                    targets.append(anon[i])
            else:
                targets = [pfn for pfn, w in zip(anon, words) if w == word]
        else:
            targets = [pfn for pfn in anon if data[pfn] == word]
        if move & MOVE_FILE and self.initramfs.active():
            targets += [pfn for pfn in self.initramfs.mapped_pages(tsk.mm)  # type: ignore[arg-type]
                        if data[pfn] == word]
        n = len(targets)
        if tsk.mm.swap:  # type: ignore[union-attr]
            cached, entries = self.mc_swap_targets(tsk.mm, frm, move)
            targets += cached
            n = len(targets) + len(entries)
            if entries:
                self.mc_swap = entries
                targets.append(SWAP_TARGETS)
        if not n:
            return targets
        mc = self.k.memcg
        if mc.try_charge(to, n, may_reclaim=False):
            return targets
        for done in range(n):
            if not mc.try_charge(to, 1, noretry=True):
                mc.cancel_charge(to, done)
                self.mc_swap = []
                raise OSError(errno.ENOMEM, "Cannot allocate memory")
        return targets

    def mem_cgroup_move_swap(self, entries: list, frm, to) -> None:
        """The MC_TARGET_SWAP entries moved (``mem_cgroup_move_charge_pte_range`` →
        ``mem_cgroup_move_swap_account``: ``swap_cgroup_cmpxchg`` of the recorded ID,
        MEMCG_SWAP from ``frm`` to ``to``, an ID reference on ``to``), then
        ``__mem_cgroup_clear_mc``'s fixup: ``frm``'s memsw uncharged and its ID
        references put, and ``to``'s memory counter uncharged (the precharge took
        memory and memsw; a swap entry pays memsw only) (mm/memcontrol.c, v5.10 and
        v6.1)."""
        k = self.k
        mc = k.memcg
        record = k.swap.record
        n = 0
        for e in entries:
            if record.get(e) is frm:
                record[e] = to
                n += 1
        left = len(entries) - n     # freed meanwhile: their precharge cancelled
        if left:
            mc.cancel_charge(to, left)
        if not n:
            return
        mc.mod_memcg_state(frm, MEMCG_SWAP, -n)
        mc.mod_memcg_state(to, MEMCG_SWAP, n)
        to.id_ref += n              # mem_cgroup_id_get_many(mc.to, 1) each
        root = mc.root_mem_cgroup
        if frm is not root:
            frm.memsw.uncharge(n)
        mc.mem_cgroup_id_put(frm, n)
        if to is not root:
            to.memory.uncharge(n)

    def mem_cgroup_move_charge(self, targets: list, frm, to) -> None:
        """``mem_cgroup_move_charge`` (``mem_cgroup_move_task``): the precharged pages'
        accounts move to ``to``, then ``frm`` is uncharged."""
        k = self.k
        mc = k.memcg
        mm = k.mem_map
        if targets[-1] is SWAP_TARGETS:
            targets.pop()
            self.mem_cgroup_move_swap(self.mc_swap, frm, to)
            self.mc_swap = []
            if not targets:
                k.memcg_oom.memcg_oom_recover(frm)
                k.memcg_oom.memcg_oom_recover(to)
                return
        n = len(targets)
        # usually the pages are of one kind: moved as one list
        kinds = itemgetter(*targets)(mm.kind) if n > 1 else (mm.kind[targets[0]],)
        if kinds.count(kinds[0]) == n:
            mc.mem_cgroup_move_accounts(targets, frm, to)
        else:
            for kind in sorted(set(kinds)):
                mc.mem_cgroup_move_accounts(
                    [p for p, kd in zip(targets, kinds) if kd == kind], frm, to)
        # the binaries' pages some process maps move their NR_FILE_MAPPED too
        mc.move_file_mapped(frm, to, self.initramfs.count_mapped(targets), k.current.cpu)
        mc.cancel_charge(frm, n)
        # mem_cgroup_clear_mc
        k.memcg_oom.memcg_oom_recover(frm)
        k.memcg_oom.memcg_oom_recover(to)
