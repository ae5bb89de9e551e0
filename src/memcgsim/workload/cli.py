"""Subcommands: ``churn``, ``runs list|show|export``, ``plot``, ``sweep``."""
from __future__ import annotations

import json
import sys

from ..designs import DESIGNS

_FLAG_KEYS = {  # churn flags -> dotted workload keys (applied to every job)
    "rate": "jobs.*.rate_per_hour", "tasks": "jobs.*.tasks", "anon_pages": "jobs.*.anon_pages",
    "cache_pages": "jobs.*.cache_pages", "shared_pages": "jobs.*.shared_pages",
    "negative_dentries": "jobs.*.negative_dentries", "files": "jobs.*.files",
    "sockets": "jobs.*.sockets", "memory_high_pages": "jobs.*.memory_high_pages",
    "drop_caches_every": "drop_caches_every",
}


def _db_arg(p) -> None:
    p.add_argument("--db", help="run store (default $MEMCGSIM_DB or ~/.local/share/memcgsim/runs.sqlite)")


def register(sub) -> None:
    c = sub.add_parser("churn", help="simulate container churn on the simulated clock, store the runs")
    src = c.add_mutually_exclusive_group()
    src.add_argument("--preset", help="a shipped workload (--list-presets)")
    src.add_argument("--workload", metavar="FILE.toml", help="a workload file")
    c.add_argument("--list-presets", action="store_true")
    c.add_argument("--kernel", action="append", metavar="DESIGN[,BOOT]",
                   help="kernel design, optionally with a boot line, e.g. 5.12 or "
                        "'5.12,cgroup.memory=nokmem' (repeat to compare)")
    c.add_argument("--boot", default="", help="boot line for every --kernel without one")
    c.add_argument("--cgroup", choices=("v1", "v2"), help="override the workload's cgroup mode")
    c.add_argument("--cpus", type=int, default=2)
    c.add_argument("--seed", type=int, action="append", help="seed (repeatable; default 0)")
    c.add_argument("--hours", type=float, help="simulated hours (default: the workload's)")
    c.add_argument("--sample-interval", type=float, metavar="SECONDS")
    c.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a workload key, e.g. jobs.0.lifetime=exp:600, jobs.*.reuse_cgroup=true")
    c.add_argument("--rate", type=float, help="arrivals per hour of every job class")
    for f in ("tasks", "anon_pages", "cache_pages", "shared_pages", "negative_dentries", "files",
              "sockets", "memory_high_pages"):
        c.add_argument("--" + f.replace("_", "-"), dest=f, type=int)
    c.add_argument("--drop-caches-every", type=float, metavar="SECONDS")
    c.add_argument("--name", help="run name prefix in the store")
    c.add_argument("--no-store", action="store_true", help="do not store the runs")
    c.add_argument("--json", action="store_true", help="print the summaries as JSON")
    c.add_argument("--no-progress", action="store_true")
    _db_arg(c)
    c.set_defaults(fn=cmd_churn)

    r = sub.add_parser("runs", help="list, show or export stored churn runs")
    rs = r.add_subparsers(dest="runs_cmd", required=True)
    rl = rs.add_parser("list")
    rl.add_argument("--workload")
    rl.add_argument("--sweep")
    rl.add_argument("--json", action="store_true")
    _db_arg(rl)
    rl.set_defaults(fn=cmd_runs_list)
    rsh = rs.add_parser("show")
    rsh.add_argument("run", help="run id or name")
    rsh.add_argument("--series", action="store_true", help="print the time series too")
    _db_arg(rsh)
    rsh.set_defaults(fn=cmd_runs_show)
    rx = rs.add_parser("export")
    rx.add_argument("run", nargs="+")
    rx.add_argument("--format", choices=("csv", "json", "parquet"), default="csv")
    rx.add_argument("-o", "--output", default="-")
    _db_arg(rx)
    rx.set_defaults(fn=cmd_runs_export)

    p = sub.add_parser("plot", help="draw stored runs' curves on one figure")
    p.add_argument("run", nargs="+", help="run ids or names")
    p.add_argument("-o", "--output", help="FILE.png or FILE.svg")
    p.add_argument("--metric", action="append",
                   help="dying (default), live, memcg_ids, pinned_bytes, memcgs_visited, ... (repeatable)")
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report")
    _db_arg(p)
    p.set_defaults(fn=cmd_plot)

    s = sub.add_parser("sweep", help="run designs x parameters x seeds in parallel")
    s.add_argument("grid", help="GRID.toml")
    s.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="a Dask scheduler")
    s.add_argument("--workers", type=int, help="local processes (default: CPUs)")
    s.add_argument("--name", help="sweep name in the store (default: the grid file's)")
    s.add_argument("--no-progress", action="store_true")
    _db_arg(s)
    s.set_defaults(fn=cmd_sweep)


