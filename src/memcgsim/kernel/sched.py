"""kernel/sched/ as far as charging goes: which CPU a task runs on, CPU affinity,
and who runs first after fork.

``sched_child_runs_first`` is 0 by default: ``wake_up_new_task`` queues the child
on the CPU ``select_task_rq(SD_BALANCE_FORK)`` picks and the parent returns from
``fork`` and goes on. A child placed on an idle CPU starts at once, concurrently
with its parent. One that shares the parent's CPU waits: ``task_fork_fair`` →
``place_entity(cfs_rq, se, 1)`` puts it a ``sched_vslice`` after ``min_vruntime``
(``START_DEBIT``), behind the running parent, so ``check_preempt_wakeup`` does not
preempt the parent; it runs when the parent blocks (``schedule`` →
``pick_next_task_fair`` picks the leftmost entity: the queued children, oldest
first), when another CPU goes idle and pulls it (``newidle_balance``) or when the
tick ends the parent's slice (``check_preempt_tick``), whichever comes first
(:meth:`Sched.schedule`; kernel/sched/fair.c ``task_fork_fair``, ``place_entity``,
``check_preempt_tick``, the fair class's ``.check_preempt_curr =
check_preempt_wakeup``, read at torvalds/linux 000619680c37, an older tree: 5.10
and 6.1 are the same CFS, EEVDF replaced it in 6.6). A command the parent then
waits for, forked onto the same CPU, runs after them (:meth:`Sched.runqueue_wait`).
On the model's clock the child's first run (its setup in the forked shell and its
``execve``) is an event ``delay`` after the fork: the parent's next system calls,
each taking its calibrated time (``Clock.tick``), come before or after it. The
delay is drawn from the run's seeded generator, so a given ``--seed`` gives one
outcome and seeds vary it where the real kernels vary; ``--pace`` scales it with
every other cost.

Durations are model calibration, not kernel facts: see ``calibration/README.md``
(the nested-scope loop, tests/conformance/scripts/v2-nested-scope.sh, recorded on
5.10 and 6.1: how often the child's ``execve`` comes before its parent's move).

A task that blocked (a shell waiting for its foreground child, reading a command
substitution's pipe) is placed again when it wakes (``Sched.select_task_rq_wake``):
``select_task_rq_fair`` for a wakeup, ``wake_affine`` then ``select_idle_sibling``.
A CPU is not idle while a new task placed on it has not yet run to its ``execve``,
nor while one of the kernel's own threads runs there (``KTHREAD_BUSY_P``, a seeded
draw): a shell whose previous CPU is taken wakes on its child's, so over a loop it
moves between CPUs and its commands' per-CPU state (obj stocks, batched statistics)
spreads over all of them, as on the guests (calibration/shell-wakeup.sh).
"""
from __future__ import annotations

import errno
import math
import random
from typing import TYPE_CHECKING

from .clock import RCU_TICK_NS

if TYPE_CHECKING:
    from . import KernelCore
    from .fork import Task

#: A new task on an idle CPU: from ``wake_up_new_task`` to the forked shell's
#: ``execve`` done (its setup after fork, the exec's own work): the mean, and the
#: spread (uniform, ± half of it) of the run-to-run jitter. Uniform over 0.75 to
#: 1.5 ms: done before the parent's next fork and exec (1.5 ms) ends, before its
#: cgroup attach (1.1 ms, ``fork.ATTACH_COST_NS``) ends 47 % of the time, as
#: 6.1's nested-scope loop needs.
CHILD_EXEC_NS = 1_125_000
CHILD_EXEC_JITTER_NS = 750_000
#: The part of a child's fork-to-exec on an idle CPU that is that CPU's wake-up
#: (an emulated guest's idle vCPU: ``sched_wakeup_new`` to the child's first
#: switch-in), not its own run: the median share over the guests' 1247 traced forks
#: onto another, idle CPU (0.15 / 0.39 / 0.59 quartiles; 2-8 CPUs, both kernels:
#: ``python3 tools/sizes/fork_wait.py --share
#: tools/sizes/recordings/place-trace-*``; docs/fidelity.md item 268).
VCPU_WAKE_SHARE = 0.39
#: That wake-up in the model's time at paces 1: the machine's time, so the clock's
#: pace does not stretch it and a slower machine (:attr:`Sched.pace`) ends it
#: sooner in the model's time, as the slice (:meth:`Sched.vcpu_wake_ns`)
VCPU_WAKE_NS = int(CHILD_EXEC_NS * VCPU_WAKE_SHARE)
#: Now and then the child is much later (on the recordings' emulated guests: 2 and 3
#: of the v2 cover-letter loop's 500 sleeps exec'ed after their parent moved them,
#: over 1.5 ms after the fork, on 6.1): that often, by that much more.
CHILD_LATE_P = 0.005
CHILD_LATE_NS = 3_000_000
#: A new task sharing its parent's CPU, the parent not blocking meanwhile: its
#: ``execve`` done this long after the fork, the end of the parent's slice
#: (``sysctl_sched_min_granularity`` 0.75 ms times the CPU-count factor, up to 3 ms
#: with 8 CPUs) and then its run (``CHILD_EXEC_NS``), jittered as above. A parent
#: that blocks sooner lets it run then (:meth:`Sched.schedule`).
SAME_CPU_EXEC_NS = 3_000_000
#: The part of it that is the parent's slice: the machine's time (the tick, HZ=250,
#: and ``sched_slice``), not a calibrated cost, so a slower machine
#: (:attr:`Sched.pace`) ends it sooner in the model's time and the clock's pace
#: does not stretch it (:meth:`Sched.slice_ns`)
SAME_CPU_SLICE_NS = SAME_CPU_EXEC_NS - CHILD_EXEC_NS


#: PELT's half-life: a CPU's utilization (``cfs_rq->avg.util_avg``) decays by half
#: every ``LOAD_AVG_PERIOD`` (32) periods of 1024 µs (kernel/sched/sched-pelt.h,
#: kernel/sched/pelt.c ``decay_load``).
PELT_HALFLIFE_NS = 32 * 1024 * 1000
#: ``SCHED_CAPACITY_SCALE``: a CPU's full utilization (kernel/sched/sched.h).
SCHED_CAPACITY_SCALE = 1024
#: The utilization one PELT nanosecond of running adds to an entity at rest
#: (``___update_load_sum``/``accumulate_sum``: a period of 1024 µs running adds
#: ``1024 * (1 - y)``, y = 0.5 ** (1 / 32)), for the short runs of
#: :data:`KWORK_NS` (d ≪ a period: linear).
UTIL_PER_RUN_NS = SCHED_CAPACITY_SCALE * (1.0 - 0.5 ** (1 / 32)) / 1_024_000
#: The kernel's own work a forked command leaves on its CPU, in the model's time:
#: per-CPU kworkers and ksoftirqd woken by its mkdir, exec and exit run there
#: while it lives, and their utilization stays there, blocked (never removed as a
#: dead task's is), decaying with PELT's half-life. The guests' traced loops at 4,
#: 16 and 32 CPUs (tools/sizes/fork-place-trace.sh's recordings): kernel threads ran
#: a mean 0.55 ms on a command's CPU from its first run to 10 ms after its exit
#: (tools/sizes/fork_kwork.py: 0.06-1.37 ms by loop, a heavy tail, the median 0-254
#: µs), and replaying the traces with PELT's rule (tools/sizes/fork_pelt.py) predicts
#: most placements with 10 of 1024 more a command (0.47 ms of running): 1.0 ms of the
#: guests' time, which ran 17-28 times the model's (28-52 ms a command against its
#: 1.8), so 40 µs of the model's. Its utilization (0.85 of 1024 at the model's own
#: pace) reads 0 (``util_avg`` is an integer) unless the machine is slower
#: (:attr:`Sched.pace`).
KWORK_NS = 40_000

