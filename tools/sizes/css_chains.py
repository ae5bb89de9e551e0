"""The css-freeing chains in a css-chain-trace.sh output (docs/fidelity.md item 68).

For every css the trace saw killed: the times (ms, wall clock of the guest) of its
``percpu_ref_kill_and_confirm`` (kil), the kill's grace period over
(``percpu_ref_switch_to_atomic_rcu``: atm), ``css_killed_work_fn`` (ckw),
``css_release`` (crl: the last reference gone), ``css_release_work_fn`` (crw),
``queue_rcu_work``'s grace period over (``rcu_work_rcufn``: rwr) and
``css_free_rwork_fn`` (cfw); how many grace periods lay in each wait (6.1:
``rcu_gp_init`` → ``rcu_gp_cleanup`` pairs begun after the queuing and ended before
the callback; 5.10: the grace-period kthread's wakeups, an upper bound), and on which
CPUs. Then, per part of the script (the marks), the medians; and around each mark
that reads ``nr_dying_descendants``, which chains had ended (the self css's
``css_release_work_fn``, where the count drops) before it and how far into their
chain the others were.

    python3 tools/sizes/css_chains.py tools/sizes/recordings/css-chain-trace--6.1-v2-2cpu.txt.gz
"""
from __future__ import annotations

import argparse
import bisect
import gzip
import re
import statistics

#: offsets in ``struct cgroup_subsys_state`` (pahole, 5.10.262 and 6.1.192 alike)
REFCNT, DESTROY_WORK, DESTROY_RWORK, RWORK_RCU = 16, 104, 136, 168
STEPS = ("kil", "atm", "ckr", "ckw", "crl", "crw", "rwr", "cfw")


def parse(path: str):
    """Events ``(ms, cpu, ev, task, {arg: value})`` and marks ``(ms, text)``."""
    ev_list, marks = [], []
    opener = gzip.open if path.endswith(".gz") else open
    for line in opener(path, "rt", errors="replace"):
        f = line.split(None, 4)
        if len(f) < 4 or not f[0].isdigit() or not re.match(r"[\d.]+$", f[1]):
            continue
        cpu, t, ev, task = int(f[0]), float(f[1]), f[2], f[3]
        rest = f[4].strip() if len(f) > 4 else ""
        if ev == "tracing_mark_write":
            marks.append((t, rest))
            continue
        args = dict(a.split("=", 1) for a in rest.split() if "=" in a)
        ev_list.append((t, cpu, ev, task, args))
    return ev_list, marks


def css_of(ev: str, args: dict) -> int | None:
    """The css a chain event is about (from the probe's pointer argument)."""
    h = lambda k: int(args[k], 16)  # noqa: E731
    if ev in ("kil", "ckr", "crl"):
        return h("ref") - REFCNT
    if ev == "atm":
        return h("ref") - REFCNT
    if ev in ("ckw", "crw"):
        return h("w") - DESTROY_WORK
    if ev == "cfw":
        return h("w") - DESTROY_RWORK
    if ev == "rwr":
        return h("r") - RWORK_RCU
    return None


