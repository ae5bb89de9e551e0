"""The real CPU numbers of tools/sizes/fork-place-trace.sh's recordings (docs/fidelity.md
item 143 of fork31). The script's awk (busybox 1.35's, in the guest) read the trace's
``[008]``-style CPU field and ``target_cpu=010`` with ``+ 0``, which busybox awk parses
as C does an integer constant: a leading 0 makes it octal where the digits allow
(``010`` is 8, ``017`` 15, ``020`` 16) and decimal otherwise (``008``, ``018``). So
the recordings' ``ft`` and ``fp`` CPUs are right below 8 only: 8 and 10 both print as
8, 9 and 11 as 9, 12-15 as 10-13, 16-17 as 14-15, 20-27 as 16-23, 30-31 as 24-25.

This reads the ``ft`` lines back (recordings made since, with the fixed script, are
read as printed) and finds each event's real CPU among those that print alike: the one whose idle task it names (``swapper/N``), whose per-CPU kernel thread
(``kworker/N:*``, ``ksoftirqd/N``, ``migration/N``), or whose running task is the event's
(``sched_switch``'s prev_pid; the task column of the others), following every CPU's
running task from the switches; a new task's target CPU is where it first runs.

    python3 tools/sizes/fork_trace_cpus.py RECORDING [--events | --shell]

prints per loop the children's real CPUs (as fork_place.py does); with ``--events``
the ``ft`` lines with the real CPU; with ``--shell`` where the shell moved when it
woke on another CPU (onto its last child's CPU, between its own and the child's, or
after the child's, counted from its previous CPU) per loop.
"""
import collections
import gzip
import re
import sys

KTHREAD = re.compile(r"(?:swapper|ksoftirqd|migration|cpuhp|kworker)/(\d+)\b")


def mangled(cpu: int) -> int:
    """What busybox awk's ``+ 0`` makes of ``%03d`` of ``cpu``."""
    s = f"{cpu:03d}"
    return int(s, 8) if all(ch in "01234567" for ch in s) else int(s)


def _open(path: str):
    return gzip.open(path, "rt", errors="replace") if path.endswith(".gz") else \
        open(path, errors="replace")


def _mangled(raw) -> bool:
    """Whether the recording's CPUs were read as octal: an idle task ``swapper/N``
    (N from 8 up, where the two readings differ) printed on CPU ``mangled(N)``."""
    for p, _t, ev, _task, a in raw:
        if ev == "sched_switch" and a.get("prev_pid") == "0":
            n = int(a.get("prev_comm", "swapper/0").rsplit("/", 1)[1])
            if mangled(n) != n:
                return p == mangled(n)
    return False


def decode(path: str) -> tuple[int, list[tuple[int, int, str, str, dict]]]:
    """(CPU count, events): each (real CPU, µs, event, task column, its key=value args)."""
    nc = 0
    raw = []
    with _open(path) as f:
        for line in f:
            if line.startswith("fp: ") and " CPUs, " in line and not nc:
                nc = int(line.split()[1])
            elif line.startswith("ft "):
                w = line.split()
                args = dict(x.split("=", 1) for x in w[5:] if "=" in x)
                raw.append((int(w[1]), int(w[2]), w[3], w[4], args))
    alike = collections.defaultdict(list)
    if _mangled(raw):
        for c in range(nc):
            alike[mangled(c)].append(c)
    else:                   # a recording made with the fixed script: as printed
        for c in range(nc):
            alike[c].append(c)
    cur: dict[int, int] = {}
    out = []
    for p, t, ev, task, a in raw:
        cands = alike.get(p, [p])
        cpu = cands[0]
        if len(cands) > 1:
            pid = int(a["prev_pid"]) if ev == "sched_switch" else int(task.rsplit("-", 1)[1])
            named = [int(m.group(1)) for x in (a.get("prev_comm", ""), a.get("next_comm", ""),
                                                task if ev != "sched_switch" else "")
                     for m in [KTHREAD.match(x)] if m]
            if ev == "sched_switch" and pid == 0 or named:
                hit = [c for c in cands if c in named]
            else:
                hit = [c for c in cands if cur.get(c) == pid]
            if not hit:
                hit = [c for c in cands if c not in cur] or cands
            cpu = hit[0]
        if ev == "sched_switch":
            cur[cpu] = int(a["next_pid"])
        out.append((cpu, t, ev, task, a))
    return nc, out


