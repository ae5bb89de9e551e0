"""Simulated time and deferred work: ``call_rcu``, ``queue_work``, timers.

A heap of ``(time_ns, seq, fn, args)``; ``seq`` makes same-time order the order of
queueing, so every run is deterministic (SimPy's ``core.py`` does the same).
Events due :data:`FAR_NS` or more ahead wait in a second heap and join the first
when they fall due: the order is the same ``(time_ns, seq)``, the near heap stays
small. Time is integer nanoseconds; the API speaks float seconds.
"""
from __future__ import annotations

import heapq
import math
from typing import Any, Callable

NSEC_PER_SEC = 1_000_000_000
#: the wall-clock time of boot (``btime``, what ``date`` counts from): 2021-03-01
#: 00:00:00 UTC, the day the obj_cgroup kmem series was posted
BOOT_EPOCH = 1614556800

#: An RCU grace period, in the model's time: every callback runs this long after
#: its ``call_rcu``. The guests' last 17.2 ms of wall-clock time from ``rcu_gp_init``
#: to ``rcu_gp_cleanup``, one starting every 21.3 ms (6.1, medians; HZ 250), while
#: their emulated CPUs run the script 17-25 times slower than the model's costs:
#: 0.76 / 0.94 ms of model time at that run's pace; a reaped task's
#: ``delayed_put_task_struct`` ran 1.46-3.57 ms of model time (medians of four runs)
#: after ``release_task``. Tree RCU's rule that a callback queued while a grace
#: period runs waits for the next one as well (``rcu_seq_snap``) moved six passing
#: conformance cases with this constant as its grace period (docs/fidelity.md item
#: 63); on the guests' tick it is :meth:`Clock.rcu_due` (item 269), which replaces
#: this constant unless :data:`RCU_GP_NS` is None. The css chain's
#: ``queue_rcu_work`` after a drop_caches (jbd2-checkpoint, both guests at 2 CPUs)
#: waited 17.9-23.0 ms against the cgroup.stat read 10.7-16.3 ms after it, which
#: the model makes 1.4 ms after: 1.8-2.1 ms of model time at that pace; 1.5 ms, the
#: low end of the measured waits, with an exec's old mm dropped at the exec's start
#: (kernel/fork.py ``Processes.exec``), reads the cases that race these waits as the
#: guests do where 1 ms did not (docs/fidelity.md item 257 of stock36;
#: tools/sizes/chain_read_race.py, tools/sizes/rcu_gp_sweep.py).
#: tools/sizes/rcu-frees-trace.sh, tools/sizes/rcu_latency.py and their recordings.
RCU_GRACE_PERIOD_NS = 1_500_000
#: Tree RCU's grace periods on a clock paced like the guests (:meth:`Clock.rcu_due`):
#: one grace period, ``rcu_gp_init`` to ``rcu_gp_cleanup``, in the model's time (6.1,
#: 2 CPUs, 260 of them: median 17.2 ms of the guest's wall-clock time at a pace of
#: 22.7, part B's iteration 165.6 ms against the model's 7.3: 0.76 ms;
#: ``python3 tools/sizes/rcu_latency.py
#: tools/sizes/recordings/rcu-frees-trace--6.1-v1-2cpu-gp.txt.gz``, docs/fidelity.md
#: item 63). None: every callback waits :data:`RCU_GRACE_PERIOD_NS` (the constant).
RCU_GP_NS: int | None = 760_000
#: A jiffy (HZ=250: 4 ms) at the same pace (22.7): a CPU's scheduler tick, where it
#: notices new callbacks and ended grace periods (``rcu_sched_clock_irq`` →
#: ``rcu_core``); every CPU ticks on the same grid (``tick_setup_sched_timer``,
#: ``sched_skew_tick`` 0).
RCU_TICK_NS = 176_000
#: A callback queued after its CPU saw the running grace period start is numbered
#: only when the CPU sees that one end (the tick after it), so it waits for the one
#: after the next if the next already runs then: traced on 6.1 (docs/fidelity.md
#: item 68), of 2514 callbacks queued while a grace period ran 1487 ran after the
#: next one's end, 1001 after one more.
RCU_NOTICE = True
#: With 2 CPUs and more, the grace-period kthread placed at each grace period's end,
#: its own CPU's held callbacks numbered there (:meth:`Clock._gp_cleanup`,
#: kernel/rcu_tree.py; docs/fidelity.md item 314): measured against the suite in
#: session 39, not on by default (with 6.1's maple-tree frees, kernel/fork.py
#: ``MT_FREE_RCU``, three known cases come closer, xarray-nodes-4cpu and
#: swap-dying-pin 6.1 break; alone it moves 5.10's kept Slab further). Read by the
#: kernel at boot.
RCU_GP_KTHREAD_PLACED = False
#: Non-preemptible RCU's quiescent states (the design's ``rcu_preempt`` False: 5.10's
#: ``rcu_sched``): a CPU running a task in the kernel reports one only at its next
#: context switch or a tick in user mode (the model's time outside its kernel
#: spans), not at any tick as
#: preemptible RCU's does (kernel/rcu/tree_plugin.h ``rcu_flavor_sched_clock_irq``,
#: both flavours; 6.1's Debian build is ``CONFIG_PREEMPT_DYNAMIC``, so
#: ``PREEMPT_RCU``): a grace period whose CPUs' first tick finds a task in the
#: kernel (a system call's work, a new task's setup and ``execve``) ends only when
#: that work does, if after its nominal end (:meth:`Clock._rcu_run`;
#: docs/fidelity.md item 394), or at a user-mode tick of a task's run after its
#: exec (:data:`RCU_USER_TICK_SHARE`; the spans on the CPU of the task doing the
#: work: item 422) or of its stretch between system calls
#: (:data:`RCU_TASK_USER_TICK_SHARE`, item 450), its report and the kthread's
#: cleanup after (:data:`RCU_SCHED_CLEANUP_TICKS`, item 473). Measured, off by
#: default (items 423, 452, 474).
RCU_SCHED_QS = False
#: With :data:`RCU_SCHED_QS`: a task's run after its ``execve`` (the new image's
#: page faults, system calls and user code, to its exit) finds it in user mode at
#: this share of its scheduler ticks, each tick a seeded draw of its own
#: (:meth:`Clock._user_tick`): ``rcu_sched_clock_irq(user)`` →
#: ``rcu_flavor_sched_clock_irq`` → ``rcu_qs`` (kernel/rcu/tree_plugin.h, v5.10).
#: The 5.10 guest's ticks in a command's run, from its exec to the next execve
#: or its exit: 92 in user mode of 433, three traces at 2 CPUs (``python3
#: tools/sizes/exec_user_ticks.py calibration/recordings/exec-user-ticks--5.10-*
#: calibration/recordings/rcu-qs-sources--5.10-*``; docs/fidelity.md item 422);
#: before its first exec (the forked shell's work, the execve) 3 of 224.
RCU_USER_TICK_SHARE = 0.21
#: With :data:`RCU_SCHED_QS`: a task's own work between its system calls (the shell's
#: expansions, its loop, its job table between two forks or a builtin's writes),
#: which the model gives no time, finds it in user mode at this share of its ticks
#: while it keeps its CPU. Two kernel spans of one task that touch (:meth:`Clock.rcu_span`:
#: no switch and no other task between) are one stretch of its time on the CPU,
#: each of whose ticks is such a draw (:meth:`Clock._user_tick`), where the model
#: took the boundary for a quiescent state. The 5.10 guest's script shell: 84 of
#: its 972 ticks in user mode, six traces at 2 CPUs (``python3
#: tools/sizes/shell_user_ticks.py calibration/recordings/shell-user-ticks--5.10-*
#: calibration/recordings/exec-user-ticks--5.10-* calibration/recordings/rcu-qs-sources--5.10-*``:
#: 43 of 378 and 25 of 374 in its two runs, 16 of 220 in the other three traces, where
#: no system call is traced; docs/fidelity.md item 450); from one ``clone`` to the
#: next of a loop of background forks none of 15 stretches held one.
RCU_TASK_USER_TICK_SHARE = 0.09
#: With :data:`RCU_SCHED_QS`: a grace period this many jiffies old (``rcutree``'s
#: ``jiffies_to_sched_qs``, 25 on both guests: tools/sizes/recordings/rcu-params--*)
#: has its force-quiescent-state scan set ``rcu_urgent_qs`` on the CPUs still
#: holding it (kernel/rcu/tree.c ``rcu_implicit_dynticks_qs``), whose tick then asks
#: for a reschedule and whose next ``cond_resched`` reports the quiescent state
#: (``rcu_all_qs``; v5.10): a CPU in a task's kernel work holds it no longer than
#: the tick after that (:meth:`Clock._rcu_run`; docs/fidelity.md item 450). The
#: 5.10 guest's traces saw three such reports, with the grace period 100-185 ms old
#: (item 394).
RCU_JIFFIES_TO_SCHED_QS = 25
#: With :data:`RCU_SCHED_QS`: the ticks from the report of a held grace period's last
#: quiescent state, a task's (its user-mode tick, the tick after its kernel work's
#: end), to ``rcu_gp_cleanup``: the report wakes the grace-period kthread
#: (``rcu_report_qs_rsp`` → ``rcu_gp_kthread_wake``, kernel/rcu/tree.c v5.10), which
#: on the 5.10 guest runs at its CPU's next tick, not at once: the kthread's first
#: run after a busy task's last report, on another CPU, a median 4.1, 23.7 and 17.6
#: ms on (31, 14 and 27 grace periods; the busy CPUs' ticks 4.3, 32.4 and 24.4 ms
#: apart by trace), on the 6.1 guest 2.6, 0.1 and 0.1 ms (47, 43 and 59; ``python3
#: tools/sizes/rcu_gp_steps.py calibration/recordings/rcu-gp-steps--*
#: calibration/recordings/rcu-qs-sources--*``; docs/fidelity.md item 473). The
#: callbacks run at the tick after (their CPU notices the end there). 0: the grace
#: period ends at the quiescent state itself (items 394-450).
RCU_SCHED_CLEANUP_TICKS = 1
#: Latency of ``queue_work``/``schedule_work_on``: the kworker runs "soon".
WORK_LATENCY_NS = 100_000
#: How far ahead an event is queued apart (:class:`Clock`): the kernel's timer wheel
#: keeps far timers in coarser levels for the same reason (kernel/time/timer.c,
#: ``LVL_DEPTH``), a short sleep's or a kworker's timer is not sorted among the
#: hour-long ones (the seed's 500 ``sleep 3600``). Any value gives the same order.
FAR_NS = NSEC_PER_SEC


