"""Which RCU callbacks a guest queued while a script ran, and how busy they kept its
grace periods (docs/fidelity.md item 283, session 38, stock38): reads the output of
tools/sizes/rcu-sources-head.sh + a script + rcu-sources-tail.sh (``qrc``:
``call_rcu`` with ``func=``, ``kvf``: ``kvfree_call_rcu``, ``gpi``/``gpc``:
``rcu_gp_init``/``rcu_gp_cleanup``) and prints:

- the share of the traced time a grace period ran (``rcu_gp_init`` to
  ``rcu_gp_cleanup``), and how many of the grace periods began at the end of the
  one before (within ``--gap`` ms: ``rcu_gp_cleanup`` found the next one needed);
- per callback function (named from the guest's /proc/kallsyms), how many were
  queued and how many of them while a grace period ran, and on the grace-period
  kthread's CPU (the one that ended it; tools/sizes/rcu_kthread_cpu.py);
- with ``--by-task``: per queuing task's name (the trace's ``task-pid``, pid dropped)
  and callback function, how many (docs/fidelity.md item 351: who queues what);
- with ``--model``: which of those functions the model queues (kernel/clock.py
  ``Clock.call_rcu`` / ``queue_rcu_work`` callers, by the kernel names their
  docstrings give), as a reading aid.

    python3 tools/sizes/rcu_sources.py tools/sizes/recordings/rcu-sources-lifecycle--6.1-v1-2cpu.txt.gz
"""
from __future__ import annotations

import argparse
import bisect
import collections
import gzip
import re


def read(path: str):
    """The trace's events ``(ms, cpu, event, args)`` and the function names."""
    ev, names = [], {}
    opener = gzip.open if path.endswith(".gz") else open
    part = ""
    with opener(path, "rt", errors="replace") as f:
        for line in f:
            if line.startswith("--- "):
                part = line
                continue
            p = line.split()
            if part.startswith("--- functions") and len(p) == 2:
                names[p[0]] = p[1]
            elif part.startswith("--- trace") and len(p) >= 4 and p[0].isdigit():
                args = dict(re.findall(r"(\w+)=(\S+)", line))
                ev.append((float(p[1]), int(p[0]), p[2], args))
    return ev, names


def main() -> None:
    """Print the summary of one trace."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trace")
    ap.add_argument("--gap", type=float, default=1.0,
                    help="ms between one grace period's end and the next's start "
                         "counted as back to back (default 1)")
    ap.add_argument("--by-task", action="store_true",
                    help="count the callbacks per queuing task's name and function")
    a = ap.parse_args()
    ev, names = read(a.trace)
    if a.by_task:
        by_task(a.trace, names)
        return
    gps, start = [], None
    for t, c, e, _ in ev:
        if e == "gpi":
            start = t
        elif e == "gpc" and start is not None:
            gps.append((start, t, c))
            start = None
    if not gps:
        print("no grace periods traced")
        return
    span = ev[-1][0] - ev[0][0]
    busy = sum(b - s for s, b, _ in gps)
    b2b = sum(1 for p, n in zip(gps, gps[1:]) if n[0] - p[1] <= a.gap)
    print(f"{len(gps)} grace periods in {span:.0f} ms: running {100 * busy / span:.0f} % of it, "
          f"{b2b} begun within {a.gap} ms of the one before; median length "
          f"{sorted(b - s for s, b, _ in gps)[len(gps) // 2]:.1f} ms")
    starts = [g[0] for g in gps]
    per = collections.defaultdict(lambda: [0, 0, 0])
    for t, c, e, args in ev:
        if e not in ("qrc", "kvf"):
            continue
        fn = "kvfree_call_rcu" if e == "kvf" else names.get(args.get("func", "")[2:], args.get("func"))
        i = bisect.bisect_right(starts, t) - 1
        row = per[fn]
        row[0] += 1
        if i >= 0 and gps[i][1] >= t:
            row[1] += 1
            row[2] += gps[i][2] == c
    print(f"{'callback':36} {'queued':>7} {'in a GP':>8} {'on its kthread CPU':>19}")
    for fn, (n, run, own) in sorted(per.items(), key=lambda kv: -kv[1][0]):
        print(f"{fn:36} {n:7} {run:8} {own:19}")


def by_task(path: str, names: dict) -> None:
    """Print ``task function count`` for every ``qrc`` of the trace."""
    opener = gzip.open if path.endswith(".gz") else open
    count: collections.Counter = collections.Counter()
    part = ""
    with opener(path, "rt", errors="replace") as f:
        for line in f:
            if line.startswith("--- "):
                part = line
                continue
            p = line.split()
            if part.startswith("--- trace") and len(p) >= 5 and p[2] == "qrc":
                m = re.search(r"func=0x(\w+)", line)
                fn = names.get(m.group(1), m.group(1)) if m else "?"
                count[(p[3].rsplit("-", 1)[0], fn)] += 1
    for (task, fn), n in sorted(count.items()):
        print(f"{task:20} {fn:36} {n}")


if __name__ == "__main__":
    main()
