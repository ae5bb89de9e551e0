"""Pipes between pipeline stages, and the stages running side by side.

Each stage of ``a | b | c`` runs in its own greenlet, so a command that writes to a
full pipe (``PIPE_BUF_SIZE``, 64 KiB: ``pipe_write`` sleeps in ``pipe_wait_writable``)
or reads an empty one hands over to the other stages, from wherever it is in its
code; which stage runs next is decided here, in a fixed order, so runs stay
deterministic. A writer whose reader has gone gets SIGPIPE (:class:`BrokenPipe`,
turned into the signal where commands are run), so ``yes | head -1`` ends. On the
model kernel each pipe is the kernel's (``sys.pipe_open``, kernel/pipe.py): its
room, and the pages its writer is charged for, are ``pipe_write``'s.

A stage's shell generator still yields the scheduler's requests (``sleep``,
``wait``): the coordinator passes them up when no other stage can run.
"""
from __future__ import annotations

import math
from typing import Callable, Generator

from greenlet import getcurrent, greenlet

from ..sysapi import TaskKilled
from .context import Sleep
from .jobs import Block, Deadlock
from .streams import to_bytes

#: ``PIPE_DEF_BUFFERS`` (16) pages
PIPE_BUF_SIZE = 65536


class BrokenPipe(Exception):
    """A write to a pipe nobody reads any more: the writer gets SIGPIPE."""


class ReadTimeout(Exception):
    """A ``read -t``'s time ran out while it waited for input (bash's ``sh_timer``
    fired: SIGALRM's status); ``partial``: the bytes it had taken meanwhile."""

    def __init__(self, partial: bytes = b"") -> None:
        super().__init__("read timeout")
        self.partial = partial


class PipeWait:
    """Passed between greenlets, and yielded up through generators, by a stage that
    cannot go on until ``pred()`` (the scheduler treats it like ``wait``'s Block);
    ``turn``: a stage that could go on lets the others run first (:func:`yield_turn`);
    ``deadline``: a time to go on at all the same (a ``read -t``)."""
    __slots__ = ("pred", "deadlocked", "turn", "deadline")

    def __init__(self, pred: Callable[[], bool], turn: bool = False,
                 deadline: float | None = None):
        self.pred = pred
        self.deadlocked = False
        self.turn = turn
        self.deadline = deadline


def _always() -> bool:
    return True


def yield_turn() -> None:
    """In a pipeline stage, let the other stages that can run do so before this one
    goes on (a child exiting wakes its parent, and the pipes' readers run meanwhile
    on other CPUs): ``yes | xargs -n1 echo | head -2`` ends as soon as head has
    its lines, not after a pipe's worth of echos. Nothing outside a stage."""
    g = getcurrent()
    if getattr(g, "stage", False):
        g.parent.switch(PipeWait(_always, turn=True))


