#!/usr/bin/env python3
"""memcgsim calibration (session 34, branch heap34, docs/fidelity.md items 211 and
212): read calibration/parse-tree-malloc.sh's trace of the host's bash 5.2.15 (the
script's bash: the first pid; a child's first line marks a fork). The script's
first three forks are ``$(mktemp -d)``, ``$(getconf ...)`` and ``sleep 1``; the four
function definitions are read and run between the first and the second, the ``for``
loop is read between the third and the fourth (its first ``$(mi)``). For each
window: the requests made in it and still held at its end, by size, against the
model's (shell/parsetree.py ``tree_sizes`` of the loop; ``definition_sizes`` of the
functions); then, after the loop's parse, the chunks requested before the body's
first command (``execute_command``'s bitmaps and unwind-protect elements:
shell/execframes.py).

    .venv/bin/python calibration/parse-tree-malloc.py calibration/recordings/parse-tree-malloc.txt.gz
"""
import collections
import gzip
import sys


def ops_and_forks(path: str):
    """The first pid's calls (op, args) and the index of its next call at each fork."""
    ops, forks, seen, pid = [], [], set(), None
    with gzip.open(path, "rt") as f:
        for line in f:
            t = line.split()
            if not t or t[0] == "#":
                continue
            if pid is None:
                pid = t[0]
                seen.add(pid)
            if t[0] == pid:
                ops.append(t[1:])
            elif t[0] not in seen:
                seen.add(t[0])
                forks.append(len(ops))
    return ops, forks


def held(ops, a: int, b: int) -> list[int]:
    """Sizes requested in ops[a:b] and not freed by b, in order."""
    live = {}
    for i, t in enumerate(ops[:b]):
        if t[0] in "mc":
            live[t[2]] = (i, int(t[1]))
        elif t[0] == "f":
            live.pop(t[1], None)
        else:
            live.pop(t[1], None)
            live[t[3]] = (i, int(t[2]))
    return [s for i, s in sorted(live.values()) if i >= a]


def show(name: str, sizes: list[int], model: list[int] | None) -> None:
    print(f"{name}: {len(sizes)} chunks held, {sum(sizes)} bytes requested")
    c = collections.Counter(sizes)
    m = collections.Counter(model or ())
    print("  size  bash  model")
    for s in sorted(set(c) | set(m)):
        if s <= 64 or c[s] != m[s]:
            print(f"  {s:4d}  {c[s]:4d}  {m[s]:5d}")


def main() -> None:
    path = sys.argv[1] if len(sys.argv) > 1 else "calibration/recordings/parse-tree-malloc.txt.gz"
    ops, forks = ops_and_forks(path)
    loop, funcs, body = None, [], None
    try:
        from pathlib import Path
        from memcgsim.shell.interp import _parse_program
        from memcgsim.shell.parsetree import definition_sizes, tree_sizes
        text = Path(__file__).with_name("runtime-cycle-arena.sh").read_text()
        node = _parse_program(text)
        for n, _ in node.items:
            kind = type(n).__name__
            if kind == "For":
                loop = list(tree_sizes(n))
            elif kind == "FuncDef":
                a, b = definition_sizes(n.name, "runtime-cycle-arena.sh", n.body)
                funcs += a + b
    except ImportError:     # without the model: the trace alone
        pass
    show("the four function definitions (forks 1-2)", held(ops, forks[0], forks[1]), funcs or None)
    show("the for loop's parse (forks 3-4)", held(ops, forks[2], forks[3]), loop)
    # the body's first frames: from the loop list's expansion to the first command
    fmt = [t[0] + (t[1] if t[0] in "mc" else "") for t in ops[forks[2]:forks[3]]]
    groups = collections.Counter()
    i = 0
    while i < len(fmt):
        if fmt[i:i + 4] == ["m16", "m32", "m32", "m32"]:
            groups["fd bitmap, bitmap, 2 unwind elements (16, 32, 32, 32)"] += 1
            i += 4
        elif fmt[i:i + 2] == ["m16", "m32"] and fmt[i + 2:i + 3] != ["m32"]:
            groups["fd bitmap, bitmap (16, 32)"] += 1
            i += 2
        else:
            i += 1
    print("execute_command frames before the body's first command:", dict(groups))


if __name__ == "__main__":
    main()
