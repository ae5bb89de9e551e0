"""The PTE pages of a process's anonymous memory beyond its program's image
(mm/memory.c, mm/mmap.c; the same in v5.10 and v6.1).

A fault on an address whose 2 MiB range (``PMD_SIZE``) has no PTE page yet takes one
first: ``do_anonymous_page`` → ``pte_alloc`` → ``__pte_alloc`` → ``pte_alloc_one``
(x86's ``__pte_alloc_one`` with GFP_PGTABLE_USER, __GFP_ACCOUNT: charged to the
faulting task's memcg; ``pgtable_pte_page_ctor`` adds ``NR_PAGETABLE``, memory.stat
``pagetables``, /proc/meminfo PageTables; ``pmd_install`` → ``mm_inc_nr_ptes``,
/proc/PID/status VmPTE). Before the page's own charge. ``fork``'s
``copy_page_range`` → ``copy_pte_range`` → ``pte_alloc_map_lock`` gives the child
one for each range the parent has populated (``Processes.fork`` copies the parent's
count); ``munmap``'s ``unmap_region`` → ``free_pgtables`` frees those of the ranges
no mapping is left in, ``exit_mmap`` → ``free_pgtables`` all of them.

What the model places where: each named area (``[heap]``, ``[stack]``, ``[data]``;
``kernel/mmap.py``) starts on a 2 MiB boundary, its first 2 MiB mapped by the
image's PTE pages (``ProgramImage.pgtable_pages``), each further 2 MiB taking a PTE
page at its first fault; the program's own mappings (``Processes.fault_anon``) are
one area from a 2 MiB boundary of ``Mm.map_pages`` pages, ``nr_ptes`` of them. PMD
pages (one per 1 GiB, ``__pmd_alloc``) are not added there: the image's cover the
guests' 1 GiB of RAM. An ``mmap``'d area's first 2 MiB are mapped by the mmap
region's own PMD and PTE pages (and PUD), taken at the region's first fault
(kernel/mmap_layout.py).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, TypeVar

from .page_alloc import PG_PGTABLE
from .vmstat import NR_PAGETABLE

if TYPE_CHECKING:
    from . import KernelCore
    from .fork import Mm, Task

#: arch/x86/include/asm/pgtable_64_types.h: entries of a PTE page (4 KiB pages
#: of 2 MiB, ``PMD_SIZE``)
PTRS_PER_PTE = 512
PMD_SHIFT_PAGES = 9

R = TypeVar("R")


def nr_ptes(nr_pages: int) -> int:
    """PTE pages mapping ``nr_pages`` from a 2 MiB boundary."""
    return -(-nr_pages // PTRS_PER_PTE)


def pte_alloc(k: "KernelCore", tsk: "Task") -> bool:
    """``__pte_alloc`` in ``tsk``'s fault: one page-table page charged to its memcg
    (``pte_alloc_one``), ``NR_PAGETABLE`` added; False if the charge fails
    (``VM_FAULT_OOM``)."""
    mm = tsk.mm
    if mm is None:
        return False
    mem_map = k.mem_map
    pfns = mem_map.alloc_many(PG_PGTABLE, tsk.pid, k.clock.now_ns, 1)
    if k.design.pgtables_accounted:
        prev_current, k.current = k.current, tsk  # k.running(), written out
        try:
            if not k.memcg.memcg_kmem_charge_pages(pfns):
                mem_map.free_many(pfns)
                return False
        finally:
            k.current = prev_current
    add_pgtables(k, mm, pfns)
    return True


def add_pgtables(k: "KernelCore", mm: "Mm", pfns: list[int]) -> None:
    """PTE or PMD pages ``pfns`` just charged to one memcg, now ``mm``'s:
    ``NR_PAGETABLE`` added (``pgtable_pte_page_ctor``/``_pmd_``); an mm whose
    page tables now sit in two memcgs is noted (``exit_mm`` takes the stat per
    memcg)."""
    pgtables = mm.pgtables
    data = k.mem_map.memcg_data
    if pgtables and data[pgtables[0]] != data[pfns[0]]:
        k.procs.mixed_pgtables.add(mm)
    pgtables += pfns
    k.memcg.mod_lruvec_page_state(pfns[0], NR_PAGETABLE, len(pfns))


def fault_ranges(k: "KernelCore", tsk: "Task", runs: Iterable[tuple[bool, int, R]],
                 fault: Callable[[R], int]) -> int:
    """Faults runs of pages, each inside one 2 MiB range, in order: ``(fresh, n,
    run)``, a fresh range (no PTE page yet) taking one first (``__pte_alloc``), then
    ``fault(run)`` faulting its ``n`` pages and returning how many it did. Stops at
    a failed PTE charge (``VM_FAULT_OOM``) or a short run. A fresh range whose first
    page failed gives its empty PTE page back at once (the kernel keeps it until
    munmap or exit; the model counts PTE pages by populated ranges). Returns the
    pages faulted."""
    mm = tsk.mm
    done = 0
    for fresh, n, run in runs:
        if fresh and not pte_alloc(k, tsk):
            break
        got = fault(run)
        if fresh and not got:
            if tsk.mm is mm and mm is not None:
                pte_free(k, mm, 1)
            break
        done += got
        if got < n:
            break
    return done


def pte_free(k: "KernelCore", mm: "Mm", n: int) -> None:
    """``free_pgtables`` of ``n`` PTE pages of ``mm`` (the newest): ``NR_PAGETABLE``
    taken from each page's memcg, uncharged, freed. On x86 a page-table page goes
    through the mmu_gather (``pte_free_tlb`` → ``___pte_free_tlb`` →
    ``paravirt_tlb_remove_table`` → ``native_tlb_remove_table`` →
    ``tlb_remove_page``; the PMD's and PUD's the same), released with the unmapped
    pages at ``tlb_finish_mmu`` (``release_pages`` → ``mem_cgroup_uncharge_list``
    → ``uncharge_batch``): the counters lowered at once, not the CPU's stock
    (arch/x86/mm/pgtable.c, arch/x86/kernel/paravirt.c, mm/swap.c
    ``release_pages``, v5.10 and v6.1; traced on both guests:
    tools/sizes/recordings/stock-pinned-cpus-trace--K-v2-Ncpu.txt.gz, docs/fidelity.md
    items 69 and 132). Only the PGD, freed by ``__mmdrop``'s ``mm_free_pgd``
    (``free_pages``), is refilled."""
    if n <= 0:
        return
    pfns = mm.pgtables[-n:]
    del mm.pgtables[-n:]
    unaccount_pgtables(k, pfns)
    k.memcg.memcg_kmem_uncharge_pages(pfns, free=True, stock=False)


def unaccount_pgtables(k: "KernelCore", pfns: list[int]) -> None:
    """``pgtable_pte_page_dtor`` of page-table pages: ``NR_PAGETABLE`` less in the
    memcg of each (``page_memcg``: one call per memcg; a task moved since its fault
    has some in another, its mm in ``Processes.mixed_pgtables``)."""
    mc = k.memcg
    data = k.mem_map.memcg_data
    per: dict[int, list[int]] = {}
    for p in pfns:
        per.setdefault(data[p], []).append(p)
    for group in per.values():
        mc.mod_lruvec_page_state(group[0], NR_PAGETABLE, -len(group))


#: The page-table pages ``shift_arg_pages`` takes for an exec's stack at its final
#: place and frees at its first, by paging levels (design ``pgtable_l5``): under
#: five levels the argument stack ``__bprm_mm_init`` puts at ``STACK_TOP_MAX`` (the
#: top of the 57-bit space) lies in another PGD slot than ``STACK_TOP`` (47 bits),
#: so ``move_page_tables`` → ``alloc_new_pud`` takes a P4D, a PUD, then a PMD and a
#: PTE page; under four the two places share their PUD (a PMD and a PTE page). Traced
#: on both guests (tools/sizes/stock_trace.py ``--mm``, recordings
#: tools/sizes/recordings/stock-mm-trace-*: every exec's four ``__p4d_alloc``,
#: ``__pud_alloc``, ``__pmd_alloc``, ``pte_alloc_one`` charges under
#: ``shift_arg_pages`` on 6.1, its ``__pmd_alloc`` and ``pte_alloc_one`` on 5.10,
#: then one ``page_counter_uncharge`` of as many pages; docs/fidelity.md item 145).
SHIFT_ARG_PGTABLES = {True: 4, False: 2}
#: Of those, the PMD and PTE pages (``pgtable_pmd_page_ctor``/``_pte_``: ``NR_PAGETABLE``)
SHIFT_ARG_NR_PAGETABLE = 2


def shift_arg_pgtables(k: "KernelCore", tsk: "Task") -> None:
    """``setup_arg_pages`` → ``shift_arg_pages`` of ``tsk``'s exec: the stack's page
    tables at its final place charged one by one (``move_page_tables``, each
    ``*_alloc_one`` with GFP_PGTABLE_USER), then those at its first place freed by
    ``free_pgd_range`` through the mmu_gather (``tlb_finish_mmu``: the counters at
    once, no stock, as :func:`pte_free`'s) (fs/exec.c ``shift_arg_pages``,
    mm/mremap.c ``move_page_tables``, v5.10 and v6.1). The live count is the
    image's (``ProgramImage.pgtable_pages``); these pass through the CPU's stock and
    the counter: :data:`SHIFT_ARG_PGTABLES` pages. A charge that fails (at the
    memcg's limit, after its reclaim and OOM) frees the pages charged so far; the
    exec goes on (``move_page_tables``' -ENOMEM is not modelled)."""
    if not k.design.pgtables_accounted:
        return
    n = SHIFT_ARG_PGTABLES[k.design.pgtable_l5]
    mem_map = k.mem_map
    pfns = mem_map.alloc_many(PG_PGTABLE, tsk.pid, k.clock.now_ns, n)
    mc = k.memcg
    done = mc.memcg_kmem_charge_pages(pfns, NR_PAGETABLE, SHIFT_ARG_NR_PAGETABLE)
    if done < n:
        mem_map.free_many(pfns[done:])
        if done:
            mc.memcg_kmem_uncharge_pages(pfns[:done], free=True, stock=False)
        return
    mc.memcg_kmem_uncharge_pages(pfns, free=True, stock=False, item=NR_PAGETABLE,
                                 val=-SHIFT_ARG_NR_PAGETABLE)
