"""A shell's job table as bash 5.2 keeps it without job control (jobs.c): when a
background job leaves the table, which job ``%+``/``%-`` name, and the saved
statuses of jobs gone (``bgpids``).

A finished job stays in the table until the shell has *notified* the user of it
(``J_NOTIFIED``): a script (``startup_state`` 0) notifies only of a death by a
signal (``notify_of_job_status``, run after each foreground job); a job that
exits is notified by ``jobs`` (``pretty_print_job``), by ``wait`` for it, or by
``wait`` with no operand (``mark_dead_jobs_as_notified(1)``, all but ``$!``'s
job). A ``bash -c`` shell (``startup_state`` 2) notifies of every finished job.
A notified dead job is deleted at the next ``cleanup_dead_jobs`` (a new job,
``jobs``, the end of a foreground job), its last process's status saved in
``bgpids`` for a later ``wait PID`` (``delete_job`` → ``bgp_add``); ``wait``
with no operand forgets them all (``bgp_clear``). Until deleted, a job keeps its
number (``%N``, one past the highest in the table when it started:
``stop_pipeline``), and ``jobs`` lists it as ``Done`` or ``Exit N``.

Each loop iteration ends with ``REAP()``, a cleanup; not modelled: its
``mark_dead_jobs_as_notified(0)``, which marks the oldest dead jobs once more than
``CHILD_MAX`` (``ulimit -u``) processes are dead in the table, and the table's
compaction past 4096 slots (``compact_jobs_list``, which renumbers the jobs).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .bashmem import bgp_add

if TYPE_CHECKING:  # pragma: no cover
    from .jobs import Job

#: ``Shell.pending_notify`` bits: a job ended since ``notify_of_job_status`` last
#: ran; a job was marked notified since ``cleanup_dead_jobs`` last ran
NOTIFY = 1
CLEANUP = 2


def mark_notified(sh, job: "Job") -> None:
    """``jobs[i]->flags |= J_NOTIFIED``: the next cleanup deletes it once dead."""
    if not job.notified:
        job.notified = True
        sh.pending_notify |= CLEANUP


def notify_of_job_status(sh) -> None:
    """``notify_of_job_status`` without job control: report each job that died
    of a reported signal (``NAME: line N: PID Killed  TEXT``) and mark it
    notified; a script leaves a job that exited unnotified, a ``bash -c`` shell
    marks it too (in a command substitution's child, all but ``$!``'s)."""
    if sh.job_control:
        from .jobcontrol import waitchld
        waitchld(sh)
    if not sh.pending_notify & NOTIFY or sh.dialect.ash_jobs:
        return      # (busybox sh reports only the job it waits for: ash.waited_death)
    sh.pending_notify &= ~NOTIFY
    cmd_string = sh.cmd_string
    for j in sh.jobs:
        if j.notified or not j.done:
            if not j.notified and j.stopped and sh.job_control and cmd_string and not sh.in_cmdsub:
                # JSTOPPED (a ``bash -c`` shell's: startup_state 2; a script's are
                # kept for ``jobs``): a blank line, the job as ``jobs`` lists it
                _print_job(sh, j, "\n")
                j.notified = True
            continue
        sig = j.signal
        if not sig:
            if j.foreground:
                pass                # ``fg``'s job: notified, not reported
            elif not cmd_string:
                continue            # startup_state 0: kept until waited for
            elif sh.in_cmdsub:
                if j.pid != sh.last_bg:
                    mark_notified(sh, j)
                continue
            elif sh.job_control:
                # a background job's end under job control
                _print_job(sh, j)
        elif not sh._reported(sig) and (j.foreground or sh.job_control):
            # a signal not reported on a line of its own: ``fg``'s job by its
            # name alone (IS_FOREGROUND), a background job of a job-control
            # shell as ``jobs`` lists it (``pretty_print_job(JLIST_STANDARD)``)
            if j.foreground:
                sh._report_short(sig)
            else:
                _print_job(sh, j)
        elif j.procs is None:
            sh.report_signal(j.pid, sig, j.text + _wd_note(sh, j))
        elif sh._reported(sig):
            lines = _pipeline_lines(j)
            lines[-1] += _wd_note(sh, j)
            sh._report_lines(lines)
        mark_notified(sh, j)


def job_line(sh, job: "Job") -> str:
    """``pretty_print_job(JLIST_STANDARD)``: ``[N]+  STATUS  TEXT``, the mark
    ``+``/``-``/`` `` of ``%+`` and ``%-``."""
    from .jobreport import pipeline_lines, wd_note
    return f"[{job.num}]{job_mark(sh, job)}  {pipeline_lines(job, False)[0]}{wd_note(sh, job)}"


def _print_job(sh, job: "Job", lead: str = "") -> None:
    """``pretty_print_job(JLIST_STANDARD)`` on stderr after ``lead``, then ``(wd
    now: DIR)`` when the job started in another directory."""
    from .jobreport import polite_directory
    now = f"(wd now: {polite_directory(sh, sh.cwd)})\n" if _wd_note(sh, job) else ""
    sh.stderr.write(lead + job_line(sh, job) + "\n" + now)


def _wd_note(sh, job: "Job") -> str:
    from .jobreport import wd_note
    return wd_note(sh, job)


def job_mark(sh, job) -> str:
    """``pretty_print_job``'s mark: ``+`` for ``%+``, ``-`` for ``%-``, else a blank."""
    cur, prev = sh.jmarks
    return "+" if job is cur else "-" if job is prev else " "


