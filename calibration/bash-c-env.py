#!/usr/bin/env python3
"""memcgsim calibration (session 42, branch heap42, docs/fidelity.md item 400): read
calibration/bash-c-env.sh's recording (FILE, or stdin): for each `bash -c` (its
environment: 0, 20, 200 variables, the script's own, 20 and a function) its smaps
Anonymous of [heap] and [stack], RssAnon, the arena's top and [heap]'s size
(calibration/bash-heap-arena.py's walk), and the chunks holding the variables'
text: a name alone (``new_shell_variable``'s and ``hash_insert``'s copies), a value
alone (``make_variable_value``), ``NAME=value`` (``CACHE_IMPORTSTR``'s exportstr and
``maybe_make_export_env``'s copy of it), counted by chunk size.

    python3 calibration/bash-c-env.py calibration/recordings/bash-c-env--6.1-v2.txt
"""
import importlib.util
import os
import re
import sys
from collections import Counter

_spec = importlib.util.spec_from_file_location(
    "bash_heap_arena", os.path.join(os.path.dirname(os.path.abspath(__file__)), "bash-heap-arena.py"))
arena = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(arena)


def sections(text: str) -> dict:
    """The recording's stdout split at its "== NAME" lines."""
    out, name = {}, None
    for line in text.splitlines():
        if line.startswith("== "):
            name = line[3:].strip()
            out[name] = []
        elif name is not None:
            out[name].append(line)
    return {k: "\n".join(v) for k, v in out.items()}


def main() -> None:
    text = open(sys.argv[1]).read() if len(sys.argv) > 1 else sys.stdin.read()
    for name, body in sections(text).items():
        areas = {m.group(1): int(m.group(2)) for m in
                 re.finditer(r"^area \S+ (\[heap\]|\[stack\]) \d+ (\d+)", body, re.M)}
        rss = re.search(r"^RssAnon: (\d+)", body, re.M)
        d = arena.blocks(body)
        a = arena.walk(d)
        heap = d["heap-gz-b64"]
        kinds = Counter()
        for p, size in a["chunks"][1:-1]:
            data = heap[p + 16:p + size + 8].split(b"\0", 1)[0]
            if re.fullmatch(rb"E\d{3}", data):
                kinds["name", size] += 1
            elif re.fullmatch(rb"v{20}", data):
                kinds["value", size] += 1
            elif re.fullmatch(rb"E\d{3}=v{20}", data):
                kinds["NAME=value", size] += 1
        print(f"{name}: [heap] {areas.get('[heap]')} kB, [stack] {areas.get('[stack]')} kB, "
              f"RssAnon {rss.group(1) if rss else '?'} kB; top {a['top']} (page "
              f"{a['top'] / 4096:.2f}), [heap] {a['brk'] // 4096} pages; "
              + ", ".join(f"{n} {s}: {c}" for (n, s), c in sorted(kinds.items())))


if __name__ == "__main__":
    main()
