"""Churn benchmarks: lifecycles per second, flatness as dying cgroups accumulate,
and memory per live page.

Run: ``python bench/churn_bench.py [--lifecycles N] [--window N] [--cpus N] [--design D]
[--pages N]``.

1. Lifecycles: each is mkdir, 10 tasks forked and exited, 256 anon pages,
   64 page-cache pages (a kept file: its pages stay charged to the removed cgroup,
   so dying cgroups accumulate in every design), 100 slab objects (negative
   dentries), rmdir; one per simulated second. Prints the simulator's time per
   lifecycle (wall and CPU) in windows, beside the dying count, and the process's
   RSS (``/proc/self/statm``) and peak RSS (``ru_maxrss``) as each window ends.
2. Live pages: anon pages held by live containers; peak RSS per page.
"""
from __future__ import annotations

import argparse
import gc
import resource
import sys
import time

from memcgsim.workload import engine
from memcgsim.workload.presets import lifecycle_bench
from memcgsim.workload.spec import Dist, Job, Workload


def bench_lifecycles(n: int, design: str, window: int, cpus: int = 2, mem: str = "") -> None:
    wl = lifecycle_bench()
    wl.mem = mem
    j = wl.jobs[0]
    j.max_instances = n
    j.keep_files = True
    wl.sample_interval = float(window)       # one sample per window of lifecycles
    e = engine.Engine(wl, design, cpus=cpus, hours=(n + 2) / 3600)
    marks = []

    def prog(t):
        marks.append((t, time.perf_counter(), time.process_time(), _rss_now_mib(),
                      _rss_mib()))

    e.progress = prog
    t0 = time.perf_counter()
    res = e.run()
    total = time.perf_counter() - t0
    s = res["summary"]
    print(f"design {design}, {cpus} CPUs: {s['cgroups_removed']} lifecycles in {total:.1f} s "
          f"= {total / max(1, s['cgroups_removed']) * 1e6:.0f} us/lifecycle; "
          f"dying at end {s['dying_final']}, peak RSS {_rss_mib():.0f} MiB")
    # per window: wall time between samples (samples are model events too)
    rows = res["series"]
    # (CPU time too: on a shared machine the wall time says more about the load)
    print(f"  {'t (s)':>8} {'dying':>7} {'us/lifecycle':>13} {'CPU us/lifecycle':>17} "
          f"{'RSS MiB':>8} {'peak MiB':>9}")
    times = _sample_walls(marks, [r["t"] for r in rows])
    for (a, b), (ta, tb) in zip(zip(rows, rows[1:]), zip(times, times[1:])):
        done = b["finished"] - a["finished"]
        if done and ta is not None and tb is not None:
            print(f"  {b['t']:8.0f} {b['dying']:7d} {(tb[0] - ta[0]) / done * 1e6:13.0f} "
                  f"{(tb[1] - ta[1]) / done * 1e6:17.0f} {tb[2]:8.0f} {tb[3]:9.0f}")


def _sample_walls(marks, ts):
    """Wall and CPU time at which the run passed each sample time (from progress marks)."""
    out = []
    i = 0
    for t in ts:
        while i < len(marks) and marks[i][0] < t:
            i += 1
        out.append(marks[i][1:] if i < len(marks) else None)
    return out


def bench_pages(pages: int, design: str, per_container: int = 10_000) -> None:
    n = pages // per_container
    wl = Workload(name="pages", cgroup="v2", parent="p", hours=1.0, sample_interval=3600.0,
                  jobs=[Job(name="c", rate_per_hour=3600.0, arrival="fixed", max_instances=n,
                            lifetime=Dist("fixed", 10 * n), tasks=1, anon_pages=per_container)])
    gc.collect()
    before = _rss_mib()
    t0 = time.perf_counter()
    e = engine.Engine(wl, design, hours=(n + 1) / 3600)
    e.run()
    dt = time.perf_counter() - t0
    live = len(e.k.mem_map)
    rss = _rss_mib()
    print(f"design {design}: {live:,} live pages in {n} containers, {dt:.1f} s; peak RSS "
          f"{rss:.0f} MiB ({(rss - before) * 2**20 / live:.0f} B/page)")


def _rss_mib() -> float:
    """Peak RSS so far, MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _rss_now_mib() -> float:
    """RSS now, MiB (``/proc/self/statm``'s resident pages; 0 where there is none)."""
    try:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return 0.0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lifecycles", type=int, default=10_000)
    ap.add_argument("--window", type=int, default=1000)
    ap.add_argument("--design", default="5.13")
    ap.add_argument("--cpus", type=int, default=2, help="simulated CPUs (lifecycles)")
    ap.add_argument("--pages", type=int, default=0, help="also the live-pages benchmark")
    ap.add_argument("--mem", default="64G",
                    help="the host's RAM (default 64G: issue 14's fleet host, whose page cache "
                         "of 100,000 lifecycles, 25 GB, stays: every removed memcg stays dying; "
                         "1G is the guests', which reclaims from ~4,000 lifecycles on)")
    a = ap.parse_args()
    print(f"python {sys.version.split()[0]}")
    if a.lifecycles:
        bench_lifecycles(a.lifecycles, a.design, a.window, a.cpus, a.mem)
    if a.pages:
        bench_pages(a.pages, a.design)


if __name__ == "__main__":
    main()