class Clock:
    """``pace`` scales the cost of every task operation (:meth:`tick`): 1 is the
    calibration machine, larger is a slower one (an emulated guest). ``busy_ns``
    sums those costs, so a run can be paced to a measured duration."""
    __slots__ = ("now_ns", "_heap", "_far", "far_at", "_seq", "pace", "busy_ns",
                 "_preempts", "preempt_at", "gp_start", "gp_end", "gp_prev_start",
                 "gp_prev_end", "on_gp_kthread_cpu", "gp_kthread_wake", "gp_kthread_cpu",
                 "_gp_wait", "rcu_cpu", "gp_start_cpu", "gp_prev_start_cpu", "rcu_sched_qs",
                 "_spans", "_holds", "rcu_seed")

    def __init__(self) -> None:
        self.now_ns = 0
        self._heap: list = []
        #: events queued :data:`FAR_NS` or more ahead, and the first one's time
        self._far: list = []
        self.far_at: float = math.inf
        self._seq = 0
        self.pace = 1.0
        self.busy_ns = 0
        #: the running task's CPU taken from it for a while at a given time
        #: (:meth:`preempt`), by key: (when, for how long); and the first one's time
        self._preempts: dict = {}
        self.preempt_at: float = math.inf
        #: the last grace period started or asked for (``rcu_state.gp_seq_needed``):
        #: its start and end, in ns (:meth:`rcu_due`)
        self.gp_start = -1
        self.gp_end = -1
        self.gp_prev_start = -1
        self.gp_prev_end = -1
        #: who started each of the two (kernel/sched.py ``Sched._gp_kthread_sync``,
        #: docs/fidelity.md item 389): the CPU whose tick asked for it from idle RCU
        #: (``rcu_core`` → ``rcu_start_this_gp`` → ``rcu_gp_kthread_wake``: the
        #: callback's CPU, -1 not said), or -2, the kthread itself at the previous
        #: one's end (``rcu_gp_cleanup``: no wake-up); the callback being queued's CPU
        self.gp_start_cpu = -2
        self.gp_prev_start_cpu = -2
        self.rcu_cpu = -1
        #: the callbacks are queued on the CPU whose grace-period kthread ends the
        #: running grace period (``rcu_gp_cleanup`` numbers that CPU's callbacks
        #: there: :meth:`rcu_due`): so on a 1-CPU machine (the kernel sets it);
        #: with more CPUs the kthread is placed at each grace period's end
        #: (:attr:`gp_kthread_wake`)
        self.on_gp_kthread_cpu = False
        #: with more CPUs: where the grace-period kthread runs ``rcu_gp_cleanup``,
        #: given the CPU it ran on last (the kernel sets it with
        #: :data:`RCU_GP_KTHREAD_PLACED`: kernel/rcu_tree.py); None: the callbacks
        #: are taken to be queued on another CPU than its
        self.gp_kthread_wake: Callable[[int], int] | None = None
        #: the CPU the kthread ended the last grace period on
        self.gp_kthread_cpu = 0
        #: the callbacks whose CPU numbers them as the running grace period ends,
        #: by that end (ns): ``(seq, fn, args, cpu)`` (:meth:`call_rcu`)
        self._gp_wait: dict = {}
        #: non-preemptible RCU's quiescent states (:data:`RCU_SCHED_QS`, set by the
        #: kernel from the design): a callable giving the task whose work
        #: :meth:`tick` times when the caller names none (the current one: its
        #: ``cpu`` and ``pid``), or None when off
        self.rcu_sched_qs: Callable[[], Any] | None = None
        #: each CPU's last kernel span, (start, end, runs, pid) in ns
        #: (:meth:`rcu_span`): ``runs``, its task's runs after an exec in it and
        #: its stretches between system calls (user mode at some ticks)
        self._spans: dict = {}
        #: the seed of :meth:`_user_tick`'s draws (the kernel's)
        self.rcu_seed = 0
        #: grace periods that ended late: (nominal end, how much later, when seen)
        self._holds: list = []

    def call_at(self, when_ns: int, fn, *args) -> None:
        """Run ``fn(*args)`` at ``when_ns`` (now if that has passed)."""
        self._seq += 1
        now = self.now_ns
        if when_ns < now:
            when_ns = now
        elif when_ns - now >= FAR_NS:
            heapq.heappush(self._far, (when_ns, self._seq, fn, args))
            if when_ns < self.far_at:
                self.far_at = when_ns
            return
        heapq.heappush(self._heap, (when_ns, self._seq, fn, args))

    def call_later(self, delay_ns: int, fn, *args) -> None:
        self.call_at(self.now_ns + delay_ns, fn, *args)

    def rcu_due(self) -> int:
        """When a callback queued now runs (ns), by tree RCU's rule (kernel/rcu/tree.c
        ``rcu_core``, ``__note_gp_changes``, ``rcu_accelerate_cbs``,
        ``rcu_start_this_gp``, ``rcu_gp_kthread``, ``rcu_gp_cleanup``; kernel/rcu/
        rcu.h ``rcu_seq_snap``; kernel/rcu/rcu_segcblist.c
        ``rcu_segcblist_accelerate``, ``rcu_segcblist_advance``; v5.10 and v6.1
        alike) on a clock paced like the guests (:data:`RCU_GP_NS`,
        :data:`RCU_TICK_NS`). The callback waits in ``RCU_NEXT_TAIL`` until its CPU
        gives it a grace-period number at a tick: the next tick if RCU is idle then
        (``rcu_core``'s "no grace period and unregistered callbacks") or the CPU
        sees a grace period start or end there (``__note_gp_changes``); else, a
        grace period the CPU saw start still running (:data:`RCU_NOTICE`), the tick
        after its end. The number is that of the first grace period to start after
        that tick (``rcu_seq_snap``): with none running one starts there (the
        kthread woken), with one running the one after it, started at its end
        (``rcu_gp_cleanup`` finds it needed) and shared by every callback given its
        number before it starts. The callback runs at the CPU's first tick after
        that grace period's end (``rcu_advance_cbs``, ``rcu_do_batch``). On the CPU
        that runs the grace-period kthread (:attr:`on_gp_kthread_cpu`) the wait for
        the running one's end is not a tick's: ``rcu_gp_cleanup`` numbers that
        CPU's callbacks as it ends it (``__note_gp_changes`` of its own
        ``rcu_data``, then ``rcu_accelerate_cbs``) and starts the next at once
        (``needgp``), so they take the next, not the one after (docs/fidelity.md
        item 282). Without :data:`RCU_GP_NS`, now plus
        :data:`RCU_GRACE_PERIOD_NS`."""
        gp = RCU_GP_NS
        if gp is None:
            return self.now_ns + RCU_GRACE_PERIOD_NS
        j = RCU_TICK_NS
        t0 = self.now_ns // j * j
        tick = t0 + j
        start, end = self.gp_start, self.gp_end
        if RCU_NOTICE:
            # a grace period the CPU saw start at an earlier tick still runs at the
            # next: the callback waits in RCU_NEXT_TAIL until the CPU notices its end
            # (__note_gp_changes → rcu_advance_cbs), at the tick after it
            if self.on_gp_kthread_cpu:
                # the kthread's own CPU: rcu_gp_cleanup numbers the callback at the
                # end of the one running now, the next (asked for or not) its own
                now = self.now_ns
                if start <= now < end:
                    tick = end
                elif self.gp_prev_start <= now < self.gp_prev_end:
                    tick = self.gp_prev_end
            elif start < t0 and tick < end:
                tick = (end // j + 1) * j
            elif tick < start and self.gp_prev_start < t0 and tick < self.gp_prev_end:
                tick = (self.gp_prev_end // j + 1) * j
        if end <= tick:                         # none running: one starts at the tick
            self.gp_prev_start, self.gp_prev_end = start, end
            self.gp_prev_start_cpu, self.gp_start_cpu = self.gp_start_cpu, self.rcu_cpu
            self.gp_start = tick
            self.gp_end = tick + gp
        elif start < tick:                      # one running: the next, from its end
            self.gp_prev_start, self.gp_prev_end = start, end
            self.gp_prev_start_cpu, self.gp_start_cpu = self.gp_start_cpu, -2
            self.gp_start = end
            self.gp_end = end + gp
        return (self.gp_end // j + 1) * j

    def call_rcu(self, fn, *args, cpu: int = -1) -> None:
        """Run ``fn`` after an RCU grace period (``call_rcu``, ``queue_rcu_work``),
        queued on ``cpu`` (-1: not said), at :meth:`rcu_due`: :meth:`call_at`'s
        push (no ``*args`` call, a full interpreter entry). With more CPUs
        (:attr:`gp_kthread_wake`) a callback its CPU numbers only as the running
        grace period ends waits for that end (:meth:`_numbered_at_end`), where
        the kthread is placed: on its CPU ``rcu_gp_cleanup`` numbers it there, on
        another its tick after (:meth:`_gp_cleanup`; docs/fidelity.md item 314)."""
        self._seq += 1
        self.rcu_cpu = cpu
        # none running nor asked for (RCU idle): numbered at the next tick
        if cpu >= 0 and self.now_ns < self.gp_end and self.gp_kthread_wake is not None:
            end = self._numbered_at_end()
            if end >= 0:
                self._wait_end(end, (self._seq, fn, args, cpu))
                return
        if self.rcu_sched_qs is not None:
            due = self.rcu_due()
            heapq.heappush(self._heap, (due, self._seq, self._rcu_run,
                                        (self.gp_start, self.gp_end, self.now_ns, fn, args)))
            return
        heapq.heappush(self._heap, (self.rcu_due(), self._seq, fn, args))

    def _rcu_run(self, start: int, end: int, queued: int, fn, args: tuple) -> None:
        """A callback of the grace period ``start``-``end`` (nominal) due now, with
        non-preemptible RCU's quiescent states (:data:`RCU_SCHED_QS`): each CPU
        must pass one after it notices the grace period at its first tick after the
        start. A CPU running a task in the kernel passes one only at a context
        switch (``__schedule`` → ``rcu_note_context_switch`` → ``rcu_qs``) or at a
        tick in user mode (``rcu_flavor_sched_clock_irq``): if one of the model's
        kernel spans (:meth:`rcu_span`: a system call's, a new task's setup and
        ``execve``) began by that tick and runs on now, the grace period ends only
        with it, or at the first tick after that one that finds the span's task in
        user mode in its run after its exec or its stretch between system calls
        (:meth:`_user_tick`), or, the grace period :data:`RCU_JIFFIES_TO_SCHED_QS`
        old, at the tick after that (``rcu_urgent_qs``), and its callbacks run at
        the tick after. A grace period so held
        delays the ones numbered before it ended by as much (``rcu_gp_cleanup``
        starts the next at its end). Preemptible RCU (6.1) counts any tick outside a
        read-side section, as the nominal grace period has it (kernel/rcu/
        tree_plugin.h, kernel/rcu/tree.c ``rcu_sched_clock_irq``,
        ``rcu_check_quiescent_state``, v5.10 and v6.1)."""
        now = self.now_ns
        j = RCU_TICK_NS
        shift = 0
        for e, d, at in self._holds:
            if e < end and at > queued:
                shift += d
        if shift:
            # a grace period before this one ended late: this one starts after it
            self._seq += 1
            heapq.heappush(self._heap, (max(now, (end + shift) // j * j + j), self._seq,
                                        self._rcu_run,
                                        (start + shift, end + shift, now, fn, args)))
            return
        self._rcu_held(start, end, fn, args)

    def _rcu_held(self, start: int, end: int, fn, args: tuple) -> None:
        """:meth:`_rcu_run`'s callback at its tick, its grace period held by a CPU or
        not: held, it is looked at again at the tick after the hold's end, where a
        span that has gone on since (the same task's next kernel work joined it:
        its stretch on the CPU, :meth:`rcu_span`) has still passed no quiescent
        state and holds the grace period on; not held, the callback runs."""
        now = self.now_ns
        last = self._held_until(start, now)
        if last:
            self._hold(end, last, now)
            self._seq += 1
            heapq.heappush(self._heap, (((last // RCU_TICK_NS) + 1) * RCU_TICK_NS,
                                        self._seq, self._rcu_held, (start, end, fn, args)))
            return
        fn(*args)

    def _held_until(self, start: int, now: int) -> int:
        """When the last CPU holding the grace period that started at ``start``
        passes its quiescent state (ns), 0 if none holds it past ``now``: a span
        that began by the first tick after the start and runs on ends it at its
        end, at its task's first user-mode tick after that tick
        (:meth:`_user_tick`), or at the tick after the grace period is
        :data:`RCU_JIFFIES_TO_SCHED_QS` old, whichever is first; with
        :data:`RCU_SCHED_CLEANUP_TICKS`, at its report (that user tick, else the
        CPU's next tick) and the kthread's ``rcu_gp_cleanup`` after it."""
        j = RCU_TICK_NS
        t1 = (start // j + 1) * j
        # the grace period jiffies_to_sched_qs old: rcu_urgent_qs, a resched and the
        # held CPU's next cond_resched report it (rcu_implicit_dynticks_qs, rcu_all_qs)
        cap = start + (RCU_JIFFIES_TO_SCHED_QS + 1) * j
        steps = RCU_SCHED_CLEANUP_TICKS * j
        last = 0
        for cpu, (s0, s1, runs, _) in self._spans.items():
            if s0 <= t1 and s1 + (steps + j if steps else 0) > now:
                for r0, r1, share, _ in runs:
                    # a user-mode tick of the task's run: rcu_qs there
                    q = self._user_tick(cpu, t1, r0, r1, share)
                    if q >= 0:
                        s1 = q
                        break
                if s1 > cap:
                    s1 = cap
                if steps:
                    # reported at the CPU's tick (a user tick's own, else the next:
                    # rcu_core → rcu_check_quiescent_state), the kthread's
                    # rcu_gp_cleanup after it (RCU_SCHED_CLEANUP_TICKS): one at the
                    # callback's own tick still holds it (noticed at the tick after)
                    s1 = -(-s1 // j) * j + steps
                    if s1 == now:
                        s1 += 1
                if s1 > now and s1 > last:
                    last = s1
        return last

    def _hold(self, end: int, last: int, now: int) -> None:
        """The grace period of nominal ``end`` runs on to ``last`` (ns): recorded
        (:attr:`_holds`, or its hold lengthened), and one numbered since starts
        at its end (``rcu_gp_cleanup``'s ``needgp``)."""
        holds = self._holds
        for i in range(len(holds) - 1, -1, -1):
            e, d, at = holds[i]
            if e == end:
                old = end + d
                if last <= old:
                    return
                holds[i] = (end, last - end, at)
                break
        else:
            old = end
            holds.append((end, last - end, now))
            if len(holds) > 64:
                del holds[0]
        if self.gp_end == old:
            self.gp_end = last
        elif self.gp_start >= old:
            if self.gp_prev_end == old:
                self.gp_prev_end = last
            self.gp_start += last - old
            self.gp_end += last - old

    def rcu_span(self, cpu: int, start: int, end: int, run: int = -1, pid: int = -1) -> None:
        """``cpu`` runs task ``pid`` in the kernel from ``start`` to ``end`` (ns): a
        system call's work (:meth:`tick`), a new task's setup and ``execve``
        (:meth:`_rcu_run`); from ``run`` on (-1: none) the task's run after its
        exec, some of its ticks in user mode (:data:`RCU_USER_TICK_SHARE`). One
        that overlaps the last one there joins it. One of the same task that
        starts where the last ended joins it too (no switch and no other task
        between): from its run after an exec, going on in the kernel (an exit,
        another execve); from its kernel work, with its own user-mode work
        between, which the model gives no time: the two spans and what lies
        between are then one stretch of its time on the CPU, a run whose ticks
        find it in user mode at :data:`RCU_TASK_USER_TICK_SHARE` (docs/fidelity.md
        item 450). Another task's span that starts where the last ended, or any
        that starts after, replaces it (a switch, or user mode, lies between).
        Each run is (from, to, share, whether a stretch between system calls)."""
        runs = ((run, end, RCU_USER_TICK_SHARE, False),) if 0 <= run < end else ()
        last = self._spans.get(cpu)
        if last is not None:
            s0, s1, lruns, who = last
            if s0 <= start < s1:
                if end > s1:
                    self._spans[cpu] = (s0, end, lruns + runs, who)
                return
            if start == s1 and pid == who >= 0:
                if not lruns or lruns[-1][1] != s1 or lruns[-1][3]:
                    # its kernel work, then its own between system calls: one stretch
                    if lruns and lruns[-1][3] and lruns[-1][1] == s1:
                        r0 = lruns[-1][0]
                        lruns = lruns[:-1]
                    else:
                        r0 = lruns[-1][1] if lruns else s0
                    lruns += ((r0, run if runs else end, RCU_TASK_USER_TICK_SHARE, True),)
                self._spans[cpu] = (s0, end, lruns + runs, who)
                return
        self._spans[cpu] = (start, end, runs, pid)

    def _user_tick(self, cpu: int, t1: int, run: int, end: int,
                   share: float | None = None) -> int:
        """The first tick on ``cpu`` after ``t1`` (the one where it noticed the
        grace period: a quiescent state before it does not count,
        ``__note_gp_changes`` sets ``cpu_no_qs``), at or after ``run`` and before
        ``end``, that finds the task in user mode, or -1: each tick of the run a
        draw at ``share`` (None: :data:`RCU_USER_TICK_SHARE`, a run after an exec;
        :data:`RCU_TASK_USER_TICK_SHARE`, a task's stretch between its system
        calls), a hash of the seed, the CPU and the tick's number (splitmix64: the
        seed and the CPU mixed into the base first, so that seeds do not draw one
        sequence shifted by a tick), so the same tick draws the same whoever asks."""
        j = RCU_TICK_NS
        n = max(t1 // j + 1, -(-run // j))
        if share is None:
            share = RCU_USER_TICK_SHARE
        mask = (1 << 64) - 1
        # the seed and the CPU mixed first: seed s at tick n is not seed s+1 at n-1
        z = (self.rcu_seed * 0x9E3779B97F4A7C15 + cpu * 0xBF58476D1CE4E5B9
             + 0x632BE59BD9B4E019) & mask
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
        base = z ^ (z >> 31)
        while n * j < end:
            z = (base + n * 0x9E3779B97F4A7C15) & mask
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & mask
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & mask
            z ^= z >> 31
            if z < share * 18446744073709551616.0:
                return n * j
            n += 1
        return -1

    def _numbered_at_end(self) -> int:
        """The end (ns) of the running grace period if a callback queued now is
        numbered only then: its CPU saw that one start at an earlier tick and its
        next tick comes before the end (:meth:`rcu_due`'s :data:`RCU_NOTICE`
        cases); -1 otherwise (it is numbered at its next tick, whatever CPU the
        kthread takes)."""
        if RCU_GP_NS is None or not RCU_NOTICE:
            return -1
        j = RCU_TICK_NS
        t0 = self.now_ns // j * j
        tick = t0 + j
        end = self.gp_end
        if self.gp_start < t0 and tick < end:
            return end
        end = self.gp_prev_end
        if tick < self.gp_start and self.gp_prev_start < t0 and tick < end:
            return end
        return -1

    def _wait_end(self, end: int, cb: tuple) -> None:
        """Hold ``cb`` for the grace period ending at ``end`` (:meth:`_gp_cleanup`
        queued there once)."""
        held = self._gp_wait.get(end)
        if held is None:
            held = self._gp_wait[end] = []
            self._seq += 1
            heapq.heappush(self._heap, (end, self._seq, self._gp_cleanup, (end,)))
        held.append(cb)

    def _gp_cleanup(self, end: int) -> None:
        """``rcu_gp_cleanup`` at ``end``: the kthread woken where the scheduler puts
        it (:attr:`gp_kthread_wake`) numbers its own CPU's held callbacks there
        (``__note_gp_changes`` of its ``rcu_data``, then ``rcu_accelerate_cbs``:
        the next grace period, started at once if none is asked for yet); the
        other CPUs number theirs at their tick after (``rcu_core`` →
        ``note_gp_changes``). Each runs at the tick after its grace period's end
        (kernel/rcu/tree.c, v5.10 and v6.1)."""
        held = self._gp_wait.pop(end)
        heap = self._heap
        gp = RCU_GP_NS
        wake = self.gp_kthread_wake
        if gp is None or wake is None:          # the rule or the placement unset since
            for cb in held:
                heapq.heappush(heap, (self.rcu_due(), cb[0], cb[1], cb[2]))
            return
        kcpu = self.gp_kthread_cpu = wake(self.gp_kthread_cpu)
        j = RCU_TICK_NS
        push = heapq.heappush
        # the kthread's CPU's at the end, then the others' at the tick after, each in
        # queuing order; those numbered at one tick share its grace period
        for own, tick in ((True, end), (False, (end // j + 1) * j)):
            due = -1
            for cb in held:
                if (cb[3] == kcpu) is not own:
                    continue
                if due < 0:
                    if self.gp_end <= tick:     # none running: one starts at the tick
                        self.gp_prev_start, self.gp_prev_end = self.gp_start, self.gp_end
                        self.gp_prev_start_cpu = self.gp_start_cpu
                        self.gp_start_cpu = -2 if own else cb[3]
                        self.gp_start = tick
                        self.gp_end = tick + gp
                    elif self.gp_start < tick:  # one running: the next, from its end
                        self.gp_prev_start, self.gp_prev_end = self.gp_start, self.gp_end
                        self.gp_prev_start_cpu, self.gp_start_cpu = self.gp_start_cpu, -2
                        self.gp_start = self.gp_end
                        self.gp_end += gp
                    due = (self.gp_end // j + 1) * j
                push(heap, (due, cb[0], cb[1], cb[2]))

    def queue_work(self, fn, *args) -> None:
        """Run ``fn`` from a kworker shortly (``queue_work``)."""
        self.call_at(self.now_ns + WORK_LATENCY_NS, fn, *args)

    def queue_rcu_work(self, fn, *args, cpu: int = -1) -> None:
        """``queue_rcu_work``: an RCU callback that queues ``fn(*args)`` as a work
        (``rcu_work_rcufn`` → ``__queue_work``, kernel/workqueue.c at v5.10 and
        v6.1), as are a ``percpu_ref`` kill's confirmation (``css_killed_ref_fn``'s
        ``queue_work``) and a cgroup's bpf release: the grace period's event
        queues the work when it runs (so the work takes its place among those
        due when it does, as a :meth:`call_rcu` of a :meth:`queue_work` would),
        the clock's own step with nothing else run in between; ``cpu`` as
        :meth:`call_rcu`'s."""
        self._seq += 1
        self.rcu_cpu = cpu
        if cpu >= 0 and self.now_ns < self.gp_end and self.gp_kthread_wake is not None:
            end = self._numbered_at_end()
            if end >= 0:
                self._wait_end(end, (self._seq, self._queue_work_now, (fn, args), cpu))
                return
        heapq.heappush(self._heap, (self.rcu_due(), self._seq,
                                    self._queue_work_now, (fn, args)))

    def _queue_work_now(self, fn, args: tuple) -> None:
        """:meth:`queue_rcu_work`'s grace period ended: its work queued."""
        self._seq += 1
        heapq.heappush(self._heap, (self.now_ns + WORK_LATENCY_NS, self._seq, fn, args))

    def call_every(self, period_ns: int, fn) -> None:
        """A delayed work that re-queues itself every ``period_ns`` (a periodic
        flush) and finds nothing to do when nothing else ran since its last run:
        :meth:`run_until` jumps over such runs (keeping their phase) instead of
        stepping through them, so a sleep of 10**99 s costs as much as one of 10 s."""
        self.call_later(period_ns, _Periodic(period_ns, fn))

    def _far_due(self, when_ns: int) -> None:
        """The far events due at or before ``when_ns`` join the near heap."""
        far = self._far
        heap = self._heap
        while far and far[0][0] <= when_ns:
            heapq.heappush(heap, heapq.heappop(far))
        self.far_at = far[0][0] if far else math.inf

    def run_until(self, when_ns: int) -> None:
        """Run every event due at or before ``when_ns``, then set the clock there."""
        heap = self._heap
        if self.far_at <= when_ns:
            self._far_due(when_ns)
        if not heap or heap[0][0] > when_ns:       # nothing due: only the time moves
            if when_ns > self.now_ns:
                self.now_ns = when_ns
            return
        while heap and heap[0][0] <= when_ns:
            t, _, fn, args = heapq.heappop(heap)
            self.now_ns = t
            if type(fn) is _Periodic:
                fn.fn()
                period = fn.period
                nxt = t + period
                # the runs before the next other event (or the end) would be no-ops
                limit = min(self.next_at - 1, when_ns)
                if limit > nxt:
                    nxt += (limit - nxt) // period * period
                self.call_at(nxt, fn)
            else:
                fn(*args)
            if self.far_at <= when_ns:
                self._far_due(when_ns)
        if when_ns > self.now_ns:
            self.now_ns = when_ns

    def preempt(self, key, at_ns: int, ns: int) -> None:
        """The task running at ``at_ns`` loses its CPU for ``ns`` then (a tick's
        ``check_preempt_tick`` gives it to a task queued behind it, which runs that
        long: kernel/sched.py ``Sched.wake_up_new_task``): the first :meth:`tick`
        whose work goes past ``at_ns`` takes ``ns`` longer, the events due meanwhile
        run at their times. ``key`` names it for :meth:`cancel_preempt`."""
        self._preempts[key] = (at_ns, ns)
        if at_ns < self.preempt_at:
            self.preempt_at = at_ns

    def cancel_preempt(self, key) -> None:
        """Forget ``key``'s :meth:`preempt` (the task queued behind ran otherwise:
        its parent blocked first, or no task's work went past it)."""
        p = self._preempts
        if p.pop(key, None) is not None:
            self.preempt_at = min((a for a, _ in p.values()), default=math.inf)

    def _preempted(self, when: int) -> int:
        """The work of a :meth:`tick` from now to ``when`` goes past the preemptions
        due by then: their lengths, summed (each pushes the work's end on). One due
        before now passed while no task worked (the clock ran to a sleep's end):
        the CPU was free for its task then, it is dropped."""
        p = self._preempts
        now = self.now_ns
        extra = 0
        for key, (at, ns) in sorted(p.items(), key=lambda e: e[1][0]):
            if at >= when + extra:
                break
            if at >= now:
                extra += ns
            del p[key]
        self.preempt_at = min((a for a, _ in p.values()), default=math.inf)
        return extra

    def tick(self, cost_ns: int, task=None, run_ns: int = 0) -> None:
        """Let ``cost_ns`` (times the pace) pass for work a task does (a syscall's
        CPU time), and any time its CPU is taken from it meanwhile (:meth:`preempt`).
        ``task``: the task doing it (None: the current one), a kernel span on its
        CPU with :data:`RCU_SCHED_QS` (:meth:`rcu_span`), whose last ``run_ns``
        (times the pace) are its run after its exec."""
        if self.pace != 1.0:
            cost_ns = int(cost_ns * self.pace)
            run_ns = int(run_ns * self.pace)
        self.busy_ns += cost_ns
        when = self.now_ns + cost_ns
        if when > self.preempt_at:
            when += self._preempted(when)
        heap = self._heap
        if heap and heap[0][0] <= when or self.far_at <= when:
            if self.rcu_sched_qs is not None:     # a kernel span (_rcu_run)
                self._task_span(task, when, run_ns)
            self.run_until(when)
        elif cost_ns > 0:
            if self.rcu_sched_qs is not None:
                self._task_span(task, when, run_ns)
            self.now_ns = when

    def _task_span(self, task, when: int, run_ns: int) -> None:
        """:meth:`tick`'s kernel span from now to ``when`` (:meth:`rcu_span`)."""
        if task is None:
            task = self.rcu_sched_qs()      # type: ignore[misc]
        self.rcu_span(task.cpu, self.now_ns, when, when - run_ns if run_ns else -1,
                      task.pid)

    @property
    def next_at(self) -> float:
        """When the next event is due (ns), inf if none is."""
        at = self._heap[0][0] if self._heap else math.inf
        return at if at < self.far_at else self.far_at

    @property
    def pending(self) -> int:
        """How many events are queued."""
        return len(self._heap) + len(self._far)


class _Periodic:
    """A :meth:`Clock.call_every` work item: its period and function."""
    __slots__ = ("period", "fn")

    def __init__(self, period: int, fn) -> None:
        self.period = period
        self.fn = fn
