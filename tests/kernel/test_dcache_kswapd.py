"""kswapd's shrink_slab against the dcache (conformance ``dcache-kswapd``, docs/fidelity.md
item 89): /proc/sys/fs/dentry-state and /proc/vmstat's
slabs_scanned as the kernels count them; a file a read is copying holds its dentry
and inode (``fdget``), so the kswapd that read wakes does not prune them."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.shell import run_script


def _vmstat(k):
    return {n: int(v) for n, v in (l.split() for l in k.read("/proc/vmstat", k.init).splitlines())}


def _dentry_state(k):
    return [int(x) for x in k.read("/proc/sys/fs/dentry-state", k.init).split()]


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_dentry_state_and_slabs_scanned_follow_the_lists(design):
    """300 failed lookups and 200 files: 500 more dentries, all unused, 300 negative;
    drop_caches 2 (``drop_slab``) scans them in batches (SLABS_SCANNED) and frees
    them all: back to the boot's count, none unused."""
    k = Kernel(design=design, cgroup="v2", init="busybox")
    nr0, unused0, age, want, neg0, dummy = _dentry_state(k)
    assert (unused0, age, want, neg0, dummy) == (0, 45, 0, 0, 0)
    run_script(k, "mkdir d; for ((i = 0; i < 300; i++)); do [ -e d/n$i ]; done\n"
                  "for ((i = 0; i < 200; i++)); do : > d/f$i; done\n", "t.sh")
    nr, unused, _, _, neg, _ = _dentry_state(k)
    # (a directory's own dentry and inode are not modelled: d's is not counted)
    assert (nr - nr0, unused, neg) == (500, 500, 300)
    scanned0 = _vmstat(k)["slabs_scanned"]
    run_script(k, "sync; echo 2 > /proc/sys/vm/drop_caches\n", "t.sh")
    nr, unused, _, _, neg, _ = _dentry_state(k)
    assert (unused, neg) == (0, 0)
    assert nr == nr0
    assert _vmstat(k)["slabs_scanned"] - scanned0 >= 500


def test_a_file_being_read_keeps_its_dentry_and_inode():
    """5.10 (whose inode shrinker takes an inode with page cache): a read past what
    a 128 MiB host has free wakes kswapd, whose superblock shrinker would find the
    file's dentry and then its inode, with the pages the read brought in, unused;
    the read's file holds them (``i_count``): no page is stolen with an inode."""
    k = Kernel(design="5.10", cgroup="v2", init="busybox", mem="128M")
    run_script(k, "for ((i = 0; i < 3000; i++)); do [ -e n$i ]; done\n"
                  "truncate -s 160M g; cat g > /dev/null\n", "t.sh")
    vm = _vmstat(k)
    assert vm["pageoutrun"] > 10 and vm["slabs_scanned"] > 0
    assert vm["kswapd_inodesteal"] == vm["pginodesteal"] == 0
