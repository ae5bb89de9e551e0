"""The dentries and inodes of cgroup files (fs/kernfs.py): allocated at a task's first
lookup and charged to its memcg, kept while cached, freed with their cgroup or by the
shrinker's second pass over a referenced dentry."""
from __future__ import annotations

import pytest

from memcgsim import Kernel

MEM = "/sys/fs/cgroup/memory"


def _objs(k: Kernel) -> tuple[int, ...]:
    """Live dentry and inode_cache objects (slabinfo's active_objs counts SLUB's
    CPU slabs whole)."""
    return tuple(k.slab.caches[c].nr_objs + k.slab.caches[c].nr_packed
                 for c in ("dentry", "inode_cache"))


def _cached(k: Kernel) -> set[str]:
    fs = k.vfs.mounts[MEM]
    return {f"{c.name + '/' if c.parent else ''}{name}" for c, name in fs.dentries.cached()}


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_first_lookup_charges_the_walking_task(design):
    k = Kernel(design=design, cgroup="v1")
    init = k.spawn("bash")
    k.mkdir(f"{MEM}/a", init)
    t = k.fork(init)
    k.write(f"{MEM}/a/cgroup.procs", str(t.pid), init)
    kmem0 = int(k.read(f"{MEM}/a/memory.kmem.usage_in_bytes", init))
    d0, i0 = _objs(k)
    k.stat(f"{MEM}/tasks", t)                  # t, in a, looks up a file of the root
    assert _objs(k) == (d0 + 1, i0 + 1)
    # 200 + 616 (5.10) / 648 (6.1) bytes charged to a's obj_cgroup: one page
    assert int(k.read(f"{MEM}/a/memory.kmem.usage_in_bytes", init)) == kmem0 + 4096
    k.stat(f"{MEM}/tasks", t)                  # cached: nothing new, now referenced
    assert _objs(k) == (d0 + 1, i0 + 1)
    k.write(f"{MEM}/cgroup.procs", str(t.pid), init)
    assert {"a/cgroup.procs", "a/memory.kmem.usage_in_bytes", "tasks",
            "cgroup.procs"} <= _cached(k)
    k.rmdir(f"{MEM}/a", init)                  # shrink_dcache_parent
    assert not any(n.startswith("a/") for n in _cached(k))
    # a's directory dentry (made by the first walk into it, before d0, in place of
    # the negative one 6.1's mkdir left) stays, negative (d_delete); its inode goes
    assert _objs(k) == (d0, i0 - 1)
    k.write("/proc/sys/vm/drop_caches", "2", init)
    assert "tasks" in _cached(k) and "cgroup.procs" not in _cached(k)
    k.write("/proc/sys/vm/drop_caches", "2", init)
    assert "tasks" not in _cached(k)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_walks_keep_each_directory_dentry_and_inode(design):
    """A walk to a file three levels down looks each directory up (a positive
    dentry and kernfs inode each, kept while cached; a dentry holds its parent):
    rmdir frees the directory's inode and leaves its dentry negative; the shrinker
    frees a directory only once nothing below it is cached, a referenced one at its
    second pass."""
    k = Kernel(design=design, cgroup="v1")
    init = k.spawn("bash")
    k.mkdir(f"{MEM}/a", init)
    k.mkdir(f"{MEM}/a/b", init)
    k.mkdir(f"{MEM}/a/b/c", init)
    d0, i0 = _objs(k)
    dirs = k.vfs.mounts[MEM].dentries.dirs
    assert {c.name for c in dirs} == {"a", "b"}        # mkdir's walks to the parents
    k.read(f"{MEM}/a/b/c/memory.usage_in_bytes", init)
    assert {c.name for c in dirs} == {"a", "b", "c"}
    # c's dentry and inode and the file's; c's negative dentry (6.1's mkdir) replaced
    assert _objs(k) == (d0 + 2 - (1 if k.design.kernfs_negative_dentries else 0), i0 + 2)
    k.rmdir(f"{MEM}/a/b/c", init)
    assert {c.name for c in dirs} == {"a", "b"}
    # rmdir's walk to b put it last (DCACHE_REFERENCED): the first pass spares it,
    # and a above it; the second frees both, b first
    k.write("/proc/sys/vm/drop_caches", "2", init)
    assert {c.name for c in dirs} == {"a", "b"}
    k.write("/proc/sys/vm/drop_caches", "2", init)
    assert not dirs


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_a_cgroup2_procs_write_gets_and_drops_the_common_ancestors_inode(design):
    """``cgroup_may_write``: each cgroup2 cgroup.procs write takes an inode of the
    common ancestor's cgroup.procs (the root's here), evicted at its ``iput``
    (``generic_delete_inode``) and freed a grace period later, as both guests do
    (tools/sizes/recordings/cgroup-may-write--*: 10 writes, 10 ``alloc_inode`` and
    ``kernfs_evict_inode``); none once that file's dentry holds it."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/x", sh)
    k.read("/sys/fs/cgroup/x/cgroup.procs", sh)         # x's dentries cached
    inodes = k.slab.caches["inode_cache"]
    kids = [k.fork(sh) for _ in range(4)]
    k.advance(1.0)
    live, made = _objs(k)[1], inodes._next
    for t in kids[:3]:
        k.write("/sys/fs/cgroup/x/cgroup.procs", f"{t.pid}\n", sh)
    assert inodes._next == made + 3
    k.advance(1.0)
    assert _objs(k)[1] == live                          # all three freed again
    k.read("/sys/fs/cgroup/cgroup.procs", sh)           # the root's now cached
    made = inodes._next
    k.write("/sys/fs/cgroup/x/cgroup.procs", f"{kids[3].pid}\n", sh)
    assert inodes._next == made
