"""A tmpfs's size= and nr_inodes= (fs/shmem_sb.py; the guests' answers in
tests/conformance/scripts/tmpfs-size-limit.sh)."""
import errno

import pytest

from memcgsim import Kernel
from memcgsim.fs import shmem_sb
from memcgsim.fs.procmem import totalram_pages
from memcgsim.kernel.xarray import PageIndex


def err(fn, *args):
    with pytest.raises(OSError) as e:
        fn(*args)
    return e.value.errno


@pytest.fixture(scope="module")
def k():
    return Kernel(design="6.1", cgroup="v2", init="busybox")


@pytest.mark.parametrize("opts,want", [
    ("size=1M", {"blocks": 256}), ("size=4097", {"blocks": 2}),
    ("size=1m,nr_inodes=5", {"blocks": 256, "inodes": 5}),
    ("nr_blocks=7,mode=700", {"blocks": 7, "mode": 0o700}),
    ("rw,relatime,nosuid,size=0", {"blocks": 0}),
    ("inode64,huge=never", {}), ("nr_inodes=1k", {"inodes": 1024})])
def test_options(k, opts, want):
    assert shmem_sb.parse_options(k, opts) == want


def test_size_percent_is_of_ram(k):
    assert shmem_sb.parse_options(k, "size=10%") == {"blocks": -(-totalram_pages(k) // 10)}


@pytest.mark.parametrize("opts", ["size=1x", "foo=1", "size=", "nr_inodes=-1", "mode=999",
                                  "nr_blocks=3k%"])
def test_bad_options_are_einval(k, opts):
    assert err(shmem_sb.parse_options, k, opts) == errno.EINVAL


def test_writable_bytes_stop_at_the_first_page_past_the_size():
    sb = shmem_sb.ShmemSbInfo(max_blocks=4, max_inodes=0)
    pages = PageIndex()
    pages[0] = 100                                          # a page the file has
    assert shmem_sb.writable_bytes(sb, 4, pages, 0, 8192) == 4096   # page 1 is new: none left
    assert shmem_sb.writable_bytes(sb, 3, pages, 0, 12288) == 8192
    assert shmem_sb.writable_bytes(sb, 2, pages, 100, 8192) == 8192
    assert shmem_sb.writable_bytes(sb, 4, pages, 4096, 10) == 0
    assert shmem_sb.writable_bytes(shmem_sb.ShmemSbInfo(0, 0), 10 ** 9, pages, 0, 5) == 5


def test_reconfigure_refuses_what_is_in_use():
    sb = shmem_sb.ShmemSbInfo(max_blocks=256, max_inodes=5)
    assert err(shmem_sb.reconfigure, sb, {"blocks": 128}, 200, 3) == errno.EINVAL
    assert err(shmem_sb.reconfigure, sb, {"inodes": 2}, 0, 3) == errno.EINVAL
    shmem_sb.reconfigure(sb, {"blocks": 512, "inodes": 10}, 200, 3)
    assert (sb.max_blocks, sb.max_inodes) == (512, 10)
    unlimited = shmem_sb.ShmemSbInfo(0, 0)
    assert err(shmem_sb.reconfigure, unlimited, {"blocks": 8}, 0, 1) == errno.EINVAL


@pytest.mark.parametrize("design,inode64", [("6.1", True), ("5.10", False)])
def test_a_limited_mount_fills_and_shows_its_options(design, inode64):
    k = Kernel(design=design, cgroup="v2", init="busybox")
    sh = k.spawn("bash")
    k.mkdir("/mnt/m", sh)
    k.mount("tmpfs", "shm", "/mnt/m", sh, "size=8k,nr_inodes=3,mode=700")
    f = k.open("/mnt/m/a", "w", sh)
    assert f.write(b"x" * 10000) == 8192                    # the pages that fit
    assert err(f.write, b"y") == errno.ENOSPC
    f.close()
    k.mkdir("/mnt/m/d", sh)                                 # root, a, d: 3 inodes
    assert err(k.open, "/mnt/m/b", "w", sh) == errno.ENOSPC
    assert k.statfs("/mnt/m", sh) == (2, 0, 0, 3, 0)
    line = [x for x in k.read("/proc/mounts", sh).splitlines() if " /mnt/m " in x][0]
    opts = "rw,relatime,size=8k,nr_inodes=3,mode=700" + (",inode64" if inode64 else "")
    assert line.split()[3] == opts
    assert k.stat("/mnt/m", sh).st_mode & 0o7777 == 0o700
    k.mount("tmpfs", "top", "/mnt/m", sh)                   # a mount over it
    assert k.listdir("/mnt/m", sh) == []
    k.umount("/mnt/m", sh)                                  # the one below shows again
    assert sorted(k.listdir("/mnt/m", sh)) == ["a", "d"]
    k.mount("tmpfs", "", "/mnt/m", sh, "remount,size=16k")
    assert k.statfs("/mnt/m", sh)[:2] == (4, 2)
