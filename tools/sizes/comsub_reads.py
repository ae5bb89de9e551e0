"""Session 45 (branch place45, docs/fidelity.md items 470 and 471): a command
substitution's reader on the guests, from a trace of ``tools/sizes/wake_trace.py
--sched-only --pipes`` (calibration/comsub-reader-sleep.sh; without ``--pipes`` the
write is read off the writer's wake-up):

    python3 tools/sizes/comsub_reads.py TRACE... [--each]

Per ``$(...)`` of the top-level shell (the marks ``c``, ``b``, ``q`` of
calibration/comsub-pipe-cpus.sh): whether the shell slept in its first read
(``pr``, then its ``sched_switch`` with ``prev_state=S``) before the writer's
first ``pipe_write`` (``pw`` of a task other than the shell); the writer's first
wake-up of the shell (``select_task_rq_fair``'s ``sq``/``sr`` probes by a live
task: ``pipe_write``'s ``wake_up_interruptible_sync_poll``, its ``WF_SYNC`` bit in
``fl``: 0x01 on 5.10, 0x10 on 6.1) and whether it moved the shell; after a move to
the writer's CPU, the writer's exit's placement (the next by an exited task) and
what held the shell's old CPU at the write and at the exit: the same task (a
kernel thread queued or running there since the write), another, or nothing.
Times are the guest's (ms). ``--each`` lists each substitution."""
import collections
import statistics
import sys

from shell_wakes import _KTHREADS, _shell_pid, events     # tools/sizes/

#: ``WF_SYNC`` (kernel/sched/sched.h: v5.10 0x01; v6.1 0x10, after
#: ``WF_EXEC``/``WF_FORK``/``WF_TTWU`` joined the wake flags)
WF_SYNC = {"5.10": 0x01, "6.1": 0x10}


def _occupant(cur: dict, queued: dict, cpu: int) -> tuple[str, str] | None:
    """What keeps ``cpu`` from idle: a task running there, else the oldest task
    woken there not yet run ((pid, comm)); None if idle."""
    pid, comm = cur.get(cpu, ("0", "swapper"))
    if pid != "0":
        return pid, comm
    q = queued.get(cpu)
    if q:
        pid, (comm, _) = min(q.items(), key=lambda kv: kv[1][1])
        return pid, comm
    return None


def comsubs(path: str) -> list[dict]:
    """The shell's command substitutions in ``path``, each a dict (see main)."""
    pid = _shell_pid(path)
    sync_bit = WF_SYNC["5.10" if "5.10" in path else "6.1"]
    cur: dict[int, tuple[str, str]] = {}            # CPU: (pid, comm) running
    queued: dict[int, dict] = {}                    # CPU: pid: (comm, woken at)
    exited: set[str] = set()
    out: list[dict] = []
    mark = ""
    c: dict | None = None
    pend = None                                     # the shell's sq: (waker, prev, fl, cpu)
    for cpu, t, ev, task, a in events(path):
        tpid = task.rsplit("-", 1)[-1]
        if ev == "mark" and tpid == pid:
            w = a["_words"]
            mark = w[0] if w else ""
            if c is not None:
                out.append(c)
                c = None
            continue
        if ev == "sched_switch":
            cur[cpu] = (a.get("next_pid", "0"), a.get("next_comm", ""))
            for q in queued.values():
                q.pop(a.get("next_pid"), None)
            if c is not None and a.get("prev_pid") == pid \
                    and a.get("prev_state", "R") not in ("R", "R+"):
                if c["read"] is not None and c["slept"] is None and c["woken"] is None:
                    c["slept"] = t
        elif ev == "sched_wakeup_new" or (ev == "sched_wakeup" and a.get("pid") != pid):
            queued.setdefault(int(a["target_cpu"]), {})[a.get("pid")] = (a.get("comm", ""), t)
        elif ev == "sched_process_exit":
            exited.add(a.get("pid"))
        elif ev == "sched_process_fork" and a.get("pid") == pid and mark in ("c", "b", "q"):
            if c is None:
                c = {"mark": mark, "fork": t, "child": a.get("child_pid"), "read": None,
                     "slept": None, "write": None, "woken": None, "exit": None}
        elif c is None:
            continue
        elif ev == "pr" and tpid == pid and c["read"] is None:
            c["read"] = t
        elif ev == "pw" and tpid != pid and c["write"] is None:
            c["write"] = t
        elif ev == "sq" and a.get("pid") == pid:
            pend = (tpid, int(a.get("prev", "-1")), int(a.get("fl", "0"), 16), cpu)
        elif ev == "sched_wakeup" and a.get("pid") == pid and pend is not None:
            waker, prev, fl, wcpu = pend
            pend = None
            to = int(a["target_cpu"])
            live = waker not in exited
            if live and c["woken"] is None:
                c["woken"] = {"t": t, "sync": bool(fl & sync_bit), "prev": prev, "to": to,
                              "waker_cpu": wcpu, "waker": waker,
                              "old": _occupant(cur, queued, prev) if to != prev else None}
            elif not live and c["woken"] is not None and c["exit"] is None:
                w = c["woken"]
                c["exit"] = {"t": t, "prev": prev, "to": to,
                             "old": _occupant(cur, queued, w["prev"]) if w["to"] != w["prev"]
                             else None}
    if c is not None:
        out.append(c)
    return out


