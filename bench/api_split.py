"""Where the API seed loop's work goes (bench/README.md, session 22): the interpreter's
opcodes of ``seed_loop(Kernel(design=D, cgroup="v1", nr_cpus=2), N)`` (``sys.settrace``
with ``f_trace_opcodes``, after the boot), by the facade call of the loop that entered
them (``Kernel.write``, ``mkdir``, ``fork``...), by function within each (inclusive)
and by function and file (exclusive), each an iteration.

Run: ``PYTHONPATH=TREE/src python bench/api_split.py [N [DESIGN [ROWS]]]`` (defaults 100,
5.12, 60). Slow (~30x a plain run); the counts do not depend on the machine's load,
and are flat in N (no per-iteration cost grows with the dying cgroups).
"""
from __future__ import annotations

import collections
import gc
import sys

from memcgsim import Kernel
from memcgsim.workload.seed import seed_loop


def _name(code) -> str:
    return f"{code.co_filename.split('/src/memcgsim/')[-1]}:{code.co_name}"


def main() -> None:
    """Print the loop's opcodes an iteration: by facade call, inclusive, exclusive."""
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    design = sys.argv[2] if len(sys.argv) > 2 else "5.12"
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    k = Kernel(design=design, cgroup="v1", nr_cpus=2)
    gc.collect()
    excl: collections.Counter = collections.Counter()
    top: collections.Counter = collections.Counter()
    incl: collections.Counter = collections.Counter()

    def tracer(frame, event, arg):
        frame.f_trace_opcodes = True
        key = _name(frame.f_code)
        chain = []
        f = frame
        while f is not None and f.f_code.co_name != "seed_loop":
            chain.append(_name(f.f_code))
            f = f.f_back
        entry = chain[-1] if chain and f is not None else "seed_loop"
        within = [(entry, c) for c in set(chain)]

        def local(frame, event, arg):
            if event == "opcode":
                excl[key] += 1
                top[entry] += 1
                for c in within:
                    incl[c] += 1
            return local
        return local

    sys.settrace(tracer)
    seed_loop(k, n)
    sys.settrace(None)
    total = sum(excl.values())

    def row(v: int, what: str) -> str:
        return f"{v / n:10.0f} {100 * v / total:5.1f}% {what}"
    print(f"{design}, {n} iterations: {total / n:,.0f} opcodes an iteration")
    print("--- by the loop's call")
    for what, v in top.most_common():
        print(row(v, what))
    print("--- inclusive, by the loop's call")
    for (entry, what), v in incl.most_common(rows):
        print(row(v, f"{entry.split(':')[1]:8} {what}"))
    print("--- exclusive, by function")
    for what, v in excl.most_common(rows):
        print(row(v, what))
    print("--- exclusive, by file")
    by_file: collections.Counter = collections.Counter()
    for what, v in excl.items():
        by_file[what.rsplit(":", 1)[0]] += v
    for what, v in by_file.most_common(rows):
        print(row(v, what))


if __name__ == "__main__":
    main()
