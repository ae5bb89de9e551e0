"""Dirty ext4 data, buffer heads and the sync's block I/O (kernel/writeback.py)."""
import pytest

from memcgsim import Kernel
from memcgsim.kernel.writeback import page_runs
from memcgsim.shell import run_script


def test_bios_are_runs_of_contiguous_pages_of_at_most_256():
    assert page_runs([0]) == [1]
    assert page_runs([3, 0, 1, 2, 7]) == [4, 1]
    assert page_runs(range(600)) == [256, 256, 88]


def _cgroup_writer(k, sh, name):
    k.mkdir(f"/sys/fs/cgroup/{name}", sh)
    t = k.fork(sh)
    k.write(f"/sys/fs/cgroup/{name}/cgroup.procs", str(t.pid), t)
    return t


@pytest.mark.parametrize("design,bio", [("5.10", "skbuff_ext_cache"), ("6.1", "bio-192")])
def test_sync_writes_back_every_dirty_file_and_frees_its_io(design, bio):
    """Each written ext4 page gets a buffer head charged to the page's memcg; sync
    allocates an io_end per file and a bio + biovec-max per run of pages, frees them
    all, and leaves nothing dirty; SLUB keeps some empty slabs (SUnreclaim)."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    t = _cgroup_writer(k, sh, "w")
    memcg = k.task_memcg(t)
    for i in range(100):
        k.write(f"/var/tmp/f{i}", "x" * 10, t)
    assert len(k.writeback.dirty) == 100
    bh = k.slab.caches["buffer_head"]
    assert bh.nr_objs == 100
    # charged to the writer's memcg (the pages' memcg)
    assert {o.memcg for _, o in bh.objects()} == {memcg}
    unrecl0 = k.slab.slab_pages(reclaimable=False)
    k.sync(sh)
    assert not k.writeback.dirty
    for name in (bio, "biovec-max", "ext4_io_end"):
        c = k.slab.caches[name]
        # only the boot's objects stay (the slabs the guest's boot left: SlubLists.seed)
        boot = k.sizes.slub_boot(name, 2)
        boot_inuse = 0 if boot is None else sum(
            boot[0] - f for f in (*[f for f in boot[1] if f is not None],
                                  *[f for lst in boot[2] for f, _ in lst], *boot[3]))
        assert c.nr_structs == 0 and c.slub.nr_inuse() == boot_inuse
        assert c.num_slabs() <= c.slub.min_partial + 2 * (2 + c.slub.limit)
    assert k.slab.slab_pages(reclaimable=False) > unrecl0
    # a second sync has nothing to write
    kept = {n: k.slab.caches[n].num_slabs() for n in (bio, "biovec-max")}
    k.sync(sh)
    assert {n: k.slab.caches[n].num_slabs() for n in kept} == kept


def test_unlink_frees_the_buffer_heads_and_leaves_a_negative_dentry():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    k.write("/var/tmp/f", "x" * 5000, sh)
    bh = k.slab.caches["buffer_head"]
    assert bh.nr_objs == 2
    dentries = k.slab.caches["dentry"].nr_objs
    k.unlink("/var/tmp/f", sh)
    assert bh.nr_objs == 0 and not k.writeback.dirty
    assert "/var/tmp/f" in k.filemap.negative
    assert k.slab.caches["dentry"].nr_objs == dentries
    # the name made again takes the negative dentry's place
    k.write("/var/tmp/f", "y", sh)
    assert "/var/tmp/f" not in k.filemap.negative
    assert k.slab.caches["dentry"].nr_objs == dentries


def test_negative_dentry_of_an_unlinked_file_on_the_memcg_cache_design():
    """3.10's per-memcg caches: the dentry's list_lru is its slab page's memcg."""
    k = Kernel(design="3.10-rhel7", cgroup="v1", nr_cpus=2)
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/memory/a", sh)
    k.write("/sys/fs/cgroup/memory/a/memory.kmem.limit_in_bytes", "100000000", sh)
    t = k.fork(sh)
    k.write("/sys/fs/cgroup/memory/a/cgroup.procs", str(t.pid), t)
    k.write("/var/tmp/f", "x", t)
    k.unlink("/var/tmp/f", t)
    assert k.filemap.negative["/var/tmp/f"].memcg is k.task_memcg(t)


