"""Where each CPU's quiescent state came from, grace period by grace period, in a trace
of calibration/rcu-qs-sources.sh (docs/fidelity.md item 394).

Reads the ``CPU MS EVENT TASK-PID ARGS`` lines: ``tk`` (a tick: ``user``, the
``rcu_state.gp_seq`` ``gs`` and the root node's ``qm`` qsmask), ``qs``
(``rcu_report_qs_rnp``: the ``mask`` of CPUs reported), ``sched_switch``, ``rel``
(``release_task``) and ``sched_process_free``. A grace period runs while
``gs & 3`` is not 0; it starts at the first event showing its number and ends at the
report that clears the root's last bit (the last ``qs`` of it: ``rcu_report_qs_rsp``
wakes the kthread). Each CPU's bit is put down to what its CPU did last before the
report, the first that can be one of what its CPU did since the grace period began:
``switch`` (a ``sched_switch`` on it: ``rcu_note_context_switch``), ``user tick``,
``idle`` (its idle task reported it; ``idle (fqs)``: another CPU did, the kthread's
``force_qs_rnp`` found it in an extended quiescent state), else ``kernel tick`` (only
ticks in a task, not in user mode: a quiescent state to preemptible RCU alone).
Printed per phase (the script's marks: A, the loop of commands back to back; B, with
sleeps): the grace periods' lengths (ms, median and quartiles), all, those with a
tick that found a task running and those without, and the sources' counts; tools/sizes/rcu_latency.py reads the reaps' frees from the same traces.

    python3 tools/sizes/rcu_qs_sources.py TRACE [TRACE...]
"""
from __future__ import annotations

import gzip
import re
import statistics
import sys

LINE = re.compile(r"^(\d+) ([\d.]+) (\S+) (\S+)(.*)$")


def _open(path: str):
    return gzip.open(path, "rt") if path.endswith(".gz") else open(path)


def parse(path: str) -> list[tuple]:
    """(cpu, ms, event, task, args dict, raw args) per trace line."""
    out = []
    with _open(path) as f:
        for line in f:
            m = LINE.match(line.rstrip("\n"))
            if not m:
                continue
            cpu, ms, ev, task, rest = m.groups()
            args = dict(a.split("=", 1) for a in rest.split() if "=" in a)
            out.append((int(cpu), float(ms), ev, task, args, rest))
    return out


def analyse(events: list[tuple]) -> dict:
    """Per phase: grace-period lengths, QS sources, reap-to-free times."""
    phase = "-"
    seen: dict[int, list] = {}           # cpu -> its switches and ticks since the GP began
    gp_start: dict[int, float] = {}      # gp number -> first ms seen running
    gp_phase: dict[int, str] = {}
    res: dict = {}
    cur = -1
    gp_busy: dict[int, bool] = {}        # gp number -> a tick found a task running
    for cpu, ms, ev, task, a, rest in events:
        if ev == "tracing_mark_write":
            phase = rest.split()[0]
            continue
        r = res.setdefault(phase, {"gp": [], "src": {}, "busy": [], "idle": []})
        if "gs" in a:
            gs = int(a["gs"])
            if gs & 3 and gs not in gp_start:
                gp_start[gs] = ms
                gp_phase[gs] = phase
                gp_busy[gs] = False
                cur = gs
                seen = {}
        if ev == "tk" and not task.startswith("<idle>") and cur in gp_busy:
            gp_busy[cur] = True
        if ev == "sched_switch":
            seen.setdefault(cpu, []).append("switch")
        elif ev == "tk":
            idle = task.startswith("<idle>")
            seen.setdefault(cpu, []).append(
                "idle" if idle else ("user tick" if a.get("user") == "1" else "kernel tick"))
        if ev == "qs":
            gs = int(a["gs"])
            mask = int(a["mask"], 16)
            for c in range(64):
                if not mask >> c & 1:
                    continue
                if c != cpu:
                    kind = "idle (fqs)"
                elif task.startswith("<idle>"):
                    kind = "idle"
                else:
                    # what since the grace period began can be this CPU's QS, first
                    # the kinds both flavours count, a tick in the kernel last
                    kinds = seen.get(c, [])
                    kind = next((k for k in ("switch", "user tick", "idle") if k in kinds),
                                "kernel tick" if "kernel tick" in kinds else "?")
                r["src"][kind] = r["src"].get(kind, 0) + 1
            qm = int(a["qm"])
            if qm & ~mask == 0 and gs in gp_start:      # the last bit: the GP ends
                g = res.setdefault(gp_phase[gs], r)
                g["gp"].append(ms - gp_start[gs])
                g["busy" if gp_busy.get(gs) else "idle"].append(ms - gp_start.pop(gs))
    return res


def _q(xs: list[float]) -> str:
    if not xs:
        return "-"
    if len(xs) < 4:
        return " ".join(f"{x:.1f}" for x in sorted(xs))
    q = statistics.quantiles(xs, n=4)
    return f"{statistics.median(xs):.1f} ({q[0]:.1f}-{q[2]:.1f}, n {len(xs)})"


def main(argv: list[str]) -> int:
    """Print each trace's table."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    for path in argv:
        print(f"== {path}")
        for phase, r in analyse(parse(path)).items():
            if phase == "-":
                continue
            src = ", ".join(f"{k} {v}" for k, v in sorted(r["src"].items(), key=lambda e: -e[1]))
            print(f"phase {phase}: grace period ms {_q(r['gp'])}; with a tick in a task "
                  f"{_q(r['busy'])}, without {_q(r['idle'])}")
            print(f"  quiescent states: {src}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
