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
