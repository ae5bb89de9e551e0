"""Bytecodes and Python calls a churn lifecycle costs, by function: a profile that
repeats exactly (no timer), to find where a lifecycle's instructions go before
measuring a change with cachegrind (bench/README.md, session 26 churn26).

Run: ``python bench/churn_opcodes.py [--lifecycles N] [--top N] [--lines FUNC]
[--edges]``. Runs ``bench/churn_bench.py --lifecycles N --window 100`` and
``--lifecycles 0`` under ``sys.settrace`` with opcode events, and prints, per
lifecycle (N less 0, over N), the bytecodes each function executes itself and with
its callees, and its calls; ``--lines FUNC`` (a function's name, or ``file.py:LINE``
of its ``def``) prints that function's bytecodes by source line instead; ``--edges``
the calls by caller and callee (the ``--top`` most made), with the callee's bytecodes
a call: a Python call costs ~500 instructions of its own in CPython 3.11 (a
lifecycle makes ~2,400: bench/README.md, session 43 churn43), so the edges say which
frames a change could merge. Slow (~50x a plain run).
"""
from __future__ import annotations

import argparse
import collections
import os
import runpy
import sys

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "churn_bench.py")


def trace_run(lifecycles: int) -> tuple[collections.Counter, ...]:
    """One churn_bench run traced: (own bytecodes, inclusive bytecodes, calls) by
    (file, first line, name), bytecodes by ((file, first line, name), line), and
    calls and inclusive bytecodes by (caller, callee)."""
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

    argv = sys.argv
    sys.argv = [BENCH, "--lifecycles", str(lifecycles), "--window", "100"]
    with open(os.devnull, "w") as null:
        out, sys.stdout = sys.stdout, null
        sys.settrace(tracer)
        try:
            runpy.run_path(BENCH, run_name="__main__")
        finally:
            sys.settrace(None)
            sys.stdout = out
            sys.argv = argv
    return own, incl, calls, lines, edge_calls, edge_incl


def main() -> None:
    """Print the per-lifecycle profile (see the module's docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--lifecycles", type=int, default=300)
    ap.add_argument("--top", type=int, default=40)
    ap.add_argument("--lines", default="")
    ap.add_argument("--edges", action="store_true")
    args = ap.parse_args()
    n = args.lifecycles
    base = trace_run(0)
    runs = trace_run(n)
    own, incl, calls, lines, edge_calls, edge_incl = (
        {k: (b[k] - a.get(k, 0)) / n for k in b} for a, b in zip(base, runs))

    def where(k) -> str:
        return f"{k[0].split('/src/')[-1]}:{k[1]} {k[2]}" if k else "-"

    if args.edges:
        print(f"a lifecycle: {sum(edge_calls.values()):,.0f} Python calls")
        print(f"{'calls':>7} {'a call':>7}  caller -> callee")
        for e, v in sorted(edge_calls.items(), key=lambda x: -x[1])[:args.top]:
            print(f"{v:7.1f} {edge_incl.get(e, 0) / v if v else 0:7.0f}  "
                  f"{where(e[0])} -> {where(e[1])}")
        return

    if args.lines:
        for (k, line), v in sorted(lines.items(), key=lambda x: (x[0][0], x[0][1] or 0)):
            if v and (k[2] == args.lines or f"{k[0]}:{k[1]}".endswith(args.lines)):
                print(f"{v:8.1f} {where(k)} line {line}")
        return
    total = sum(own.values())
    print(f"a lifecycle: {total:,.0f} bytecodes, {sum(calls.values()):,.0f} Python calls")
    print(f"{'own':>8} {'%':>5} {'incl':>8} {'calls':>7}  function")
    for k, v in sorted(own.items(), key=lambda x: -x[1])[:args.top]:
        print(f"{v:8.0f} {100 * v / total:5.2f} {incl.get(k, 0):8.0f} {calls.get(k, 0):7.1f}"
              f"  {where(k)}")


if __name__ == "__main__":
    main()