def main(argv: list[str]) -> int:
    """Report each trace."""
    each = "--each" in argv
    argv = [a for a in argv if a != "--each"]
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    pooled: collections.Counter = collections.Counter()
    for path in argv:
        subs = comsubs(path)
        print(f"{path}: {len(subs)} command substitutions")
        by = collections.defaultdict(collections.Counter)
        holds: list[float] = []
        for s in subs:
            k = by[s["mark"]]
            k["n"] += 1
            if s["write"] is not None:
                first = "asleep before the first write" if s["slept"] is not None \
                    and s["slept"] < s["write"] else "not asleep at the first write"
                k[first] += 1
            w = s["woken"]
            if w is None:
                k["no live wake-up"] += 1
                continue
            k["live wake-up, sync" if w["sync"] else "live wake-up, not sync"] += 1
            if w["to"] == w["prev"]:
                k["stayed at the write"] += 1
                e = s["exit"]
                # it ran, read and slept again before the exit: placed again
                k["stayed, placed again at the exit" if e is not None
                  else "stayed, no exit placement"] += 1
                if e is not None and e["to"] != e["prev"]:
                    k["stayed, moved at the exit"] += 1
                continue
            k["moved at the write"] += 1
            e = s["exit"]
            if e is None:
                # still queued behind the writer at its exit (ttwu_runnable)
                k["moved, no exit placement"] += 1
                continue
            back = e["to"] == w["prev"]
            k["moved, back at the exit" if back else "moved, kept at the exit"] += 1
            o1, o2 = w["old"], e["old"]
            if o2 is None:
                what = "old CPU idle at the exit"
            elif o1 is not None and o1[0] == o2[0]:
                what = ("old CPU held by the same kernel thread" if o1[1].startswith(_KTHREADS)
                        else "old CPU held by the same user task")
                holds.append(e["t"] - w["t"])
            else:
                what = "old CPU held by another task"
            k[what] += 1
            k["at the write: " + ("idle" if o1 is None else o1[1].split("/")[0])] += 1
            if each:
                print(f"  {s['mark']} {s['fork']:10.3f} write {w['t']:10.3f} {w['prev']}->{w['to']}"
                      f" old {o1} exit {e['t']:10.3f} ->{e['to']} old {o2}")
        for m in ("c", "b", "q"):
            k = by[m]
            pooled.update(k)
            print(f"  {m}: " + ", ".join(f"{key} {v}" for key, v in sorted(k.items())))
        if holds:
            q = statistics.quantiles(holds, n=4) if len(holds) > 1 else holds
            print(f"  the same task on the old CPU from the write to the exit: {len(holds)}, "
                  f"write-to-exit quartiles (ms) {' / '.join(f'{x:.2f}' for x in q)}")
    if len(argv) > 1:
        print("all: " + ", ".join(f"{key} {v}" for key, v in sorted(pooled.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
