"""The superblock shrinker's list_lrus (kernel/super.py, docs/fidelity.md item 79):
``super_cache_count`` reads the per-memcg counts, negative dentries included; an
offline memcg's items join its parent's; ``prune_dcache_sb`` frees the oldest first
and rotates a dentry a later lookup found (DCACHE_REFERENCED) once."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.kernel.shrinker import SHRINK_EMPTY, ShrinkControl


def _setup(design: str = "6.1"):
    """A v2 kernel of ``design``, a task in cgroup ``job`` and ``/var/probe``: the
    kernel, the init shell, the task and the root disk's superblock shrinker."""
    k = Kernel(design=design, cgroup="v2")
    init = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", init)
    k.mkdir("/sys/fs/cgroup/job", init)
    t = k.fork(init)
    k.write("/sys/fs/cgroup/job/cgroup.procs", str(t.pid), init)
    k.mkdir("/var/probe", init)
    sb = k.vfs.mounts["/"].s_shrink
    return k, init, t, sb


def _miss(k, t, name):
    try:
        k.stat(f"/var/probe/{name}", t)
    except FileNotFoundError:
        pass


def test_count_holds_the_memcgs_files_and_negative_dentries():
    k, init, t, sb = _setup()
    m = k.task_memcg(t)
    assert sb.super_cache_count(ShrinkControl(m)) == SHRINK_EMPTY
    k.write("/var/probe/f0", "x", t)            # its dentry, unused once written
    for i in range(5):
        _miss(k, t, f"n{i}")
    assert sb.nr_negative[m] == 5
    assert sb.super_cache_count(ShrinkControl(m)) == 6
    # the job's memcg goes offline: its items count on the parent's (the root's)
    k.write("/sys/fs/cgroup/cgroup.procs", str(t.pid), init)
    root = k.memcg.root_mem_cgroup
    before = max(sb.super_cache_count(ShrinkControl(root)), 0)    # SHRINK_EMPTY: 0
    k.rmdir("/sys/fs/cgroup/job", init)
    k.advance(1.0)                              # css_killed_work_fn: offline
    assert m.offline_at is not None and m not in sb.nr_negative
    assert sb.super_cache_count(ShrinkControl(root)) == before + 6


def test_prune_frees_the_oldest_and_rotates_a_referenced_one():
    k, init, t, sb = _setup()
    m = k.task_memcg(t)
    for i in range(4):
        _miss(k, t, f"n{i}")
    _miss(k, t, "n0")                           # found: DCACHE_REFERENCED
    sc = ShrinkControl(m)
    assert sb.prune_dcache_sb(m, 2, frozenset()) == 1   # n0 rotated, n1 freed
    neg = k.filemap.negative
    assert [p.rpartition("/")[2] for p in neg if p.startswith("/var/probe/")] == \
        ["n2", "n3", "n0"]
    assert sb.super_cache_count(sc) == 3
    assert sb.prune_dcache_sb(m, 3, frozenset()) == 3    # n0's bit was cleared
    assert sb.super_cache_count(sc) == SHRINK_EMPTY


def test_prune_rotates_a_file_whose_dentry_a_lookup_found():
    """``retain_dentry``: a lookup's ``dput`` of a listed file dentry sets
    DCACHE_REFERENCED; ``dentry_lru_isolate`` rotates it once (the bit cleared),
    so the next file's dentry goes first (fs/dcache.c v5.10 and v6.1)."""
    k, init, t, sb = _setup()
    m = k.task_memcg(t)
    for i in range(3):
        k.write(f"/var/probe/f{i}", "x", t)
    k.stat("/var/probe/f0", t)                  # found: DCACHE_REFERENCED
    sb.settle()
    files = {f"f{i}": k.vfs.mounts["/"].nodes[f"var/probe/f{i}"] for i in range(3)}
    assert list(sb.d_referenced) == [files["f0"]]
    assert sb.prune_dcache_sb(m, 2, frozenset()) == 1   # f0 rotated, f1 freed
    assert [n for n, i in files.items() if len(i.slab) > 1] == ["f0", "f2"]
    sb.settle()
    assert list(sb.s_dentry_lru.lists[m]) == [files["f2"], files["f0"]]
    assert not sb.d_referenced
    assert sb.prune_dcache_sb(m, 2, frozenset()) == 2   # f0's bit was cleared
    assert not [n for n, i in files.items() if len(i.slab) > 1]
