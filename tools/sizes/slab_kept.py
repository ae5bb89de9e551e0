"""What the slabs kept after cgroup-cost.sh are, cache by cache: for each real run of a
cgroup-cost recording, the slabs its `slabinfo created` and `slabinfo removed` lines add
up to (what stayed from before the mkdirs to 3 s after the rmdirs), in KiB, against the
model's own run of the script with the recording's design, cgroup version and CPUs;
then the `meminfo Slab kept` line of each (issue 15, docs/fidelity.md item 15).

    PYTHONPATH=src python3 tools/sizes/slab_kept.py \\
        tests/conformance/recordings/cgroup-cost-2cpu--6.1-v2.txt [MORE.txt...]

Further arguments are more runs of the same script (`memcgsim oracle` outputs or
recordings) shown as more columns.
"""
import os
import re
import sys

from memcgsim.oracle.cli import run_model
from memcgsim.oracle.record import SUITE, read_recording

LINE = re.compile(r"^slabinfo (created|removed) (\S+) \d+ \d+ (\d+) active -?\d+ slabs (-?\d+)$",
                  re.M)


def kept_kib(stdout: str) -> dict:
    """cache -> KiB of the slabs it gained over the created and removed phases."""
    out: dict = {}
    for _, name, pages, slabs in LINE.findall(stdout):
        out[name] = out.get(name, 0) + int(slabs) * int(pages) * 4
    return out


def slab_kept(stdout: str) -> str:
    m = re.search(r"^meminfo Slab kept after rmdir per child: (-?\d+)$", stdout, re.M)
    return m.group(1) if m else "?"


def main(argv: list) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    rec = read_recording(argv[0])
    outs = [(f"real {n}", r.stdout) for n, r in enumerate(rec.runs, 1)]
    for path in argv[1:]:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        if text.startswith("# memcgsim conformance recording"):
            outs += [(f"{os.path.basename(path)[:10]} {n}", r.stdout)
                     for n, r in enumerate(read_recording(path).runs, 1)]
        else:
            outs.append((os.path.basename(path)[:12], text))
    with open(os.path.join(SUITE, rec.header["script"]), encoding="utf-8") as f:
        script = f.read()
    h = rec.header
    model = run_model(script, os.path.basename(h["script"]), h["design"], h["cgroup"],
                      int(h["cpus"]), h.get("boot", ""))
    outs.append(("model", model.stdout))
    cols = [kept_kib(text) for _, text in outs]
    names = sorted({c for col in cols for c, v in col.items() if v})
    print(f"{h['case']} {h['design']} {h['cgroup']} {h['cpus']} CPUs: KiB of slabs kept")
    print(f"{'cache':22s}" + "".join(f"{label:>13s}" for label, _ in outs))
    for c in names:
        print(f"{c:22s}" + "".join(f"{col.get(c, 0):13d}" for col in cols))
    print(f"{'total':22s}" + "".join(f"{sum(col.values()):13d}" for col in cols))
    print(f"{'Slab kept B/child':22s}" + "".join(f"{slab_kept(t):>13s}" for _, t in outs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
