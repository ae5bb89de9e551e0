"""Per task of a job, from tools/sizes/job-tasks-trace.sh's output (docs/fidelity.md
item 109, branch sched28): its fork (parent, CPU), placement (``sched_wakeup_new``'s
target CPU), migrations, execs, and by phase (before it joined the first memcg
made, after, after each exec) its page faults (``handle_mm_fault`` calls: each a
PGFAULT in the mm owner's memcg), LRU charges (PGPGIN), kmem page charges and the
pages it asked ``try_charge`` for in that memcg, by CPU.

    python3 tools/sizes/job_tasks.py TRACE [FIRST_PID LAST_PID]
"""
from __future__ import annotations

import collections
import gzip
import sys


def _open(path: str):
    return gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else open(path, errors="replace")


def summarize(path: str, lo: int = 0, hi: int = 1 << 30) -> list[str]:
    """The summary's lines: ``COUNT PID WHAT...``, by pid."""
    memcg = None
    phase: dict[str, str] = collections.defaultdict(lambda: "start")
    last: dict[str, str] = {}
    cnt: collections.Counter = collections.Counter()
    for line in _open(path):
        f = line.split()
        if len(f) < 5 or f[0] != "jt" or not f[1].isdigit():
            continue
        cpu, ev, pid = f[1], f[3], f[4].rsplit("-", 1)[-1]
        args = dict(a.split("=", 1) for a in f[5:] if "=" in a)
        if ev == "alloc" and memcg is None:
            memcg = args.get("ret")
        elif ev == "tc" and args.get("memcg") == memcg:
            if "+memcg" not in phase[pid]:
                phase[pid] += "+memcg"
            cnt[(pid, phase[pid], "try_charge(" + last.get(pid, "?") + ") pages", "cpu" + cpu)] += int(args["nr"])
        elif ev == "sched_process_exec":
            phase[pid] += "|exec " + args.get("filename", "?")
        elif ev == "sched_process_fork":
            cnt[(args["child_pid"], "forked by", args["pid"], "cpu" + cpu)] += 1
        elif ev == "sched_wakeup_new":
            cnt[(args["pid"], "wakeup_new", "target" + args["target_cpu"])] += 1
        elif ev == "sched_migrate_task":
            cnt[(args["pid"], "migrate", args["orig_cpu"] + "->" + args["dest_cpu"])] += 1
        elif ev == "sched_process_exit":
            cnt[(pid, "exit", "cpu" + cpu)] += 1
        if ev in ("hmf", "chg", "kcp", "occ"):
            last[pid] = ev
            cnt[(pid, phase[pid], {"hmf": "faults", "chg": "lru charges", "kcp": "kmem pages",
                                   "occ": "obj charges"}[ev], "cpu" + cpu)] += 1
    return [" ".join(map(str, (n,) + k)) for k, n in sorted(
        cnt.items(), key=lambda kv: (int(kv[0][0]), kv[0][1:])) if lo <= int(k[0]) <= hi]


def main(argv: list[str]) -> int:
    """Print the summary."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    bounds = [int(a) for a in argv[1:3]]
    print("\n".join(summarize(argv[0], *bounds)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
