#!/usr/bin/env python3
"""memcgsim calibration (session 33, branch heap33, docs/fidelity.md item 182): reads a
recording of calibration/comsub-pipe-order.sh and prints, for each take of
``v=$(head -c 131072 /dev/zero | tr '\\0' x)``, how many bytes the script's bash read
(read_comsub) before ``tr`` exited, between its exit and the substitution's subshell's
exit (sched_process_exit comes after exit_mm in do_exit), and after that; with the
CPUs each of the three ran on.

    python3 calibration/comsub-pipe-order.py calibration/recordings/comsub-pipe-order--6.1-v2-2cpu.txt
"""
import re
import sys

_LINE = re.compile(r"^(\S+)-(\d+) \[(\d+)\] +([\d.]+): (\S+) (.*)$")


def takes(lines):
    """Yield each take's events as (comm, pid, cpu, time, event, rest)."""
    cur = None
    for line in lines:
        m = _LINE.match(line.strip())
        if not m:
            continue
        comm, pid, cpu, t, ev, rest = m.groups()
        if ev == "tracing_mark_write:" and rest.startswith("take"):
            if cur:
                yield cur
            cur = []
            continue
        if cur is not None:
            cur.append((comm, int(pid), int(cpu), float(t), ev, rest))
    if cur:
        yield cur


def summary(events) -> str:
    """One take: the reader's bytes before tr's exit, before the subshell's, after."""
    reader = events[0][1] if events else None
    forks = [int(re.search(r"child_pid=(\d+)", r).group(1)) for c, p, *_, ev, r in events
             if ev == "sched_process_fork:" and p == reader]
    sub = forks[0] if forks else None
    phase, got, cpus, eof = 0, [0, 0, 0], {}, False
    for comm, pid, cpu, t, ev, rest in events:
        cpus.setdefault(comm if pid != sub else "subshell", set()).add(cpu)
        if ev == "sched_process_exit:" and "comm=tr " in rest:
            phase = max(phase, 1)
        elif ev == "sched_process_exit:" and f"pid={sub} " in rest:
            phase = 2
        elif pid == reader and ev == "sys_read" and rest.startswith("-> 0x") and not eof:
            got[phase] += int(rest[5:], 16)
            eof = rest == "-> 0x0"      # (its next reads are of the script's own text)
    where = " ".join(f"{k} {','.join(map(str, sorted(v)))}" for k, v in sorted(cpus.items()))
    return (f"read before tr's exit {got[0]}, before the subshell's exit {got[1]}, "
            f"after it {got[2]} (CPUs: {where})")


def main(path: str) -> None:
    with open(path) as f:
        for i, ev in enumerate(takes(f)):
            print(f"take {i}: {summary(ev)}")


if __name__ == "__main__":
    main(sys.argv[1])