class Pipe:
    """The bytes in flight, and the kernel's pipe (``sys.pipe_open``) that charges
    its pages, when the system has one: then its room is the kernel's.
    ``readers``/``writers``: whether the stages at its ends still run; a
    background job a stage started holds the ends it inherited (``sched``'s
    jobs: :meth:`has_writers`), as a process's descriptors hold a pipe open."""
    __slots__ = ("buf", "readers", "writers", "sys", "kpipe", "sched", "holders", "since",
                 "outs", "sleeper")

    def __init__(self, sys=None, task=None, sched=None) -> None:
        self.buf = bytearray()
        self.readers = 1
        self.writers = 1
        self.sys = sys if sys is not None and hasattr(sys, "pipe_open") else None
        self.kpipe = self.sys.pipe_open(task) if self.sys is not None else None
        self.sched = sched
        #: the jobs started before the pipe existed cannot hold it (``Scheduler.holds``)
        self.since = sched.seq if sched is not None else 0
        #: shells (processes) whose descriptors may hold its ends besides the jobs'
        self.holders: tuple = ()
        #: its write ends (:class:`PipeOut`), and the task asleep in a read of it
        #: while it is empty (``pipe->rd_wait``), else None
        self.outs: list = []
        self.sleeper = None

    def sleep(self, task) -> None:
        """``task`` sleeps in ``pipe_read`` on the empty pipe (``rd_wait``), or no
        one does (None): kept where the system places a reader at its last
        writer's exit or at a write (``Scheduler.rd_sleeping``)."""
        sleeping = getattr(self.sched, "rd_sleeping", None)
        if sleeping is None:
            return
        self.sleeper = task
        if task is None:
            sleeping.pop(self, None)
        else:
            sleeping[self] = None

    def last_writer(self, task) -> bool:
        """Whether ``task``'s exit closes the pipe's last write end: no other live
        process writes it (a stage's or a command substitution's writer, the ends'
        ``task``) nor holds it (:meth:`has_writers`' other holders)."""
        if not any(o.task is task for o in self.outs):
            return False
        for o in self.outs:
            t = o.task
            if t is not None and t is not task and getattr(t, "alive", True):
                return False
        return not self._held(PipeOut)

    def room(self) -> int:
        if self.kpipe is not None:
            return self.sys.pipe_room(self.kpipe)
        return PIPE_BUF_SIZE - len(self.buf)

    def has_writers(self) -> bool:
        """``pipe->writers``: a stage, or a live process, has its write end open."""
        return bool(self.writers) or self._held(PipeOut)

    def has_readers(self) -> bool:
        """``pipe->readers``: a stage, or a live process, has its read end open."""
        return bool(self.readers) or self._held(PipeIn)

    def _held(self, kind: type) -> bool:
        # the holders' streams looked at in a loop: no function made and called
        # for each (a comsub's reads ask at each wait: bench/README.md, session 44)
        for sh in self.holders:
            t = sh.task
            if t.exit_signal is None and t.state not in ("zombie", "dead"):    # task_killed
                for s in sh.open_streams():
                    if type(s) is kind and s.pipe is self:
                        return True
        sched = self.sched
        if sched is None or not sched.jobs or sched.jobs[-1].seq <= self.since:
            return False            # no job started since the pipe was made
        return sched.holds(lambda s: type(s) is kind and s.pipe is self, self.since)

    def close_end(self, task) -> None:
        """An end closed; the last one frees the kernel's pipe and what it holds
        (``free_pipe_info``)."""
        if not self.has_readers() and not self.has_writers():
            self.buf.clear()
            if self.kpipe is not None:
                self.sys.pipe_close(self.kpipe, task)
                self.kpipe = None


def _in_stage() -> bool:
    return getattr(getcurrent(), "stage", False)


def block_until(pred: Callable[[], bool], sched=None, task=None) -> bool:
    """Sleep until ``pred()``, from wherever the caller runs: a pipeline stage
    hands over to its coordinator, a job to the scheduler that stepped it; the
    foreground lets ``sched`` (``jobs.Scheduler``) run the jobs and the clock
    until then, as when it yields a Block. False, at once, with no scheduler;
    :class:`Deadlock` if nothing left could ever make ``pred()`` hold (bash
    would hang there). ``task``, the sleeper, gives its CPU to the children it
    forked there (``Scheduler.blocked``)."""
    g = getcurrent()
    deadline = getattr(g, "read_deadline", None)
    if deadline is not None and sched is not None:
        return _block_timed(pred, sched, task, deadline)
    if task is not None and sched is not None and not pred():
        sched.blocked(task)
    if getattr(g, "stage", False):
        _wait(pred)
        return True
    if getattr(g, "sched", False):
        while not pred():
            g.parent.switch(("req", Block(pred)))
        return True
    if pred():
        return True
    if sched is None:
        return False
    if not sched.wait_until(Block(pred)):
        raise Deadlock()
    return True


def _block_timed(pred: Callable[[], bool], sched, task, deadline: float) -> bool:
    """:func:`block_until` under a ``read -t`` (``g.read_deadline``, set by the
    ``read`` builtin around its input): the wait ends at ``deadline`` on the
    simulated clock too, and then raises :class:`ReadTimeout` (bash's read is
    interrupted by its timer: read.def ``check_read_timeout``)."""
    if not block_timed(pred, sched, task, deadline):
        raise ReadTimeout()
    return True


def block_timed(pred: Callable[[], bool], sched, task, deadline: float) -> bool:
    """Sleep until ``pred()`` or until the simulated time ``deadline``, from
    wherever the caller runs (as :func:`block_until`); return ``pred()``: a
    ``sleep()`` a signal may cut short (``pred``: it came)."""
    g = getcurrent()
    sys = sched.sys

    def until() -> bool:
        # (the clock counts whole nanoseconds: a deadline may fall between two)
        return pred() or sys.now >= deadline - 1e-9
    if not pred() and task is not None:
        sched.blocked(task)
    if getattr(g, "stage", False):
        while not until():
            g.parent.switch(PipeWait(until, deadline=deadline))
    elif getattr(g, "sched", False):
        while not until():
            g.parent.switch(("req", Block(until, deadline)))
    elif not until():
        sched.wait_until(Block(until, deadline))
    return pred()


