"""Where a churn run's time and memory go as dying cgroups accumulate: the
benchmark's lifecycles (``churn_bench.py``), design 5.13.

Run: ``python bench/churn_probe.py gc [--lifecycles N] [--window N] [--cpus N]
[--histogram N,N]`` prints per window of lifecycles the CPU time, the cyclic
collector's CPU time per generation and its collections, and the objects it
tracks (``gc.get_objects``: not those ``gc.freeze`` set aside); with
``--histogram``, the tracked objects by type once that many lifecycles are done.

``python bench/churn_probe.py memory [--lifecycles N] [--cpus N] [--by lineno|filename]
[--last L] [--rows R]`` prints what a lifecycle leaves allocated: tracemalloc snapshots (one
frame) at half and at the end of the run, ``gc.collect()`` before each, their
difference per lifecycle, largest first. With ``--last L``: of the last L
lifecycles only, tracemalloc started L lifecycles before them (the run up to there
at full speed); what was allocated before it started is not traced, so a container
first grown in the window counts whole (an upper bound where one doubled).

``python bench/churn_probe.py containers [--lifecycles N] [--window N] [--cpus N]
[--at N,N] [--min-mib M]`` prints as each window ends the RSS and glibc's
``mallinfo2`` (the heap's bytes in use and free, the mmapped chunks'), and at the
lifecycle counts of ``--at`` every container of at least ``M`` MiB
(``sys.getsizeof``) that a gc-tracked object holds, with the attribute or key
that holds it: what a jump in RSS between two windows grew.

``python bench/churn_probe.py growth [--lifecycles N] [--cpus N] --at N,N,...`` finds
the containers (dict, set, list, array, bytearray) that grow with the lifecycles
(their items at N/2 and at N) and prints the bytes each would hold, extrapolated
by CPython's growth rules, at each count of ``--at``: which tables double in a
window.

``python bench/churn_probe.py profile [--lifecycles N] [--cpus N] [--mem SIZE] [--rows R]``
prints a cProfile of the run by own time (``R`` rows) and its phases: the cumulative
time of the ``Kernel`` calls the engine makes (fork, exit, reap, mkdir, rmdir, exec,
write, truncate, alloc_anon, lookup_missing), of the page-cache fault-in
(``Engine._fault_in``), the samples and the clock's timers (``Clock.run_until``, also
run inside the calls' ticks: the phases overlap there).

``python bench/churn_probe.py sample [--lifecycles N] [--cpus N] [--mem SIZE] [--reps R]``
runs N lifecycles without sampling, then takes ``R`` samples (``metrics.sample``: every
dying memcg's bytes and pins) with the collector off and prints the process time of a
sample per dying memcg (min and median, and the first's): what a churn run's samples
cost (bench/README.md, session 33: O(dying) each; session 36: the first re-reads
every memcg, marked as it was removed, the others only what changed).

``--mem``: the host's RAM (default the guests' 1G; churn_bench.py's default is 64G).
"""
from __future__ import annotations

import argparse
import collections
import ctypes
import gc
import sys
import time
import tracemalloc
from array import array

from memcgsim.workload import engine
from memcgsim.workload.presets import lifecycle_bench


def _engine(n: int, cpus: int, window: float, mem: str = "") -> engine.Engine:
    wl = lifecycle_bench()
    wl.mem = mem
    wl.jobs[0].max_instances = n
    wl.jobs[0].keep_files = True
    wl.sample_interval = float(window)
    return engine.Engine(wl, "5.13", cpus=cpus, hours=(n + 2) / 3600)


#: the engine's calls whose cumulative time ``profile`` prints as phases
PHASES = {("machine.py", name) for name in (
    "fork", "exit", "reap", "mkdir", "rmdir", "exec", "write", "truncate", "alloc_anon",
    "lookup_missing")} | {("engine.py", "_fault_in"), ("engine.py", "_sample"),
                          ("clock.py", "run_until")}


def probe_profile(n: int, cpus: int, mem: str, rows: int) -> None:
    """cProfile of ``n`` lifecycles: own time, then the phases."""
    import cProfile
    import pstats
    e = _engine(n, cpus, 1000, mem)
    prof = cProfile.Profile()
    prof.enable()
    e.run()
    prof.disable()
    st = pstats.Stats(prof)
    st.sort_stats("tottime").print_stats(rows)
    total = st.total_tt     # type: ignore[attr-defined]
    print(f"phases (cumulative, of {total:.2f} s profiled):")
    for (fn, line, name), v in sorted(st.stats.items(),   # type: ignore[attr-defined]
                                      key=lambda x: -x[1][3]):
        if (fn.rsplit("/", 1)[-1], name) in PHASES:
            print(f"  {name:16s} {v[1]:8d} calls {v[3]:8.2f} s {100 * v[3] / total:5.1f} %")


