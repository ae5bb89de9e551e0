"""Who ran where in a wake_trace.py recording (session 32, branch wake32: docs/fidelity.md
items 162): each CPU's running task and the tasks woken onto it that have not run
yet, rebuilt from ``sched_switch``, ``sched_wakeup``/``_new`` and
``sched_migrate_task``, and at each placement of a user task (a fork's
``sched_wakeup_new``, a wakeup) where the parent or wakee was, where the waker ran,
where it went, and what the other CPUs were doing then (idle, running a kernel
thread, a user task, or with a task queued not yet run):

    python3 tools/sizes/wake_replay.py REC [--events] [--folds NAME]

Summary lines: ``fork`` (the child on its parent's CPU or another; for each, how
many times every other CPU was busy, and with what; and by whether a child of the
parent exited since its last fork: the reap's ``call_rcu`` that wakes ``rcu_sched``),
``wake`` (the waker on the
wakee's previous CPU or another; the wakee staying or moving; the state of its
previous CPU). ``--folds NAME``: the memcg's anon and shmem per-CPU deltas replayed
from the ``ls`` events (5.10's batching: a fold past 32 pages), with what
memory.stat reads at each mark. ``place``: the same from ``select_task_rq_fair``'s
entry and return kprobes (``sq``, ``sr``), which name the waker's CPU on 6.1 too.
"""
from __future__ import annotations

import collections
import gzip
import sys

KTHREADS = ("kworker", "ksoftirqd", "rcu_", "migration", "kcompactd", "kswapd",
            "jbd2", "khugepaged", "oom_reaper", "kthreadd", "cpuhp", "watchdog")
ITEMS = {"17": "anon", "23": "shmem"}
BATCH = 32


def kv(fields: list[str]) -> dict:
    """``key=value`` arguments."""
    return dict(f.split("=", 1) for f in fields if "=" in f)


def is_kthread(comm: str) -> bool:
    """A kernel thread's name (the guests' user tasks are bash, busybox applets)."""
    return comm.startswith(KTHREADS) or comm.startswith("swapper")


def read(path: str):
    """The recording's event lines: (cpu, ms, event, task, args)."""
    op = gzip.open if path.endswith(".gz") else open
    for line in op(path, "rt", errors="replace"):
        f = line.split()
        if len(f) < 4 or not f[0].isdigit():
            continue
        try:
            ms = float(f[1])
        except ValueError:
            continue
        yield int(f[0]), ms, f[2], f[3], f[4:]


class Cpus:
    """Each CPU's running task (pid, comm) and the tasks queued on it not yet run."""

    def __init__(self) -> None:
        self.cur: dict[int, tuple[str, str]] = {}
        self.queued: dict[int, dict[str, str]] = collections.defaultdict(dict)
        self.last: dict[str, int] = {}       # pid -> the CPU it last ran or was put on
        self.comm: dict[str, str] = {}

    def state(self, cpu: int, skip: str = "") -> str:
        """idle, kthread, user or queued:COMM (a task woken there, not yet run)."""
        q = {p: c for p, c in self.queued[cpu].items() if p != skip}
        if q:
            return "queued:" + ("kthread" if all(is_kthread(c) for c in q.values()) else "user")
        pid, comm = self.cur.get(cpu, ("0", "swapper"))
        if pid == "0":
            return "idle"
        if pid == skip:
            return "self"
        return "kthread" if is_kthread(comm) else "user"

    def switch(self, cpu: int, a: dict) -> None:
        for q in self.queued.values():      # a task woken while it ran was never queued
            q.pop(a.get("prev_pid"), None)
        nxt = a.get("next_pid", "0")
        self.cur[cpu] = (nxt, a.get("next_comm", "?"))
        self.queued[cpu].pop(nxt, None)
        self.last[nxt] = cpu
        self.comm[nxt] = a.get("next_comm", "?")

    def put(self, pid: str, comm: str, cpu: int) -> None:
        for q in self.queued.values():
            q.pop(pid, None)
        if all(c[0] != pid for c in self.cur.values()):     # not running: queued
            self.queued[cpu][pid] = comm
        self.last[pid] = cpu
        self.comm[pid] = comm


