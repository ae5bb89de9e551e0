"""Where ``memcgsim run SCRIPT`` spends its work: the kernel model's share against the
shell's (bench/README.md, session 20).

``PYTHONPATH=TREE/src python bench/seed_split.py opcodes SCRIPT [DESIGN]`` counts the
interpreter's opcodes (``sys.settrace`` with ``f_trace_opcodes``) of the run after the
imports, by the side of the innermost first-party frame (``kernel``: kernel/, fs/,
machine.py; ``shell``: shell/ and bashlex, which it calls; ``other``), the kernel's by the
facade call that entered it (``Kernel.fork``, ``BufferFile.write``...) and by function
within it, and the shell's by function. Slow (~30x): use a short script.
``... seed_split.py lines SCRIPT [DESIGN] [ROWS]`` counts them by source line (file,
line, function; the ``ROWS`` largest, default 80): run at two script lengths (the seed's
loop of 100 and 250 iterations), the difference shows what grows with the iterations.

``valgrind --tool=callgrind --toggle-collect='_operator_call*' --callgrind-out-file=F
python bench/seed_split.py callgrind SCRIPT [DESIGN]`` counts instructions inside the
outermost calls into the model only: every method of ``machine.Kernel`` and the open
files' ``read``/``write``/``close`` (fs/) are routed through ``operator.call`` while no
such call is running (a nested one is called directly: a second toggle would stop the
count). ``python bench/seed_split.py wrapped SCRIPT [DESIGN]`` runs the same wrappers
without counting, so that its total under cachegrind, less the plain run's, is what the
wrappers add outside the model.
"""
from __future__ import annotations

import collections
import os
import sys

mode = sys.argv.pop(1)
script = sys.argv.pop(1)
design = sys.argv.pop(1) if len(sys.argv) > 1 else "5.13"
rows = int(sys.argv.pop(1)) if len(sys.argv) > 1 else 80     # (mode lines)
sys.argv = ["memcgsim", "run", script, "--kernel", design]
from memcgsim import cli  # noqa: E402

cli._collect_less()


def _wrap_facade() -> None:
    import functools
    import inspect
    import operator

    from memcgsim import machine
    from memcgsim.fs import cgroupfs, fifo, vfs
    call = operator.call
    depth = [0]

    def wrap(fn):
        @functools.wraps(fn)
        def w(*a, **kw):
            if depth[0]:
                return fn(*a, **kw)
            depth[0] = 1
            try:
                return call(fn, *a, **kw)
            finally:
                depth[0] = 0
        return w
    classes = [c for c in machine.Kernel.__mro__ if c.__module__.startswith("memcgsim")]
    for cls in classes:
        for name, v in list(vars(cls).items()):
            if name.startswith("__") and name != "__init__":
                continue
            if inspect.isfunction(v) and not inspect.isgeneratorfunction(v):
                if name not in vars(machine.Kernel) or cls is machine.Kernel:
                    setattr(cls, name, wrap(v))
    for mod in (vfs, cgroupfs, fifo):
        for cls in vars(mod).values():
            if isinstance(cls, type) and cls.__module__ == mod.__name__:
                for name in ("read", "write", "close"):
                    if name in vars(cls):
                        setattr(cls, name, wrap(vars(cls)[name]))


def _opcodes() -> None:
    root = os.path.dirname(cli.__file__) + "/"
    sides: dict[str, str | None] = {}
    info: dict[int, tuple[str, str]] = {}
    ops: collections.Counter = collections.Counter()

    def side_of(fn: str) -> str | None:
        if "/bashlex/" in fn:
            return "shell"
        if not fn.startswith(root):
            return None
        r = fn[len(root):]
        if r.startswith("shell/"):
            return "shell"
        if r.startswith(("kernel/", "fs/")) or r == "machine.py":
            return "kernel"
        return "other"

    def tracer(frame, event, arg):
        code = frame.f_code
        s = sides.get(code.co_filename, "")
        if s == "":
            s = sides[code.co_filename] = side_of(code.co_filename)
        back = frame.f_back
        bi = info.get(id(back)) if back is not None else None
        if s is None:
            s, entry = bi if bi else ("other", "?")
        elif s == "kernel":
            entry = bi[1] if bi and bi[0] == "kernel" else code.co_qualname
        else:
            entry = ""
        info[id(frame)] = (s, entry)
        name = code.co_filename.removeprefix(root) + ":" + code.co_qualname
        key = (s, entry, name)
        frame.f_trace_opcodes = True

        def local(frame, event, arg):
            if event == "opcode":
                ops[key] += 1
            return local
        return local
    sys.settrace(tracer)
    cli.main()
    sys.settrace(None)
    sys.stdout.flush()
    total = sum(ops.values())
    by_side: collections.Counter = collections.Counter()
    by_entry: collections.Counter = collections.Counter()
    by_file: collections.Counter = collections.Counter()
    by_fn: collections.Counter = collections.Counter()
    for (s, e, f), n in ops.items():
        by_side[s] += n
        by_file[s, f.split(":")[0]] += n
        by_fn[s, f] += n
        if s == "kernel":
            by_entry[e] += n
    w = sys.stderr.write
    w(f"opcodes {total}\n")
    for s, n in by_side.most_common():
        w(f"{n:10d} {100 * n / total:5.1f}% {s}\n")
    w("-- the kernel's, by the facade call that entered it\n")
    for e, n in by_entry.most_common(25):
        w(f"{n:10d} {100 * n / total:5.1f}% {e}\n")
    w("-- by file\n")
    for (s, f), n in by_file.most_common(40):
        w(f"{n:10d} {100 * n / total:5.1f}% {s} {f}\n")
    w("-- the kernel's functions (0.1 % or more), by the facade call that entered them\n")
    by_kfn: collections.Counter = collections.Counter()
    for (s, e, f), n in ops.items():
        if s == "kernel":
            by_kfn[e, f] += n
    for (e, f), n in by_kfn.most_common():
        if n * 1000 >= total:
            w(f"{n:10d} {100 * n / total:5.2f}% {e} {f}\n")
    w("-- the shell's and the others' functions\n")
    for (s, f), n in by_fn.most_common():
        if s != "kernel" and n * 1000 >= total:
            w(f"{n:10d} {100 * n / total:5.2f}% {s} {f}\n")


def _lines(rows: int) -> None:
    root = os.path.dirname(cli.__file__) + "/"
    ops: collections.Counter = collections.Counter()

    def tracer(frame, event, arg):
        code = frame.f_code
        where = (code.co_filename.removeprefix(root), code.co_name)
        frame.f_trace_opcodes = True

        def local(frame, event, arg):
            if event == "opcode":
                ops[where, frame.f_lineno] += 1
            return local
        return local
    sys.settrace(tracer)
    cli.main()
    sys.settrace(None)
    sys.stdout.flush()
    total = sum(ops.values())
    w = sys.stderr.write
    w(f"opcodes {total}\n")
    for ((f, fn), line), n in ops.most_common(rows):
        w(f"{n:10d} {100 * n / total:5.2f}% {f}:{line} {fn}\n")


if mode == "opcodes":
    _opcodes()
    os._exit(0)
elif mode == "lines":
    _lines(rows)
    os._exit(0)
elif mode in ("callgrind", "wrapped"):
    _wrap_facade()
    status = cli.main()
    sys.stdout.flush()
    os._exit(status)
else:
    sys.exit(f"seed_split.py: unknown mode {mode!r}")
