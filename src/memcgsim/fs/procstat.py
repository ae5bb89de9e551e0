"""``/proc/stat`` and ``/proc/loadavg`` (fs/proc/stat.c ``show_stat``,
fs/proc/loadavg.c ``loadavg_proc_show``) in the kernel's formats, from what the
model keeps.

The model keeps no CPU time: every tick of every CPU since boot is idle (as
``/proc/uptime``'s second field says), so user, system and the rest are 0; no
interrupt, softirq or context switch is counted (the ``intr`` line has one 0 per
IRQ the guests have, ``NR_IRQS``) and no ``avenrun``, so the load averages are
an idle system's, 0.00. The counts of tasks are the model's: ``nr_running()``
the tasks in state R (the reader: procpid.task_state), ``nr_threads`` the tasks
not yet reaped, the last pid handed out and ``total_forks``.
"""
from __future__ import annotations

from ..kernel.clock import BOOT_EPOCH
from .procpid import NSEC_PER_CLOCK_T, task_state

#: the IRQ numbers ``show_all_irqs`` prints (``nr_irqs``) on the oracle's
#: guests (qemu q35, 2 CPUs: the words of ``grep intr /proc/stat`` less 2),
#: per release
NR_IRQS = {"5.10": 440, "6.1": 440}
#: ``NR_SOFTIRQS`` (include/linux/interrupt.h: HI ... RCU)
NR_SOFTIRQS = 10


def _live(k):
    return [t for t in k.tasks.values() if t.state != "dead"]


def nr_running(k, reader) -> int:
    """``nr_running()``: the tasks in state R, the reader among them."""
    return sum(1 for t in _live(k) if task_state(t, reader)[0] == "R")


def proc_stat(k, reader) -> str:
    """``show_stat``: the ``cpu`` line (the sums) and a ``cpuN`` line per online
    CPU of USER_HZ ticks (user nice system idle iowait irq softirq steal guest
    guest_nice), ``intr``, ``ctxt``, ``btime``, ``processes`` (``total_forks``:
    every ``copy_process``, the secondary CPUs' idle threads of ``fork_idle``
    included), ``procs_running``, ``procs_blocked``, ``softirq``."""
    idle = k.clock.now_ns // NSEC_PER_CLOCK_T
    cpus = k.nr_cpus
    lines = [f"cpu  0 0 0 {idle * cpus} 0 0 0 0 0 0"]
    lines += [f"cpu{c} 0 0 0 {idle} 0 0 0 0 0 0" for c in range(cpus)]
    lines.append("intr 0" + " 0" * NR_IRQS.get(k.sizes.release, NR_IRQS["6.1"]))
    forks = k.procs.pid_ns.nr_allocated + cpus - 1
    lines += ["ctxt 0", f"btime {BOOT_EPOCH}", f"processes {forks}",
              f"procs_running {nr_running(k, reader)}", "procs_blocked 0",
              "softirq 0" + " 0" * NR_SOFTIRQS]
    return "\n".join(lines) + "\n"


def loadavg(k, reader) -> str:
    """``loadavg_proc_show``: the three averages, ``nr_running()/nr_threads`` and
    the last pid allocated (``idr_get_cursor - 1``)."""
    return (f"0.00 0.00 0.00 {nr_running(k, reader)}/{len(_live(k))} "
            f"{k.procs.last_pid()}\n")
