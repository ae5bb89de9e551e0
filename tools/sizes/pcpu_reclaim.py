"""Read a tools/sizes/pcpu-reclaim-trace.sh recording (6.1: docs/fidelity.md item 194
of session 34): per chunk, the pages populated and depopulated in each phase, the
span of its frees in the rmdir loop and the depopulations meanwhile, and the pages
each chunk keeps at the end (the boot chunk's are net of what it had before), and
how far the rmdir loop's frees interleave across each chunk boundary (``early``: the
next chunk's frees before the chunk's last), for a recording or for the model's run
of the same script (``--model CPUS``, from the repository's root).

    python3 tools/sizes/pcpu_reclaim.py tools/sizes/recordings/pcpu-reclaim-trace--6.1-v2-64cpu.txt.gz
    PYTHONPATH=src python3 tools/sizes/pcpu_reclaim.py --model 64
"""
from __future__ import annotations

import gzip
import sys
from collections import Counter


def read(path: str) -> dict:
    """The recording's Percpu steps (kB), per chunk (its address's last 5 digits):
    ``pages`` {(phase, chunk, "pop"|"depop"): pages}, ``net`` {chunk: pages},
    ``frees`` {chunk: [first, last, count, depops]} in the rmdir loop ("made"),
    ``order`` the chunk of each of those frees in turn."""
    steps: dict[str, int] = {}
    order: list[str] = []
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
                        order.append(chunk)
                        fr = frees.setdefault(chunk, [float(w[0][:-1]), 0.0, 0, 0])
                        fr[1] = float(w[0][:-1])
                        fr[2] += 1
                    continue
                n = int(args["end"], 16) - int(args["start"], 16)
                pages[(phase, chunk, ev)] += n
                net[chunk] += n if ev == "pop" else -n
                if ev == "depop" and phase == "made" and chunk in frees:
                    frees[chunk][3] += 1
    return {"steps": steps, "pages": pages, "net": net, "frees": frees, "order": order}


def early(order: list) -> list[int]:
    """For each chunk boundary in the order the frees reach the chunks: how many of
    the next chunk's frees come before the chunk's last (0: the frees come in
    the mkdirs' order across that boundary)."""
    last = {c: i for i, c in enumerate(order)}
    chunks = list(dict.fromkeys(order))
    return [order[:last[a]].count(b) for a, b in zip(chunks, chunks[1:])]


def model_order(cpus: int) -> list:
    """The chunk of each ``free_percpu`` in the model's run of cgroup-cost.sh (6.1,
    cgroup v2, 4G) after its mkdir loop."""
    from memcgsim import Kernel
    from memcgsim.kernel.percpu import Percpu
    from memcgsim.shell import run_script
    order: list = []
    free = Percpu.free_percpu

    def logged(self, chunk, off, size):
        order.append(id(chunk))
        return free(self, chunk, off, size)
    Percpu.free_percpu = logged
    try:
        with open("tests/conformance/scripts/cgroup-cost.sh") as f:
            run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=cpus, mem="4G"), f.read(),
                       "cgroup-cost.sh")
    finally:
        Percpu.free_percpu = free
    return order


def main(argv: list[str]) -> int:
    """Print the tables for each recording named (``--model CPUS``: the model's
    interleaving at that CPU count)."""
    if argv[:1] == ["--model"]:
        print(f"model, {argv[1]} CPUs: early frees per chunk boundary",
              early(model_order(int(argv[1]))))
        return 0
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
        print("  early frees per chunk boundary:", early(r["order"]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
