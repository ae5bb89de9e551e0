"""Background jobs and the deterministic scheduler of simulated time.

Every shell activity is a generator that yields a blocking request: a
:class:`~memcgsim.shell.context.Sleep` (from a command such as ``sleep``) or a
:class:`Block` (the ``wait`` builtin). A background job is stepped as soon as it
is started, up to its first blocking point, before its parent goes on; its wait for a
command it forked is one (``Scheduler.wait_child``: the others due run first). A sleeping
job is resumed by a kernel timer at its wake time (the hrtimer of its
``nanosleep``), whatever the foreground is doing: the simulated clock moves with
every task operation (``Clock.tick``), so a ``sleep 60 &`` ends 60 simulated
seconds later even if the foreground never blocks. When the foreground blocks,
:meth:`Scheduler.run` advances the clock to the next wake time and resumes jobs
whose ``wait`` condition holds.

A background job runs in its own greenlet and is charged CPU time for the work it
does (:func:`charge_cpu`: each simple command, each read and write a command
does); after a scheduler tick's worth it is preempted, as the kernel's tick
preempts a task that does not block, and goes on that much later, like a sleeper.
So a job that only computes (``cat /dev/zero > /dev/null &``, ``while :; do :;
done &``) no longer keeps the foreground from running: ``sleep 1; kill %1`` ends it.
The foreground runs in a greenlet too, charged its simple commands alike, less
the time the clock moved meanwhile (its external commands' forks, execs and
exits, whose calibrated costs hold the shell's own work around them): a loop of
builtins ahead of the clock by a tick is preempted, so a script that computes
while a job sleeps (``(sleep 1; kill $$) & while :; do :; done``, ``timeout 1
bash -c 'while :; do :; done'``) lets the clock, the job and the signal reach it
instead of spinning at one instant forever, and a loop of forks keeps its pace.
"""
from __future__ import annotations

import math
from typing import Any, TYPE_CHECKING, Callable, Generator

from greenlet import getcurrent, greenlet

from ..sysapi import TaskKilled
from .context import Sleep
from .jobtable import CLEANUP, NOTIFY

if TYPE_CHECKING:  # pragma: no cover
    from ..sysapi import SysAPI, TaskLike


#: the scheduler tick (``CONFIG_HZ`` 250, as Debian builds its kernels): a task
#: that does not block runs this long before another gets the CPU
SCHED_TICK_NS = 4_000_000
#: a simple command's CPU time, the order of the guests' (calibration/builtin-cost.sh
#: on both qemu guests, recordings builtin-cost--5.10.txt and --6.1.txt: 17-29 us a
#: command in a ``for ((...)); do :; done`` loop, 57-76 us in ``while [ ]; do
#: i=$((i+1)); done``, 290-370 us for ``echo x > /dev/null``), as the kernel model's
#: fork and exec costs are; the upper end, so a busy loop's simulated second stays
#: cheap to run (how many iterations a busy loop makes is not modelled)
COMMAND_COST_NS = 100_000
#: a read or write: the syscall, then its bytes copied at about 1 GB/s
IO_COST_NS = 1_000
IO_COST_NS_PER_BYTE = 1


def charge_cpu(ns: int) -> bool:
    """Charge ``ns`` of CPU time to the job or the foreground running; once it has
    had a scheduler tick, preempt it: it goes on when that time has passed,
    others run meanwhile. True if the foreground was preempted (a signal may
    have ended its shell meanwhile)."""
    g = getcurrent()
    used = getattr(g, "cpu_ns", None)
    if used is None:
        used = getattr(g, "fg_ns", None)    # the foreground's (Scheduler.run)
        if used is None:
            return False
        used += ns
        if used < SCHED_TICK_NS:
            g.fg_ns = used
            return False
        # the time the clock moved meanwhile (the forks, execs and exits of its
        # external commands, whose calibrated costs hold the shell's own work
        # around them; its sleeps and waits) covers as much of it
        now = g.fg_sys.now
        ahead = used / 1e9 - (now - g.fg_at)
        if ahead * 1e9 < SCHED_TICK_NS:
            g.fg_ns = max(0, round(ahead * 1e9))
            g.fg_at = now
            return False
        g.parent.switch(("req", Sleep(ahead)))
        g.fg_ns = 0
        g.fg_at = g.fg_sys.now
        _unwind_if_killed(g)
        return True
    used += ns
    if used < SCHED_TICK_NS:
        g.cpu_ns = used
        return False
    g.cpu_ns = 0
    g.parent.switch(("req", Sleep(used / 1e9)))
    _unwind_if_killed(g)
    return False


