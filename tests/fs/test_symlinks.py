"""Symbolic links (fs/namei.py): what ``symlink(2)`` charges on tmpfs and ext4 in
5.10 and 6.1, the path walk that follows them (``..`` taken physically, ELOOP
past ``MAXSYMLINKS``, a link from /tmp into the cgroup filesystem), and the
calls that do not follow them (lstat, readlink, unlink, rename, link).
Checked with ``Kernel(debug=True)``'s invariants."""
from __future__ import annotations

import errno
import stat

import pytest

from memcgsim.kernel.page_alloc import PG_SHMEM
from test_links import _kernel  # the cgroup a, its task


def _objs(k, cache: str) -> int:
    c = k.slab.caches.get(cache)
    return c.active_objs() if c is not None else 0


def _pages_of_task(k, t, pfns) -> bool:
    """Whether the pages are charged to ``t``'s memcg."""
    return bool(pfns) and all(k.memcg.page_memcg(p) is k.task_memcg(t) for p in pfns)


def _pfns(inode) -> list[int]:
    return [inode.pages.get(i) for i in inode.pages]


def _node(k, path: str):
    fs, rel, _ = k.vfs.resolve(path)
    return fs.nodes[rel]


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_a_link_is_an_inode_and_a_dentry_charged_to_its_creator(design):
    k, t = _kernel(design)
    dentries, inodes = _objs(k, "dentry"), _objs(k, "shmem_inode_cache")
    k.symlink("/sys/fs/cgroup/a", "/dev/shm/cg", t)
    assert (_objs(k, "dentry"), _objs(k, "shmem_inode_cache")) == (dentries + 1, inodes + 1)
    objs = _node(k, "/dev/shm/cg").slab
    assert all(c.objcg_of(oid) is not None for c, oid in objs)   # accounted
    st = k.lstat("/dev/shm/cg", t)
    assert (st.st_mode, st.st_size, st.st_blocks) == (stat.S_IFLNK | 0o777, 16, 0)
    assert stat.S_ISDIR(k.stat("/dev/shm/cg", t).st_mode)
    assert k.readlink("/dev/shm/cg", t) == "/sys/fs/cgroup/a"
    # through the link into cgroupfs: the cgroup's own files
    assert k.read("/dev/shm/cg/memory.max", t) == "max\n"
    k.write("/dev/shm/cg/memory.max", "100M", t)
    assert k.read("/sys/fs/cgroup/a/memory.max", t) == "104857600\n"
    dentries = _objs(k, "dentry")
    k.unlink("/dev/shm/cg", t)                    # the link goes, not the cgroup
    assert _objs(k, "dentry") == dentries - 1 and k.read("/sys/fs/cgroup/a/memory.max", t)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_tmpfs_keeps_a_short_target_in_kmalloc_and_a_long_one_in_a_shmem_page(design):
    k, t = _kernel(design)
    kmalloc = _objs(k, "kmalloc-128")
    k.symlink("s" * 127, "/dev/shm/short", t)     # 128 with its NUL: SHORT_SYMLINK_LEN
    assert _objs(k, "kmalloc-128") == kmalloc + 1
    assert not _node(k, "/dev/shm/short").pages
    k.symlink("l" * 128, "/dev/shm/long", t)
    pfns = _pfns(_node(k, "/dev/shm/long"))
    assert len(pfns) == 1 and _pages_of_task(k, t, pfns)
    assert k.mem_map.kind[pfns[0]] == PG_SHMEM
    assert k.lstat("/dev/shm/long", t).st_blocks == 8
    k.unlink("/dev/shm/long", t)
    k.unlink("/dev/shm/short", t)
    assert k.memcg.page_memcg(pfns[0]) is None and _objs(k, "kmalloc-128") == kmalloc


