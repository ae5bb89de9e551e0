"""Which slab caches grow, and by how many pages, at points of a script run on the
model as `memcgsim conform` runs it (session 33, branch wake33: docs/fidelity.md item
193): a dump of /proc/slabinfo's pages per cache is put after every script line
matching AFTER (a regular expression; each time it runs, in a loop too) and a
baseline after the first line matching BASE (default: at the start), and each
cache's growth since the baseline is printed, one line a dump, largest first:

    PYTHONPATH=src python3 tools/sizes/model_slab_growth.py SCRIPT --after REGEX \
        [--base REGEX] [--kernel 6.1] [--cgroup v2] [--cpus 2] [--seed 0]

Run it on two trees (``PYTHONPATH`` to each ``src``) to see where a placement change
puts new slabs.
"""
from __future__ import annotations

import argparse
import collections
import re
import sys

#: a dump: the running count (0 for the baseline), each cache's pages
DUMP = """awk -v d={n} 'NR > 2 {{print "SLABDUMP", d, $1, $15 * $6}}' /proc/slabinfo"""
COUNT = "SLABDUMP_N=$((${SLABDUMP_N:-0} + 1))"


def instrument(text: str, after: str, base: str | None, dump: str = DUMP) -> str:
    """The script with the baseline dump after its first line matching ``base`` (or
    after the shebang) and a counted dump after each line matching ``after``
    (``dump``: a shell line with ``{n}`` for the dump's count)."""
    pat, bpat = re.compile(after), re.compile(base) if base else None
    lines = text.split("\n")
    out = []
    if bpat is None:
        head = 1 if lines and lines[0].startswith("#!") else 0
        out, lines = lines[:head] + [dump.format(n=0)], lines[head:]
    for line in lines:
        out.append(line)
        indent = line[:len(line) - len(line.lstrip())]
        if bpat is not None and bpat.search(line):
            out.append(indent + dump.format(n=0))
            bpat = None
        if pat.search(line):
            out += [indent + COUNT, indent + dump.format(n="$SLABDUMP_N")]
    return "\n".join(out)


def main(argv: list[str]) -> int:
    """Run the instrumented script on the model; print each dump's growth."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("script")
    ap.add_argument("--after", required=True)
    ap.add_argument("--base")
    ap.add_argument("--kernel", default="6.1")
    ap.add_argument("--cgroup", default="v2")
    ap.add_argument("--cpus", type=int, default=2)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--top", type=int, default=14)
    a = ap.parse_args(argv)
    from memcgsim.oracle.cli import run_model

    text = instrument(open(a.script).read(), a.after, a.base)
    res = run_model(text, a.script.rsplit("/", 1)[-1], a.kernel, a.cgroup, a.cpus,
                    seed=a.seed)
    dumps: dict = collections.defaultdict(dict)
    order = []
    for line in res.stdout.split("\n"):
        f = line.split()
        if len(f) == 4 and f[0] == "SLABDUMP":
            if f[1] not in dumps:
                order.append(f[1])
            dumps[f[1]][f[2]] = int(f[3])
    if not order:
        return 1
    base = dumps.get("0", {})
    for d in order:
        if d == "0":
            continue
        grow = sorted(((v - base.get(c, 0), c) for c, v in dumps[d].items()
                       if v != base.get(c, 0)), reverse=True)
        top = " ".join(f"{c}:{g:+d}" for g, c in grow[:a.top])
        print(f"dump {d}: {sum(g for g, _ in grow):+d} pages | {top}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