def _unwind_if_killed(g) -> None:
    """Back from a preemption: if the command computing here (the last of the
    foreground children of the task greenlet ``g`` runs for: ``cat /dev/zero >
    /dev/null`` under ``timeout``) was killed meanwhile (timeout's alarm), it
    unwinds as a command killed in a system call does (TaskKilled)."""
    runs_for = getattr(g, "runs_for", None)
    if runs_for is None:
        return
    p = g
    while getattr(p, "fg_sched", None) is None:
        p = p.parent
        if p is None:
            return
    sched = p.fg_sched
    if sched.fg_child:
        task = runs_for()
        killed = None if task is None else sched.killed_fg_tail(task)
        if killed is not None:
            raise TaskKilled(killed.pid, killed.exit_signal or 0)


def charge_io(nbytes: int) -> None:
    """:func:`charge_cpu` for one read or write of ``nbytes``."""
    charge_cpu(IO_COST_NS + nbytes * IO_COST_NS_PER_BYTE)


def sleep_anywhere(seconds: float, sched: "Scheduler | None") -> None:
    """A ``sleep()`` from code that cannot yield (bash's C calls): a job's or a
    pipeline stage's greenlet hands the request to whoever steps it; the
    foreground lets ``sched`` run the jobs and the clock meanwhile."""
    g = getcurrent()
    if getattr(g, "stage", False) or getattr(g, "sched", False):
        g.parent.switch(("req", Sleep(seconds)))
    elif sched is not None:
        sched.wait_until(Sleep(seconds))


