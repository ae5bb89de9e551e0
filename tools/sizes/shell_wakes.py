"""Session 40 (branch place40, docs/fidelity.md item 344): the top-level shell's
wake-ups on the guests, each a placement or not, from a trace of
``tools/sizes/wake_trace.py`` with its ``sq``/``sr`` probes (``select_task_rq_fair``
entered and returned):

    python3 tools/sizes/shell_wakes.py TRACE... [--each] [--marks]
    python3 tools/sizes/shell_wakes.py --own TRACE...

A wake-up of the shell (``sched_wakeup`` of its pid, the script's ``shell PID``
mark) is a placement when ``select_task_rq_fair`` ran for it first
(``try_to_wake_up`` of a task that blocked: ``p->on_rq`` 0); without one the shell
was still queued from an earlier wake-up, its vCPU not yet woken or the waker's CPU
not yet given up (``ttwu_runnable``: no placement, it stays where it is; 5.10
``ttwu_remote``, both trace ``sched_wakeup``). The waker is a live task (a pipe's
writer, ``pipe_write``'s ``wake_up_interruptible_sync_poll``) or one that has exited
(``sched_process_exit`` seen: a writer's last close, ``pipe_release``, or its
``exit_notify``). Prints per trace the counts of (waker, placement or not, the
shell moved or not) and, per live waker's placement, what came next: the shell ran
and blocked again before the next wake-up (so the next one places it again), or the
next wake-up found it still queued; per command the shell forked, whether its CPU
at its next fork differs (a live waker's placement between them or not). ``--each``
lists the wake-ups (guest ms); ``--marks``: per mark of the shell (its first word),
whether the shell's CPU at the next mark differs (model: model_shell_wakes.py).
``--own`` (2 CPUs): for the shell's children placed on its own CPU, whether the
other CPU was still taken at their exit's placement of the shell, and by what age;
and by what (session 44, item 441): a user task the exiting child woke (its pipe's
reader, at ``pipe_release`` or at a write), another user task, kernel threads.
"""
import collections
import statistics
import sys

from fork_wait import _KV     # tools/sizes/


def events(path: str):
    """fork_wait.events, a mark's words as its args' ``_words``."""
    import gzip
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", errors="replace") as f:
        for line in f:
            p = line.split()
            if len(p) < 4 or not p[0].isdigit():
                continue
            try:
                t = float(p[1])
            except ValueError:
                continue
            if p[2] == "mark":
                w = p[4:]
                while w and w[0].endswith(":"):     # the awk's left-overs of
                    w = w[1:]                       # "tracing_mark_write:"
                a = {"_words": w}
            else:
                a = dict(_KV.findall(line))
            yield int(p[0]), t, p[2], p[3], a


def _shell_pid(path: str) -> str | None:
    """The script's shell (wake_trace.py's ``start ... shell PID`` mark)."""
    import gzip
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", errors="replace") as f:
        for line in f:
            if " mark " in line and " shell " in line and "start" in line:
                return line.split()[-1]
    return None


_KTHREADS = ("rcu_", "kworker", "ksoftirqd", "migration", "kthreadd", "khugepaged",
             "kcompactd", "jbd2", "kswapd", "oom_reaper", "watchdog", "cpuhp")


