"""Where CPython 3.11's specializing interpreter gives up on the model's hot lines
(bench/README.md, session 30).

``PYTHONPATH=TREE/src python bench/unspecialized.py SCRIPT [DESIGN] [LINES]`` runs
``memcgsim run SCRIPT`` in this process (no tracing: the interpreter specializes as in
a plain run), then reads every first-party function's code with ``dis`` (``adaptive``)
and prints, per source line, the instructions still ``*_ADAPTIVE``: their
specialization failed (a ``bytearray``/``array`` subscript, a ``staticmethod`` or an
instance attribute holding a bound method loaded as a method, an ``int``/``float``
comparison, a shift or ``&`` of ints...) and each execution takes the generic path
(``CALL`` left out: a call of a C function specializes in its ``PRECALL``).
``LINES``: the output of ``bench/seed_split.py lines`` for a run of the same script,
whose opcode counts order the lines (without it, every such line of a code object the
run executed, in file order). Python 3.11 only (3.12 renamed the forms).
"""
from __future__ import annotations

import collections
import dis
import re
import sys
import types

script = sys.argv[1]
design = sys.argv[2] if len(sys.argv) > 2 else "5.13"
weights_file = sys.argv[3] if len(sys.argv) > 3 else None
sys.argv = ["memcgsim", "run", script, "--kernel", design]
from memcgsim import cli  # noqa: E402

try:
    cli.main()
except SystemExit:
    pass


def _codes(co: types.CodeType):
    yield co
    for c in co.co_consts:
        if isinstance(c, types.CodeType):
            yield from _codes(c)


def _functions(mod: types.ModuleType):
    for obj in list(vars(mod).values()):
        if isinstance(obj, types.FunctionType) and obj.__module__ == mod.__name__:
            yield obj
        elif isinstance(obj, type) and obj.__module__ == mod.__name__:
            for v in vars(obj).values():
                v = getattr(v, "__func__", None) or getattr(v, "fget", None) or v
                if isinstance(v, types.FunctionType):
                    yield v


adaptive: dict[tuple[str, int], list[str]] = collections.defaultdict(list)
seen: set = set()
for name, mod in list(sys.modules.items()):
    if not name.startswith("memcgsim") or mod is None:
        continue
    for fn in _functions(mod):
        for co in _codes(fn.__code__):
            if co in seen:
                continue
            seen.add(co)
            ran = any(i.opname.endswith("_QUICK") for i in dis.get_instructions(co, adaptive=True))
            for ins in dis.get_instructions(co, adaptive=True):
                # (a call's specialization is its PRECALL's, but for a Python callee)
                if (ran and ins.opname.endswith("_ADAPTIVE") and ins.opname != "CALL_ADAPTIVE"
                        and ins.positions.lineno):
                    where = (co.co_filename.split("memcgsim/")[-1], ins.positions.lineno)
                    adaptive[where].append(ins.opname.removesuffix("_ADAPTIVE"))

rows = []
if weights_file:
    for line in open(weights_file):
        m = re.match(r"\s*(\d+)\s+[\d.]+%\s+(\S+):(\d+)\s+(\S+)", line)
        if m and (m[2], int(m[3])) in adaptive:
            rows.append((int(m[1]), m[2], int(m[3]), m[4]))
    rows.sort(reverse=True)
else:
    rows = [(0, f, ln, "") for f, ln in sorted(adaptive)]
for n, f, ln, fn in rows:
    ops = collections.Counter(adaptive[(f, ln)])
    print(f"{n:10d}  {f}:{ln} {fn}  " + " ".join(f"{o}x{c}" if c > 1 else o for o, c in ops.items()))
