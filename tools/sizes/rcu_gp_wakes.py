"""The RCU grace-period kthread in a wake_trace.py recording (session 33, branch wake33:
docs/fidelity.md item 192): when it is woken (``rcu_sched`` on 5.10, ``rcu_preempt``
on 6.1), by whom, onto which CPU, how long it waits there before it runs (an idle
CPU's pick-up under TCG) and how long it runs; and at each fork of a user task by a
user task at 2 CPUs, what it was doing on the CPU other than the parent's (queued
there and since when, running, elsewhere) and how long since the parent's last
child exited:

    python3 tools/sizes/rcu_gp_wakes.py REC... [--forks]

Summary lines: ``gp wakes`` (count, the intervals between consecutive wakeups as
quartiles, ms of guest time), ``gp wait`` (wakeup to its switch in: quartiles, and
split by whether the waker ran on another CPU than the target, an idle vCPU woken
by IPI, or on the target), ``gp run`` (switch in to out), ``gp share`` (the
fraction of the trace it spends queued, not yet running), and ``fork`` (own or other CPU, by the GP kthread's state
on the other CPU at the fork and whether a child of the parent exited since its
previous fork). ``--forks`` prints each fork.
"""
from __future__ import annotations

import collections
import statistics
import sys

from wake_replay import is_kthread, kv, read

GP_KTHREADS = ("rcu_sched", "rcu_preempt")


def quartiles(xs: list[float]) -> str:
    """``n: q1/median/q3`` of ``xs`` (ms)."""
    if len(xs) < 2:
        return f"{len(xs)}: {xs}"
    q = statistics.quantiles(xs, n=4)
    return f"{len(xs)}: {q[0]:.2f}/{q[1]:.2f}/{q[2]:.2f}"


def gp_pid(path: str) -> tuple[str | None, bool]:
    """The GP kthread's pid, and whether the recording has ``select_task_rq_fair``'s
    probes (``sq``/``sr``): then a wakeup is timed at its placement, on the waker's
    CPU (6.1's ``sched_wakeup`` of a wake-listed task fires later, on the target)."""
    pid, probed = None, False
    for _cpu, _ms, ev, _task, args in read(path):
        probed = probed or ev == "sq"
        if pid is None and ev == "sched_wakeup":
            a = kv(args)
            if a.get("comm") in GP_KTHREADS:
                pid = a.get("pid")
        if pid is not None and probed:
            break
    return pid, probed


def scan(path: str, show: bool = False) -> dict:
    """Print one recording's summary; returns its figures: ``forks`` (a Counter by
    child's CPU, the GP kthread's state on the other, reap or not), ``remote_waits``
    and ``local_waits`` (ms)."""
    woken: float | None = None  # when it was last woken, not yet run
    on = -1                     # the CPU it was woken onto / runs on
    running_since: float | None = None
    wakes, waits, runs = [], [], []
    remote = False              # its last wakeup came from another CPU than its target
    rwaits, lwaits = [], []     # waits after remote and local wakeups
    queued_ms = 0.0
    first = last = None
    parent: dict[str, str] = {}
    exited: dict[str, float] = {}           # parent pid -> its last child's exit
    lastfork: dict[str, float] = {}
    forks: collections.Counter = collections.Counter()
    ncpu = 1
    gp, probed = gp_pid(path)
    sq: dict[int, str] = {}     # CPU -> the pid select_task_rq_fair places
    for cpu, ms, ev, task, args in read(path):
        ncpu = max(ncpu, cpu + 1)
        first = ms if first is None else first
        last = ms
        a = kv(args)
        if probed and ev == "sq":
            sq[cpu] = a.get("pid", "")
            continue
        if probed and ev == "sr" and sq.pop(cpu, None) == gp:
            target = int(a.get("cpu", "-1"))
        elif not probed and ev == "sched_wakeup" and a.get("pid") == gp:
            target = int(a.get("target_cpu", "-1"))
        else:
            target = None
        if target is not None:
            if woken is None and running_since is None:
                wakes.append(ms)
                woken, on = ms, target
                remote = on != cpu
        elif ev == "sched_migrate_task" and a.get("pid") == gp and woken is not None:
            on = int(a["dest_cpu"])
        elif ev == "sched_switch":
            if a.get("next_pid") == gp and gp is not None:
                if woken is not None:
                    waits.append(ms - woken)
                    (rwaits if remote and on == cpu else lwaits).append(ms - woken)
                    queued_ms += ms - woken
                    woken = None
                running_since, on = ms, cpu
            elif a.get("prev_pid") == gp and running_since is not None:
                runs.append(ms - running_since)
                running_since = None
                if a.get("prev_state", "").startswith("R"):
                    woken, remote = ms, False       # preempted: queued again
        elif ev == "sched_process_fork":
            parent[a.get("child_pid", "")] = a.get("pid", "")
        elif ev == "sched_process_exit" and a.get("pid") in parent:
            exited[parent[a["pid"]]] = ms
        elif ev == "sched_wakeup_new":
            waker = task.rsplit("-", 1)
            if is_kthread(waker[0]) or is_kthread(a.get("comm", "?")) or ncpu != 2:
                continue
            p, tgt = waker[-1], int(a.get("target_cpu", "0"))
            other = 1 - cpu
            if woken is not None and on == other:
                st = "queued" + (" (woken from the parent's CPU)" if remote else "")
                age = ms - woken
            elif running_since is not None and on == other:
                st, age = "running", ms - running_since
            else:
                st, age = "not there", None
            reap = exited.get(p, -1.0) > lastfork.get(p, -1.0)
            lastfork[p] = ms
            forks[("own" if tgt == cpu else "other", st,
                   "after a reap" if reap else "no reap since")] += 1
            if show:
                since = f"{ms - exited[p]:.2f} ms after its child's exit" if reap else "no reap"
                agestr = f" {age:.2f} ms" if age is not None else ""
                print(f"{ms:10.3f} fork by {task}@{cpu} -> {tgt} | gp {st}{agestr} | {since}")
    if first is None:
        return {"forks": forks, "remote_waits": rwaits, "local_waits": lwaits}
    iv = [b - a for a, b in zip(wakes, wakes[1:])]
    print(f"{path}: {ncpu} CPUs, {last - first:.0f} ms")
    print(f"  gp wakes {quartiles(iv)} ms apart")
    print(f"  gp wait  {quartiles(waits)} ms; woken from another CPU {quartiles(rwaits)}, "
          f"from its own {quartiles(lwaits)}")
    print(f"  gp run   {quartiles(runs)} ms")
    print(f"  gp share queued {queued_ms / (last - first):.3f} of the time")
    for k, n in sorted(forks.items()):
        print(f"  fork child on {k[0]:5s} CPU | gp on the other: {k[1]:40s} | {k[2]:13s} {n}")
    return {"forks": forks, "remote_waits": rwaits, "local_waits": lwaits}


def main(argv: list[str]) -> int:
    """Summaries of each recording."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    show = "--forks" in argv
    for p in argv:
        if p != "--forks":
            scan(p, show)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
