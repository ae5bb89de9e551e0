"""6.1's maple-tree node frees through RCU at each exec (design switch
``mm_mt_rcu_frees``, kernel/fork.py ``Processes.mt_free_rcus``, docs/fidelity.md item
315; off by default: ``fork.MT_FREE_RCU``): the image's mapping queues them at the
exec, freed a grace period later; 5.10's rb-tree none."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel import fork


@pytest.mark.parametrize("design, n", [("5.10", 0), ("6.1", 1)])
def test_an_exec_frees_maple_nodes_a_grace_period_later(monkeypatch, design, n):
    monkeypatch.setattr(fork, "MT_FREE_RCU", True)
    ran: list[int] = []
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    sh = k.spawn("bash")
    child = k.fork(sh)
    k.advance(0.01)                 # the shell's own exec's frees are over
    monkeypatch.setattr(fork, "_mt_free_rcu", lambda: ran.append(k.clock.now_ns))
    k.exec(child, "/bin/true")
    done = k.clock.now_ns
    k.advance(0.01)
    assert len(ran) == n
    if n:
        assert done < ran[0] < done + 3_000_000


def test_off_by_default_an_exec_queues_none():
    """The switches of items 314 and 315 are off: the model is session 38's."""
    from memcgsim.kernel import clock
    assert not fork.MT_FREE_RCU and not clock.RCU_GP_KTHREAD_PLACED
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    assert k.clock.gp_kthread_wake is None
