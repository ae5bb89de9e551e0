"""How long the RCU grace-period kthread keeps a CPU it is woken onto from idle on the
guests (session 41, branch place41: docs/fidelity.md item 374), from a trace of
``tools/sizes/wake_trace.py --sched-only`` with the script's marks:

    python3 tools/sizes/gp_kthread_holds.py TRACE... [--model-loop-ms MS]

For each ``sched_wakeup`` of ``rcu_sched``/``rcu_preempt`` between the script's first
mark after ``start`` and its last one, whether its target CPU was idle then (running
``swapper``) and, if so, how long from the wake-up until the kthread switched out
there (the CPU not idle meanwhile: queued for the idle vCPU's wake-up, then its run;
on the emulated guests either can last tens of ms, the vCPU's thread off the host's
CPU). Prints per trace the wake-ups, those onto an idle CPU (by whether the waker ran
on that CPU: ``self``, an interrupt of the idle CPU or a task there, or another CPU),
and the hold's least value, deciles and 99th percentile, in the guest's ms and, with ``--model-loop-ms`` (the
model's time from the first mark to the last, tools/sizes/model_shell_wakes.py's
run), in the model's µs at the trace's pace (the guest's loop over the model's).

``--busy`` (session 42, branch place42: docs/fidelity.md item 389): of the wake-ups
by an interrupt or a task on the target CPU (the waker's CPU the target's) while the
CPU the kthread last ran on was busy (running another task), how many left it queued
on a busy CPU (no idle CPU taken) and how many woke it onto an idle one (the waker's:
``wake_affine_idle``), over the whole trace.

``--split`` (session 43, branch place43: docs/fidelity.md item 418): the wake-ups onto
an idle CPU over the whole trace by whether the script's shell (its ``shell PID``
mark) was asleep then (switched out in S or D, not yet woken) and whether the CPU
was the shell's (the one it last ran on) or the other, with the held ms of each:
a fork looks at the other CPU only (model: model_gp_kthread.py ``--split``).
"""
import collections
import sys

from shell_wakes import _shell_pid, events     # tools/sizes/: marks' words as ``_words``


def split(path: str) -> collections.Counter:
    """{(asleep or awake, the shell's CPU or the other): count, (..., "ms"): held
    ms} of the kthread's wake-ups onto an idle CPU."""
    pid = _shell_pid(path)
    curr: dict[int, str] = {}
    pend: dict[int, tuple] = {}
    res: collections.Counter = collections.Counter()
    asleep, shcpu = False, None
    for cpu, t, ev, _, a in events(path):
        if ev == "sched_switch":
            if a.get("next_pid") == pid:
                shcpu = cpu
            if a.get("prev_pid") == pid and a.get("prev_state", "").startswith(("S", "D")):
                asleep = True
            if cpu in pend and a.get("prev_comm", "").startswith("rcu_"):
                t0, key = pend.pop(cpu)
                res[key + ("ms",)] += t - t0
            curr[cpu] = a.get("next_comm", "")
        elif ev == "sched_wakeup" and a.get("pid") == pid:
            asleep = False
        elif ev == "sched_wakeup" and a.get("comm", "").startswith("rcu_"):
            tc = int(a["target_cpu"])
            if curr.get(tc, "swapper").startswith("swapper") and tc not in pend:
                key = ("asleep" if asleep else "awake",
                       "the shell's CPU" if tc == shcpu else "the other CPU")
                res[key] += 1
                pend[tc] = (t, key)
    return res


def busy_wakes(path: str) -> tuple[int, int]:
    """(left on a busy CPU, woken onto an idle one) of the kthread's wake-ups on the
    waker's own CPU while its last CPU was busy."""
    curr: dict[int, str] = {}
    last = None
    stayed = moved = 0
    for cpu, _t, ev, _, a in events(path):
        if ev == "sched_switch":
            if a.get("next_comm", "").startswith("rcu_"):
                last = cpu
            curr[cpu] = a.get("next_comm", "")
        elif ev == "sched_wakeup" and a.get("comm", "").startswith("rcu_"):
            tc = int(a["target_cpu"])
            if tc != cpu or last is None or curr.get(last, "swapper").startswith("swapper"):
                continue
            if curr.get(tc, "swapper").startswith("swapper"):
                moved += 1
            else:
                stayed += 1
    return stayed, moved


