"""``memcgsim``: run reproducer scripts against the model, one design or several."""
from __future__ import annotations

import importlib
import math
import os
import sys

from . import __version__

#: ``typing.TYPE_CHECKING``: typing is imported with the model, the collector off
#: (:func:`_collect_less`)
TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from typing import TextIO


#: modules adding subcommands: each has ``register(subparsers)`` whose parsers set
#: ``fn`` to a function of the parsed args returning the exit status
PLUGINS = ("memcgsim.workload.cli", "memcgsim.oracle.cli")


def _kernel_args(p: argparse.ArgumentParser, multi: bool) -> None:
    from .designs import DESIGNS, NEWEST
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
    p.add_argument("--mem", default=None, metavar="SIZE",
                   help="the host's RAM, e.g. 256M, 4G, 64G: MemTotal, the zone watermarks "
                        "and when kswapd wakes (default: the oracle guests' 1G)")
    p.add_argument("--nodes", type=int, default=1, metavar="N",
                   help="NUMA nodes: per-node structures scale with it (default 1)")
    p.add_argument("--boot", default="", metavar="CMDLINE",
                   help="kernel command line: cgroup.memory=nokmem and/or nosocket "
                        "(default: empty)")
    p.add_argument("--seed", type=int, default=0, metavar="N", help="seed of $RANDOM and the model (default 0)")
    p.add_argument("--init", choices=("systemd", "busybox"), default="systemd",
                   help="user space at boot: systemd enables +memory +pids at the cgroup2 root and "
                        "v1 use_hierarchy (default); busybox leaves the kernel's defaults")
    p.add_argument("--userland", choices=("gnu", "busybox"), default="gnu",
                   help="whose programs the script runs: gnu (coreutils' messages and exit "
                        "statuses, default) or busybox (1.35's, as the oracle's guests)")
    p.add_argument("--pace", type=float, default=1.0, metavar="N",
                   help="fork, exec, exit and cgroup mkdir/rmdir take N times their "
                        "calibrated simulated cost: a slower machine or an emulated guest "
                        "(default 1)")


def _read_script(path: str) -> tuple[str, str]:
    if path == "-":
        return sys.stdin.read(), "bash"
    from .api import read_script
    return read_script(path)


def run_one(text: str, name: str, design: str, args, at=(), echo=None, on_kernel=None):
    """Run the script on a fresh model kernel (:func:`memcgsim.run` with the
    options' values); ``at`` lists simulated times at which to call
    ``snapshot(k, t)`` (read-only) while it runs. ``echo(stream, text)`` gets the
    script's output as it is written; ``on_kernel(k)`` the kernel before the run."""
    from .api import run
    r = run(text, name=name, kernel=design, cgroup=args.cgroup, cpus=args.cpus,
            nodes=getattr(args, "nodes", 1), mem=getattr(args, "mem", None), seed=args.seed,
            boot=args.boot, init=args.init,
            userland=getattr(args, "userland", "gnu"), pace=args.pace, at=at, echo=echo, on_kernel=on_kernel,
            args=getattr(args, "script_args", ()))
    return r.kernel, r


class RunStopped(BaseException):
    """A run ended from outside the model: SIGINT or SIGTERM (status 128 + N), or
    a standard output nobody reads any more (141, as SIGPIPE). A BaseException, so
    that no handler of the interpreter mistakes it for the script's own error."""

    def __init__(self, status: int):
        super().__init__(status)
        self.status = status


def _stop_on_signal(signum, frame) -> None:
    raise RunStopped(128 + signum)


class _Bounded:
    """An echo that counts the characters written (``written``) and shows no more
    than ``limit`` of them (:func:`_orphans_run_on` sets it)."""

    def __init__(self) -> None:
        self.written = 0
        self.limit = math.inf

    def shown(self, text: str) -> str:
        """What of ``text`` is shown, once counted."""
        self.written += len(text)
        if self.written > self.limit:
            return text[:max(0, len(text) - (self.written - self.limit))]
        return text


