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


def test_memcg_domain_keeps_a_limited_writer_under_its_own_thresholds():
    """cgroup v2: a writer in m (memory.max 64M) writing 100 MiB is throttled by its
    memcg's domain (``mdtc``): past m's freerun ceiling balance_dirty_pages starts
    m's wb's background writeback, which writes m's inodes while m's dirty pages are
    over its background threshold (10 % of its file pages plus headroom:
    ``mdtc_calc_avail``), far under the host's; memory.max's reclaim then finds clean
    pages, so nobody is OOM-killed (without the domain the whole file stayed dirty
    and the writer was killed). The guests: 924 (5.10) and 545 (6.1) pages dirty of
    ~15,700 file pages (tests/conformance/recordings/memcg-dirty-limits--*)."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    r = run_script(k, """
echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir /sys/fs/cgroup/m
echo 64M > /sys/fs/cgroup/m/memory.max
echo $$ > /sys/fs/cgroup/m/cgroup.procs
head -c 100M /dev/zero > big
echo $?
""", "t.sh")
    assert r.stdout == "0\n"
    wb = k.writeback
    m = next(x for x in k.vmscan.subtree(k.memcg.root_mem_cgroup) if x.cgroup.path == "/m")
    filepages, headroom, dirty = wb.mem_cgroup_wb_stats(m)
    gavail = wb.global_dirtyable_memory()
    d, bg, thresh = wb.memcg_dirty_limits(m, gavail, wb.nr_dirty)
    assert d == dirty == wb.nr_dirty
    # at memory.max: no headroom, the domain is m's file pages
    assert headroom < 64 and filepages > 15000
    assert bg == 409 * (filepages + headroom) // 4096 and thresh == 819 * (filepages + headroom) // 4096
    assert 0 < dirty <= (bg + thresh) // 2
    assert wb.global_dirty_limits()[0] > 5 * thresh


def test_memcg_domain_takes_the_bytes_settings_as_ratios_of_the_host():
    """``domain_dirty_limits`` of a memcg domain: vm.dirty_bytes and
    vm.dirty_background_bytes become ratios per PAGE_SIZE of the global dirtyable
    memory (rounded up, at most PAGE_SIZE); the global domain takes them as pages."""
    k = Kernel(design="6.1", cgroup="v2")
    wb = k.writeback
    wb.sysctl_write("dirty_bytes", 64 << 20)
    wb.sysctl_write("dirty_background_bytes", 16 << 20)
    assert wb.domain_dirty_limits(100_000) == (4096, 16384)
    ratio, bg_ratio = -(-(64 << 20) // 200_000), -(-(16 << 20) // 200_000)
    assert wb.domain_dirty_limits(10_000, 200_000) == (bg_ratio * 10_000 // 4096,
                                                       ratio * 10_000 // 4096)
    # v1 and the root's writers have no memcg domain
    assert wb.wb_memcg(k.init) is None
    k1 = Kernel(design="6.1", cgroup="v1")
    sh = k1.spawn("bash")
    k1.mkdir("/sys/fs/cgroup/memory/a", sh)
    k1.write("/sys/fs/cgroup/memory/a/cgroup.procs", str(sh.pid), sh)
    assert k1.writeback.wb_memcg(sh) is None
