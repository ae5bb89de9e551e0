"""How long a forked child waits for a CPU on the guests, and where the next fork
goes after an exit (session 36, branch place36: docs/fidelity.md items 252 and
253), from a trace of ``tools/sizes/wake_trace.py`` (``--sched-only`` is enough):

    python3 tools/sizes/fork_wait.py TRACE... [--each]
    python3 tools/sizes/fork_wait.py --share TRACE...
    python3 tools/sizes/fork_wait.py --stints TRACE...
    python3 tools/sizes/fork_wait.py --model MODEL-TRACE...

``--share`` (session 37, branch place37: docs/fidelity.md item 268) prints, for the
children placed on another, idle CPU, the share of their fork-to-exec time spent
waiting for that CPU (the idle vCPU's wake-up): per trace and over all, the median
of each fork's share (kernel/sched.py ``VCPU_WAKE_SHARE``). ``--stints`` (item 267)
prints, for the children forked onto their parent's CPU, how long the parent had
been running (since its last switch-in) when it left the CPU after the fork, by how
it left: preempted (``prev_state=R``; the task switched in named) or blocked.

``--model`` reads the model's side instead (``tools/sizes/model_wake_trace.py``'s
``fork`` and ``exit`` lines) and prints the same counts of the forks after an exit.

For each ``sched_wakeup_new`` (the forking CPU, the child's ``target_cpu``) it finds
the child's first ``sched_switch`` in and its ``sched_process_exec``, and sorts the
forks by where the child went: the parent's own CPU (it runs when the parent blocks,
``prev_state=S``, or when the tick preempts it, ``R``: ``check_preempt_tick``), or
another CPU, idle (``swapper`` running and no task woken there waiting for the
vCPU to wake) or not when it was placed. Prints per kind the count
and the quartiles (ms) of the wait for a CPU and of the fork-to-exec time, and how the
same-CPU children got the CPU (their parent blocked, its last ``prev_state`` S or
D, or was preempted and still runnable, R). Then, per fork after a command's exit, which CPU it
took: the exit's, the one the command before it exited on, the parent's, or another
(kernel/sched/fair.c ``find_idlest_cpu``'s walk: an idle CPU of lowest utilization).
``--each`` lists every fork. Times are the guest's (ms from the trace's first event).
"""
import gzip
import re
import statistics
import sys

_KV = re.compile(r"(\w+)=(\S+)")


def events(path: str):
    """(cpu, ms, event, task, {key: value}) of each traced event."""
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
            yield int(p[0]), t, p[2], p[3], dict(_KV.findall(line))


