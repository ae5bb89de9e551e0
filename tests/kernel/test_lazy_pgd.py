"""An exited task's PGD goes with its mm at the last ``mmdrop``: when the next user
task is switched in on the CPU it exited on (kernel/fork.py ``LazyMm``); until then
5.10's PGD pages hold their memcg, and a PGD refilled after its memcg's offline keeps
the removed memcg in that CPU's stock (docs/fidelity.md item 215)."""
from memcgsim import Kernel

R = "/sys/fs/cgroup"


def _exited(design: str):
    """A sleep in a exits on the CPU the shell does not run on, and is reaped."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0, debug=True)
    sh = k.spawn("bash")
    k.write(f"{R}/cgroup.subtree_control", "+memory", sh)
    for name in ("a", "b"):
        k.mkdir(f"{R}/{name}", sh)
    t = k.fork(sh)
    k.write(f"{R}/a/cgroup.procs", str(t.pid), t)
    k.exec(t, "/bin/sleep", ["sleep", "3600"])
    memcg = k.task_memcg(t)
    assert t.cpu != sh.cpu
    k.exit(t)
    k.reap(t)
    return k, sh, t.cpu, memcg


def _dying(k) -> int:
    return k.memory_root.cgrp.nr_dying_descendants


def _charge_b_on(k, sh, cpu: int) -> None:
    """A task of b charges a page on ``cpu`` (its stock refilled for b)."""
    t = k.fork(sh)
    k.write(f"{R}/b/cgroup.procs", str(t.pid), t)
    k.sched.sched_setaffinity(t, {cpu})
    k.alloc_anon(t, 4096)


def test_the_pgd_stays_with_the_idle_cpus_lazy_mm():
    k, sh, cpu, a = _exited("6.1")
    lazy = k.procs.lazy_mm[cpu]
    assert lazy is not None and len(lazy.pgd) == 2
    assert all(k.mem_map.memcg_data[p] for p in lazy.pgd)      # still charged
    k.procs.finish_task_switch(cpu)
    assert k.procs.lazy_mm[cpu] is None
    assert not any(k.mem_map.memcg_data[p] for p in lazy.pgd)


def test_5_10_a_removed_memcg_is_held_by_the_pgd_then_by_the_stock():
    """5.10: the PGD's pages hold a css reference each (``__memcg_kmem_charge_page``);
    the offline's ``drain_all_stock`` finds nothing of a in the stocks; the PGD's
    refill at the next switch-in caches a in that CPU's stock (``refill_stock``'s
    css_get), which holds it until a charge of b there drains it (as traced on the
    5.10 guest at 8 CPUs: novel-host-lifecycle's ctr2)."""
    k, sh, cpu, a = _exited("5.10")
    k.rmdir(f"{R}/a", sh)
    k.advance(1.0)
    assert _dying(k) == 1
    k.procs.finish_task_switch(cpu)
    stock = k.memcg.stocks[cpu]
    assert stock.cached is a and stock.nr_pages == 2
    k.advance(1.0)
    assert _dying(k) == 1
    _charge_b_on(k, sh, cpu)
    assert stock.cached is not a
    k.advance(1.0)
    assert _dying(k) == 0


def test_6_1_the_pgd_follows_its_reparented_objcg():
    """6.1: the PGD's pages point at a's obj_cgroup, reparented at the offline, so a
    goes at its rmdir and the PGD's refill goes to the root's stock."""
    k, sh, cpu, a = _exited("6.1")
    k.rmdir(f"{R}/a", sh)
    k.advance(1.0)
    assert _dying(k) == 0
    k.procs.finish_task_switch(cpu)
    assert k.memcg.stocks[cpu].cached is k.memcg.root_mem_cgroup