def children(events) -> dict[int, list[int]]:
    """The shell's children (the first fork's parent is the shell): per pid [parent
    CPU, first-run CPU, exec CPU] (-1 where not seen)."""
    info: dict[int, list[int]] = {}
    shell = None
    for cpu, _t, ev, task, a in events:
        if ev == "sched_process_fork":
            pid = int(a["pid"])
            if shell is None:
                shell = pid
            if pid == shell:
                info[int(a["child_pid"])] = [cpu, -1, -1]
        elif ev == "sched_switch":
            kid = info.get(int(a["next_pid"]))
            if kid is not None and kid[1] < 0:
                kid[1] = cpu
        elif ev == "sched_process_exec":
            kid = info.get(int(task.rsplit("-", 1)[1]))
            if kid is not None:
                kid[2] = cpu
    return info


def shell_moves(nc: int, events) -> dict[str, collections.Counter]:
    """Per loop (its trace marker, in order A-E), the shell's switches in: on the same
    CPU as before, or moved, and where to relative to its last exited child's CPU
    (and how many of the moves went back to the CPU it had left last)."""
    shell = next(int(a["pid"]) for _c, _t, e, _k, a in events if e == "sched_process_fork")
    marks = iter("ABCDE")
    phase = "-"
    cur = last = before = None
    kids: set[int] = set()
    out: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for cpu, _t, ev, task, a in events:
        if ev == "tracing_mark_write":
            phase = next(marks, "?")
        elif ev == "sched_process_fork" and int(a["pid"]) == shell:
            kids.add(int(a["child_pid"]))
        elif ev == "sched_process_exit" and int(task.rsplit("-", 1)[1]) in kids:
            last = cpu
        elif ev == "sched_switch" and int(a["next_pid"]) == shell:
            if cur is not None:
                if cpu == cur:
                    kind = "same"
                elif last is None:
                    kind = "moved"
                elif cpu == last:
                    kind = "onto the child's"
                elif (cpu - cur) % nc < (last - cur) % nc:
                    kind = "between"
                else:
                    kind = "after the child's"
                out[phase][kind] += 1
                if cpu != cur and cpu == before:
                    out[phase]["(back to the CPU before)"] += 1
                if cpu != cur:
                    before = cur
            cur = cpu
    return out


def main(argv: list[str]) -> int:
    nc, ev = decode(argv[0])
    if "--shell" in argv:
        for ph, c in sorted(shell_moves(nc, ev).items()):
            print(f"{ph}: " + ", ".join(f"{k} {v}" for k, v in c.most_common()))
        return 0
    if "--events" in argv:
        for cpu, t, e, task, a in ev:
            print("ft", cpu, t, e, task, " ".join(f"{k}={v}" for k, v in a.items()))
        return 0
    # the loops: the fp lines give each child's loop; map pid -> loop
    loop = {}
    with _open(argv[0]) as f:
        for line in f:
            w = line.split()
            if len(w) >= 8 and w[0] == "fp" and w[1] in "ABCD":
                loop[int(w[2])] = w[1]
    info = children(ev)
    per = collections.defaultdict(list)
    for pid, (p, c, x) in sorted(info.items()):
        if pid in loop:
            per[loop[pid]].append((p, c, x))
    for ph in "ABCD":
        ks = per.get(ph, [])
        tg = [c for _, c, _ in ks]
        hist = collections.Counter(tg)
        print(f"{ph}: {len(ks)} children on {len(hist)} CPUs (first 16: {len(set(tg[:16]))});"
              f" parent CPUs {sorted(collections.Counter(p for p, _, _ in ks).items())}")
        print("   by CPU:", " ".join(f"{c}:{hist[c]}" for c in sorted(hist)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