def wait_for(pred: Callable[[], bool]) -> bool:
    """In a pipeline stage, sleep until ``pred()`` (another stage acts on a pipe);
    False, without waiting, outside one."""
    if not _in_stage():
        return False
    _wait(pred)
    return True


def _wait(pred: Callable[[], bool]) -> None:
    """Sleep in the pipe until ``pred()``: hand over to the stage's coordinator."""
    g = getcurrent()
    while not pred():
        g.parent.switch(PipeWait(pred))


class PipeOut:
    """The write end, written by ``task`` (the stage's process, or a job's that
    inherited it). Where nothing could run meanwhile (a generator driven by
    hand) the pipe just grows, uncharged."""
    __slots__ = ("pipe", "task")

    def __init__(self, pipe: Pipe):
        self.pipe = pipe
        self.task = None
        pipe.outs.append(self)

    def write(self, data: bytes | str) -> None:
        """``pipe_write``: a null write succeeds at once (before the readers are
        checked, as fs/pipe.c does); otherwise what fits goes in, and the writer
        sleeps until a reader has taken something (``pipe_wait_writable``) or gone.
        A write into the empty pipe wakes the reader asleep on it, which the system
        places (``pipe_write_wake``: kernel/pipe.py ``PIPE_WRITE_WAKES``).
        It never waits on a condition already true, so it cannot spin: a pipe
        whose last buffer has room a write cannot merge into (the kernel's slots
        are full) waits for the reader too."""
        p = self.pipe
        data = to_bytes(data)
        if not data:
            return
        if p.sleeper is not None and not p.buf and self.task is not None \
                and getattr(p.sys, "pipe_write_wakes", False):
            # pipe_write's was_empty: the sleeping reader woken (sync), placed once
            reader = p.sleeper
            p.sleep(None)
            p.sys.pipe_write_wake(reader, self.task)
        while True:
            if not p.has_readers():
                raise BrokenPipe()
            n = min(len(data), p.room())
            if n and p.kpipe is not None:
                n = p.sys.pipe_write(p.kpipe, self.task, n)     # pipe_write's pages
            if n:
                p.buf += data[:n]
                data = data[n:]
                if not data:
                    return
                continue
            held = len(p.buf)
            if not block_until(lambda: not p.has_readers() or len(p.buf) < held, p.sched,
                               self.task):
                p.buf += data
                return


class PipeIn:
    """The read end, read by ``task``: what it takes releases the kernel's buffers."""
    __slots__ = ("pipe", "task")

    def __init__(self, pipe: Pipe):
        self.pipe = pipe
        self.task = None

    def _took(self, n: int) -> None:
        p = self.pipe
        if n and p.kpipe is not None:
            p.sys.pipe_read(p.kpipe, self.task, n)

    def _fill(self) -> bool:
        """Wait for data or EOF; True if there is data."""
        p = self.pipe
        if not p.buf and p.has_writers():
            p.sleep(self.task)
            try:
                block_until(self._readable, p.sched, self.task)
            finally:
                p.sleep(None)
        elif p.sleeper is not None:
            p.sleep(None)       # a Deferred stage's first read, begun asleep
        return bool(p.buf)

    def _readable(self) -> bool:
        p = self.pipe
        return bool(p.buf) or not p.has_writers()

    def first_wait(self) -> PipeWait | None:
        """What a stage's first read, run now, would do before it sleeps: None
        when it would not sleep (data or EOF); else its sleep begun as
        :func:`block_until` begins it (the reading task gives its CPU up) and the
        wait it would hand its coordinator (:class:`Deferred`)."""
        if self._readable():
            return None
        sched = self.pipe.sched
        if self.task is not None and sched is not None:
            sched.blocked(self.task)
        self.pipe.sleep(self.task)
        return PipeWait(self._readable)

    def read(self, n: int = -1) -> bytes:
        p = self.pipe
        if n is None or n < 0:
            out = bytearray()
            while self._fill():
                out += p.buf
                self._took(len(p.buf))
                p.buf.clear()
            return bytes(out)
        if not self._fill():
            return b""
        r = bytes(p.buf[:n])
        del p.buf[:n]
        self._took(len(r))
        return r

    def readline(self) -> bytes:
        p = self.pipe
        out = bytearray()
        try:
            return self._readline(p, out)
        except ReadTimeout as e:
            e.partial = bytes(out)      # what it took before the time ran out
            raise

    def _readline(self, p: Pipe, out: bytearray) -> bytes:
        while self._fill():
            j = p.buf.find(b"\n")
            if j >= 0:
                out += p.buf[:j + 1]
                del p.buf[:j + 1]
                self._took(j + 1)
                return bytes(out)
            out += p.buf
            self._took(len(p.buf))
            p.buf.clear()
        return bytes(out)


