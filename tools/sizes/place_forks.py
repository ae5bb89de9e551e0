"""Where a traced script's forks went, and what ran on a CPU right after an exit
there (session 35, branch place35: docs/fidelity.md items 238 and 239):

    python3 tools/sizes/place_forks.py TRACE [FROM-MARK]

TRACE is the output of a script traced by ``tools/sizes/wake_trace.py`` (plain or
gzipped; ``--sched-only`` is enough); with FROM-MARK (a trace marker's text, e.g.
``leave: memory``) the listing starts there. Prints the top-level marks, each fork's
placement (``select_task_rq_fair``'s return in ``wake_up_new_task``: the forking
CPU, the chosen one and the CPUs idle then, from ``sched_switch``), each exit's CPU,
each migration, then two counts over the whole trace: the exits after which a
kworker was woken on the exit's CPU within 1 ms (5.10's ``free_thread_stack`` →
``vfree_atomic`` queues ``vfree_deferred``'s work there: its enqueue takes the dead
task's utilization out of the CPU's), and the forks that took the CPU the previous
command exited on.
"""
import gzip
import re
import sys

_NEXT = re.compile(r"next_comm=(\S+)")
_COMM = re.compile(r"comm=(\S+)")
_MIGRATE = re.compile(r"orig_cpu=(\d+) dest_cpu=(\d+)")


def events(path: str):
    """(cpu, ms, event, task, line) of each traced event."""
    op = gzip.open if path.endswith(".gz") else open
    with op(path, "rt", errors="replace") as f:
        for line in f:
            p = line.split()
            if len(p) < 4 or not p[0].isdigit():
                continue
            try:
                t = float(p[1])
            except ValueError:
                continue
            yield int(p[0]), t, p[2], p[3], line


def main(argv: list[str]) -> int:
    """Print the listing and the counts."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    start = argv[1] if len(argv) > 1 else None
    on = start is None
    cur: dict[int, str] = {}
    evs = list(events(argv[0]))
    exits = kw = forks = again = 0
    last_exit_cpu = None
    for i, (cpu, t, ev, task, line) in enumerate(evs):
        if ev == "mark":
            if start is not None and start in line:
                on = True
            if on:
                print(f"{t:10.1f} mark {line.split(task, 1)[1].strip()[:70]}")
            continue
        if ev == "sched_switch":
            cur[cpu] = _NEXT.search(line).group(1)
        elif ev == "sched_process_exit":
            exits += 1
            last_exit_cpu = cpu
            for c2, t2, e2, _, l2 in evs[i + 1:i + 80]:
                if t2 - t > 1.0:
                    break
                if c2 == cpu and e2 == "sched_wakeup" and "comm=kworker" in l2:
                    kw += 1
                    break
            if on:
                print(f"{t:10.1f} exit {task} on cpu{cpu}")
        elif ev == "sr" and "wake_up_new_task" in line:
            to = int(line.rsplit("cpu=", 1)[1])
            forks += 1
            again += to == last_exit_cpu
            if on:
                idle = [c for c, n in sorted(cur.items()) if n.startswith("swapper")]
                print(f"{t:10.1f} fork on cpu{cpu} -> cpu{to} idle {idle}")
        elif ev == "sched_migrate_task" and on:
            o, d = _MIGRATE.search(line).groups()
            print(f"{t:10.1f} migrate {_COMM.search(line).group(1)} cpu{o} -> cpu{d} by {task}")
    print(f"exits {exits}, a kworker woken on the exit's CPU within 1 ms after {kw}")
    print(f"forks {forks}, on the CPU the last exit was on {again}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
