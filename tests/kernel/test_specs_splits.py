"""A fork's held list remembered around its one real page charge
(``SlabSpecs.splits`` and ``resumes``, issue 14) leaves the model as the walk object
by object does: cgroup lifecycles under a tight memory.max where the forks' charges
go past the page stock, some of them failing (-ENOMEM: nothing the OOM killer may
kill), against the same run with nothing remembered."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel import slab as slab_mod

R = "/sys/fs/cgroup"


def _lifecycles(design: str, cpus: int, base: int, n: int) -> tuple:
    """``n`` cgroups in turn, each with memory.max of ``base`` pages and more: a task
    (oom_score_adj -1000) forks up to 12 children until a fork fails, all exit, the
    cgroup is removed. Returns the failures, what /proc and the root's files read,
    every CPU's stocks, and the fork lists' remembered splits."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus)
    mgr = k.spawn("bash")
    k.write(R + "/cgroup.subtree_control", "+memory\n", mgr)
    failed = []
    for life in range(n):
        d = f"{R}/c{life}"
        k.mkdir(d, mgr)
        k.write(d + "/memory.max", f"{(base + life % 11 * 2) * 4096}\n", mgr)
        init = k.fork(mgr)
        k.write(d + "/cgroup.procs", f"{init.pid}\n", mgr)
        k.write(f"/proc/{init.pid}/oom_score_adj", "-1000\n", mgr)
        kids = [init]
        for i in range(12):
            try:
                kids.append(k.fork(init))
            except OSError as e:
                failed.append((life, i, e.errno))
                break
        for t in reversed(kids):
            k.exit(t)
            k.reap(t)
        k.rmdir(d, mgr)
    reads = tuple(k.read(p, mgr) for p in ("/proc/meminfo", "/proc/vmstat", "/proc/slabinfo",
                                           R + "/memory.stat", "/proc/cgroups"))
    stocks = [(s.cached.id if s.cached else None, s.nr_pages,
               s.cached_objcg is not None, s.nr_bytes) for s in k.memcg.stocks]
    stocks.append(_stats(k))
    splits = sum(len(s.splits) for s in k.procs._fork_specs.values())
    return failed, reads, stocks, splits


def _stats(k) -> list:
    """Every memcg's statistics as the model holds them (pending rstat deltas, per-CPU
    batches, folded counters): MEMCG_KMEM among them, which no file of 5.13 shows."""
    out = []
    for i, m in sorted(k.memcg.idr.items()):
        st = m.stats
        out.append((i, list(st.pending), list(st.state), list(st.local),
                    sorted((c, list(v)) for c, v in st.pcpu.items())))
    return out


@pytest.mark.parametrize("design,cpus,base", [("5.13", 2, 60), ("5.13", 2, 80),
                                             ("5.13", 4, 100), ("5.12", 2, 60)])
def test_fork_lists_split_at_a_charge_equal_the_walk(monkeypatch, design, cpus, base):
    """5.12: the walk's statistics updates remembered in order and made again
    (``PercpuBatchStats.mod_seq``)."""
    remembered = _lifecycles(design, cpus, base, 40)
    monkeypatch.setattr(slab_mod, "SPECS_MEMO_MAX", 0)      # nothing remembered
    walked = _lifecycles(design, cpus, base, 40)
    assert remembered[:3] == walked[:3]
    assert remembered[0]            # forks failed, some at a remembered split
    assert remembered[3] and not walked[3]


M = R + "/memory"
KMEM_FILES = ("memory.kmem.usage_in_bytes", "memory.kmem.max_usage_in_bytes",
              "memory.kmem.failcnt", "memory.usage_in_bytes", "memory.stat")


