"""A job-control shell (``set -m``) as bash 5.2 runs one without a terminal (a
script): bash 5.2 jobs.c, flags.c ``set_job_control``, builtins/fg_bg.def,
kill.def and wait.def; checked against bash 5.2.15 (``bash_cases/job_control``)
and both guests (tests/conformance ``v2-jobctl-freeze``).

``set -m`` sets ``job_control`` (``$-`` shows ``m``); the shell stays in its own
process group (``set_job_control`` only reads it: no terminal, so no
``initialize_job_control``), and each job it starts from then on is the leader
of a process group of its own (``make_child``: ``setpgid`` in the child and the
parent to the first process's pid; a pipeline's stages join the first's; a
command or process substitution stays in the shell's group, and a subshell runs
without job control, its children in its group). ``waitpid`` then takes
``WUNTRACED|WCONTINUED`` (``waitchld``): a job whose every live process stopped
is ``Stopped`` (``jobs -l``: the stop signal's name), ``%+`` (``set_current_job``),
and running again once continued. A script reports no stop (``startup_state``
0); a background job killed by SIGTERM, SIGINT, SIGPIPE or a trapped signal is
reported as ``jobs`` lists it (``[1]+  Terminated  cmd``, on stderr). ``kill %N``
signals the job's group (``killpg``; a stopped job sent SIGTERM or SIGHUP is sent
SIGCONT too), ``kill -- -PGID`` a group, ``fg``/``bg`` continue a job
(``start_job``), ``wait`` returns 128 + the stop signal when its job stops.

A foreground command that stops (a forked ``( )`` subshell or program) is a
stopped job: ``wait_for`` returns once its process stopped (``waitpid`` with
``WUNTRACED``), with 128 + the stop signal; the job stays in the table, ``%+``
(``set_job_status_and_cleanup``: ``JSTOPPED``, ``J_FOREGROUND`` cleared), and runs
on as a background job once continued (:func:`drive_foreground`). A stop by SIGTSTP
breaks every loop running (``breaking = loop_level``; a function's body runs at
loop level 0). Checked against the host's bash 5.2.15 (``bash_cases/fg_stop``).

Not modelled: a foreground pipeline that stops (its stages run on in the shell's
coroutine: the model waits for a SIGCONT), the terminal (``tcsetpgrp``: there is
none).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .jobreport import job_state
from .jobtable import NOTIFY, job_mark, reset_current, set_current_job

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Generator

    from .jobs import Job

#: kernel signal numbers bash's job control sends or looks at
SIGHUP, SIGKILL, SIGTERM, SIGCONT, SIGTSTP = 1, 9, 15, 18, 20


def set_job_control(sh, on: bool) -> None:
    """``set -m``/``set +m`` (flags.c ``change_flag`` → ``set_job_control``):
    ``$-``'s ``m`` and whether new jobs get process groups of their own and stops
    are waited for. The shell's own group is left as it is."""
    sh.monitor = sh.job_control = on
    sh.pipeline_pgrp = 0


def child_pgrp(sh, child, join: bool = False) -> None:
    """``make_child`` under job control: ``setpgid(child, pipeline_pgrp)`` in the
    parent and the child, the first child of a pipeline leading the group
    (``pipeline_pgrp`` 0 → its pid); ``join`` for a later stage of the same
    pipeline (:meth:`Shell.pipeline`). Without job control nothing changes: the
    child is in the shell's group."""
    if not sh.job_control:
        return
    pgrp = sh.pipeline_pgrp if join and sh.pipeline_pgrp else child.pid
    if join:
        sh.pipeline_pgrp = pgrp
    sh.sys.setpgid(child, pgrp)


def _procs(job: "Job") -> list:
    return [job.task] if job.procs is None else [p.task for p in job.procs]


def _stopped_now(job: "Job") -> bool:
    """Every live process of ``job`` is stopped, and one is (``PSTOPPED``, none
    ``PRUNNING``: ``set_job_status_and_cleanup``)."""
    tasks = _procs(job)
    return (any(t.state == "stopped" for t in tasks)
            and not any(t.alive and t.state != "stopped" for t in tasks))


