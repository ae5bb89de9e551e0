"""The io controller's block groups: made at a cgroup's first bio or io.max write,
destroyed when its blkcg's online pins are gone, freed grace periods later
(kernel/blk_cgroup.py; traced: tools/sizes/blkg-trace.sh)."""
import errno

import pytest

from memcgsim import Kernel

R = "/sys/fs/cgroup"
P = f"{R}/p"
C = f"{P}/c"


def _io_parent(design: str):
    """Root and p enable io; p/c made."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, debug=True)
    sh = k.spawn("bash")
    k.write(f"{R}/cgroup.subtree_control", "+io +memory", sh)
    k.mkdir(P, sh)
    k.write(f"{P}/cgroup.subtree_control", "+io", sh)
    k.mkdir(C, sh)
    return k, sh


def _cgrp(k, path: str):
    c = k.memory_root.cgrp
    for name in path[len(R) + 1:].split("/"):
        c = c.children[name]
    return c


def _child_in(k, sh, path: str):
    t = k.fork(sh)
    k.write(f"{path}/cgroup.procs", str(t.pid), t)
    return t


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_io_max_makes_the_child_s_blkg_and_its_parent_s(design):
    """``blkg_conf_prep``: p's blkg first, then c's, each a blkcg_gq, its percpu_ref
    data and a throtl_grp (kmalloc-512, -64, -2k) and twelve per-CPU areas."""
    k, sh = _io_parent(design)
    k.write(f"{C}/io.max", "254:0 rbps=1048576", sh)
    c, p = _cgrp(k, C), _cgrp(k, P)
    assert set(k.blkcg.blkgs) == {p, c}
    blkg = k.blkcg.blkgs[c]
    assert blkg.parent is k.blkcg.blkgs[p]
    assert blkg.parent.refcnt == 2                # its own and c's
    assert len(k.percpu.areas_of(("blkg", blkg))) == 12
    assert k.ifaces.css["io", c]["refs"] == 1


def test_a_device_s_io_weight_makes_none():
    """iocost is enabled on no queue: -EOPNOTSUPP before any blkg is made."""
    k, sh = _io_parent("6.1")
    with pytest.raises(OSError) as e:
        k.write(f"{C}/io.weight", "254:0 200", sh)
    assert e.value.errno == errno.EOPNOTSUPP
    assert not k.blkcg.blkgs


def test_a_cold_read_makes_the_reader_s_blkg():
    """A buffered read that goes to the disk: the reading task's blkcg (its
    cgroup's io css), with p's above it; a cached read makes none."""
    k, sh = _io_parent("6.1")
    k.write("/var/tmp/f", "x" * 16384, sh)
    k.sync(sh)
    t = _child_in(k, sh, C)
    k.read("/var/tmp/f", t)
    assert not k.blkcg.blkgs                      # still cached
    k.write("/proc/sys/vm/drop_caches", "3", sh)
    k.read("/var/tmp/f", t)
    assert set(k.blkcg.blkgs) == {_cgrp(k, P), _cgrp(k, C)}


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_rmdir_destroys_the_blkg_and_its_css_waits_for_its_free(design):
    """Offline puts c's pin: its blkg is destroyed (off the tree), released two grace
    periods later and freed (6.1: by a work item); the io css is freed only after
    that. p's blkg stays while p is online."""
    k, sh = _io_parent(design)
    k.write(f"{C}/io.max", "254:0 rbps=1048576", sh)
    c = _cgrp(k, C)
    blkg = k.blkcg.blkgs[c]
    owner = ("blkg", blkg)
    k.rmdir(C, sh)
    k.advance(0.05)
    assert c not in k.blkcg.blkgs and blkg.killed
    k.advance(2.0)
    assert k.percpu.areas_of(owner) is None
    assert ("io", c) not in k.ifaces.css
    assert _cgrp(k, P) in k.blkcg.blkgs


def test_a_cgroup_writeback_keeps_the_blkg_until_the_wb_is_released():
    """A written file's wb pins its blkcg online (``cgwb_create``): 5.10 keeps the
    inode's wb until the inode goes, and the blkg with it; the rm lets both go."""
    k, sh = _io_parent("5.10")
    t = _child_in(k, sh, C)
    k.write("/var/tmp/f", "x" * 16384, t)
    k.sync(sh)
    c = _cgrp(k, C)
    assert c in k.blkcg.blkgs                     # the writeback's bio
    k.exit(t)
    k.reap(t)
    k.rmdir(C, sh)
    k.advance(2.0)
    assert c in k.blkcg.blkgs                     # pinned by the wb
    k.unlink("/var/tmp/f", sh)
    k.advance(2.0)
    assert c not in k.blkcg.blkgs
    assert ("io", c) not in k.ifaces.css


def test_disabling_io_lets_the_child_s_blkg_and_its_pin_on_the_parent_go():
    """"-io" in p's subtree_control takes c's io css (freed at once in the model,
    without an offline): c's blkg is destroyed and its pin on p put, as
    ``blkcg_css_offline`` would, so p's blkg goes at p's rmdir."""
    k, sh = _io_parent("6.1")
    k.write(f"{C}/io.max", "254:0 rbps=1048576", sh)
    c, p = _cgrp(k, C), _cgrp(k, P)
    assert k.ifaces.css["io", p]["pin"] == 2         # its own and c's
    k.write(f"{P}/cgroup.subtree_control", "-io", sh)
    assert c not in k.blkcg.blkgs and p in k.blkcg.blkgs
    assert k.ifaces.css["io", p]["pin"] == 1
    k.rmdir(C, sh)
    k.rmdir(P, sh)
    k.advance(2.0)
    assert not k.blkcg.blkgs
    assert ("io", p) not in k.ifaces.css
