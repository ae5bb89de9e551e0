"""cgroup v1 ``memory.oom_control``: tasks that wait under OOM instead of killing.

mm/memcontrol.c (the same in v5.10 and v6.1): when a charge fails at the limit of a
memcg whose ``oom_kill_disable`` is set, ``mem_cgroup_oom`` does not call the OOM
killer. In a user-mode page fault (``current->in_user_fault``, set by
``handle_mm_fault`` for ``FAULT_FLAG_USER``) it records the memcg in
``current->memcg_in_oom`` and the charge fails; the fault unwinds with
VM_FAULT_OOM to ``pagefault_out_of_memory`` → ``mem_cgroup_oom_synchronize``, where
the task sleeps on ``memcg_oom_waitq`` (TASK_KILLABLE) with the memcg's subtree
marked ``under_oom``, until ``memcg_oom_recover`` wakes it: an uncharge
(``uncharge_batch``), a raised limit (``mem_cgroup_resize_max``), a move of charges
(``mem_cgroup_clear_mc``) or ``oom_kill_disable`` cleared
(``mem_cgroup_oom_control_write``). It then returns to user space and faults
again. Any other charge (kernel memory, a kernel-mode fault in ``copy_to_user``)
fails with -ENOMEM at once.

The two releases differ only in form here: 5.10's ``mem_cgroup_oom`` returns
OOM_ASYNC (user fault) or OOM_SKIPPED, both of which ``try_charge`` takes to
``nomem``; 6.1's returns false in both cases, and ``try_charge`` goes to ``nomem``.
``pagefault_out_of_memory`` lost its global OOM kill for a fault that leaked
VM_FAULT_OOM (Linux commit 60e2793d440a ("mm, oom: do not trigger out_of_memory
from the #PF") (in v5.16; in 5.10.80 stable)), which does not concern a memcg
waiter: it is handled first. No design switch is needed; the oracle agrees on both
(tests/conformance/scripts/oom-control-v1.sh).

Not modelled: the hierarchy's ``oom_lock`` (``mem_cgroup_oom_trylock``), which only
picks which of several concurrent OOMing tasks notifies and, if
``oom_kill_disable`` was cleared between the charge and the sleep, kills; in the
model nothing runs between the two. ``memory.oom_control`` eventfd notification
(``mem_cgroup_oom_notify``) is not modelled either.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from . import KernelCore
    from .fork import Task
    from .memcontrol import MemCgroup

#: the rest of the system running until a predicate holds (``schedule()``): True
#: once it does, False if nothing left could make it (the shell's scheduler)
Sleeper = Callable[[Callable[[], bool]], bool]


class MemcgOomWait:
    """``memcg_oom_waitq`` and the ``under_oom`` marks of the memcgs."""
    __slots__ = ("k", "waitq")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: tasks asleep in ``mem_cgroup_oom_synchronize``, in the order they slept
        self.waitq: list["Task"] = []

    # ----------------------------------------------------------------- marks
    def mem_cgroup_mark_under_oom(self, memcg: "MemCgroup") -> None:
        """``mem_cgroup_mark_under_oom``: ``under_oom`` +1 on the whole subtree."""
        for m in self.k.vmscan.subtree(memcg):
            m.under_oom += 1

    def mem_cgroup_unmark_under_oom(self, memcg: "MemCgroup") -> None:
        """``mem_cgroup_unmark_under_oom``: -1 on the subtree (never below 0)."""
        for m in self.k.vmscan.subtree(memcg):
            if m.under_oom > 0:
                m.under_oom -= 1

    # ------------------------------------------------------------- the charge
    def oom_disabled(self, memcg: "MemCgroup") -> bool:
        """``mem_cgroup_oom``'s ``memcg->oom_kill_disable`` branch: True if the OOM
        killer must not run for ``memcg``; a charge in a user-mode fault then
        leaves the memcg in ``current->memcg_in_oom`` for the fault's end."""
        if not memcg.oom_kill_disable:
            return False
        cur = self.k.current
        if cur.in_user_fault and cur.memcg_in_oom is None:
            cur.memcg_in_oom = memcg
        return True

    # ----------------------------------------------------------- the sleep
    def mem_cgroup_oom_synchronize(self, task: "Task", sleeper: Sleeper | None) -> bool:
        """``pagefault_out_of_memory`` → ``mem_cgroup_oom_synchronize(true)`` for a
        fault of ``task`` that left ``memcg_in_oom``: sleep (killable) on the wait
        queue with the subtree marked ``under_oom`` until woken, then unmark. True if
        the task should fault again (woken, alive); False if there was nothing to
        wait for, the task was killed meanwhile, or nothing could ever wake it
        (``sleeper`` None or False: no scheduler runs other tasks meanwhile, so the
        fault fails as an unhandled one)."""
        memcg = task.memcg_in_oom
        if memcg is None:
            return False
        task.oom_woken = False
        self.waitq.append(task)
        self.mem_cgroup_mark_under_oom(memcg)
        try:
            ok = sleeper is not None and sleeper(lambda: task.oom_woken or not task.alive)
        finally:
            if task.memcg_in_oom is not None:     # not cleaned up by an exit meanwhile
                self.finish_wait(task)
        frozen = self.k.cgroup_task_frozen
        if ok and task.alive and frozen(task):
            # woken, it returns to user space, where a task of a freezing cgroup
            # freezes (get_signal → try_to_freeze; cgroup2's freezer trap) before
            # it faults again
            sleeper(lambda: not task.alive or not frozen(task))    # type: ignore[misc]
        return ok and task.alive

    def finish_wait(self, task: "Task") -> None:
        """After ``schedule()``: off the queue, ``under_oom`` unmarked,
        ``memcg_in_oom`` cleared (its css reference put)."""
        memcg = task.memcg_in_oom
        if task in self.waitq:
            self.waitq.remove(task)
        self.mem_cgroup_unmark_under_oom(memcg)  # type: ignore[arg-type]  # a waiter's
        task.memcg_in_oom = None
        task.oom_woken = False

    def task_exit(self, task: "Task") -> None:
        """A waiting task killed: TASK_KILLABLE, it wakes at the signal and leaves
        the queue before it exits (the model does it at once)."""
        if task.memcg_in_oom is not None:
            self.finish_wait(task)

    # ----------------------------------------------------------------- wakeups
    def memcg_oom_recover(self, memcg: "MemCgroup") -> None:
        """``memcg_oom_recover``: if ``memcg`` is ``under_oom``, wake the waiters of
        its ancestors and descendants (``memcg_oom_wake_function``); they leave the
        queue at once (``autoremove_wake_function``) and unmark when they run. A
        waiter of a frozen cgroup runs that far at once (it is no frozen sleeper:
        the freezer stops it only on its way back to user space), as the shell's
        scheduler holds its job from here (:meth:`mem_cgroup_oom_synchronize`)."""
        if not memcg.under_oom or not self.waitq:
            return
        frozen = self.k.cgroup_task_frozen
        for t in list(self.waitq):
            w: MemCgroup = t.memcg_in_oom  # type: ignore[assignment]  # a waiter's: set
            if w.is_descendant_of(memcg) or memcg.is_descendant_of(w):
                self.waitq.remove(t)
                if frozen(t):
                    self.finish_wait(t)     # (which clears oom_woken)
                t.oom_woken = True