class _Echo(_Bounded):
    """Writes the script's chunks as they come: stdout line-buffered on a terminal
    (Python's own buffering), the other stream flushed when the stream changes so
    that 2>&1 keeps their order."""

    def __init__(self, all_to_stderr: bool):
        super().__init__()
        self.all_to_stderr = all_to_stderr
        self.last: TextIO | None = None

    def __call__(self, stream: str, text: str) -> None:
        text = self.shown(text)
        f = sys.stderr if self.all_to_stderr or stream == "err" else sys.stdout
        try:
            if self.last is not None and self.last is not f:
                self.last.flush()
            self.last = f
            f.write(text)
        except BrokenPipeError:
            raise RunStopped(128 + 13) from None


def _status_line(k):
    """A live status line on stderr (a terminal): simulated time, tasks, memory
    cgroups live and dying. Read from rich's refresh thread: a read that races the
    model keeps the last line."""
    from rich.console import Console
    from rich.live import Live
    from rich.text import Text
    last = [Text("")]

    def render():
        try:
            tasks = sum(1 for t in list(k.tasks.values()) if t.alive)
            dying = sum(1 for _ in list(k.memcg.dying_memcgs()))
            live = k.memory_cgroup_count() - dying
            last[0] = Text(f"memcgsim: t={k.now:.3f} s  {tasks} tasks  memory cgroups: "
                           f"{live} live, {dying} dying", style="dim")
        except Exception:       # the model changed under the read
            pass
        return last[0]
    return Live(get_renderable=render, console=Console(stderr=True), refresh_per_second=4,
                transient=True, redirect_stdout=sys.stdout.isatty(), redirect_stderr=True)


def _at_time(text: str) -> float:
    """``--at SECONDS``: a finite simulated time, not negative."""
    import argparse
    try:
        t = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: not a number of seconds") from None
    if not math.isfinite(t) or t < 0:
        raise argparse.ArgumentTypeError(f"{text!r}: a time is a finite number of seconds, "
                                         "0 or more")
    return t


def _positive(text: str) -> int:
    """``--top N``: a count of at least 1."""
    import argparse
    try:
        n = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: not a whole number") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: at least 1")
    return n


def _machine_output(args) -> bool:
    """``--json``/``--prometheus``: stdout holds the document alone, so the script's
    own output goes to stderr."""
    return bool(args.json or args.prometheus)


def _snapshot(k, args, at_end: bool):
    from .analysis.snapshot import take
    return take(k, at_end, with_explain=args.explain or args.json or not args.tree,
                with_tree=args.tree)


def _render(snaps, args) -> str:
    """The run's reports in the requested format: one document."""
    if args.prometheus:
        from .analysis.prometheus import exposition
        return exposition(snaps)
    from .analysis import snapshot as sn
    if args.json:
        import json
        return json.dumps(sn.document(snaps), indent=2) + "\n"
    top = None if args.full else args.top
    return "".join(sn.snapshot_text(s, top=top, full=args.full) for s in snaps)


def _reports_past_end(k, times: list[float]) -> None:
    """``--at`` times the script did not reach: the clock advances to them (their
    snapshots are taken by the callbacks already queued)."""
    if times and times[-1] * 1e9 > k.clock.now_ns:
        k.advance_to(times[-1])


def _oom_killed_line(k, res, name: str) -> str:
    """The kernel log's line when its OOM killer killed the script's shell (a shell
    killed otherwise ends silently, as ``bash SCRIPT`` does; this one would leave
    only the exit status 137 and a line in dmesg); "" otherwise."""
    if not res.signal:
        return ""
    mark = f"Killed process {res.pid} ("
    return "".join(f"memcgsim: {name}: the script's shell was killed by the OOM killer: "
                   f"{ln.strip()}\n" for ln in k.log.lines if mark in ln)


