"""6.1's per-CPU chunks over cgroup-cost.sh's rmdir loop as tools/sizes/pcpu_reclaim.py
reads the stored traces (docs/fidelity.md item 194 of session 34): the facts the item
rests on, read again from the recordings."""
from __future__ import annotations

import importlib.util
import os

SIZES = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "sizes")
REC = os.path.join(SIZES, "recordings", "pcpu-reclaim-trace--6.1-v2-{}cpu.txt.gz")


def _tool():
    spec = importlib.util.spec_from_file_location("pcpu_reclaim", os.path.join(SIZES, "pcpu_reclaim.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _read(cpus: int) -> dict:
    return _tool().read(REC.format(cpus))


def _first_freed(r: dict) -> str:
    return min(r["frees"], key=lambda c: r["frees"][c][0])


def test_16_cpus_keep_the_boot_chunk_populated():
    """At 16 CPUs the chunk the boot made (the first the rmdirs empty, never wholly
    free) is never depopulated and keeps the 61 pages the mkdirs populated: every
    other chunk is depopulated to nothing, which is what the model does."""
    r = _read(16)
    boot = _first_freed(r)
    assert r["frees"][boot][3] == 0 and r["net"][boot] == 61
    assert all(n == 0 for c, n in r["net"].items() if c != boot)
    assert r["steps"]["settled"] - r["steps"]["start"] == 61 * 16 * 4


def test_64_cpus_depopulate_the_boot_chunk_and_keep_a_later_one():
    """At 64 CPUs the next chunk's first frees come before the boot chunk's last, so
    the boot chunk is depopulated (it ends 4 pages below where the boot left it) and
    a later chunk none of whose frees depopulated anything keeps all its 64 pages:
    60 pages a unit kept in this run against the model's 61."""
    r = _read(64)
    boot = _first_freed(r)
    nxt = sorted(r["frees"], key=lambda c: r["frees"][c][0])[1]
    assert r["frees"][nxt][0] < r["frees"][boot][1]
    assert r["pages"][("made", boot, "depop")] > 60 and r["net"][boot] == -4
    kept = [c for c, n in r["net"].items() if n == 64]
    assert len(kept) == 1 and r["frees"][kept[0]][3] == 0
    assert r["steps"]["settled"] - r["steps"]["start"] == 60 * 64 * 4


def test_the_rmdir_loops_frees_cross_each_chunk_boundary_by_two_to_five_children():
    """At both CPU counts the next chunk's frees begin 19-60 frees (2-5 children of 11
    areas) before a chunk's last: the css chains' grace periods span several of the
    guests' rmdirs (the model's 1-14 at 8-64 CPUs, docs/fidelity.md item 194)."""
    mod = _tool()
    assert mod.early(_read(16)["order"]) == [23, 31, 60, 19, 22, 33, 24]
    assert mod.early(_read(64)["order"]) == [56, 45, 39, 31, 35, 54, 37]
    assert mod.early(list("aabab" "cbcc")) == [1, 1]
