"""The boot's SLUB lists (kernel/sizes/slub_boot.py) are tools/sizes/slub_boot.py's
output from the recordings; with ``--vfs`` it adds the VFS caches (dentry,
inode_cache, filp, lsm_file_cache, seq_file, kernfs_iattrs_cache) as
tools/sizes/slub-boot-vfs.sh read them at 1, 2, 4 and 8 CPUs on both guests, and
changes no other cache's lists."""
from __future__ import annotations

import contextlib
import io
import os
import runpy
import sys

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TOOL = os.path.join(ROOT, "tools", "sizes", "slub_boot.py")
VFS = ("dentry", "inode_cache", "filp", "lsm_file_cache", "seq_file", "kernfs_iattrs_cache")


def _table(*argv: str) -> dict:
    out = io.StringIO()
    old = sys.argv
    sys.argv = [TOOL, *argv]
    try:
        with contextlib.redirect_stdout(out):
            runpy.run_path(TOOL, run_name="__main__")
    finally:
        sys.argv = old
    ns: dict = {}
    exec(out.getvalue(), ns)
    ns["text"] = out.getvalue()
    return ns


def test_the_table_is_the_generators_output():
    with open(os.path.join(ROOT, "src", "memcgsim", "kernel", "sizes", "slub_boot.py")) as f:
        assert f.read() == _table()["text"]


@pytest.fixture(scope="module")
def tables():
    return _table()["SLUB_BOOT"], _table("--vfs")["SLUB_BOOT"]


@pytest.mark.parametrize("release", ["5.10", "6.1"])
@pytest.mark.parametrize("cpus", [1, 2, 4, 8])
def test_vfs_lists_add_those_caches_alone(tables, release, cpus):
    plain, vfs = tables[0][release][cpus], tables[1][release][cpus]
    assert not set(VFS) & set(plain)
    assert set(vfs) - set(plain) == set(VFS)
    assert all(vfs[n] == plain[n] for n in plain)
    for name in VFS:
        per, cpu_free, cpu_partial, _node = vfs[name]
        assert len(cpu_free) == len(cpu_partial) == cpus
        assert all(f is None or 0 <= f <= per for f in cpu_free)
        # the boot left a CPU slab of each on at least one CPU
        assert any(f is not None for f in cpu_free)


READS = {"5.10": ("names_cache", "kmalloc-192", "kmalloc-64", "kmalloc-4k"),
         "6.1": ("names_cache", "kmalloc-192", "kmalloc-96", "kmalloc-cg-4k")}


@pytest.mark.parametrize("release", ["5.10", "6.1"])
@pytest.mark.parametrize("cpus", [1, 2, 4, 8])
def test_reads_lists_replace_the_reads_caches_alone(release, cpus):
    """``--reads``: the caches a sysfs read uses, from slub-boot-reads.sh's recordings
    (their counts after the shrinks from /proc/slabinfo through a descriptor opened
    first); every other cache's lists as before."""
    plain = _table()["SLUB_BOOT"][release][cpus]
    reads = _table("--reads")["SLUB_BOOT"][release][cpus]
    assert {c for c in set(plain) | set(reads) if plain.get(c) != reads.get(c)} <= set(
        READS[release])


def test_reads_lists_leave_the_seq_buffer_room():
    """slub-boot-cpus.sh's own reads after its shrinks left 6.1's kmalloc-cg-4k
    without a free object on any CPU (counted full); read undisturbed, the CPUs hold
    free objects, as the guests' first reads on each CPU show (no slab taken:
    tools/sizes/read-cpu-slabs.sh)."""
    plain = _table()["SLUB_BOOT"]["6.1"][4]["kmalloc-cg-4k"]
    reads = _table("--reads")["SLUB_BOOT"]["6.1"][4]["kmalloc-cg-4k"]
    assert set(plain[1]) == {0}
    assert all(f > 0 for f in reads[1])


def test_start_lists_as_a_script_starts():
    """``--start``: every cache but the VFS ones from slub-boot-start.sh's recordings
    (no ``sync``, ``drop_caches`` and ``sleep 1`` first; docs/fidelity.md item 336).
    5.10 at 2 CPUs: proc_inode_cache's two CPU slabs hold 8 and 9 free objects (7 in
    use of 24), one more each than after the prelude; at 4 CPUs CPU 3 has no
    proc_inode_cache slab where the prelude's probe found one on every CPU; the VFS
    caches stay out."""
    plain = _table()["SLUB_BOOT"]["5.10"]
    start = _table("--start")["SLUB_BOOT"]["5.10"]
    assert plain[2]["proc_inode_cache"][1] == (7, 8)
    assert start[2]["proc_inode_cache"][:2] == (12, (8, 9))
    assert start[4]["proc_inode_cache"][1][3] is None
    assert all(f is not None for f in plain[4]["proc_inode_cache"][1])
    assert not set(VFS) & set(start[2])


FILLED = ("proc_inode_cache", "shmem_inode_cache", "ext4_inode_cache", "kmalloc-192",
          "pde_opener", "kmalloc-32", "kmalloc-cg-32")


def test_fill_lists_split_the_room_as_measured(tables):
    """``--fill``: the caches calibration/slub-start-fill.sh filled CPU by CPU where a
    script starts (calibration/recordings/slub-start-fill--*, two or three boots
    each) take each CPU's measured room on its CPU slab, the boots' mean, in place of
    the even split; no other cache, no partial list and no CPU count the probe did
    not run at moves (docs/fidelity.md item 392). 5.10 at 2 CPUs: shmem_inode_cache's
    15 free objects split 7 / 8 evenly, the three boots' CPUs held 2 / 13, 8 / 7 and
    14 / 1; at 1 CPU the boots read proc_inode_cache's 4 each, and kmalloc-192 holds 6
    where the table's probe, whose own sysfs opens took them, left none."""
    plain = tables[0]
    fill = _table("--fill")["SLUB_BOOT"]
    for rel in ("5.10", "6.1"):
        for cpus in (1, 2, 4, 8):
            moved = {c for c in set(plain[rel][cpus]) | set(fill[rel][cpus])
                     if plain[rel][cpus].get(c) != fill[rel][cpus].get(c)}
            assert moved <= (set(FILLED) if cpus <= 2 else set())
            for c in moved:     # the objects per slab and the partial lists kept
                p, f = plain[rel][cpus][c], fill[rel][cpus][c]
                assert (p[0], p[2], p[3]) == (f[0], f[2], f[3])
    assert plain["5.10"][2]["shmem_inode_cache"][1] == (7, 8)
    assert fill["5.10"][2]["shmem_inode_cache"][1] == (8, 7)
    assert fill["5.10"][1]["proc_inode_cache"][:2] == (12, (4,))
    assert (plain["5.10"][1]["kmalloc-192"][1], fill["5.10"][1]["kmalloc-192"][1]) == ((0,), (6,))
