"""Where a process's own mappings go, and the page tables their place costs
(arch/x86/mm/mmap.c, mm/memory.c, mm/mmap.c; the same in v5.10 and v6.1).

``execve`` → ``setup_new_exec`` → ``arch_pick_mmap_layout`` puts the top of the
mmap region (``mm->mmap_base``, where ``mmap`` hands out addresses top-down) below
the stack by ``mmap_base``'s gap (the stack rlimit, 8 MiB, plus
``stack_maxrandom_size``, 16 GiB less a page, plus ``stack_guard_gap``, 1 MiB) and a
random ``arch_mmap_rnd`` of ``mmap_rnd_bits`` (28 in both guests' configs:
``CONFIG_ARCH_MMAP_RND_BITS=28``) pages: 0 to 1 TiB lower. The guests' programs are
static (busybox, bash): nothing is in that region until the program maps something
itself (busybox dd's block buffer, ``alloc_buf`` → ``xmmap_anon``; glibc malloc's
chunks past its mmap threshold). The binary, its heap and the stack (with the vDSO,
``vdso_addr``) already have their page tables; the region's first fault takes a PMD
page (``__pmd_alloc``, 1 GiB: the stack's never reaches that low) and a PTE page
(``pte_alloc_one``), both with ``NR_PAGETABLE``, and a PUD page (``__pud_alloc``, no
ctor) when the region lies in another 512 GiB slot than the stack's
(:func:`region_apart`), charged in that order to the faulting task's memcg
(GFP_PGTABLE_USER). Traced on both guests (tools/sizes/stock_trace.py ``--mm`` on
v1-hier-limits' jobs: each busybox dd of ``bs=64k`` charged ``__pmd_alloc`` and
``pte_alloc_one`` under ``read_zero``'s ``clear_user`` into its buffer, and a
``__pud_alloc`` before them in 4 of the 6 (6.1 and 5.10 at 1 CPU, 6.1 at 4: recordings
tools/sizes/recordings/v1-hier-limits-*mm*); docs/fidelity.md item 155).
``free_pgtables`` frees them when the region's last mapping goes (``munmap``: no
other VMA between the heap and the stack), else ``exit_mmap`` with the others.
The draw is the model's own seeded stream; a fork's child keeps its parent's
layout (``dup_mm`` copies ``mmap_base``).
"""
from __future__ import annotations

import random
from typing import TYPE_CHECKING

from .page_alloc import PG_PGDIR, PG_PGTABLE
from .pgtable import add_pgtables, pte_free
from .vmstat import PAGE_SIZE

if TYPE_CHECKING:
    from . import KernelCore
    from .fork import Mm, Task

#: ``task_size_64bit(0)``: ``DEFAULT_MAP_WINDOW``, the 47-bit user space (also under
#: five-level paging, without an address hint)
DEFAULT_MAP_WINDOW = (1 << 47) - PAGE_SIZE
#: ``mmap_rnd_bits`` (CONFIG_ARCH_MMAP_RND_BITS, both guests' configs)
MMAP_RND_BITS = 28
#: ``mmap_base``'s gap: ``RLIMIT_STACK`` (8 MiB, the guests' init), ``stack_maxrandom_size``
#: (``__STACK_RND_MASK`` 0x3fffff pages) and ``stack_guard_gap`` (256 pages)
MMAP_GAP = (8 << 20) + (0x3fffff << 12) + 256 * PAGE_SIZE
#: a PUD page maps 512 GiB (``PGDIR_SHIFT`` 39 under four levels, ``P4D_SHIFT`` under five)
PUD_SLOT_SHIFT = 39
#: the region's PMD and PTE pages (``NR_PAGETABLE``)
REGION_NR_PAGETABLE = 2
#: the stack's 512 GiB slot: it lies within ``stack_maxrandom_size`` below the window's top
STACK_SLOT = (DEFAULT_MAP_WINDOW - 1) >> PUD_SLOT_SHIFT


def region_apart(rnd_pages: int) -> bool:
    """Whether the mmap region's top (``mmap_base``, its first mapping just below)
    lies in another 512 GiB slot than the stack: it needs a PUD page of its own."""
    base = DEFAULT_MAP_WINDOW - MMAP_GAP - (rnd_pages << 12)
    return (base - 1) >> PUD_SLOT_SHIFT != STACK_SLOT


class MmapLayout:
    """The mmap region's placement per exec and its page tables."""
    __slots__ = ("k", "rng")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: ``get_random_long`` for ``arch_mmap_rnd``: a stream of its own (seeded),
        #: so that the other draws stay as they were
        self.rng = random.Random(kernel.seed ^ 0x6D6D6170)

    def pick(self) -> bool:
        """``arch_pick_mmap_layout`` of an exec: :func:`region_apart` of its draw."""
        return region_apart(self.rng.getrandbits(MMAP_RND_BITS))

    def populate(self, tsk: "Task") -> bool:
        """The region's first fault in ``tsk``'s context: its PUD (when apart), PMD
        and PTE pages charged one by one to the task's memcg, ``NR_PAGETABLE`` for
        the last two. False (``VM_FAULT_OOM``) when a charge fails: those charged
        go back (the kernel keeps an upper page it got until exit: not modelled)."""
        k = self.k
        mm = tsk.mm
        if mm is None:
            return False
        mem_map = k.mem_map
        now = k.clock.now_ns
        upper = mem_map.alloc_many(PG_PGDIR, tsk.pid, now, 1) if mm.mmap_apart else []
        low = mem_map.alloc_many(PG_PGTABLE, tsk.pid, now, REGION_NR_PAGETABLE)
        pfns = upper + low
        mc = k.memcg
        if k.design.pgtables_accounted:
            prev_current, k.current = k.current, tsk     # k.running(), written out
            try:
                done = mc.memcg_kmem_charge_pages(pfns)
            finally:
                k.current = prev_current
            if done < len(pfns):
                mem_map.free_many(pfns[done:])
                if done:
                    mc.memcg_kmem_uncharge_pages(pfns[:done], free=True, stock=False)
                return False
        add_pgtables(k, mm, low)
        mm.upper += upper
        mm.mmap_tables = len(pfns)
        return True

    def release(self, mm: "Mm") -> None:
        """``free_pgtables`` once the region's last mapping is gone: its PTE and PMD
        pages (the newest of ``mm.pgtables``, as :func:`~.pgtable.pte_free` takes
        them) and its PUD through the mmu_gather (the counters at once, no stock)."""
        n = mm.mmap_tables
        if not n:
            return
        pte_free(self.k, mm, REGION_NR_PAGETABLE)
        if n > REGION_NR_PAGETABLE:
            pud = mm.upper[-1:]
            del mm.upper[-1:]
            self.k.memcg.memcg_kmem_uncharge_pages(pud, free=True, stock=False)
        mm.mmap_tables = 0