@pytest.mark.parametrize("design,file_page,bdev_page", [("5.10", 4096, 0), ("6.1", 0, 1)])
def test_ext4_slow_symlinks_take_a_page_cache_or_a_bdev_block(design, file_page, bdev_page):
    k, t = _kernel(design)
    k.symlink("f" * 59, "/var/fast", t)           # 60 with its NUL: in i_block
    k.mkdir("/var/d", t)        # the disk's first block allocation (kernel/ext4.py),
    k.rmdir("/var/d", t)        # its inode number free again for the slow link
    bdev = k.vfs.resolve("/var")[0].bdev.inode
    before = set(_pfns(bdev))
    k.symlink("g" * 60, "/var/slow", t)           # (its inode's metadata blocks: fast's)
    fast, slow = _node(k, "/var/fast"), _node(k, "/var/slow")
    assert not fast.pages and len(slow.pages) == (1 if file_page else 0)
    new = set(_pfns(bdev)) - before
    assert len(new) == bdev_page
    assert _pages_of_task(k, t, _pfns(slow) + list(new))
    assert k.readlink("/var/slow", t) == "g" * 60
    # 5.10: dropped from the page cache, read back by the next walk (page_get_link)
    if file_page:
        k.sync(t)           # the commit dirties the journalled page (kernel/jbd2.py)
        k.write("/proc/sys/vm/drop_caches", "1", t)
        assert len(slow.pages) == 1               # dirty, on the checkpoint list
        k.sync(t)                                 # written home
        k.write("/proc/sys/vm/drop_caches", "1", t)
        assert not slow.pages
        k.readlink("/var/slow", t)
        assert len(slow.pages) == 1


def test_the_walk_follows_links_takes_dotdot_physically_and_stops_at_40():
    k, t = _kernel()
    k.mkdir("/tmp/real", t)
    k.mkdir("/tmp/real/sub", t)
    k.write("/tmp/real/f", "x", t)
    k.symlink("/tmp/real/sub", "/tmp/l", t)
    assert k.read("/tmp/l/../f", t) == "x"        # .. of sub, not of /tmp
    prev = "/tmp/real/f"
    for i in range(41):
        k.symlink(prev, f"/tmp/l{i}", t)
        prev = f"/tmp/l{i}"
    assert k.read("/tmp/l39", t) == "x"           # 40 links followed
    with pytest.raises(OSError) as e:
        k.stat("/tmp/l40", t)                      # the 41st
    assert e.value.errno == errno.ELOOP
    assert stat.S_ISLNK(k.lstat("/tmp/l40", t).st_mode)
    k.symlink("missing", "/tmp/dangling", t)
    with pytest.raises(FileNotFoundError):
        k.stat("/tmp/dangling", t)
    k.write("/tmp/dangling", "made", t)           # O_CREAT through the link
    assert k.read("/tmp/missing", t) == "made"


def test_calls_on_the_link_itself():
    k, t = _kernel()
    k.write("/tmp/f", "x", t)
    k.symlink("f", "/tmp/l", t)
    for call, code in ((lambda: k.symlink("g", "/tmp/l", t), errno.EEXIST),
                       (lambda: k.readlink("/tmp/f", t), errno.EINVAL),
                       (lambda: k.rmdir("/tmp/l", t), errno.ENOTDIR),
                       (lambda: k.symlink("", "/tmp/e", t), errno.ENOENT),
                       (lambda: k.symlink("x" * 4096, "/tmp/n", t), errno.ENAMETOOLONG),
                       (lambda: k.symlink("x", "/sys/fs/cgroup/a/l", t), errno.EPERM),
                       (lambda: k.symlink("x", "/proc/l", t), errno.EPERM)):
        with pytest.raises(OSError) as e:
            call()
        assert e.value.errno == code
    k.link("/tmp/l", "/tmp/h", t)                  # linkat without AT_SYMLINK_FOLLOW
    assert k.lstat("/tmp/h", t).st_nlink == 2 and k.stat("/tmp/f", t).st_nlink == 1
    k.rename("/tmp/h", "/tmp/m", t)
    assert k.readlink("/tmp/m", t) == "f"
    assert k.readlink("/proc/self", t) == str(t.pid)