def own_cpu_children(path: str, pid: str) -> tuple[collections.Counter, list[float]]:
    """At 2 CPUs, the shell's children placed on its own CPU at their fork: at the
    shell's placement at their exit, whether the other CPU was taken (a task
    running there, or a kernel thread woken there not yet run), and how long (ms)
    that kernel thread had waited, or the task run, by then."""
    cur: dict[int, tuple[str, float]] = {}
    curpid: dict[int, str] = {}
    queued: dict[int, dict] = {}
    forks: dict[str, int] = {}
    woken_by: dict[str, str] = {}       # a task's last waker's pid
    pend = None
    res: collections.Counter = collections.Counter()
    ages: list[float] = []
    for cpu, t, ev, task, a in events(path):
        if ev == "sched_switch":
            cur[cpu] = (a.get("next_comm", ""), t)
            curpid[cpu] = a.get("next_pid", "")
            for q in queued.values():
                q.pop(a.get("next_pid"), None)
        elif ev in ("sched_wakeup", "sched_wakeup_new"):
            queued.setdefault(int(a["target_cpu"]), {})[a.get("pid")] = (a.get("comm", ""), t)
            woken_by[a.get("pid", "")] = task.rsplit("-", 1)[-1]
        elif ev == "sched_process_fork" and a.get("pid") == pid:
            pend = (a.get("child_pid"), cpu)
        elif ev == "sr" and pend is not None and task.endswith("-" + pid):
            if int(a.get("cpu", "-1")) == pend[1]:
                forks[pend[0]] = pend[1]
            pend = None
        elif ev == "sq" and a.get("pid") == pid and task.rsplit("-", 1)[1] in forks:
            child = task.rsplit("-", 1)[1]
            del forks[child]
            other = 1 - int(a["prev"])
            comm, since = cur.get(other, ("?", 0.0))
            kq = [t - w for c, w in queued.get(other, {}).values() if c.startswith(_KTHREADS)]
            idle = comm.startswith("swapper")
            res["taken" if kq or not idle else "idle"] += 1
            # by what: a user task running there (woken last by the exiting child:
            # its pipe's reader, at pipe_release or at a write; else by another),
            # or kernel threads running or queued
            if not idle and not comm.startswith(_KTHREADS):
                by = "the exiting child" if woken_by.get(curpid.get(other, "")) == child \
                    else "another"
                res["taken: a user task running, woken by " + by] += 1
            elif kq or not idle:
                res["taken: kernel threads"] += 1
            if kq:
                ages.append(max(kq))
            elif not idle:
                ages.append(t - since)
    return res, ages


def main(argv: list[str]) -> int:
    """Report each trace."""
    each = "--each" in argv
    marks = "--marks" in argv
    own = "--own" in argv
    argv = [a for a in argv if a not in ("--each", "--marks", "--own")]
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    pooled: collections.Counter = collections.Counter()
    for path in argv:
        pid = _shell_pid(path)
        if pid is None:
            print(f"{path}: no shell mark")
            continue
        res, out = shell_wakes(path, pid)
        pooled.update(res)
        if own:
            oc, ages = own_cpu_children(path, pid)
            q = statistics.quantiles(ages, n=4) if len(ages) > 1 else ages
            print(f"{path}: children on the shell's own CPU, the other CPU at their exit: "
                  f"taken {oc['taken']}, idle {oc['idle']}; the kernel thread's wait or the "
                  f"task's run then, quartiles (ms): {' / '.join(f'{x:.1f}' for x in q)}; "
                  + ", ".join(f"{k} {v}" for k, v in sorted(oc.items()) if ":" in k))
            continue
        print(f"{path}: shell {pid}, {len(out)} wake-ups")
        for k, v in sorted(res.items(), key=lambda kv: -kv[1]):
            if k[0] in ("command", "mark"):
                continue
            print(f"  {v:4d} {k[0]} waker, {k[1]}, {k[2]}" + (f" ({k[3]})" if k[3] else ""))
        for k, v in sorted(res.items()):
            if k[0] == "command" or (k[0] == "mark" and marks):
                print(f"  {v:4d} {' '.join(k[:3])}")
        nxt: collections.Counter = collections.Counter()
        for i, w in enumerate(out[:-1]):
            if w[2] == "live" and w[3]:
                n = out[i + 1]
                nxt[(n[2], "placed" if n[3] else "queued")] += 1
                if n[2] == "exited" and n[3]:
                    pooled[("after", "moved" if w[4] != w[5] else "kept",
                            "moved" if n[4] != n[5] else "stayed", "")] += 1
        for k, v in sorted(nxt.items(), key=lambda kv: -kv[1]):
            print(f"  after a live waker's placement: {v:4d} next by an {k[0]} waker, {k[1]}"
                  if k[0] == "exited" else
                  f"  after a live waker's placement: {v:4d} next by a {k[0]} waker, {k[1]}")
        if each:
            for w in out:
                print(f"    {w[0]:10.3f} {w[1]:<20} {w[2]:<6} "
                      f"{'placed' if w[3] else 'queued'} {w[4]}->{w[5]}"
                      f"{' (ran, blocked)' if w[6] else ''}")
    if len(argv) > 1 and not own:
        print("all: the shell's placements with the waker on another CPU, moved off its own:")
        for kind in ("live", "exited"):
            moved = pooled[(kind, "placed", "moved", "waker elsewhere")]
            n = moved + pooled[(kind, "placed", "stayed", "waker elsewhere")]
            print(f"  {kind} waker: {moved} of {n}")
        for how in ("moved", "kept"):
            st = pooled[("after", how, "stayed", "")]
            n = st + pooled[("after", how, "moved", "")]
            print(f"  an exit's placement after a live waker's that {how} the shell: "
                  f"stayed {st} of {n}")
    return 0