def _pipeline_lines(job: "Job") -> list[str]:
    from .jobreport import pipeline_lines
    return pipeline_lines(job, True)


def cleanup_dead_jobs(sh) -> None:
    """``cleanup_dead_jobs``: delete the dead jobs the shell has notified of."""
    if not sh.pending_notify & CLEANUP:
        return
    sh.pending_notify &= ~CLEANUP
    gone = [j for j in sh.jobs if j.done and j.notified]
    if gone:
        delete_jobs(sh, gone)
    cp = sh.coproc
    if cp is not None and cp.job.done:
        sh.coproc_dispose()         # coproc_reap


def notify_and_cleanup(sh) -> None:
    """``notify_and_cleanup``: after a foreground job, and in ``wait``."""
    notify_of_job_status(sh)
    cleanup_dead_jobs(sh)


def delete_jobs(sh, gone: list) -> None:
    """``delete_job`` of each of ``gone``: its last process's status saved
    (``bgp_add``: a background job), its slot freed; ``%+``/``%-`` chosen again
    (``reset_current``) if they named one of them."""
    sh.reaped.update((j.pid, j) for j in gone)
    if gone and sh.noexec is None:
        bgp_add(sh)
    drop = set(map(id, gone))
    sh.jobs = [j for j in sh.jobs if id(j) not in drop]
    cur, prev = sh.jmarks
    if id(cur) in drop or id(prev) in drop:
        reset_current(sh)


class SavedStatus:
    """The ``bgpids`` entry of a job deleted while it ran (``disown``):
    ``bgp_add`` saved ``process_exit_status`` of a live process's status word,
    0, which ``wait PID`` returns at once; ``wait`` with no operand does not
    wait for it."""

    __slots__ = ("pid", "done", "status", "notified", "signal", "procs", "ended", "task")

    def __init__(self, pid: int):
        self.pid = pid
        self.done = self.notified = True
        self.status = self.ended = 0
        self.signal = self.procs = self.task = None


def disown_jobs(sh, jobs: list) -> None:
    """``delete_job(job, DEL_WARNSTOPPED)`` of ``disown``: the jobs leave the
    table (their ends never reported), a running one's status saved as 0; a
    stopped one is ``warning: deleting stopped job N with process group PGRP``."""
    for j in jobs:
        if j.stopped and not j.done:
            sh.err(f"warning: deleting stopped job {j.num} with process group {j.pgrp}")
    delete_jobs(sh, jobs)
    for j in jobs:
        if not j.done:
            sh.reaped[j.pid] = SavedStatus(j.pid)


def _state(job) -> str:
    """``JOBSTATE``: ``JDEAD``, ``JSTOPPED`` or ``JRUNNING``."""
    return "dead" if job.done else "stopped" if job.stopped else "running"


def _last_in_state(jobs: list, before: int, state: str):
    """``most_recent_job_in_state``: the newest job in ``state`` among the table's
    first ``before`` jobs, else None."""
    for j in reversed(jobs[:before]):
        if _state(j) == state:
            return j
    return None


def set_current_job(sh, job) -> None:
    """``set_current_job``: ``job`` becomes ``%+`` (the old one ``%-``); then ``%-``
    is, in this order, the old current job if stopped, the newest stopped job
    older than a stopped ``job``, the newest running job (older than ``job``
    when it runs), else ``job`` itself."""
    jobs = sh.jobs
    cur, prev = sh.jmarks
    if cur is not job:
        prev, cur = cur, job
    sh.jmarks = (cur, prev)
    if prev is not cur and prev is not None and _in(prev, jobs) and prev.stopped and not prev.done:
        return
    at = next(i for i, j in enumerate(jobs) if j is cur)
    if _state(cur) == "stopped":
        cand = _last_in_state(jobs, at, "stopped")
        if cand is not None:
            sh.jmarks = (cur, cand)
            return
    cand = _last_in_state(jobs, at if _state(cur) == "running" else len(jobs), "running")
    sh.jmarks = (cur, cand if cand is not None else cur)