def cmd_run(args) -> int:
    """Run the script, its output written as it is produced; then the reports asked
    for (or, with ``--json`` alone, the run's result) on stdout. SIGINT/SIGTERM end
    the run: what was printed stays, one line on stderr says when (in simulated
    time), status 130/143."""
    import _signal as signal    # signal's own import makes its enums: 3 M instructions
    text, name = _read_script(args.script)
    snaps, at = _report_schedule(args)
    # machine formats keep stdout for themselves: the script's output goes to stderr
    echo = _Echo(all_to_stderr=bool(_machine_output(args)))
    model = []
    live = []

    def on_kernel(k):
        model.append(k)
        if sys.stderr.isatty():
            live.append(_status_line(k))
            live[0].start()
    saved = {}
    for sig in (signal.SIGINT, signal.SIGTERM):
        if signal.getsignal(sig) is not signal.SIG_IGN:
            saved[sig] = signal.signal(sig, _stop_on_signal)
    reports = None
    try:
        k, res = run_one(text, name, args.kernel, args, at, echo=echo, on_kernel=on_kernel)
        reports = _reports(k, res, args, name, snaps)
        capped = not _orphans_run_on(k, args.orphans, echo)
    except RunStopped as e:
        if live:
            live[0].stop()
        if e.status == 128 + 13:
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return e.status
        sys.stdout.flush()
        t = model[0].now if model else 0.0
        sys.stderr.write(f"memcgsim: interrupted at simulated t={t:.3f} s\n")
        if reports:
            sys.stderr.flush()
            sys.stdout.write(reports)
            sys.stdout.flush()
        return e.status
    finally:
        for sig, old in saved.items():
            signal.signal(sig, old)
    if live:
        live[0].stop()
    sys.stdout.flush()
    if capped:
        sys.stderr.write(_CAPPED)
    sys.stderr.write(_oom_killed_line(k, res, name))
    sys.stderr.write(res.not_modelled_line())
    sys.stderr.flush()
    sys.stdout.write(reports)
    sys.stdout.flush()
    return res.status


def _orphans(k) -> list:
    """The user processes alive besides init: once the script's shell has exited,
    what it left running (reparented to init: kernel/exit.c
    ``forget_original_parent``)."""
    return [t for t in k.tasks.values()
            if t.pid != 1 and not t.kthread and t.state not in ("zombie", "dead")]


#: at most this much output from what a script left running (``yes &`` writes
#: gigabytes a simulated second): a bound of the command line, not of the model
ORPHAN_OUTPUT_MAX = 1 << 20
_CAPPED = (f"memcgsim: what the script left running wrote {ORPHAN_OUTPUT_MAX >> 20} MiB "
           "after its end: stopped there (--orphans)\n")


def _orphans_run_on(k, seconds: float, out) -> bool:
    """After the script's end, let what it left running go on, as it does on a
    terminal after the shell's prompt is back: if any such process lives, the
    clock advances ``seconds`` of simulated time, from event to event (their
    output goes to ``out``, a :class:`_Bounded` echo; the reports were taken at
    the end); it
    stops once they have written ``ORPHAN_OUTPUT_MAX`` characters: False then."""
    if not seconds or not _orphans(k):
        return True
    clock = k.clock
    end = clock.now_ns + round(seconds * 1e9)
    out.limit = out.written + ORPHAN_OUTPUT_MAX
    while clock.now_ns < end:
        clock.run_until(min(clock.next_at, end))
        if out.written >= out.limit:
            return False
    return True


class _Collect(_Bounded):
    """``compare``'s echo: the chunks of one design's run."""

    def __init__(self) -> None:
        super().__init__()
        self.chunks: list = []

    def __call__(self, stream: str, text: str) -> None:
        self.chunks.append((stream, self.shown(text)))


def _report_schedule(args) -> tuple[list, list]:
    """The snapshots list to fill and the ``(time, callback)`` pairs for
    :func:`run_one` that fill it at each ``--at`` time (one per nanosecond)."""
    if args.at and not (args.tree or args.prometheus):
        args.explain = True                 # --at asks for reports: the explanation
    snaps: list = []
    if not (args.explain or args.tree or args.prometheus):
        return snaps, []
    args.at = sorted({round(t * 1e9): t for t in args.at}.values())
    return snaps, [(t, lambda k, t: snaps.append(_snapshot(k, args, at_end=False)))
                   for t in args.at]


def _reports(k, res, args, name: str, snaps: list) -> str:
    """After the run: the clock advanced to ``--at`` times past the end, then the
    reports as one document; with ``--json`` alone, the run's result; else ""."""
    if args.explain or args.tree or args.prometheus:
        _reports_past_end(k, args.at)
        if not args.at:
            snaps.append(_snapshot(k, args, at_end=True))
        return _render(snaps, args)
    if args.json:
        import json
        from .analysis.snapshot import result_json
        return json.dumps(result_json(k, args.kernel, name, res), indent=2) + "\n"
    return ""


