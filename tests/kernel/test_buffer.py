"""The block device's buffer cache: ext4 metadata pages pin the cgroup that first
read them while a CPU's buffer-head LRU holds them (kernel/buffer.py)."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.kernel.buffer import BH_LRU_SIZE

V2 = "/sys/fs/cgroup"


def dying(k) -> int:
    return int(k.read(V2 + "/cgroup.stat", k.init).split("nr_dying_descendants ")[1].split()[0])


def test_metadata_page_pins_until_the_bh_lru_lets_go():
    k = Kernel(design="6.1", cgroup="v2")
    sh = k.spawn("bash")
    bdev = k.vfs.mounts["/"].bdev
    k.mkdir(V2 + "/a", sh)
    k.write(V2 + "/a/cgroup.procs", str(sh.pid), sh)
    with k.running(sh):
        assert k.buffers.getblk(bdev, 10**6)            # a block nobody read yet
    assert int(k.read(V2 + "/a/memory.current", sh)) > 0
    k.write(V2 + "/cgroup.procs", str(sh.pid), sh)
    k.rmdir(V2 + "/a", sh)
    k.write("/proc/sys/vm/drop_caches", "3", sh)
    k.advance(2)
    assert dying(k) == 1                                 # busy: drop_caches skips it
    with k.running(sh):                                  # newer lookups on the same CPU
        for b in range(BH_LRU_SIZE - 1):
            k.buffers.getblk(bdev, 2 * 10**6 + b)
    k.write("/proc/sys/vm/drop_caches", "1", sh)
    k.advance(2)
    assert dying(k) == 1                                 # still the 16th newest
    with k.running(sh):
        k.buffers.getblk(bdev, 3 * 10**6)
    k.write("/proc/sys/vm/drop_caches", "1", sh)
    k.advance(2)
    assert dying(k) == 0


def _first_reader(init: str, path: str) -> int:
    """A child's failed lookup of ``path``, then rmdir: how many stay dying."""
    k = Kernel(design="6.1", cgroup="v2", init=init, debug=True)
    sh = k.spawn("bash")
    if init == "busybox":
        k.write(V2 + "/cgroup.subtree_control", "+memory", sh)
    k.mkdir(V2 + "/p", sh)
    k.write(V2 + "/p/cgroup.subtree_control", "+memory", sh)
    k.mkdir(V2 + "/p/c", sh)
    t = k.fork(sh, "bash")
    k.write(V2 + "/p/c/cgroup.procs", str(t.pid), sh)
    try:
        k.stat(path, t)
    except OSError:
        pass
    k.exit(t)
    k.reap(t)
    k.rmdir(V2 + "/p/c", sh)
    k.advance(1)
    return int(k.read(V2 + "/p/cgroup.stat", sh).split("nr_dying_descendants ")[1].split()[0])


def test_blocks_the_boot_read_pin_nothing():
    """The directory blocks the boot's lookups read were charged to the root: a
    child's lookup there charges nothing (oracle: buffer-cache-first-reader.sh,
    A 0 / B 1 / C 0 on 5.10)."""
    assert _first_reader("busybox", "/mnt/disk/nope") == 0      # the disk's top dir
    assert _first_reader("busybox", "/mnt/disk/work/nope") == 1  # read first by the child
    assert _first_reader("busybox", "/nope") == 0                # initramfs
    assert _first_reader("systemd", "/nope") == 0                # a booted host's /
    assert _first_reader("systemd", "/etc/nope") == 0


def test_nr_blockdev_pages_counts_the_mount_and_new_blocks():
    k = Kernel(design="5.10", cgroup="v2", init="busybox")
    sh = k.spawn("bash")
    # superblock, group descriptors, journal superblock, inode table, top directory:
    # 20 kB of Buffers after the oracle's mount, as on 5.10.262
    assert k.buffers.nr_blockdev_pages() == 5
    try:
        k.stat("/mnt/disk/work/nope", sh)
    except OSError:
        pass
    assert k.buffers.nr_blockdev_pages() == 6
