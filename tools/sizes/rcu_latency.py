"""How late the guests' RCU callbacks run, against the script's own pace
(docs/fidelity.md item 63).

Reads the output of tools/sizes/rcu-frees-trace.sh (``CPU MS EVENT TASK-PID ARGS``
lines) and prints, for every task the trace saw exit, reaped and freed: the
milliseconds from its ``sched_process_exit`` to its parent's ``release_task`` (the
reap: the earliest exited child of that parent not yet reaped) and from there to its
``sched_process_free`` (``delayed_put_task_struct``, the RCU callback ``release_task``
queued), the CPUs of the reap and the free, and how many wakeups of the grace-period
kthread (``rcu_sched``) lay between; the grace periods' lengths where the kernel lets
``rcu_gp_init`` and ``rcu_gp_cleanup`` be probed (6.1); then the intervals between those
wakeups, and the script's pace: part B's iterations (mkdir, ``sh -c 'exec sleep
0.1'``, rmdir) in milliseconds, less the 100 ms sleep, against the model's (``--model
MS``: ``memcgsim run`` of the same loop, printed by tools/sizes/rcu-iter.sh).

    python3 tools/sizes/rcu_latency.py tools/sizes/recordings/rcu-frees-trace--5.10-v1-2cpu.txt.gz --model 7.3
"""
from __future__ import annotations

import argparse
import gzip
import re
import statistics


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trace")
    ap.add_argument("--model", type=float, help="the model's ms an iteration (sleep excluded)")
    a = ap.parse_args()
    exits: dict[int, tuple[float, int, str]] = {}
    parent: dict[int, int] = {}
    reaped: dict[int, tuple[float, int, float, int, str]] = {}
    lat: list[tuple[int, str, float, float, int, int, int]] = []
    gp: list[float] = []
    gp_init: list[float] = []
    gp_len: list[float] = []
    marks: list[tuple[float, str]] = []
    opener = gzip.open if a.trace.endswith(".gz") else open
    for line in opener(a.trace, "rt", errors="replace"):
        f = line.split(None, 4)
        if len(f) < 4 or not f[0].isdigit() or not re.match(r"[\d.]+$", f[1]):
            continue
        cpu, t, ev, task = int(f[0]), float(f[1]), f[2], f[3]
        rest = f[4] if len(f) > 4 else ""
        if ev == "sched_switch" and "next_comm=rcu_" in rest:
            gp.append(t)
        elif ev == "gpi":
            gp_init.append(t)
        elif ev == "gpc" and gp_init:
            gp_len.append(t - gp_init[-1])
        elif ev == "sched_process_fork":
            parent[int(re.search(r"child_pid=(\d+)", rest)[1])] = int(re.search(r" pid=(\d+)", " " + rest)[1])
        elif ev == "sched_process_exit":
            pid = int(re.search(r"pid=(\d+)", rest)[1])
            exits[pid] = (t, cpu, re.search(r"comm=(\S+)", rest)[1])
        elif ev == "rel":
            reaper = int(task.rsplit("-", 1)[1])
            kids = [p for p in exits if parent.get(p) == reaper]
            if kids:
                pid = min(kids, key=lambda p: exits[p][0])
                t0, c0, comm = exits.pop(pid)
                reaped[pid] = (t0, c0, t, cpu, comm)
        elif ev == "sched_process_free":
            pid = int(re.search(r"pid=(\d+)", rest)[1])
            if pid in reaped:
                t0, c0, tr, cr, comm = reaped.pop(pid)
                wakes = sum(1 for g in gp if tr < g <= t)
                lat.append((pid, comm, tr - t0, t - tr, cr, cpu, wakes))
        elif ev == "tracing_mark_write":
            marks.append((t, rest.strip()))
    print("pid comm exit->reap_ms reap->free_ms reap_cpu free_cpu gp_kthread_wakes_between")
    for pid, comm, r, ms, c0, c1, w in lat:
        print(f"{pid} {comm} {r:.1f} {ms:.1f} {c0} {c1} {w}")
    ms = [x[3] for x in lat]
    if ms:
        print(f"reap->free: n {len(ms)} min {min(ms):.1f} median {statistics.median(ms):.1f} "
              f"max {max(ms):.1f} ms; on the reaper's CPU {sum(x[4] == x[5] for x in lat)}")
    if gp_len:
        print(f"grace periods (rcu_gp_init to rcu_gp_cleanup): n {len(gp_len)} min "
              f"{min(gp_len):.1f} median {statistics.median(gp_len):.1f} max {max(gp_len):.1f} ms; "
              f"from one start to the next: median "
              f"{statistics.median([b - a for a, b in zip(gp_init, gp_init[1:])]):.1f} ms")
    iv = [b - a for a, b in zip(gp, gp[1:])]
    if iv:
        hist: dict[int, int] = {}
        for x in iv:
            hist[round(x / 4) * 4] = hist.get(round(x / 4) * 4, 0) + 1
        print("gp kthread wakeup intervals (ms, rounded to 4 ms jiffies): "
              + " ".join(f"{k}:{v}" for k, v in sorted(hist.items()) if k <= 60))
    starts = [t for t, m in marks if re.match(r"B \d+ mkdir", m)]
    done = [t for t, m in marks if m == "B done"]
    if len(starts) > 1:
        it = [b - a - 100 for a, b in zip(starts, starts[1:] + done)]
        med = statistics.median(it)
        print(f"part B: an iteration, less the 100 ms sleep: median {med:.1f} ms "
              f"({' '.join(f'{x:.0f}' for x in it)})")
        if a.model:
            pace = med / a.model
            med_m = statistics.median(ms) / pace
            print(f"pace (guest / model): {pace:.1f}; reap->free median in model time "
                  f"{med_m:.2f} ms, min {min(ms) / pace:.2f}; a grace period (the median "
                  f"callback waits 1.5: the rest of one, then a whole one) {med_m / 1.5:.2f} ms")
            if gp_len:
                print(f"a grace period traced (6.1: rcu_gp_init to rcu_gp_cleanup), median in "
                      f"model time: {statistics.median(gp_len) / pace:.2f} ms")


if __name__ == "__main__":
    main()
