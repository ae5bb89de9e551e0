"""ext4's block groups (kernel/ext4.py) on the oracle's scratch disk: where inodes
go, which metadata pages the first block allocation reads and who pays for them,
ext4lazyinit's prefetch on 6.1. Figures from the guests (tests/conformance/
recordings/ext4-metadata-charge--*, calibration/recordings/ext4-lazyinit--6.1-v2.txt).
Checked with ``Kernel(debug=True)``'s invariants."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel
from memcgsim.kernel.ext4 import EXT4_LI_START_DELAY_NS, host_disk_groups
from memcgsim.kernel.page_alloc import PG_BUFFER, PG_FILE

W = "/mnt/disk/work"


def _kernel(design: str):
    k = Kernel(design=design, cgroup="v2", seed=0, debug=True, init="busybox")
    t = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", t)
    return k, t


def _job(k, t, name: str):
    """A task in a fresh cgroup ``name``."""
    k.mkdir(f"/sys/fs/cgroup/{name}", t)
    j = k.spawn("bash")
    k.write(f"/sys/fs/cgroup/{name}/cgroup.procs", str(j.pid), t)
    return j


def _file_pages(k, task) -> tuple[int, int]:
    """(file pages, active ones) charged to ``task``'s memcg, from the pages."""
    memcg = k.task_memcg(task)
    kinds = k.mem_map.kind
    pfns = [p for p in k.filemap.pages.pfns() if k.memcg.page_memcg(p) is memcg]
    return (sum(kinds[p] in (PG_FILE, PG_BUFFER) for p in pfns),
            sum(kinds[p] == PG_BUFFER for p in pfns))


def _sb(k):
    return k.vfs.mounts["/mnt/disk"].bdev.sb


def _fallocate(k, task, path: str, length: int) -> None:
    f = k.open(path, "w", task)
    f.fallocate(0, 0, length)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_the_first_fallocate_initialises_five_groups(design):
    k, t = _kernel(design)
    j = _job(k, t, "a")
    _fallocate(k, j, f"{W}/fa1", 8 << 20)
    # the new inode's bitmap and /work's block, bitmaps of groups 0, 4, 7
    # (prefetched), 1, 6, 3, and the buddy pages of groups 0, 1 (allocator) and 7,
    # 6, 3 (ext4_mb_prefetch_fini, checking the next group's descriptor): 18 pages,
    # the block device's and the loaded group's buddy active
    assert _file_pages(k, j) == (18, 10)
    sb = _sb(k)
    assert [g.need_init for g in sb.all_groups()] == [False, False, True, False, True, True,
                                                False, False]
    assert sb.s_mb_last_group == 1 and not sb.group(1).block_uninit
    # the next one streams on from group 1: nothing new to read
    j2 = _job(k, t, "b")
    _fallocate(k, j2, f"{W}/fa2", 8 << 20)
    assert _file_pages(k, j2) == (0, 0)
    assert k.stat(f"{W}/fa2", j2).st_ino == 14


def test_lazyinit_prefetches_in_the_root_on_61_only():
    for design, after in (("6.1", (7, 5)), ("5.10", (18, 10))):
        k, t = _kernel(design)
        k.advance(EXT4_LI_START_DELAY_NS / 1e9 + 0.5)
        j = _job(k, t, "a")
        _fallocate(k, j, f"{W}/fa1", 8 << 20)
        # 6.1: bitmaps 0, 4, 7, buddies 7 and 6 already read by ext4lazyinit (root)
        assert _file_pages(k, j) == after, design


def test_lazyinit_runs_at_its_time_without_a_reader():
    """ext4lazyinit's prefetch is a timer at ``lr_next_sched`` (6.1): its block
    device and buddy pages are in the page cache once the clock passes it, though
    nothing read the disk, /proc/meminfo or vmstat meanwhile; none before it, and
    none ever on 5.10, whose request (the inode tables' zeroing alone) reads
    nothing."""
    for design, prefetched in (("6.1", True), ("5.10", False)):
        k, _t = _kernel(design)
        sb = _sb(k)
        before = len(k.mem_map), len(sb.bdev.inode.pages), len(sb.buddy.pages)
        k.advance(EXT4_LI_START_DELAY_NS / 1e9 - 0.1)
        assert (len(k.mem_map), len(sb.bdev.inode.pages), len(sb.buddy.pages)) == before
        k.advance(0.2)
        after = len(k.mem_map), len(sb.bdev.inode.pages), len(sb.buddy.pages)
        assert (after[1] > before[1] and after[2] > before[2]) is prefetched, design
        assert (after[0] > before[0]) is prefetched, design
        assert sb.li_due is None and sb.itable_unzeroed == 0     # done, both


def test_orlov_spreads_top_level_directories_past_the_average():
    k, t = _kernel("6.1")
    j = _job(k, t, "a")
    k.mkdir(f"{W}/d1", j)
    for name in ("top1", "top2", "top3"):
        k.mkdir(f"/mnt/disk/{name}", j)
    k.write("/mnt/disk/top1/f", "", j)
    k.mkdir("/mnt/disk/top1/sub", j)
    inos = [k.stat(p, j).st_ino for p in (f"{W}/d1", "/mnt/disk/top1", "/mnt/disk/top2",
                                          "/mnt/disk/top3", "/mnt/disk/top1/f",
                                          "/mnt/disk/top1/sub")]
    # group 0 holds 13 used inodes, below the average: the top-level directories go
    # to group 1; a file or a subdirectory below them to their flex group's first
    assert inos == [13, 8193, 8194, 8195, 14, 15]
    assert k.stat(W, j).st_ino == 12