def holds(path: str):
    """(loop ms, wake-ups, [(self?, hold ms)] for wake-ups onto an idle CPU)."""
    curr: dict[int, str] = {}
    pending: dict[int, tuple[float, bool]] = {}
    out = []
    marks = []
    wakes = 0
    for cpu, t, ev, _, a in events(path):
        if ev == "mark":
            marks.append((t, a["_words"]))
            continue
        if ev == "sched_switch":
            prev = a.get("prev_comm", "")
            if cpu in pending and prev.startswith("rcu_"):
                t0, own = pending.pop(cpu)
                out.append((t0, own, t - t0))
            curr[cpu] = a.get("next_comm", "")
        elif ev == "sched_wakeup" and a.get("comm", "").startswith("rcu_"):
            tc = int(a["target_cpu"])
            wakes += 1
            if curr.get(tc, "swapper").startswith("swapper") and tc not in pending:
                pending[tc] = (t, tc == cpu)
    # the loop: from the first mark after the script's start mark to the last mark
    starts = [i for i, (_, w) in enumerate(marks) if "start" in w]
    first = marks[starts[0] + 1][0] if starts else marks[0][0]
    last = marks[-1][0]
    inloop = [(own, h) for t0, own, h in out if first <= t0 <= last]
    return last - first, wakes, inloop


def deciles(xs: list[float]) -> list[float]:
    """The least, the 10th to 90th percentiles and the 99th (kernel/sched.py's
    ``GP_KTHREAD_HOLD_US`` knots)."""
    xs = sorted(xs)
    n = len(xs)
    return ([xs[0]] + [xs[min(n - 1, n * i // 10)] for i in range(1, 10)]
            + [xs[min(n - 1, n * 99 // 100)]]) if xs else []


def main(argv: list[str]) -> int:
    """Print the counts and the deciles per trace."""
    model_ms = None
    if "--model-loop-ms" in argv:
        i = argv.index("--model-loop-ms")
        model_ms = float(argv[i + 1])
        argv = argv[:i] + argv[i + 2:]
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    if argv[:1] == ["--split"]:
        for path in argv[1:]:
            res = split(path)
            print(f"{path}: the kthread's holds of an idle CPU, count and held ms, by the shell:")
            for k in sorted(k for k in res if len(k) == 2):
                print(f"  shell {k[0]}, onto {k[1]}: {res[k]} ({res[k + ('ms',)]:.0f} ms)")
        return 0
    if argv[:1] == ["--busy"]:
        for path in argv[1:]:
            st, mv = busy_wakes(path)
            print(f"{path}: on the waker's CPU with the last one busy: left on a busy "
                  f"CPU {st}, onto an idle CPU {mv}")
        return 0
    for path in argv:
        loop, wakes, hs = holds(path)
        own = sum(1 for o, _ in hs if o)
        print(f"{path}: loop {loop:.0f} ms, kthread wake-ups {wakes} (whole trace), onto an "
              f"idle CPU in the loop {len(hs)} (the waker there {own}, elsewhere {len(hs) - own})")
        for name, sel in (("all", hs), ("self", [x for x in hs if x[0]]),
                          ("elsewhere", [x for x in hs if not x[0]])):
            d = deciles([h for _, h in sel])
            print(f"  {name}: hold p0 p10..p90 p99 (guest ms) " + " ".join(f"{x:.2f}" for x in d))
            if model_ms:
                pace = loop / model_ms
                print(f"    at the trace's pace {pace:.1f}: model µs "
                      + " ".join(f"{1000 * x / pace:.1f}" for x in d)
                      + f"; held share of the loop {sum(h for _, h in sel) / loop:.3f}"
                      + f"; per model ms {len(sel) / model_ms:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
