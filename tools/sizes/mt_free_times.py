"""How many maple-tree nodes an exec'd program frees through RCU, and when
(docs/fidelity.md item 315, session 39, stock39): reads tools/sizes/rcu_sources.py's
traces (``qrc`` kprobes on ``call_rcu`` with the callback's function, 6.1 guest,
the functions named from its /proc/kallsyms) and prints, per command name, how many
processes queued ``mt_free_rcu`` and how many each (min-max), then over the
processes that queued the most common count, the median time (ms of the guest's
wall clock) of each one after the first, and of their first other callback.

    python3 tools/sizes/mt_free_times.py tools/sizes/recordings/rcu-sources-lifecycle--6.1-v1-2cpu.txt.gz \\
        tools/sizes/recordings/rcu-sources-jobs-v1--6.1-v1-2cpu.txt.gz
"""
from __future__ import annotations

import collections
import gzip
import re
import statistics
import sys


def read(path: str):
    """The trace's callbacks ``(ms, task, function)`` (rcu_sources.py's format)."""
    ev, names, part = [], {}, ""
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", errors="replace") as f:
        for line in f:
            if line.startswith("--- "):
                part = line
                continue
            p = line.split()
            if part.startswith("--- functions") and len(p) == 2:
                names[p[0]] = p[1]
            elif part.startswith("--- trace") and len(p) >= 5 and p[2] == "qrc":
                m = re.search(r"func=0x(\w+)", line)
                ev.append((float(p[1]), p[3], m.group(1) if m else ""))
    return [(ms, task, names.get(fn, fn)) for ms, task, fn in ev]


def main(paths: list[str]) -> int:
    """Print the counts and times."""
    if not paths:
        sys.stderr.write(__doc__)
        return 2
    per_task: dict = collections.defaultdict(list)
    for n, path in enumerate(paths):
        for ms, task, fn in read(path):
            per_task[(n, task)].append((ms, fn))
    counts: dict = collections.defaultdict(list)
    for (_, task), es in per_task.items():
        nmt = sum(1 for _, fn in es if fn == "mt_free_rcu")
        if nmt:
            counts[task.rsplit("-", 1)[0]].append(nmt)
    for comm, ns in sorted(counts.items(), key=lambda e: -len(e[1])):
        print(f"{comm}: {len(ns)} processes, {sum(ns)} mt_free_rcu, {min(ns)}-{max(ns)} each")
    common = statistics.mode([n for ns in counts.values() for n in ns])
    rel: dict = collections.defaultdict(list)
    for (_, task), es in per_task.items():
        if task.startswith(("bash-", "kworker", "rcu_")):
            continue
        mt = [ms for ms, fn in es if fn == "mt_free_rcu"]
        if len(mt) != common:
            continue
        for i, ms in enumerate(mt):
            rel[i].append(ms - mt[0])
        other = [ms - mt[0] for ms, fn in es if fn != "mt_free_rcu"]
        if other:
            rel["first other"].append(min(other))
    print(f"processes with {common}: {len(rel[0])}; ms after the first (median, quartiles):")
    for i, v in rel.items():
        v.sort()
        print(f"  {i}: {statistics.median(v):.3f} ({v[len(v) // 4]:.3f}..{v[3 * len(v) // 4]:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
