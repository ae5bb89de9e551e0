"""Where a command's time goes between its fork and its exit, and which of its
scheduler ticks find it in user mode, from a trace of
calibration/exec-user-ticks.sh (docs/fidelity.md item 422).

Reads the ``CPU MS EVENT TASK-PID ARGS`` lines: ``tk`` (a tick on a CPU, ``user``
1 if it came from user mode), ``sched_process_fork`` / ``_exec`` / ``_exit``,
``sys_execve`` (the syscall's entry) and ``sched_switch``. Each forked task's life
is cut at its execve entries and exec events: ``pre`` (the fork to its first
execve entry: the forked bash's own work), ``execve`` (an entry to its
``sched_process_exec``: the exec's own work, all in the kernel) and ``run`` (an
exec to the next execve entry, or to the exit: the new image's run, its page
faults and system calls and its user code). Printed per phase (the script's
marks): for each part, how many, the median ms (the task's own CPU time: the
time it was switched out left out) and the ticks that found the task running,
in user mode and in the kernel; then the run's share of the ticks from the
task's first run to its exit, and the ``execve`` part's share of ``execve`` plus
``run`` in the tasks' own times (median and quartiles of each task's sums).

    python3 tools/sizes/exec_user_ticks.py TRACE [TRACE...]
"""
from __future__ import annotations

import statistics
import sys
from collections import defaultdict

from rcu_qs_sources import parse as read_trace     # tools/sizes/

def parse(path: str) -> list[tuple]:
    """(cpu, ms, event, pid, args dict) per trace line (rcu_qs_sources.py's reading;
    a mark's text as its ``mark``)."""
    return [(cpu, ms, ev, task.rsplit("-", 1)[-1],
             {"mark": rest.strip()} if ev == "tracing_mark_write" else args)
            for cpu, ms, ev, task, args, rest in read_trace(path)]


def lives(events: list[tuple]) -> dict:
    """Per phase, per forked pid: its parts, each (name, own ms, user ticks,
    kernel ticks), in order."""
    phase = "-"
    out: dict = defaultdict(dict)
    state: dict = {}        # pid -> [part name, start ms, own ms, user, kern, on-cpu since]
    oncpu: dict = {}        # cpu -> pid running there
    for cpu, ms, ev, pid, a in events:
        if ev == "tracing_mark_write":
            phase = a["mark"].split()[0]
            continue
        if ev == "sched_process_fork":
            child = a.get("child_pid")
            state[child] = ["pre", ms, 0.0, 0, 0, None]
            out[phase][child] = []
            continue
        if ev == "sched_switch":
            prev = a.get("prev_pid")
            nxt = a.get("next_pid")
            st = state.get(prev)
            if st is not None and st[5] is not None:
                st[2] += ms - st[5]
                st[5] = None
            st = state.get(nxt)
            if st is not None:
                st[5] = ms
            oncpu[cpu] = nxt
            continue
        st = state.get(pid)
        if st is None:
            continue
        if st[5] is None:           # running since before the trace saw it switch in
            st[5] = ms
        if ev == "tk":
            if a.get("user") == "1":
                st[3] += 1
            else:
                st[4] += 1
            continue
        nxt_part = {"sched_process_exec": "run", "sched_process_exit": None}.get(ev)
        if ev.startswith("sys_execve"):
            nxt_part = "execve"
        elif ev not in ("sched_process_exec", "sched_process_exit"):
            continue
        st[2] += ms - st[5]
        st[5] = ms
        for ph in out:
            if pid in out[ph]:
                out[ph][pid].append((st[0], st[2], st[3], st[4]))
        if nxt_part is None:
            del state[pid]
        else:
            st[:5] = [nxt_part, ms, 0.0, 0, 0]
    return out


def report(path: str) -> None:
    """Print the table for one trace."""
    print(path)
    for phase, tasks in lives(parse(path)).items():
        parts: dict = defaultdict(list)
        share = []
        for pid, ps in tasks.items():
            if not ps:
                continue
            for name, own, user, kern in ps:
                parts[name].append((own, user, kern))
            ex = sum(p[1] for p in ps if p[0] == "execve")
            run = sum(p[1] for p in ps if p[0] == "run")
            if ex + run > 0:
                share.append(ex / (ex + run))
        for name in ("pre", "execve", "run"):
            got = parts.get(name, [])
            if not got:
                continue
            own = statistics.median(g[0] for g in got)
            user = sum(g[1] for g in got)
            kern = sum(g[2] for g in got)
            print(f"  {phase} {name:6s} n={len(got):3d} own ms median {own:7.2f}  ticks user "
                  f"{user:3d} kernel {kern:3d} ({100.0 * user / max(1, user + kern):.0f} % user)")
        ticks = {n: sum(g[1] + g[2] for g in parts.get(n, [])) for n in ("pre", "execve", "run")}
        total = sum(ticks.values())
        if total:
            print(f"  {phase} run's share of the ticks from the first run to the exit: "
                  f"{ticks['run']} of {total} ({ticks['run'] / total:.3f})")
        if share:
            print(f"  {phase} execve share of execve+run: median {statistics.median(share):.2f} "
                  f"(quartiles {statistics.quantiles(share, n=4)[0]:.2f}-"
                  f"{statistics.quantiles(share, n=4)[2]:.2f}, {len(share)} tasks)")


def main(argv: list[str]) -> int:
    """Report each trace."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    for path in argv:
        report(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
