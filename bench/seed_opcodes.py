"""Bytecodes and Python calls an iteration of the seed's loop costs, by layer and by
function: ``bench/churn_opcodes.py``'s counts for ``kmem_test.sh`` (bench/README.md,
session 44 seed44).

Run: ``PYTHONPATH=TREE/src python bench/seed_opcodes.py [--iterations N] [--base M]
[--top N] [--lines FUNC] [--edges] [--design D]``.
Runs the seed (``../shared/seed/kmem_test.sh`` with its loop's ``{1..500}`` made
``{1..N}`` and ``{1..M}``, v1, through ``memcgsim.api.run``) untraced at both lengths
(the imports, the parse cache and the lazily loaded modules warmed), then at
N and at M iterations under ``sys.settrace`` with opcode events, and prints, per
iteration ((N less M) / (N - M)), the bytecodes by layer (the file a function is in:
the shell's parser, expansions, builtins and commands, heap model, the rest of the
interpreter; the file systems; the facade; the kernel) and each function's own and
inclusive bytecodes and calls; ``--lines FUNC[,FUNC...]`` and ``--edges`` as churn_opcodes.py's.
``--api``: the same for the loop through the API (``workload.seed.seed_loop``, issue
14's second seed figure: no shell), the boot untraced.
Slow (~50x a plain run).
"""
from __future__ import annotations

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from churn_opcodes import make_tracer, print_edges, print_lines, where  # noqa: E402

SEED = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared",
                    "seed", "kmem_test.sh")

#: (layer, file name patterns), the first that matches a function's file
LAYERS = (
    ("shell: parse (bashlex, parser, scan, parse cache)",
     r"/bashlex/|shell/(parser|scan|parsecache|parsetree|dolparen)\.py"),
    ("shell: expansions (words, quoting, patterns, arithmetic)",
     r"shell/(expand|wordcache|quote|pattern|arith|legalnum)\.py"),
    ("shell: builtins and commands", r"shell/(builtins|bashgetopt|hashcmd)\.py|shell/commands/"),
    ("shell: heap model (glibc malloc, bash's arena)",
     r"shell/(malloc|bashmem|startheap|arraymem|applet_pages)\.py"),
    ("shell: redirections, pipes, streams", r"shell/(pipes|streams)\.py"),
    ("shell: the rest of the interpreter", r"shell/|<slot_copier"),
    ("fs: cgroupfs, kernfs, procfs, vfs", r"memcgsim/fs/"),
    ("facade (machine.py)", r"memcgsim/machine\.py"),
    ("kernel", r"memcgsim/kernel/"),
)


def layer_of(filename: str) -> str:
    """The layer (``LAYERS``) of a function's file; "other" for the rest (the
    standard library, memcgsim's other packages)."""
    for name, pat in LAYERS:
        if re.search(pat, filename):
            return name
    return "other"


def trace_seed(n: int, design: str) -> tuple:
    """The seed at ``n`` iterations traced: :func:`churn_opcodes.make_tracer`'s
    counters."""
    from memcgsim import api
    with open(SEED) as f:
        text = f.read().replace("{1..500}", "{1..%d}" % n)
    tracer, *counters = make_tracer()
    sys.settrace(tracer)
    try:
        api.run(text, kernel=design, name="kmem_test.sh")
    finally:
        sys.settrace(None)
    return tuple(counters)


def trace_api(n: int, design: str) -> tuple:
    """The seed's loop through the API (``workload.seed.seed_loop``, ``n`` times, v1,
    2 CPUs) traced: :func:`churn_opcodes.make_tracer`'s counters (the boot untraced)."""
    from memcgsim import Kernel
    from memcgsim.workload.seed import seed_loop
    k = Kernel(design=design, cgroup="v1", nr_cpus=2)
    tracer, *counters = make_tracer()
    sys.settrace(tracer)
    try:
        seed_loop(k, n)
    finally:
        sys.settrace(None)
    return tuple(counters)


def main() -> None:
    """Print the per-iteration profile (see the module's docstring)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--iterations", type=int, default=40)
    ap.add_argument("--base", type=int, default=20)
    ap.add_argument("--design", default="5.13")
    ap.add_argument("--top", type=int, default=50)
    ap.add_argument("--lines", default="")
    ap.add_argument("--edges", action="store_true")
    ap.add_argument("--api", action="store_true",
                    help="the loop through the API (workload/seed.py) instead of the script")
    args = ap.parse_args()
    if args.api:
        trace = trace_api
        trace_api(1, args.design)
    else:
        from memcgsim import api
        trace = trace_seed
        with open(SEED) as f:
            text = f.read()
        for n in (args.base, args.iterations):      # the parse cache warmed for both texts
            api.run(text.replace("{1..500}", "{1..%d}" % n), kernel=args.design, name="kmem_test.sh")
    base = trace(args.base, args.design)
    runs = trace(args.iterations, args.design)
    n = args.iterations - args.base
    own, incl, calls, lines, edge_calls, edge_incl = (
        {k: (b[k] - a.get(k, 0)) / n for k in b} for a, b in zip(base, runs))

    if args.edges:
        print_edges("an iteration", edge_calls, edge_incl, args.top)
        return
    if args.lines:
        print_lines(lines, args.lines.split(","))
        return
    total = sum(own.values())
    print(f"an iteration ({design_note(args)}): {total:,.0f} bytecodes, "
          f"{sum(calls.values()):,.0f} Python calls")
    by_layer: dict[str, list[float]] = {}
    for k, v in own.items():
        cell = by_layer.setdefault(layer_of(k[0]), [0.0, 0.0])
        cell[0] += v
        cell[1] += calls.get(k, 0)
    print(f"{'own':>8} {'%':>5} {'calls':>7}  layer")
    for name, (v, c) in sorted(by_layer.items(), key=lambda x: -x[1][0]):
        print(f"{v:8.0f} {100 * v / total:5.1f} {c:7.1f}  {name}")
    print(f"{'own':>8} {'%':>5} {'incl':>8} {'calls':>7}  function")
    for k, v in sorted(own.items(), key=lambda x: -x[1])[:args.top]:
        print(f"{v:8.0f} {100 * v / total:5.2f} {incl.get(k, 0):8.0f} {calls.get(k, 0):7.1f}"
              f"  {where(k)}")


def design_note(args) -> str:
    """The run's description for the header."""
    what = "the API loop" if args.api else "the script"
    return f"{what}, {args.design}, v1, ({args.iterations} less {args.base}) / {args.iterations - args.base}"


if __name__ == "__main__":
    main()
