"""What boot holds at each CPU count, part by part (docs/fidelity.md item 483): reads
tools/sizes/recordings/boot-unnamed--K-v2-Ncpu.txt (tools/sizes/boot-unnamed.sh) and
prints, in kB, MemTotal - MemFree and its parts: the page cache (Cached, Buffers),
AnonPages, Slab, PageTables, VmallocUsed (the kernel stacks among them: VMAP_STACK),
the percpu chunks' pages past the embedded first chunk (memblock's, outside
MemTotal), the per-CPU page lists (/proc/zoneinfo's pageset counts), the virtio
disk's requests (kernel/sizes/hostmem.py ``virtio_blk_pages``: BTF sizes and the
recording's blk-mq geometry), and what is left.

    PYTHONPATH=src python3 tools/sizes/boot_unnamed.py [RECORDING...]
"""
from __future__ import annotations

import glob
import os
import re
import sys

from memcgsim.kernel.sizes.hostmem import virtio_blk_pages

HERE = os.path.dirname(os.path.abspath(__file__))
NAMED = ("Cached", "Buffers", "AnonPages", "Slab", "PageTables", "VmallocUsed")


def parse(path: str) -> dict:
    """A recording's values: release, CPUs, meminfo (kB), the embedded pages a CPU,
    the pcp pages, the disk's queues and scheduler."""
    text = open(path, errors="replace").read()
    m = re.search(r"^cpus (\d+) (\d+\.\d+)", text, re.M)
    if m is None:
        raise SystemExit(f"{path}: no 'cpus' line (an unfinished run?)")
    out = {"cpus": int(m.group(1)), "release": m.group(2),
           "meminfo": {k: int(v) for k, v in re.findall(r"^(\w+):\s+(\d+) kB", text, re.M)},
           "embedded": int(re.search(r"Embedded (\d+) pages/cpu", text).group(1)),
           "pcp": sum(int(c) for c in re.findall(r"^pcp \S+ cpus \d+ count (\d+)", text, re.M))}
    b = re.search(r"^blk vda hw_queues (\d+) nr_requests (\d+) scheduler (\S+)", text, re.M)
    out["queues"], out["scheduler"] = int(b.group(1)), re.search(r"\[(.*?)\]", b.group(3)).group(1)
    return out


def parts(r: dict) -> dict:
    """MemTotal - MemFree and its parts, kB."""
    mi = r["meminfo"]
    p = {k: mi.get(k, 0) for k in NAMED}
    p["percpu chunks"] = mi["Percpu"] - r["cpus"] * r["embedded"] * 4
    p["pcp lists"] = r["pcp"] * 4
    p["virtio requests"] = virtio_blk_pages(r["release"], r["cpus"]) * 4
    used = mi["MemTotal"] - mi["MemFree"]
    p["rest"] = used - sum(p.values())
    return {"used": used, **p}


def main(argv: list[str]) -> int:
    """Print the table."""
    paths = argv or sorted(glob.glob(os.path.join(HERE, "recordings", "boot-unnamed--*.txt")))
    rows = [parse(p) for p in paths]
    rows.sort(key=lambda r: (r["release"], r["cpus"]))
    keys = None
    for r in rows:
        p = parts(r)
        if keys is None:
            keys = list(p)
            print("release cpus queues sched " + " ".join(k.replace(" ", "_") for k in keys))
        print(f"{r['release']} {r['cpus']} {r['queues']} {r['scheduler']} "
              + " ".join(str(p[k]) for k in keys))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
