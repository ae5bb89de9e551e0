"""Session 43 (branch place43, docs/fidelity.md item 417): at 2 CPUs, the top-level
shell's forks and what the other CPU held then, from a trace of
``tools/sizes/wake_trace.py`` (the script's ``shell PID`` mark):

    python3 tools/sizes/fork_hold_residual.py TRACE[:MODEL-LOOP-MS]...
    python3 tools/sizes/fork_hold_residual.py --exits TRACE...

Each fork of the shell (``sched_wakeup_new``) is sorted by the other CPU at that
moment: a user task running or queued there (``user``), a kernel thread running or
woken there and not yet switched in (``kthread``: an idle vCPU's slow wake-up),
or idle with nothing queued (``idle``). For the ``kthread`` ones, how long that
occupancy lasted from the fork (the residual: the other CPU's next switch to
``swapper`` or to a user task) and, for those the kernel kept on the shell's CPU
(``target_cpu`` the forker's), whether it outlasted the child (the child's
``sched_process_exit``): the hold a fork meets is the one its child's exit meets.
Prints the counts, the share of forks with the other CPU free of user tasks that
found a kernel thread there, the residual's least, 10th..90th percentiles and 99th
(guest ms; with ``:MODEL-LOOP-MS``, the model's loop of gp_kthread_holds.py, also
model µs at the trace's pace, and those pooled over the traces given one: kernel/sched.py's
``KTHREAD_FORK_HOLD_US``) and the outlasting count.

``--exits``: for the shell's children the kernel kept on its CPU, what the other CPU
held at the child's exit (``sched_process_exit``): a user task running or queued,
a kernel thread running or queued (and whether since before the fork), or nothing.
"""
import collections
import sys

from gp_kthread_holds import deciles, holds     # tools/sizes/
from shell_wakes import _KTHREADS, _shell_pid, events


def residuals(path: str, pid: str):
    """(counts by the other CPU's state, [(residual ms, kept, outlasted)])."""
    cur: dict[int, str] = {}
    curpid: dict[int, str] = {}
    queued: dict[int, dict] = {}
    counts = {"user": 0, "kthread": 0, "idle": 0}
    open_: list[list] = []       # [fork t, other CPU, kept, child, end or None]
    out = []
    exits: dict[str, float] = {}
    for cpu, t, ev, _task, a in events(path):
        if ev == "sched_switch":
            nxt = a.get("next_comm", "")
            cur[cpu] = nxt
            curpid[cpu] = a.get("next_pid", "")
            for q in queued.values():
                q.pop(a.get("next_pid"), None)
            if nxt.startswith("swapper") or not nxt.startswith(_KTHREADS):
                for o in open_:
                    if o[1] == cpu and o[4] is None:
                        o[4] = t
        elif ev == "sched_process_exit":
            exits[a.get("pid", "")] = t
            for q in queued.values():
                q.pop(a.get("pid"), None)
        elif ev in ("sched_wakeup", "sched_wakeup_new"):
            tc = int(a["target_cpu"])
            if ev == "sched_wakeup_new" and _task.endswith("-" + pid):
                o = 1 - cpu
                run = cur.get(o, "swapper")
                q = list(queued.get(o, {}).values())
                if (not run.startswith("swapper") and not run.startswith(_KTHREADS)) \
                        or any(not c.startswith(_KTHREADS) for c in q):
                    counts["user"] += 1
                elif not run.startswith("swapper") or q:
                    counts["kthread"] += 1
                    open_.append([t, o, tc == cpu, a.get("pid"), None])
                else:
                    counts["idle"] += 1
            if a.get("pid") not in curpid.values():     # not a running task's
                queued.setdefault(tc, {})[a.get("pid")] = a.get("comm", "")
    for t, _o, kept, child, end in open_:
        if end is None:
            continue
        ex = exits.get(child)
        out.append((end - t, kept, ex is not None and end > ex))
    return counts, out


def exits(path: str, pid: str) -> collections.Counter:
    """What the other CPU held at the exit of each shell's child kept home."""
    cur: dict[int, tuple[str, float]] = {}
    curpid: dict[int, str] = {}
    queued: dict[int, dict] = {}
    kept: dict[str, tuple[float, int]] = {}
    res: collections.Counter = collections.Counter()
    for cpu, t, ev, task, a in events(path):
        if ev == "sched_switch":
            nxt = a.get("next_comm", "")
            if cur.get(cpu, ("", 0.0))[0] != nxt:
                cur[cpu] = (nxt, t)
            curpid[cpu] = a.get("next_pid", "")
            for q in queued.values():
                q.pop(a.get("next_pid"), None)
        elif ev in ("sched_wakeup", "sched_wakeup_new"):
            tc = int(a["target_cpu"])
            if ev == "sched_wakeup_new" and task.endswith("-" + pid) and tc == cpu:
                kept[a.get("pid", "")] = (t, 1 - cpu)
            if a.get("pid") not in curpid.values():
                queued.setdefault(tc, {})[a.get("pid")] = (a.get("comm", ""), t)
        elif ev == "sched_process_exit":
            for q in queued.values():
                q.pop(a.get("pid"), None)
            if a.get("pid") in kept:
                t0, o = kept.pop(a.get("pid"))
                run, since = cur.get(o, ("swapper", 0.0))
                occ = [] if run.startswith("swapper") else [(run, since)]
                occ += list(queued.get(o, {}).values())
                if any(not c.startswith(_KTHREADS) for c, _ in occ):
                    res["user task"] += 1
                elif occ:
                    res["kernel thread" + (" since before the fork"
                                           if any(w < t0 for _, w in occ) else "")] += 1
                else:
                    res["nothing"] += 1
    return res


def main(argv: list[str]) -> int:
    """Report each trace."""
    if argv[:1] == ["--exits"]:
        for path in argv[1:]:
            res = exits(path, _shell_pid(path) or "")
            print(f"{path}: the other CPU at the exits of the shell's children kept home: "
                  + ", ".join(f"{k} {v}" for k, v in res.most_common()))
        return 0
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    pooled: list[float] = []
    for arg in argv:
        path, _, model = arg.partition(":")
        pid = _shell_pid(path)
        if pid is None:
            print(f"{path}: no shell mark")
            continue
        counts, res = residuals(path, pid)
        free = counts["kthread"] + counts["idle"]
        kept = [r for r in res if r[1]]
        print(f"{path}: shell forks, the other CPU: user task {counts['user']}, kernel "
              f"thread {counts['kthread']}, idle {counts['idle']}; kernel thread of those "
              f"free of user tasks {counts['kthread']}/{free}"
              f" = {counts['kthread'] / max(1, free):.3f}; kept home {len(kept)}, the "
              f"kernel thread outlasting the child {sum(r[2] for r in kept)}")
        d = deciles([r[0] for r in res])
        print("  residual p0 p10..p90 p99 (guest ms) " + " ".join(f"{x:.2f}" for x in d))
        if model:
            loop = holds(path)[0]
            pace = loop / float(model)
            print(f"  at the trace's pace {pace:.1f}: model µs "
                  + " ".join(f"{1000 * x / pace:.1f}" for x in d))
            pooled += [1000 * r[0] / pace for r in res]
    if pooled:
        print(f"pooled over the traces with a model loop ({len(pooled)}): model µs "
              + " ".join(f"{x:.1f}" for x in deciles(pooled)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
