"""The churn's reclaim as it goes: per window of lifecycles (simulated seconds), the CPU
time a lifecycle, the memcgs in the tree, the memcgs reclaim visited, kswapd runs
(``pageoutrun``), direct reclaim stalls and the pages kswapd and direct reclaim scanned
and freed, printed as each window ends (``bench/churn_bench.py`` prints at the end,
which a host that thrashes never reaches).

Run: ``PYTHONPATH=TREE/src python bench/reclaim_probe.py LIFECYCLES WINDOW MEM [DESIGN]``,
e.g. ``... 40000 1000 1G 5.13`` (bench/README.md, session 23).
"""
from __future__ import annotations

import sys
import time

from memcgsim.workload import engine
from memcgsim.workload.presets import lifecycle_bench

EVENTS = ("pageoutrun", "allocstall_movable", "allocstall_normal", "pgsteal_kswapd",
          "pgsteal_direct", "pgscan_kswapd", "pgscan_direct")


def main() -> None:
    n, window, mem = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    design = sys.argv[4] if len(sys.argv) > 4 else "5.13"
    wl = lifecycle_bench()
    wl.mem = mem
    job = wl.jobs[0]
    job.max_instances = n
    job.keep_files = True
    wl.sample_interval = float(window)
    e = engine.Engine(wl, design, cpus=2, hours=(n + 2) / 3600)
    k = e.k
    vs = k.vmscan
    last = {"next": window, "cpu": time.process_time(), "ev": dict(vs.vm_events), "vis": 0}

    def progress(t: float) -> None:
        if t < last["next"]:
            return
        last["next"] += window
        now = time.process_time()
        ev = vs.vm_events
        memcgs = sum(len(v) for v in k.memcg_children.values())
        print(f"t={t:7.0f} cpu_us/lc={(now - last['cpu']) / window * 1e6:8.0f} "
              f"memcgs={memcgs:6d} visited={vs.memcgs_visited - last['vis']:8d} "
              + " ".join(f"{x}={ev[x] - last['ev'][x]}" for x in EVENTS), flush=True)
        last.update(cpu=now, ev=dict(ev), vis=vs.memcgs_visited)

    e.progress = progress
    t0 = time.process_time()
    e.run()
    print(f"total CPU {time.process_time() - t0:.1f} s")


if __name__ == "__main__":
    main()
