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
    splits = sum(len(s.splits) for s in k.procs._fork_specs.values())
    return failed, reads, stocks, splits


@pytest.mark.parametrize("cpus,base", [(2, 60), (2, 80), (4, 100)])
def test_fork_lists_split_at_a_charge_equal_the_walk(monkeypatch, cpus, base):
    remembered = _lifecycles("5.13", cpus, base, 40)
    monkeypatch.setattr(slab_mod, "SPECS_MEMO_MAX", 0)      # nothing remembered
    walked = _lifecycles("5.13", cpus, base, 40)
    assert remembered[:3] == walked[:3]
    assert remembered[0]            # forks failed, some at a remembered split
    assert remembered[3] and not walked[3]