class Deferred:
    """A stage whose code begins with a read of a pipe (a command substitution's
    ``read_comsub``), not switched to while that read would only sleep: its
    coordinator begins the sleep itself (``src.first_wait()``; before any other
    stage runs where the system places a pipe's reader at a write,
    kernel/pipe.py ``PIPE_WRITE_WAKES``) and starts the
    stage's greenlet once the pipe has data or no writer, where the code, run
    from its start, goes on as the woken read would. A signal that kills the
    process while it sleeps there is handed to ``killed`` (the status the
    stage returns, as its code does for a TaskKilled at the read). A child that
    writes less than the pipe holds runs without a switch to its reader until it
    is about to exit (``Shell._run_forked``: the reader drains the pipe first)."""
    __slots__ = ("gen", "src", "killed")

    def __init__(self, gen: Generator, src: PipeIn, killed: Callable[[TaskKilled], int]):
        self.gen = gen
        self.src = src
        self.killed = killed


def run_stages(stages: list, pipes: list[Pipe], now: Callable[[], float],
               members: list[dict] | None = None) -> Generator:
    """Drive the stages' generators (stage ``i`` writes ``pipes[i]``, reads
    ``pipes[i-1]``) to their ends; returns their statuses. A stage that finishes
    closes its ends of the pipes (``members[i]["task"]``, its process, closing).
    A :class:`Deferred` stage's greenlet starts once its first read can go on."""
    n = len(stages)
    parent = getcurrent()
    lets = []
    # per stage: its Deferred while its greenlet waits to start, else None
    deferred = [s if type(s) is Deferred else None for s in stages]
    asleep = [False] * n        # a Deferred stage whose first read sleeps, begun here
    asleep_first = False        # and begun before any stage runs
    if any(deferred):
        stages = [s.gen if type(s) is Deferred else s for s in stages]
        asleep_first = any(getattr(d.src.pipe.sys, "pipe_write_wakes", False)
                           for d in deferred if d is not None)
    for k, gen in enumerate(stages):
        g = greenlet(_stage_body(gen), parent)
        g.stage = True
        g.cpu_ns = 0        # charged CPU time, preempted each tick (jobs.charge_cpu)
        if members:
            g.runs_for = lambda k=k: members[k].get("task")     # (jobs._unwind_if_killed)
        lets.append(g)
    statuses: list[int | None] = [None] * n
    waits: list = [None] * n        # per stage: None (runnable), PipeWait, or (wake, request)
    resume: list = [None] * n

    def finish(i: int, status: int) -> None:
        statuses[i] = status
        task = members[i].get("task") if members else None
        if i < n - 1:
            pipes[i].writers = 0
            pipes[i].close_end(task)
        if i > 0:
            pipes[i - 1].readers = 0
            pipes[i - 1].close_end(task)

    def dead(k: int) -> bool:
        # its process was killed (by a signal from outside) while it waited
        # (task_killed, written out)
        task = members[k].get("task") if members else None
        return task is not None and (task.exit_signal is not None or task.state in ("zombie", "dead"))

    def follow() -> None:
        # the greenlet that drives the pipeline may change while it waits (its
        # shell was killed: Scheduler._orphan_foreground): the stages follow it
        nonlocal parent
        cur = getcurrent()
        if cur is not parent:
            parent = cur
            for g in lets:
                if not g.dead:
                    g.parent = cur

    if asleep_first:
        for i, spec in enumerate(deferred):
            if spec is not None and not dead(i):
                # its first read sleeps before the writer has run (bash's read_comsub
                # right after the fork: pipe_read's wait_event on the empty pipe,
                # kernel/pipe.py PIPE_WRITE_WAKES): the writer's first write wakes it
                w = spec.src.first_wait()
                if w is not None:
                    waits[i] = w
                    asleep[i] = True

    first = 0           # where the search for a runnable stage starts
    while None in statuses:
        i = None
        for k in range(first, first + n):
            if k >= n:
                k -= n
            if statuses[k] is None:
                w = waits[k]        # runnable: no wait, or a pipe wait that holds
                if w is None or (isinstance(w, PipeWait) and w.pred()) or dead(k):
                    i = k
                    break
        first = 0
        if i is None:
            # every stage waits: on the scheduler (the earliest wake first), or on a
            # pipe of an enclosing pipeline
            pend = [(w[0], k) for k, w in enumerate(waits) if statuses[k] is None
                    and isinstance(w, tuple)]
            timed = [w.deadline for k, w in enumerate(waits) if statuses[k] is None
                     and isinstance(w, PipeWait) and w.deadline is not None]
            if pend and timed and min(timed) < min(pend)[0]:
                # a stage's read -t ends before any sleep: the time passes to it
                yield Sleep(max(0.0, min(timed) - now()))
                follow()
                continue
            if pend:
                _, k = min(pend)
                wake, req = waits[k]
                if type(req) is Sleep and wake != math.inf:
                    req = Sleep(max(0.0, wake - now()))
                resume[k] = yield req
                follow()
                if not dead(k) and not (type(req) is Sleep and now() < wake - 1e-9):
                    waits[k] = None
                # else: killed while it slept, it dies where it waited (below); or
                # woken early (another stage was killed: Scheduler.reap_killed), it
                # sleeps on for the rest of its time
                continue
            blocked = [w for k, w in enumerate(waits) if statuses[k] is None]
            live = [k for k in range(n) if statuses[k] is None]
            deadlines = [w.deadline for w in blocked
                         if isinstance(w, PipeWait) and w.deadline is not None]
            yield PipeWait(lambda: any(w.pred() for w in blocked if isinstance(w, PipeWait))
                           or any(dead(k) for k in live),
                           deadline=min(deadlines) if deadlines else None)
            follow()
            continue
        spec = deferred[i]
        if spec is not None:
            if not asleep[i]:
                if not dead(i):
                    # its first read, begun here: no switch while it sleeps
                    w = spec.src.first_wait()
                    if w is not None:
                        waits[i] = w
                        asleep[i] = True
                        continue
                deferred[i] = None
            else:
                deferred[i] = None
                if dead(i):
                    # killed while its read slept
                    task = members[i]["task"]
                    waits[i] = None
                    stages[i].close()
                    finish(i, spec.killed(TaskKilled(task.pid, task.exit_signal or 0)))
                    continue
                waits[i] = None     # woken: its code runs from its start
        if (waits[i] is not None or not lets[i]) and dead(i):
            # a signal ends its wait: it dies where it waited (a stage not yet
            # run dies before its first instruction)
            waits[i] = None
            task = members[i]["task"]
            if not lets[i]:
                stages[i].close()
                finish(i, 128 + (task.exit_signal or 0))
                continue
            out = lets[i].throw(TaskKilled(task.pid, task.exit_signal or 0))
        else:
            waits[i] = None
            out = lets[i].switch(resume[i])
        resume[i] = None
        kind, val = out if type(out) is tuple else ("pipe", out)
        if kind == "done":
            finish(i, val)
        elif kind == "pipe":
            waits[i] = val
            if val.turn:
                first = i + 1
        else:       # a request for the scheduler
            wake = now() + val.seconds if type(val) is Sleep else now()
            waits[i] = (wake, val)
    return statuses