#: How often the blocked load of idle CPUs is brought up to date:
#: ``nohz.next_blocked = jiffies + msecs_to_jiffies(LOAD_AVG_PERIOD)`` after each
#: ``_nohz_idle_balance(NOHZ_STATS_KICK)`` (kernel/sched/fair.c, 5.10 and 6.1), the
#: only update an idle CPU's ``cfs_rq`` gets while nothing is queued on it: 32 ms
#: (8 jiffies at HZ=250). It runs at the first trigger past ``next_blocked``: a busy
#: CPU's tick (``nohz_balancer_kick``: ``NOHZ_STATS_KICK``, every 4 ms while a
#: task runs) or a CPU going idle (``nohz_newidle_balance``; 6.1 runs it from
#: ``do_idle``, ``nohz_run_idle_balance``, c6f886546cb8 in v5.13), so while the
#: shell and its commands run it comes every period, whatever forks meanwhile.
NOHZ_STATS_PERIOD_NS = 32_000_000

#: How often a CPU the model's tasks leave idle is found running (or about to run) a
#: kernel thread when a woken task is placed: the RCU grace-period kthread
#: (``rcu_sched``, woken every few ms), per-CPU kworkers (``lru_add_drain_per_cpu``
#: that a v1 charge move flushes and waits for, ``css_killed_work_fn``),
#: ``ksoftirqd``; the model runs none of them as tasks. Calibration: of the cover
#: letter's loop's 4000 commands on the 2-CPU guests (calibration/shell-wakeup.sh, 500
#: iterations on 5.10 and 6.1), 1423 ran on the shell's own CPU (650 on 5.10, 773 on
#: 6.1): the other CPU was not idle when they were placed. The model applies it to
#: wakeups only (docs/kernel-facts.md F21 says why and what that leaves).
KTHREAD_BUSY_P = 1423 / 4000
#: The same when other CPUs are idle too: the kernel's threads keep to the CPUs
#: they ran on before (``select_idle_sibling``'s ``prev``), and the sleeping
#: shell's CPU is taken rarely (the one move read in a trace: an unbound kworker a
#: command woke, placed on the first idle CPU after the command's,
#: ``select_idle_cpu``'s wrap, which was the shell's). Calibration: the shell of a
#: 300-mkdir loop moved at 16 of its 1194 wakeups on the guests (sched_wakeup's target_cpu,
#: tools/sizes/fork-cpus-trace.sh; recordings fork-cpus-trace--*: 5.10 3 of 301 at 4
#: CPUs and 4 of 300 at 8, 6.1 8 of 300 and 1 of 293; three earlier runs 12 of 893;
#: every command on another CPU than the shell's; 5.10 and 6.1 alike). Before: 1/200,
#: from 10 samples a loop (calibration/sched-placement.sh) and 60 wakeups of
#: v1-reparent-kmem-4cpu.
KTHREAD_BUSY_SPREAD_P = 16 / 1194
#: The RCU grace-period kthread as a task (:meth:`Sched._gp_kthread_wake`): woken at
#: each grace period's start and end of the model's RCU (kernel/clock.py
#: ``Clock.gp_start``, ``gp_end``), placed as ``select_task_rq_fair`` places it, it
#: keeps a CPU it lands on from idle for a while drawn from the design's
#: ``gp_kthread_hold_us`` or ``gp_kthread_remote_hold_us`` by its waker (the
#: guests' vCPU wake-up and run), and that CPU is not idle to a fork's or a
#: wake-up's look meanwhile, in place of the ``KTHREAD_BUSY_P`` draw. Off: measured
#: against the conformance suite in session 41 (docs/fidelity.md item 374) and, by
#: waker, over four seeds in session 42 (items 389, 390). Read by the scheduler at
#: boot.
GP_KTHREAD_HOLDS = False
#: With :data:`GP_KTHREAD_HOLDS`, the kthread is also woken at each scheduler tick
#: of a grace period after its start (kernel/clock.py ``RCU_TICK_NS``): its timer's
#: force-quiescent-state scans (``rcu_gp_fqs_loop``, ``jiffies_till_first_fqs`` and
#: ``jiffies_till_next_fqs`` 1 jiffy at HZ=250 on 2 to 64 CPUs). The guests woke it
#: more often than the model's grace periods' ends alone do (5.10 779 and 6.1 1178
#: wake-ups in the 2-CPU loops, 1.8 and 2.7 per ms of the model's time at their
#: paces, against 1.3; with the scans 4.3, a held CPU's wake-up not placing it
#: again: docs/fidelity.md item 374).
GP_KTHREAD_FQS = False
#: How often a woken task's own previous CPU, idle while it slept, is found taken
#: by a kernel thread at its wake-up when it is the only idle CPU besides the
#: waker's: the guests' shell woken by a child exiting on the other CPU resumed
#: elsewhere 7 times of 353 (2 CPUs: comsub-pipe-cpus 2 of 108 on 5.10, 0 of 122
#: on 6.1; novel-host-refreshed 0 of 15 and 0 of 14; the cover letter's timed
#: loop 5 of 94: ``python3 tools/sizes/shell_wakes.py TRACE``, docs/kernel-facts.md
#: F21, docs/fidelity.md items 391 and 417), as at 4 and 8 CPUs
#: (:data:`KTHREAD_BUSY_SPREAD_P`): the kernel's threads woken meanwhile went to
#: the CPU they ran on before (``select_idle_sibling``'s ``prev``), the one the
#: sleeper's children ran on. :data:`KTHREAD_BUSY_P`, a fork's measure, stays for
#: the other CPUs. Used with :data:`KTHREAD_SLEEPER`.
KTHREAD_SLEEPER_P = 7 / 353
#: The switch for :data:`KTHREAD_SLEEPER_P` (docs/fidelity.md item 417).
KTHREAD_SLEEPER = False
#: The model's wake-ups without ``WF_SYNC``'s pull toward the waker's CPU, as the
#: kernel makes them: an exiting child's ``__wake_up_parent`` is a sync wake-up, but
#: ``select_task_rq_fair`` reads ``sync = (wake_flags & WF_SYNC) && !(current->flags
#: & PF_EXITING)`` and the child is exiting (``exit_signals`` set PF_EXITING at
#: ``do_exit``'s start); a pipe's last close (``pipe_release`` →
#: ``wake_up_interruptible_all``, 6551d5c56eb0 in v5.6) and a signal's
#: ``signal_wake_up`` pass no ``WF_SYNC`` (kernel/sched/fair.c, kernel/exit.c,
#: fs/pipe.c, kernel/signal.c; v5.10 and v6.1). So ``wake_affine`` keeps the woken
#: task's previous CPU (:meth:`Sched.select_task_rq_wake`). Off by default: judged
#: in session 44 (docs/fidelity.md item 440).
WAKE_EXITING_NOT_SYNC = False
#: The kernel threads' occupancy met at a fork: the only idle CPU a fork's walk
#: would take besides the parent's is found taken with :data:`KTHREAD_BUSY_P` (the
#: guests' 1423 of 4000 commands run on the shell's own CPU, a fork's measure; the
#: place traces' shell forks with the other CPU free of user tasks found a kernel
#: thread running or woken there 167 times of 461: ``python3
#: tools/sizes/fork_hold_residual.py``), held for :data:`KTHREAD_FORK_HOLD_US`
#: (the machine's time), so the child is queued behind its parent and runs when
#: the parent blocks or that CPU goes idle and pulls it (:meth:`Sched._newidle_pull`),
#: and a wake-up meanwhile finds that CPU taken (docs/fidelity.md item 417). With
#: more idle CPUs no draw: the kernel's threads keep to their own CPUs (F21: a
#: shell's mkdirs ran on every CPU but its own).
KTHREAD_AT_FORK = False
#: How long the kernel thread a fork met keeps that CPU from then (µs of the model
#: at paces 1: least, 10th..90th percentiles, 99th): the two comsub-pipe-cpus
#: traces' residuals from each shell fork that found one to that CPU's next switch
#: to idle or a user task, at their paces (109.2, 129.3; 149 forks: ``python3
#: tools/sizes/fork_hold_residual.py
#: tools/sizes/recordings/place-trace-comsub-pipe-cpus--5.10-v2-2cpu.txt.gz:432
#: tools/sizes/recordings/place-trace-comsub-pipe-cpus--6.1-v2-2cpu.txt.gz:432``).
KTHREAD_FORK_HOLD_US = (2.0, 50.3, 143.8, 199.4, 236.5, 294.2, 325.8, 362.0, 411.6,
                        495.8, 981.9)