def waitchld(sh) -> None:
    """``waitchld`` with ``WUNTRACED|WCONTINUED`` (a job-control shell, not a
    subshell): each job that stopped or was continued since is marked so, its
    change not yet notified of; then ``%+`` is the last job that stopped
    (``set_current_job``), else the marks are chosen again (``reset_current``).
    The kernel's SIGCHLD runs it in bash as soon as a child changes state; the
    model looks when the shell next reads its job table."""
    if not sh.job_control:
        return
    changed = False
    last_stopped = None
    revived: list = []
    dying = getattr(sh.sys, "fatal_signal_pending", None)
    for j in sh.jobs:
        if type(j) is _ForegroundJob:
            continue
        if j.stopped and not j.done and dying is not None and any(map(dying, _procs(j))):
            # continued with a fatal signal pending (SIGTERM then SIGCONT): its
            # CLD_CONTINUED comes when it runs, which is when it dies
            continue
        if j.done:
            if j.stopped:
                # it died stopped: continued first (WIFCONTINUED: a running job
                # for the marks' rules, then dead) unless SIGKILL ended it (no
                # CLD_CONTINUED)
                j.stopped = False
                j.notified = False      # set_job_status_and_cleanup: a change to tell
                if j.signal != SIGKILL:
                    revived.append(j)
            continue
        now = _stopped_now(j)
        if now != j.stopped:
            j.stopped = now
            j.notified = False
            changed = True
            if now:
                j.foreground = False
                last_stopped = j
                sh.job_stops = True
    if revived:
        for j in revived:
            j.done = False
        try:
            if last_stopped is None:
                reset_current(sh)
        finally:
            for j in revived:
                j.done = True
    if changed:
        sh.pending_notify |= NOTIFY
        if last_stopped is not None:
            set_current_job(sh, last_stopped)
        else:
            reset_current(sh)


class _ForegroundJob:
    """The job bash makes of a foreground command (``stop_pipeline(0)``), seen by
    the marks' rules only: ``waitchld`` runs while ``wait_for`` waits for it,
    so a job continued meanwhile leaves it ``%+`` (the newest running job) and
    itself ``%-``; it is deleted once the others were notified of
    (``cleanup_dead_jobs``)."""

    __slots__ = ("done", "stopped", "num")

    def __init__(self, num: int) -> None:
        self.done = self.stopped = False
        self.num = num


def foreground_ended(sh) -> None:
    """A forked foreground command ended under job control: the job-state changes
    that came in while it ran are taken as bash's SIGCHLD handler took them,
    with the command a running job of the table (:class:`_ForegroundJob`); the
    jobs are then notified of, and the command's job deleted
    (``notify_and_cleanup``)."""
    from .jobtable import notify_and_cleanup
    jobs = sh.jobs
    fg = _ForegroundJob((jobs[-1].num if jobs else 0) + 1)
    jobs.append(fg)
    try:
        waitchld(sh)
    finally:
        # it ended: out of the table (the marks may still name it while the
        # others are notified of, as bash's do until its cleanup)
        fg.done = True
        jobs.remove(fg)
    notify_and_cleanup(sh)
    if fg in sh.jmarks:
        reset_current(sh)


def stop_status(job: "Job") -> int:
    """``wait_for``'s status of a stopped job: 128 + ``WSTOPSIG`` of its first
    process (``find_pipeline``'s chain head), 0 if that one is not stopped."""
    t = _procs(job)[0]
    return 128 + t.jobctl if t.state == "stopped" else 0


def finished_or_stopped(sh, job: "Job") -> bool:
    """What ends ``wait_for`` on ``job``: it died, or (job control) it stopped."""
    return job.done or (sh.job_control and _stopped_now(job))


def wait_status(sh, job: "Job") -> int:
    """The status ``wait`` and ``fg`` return for ``job`` once it died or stopped."""
    if not job.done and sh.job_control and _stopped_now(job):
        return stop_status(job)
    return job.status


def killpg_job(sh, job: "Job", sig: int, pgrp: int | None = None) -> None:
    """``kill_pid(pid, sig, 1)`` of a job started under job control (its group not
    the shell's): ``killpg`` of its group (``pgrp``: the one ``kill -- -PGID``
    named), and SIGCONT after a SIGTERM or SIGHUP to a stopped job; a SIGCONT to
    a stopped job marks it running (as ``bg`` does, notified). ESRCH (OSError)
    when the group is empty."""
    stopped = job.stopped and not job.done
    sh.sys.kill_pgrp(job.pgrp if pgrp is None else pgrp, sig, sender=sh.task)
    if stopped and sig in (SIGTERM, SIGHUP):
        sh.sys.kill_pgrp(job.pgrp, SIGCONT, sender=sh.task)
    if stopped and sig == SIGCONT:
        job.stopped = job.foreground = False
        job.notified = True