def rule_check(evs, gps_) -> None:
    """Tree RCU's rule against the trace (6.1, where ``rcu_gp_init`` and
    ``rcu_gp_cleanup`` can be probed): for each ``call_rcu`` of the chain's two
    callbacks (``qrc``: ``rcu_work_rcufn`` for ``queue_rcu_work``, matched to its
    ``rcu_work_rcufn`` by the rcu_head; ``percpu_ref_switch_to_atomic_rcu`` for a
    css kill, matched to its ``css_killed_ref_fn`` by the ``percpu_ref_data``
    pointer, whose rcu_head is at +32): was a grace period running when it was
    queued, how many grace periods ended before the callback ran, and how long
    after the last of them it ran (the queuing CPU noticing)."""
    starts = [g[0] for g in gps_]
    queued: dict[int, tuple[float, int]] = {}
    out: dict[tuple[str, str], list] = {}
    for t, cpu, e, _, args in evs:
        if e == "qrc":
            queued[int(args["head"], 16)] = (t, cpu)
            continue
        if e == "rwr":
            head, what = int(args["r"], 16), "queue_rcu_work"
        elif e == "ckr" and "d" in args:
            head, what = int(args["d"], 16) + 32, "kill (switch to atomic)"
        else:
            continue
        if head not in queued:
            continue
        t0, c0 = queued.pop(head)
        i = bisect.bisect_right(starts, t0) - 1
        state = "running" if i >= 0 and gps_[i][1] > t0 else "idle"
        ends = [g[1] for g in gps_[max(i, 0):bisect.bisect_right(starts, t)] if t0 < g[1] <= t]
        out.setdefault((what, state), []).append((t - t0, len(ends), t - ends[-1] if ends else None,
                                                  cpu == c0))
    print("call_rcu -> callback: queued while a grace period ran or none; grace periods"
          " ended before the callback (count: callbacks); ms")
    for (what, state), v in sorted(out.items()):
        n_end = {n: sum(1 for x in v if x[1] == n) for n in sorted({x[1] for x in v})}
        after = [x[2] for x in v if x[2] is not None]
        print(f"  {what:24} {state:7} {len(v):5}  wait median {statistics.median(x[0] for x in v):.1f}"
              f"  ends {n_end}  after the last end median {statistics.median(after):.1f}"
              f"  on the queuing CPU {sum(x[3] for x in v)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("trace")
    ap.add_argument("-v", action="store_true", help="print every chain")
    a = ap.parse_args()
    evs, marks = parse(a.trace)
    gp_init = [t for t, _, e, _, _ in evs if e == "gpi"]
    gp_clean = [t for t, _, e, _, _ in evs if e == "gpc"]
    wakes = [t for t, _, e, _, r in evs if e == "sched_switch" and r.get("next_comm", "").startswith("rcu_")]
    memcgs = {int(args["css"], 16) for _, _, e, _, args in evs if e == "mof"}
    rmdirs: dict[int, list] = {}
    for t, _, e, _, args in evs:
        if e == "rmd":
            rmdirs.setdefault(int(args["kn"], 16), []).append(t)
    live: dict[int, dict] = {}
    chains: list[dict] = []
    for t, cpu, e, task, args in evs:
        if e not in STEPS:
            continue
        c = css_of(e, args)
        ch = live.get(c)
        if ch is None or e in ch or "cfw" in ch:     # a css's first event, or its memory reused
            if e in ("rwr", "cfw") or e == "kil" and ch is not None and "cfw" not in ch:
                continue
            ch = live[c] = {"css": c}
            chains.append(ch)
        ch[e] = (t, cpu)
        if "ss" in args:
            ch["self"] = int(args["ss"], 16) == 0
        if "kn" in args and "kn" not in ch:
            ch["kn"] = kn = int(args["kn"], 16)
            ts = [r for r in rmdirs.get(kn, ()) if r <= t]
            if ts and "kil" not in ch:
                ch["kil"] = (ts[-1], -1)
    # an objcg's kill has no css chain after it: keep the chains that went on
    chains = [ch for ch in chains if "kil" in ch and "self" in ch and len(ch) > 4]

    # grace periods as (init, cleanup) pairs, each init with the first cleanup after it
    gps_ = []
    j = 0
    for s0 in gp_init:
        j = bisect.bisect_right(gp_clean, s0, j)
        if j < len(gp_clean):
            gps_.append((s0, gp_clean[j]))
    gp_starts = [g[0] for g in gps_]

    def ngp(t0: float, t1: float) -> str:
        """Whole grace periods begun after t0 and over by t1 (6.1), else the
        grace-period kthread's wakeups between (5.10)."""
        if gps_:
            i = bisect.bisect_right(gp_starts, t0)
            return str(sum(1 for g in gps_[i:bisect.bisect_right(gp_starts, t1)] if g[1] <= t1))
        return "w%d" % (bisect.bisect_left(wakes, t1) - bisect.bisect_right(wakes, t0))

    mark_t = [m[0] for m in marks]

    def part(t: float) -> str:
        i = bisect.bisect_right(mark_t, t) - 1
        return marks[i][1].split()[0] if i >= 0 else "-"

    rows = []
    for ch in sorted(chains, key=lambda x: x["kil"][0]):
        c = ch["css"]
        kind = "self" if ch["self"] else "mem" if c in memcgs else "pids"
        steps = [s for s in STEPS if s in ch]
        d = {}
        for s0, s1 in zip(steps, steps[1:]):
            d[s0 + ">" + s1] = ch[s1][0] - ch[s0][0]
        gps = {}
        if "atm" in ch:
            gps["kill"] = ngp(ch["kil"][0], ch["atm"][0])
        elif "ckr" in ch:
            gps["kill"] = ngp(ch["kil"][0], ch["ckr"][0])
        if "rwr" in ch and "crw" in ch:
            gps["free"] = ngp(ch["crw"][0], ch["rwr"][0])
        rows.append((part(ch["kil"][0]), kind, c, ch, d, gps))
        if a.v:
            print(f"{part(ch['kil'][0]):2} {kind:4} {c:x} kill {ch['kil'][0]:.3f}@{ch['kil'][1]} "
                  + " ".join(f"{k} {v:.2f}@{ch[k.split('>')[1]][1]}" for k, v in d.items())
                  + " GPs " + " ".join(f"{k} {v}" for k, v in gps.items()))
    print("part kind  chains  median ms of each step (n)  grace periods (kill, free: counts)")
    for p in sorted({r[0] for r in rows}):
        for kind in ("mem", "pids", "self"):
            sel = [r for r in rows if r[0] == p and r[1] == kind]
            if not sel:
                continue
            keys = []
            for r in sel:
                for k in r[4]:
                    if k not in keys:
                        keys.append(k)
            med = " ".join(f"{k} {statistics.median(r[4][k] for r in sel if k in r[4]):.1f}"
                           f"({sum(1 for r in sel if k in r[4])})" for k in keys)
            gk = {}
            for r in sel:
                for k, v in r[5].items():
                    gk.setdefault(k, {}).setdefault(v, 0)
                    gk[k][v] += 1
            print(f"{p:4} {kind:4} {len(sel):6}  {med}  GPs {gk}")
    # the reads of nr_dying_descendants against the chains' ends
    print("marks: time ms, text; self chains released (crw) in the 200 ms before, and"
          " those still running, by their last step")
    for t, text in marks:
        if "exited" in text or text.startswith("J ") and ":" in text or "child exits" in text:
            done = sum(1 for r in rows if r[1] == "self" and "crw" in r[3] and t - 200 < r[3]["crw"][0] <= t)
            pend: dict = {}
            for r in rows:
                if r[1] == "mem" and r[3]["kil"][0] < t and ("cfw" not in r[3] or r[3]["cfw"][0] > t):
                    last = max((s for s in STEPS if s in r[3] and r[3][s][0] <= t), key=STEPS.index)
                    pend[last] = pend.get(last, 0) + 1
            print(f"{t:10.1f} {text!r}: self released in 200 ms before {done}; mem pending {pend}")
    if gps_:
        rule_check(evs, gps_)
        lens = [c - s0 for s0, c in gps_]
        iv = [b - a for a, b in zip(gp_starts, gp_starts[1:])]
        print(f"grace periods: {len(gps_)}, init to cleanup median {statistics.median(lens):.1f} ms,"
              f" start to start {statistics.median(iv):.1f} ms")
    if wakes:
        iv = [b - a for a, b in zip(wakes, wakes[1:])]
        print(f"gp kthread wakeups: {len(wakes)}, interval median {statistics.median(iv):.1f} ms")


if __name__ == "__main__":
    main()