def replay(path: str, events: bool = False, folds: str | None = None) -> collections.Counter:
    """Print the placements' summary (and each, with ``events``); returns the
    ``place`` counts (caller, waker on prev or elsewhere, stay or move, state)."""
    cpus = Cpus()
    ncpu = 0
    forks: collections.Counter = collections.Counter()
    wakes: collections.Counter = collections.Counter()
    pending: dict = collections.defaultdict(int)       # (cpu, item) -> delta
    atomic: dict = collections.defaultdict(int)
    moved_from: dict[str, int] = {}
    parent: dict[str, str] = {}             # child pid -> parent pid
    reaped: set[str] = set()                # a child exited since the task's last fork
    by_reap: collections.Counter = collections.Counter()
    places: collections.Counter = collections.Counter()
    sq: dict[int, dict] = {}                # CPU -> select_task_rq_fair's entry
    for cpu, ms, ev, task, args in read(path):
        ncpu = max(ncpu, cpu + 1)
        a = kv(args)
        if ev == "mark":
            if folds:
                rd = " ".join(f"{it} {max(atomic[it], 0)} (+{[pending[(c, it)] for c in range(ncpu)]})"
                              for it in ("anon", "shmem"))
                print(f"{ms:10.3f} mark {' '.join(args)[:60]} | {rd}")
            elif events:
                print(f"{ms:10.3f} mark {' '.join(args)[:70]}")
            continue
        if ev == "sched_switch":
            cpus.switch(cpu, a)
        elif ev == "sched_process_fork":
            parent[a.get("child_pid", "")] = a.get("pid", "")
        elif ev == "sched_process_exit" and a.get("pid") in parent:
            reaped.add(parent[a["pid"]])
        elif ev == "sched_migrate_task":
            pid = a.get("pid")
            if pid in cpus.queued[int(a["orig_cpu"])]:
                cpus.put(pid, a.get("comm", "?"), int(a["dest_cpu"]))
            else:       # a sleeping task's wakeup moving it: its sched_wakeup follows
                moved_from[pid] = int(a["orig_cpu"])
                cpus.last[pid] = int(a["dest_cpu"])
        elif ev in ("sched_wakeup", "sched_wakeup_new"):
            pid, comm, tgt = a.get("pid"), a.get("comm", "?"), int(a.get("target_cpu", "0"))
            waker = task.rsplit("-", 1)
            if not is_kthread(comm) and not is_kthread(waker[0]):
                if ev == "sched_wakeup_new":
                    pcpu = cpu      # the parent runs the fork (wake_up_new_task)
                    others = " ".join(f"{c}:{cpus.state(c, waker[-1])}" for c in range(ncpu) if c != pcpu)
                    key = ("own" if tgt == pcpu else "other", others if ncpu <= 2 else
                           "any-idle" if "idle" in others else "none-idle")
                    forks[key] += 1
                    p = waker[-1]
                    by_reap[("after a reap" if p in reaped else "no reap since", key[0])] += 1
                    reaped.discard(p)
                    if events:
                        print(f"{ms:10.3f} fork {task} -> {comm}-{pid} {pcpu}->{tgt} | {others}")
                else:
                    prev = moved_from.pop(pid, cpus.last.get(pid, -1))
                    if cpu == prev:     # the waker runs there: the other CPUs' states
                        st = "others:" + ",".join(cpus.state(c, pid) for c in range(ncpu) if c != prev)
                    else:
                        st = "prev:" + (cpus.state(prev, pid) if prev >= 0 else "?")
                    key = ("waker-on-prev" if cpu == prev else "waker-elsewhere",
                           "stay" if tgt == prev else "move", st)
                    wakes[key] += 1
                    if events:
                        print(f"{ms:10.3f} wake {comm}-{pid} by {task}@{cpu} {prev}->{tgt} | prev {st}")
            cpus.put(pid, comm, tgt)
        elif ev == "sq":
            sq[cpu] = a
        elif ev == "sr" and cpu in sq:
            e = sq.pop(cpu)
            place(places, cpus, ncpu, cpu, task, e, a, args, ms, events)
            if "cpu" in a and e.get("pid") in cpus.comm:
                # queued there from now: 6.1's wake list enqueues it (and fires
                # sched_wakeup) on the target later, idle_cpu() sees ttwu_pending
                cpus.put(e["pid"], cpus.comm[e["pid"]], int(a["cpu"]))
        elif ev == "ls" and folds and a.get("memcg") == folds and a.get("idx") in ITEMS:
            it = ITEMS[a["idx"]]
            x = pending[(cpu, it)] + int(a["val"])
            if abs(x) > BATCH:
                atomic[it] += x
                x = 0
            pending[(cpu, it)] = x
    if folds:
        return places
    print(f"{path}: {ncpu} CPUs")
    for k, n in sorted(forks.items()):
        print(f"  fork child on {k[0]:5s} CPU | others: {k[1]:30s} {n}")
    for k, n in sorted(by_reap.items()):
        print(f"  fork {k[0]:13s} child on {k[1]:5s} CPU {n}")
    for k, n in sorted(wakes.items()):
        print(f"  wake {k[0]:15s} {k[1]:4s} {k[2]:28s} {n}")
    for k, n in sorted(places.items()):
        print(f"  place {k[0]:4s} {k[1]:15s} {k[2]:4s} {k[3]:28s} {n}")
    return places


