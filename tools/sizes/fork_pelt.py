"""Does PELT's rule place the guests' forks? (docs/fidelity.md item 143 of fork31.)
Replays tools/sizes/fork-place-trace.sh's recordings (real CPUs by
fork_trace_cpus.py) and, at each of the shell's forks, predicts the CPU
``find_idlest_group`` takes: walking from the shell's CPU, the first idle CPU of the
lowest integer ``util_avg``, each CPU's utilization rebuilt from the trace's
``sched_switch`` runs (PELT's sum of running time, 1024 * (y^(t-end) - y^(t-start)),
y = 0.5 ** (1 / 32) a 1024 µs period): its kernel threads' runs, kept; the shell's
other children's runs until 32 ms after their exit (``cfs_rq->removed`` taken out at
the next blocked-load update); and ``EXTRA`` more a command leaves at its exit. Prints
how many placements it predicts, against "the first idle CPU after the shell's".
With ``--enqueue`` (session 37, branch place37: docs/fidelity.md item 266) a dead
command's utilization leaves its CPU at that CPU's next update instead, the next
task switched in there after the command's final switch (5.10's kworker that
``free_thread_stack`` → ``vfree_atomic`` wakes there; ``enqueue_entity`` →
``update_load_avg`` → ``update_cfs_rq_load_avg`` applies ``cfs_rq->removed``), or
the 32 ms update if sooner: ``tools/sizes/exit_place_replay.py``'s ``enqueue`` rule.

    python3 tools/sizes/fork_pelt.py [--enqueue] RECORDING [EXTRA...]
"""
import collections
import gzip
import sys

from fork_trace_cpus import decode

Y = 0.5 ** (1 / 32)
PERIOD_US = 1024.0
REMOVED_AFTER_US = 32_000
HORIZON_US = 1_000_000


def run_util(start: float, end: float, t: float) -> float:
    """What a run from ``start`` to ``end`` (µs) adds to a CPU's utilization at ``t``."""
    return 1024 * (Y ** ((t - end) / PERIOD_US) - Y ** ((t - start) / PERIOD_US))


def removal_times(ev) -> dict[int, float]:
    """Per task that exited: when its utilization leaves its CPU under the
    ``--enqueue`` rule, the first switch to a task (not the idle one) on its exit's
    CPU after its own final switch there, or 32 ms after its exit if sooner."""
    exited: dict[int, tuple[int, float]] = {}
    final: dict[int, tuple[int, float]] = {}     # cpu: (dead pid, its final switch)
    out: dict[int, float] = {}
    for cpu, t, e, task, a in ev:
        if e == "sched_process_exit":
            exited[int(task.rsplit("-", 1)[1])] = (cpu, t)
        elif e == "sched_switch":
            nxt = int(a["next_pid"])
            waiting = [pid for pid, (c, _) in final.items() if c == cpu]
            if nxt != 0:
                for pid in waiting:
                    out[pid] = t
                    del final[pid]
            pp = int(a["prev_pid"])
            if pp in exited and pp not in out and exited[pp][0] == cpu:
                final[pp] = (cpu, t)
    for pid, (cpu, t) in exited.items():
        out[pid] = min(out.get(pid, t + REMOVED_AFTER_US), t + REMOVED_AFTER_US)
    return out


def predict(path: str, extra: float = 0.0, enqueue: bool = False,
            decoded=None) -> dict[str, tuple[int, int, int]]:
    """Per loop: (placements, predicted by PELT's rule, by the first idle CPU)."""
    nc, ev = decoded or decode(path)
    gone = removal_times(ev) if enqueue else {}
    loop = {}
    with gzip.open(path, "rt", errors="replace") as f:
        for line in f:
            w = line.split()
            if len(w) >= 8 and w[0] == "fp" and w[1] in "ABCD":
                loop[int(w[2])] = w[1]
    shell = None
    user: set[int] = set()
    cur: dict[int, int] = {}
    since: dict[int, float] = {}
    runs = collections.defaultdict(list)
    dead: dict[int, float] = {}
    exits = collections.defaultdict(list)
    asks = []
    for cpu, t, e, task, a in ev:
        if e == "sched_process_fork":
            p = int(a["pid"])
            if shell is None:
                shell = p
                user.add(p)
            if p in user:
                user.add(int(a["child_pid"]))
        elif e == "sched_switch":
            pp = int(a["prev_pid"])
            if cpu in since and pp != 0 and pp != shell:
                runs[cpu].append((since[cpu], t, pp))
            cur[cpu], since[cpu] = int(a["next_pid"]), t
        elif e == "sched_process_exit":
            pid = int(task.rsplit("-", 1)[1])
            if pid in user and pid != shell:
                dead[pid] = t
                exits[cpu].append(t)
        elif e == "sched_wakeup_new" and int(a["pid"]) in loop:
            pcpu = [c for c, p in cur.items() if p == shell]
            if not pcpu:
                continue
            cand = []
            for i in range(1, nc):
                c = (pcpu[0] + i) % nc
                u = sum(run_util(s, en, t) for s, en, pp in runs[c] if en > t - HORIZON_US
                        and not (pp in dead and t > gone.get(pp, dead[pp] + REMOVED_AFTER_US)))
                u += sum(extra * Y ** ((t - x) / PERIOD_US) for x in exits[c] if x > t - HORIZON_US)
                cand.append((c, cur.get(c, 0) == 0, int(u)))
            asks.append((int(a["pid"]), cand))
    first = {}
    for cpu, t, e, task, a in ev:
        if e == "sched_switch":
            first.setdefault(int(a["next_pid"]), cpu)
    out = collections.defaultdict(lambda: [0, 0, 0])
    for child, cand in asks:
        idle = [(c, u) for c, i, u in cand if i]
        if not idle or child not in first:
            continue
        low = min(u for _, u in idle)
        o = out[loop[child]]
        o[0] += 1
        o[1] += next(c for c, u in idle if u == low) == first[child]
        o[2] += idle[0][0] == first[child]
    return {ph: tuple(v) for ph, v in sorted(out.items())}


def main(argv: list[str]) -> int:
    """Print the replay's counts for each EXTRA (default 0)."""
    enqueue = argv[:1] == ["--enqueue"]
    if enqueue:
        argv = argv[1:]
    decoded = decode(argv[0])
    for x in argv[1:] or ["0"]:
        extra = float(x)
        res = predict(argv[0], extra, enqueue, decoded)
        n, hit, first = (sum(v[i] for v in res.values()) for i in range(3))
        print(f"{argv[0].rsplit('/', 1)[-1]}{' --enqueue' if enqueue else ''} extra {extra:g}:"
              f" PELT's rule {hit}/{n}, the first idle CPU {first}/{n}; by loop "
              + " ".join(f"{ph} {v[1]}/{v[0]}" for ph, v in res.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