def job_of_pid(sh, pid: int):
    """``find_pipeline(pid, 0, &job)``: the job one of whose processes has ``pid``."""
    for j in sh.jobs:
        if j.pid == pid or (j.procs is not None and any(p.pid == pid for p in j.procs)):
            return j
    return None


def start_job(sh, job: "Job", foreground: bool):
    """``start_job`` (``fg``/``bg`` of a job started under job control): a dead
    job is ``NAME: job has terminated`` (-1); ``bg`` of a running job
    ``NAME: job N already in background`` (0); else it prints the job (``bg``:
    ``[N]+ TEXT &`` with ``+``/``-``/`` ``; ``fg``: the command alone), sends
    its group SIGCONT and marks it running; ``bg`` then chooses the marks again
    and returns 0, ``fg`` makes it ``%+`` and the foreground job and waits for
    it to die or stop again (``wait_for``: its status, or 128 + the stop
    signal). ``$!`` is the job's first pid after ``bg``."""
    name = "fg" if foreground else "bg"
    if job.done:
        sh.err(f"{name}: job has terminated")
        return -1
    state = job_state(job)
    if not foreground and state == "running":
        sh.err(f"{name}: job {job.num} already in background")
        return 0
    job.notified = False
    if foreground:
        set_current_job(sh, job)
        job.foreground = True
    texts = [job.text] if job.procs is None else [p.text for p in job.procs]
    if foreground:
        line = " | ".join(texts)
    else:
        mark = job_mark(sh, job)       # "+ ", "- " or a single blank
        line = f"[{job.num}]{mark}{'' if mark == ' ' else ' '}{' | '.join(texts)} &"
    sh.stdout.write(line + "\n")
    if state != "running":
        job.notified = True
    try:
        sh.sys.kill_pgrp(job.pgrp, SIGCONT, sender=sh.task)
        job.stopped = False
    except OSError:
        job.stopped = False         # ESRCH: it died meanwhile, cleaned up later
    if not foreground:
        job.foreground = False
        reset_current(sh)
        return 0
    return (yield from wait_job(sh, job))


def wait_job(sh, job: "Job"):
    """``wait_for`` the job ``fg`` put in the foreground: until it dies or stops;
    its status (128 + the stop signal if it stopped)."""
    from .jobs import Block
    if not finished_or_stopped(sh, job):
        sh.sched.blocked(sh.task)
        blk = Block(lambda: finished_or_stopped(sh, job))
        yield blk
        if blk.deadlocked:
            sh.err(f"fg: memcgsim: job {job.num} would never end nor stop")
            return 127
    waitchld(sh)
    return wait_status(sh, job)


def drive_foreground(sh, gen: "Generator", child) -> "Generator":
    """Generator: ``yield from gen``, the run of ``child``, a foreground process
    this shell waits for; under job control, once ``child`` has stopped and its
    run waits to be continued (a ``Block`` yielded while it is stopped), the
    waiting ends there (``waitpid`` returns ``WIFSTOPPED``). Returns (False, the
    run's status) when it ran to its end, else (True, the rest of the run: a
    generator that first waits as the run did)."""
    from .jobs import Block
    while True:
        try:
            item = gen.send(None)
        except StopIteration as e:
            return False, e.value
        if type(item) is Block and child.state == "stopped" and sh.job_control:
            return True, _rest(gen, item)
        yield item


def _rest(gen: "Generator", pending) -> "Generator":
    """The rest of a stopped foreground run, driven by a job: its pending wait,
    then the run to its end."""
    yield pending
    return (yield from gen)


def foreground_stopped(sh, job: "Job") -> int:
    """The foreground ``job`` stopped (``wait_for`` with the job stopped): the
    table sees it stopped and ``%+`` (:func:`waitchld`); a stop by SIGTSTP sets
    bash's ``breaking`` to the loop level (the caller breaks the loops:
    :func:`breaks_loops`). Returns ``wait_for``'s status, 128 + the signal."""
    sh.job_stops = True
    waitchld(sh)
    return stop_status(job)


def breaks_loops(sh, job: "Job") -> bool:
    """A foreground job stopped by SIGTSTP breaks the loops running
    (jobs.c ``set_job_status_and_cleanup``: ``any_tstped``, ``breaking =
    loop_level``)."""
    t = _procs(job)[0]
    return t.state == "stopped" and t.jobctl == SIGTSTP and sh.loop_depth > 0
