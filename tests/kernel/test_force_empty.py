"""v1 memory.force_empty as mm/memcontrol.c runs it (kernel/vmscan.py
``mem_cgroup_force_empty``): SWAP_CLUSTER_MAX a pass until 16 passes free nothing, 5.10
sleeping ``congestion_wait`` after each; reclaim that takes only dirty pages wakes the
flusher (kernel/writeback.py), whose write lets the next pass free them; the
superblock shrinker (kernel/super.py) frees the cgroup's dentries and inodes; the
writeback of a delayed allocation journals the inode (docs/fidelity.md item 36).
Checked with ``Kernel(debug=True)``'s invariants."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel

M = "/sys/fs/cgroup/memory"
W = "/mnt/disk/work"


def _job_writes(design: str, files: int = 0):
    """A v1 cgroup c0 whose job wrote 128 KiB (32 dirty pages) to a disk file and
    made ``files`` empty ones, then exited."""
    k = Kernel(design=design, cgroup="v1", seed=0, debug=True, init="busybox")
    t = k.spawn("bash")
    k.mkdir(f"{M}/c0", t)
    k.mkdir(f"{W}/c0", t)
    j = k.spawn("bash")
    k.write(f"{M}/c0/cgroup.procs", str(j.pid), j)
    f = k.open(f"{W}/c0/data", "w", j)
    for _ in range(32):
        f.write(b"\0" * 4096)
    f.close()
    for i in range(files):
        k.open(f"{W}/c0/f{i}", "w", j).close()
    k.exit(j)
    return k, t


def _usage(k, t, name: str = "memory.usage_in_bytes") -> int:
    return int(k.read(f"{M}/c0/{name}", t))


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_force_empty_frees_dirty_pages_through_the_flusher(design):
    k, t = _job_writes(design)
    assert len(k.writeback.dirty) == 1 and k.writeback.nr_dirty_pages() == 32
    before = _usage(k, t)
    assert before >= 33 * 4096
    k.write(f"{M}/c0/memory.force_empty", "0", t)
    # the flusher wrote the file; the next passes freed its pages: what is left is
    # the inode table block jbd2 holds (and kmem)
    assert k.writeback.nr_dirty_pages() == 0
    assert before - _usage(k, t) >= 32 * 4096
    stat = dict(line.split() for line in k.read(f"{M}/c0/memory.stat", t).splitlines())
    assert int(stat["total_dirty"]) == 0


def test_wakeup_flusher_threads_queues_one_writeback_of_everything():
    k, t = _job_writes("6.1")
    wb = k.writeback
    k.sync(t)
    f = k.open(f"{W}/c0/data", "a", t)
    f.write(b"\0" * 8192)
    f.close()
    k.open(f"{W}/c0/new", "w", t).close()
    k.buffers.bdevs[0].journal.commit()     # committed metadata: dirty, not home
    assert wb.nr_dirty_pages() == 2 and k.buffers.bdevs[0].journal.dirty
    wb.wakeup_flusher_threads()
    n = len(k.clock._heap)
    wb.wakeup_flusher_threads()             # WB_start_all already set: not queued
    assert len(k.clock._heap) == n and wb.start_all
    k.clock.run_until(k.clock.now_ns + 1_000_000)
    assert not wb.start_all and wb.nr_dirty_pages() == 0
    assert not k.buffers.bdevs[0].journal.dirty   # the block device's buffers too


@pytest.mark.parametrize("design,slept", [("5.10", 16 * 100_000_000), ("6.1", 100_000_000)])
def test_force_empty_retries_and_sleeps(design, slept):
    # MAX_RECLAIM_RETRIES (16) passes free nothing: the first (its 32 pages dirty),
    # then 15 once the inode table block jbd2 holds is all that is left. 5.10 sleeps
    # congestion_wait(HZ/10) after each; 6.1 only in reclaim_throttle after waking
    # the flusher (HZ/10: 32 pages to write are not more than SWAP_CLUSTER_MAX)
    k, t = _job_writes(design)
    t0 = k.clock.now_ns
    k.write(f"{M}/c0/memory.force_empty", "0", t)
    assert k.clock.now_ns - t0 == slept


def test_force_empty_of_the_root_is_einval():
    k, t = _job_writes("5.10")
    with pytest.raises(OSError) as e:
        k.write(f"{M}/memory.force_empty", "0", t)
    assert e.value.errno == errno.EINVAL


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_force_empty_frees_the_cgroups_dentries_and_inodes(design):
    k, t = _job_writes(design, files=20)
    kmem = _usage(k, t, "memory.kmem.usage_in_bytes")
    cached = [n for n in k.vfs.mounts["/mnt/disk"].cached_files()
              if n.slab and len(n.slab) > 1]
    assert len(cached) >= 21
    k.write(f"{M}/c0/memory.force_empty", "0", t)
    left = [n for n in k.vfs.mounts["/mnt/disk"].cached_files()
            if k.filemap.mem_cgroup_from_slab_obj(*n.slab[0]) is not k.memcg.root_mem_cgroup]
    if design == "5.10":
        assert left == []               # super_cache_scan of c0's lists, every inode
    else:
        # the data file's shadow entries keep an xarray node: not on the inode LRU
        # (mapping_shrinkable) until the shadow node shrinker frees it; its dentry went
        data = k.vfs.mounts["/mnt/disk"].nodes["work/c0/data"]
        assert left == [data] and len(data.slab) == 1 and data.pages.xa is not None
    assert _usage(k, t, "memory.kmem.usage_in_bytes") < kmem - 21 * 1024


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_delalloc_writeback_journals_the_inode(design):
    k, t = _job_writes(design)
    bdev = k.vfs.mounts["/mnt/disk"].bdev
    ino = k.stat(f"{W}/c0/data", t).st_ino
    block = bdev.sb.inode_table_block(ino)
    k.sync(t)                           # the creation's transaction committed, home
    j = bdev.journal
    assert block not in j.b_transaction and block not in j.dirty
    f = k.open(f"{W}/c0/data", "a", t)
    f.write(b"\0" * 4096)               # past the size: a delayed allocation
    f.close()
    assert block not in j.b_transaction
    k.writeback.wakeup_flusher_threads()
    k.clock.run_until(k.clock.now_ns + 1_000_000)
    assert j.b_transaction.get(block) is j.running     # ext4_mark_inode_dirty
    f = k.open(f"{W}/c0/data", "r+", t)
    f.write(b"\1" * 4096)               # within the size: allocated, not journalled
    f.close()
    k.sync(t)
    k.writeback.wakeup_flusher_threads()
    assert block not in j.b_transaction
