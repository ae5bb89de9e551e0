"""Which grace period a guest's RCU callback took, against the CPU the grace-period
kthread ended the running one on (docs/fidelity.md item 282, session 38, stock38).

kernel/rcu/tree.c ``rcu_gp_cleanup`` (v5.10, v6.1) runs ``__note_gp_changes`` on the
kthread's own ``rcu_data`` and then ``rcu_accelerate_cbs``: the callbacks queued on
that CPU while the grace period ran are numbered as it ends and take the next one
(started at once, ``needgp``); another CPU's wait in ``RCU_NEXT_TAIL`` until its
tick notices the end (``rcu_core``) and, when another CPU's callbacks asked for
the next one meanwhile, take the one after. Reads the kthread's CPU from the
``gpi``/``gpc`` kprobes (``rcu_gp_init``/``rcu_gp_cleanup``, 6.1) and, per
callback, its queuing (CPU, ms) and its run:

- tools/sizes/css-chain-trace.sh: ``qrc`` (``call_rcu``, ``head=``) against
  ``rwr`` (``rcu_work_rcufn``, ``r=`` the head) and ``ckr`` (``css_killed_ref_fn``,
  the head 0x20 into ``d=``);
- tools/sizes/jobs-v1-trace.sh: ``crw`` (``css_release_work_fn``, which queues the
  ``rcu_work``; ``w=`` + 64 is its head) against ``rwr``;
- tools/sizes/rcu-frees-trace.sh: ``rel`` (``release_task``: the reaper queues
  ``delayed_put_task_struct``, the latest one after the task's exit) against
  ``sched_process_free``.

Prints, for the callbacks queued while a grace period ran, how many grace-period
ends lay between queuing and run (2: the next one; 3: the one after) by whether
that grace period's cleanup ran on the queuing CPU, and for those queued with none
running the same counts.

    python3 tools/sizes/rcu_kthread_cpu.py tools/sizes/recordings/css-chain-trace--6.1-v2-2cpu.txt.gz
"""
from __future__ import annotations

import bisect
import collections
import gzip
import re
import sys


def events(path: str) -> list[tuple[float, int, str, str, dict]]:
    """``(ms, cpu, event, task, {arg: value})`` of a ``CPU MS EVENT TASK ARGS`` trace."""
    out = []
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", errors="replace") as f:
        for line in f:
            p = line.split(None, 4)
            if len(p) < 4 or not p[0].isdigit() or not re.match(r"[\d.]+$", p[1]):
                continue
            args = dict(re.findall(r"(\w+)=(\S+)", p[4])) if len(p) > 4 else {}
            out.append((float(p[1]), int(p[0]), p[2], p[3], args))
    return out


def callbacks(ev) -> list[tuple[float, int, float]]:
    """Each callback the trace pairs: (queued ms, queuing CPU, run ms)."""
    runs = collections.defaultdict(list)
    for t, c, e, _, a in ev:
        if e == "rwr":
            runs[int(a["r"], 16)].append(t)
        elif e == "ckr":
            runs[int(a["d"], 16) + 0x20].append(t)
    out = []
    for t, c, e, _, a in ev:
        head = None
        if e == "qrc":
            head = int(a["head"], 16)
        elif e == "crw":
            head = int(a["w"], 16) + 64
        if head is None:
            continue
        later = [r for r in runs.get(head, ()) if r > t]
        if later:
            out.append((t, c, later[0]))
    if out:
        return out
    # rcu-frees-trace.sh: a task's free against the reap after its exit
    exits = {int(a["pid"]): t for t, _, e, _, a in ev if e == "sched_process_exit"}
    rels = [(t, c) for t, c, e, _, _ in ev if e == "rel"]
    used = set()
    for t, _, e, _, a in ev:
        if e != "sched_process_free":
            continue
        te = exits.get(int(a["pid"]))
        cand = [r for r in rels if te is not None and te <= r[0] < t and r not in used]
        if cand:
            used.add(cand[0])
            out.append((cand[0][0], cand[0][1], t))
    return out


def main(argv: list[str]) -> int:
    """Print the counts of each trace named."""
    if not argv:
        sys.stderr.write(__doc__)
        return 2
    for path in argv:
        ev = events(path)
        gps, start = [], None
        for t, c, e, _, _ in ev:
            if e == "gpi":
                start = t
            elif e == "gpc" and start is not None:
                gps.append((start, t, c))
                start = None
        ends = [g[1] for g in gps]
        counts = collections.Counter()
        for tq, cpu, tr in callbacks(ev):
            n = bisect.bisect_left(ends, tr) - bisect.bisect_right(ends, tq)
            if n > 4:
                continue        # a head reused before its own run was traced
            run = [g for g in gps if g[0] <= tq <= g[1]]
            if run:
                where = "kthread's CPU" if run[0][2] == cpu else "another CPU"
                counts[("running, cleanup on " + where, n)] += 1
            else:
                counts[("none running", n)] += 1
        print(path)
        for (what, n), v in sorted(counts.items()):
            print(f"  {what:40} {n} ends: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
