"""kernel/rcu/sync.c for ``cgroup_threadgroup_rwsem``: when a cgroup.procs write
waits for an RCU grace period before it moves a task.

``percpu_down_write`` starts with ``rcu_sync_enter(&sem->rss)`` (kernel/locking/
percpu-rwsem.c): with the rcu_sync idle (``GP_IDLE``: its readers on the fast
path) the writer sleeps in ``synchronize_rcu`` (TASK_UNINTERRUPTIBLE) before it
takes the lock; a writer that comes while an earlier one's exit callback is
pending (``GP_EXIT``, ``GP_REPLAY``) does not wait. ``rcu_sync_exit`` (from
``percpu_up_write``) queues ``rcu_sync_func`` a grace period later, which puts the
state back to idle unless another writer came meanwhile (kernel/rcu/sync.c
``rcu_sync_enter``, ``rcu_sync_exit``, ``rcu_sync_func``, v5.10 and v6.1).

5.10's ``cgroup_init`` calls ``rcu_sync_enter_start`` on it ("the latency of the
synchronize_rcu() is too high for cgroups"): its readers (fork, exit) stay on the
slow path and no writer ever waits. 6.1 keeps that only for a hierarchy mounted
``favordynmods`` (Linux commit 6a010a49b63a, "cgroup: Make !percpu
threadgroup_rwsem operations optional", in v6.0; Debian's 6.1 leaves
CONFIG_CGROUP_FAVOR_DYNMODS off): the first write after a pause waits a grace
period, and a child forked onto the writer's CPU, queued behind it, runs meanwhile
(traced at 1 CPU on 6.1: the writer in state D, the background ``sleep`` exec'd
before the move, then the move; docs/fidelity.md item 237). The design's
``threadgroup_rwsem_sync`` says which.
"""
from __future__ import annotations

from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from . import KernelCore
    from .fork import Task

#: ``enum { GP_IDLE = 0, GP_ENTER, GP_PASSED, GP_EXIT, GP_REPLAY }``
GP_IDLE, GP_ENTER, GP_PASSED, GP_EXIT, GP_REPLAY = range(5)


class RcuSync:
    """``struct rcu_sync`` of ``cgroup_threadgroup_rwsem``: ``gp_state`` and
    ``gp_count``; ``passed_at`` is when a pending ``GP_ENTER`` ends (what a second
    writer, behind the first on ``cgroup_mutex``, waits for)."""
    __slots__ = ("k", "gp_state", "gp_count", "passed_at")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        self.gp_count = 0
        self.passed_at = 0
        # rcu_sync_enter_start at cgroup_init (5.10): entered for good
        self.gp_state = GP_IDLE if kernel.design.threadgroup_rwsem_sync else GP_PASSED
        if not kernel.design.threadgroup_rwsem_sync:
            self.gp_count = 1

    def enter(self, task: "Task") -> None:
        """``rcu_sync_enter``: from idle, ``synchronize_rcu`` with ``task`` asleep
        (:meth:`KernelCore.sleep_uninterruptible`: the tasks queued behind it on
        its CPU run meanwhile); while another writer's grace period is pending, wait
        for its end; else at once."""
        state = self.gp_state
        self.gp_count += 1
        if state == GP_IDLE:
            self.gp_state = GP_ENTER
            # synchronize_rcu → wait_rcu_gp: a call_rcu(wakeme_after_rcu) and its wait
            clock = self.k.clock
            clock.rcu_cpu = task.cpu
            self.passed_at = clock.rcu_due()
            self.k.sleep_uninterruptible(task, self.passed_at - clock.now_ns)
            self.gp_state = GP_PASSED
        elif state == GP_ENTER:
            wait = self.passed_at - self.k.clock.now_ns
            if wait > 0:
                self.k.sleep_uninterruptible(task, wait)
            self.gp_state = GP_PASSED

    def exit(self) -> None:
        """``rcu_sync_exit``: the last writer out queues ``rcu_sync_func`` a grace
        period later (from ``GP_PASSED``) or has the pending one requeue itself
        (``GP_EXIT`` → ``GP_REPLAY``)."""
        self.gp_count -= 1
        if self.gp_count:
            return
        if self.gp_state == GP_PASSED:
            self.gp_state = GP_EXIT
            cur = self.k.current
            self.k.clock.call_rcu(self._func, cpu=cur.cpu if cur is not None else -1)
        elif self.gp_state == GP_EXIT:
            self.gp_state = GP_REPLAY

    def _func(self) -> None:
        """``rcu_sync_func``: a writer inside keeps it passed; a replay waits one
        more grace period; else back to idle."""
        if self.gp_count:
            self.gp_state = GP_PASSED
        elif self.gp_state == GP_REPLAY:
            self.gp_state = GP_EXIT
            self.k.clock.call_rcu(self._func)
        else:
            self.gp_state = GP_IDLE
