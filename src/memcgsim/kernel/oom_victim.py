"""An OOM victim's way out, on the clock. The SIGKILL the memcg OOM killer sends a
task other than the charging one is a signal like ``kill(2)``'s (kernel/signal.py,
:meth:`memcgsim.machine.Kernel.oom_kill_task`): the victim, woken where
``select_task_rq_fair`` places it, dies when it next runs there, and its pages stay
charged until then. Meanwhile every other charger that meets the limit goes round
``try_charge``'s reclaim rounds, each taking time (:data:`MEMCG_RECLAIM_ROUND_NS`),
and every ``MAX_RECLAIM_RETRIES`` + 1 rounds ``mem_cgroup_oom`` again: MEMCG_OOM,
then ``mem_cgroup_out_of_memory`` → ``out_of_memory`` → ``select_bad_process`` →
``oom_evaluate_task`` finds the victim (``tsk_is_oom_victim``, its mm without
MMF_OOM_SKIP, which ``exit_mmap`` sets once its pages are unmapped) and aborts
(``oc->chosen = -1``: no kill, ``out_of_memory`` true), until the victim has exited
(mm/oom_kill.c, mm/mmap.c ``exit_mmap``, mm/memcontrol.c ``try_charge`` (5.10.262)
/ ``try_charge_memcg`` (6.1.192)).

**The victim's** ``exit_mmap`` **takes time** (docs/fidelity.md item 190): its
areas unmapped (``unmap_vmas``), then the gathered pages freed and uncharged
(``tlb_finish_mmu``, :data:`FREE_BATCH_PAGES` entries at a time, each batch uncharged
as it is freed), at :data:`EXIT_MMAP_UNMAP_NS` and :data:`EXIT_MMAP_FREE_NS` a
page-table entry (a small page, or a huge page's PMD), after ``do_exit``'s own time
(kernel/signal.py). MMF_OOM_SKIP, which
ends ``oom_evaluate_task``'s abort (the victim is then passed over and the next
task can be chosen), is set between the two on 6.1 and after the pages are freed
on 5.10 (``KernelDesign.oom_skip_before_free``). ``memory_max_write``'s loop
(kernel/vmscan.py) goes round every :data:`MEMCG_OOM_PASS_NS` meanwhile, counting
MEMCG_OOM each time. Traced with tools/sizes/oom-max-loop-trace.sh (recordings
tools/sizes/recordings/oom-max-loop-trace--K-Ncpu.txt); the earlier
tools/sizes/exit-mmap-cost.sh measured ``exit_mmap`` of exiting subshells
(0.33 ms with 58 resident pages, 0.8-1.2 ms with 1,467).

**Its swap entries take their time too** (docs/fidelity.md item 396): every
victim's (a charge's or the loop's), :data:`EXIT_SWAP_ENTRY_NS` an entry of its
page tables, within the unmap (so before MMF_OOM_SKIP on both kernels); a victim
whose pages are not timed (a charge's: their THPs, item 190) frees them at its
death. Traced with tools/sizes/oom-swap-exit-trace.sh. A victim whose mm another
user holds (swapoff's ``try_to_unuse``: kernel/fork.py ``Processes.mmget``) takes
none: its ``exit_mmap`` waits for that user's ``mmput`` (item 397).

Not modelled:

- the victim that is the charging task itself (it dies on its return from the
  fault, at once): its ``exit_mmap`` against the other chargers' rounds.

- which of a victim's pages are huge where the model's are small: the guests
  back 8 of the 12 MiB of bash's string with four 2 MiB pages, the model's
  shell heap only where its areas are ``mmap``'d (kernel/mmap.py).
- the OOM reaper (``oom_reap_task_mm``): no oom:wake_reaper event in any traced
  run (6.1 delays it 2 s, ``OOM_REAPER_DELAY``: Linux commit e4a38402c36e
  ("oom_kill.c: futex: Delay the OOM reaper to allow time for proper futex
  cleanup") (in v5.18); the 5.10 guest likewise).
- the OOM report's time under ``oom_lock`` (8-20 ms on the guests, mostly the
  serial console: the other chargers wait on the mutex, counting nothing
  meanwhile, and the victim, signalled after the report, exits during the next
  report's), and the victim's own charge in progress when it is chosen (its
  rounds, then its exit).
"""
from __future__ import annotations

#: One round of ``try_charge``'s loop that reclaims nothing (an anon-only memcg
#: without swap): ``try_to_free_mem_cgroup_pages`` entry to return, 0.02-0.03 ms in
#: 73 of part B's 98 rounds on the 2-CPU 5.10 guest; 0.17-0.18 ms (head) and under
#: 5 µs (the reader) on 6.1; the first round of a charge, and rounds that met a
#: lock, took 3-41 ms
MEMCG_RECLAIM_ROUND_NS = 25_000