def test_a_top_level_directory_in_a_new_group_reads_its_bitmaps():
    k, t = _kernel("6.1")
    k.mkdir(f"{W}/d1", t)           # the allocator's first reads, in the root
    j = _job(k, t, "a")
    k.mkdir("/mnt/disk/top1", j)
    # group 1's inode bitmap, its block bitmap (BLOCK_UNINIT: initialised, the flag
    # cleared), the inode table block of 8193, the directory's own block
    assert _file_pages(k, j) == (4, 4)
    assert not _sb(k).group(1).block_uninit


def test_dropped_buddy_pages_are_read_again_by_the_next_allocator():
    k, t = _kernel("6.1")
    _fallocate(k, t, f"{W}/fa1", 8 << 20)
    sb = _sb(k)
    k.write("/proc/sys/vm/drop_caches", "1", t)
    assert 2 not in sb.buddy.pages         # group 1's bitmap copy
    j = _job(k, t, "a")
    _fallocate(k, j, f"{W}/fa2", 8 << 20)
    # group 1's two buddy pages come back, charged to the job, active
    assert {2, 3} <= set(sb.buddy.pages)
    assert all(k.memcg.page_memcg(sb.buddy.pages[i]) is k.task_memcg(j) for i in (2, 3))
    assert all(k.mem_map.kind[sb.buddy.pages[i]] == PG_BUFFER for i in (2, 3))


def test_a_freed_inode_number_is_taken_again():
    k, t = _kernel("5.10")
    k.write(f"{W}/a", "", t)
    k.mkdir(f"{W}/d", t)
    k.write(f"{W}/b", "", t)
    assert [k.stat(f"{W}/{n}", t).st_ino for n in "adb"] == [13, 14, 15]
    k.unlink(f"{W}/a", t)
    k.rmdir(f"{W}/d", t)
    # find_inode_bit: the lowest free bit of the group's inode bitmap
    k.write(f"{W}/c", "", t)
    k.mkdir(f"{W}/e", t)
    k.write(f"{W}/f", "", t)
    assert [k.stat(f"{W}/{n}", t).st_ino for n in "cef"] == [13, 14, 16]
    g0 = _sb(k).group(0)
    assert (g0.free_inodes, g0.used_dirs) == (8192 - 16, 4)


def test_a_full_inode_table_is_enospc():
    """``__ext4_new_inode`` with every group's inodes in use: -ENOSPC (the disk's
    8 x 8192 inodes), to the creating call; a freed inode is taken again."""
    k, t = _kernel("6.1")
    sb = k.vfs.mounts["/mnt/disk"].bdev.sb
    k.write("/mnt/disk/work/a", "x", t)
    for g in sb.all_groups():
        g.free_inodes = 0
    with pytest.raises(OSError) as e:
        k.write("/mnt/disk/work/b", "x", t)
    assert e.value.errno == errno.ENOSPC
    with pytest.raises(FileNotFoundError):
        k.stat("/mnt/disk/work/b", t)
    k.unlink("/mnt/disk/work/a", t)
    k.write("/mnt/disk/work/b", "x", t)
    assert k.stat("/mnt/disk/work/b", t).st_size == 1


def test_removed_inodes_give_their_blocks_back():
    """``ext4_free_blocks`` at the last link: a directory's one block (recorded as
    its group's shared ``(group, 1)`` pair) and each run a file's fallocates went
    to go back to their groups; the records go with the inodes."""
    k, t = _kernel("6.1")
    sb = _sb(k)
    before = [g.free_clusters for g in sb.all_groups()]
    k.mkdir(f"{W}/d", t)
    d = k.stat(f"{W}/d", t).st_ino
    assert sb.owned[d] is sb.one_block[sb.owned[d][0]]
    _fallocate(k, t, f"{W}/a", 1 << 20)
    f = k.open(f"{W}/a", "r+", t)
    f.fallocate(0, 4 << 20, 1 << 20)        # a second run, past a hole
    a = k.stat(f"{W}/a", t).st_ino
    assert [n for _, n in sb.owned[a]] == [256, 256]
    assert sum(before) - sum(g.free_clusters for g in sb.all_groups()) == 1 + 512
    k.unlink(f"{W}/a", t)
    k.rmdir(f"{W}/d", t)
    assert [g.free_clusters for g in sb.all_groups()] == before
    assert a not in sb.owned and d not in sb.owned


def test_the_host_disks_groups_are_made_at_their_first_use():
    """The host's root disk (512 groups: ``host_disk_groups``, dumpe2fs's rule) has
    those a run touches made (the boot: group 0, the image's inodes); one made
    later is the layout's group as mkfs left it, and a directory made in a group
    first used then takes its first inode."""
    k = Kernel(design="6.1", cgroup="v2", seed=0, debug=True)
    sb = k.vfs.mounts["/"].bdev.sb
    assert sb.nr_groups == 512 and [i for i, g in enumerate(sb.groups) if g] == [0]
    layout = host_disk_groups()
    assert sb.groups[300] is None
    g = sb.group(300)
    assert (g.block_bitmap, g.inode_bitmap, g.inode_table, g.block_uninit,
            g.free_clusters) == layout[300]
    assert (g.free_inodes, g.used_dirs, g.next_bit, g.need_init) == (8192, 0, 0, True)
    t = k.spawn("bash")
    for group in (0, 1):
        sb.group(group).free_inodes = 0       # the next directory goes to group 2
    k.mkdir("/d", t)
    ino = k.stat("/d", t).st_ino
    assert divmod(ino - 1, 8192) == (2, 0) and sb.owned[ino] is sb.one_block[sb.owned[ino][0]]
    assert (sb.group(2).free_inodes, sb.group(2).used_dirs) == (8191, 1)
    assert [(x.block_bitmap, x.inode_bitmap, x.inode_table) for x in sb.all_groups()] == [
        grp[:3] for grp in layout]
