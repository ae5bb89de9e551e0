"""busybox 1.35 sh's job table (shell/ash.c, without job control: a script's): its
slots, the ``curjob`` chain, and when a job leaves it.

- ``makejob``: every fork takes a slot (a foreground command, pipeline, subshell or
  command substitution as well as a background job), the first one unused, or the
  first one whose job is done and was waited for (``state == JOBDONE &&
  waited``), which is freed for it; a job's number is its slot's (``jobno``). A
  new job heads the ``curjob`` chain (``set_curjob(CUR_RUNNING)``), which gives
  ``%+`` (its head) and ``%-`` (the next one).
- ``freejob``: a foreground job's slot is freed when the shell has waited for it
  (``waitforjob``); a background job's only when ``jobs`` shows it done
  (``showjob``), or when a new job takes its slot (``makejob``, above).
- ``dowait``: the shell learns that a job is done (``JOBDONE``) only when it reaps
  its processes: a foreground wait reaps every child that has ended (a
  non-blocking loop after the blocking one), and so do ``jobs`` and ``wait``.
  ``wait PID`` reports a death by a signal only if its own ``dowait`` reaped the
  job (``waitone``'s ``thisjob == job``), marks the job ``waited`` but leaves it
  in the table; ``wait`` without an operand marks every job done ``waited``.
- ``forkchild``: a child frees its copy of the table (``freejob`` of each),
  except a child forked to run a simple command named ``jobs`` (``jobs | cat``,
  ``$(jobs)``), which frees only its own job: it lists what its parent knew at
  the fork, and its own ``jobs`` frees nothing of the parent's.

Reaping (the kernel's side: a zombie's release) is a separate matter: ash reaps
in ``dowait`` whatever the table says; the model's jobs are reaped when they end.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from . import ash
from .jobreport import signal_desc

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell
    from .jobs import Job


class Slot:
    """One used ``struct job`` of the table: its job, ``state == JOBDONE`` as the
    shell knows it (set by its ``dowait``), and ``waited``."""

    __slots__ = ("job", "done", "waited")

    def __init__(self, job: "Job", done: bool = False, waited: bool = False) -> None:
        self.job = job
        self.done = done
        self.waited = waited


class JobTab:
    """``jobtab`` (index + 1 is the job's number; None an unused slot) and the
    ``curjob`` chain, newest first."""

    __slots__ = ("slots", "chain")

    def __init__(self) -> None:
        self.slots: list[Slot | None] = []
        self.chain: list[Slot] = []

    def copy(self) -> "JobTab":
        """A forked child's copy: the same jobs, as the parent knew them."""
        t = JobTab()
        new = {id(s): Slot(s.job, s.done, s.waited) for s in self.chain}
        t.slots = [None if s is None else new[id(s)] for s in self.slots]
        t.chain = [new[id(s)] for s in self.chain]
        return t


def sync(sh: "Shell") -> None:
    """The shell's job list (the model's other code reads ``sh.jobs``) and its
    ``%+``/``%-`` marks from the table: a new list, so that the jobs dropped
    are freed at the next fork (``Shell._free_jobs``)."""
    tab = sh.ashtab
    sh.jobs = [s.job for s in tab.slots if s is not None]
    chain = tab.chain
    sh.jmarks = (chain[0].job if chain else None, chain[1].job if len(chain) > 1 else None)


def freejob(sh: "Shell", slot: Slot) -> None:
    """``freejob``: the slot unused, the job out of the chain (``CUR_DELETE``)."""
    tab = sh.ashtab
    tab.slots[tab.slots.index(slot)] = None
    tab.chain.remove(slot)
    sync(sh)


def makejob(sh: "Shell") -> int:
    """``makejob``'s search for a slot: the first unused one, or the first whose
    job is done and was waited for (freed); a new slot past the end if none
    (``growjobtab``). Returns the slot's index. A foreground fork's slot is
    freed again by the time the shell next looks at its table, so only the
    freeing it did shows."""
    tab = sh.ashtab
    for i, s in enumerate(tab.slots):
        if s is None:
            return i
        if s.done and s.waited:
            freejob(sh, s)
            return i
    tab.slots.append(None)
    return len(tab.slots) - 1


def add(sh: "Shell", job: "Job") -> None:
    """A background job enters the slot ``makejob`` finds, its number the slot's,
    at the head of the chain (``forkparent``'s ``set_curjob(CUR_RUNNING)``)."""
    tab = sh.ashtab
    i = makejob(sh)
    slot = Slot(job)
    tab.slots[i] = slot
    tab.chain.insert(0, slot)
    job.num = i + 1
    sync(sh)


def dowait(sh: "Shell") -> list[Slot]:
    """``dowait``'s reaping: ``waitpid(-1)`` until no child is left to reap, so
    each process of this shell's jobs that has ended is released now (its zombie
    kept its pid, counted in pids.current, until then), and each job that has
    ended is ``JOBDONE`` from now on; the slots newly done, in the order their
    jobs ended."""
    tab = sh.ashtab
    if tab is None:
        return []
    reap = sh.sys.reap
    for s in tab.chain:
        job = s.job
        if s.done or job.owner is not sh:
            continue
        for t in [job.task] if job.procs is None else [p.task for p in job.procs]:
            if t is not None and t.state == "zombie":
                reap(t)
    new = [s for s in tab.chain if not s.done and s.job.done and s.job.owner is sh]
    for s in new:
        s.done = True
    new.sort(key=lambda s: s.job.ended)
    return new


def forkchild(sub: "Shell", node) -> None:
    """``forkchild``'s ``freejob`` of every job of the child's copy, but (busybox's,
    not dash's: ``Dialect.fork_keeps_jobs_for_jobs``) for a
    child running a simple command whose first word is ``jobs`` (its text as
    written: ``n->ncmd.args->narg.text``), which keeps the others' (its own job is
    not in the copy: the model makes it after the fork)."""
    if sub.ashtab is None:
        return
    from .nodes import Group, Seq, Simple       # (nodes imports this module)
    while True:
        # ash's parser keeps no node for a brace group of one command without
        # redirections (``list()`` returns the command): `{ jobs; } | cat` is one
        if type(node) is Group and not node.redirs:
            node = node.body
        elif type(node) is Seq and len(node.items) == 1:
            node = node.items[0]
        else:
            break
    if (type(node) is Simple and node.words and node.words[0].raw == "jobs"
            and sub.dialect.fork_keeps_jobs_for_jobs):
        return
    sub.ashtab = JobTab()
    sync(sub)


class JobError(Exception):
    """``getjob``'s ``ash_msg_and_raise_error``: its words."""


def getjob(sh: "Shell", name: str) -> Slot:
    """``getjob``: ``%``, ``%%``, ``%+`` the chain's head, ``%-`` the next one,
    ``%N`` slot N while used, else the one job whose command starts with the
    name (``%?TEXT``: holds TEXT): without job control a job's command text is
    empty (``ps_cmd`` is ``nullstr``). Its errors end the builtin (status 2)."""
    tab = sh.ashtab
    chain = tab.chain
    p = name[1:] if name.startswith("%") else None
    err = sh.dialect.no_such_job.format(name)
    if p is not None:
        if p in ("", "+", "%"):
            if chain:
                return chain[0]
            err = "No current job"
        elif p == "-":
            if len(chain) > 1:
                return chain[1]
            err = "No previous job"
        elif p.isdigit():
            n = int(p)
            if 0 < n <= len(tab.slots) and tab.slots[n - 1] is not None:
                return tab.slots[n - 1]
        else:
            sub = p.startswith("?")
            text = p[1:] if sub else p
            found = None
            for s in chain:
                cmd = ""        # ps[0].ps_cmd: nullstr without job control
                if (text in cmd) if sub else cmd.startswith(text):
                    if found is not None:
                        found = None
                        err = f"{name}: ambiguous"
                        break
                    found = s
            if found is not None:
                return found
    raise JobError(err)


def job_pids(sh: "Shell", args: list[str]) -> list[str]:
    """``killcmd``: each ``%...`` word (``getjob``) becomes the pids of its job's
    processes still running (without job control each is signalled, not a
    group); the other words stay, for the kill applet."""
    out = []
    for a in args:
        if not a.startswith("%"):
            out.append(a)
            continue
        job = getjob(sh, a).job
        procs = [job.task] if job.procs is None else [p.task for p in job.procs]
        out += [str(t.pid) for t in procs if t.state not in ("zombie", "dead")]
    return out


def _state(slot: Slot) -> str:
    """``showjob``'s state: Running until the shell reaped the job, else the last
    process's status (``sprint_status48``: Done, Done(N), a signal's words)."""
    if not slot.done:
        return "Running"
    job = slot.job
    if job.procs is not None:
        _, code, sig = job.procs[-1].state()
    else:
        code, sig = job.status, job.signal
    if sig:
        return signal_desc(sig)
    return f"Done({code})" if code else "Done"


def showjob(sh: "Shell", slot: Slot, mode: str) -> str:
    """``showjob``: ``-p`` the first process's pid; else ``[N]+  STATE`` (dash's
    ``[N] + STATE``: ``Dialect.job_mark_back``; ``-l``:
    each process's pid after the mark) padded to 33 columns (one blank at
    least), the command's text (empty without job control), a line per further
    process (`` | TEXT``, or under ``-l`` its pid first). A job shown done is
    freed. The mark is ``+``/``-`` by the chain as it is then: a listing that
    frees as it goes marks the next job ``+`` again."""
    job = slot.job
    pids = [job.pid] if job.procs is None else [p.pid for p in job.procs]
    if mode == "p":
        return f"{pids[0]}\n"
    chain = sh.ashtab.chain
    mark = "+" if chain and chain[0] is slot else "-" if len(chain) > 1 and chain[1] is slot else " "
    head = f"[{job.num}]   "
    k = len(head) - sh.dialect.job_mark_back
    head = head[:k] + mark + head[k + 1:]
    indent = len(head)
    if mode == "l":
        head += f"{pids[0]} "
    head += _state(slot)
    out = head + " " * max(33 - len(head), 1)
    for pid in pids[1:]:
        if mode == "l":
            lead = " " * indent + f"{pid} "
            out += "\n" + lead + " " * max(33 - len(lead), 1) + "| "
        else:
            out += " | "
    if slot.done:
        freejob(sh, slot)
    return out + "\n"


def jobscmd(sh: "Shell", argv: list[str], write) -> int:
    """``jobscmd``: options ``-l`` and ``-p`` (``nextopt``), then each named job
    shown (``getjob``), or ``showjobs``: the table's jobs reaped (``dowait``)
    and each shown, the chain's head first."""
    args = argv[1:]
    mode = ""
    while args and args[0].startswith("-") and args[0] != "-":
        a = args.pop(0)
        if a == "--":
            break
        for c in a[1:]:
            if c not in "lp":
                return ash.bad_option(sh, c, "jobs", False)
            if mode != "p":
                mode = c        # SHOW_ONLY_PGID wins over SHOW_PIDS
    if args:
        for a in args:
            try:
                write(showjob(sh, getjob(sh, a), mode))
            except JobError as e:
                ash.msg(sh, str(e), "jobs")
                return ash.ASH_ERROR_STATUS
        return 0
    dowait(sh)
    for slot in list(sh.ashtab.chain):
        write(showjob(sh, slot, mode))
    return 0


def waitcmd(sh: "Shell", args: list[str]):
    """``waitcmd`` (a generator: it blocks). Without an operand: every job not
    running marked ``waited``, until none runs (0). Else each operand: a PID
    names the job whose *last* process it is, in the table (else skipped: the
    status stays the previous operand's, 127 at first), ``%...`` a job
    (``getjob``: its errors end the builtin, status 2), a word that is not a
    number ``Illegal number`` (2); ``dowait`` until the job is done (a death by a
    signal reported if this wait reaped it), ``waited`` set, the status the
    job's (``getstatus``). A trapped signal ends it with 128 + its number."""
    from .builtins import _wait_interrupted, _woken_by
    tab = sh.ashtab
    if not args:
        if (yield from _block(sh, [s.job for s in tab.chain])):
            return 127
        pending = _wait_interrupted(sh.task)
        if pending:
            return pending
        dowait(sh)
        for s in tab.chain:
            s.waited = True
        return 0
    st = 127
    for a in args:
        if a.startswith("%"):
            try:
                slot = getjob(sh, a)
            except JobError as e:
                ash.msg(sh, str(e), "wait")
                return ash.ASH_ERROR_STATUS
        else:
            if not a.isdigit():
                ash.msg(sh, f"Illegal number: {a}", "wait")
                return ash.ASH_ERROR_STATUS
            pid = int(a)
            slot = next((s for s in tab.chain if s.job.pid == pid), None)
            if slot is None:
                continue
        if not slot.done:
            if (yield from _block(sh, [slot.job])):
                return 127
            pending = _wait_interrupted(sh.task)
            if pending:
                return pending
            if slot.job.done:
                _woken_by(sh, slot.job)
        for s in dowait(sh):
            if s is slot:
                ash.waited_death(sh, s.job.signal)
        slot.waited = True
        st = slot.job.status
    return st


def _block(sh: "Shell", jobs: list):
    """Sleep in ``waitproc`` until each of ``jobs`` has ended or a signal is
    pending. True for a wait that nothing can end, after the model's message."""
    from .jobs import Block
    if all(j.done for j in jobs):
        return False
    task = sh.task
    blk = Block(lambda: all(j.done for j in jobs) or getattr(task, "sigpending", 0))
    sh.sched.blocked(task)
    yield blk
    if blk.deadlocked:
        sh.err("wait: memcgsim: wait would block forever")
        return True
    return False
