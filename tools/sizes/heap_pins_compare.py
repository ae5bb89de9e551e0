"""Which of a loop's cgroups the script's bash pins with its heap pages at its end, in
a guest recording and in the model, page by page (session 33, branch heap33,
docs/fidelity.md item 184): reads the ``--pages`` outputs of tools/sizes/shell_heap.py
(the guest, ``--by-id --pid PID``) and model_shell_heap.py (``--by-id``), both with
cgroups told apart by ID (the guests and the model number a loop's scopes alike).

    python3 tools/sizes/shell_heap.py REC.txt.gz --by-id --pages --pid 118 > guest.txt
    PYTHONPATH=src python3 tools/sizes/model_shell_heap.py SCRIPT --kernel K --cgroup v2 --by-id --pages > model.txt
    python3 tools/sizes/heap_pins_compare.py guest.txt model.txt /a/b/c

Prints, for each side, the heap pages still charged to a dying scope at the end (page:
scope ID), how many of the loop's iterations copied each heap page into their scope
(a page copied in most iterations ends in the last one's), and the scopes pinned on
one side only with their pages.
"""
from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict

_GUEST = re.compile(r"\s+[\d.]+ charge heap\+(\d+) (\S+#\d+) (cow|new)")
_MODEL = re.compile(r"\s+[\d.]+ \[heap\] (\d+) (\S+#\d+) (cow|new)")
_END = re.compile(r"(?:\[heap\]|heap)\+(\d+):(\S+#\d+)$")


def read(path: str, leaf: str) -> tuple[dict[str, set[int]], dict[int, str]]:
    """The heap pages charged to each ``leaf#ID`` scope by the script's bash (the
    first task in the output), and the pages mapped at its end by scope."""
    text = open(path, errors="replace").read()
    if "== pid " in text:
        text = text.split("== pid ", 2)[1]      # the script's own bash
    copied: dict[str, set[int]] = defaultdict(set)
    end: dict[int, str] = {}
    for line in text.splitlines():
        m = _GUEST.match(line) or _MODEL.match(line)
        if m and m.group(2).startswith(leaf + "#"):
            copied[m.group(2)].add(int(m.group(1)))
        if "mapped at the end" in line:
            for tok in line.split():
                e = _END.match(tok)
                if e and e.group(2).startswith(leaf + "#"):
                    end[int(e.group(1))] = e.group(2)
    return copied, end


def main(argv: list[str]) -> int:
    """Compare the guest's and the model's pinned scopes: GUEST MODEL LEAF."""
    guest, model, leaf = argv[0], argv[1], argv[2]
    sides = {"guest": read(guest, leaf), "model": read(model, leaf)}
    pinned = {}
    for name, (copied, end) in sides.items():
        hot = Counter(p for pages in copied.values() for p in pages)
        pinned[name] = defaultdict(list)
        for p, c in end.items():
            pinned[name][c].append(p)
        print(f"{name}: {len(copied)} scopes had heap pages copied into them, "
              f"{len(pinned[name])} pinned at the end by {len(end)} heap pages")
        print("   end:", " ".join(f"{p}:{c.split('#')[1]}" for p, c in sorted(end.items())))
        print("   iterations copying each page:",
              " ".join(f"{p}:{n}" for p, n in sorted(hot.items())))
    for a, b in (("model", "guest"), ("guest", "model")):
        only = sorted(set(pinned[a]) - set(pinned[b]), key=lambda c: int(c.split("#")[1]))
        print(f"pinned in the {a} only ({len(only)}):",
              " ".join(f"{c.split('#')[1]}({','.join(map(str, sorted(pinned[a][c])))})" for c in only))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