class Sched:
    """CPU placement and the start of new tasks.

    Each CPU's utilization is PELT's (``cfs_rq->avg.util_avg``, of
    ``SCHED_CAPACITY_SCALE``): a task placed on a CPU brings its initial
    utilization (``post_init_entity_util_avg``), decayed with PELT's half-life
    since, and taken out again after the task died (:meth:`task_dead`); the kernel
    work it leaves there (:data:`KWORK_NS`) stays. The model keeps no per-task run
    times, so each forked task counts the same (the short-lived commands of a
    script: what the placement decides among). As every CPU decays at the same
    rate, ``ukey`` holds ``log2(util) + t / half-life`` of its last update: a CPU's
    value at any time without decaying each (-inf: never used).

    PELT runs on the machine's clock: :attr:`pace` is how many times slower than
    the model's calibration host the machine is (an emulated guest: 20-35 at 16-64
    CPUs), so a command that lasts 1.8 ms of model time has run 40-60 ms as PELT
    sees it, and how much of its kernel work's utilization is left at the next fork
    depends on that pace, as the CPU count does."""
    __slots__ = ("k", "rng", "ukey", "busy_until", "krng", "firstrun", "behind",
                 "contrib", "removed", "pending", "next_blocked", "_placed", "drng",
                 "_late_p", "pace", "recent_prev", "vheld", "khold_us", "khold",
                 "kcpu", "kwoke", "khrng", "kremote_us", "kstay", "kfork", "ksleeper",
                 "nonsync", "queued")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        self.rng = random.Random(kernel.seed)
        self.ukey = [-math.inf] * kernel.nr_cpus
        #: the machine's pace: PELT's clock runs this many times the model's
        self.pace = 1.0
        #: per CPU: when the new task last placed on it ends its first run (blocks
        #: after its ``execve``); before that the CPU is not idle
        self.busy_until = [0] * kernel.nr_cpus
        #: per CPU: the new tasks placed on it whose first run has not ended, and
        #: when it ends (``busy_until`` is the latest of them)
        self.firstrun: list[dict] = [{} for _ in range(kernel.nr_cpus)]
        #: the new tasks queued behind a running parent on its CPU (forked there,
        #: not yet run), oldest first, by parent: [child, end of first run, its run]
        self.behind: dict = {}
        #: the kernel threads' occupancy, a stream of its own (seeded) so that it
        #: leaves the children's start times drawn as before
        self.krng = random.Random(kernel.seed ^ 0x6B746872)
        #: per live task a fork placed: its CPU and the ``ukey`` of the unit of
        #: utilization it brought there
        self.contrib: dict = {}
        #: per CPU: the keys of dead tasks' utilization not yet taken out of it
        #: (``cfs_rq->removed``), each with the time of its task's death
        self.removed: list[list[tuple[float, float]]] = [[] for _ in range(kernel.nr_cpus)]
        #: the CPUs whose ``removed`` is not empty
        self.pending: set[int] = set()
        #: ``nohz.next_blocked``: when idle CPUs' blocked load is next updated
        self.next_blocked = 0.0
        #: the race of a dead task's final switch with its reaper: a stream of its
        #: own (seeded), so the other draws stay as they were
        self.drng = random.Random(kernel.seed ^ 0x74736B64)
        late, reaped = kernel.design.dead_switch_late_p
        self._late_p = late / reaped
        self.recent_prev = kernel.design.recent_used_cpu_prev
        #: per CPU: the woken task that holds it until its vCPU wakes
        #: (:meth:`_vcpu_wait`), ``busy_until`` before that and the wake-up's end
        self.vheld: list = [None] * kernel.nr_cpus
        #: the grace-period kthread's holds (:data:`GP_KTHREAD_HOLDS`): the knots of
        #: their length (µs; () when not modelled), per CPU when its hold ends, the
        #: CPU it ran on last, the last grace-period boundary it was woken at, and
        #: the lengths' stream (seeded, of its own)
        design_hold = kernel.design.gp_kthread_hold_us
        self.khold_us = tuple(design_hold) if (GP_KTHREAD_HOLDS and design_hold
                                               and kernel.nr_cpus > 1) else ()
        #: the knots of a hold woken by a task on another CPU (the design's
        #: ``gp_kthread_remote_hold_us``; (): every wake-up an interrupt's) and how
        #: often a wake-up by an interrupt leaves it on its busy CPU
        self.kremote_us = tuple(kernel.design.gp_kthread_remote_hold_us) \
            if self.khold_us else ()
        stay, of = kernel.design.gp_kthread_busy_stay
        self.kstay = stay / of
        self.khold = [0] * kernel.nr_cpus
        self.kcpu = 0
        self.kwoke = -1
        self.khrng = random.Random(kernel.seed ^ 0x6B686C64)
        #: per CPU: when the kernel thread a fork met there (:data:`KTHREAD_AT_FORK`)
        #: leaves it (None: not modelled)
        self.kfork = [0] * kernel.nr_cpus if KTHREAD_AT_FORK and kernel.nr_cpus > 1 \
            else None
        self.ksleeper = KTHREAD_SLEEPER
        #: :data:`WAKE_EXITING_NOT_SYNC`, read at boot
        self.nonsync = WAKE_EXITING_NOT_SYNC
        #: the tasks a wake-up left on a runqueue that have not run and blocked
        #: since (``p->on_rq``), each with the running waker it is queued behind on
        #: that waker's CPU (None: it may run): a pipe's reader woken by a write
        #: (kernel/pipe.py ``PIPE_WRITE_WAKES``, :meth:`queue_woken`); another
        #: wake-up does not place them again (``ttwu_runnable``)
        self.queued: dict = {}

    def available_idle_cpu(self, cpu: int, waker: int = -1, home: int = -1) -> bool:
        """``available_idle_cpu``: nothing runs or waits on the CPU (``idle_cpu``).
        A CPU is busy while a new task placed on it has not yet run to its
        ``execve`` (``wake_up_new_task``), and otherwise with ``KTHREAD_BUSY_P``
        (a kernel thread on it: seeded draw) when it is the only idle CPU besides
        the ``waker``'s, else with ``KTHREAD_BUSY_SPREAD_P``: a kernel thread woken
        meanwhile goes where it ran before if that CPU is idle
        (``select_idle_sibling``: ``prev``), so it takes the sleeping shell's CPU
        when every other one is busy, as at 2 CPUs while the shell's child runs on
        the other; with more CPUs idle the kernel's threads keep to their own and
        the shell's CPU mostly stays free. With :data:`GP_KTHREAD_HOLDS` the
        grace-period kthread's hold decides in place of ``KTHREAD_BUSY_P``'s draw.
        With :data:`KTHREAD_AT_FORK` a kernel thread a fork met still there takes
        it; with :data:`KTHREAD_SLEEPER` the woken task's own previous CPU
        (``home``) is drawn at :data:`KTHREAD_SLEEPER_P`."""
        now = self.k.clock.now_ns
        busy = self.busy_until
        if busy[cpu] > now:
            return False
        kf = self.kfork
        if kf is not None and kf[cpu] > now:
            return False
        p = KTHREAD_SLEEPER_P if cpu == home and self.ksleeper else KTHREAD_BUSY_P
        nr = self.k.nr_cpus
        if self.khold_us:
            # the grace-period kthread, a task placed where it is woken: its hold of
            # this CPU decides in place of KTHREAD_BUSY_P's draw (the kworkers'
            # rarer takes of the sleeper's CPU among other idle ones stay drawn)
            self._gp_kthread_sync(now, waker)
            if self.khold[cpu] > now:
                return False
            p = 0.0
        if nr > 2:
            for c in range(nr):
                if c != cpu and c != waker and busy[c] <= now:
                    p = KTHREAD_BUSY_SPREAD_P
                    break
        if not p:
            return True
        return self.krng.random() >= p

    def _gp_kthread_sync(self, now: int, running: int) -> None:
        """Wake the grace-period kthread at each boundary of the model's grace
        periods (a start: ``rcu_start_this_gp`` → ``rcu_gp_kthread_wake``, its
        ``rcu_gp_init``; an end: the last quiescent state's ``rcu_report_qs_rsp`` →
        ``rcu_gp_kthread_wake``, its ``rcu_gp_cleanup``; kernel/rcu/tree.c, v5.10 and
        v6.1) due by ``now`` and not yet seen: the clock keeps the last two grace
        periods (``Clock.gp_prev_start`` .. ``gp_end``), so boundaries of older ones
        not looked at since are skipped (their holds most often over by then). With
        :data:`GP_KTHREAD_FQS` its timer's force-quiescent-state scans as well, at
        each tick of a grace period after its start. A grace period started from idle
        RCU wakes it from the CPU whose tick asked for it (``Clock.gp_start_cpu``:
        ``rcu_core`` → ``rcu_start_this_gp`` → ``rcu_gp_kthread_wake``); one started
        at the previous one's end wakes nothing (``rcu_gp_cleanup`` finds it needed,
        the kthread awake); an end is woken from the busy CPU, whose tick reports
        the last quiescent state (``rcu_report_qs_rsp``; the idle CPU's is the
        kthread's own scan's), taken as the looker's; a scan is its own timer's
        interrupt (docs/fidelity.md item 389). ``running``: the CPU of the task that looks (a fork's parent, a
        wake-up's waker), taken as the one running then (-1: the kernel's
        ``current``'s)."""
        clock = self.k.clock
        kw = self.kwoke
        if clock.gp_end <= kw:
            return
        # an end: the busy CPU's tick (the looker's); a start from idle RCU: the CPU
        # whose tick asked for it (its callback's; the looker's if not said), a
        # start at the previous end none (the kthread awake then); a scan: its
        # own timer's interrupt (-1)
        ws = dict.fromkeys((clock.gp_prev_end, clock.gp_end), running)
        for t, by in ((clock.gp_prev_start, clock.gp_prev_start_cpu),
                      (clock.gp_start, clock.gp_start_cpu)):
            if by != -2 and t not in ws:
                ws[t] = by if by >= 0 else running
        if GP_KTHREAD_FQS:
            j = RCU_TICK_NS
            for a, b in ((clock.gp_prev_start, clock.gp_prev_end),
                         (clock.gp_start, clock.gp_end)):
                t = a + j
                while t < b:
                    ws.setdefault(t, -1)
                    t += j
        for w in sorted(ws):
            if kw < w <= now:
                self._gp_kthread_wake(w, ws[w], running)
                kw = w
        self.kwoke = kw

    def _gp_kthread_wake(self, w: int, waker: int = -1, running: int = -1) -> None:
        """``try_to_wake_up`` of the grace-period kthread at ``w`` (ns): still queued
        or running where its last hold is (``ttwu_runnable``: not placed again), or
        ``select_task_rq_fair`` for a wake-up without ``WF_SYNC``
        (kernel/sched/fair.c, v5.10 and v6.1). By a task running on CPU ``waker``
        (>= 0) where the design has knots for it: on the kthread's own CPU it is
        queued there behind it; from another (``wake_affine`` keeps the kthread's
        previous CPU, the waker's is loaded) ``select_idle_sibling``: that CPU if
        idle, else the first idle CPU after it (``select_idle_cpu``'s wrap), else
        that CPU, busy. By an interrupt (-1, or no such knots): of its
        previous CPU if idle, which it takes; with that CPU busy, that CPU's own
        (queued there behind the running task, no idle CPU taken: 6.1's
        ``SIS_UTIL`` scan skipped under load) at the design's
        ``gp_kthread_busy_stay`` rate, else an idle CPU's (``wake_affine_idle``: the
        waker's idle CPU), a draw of the lengths' stream. Landing on an idle CPU it
        holds it (``nr_running`` 1: not idle) for a length drawn from the design's
        ``gp_kthread_remote_hold_us`` (woken from another CPU: the IPI to the idle
        vCPU, tens of ms of the guest's time mostly) or ``gp_kthread_hold_us`` (by
        its own interrupt: short mostly on 5.10, tens of ms in a third on 6.1;
        tools/sizes/gp_kthread_holds.py, docs/fidelity.md items 374 and 389); the
        machine's time, as :meth:`vcpu_wake_ns`. ``running``: the running task's
        CPU (-1: the kernel's ``current``'s)."""
        kh = self.khold
        prev = self.kcpu
        if kh[prev] > w:
            return
        if running < 0:
            cur = self.k.current
            running = cur.cpu if cur is not None else -1
        busy = self.busy_until
        nr = self.k.nr_cpus
        remote = waker >= 0 and bool(self.kremote_us)
        if remote and waker == prev:
            return          # woken by the task running on its CPU: queued behind it
        knots = self.kremote_us if remote else self.khold_us
        if not remote and (prev == running or busy[prev] > w) \
                and self.khrng.random() < self.kstay:
            return          # queued on its busy CPU: no idle CPU taken
        for i in range(nr):
            c = prev + i
            if c >= nr:
                c -= nr
            if c != running and c != waker and busy[c] <= w:
                u = self.khrng.random() * (len(knots) - 1)
                j = int(u)
                us = knots[j] + (knots[j + 1] - knots[j]) * (u - j)
                kh[c] = w + int(us * 1000 / self.pace)
                self.kcpu = c
                return

    def allowed(self, tsk: "Task") -> range | frozenset:
        """``tsk->cpus_mask``: all CPUs unless ``sched_setaffinity`` narrowed it."""
        m = tsk.cpus_allowed
        return range(self.k.nr_cpus) if m is None else m

    def pelt_now(self) -> float:
        """Now on PELT's clock (ns): the model's time at the machine's :attr:`pace`."""
        return self.k.clock.now_ns * self.pace

    def cpu_util(self, cpu: int, at: float | None = None) -> float:
        """The CPU's utilization decayed to ``at`` (PELT ns; default now:
        ``decay_load``), as its next update sets it."""
        key = self.ukey[cpu]
        if key == -math.inf:
            return 0.0
        return 2.0 ** (key - (self.pelt_now() if at is None else at) / PELT_HALFLIFE_NS)

    def util_read(self, cpu: int, t: float) -> int:
        """``cpu_util_without`` of another CPU at a fork, at ``t`` (PELT ns): an
        integer (``READ_ONCE(cfs_rq->avg.util_avg)``), so a CPU under 1 of 1024 ties
        with one never used (kernel/sched/fair.c, 5.10 and 6.1). The value decayed
        to ``t``: the kernel reads an idle CPU's as its last update left it (an
        enqueue there, the blocked-load update every ``NOHZ_STATS_PERIOD_NS``), up to
        a period older; modelled so, it moved the 4-CPU cases' placements
        (child-stock-rmdir-v1-4cpu, readahead-cold-v1-4cpu) and was not kept
        (docs/fidelity.md item 143 of fork31)."""
        return int(self.cpu_util(cpu, t))

    def select_task_rq_fork(self, parent: "Task | None", allowed=None) -> int:
        """``select_task_rq(SD_BALANCE_FORK)`` → ``find_idlest_cpu`` →
        ``find_idlest_group``: each CPU is a group of the MC domain (the guests' CPUs
        share one package and no SMT), the groups visited from the parent's CPU on
        (``build_sched_groups``: ``for_each_cpu_wrap``). The parent's CPU is busy
        running the fork (no idle CPU; sleeping tasks add no load), so an idle one
        wins (``group_has_spare``: more idle CPUs), and among idle CPUs
        ``update_pick_idlest`` takes the one of lowest utilization, the first on a
        tie. Short tasks forked one after another so go round the idle CPUs, the
        least recently used first, spreading their per-CPU state (stocks, batched
        statistics) over all of them, as long as the dead ones' utilization has not
        been taken out (:meth:`task_dead`: up to ``NOHZ_STATS_PERIOD_NS``); once it
        has, the first idle CPU after the parent's whose integer utilization is the
        lowest takes the next one (:meth:`util_read`): at the model's own pace the
        kernel work a dead command left reads 0 there, on a slower machine
        (:attr:`pace`) the CPUs of the last few commands still read above 0 and the
        walk passes over them: on the recordings' 4- and 8-CPU guests a shell's 1000
        ``mkdir``s ran on every CPU but the shell's, a few CPUs at a time (sched
        tracepoints, calibration/sched-placement.sh), at 16 and 32 CPUs on 8-17 CPUs
        a loop of 150 (tools/sizes/fork_trace_cpus.py).

        When no other CPU is idle (each runs a new task's first run), every group
        has one task and spare capacity (``group_has_capacity``: utilization under
        capacity * 100 / imbalance_pct; a new task's starts at most half the CPU's
        spare, ``post_init_entity_util_avg``), so ``group_has_spare`` ties on
        ``idle_cpus`` (0) and ``find_idlest_group`` keeps the local group
        (``local_sgs.idle_cpus >= idlest_sgs.idle_cpus``: 57abff067a08, v5.5): the
        child stays on the parent's CPU (assumed: the parent's own utilization is
        under that bound, as a shell that waits for its commands is).

        A parent woken onto an idle CPU that forks ends its hold of it
        (:meth:`_vcpu_release`): it runs, so its vCPU woke (on the guests no fork of
        a task so woken came before its switch-in, and a child kept on its CPU
        waited for its parent to block, a median 0.33-0.63 ms, not for the
        wake-up: tools/sizes/woken_fork.py; docs/fidelity.md item 318)."""
        nr = self.k.nr_cpus
        if parent is None:
            return 0 if allowed is None else min(allowed)
        pcpu = parent.cpu
        if self.vheld[pcpu] is not None:
            self._vcpu_release(parent)    # it forks: it runs, its vCPU awake
        if self.queued:
            self.queued.pop(parent, None)
        keys = self.ukey
        now = self.k.clock.now_ns
        busy = self.busy_until
        if self.khold_us:
            # the grace-period kthread's holds make CPUs as busy to the walk
            self._gp_kthread_sync(now, pcpu)
            busy = [b if b > h else h for b, h in zip(busy, self.khold)]
        kf = self.kfork
        if kf is not None:
            busy = self._kthread_at_fork(kf, pcpu, busy, now, allowed)
        tp = now * self.pace
        if nr > 2 and tp >= self.next_blocked:
            self._update_blocked(tp)
        read = self.util_read
        if nr == 1:
            best = 0
        elif allowed is None:
            # as below, every CPU allowed: the first idle CPU of lowest utilization
            # after the parent's, else the parent's, without the lists
            best, low = pcpu, None
            for c in range(pcpu + 1, pcpu + nr):
                if c >= nr:
                    c -= nr
                if busy[c] <= now:
                    u = read(c, tp)
                    if low is None or u < low:
                        best, low = c, u
                        if u == 0:
                            break   # none lower: the first lowest stays
        else:
            # the CPUs after the parent's, wrapping; the idle ones (group_has_spare)
            # before the busy ones; min() keeps the first lowest
            cands = [c for c in ((pcpu + i) % nr for i in range(1, nr)) if c in allowed]
            idle = [c for c in cands if busy[c] <= now]

            def util(c: int) -> int:
                return read(c, tp)
            if idle:
                best = min(idle, key=util)
            elif pcpu in allowed:
                best = pcpu
            elif cands:
                best = min(cands, key=util)
            else:
                best = min(allowed)
        # enqueued there: its cfs_rq's pending removals are applied first
        # (enqueue_entity → update_load_avg → update_cfs_rq_load_avg), then the new
        # task's initial utilization joins it (post_init_entity_util_avg: half the
        # CPU's spare capacity; its other bound, the cfs_rq's utilization per unit of
        # load, is above that on a CPU that ran short commands only: not modelled)
        if self.removed[best]:
            self._apply_removed(best, tp)
        ub = self.cpu_util(best, tp)
        u0 = (SCHED_CAPACITY_SCALE - int(ub)) / 2
        if u0 < 1.0:
            u0 = 1.0
        t = tp / PELT_HALFLIFE_NS
        keys[best] = math.log2(ub + u0) + t
        self._placed = (best, math.log2(u0) + t)
        return best

    def _kthread_at_fork(self, kf: list, pcpu: int, busy: list, now: int,
                         allowed) -> list:
        """:data:`KTHREAD_AT_FORK`: the CPUs as busy to a fork's walk, a kernel
        thread on each still held by one a fork met (``kfork``), and the only idle
        CPU besides the parent's found taken with :data:`KTHREAD_BUSY_P` (a draw of
        the kernel threads' stream), held for a length drawn from
        :data:`KTHREAD_FORK_HOLD_US` (the machine's time, as :meth:`vcpu_wake_ns`):
        ``find_idlest_group`` then keeps the child on its parent's CPU. ``kf``:
        ``kfork``."""
        busy = [b if b > h else h for b, h in zip(busy, kf)]
        idle = [c for c in range(self.k.nr_cpus) if c != pcpu and busy[c] <= now
                and (allowed is None or c in allowed)]
        if len(idle) == 1 and self.krng.random() < KTHREAD_BUSY_P:
            c = idle[0]
            knots = KTHREAD_FORK_HOLD_US
            u = self.krng.random() * (len(knots) - 1)
            j = int(u)
            us = knots[j] + (knots[j + 1] - knots[j]) * (u - j)
            kf[c] = busy[c] = now + 1 + int(us * 1000 / self.pace)
        return busy

    def attach(self, tsk: "Task") -> None:
        """The task just created by a fork brought the unit of utilization its
        placement added (:meth:`select_task_rq_fork`) to its CPU."""
        if self.k.nr_cpus > 2:
            self.contrib[tsk] = self._placed

    def task_dead(self, tsk: "Task") -> None:
        """``task_dead_fair`` → ``remove_entity_load_avg``: a dead task's
        utilization goes to its CPU's ``cfs_rq->removed``, taken out of the CPU's
        utilization at that ``cfs_rq``'s next update (``update_cfs_rq_load_avg``):
        a task enqueued there, or the periodic update of idle CPUs' blocked load
        (``NOHZ_STATS_PERIOD_NS``). Until then ``find_idlest_group`` still sees it:
        a CPU whose tasks all exited is as unused as one that never ran any once
        the update came (kernel/sched/fair.c, 5.10 and 6.1). A hold of its CPU
        at a wake-up ends (:meth:`_vcpu_release`)."""
        if self.vheld[tsk.cpu] is not None:
            self._vcpu_release(tsk)
        if self.queued:
            self._dequeue(tsk)
            self.queued.pop(tsk, None)
        if self.k.nr_cpus <= 2:
            return          # one CPU to fork to: utilization never decides
        c = self.contrib.pop(tsk, None)
        if c is not None:
            cpu = c[0]
            tp = self.pelt_now()
            self.removed[cpu].append((c[1], tp))
            self.pending.add(cpu)
            # the kernel work it left there (KWORK_NS): its kworkers' runs updated
            # the cfs_rq now, their utilization stays, blocked
            r = KWORK_NS * self.k.clock.pace * self.pace * UTIL_PER_RUN_NS
            self.ukey[cpu] = (math.log2(self.cpu_util(cpu, tp) + r)
                              + tp / PELT_HALFLIFE_NS)

    def slice_ns(self) -> int:
        """How long a task woken or forked onto a busy CPU waits for the running
        task's slice to end, in the model's time: ``check_preempt_tick`` at a tick
        once the running task has run its ``sched_slice`` (kernel/sched/fair.c,
        v5.10 and v6.1), on the machine's clock, so :attr:`pace` times shorter on a
        slower machine, whatever the clock's pace makes of the calibrated costs.
        The guests traced at 1 CPU: a same-CPU child ran at a tick's preemption
        4.9-50 ms of the guest's time after its fork (3 and 9 of 63 in two 5.10
        runs, a parent running on past its fork; none of 63 on 6.1) and otherwise
        when the parent blocked (tools/sizes/fork_wait.py; docs/fidelity.md item
        253)."""
        return int(SAME_CPU_SLICE_NS / self.pace)

    def vcpu_wake_ns(self) -> int:
        """How long a new task placed on another, idle CPU waits for that CPU to
        wake, in the model's time: on the emulated guests the idle vCPU's wake-up,
        ``sched_wakeup_new`` to the child's first switch-in, 0.05-32 ms of the
        guest's time (medians 1.2-6.2 ms by trace), a median 39 % of its
        fork-to-exec (:data:`VCPU_WAKE_SHARE`; tools/sizes/fork_wait.py
        ``--share``; docs/fidelity.md items 253 and 268). The machine's time, as
        :meth:`slice_ns`: the clock's pace does not stretch it, :attr:`pace` shortens
        it; :meth:`wake_up_new_task` takes it out of ``CHILD_EXEC_NS`` so at both
        paces 1 nothing moves."""
        return int(VCPU_WAKE_NS / self.pace)

    def dead_switch_after_reap(self, tsk: "Task", reaper_cpu: int) -> bool:
        """Whether the dead ``tsk``'s final switch (``do_task_dead`` →
        ``__schedule`` → ``finish_task_switch`` on its CPU, ``prev_state ==
        TASK_DEAD``) comes after its reaper's ``release_task`` on ``reaper_cpu``.
        A task's ``rcu_users`` starts at 2 (``dup_task_struct``); each of the two
        drops one (``put_task_struct_rcu_user``) and the last queues
        ``delayed_put_task_struct`` on its CPU (Linux commit 3fbd7ee285b2, "tasks:
        Add a count of task RCU users", in v5.4; kernel/exit.c, kernel/sched/core.c
        of v5.10 and v6.1). The exit wakes its parent (``do_notify_parent``) before
        it schedules away; on the same CPU the parent runs only after that switch.
        On another CPU the parent wakes, returns from ``wait4`` and reaps while the
        dead task goes on to ``do_task_dead``: on the guests the switch came last
        when a tick (and its softirqs) took the dead task's CPU meanwhile (34 of
        the 36 such cases traced had a ``local_timer_entry`` there, against 508 of
        1169 reaps in all: tools/sizes/taskfree_race.py), at the design's rate
        (``dead_switch_late_p``), a seeded draw of its own stream."""
        p = self._late_p
        return p > 0.0 and tsk.cpu != reaper_cpu and self.drng.random() < p

    def _apply_removed(self, cpu: int, now: float, upto: float | None = None) -> None:
        """Take the dead tasks' utilization out of ``cpu``'s: all of it (a task
        enqueued there), or that of the tasks dead by ``upto`` (an update of the
        idle CPUs' blocked load at that time). Times on PELT's clock (ns)."""
        t = now / PELT_HALFLIFE_NS
        rm = self.removed[cpu]
        if upto is None:
            gone, rm = rm, []
        else:
            gone = [e for e in rm if e[1] <= upto]
            if not gone:
                return
            rm = [e for e in rm if e[1] > upto]
        self.removed[cpu] = rm
        if not rm:
            self.pending.discard(cpu)
        u = self.cpu_util(cpu, now) - sum(2.0 ** (k0 - t) for k0, _ in gone)
        self.ukey[cpu] = -math.inf if u <= 1e-6 else math.log2(u) + t

    def _update_blocked(self, now: float) -> None:
        """``_nohz_idle_balance(NOHZ_STATS_KICK)`` → ``update_blocked_averages`` of
        the idle CPUs, due since ``next_blocked``: it ran then and every period
        after (``NOHZ_STATS_PERIOD_NS``: a busy CPU's tick or a newly idle CPU
        triggers it once due), so the last run was at the last period boundary
        before ``now``; the utilization of tasks that died after it is still
        counted, a command that exited just before the parent's next fork most
        often (the guests' traced loops: tools/sizes/fork-cpus-trace.sh). Only the
        CPUs with removals pending are visited."""
        nb = self.next_blocked
        last = nb + (now - nb) // NOHZ_STATS_PERIOD_NS * NOHZ_STATS_PERIOD_NS
        for cpu in sorted(self.pending):
            self._apply_removed(cpu, last, last)
        self.next_blocked = last + NOHZ_STATS_PERIOD_NS

    def wake_up_new_task(self, parent: "Task", child: "Task") -> int:
        """Nanoseconds from the fork until the child has run its setup and
        ``execve`` (seeded jitter; its run scaled by the clock's pace, the slice it
        waits for on its parent's CPU and an idle CPU's wake-up the machine's:
        :meth:`slice_ns`, :meth:`vcpu_wake_ns`), if its
        parent does not block first. A child on its parent's CPU waits for the end
        of the parent's slice, for the parent's :meth:`schedule`, or for another CPU
        to go idle and pull it (:meth:`_newidle_pull`), whichever comes first. At
        the slice's end the task running there loses its CPU for the child's run
        (``Clock.preempt``): ``check_preempt_tick`` at the first tick past
        ``sched_slice`` (3 ms at 1 CPU with two tasks) reschedules the parent and
        ``pick_next_task_fair`` takes the child, whose ``place_entity`` vruntime
        (``START_DEBIT``) is then the leftmost (kernel/sched/fair.c, v5.10 and v6.1:
        the same CFS code; EEVDF replaced it in v6.6). The guests at 1 CPU: 5.10's
        parents lost their CPU so 3 and 9 times of 63 (stints of 6.2-6.6 ms, the
        second tick past the slice), 6.1's never (their stints 0.9-4.6 ms: 6.1's
        cgroup.procs write blocks in ``rcu_sync_enter``, where the child runs);
        docs/fidelity.md item 267."""
        same = child.cpu == parent.cpu
        base = SAME_CPU_EXEC_NS if same else CHILD_EXEC_NS
        rng = self.rng
        jitter = (rng.random() - 0.5) * CHILD_EXEC_JITTER_NS
        d = base + jitter
        late = CHILD_LATE_NS if rng.random() < CHILD_LATE_P else 0
        if late:
            d += late
        child.exec_prepaid = True
        pace = self.k.clock.pace
        d = max(0.0, d) * pace
        if same:
            # the slice's end is the machine's time: unscaled by the clock's pace,
            # at the machine's (slice_ns); the same as before at both paces 1
            d -= SAME_CPU_SLICE_NS * (pace - 1.0 / self.pace)
        elif (pace != 1.0 or self.pace != 1.0) and \
                self.busy_until[child.cpu] <= self.k.clock.now_ns:
            # so is an idle CPU's wake-up (vcpu_wake_ns)
            d = max(0.0, d - VCPU_WAKE_NS * (pace - 1.0 / self.pace))
        d = int(d)
        now = self.k.clock.now_ns
        if same:
            # its own run, once it has a CPU: what a child on an idle CPU takes
            run = int(max(0.0, CHILD_EXEC_NS + jitter + late) * pace)
            start = self._newidle_pull(child, now + d - run)
            if start is not None:
                d = start + run - now
            else:
                # the tick at the slice's end gives it the CPU: the task running
                # there (its parent, unless it blocks first) waits for its run
                self.k.clock.preempt(child, now + d - run, run)
            # still queued at home: its parent may block before the pull
            q = self.behind.get(parent)
            if q is None:
                q = self.behind[parent] = []
            elif q[0][1] <= now:
                q[:] = [e for e in q if e[1] > now]
            q.append([child, now + d, run])
        runs = self.firstrun[child.cpu]
        if runs:
            self._prune(child.cpu, now)
        end = runs[child] = now + d
        if self.busy_until[child.cpu] < end:
            self.busy_until[child.cpu] = end
        clock = self.k.clock
        if clock.rcu_sched_qs is not None:
            # its setup and execve, in the kernel (kernel/clock.py Clock.rcu_span)
            clock.rcu_span(child.cpu, now + d - run if same else now, end, -1, child.pid)
        return d

    def _newidle_pull(self, child: "Task", before: int) -> int | None:
        """A new task queued on a busy CPU: the first other CPU it may run on to go
        idle before ``before`` (its current task's first run ends: ``busy_until``)
        pulls it there (``newidle_balance`` → ``load_balance``: the CPU it waits on
        runs two tasks, ``rd->overload``; a task that never ran is not cache hot,
        ``task_hot``). Sets its CPU and returns when it starts, or None. Assumed:
        the idle CPU's ``avg_idle`` is above ``sysctl_sched_migration_cost`` (0.5
        ms), as on the recordings' guests (fork-child-runs: of 30 children forked
        three at a time on 2 CPUs, 26 to 30 had exec'ed after a foreground
        ``/bin/true``)."""
        home = child.cpu
        busy = self.busy_until
        if self.kfork is not None:
            busy = [b if b > h else h for b, h in zip(busy, self.kfork)]
        best = None
        for c in self.allowed(child):
            if c != home and busy[c] < before and (best is None or busy[c] < busy[best]):
                best = c
        if best is None:
            return None
        child.cpu = best
        self.k.procs.finish_task_switch(best)
        return max(busy[best], self.k.clock.now_ns)

    def queue_woken(self, p: "Task", waker: "Task") -> None:
        """``p``, just placed by a wake-up from the running ``waker``, stays on its
        runqueue until it has run and blocked (``p->on_rq``; kernel/sched/core.c
        ``try_to_wake_up``, ``ttwu_runnable``, v5.10 and v6.1); placed on the
        waker's CPU it runs only once the waker blocks or exits (a sync wake-up:
        the waker goes on, ``check_preempt_wakeup`` does not preempt it). Until it
        has run and blocked no wake-up places it again (:meth:`select_task_rq_wake`)."""
        self.queued[p] = waker if p.cpu == waker.cpu else None

    def _dequeue(self, prev: "Task") -> None:
        """``prev`` blocks or dies: the tasks queued behind it may run, and it is
        off its runqueue unless it is queued behind a running waker still (the
        model ran it before its waker blocked: :meth:`queue_woken`)."""
        q = self.queued
        if q.get(prev, prev) is None:
            del q[prev]         # it ran, and blocks
        for r, w in q.items():
            if w is prev:
                q[r] = None

    def schedule(self, prev: "Task") -> list[tuple["Task", int]]:
        """``prev`` blocks (``schedule`` with ``prev->__state`` not running:
        ``deactivate_task``; a ``wait4`` for a child, a ``nanosleep``, a read of an
        empty pipe, or its exit). ``pick_next_task_fair`` then picks, leftmost
        first, the new tasks queued behind it on its CPU (``place_entity`` put each
        a ``sched_vslice`` after ``min_vruntime`` at its fork, so the oldest is
        leftmost): each runs its first run now, one after the other, unless its
        parent's slice already ended (kernel/sched/fair.c ``task_fork_fair``,
        ``pick_next_task_fair``; 5.10 and 6.1), or another CPU pulls it sooner
        (:meth:`_newidle_pull`). Returns (child, nanoseconds from now until its
        ``execve`` is done) for each whose first run so moves (sooner, mostly: the
        slice end no longer applies once the parent is off the CPU); the CPU is
        busy until the last of them ends."""
        if self.vheld[prev.cpu] is not None:
            self._vcpu_release(prev)
        if self.queued:
            self._dequeue(prev)
        q = self.behind.pop(prev, None)
        if not q:
            return []
        now = self.k.clock.now_ns
        clock = self.k.clock
        for child, _, _ in q:
            # not at a tick's preemption: now, or it ran already
            clock.cancel_preempt(child)
        home = prev.cpu
        t = now
        moved = []
        touched = set()
        firstrun = self.firstrun
        for child, end, run in q:
            if end <= now or firstrun[child.cpu].get(child) != end:
                continue        # run already, or placed elsewhere since
            if child.cpu != home:
                if end <= t + run:
                    continue    # another CPU pulls it sooner
                # an idle CPU was to pull it later: it runs here first
                del firstrun[child.cpu][child]
                touched.add(child.cpu)
                child.cpu = home
            elif end - run <= now:
                t = end         # running already (the slice ended)
                continue
            # the CPU is its parent's no more: it runs after those before it
            end = firstrun[home][child] = t + run
            touched.add(home)
            moved.append((child, end - now))
            t = end
        for c in touched:
            self._prune(c, now)
            self.busy_until[c] = max(firstrun[c].values(), default=0)
        return moved

    def runqueue_wait(self, child: "Task") -> int:
        """Nanoseconds a new task waits on its CPU's runqueue for the first runs
        placed there before it (``busy_until``): ``pick_next_task_fair`` takes the
        leftmost entity, and each new task was placed a ``sched_vslice`` after
        ``min_vruntime`` at its fork, so the ones forked earlier go first."""
        wait = self.busy_until[child.cpu] - self.k.clock.now_ns
        return wait if wait > 0 else 0     # max(0, wait), as a test

    def _prune(self, cpu: int, now: int) -> None:
        """Forget the first runs on ``cpu`` that have ended."""
        runs = self.firstrun[cpu]
        if runs:
            for t in [t for t, end in runs.items() if end <= now]:
                del runs[t]

    def _idle_seen(self, seen: dict[int, bool], c: int, this: int, home: int = -1) -> bool:
        """``available_idle_cpu(c)`` (the waker on ``this``, the woken task's
        previous CPU ``home``), asked once per CPU of one placement (``seen``)."""
        r = seen.get(c)
        if r is None:
            r = seen[c] = self.available_idle_cpu(c, this, home)
        return r

    def select_task_rq_wake(self, p: "Task", waker: "Task", sync: bool = False) -> int:
        """``try_to_wake_up`` → ``select_task_rq_fair`` of a task that blocked, woken
        by ``waker`` (the exiting child's ``__wake_up_parent``, a signal's
        ``signal_wake_up``, a pipe's last close); sets and returns its CPU. The model
        takes every wake-up as sync (``WF_SYNC``) unless
        :data:`WAKE_EXITING_NOT_SYNC`: then only a ``sync`` one (a live waker's
        ``WF_SYNC``; an exiting waker's is not, PF_EXITING), and without it
        ``wake_affine`` keeps ``prev``: ``wake_affine_idle`` gives ``prev`` if idle,
        else ``wake_affine_weight`` weighs the waker's CPU, carrying the running
        waker (an exiting child: a young task's load, ``init_entity_runnable_average``
        starts it at its full weight) and the wakee's load, against ``prev``'s less
        the wakee's, ``WA_BIAS`` favouring ``prev`` by half the domain's
        ``imbalance_pct`` (the model keeps no per-task loads: ``prev``, as the
        guests' shell stayed at 257 of 259 exits of a child on the other CPU,
        docs/fidelity.md item 440); ``select_idle_sibling(p, prev, prev)`` then
        scans from ``prev``.
        ``want_affine`` (``wake_wide`` is 0: neither task wakes many others) when the
        waker's CPU is allowed; on another CPU than the task's, ``wake_affine`` →
        ``wake_affine_idle`` takes the waker's CPU (sync, one task running there).
        Then ``select_idle_sibling(p, prev, target)``: the target if idle, else the
        previous CPU if idle, else ``select_idle_cpu``: the first idle CPU of the LLC
        after the target (``for_each_cpu_wrap``), else the target (kernel/sched/fair.c,
        5.10 and 6.1). A task still on its runqueue since an earlier wake-up
        (:attr:`queued`) is not placed again (``ttwu_runnable``). The waker is
        running, so its CPU is not idle: a shell whose
        child ran elsewhere wakes where it was unless its CPU is busy; one whose child
        ran on its own CPU wakes on an idle one. Before the scan
        ``p->recent_used_cpu``, if idle: a new task's is its parent's CPU
        (``wake_up_new_task``); the design's ``recent_used_cpu_prev`` says how it
        moves (6.1: prev at each wakeup past target and prev, 89aafd67f28c; 5.10:
        swapped with prev when taken, and a waker's set to its own CPU), so a shell
        that moves goes back and forth between two CPUs, as the guests' did at 16-64
        CPUs (tools/sizes/fork_trace_cpus.py ``--shell``; docs/fidelity.md item 169).
        At 2 CPUs the recent CPU is prev or the target, or the one the scan finds."""
        nr = self.k.nr_cpus
        prev = p.cpu
        if nr == 1 or (self.queued and p in self.queued):
            return prev     # still on its runqueue since a wake-up (ttwu_runnable)
        if self.vheld[prev] is not None:
            self._vcpu_release(p)     # woken again: it ran, and blocked
        allowed = self.allowed(p)
        this = waker.cpu
        if this in allowed and this != prev and (sync or not self.nonsync):
            # wake_affine_idle: the waker's CPU is busy (it runs the waker)
            target = this
        else:
            target = prev
        # one look per CPU in this placement (the scan sees what the checks saw):
        # ``seen`` (a method, not a closure made each wake-up)
        seen: dict[int, bool] = {}
        idle = self._idle_seen
        if target != this and idle(seen, target, this, prev):
            cpu = target
        elif prev != target and prev != this and idle(seen, prev, this, prev):
            cpu = prev
        else:
            # the CPU it ran on before prev, if idle (p->recent_used_cpu)
            recent = p.recent_used_cpu
            if self.recent_prev:
                p.recent_used_cpu = prev
            if (recent != prev and recent != target and recent != this
                    and recent in allowed and idle(seen, recent, this, prev)):
                cpu = recent
                p.recent_used_cpu = prev
            else:
                cpu = target
                for i in range(1, nr):
                    c = (target + i) % nr
                    if c != this and c in allowed and idle(seen, c, this, prev):
                        cpu = c
                        break
        if not self.recent_prev and this in allowed:
            # select_task_rq_fair (before v5.15), want_affine:
            # current->recent_used_cpu = cpu, the waker's own CPU
            waker.recent_used_cpu = this
        if seen.get(cpu):
            self._vcpu_wait(p, cpu)
        p.cpu = cpu
        self.k.procs.finish_task_switch(cpu)
        return cpu

    def _vcpu_wait(self, p: "Task", cpu: int) -> None:
        """A woken task was queued on the idle ``cpu``: ``ttwu_queue`` →
        ``ttwu_do_activate`` enqueues it there at once (``nr_running`` 1, so
        ``idle_cpu`` and ``available_idle_cpu`` read the CPU busy) and
        ``resched_curr``'s IPI wakes the idle (v)CPU, which runs it only after its
        wake-up (:meth:`vcpu_wake_ns`, the machine's time; kernel/sched/core.c
        ``try_to_wake_up``, ``ttwu_queue``, v5.10 and v6.1). Until then no fork or
        other wake-up takes the CPU as idle (``busy_until``), as for a new task's
        first run; the woken task's own charges land there, its CPU. The model
        runs the woken task at once, not after the wake-up, so the hold ends when
        it blocks, forks, exits or is woken again first (:meth:`_vcpu_release`):
        what it does then (its exit waking its parent, a wake-up of it again, its
        fork's child queued behind it) came after the wake-up on the guests, when
        the CPU was its own."""
        end = self.k.clock.now_ns + self.vcpu_wake_ns()
        before = self.busy_until[cpu]
        if before < end:
            self.busy_until[cpu] = end
            self.vheld[cpu] = (p, before, end)

    def _vcpu_release(self, p: "Task") -> None:
        """``p`` blocks, forks, exits or is woken again: if it holds its CPU
        (:meth:`_vcpu_wait`), the CPU is as it was before (``busy_until``)."""
        cpu = p.cpu
        held = self.vheld[cpu]
        if held is not None and held[0] is p:
            self.vheld[cpu] = None
            if self.busy_until[cpu] == held[2]:
                self.busy_until[cpu] = held[1]

    def sched_setaffinity(self, tsk: "Task", cpus: set[int]) -> None:
        """``sched_setaffinity``: ``cpus`` must name a CPU that exists (else EINVAL);
        a task off its new mask moves to the first CPU in it
        (``__set_cpus_allowed_ptr`` → ``move_queued_task``)."""
        ok = frozenset(c for c in cpus if 0 <= c < self.k.nr_cpus)
        if not ok:
            raise OSError(errno.EINVAL, "Invalid argument")
        tsk.cpus_allowed = None if len(ok) == self.k.nr_cpus else ok
        if tsk.cpu not in ok:
            tsk.cpu = min(ok)
            self.k.procs.finish_task_switch(tsk.cpu)
