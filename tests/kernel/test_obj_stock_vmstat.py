"""v5.14's obj stock keeps slab statistics back (Linux commit 68ac5b3c8db2, "mm/memcg:
cache vmstat data in percpu memcg_stock_pcp"): ``mod_objcg_state`` stores an update
to an item at 0 whole and flushes the sum once it passes a page, so memory.stat's
slab misses up to a page a CPU until ``drain_obj_stock`` (docs/fidelity.md item 45)."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.designs import DESIGNS
from memcgsim.kernel.memcontrol import stock_stat_add
from memcgsim.kernel.vmstat import PAGE_SIZE


def _one_by_one(p: int, s: int, n: int) -> tuple[int, int]:
    """mm/memcontrol.c ``mod_objcg_state`` (v6.1), one update at a time."""
    flushed = 0
    for _ in range(n):
        if not p:
            p = s
            continue
        p += s
        if abs(p) > PAGE_SIZE:
            flushed += p
            p = 0
    return p, flushed


@settings(max_examples=400, deadline=None)
@given(p=st.integers(-9000, 9000), s=st.integers(1, 9000), neg=st.booleans(),
       n=st.integers(0, 60))
def test_stock_stat_add_is_the_updates_one_by_one(p, s, neg, n):
    s = -s if neg else s
    assert stock_stat_add(p, s, n) == _one_by_one(p, s, n)


def _slab(k: Kernel, path: str, t) -> int:
    """memory.stat's slab, every rstat delta flushed first (6.1 reads flush only
    past a threshold)."""
    stats = k.memcg.stats
    getattr(stats, "force_flush", stats.flush)()
    stat = dict(line.split() for line in k.read(path + "/memory.stat", t).splitlines())
    return int(stat["slab"])


def _drain(k: Kernel, init, t) -> None:
    """``drain_all_stock`` of job (what a limit write below the usage starts), its
    works run."""
    with k.running(init):
        k.memcg.drain_all_stock(k.task_memcg(t))
    k.clock.run_until(k.clock.now_ns + 10_000_000)


#: 6.1, whose obj stocks cache the statistics (docs/fidelity.md items 45, 50)
V61 = DESIGNS["6.1"]
assert V61.obj_stock_caches_vmstat


def _job_with_children(design):
    k = Kernel(design=design, cgroup="v2")
    init = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", init)
    k.mkdir("/sys/fs/cgroup/job", init)
    t = k.fork(init)
    k.write("/sys/fs/cgroup/job/cgroup.procs", str(t.pid), init)
    kids = [k.fork(t) for _ in range(3)]        # task structures charged to job
    return k, init, t, kids


def test_slab_stat_misses_what_the_stock_holds_until_a_drain():
    """6.1: job's slab reads the objects' bytes less what its CPU's stock holds back
    (within a page an item); ``drain_all_stock`` (a limit write below the usage,
    an offline) flushes them and the figure is whole."""
    k, init, t, kids = _job_with_children(V61)
    job = k.task_memcg(t)
    stocks = [s for s in k.memcg.stocks
              if s.cached_objcg is not None and s.cached_objcg.memcg is job]
    held = sum(s.nr_slab_unreclaimable_b + s.nr_slab_reclaimable_b for s in stocks)
    assert stocks and 0 < abs(held) <= 2 * PAGE_SIZE * len(stocks)
    before = _slab(k, "/sys/fs/cgroup/job", init)
    _drain(k, init, t)
    after = _slab(k, "/sys/fs/cgroup/job", init)
    assert after - before == held
    assert all(s.cached_objcg is None and not s.nr_slab_unreclaimable_b
               and not s.nr_slab_reclaimable_b for s in k.memcg.stocks)


def test_slab_stat_exact_before_5_14():
    """5.13: every update reaches the memcg's statistics; the stocks hold none."""
    k, init, t, kids = _job_with_children("5.13")
    assert all(not s.nr_slab_unreclaimable_b and not s.nr_slab_reclaimable_b
               for s in k.memcg.stocks)
    before = _slab(k, "/sys/fs/cgroup/job", init)
    _drain(k, init, t)
    assert _slab(k, "/sys/fs/cgroup/job", init) == before > 0



def test_refill_of_another_objcg_allows_the_uncharge():
    """v5.14's ``refill_obj_stock`` (5387c90490f7, "Allow uncharge when objcg
    changes"): a charge's refill (``allow_uncharge`` false) into a stock caching
    another objcg takes this objcg's ``nr_charged_bytes`` over and uncharges the
    whole page past a page all the same (to the page stock); into the stock caching
    it, the bytes stay past a page."""
    k, init, t, kids = _job_with_children(V61)
    mc = k.memcg
    job = k.task_memcg(t)
    o = job.objcg
    with k.running(t):
        stock = mc.stocks[t.cpu]
        mc.drain_obj_stock(stock)
        assert stock.cached_objcg is None
        mc.try_charge(job, 1)               # a page the objcg's bytes stand for
        o.nr_charged_bytes += 3000
        had = o.nr_charged_bytes
        pages = stock.nr_pages if stock.cached is job else 0
        mc.refill_obj_stock(o, 2000, allow_uncharge=False)
        assert stock.cached_objcg is o and o.nr_charged_bytes == 0
        assert stock.nr_bytes == (had + 2000) % PAGE_SIZE
        assert stock.cached is job and stock.nr_pages == pages + (had + 2000) // PAGE_SIZE
        nb = stock.nr_bytes
        mc.refill_obj_stock(o, PAGE_SIZE, allow_uncharge=False)
        assert stock.nr_bytes == nb + PAGE_SIZE        # kept past a page