class RunsForever(BaseException):
    """What the foreground runs would compute forever (bash spins; the model
    cannot): the run stops there, as at a :class:`Deadlock`."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def spin_forever(what: str) -> None:
    """The running task computes forever without blocking: a background job
    (one charged CPU time) runs on, preempted each scheduler tick, until a
    signal ends it; the foreground raises :class:`RunsForever`."""
    g = getcurrent()
    if getattr(g, "cpu_ns", None) is None:
        raise RunsForever(what)
    p = g
    while p is not None and not getattr(p, "sched", False):
        p = p.parent
    if p is not None:
        p.spinning = True       # its job will never do anything else (could_happen)
    while True:
        charge_cpu(SCHED_TICK_NS)


def spin_until_killed(what: str) -> None:
    """The running command would compute forever without blocking or changing
    anything (``wc -c /dev/zero``, ``cat /dev/zero > /dev/null``): it is charged
    CPU a scheduler tick at a time, the clock, the jobs and the timers going on,
    until a signal ends it (a ``timeout``'s alarm, a ``kill`` from a job: it
    unwinds as killed). In a background job the script's shell goes on meanwhile
    (:func:`spin_forever`); in the foreground, or a stage of its pipeline, once
    no job is left and no timer is armed nothing can end it: the run stops
    there (:class:`RunsForever`, ``what`` naming it)."""
    g = getcurrent()
    p = g
    while p is not None and not getattr(p, "sched", False) and getattr(p, "fg_sys", None) is None:
        p = p.parent
    if p is None or getattr(p, "sched", False):
        spin_forever(what)
    sched = p.fg_sched
    while sched.could_happen():
        charge_cpu(SCHED_TICK_NS)
    raise RunsForever(what)


def _job_body(gen: Generator) -> Callable:
    """A job's greenlet: its generator's requests go to whoever stepped it, as
    ``("req", request)``; it ends with ``("done", status)``. An exception goes up
    to the stepper (greenlet semantics)."""
    def body(_):
        try:
            req = gen.send(None)
            while True:
                getcurrent().parent.switch(("req", req))
                req = gen.send(None)
        except StopIteration as e:
            return ("done", e.value if isinstance(e.value, int) else 0)
    return body


class Block:
    """Yielded by ``wait``: resume when ``pred()`` holds; ``deadlocked`` is set if it
    never can. ``deadline``: a simulated time at which to resume all the same (a
    ``read -t``'s timer: ``pred`` holds from then on)."""

    __slots__ = ("pred", "deadlocked", "deadline")

    def __init__(self, pred: Callable[[], bool], deadline: float | None = None):
        self.pred = pred
        self.deadlocked = False
        self.deadline = deadline


class Proc:
    """One process of a job of several (``a | b &``): bash's ``PROCESS`` (pid,
    command text, status); its status is its task's (``waitpid``'s)."""

    __slots__ = ("pid", "task", "text", "shell")

    def __init__(self, task: "TaskLike", text: str, shell) -> None:
        self.pid = task.pid
        self.task = task
        self.text = text
        #: the process's shell state (its descriptors)
        self.shell = shell

    def state(self) -> tuple[bool, int, int | None]:
        """(running, exit code, signal): ``PRUNNING`` and its wait status."""
        t = self.task
        if t.state not in ("zombie", "dead"):
            return True, 0, None
        sig = t.exit_signal
        return False, (0 if sig else (t.exit_code or 0)), sig


class Job:
    """One background job (``cmd &``, ``a | b &``) of one shell."""

    __slots__ = ("pid", "task", "gen", "wake", "block", "seq", "done", "status", "text", "signal",
                 "notified", "owner", "armed", "ended", "let", "num", "shell", "procs", "pgrp",
                 "stopped", "foreground", "wd")

    def __init__(self, task: "TaskLike", gen: Generator, text: str, owner: object):
        self.pid = task.pid if task is not None else 0
        self.task = task
        self.gen = gen
        self.wake: float | None = None
        self.block: Block | None = None
        self.seq = 0
        self.done = False
        self.status = 0
        self.text = text
        self.signal: int | None = None
        self.notified = False
        self.owner = owner
        self.armed = 0      # which timer may wake it (older ones are stale)
        self.ended = 0      # the order in which jobs ended (``wait -n``)
        self.let = None     # its greenlet, once it has run
        self.num = 0        # its job number, %N (set by the shell that started it)
        #: the shell's directory when the job entered its table (``newjob->wd``)
        self.wd: str | None = None
        #: the job's shell process (its descriptors: which pipes it holds open)
        self.shell = None
        #: a pipeline's processes, first to last (``pid``/``task`` are the last's:
        #: ``$!``); None for a job of one process
        self.procs: list[Proc] | None = None
        #: its process group when started under job control (``set -m``: the
        #: first process's pid, ``J_JOBCONTROL``), else 0 (the shell's group)
        self.pgrp = 0
        #: ``JSTOPPED``: a job-control shell saw every live process of it stopped
        #: (shell/jobcontrol.py ``waitchld``), until it saw one continued
        self.stopped = False
        #: ``J_FOREGROUND``: ``fg`` made it the foreground job
        self.foreground = False

    def pipeline_status(self, pipefail: bool) -> tuple[int, int | None]:
        """A pipeline job's (status, signal): ``raw_job_exit_status``, the last
        process's wait status, or with ``pipefail`` the last one not 0."""
        return raw_status([p.state() for p in self.procs], pipefail)


def raw_status(states: list[tuple], pipefail: bool) -> tuple[int, int | None]:
    """jobs.c ``raw_job_exit_status`` of processes' (running, exit code,
    signal): the last one's, or with ``pipefail`` the last one not 0; as
    (status, signal)."""
    pick = states[-1]
    if pipefail:
        pick = next((s for s in reversed(states) if s[1] or s[2]), pick)
    _, code, sig = pick
    return (128 + sig if sig else code), sig


def job_killed(job: Job) -> bool:
    """No process of the job runs any more (they were killed: one that ends by
    itself is finished by the job's coroutine)."""
    procs = job.procs
    if procs is None:
        return task_killed(job.task)
    return all(task_killed(p.task) for p in procs)


def task_killed(task: "TaskLike") -> bool:
    return task.exit_signal is not None or task.state in ("zombie", "dead")


class Scheduler:
    """Runs the foreground coroutine and the background jobs of one script run."""

    def __init__(self, sys: "SysAPI"):
        self.sys = sys
        self.jobs: list[Job] = []
        self.seq = 0
        self.killed_seen = -1
        #: the child each task last forked and waited for (:meth:`wait_child`): run
        #: by the parent's coroutine, it outlives a parent killed meanwhile
        self.fg_child: dict = {}
        #: the processes of the foreground pipeline each task waits for
        #: (``execute_pipeline``): they too outlive a parent killed meanwhile
        self.fg_stages: dict = {}
        #: ``cgroup_task_frozen`` of the system, if it has a freezer
        self.task_frozen = getattr(sys, "cgroup_task_frozen", None)
        #: ``schedule`` of the system, if it queues new tasks behind their parent,
        #: and how long a new task waits for its CPU
        self._schedule = getattr(sys, "schedule", None)
        self._runqueue_wait = getattr(sys, "runqueue_wait", None)
        #: the script's own shell, whose descriptors hold files too (set by run_script)
        self.main: Any = None
        #: whether the job :meth:`_next_job` last chose can run now (not a timer's)
        self.next_ready = False
        #: how a job's wake-up is armed: not as a user timer (:meth:`could_happen`)
        self._call_at = getattr(sys, "call_job_timer", None) or sys.call_at
        #: ``fatal_signal_pending`` of the system, if it delivers fatal signals late,
        #: and when the next such target dies
        self._fatal_pending = getattr(sys, "fatal_signal_pending", None)
        self._next_exit = getattr(sys, "next_signal_exit", None)
        #: when the next timer a program armed goes off (``call_at``), if it keeps them
        self._next_user_timer = getattr(sys, "next_user_timer", None) or (lambda: None)
        #: the pipes (shell/pipes.py ``Pipe``) a reader sleeps on, empty, when the
        #: system places a pipe's reader at its last writer's exit
        #: (``pipe_release_wake``) or at a write into the empty pipe
        #: (``pipe_write_wake``), else None
        self.rd_sleeping: dict | None = {} if (getattr(sys, "pipe_release_wakes", False)
                                               or getattr(sys, "pipe_write_wakes", False)) \
            else None

    def dying(self, task: "TaskLike") -> bool:
        """A fatal signal was sent to ``task`` (an OOM group's member, a ``kill
        -9``'s target) and it has not died yet: whatever ends its wait in the
        kernel (a child's exit), ``exit_to_user_mode`` → ``get_signal`` →
        ``do_exit`` comes before any code of its own (kernel/entry/common.c,
        kernel/signal.c, v5.10 and v6.1): it waits for its death."""
        pending = self._fatal_pending
        return (pending is not None and task.exit_signal is None     # not task_killed(task)
                and task.state not in ("zombie", "dead") and pending(task))

    def open_inodes(self) -> list:
        """The inodes the descriptors of the script's shell and of the live jobs'
        processes hold (``i_count`` of an open file: the dcache and inode shrinkers
        leave it, an unlinked one stays until the last close)."""
        out = []
        if self.main is not None:
            for st in self.main.open_streams():
                inode = getattr(getattr(st, "f", None), "inode", None)
                if inode is not None:
                    out.append(inode)
        for j in self.jobs:
            if j.done:
                continue
            if j.procs is not None:
                shells = [p.shell for p in j.procs if not task_killed(p.task)]
            else:
                shells = [] if task_killed(j.task) else [j.shell]
            for sh in shells:
                if sh is not None:
                    for st in sh.open_streams():
                        inode = getattr(getattr(st, "f", None), "inode", None)
                        if inode is not None:
                            out.append(inode)
        return out

    # -- jobs ----------------------------------------------------------------------
    def start(self, job: Job, delay: float = 0.0) -> None:
        """Register ``job`` and run it to its first blocking point, at once or,
        with ``delay`` (seconds), when its task first runs (a timer then steps it,
        as it wakes a sleeper: the parent goes on meanwhile)."""
        self.seq += 1
        job.seq = self.seq
        self.jobs.append(job)
        if delay > 0:
            job.wake = self.sys.now + delay
            job.block = None
            self._arm(job)
            return
        self.step(job)

    def blocked(self, task: "TaskLike | None") -> None:
        """``task`` blocks (waits for a child, sleeps, reads an empty pipe) or
        exits: the children it forked onto its own CPU, not yet run, run now
        (``schedule``, kernel/sched.py); their jobs start then."""
        schedule = self._schedule
        if schedule is None or task is None:
            return
        moved = schedule(task)
        if not moved:
            return
        now = self.sys.now
        for child, delay in moved:
            # the child's job: started since the task last blocked, at the table's end
            for j in reversed(self.jobs):
                if j.task is child:
                    if j.let is None and not j.done and j.wake is not None:
                        j.wake = now + delay
                        self._arm(j)        # the earlier timer is stale
                    break

    def wait_child(self, parent: "TaskLike", child: "TaskLike") -> None:
        """``parent`` forked ``child`` and blocks until it ends (``wait4``, the read
        of a command substitution): it gives its CPU up (:meth:`blocked`), and the
        child runs once it has a CPU (:meth:`wait_cpu`). A background job's shell
        hands its greenlet back first (bash 5.2 jobs.c ``waitchld`` → ``waitpid``,
        kernel/exit.c ``do_wait`` → ``schedule``, v5.10 and v6.1): the other jobs and
        the foreground due now run before its command does (docs/fidelity.md item 311)."""
        self.fg_child[parent] = child
        self.blocked(parent)
        g = getcurrent()
        if getattr(g, "sched", False):
            # a background job's shell: ``waitchld`` → ``waitpid`` blocks it
            # (kernel/exit.c ``do_wait``: ``schedule``), its CPU goes to the
            # others due (jobs, the foreground) before its child's run goes on
            g.parent.switch(("req", Sleep(0.0)))
        self.wait_cpu(child)

    def wait_cpu(self, child: "TaskLike") -> None:
        """The new task ``child``, run at once by the model, first runs once the
        children forked onto its CPU before it have run (``runqueue_wait``): the
        clock and the jobs go on meanwhile."""
        s = self.runqueue_wait(child)
        if s > 0:
            sleep_anywhere(s, self)

    def runqueue_wait(self, child: "TaskLike") -> float:
        """Seconds the new task ``child`` waits for its CPU (``runqueue_wait``)."""
        wait = self._runqueue_wait
        return 0.0 if wait is None else wait(child)

    def step(self, job: Job) -> None:
        """Run ``job`` until it blocks, is preempted or ends. A job whose task a
        fatal signal was sent to does not run again: it dies on its CPU first
        (kernel/signal.py), its timer then finds it killed."""
        dying = self._fatal_pending
        if dying is not None and job.procs is None and job.task is not None and dying(job.task):
            job.wake = self._next_exit()
            job.block = None
            self._arm(job)
            return
        let = job.let
        if let is None:
            let = job.let = greenlet(_job_body(job.gen))
            let.cpu_ns = 0
            let.sched = True
            let.runs_for, let.fg_sched = (lambda: job.task), self
        let.parent = getcurrent()
        # running: nothing may step it again meanwhile (its next block is new)
        job.block = None
        job.wake = None
        kind, val = let.switch(None)
        if kind == "done":
            # a subshell whose own task the kernel killed meanwhile (an OOM victim)
            # ended with 128+signal: its parent's wait sees a death by that signal
            sig = None
            if val > 128:
                t = job.task
                if t is not None and job.procs is None and val == 128 + (t.exit_signal or 0):
                    sig = t.exit_signal
            self.finish(job, val, sig)
            return
        self._block(job, val)

    def _block(self, job: Job, req) -> None:
        if type(req) is Sleep:
            s = req.seconds
            job.wake = math.inf if s == math.inf else self.sys.now + max(0.0, float(s))
            job.block = None
            self._arm(job)
        elif type(req) is Block or hasattr(req, "pred"):     # wait, or a pipe (PipeWait)
            job.block = req
            job.armed += 1          # an earlier deadline's timer is stale
            job.wake = req.deadline
            if job.wake is not None:
                self._arm(job)      # a timeout: its timer steps it then
        else:  # pragma: no cover - a command yielded something else
            job.wake = self.sys.now
            job.block = None

    def finish(self, job: Job, status: int, signal: int | None = None) -> None:
        """The job ended (its last process did): its status, and for a pipeline
        its processes' (:meth:`Job.pipeline_status`); its processes reaped."""
        self.seq += 1
        job.ended = self.seq
        job.done = True
        owner = job.owner
        procs = job.procs
        if procs is not None:
            status, signal = job.pipeline_status(getattr(owner, "pipefail", False))
        job.status = status
        job.signal = signal
        job.gen = None  # type: ignore[assignment]
        job.let = None
        # its state changed: not yet notified of (set_job_status_and_cleanup)
        job.notified = False
        if owner is not None:
            owner.pending_notify |= NOTIFY
            cp = getattr(owner, "coproc", None)
            if cp is not None and cp.job is job:
                owner.pending_notify |= CLEANUP     # coproc_pidchk: reaped at the next cleanup
        if job in self.jobs:
            self.jobs.remove(job)
        # a shell that exec'd another program has no SIGCHLD handler and never
        # waits: its ended children stay zombies until that program exits and init,
        # their new parent, reaps them (kernel/exit.c forget_original_parent);
        # busybox sh reaps in its next dowait (shell/ashjobs.py)
        reap = not getattr(owner, "execed", False) and getattr(owner, "ashtab", None) is None
        if procs is None:
            self.release(job.task, job.shell, reap)
        else:
            for p in procs:
                self.release(p.task, p.shell, reap)
                p.shell = None
        # it may stay in its shell's job table a long time: its processes' shell
        # state (variables, descriptors) is no longer needed
        job.shell = None

    def release(self, task, shell, reap: bool = True) -> None:
        """A process of a job ended: its descriptors close (a pipe it held the
        last end of is freed) and its parent reaps it (unless ``reap`` is False)."""
        if shell is not None:
            for s in shell.open_streams():
                p = getattr(s, "pipe", None)
                if p is not None:
                    p.close_end(task)
            files_closed = getattr(self.sys, "files_closed", None)
            if files_closed is not None:
                files_closed(task)
        if reap and task is not None and task.state == "zombie":
            try:
                self.sys.reap(task)
            except OSError:
                pass

    def holds(self, match: Callable[[object], bool], since: int = 0) -> bool:
        """Whether a live job's process has a descriptor open on a stream
        ``match`` accepts (the write end of a pipe, say): its file stays open,
        and its pipe's reader sees no EOF, until the last such process closes
        it (fs/pipe.c ``pipe_release``: readers are woken when ``pipe->writers``
        drops to 0). Only jobs started after ``since`` (a ``seq``: when the
        stream was made) can have inherited it: the older ones are not looked at."""
        for j in reversed(self.jobs):
            if j.seq <= since:
                break
            if j.done:
                continue
            if j.procs is not None:
                if any(not task_killed(p.task) and p.shell is not None
                       and any(match(s) for s in p.shell.open_streams()) for p in j.procs):
                    return True
                continue
            sh = j.shell
            if sh is None or task_killed(j.task):
                continue
            if any(match(s) for s in sh.open_streams()):
                return True
        return False

    def wake(self) -> None:
        """Run the jobs whose wait now holds (a pipe end closed, say: the kernel
        wakes its sleepers, which run on their CPUs meanwhile)."""
        for j in [j for j in self.jobs if j.block is not None]:
            if (not j.done and j.block is not None and j.block.pred() and not job_killed(j)
                    and not self._held(j)):
                self.step(j)

    def reap_killed(self) -> None:
        """Drop jobs whose task was killed (status 128+signal). A job that ends by
        itself is finished by its own coroutine: only a task killed by a signal can
        leave one behind, so nothing is scanned while the system's count of such
        deaths (``nr_killed``, when it keeps one) has not moved."""
        nr = getattr(self.sys, "nr_killed", None)
        if nr is not None:
            if nr == self.killed_seen:
                return
            self.killed_seen = nr
        for job in [j for j in self.jobs if j.task is not None and job_killed(j)]:
            self._orphan(job)
            sig = job.task.exit_signal
            self.finish(job, 128 + sig if sig else (job.task.exit_code or 0), sig)
        for stages in self.fg_stages.values():
            # a shell waiting for its foreground pipeline reaps a stage killed
            # meanwhile as it dies (bash jobs.c ``waitchld``: ``waitpid(-1, ...)``
            # until the job is done; busybox ash ``dowait(DOWAIT_BLOCK)``), not at
            # the pipeline's end: /proc no longer lists it
            for t in stages:
                if t.state == "zombie" and t.exit_signal is not None:
                    self.sys.reap(t)
        now = self.sys.now
        children = getattr(self.sys, "has_live_children", None)
        for job in self.jobs:
            if job.procs is not None:
                # bash's SIGCHLD handler reaps a killed process of a job still running
                killed = False
                for p in job.procs:
                    if p.task.exit_signal is not None:
                        # a stage's process killed with no child of its own left
                        # holding its pipe ends (a compound stage's running command
                        # keeps them open until it ends)
                        killed = killed or children is None or not children(p.task)
                        if (p.task.state == "zombie" and not getattr(job.owner, "execed", False)
                                and getattr(job.owner, "ashtab", None) is None):
                            self.sys.reap(p.task)
                if killed and job.wake is not None and job.wake > now and job.let is not None:
                    # a stage killed while the job sleeps on a timer (``sleep 3600 |
                    # cat``): the signal wakes it (signal_wake_up), so the job runs
                    # now: the stage dies where it slept and its pipe ends close (the
                    # reader sees EOF: pipe_release)
                    job.wake = now
                    self._arm(job)

    def _arm(self, job: Job) -> None:
        if job.done or job.wake is None or job.wake == math.inf:
            return
        job.armed += 1
        token = job.armed
        self._call_at(job.wake, lambda: self._timer(job, token))

    def runner(self, task: "TaskLike") -> "TaskLike":
        """The task a job's coroutine runs for ``task``: its own or, once a signal
        killed it, the foreground child it was waiting for, which lives on (a
        parent's death does not end its children: they are reparented to init,
        kernel/exit.c ``forget_original_parent``): the coroutine runs the child's
        command to its end, then the dead parent's part stops."""
        fg = self.fg_child
        while task_killed(task):
            child = fg.get(task)
            if child is None or task_killed(child):
                break
            task = child
        return task

    def _orphan(self, job: Job) -> None:
        """``job``'s shell was killed while it waited for a foreground child, which
        lives on (reparented to init): a job outside every job table takes the
        coroutine over and runs the child's command to its end, after which the
        dead shell's part stops (``check_alive``); ``job`` itself ends now."""
        if job.procs is not None or job.let is None or job.task is None:
            return
        child = self.runner(job.task)
        if child is job.task:
            return
        o = Job(child, job.gen, job.text, None)
        o.let, o.wake, o.block, o.seq = job.let, job.wake, job.block, job.seq
        job.let = None
        # in the job's place: the list stays in ``seq`` order (:meth:`holds`)
        self.jobs.insert(self.jobs.index(job), o)
        self._arm(o)

    def _held(self, job: Job) -> bool:
        """It does not run: its task is in a frozen cgroup (``cgroup_task_frozen``)
        or the task its coroutine runs for is stopped (:meth:`stopped`)."""
        if job.task is None:
            return False
        frozen = self.task_frozen
        if job.procs is None:
            return (frozen is not None and frozen(self.runner(job.task))) or self.stopped(job.task)
        # the stages run in one coroutine: it stops once every live one is frozen
        # (a stopped stage waits where it blocks: its sleep, procutils._sleeping)
        return frozen is not None and all(frozen(p.task) for p in job.procs if not task_killed(p.task))

    def stopped(self, task: "TaskLike") -> bool:
        """The task whose code runs for ``task`` (``task`` itself, or down the
        chain of foreground children it waits for, the one not ended) is stopped
        by a stop signal (kernel/signal.py ``do_signal_stop``): it does not run
        until a SIGCONT."""
        fg = self.fg_child
        while (child := fg.get(task)) is not None and not task_killed(child):
            task = child
        return task.state == "stopped"

    def _timer(self, job: Job, token: int) -> None:
        if job.done or token != job.armed:
            return
        if job.task is not None and job_killed(job):
            self.reap_killed()
            return
        if self._held(job):
            # woken while frozen or stopped: it runs once thawed (the freezer's
            # signal trap) or continued
            job.wake = None
            job.block = Block(lambda: not self._held(job))
            return
        self.step(job)

    # -- driving -------------------------------------------------------------------
    def _next_job(self) -> Job | None:
        """The job to run or wake next: a blocked one whose ``pred()`` holds (now;
        ``next_ready`` set), else the earliest timer (a sleep's, a timeout's)."""
        best = None
        best_key = None
        ready = False
        now = self.sys.now
        for j in self.jobs:
            if j.block is not None:
                if not j.block.pred() or self._held(j):
                    if j.wake is None:
                        continue
                    key = (j.wake, j.seq)       # a deadline: its timer wakes it
                    if best_key is None or key < best_key:
                        best, best_key, ready = j, key, False
                    continue
                key = (now, j.seq)
                if best_key is None or key < best_key:
                    best, best_key, ready = j, key, True
                continue
            elif j.wake is None or j.wake == math.inf:
                continue
            else:
                key = (j.wake, j.seq)
            if best_key is None or key < best_key:
                best, best_key, ready = j, key, False
        self.next_ready = ready
        return best

    def could_happen(self) -> bool:
        """Whether anything is still to happen besides what runs now: a timer
        armed (a sleeper's, a ``timeout``'s alarm), a job ready or with a wake
        time, or one not yet run; not a job that only spins (``spin_forever``)
        nor one blocked with nothing left to wake it."""
        for j in self.jobs:
            if j.done or getattr(j.let, "spinning", False):
                continue
            if j.block is not None:
                if j.wake is not None or j.block.pred():
                    return True
                continue
            if j.let is None or j.wake is None or j.wake != math.inf:
                return True
        pending = getattr(self.sys, "user_timer_pending", None)
        return pending is not None and pending()

    def settle(self) -> None:
        """After the shell's exit: the jobs it left runnable (woken, or forked and
        not yet run) run until each sleeps, blocks or ends; sleepers stay on their
        timers. What they print at once (a ``>(LIST)`` reading to the EOF the exit
        gave it) is the script's output, as a terminal shows it. A job that gave its
        CPU up at a wait for its command (:meth:`wait_child`) is due at once: it goes
        on (the command's exec, its own wait) too."""
        sys = self.sys
        while True:
            self.reap_killed()
            now = sys.now
            ready = [j for j in self.jobs if not j.done and (
                (j.block is not None and j.block.pred() and not self._held(j))
                or (j.block is None and j.wake is not None and j.wake != math.inf
                    and (j.let is None or j.wake <= now)))]
            if not ready:
                return
            j = min(ready, key=lambda j: (sys.now if j.block is not None else j.wake, j.seq))
            if j.block is None:
                if j.let is None:
                    sys.advance_to(j.wake)      # its timer starts it
                else:
                    # what its timer, due now, does; that timer goes stale (it
                    # could fire inside the job's own run: a cyclic step)
                    j.armed += 1
                    self._timer(j, j.armed)
            elif not job_killed(j):
                self.step(j)

    def wait_until(self, req, owner: "TaskLike | None" = None) -> bool:
        """Let jobs run until the foreground request ``req`` is satisfied, or until
        ``owner`` (the waiting shell's task) is killed meanwhile; a foreground
        stopped meanwhile (:meth:`stopped`) waits on until continued, a
        :class:`Deadlock` if nothing left could continue it.

        Returns False if it never can be (nothing left that could wake).
        """
        done = self._wait_until(req, owner)
        if done and owner is not None and self.stopped(owner) and not task_killed(owner):
            if not self._wait_until(Block(lambda: not self.stopped(owner)), owner):
                raise Deadlock()
        return done

    def _wait_until(self, req, owner: "TaskLike | None") -> bool:
        sys = self.sys
        sleep = type(req) is Sleep
        if sleep:
            s = req.seconds
            target = math.inf if s == math.inf else sys.now + max(0.0, float(s))
        else:
            target = getattr(req, "deadline", None)    # a timeout (read -t), or None
        next_exit = self._next_exit
        while True:
            self.reap_killed()
            if not sleep and req.pred() and not (owner is not None and self.dying(owner)):
                return True
            if owner is not None and task_killed(owner):
                return True
            j = self._next_job()
            # a task a fatal signal was sent to dies on its CPU before that
            # (kernel/signal.py): its parent's SIGCHLD may end the wait
            dies = math.inf if next_exit is None else next_exit()
            if dies < math.inf and (j is None or not self.next_ready and dies < j.wake):
                if target is not None and dies > target:
                    sys.advance_to(target)
                    return True
                sys.advance_to(dies)
                continue
            if j is None:
                if target is None or target == math.inf:
                    # a program's own timer (timeout's alarm) may still end the wait
                    nxt = self._next_user_timer()
                    if nxt is None:
                        return False
                    sys.advance_to(nxt)
                    continue
                sys.advance_to(target)
                return True
            now_ready = self.next_ready
            when = sys.now if now_ready else j.wake
            if target is not None and when > target:
                sys.advance_to(target)
                return True
            if not now_ready:
                sys.advance_to(when)        # its timer resumes it
            elif not job_killed(j):
                self.step(j)

    def run(self, gen: Generator, owner: "TaskLike") -> int:
        """Drive the foreground coroutine ``gen`` of the shell whose task is
        ``owner`` to its end; return its status. What it runs may also block from
        anywhere in its code (``pipes.block_until``: a read of an empty pipe),
        which runs :meth:`wait_until` there. The coroutine runs in a greenlet of
        its own, charged CPU time as a job is (:func:`charge_cpu`),
        and a signal that kills ``owner`` while it waits or computes reaches it
        there: it unwinds as killed, or the foreground child it waited for lives
        on (:meth:`_orphan_foreground`)."""
        fg = greenlet(_job_body(gen))
        fg.fg_ns, fg.fg_sys, fg.fg_at = 0, self.sys, self.sys.now
        fg.runs_for, fg.fg_sched = (lambda: owner), self
        kind, req = fg.switch(None)
        watch = True
        while kind != "done":
            wake = self.sys.now + req.seconds if type(req) is Sleep else None
            done = self.wait_until(req, owner if watch else None)
            if watch and task_killed(owner):
                watch = False
                child = self.runner(owner)
                stages = None
                if child is owner:
                    stages = [t for t in self.fg_stages.get(owner, ()) if not task_killed(t)]
                    child = stages[-1] if stages else owner
                if child is not owner:
                    self._orphan_foreground(fg, req, wake, child, stages)
                    return 128 + (owner.exit_signal or 0)
                kind, req = fg.throw(TaskKilled(owner.pid, owner.exit_signal or 0))
                continue
            if not done:
                if type(req) is not Block:
                    raise Deadlock()
                req.deadlocked = True
            kind, req = fg.switch(None)
        return req if isinstance(req, int) else 0

    def killed_fg_tail(self, task: "TaskLike") -> "TaskLike | None":
        """The last task down ``task``'s chain of foreground children (the command
        it waits for, that command's own...: the one computing) if a signal killed
        it, else None."""
        fg = self.fg_child
        tail = None
        while (child := fg.get(task)) is not None:
            tail = task = child
        return tail if tail is not None and task_killed(tail) else None

    def _orphan_foreground(self, fg: greenlet, req, wake: float | None,
                           child: "TaskLike", stages: list | None = None) -> None:
        """The script's shell was killed while it waited for ``req``: bash dies
        there, and the foreground ``child`` it waited for (a ``bash -c``, a
        subshell), or the live processes of the pipeline it waited for
        (``stages``), live on, reparented to init (kernel/exit.c
        ``forget_original_parent``). A job outside every job table takes the
        foreground's greenlet ``fg`` over, waits what is left of ``req`` and runs
        the command to its end, after which the dead shell's part stops
        (``check_alive``), as :meth:`_orphan` does for a job's shell."""
        o = Job(child, None, "", None)      # type: ignore[arg-type]
        if stages:
            # it ends when the last of them does (job_killed)
            o.procs = [Proc(t, "", None) for t in stages]
        o.let = fg
        self.seq += 1
        o.seq = self.seq
        self.jobs.append(o)
        self._block(o, req if wake is None else Sleep(max(0.0, wake - self.sys.now)))


class Deadlock(BaseException):
    """The foreground would sleep forever with nothing left to wake it (not an
    Exception: no command's error handling may take it for its own)."""
