"""kernel/signal.c and kernel/exit.c as far as a fatal signal sent to another task
goes: when its target dies.

``kill(2)`` (``kill_pid_info`` → ``group_send_sig_info``) and ``cgroup.kill``
(``__cgroup_kill`` → ``send_sig(SIGKILL, task, 0)``) only queue the signal:
``complete_signal`` makes a fatal one SIGKILL for the whole group
(``sigaddset(&t->pending.signal, SIGKILL)``) and ``signal_wake_up`` wakes the
target (``TASK_WAKEKILL``: out of a ``nanosleep``, a ``wait4``, a pipe read). The
sender returns at once. The target dies when it next runs: on its way back to user
space (``exit_to_user_mode_loop`` → ``arch_do_signal_or_restart`` → ``get_signal``
→ ``do_group_exit`` → ``do_exit``), on its own CPU, where the woken tasks run in
turn. Its parent's SIGCHLD (``do_notify_parent`` in ``exit_notify``) and the
parent's reaping come after that exit. (kernel/signal.c, kernel/exit.c,
kernel/entry/common.c, the same in v5.10 and v6.1.)

So the sender's next steps may still see the target alive (``cgroup.procs``,
``/proc/PID``, ``kill -0``), and a shell that goes on to its next line learns of
the deaths later: bash reports a killed job where the guests do
(docs/fidelity.md, branch release28). A task that signals itself dies on the
return from its own ``kill`` (the caller's :class:`~memcgsim.sysapi.TaskKilled`).
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING

from .clock import NSEC_PER_SEC, WORK_LATENCY_NS
from .fork import EXIT_COST_NS, get_mm_rss
from .oom_victim import (EXIT_MMAP_FREE_NS, EXIT_MMAP_UNMAP_NS, EXIT_SWAP_ENTRY_NS, exit_mmap_ns,
                         gather_batches, pte_entries)

if TYPE_CHECKING:  # pragma: no cover
    from . import KernelCore
    from .fork import Task

#: From ``signal_wake_up`` to the woken target running on its CPU
#: (``try_to_wake_up``, the IPI, ``schedule``): the model's latency of any woken
#: kernel thread, a kworker's (kernel/clock.py ``WORK_LATENCY_NS``); the sender
#: spends as long on each target it wakes (the 6.1 guest's cgroup.kill write of
#: three sleepers took 1.3-3.5 ms, 9-23 of its builtins: tools/sizes/kill-timing.sh)
SIGNAL_WAKEUP_NS = WORK_LATENCY_NS


class SignalExits:
    """The tasks a fatal signal was sent to and that have not yet run to their
    ``do_exit``: the time each dies, and the time each CPU is busy until with the
    exits queued on it."""

    __slots__ = ("k", "due", "cpu_busy_until", "behind", "oom_skip", "zapping")

    def __init__(self, k: "KernelCore") -> None:
        self.k = k
        #: task → the simulated time (ns) it dies
        self.due: dict = {}
        #: cpu → when the last exit queued on it ends (ns)
        self.cpu_busy_until: dict[int, int] = {}
        #: sender → the targets woken on its CPU, waiting for it to block
        self.behind: dict = {}
        #: OOM victims on their way out whose mm has MMF_OOM_SKIP (6.1: unmapped,
        #: its pages not yet freed)
        self.oom_skip: set = set()
        #: OOM victims whose ``exit_mmap`` takes its time (:meth:`zap_on_exit`)
        self.zapping: set = set()

    def signal_wake_up(self, t: "Task", sig: int, sender: "Task | None" = None) -> None:
        """``complete_signal`` → ``signal_wake_up`` of a fatal ``sig``: ``t`` dies
        once it has run on its CPU: after the wakeup (on the sender's CPU, once the
        sender blocks or its slice ends), and after the exits queued there before
        it, its exit taking ``do_exit``'s time (``EXIT_COST_NS``, at the kernel's
        pace). A second fatal signal finds SIGKILL pending and adds nothing
        (``prepare_signal``: the group is exiting)."""
        if t in self.due:
            return
        clock = self.k.clock
        now = clock.now_ns
        if sender is not None and sender.cpu == t.cpu and sender.alive:
            # its sender does not run while it exits: nothing to see of its
            # exit_mmap's steps (:meth:`zap_on_exit`)
            self.zapping.discard(t)
            self.behind.setdefault(sender, []).append((t, sig))
            # a target woken on its sender's CPU does not preempt it
            # (check_preempt_wakeup leaves the running task its slice): it runs
            # when the sender blocks (schedule) or its slice ends, as a new task
            # forked onto its parent's CPU waits (kernel/sched.py Sched.slice_ns)
            self._run_at(t, sig, now + self.k.sched.slice_ns())
        else:
            self._run_at(t, sig, now + SIGNAL_WAKEUP_NS)
        # the sender's own time: ``try_to_wake_up`` of the target (its IPI);
        # the targets already on their way run meanwhile
        clock.tick(SIGNAL_WAKEUP_NS, sender)

    def zap_on_exit(self, t: "Task") -> None:
        """``t``, an OOM victim signalled next, takes its ``exit_mmap``'s time
        (kernel/oom_victim.py): the victims of ``memory_max_write``'s loop, whose
        passes were traced against it."""
        self.zapping.add(t)

    def _run_at(self, t: "Task", sig: int, start: int) -> None:
        """``t`` runs on its CPU from ``start`` (or once the exits queued there
        before it end) to its death; an OOM victim's ``exit_mmap`` takes its time
        besides (kernel/oom_victim.py): its swap entries' (every victim's,
        ``EXIT_SWAP_ENTRY_NS`` each) and, for a victim :meth:`zap_on_exit`
        named, its anon pages', unmapped, then freed a batch at a time. On 6.1
        (``KernelDesign.oom_skip_before_free``) the unmap comes first and sets
        MMF_OOM_SKIP; 5.10 reaps (unmaps and frees) from the start, MMF_OOM_SKIP at
        its death (a victim whose pages are not timed frees them there)."""
        clock = self.k.clock
        pace = clock.pace
        busy = self.cpu_busy_until.get(t.cpu, 0)
        if busy > start:
            start = busy
        mm = t.mm
        entries = unmap = free = swap = 0
        if mm is not None and t.oom_victim and not self.k.procs.mm_is_held(mm):
            if mm.swap:
                # zap_pte_range's free_swap_and_cache of each swap pte
                swap = len(mm.swap) * EXIT_SWAP_ENTRY_NS
            if t in self.zapping:
                entries = pte_entries(get_mm_rss(mm), mm.anon, self.k.mmap.thp_heads)
                unmap, free = exit_mmap_ns(entries)
        when = start + int((EXIT_COST_NS + unmap + swap + free) * pace)
        self.cpu_busy_until[t.cpu] = when
        self.due[t] = when
        if self.k.design.oom_skip_before_free:
            if unmap or swap:
                gather = start + int((EXIT_COST_NS + unmap + swap) * pace)
                clock.call_at(gather, self._unmap, t, when, EXIT_MMAP_FREE_NS * pace)
        elif unmap:
            # the reap walks the areas in address order, the swap ptes among the
            # pages: taken as spread evenly over them (the model keeps no order)
            per_page = EXIT_MMAP_UNMAP_NS + EXIT_MMAP_FREE_NS + swap / entries
            clock.call_at(start + int(EXIT_COST_NS * pace), self._unmap, t, when,
                          per_page * pace)
        clock.call_at(when, self._do_exit, t, sig, when)

    def _unmap(self, t: "Task", when: int, entry_ns: float) -> None:
        """The victim's ``unmap_vmas``: its anon pages gathered (MMF_OOM_SKIP set
        after it on 6.1), then freed a batch at a time, ``entry_ns`` an entry (a
        stale event, the victim gone or signalled again, does nothing)."""
        k = self.k
        if self.due.get(t) != when or not t.alive or t.mm is None or t in k.procs.vfork_parent:
            return      # (a vfork's child runs on its parent's mm)
        pfns = k.procs.unmap_anon_pages(t.mm)
        if k.design.oom_skip_before_free:
            self.oom_skip.add(t)
        if not pfns:
            return
        batches = gather_batches(pfns, k.mmap.thp_heads)
        k.procs.gathered[t.mm] = [b for _, b in batches]
        clock = k.clock
        done = 0
        for n, _ in batches:
            done += n
            at = clock.now_ns + int(done * entry_ns)
            if at >= when:
                break
            clock.call_at(at, self._free_batch, t, when)

    def _free_batch(self, t: "Task", when: int) -> None:
        """``tlb_finish_mmu`` frees a batch of the exiting victim's gathered pages
        (``release_pages``: uncharged); the rest go at its ``exit_mm``."""
        if self.due.get(t) != when or t.mm is None:
            return
        procs = self.k.procs
        batches = procs.gathered.get(t.mm)
        if batches:
            procs.free_unmapped(batches.pop(0))

    def mmf_oom_skip(self, t: "Task") -> bool:
        """The exiting OOM victim ``t``'s mm has MMF_OOM_SKIP: ``oom_evaluate_task``
        passes over it."""
        return t in self.oom_skip

    def schedule(self, prev: "Task") -> None:
        """``prev`` blocks: the targets woken on its CPU behind it run now, in
        turn (``pick_next_task_fair``)."""
        q = self.behind.pop(prev, None)
        if not q:
            return
        now = self.k.clock.now_ns
        self.cpu_busy_until[prev.cpu] = now     # they were waiting for it
        for t, sig in q:
            if self.due.get(t, 0) > now:
                self._run_at(t, sig, now)

    def _do_exit(self, t: "Task", sig: int, when: int) -> None:
        """The target's ``do_exit`` on its CPU (its time counted when it was
        queued); a stale event (the target ran sooner) does nothing."""
        if self.due.get(t) != when:
            return
        del self.due[t]
        self.oom_skip.discard(t)
        self.zapping.discard(t)
        if t.alive:
            self.k.signal_exit(t, sig)

    def pending(self, t: "Task") -> bool:
        """A fatal signal was sent to ``t`` and it has not yet died of it
        (``fatal_signal_pending``)."""
        return t in self.due

    def next_exit(self) -> float:
        """Simulated seconds at which the next such task dies (inf if none)."""
        due = self.due
        return min(due.values()) / NSEC_PER_SEC if due else math.inf


def do_signal_stop(t: "Task", sig: int) -> None:
    """``do_signal_stop`` of a stop signal's default action (SIGSTOP, or SIGTSTP,
    SIGTTIN, SIGTTOU outside an orphaned process group): the task sleeps in
    TASK_STOPPED (``/proc/PID/status`` "T (stopped)") and runs no more until a
    SIGCONT or a SIGKILL wakes it; it keeps its memory, its cgroup and its
    timers (a ``nanosleep`` that expires meanwhile returns once it is continued).
    The stop signal is kept (``JOBCTL_STOP_SIGMASK`` bits of ``task->jobctl``,
    ``signal->group_exit_code``) for the parent's ``waitpid(WUNTRACED)``
    (``wait_task_stopped``: ``WSTOPSIG``), which a job-control shell reads when it
    next looks at its children (shell/jobcontrol.py). Not modelled: v2's freezer
    counting it frozen (``cgroup_enter_frozen``). (kernel/signal.c, the same in
    v5.10 and v6.1.)"""
    t.state = "stopped"
    t.jobctl = sig


def resume_stopped(t: "Task") -> int:
    """``prepare_signal`` of a SIGCONT sent to a stopped task: it runs again
    (``wake_up_state(t, __TASK_STOPPED)``); returns the lowest terminating
    signal held for it meanwhile (``next_signal``), which now acts, else 0."""
    t.state = "running"
    held, t.shdpending = t.shdpending, 0
    return (held & -held).bit_length() - 1 if held else 0


def pgrp_orphaned(tasks, pgid: int) -> bool:
    """``will_become_orphaned_pgrp(pgrp, NULL)``: no live member of process group
    ``pgid`` has its parent in another group of the same session (a child of
    init does not count: ``is_global_init``), so no job-control shell could
    continue it: ``get_signal`` discards SIGTSTP, SIGTTIN and SIGTTOU sent to it
    (POSIX; kernel/exit.c, kernel/signal.c)."""
    for p in tasks:
        if p.pgid != pgid or not p.alive:
            continue
        parent = p.parent
        if parent is None or parent.pid == 1:
            continue
        if parent.sid == p.sid and parent.pgid != pgid:
            return False
    return True
