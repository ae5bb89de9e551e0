"""Session 39 (branch place39, docs/fidelity.md item 318): the forks made by a task
that was last woken onto an idle CPU (``sched_wakeup`` with its ``target_cpu``
idle: ``swapper`` running there, nothing else woken or forked there and not yet
switched in), from a trace of ``tools/sizes/wake_trace.py``:

    python3 tools/sizes/woken_fork.py TRACE...

For each such fork: the vCPU's wake-up (the wake-up to the forker's switch-in),
the forker's run before the fork (its switch-in to ``sched_process_fork``), where
the child went (the forker's CPU or another) and, kept on the forker's CPU, the
child's wait for it (``sched_wakeup_new`` to its first switch-in). Prints the
counts and quartiles (ms of the guest's time) and how many forks came before
their forker's switch-in (none can: a task forks only when it runs).
"""
import sys

from fork_wait import events, quart     # tools/sizes/


def woken_forks(path: str) -> tuple[int, list[dict]]:
    """(forks, the forks by a task woken onto an idle CPU): each its wake-up, run
    before the fork, whether the child stayed on the forker's CPU and its wait."""
    cur: dict[int, str] = {}                # CPU -> pid running there
    queued: dict[int, set] = {}             # CPU -> pids placed, not yet run
    woke: dict[str, dict] = {}              # pid -> its last wake-up
    newf: dict[str, dict] = {}              # child pid -> its fork's record
    out: list[dict] = []
    n = 0
    for cpu, t, ev, task, a in events(path):
        if ev == "sched_switch":
            nxt = a.get("next_pid")
            cur[cpu] = nxt
            for q in queued.values():
                q.discard(nxt)
            w = woke.get(nxt)
            if w is not None and "in" not in w:
                w["in"] = t
            f = newf.pop(nxt, None)
            if f is not None:
                f["wait"] = t - f["t"]
        elif ev == "sched_wakeup":
            pid = a.get("pid")
            tgt = int(a["target_cpu"], 10)
            if pid in cur.values():
                continue                    # a running task's: no wake-up
            idle = cur.get(tgt, "0") == "0" and not queued.get(tgt)
            woke[pid] = {"t": t, "idle": idle, "cpu": tgt}
            queued.setdefault(tgt, set()).add(pid)
        elif ev == "sched_process_fork":
            n += 1
            ppid = a.get("pid")
            w = woke.get(ppid)
            if w is None or not w["idle"]:
                continue
            f = {"t": t, "cpu": cpu, "wake": w.get("in", t) - w["t"],
                 "before_in": "in" not in w, "run": t - w.get("in", t)}
            out.append(f)
            newf[a.get("child_pid")] = f
        elif ev == "sched_wakeup_new":
            tgt = int(a["target_cpu"], 10)
            queued.setdefault(tgt, set()).add(a["pid"])
            f = newf.get(a["pid"])
            if f is not None:
                f["t"] = t
                f["same"] = tgt == f["cpu"]
    return n, out


def main(argv: list[str]) -> int:
    """Report each trace."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    for path in argv:
        n, fs = woken_forks(path)
        print(f"{path}: {n} forks, {len(fs)} by a task woken onto an idle CPU "
              f"(counts; min / q1 / median / q3 / max ms)")
        print(f"  before the forker's switch-in: {sum(f['before_in'] for f in fs)}")
        print(f"  the vCPU's wake-up: {quart([f['wake'] for f in fs])}")
        print(f"  the forker's run before the fork: {quart([f['run'] for f in fs])}")
        same = [f for f in fs if f.get("same")]
        print(f"  the child on the forker's CPU: {len(same)}, another: "
              f"{sum(1 for f in fs if f.get('same') is False)}")
        print(f"  its wait for the CPU: {quart([f['wait'] for f in same if 'wait' in f])}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
