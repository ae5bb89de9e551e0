"""Where tree RCU's grace-period kthread runs as a grace period ends, with 2 CPUs and
more (kernel/clock.py ``Clock._gp_cleanup``: its own CPU's callbacks are numbered
there, the others' at their tick after; docs/fidelity.md items 282 and 314). Used
when kernel/clock.py ``RCU_GP_KTHREAD_PLACED`` is on (off by default: item 314).

The kthread (``rcu_gp_kthread``) sleeps in ``rcu_gp_fqs_loop`` between its
force-quiescent-state scans and is woken by its timer or by the last CPU's
quiescent-state report (``rcu_report_qs_rsp`` → ``rcu_gp_kthread_wake``); it then
runs ``rcu_gp_cleanup``. The wake-up places it as any fair task's
(kernel/sched/fair.c ``select_task_rq_fair`` → ``select_idle_sibling``, v5.10 and
v6.1): the CPU it ran on before if that one is idle, else the first idle CPU after
it (``select_idle_cpu``'s ``for_each_cpu_wrap`` from ``target + 1``: the guests'
CPUs share one LLC), else that CPU again (it waits there for the running task).
Measured on the guests (tools/sizes/rcu_kthread_cpu.py, item 282): the cleanup ran
on a CPU switched in from idle in 3968 of css-chain-trace's 5229 grace periods, on
each CPU in runs of 1 to 15 grace periods and more.

A CPU is busy when the model's running task is on it, or while a new task placed
on it has not yet run to its ``execve`` (kernel/sched.py ``Sched.busy_until``). No
seeded draw is taken (``Sched.available_idle_cpu``'s would move every later
placement).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    from . import KernelCore


def gp_kthread_wake(k: "KernelCore") -> Callable[[int], int]:
    """The kernel's ``Clock.gp_kthread_wake``: given the CPU the kthread last ran
    on, the one it runs ``rcu_gp_cleanup`` on now."""
    nr = k.nr_cpus
    clock = k.clock

    def wake(prev: int) -> int:
        now = clock.now_ns
        busy_until = k.sched.busy_until
        cur = k.current
        running = cur.cpu if cur is not None else -1
        for i in range(nr):
            c = prev + i
            if c >= nr:
                c -= nr
            if c != running and busy_until[c] <= now:
                return c
        return prev
    return wake
