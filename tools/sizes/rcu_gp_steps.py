"""What ends a grace period in a loop of commands, step by step, in a trace of
calibration/rcu-gp-steps.sh or calibration/rcu-qs-sources.sh (docs/fidelity.md item
473).

Reads the ``CPU MS EVENT TASK-PID ARGS`` lines (tools/sizes/rcu_qs_sources.py
``parse``). For phase A (the loop of commands back to back) it prints:

- each grace period's last report (``rcu_report_qs_rnp`` clearing the root's last
  bit: ``rcu_report_qs_rsp`` wakes the grace-period kthread) by who made it (an idle
  CPU's, the kthread's own, a task's: its user-mode tick or its switch, reported at
  the CPU's tick) and where the kthread ran next (the reporting CPU or another),
  with the milliseconds from that report to the kthread's first switch-in after it
  (where ``rcu_gp_cleanup`` ends the grace period), and the busy CPUs' ticks'
  spacing, the trace's own tick;
- for every command the shell reaped (``release_task``), how many of the shell's
  forks came between the reap and the task's free (``sched_process_free``:
  ``delayed_put_task_struct``, the RCU callback the reap queued): the grace
  periods' length against the script's own pace, whatever the host's load.

    python3 tools/sizes/rcu_gp_steps.py TRACE [TRACE...]
"""
from __future__ import annotations

import collections
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from rcu_qs_sources import parse  # noqa: E402  (tools/sizes/)

PID = re.compile(r"\bpid=(\d+)")


def steps(events: list[tuple]) -> dict:
    """Phase A's last reports by kind and CPU: milliseconds to the kthread's run;
    the busy CPUs' tick gaps; the shell's forks between each reap and free."""
    phase = "-"
    pend = None
    wait: dict[tuple, list] = collections.defaultdict(list)
    gaps: list[float] = []
    last_tick: dict[int, float] = {}
    forks: list[float] = []
    exits: dict[int, float] = {}
    reaped: dict[int, float] = {}
    freed: dict[int, float] = {}
    for cpu, ms, ev, task, a, rest in events:
        if ev == "tracing_mark_write":
            phase = rest.split()[0]
            continue
        if ev == "sched_process_fork" and task.startswith("bash"):
            forks.append(ms)
        elif ev == "sched_process_free":
            pid = int(a["pid"])
            if pid in reaped:
                freed[pid] = ms
        if phase != "A":
            continue
        if ev == "tk":
            if task.startswith("<idle>"):
                last_tick.pop(cpu, None)
            else:
                if cpu in last_tick:
                    gaps.append(ms - last_tick[cpu])
                last_tick[cpu] = ms
        elif ev == "qs":
            mask = int(a["mask"], 16)
            if int(a["qm"]) & ~mask == 0:
                who = ("idle" if task.startswith("<idle>") else
                       "kthread" if task.startswith("rcu_") else "task")
                pend = (ms, cpu, who)
        elif ev == "sched_switch" and pend is not None and \
                re.search(r"next_comm=rcu_(sched|preempt) ", rest):
            wait[(pend[2], "same" if cpu == pend[1] else "other")].append(ms - pend[0])
            pend = None
        elif ev == "sched_process_exit":
            exits[int(PID.search(rest)[1])] = ms
        elif ev == "rel":
            # the reap: the earliest exited task not reaped yet
            left = [p for p in exits if p not in reaped]
            if left:
                reaped[min(left, key=exits.__getitem__)] = ms
    between = collections.Counter(
        sum(1 for f in forks if reaped[p] <= f < t) for p, t in freed.items())
    return {"wait": wait, "gaps": gaps, "between": between}


def main(argv: list[str]) -> int:
    """Print each trace's steps."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    for path in argv:
        r = steps(parse(path))
        print(f"== {path}")
        if r["gaps"]:
            print(f"busy CPUs' ticks apart: median {statistics.median(r['gaps']):.1f} ms")
        for (who, where), xs in sorted(r["wait"].items()):
            q = statistics.quantiles(xs, n=4, method="inclusive") if len(xs) > 1 else [xs[0]] * 3
            print(f"last report by {who:7} kthread on {where:5} CPU: n {len(xs):2}, to its"
                  f" run median {statistics.median(xs):.1f} ms ({q[0]:.1f}-{q[2]:.1f})")
        b = r["between"]
        if b:
            n = sum(b.values())
            mean = sum(k * v for k, v in b.items()) / n
            print("the shell's forks between a reap and the free: "
                  + ", ".join(f"{k}: {v}" for k, v in sorted(b.items())) + f" (mean {mean:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
