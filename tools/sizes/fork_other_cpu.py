"""Session 38 (branch place38, docs/fidelity.md item 293): for each fork a 2-CPU
guest kept on the forker's CPU (``sched_wakeup_new`` with ``target_cpu`` the
forking CPU), what the other CPU held at that moment: the task running there
(the last ``sched_switch``'s ``next_comm``), or, its vCPU idle (``swapper``), the
tasks woken or forked onto it that had not yet been switched in (waiting for the
idle vCPU's wake-up), from a trace of ``tools/sizes/wake_trace.py``:

    python3 tools/sizes/fork_other_cpu.py TRACE...
"""
import collections
import sys

from fork_wait import events     # tools/sizes/


def other_cpu(path: str) -> tuple[int, collections.Counter]:
    """(forks kept on the forker's CPU, what the other CPU held: a Counter)."""
    cur: dict[int, str] = {}              # CPU -> the task running there
    waiting: dict[int, dict] = {}         # CPU -> {pid: comm} placed, not yet run
    res: collections.Counter = collections.Counter()
    n = 0
    for cpu, _ms, ev, _task, a in events(path):
        if ev == "sched_switch":
            cur[cpu] = a.get("next_comm", "?")
            for w in waiting.values():
                w.pop(a.get("next_pid"), None)
        elif ev in ("sched_wakeup", "sched_wakeup_new"):
            t = int(a["target_cpu"])
            if ev == "sched_wakeup_new" and t == cpu:
                n += 1
                o = 1 - cpu
                run = cur.get(o, "?")
                w = waiting.get(o, {})
                if not run.startswith("swapper"):
                    key = "running " + run
                elif w:
                    key = "idle vCPU, woken and waiting: " + "+".join(sorted(set(w.values())))
                else:
                    key = "idle, nothing queued"
                res[key] += 1
            waiting.setdefault(t, {})[a["pid"]] = a["comm"]
    return n, res


def main(argv: list[str]) -> int:
    """Report each trace."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    for path in argv:
        n, res = other_cpu(path)
        print(f"{path}: {n} forks kept on the forker's CPU; the other CPU then:")
        for k, v in res.most_common():
            print(f"  {v:4d} {k}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
