"""Where each mm's PGD went, from a trace of ``tools/sizes/stock_trace.py --mm``
(session 31, stock31: docs/fidelity.md item 145): for every ``pgd_free`` the mm's
``exit_mmap`` (the task and CPU that tore it down), the CPU, task and call chain of
its ``__mmdrop`` (``finish_task_switch``: a CPU's lazy TLB mm dropped by the next
user task switched in; ``mmput``: the last user, at exit or exec, no lazy holder
left), the milliseconds between the two, and the stock refill that followed on the
mmdrop's CPU (the PGD's 2 pages, the memcg they went to).

    python3 tools/sizes/mmdrop_sites.py TRACE.txt[.gz] [--each]

Prints a summary: how many PGDs were freed on the CPU that tore the mm down, how
many on another, in which context, by which kind of teardown (exit or exec).
"""
import sys
from collections import Counter

from stock_replay import EV, args_of, read_trace, stack_after   # tools/sizes/


def main(argv: list[str]) -> int:
    """Summarize the trace's PGD frees."""
    path = argv[0]
    each = "--each" in argv
    lines = read_trace(path)
    teardown: dict[str, tuple] = {}     # mm -> (cpu, ms, task, exit|exec)
    summary: Counter = Counter()
    pending = None
    for i, ln in enumerate(lines):
        m = EV.match(ln)
        if not m:
            continue
        cpu, ms, ev, task, rest = (int(m.group(1)), float(m.group(2)), m.group(3),
                                   m.group(4), m.group(5))
        stack = stack_after(lines, i)
        args = args_of(rest)
        if ev == "xmm":
            # exit_mmap from do_exit's mmput or exec's (its stack is not traced:
            # the next events tell; a task that exits prints sched_process_exit)
            teardown[args["mm"]] = (cpu, ms, task, None)
        elif ev == "sched_process_exit":
            for mm, (c, t, tk, kind) in list(teardown.items()):
                if tk == task and kind is None:
                    teardown[mm] = (c, t, tk, "exit")
        elif ev == "pgf":
            mm = args["mm"]
            td = teardown.get(mm)
            # the caller of __mmdrop: finish_task_switch (a lazy TLB mm), begin_new_exec
            frames = [f.lstrip("<").split(".")[0] for f in stack.split()[1:]]
            at = frames.index("__mmdrop") + 1 if "__mmdrop" in frames else len(frames)
            ctx = frames[at] if at < len(frames) else "?"
            kind = (td[3] or "exec") if td else "?"
            where = "?" if td is None else ("same CPU" if td[0] == cpu else "other CPU")
            delay = ms - td[1] if td else 0.0
            summary[(kind, where, ctx, "same task" if td and td[2] == task else "other task")] += 1
            pending = (cpu, task, mm, kind, where, ctx, delay, td)
        elif ev == "rfs" and pending is not None and cpu == pending[0] and args.get("nr") == "2":
            p = pending
            pending = None
            if each:
                td = p[7]
                print(f"{p[3]:5} torn down {td[2] if td else '?'} cpu{td[0] if td else '?'}"
                      f" at {td[1] if td else 0:.1f}; PGD on cpu{p[0]} by {p[1]} ({p[5]},"
                      f" {p[4]}) {p[6]:.1f} ms later, into memcg {args['memcg']}")
    for key, n in sorted(summary.items(), key=lambda kv: -kv[1]):
        print(n, " / ".join(key))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
