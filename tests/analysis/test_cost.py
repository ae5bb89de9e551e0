"""What a dying memcg costs the host (analysis/cost.py), as --explain reports it."""
import pytest

from memcgsim import Kernel
from memcgsim.analysis.cost import (dying, dying_total, holds_files, idr_held_bytes,
                                     idr_shares, kernfs_owners, memcg_cost,
                                     memcg_cost_total)
from memcgsim.analysis.explain import dying_bytes, explain


def _dying_with_a_page(design, n=5, cpus=2):
    """n children of /P each keep one page-cache page (a tmpfs file) and are removed."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus)
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/P", sh)
    k.write("/sys/fs/cgroup/P/cgroup.subtree_control", "+memory", sh)
    for i in range(n):
        k.mkdir(f"/sys/fs/cgroup/P/c{i}", sh)
        t = k.fork(sh)
        k.write(f"/sys/fs/cgroup/P/c{i}/cgroup.procs", str(t.pid), t)
        k.write(f"/dev/shm/f{i}", "x" * 4096, t)
        k.exit(t)
        k.reap(t)           # an unreaped zombie keeps its css_set (cgroup_exit)
        k.advance(0.1)
        k.rmdir(f"/sys/fs/cgroup/P/c{i}", sh)
    k.advance(2)
    return k, sh


@pytest.mark.parametrize("design,per_cpu", [("6.1", 1784 * 4), ("5.10", 2816 * 2)])
def test_each_dying_cgroup_reports_what_it_holds(design, per_cpu):
    k, sh = _dying_with_a_page(design)
    ds = explain(k)
    assert len(ds) == 5
    for d in ds:
        b = d.cost
        assert d.bytes == b["total"]
        # the page (and nothing else charged to it), the per-CPU statistics charged to
        # /P (pcpu_obj_full_size on 6.1), the rest charged to nobody
        assert b["charged_pages"] >= 4096
        assert b["charged_percpu"] == {"/P": per_cpu}
        assert b["percpu_uncharged"] > 0 and b["slab_uncharged"] > 8192
        assert b["total"] == b["charged"] + b["uncharged"]
    total = dying_bytes(k)
    assert total["total"] == sum(d.bytes for d in ds)


@pytest.mark.parametrize("design,cpus", [("6.1", 4), ("5.10", 2), ("5.13", 64)])
def test_cost_total_is_the_breakdowns_total(design, cpus):
    """churn samples' ``memcg_cost_total`` adds up what ``memcg_cost`` itemizes."""
    k, sh = _dying_with_a_page(design, n=3, cpus=cpus)
    memcgs = dying(k) + [k.task_memcg(sh)]
    assert len(memcgs) == 4
    shares = idr_shares(k, dying(k))
    for m in memcgs:
        assert memcg_cost_total(k, m, shares) == memcg_cost(k, m).total > 8192


def test_idr_held_bytes_is_the_sum_of_the_shares():
    """churn's count of the IDR nodes only dying memcgs keep (a count per leaf) is
    the sum of --explain's shares of them (the memcgs listed per leaf), for all of
    them and for every other one (leaves held in part)."""
    k, sh = _dying_with_a_page("6.1", n=20)
    size = k.slab.caches["radix_tree_node"].size
    for ms in (dying(k), dying(k)[::2]):
        shares = idr_shares(k, ms)
        assert idr_held_bytes(k, ms) == sum(shares.values())
    assert sum(idr_shares(k, dying(k)).values()) >= 2 * size
    assert sum(idr_shares(k, dying(k)[::2]).values()) < sum(idr_shares(k, dying(k)).values())


@pytest.mark.parametrize("design,cpus", [("5.13", 2), ("6.1", 4), ("5.10", 2)])
def test_dying_total_is_the_ids_and_the_costs(design, cpus):
    """churn samples' one pass (``dying_total``) is ``idr_held_bytes`` plus every
    memcg's ``memcg_cost_total``; a memcg's per-CPU areas as ``cost_split`` gives
    them (remembered by shape) are its ``charges()`` summed, charged or not."""
    k, sh = _dying_with_a_page(design, n=6, cpus=cpus)
    ms = dying(k)
    live = k.task_memcg(sh)
    for sub in (ms, ms[1::2], ms + [live]):
        assert dying_total(k, sub) == idr_held_bytes(k, sub) + sum(
            memcg_cost_total(k, m, {}) for m in sub) > 8192 * len(sub)
    for m in ms + [live]:
        for areas in (m.pcpu_areas, m.cgroup.pcpu_areas):
            if areas is None:
                continue
            split = [0, 0]
            for size, objcg, charged in areas.charges():
                split[objcg is None] += size if objcg is None else charged
            assert areas.cost_split() == tuple(split) == areas.cost_split()
    assert any(m.pcpu_areas.cost_split()[0] for m in ms if m.pcpu_areas is not None)


def test_freeing_the_pages_frees_what_explain_counted():
    """rm of the files frees the memcgs: their structures leave Slab, and the bytes
    --explain counted for them leave the model's allocations."""
    k, sh = _dying_with_a_page("6.1", n=20)
    before = dying_bytes(k)
    # the files' own LSM blobs (6.1's lsm_inode_cache) go with the files; the
    # kernfs IDR's radix_tree_node leaves (64 inode numbers each) that only the
    # dying cgroups' directories kept go with them (idr_shares)
    idr = k.memory_root.ino_idr

    def structs():
        return sum(c.nr_structs * c.size for c in k.slab.caches.values()
                   if c.name != "lsm_inode_cache")
    slab0, idr0 = structs(), idr.nr_nodes()
    for i in range(20):
        k.unlink(f"/dev/shm/f{i}", sh)
    k.advance(5)
    assert not explain(k)
    slab1, idr1 = structs(), idr.nr_nodes()
    assert idr0 > idr1
    assert slab0 - slab1 == before["slab_uncharged"]


def test_kernfs_owners_are_the_cgroup_cores():
    """The owners cost.py reads a cgroup's files' structures from are those
    ``CgroupCore.kernfs_owner`` gives them to, css by css."""
    from memcgsim.analysis.cost import kernfs_owners
    from memcgsim.kernel.cgroup import FILE_GROUPS, CgroupCore
    k, sh = _dying_with_a_page("6.1", n=1)
    c = k.task_memcg(sh).cgroup
    assert kernfs_owners(c) == tuple(CgroupCore.kernfs_owner(c, g) for g in FILE_GROUPS)


@pytest.mark.parametrize("design,cpus", [("5.13", 2), ("6.1", 4), ("5.10", 2)])
def test_dying_total_skips_the_files_of_removed_cgroups(design, cpus):
    """A removed cgroup holds no file of its directory (rmdir's ``kernfs_remove``),
    a live one does: ``dying_total`` given the set to keep (``unfiled``) adds the
    removed ones' memcgs to it, then skips their files, with the same total."""
    k, sh = _dying_with_a_page(design, n=6, cpus=cpus)
    ms = dying(k)
    live = k.task_memcg(sh)
    assert holds_files(k, kernfs_owners(live.cgroup))
    assert not any(holds_files(k, kernfs_owners(m.cgroup)) for m in ms)
    unfiled: set = set()
    want = dying_total(k, ms + [live])
    assert dying_total(k, ms + [live], unfiled) == want
    assert unfiled == set(ms)
    assert dying_total(k, ms + [live], unfiled) == want
    assert unfiled == set(ms)
