"""Which of a reaped command's two ``put_task_struct_rcu_user`` calls is the last, from
tools/sizes/taskfree-race-trace.sh's recordings (docs/fidelity.md item 67).

Per command (``mkdir``, keyed by its task_struct address): ``do_notify_parent`` (dnp,
the exit's wakeup of the shell), ``do_task_dead`` (dtd) and the put from
``__schedule``/``finish_task_switch`` on its own CPU, the shell's ``sched_wakeup``,
``release_task`` and its put, and what interrupted the command's CPU between dnp and
its final switch. Prints the counts and the windows in µs of the guest's wall clock.

    python tools/sizes/taskfree_race.py tools/sizes/recordings/taskfree-race-trace--6.1-v2-4cpu.txt.gz
"""
from __future__ import annotations

import gzip
import statistics
import sys


def _open(path: str):
    return gzip.open(path, "rt") if path.endswith(".gz") else open(path)


def parse(path: str):
    """(header, events): events as (cpu, usecs, event, task-pid, args)."""
    head, evs = [], []
    with _open(path) as f:
        for line in f:
            p = line.split(None, 4)
            if len(p) >= 4 and p[0].isdigit() and p[1].isdigit():
                evs.append((int(p[0]), int(p[1]), p[2], p[3], p[4].rstrip("\n") if len(p) > 4 else ""))
            else:
                head.append(line.rstrip("\n"))
    return head, evs


def _arg(args: str, key: str) -> str | None:
    i = args.find(key + "=")
    if i < 0:
        return None
    return args[i + len(key) + 1:].split()[0]


IRQS = ("local_timer_entry", "softirq_entry", "irq_handler_entry", "reschedule_entry",
        "call_function_entry", "call_function_single_entry")


def races(evs):
    """One record a reaped command: the dict of its events' times and CPUs."""
    tasks: dict[str, dict] = {}     # task_struct address -> its latest command
    order: list[dict] = []
    last_wakeup = None
    for cpu, t, ev, who, args in evs:
        if ev == "dnp":
            tk = _arg(args, "task")
            r = tasks[tk] = {"dnp": t, "ccpu": cpu, "comm": who.rsplit("-", 1)[0]}
            order.append(r)
        elif ev == "dtd":
            for r in reversed(order):
                if r["ccpu"] == cpu and "dtd" not in r:
                    r["dtd"] = t
                    break
        elif ev == "sched_wakeup":
            last_wakeup = (t, cpu)
            if order:
                r = order[-1]
                r.setdefault("wake", t)
                r.setdefault("pcpu", int(_arg(args, "target_cpu") or cpu))
        elif ev == "rel":
            tk = _arg(args, "task")
            if tk in tasks:
                tasks[tk]["rel"] = t
                tasks[tk]["relcpu"] = cpu
        elif ev == "rcuput":
            tk = _arg(args, "task")
            r = tasks.get(tk)
            if r is None:
                continue
            frm = _arg(args, "from") or ""
            key = "put_sched" if frm.startswith(("__schedule", "finish_task_switch")) else "put_rel"
            r[key] = t
            r.setdefault("puts", []).append((key, cpu))
        elif ev == "sched_process_free":
            pass
    return order, last_wakeup


def interrupted(evs, r):
    """The interrupt events on the command's CPU between its dnp and its final put."""
    lo, hi, c = r["dnp"], r.get("put_sched", r["dnp"]), r["ccpu"]
    return [ev for cpu, t, ev, who, args in evs if cpu == c and lo < t < hi and ev in IRQS]


def gaps(evs, shell_comm="bash"):
    """µs from each command's sched_process_exit to the shell's next fork."""
    out, ex = [], None
    for cpu, t, ev, who, args in evs:
        if ev == "sched_process_exit" and who.startswith("mkdir-"):
            ex = t
        elif ev == "sched_process_fork" and ex is not None:
            out.append(t - ex)
            ex = None
    return out


def main(paths: list[str]) -> None:
    for path in paths:
        head, evs = parse(path)
        rs, _ = races(evs)
        rs = [r for r in rs if r["comm"] == "mkdir" and "put_sched" in r and "put_rel" in r]
        last_sched = [r for r in rs if r["put_sched"] > r["put_rel"]]
        same = [r for r in rs if r.get("relcpu") == r["ccpu"]]
        title = next((h for h in head if "CPUs," in h), "")
        print(f"== {path}: {title}")
        print(f"  commands {len(rs)}: last put finish_task_switch {len(last_sched)}, "
              f"release_task {len(rs) - len(last_sched)}; reaped on the command's own CPU {len(same)}")

        def med(xs):
            return f"{statistics.median(xs):.0f}" if xs else "-"
        other = [r for r in rs if r.get("relcpu") != r["ccpu"]]
        tc = [r["put_sched"] - r["dnp"] for r in other]
        tp = [r["rel"] - r["dnp"] for r in other if "rel" in r]
        print(f"  other-CPU reaps: dnp -> final switch's put median {med(tc)} us "
              f"(min {min(tc, default=0)}, max {max(tc, default=0)}); dnp -> release_task "
              f"median {med(tp)} us (min {min(tp, default=0)}, max {max(tp, default=0)})")
        dt = [r["dtd"] - r["dnp"] for r in other if "dtd" in r]
        sw = [r["put_sched"] - r["dtd"] for r in other if "dtd" in r]
        print(f"  dnp -> do_task_dead median {med(dt)} us, do_task_dead -> put median {med(sw)} us")
        for r in last_sched:
            irq = interrupted(evs, r)
            print(f"   last in finish_task_switch: cpu {r['ccpu']} (reaper cpu {r.get('relcpu')}), "
                  f"dnp->dtd {r.get('dtd', 0) - r['dnp']} dnp->put {r['put_sched'] - r['dnp']} "
                  f"dnp->rel {r.get('rel', 0) - r['dnp']} us; interrupts there meanwhile: "
                  f"{', '.join(irq) or 'none'}")
        n_irq = sum(1 for r in other if interrupted(evs, r))
        print(f"  other-CPU reaps with an interrupt on the command's CPU between dnp and its put: "
              f"{n_irq} of {len(other)}; of those last in finish_task_switch: "
              f"{sum(1 for r in last_sched if interrupted(evs, r))}")
        g = gaps(evs)
        print(f"  exit -> the shell's next fork: median {med(g)} us over {len(g)} "
              f"(quartiles {statistics.quantiles(g, n=4) if len(g) > 3 else '-'})")


if __name__ == "__main__":
    main(sys.argv[1:])
