"""``memcgsim``: run reproducer scripts against the model, one design or several."""
from __future__ import annotations

import argparse
import importlib
import json
import os
import sys

from . import __version__
from .analysis.summary import summary
from .designs import DESIGNS, NEWEST


#: modules adding subcommands: each has ``register(subparsers)`` whose parsers set
#: ``fn`` to a function of the parsed args returning the exit status
PLUGINS = ("memcgsim.workload.cli", "memcgsim.oracle.cli")


def _kernel_args(p: argparse.ArgumentParser, multi: bool) -> None:
    if multi:
        p.add_argument("--kernel", action="append", choices=sorted(DESIGNS), required=True,
                       help="kernel design (required; repeat to compare)")
    else:
        p.add_argument("--kernel", choices=sorted(DESIGNS), default=NEWEST,
                       help=f"kernel design (default {NEWEST}, the newest; churn's default "
                            "is 5.13)")
    p.add_argument("--cgroup", choices=("v1", "v2"), default="v1",
                   help="v1: memory hierarchy at /sys/fs/cgroup/memory (default); v2: cgroup2")
    p.add_argument("--cpus", type=int, default=2, metavar="N", help="simulated CPUs (default 2)")
    p.add_argument("--boot", default="", metavar="CMDLINE",
                   help="kernel command line: cgroup.memory=nokmem and/or nosocket "
                        "(default: empty)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="seed of $RANDOM and the model (default 0)")
    p.add_argument("--init", choices=("systemd", "busybox"), default="systemd",
                   help="user space at boot: systemd enables +memory at the cgroup2 root and "
                        "v1 use_hierarchy (default); busybox leaves the kernel's defaults")
    p.add_argument("--pace", type=float, default=1.0, metavar="N",
                   help="fork, exec, exit and cgroup mkdir/rmdir take N times their "
                        "calibrated simulated cost: a slower machine or an emulated guest "
                        "(default 1)")


def _read_script(path: str) -> tuple[str, str]:
    if path == "-":
        return sys.stdin.read(), "bash"
    from .api import read_script
    return read_script(path)


def run_one(text: str, name: str, design: str, args, at=()):
    """Run the script on a fresh model kernel (:func:`memcgsim.run` with the
    options' values); ``at`` lists simulated times at which to call
    ``snapshot(k, t)`` (read-only) while it runs."""
    from .api import run
    r = run(text, name=name, kernel=design, cgroup=args.cgroup, cpus=args.cpus,
            seed=args.seed, boot=args.boot, init=args.init, pace=args.pace, at=at)
    return r.kernel, r


def _report(k, args, when: str) -> str:
    """The requested reports of the model's state, as text or JSON."""
    from .analysis import explain as ex
    if args.prometheus:
        return ex.prometheus(k)
    if args.json:
        out = {"at": when}
        if args.explain:
            out["dying"] = ex.explain_json(k)
        if args.tree:
            out["tree"] = ex.tree_lines(k)
        return json.dumps(out, indent=2) + "\n"
    parts = [f"== memcgsim at {when}\n"]
    if args.tree:
        parts.append(ex.tree_text(k))
    if args.explain:
        parts.append(ex.explain_text(k))
    return "".join(parts)


def cmd_run(args) -> int:
    text, name = _read_script(args.script)
    reporting = args.explain or args.tree or args.prometheus
    reports: list[str] = []
    at = [(t, lambda k, t: reports.append(_report(k, args, f"{t:g} s"))) for t in args.at]
    k, res = run_one(text, name, args.kernel, args, at if reporting else ())
    if reporting and args.json:
        # the script's own output goes to stderr so that stdout stays JSON
        sys.stderr.write(res.stdout + res.stderr)
    else:
        for stream, chunk in res.output:
            (sys.stdout if stream == "out" else sys.stderr).write(chunk)
    if reporting:
        if not args.at:
            reports.append(_report(k, args, f"end ({k.now:g} s)"))
        sys.stdout.write("".join(reports))
    sys.stdout.flush()
    return res.status


def cmd_compare(args) -> int:
    from rich.console import Console
    from rich.markup import escape
    from rich.table import Table
    text, name = _read_script(args.script)
    runs = [(d, *run_one(text, name, d, args)) for d in args.kernel]
    if args.json:
        out = [{"design": d, "status": r.status, "stdout": r.stdout, "stderr": r.stderr,
                "summary": summary(k)} for d, k, r in runs]
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    con = Console(highlight=False)
    table = Table(title=f"{name}: output by kernel design", show_lines=False)
    table.add_column("", no_wrap=True)
    for d, _, _ in runs:
        table.add_column(f"{d}", no_wrap=True)
    outs = [r.stdout.expandtabs(8).splitlines() for _, _, r in runs]
    for i in range(max((len(o) for o in outs), default=0)):
        cells = [escape(o[i]) if i < len(o) else "" for o in outs]
        differs = len(set(cells)) > 1
        table.add_row("≠" if differs else "",
                      *[f"[bold red]{c}[/]" if differs else c for c in cells])
    con.print(table)
    st = Table(title="summary")
    for col in ("design", "status", "memory num_cgroups", "dying memcgs", "root children usage"):
        st.add_column(col)
    for d, k, r in runs:
        s = summary(k)
        usage = ", ".join(f"{n}={v}" for n, v in s["children_usage_bytes"].items()) or "-"
        st.add_row(d, str(r.status), str(s["num_cgroups"]), str(s["dying_memcgs"]), usage)
    con.print(st)
    return 0


def parser() -> argparse.ArgumentParser:
    """The ``memcgsim`` command line: its options and every subcommand's."""
    p = argparse.ArgumentParser(
        prog="memcgsim",
        description="An executable, deterministic model of the Linux memory controller: "
                    "run reproducer scripts against kernel designs, explain dying cgroups.")
    p.add_argument("--version", action="version", version=f"memcgsim {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="run a script against the model")
    r.add_argument("script", help="bash script, or - for standard input")
    _kernel_args(r, multi=False)
    r.add_argument("--explain", action="store_true",
                   help="after the script, explain what pins every dying memory cgroup")
    r.add_argument("--tree", action="store_true",
                   help="after the script, show the memory cgroup tree, live and dying")
    r.add_argument("--at", action="append", type=float, default=[], metavar="SECONDS",
                   help="take the reports at this simulated time instead (repeatable)")
    r.add_argument("--json", action="store_true", help="reports as JSON")
    r.add_argument("--prometheus", action="store_true",
                   help="counts in the Prometheus text format")
    r.set_defaults(fn=cmd_run)
    c = sub.add_parser("compare", help="run a script under several designs, side by side")
    c.add_argument("script", help="bash script, or - for standard input")
    _kernel_args(c, multi=True)
    c.add_argument("--json", action="store_true", help="machine-readable output")
    c.set_defaults(fn=cmd_compare)
    d = sub.add_parser("designs", help="list kernel designs and their switches")
    d.add_argument("--json", action="store_true", help="machine-readable output")
    d.set_defaults(fn=cmd_designs)
    for modname in PLUGINS:
        try:
            mod = importlib.import_module(modname)
        except ImportError:
            continue
        mod.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        status = args.fn(args)
        sys.stdout.flush()
        return status
    except BrokenPipeError:
        # the reader went away (``| head``): end quietly, as SIGPIPE would end a tool
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 128 + 13
    except OSError as e:
        where = f"{e.filename}: " if e.filename else ""
        print(f"memcgsim: {where}{e.strerror or e}", file=sys.stderr)
        return 2
    except ValueError as e:
        print(f"memcgsim: {e}", file=sys.stderr)
        return 2


def cmd_designs(args) -> int:
    """Designs × switches, with the change behind each switch."""
    from .designs import SOURCES
    names = list(DESIGNS)
    if args.json:
        json.dump({"designs": {n: {"release": d.release, "uname": d.uname,
                                   "switches": d.switches()} for n, d in DESIGNS.items()},
                   "sources": SOURCES}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    from rich.console import Console
    from rich.table import Table
    con = Console(highlight=False)
    t = Table(title="kernel designs")
    t.add_column("switch")
    for n in names:
        t.add_column(n)
    for sw in DESIGNS[names[0]].switches():
        t.add_row(sw, *[str(DESIGNS[n].switches()[sw]) for n in names])
    con.print(t)
    for sw, src in SOURCES.items():
        con.print(f"[bold]{sw}[/]: {src}")
    return 0


def console() -> None:
    """The ``memcgsim`` command. After ``run`` and ``compare`` (their output written
    and flushed) the process ends without the interpreter's teardown of the model,
    a tenth of a second for the seed script; other commands exit normally."""
    status = main()
    if sys.argv[1:2] in (["run"], ["compare"]):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    console()
