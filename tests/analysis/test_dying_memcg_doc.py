"""docs/dying-memcg-bytes.md's table is tools/sizes/memcg_bytes.py's accounting: each
row's slab objects, per-CPU bytes and totals (page in tmpfs and in a disk file) are
what the model holds for one dying memcg, the per-CPU part growing with the CPUs; its
host table is the boot probes' MemTotal, MemFree and MemAvailable and the model's
reservations for the CPUs (kernel/sizes/hostmem.py)."""
from __future__ import annotations

import os
import re
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, "tools", "sizes"))

import memcg_bytes  # noqa: E402  (tools/sizes/)


def _rows() -> dict:
    with open(os.path.join(ROOT, "docs", "dying-memcg-bytes.md")) as f:
        text = f.read()
    rows = {}
    for m in re.finditer(r"^\| (5\.1[023]|6\.1) \| (\d+) \| ([\d,]+) \| ([\d,]+) \| \*\*([\d,]+)\*\*"
                         r"[^|]* \| ([\d,]+) \|$", text, re.M):
        rows[(m.group(1), int(m.group(2)))] = [int(g.replace(",", "")) for g in m.groups()[2:]]
    return rows


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_the_pages_rows_are_the_models_bytes(design):
    rows = _rows()
    tmpfs = memcg_bytes.dying_memcg_bytes(design, 1)
    disk = memcg_bytes.dying_memcg_bytes(design, 1, disk=True)
    per_cpu = tmpfs["pcpu_charged"] + tmpfs["pcpu_uncharged"]
    per_cpu_disk = disk["pcpu_charged"] + disk["pcpu_uncharged"]
    for cpus in (1, 2, 8, 64):
        slab, pcpu, total, total_disk = rows[(design, cpus)]
        assert (slab, pcpu) == (tmpfs["slab"], per_cpu * cpus)
        assert total == slab + pcpu
        assert total_disk == disk["slab"] + per_cpu_disk * cpus


def test_the_host_rows_are_the_probes_and_the_models_reserve():
    from memcgsim.kernel.sizes.boot import BOOT
    from memcgsim.kernel.sizes.hostmem import DEFAULT_MEM, HostMem, cpu_reserved_pages
    with open(os.path.join(ROOT, "docs", "dying-memcg-bytes.md")) as f:
        text = f.read()
    num = r" \| ([\d,]+)"
    rows = re.findall(r"^\| (5\.10|6\.1) \| (\d+)" + num * 4 + r" \|$", text, re.M)
    assert len(rows) == 8
    for rel, cpus, *vals in rows:
        total, reserved, free, avail = (int(v.replace(",", "")) for v in vals)
        assert (total, free, avail) == BOOT[rel]["mem_kb_by_cpus"][int(cpus)]
        assert reserved == cpu_reserved_pages(rel, int(cpus)) * 4
        assert HostMem.boot(rel, DEFAULT_MEM, int(cpus)).totalram_pages * 4 == total