# ------------------------------------------------------------------ churn
def _value(text: str):
    t = text.strip()
    if t.lower() in ("true", "false"):
        return t.lower() == "true"
    for conv in (int, float):
        try:
            return conv(t)
        except ValueError:
            pass
    return t


def build_workload(args):
    from .presets import get_preset
    from .spec import Workload, load_toml, set_path
    if args.workload:
        wl = load_toml(args.workload)
    else:
        wl = get_preset(args.preset or "k8s-node")
    d = wl.to_dict()
    if args.cgroup:
        d["cgroup"] = args.cgroup
    for key, path in _FLAG_KEYS.items():
        v = getattr(args, key, None)
        if v is not None:
            set_path(d, path, v)
    for item in args.set:
        if "=" not in item:
            raise ValueError(f"--set wants KEY=VALUE, not {item!r}")
        key, val = item.split("=", 1)
        set_path(d, key, _value(val))
    return Workload.from_dict(d)


def _kernels(args) -> list[tuple[str, str]]:
    out = []
    for item in args.kernel or ["5.13"]:
        design, _, boot = item.partition(",")
        if design not in DESIGNS:
            raise ValueError(f"unknown kernel design {design!r}; known: {', '.join(DESIGNS)}")
        out.append((design, boot or args.boot))
    return out


def _progress(disabled: bool):
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TimeRemainingColumn(),
                    disable=disabled, transient=False, console=_console())


def _console():
    from rich.console import Console
    return Console(stderr=True)


