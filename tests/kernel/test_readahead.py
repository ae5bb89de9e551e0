"""File readahead (kernel/readahead.py) against the guests' reads: the pgpgin of one
dd read of a 16 MiB ext4 file after drop_caches, by block size, as
calibration/recordings/readahead-queue--*-v1.txt recorded them (KiB)."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.readahead import get_init_ra_size, get_next_ra_size

#: (block size, count, skip) -> pgpgin KiB on 5.10.262 and 6.1.192
RECORDED = {
    (4096, 1, 0): (16, 16), (4096, 2, 0): (48, 48), (65536, 1, 0): (128, 128),
    (131072, 1, 0): (256, 256), (196608, 1, 0): (320, 384), (262144, 1, 0): (384, 512),
    (524288, 1, 0): (768, 1024), (1 << 20, 1, 0): (1536, 2048), (2 << 20, 1, 0): (3328, 3840),
    (1 << 20, 1, 3): (1024, 1024), (524288, 3, 0): (1792, 2048), (2 << 20, 2, 0): (5376, 6400),
    (4096, 1, 100): (4, 4),
}


def _pgpgin(k, t) -> int:
    for line in k.read("/proc/vmstat", t).splitlines():
        key, val = line.split()
        if key == "pgpgin":
            return int(val)
    raise AssertionError("no pgpgin")


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_dd_reads_as_recorded(design):
    """Each read of the calibration's dd (a fresh open, blocks read in turn)."""
    k = Kernel(design=design, cgroup="v2", init="busybox")
    t = k.spawn("bash")
    path = "/mnt/disk/work/f"
    f = k.open(path, "w", t)
    for _ in range(16):
        f.write(bytes(1 << 20))
    f.close()
    k.sync(t)                               # the pages clean, so drop_caches drops them
    col = 0 if design == "5.10" else 1
    for (bs, count, skip), want in RECORDED.items():
        k.write("/proc/sys/vm/drop_caches", "3", t)
        a = _pgpgin(k, t)
        f = k.open(path, "r", t)
        f.pos = skip * bs
        for _ in range(count):
            f.read(bs)
        f.close()
        assert _pgpgin(k, t) - a == want[col], (bs, count, skip)


def test_window_sizes():
    """get_init_ra_size and get_next_ra_size for the 32-page maximum: the windows of
    a reader of 4 KiB blocks from the start (4, 8, 16, 32, 32 pages: pgpgin 16, 48,
    112, 240, 368 KiB after 1, 2, 5, 13 and 40 blocks in readahead-cold)."""
    assert get_init_ra_size(1, 32) == 4
    assert [get_next_ra_size(n, 32) for n in (4, 8, 16, 32)] == [8, 16, 32, 32]
    assert get_init_ra_size(16, 32) == 32            # dd bs=64k: the max
    assert get_init_ra_size(256, 256) == 256