def _vmstat(k):
    return {n: int(v) for n, v in (l.split() for l in k.read("/proc/vmstat", k.init).splitlines())}


@pytest.mark.parametrize("design,bg,thresh", [("5.10", 22015, 44084), ("6.1", 21447, 42948)])
def test_dirty_thresholds_are_the_guests_at_boot(design, bg, thresh):
    """/proc/vmstat's nr_dirty_background_threshold and nr_dirty_threshold are
    ``global_dirty_limits``: 10 % and 20 % (per PAGE_SIZE) of the free pages less
    ``totalreserve_pages`` plus the file LRU; the 1 GiB guests printed these at boot
    (kernel/sizes/boot.py), the model's reserves and free pages are within a few
    pages of theirs."""
    k = Kernel(design=design, cgroup="v2")
    vm = _vmstat(k)
    assert abs(vm["nr_dirty_background_threshold"] - bg) <= 4
    assert abs(vm["nr_dirty_threshold"] - thresh) <= 8


def test_background_writeback_leaves_the_dirty_pages_under_the_threshold():
    """48 MiB written on a 256 MiB host pass the background threshold (~4,200
    pages): balance_dirty_pages wakes the flusher, which writes chunks of
    writeback_chunk_size (min(INIT_BW / 2, dirty_limit / 8) + 1024, rounded down to
    1024: 2048 pages) until the dirty pages are at or below it (the guests: 3,866 on
    6.1, 3,667 on 5.10, tests/conformance/recordings/dirty-background-writeback*);
    memory.stat file_dirty follows; the rest waits for the 30 s expiry."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", mem="256M")
    run_script(k, """
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir /sys/fs/cgroup/w
echo $$ > /sys/fs/cgroup/w/cgroup.procs
head -c 48M /dev/zero > big
""", "t.sh")
    wb = k.writeback
    assert wb.writeback_chunk_size() == 2048
    vm = _vmstat(k)
    bg = vm["nr_dirty_background_threshold"]
    assert bg - 2048 < vm["nr_dirty"] <= bg
    assert vm["nr_dirty"] == wb.nr_dirty == sum(map(len, wb.dirty.values()))
    stat = k.read("/sys/fs/cgroup/w/memory.stat", k.init)
    file_dirty = int(next(l.split()[1] for l in stat.splitlines() if l.startswith("file_dirty ")))
    assert abs(file_dirty - vm["nr_dirty"] * 4096) <= 64 * 4096      # a stat batch
    # written back within 5 s of its 30 s expiry: the flusher wakes every 5 s
    k.advance(29)
    assert _vmstat(k)["nr_dirty"] == vm["nr_dirty"]
    k.advance(6)
    assert _vmstat(k)["nr_dirty"] == 0 and not wb.dirty and wb.dwork_at is None


def test_periodic_writeback_expires_an_inode_after_30_seconds():
    """A file dirtied under the background threshold stays dirty until the flusher,
    queued 5 s after the first inode was dirtied and every 5 s while any is left
    (wb_wakeup_delayed), finds it dirtied 30 s ago or more
    (wb_check_old_data_flush); then it stops being queued."""
    k = Kernel(design="6.1", cgroup="v2")
    sh = k.spawn("bash")
    t0 = k.clock.now_ns
    k.write("/var/tmp/f", "x" * 8192, sh)
    wb = k.writeback
    assert wb.nr_dirty == 2 and wb.dwork_at == t0 + 5 * 10**9
    k.advance_to((t0 + 29_999_000_000) / 1e9)
    assert wb.nr_dirty == 2
    k.advance_to((t0 + 30_000_000_000) / 1e9)
    assert wb.nr_dirty == 0 and wb.dwork_at is None