def cmd_compare(args) -> int:
    """The script under each design; exit status 1 when their outputs (stdout,
    stderr or exit status) differ, as ``diff`` does."""
    text, name = _read_script(args.script)
    runs = [(d, *_run_and_run_on(text, name, d, args)) for d in args.kernel]
    differs = len({(r.stdout, r.stderr, r.status) for _, _, r in runs}) > 1
    if args.json:
        import json
        out = [{"design": d, "status": r.status, "stdout": r.stdout, "stderr": r.stderr,
                "summary": s} for d, s, r in runs]
        json.dump(out, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(_compare_text(name, runs, differs))
    return 1 if differs else 0


def _run_and_run_on(text: str, name: str, design: str, args) -> tuple:
    """``compare``'s run of one design: the summary at the script's end, and the
    result with what the processes it left running print afterwards
    (:func:`_orphans_run_on`, ``--orphans``) in its stdout and stderr."""
    from dataclasses import replace
    from .analysis.summary import summary
    echo = _Collect()
    k, res = run_one(text, name, design, args, echo=echo)
    at_end = summary(k)
    chunks = echo.chunks
    n = len(chunks)
    if not _orphans_run_on(k, args.orphans, echo):
        chunks.append(("err", _CAPPED))
    if len(chunks) > n:
        res = replace(res, stdout=res.stdout + "".join(t for st, t in chunks[n:] if st == "out"),
                      stderr=res.stderr + "".join(t for st, t in chunks[n:] if st == "err"))
    return at_end, res


def _compare_text(name: str, runs, differs: bool) -> str:
    """The designs' outputs side by side, fitted to the terminal (long lines folded,
    never cut), stderr after stdout marked ``2>``; then a summary per design."""
    from rich.markup import escape
    from rich.table import Table
    from .analysis.patterns import fmt_bytes
    from .termtables import console
    con = console()
    table = Table(title=f"{name}: output by kernel design", title_justify="left")
    table.add_column("", no_wrap=True, width=1)
    for d, _, _ in runs:
        table.add_column(d, overflow="fold", ratio=1)
    marks = set()
    for stream, prefix in (("stdout", ""), ("stderr", "2> ")):
        outs = [getattr(r, stream).expandtabs(8).splitlines() for _, _, r in runs]
        n = max((len(o) for o in outs), default=0)
        if n and stream == "stderr":
            table.add_section()
        for i in range(n):
            cells = [prefix + o[i] if i < len(o) else "" for o in outs]
            diff = len(set(cells)) > 1
            if diff:
                marks.add("≠")
            if prefix:
                marks.add("2>")
            cells = [escape(c) for c in cells]
            table.add_row("≠" if diff else "",
                          *[f"[bold red]{c}[/]" if diff else c for c in cells])
    st = Table(title="summary at the script's end", title_justify="left")
    st.add_column("", no_wrap=True)
    for d, _, _ in runs:
        st.add_column(d, overflow="fold", ratio=1)
    rows = {"exit status": [str(r.status) for _, _, r in runs],
            "memory num_cgroups": [str(s["num_cgroups"]) for _, s, _ in runs],
            "dying memcgs": [str(s["dying_memcgs"]) for _, s, _ in runs],
            "their cost to the host": [fmt_bytes(s["dying_host_bytes"]) for _, s, _ in runs]}
    from .designs import DESIGNS
    from .kernel.sizes import SIZES
    releases = {d: SIZES[DESIGNS[d].sizes].release for d, _, _ in runs}
    # designs without a real kernel build on a real one's sizes (designs.py "sizes")
    mark = "*" if len(set(releases.values())) > 1 and any(
        d != r for d, r in releases.items()) else ""
    for f in ("Slab", "Percpu"):
        rows[f"{f} (meminfo){mark}"] = [fmt_bytes(s["meminfo_kb"][f] * 1024) for _, s, _ in runs]
    rows["usage of the root's children"] = [
        ", ".join(f"{n} {fmt_bytes(v)}" for n, v in s["children_usage_bytes"].items()) or "-"
        for _, s, _ in runs]
    for label, cells in rows.items():
        st.add_row(label, *([f"[bold]{c}[/]" for c in cells] if len(set(cells)) > 1 else cells))
    with con.capture() as cap:
        con.print(table)
        con.print(st)
    legend = []
    if "≠" in marks:
        legend.append("≠: the designs' lines differ")
    if "2>" in marks:
        legend.append("2>: written to stderr")
    if mark:
        legend.append("*: also each design's own structure sizes and boot state ("
                      + ", ".join(f"{d}: {r}'s" for d, r in releases.items()) + ")")
    legend.append("the outputs differ (exit status 1)" if differs
                  else "the outputs are the same")
    out = "".join(line.rstrip() + "\n" for line in cap.get().splitlines())
    return out + "; ".join(legend) + "\n"


def _orphans_arg(p: argparse.ArgumentParser) -> None:
    """``--orphans SECONDS`` of ``run`` and ``compare``."""
    p.add_argument("--orphans", type=_at_time, default=10.0, metavar="SECONDS",
                   help="after the script's end, what it left running goes on for "
                        "SECONDS of simulated time (default 10; 0: none), its output "
                        "shown as a terminal shows it, up to 1 MiB; the reports stay the "
                        "script's end's")


def _report_args(r: argparse.ArgumentParser) -> None:
    """``run``'s report options (--explain and --tree are added beside them)."""
    r.add_argument("--at", action="append", type=_at_time, default=[], metavar="SECONDS",
                   help="take the reports at this simulated time instead of at the script's "
                        "end (repeatable; past the end, the clock advances to it; implies "
                        "--explain when no other report is asked for)")
    r.add_argument("--top", type=_positive, default=5, metavar="N",
                   help="--explain shows the N patterns of pins that keep the most bytes "
                        "(default 5)")
    r.add_argument("--full", action="store_true",
                   help="--explain lists every dying cgroup with every holder")
    fmt = r.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true",
                     help="reports as one JSON document (docs/explain.schema.json); alone, "
                          "the run's result: status, stdout, stderr, final counts")
    fmt.add_argument("--prometheus", action="store_true",
                     help="counts in the Prometheus text format, the snapshot time as label t")