#: One pass of ``memory_max_write``'s OOM loop that finds the exiting victim
#: (``memcg_memory_event(MEMCG_OOM)``, ``mem_cgroup_out_of_memory``: ``oom_lock``,
#: the margin, ``select_bad_process`` aborting on the victim): 10.2 µs a pass on
#: the 6.1 guest (passes 2 to 116 of one write) and 12.2 µs on 5.10 (passes 2 to
#: 550), 2 CPUs, four kprobes a pass included (tools/sizes/oom-max-loop-trace.sh)
MEMCG_OOM_PASS_NS = 11_000
#: ``exit_mmap``'s ``unmap_vmas`` and ``tlb_finish_mmu`` a page-table entry of an
#: OOM victim (a small page, or a huge page's PMD: ``zap_huge_pmd``): 778 and 760 µs
#: for bash's 1,350 entries (``release_pages`` of 8 + 510 + 510 + 322: its 11,928 kB
#: of anon, four 2 MiB of them huge, and 1,604 kB of shmem) in the undisturbed 6.1
#: trace; 5.10's reap of the same took 1.5 ms besides a 2.8 ms stall of the
#: emulator (tools/sizes/oom-max-loop-trace.sh)
EXIT_MMAP_UNMAP_NS = 576
EXIT_MMAP_FREE_NS = 563
#: ``exit_mmap``'s time a swap entry of an OOM victim takes (``zap_pte_range`` of a
#: swap pte → ``free_swap_and_cache``: the entry's count, the swap cache's page if
#: no one maps it, the slot to the per-CPU slot cache, its swap charge at the
#: cache's flush): the median of four victims' ``exit_mmap`` less their resident
#: entries' time (:data:`EXIT_MMAP_UNMAP_NS` + :data:`EXIT_MMAP_FREE_NS`), over their
#: swap entries: 42, 181 µs (5.10: 76 ms for 1,755 entries, 379 ms for 2,086) and
#: 157, 15 µs (6.1: 260 ms and 29 ms for about 1,650 and 1,850), novel-v2-swap-max-
#: lowered's tail killed while the producer charged, the spread the loaded host's
#: (both kernels' runs cross: no kernel difference shows). ``memcgsim oracle
#: tools/sizes/oom-swap-exit-trace.sh --kernel K --cgroup v2``, recordings
#: tools/sizes/recordings/oom-swap-exit-trace--K*.txt (-fsc: with a kprobe on every
#: ``free_swap_and_cache``, 1,726 calls in 231 ms on 5.10, 2,430 in 272 ms on 6.1);
#: docs/fidelity.md item 396
EXIT_SWAP_ENTRY_NS = 99_500
#: ``tlb_finish_mmu`` frees the gathered pages a batch at a time
#: (``tlb_batch_pages_flush`` → ``free_pages_and_swap_cache`` → ``release_pages``,
#: each uncharging its pages): the traced victims' batches held 510 entries
#: (``MAX_GATHER_BATCH``: a page of pointers less the batch header, x86-64)
FREE_BATCH_PAGES = 510


def exit_mmap_ns(entries: int) -> tuple[int, int]:
    """How long an OOM victim's ``exit_mmap`` takes to unmap its areas and then to
    free its pages, by their page-table ``entries`` (ns, at the kernel's pace)."""
    return entries * EXIT_MMAP_UNMAP_NS, entries * EXIT_MMAP_FREE_NS


def gather_batches(pfns: list[int], heads: set[int]) -> list[tuple[int, list[int]]]:
    """``pfns`` as ``tlb_finish_mmu`` frees them: batches of up to
    :data:`FREE_BATCH_PAGES` entries, a huge page (its head in ``heads``, its 512
    pages after it) one entry; each batch with its count of entries."""
    from .mmap import HPAGE_PMD_NR  # mmap imports the scheduler, which imports this
    batches: list[tuple[int, list[int]]] = []
    cur: list[int] = []
    n = i = 0
    while i < len(pfns):
        step = HPAGE_PMD_NR if pfns[i] in heads else 1
        cur.extend(pfns[i:i + step])
        i += step
        n += 1
        if n == FREE_BATCH_PAGES:
            batches.append((n, cur))
            cur, n = [], 0
    if cur:
        batches.append((n, cur))
    return batches


def pte_entries(pages: int, anon: list[int], heads: set[int]) -> int:
    """The page-table entries that map ``pages`` resident pages, the huge pages among
    ``anon`` (their heads in ``heads``) one each."""
    from .mmap import HPAGE_PMD_NR
    huge = len(heads.intersection(anon)) if heads else 0
    return pages - huge * (HPAGE_PMD_NR - 1)
