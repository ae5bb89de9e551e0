"""The page cache's xarray nodes (kernel/xarray.py ``xas_update_nodes``): made with a
file's second page and with each new 64-page chunk and level, charged as
``radix_tree_node`` objects to the objcg of the task inserting the page, freed a grace
period after the pages that needed them leave (rm, truncation, drop_caches)."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script

V2 = "/sys/fs/cgroup"
W = "/mnt/disk/work"
#: radix_tree_node's object size (the guests' slabinfo) and its objcg pointer
NODE = 584 + 8


def _kernel(design: str) -> Kernel:
    k = Kernel(design=design, cgroup="v2", init="busybox", debug=True)
    k.write(V2 + "/cgroup.subtree_control", "+memory", k.init)
    for g in ("g", "h"):
        k.mkdir(f"{V2}/{g}", k.init)
    return k


def _nodes_of(k, cg: str) -> int:
    """radix_tree_node objects charged to ``cg``'s memcg."""
    c = k.slab.caches["radix_tree_node"]
    slots = list(c.objcgs.values()) + [o for first, (end, o) in c.runs.items()
                                      for _ in range(end - first)]
    return [o.memcg.cgroup.name if o is not None and o.memcg is not None else None
            for o in slots].count(cg)


def _run(k, script: str) -> str:
    return run_script(k, script, "t.sh").stdout


@pytest.mark.parametrize("design", ["5.10", "6.1"])
@pytest.mark.parametrize("where", ["/tmp", W])
def test_nodes_by_file_size_and_charge_target(design, where):
    """1 page: no node; 2: one; the 64 pages after them, written from h: the second
    leaf and the top node, charged to h; a 4096-page file: 65 nodes."""
    k = _kernel(design)
    _run(k, f"""echo $$ > {V2}/g/cgroup.procs
head -c 4096 /dev/zero > {where}/one
head -c 8192 /dev/zero > {where}/f
head -c 16777216 /dev/zero > {where}/big""")
    assert _nodes_of(k, "g") == 0 + 1 + 65
    _run(k, f"echo $$ > {V2}/h/cgroup.procs; head -c 262144 /dev/zero >> {where}/f")
    assert _nodes_of(k, "g") == 66
    assert _nodes_of(k, "h") == 2
    # rm: every node freed, after a grace period
    _run(k, f"rm {where}/one {where}/f {where}/big")
    assert _nodes_of(k, "g") == 66
    k.advance(1)
    assert _nodes_of(k, "g") == 0 and _nodes_of(k, "h") == 0


def test_truncation_shrinks_the_tree():
    """65 pages truncated to 2: the second leaf and the top go (``xas_shrink``: the
    first leaf is the top again), to 1: the last node goes (the head holds index 0)."""
    k = _kernel("6.1")
    _run(k, f"echo $$ > {V2}/g/cgroup.procs; head -c 266240 /dev/zero > /tmp/f")
    assert _nodes_of(k, "g") == 3
    _run(k, "truncate -s 8192 /tmp/f")
    k.advance(1)
    assert _nodes_of(k, "g") == 1
    _run(k, "truncate -s 4096 /tmp/f")
    k.advance(1)
    assert _nodes_of(k, "g") == 0


def test_drop_caches_frees_nodes_and_the_charge():
    """drop_caches=1 of a synced disk file frees its pages and so its nodes:
    memory.stat slab_reclaimable (6.1: exact) falls by 3 nodes' charge for 65 pages."""
    k = _kernel("6.1")
    _run(k, f"echo $$ > {V2}/g/cgroup.procs; head -c 266240 /dev/zero > {W}/f; sync")
    k.advance(3)

    def slab() -> int:
        # every CPU's stocks drained first: 6.1's obj stocks hold up to a page of
        # each slab item back (docs/fidelity.md item 50)
        k.read(f"{V2}/g/memory.stat", k.init)
        with k.running(k.init):
            k.memcg.drain_all_stock(k.memcg.root_mem_cgroup)
        k.clock.run_until(k.clock.now_ns + 10_000_000)
        stat = k.read(f"{V2}/g/memory.stat", k.init)
        return int(stat.split("\nslab_reclaimable ")[1].split()[0])

    before = slab()
    assert _nodes_of(k, "g") == 3
    k.write("/proc/sys/vm/drop_caches", "1", k.init)
    k.advance(3)
    assert _nodes_of(k, "g") == 0
    # the nodes and the written pages' buffer heads
    bh = 64 + 1
    assert before - slab() == 3 * NODE + bh * (k.sizes.slab_objsize("buffer_head") + 8)


def test_reclaim_leaves_shadow_entries_that_keep_the_nodes():
    """Reclaim of a disk file's pages (memory.max) stores shadow entries: the nodes
    stay charged to the reader (``workingset_eviction``); drop_caches 1 of the inode
    (it has pages again) clears them, and rm frees the nodes."""
    k = _kernel("6.1")
    _run(k, f"head -c 1048576 /dev/zero > {W}/f; sync; echo 3 > /proc/sys/vm/drop_caches")
    k.write(f"{V2}/g/memory.max", "524288", k.init)
    _run(k, f"echo $$ > {V2}/g/cgroup.procs; cat {W}/f > /dev/null")
    k.advance(1)
    # 256 pages read in a 512 KiB group: most evicted, the 4 leaves and the top stay
    assert _nodes_of(k, "g") == 5
    f = [i for i in k.filemap.shadowed if i.pages.shadows]
    assert len(f) == 1 and len(f[0].pages.shadows) + len(f[0].pages) == 256
    _run(k, f"rm {W}/f")
    k.advance(1)
    assert _nodes_of(k, "g") == 0
