"""How bash names a job's processes and their states: ``jobs``, ``jobs -l`` and
the report of a background job that died of a signal (bash 5.2 jobs.c
``print_pipeline``, ``printable_job_status``, ``pretty_print_job``).

A job is one process (``cmd &``) or several (``a | b &``: :class:`~.jobs.Proc`,
bash's ``PROCESS`` chain); each line names one process, with its own status.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .jobs import Job

#: ``strsignal``: what a death by each signal is called (glibc 2.36 sysdeps/generic/siglist.h)
SIG_DESC = {1: "Hangup", 2: "Interrupt", 3: "Quit", 4: "Illegal instruction", 5: "Trace/breakpoint trap",
            6: "Aborted", 7: "Bus error", 8: "Floating point exception", 9: "Killed",
            10: "User defined signal 1", 11: "Segmentation fault", 12: "User defined signal 2",
            13: "Broken pipe", 14: "Alarm clock", 15: "Terminated", 16: "Stack fault",
            17: "Child exited", 18: "Continued", 19: "Stopped (signal)", 20: "Stopped",
            21: "Stopped (tty input)", 22: "Stopped (tty output)", 23: "Urgent I/O condition",
            24: "CPU time limit exceeded", 25: "File size limit exceeded",
            26: "Virtual timer expired", 27: "Profiling timer expired", 28: "Window changed",
            29: "I/O possible", 30: "Power failure", 31: "Bad system call",
            # glibc's real-time signals from its SIGRTMIN, 34 (32 and 33 are its own)
            **{n: f"Real-time signal {n - 34}" for n in range(34, 65)}}
#: jobs.h ``LONGEST_SIGNAL_DESC``: the status column's width
LONGEST_SIGNAL_DESC = 24


def signal_desc(sig: int) -> str:
    """``j_strsignal``: the name of a death by ``sig``."""
    return SIG_DESC.get(sig, f"Signal {sig}")


def exit_desc(code: int, sig: int | None, stopsig: int = 0) -> str:
    """``printable_job_status`` of a process that is not running: the signal that
    stopped it (``WSTOPSIG``: ``Stopped (signal)``, ``Stopped``...), else
    ``Done``, ``Exit N`` or the name of the signal it died of."""
    if stopsig:
        return signal_desc(stopsig)
    if sig:
        return signal_desc(sig)
    return "Done" if not code else f"Exit {code}"


def _status(job: "Job") -> list[tuple]:
    """(pid, text, running, exit code, signal, stop signal) of each of the job's
    processes; a stopped job's processes that stopped have their stop signal."""
    procs = job.procs
    stopped = job.stopped and not job.done
    if procs is None:
        running = not job.done and not stopped
        stop = job.task.jobctl if stopped and job.task.state == "stopped" else 0
        return [(job.pid, job.text, running, job.status if not job.signal else 0, job.signal, stop)]
    out = []
    for p in procs:
        st = p.state()
        stop = p.task.jobctl if stopped and p.task.state == "stopped" else 0
        out.append((p.pid, p.text, st[0] and not stop, st[1], st[2], stop))
    return out


def wd_note(sh, job: "Job") -> str:
    """``print_pipeline``'s ``  (wd: DIR)`` after a job's last process: the directory
    the job started in when the shell's is another now (``polite_directory_format``:
    under HOME as ``~``)."""
    wd = getattr(job, "wd", None)
    return "" if wd is None or wd == sh.cwd else f"  (wd: {polite_directory(sh, wd)})"


def polite_directory(sh, name: str) -> str:
    """general.c ``polite_directory_format``: ``name`` under HOME (longer than one
    character) as ``~`` and the rest."""
    home = sh.get("HOME") or ""
    if len(home) > 1 and name.startswith(home) and name[len(home):len(home) + 1] in ("", "/"):
        return "~" + name[len(home):]
    return name


def job_state(job: "Job") -> str:
    """``JOBSTATE``: ``dead``, ``stopped`` or ``running``."""
    return "dead" if job.done else "stopped" if job.stopped else "running"


def pipeline_lines(job: "Job", long: bool) -> list[str]:
    """``print_pipeline`` of a job: see :func:`process_lines`."""
    return process_lines(_status(job), job_state(job), long)


def process_lines(procs: list[tuple], state: str, long: bool) -> list[str]:
    """``print_pipeline`` of processes (pid, text, running, exit code, signal,
    stop signal) of a job in ``state``: ``long`` (``jobs -l``, a death's report),
    a line per process: its pid and status (``Running`` while the job runs, a
    stopped job's processes their stop signal's name: ``Stopped (signal)``),
    blank where it is the first process's; else the whole job on one line, the
    last process's status (``Stopped`` for a stopped job). `` &`` ends a job
    still running."""
    first = procs[0]
    running = state == "running"
    lines = []
    for i, (pid, text, prun, code, sig, stop) in enumerate(procs):
        if not long:
            if i == 0:
                last = procs[-1]
                st = ("Running" if running else "Stopped" if state == "stopped"
                      else exit_desc(last[3], last[4]))
                lines.append(f"{st:<{LONGEST_SIGNAL_DESC}}{text}")
            else:
                lines[0] += f" | {text}"
            continue
        st = "Running" if running else exit_desc(code, sig, stop)
        if i:
            if prun == first[2] and (code, sig, stop) == (first[3], first[4], first[5]):
                st = ""
            pad = LONGEST_SIGNAL_DESC - (len(st) or 2)
            lines.append(f"     {pid:5d} {st}{'':<{pad}}| {text}")
        else:
            lines.append(f"{pid:5d} {st:<{LONGEST_SIGNAL_DESC}}{text}")
    if running:
        lines[-1] += " &"
    return lines
