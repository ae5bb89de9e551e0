"""Which reaped tasks' RCU frees a script's reads race, from a trace of
tools/sizes/stock_trace.py ``--chain --rcu`` (docs/fidelity.md item 451): for each
line the script's shell printed with a ``kmem+`` or ``slab_reclaimable+`` value (a
marker, written after its read),
the tasks of the given names that exited since the marker before, how many of their
``sched_process_free`` (``delayed_put_task_struct``: the task_struct, and with it
the pid, /proc inode and dentries and creds queued at the reap) ran after the
marker, and the median from an exit to its free (ms).

    python3 tools/sizes/read_races_frees.py TRACE [COMM,...]

COMM defaults to ``busybox,head`` (the guests' /bin/head execs busybox).
"""
from __future__ import annotations

import gzip
import re
import statistics
import sys

PROC = re.compile(r"comm=(\S+) pid=(\d+)")
READ = re.compile(r"(kmem|slab_reclaimable)\+ ")


def races(path: str, comms: set[str]) -> list[tuple[str, int, list[int], float]]:
    """(marker, tasks exited since the last, pids freed after it, median ms exit to
    free) per read's marker."""
    opener = gzip.open if path.endswith(".gz") else open
    exits: dict[int, tuple[float, str]] = {}
    frees: dict[int, float] = {}
    marks: list[tuple[float, str]] = []
    with opener(path, "rt") as f:
        for line in f:
            p = line.split(None, 4)
            if len(p) < 4 or not re.fullmatch(r"[\d.]+", p[1]):
                continue
            ms, ev, rest = float(p[1]), p[2], p[4] if len(p) > 4 else ""
            if ev == "mark" and READ.search(rest):
                marks.append((ms, rest.strip()))
            elif ev in ("sched_process_exit", "sched_process_free"):
                m = PROC.search(rest)
                if m is None:
                    continue
                if ev == "sched_process_exit":
                    exits[int(m.group(2))] = (ms, m.group(1))
                else:
                    frees[int(m.group(2))] = ms
    out = []
    prev = 0.0
    for ms, text in marks:
        ex = [(t, pid) for pid, (t, c) in exits.items() if prev < t < ms and c in comms]
        late = [pid for _, pid in ex if frees.get(pid, float("inf")) > ms]
        waits = [frees[pid] - t for t, pid in ex if pid in frees]
        out.append((text, len(ex), late, statistics.median(waits) if waits else 0.0))
        prev = ms
    return out


def main(argv: list[str]) -> int:
    """Print each marker's line."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    comms = set((argv[1] if len(argv) > 1 else "busybox,head").split(","))
    for text, n, late, wait in races(argv[0], comms):
        print(f"{text[:48]:48s} exited {n:3d}, freed after the read {len(late)} "
              f"{late[:4]}, exit to free {wait:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