def probe_sample(n: int, cpus: int, mem: str, reps: int) -> None:
    """Process time of a sample per dying memcg after ``n`` lifecycles."""
    from memcgsim.workload import metrics
    e = _engine(n, cpus, 1e9, mem)
    e.run()
    dying = len(e.tracker.update())
    gc.collect()
    gc.disable()
    try:
        ts = []
        for _ in range(reps):
            t0 = time.process_time()
            row, _pins = metrics.sample(e.k, e.tracker, 0.0, e.counts)
            ts.append(time.process_time() - t0)
    finally:
        gc.enable()
    first = ts[0]
    ts.sort()
    per = 1e6 / max(1, dying)
    print(f"dying {dying}, pinned_bytes {row['pinned_bytes']}: a sample {ts[0] * per:.2f} us "
          f"(min), {ts[len(ts) // 2] * per:.2f} us (median) a dying memcg; the first "
          f"{first * per:.2f} us")


def probe_gc(n: int, window: int, cpus: int, histogram: set[int]) -> None:
    """The collector's share of each window."""
    spent, colls, start = [0.0] * 3, [0] * 3, [0.0]

    def hook(phase, info):
        if phase == "start":
            start[0] = time.process_time()
        else:
            spent[info["generation"]] += time.process_time() - start[0]
            colls[info["generation"]] += 1

    gc.callbacks.insert(0, hook)
    e = _engine(n, cpus, window)
    last = None
    print(f"{'done':>7} {'CPU us/lc':>10} {'gen0/1/2 us/lc':>20} {'collections':>12} "
          f"{'tracked':>8}")

    def prog(t):
        nonlocal last
        w = int(t // window)
        done = e.counts["finished"]
        if last is not None and w != last[0] and done > last[2]:
            d = done - last[2]
            per = " ".join(f"{(spent[g] - last[3][g]) / d * 1e6:6.0f}" for g in range(3))
            cnt = "/".join(str(colls[g] - last[4][g]) for g in range(3))
            print(f"{done:7d} {(time.process_time() - last[1]) / d * 1e6:10.0f} {per:>20} "
                  f"{cnt:>12} {len(gc.get_objects()):8d}", flush=True)
            for h in sorted(x for x in histogram if done >= x):
                histogram.discard(h)
                c = collections.Counter(type(o).__name__ for o in gc.get_objects())
                print(f"  tracked at {done}: {c.most_common(20)}", flush=True)
        if last is None or w != last[0]:
            last = (w, time.process_time(), done, list(spent), list(colls))

    e.progress = prog
    t0 = time.process_time()
    e.run()
    print(f"{n} lifecycles: {time.process_time() - t0:.1f} s CPU, collector "
          f"{sum(spent):.2f} s ({'/'.join(f'{s:.2f}' for s in spent)}), thresholds "
          f"{gc.get_threshold()}")


def probe_memory(n: int, cpus: int, by: str, last: int = 0, rows: int = 40,
                 mem: str = "") -> None:
    """Bytes a lifecycle leaves allocated, by source line or file: over the second
    half of ``n`` lifecycles, or over the ``last`` ones."""
    start, first = (n - 2 * last, n - last) if last else (0, n // 2)
    if not start:
        tracemalloc.start(1)
    e = _engine(n, cpus, min(n, last) if last else n, mem)
    snaps = []

    def prog(t):
        done = e.counts["finished"]
        if start and not tracemalloc.is_tracing() and done >= start:
            gc.collect()
            tracemalloc.start(1)
        if not snaps and done >= first:
            gc.collect()
            snaps.append((done, tracemalloc.take_snapshot()))

    e.progress = prog
    e.run()
    gc.collect()
    snaps.append((e.counts["finished"], tracemalloc.take_snapshot()))
    (n1, s1), (n2, s2) = snaps
    d = n2 - n1
    diff = s2.compare_to(s1, by)
    print(f"{sum(x.size_diff for x in diff) / d:.0f} B a lifecycle ({d} lifecycles, "
          f"{cpus} CPUs)")
    for x in diff[:rows]:
        print(f"{x.size_diff / d:8.0f} B {x.count_diff / d:6.2f} blocks  {x.traceback}")


class _Mallinfo2(ctypes.Structure):
    _fields_ = [(f, ctypes.c_size_t) for f in (
        "arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks",
        "uordblks", "fordblks", "keepcost")]


def _malloc_mib() -> str:
    """glibc's heap (``arena``: in use ``uordblks``, free ``fordblks``) and mmapped
    chunks (``hblkhd``), MiB."""
    f = ctypes.CDLL(None).mallinfo2
    f.restype = _Mallinfo2
    m = f()
    mib = 1 << 20
    return (f"heap {m.arena / mib:.0f} (used {m.uordblks / mib:.0f}, free "
            f"{m.fordblks / mib:.0f}), mmapped {m.hblkhd / mib:.0f} in {m.hblks}")


def _rss_mib() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / (1 << 20)


def _holder(obj, mine: tuple) -> str:
    """The type and the attribute, slot or key through which a tracked object
    (not one of ``mine``: the probe's own) holds ``obj``."""
    out = []
    for r in gc.get_referrers(obj):
        if any(r is m for m in mine) or type(r).__name__ in ("frame", "cell"):
            continue
        names = []
        if isinstance(r, dict):
            names = [repr(k) for k, v in r.items() if v is obj]
        else:
            for cls in type(r).__mro__:
                for slot in getattr(cls, "__slots__", ()):
                    if getattr(r, slot, None) is obj:
                        names.append(slot)
        out.append(f"{type(r).__name__}.{'/'.join(names) or '?'}")
    return ", ".join(out[:3])


def _all_objects() -> list:
    """Every tracked object, those ``gc.freeze`` set aside (memcgsim.gcpolicy) too
    (set aside again after)."""
    gc.unfreeze()
    objs = gc.get_objects()
    gc.freeze()
    return objs


def _containers() -> dict:
    """id -> (container, its holder's type and attribute) of every dict, set, list,
    array and bytearray a tracked object holds (or that is one), 64 items or more."""
    out: dict = {}
    kinds = (dict, set, list, bytearray, array)
    for o in _all_objects():
        names = None
        for r in (o, *gc.get_referents(o)):
            if isinstance(r, kinds) and len(r) >= 64 and id(r) not in out:
                if names is None:
                    names = {}
                    if isinstance(o, dict):
                        names = {id(v): repr(k)[:30] for k, v in o.items()
                                 if isinstance(v, kinds)}
                    else:
                        for cls in type(o).__mro__:
                            for slot in getattr(cls, "__slots__", ()):
                                v = getattr(o, slot, None)
                                if isinstance(v, kinds):
                                    names[id(v)] = slot
                where = "itself" if r is o else f"{type(o).__name__}.{names.get(id(r), '?')}"
                out[id(r)] = (r, where)
    return out


def _table_bytes(kind: str, n: int, itemsize: int = 8) -> int:
    """The bytes CPython 3.11 holds for a container of ``n`` items grown by
    inserts only: a dict's table doubles once 2/3 full (indices of 1, 2, 4 or 8
    bytes, 24-byte entries), a set's once 3/5 full (x4 below 50,000 items, else
    x2; 16 bytes a slot), a list over-allocates 1/8, an array 1/16."""
    if kind == "dict":
        size = 8
        while size * 2 // 3 < n:
            size *= 2
        ix = 1 if size <= 0xff else 2 if size <= 0xffff else 4 if size <= 0xffffffff else 8
        return size * ix + size * 2 // 3 * 24
    if kind == "set":
        size, used = 8, 0
        while used < n:
            used += 1
            if used * 5 >= (size - 1) * 3:
                want = used * 4 if used < 50000 else used * 2
                while size <= want:
                    size *= 2
        return size * 16
    return n * itemsize * (9 if kind == "list" else 17) // (8 if kind == "list" else 16)


def probe_growth(a: int, b: int, cpus: int, at: list[int], mem: str = "") -> None:
    """The containers that grow with the lifecycles (their items at ``a`` and at
    ``b`` lifecycles) and, extrapolated, the bytes each holds at each count of
    ``at``: which tables double between two windows."""
    e = _engine(b, cpus, b, mem)
    snap: dict = {}

    def prog(t):
        done = e.counts["finished"]
        if not snap and done >= a:
            snap.update({i: (len(c), w) for i, (c, w) in _containers().items()})
            snap[None] = done

    e.progress = prog
    e.run()
    n1, now = snap.pop(None), _containers()
    n2 = e.counts["finished"]
    rows = []
    for i, (c, where) in now.items():
        if i not in snap:
            continue
        rate = (len(c) - snap[i][0]) / (n2 - n1)
        if rate < 0.2:
            continue
        kind = "dict" if isinstance(c, dict) else "set" if isinstance(c, set) else \
            "list" if isinstance(c, list) else "array"
        size = getattr(c, "itemsize", 1 if isinstance(c, bytearray) else 8)
        base = len(c) - rate * n2
        rows.append((kind, where, rate, size, base))
    print(f"containers growing >= 0.2 items a lifecycle ({n1} -> {n2} lifecycles, "
          f"{cpus} CPUs); MiB at " + ", ".join(map(str, at)))
    tot = [0] * len(at)
    for kind, where, rate, size, base in sorted(rows, key=lambda r: -r[2] * r[3]):
        mib = [_table_bytes(kind, int(base + rate * x), size) / (1 << 20) for x in at]
        tot = [t + m for t, m in zip(tot, mib)]
        print(f"  {kind:5} {rate:7.2f}/lc {where[:60]:60} " + " ".join(f"{m:7.1f}" for m in mib))
    print(f"  {'total':74} " + " ".join(f"{t:7.1f}" for t in tot))


def probe_containers(n: int, window: int, cpus: int, at: set[int], min_mib: float) -> None:
    """RSS, malloc's heap and the big containers as windows end."""
    e = _engine(n, cpus, window)
    seen = [0]

    def prog(t):
        done = e.counts["finished"]
        if done // window == seen[0] // window:
            return
        seen[0] = done
        print(f"{done:7d} lifecycles: RSS {_rss_mib():.0f} MiB, {_malloc_mib()}", flush=True)
        if not any(seen[0] - window < x <= seen[0] for x in at):
            return
        big: dict = {}
        objs = _all_objects()
        for o in objs:
            for r in (o, *gc.get_referents(o)):
                if id(r) not in big and sys.getsizeof(r) >= min_mib * (1 << 20):
                    big[id(r)] = r
        del objs
        rows = sorted(big.values(), key=sys.getsizeof, reverse=True)
        big.clear()
        for r in rows:
            ln = len(r) if hasattr(r, "__len__") else ""
            print(f"   {sys.getsizeof(r) / (1 << 20):8.1f} MiB {type(r).__name__}"
                  f"[{ln}] {getattr(r, 'typecode', '')} held by {_holder(r, (rows, big))}",
                  flush=True)
        del rows

    e.progress = prog
    e.run()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("what", choices=("gc", "memory", "containers", "growth", "profile",
                                     "sample"))
    ap.add_argument("--lifecycles", type=int, default=10_000)
    ap.add_argument("--window", type=int, default=1000)
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--histogram", default="", help="lifecycle counts, comma-separated")
    ap.add_argument("--by", default="lineno", choices=("lineno", "filename"))
    ap.add_argument("--last", type=int, default=0,
                    help="only the last N lifecycles (tracemalloc from 2N before the end)")
    ap.add_argument("--rows", type=int, default=40, help="memory: the lines printed")
    ap.add_argument("--at", default="", help="lifecycle counts, comma-separated")
    ap.add_argument("--min-mib", type=float, default=4.0)
    ap.add_argument("--mem", default="", help="the host's RAM (default the guests' 1G)")
    ap.add_argument("--reps", type=int, default=15, help="sample: the samples taken")
    a = ap.parse_args()
    if a.what == "profile":
        probe_profile(a.lifecycles, a.cpus, a.mem, a.rows)
    elif a.what == "sample":
        probe_sample(a.lifecycles, a.cpus, a.mem, a.reps)
    elif a.what == "growth":
        probe_growth(a.lifecycles // 2, a.lifecycles, a.cpus,
                     [int(x) for x in a.at.split(",") if x], a.mem)
    elif a.what == "containers":
        probe_containers(a.lifecycles, a.window, a.cpus,
                         {int(x) for x in a.at.split(",") if x}, a.min_mib)
    elif a.what == "gc":
        probe_gc(a.lifecycles, a.window, a.cpus,
                 {int(x) for x in a.histogram.split(",") if x})
    else:
        probe_memory(a.lifecycles, a.cpus, a.by, a.last, a.rows, a.mem)


if __name__ == "__main__":
    main()
