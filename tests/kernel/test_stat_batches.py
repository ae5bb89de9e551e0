"""5.10's per-CPU memory.stat batches (mm/memcontrol.c ``__mod_memcg_state`` before
Linux commit 2d146aa3aa84 ("mm: memcontrol: switch to rstat") (in v5.13)) and 6.1's
flush threshold (``memcg_rstat_updated``): a run of equal updates taken at once folds
as the updates one by one do, and a task's faults and unmaps count on its own CPU
(docs/fidelity.md item 55)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.kernel.vmstat import (NR_ANON_MAPPED, NR_FILE_PAGES, NR_INACTIVE_FILE,
                                    NR_SLAB_UNRECLAIMABLE_B, MemcgStats, PercpuBatchStats,
                                    RstatThresholdStats, fold_run)

ITEMS = st.sampled_from([(NR_ANON_MAPPED,), (NR_FILE_PAGES, NR_INACTIVE_FILE),
                         (NR_SLAB_UNRECLAIMABLE_B, NR_FILE_PAGES)])
VALS = st.one_of(st.sampled_from([1, -1, 512, -512]), st.integers(-300_000, 300_000))


def _fold_one_by_one(x: int, val: int, n: int, threshold: int) -> tuple[int, int]:
    """``__mod_memcg_state`` (v5.12 and before), one update at a time."""
    folded = 0
    for _ in range(n):
        x += val
        if abs(x) > threshold:
            folded += x
            x = 0
    return folded, x


@settings(max_examples=200, deadline=None)
@given(threshold=st.sampled_from([32, 64, 32 * 4096]), start=st.floats(-1, 1),
       val=VALS, n=st.integers(0, 400))
def test_fold_run_equals_updates_one_by_one(threshold, start, val, n):
    x = int(start * threshold)
    assert fold_run(x, val, n, threshold) == _fold_one_by_one(x, val, n, threshold)


class _Clock:
    def call_every(self, *args) -> None:
        """No periodic flush in these tests."""


class _Kernel:
    nr_cpus = 2
    clock = _Clock()


class _Memcg:
    """What the statistics read of a memcg: its vectors, where totals go, whether
    offline (an online memcg's pending deltas are a list)."""
    def __init__(self, parent=None) -> None:
        self.stats = MemcgStats(2)
        self.stat_parent = parent
        self.offline_at = None


def _vectors(m: _Memcg) -> tuple:
    s = m.stats
    return (list(s.state), list(s.local), list(s.pending),
            {c: list(v) for c, v in s.pcpu.items()})


@settings(max_examples=100, deadline=None)
@given(design=st.sampled_from(["percpu", "threshold"]),
       runs=st.lists(st.tuples(st.integers(0, 1), ITEMS, VALS, st.integers(1, 200)),
                     min_size=1, max_size=6))
def test_mod_each_equals_mod_one_by_one(design, runs):
    """``mod_each`` of ``n`` updates leaves the totals, the per-CPU deltas and 6.1's
    flush threshold as ``n`` calls of ``mod`` for each item in turn."""
    def make():
        return PercpuBatchStats(32) if design == "percpu" else RstatThresholdStats(64, _Kernel())
    a, b = make(), make()
    pa, pb = _Memcg(), _Memcg()
    ma, mb = _Memcg(pa), _Memcg(pb)
    for cpu, items, val, n in runs:
        a.mod_each(ma, items, val, n, cpu)
        for _ in range(n):
            for idx in items:
                b.mod(mb, idx, val, cpu)
    assert _vectors(ma) == _vectors(mb) and _vectors(pa) == _vectors(pb)
    if design == "threshold":
        assert (a.threshold, a.pcpu_updates) == (b.threshold, b.pcpu_updates)


def test_faults_and_unmap_count_on_the_tasks_cpu():
    """A task's page faults and its munmap update the memcg's per-CPU deltas of its
    own CPU (``smp_processor_id()`` in ``__mod_memcg_lruvec_state``), whoever ran
    last: 20 pages faulted and unmapped on CPU 1 leave every CPU's delta at 0, and
    33 fold once (5.10: MEMCG_CHARGE_BATCH 32)."""
    k = Kernel(design="5.10", cgroup="v1")
    init = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/memory/job", init)
    t = k.fork(init)
    k.write("/sys/fs/cgroup/memory/job/cgroup.procs", str(t.pid), init)
    t.cpu = 1
    k.current = init
    init.cpu = 0
    m = k.task_memcg(t)
    k.mmap_anon(t, "[buf]", 33 * 4096)
    k.touch(t, "[buf]", 0, 19)
    assert m.stats.pcpu[1][NR_ANON_MAPPED] == 20
    assert m.stats.pcpu.get(0) is None or m.stats.pcpu[0][NR_ANON_MAPPED] == 0
    k.munmap(t, "[buf]")
    assert m.stats.pcpu[1][NR_ANON_MAPPED] == 0 and m.stats.local[NR_ANON_MAPPED] == 0
    k.mmap_anon(t, "[buf]", 33 * 4096)
    k.touch(t, "[buf]", 0, 32)
    assert m.stats.local[NR_ANON_MAPPED] == 33 and m.stats.pcpu[1][NR_ANON_MAPPED] == 0
    assert "rss 135168\n" in k.read("/sys/fs/cgroup/memory/job/memory.stat", init)
