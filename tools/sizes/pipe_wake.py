"""Session 39 (branch place39, docs/fidelity.md item 319): where the guests placed
the sync wake-ups a live task made (``select_task_rq_fair`` with ``WF_SYNC`` that no
exit made: a pipe writer's ``wake_up_interruptible_sync_poll`` of its reader, the
traced scripts' others being rare), from a trace of ``tools/sizes/wake_trace.py``
(its ``sq``/``sr`` probe lines):

    python3 tools/sizes/pipe_wake.py TRACE...

For each such wake-up of a user task (no kernel thread): whether it went to its
previous CPU, to the waker's or to another, and whether that previous CPU was idle
(``swapper`` running, nothing woken or forked there not yet switched in). The
sync flag is bit 0 of ``fl`` on 5.10 (``WF_SYNC`` 0x01) and bit 4 on 6.1 (0x10); a
wake-up is 5.10's ``sd`` 0x8 (``SD_BALANCE_WAKE``), 6.1's ``WF_TTWU`` (0x08).
"""
import collections
import sys

from fork_wait import events     # tools/sizes/

_KTHREADS = ("rcu_", "kworker", "ksoftirqd", "migration", "kthreadd", "khugepaged",
             "kcompactd", "jbd2", "kswapd", "oom_reaper", "watchdog", "cpuhp")


def pipe_wakes(path: str) -> collections.Counter:
    """Counts of (where the wakee went, whether its previous CPU was idle)."""
    cur: dict[int, str] = {}                # CPU -> pid running
    queued: dict[int, set] = {}             # CPU -> pids placed, not yet run
    exited: set[str] = set()
    comm: dict[str, str] = {}
    q: dict[int, dict] = {}                 # CPU -> its pending select (sq)
    res: collections.Counter = collections.Counter()
    sync = 0x10 if "--6.1-" in path else 0x01
    for cpu, _t, ev, task, a in events(path):
        if ev == "sched_switch":
            cur[cpu] = a.get("next_pid")
            comm[a.get("next_pid")] = a.get("next_comm", "")
            for s in queued.values():
                s.discard(a.get("next_pid"))
        elif ev == "sched_process_exit":
            exited.add(a.get("pid"))
        elif ev == "sq":
            q[cpu] = a
        elif ev == "sr" and cpu in q:
            s = q.pop(cpu)
            waker = task.rsplit("-", 1)[1]
            fl = int(s.get("fl", "0"), 16)
            pid, prev = s.get("pid"), int(s.get("prev", "-1"))
            wake = int(s["sd"], 16) == 0x8 if "sd" in s else fl & 0x08    # WF_TTWU
            if (not fl & sync or not wake or waker in exited
                    or comm.get(pid, "").startswith(_KTHREADS)):
                continue
            to = int(a.get("cpu", "-1"))
            where = "prev" if to == prev else "waker's" if to == cpu else "another"
            idle = cur.get(prev, "0") == "0" and not queued.get(prev)
            res[(where, "prev idle" if idle else "prev busy",
                 "prev is the waker's" if prev == cpu else "prev another")] += 1
        elif ev in ("sched_wakeup", "sched_wakeup_new"):
            queued.setdefault(int(a["target_cpu"], 10), set()).add(a.get("pid"))
    return res


def main(argv: list[str]) -> int:
    """Report each trace."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    for path in argv:
        res = pipe_wakes(path)
        print(f"{path}: {sum(res.values())} sync wake-ups by a live task")
        for k, v in sorted(res.items(), key=lambda kv: -kv[1]):
            print(f"  {v:4d} to {k[0]} ({k[1]}, {k[2]})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
