"""Read a tools/sizes/pcpu-reclaim-trace.sh recording (6.1: docs/fidelity.md item 194
of session 34): per chunk, the pages populated and depopulated in each phase, the
span of its frees in the rmdir loop and the depopulations meanwhile, and the pages
each chunk keeps at the end (the boot chunk's are net of what it had before).

    python3 tools/sizes/pcpu_reclaim.py tools/sizes/recordings/pcpu-reclaim-trace--6.1-v2-64cpu.txt.gz
"""
from __future__ import annotations

import gzip
import sys
from collections import Counter


def read(path: str) -> dict:
    """The recording's Percpu steps (kB), per chunk (its address's last 5 digits):
    ``pages`` {(phase, chunk, "pop"|"depop"): pages}, ``net`` {chunk: pages},
    ``frees`` {chunk: [first, last, count, depops]} in the rmdir loop ("made")."""
    steps: dict[str, int] = {}
    pages: Counter = Counter()
    net: Counter = Counter()
    frees: dict[str, list] = {}
    phase = None
    with (gzip.open if path.endswith(".gz") else open)(path, "rt") as f:
        for line in f:
            w = line.split()
            if len(w) == 2 and w[0] in ("start", "made", "removed", "settled"):
                steps[w[0]] = int(w[1])
            elif w[:1] == ["MARK"]:
                phase = w[1]
            elif len(w) >= 3 and w[2] in ("pop:", "depop:", "fa:"):
                args = dict(a.split("=", 1) for a in w[3:])
                chunk, ev = args["chunk"][-5:], w[2][:-1]
                if ev == "fa":
                    if phase == "made":
                        fr = frees.setdefault(chunk, [float(w[0][:-1]), 0.0, 0, 0])
                        fr[1] = float(w[0][:-1])
                        fr[2] += 1
                    continue
                n = int(args["end"], 16) - int(args["start"], 16)
                pages[(phase, chunk, ev)] += n
                net[chunk] += n if ev == "pop" else -n
                if ev == "depop" and phase == "made" and chunk in frees:
                    frees[chunk][3] += 1
    return {"steps": steps, "pages": pages, "net": net, "frees": frees}


def main(argv: list[str]) -> int:
    """Print the tables for each recording named."""
    for path in argv:
        r = read(path)
        s = r["steps"]
        print(f"{path}: Percpu kB {s}; kept {s.get('settled', 0) - s.get('start', 0)} kB")
        for k in sorted(r["pages"]):
            print("  %-8s %s %-6s %4d pages" % (k + (r["pages"][k],)))
        print("  rmdir loop: chunk, first free, last free, frees, depopulation events")
        for chunk, (t0, t1, n, d) in sorted(r["frees"].items(), key=lambda kv: kv[1][0]):
            print(f"    {chunk} {t0:10.3f} {t1:10.3f} {n:5d} {d:3d}")
        print("  net pages a chunk:", dict(r["net"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