def forks(path: str) -> tuple[int, list[dict]]:
    """(CPU count, each fork): its time, parent, parent CPU, target, whether the
    target was idle, the child's wait for a CPU, its exec's time after the fork, how
    the parent left the CPU when the child took it (same CPU), the CPU the last
    command exited on, and the one before it."""
    cur: dict[int, str] = {}
    pend: dict[str, dict] = {}
    state: dict[str, str] = {}
    #: per CPU: the tasks woken or placed there that have not run yet (an idle
    #: vCPU takes milliseconds to wake: its CPU is not idle meanwhile)
    queued: dict[int, set] = {}
    running: dict[int, str] = {}
    out: list[dict] = []
    exits: list[int] = []
    ncpu = 0
    for cpu, t, ev, task, a in events(path):
        ncpu = max(ncpu, cpu + 1)
        if ev == "sched_switch":
            nxt = a.get("next_pid")
            cur[cpu] = a.get("next_comm", "")
            running[cpu] = nxt
            for q in queued.values():
                q.discard(nxt)
                q.discard(a.get("prev_pid"))
            state[a.get("prev_pid")] = a.get("prev_state", "")
            state[nxt] = "running"
            f = pend.get(nxt)
            if f is not None and "run" not in f:
                f["run"] = t - f["t"]
                f["on"] = cpu
                if cpu == f["pcpu"]:
                    # the parent blocked (S, D) or was put back runnable (R: the
                    # tick's check_preempt_tick, or a woken thread's preemption)
                    f["how"] = "blocked" if state.get(f["ppid"], "")[:1] in "SD" \
                        else "preempted"
        elif ev == "sched_wakeup":
            if a.get("pid") not in running.values():    # not a running task's
                queued.setdefault(int(a["target_cpu"], 10), set()).add(a.get("pid"))
        elif ev == "sched_migrate_task":
            for q in queued.values():
                q.discard(a.get("pid"))
            queued.setdefault(int(a["dest_cpu"]), set()).add(a.get("pid"))
        elif ev == "sched_wakeup_new":
            tgt = int(a["target_cpu"], 10)
            ncpu = max(ncpu, tgt + 1)
            f = {"t": t, "pcpu": cpu, "ppid": task.rsplit("-", 1)[1], "cpu": tgt,
                 "idle": cur.get(tgt, "swapper").startswith("swapper")
                 and not queued.get(tgt),
                 "last_exit": exits[-1] if exits else None,
                 "exit_before": exits[-2] if len(exits) > 1 else None}
            pend[a["pid"]] = f
            out.append(f)
            queued.setdefault(tgt, set()).add(a["pid"])

        elif ev == "sched_process_exec":
            f = pend.get(a.get("pid"))
            if f is not None and "exec" not in f:
                f["exec"] = t - f["t"]
        elif ev == "sched_process_exit":
            if not task.startswith(("kworker", "kthreadd")):
                exits.append(cpu)
    return ncpu, out


def quart(xs: list[float]) -> str:
    """Count and quartiles of ``xs`` (ms)."""
    if not xs:
        return "0"
    if len(xs) < 4:
        return f"{len(xs)}: " + " ".join(f"{x:.2f}" for x in sorted(xs))
    q = statistics.quantiles(xs, n=4)
    return f"{len(xs)}: {min(xs):.2f} / {q[0]:.2f} / {q[1]:.2f} / {q[2]:.2f} / {max(xs):.2f}"


def report(path: str, each: bool) -> None:
    """Print one trace's kinds and the placements after exits."""
    ncpu, fs = forks(path)
    print(f"{path}: {ncpu} CPUs, {len(fs)} forks (counts; min / q1 / median / q3 / max ms)")
    if each:
        for f in fs:
            print(f"  {f['t']:10.2f} cpu{f['pcpu']}->cpu{f['cpu']} "
                  f"{'idle' if f['idle'] else 'busy'} run {f.get('run', -1):7.2f} "
                  f"exec {f.get('exec', -1):7.2f} {f.get('how', '')} last exit "
                  f"cpu{f['last_exit']}")
    same = [f for f in fs if f["cpu"] == f["pcpu"] and "run" in f]
    idle = [f for f in fs if f["cpu"] != f["pcpu"] and f["idle"] and "run" in f]
    busy = [f for f in fs if f["cpu"] != f["pcpu"] and not f["idle"] and "run" in f]
    for name, g in (("same CPU", same), ("idle CPU", idle), ("busy CPU", busy)):
        print(f"  {name}: wait {quart([f['run'] for f in g])}")
        print(f"  {name}: exec {quart([f['exec'] for f in g if 'exec' in f])}")
    hows: dict[str, list[float]] = {}
    for f in same:
        hows.setdefault(f.get("how", "?"), []).append(f["run"])
    for h, xs in sorted(hows.items()):
        print(f"  same CPU, the parent {h}: {quart(xs)}")
    after_exits(fs)


