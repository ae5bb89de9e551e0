"""Sweeps: the product of designs x boot lines x parameter values x seeds, run
in parallel on local processes (``concurrent.futures``) or on a Dask cluster
(``distributed.Client(address)``). Each point is an independent, deterministic
``engine.run``; the caller stores the results, in grid order, in one writer.

A grid file (TOML)::

    workload = "ci-runner"        # a preset, or a path to a workload TOML
    hours = 2
    designs = ["5.12", "5.13"]
    boots = ["", "cgroup.memory=nokmem"]
    seeds = [0, 1]
    cpus = 2
    [params]                      # dotted paths into the workload, lists of values
    "jobs.0.rate_per_hour" = [10, 30]
    [workload_overrides]          # single values applied to every point
    sample_interval = 600
"""
from __future__ import annotations

import itertools
import os
import tomllib
from dataclasses import dataclass

from .spec import Workload, load_toml, set_path


@dataclass
class Point:
    spec: dict
    design: str
    boot: str
    seed: int
    cpus: int
    hours: float | None
    label: str


def load_grid(path: str) -> dict:
    with open(path, "rb") as f:
        try:
            grid = tomllib.load(f)
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
            raise ValueError(f"{path}: {e}") from None
    grid.setdefault("_dir", os.path.dirname(os.path.abspath(path)))
    return grid


def base_workload(grid: dict) -> Workload:
    from .presets import PRESETS, get_preset
    w = grid.get("workload", "k8s-node")
    if isinstance(w, dict):
        return Workload.from_dict(w)
    if w in PRESETS:
        return get_preset(w)
    p = w if os.path.isabs(w) else os.path.join(grid.get("_dir", "."), w)
    return load_toml(p)


def check_grid(grid: dict) -> None:
    """Refuse a grid the runs cannot take: unknown keys, designs or boot options;
    hours, cpus and seeds out of range."""
    from ..designs import DESIGNS, BootOptions
    known = {"workload", "hours", "designs", "boots", "seeds", "cpus", "params",
             "workload_overrides", "_dir"}
    bad = set(grid) - known
    if bad:
        raise ValueError(f"unknown grid keys: {', '.join(sorted(bad))}")
    h = grid.get("hours")
    if h is not None and (isinstance(h, bool) or not isinstance(h, (int, float))
                          or not 0 < h < float("inf")):
        raise ValueError(f"grid: hours must be a finite number > 0, not {h!r}")
    c = grid.get("cpus", 2)
    if isinstance(c, bool) or not isinstance(c, int) or c < 1:
        raise ValueError(f"grid: cpus must be a whole number >= 1, not {c!r}")
    for key in ("designs", "boots", "seeds"):
        if key in grid and (not isinstance(grid[key], list) or not grid[key]):
            raise ValueError(f"grid: {key} must be a non-empty list")
    for d in grid.get("designs", []):
        if d not in DESIGNS:
            raise ValueError(f"grid: unknown kernel design {d!r}; known: {', '.join(DESIGNS)}")
    for b in grid.get("boots", []):
        BootOptions.parse(str(b))
    for s in grid.get("seeds", []):
        if isinstance(s, bool) or not isinstance(s, int) or s < 0:
            raise ValueError(f"grid: seeds must be whole numbers >= 0, not {s!r}")
    params = grid.get("params", {})
    if not isinstance(params, dict) or any(not isinstance(v, list) or not v
                                           for v in params.values()):
        raise ValueError("grid: [params] maps each key to a non-empty list of values")


def points(grid: dict) -> list[Point]:
    """Every point of the grid, in a fixed order (params, designs, boots, seeds)."""
    check_grid(grid)
    base = base_workload(grid).to_dict()
    for key, val in grid.get("workload_overrides", {}).items():
        set_path(base, key, val)
    params = grid.get("params", {})
    names = sorted(params)
    out = []
    for values in itertools.product(*(params[n] for n in names)):
        spec = json_copy(base)
        for n, v in zip(names, values):
            set_path(spec, n, v)
        w = Workload.from_dict(spec)   # validate early
        if grid.get("hours") is not None:
            w.hours = grid["hours"]
            w.validate()
        plabel = ",".join(f"{n}={v}" for n, v in zip(names, values))
        for design in grid.get("designs", ["5.12", "5.13"]):
            for boot in grid.get("boots", [""]):
                for seed in grid.get("seeds", [0]):
                    label = "/".join(x for x in (design + (f"+{boot}" if boot else ""),
                                                 plabel, f"s{seed}") if x)
                    out.append(Point(spec, design, boot, int(seed), int(grid.get("cpus", 2)),
                                     grid.get("hours"), label))
    return out


def json_copy(d: dict) -> dict:
    import json
    return json.loads(json.dumps(d))


def run_point(p: Point) -> dict:
    """Worker side: one run, no store, no progress (importable by Dask workers)."""
    from . import engine
    return engine.run(Workload.from_dict(p.spec), p.design, p.boot, p.cpus, p.seed, p.hours)


def _worker_init() -> None:
    """Local workers leave SIGINT (a terminal's Ctrl-C reaches the whole process
    group) to the parent, which stops them."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def run_sweep(pts: list[Point], scheduler: str | None = None, workers: int | None = None,
              on_done=None) -> list[dict]:
    """Run every point; results in the order of ``pts``. ``on_done(i, result)`` is
    called as each finishes (progress, and what an interrupted sweep keeps). An
    exception raised meanwhile (the caller's signal handler) cancels the points
    not yet run and ends the workers before it goes on."""
    results: list = [None] * len(pts)
    if scheduler:
        try:
            from distributed import Client, as_completed
        except ImportError:
            raise ValueError("--scheduler needs dask[distributed]: pip install 'memcgsim[churn]'") from None
        with Client(scheduler) as client:
            futs = {client.submit(run_point, p, pure=False): i for i, p in enumerate(pts)}
            try:
                for fut in as_completed(futs):
                    i = futs[fut]
                    results[i] = fut.result()
                    if on_done:
                        on_done(i, results[i])
            except BaseException:
                client.cancel(list(futs))
                raise
        return results
    workers = workers or os.cpu_count() or 1
    if workers == 1:
        for i, p in enumerate(pts):
            results[i] = run_point(p)
            if on_done:
                on_done(i, results[i])
        return results
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor, as_completed as cf_completed
    ctx = mp.get_context("spawn" if os.name != "posix" else "forkserver")
    ex = ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=_worker_init)
    try:
        futs = {ex.submit(run_point, p): i for i, p in enumerate(pts)}
        for fut in cf_completed(futs):
            i = futs[fut]
            results[i] = fut.result()
            if on_done:
                on_done(i, results[i])
    except BaseException:
        procs = list((getattr(ex, "_processes", None) or {}).values())
        ex.shutdown(wait=False, cancel_futures=True)
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.join(10)
        raise
    ex.shutdown(wait=True)
    return results
