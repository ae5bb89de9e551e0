"""Subcommands: ``churn``, ``runs list|show|export|import``, ``plot``, ``sweep``."""
from __future__ import annotations

import argparse
import json
import math
import signal
import sys

from ..designs import DESIGNS, NEWEST
from ..kernel import NR_CPUS

#: churn's kernel when no --kernel is given: the first design with obj_cgroup
#: kmem charging (Linux commit bf4f059954dc, v5.13), the churn presets' reference
DEFAULT_KERNEL = "5.13"

#: the most CPUs a kernel can have (``NR_CPUS``)
MAX_CPUS = NR_CPUS

_FLAG_KEYS = {  # churn flags -> dotted workload keys (applied to every job)
    "rate": "jobs.*.rate_per_hour", "tasks": "jobs.*.tasks", "anon_pages": "jobs.*.anon_pages",
    "cache_pages": "jobs.*.cache_pages", "shared_pages": "jobs.*.shared_pages",
    "negative_dentries": "jobs.*.negative_dentries", "files": "jobs.*.files",
    "sockets": "jobs.*.sockets", "memory_high_pages": "jobs.*.memory_high_pages",
    "drop_caches_every": "drop_caches_every", "hours": "hours",
    "sample_interval": "sample_interval", "mem": "mem",
}


# ---------------------------------------------------------- option types
def _number(least: float = 0, positive: bool = False, whole: bool = False,
            most: float | None = None):
    """An argparse type: a finite number (whole if ``whole``) >= ``least`` (> 0 if
    ``positive``), <= ``most``; the message says what it wants."""
    want = ("a whole number" if whole else "a number") + (
        " > 0" if positive else f" >= {least:g}") + (f" and <= {most:g}" if most else "")

    def conv(text: str):
        try:
            v = int(text) if whole else float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"must be {want}, not {text!r}") from None
        if not whole and v.is_integer() and text.strip().lstrip("+-").isdigit():
            v = int(v)              # "6" stays 6 in the stored parameters
        if not math.isfinite(v) or v < least or (positive and v <= 0) \
                or (most is not None and v > most):
            raise argparse.ArgumentTypeError(f"must be {want}, not {text!r}")
        return v
    conv.__name__ = "number"
    return conv


