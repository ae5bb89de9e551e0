"""Bytecodes and Python calls a churn lifecycle costs, by function: a profile that
repeats exactly (no timer), to find where a lifecycle's instructions go before
measuring a change with cachegrind (bench/README.md, session 26 churn26).

Run: ``python bench/churn_opcodes.py [--lifecycles N] [--top N] [--lines FUNC]
[--edges] [--cpus C] [--after A]``.
Runs ``bench/churn_bench.py --lifecycles N --window 100 --cpus C`` and ``--lifecycles
0`` under ``sys.settrace`` with opcode events, and prints, per lifecycle (N less 0,
over N), the bytecodes each function executes itself and with its callees, and its
calls; ``--lines FUNC`` (a function's name, or ``file.py:LINE`` of its ``def``)
prints that function's bytecodes by source line instead; ``--edges`` the calls by
caller and callee (the ``--top`` most made), with the callee's bytecodes a call: a
Python call costs ~500 instructions of its own in CPython 3.11 (a lifecycle makes
~2,400: bench/README.md, session 43 churn43), so the edges say which frames a change
could merge. Slow (~50x a plain run).
With ``--after A`` the churn (64G, C CPUs) runs A lifecycles untraced, then traces
the next N (from the first event at or past simulated second A to the first at or
past A + N, one lifecycle a simulated second): a window's profile at A dying memcgs,
to compare windows early and late (bench/README.md, session 43).
"""
from __future__ import annotations

import argparse
import collections
import os
import runpy
import sys

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "churn_bench.py")


def make_tracer() -> tuple:
    """A ``sys.settrace`` function and its counters: (tracer, own, incl, calls, lines,
    edge_calls, edge_incl): own, inclusive bytecodes and calls by (file, first line,
    name), bytecodes by ((file, first line, name), line), calls and inclusive bytecodes
    by (caller, callee)."""
    own: collections.Counter = collections.Counter()
    incl: collections.Counter = collections.Counter()
    calls: collections.Counter = collections.Counter()
    lines: collections.Counter = collections.Counter()
    edge_calls: collections.Counter = collections.Counter()
    edge_incl: collections.Counter = collections.Counter()
    stack: list[list] = []

    def tracer(frame, event, arg):
        co = frame.f_code
        key = (co.co_filename, co.co_firstlineno, co.co_name)
        calls[key] += 1
        edge = (stack[-1][1] if stack else None, key)
        edge_calls[edge] += 1
        cell = [0, key]
        stack.append(cell)
        frame.f_trace_opcodes = True
        frame.f_trace_lines = False

        def local(frame, event, arg):
            if event == "opcode":
                cell[0] += 1
                own[key] += 1
                lines[(key, frame.f_lineno)] += 1
            elif event == "return":
                stack.pop()
                incl[key] += cell[0]
                edge_incl[edge] += cell[0]
                if stack:
                    stack[-1][0] += cell[0]
            return local
        return local
    return tracer, own, incl, calls, lines, edge_calls, edge_incl


def where(k) -> str:
    """A function's place: its file below src/ (or site-packages/), line, name."""
    return f"{k[0].split('/src/')[-1].split('site-packages/')[-1]}:{k[1]} {k[2]}" if k else "-"


def print_edges(unit: str, edge_calls: dict, edge_incl: dict, top: int) -> None:
    """``--edges``: the calls a ``unit`` makes, caller -> callee, most first, with
    the instructions' measure a call."""
    print(f"{unit}: {sum(edge_calls.values()):,.0f} Python calls")
    print(f"{'calls':>7} {'a call':>7}  caller -> callee")
    for e, v in sorted(edge_calls.items(), key=lambda x: -x[1])[:top]:
        print(f"{v:7.1f} {edge_incl.get(e, 0) / v if v else 0:7.0f}  "
              f"{where(e[0])} -> {where(e[1])}")


