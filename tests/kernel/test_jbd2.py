"""jbd2 (kernel/jbd2.py): the metadata buffers ext4 journals stay busy through the
running transaction and the checkpoint list, pinning the memcg their page is
charged to; what lets them go on 5.10 (bdev_try_to_free_page) and 6.1 (the
shrinker), as tests/conformance/recordings/jbd2-checkpoint--* measured. Checked
with ``Kernel(debug=True)``'s invariants."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.jbd2 import Journal, ext2fs_default_journal_size

W = "/mnt/disk/work"


def _kernel(design: str):
    k = Kernel(design=design, cgroup="v2", seed=0, debug=True, init="busybox")
    t = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", t)
    return k, t


def _bdev(k):
    return k.vfs.mounts["/mnt/disk"].bdev


def _job_makes_files(k, t, name: str, n: int = 16) -> int:
    """A job in cgroup ``name`` makes ``n`` empty files in a directory the runner
    made, then the cgroup is removed; returns the table block of its last file (the
    first is in the block of /work and the runner's directory, the root's)."""
    k.mkdir(f"{W}/{name}", t)
    k.mkdir(f"/sys/fs/cgroup/{name}", t)
    j = k.spawn("bash")
    k.write(f"/sys/fs/cgroup/{name}/cgroup.procs", str(j.pid), t)
    for i in range(n):
        k.open(f"{W}/{name}/f{i}", "w", j).close()
    k.exit(j)
    k.rmdir(f"/sys/fs/cgroup/{name}", t)
    return _bdev(k).sb.inode_table_block(k.stat(f"{W}/{name}/f{n - 1}", t).st_ino)


def _cached(k, block: int) -> bool:
    """The block's page is still in the block device's cache (charged to the job
    that made it: its memcg stays dying)."""
    page = _bdev(k).inode.pages.get(block)
    return page is not None and k.memcg.page_memcg(page) is not k.memcg.root_mem_cgroup


def _drop(k, t, v: int) -> None:
    k.buffers.invalidate_bh_lrus()      # only jbd2 may keep the buffers busy
    k.write("/proc/sys/vm/drop_caches", str(v), t)


def test_default_journal_size():
    assert ext2fs_default_journal_size(8 * 32768) == 8192       # the oracle's 1 GiB
    assert ext2fs_default_journal_size(512 * 32768) == 131072   # the host's 64 GiB
    assert _bdev(_kernel("6.1")[0]).journal.j_total_len == 8192


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_running_then_checkpointed_buffer_stays_busy(design):
    k, t = _kernel(design)
    block = _job_makes_files(k, t, "a")
    j = _bdev(k).journal
    assert j.running is not None and block in j.running.buffers and j.busy(block)
    _drop(k, t, 1)
    assert _cached(k, block)              # in the running transaction
    k.advance(6)                          # the commit timer (5 s)
    assert j.running is None and block in j.b_cp_transaction and block in j.dirty
    _drop(k, t, 1)
    assert _cached(k, block)              # committed, not written home


def test_sync_then_drop_caches_510_frees_the_page():
    k, t = _kernel("5.10")
    block = _job_makes_files(k, t, "a")
    k.sync(t)
    j = _bdev(k).journal
    assert block in j.b_cp_transaction and block not in j.dirty
    _drop(k, t, 1)                        # ext4_bdev_try_to_free_page
    assert not j.busy(block) and not _cached(k, block)


def test_sync_then_drop_caches_61_needs_the_shrinker():
    k, t = _kernel("6.1")
    block = _job_makes_files(k, t, "a")
    k.sync(t)
    _drop(k, t, 1)
    assert _cached(k, block) and _bdev(k).journal.busy(block)
    _drop(k, t, 3)                        # page cache first: the page stays
    assert _cached(k, block) and not _bdev(k).journal.busy(block)
    _drop(k, t, 1)
    assert not _cached(k, block)


def test_commit_clean_pass_stops_at_a_buffer_journalled_again():
    k, _ = _kernel("6.1")
    j = Journal(k, 8192)
    for b in (10, 11, 12):
        j.dirty_metadata(b)
    j.sync()                              # committed, written home
    assert j.checkpoint and all(j.busy(b) for b in (10, 11, 12))
    j.dirty_metadata(11)                  # 11 journalled again
    j.commit()                            # clean pass: 10 goes, stops at 11
    assert not j.busy(10) and j.busy(11) and j.busy(12)
    assert list(j.checkpoint[0].cp) == [12] and list(j.checkpoint[1].cp) == [11]
    j.dirty_metadata(11)
    j.commit()                            # the oldest list's head (12) is clean now
    assert not j.busy(12) and j.busy(11)
    assert len(j.checkpoint) == 1


def test_log_short_of_space_checkpoints_the_oldest():
    k, _ = _kernel("6.1")
    j = Journal(k, 400)                   # a new transaction needs 100 blocks free
    for t in range(3):
        for b in range(100):
            j.dirty_metadata(1000 * t + b)
        j.commit()                        # 100 buffers + 1 descriptor + commit block
    assert j.log_used == 306 and len(j.checkpoint) == 3
    j.dirty_metadata(5000)                # 400 - 306 - 32 < 100: checkpoint
    assert j.log_used == 204 and not j.busy(0) and j.busy(1000)
    assert 0 not in j.dirty and j.busy(5000)


def test_510_slow_symlink_page_freed_by_the_rms_commit():
    """5.10's slow symlink page is journalled data: removed right after the sync that
    committed it (dirty, not home), it stays charged until the rm's transaction
    commits (``journal_unmap_buffer`` → ``release_buffer_page``); removed after a
    second sync (written home), at once (calibration/ext4-symlink-journal.sh)."""
    k, t = _kernel("5.10")
    k.symlink("x" * 150, f"{W}/a", t)
    k.symlink("y" * 150, f"{W}/b", t)
    a = k.vfs.resolve(f"{W}/a")[0].nodes["work/a"]
    b = k.vfs.resolve(f"{W}/b")[0].nodes["work/b"]
    pa, pb = a.pages[0], b.pages[0]
    k.sync(t)
    k.unlink(f"{W}/a", t)
    assert k.memcg.page_memcg(pa) is not None and 0 in a.pages
    k.advance(6)                          # the rm's transaction commits
    assert k.memcg.page_memcg(pa) is None and not a.pages
    k.sync(t)                             # b's page written home
    k.unlink(f"{W}/b", t)
    assert k.memcg.page_memcg(pb) is None and not b.pages


def _slabinfo(k, t, cache: str) -> tuple[int, int]:
    """``cache``'s active objects and slabs in the model's /proc/slabinfo."""
    for line in k.read("/proc/slabinfo", t).splitlines():
        f = line.split()
        if f and f[0] == cache:
            return int(f[1]), int(f[14])
    raise AssertionError(cache)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_lazyinit_takes_a_handle_and_a_journal_head_slab(design):
    """ext4lazyinit's zeroing of the oracle image's inode tables (mount + 2.5 s)
    starts a handle (``jbd2_journal_handle``, merged into mbcache) and journals the
    group descriptor block (a ``journal_head``): each cache, empty at the guests'
    boot, gets a slab on the thread's CPU (tools/sizes/recordings/
    lazyinit-slabs-trace--K-v2-2cpu.txt: 73 and 34 active objects), counted in
    SReclaimable; nothing before."""
    from memcgsim.kernel.ext4 import EXT4_LI_START_DELAY_NS
    k, t = _kernel(design)
    k.advance(EXT4_LI_START_DELAY_NS / 1e9 - k.clock.now_ns / 1e9 - 0.1)
    assert _slabinfo(k, t, "mbcache") == (0, 0)
    assert _slabinfo(k, t, "jbd2_journal_head") == (0, 0)
    before = k.slab.slab_pages(True)
    k.advance(0.2)
    assert _slabinfo(k, t, "mbcache") == (73, 1)
    assert _slabinfo(k, t, "jbd2_journal_head") == (34, 1)
    assert k.slab.slab_pages(True) - before == 2
    journal = _bdev(k).journal
    assert list(journal.jh) == [1]          # the group descriptor block's
    assert _bdev(k).sb.itable_unzeroed == 0


def test_journal_head_is_given_back_off_every_list():
    """A buffer's journal head is taken when it joins a transaction without one and
    given back once it is on no list (committed, written home, taken off the
    checkpoint list by the next commit); a handle holds no object past its call."""
    k, t = _kernel("6.1")
    journal = _bdev(k).journal
    handle_c, jh_c = journal._slab_caches()
    inuse = lambda c: sum(c.slub.inuse)     # noqa: E731  (GONE slabs hold none)
    h0, j0 = inuse(handle_c), inuse(jh_c)
    journal.dirty_metadata(5000)
    journal.dirty_metadata(5000)
    assert 5000 in journal.jh and inuse(jh_c) == j0 + 1 and inuse(handle_c) == h0
    journal.commit()
    assert 5000 in journal.jh                # on the checkpoint list, dirty
    journal.write_home()
    journal.dirty_metadata(5001)
    journal.commit()                         # cleans 5000 off its list
    assert 5000 not in journal.jh and 5001 in journal.jh
    assert inuse(jh_c) == j0 + 1
