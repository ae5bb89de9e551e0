"""Each CPU's differential of the slab counters (kernel/vmstat_diff.py): the node's
``stat_threshold`` as ``calculate_normal_threshold`` gives it, a difference folded when
it passes it, every CPU's folded at the next whole second (``vmstat_update``)."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.vmstat_diff import (RECLAIMABLE, UNRECLAIMABLE,
                                         calculate_normal_threshold)


@pytest.mark.parametrize("cpus,threshold", [(1, 8), (2, 16), (4, 24), (8, 32), (64, 56)])
def test_threshold_of_the_1g_guests(cpus, threshold):
    # the 1 GiB guests' DMA32 (the larger zone) sets the node's threshold
    assert Kernel(design="6.1", nr_cpus=cpus).node_stat_diff.threshold == threshold


def test_calculate_normal_threshold_caps_at_125():
    assert calculate_normal_threshold(1 << 15, 2) == 2 * 2 * 2
    assert calculate_normal_threshold(1 << 30, 1024) == 125


def _slab_kb(k, t) -> int:
    return int(next(line for line in k.read("/proc/meminfo", t).splitlines()
                    if line.startswith("Slab:")).split()[1])


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_meminfo_lags_until_the_next_second(design, warm_reads):
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, vmstat_diff=True)
    sh = k.spawn("bash")
    warm_reads(k, sh)
    for i in range(30):
        k.mkdir(f"/sys/fs/cgroup/a{i}", sh)
    diff = k.node_stat_diff
    held = diff.held(RECLAIMABLE) + diff.held(UNRECLAIMABLE)
    exact = k.slab.slab_pages()
    lagged = _slab_kb(k, sh)
    # what each CPU holds stays within its threshold, item by item
    assert all(abs(d[i]) <= diff.threshold for d in diff.diff for i in (0, 1))
    assert held != 0
    k.advance(1.0)
    assert diff.held(RECLAIMABLE) == diff.held(UNRECLAIMABLE) == 0
    assert _slab_kb(k, sh) == lagged + held * 4
    assert k.slab.slab_pages() == exact


def test_a_difference_past_the_threshold_is_folded():
    k = Kernel(design="6.1", nr_cpus=1, vmstat_diff=True)
    diff = k.node_stat_diff
    diff.fold_all()
    t = diff.threshold
    diff.mod(0, UNRECLAIMABLE, t)
    assert diff.held(UNRECLAIMABLE) == t
    diff.mod(0, UNRECLAIMABLE, 1)
    assert diff.held(UNRECLAIMABLE) == 0
    diff.mod(0, UNRECLAIMABLE, -t - 1)
    assert diff.held(UNRECLAIMABLE) == 0


def test_a_busy_cpu_folds_at_its_idle_entries():
    # quiet_vmstat: in the second after one the CPU counted in, its vmstat_update is
    # pending and each idle entry folds; after an idle second it holds again
    k = Kernel(design="6.1", nr_cpus=2, vmstat_diff=True)
    diff = k.node_stat_diff
    diff.mod(1, RECLAIMABLE, 3)
    assert diff.held(RECLAIMABLE) == 3
    k.advance(1.0)
    diff.mod(1, RECLAIMABLE, 2)
    assert diff.held(RECLAIMABLE) == 0
    k.advance(2.0)
    diff.mod(1, RECLAIMABLE, 2)
    assert diff.held(RECLAIMABLE) == 2


def test_off_by_default_meminfo_is_exact(warm_reads):
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=4)
    sh = k.spawn("bash")
    warm_reads(k, sh)
    for i in range(20):
        k.mkdir(f"/sys/fs/cgroup/a{i}", sh)
    before = _slab_kb(k, sh)
    assert k.node_stat_diff.held(RECLAIMABLE) == k.node_stat_diff.held(UNRECLAIMABLE) == 0
    k.write("/proc/sys/vm/stat_refresh", "1\n", sh)
    assert _slab_kb(k, sh) == before


def test_a_page_counter_update_makes_the_second_after_busy():
    """``touch``: a CPU that moved another counter (a page) in a second folds its
    slab updates of the second after at once (``quiet_vmstat``), as after a slab
    update; two seconds later it holds them again."""
    k = Kernel(design="6.1", nr_cpus=2, vmstat_diff=True)
    diff = k.node_stat_diff
    k.advance(3.0 - k.now % 1)
    diff.touch(1)
    k.advance(1.0)
    diff.mod(1, RECLAIMABLE, 2)
    assert diff.held(RECLAIMABLE) == 0
    k.advance(2.0)
    diff.mod(1, RECLAIMABLE, 2)
    assert diff.held(RECLAIMABLE) == 2


def test_fork_exec_and_exit_touch_their_cpu(monkeypatch):
    """The child's kernel stack and page tables at fork, the new mm at exec, the
    freed ones at exit: each moves the CPU's page counters."""
    from memcgsim.kernel.vmstat_diff import NodeStatDiff
    seen = []
    monkeypatch.setattr(NodeStatDiff, "touch", lambda self, cpu: seen.append(cpu))
    k = Kernel(design="6.1", nr_cpus=2, vmstat_diff=True)
    sh = k.spawn("bash")
    seen.clear()
    child = k.fork(sh)
    k.exec(child, "/bin/true")
    k.exit(child)
    assert seen == [sh.cpu, child.cpu, child.cpu]
