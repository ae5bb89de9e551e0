"""A memcg's cgroup writeback holds it while its inodes are cached
(kernel/backing_dev.py)."""
import pytest

from memcgsim import Kernel
from memcgsim.analysis.explain import explain
from memcgsim.kernel.clock import NSEC_PER_SEC, RCU_TICK_NS, WORK_LATENCY_NS

W = "/sys/fs/cgroup/w"


def _writer(design: str, size: int):
    """A child of a new cgroup w writes ``size`` bytes to a file on the disk."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, debug=True)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    k.mkdir(W, sh)
    t = k.fork(sh)
    k.write(f"{W}/cgroup.procs", str(t.pid), t)
    k.write("/var/tmp/f", "x" * size, t)
    return k, sh, t, k.task_memcg(t)


def _written_and_removed(design: str, sync_before_rmdir: bool):
    """:func:`_writer`'s child exits; w is removed (with the file clean or dirty at
    its offline) and the clock runs for a second."""
    k, sh, t, memcg = _writer(design, 10000)
    k.exit(t)
    k.reap(t)
    if sync_before_rmdir:
        k.sync(sh)
    k.rmdir(W, sh)
    k.advance(1.0)
    return k, sh, memcg


def _dying(k) -> int:
    return k.memory_root.cgrp.nr_dying_descendants


def test_the_first_dirtier_s_wb_holds_the_memcg_and_the_inode_keeps_it():
    """Written on cgroup v2: the memcg's wb has a css reference; the inode keeps that
    wb (``inode_attach_wb`` once) though the root writes it again."""
    k, sh, _, memcg = _writer("5.10", 100)
    assert memcg.holders.get("cgwb") == 1
    wb = k.cgwb.wbs[memcg]
    assert len(wb.inodes) == 1
    k.sync(sh)
    k.write("/var/tmp/f", "y" * 100, sh)      # dirtied again from the root
    assert k.writeback.inode_wb[next(iter(wb.inodes))] is memcg


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_a_dirty_inode_keeps_the_removed_memcg_until_it_is_evicted(design):
    """Dirty at the offline (no switch on either kernel): after sync and drop_caches
    1 the inode is still cached and its wb holds the dying memcg; the file's rm
    puts the wb's last reference, and the memcg's css two work items later
    (``cgwb_release_workfn``, the ``wb_workfn`` it flushes)."""
    k, sh, memcg = _written_and_removed(design, sync_before_rmdir=False)
    assert _dying(k) == 1
    k.sync(sh)
    k.write("/proc/sys/vm/drop_caches", "1", sh)
    k.advance(1.0)
    assert _dying(k) == 1
    assert memcg.holders.get("cgwb") == 1
    [d] = explain(k)
    [g] = [g for g in d.pins if g.kind == "cgwb"]
    assert g.holders[0].what.startswith("cgroup writeback (bdi_writeback) of the memcg: 1 inode attached")
    k.unlink("/var/tmp/f", sh)
    wb = k.cgwb.wbs[memcg]
    assert wb.refcnt == 0 and memcg.holders.get("cgwb") == 1
    k.advance(0.0001)
    assert memcg.holders.get("cgwb") == 1     # cgwb_release_workfn ran, the flush not yet
    k.advance(0.0001)
    assert "cgwb" not in memcg.holders and memcg not in k.cgwb.wbs


def test_6_1_switches_a_removed_memcg_s_clean_inodes_to_the_parent_s_wb():
    """Clean at the offline: 6.1 (v5.14's cleanup_offline_cgwbs_workfn) switches the
    inode to the root's wb a grace period and two work items after the offline, so
    the wb no longer holds the memcg; 5.10 keeps it while the inode is cached."""
    for design in ("5.10", "6.1"):
        k, sh, memcg = _written_and_removed(design, sync_before_rmdir=True)
        [inode] = [i for i, m in k.writeback.inode_wb.items()]
        switched = design == "6.1"
        assert ("cgwb" in memcg.holders) != switched, design
        assert (k.writeback.inode_wb[inode] is k.memcg.root_mem_cgroup) == switched


def test_a_switch_whose_inode_went_meanwhile_releases_the_wb_once():
    """6.1: the file is clean at the offline, so its switch is queued (a grace
    period away); the file's rm destroys the inode first: the wb is released by
    that put, and the switch finds nothing to move (no second release)."""
    k, sh, t, memcg = _writer("6.1", 10000)
    k.exit(t)
    k.reap(t)
    k.sync(sh)
    k.rmdir(W, sh)
    # the kill's grace period (the last asked for; its callbacks at the tick after
    # its end, Clock.rcu_due) and css_killed_work_fn: the offline ran, its cleanup
    # queued the switch (a grace period away)
    due = (k.clock.gp_end // RCU_TICK_NS + 1) * RCU_TICK_NS
    k.advance((due - k.clock.now_ns + 2 * WORK_LATENCY_NS) / NSEC_PER_SEC)
    wb = k.cgwb.wbs[memcg]
    assert wb.killed and len(wb.inodes) == 1
    k.unlink("/var/tmp/f", sh)
    assert not wb.released and wb.refcnt == 1     # the kill's base reference
    k.advance(1.0)
    assert wb.released
    assert memcg not in k.cgwb.wbs and "cgwb" not in memcg.holders