def after_exits(fs: list[dict]) -> None:
    """Print which CPU the forks after an exit took."""
    kinds = {"exit's": 0, "exit before": 0, "parent's": 0, "other": 0}
    n = 0
    for f in fs:
        if f["last_exit"] is None:
            continue
        n += 1
        if f["cpu"] == f["last_exit"]:
            kinds["exit's"] += 1
        elif f["cpu"] == f["exit_before"]:
            kinds["exit before"] += 1
        elif f["cpu"] == f["pcpu"]:
            kinds["parent's"] += 1
        else:
            kinds["other"] += 1
    print(f"  forks after an exit: {n}; the CPU taken: "
          + ", ".join(f"{k} {v}" for k, v in kinds.items()))


def model_forks(path: str) -> list[dict]:
    """The model's forks (model_wake_trace.py's ``T fork PARENT@CPU CHILD@CPU``), each
    with the CPUs the last two exits (``T exit TASK@CPU``) were on."""
    out: list[dict] = []
    exits: list[int] = []
    with open(path) as f:
        for line in f:
            p = line.split()
            if len(p) < 3:
                continue
            if p[1] == "exit":
                exits.append(int(p[2].rsplit("@", 1)[1]))
            elif p[1] == "fork" and len(p) >= 4:
                out.append({"pcpu": int(p[2].rsplit("@", 1)[1]),
                            "cpu": int(p[3].rsplit("@", 1)[1]),
                            "last_exit": exits[-1] if exits else None,
                            "exit_before": exits[-2] if len(exits) > 1 else None})
    return out


def wake_shares(paths: list[str]) -> None:
    """Print the idle-CPU children's waits as shares of their fork-to-exec."""
    every: list[float] = []
    for p in paths:
        _, fs = forks(p)
        idle = [f for f in fs if f["cpu"] != f["pcpu"] and f["idle"] and "run" in f
                and f.get("exec", 0) > 0]
        shares = [f["run"] / f["exec"] for f in idle]
        every += shares
        if shares:
            print(f"{p}: {len(shares)} children on an idle CPU, the wait's share of "
                  f"fork-to-exec: median {statistics.median(shares):.3f}")
    if len(every) >= 4:
        q = statistics.quantiles(every, n=4)
        print(f"all: {len(every)}, quartiles {q[0]:.3f} / {q[1]:.3f} / {q[2]:.3f}")


def stints(path: str) -> None:
    """Print the parents' stints around their same-CPU forks."""
    since: dict[str, float] = {}
    pend: dict[str, list[float]] = {}
    res: list[tuple[float, str, str]] = []
    for cpu, t, ev, task, a in events(path):
        if ev == "sched_switch":
            pp, nx = a.get("prev_pid"), a.get("next_pid")
            for s0 in pend.pop(pp, []):
                res.append((t - s0, a.get("prev_state", ""), a.get("next_comm", "")))
            since[nx] = t
        elif ev == "sched_wakeup_new":
            ppid = task.rsplit("-", 1)[1]
            if int(a["target_cpu"], 10) == cpu and ppid in since:
                pend.setdefault(ppid, []).append(since[ppid])
    pre = [r for r in res if r[1][:1] == "R"]
    blk = [r[0] for r in res if r[1][:1] != "R"]
    print(f"{path}: {len(res)} same-CPU forks; the parent's stint (ms) when it left")
    print(f"  preempted {len(pre)}: " + " ".join(f"{x:.2f} ({c})" for x, _, c in pre))
    print(f"  blocked {quart(blk)}; over 3 ms {sum(x > 3 for x in blk)}")


def main(argv: list[str]) -> int:
    """Report each trace."""
    each = "--each" in argv
    model = "--model" in argv
    paths = [a for a in argv if a not in ("--each", "--model", "--share", "--stints")]
    if not paths:
        sys.stderr.write(__doc__)
        return 2
    if "--share" in argv:
        wake_shares(paths)
        return 0
    if "--stints" in argv:
        for p in paths:
            stints(p)
        return 0
    for p in paths:
        if model:
            print(f"{p}: the model")
            after_exits(model_forks(p))
        else:
            report(p, each)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
