"""The workingset shadow nodes (kernel/workingset.py) and the shrinker framework
(kernel/shrinker.py): leaves holding only shadow entries listed per memcg, freed by
the ``shadow_nodes`` shrinker beyond ``count_shadow_nodes``' limit; ``do_shrink_slab``'s
scan counts and deferral in the v5.10 and v5.13+ designs."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.shrinker import SHRINK_EMPTY, Shrinker, ShrinkControl
from memcgsim.kernel.workingset import LRU_ITEMS
from memcgsim.kernel.vmstat import (NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B,
                                    lruvec_page_state_local)
from memcgsim.kernel.xarray import XA_CHUNK_SHIFT
from memcgsim.shell import run_script

V2 = "/sys/fs/cgroup"
W = "/mnt/disk/work"


def _kernel(design: str) -> Kernel:
    k = Kernel(design=design, cgroup="v2", init="busybox", debug=True)
    k.write(V2 + "/cgroup.subtree_control", "+memory", k.init)
    k.mkdir(f"{V2}/g", k.init)
    return k


def _run(k, script: str) -> str:
    return run_script(k, script, "t.sh").stdout


def _memcg(k, name: str):
    return next(m for m in k.vmscan.subtree(k.memcg.root_mem_cgroup)
                if m.cgroup is not None and m.cgroup.name == name)


def _big(k):
    return next(i for i in k.filemap.shadowed if i.pages.shadows)


def _shadow_only_leaves(inode) -> int:
    pages = inode.pages
    nrs = {i >> XA_CHUNK_SHIFT for i in pages.shadows or ()}
    return sum(1 for nr in nrs if pages.shadow_only(nr))


def _max_nodes(m) -> int:
    pages = sum(lruvec_page_state_local(m, i) for i in LRU_ITEMS)
    pages += lruvec_page_state_local(m, NR_SLAB_RECLAIMABLE_B) >> 12
    pages += lruvec_page_state_local(m, NR_SLAB_UNRECLAIMABLE_B) >> 12
    return pages >> 3


def _read_16m_in_4m(k) -> None:
    _run(k, f"head -c 16777216 /dev/zero > {W}/big; sync; echo 3 > /proc/sys/vm/drop_caches")
    k.write(f"{V2}/g/memory.max", "4194304", k.init)
    _run(k, f"echo $$ > {V2}/g/cgroup.procs; cat {W}/big > /dev/null; "
            f"echo $$ > {V2}/cgroup.procs")


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_leaves_of_shadows_are_listed_and_kept_within_the_limit(design):
    """A 16 MiB file read in a 4 MiB group: every leaf whose pages were all evicted is
    on g's list (fewer than g's pages >> 3: none freed); lowering memory.max to 64 KiB
    evicts the rest, and the shrinker frees the nodes beyond the limit (g's slab
    pages >> 3 once its LRU is empty), their charges leaving g after a grace period."""
    k = _kernel(design)
    _read_16m_in_4m(k)
    g = _memcg(k, "g")
    big = _big(k)
    listed = len(k.workingset.lrus[g])
    assert listed == _shadow_only_leaves(big) and 40 < listed < 64
    assert listed <= _max_nodes(g)
    before = k.read(f"{V2}/g/memory.current", k.init)
    k.write(f"{V2}/g/memory.max", "65536", k.init)
    k.advance(1)
    left = len(k.workingset.lrus.get(g, ()))
    assert not big.pages and left <= _max_nodes(g) < 64
    assert len(big.pages.shadows or ()) <= left * 64
    assert int(k.read(f"{V2}/g/memory.current", k.init)) < int(before)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_refault_takes_the_leaf_off_the_list(design):
    """Reading the file's first 256 KiB again stores pages in the first leaves: off
    the list (``workingset_update_node``)."""
    k = _kernel(design)
    _read_16m_in_4m(k)
    g = _memcg(k, "g")
    big = _big(k)
    assert (big, 0) in k.workingset.lrus[g]
    _run(k, f"echo $$ > {V2}/g/cgroup.procs; head -c 262144 {W}/big > /dev/null")
    assert (big, 0) not in k.workingset.lrus[g]
    assert len(k.workingset.lrus[g]) == _shadow_only_leaves(big)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_offline_splices_the_list_to_the_parent(design):
    """rmdir: g's listed nodes go to the head of the root's list; rm of the file
    (truncation clears the shadows) takes them off."""
    k = _kernel(design)
    _read_16m_in_4m(k)
    g = _memcg(k, "g")
    nodes = list(k.workingset.lrus[g])
    k.rmdir(f"{V2}/g", k.init)
    k.advance(1)
    root = k.memcg.root_mem_cgroup
    assert list(k.workingset.lrus[root])[:len(nodes)] == nodes
    assert g not in k.workingset.lrus
    _run(k, f"rm {W}/big")
    assert not k.workingset.lrus[root] and not k.workingset.listed


class _Objects:
    """A shrinker's objects: ``count_objects`` reports ``n``, ``scan_objects`` frees
    what it is asked to."""

    def __init__(self, n: int) -> None:
        self.n = n
        self.scans: list[int] = []

    def count(self, sc: ShrinkControl) -> int:
        return self.n if self.n else SHRINK_EMPTY

    def scan(self, sc: ShrinkControl) -> int:
        self.scans.append(sc.nr_to_scan)
        freed = min(sc.nr_to_scan, self.n)
        self.n -= freed
        return freed


@pytest.mark.parametrize("design,passes", [
    # v5.10: the deferred 32 joins whole: the second pass scans all 64
    ("5.10", [[], [64]]),
    # v5.13+: only nr >> 12 of it joins at priority 12: no scan, 64 deferred
    ("6.1", [[], []]),
])
def test_do_shrink_slab_defers_a_seeks_0_pass(design, passes):
    """A zero-seek shrinker of 64 objects at priority 12: delta 32, below both the
    batch (128) and the 64 freeable, so the pass is deferred."""
    k = _kernel(design)
    objs = _Objects(64)
    s = Shrinker("t", objs.count, objs.scan, seeks=0, memcg_aware=True)
    k.shrinkers.register_shrinker(s)
    g = _memcg(k, "g")
    for want in passes:
        before = list(objs.scans)
        k.shrinkers.do_shrink_slab(ShrinkControl(g), s, 12)
        assert objs.scans[len(before):] == want
    if design == "6.1":
        assert s.nr_deferred_memcg[g] == 64 and s.nr_deferred == 0   # 32 + 32
        k.shrinkers.do_shrink_slab(ShrinkControl(g), s, 0)           # 64 + 32 -> 96
        assert objs.scans == [96] and objs.n == 0
    else:
        assert s.nr_deferred == 0 and objs.n == 0


@pytest.mark.parametrize("design,kept", [("5.10", False), ("6.1", True)])
def test_drop_caches_2_and_an_inode_of_shadows(design, kept):
    """A file all of whose pages were evicted (another file's 4 MiB read after it in
    the same group): its 64 leaves are listed, within g's limit. drop_caches 2: 5.10's
    inode shrinker evicts the inode (its shadows cleared, the nodes freed); 6.1's
    leaves it off the inode LRU while its shadows keep a node (``mapping_shrinkable``)."""
    k = _kernel(design)
    _run(k, f"head -c 4194304 /dev/zero > {W}/other")
    _read_16m_in_4m(k)
    _run(k, f"echo $$ > {V2}/g/cgroup.procs; cat {W}/other > /dev/null; "
            f"echo $$ > {V2}/cgroup.procs")
    g = _memcg(k, "g")
    big = _big(k)
    def listed() -> int:
        return sum(1 for inode, _ in k.workingset.lrus[g] if inode is big)

    assert not big.pages and listed() == 64 and len(k.workingset.lrus[g]) <= _max_nodes(g)
    _run(k, "echo 2 > /proc/sys/vm/drop_caches")
    assert listed() == (64 if kept else 0)
    assert (big.pages.shadows is not None) is kept