def _mem_size(text: str) -> str:
    """An argparse type: a RAM size ``parse_mem`` accepts (1G, 64G, 384M), kept as
    written (the stored workload's ``mem``)."""
    from ..kernel.sizes.hostmem import parse_mem
    try:
        parse_mem(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None
    return text


def _db_arg(p, reads: bool) -> None:
    p.add_argument("--db", metavar="PATH", help=(
        "run store (default: $MEMCGSIM_DB, else ~/.local/share/memcgsim/runs.sqlite)"
        + ("; it must exist" if reads else "; created if missing")))


def register(sub) -> None:
    """Add the churn, runs, plot and sweep subcommands."""
    c = sub.add_parser("churn",
                       help="simulate container churn on the simulated clock, store the runs",
                       description="Simulate container churn on the simulated clock and store "
                                   "each run (design x seed) as it goes. Ctrl-C or SIGTERM end "
                                   "the run in progress cleanly: it is stored as interrupted "
                                   "with its samples so far (exit 130/143); an event still "
                                   "running 2 s later (a second signal: at once) is given "
                                   "up. A store locked by "
                                   "another connection is waited for up to $MEMCGSIM_DB_WAIT "
                                   "seconds (default 60); then the run goes to a side file "
                                   "that 'runs import' stores.")
    src = c.add_mutually_exclusive_group()
    src.add_argument("--preset", help="a shipped workload (default k8s-node; --list-presets)")
    src.add_argument("--workload", metavar="FILE",
                     help="a workload file instead of a preset (TOML, or JSON from "
                          "'runs show RUN --params'; default: none)")
    c.add_argument("--list-presets", action="store_true",
                   help="list the shipped workloads and exit")
    c.add_argument("--kernel", action="append", metavar="DESIGN[,BOOT]",
                   help=f"kernel design, optionally with a boot line, e.g. 5.12 or "
                        f"'5.12,cgroup.memory=nokmem' (repeat to compare; default "
                        f"{DEFAULT_KERNEL}; 'run' defaults to {NEWEST})")
    c.add_argument("--boot", default="", help="boot line for every --kernel without one "
                                              "(default: none)")
    c.add_argument("--cgroup", choices=("v1", "v2"), help="override the workload's cgroup mode "
                                                          "(default: the workload's)")
    c.add_argument("--cpus", type=_number(1, whole=True, most=MAX_CPUS), default=2,
                   help="simulated CPUs (default 2)")
    c.add_argument("--seed", type=_number(0, whole=True), action="append",
                   help="seed (repeat for several runs; default 0)")
    c.add_argument("--hours", type=_number(positive=True),
                   help="simulated hours (default: the workload's, 24 for most presets)")
    c.add_argument("--sample-interval", type=_number(positive=True), metavar="SECONDS",
                   help="simulated seconds between samples (default: the workload's, "
                        "300 for most presets)")
    c.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                   help="override a workload key, e.g. jobs.0.lifetime=exp:600, "
                        "jobs.*.reuse_cgroup=true (repeatable; default: none)")
    c.add_argument("--rate", type=_number(0), help="arrivals per hour of every job class "
                                                   "(default: the workload's)")
    for f, least, what in (("tasks", 1, "processes per instance"),
                           ("anon_pages", 0, "anonymous pages per instance"),
                           ("cache_pages", 0, "page-cache pages written per instance"),
                           ("shared_pages", 0, "pages of the job's shared files"),
                           ("negative_dentries", 0, "failed lookups per instance"),
                           ("files", 0, "files created per instance"),
                           ("sockets", 0, "sockets per instance"),
                           ("memory_high_pages", 0, "memory.high of each instance in pages, "
                                                    "0 = max")):
        c.add_argument("--" + f.replace("_", "-"), dest=f, type=_number(least, whole=True),
                       metavar="N", help=f"{what}, every job class (default: the workload's)")
    c.add_argument("--mem", type=_mem_size, metavar="SIZE",
                   help="the host's RAM, e.g. 4G or 64G: its watermarks wake kswapd, which "
                        "reclaims every memcg's page cache, dying ones included (default: "
                        "the workload's, else the oracle guests' 1G)")
    c.add_argument("--drop-caches-every", type=_number(0), metavar="SECONDS",
                   help="write 3 to drop_caches this often, 0 = never (default: the workload's)")
    c.add_argument("--name", help="run name prefix in the store (default: the workload's name)")
    c.add_argument("--no-store", action="store_true", help="do not store the runs")
    c.add_argument("--json", action="store_true", help="print the summaries as JSON")
    c.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    _db_arg(c, reads=False)
    c.set_defaults(fn=cmd_churn)

    r = sub.add_parser("runs", help="list, show, export or import stored churn runs")
    rs = r.add_subparsers(dest="runs_cmd", required=True)
    rl = rs.add_parser("list", help="the stored runs with their status",
                       description="The stored runs. Status: running, finished, interrupted, "
                                   "failed, or abandoned (running, but its process is gone).")
    rl.add_argument("--workload", help="only runs of this workload (default: all)")
    rl.add_argument("--sweep", help="only runs of this sweep (default: all)")
    rl.add_argument("--json", action="store_true", help="machine-readable output")
    _db_arg(rl, reads=True)
    rl.set_defaults(fn=cmd_runs_list)
    rsh = rs.add_parser("show", help="one run's parameters, summary and the command that "
                                     "re-makes it (JSON)")
    rsh.add_argument("run", help="run id or name")
    rsh.add_argument("--series", action="store_true", help="print the time series too")
    rsh.add_argument("--params", action="store_true",
                     help="print only the workload as run (a file for churn --workload)")
    _db_arg(rsh, reads=True)
    rsh.set_defaults(fn=cmd_runs_show)
    rx = rs.add_parser("export", help="runs' series as CSV, JSON or Parquet")
    rx.add_argument("run", nargs="+", help="run ids or names")
    rx.add_argument("--format", choices=("csv", "json", "parquet"), default="csv",
                    help="output format (default csv)")
    rx.add_argument("-o", "--output", default="-", metavar="FILE",
                    help="output file (default - : standard output)")
    _db_arg(rx, reads=True)
    rx.set_defaults(fn=cmd_runs_export)
    ri = rs.add_parser("import", help="store runs that were written to side files while "
                                      "the store was locked")
    ri.add_argument("file", nargs="*", help="side files (default: every file waiting in "
                                            "DB.pending/ next to the store)")
    _db_arg(ri, reads=False)
    ri.set_defaults(fn=cmd_runs_import)

    p = sub.add_parser("plot", help="draw stored runs' curves on one figure")
    p.add_argument("run", nargs="+", help="run ids or names")
    p.add_argument("-o", "--output", metavar="FILE",
                   help="image file; its extension picks the format: png, svg, pdf, jpg, ... "
                        "(any that matplotlib writes; default: none, --report alone)")
    p.add_argument("--metric", action="append", help=(
        "curve to draw (repeatable; default dying): dying, live, memcg_ids, pinned_bytes, "
        "slab_bytes, percpu_bytes, memcgs_visited, pages_allocated, running"))
    p.add_argument("--report", metavar="FILE.html", help="also write a self-contained HTML report "
                                                         "(default metrics: dying, pinned_bytes, "
                                                         "memcg_ids)")
    _db_arg(p, reads=True)
    p.set_defaults(fn=cmd_plot)

    s = sub.add_parser("sweep", help="run designs x parameters x seeds in parallel")
    s.add_argument("grid", help="GRID.toml")
    s.add_argument("--scheduler", metavar="tcp://HOST:PORT", help="a Dask scheduler "
                                                                  "(default: local processes)")
    s.add_argument("--workers", type=_number(1, whole=True), metavar="N",
                   help="local processes (default: the machine's CPUs)")
    s.add_argument("--name", help="sweep name in the store (default: the grid file's name)")
    s.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    _db_arg(s, reads=False)
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
    """The workload of a churn command line, validated: preset or file, then the
    flags, then ``--set`` in order."""
    from .presets import get_preset
    from .spec import Workload, load_toml, set_path
    if args.workload:
        wl = load_toml(args.workload)
    else:
        wl = get_preset(args.preset or "k8s-node")
    d = wl.to_dict()
    d.setdefault("mem", "")         # to_dict leaves it out when unset
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
    from ..designs import BootOptions
    out = []
    for item in args.kernel or [DEFAULT_KERNEL]:
        design, _, boot = item.partition(",")
        if design not in DESIGNS:
            raise ValueError(f"unknown kernel design {design!r}; known: {', '.join(DESIGNS)}")
        boot = boot or args.boot
        BootOptions.parse(boot)
        out.append((design, boot))
    return out