def shell_wakes(path: str, pid: str) -> tuple[collections.Counter, list[tuple]]:
    """The counts and the list of the shell's (``pid``) wake-ups: (ms, waker, its
    kind, placed or not, prev CPU, new CPU, whether the shell ran and blocked
    since its last wake-up)."""
    exited: set[str] = set()
    pending: tuple[str, int] | None = None
    where = -1
    blocked = False
    ran = True
    out: list[tuple] = []
    res: collections.Counter = collections.Counter()
    fork_cpu, live = None, False        # the shell's CPU at its last fork
    mark: tuple | None = None           # the last mark's word and CPU
    for cpu, t, ev, task, a in events(path):
        if ev == "sched_process_exit":
            exited.add(a.get("pid"))
        elif ev == "mark" and task.endswith("-" + pid) and a["_words"][:1] != ["start"]:
            word = a["_words"][0] if a["_words"] else ""
            if mark is not None:
                res[("mark", mark[0], "moved" if cpu != mark[1] else "same", "")] += 1
            mark = (word, cpu)
        elif ev == "sched_process_fork" and a.get("pid") == pid:
            if fork_cpu is not None:
                res[("command", "with a live wake" if live else "exit wakes only",
                     "moved" if cpu != fork_cpu else "same", "")] += 1
            fork_cpu, live = cpu, False
        elif ev == "sq" and a.get("pid") == pid:
            pending = (task.rsplit("-", 1)[1], int(a.get("prev", "-1")), task, cpu)
        elif ev == "sched_switch":
            if a.get("prev_pid") == pid:
                where = cpu
                blocked = a.get("prev_state", "R") not in ("R", "R+")
            if a.get("next_pid") == pid:
                where = cpu
                ran = True
                blocked = False
        elif ev == "sched_migrate_task" and a.get("pid") == pid:
            where = int(a.get("dest_cpu", where))
        elif ev == "sched_wakeup" and a.get("pid") == pid:
            # 6.1's wake list traces a placement on the target CPU: the waker
            # is the sq probe's task (on the waker's CPU)
            waker = pending[0] if pending else task.rsplit("-", 1)[1]
            kind = "exited" if waker in exited else "live"
            live = live or (kind == "live" and pending is not None)
            to = int(a.get("target_cpu", "-1"), 10)
            placed = pending is not None
            prev = pending[1] if pending else where
            pending_task = pending[2] if pending else task
            pending_cpu = pending[3] if pending else -1
            pending = None
            out.append((t, pending_task if placed else task, kind, placed, prev, to, ran and blocked))
            res[(kind, "placed" if placed else "queued",
                 "moved" if to != prev else "stayed",
                 "" if not placed else "waker on prev" if pending_cpu == prev
                 else "waker elsewhere")] += 1
            ran = False
            where = to
    return res, out


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