def cmd_churn(args) -> int:
    from . import engine
    from .presets import PRESETS
    from .store import Store, run_label
    if args.list_presets:
        for name, fn in PRESETS.items():
            print(f"{name:16} {fn().description}")
        return 0
    wl = build_workload(args)
    hours = args.hours if args.hours is not None else wl.hours
    seeds = args.seed or [0]
    store = None if args.no_store else Store(args.db)
    out = []
    with _progress(args.no_progress) as prog:
        for design, boot in _kernels(args):
            for seed in seeds:
                label = run_label({"design": design, "boot": boot})
                tid = prog.add_task(f"{wl.name} {label} s{seed}", total=round(hours * 3600))
                res = engine.run(wl, design, boot, args.cpus, seed, hours, args.sample_interval,
                                 progress=lambda t, tid=tid: prog.update(tid, completed=round(t)))
                rid = None
                if store is not None:
                    name = f"{args.name or wl.name}/{label}/s{seed}"
                    rid = store.add(res, name=name)
                out.append((rid, res))
    if store is not None:
        store.close()
    if args.json:
        json.dump([{"run_id": rid, "design": r["design"], "boot": r["boot"], "seed": r["seed"],
                    "wall_seconds": r["wall_seconds"], "summary": r["summary"]} for rid, r in out],
                  sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        _summary_table(out, store.path if store else None)
    return 0


def _summary_table(out, path) -> None:
    from rich.table import Table
    from .store import run_label
    t = Table(title="churn runs" + (f" (stored in {path})" if path else ""))
    for col in ("run", "kernel", "seed", "jobs", "rmdir", "dying", "max dying", "max IDs",
                "max MiB pinned", "pins at end", "visits/reclaim", "wall s"):
        t.add_column(col)
    for rid, r in out:
        s = r["summary"]
        pins = ", ".join(f"{k} {v}" for k, v in s["pins_final"].items()) or "-"
        t.add_row(str(rid or "-"), run_label(r), str(r["seed"]), str(s["jobs_started"]),
                  str(s["cgroups_removed"]), str(s["dying_final"]), str(s["dying_max"]),
                  str(s["memcg_ids_max"]), f"{s['pinned_bytes_max'] / 2**20:.1f}", pins,
                  str(s["memcgs_visited_per_reclaim_pass"]), f"{r['wall_seconds']:.1f}")
    _out_console().print(t)


def _out_console():
    """Tables to stdout, at least 150 columns wide when stdout is not a terminal."""
    from rich.console import Console
    con = Console(highlight=False)
    if not con.is_terminal and con.width < 150:
        con = Console(highlight=False, width=150)
    return con


# ------------------------------------------------------------------- runs
def cmd_runs_list(args) -> int:
    from .store import Store
    with Store(args.db) as st:
        runs = st.list(args.workload, args.sweep)
    if args.json:
        json.dump(runs, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
        return 0
    from rich.table import Table
    t = Table(title=f"runs in {st.path}")
    for col in ("id", "name", "workload", "design", "boot", "cgroup", "cpus", "seed", "hours",
                "dying (end)", "dying (max)", "wall s"):
        t.add_column(col)
    for r in runs:
        s = r["summary"]
        t.add_row(str(r["id"]), r["name"], r["workload"], r["design"], r["boot"] or "-",
                  r["cgroup"], str(r["cpus"]), str(r["seed"]), f"{r['hours']:g}",
                  str(s.get("dying_final", "")), str(s.get("dying_max", "")),
                  f"{r['wall_seconds'] or 0:.1f}")
    _out_console().print(t)
    return 0


def cmd_runs_show(args) -> int:
    from .store import Store
    with Store(args.db) as st:
        r = st.get(args.run)
    if not args.series:
        r.pop("series")
        r.pop("pins")
    json.dump(r, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


def cmd_runs_export(args) -> int:
    from .store import Store, export
    with Store(args.db) as st:
        runs = [st.get(ref) for ref in args.run]
    data = export(runs, args.format, args.output)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


# ------------------------------------------------------------------- plot
def cmd_plot(args) -> int:
    from . import plot
    from .store import Store
    if not args.output and not args.report:
        raise ValueError("plot needs -o FILE.png|FILE.svg and/or --report FILE.html")
    with Store(args.db) as st:
        runs = [st.get(ref) for ref in args.run]
    metrics = args.metric or ["dying"]
    if args.output:
        plot.save(runs, metrics, args.output)
        print(args.output)
    if args.report:
        plot.report(runs, metrics if args.metric else ["dying", "pinned_bytes", "memcg_ids"],
                    args.report)
        print(args.report)
    return 0


# ------------------------------------------------------------------ sweep
def cmd_sweep(args) -> int:
    import os
    from . import sweep
    from .store import Store
    grid = sweep.load_grid(args.grid)
    pts = sweep.points(grid)
    name = args.name or os.path.splitext(os.path.basename(args.grid))[0]
    st = Store(args.db)
    with _progress(args.no_progress) as prog:
        tid = prog.add_task(f"sweep {name} ({len(pts)} runs)", total=len(pts))
        results = sweep.run_sweep(pts, args.scheduler, args.workers,
                                  on_done=lambda i, r: prog.advance(tid))
    ids = [st.add(r, name=f"{name}/{p.label}", sweep=name) for p, r in zip(pts, results)]
    st.close()
    out = [(rid, r) for rid, r in zip(ids, results)]
    _summary_table(out, st.path)
    return 0