def place(places: collections.Counter, cpus: Cpus, ncpu: int, cpu: int, task: str,
          entry: dict, ret: dict, args: list[str], ms: float, events: bool) -> None:
    """A ``select_task_rq_fair`` return (``sr``) with its entry (``sq``), both on the
    waker's CPU (session 33, branch wake33): counted by caller (``wake``: a
    ``try_to_wake_up``, ``fork``: ``wake_up_new_task``, ``exec``: ``sched_exec``),
    the waker on the task's previous CPU or elsewhere, stay or move, and the state
    of the previous CPU (waker elsewhere) or of the others (waker on prev). User
    tasks placed by user tasks only; the state is rebuilt from the scheduler's
    events, which 6.1 fires for a wake-listed task on its target CPU later."""
    caller = "wake" if any("try_to_wake_up" in f for f in args) else \
        "fork" if any("wake_up_new_task" in f for f in args) else "exec"
    pid, prev, tgt = entry.get("pid", "?"), int(entry.get("prev", "-1")), int(ret.get("cpu", "-1"))
    waker = task.rsplit("-", 1)
    comm = cpus.comm.get(pid, "?")
    if is_kthread(waker[0]) or is_kthread(comm) or waker[-1] == "0":
        return
    if caller == "fork":
        prev = cpu          # the parent runs the fork
    if cpu == prev:
        st = "others:" + ",".join(cpus.state(c, pid) for c in range(ncpu) if c != prev)
    else:
        st = "prev:" + (cpus.state(prev, pid) if prev >= 0 else "?")
    places[(caller, "waker-on-prev" if cpu == prev else "waker-elsewhere",
            "stay" if tgt == prev else "move", st)] += 1
    if events:
        print(f"{ms:10.3f} place {caller} {comm}-{pid} by {task}@{cpu} {prev}->{tgt} | {st}")


def main(argv: list[str]) -> int:
    """Summaries of each recording."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    events = "--events" in argv
    folds = None
    if "--folds" in argv:
        i = argv.index("--folds")
        folds = argv[i + 1]
        del argv[i:i + 2]
    for p in argv:
        if p != "--events":
            replay(p, events, folds)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