def _progress(disabled: bool):
    """A progress bar on stderr, only when stderr is a terminal."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn,
                               TimeElapsedColumn, TimeRemainingColumn)
    con = _console()
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), TimeRemainingColumn(),
                    disable=disabled or not con.is_terminal, transient=False, console=con)


def _console():
    from rich.console import Console
    return Console(stderr=True)


def _say(msg: str) -> None:
    print(f"memcgsim: {msg}", file=sys.stderr, flush=True)


class _Stop:
    """SIGINT/SIGTERM while churn runs: the first asks the engine to stop after
    the event in progress, and gives that event ``GRACE`` seconds before it is
    abandoned (one instance's 10^9 negative dentries would otherwise keep a
    ``timeout`` or systemd's SIGTERM waiting for hours); a second abandons it at
    once and stops waiting for a locked store (the run goes to a side file)."""

    SIGNALS = (signal.SIGINT, signal.SIGTERM)
    #: wall seconds the event in progress has after the first signal
    GRACE = 2.0

    def __init__(self) -> None:
        self.signum: int | None = None
        self.count = 0
        self.engine = None
        self.saved: dict = {}

    def __call__(self, signum, frame) -> None:
        self.count += 1
        if self.signum is None:
            self.signum = signum
        if self.engine is not None:
            self.engine.stop_requested = True
            if self.count >= 2:
                self.abandon(signum, frame)
            else:
                signal.setitimer(signal.ITIMER_REAL, self.GRACE)

    def abandon(self, signum, frame) -> None:
        """SIGALRM after the grace, or a second signal: raise :class:`Abandoned` into
        the engine unless it has stopped (or is sampling: then a moment later)."""
        eng = self.engine
        if eng is None or eng.stopped_at is not None:
            return
        if eng.sampling:
            signal.setitimer(signal.ITIMER_REAL, 0.05)
            return
        from .engine import Abandoned
        raise Abandoned

    def __enter__(self):
        for s in self.SIGNALS:
            self.saved[s] = signal.signal(s, self)
        self.saved[signal.SIGALRM] = signal.signal(signal.SIGALRM, self.abandon)
        return self

    def __exit__(self, *exc) -> None:
        signal.setitimer(signal.ITIMER_REAL, 0)
        for s, h in self.saved.items():
            signal.signal(s, h)


def cmd_churn(args) -> int:
    with _Stop() as stop:
        return _churn(args, stop)


def _churn(args, stop: _Stop) -> int:
    import traceback

    from .engine import Engine
    from .presets import PRESETS
    from .recorder import Recorder
    from .store import check_file, default_path, default_wait, run_label, run_meta
    if args.list_presets:
        for name, fn in PRESETS.items():
            print(f"{name:16} {fn().description}")
        return 0
    # everything is checked before anything runs or is stored
    wl = build_workload(args)
    kernels = _kernels(args)
    seeds = args.seed or [0]
    path = None
    if not args.no_store:
        path = args.db or default_path()
        check_file(path, must_exist=False)
        wait = default_wait()
    out = []
    status = 0
    with _progress(args.no_progress) as prog:
        for design, boot in kernels:
            for seed in seeds:
                if stop.signum is not None:
                    break
                label = run_label({"design": design, "boot": boot})
                tid = prog.add_task(f"{wl.name} {label} s{seed}", total=round(wl.hours * 3600))
                eng = Engine(wl, design, boot, args.cpus, seed,
                             progress=lambda t, tid=tid: prog.update(tid, completed=round(t)))
                stop.engine = eng
                if stop.signum is not None:
                    eng.stop_requested = True
                rec = None
                if path is not None:
                    name = f"{args.name or wl.name}/{label}/s{seed}"
                    rec = Recorder(path, run_meta(eng.result(), name), wait=wait,
                                   give_up=lambda: stop.count >= 2,
                                   notify=lambda m: prog.console.print(
                                       f"memcgsim: {m}", highlight=False, soft_wrap=True))
                    eng.on_sample = rec.sample
                    rec.start()
                error = None
                try:
                    res = eng.run()
                except Exception as e:      # a model error: the run is kept as failed
                    error = traceback.format_exc()
                    res = eng.result()
                    res["error"] = f"{type(e).__name__}: {e}"
                    res["failed_at"] = eng.k.now
                res["wall_seconds"] = round(getattr(eng, "wall_seconds", 0.0), 3)
                res["abandoned"] = eng.abandoned
                stop.engine = None
                st = "failed" if error else "interrupted" if eng.stopped_at is not None \
                    else "finished"
                res["status"] = st
                if rec is not None:
                    rec.finish(st, res["summary"], res["wall_seconds"], error)
                out.append((rec, res))
                if error:
                    status = 1
                    break
            if status or stop.signum is not None:
                break
    if args.json:
        json.dump([{"run_id": rec.rid if rec else None, "side_file": rec.side_file if rec else None,
                    "status": r["status"], "design": r["design"], "boot": r["boot"],
                    "seed": r["seed"], "wall_seconds": r["wall_seconds"], "summary": r["summary"]}
                   for rec, r in out], sys.stdout, indent=2, sort_keys=True)
        sys.stdout.write("\n")
    else:
        _summary_table([(rec.rid if rec else None, r) for rec, r in out], path)
    for rec, r in out:
        if rec is not None and rec.side_file:
            _say(f"the run store {path} stayed locked: {r['design']} s{r['seed']} was written "
                 f"to {rec.side_file}; 'memcgsim runs import"
                 f"{' --db ' + path if args.db else ''}' stores it")
        if r["status"] == "failed":
            _say(f"internal error in the {run_label(r)} s{r['seed']} run at simulated "
                 f"t={r['failed_at']:g} s: {r['error']}"
                 + (f" (stored as failed, run {rec.rid})" if rec and rec.rid else ""))
    if stop.signum is not None:
        cut = [(rec, r) for rec, r in out if r["status"] == "interrupted"]
        if not cut:
            _say(f"interrupted between runs; {len(out)} finished run(s) kept")
        else:
            rec, r = cut[0]
            where = f" at simulated t={r['series'][-1]['t']:g} s" if r["series"] else ""
            if r.get("abandoned"):
                where += " (the event in progress given up)"
            kept = ""
            if rec is not None and rec.rid:
                kept = f"; run {rec.rid} stored as interrupted ({len(r['series'])} samples)"
            elif rec is not None and rec.side_file:
                kept = f"; written as interrupted to {rec.side_file}"
            _say(f"interrupted{where}{kept}")
        return 128 + stop.signum
    return status


def _table(title: str | None = None):
    from rich import box
    from rich.table import Table
    return Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 1, 0, 0), pad_edge=False,
                 show_edge=False)


def _col(t, name: str, right: bool = True, wrap: bool = True) -> None:
    """A column that folds what does not fit (never cut with an ellipsis);
    ``wrap=False``: kept on one line while the others give way."""
    t.add_column(name, justify="right" if right else "left", overflow="fold", no_wrap=not wrap)


def _summary_table(out, path) -> None:
    """Churn's summary: one row per run; pins at the end listed under it."""
    from .store import run_label
    from .units import human_bytes
    t = _table("churn runs" + (f" (stored in {path})" if path else ""))
    for col, right, wrap in (("run", True, True), ("kernel", False, False),
                             ("seed", True, True), ("status", False, False),
                             ("jobs", True, True), ("dying\nend", True, True),
                             ("dying\nmax", True, True), ("IDs\nmax", True, True),
                             ("pinned\nmax", True, False), ("Percpu\nmax", True, False),
                             ("wall\ns", True, True)):
        _col(t, col, right, wrap)
    notes = []
    for rid, r in out:
        s = r["summary"]
        t.add_row(str(rid or "-"), run_label(r), str(r["seed"]), r.get("status", "finished"),
                  str(s.get("jobs_started", 0)), str(s.get("dying_final", 0)),
                  str(s.get("dying_max", 0)), str(s.get("memcg_ids_max", 0)),
                  human_bytes(s.get("pinned_bytes_max", 0)),
                  human_bytes(s["percpu_bytes_max"]) if "percpu_bytes_max" in s else "-",
                  f"{r['wall_seconds']:.1f}")
        pins = ", ".join(f"{k} {v}" for k, v in s.get("pins_final", {}).items()) or "none"
        visits = s.get("memcgs_visited_per_reclaim_pass", 0)
        notes.append(f"run {rid or '-'} ({run_label(r)} s{r['seed']}): pins at the end: {pins}"
                     + (f"; memcgs visited per reclaim pass: {visits}" if visits else ""))
    con = _out_console()
    con.print(t)
    for n in notes:
        con.print(n)


def _out_console():
    """Tables to stdout; the terminal's width, else ``$COLUMNS``, else 80 columns."""
    from rich.console import Console
    return Console(highlight=False)


# ------------------------------------------------------------------- runs
def _open(args):
    from .store import Store
    return Store(args.db, create=False)


def cmd_runs_list(args) -> int:
    from .recorder import pending_files
    with _open(args) as st:
        runs = st.list(args.workload, args.sweep)
    pending = pending_files(st.path)
    if args.json:
        json.dump(runs, sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
    else:
        t = _table(f"runs in {st.path}")
        for col, right, wrap in (("id", True, True), ("name", False, True),
                                 ("status", False, False), ("hours", True, True),
                                 ("samples", True, True), ("dying\nend/max", True, True),
                                 ("wall\ns", True, True)):
            _col(t, col, right, wrap)
        for r in runs:
            s = r["summary"]
            dying = f"{s['dying_final']}/{s['dying_max']}" if "dying_final" in s else "-"
            t.add_row(str(r["id"]), r["name"], r["status"],
                      f"{r['hours']:g}", str(r["samples"]), dying,
                      f"{r['wall_seconds']:.1f}" if r["wall_seconds"] is not None else "-")
        _out_console().print(t)
    if pending:
        _say(f"{len(pending)} run(s) written while the store was locked wait in "
             f"{pending[0].rsplit('/', 1)[0]}: 'memcgsim runs import"
             f"{' --db ' + args.db if args.db else ''}' stores them")
    return 0


def cmd_runs_show(args) -> int:
    from .remake import command
    with _open(args) as st:
        r = st.get(args.run)
    if args.params:
        json.dump(r["params"], sys.stdout, indent=1, sort_keys=True)
        sys.stdout.write("\n")
        return 0
    if not args.series:
        r.pop("series")
        r.pop("pins")
    r["command"] = command(r, args.db)
    for k in ("hours", "sample_interval"):
        if isinstance(r[k], float) and r[k].is_integer():
            r[k] = int(r[k])
    json.dump(r, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")
    return 0


def cmd_runs_export(args) -> int:
    from .store import export
    with _open(args) as st:
        runs = [st.get(ref) for ref in args.run]
    data = export(runs, args.format, args.output)
    if data is not None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    return 0


def cmd_runs_import(args) -> int:
    import os

    from .recorder import pending_files, read_side_file
    from .store import Store, default_path
    path = args.db or default_path()
    files = args.file or pending_files(path)
    if not files:
        print(f"no runs wait to be imported into {path}")
        return 0
    with Store(path) as st:
        for f in files:
            doc = read_side_file(f)
            rid = st.import_run(doc)
            os.unlink(f)
            print(f"run {rid} ({doc['name']}, {doc['status']}) imported from {f}")
            try:
                os.rmdir(os.path.dirname(f))     # the pending directory, once empty
            except OSError:
                pass
    return 0


# ------------------------------------------------------------------- plot
def cmd_plot(args) -> int:
    from . import plot
    if not args.output and not args.report:
        raise ValueError("plot needs -o FILE (png, svg, pdf, ...) and/or --report FILE.html")
    metrics = args.metric or ["dying"]
    plot.check_metrics(metrics)
    if args.output:
        plot.check_format(args.output)
    with _open(args) as st:
        runs = [st.get(ref) for ref in args.run]
    if args.output:
        plot.save(runs, metrics, args.output)
        print(args.output)
    if args.report:
        plot.report(runs, metrics if args.metric else ["dying", "pinned_bytes", "memcg_ids"],
                    args.report)
        print(args.report)
    return 0


# ------------------------------------------------------------------ sweep
class _SweepInterrupted(BaseException):
    """SIGINT/SIGTERM during a sweep (raised by its handler)."""


def cmd_sweep(args) -> int:
    import os

    from . import sweep
    from .recorder import SIDE_FORMAT, write_side_file
    from .store import Locked, Store, check_file, default_path, run_meta
    grid = sweep.load_grid(args.grid)
    pts = sweep.points(grid)
    name = args.name or os.path.splitext(os.path.basename(args.grid))[0]
    path = args.db or default_path()
    check_file(path, must_exist=False)
    done: dict[int, dict] = {}
    signum = None

    def on_signal(s, frame):
        nonlocal signum
        if signum is None:
            signum = s
            raise _SweepInterrupted()

    out, sides = [], []
    st = None

    def store(i: int, r: dict) -> None:
        """A finished point, stored at once (a side file if the store stays locked)."""
        nonlocal st
        p = pts[i]
        r["status"] = "finished"
        rid = None
        try:
            if st is None:
                st = Store(path)
            rid = st.add(r, name=f"{name}/{p.label}", sweep=name)
        except Locked:
            meta = run_meta(r, f"{name}/{p.label}", sweep=name)
            meta.update(status="finished", summary=r["summary"],
                        wall_seconds=r.get("wall_seconds"))
            sides.append(write_side_file(path, {"format": SIDE_FORMAT, "db": path, **meta,
                                                "series": r["series"], "pins": r["pins"]}))
        out.append((rid, r))
        stored.add(i)

    stored: set[int] = set()
    saved = {s: signal.signal(s, on_signal) for s in _Stop.SIGNALS}
    try:
        with _progress(args.no_progress) as prog:
            tid = prog.add_task(f"sweep {name} ({len(pts)} runs)", total=len(pts))

            def finished(i, r):
                done[i] = r
                store(i, r)
                prog.advance(tid)
            try:
                sweep.run_sweep(pts, args.scheduler, args.workers, on_done=finished)
            except _SweepInterrupted:
                for i in sorted(set(done) - stored):    # interrupted while storing it
                    store(i, done[i])
    finally:
        for s, h in saved.items():
            signal.signal(s, h)
        if st is not None:
            st.close()
    _summary_table(out, path)
    if sides:
        _say(f"the run store {path} stayed locked: {len(sides)} run(s) written to "
             f"{os.path.dirname(sides[0])}; 'memcgsim runs import' stores them")
    if signum is not None:
        _say(f"interrupted: {len(out)} of {len(pts)} runs finished and stored; "
             "the others were not run")
        return 128 + signum
    return 0