class _NotOwn(Exception):
    """The command line is not one this module's parsers alone take."""


def _own_parser():
    """The class of :func:`parser`'s own parser (argparse is imported only when a
    command line is parsed: :func:`_parse_own`)."""
    import argparse

    class _Unsized(argparse.HelpFormatter):
        """A formatter that does not ask for the terminal's width: argparse makes one
        for every option added (to check its metavar), and the first imports shutil
        (7 M instructions with bz2, lzma and fnmatch). Only the own parser, which
        prints nothing, uses it."""

        def __init__(self, prog: str):
            super().__init__(prog, width=80)

    class _OwnParser(argparse.ArgumentParser):
        """A parser of this module's subcommands only, without ``-h``: an error (and
        ``-h``) raises :class:`_NotOwn` (the full parser then parses again and says it
        as always), so it never prints."""

        def __init__(self, **kwargs):
            super().__init__(add_help=False, formatter_class=_Unsized, **kwargs)

        def error(self, message: str):
            raise _NotOwn(message)

    return _OwnParser


def parser(plugins: bool = True, only: str | None = None) -> argparse.ArgumentParser:
    """The ``memcgsim`` command line: its options and every subcommand's (without
    ``plugins``, only this module's, ``run``, ``compare`` and ``designs``, or the
    one named ``only`` (3 M instructions less than the three), and a parse error
    raises ``_NotOwn`` instead of ending the process)."""
    import argparse
    p = (argparse.ArgumentParser if plugins else _own_parser())(
        prog="memcgsim",
        description="An executable, deterministic model of the Linux memory controller: "
                    "run reproducer scripts against kernel designs, explain dying cgroups.")
    p.add_argument("--version", action="version", version=f"memcgsim {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True)
    if only in (None, "run"):
        r = sub.add_parser("run", help="run a script against the model",
                           epilog="Arguments after -- are the script's ($1, $2...): "
                                  "memcgsim run test.sh --kernel 5.10 -- -n 100")
        r.add_argument("script", help="bash script, or - for standard input")
        _kernel_args(r, multi=False)
        _orphans_arg(r)
        r.add_argument("--explain", action="store_true",
                       help="after the script, explain what pins every dying memory cgroup")
        r.add_argument("--tree", action="store_true",
                       help="after the script, show the memory cgroup tree, live and dying")
        _report_args(r)
        r.set_defaults(fn=cmd_run)
    if only in (None, "compare"):
        c = sub.add_parser("compare", help="run a script under several designs, side by side",
                           epilog="Arguments after -- are the script's ($1, $2...).")
        c.add_argument("script", help="bash script, or - for standard input")
        _kernel_args(c, multi=True)
        _orphans_arg(c)
        c.add_argument("--json", action="store_true",
                       help="per design: exit status, stdout, stderr and a summary")
        c.set_defaults(fn=cmd_compare)
    if only in (None, "designs"):
        d = sub.add_parser("designs", help="list kernel designs and their switches")
        d.add_argument("--json", action="store_true", help="machine-readable output")
        d.add_argument("--long", action="store_true",
                       help="a paragraph per switch (its source, each design's value) "
                            "instead of the table")
        d.set_defaults(fn=cmd_designs)
    for modname in PLUGINS if plugins else ():
        try:
            mod = importlib.import_module(modname)
        except ImportError:
            continue
        mod.register(sub)
    return p


#: this module's subcommands: their command lines need no plugin's parser
OWN_COMMANDS = ("run", "compare", "designs")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    # run/compare SCRIPT [OPTION]... -- ARG...: what follows "--" is the script's
    script_args: list[str] = []
    if argv[:1] in (["run"], ["compare"]) and "--" in argv:
        i = argv.index("--")
        argv, script_args = argv[:i], argv[i + 1:]
    # the plugins' parsers (their imports and ~100 options, 0.01 s) only when the
    # command may be theirs, or to say what is wrong with it
    args = None
    if argv[:1] in [[c] for c in OWN_COMMANDS]:
        args = _parse_own(argv)
    if args is None:
        args = parser().parse_args(argv)
    args.script_args = script_args
    try:
        status = args.fn(args)
        sys.stdout.flush()
        return status
    except KeyboardInterrupt:
        # Ctrl-C outside a run (while starting up): no traceback
        return 128 + 2
    except RunStopped as e:
        return e.status
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
    except Exception as e:
        # a defect of memcgsim's own: one line, not a traceback (sysexits.h EX_SOFTWARE)
        sys.stdout.flush()
        print(f"memcgsim: internal error: {type(e).__name__}: {e}", file=sys.stderr)
        return 70


#: the most command lines :func:`_parse_own` keeps: past it the file starts afresh
_MAX_ARGVS = 256
#: the functions the own parser's subcommands set as ``fn``, by name
_OWN_FNS = ("cmd_run", "cmd_compare", "cmd_designs")


def _parse_own(argv: list[str]):
    """``parser(plugins=False, only=argv[0]).parse_args(argv)``'s values (a
    ``SimpleNamespace``), or None when the command line is not the own parser's
    alone. They are kept by command line (``memcgsim.codecache``, keyed by the
    bytes of this module and of designs.py, which hold the options, their
    defaults and choices): a command line parsed before is read back without
    argparse (its import with gettext and locale and the parser built: 15 M
    instructions, 7 % of the start-up)."""
    from types import SimpleNamespace

    from . import designs
    from .codecache import cache_path, read_marshal, source_key, write_marshal
    try:
        path = cache_path(f"cli-args-{source_key(__file__, designs.__file__)}-"
                          f"{sys.hexversion:x}.marshal")      # and argparse's version
    except OSError:
        path = None
    kept = read_marshal(path) if path is not None else None
    kept = kept if type(kept) is dict and len(kept) < _MAX_ARGVS else {}
    key = "\0".join(argv)
    values = kept.get(key)
    if type(values) is not dict or values.get("fn") not in _OWN_FNS:   # not kept, or damaged
        try:
            values = vars(parser(plugins=False, only=argv[0]).parse_args(argv))
        except _NotOwn:
            return None
        values = {**values, "fn": f"cmd_{argv[0]}"}     # the subcommand's own function
        kept[key] = values
        if path is not None:
            write_marshal(path, kept)
    return SimpleNamespace(**{**values, "fn": globals()[values["fn"]]})


def cmd_designs(args) -> int:
    """Designs × switches, with the change behind each switch."""
    from .designs import DESIGNS, SOURCES
    if args.json:
        import json
        json.dump({"designs": {n: {"release": d.release, "uname": d.uname,
                                   "switches": d.switches()} for n, d in DESIGNS.items()},
                   "sources": SOURCES}, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    sys.stdout.write(_designs_long() if args.long else _designs_table())
    return 0


def _designs_table() -> str:
    """Switches × designs fitted to the terminal (names wrapped at ``_`` and ``-``),
    then each switch's source."""
    import textwrap

    from rich import box
    from rich.table import Table
    from .designs import DESIGNS, SOURCES
    from .termtables import console, fitted
    names = list(DESIGNS)
    con = console()
    def cell(v) -> str:
        # a sequence of names (boot_mounts) by its length, of numbers longer than a
        # pair (gp_kthread_hold_us) too: whole in --long
        if _names(v):
            return f"{len(v)} names"
        if isinstance(v, tuple) and len(v) > 2:
            return f"{len(v)} values"
        return str(v)
    rows = [["switch", *names]] + [[sw, *[cell(DESIGNS[n].switches()[sw]) for n in names]]
                                   for sw in DESIGNS[names[0]].switches()]
    widths, rows = fitted(rows, con.width, overhead_per_column=1)
    t = Table(title="kernel designs", title_justify="left", box=box.SIMPLE_HEAD,
              show_edge=False, pad_edge=False, padding=(0, 0))
    for h, w in zip(rows[0], widths):
        t.add_column(h, width=w, no_wrap=True)
    for r in rows[1:]:
        t.add_row(*r)
    with con.capture() as cap:
        con.print(t)
    out = ["".join(line.rstrip() + "\n" for line in cap.get().splitlines())]
    for sw, src in SOURCES.items():
        out.append(textwrap.fill(f"{sw}: {src}", con.width, subsequent_indent="    ",
                                 break_on_hyphens=False) + "\n")
    return "".join(out)


def _names(v) -> bool:
    """A switch's value that is a sequence of names (``boot_mounts``); an empty one
    names nothing (``gp_kthread_hold_us``'s ``()`` is not a name list)."""
    return isinstance(v, tuple) and bool(v) and all(isinstance(x, str) for x in v)


def _designs_long() -> str:
    """``designs --long``: a paragraph per switch, its source and each design's value."""
    import textwrap

    from .designs import DESIGNS, SOURCES
    from .termtables import term_width
    width = term_width()
    out = []
    for sw in DESIGNS[next(iter(DESIGNS))].switches():
        out.append(textwrap.fill(f"{sw}: {SOURCES.get(sw, '')}", width,
                                 subsequent_indent="    ", break_on_hyphens=False))
        vals = {n: d.switches()[sw] for n, d in DESIGNS.items()}
        if any(_names(v) for v in vals.values()):
            # a sequence of names (boot_mounts): each design's by blanks, wrapped
            for n, v in vals.items():
                out.append(textwrap.fill(f"{n}=" + " ".join(v), width, initial_indent="    ",
                                         subsequent_indent="      ", break_on_hyphens=False))
            continue
        out.append(textwrap.fill("  ".join(f"{n}={v}" for n, v in vals.items()), width,
                                 initial_indent="    ", subsequent_indent="    ",
                                 break_on_hyphens=False))
    return "\n".join(out) + "\n"


def _collect_less() -> None:
    """A run keeps ~200 new objects alive per fork, exec and exit it models (tasks,
    pages' records, dying cgroups' structures) and makes almost no cyclic garbage
    (none in the seed script): the collector's default thresholds (700, 10, 10)
    had it walk them again and again, and the whole heap once the old generation
    had grown by a quarter, 0.05-0.15 s of the seed script's 0.5 s; each young
    collection still walks every object that survived since the last one, ~0.02
    s for the seed's 100,000. The model's imports run without it (the package
    imports its names at their first use: none before this), and the objects they
    made are set aside for good
    (``gc.freeze``); the young generation is collected every 200,000 new objects
    (cyclic garbage is still collected, a few MB of it at most at a time), the
    older ones at the default pace after that."""
    import gc

    gc.disable()
    from . import api  # noqa: F401 (what the run imports, frozen with the rest)
    gc.freeze()
    gc.set_threshold(200_000, 10, 10)
    gc.enable()


def console() -> None:
    """The ``memcgsim`` command. After ``run`` and ``compare`` (their output written
    and flushed) the process ends without the interpreter's teardown of the model,
    a tenth of a second for the seed script; other commands exit normally."""
    if sys.argv[1:2] in (["run"], ["compare"]):
        _collect_less()
    status = main()
    if sys.argv[1:2] in (["run"], ["compare"]):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)


if __name__ == "__main__":
    console()