def reset_current(sh) -> None:
    """``reset_current``: ``%+`` stays a stopped current job; else it is the
    previous job if stopped, the newest stopped job, or the newest running one
    (:func:`set_current_job` then picks ``%-``); none if no job is left. With no
    job stopped: ``%+`` the newest running job, ``%-`` the newest running one
    before it (or ``%+`` itself). The marks stay as set until the next reset."""
    jobs = sh.jobs
    if not sh.job_stops:
        # no job ever stopped: %+ the newest running job, %- the one before it
        cur = prev = None
        for j in reversed(jobs):
            if not j.done:
                if cur is None:
                    cur = j
                else:
                    prev = j
                    break
        sh.jmarks = (cur, prev if prev is not None else cur)
        return
    cur, prev = sh.jmarks
    if cur is not None and _in(cur, jobs) and _state(cur) == "stopped":
        cand = cur
    else:
        cand = prev if prev is not None and _in(prev, jobs) and _state(prev) == "stopped" else None
        if cand is None:
            cand = _last_in_state(jobs, len(jobs), "stopped")
        if cand is None:
            cand = _last_in_state(jobs, len(jobs), "running")
    if cand is None:
        sh.jmarks = (None, None)
    else:
        set_current_job(sh, cand)


def stop_pipeline(sh, job: "Job") -> None:
    """``stop_pipeline(1)``: dead notified jobs deleted, then ``job`` (running)
    enters the table one past the highest number in it, and the marks are
    chosen again (``reset_current``): it becomes ``%+`` unless a job is
    stopped."""
    cleanup_dead_jobs(sh)
    jobs = sh.jobs
    job.num = (jobs[-1].num if jobs else 0) + 1
    job.wd = sh.cwd         # job_working_directory ()
    if not sh.job_stops:
        # reset_current with no job stopped, at no scan of the table
        prev = next((j for j in reversed(jobs) if not j.done), job)
        jobs.append(job)
        sh.jmarks = (job, prev)
        return
    jobs.append(job)
    reset_current(sh)


#: ``get_job_spec``'s answer for a name more than one job matches (``DUP_JOB``)
DUP_JOB = object()


def get_job_spec(sh, spec: str, jobs: list | None = None, who: str = ""):
    """``get_job_spec`` (bash 5.2 jobs.c): ``%%``, ``%+``, ``%`` and ``%+...``
    the current job, ``%-...`` the previous one, ``%N`` job N while it is in
    the table (finished or not), ``%NAME`` the job whose command starts with
    NAME, ``%?TEXT`` the one whose command holds TEXT, case aside
    (``get_job_by_name``). The ``%`` is optional. None for no job;
    :data:`DUP_JOB` (after ``WHO: NAME: ambiguous job spec``) for a name that
    matches more than one."""
    s = spec[1:] if spec.startswith("%") else spec
    if jobs is None:
        jobs = sh.jobs
    if s[:1].isdigit() and s.isdigit():
        n = int(s)
        return next((j for j in jobs if j.num == n), None)
    if s[:1] in ("", "%", "+"):
        return _in(sh.jmarks[0], jobs)
    if s[:1] == "-":
        return _in(sh.jmarks[1], jobs)
    sub = s[:1] == "?"
    name = s[1:] if sub else s
    job = get_job_by_name(jobs, name, sub)
    if job is DUP_JOB:
        sh.err(f"{who}: {name}: ambiguous job spec")
    return job


def get_job_by_name(jobs: list, name: str, substring: bool):
    """``get_job_by_name``: from the newest job down, each process's command
    (the text ``jobs`` shows without `` &``) tested, a prefix or with
    ``substring`` (``JM_SUBSTRING``, ``strcasestr``) a case-blind part: the
    one job matching, :data:`DUP_JOB` for two. bash 5.2's loop does not step
    past a process that matches, so a job whose match is not its first process
    matches twice: ambiguous on its own (``kill %cat`` of ``sleep 5 | cat &``)."""
    low = name.lower()
    found = None
    for j in reversed(jobs):
        texts = [j.text] if j.procs is None else [p.text for p in j.procs]
        for i, text in enumerate(texts):
            if not ((low in text.lower()) if substring else text.startswith(name)):
                continue
            if found is not None or i:
                return DUP_JOB
            found = j
            break
    return found


def _in(job, jobs: list):
    return job if job is not None and any(j is job for j in jobs) else None


def mark_dead_jobs_as_notified(sh) -> None:
    """``mark_dead_jobs_as_notified(1)`` (``wait`` with no operand): every dead
    job but the one whose last process is ``$!``."""
    last = sh.last_bg
    for j in sh.jobs:
        if j.done and j.pid != last:
            mark_notified(sh, j)
