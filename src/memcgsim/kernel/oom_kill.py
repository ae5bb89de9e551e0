"""mm/oom_kill.c's global OOM killer: what ``__alloc_pages_may_oom`` calls when the
page allocator's slow path (kernel/vmscan.py :meth:`Vmscan.alloc_pages_slowpath`)
has run out of reclaim.

Read in Linux v6.6.14's mm/oom_kill.c (the stored copy nearest 6.1; the functions
below are unchanged since v5.10 but for the OOM reaper's delay, Linux commit
e4a38402c36e ("oom_kill.c: futex: Delay the OOM reaper to allow time for proper
futex cleanup") (in v5.18)): ``out_of_memory`` → ``constrained_alloc``
(CONSTRAINT_NONE, ``totalpages = totalram_pages() + total_swap_pages``) →
``select_bad_process`` (``for_each_process``: ``oom_evaluate_task`` skips init and
kernel threads, aborts while an earlier victim still has its mm, and takes the
task of the highest ``oom_badness``, a later one on a tie: ``points <
chosen_points`` is skipped) → ``oom_kill_process`` (``dump_header``,
``dump_oom_summary``, ``__oom_kill_process``: OOM_KILL in /proc/vmstat,
MEMCG_OOM_KILL on the victim's memcg and, on cgroup2, its ancestors, SIGKILL,
``mark_oom_victim``). The memcg OOM killer (``CONSTRAINT_MEMCG``) is
:meth:`Vmscan.out_of_memory`; both print through :meth:`Vmscan.kill_process`.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .fork import get_mm_rss, get_mm_swapents, mm_pgtables_pages
from .page_alloc import PG_ANON, PG_FILE, PG_KMEM, PG_SHMEM
from .signum import SIGKILL
from .vmscan import OOM_SCORE_ADJ_MIN

if TYPE_CHECKING:
    from . import KernelCore

#: ``dump_header``'s gfp mask (``%#x(%pGg)``) by the kind of page whose allocation
#: failed: a user page's (``GFP_HIGHUSER_MOVABLE``: anon faults, page cache,
#: shmem), a pipe buffer's (``pipe_write``'s ``alloc_page(GFP_HIGHUSER |
#: __GFP_ACCOUNT)``, as the 6.1 guest printed it for head in
#: tests/conformance/recordings/global-oom-killer--6.1-v2.txt, before the script
#: cuts it), else a kernel allocation's (``GFP_KERNEL``).
GFP_TEXT = {PG_ANON: "0x100cca(GFP_HIGHUSER_MOVABLE)", PG_FILE: "0x100cca(GFP_HIGHUSER_MOVABLE)",
            PG_SHMEM: "0x100cca(GFP_HIGHUSER_MOVABLE)",
            PG_KMEM: "0x500cc2(GFP_HIGHUSER|__GFP_ACCOUNT)"}
GFP_KERNEL = "0xcc0(GFP_KERNEL)"
#: ``select_bad_process``'s answer while an earlier victim is still exiting
#: (``oc->chosen = (void *)-1UL``)
ABORT = object()


def oom_badness(k: "KernelCore", t, totalpages: int) -> int | None:
    """``oom_badness`` (mm/oom_kill.c, v5.10 and v6.1: Linux commit 9066e5cfb73c
    ("mm, oom: make the calculation of oom badness more accurate") (in v5.9)): the
    mm's resident pages, swap entries and page-table pages, plus ``oom_score_adj``
    thousandths of ``totalpages``; None (LONG_MIN) for init, a kernel thread, a task
    without an mm or at OOM_SCORE_ADJ_MIN. The rss is ``get_mm_rss``: its anon
    pages and its binary's file and shmem pages as the mm's counters hold them
    (fork.py :func:`get_mm_rss`)."""
    mm = t.mm
    if t.pid == 1 or t.kthread or mm is None:
        return None
    adj = t.oom_score_adj
    if adj == OOM_SCORE_ADJ_MIN:
        return None
    return (get_mm_rss(mm) + get_mm_swapents(mm) + mm_pgtables_pages(mm)
            + adj * (totalpages // 1000))


#: ``OOM_REAPER_DELAY`` (mm/oom_kill.c): the OOM reaper's timer, 2 s after the kill
#: (``2*HZ``). Linux commit e4a38402c36e ("oom_kill.c: futex: Delay the OOM reaper to
#: allow time for proper futex cleanup") (in v5.18) is in both guests' kernels: the
#: 5.10.262 image's BTF has ``task_struct.oom_reaper_timer`` as 6.1.192's does
#: (``pahole -C task_struct`` of the vmlinux tools/sizes/extract_vmlinux.py takes
#: from each image), and no traced kill woke the reaper within its victim's exit
#: (tools/sizes/recordings/oom-swap-exit-trace--5.10*.txt: ``mark_victim`` events,
#: no ``wake_reaper``)
OOM_REAPER_DELAY_NS = 2_000_000_000


def queue_oom_reaper(k: "KernelCore", victim) -> None:
    """``queue_oom_reaper`` at ``__oom_kill_process``'s end (v5.10.262 and v6.1:
    ``can_oom_reap``, the model's mms shared by no other process): the victim's
    timer, :data:`OOM_REAPER_DELAY_NS` on; its ``signal->oom_mm`` (``mmgrab``:
    the mm outlives the task) goes with it."""
    mm = victim.mm
    if mm is not None:
        k.clock.call_later(OOM_REAPER_DELAY_NS, wake_oom_reaper, k, victim, mm)


def wake_oom_reaper(k: "KernelCore", victim, mm) -> None:
    """The timer's ``wake_oom_reaper``, then the ``oom_reaper`` kthread's
    ``oom_reap_task`` → ``oom_reap_task_mm`` → ``__oom_reap_task_mm`` (mm/oom_kill.c,
    v5.10.262 and v6.1): nothing if the victim's ``exit_mmap`` has run (MMF_OOM_SKIP,
    the mm torn down: the model's victims that exit on their own, within
    milliseconds). Else, the mm still mapped (another user holds it: swapoff's
    ``try_to_unuse``, kernel/fork.py ``Processes.mmget``; or its task still alive),
    every private area is zapped (``unmap_page_range`` of each area that is
    anonymous or not VM_SHARED: every area of the model's mms): the anon pages
    uncharged and freed, the swap entries freed (``zap_pte_range`` →
    ``free_swap_and_cache``), "oom_reaper: reaped process" printed with the counters
    left (the binary's private file pages zapped too: file-rss and shmem-rss 0, their
    own unmap left to the mm's last ``mmput``), and MMF_OOM_SKIP set (the victim, if
    still exiting, is passed over). ``mmap_read_trylock`` always succeeds here (no
    writer of an mm's lock is modelled: no ``MAX_OOM_REAP_RETRIES``)."""
    procs = k.procs
    held = procs.mm_is_held(mm)
    if not held and (victim.mm is not mm or not victim.alive):
        return      # exit_mmap ran: MMF_OOM_SKIP
    procs.free_unmapped(procs.unmap_anon_pages(mm))
    for batch in procs.gathered.pop(mm, ()):
        procs.free_unmapped(batch)
    if mm.swap:
        k.swap.free_entries(list(mm.swap))
        mm.swap = mm.swap_at = None
    k.log.printk(f"oom_reaper: reaped process {victim.pid} ({victim.comm}), now "
                 f"anon-rss:{len(mm.anon) * 4}kB, file-rss:0kB, shmem-rss:0kB")
    k.mmf_oom_reaped(victim)


def select_bad_process(k: "KernelCore", totalpages: int):
    """``select_bad_process`` of a global OOM (``for_each_process``, creation
    order): the live task of the highest :func:`oom_badness`, the last on a tie;
    ABORT if a live task is already a victim (``tsk_is_oom_victim``, not yet
    MMF_OOM_SKIP); None if none can be killed."""
    chosen = None
    best = 0
    for t in k.tasks.values():
        if t.pid == 1 or t.kthread or not t.alive:
            continue
        if t.oom_victim and t.mm is not None:
            return ABORT
        points = oom_badness(k, t, totalpages)
        if points is None or (chosen is not None and points < best):
            continue
        chosen, best = t, points
    return chosen


def check_panic_on_oom(k: "KernelCore", memcg_oom: bool) -> bool:
    """``check_panic_on_oom`` (mm/oom_kill.c, v5.10 and v6.1): with vm.panic_on_oom
    1 a global OOM (CONSTRAINT_NONE), with 2 any (a memcg's: "compulsory"), panics
    after ``dump_header``: the model logs the panic's line and goes on as with 0 (it
    does not halt: the guests' panic is not recordable). True if it would panic."""
    mode = k.panic_on_oom
    if not mode or (mode != 2 and memcg_oom):
        return False
    k.log.printk("Kernel panic - not syncing: Out of memory: "
                 f"{'compulsory' if mode == 2 else 'system-wide'} panic_on_oom is enabled")
    return True


def out_of_memory(k: "KernelCore", kind: int) -> bool:
    """``out_of_memory`` of a global OOM (``oc->memcg`` NULL) for an allocation of
    page ``kind`` by the current task: the victim chosen, the report printed, the
    victim killed (:meth:`Vmscan.kill_process`: the current task dies on its way
    back to user space, another at once, as its SIGKILL makes it exit and the OOM
    reaper frees its anon memory). An earlier victim still alive ends the same way
    (ABORT: the allocator retries until it has exited). False if nobody can be
    killed (the kernel then panics: "System is deadlocked on memory"). With
    vm.oom_kill_allocating_task set the victim is the allocating task when it can
    be killed (``out_of_memory``: it has an mm, is not init nor a kernel thread,
    nor at OOM_SCORE_ADJ_MIN), killed as "Out of memory
    (oom_kill_allocating_task)" without ``select_bad_process`` (v5.10 and v6.1)."""
    from ..fs.procmem import totalram_pages
    vm = k.vmscan
    cur = k.current
    totalpages = totalram_pages(k) + k.swap.total_swap_pages()
    message = "Out of memory"
    check_panic_on_oom(k, False)
    if (k.oom_kill_allocating_task and cur.mm is not None and cur.pid != 1
            and not cur.kthread and cur.oom_score_adj != OOM_SCORE_ADJ_MIN):
        # vm.oom_kill_allocating_task: the allocating task, not the worst one
        victim = cur
        message = "Out of memory (oom_kill_allocating_task)"
    else:
        victim = select_bad_process(k, totalpages)
    if victim is ABORT:
        for t in list(k.tasks.values()):
            if t.oom_victim and t.alive and t is not cur:
                k.procs.exit(t, signal=SIGKILL)
        return True
    log = k.log
    gfp = GFP_TEXT.get(kind, GFP_KERNEL)
    log.printk(f"{cur.comm} invoked oom-killer: gfp_mask={gfp}, order=0, "
               f"oom_score_adj={cur.oom_score_adj}")
    if victim is None:
        log.printk("Out of memory and no killable processes...")
        return False
    # dump_oom_summary: cpuset_print_current_mems_allowed, then
    # mem_cgroup_print_oom_context(NULL, victim): ",global_oom,task_memcg=..."
    log.printk("oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,"
               f"global_oom,task_memcg={k.task_memcg(victim).cgroup.path},"
               f"task={victim.comm},pid={victim.pid},uid=0")
    doomed: dict = {}
    vm.kill_process(victim, doomed, message)
    for t in doomed:
        if t is cur:
            t.oom_victim = True     # ALLOC_OOM now, SIGKILL on its return to user
        elif t.alive:
            k.procs.exit(t, signal=SIGKILL)
    return True