def drive_here(gen: Generator) -> int | None:
    """Run a command's generator to its end from code that cannot yield (awk's
    ``system()`` and ``"cmd" | getline``): each request it makes goes up from
    the greenlet running here, as its own (a stage's, a job's or the
    foreground's, :func:`_stage_body`, ``jobs._job_body``), a signal killing it
    meanwhile reaching the command. Its status, or None where no scheduler
    steps this greenlet (the command is abandoned)."""
    g = getcurrent()
    stage = getattr(g, "stage", False)
    if not (stage or getattr(g, "sched", False) or getattr(g, "fg_sys", None) is not None):
        gen.close()
        return None
    try:
        req = gen.send(None)
        while True:
            try:
                resp = g.parent.switch(req if stage and isinstance(req, PipeWait) else ("req", req))
            except TaskKilled as e:
                req = gen.throw(e)
                continue
            req = gen.send(resp)
    except StopIteration as e:
        return e.value if isinstance(e.value, int) else 0


def _stage_body(gen: Generator) -> Callable:
    """A stage's greenlet: run its generator, handing its requests to the coordinator
    as ``("req", request)``; ends with ``("done", status)``. A PipeWait yielded by
    a pipeline inside the stage goes up as the stage's own."""
    def body(_):
        parent = getcurrent().parent
        try:
            req = gen.send(None)
            while True:
                try:
                    if isinstance(req, PipeWait):
                        resp = parent.switch(req)
                    else:
                        resp = parent.switch(("req", req))
                except TaskKilled as e:
                    # killed while it waited: the signal reaches the command there
                    req = gen.throw(e)
                    continue
                req = gen.send(resp)
        except StopIteration as e:
            return ("done", e.value if isinstance(e.value, int) else 0)
    return body
