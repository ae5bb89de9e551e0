"""Which rule places the guests' forks after an exit? (session 36, branch place36:
docs/fidelity.md item 252.) Replays a trace of ``tools/sizes/wake_trace.py``
(``--sched-only`` is enough) with PELT's utilization rebuilt from its
``sched_switch`` runs and predicts, at each ``sched_wakeup_new``, the CPU
``find_idlest_cpu`` → ``find_idlest_group`` takes: walking from the forking CPU,
the first idle CPU (``swapper`` running) of the lowest integer utilization, else the
forking CPU (kernel/sched/fair.c, v5.10 and v6.1).

Each task's ``util_avg`` grows while it runs (``1024 * (1 - y^d)``, y = 0.5 ** (1 /
32) a 1024 µs period), decays otherwise, and stays in the ``cfs_rq`` of the CPU it
last ran on while it sleeps; a new task starts with half the CPU's spare
(``post_init_entity_util_avg``); a migration moves it. A dead task's goes to
``cfs_rq->removed`` at its final switch (``task_dead_fair``, after that switch's
own update) and leaves the CPU's utilization at the CPU's next update. The rules
compared:

* ``enqueue``: the next update is the next task switched in there (a woken kworker:
  5.10's ``free_thread_stack`` → ``vfree_atomic`` queues its work on the exit's
  CPU), or the idle CPUs' blocked-load update every 32 ms
  (``NOHZ_STATS_PERIOD``, phase unknown: the first fork's time);
* ``forks``: only a fork placed there (``enqueue_entity`` of the new task) or the
  32 ms update, as the model applies it (kernel/sched.py ``Sched.task_dead``);
* each read decayed to the fork's time (``fresh``) or as of the CPU's last update
  (``stale``: ``cpu_util`` reads ``cfs_rq->avg.util_avg`` as last written).

    python3 tools/sizes/exit_place_replay.py TRACE...

Prints per trace and rule how many placements it predicts, against "the first idle
CPU after the forker's" and "the CPU the last command exited on if idle".
"""
import sys

from fork_wait import events     # tools/sizes/

Y = 0.5 ** (1 / 32)
PERIOD_MS = 1.024
NOHZ_MS = 32.0


class Cpu:
    """One CPU's ``cfs_rq``: its attached tasks, pending removals, last update."""
    __slots__ = ("tasks", "removed", "last", "value")

    def __init__(self) -> None:
        self.tasks: set[str] = set()
        self.removed: list[str] = []
        self.last = 0.0
        self.value = 0.0


def replay(evs, enqueue: bool, stale: bool) -> tuple[int, int, int, int]:
    """(forks judged, predicted by the rule, by the first idle CPU, by the last exit's
    CPU when idle)."""
    nr = 1 + max(max(c for c, *_ in evs),
                 max((int(a["target_cpu"], 10) for _, _, e, _, a in evs
                      if e == "sched_wakeup_new"), default=0))
    cpus = [Cpu() for _ in range(nr)]
    util: dict[str, tuple[float, float]] = {}      # pid: (util, at)
    where: dict[str, int] = {}
    cur: dict[int, str] = {}
    since: dict[int, float] = {}
    dead: set[str] = set()
    nohz = None
    last_exit = None
    n = hit = first = ex = 0

    def u_at(pid: str, t: float) -> float:
        u, at = util.get(pid, (0.0, t))
        return u * Y ** ((t - at) / PERIOD_MS)

    def update(c: int, t: float) -> None:
        cp = cpus[c]
        for pid in cp.removed:
            cp.tasks.discard(pid)
        cp.removed = []
        cp.value = sum(u_at(p, t) for p in cp.tasks)
        cp.last = t

    def read(c: int, t: float) -> int:
        cp = cpus[c]
        if stale:
            return int(cp.value)
        return int(sum(u_at(p, t) for p in cp.tasks))

    for cpu, t, ev, task, a in evs:
        if nohz is not None:
            while t >= nohz:
                for c in range(nr):
                    if cur.get(c, "0") == "0":
                        update(c, nohz)
                nohz += NOHZ_MS
        if ev == "sched_switch":
            prev, nxt = a.get("prev_pid", "0"), a.get("next_pid", "0")
            if prev != "0" and cpu in since:
                s = since[cpu]
                u = u_at(prev, s)
                d = (t - s) / PERIOD_MS
                util[prev] = (u * Y ** d + 1024 * (1 - Y ** d), t)
            if prev != "0" and where.get(prev) != cpu:
                if prev in where:
                    cpus[where[prev]].removed.append(prev)
                where[prev] = cpu
                cpus[cpu].tasks.add(prev)
            if enqueue and nxt != "0":
                update(cpu, t)
            if prev in dead:
                dead.discard(prev)
                cpus[cpu].removed.append(prev)
                where.pop(prev, None)
            cur[cpu], since[cpu] = nxt, t
        elif ev == "sched_process_exit":
            pid = task.rsplit("-", 1)[1]
            dead.add(pid)
            if not task.startswith(("kworker", "kthreadd")):
                last_exit = cpu
        elif ev == "sched_migrate_task":
            pid = a.get("pid")
            o, d = int(a["orig_cpu"]), int(a["dest_cpu"])
            if pid in where and where[pid] == o:
                cpus[o].removed.append(pid)
            where[pid] = d
            cpus[d].tasks.add(pid)
        elif ev == "sched_wakeup_new":
            if nohz is None:
                nohz = t + NOHZ_MS
            tgt = int(a["target_cpu"], 10)
            pid = a["pid"]
            idle = [c for c in ((cpu + i) % nr for i in range(1, nr))
                    if cur.get(c, "0") == "0"]
            if idle:
                vals = [(read(c, t), c) for c in idle]
                low = min(v for v, _ in vals)
                pred = next(c for v, c in vals if v == low)
                n += 1
                hit += pred == tgt
                first += idle[0] == tgt
                ex += last_exit in idle and last_exit == tgt
            # the new task joins its CPU: removals applied first (enqueue_entity)
            update(tgt, t)
            spare = (1024 - cpus[tgt].value) / 2
            util[pid] = (max(spare, 1.0), t)
            where[pid] = tgt
            cpus[tgt].tasks.add(pid)
    return n, hit, first, ex


def main(argv: list[str]) -> int:
    """Print each trace's counts per rule."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    for path in argv:
        evs = list(events(path))
        for enq in (True, False):
            for stale in (True, False):
                n, hit, first, ex = replay(evs, enq, stale)
                print(f"{path.rsplit('/', 1)[-1]}: removal at {'enqueue' if enq else 'forks'}"
                      f", {'stale' if stale else 'fresh'} reads: {hit}/{n} "
                      f"(first idle after the forker's {first}, the last exit's {ex})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
