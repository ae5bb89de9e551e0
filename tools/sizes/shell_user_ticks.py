"""The script shell's own time between its system calls, and which of its scheduler
ticks find it in user mode, from a trace of calibration/shell-user-ticks.sh
(docs/fidelity.md item 450).

Reads the ``CPU MS EVENT TASK-PID ARGS`` lines (tools/sizes/rcu_qs_sources.py's
reading): ``tk`` (a tick, ``user`` 1 if it came from user mode), the shell's
``sys_enter``/``sys_exit`` (``NR n``), ``sched_switch``. The shell is the task that
writes the marks. Per phase (A: foreground commands, a fork and a wait
each; B: background forks back to back, then its ``wait``, ``B-wait``; C: a
builtin's redirection, system calls only), over the shell's time on a CPU:

- its ticks: in user mode, in a system call, in the kernel outside one (a page
  fault, an interrupt's return), and their user share;
- its time (ms) in system calls and between them, and the gaps between a
  ``sys_exit`` and its next ``sys_enter`` on the CPU with no switch between: how
  many, their median and quartiles, and how many held a user-mode tick (a
  quiescent state to non-preemptible RCU between two of its system calls);
- ``clone`` to ``clone`` (phase B): the stretches from one ``clone``'s exit to the
  next one's entry with the shell on its CPU throughout, and how many held a user
  tick (what lies between two of the model's fork spans of one task).

    python3 tools/sizes/shell_user_ticks.py TRACE [TRACE...]

The traces of calibration/exec-user-ticks.sh and rcu-qs-sources.sh (no system calls
traced) give the shell's ticks alone, all outside a system call but the user ones.
"""
from __future__ import annotations

import statistics
import sys

from rcu_qs_sources import parse as read_trace     # tools/sizes/

NR_CLONE = 56           # x86_64 (arch/x86/entry/syscalls/syscall_64.tbl)


def _q(xs: list[float]) -> str:
    """Median (quartiles, count) of ``xs`` in ms."""
    if not xs:
        return "-"
    if len(xs) < 4:
        return f"{statistics.median(xs):.3f} ({len(xs)})"
    q = statistics.quantiles(xs, n=4)
    return f"{statistics.median(xs):.3f} ({q[0]:.3f}-{q[2]:.3f}, {len(xs)})"


def analyse(events: list[tuple]) -> dict:
    """Per phase: the shell's ticks by kind, its time in and between system calls,
    its gaps and ``clone``-to-``clone`` stretches (see the module's text)."""
    shell = None
    phase = "-"
    res: dict = {}
    on_cpu = False
    since = None            # ms the shell's current part (in or out of a syscall) began
    in_sys = False
    nr = -1
    gap = None              # (start ms, user tick seen) of a gap between system calls
    clone_gap = None        # the same from a clone's exit
    for cpu, ms, ev, task, a, rest in events:
        if ev == "tracing_mark_write":
            words = rest.split()
            if shell is None:           # the marks are the shell's own echo
                shell = task.rsplit("-", 1)[-1]
            phase = (words[0] if words[1:2] == ["start"] else
                     f"{words[0]}-{'wait' if words[1:2] == ['forked'] else 'after'}")
            continue
        r = res.setdefault(phase, {"user": 0, "sys": 0, "kern": 0, "t_sys": 0.0,
                                   "t_out": 0.0, "gaps": [], "gaps_user": 0,
                                   "clones": [], "clones_user": 0})
        pid = task.rsplit("-", 1)[-1]
        if ev == "sched_switch":
            if a.get("prev_pid") == shell and on_cpu:
                r["t_sys" if in_sys else "t_out"] += ms - since
                on_cpu = False
                gap = clone_gap = None
            if a.get("next_pid") == shell:
                on_cpu, since = True, ms
            continue
        if pid != shell or shell is None:
            continue
        if ev == "tk":
            if a.get("user") == "1":
                r["user"] += 1
                if gap is not None:
                    gap[1] = True
                if clone_gap is not None:
                    clone_gap[1] = True
            else:
                r["sys" if in_sys else "kern"] += 1
        elif ev in ("sys_enter", "sys_exit"):
            if not on_cpu:              # running since before the trace's first switch
                on_cpu, since = True, ms
            r["t_sys" if in_sys else "t_out"] += ms - since
            since = ms
            words = rest.split()
            nr = int(words[1]) if len(words) > 1 and words[0] == "NR" else -1
            if ev == "sys_enter":
                in_sys = True
                if gap is not None:
                    r["gaps"].append(ms - gap[0])
                    r["gaps_user"] += gap[1]
                    gap = None
                if nr == NR_CLONE and clone_gap is not None:
                    r["clones"].append(ms - clone_gap[0])
                    r["clones_user"] += clone_gap[1]
                    clone_gap = None
            else:
                in_sys = False
                gap = [ms, False]
                if nr == NR_CLONE:
                    clone_gap = [ms, False]
    return res


def main(argv: list[str]) -> int:
    """Print each trace's phases."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    for path in argv:
        print(f"== {path}")
        for phase, r in analyse(read_trace(path)).items():
            if phase == "-":
                continue
            ticks = r["user"] + r["sys"] + r["kern"]
            share = r["user"] / ticks if ticks else 0.0
            print(f"{phase}: ticks {ticks}: user {r['user']}, in a syscall {r['sys']}, "
                  f"kernel outside one {r['kern']} (user share {share:.2f}); time in "
                  f"syscalls {r['t_sys']:.1f} ms, between {r['t_out']:.1f} ms")
            print(f"   gaps between syscalls {_q(r['gaps'])} ms, with a user tick "
                  f"{r['gaps_user']}; clone to clone {_q(r['clones'])} ms, with a user "
                  f"tick {r['clones_user']}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