def _v1_lifecycles(design: str, cpus: int, base: int, n: int) -> tuple:
    """:func:`_lifecycles` on cgroup v1 under ``memory.kmem.limit_in_bytes`` (the v1
    kmem counter, ``memcg->kmem``, charged beside each page the walk charges): each
    cgroup's kmem usage, watermark and failcnt read before its removal, then the
    forks' remembered lists (whole, split, resumed)."""
    k = Kernel(design=design, cgroup="v1", nr_cpus=cpus)
    mgr = k.spawn("bash")
    failed, files = [], []
    for life in range(n):
        d = f"{M}/c{life}"
        k.mkdir(d, mgr)
        k.write(d + "/memory.kmem.limit_in_bytes", f"{(base + life % 11 * 3) * 4096}\n", mgr)
        init = k.fork(mgr)
        k.write(d + "/cgroup.procs", f"{init.pid}\n", mgr)
        kids = [init]
        for i in range(12):
            try:
                kids.append(k.fork(init))
            except OSError as e:
                failed.append((life, i, e.errno))
                break
        k.exec(kids[-1], "/bin/sleep", ["sleep", "1"])
        files.append(tuple(k.read(f"{d}/{f}", mgr) for f in KMEM_FILES))
        for t in reversed(kids):
            k.exit(t)
            k.reap(t)
        k.rmdir(d, mgr)
    reads = tuple(k.read(p, mgr) for p in ("/proc/meminfo", "/proc/vmstat", "/proc/slabinfo",
                                           "/proc/cgroups"))
    reads += tuple(k.read(f"{M}/{f}", mgr) for f in KMEM_FILES)
    stocks = [(s.cached.id if s.cached else None, s.nr_pages,
               s.cached_objcg is not None, s.nr_bytes) for s in k.memcg.stocks]
    stocks.append(_stats(k))
    specs = list(k.procs._fork_specs.values())
    memos = tuple(sum(len(getattr(s, a)) for s in specs) for a in ("charges", "splits", "resumes"))
    return failed, files, reads, stocks, memos


@pytest.mark.parametrize("design,cpus,base", [("5.13", 2, 40), ("5.13", 4, 60),
                                             ("5.13", 2, 200), ("5.12", 2, 40),
                                             ("5.10", 2, 200)])
def test_v1_kmem_counter_of_remembered_lists_equals_the_walk(monkeypatch, design, cpus,
                                                             base):
    """The v1 kmem counter's charges and uncharges of a remembered list made at once
    (``MemoryController.kmem_v1_run``: usage, watermark; refused where the limit
    would fail on the way, 5.13's ``kmem_limit_enforced``, and walked) leave every
    counter and file as the walk does (base 200: lists split at a real charge and
    resumed too)."""
    remembered = _v1_lifecycles(design, cpus, base, 30)
    monkeypatch.setattr(slab_mod, "SPECS_MEMO_MAX", 0)      # nothing remembered
    walked = _v1_lifecycles(design, cpus, base, 30)
    assert remembered[:4] == walked[:4]
    assert remembered[4][0] and not any(walked[4])
    assert remembered[0]            # the kmem limit failed forks (-ENOMEM)


@pytest.mark.parametrize("seed", range(6))
def test_charge_run_equals_the_steps(seed):
    """``PageCounter.charge_run(net, peak)`` of a run of charges and uncharges (a
    remembered walk's v1 kmem pages: charged pages, then a drain's uncharge...) leaves
    every level's usage and watermark as the steps one by one do, protection too."""
    import random

    from memcgsim.kernel.page_counter import PageCounter
    rnd = random.Random(seed)

    def chain():
        top = PageCounter()
        mid = PageCounter(top)
        leaf = PageCounter(mid)
        top.charge(rnd.randrange(50))
        mid.charge(rnd.randrange(30))
        leaf.charge(rnd.randrange(20))
        return [leaf, mid, top]

    state = rnd.getstate()
    stepped = chain()
    rnd.setstate(state)
    run = chain()
    stepped[1].set_low(25)
    run[1].set_low(25)
    steps = [rnd.choice((1, 2, 3, -1, -4)) for _ in range(12)]
    net = peak = 0
    for s in steps:
        if s > 0:
            stepped[0].charge(s)
        elif stepped[0].usage + s >= 0:
            stepped[0].uncharge(-s)
        else:
            continue
        net += s
        peak = max(peak, net)
    run[0].charge_run(net, peak)
    assert [(c.usage, c.watermark, c.low_usage) for c in run] == \
        [(c.usage, c.watermark, c.low_usage) for c in stepped]
    assert any(c.watermark > c.usage for c in run) or peak == net
