"""Which batch of a script each process's task free falls in, on a guest and in the
model (docs/fidelity.md item 352, session 40, stock40): the batches are the spans
between the execs of a marker program (``--mark``, awk by default: xarray-nodes.sh's
``rtn`` after each ``show``); for each process its exit's batch and the batch its
``delayed_put_task_struct`` (``sched_process_free``) ran in.

    python3 tools/sizes/rcu_batches.py guest TRACE [--mark awk]
    PYTHONPATH=src .venv/bin/python tools/sizes/rcu_batches.py model SCRIPT --kernel 6.1 \\
        --cgroup v1 --cpus 4 [--switches all|both|exit|off] [--mark awk]

``guest`` reads the output of tools/sizes/rcu-batches-head.sh + the script +
rcu-sources-tail.sh; ``model`` runs the script in the model, booted as the oracle's
guest (tools/sizes/model_guest.py), with session 39's and 40's switches as
tools/sizes/rcu_stock40_whatif.py sets them. Prints per batch: the processes that
exited in it, how many of them were freed in it, in the next, later; and how many
frees of processes of earlier batches ran in it.
"""
from __future__ import annotations

import bisect
import collections
import gzip
import re
import sys


def guest_events(path: str, mark: str):
    """``(marks, procs)``: the marker's exec times (ms), and per pid (comm, exit
    ms, free ms)."""
    opener = gzip.open if path.endswith(".gz") else open
    marks, exits, frees, comms = [], {}, {}, {}
    with opener(path, "rt", errors="replace") as f:
        for line in f:
            p = line.split()
            if len(p) < 4 or not p[0].isdigit():
                continue
            t, ev = float(p[1]), p[2]
            args = dict(re.findall(r"(\w+)=(\S+)", line))
            if ev == "sched_process_exec" and args.get("filename", "").endswith("/" + mark):
                marks.append(t)
            elif ev == "sched_process_exit":
                exits[int(args["pid"])] = t
                comms[int(args["pid"])] = args.get("comm", "?")
            elif ev == "sched_process_free":
                frees[int(args["pid"])] = t
    return marks, {pid: (comms[pid], exits[pid], frees.get(pid)) for pid in exits}


def model_events(argv: list[str], mark: str):
    """The same from a model run of the script (times in ms of model time)."""
    import os
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    from model_guest import guest_kernel, guest_parser     # tools/sizes/

    from memcgsim.kernel import clock, fork
    from memcgsim.shell import run_script
    ap = guest_parser(__doc__, kernel="6.1", cgroup="v1")
    ap.add_argument("--switches", default="off", choices=("all", "both", "exit", "off"))
    a = ap.parse_args(argv)
    clock.RCU_GP_KTHREAD_PLACED = fork.MT_FREE_RCU = a.switches in ("both", "all")
    fork.EXIT_RCU_FREES = a.switches in ("exit", "all")
    box: list = []
    marks, exits, frees, comms, queued = [], {}, {}, {}, {}
    P = fork.Processes
    exec0, exit0, rel0, free0 = P.exec, P.exit, P.release_task, P._free_task_struct

    def now() -> float:
        return box[0].clock.now_ns / 1e6

    def exec_(self, tsk, path, *args, **kw):
        if path.rsplit("/", 1)[-1] == mark:
            marks.append(now())
        return exec0(self, tsk, path, *args, **kw)

    def exit_(self, tsk, *args, **kw):
        if tsk.state in fork.ALIVE_STATES:
            r = exit0(self, tsk, *args, **kw)
            exits[tsk.pid], comms[tsk.pid] = now(), tsk.comm
            return r
        return exit0(self, tsk, *args, **kw)

    def rel(self, tsk, *args, **kw):
        if tsk.slab is not None:
            queued[id(tsk.slab)] = tsk.pid
        return rel0(self, tsk, *args, **kw)

    def free(self, cpu, objs, cred):
        pid = queued.pop(id(objs), None)
        if pid is not None:
            frees[pid] = now()
        return free0(self, cpu, objs, cred)
    P.exec, P.exit, P.release_task, P._free_task_struct = exec_, exit_, rel, free
    k = guest_kernel(a)
    box.append(k)
    run_script(k, open(a.script).read(), a.script, seed=a.seed)
    return marks, {pid: (comms[pid], exits[pid], frees.get(pid)) for pid in exits}


def report(marks: list[float], procs: dict) -> None:
    """Print the table."""
    rows = collections.defaultdict(lambda: [0, 0, 0, 0, 0, []])
    for pid, (comm, ex, fr) in sorted(procs.items()):
        b = bisect.bisect(marks, ex)
        r = rows[b]
        r[0] += 1
        r[5].append(comm)
        if fr is None:
            r[4] += 1
            continue
        fb = bisect.bisect(marks, fr)
        r[1 + min(fb - b, 2)] += 1
        if fb != b:
            rows[fb][4 if False else 5]  # make the row exist
            rows[fb].append(pid)
    print("batch exited same next later | freed here from earlier | who exited")
    for b in sorted(rows):
        r = rows[b]
        late = len(r) - 6
        names = collections.Counter(r[5])
        print(f"{b:5d} {r[0]:6d} {r[1]:4d} {r[2]:4d} {r[3]:5d} | {late:4d} | "
              + " ".join(f"{n}×{c}" for n, c in sorted(names.items())))


def main(argv: list[str]) -> int:
    """Run one side."""
    mark = "awk"
    if "--mark" in argv:
        i = argv.index("--mark")
        mark = argv[i + 1]
        del argv[i:i + 2]
    if len(argv) < 2 or argv[0] not in ("guest", "model"):
        sys.stderr.write(__doc__)
        return 2
    if argv[0] == "guest":
        marks, procs = guest_events(argv[1], mark)
    else:
        marks, procs = model_events(argv[1:], mark)
    report(marks, procs)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