def print_lines(lines: dict, wanted: list[str]) -> None:
    """``--lines``: the bytecodes by line of the functions named (``NAME`` or
    ``FILE:LINE``)."""
    for (k, line), v in sorted(lines.items(), key=lambda x: (x[0][0], x[0][1] or 0)):
        if v and any(k[2] == f or f"{k[0]}:{k[1]}".endswith(f) for f in wanted):
            print(f"{v:8.1f} {where(k)} line {line}")


def trace_run(lifecycles: int, cpus: int = 2) -> tuple[collections.Counter, ...]:
    """One churn_bench run traced: :func:`make_tracer`'s counters."""
    tracer, *counters = make_tracer()
    argv = sys.argv
    sys.argv = [BENCH, "--lifecycles", str(lifecycles), "--window", "100", "--cpus", str(cpus)]
    with open(os.devnull, "w") as null:
        out, sys.stdout = sys.stdout, null
        sys.settrace(tracer)
        try:
            runpy.run_path(BENCH, run_name="__main__")
        finally:
            sys.settrace(None)
            sys.stdout = out
            sys.argv = argv
    return tuple(counters)


def trace_window(after: int, n: int, cpus: int) -> tuple:
    """The churn (churn_bench.py's lifecycle, 5.13, 64G) to ``after`` lifecycles
    untraced, then traced to ``after + n``: the counters of ``trace_run`` and the
    simulated seconds traced (the engine's progress calls, every 64 events, start
    and stop the trace)."""
    from memcgsim.workload import engine
    from memcgsim.workload.presets import lifecycle_bench
    tracer, *counters = make_tracer()
    wl = lifecycle_bench()
    wl.mem = "64G"
    wl.jobs[0].max_instances = after + n + 2
    wl.jobs[0].keep_files = True
    wl.sample_interval = float(after + n + 10)
    e = engine.Engine(wl, "5.13", cpus=cpus, hours=(after + n + 4) / 3600)
    span: list[float] = []

    def prog(t: float) -> None:
        if not span and t >= after:
            span.append(t)
            sys.settrace(tracer)
        elif len(span) == 1 and t >= after + n:
            sys.settrace(None)
            span.append(t)
    e.progress = prog
    try:
        e.run()
    finally:
        sys.settrace(None)
    return tuple(counters), span[1] - span[0]


def main() -> None:
    """Print the per-lifecycle profile (see the module's docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lifecycles", type=int, default=300)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--lines", default="")
    ap.add_argument("--edges", action="store_true")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--after", type=int, default=-1,
                    help="trace a window of --lifecycles after this many, untraced")
    args = ap.parse_args()
    n = args.lifecycles
    if args.after >= 0:
        runs, secs = trace_window(args.after, n, args.cpus)
        print(f"window: {secs:.0f} simulated s (lifecycles) from {args.after}, "
              f"{args.cpus} CPUs")
        own, incl, calls, lines, edge_calls, edge_incl = (
            {k: v / secs for k, v in c.items()} for c in runs)
    else:
        base = trace_run(0, args.cpus)
        runs = trace_run(n, args.cpus)
        own, incl, calls, lines, edge_calls, edge_incl = (
            {k: (b[k] - a.get(k, 0)) / n for k in b} for a, b in zip(base, runs))

    if args.edges:
        print_edges("a lifecycle", edge_calls, edge_incl, args.top)
        return

    if args.lines:
        print_lines(lines, [args.lines])
        return
    total = sum(own.values())
    print(f"a lifecycle: {total:,.0f} bytecodes, {sum(calls.values()):,.0f} Python calls")
    print(f"{'own':>8} {'%':>5} {'incl':>8} {'calls':>7}  function")
    for k, v in sorted(own.items(), key=lambda x: -x[1])[:args.top]:
        print(f"{v:8.0f} {100 * v / total:5.2f} {incl.get(k, 0):8.0f} {calls.get(k, 0):7.1f}"
              f"  {where(k)}")


if __name__ == "__main__":
    main()
