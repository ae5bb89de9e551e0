"""The RCU callbacks of a process's end queued where the kernel queues them
(docs/fidelity.md item 351; kernel/fork.py ``EXIT_RCU_FREES``, off by default): a reaped task's /proc dentries and inodes freed a grace
period after ``release_task`` on the reaper's CPU, 6.1's dead stack that finds its
CPU's cache full a grace period after the exit (design ``thread_stack_rcu``), a
pipe's last file; each asks for the grace period its callback waits."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel import clock, fork, pipe


@pytest.fixture(autouse=True)
def _exit_rcu_frees(request, monkeypatch):
    """The switch on for every test but the one of the default."""
    if "default" not in request.node.name:
        monkeypatch.setattr(fork, "EXIT_RCU_FREES", True)


def test_off_by_default_the_proc_objects_go_at_the_reap():
    """Off (the default): the model is main's, busybox's /proc objects freed at the
    reap, no grace period asked for by a pipe's close."""
    assert not fork.EXIT_RCU_FREES
    k, sh = _kernel()
    child = k.fork(sh)
    k.exec(child, "/bin/sleep", ["sleep", "100"])
    proc = child.proc
    k.exit(child)
    k.advance(0.01)
    k.reap(child)
    assert proc not in k.slab.held_objs


def _kernel(design: str = "6.1") -> tuple[Kernel, object]:
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    return k, k.spawn("bash")


def test_proc_dentries_go_a_grace_period_after_the_reap():
    """busybox's /proc/PID and /proc/PID/exe: live until the reap, then a grace
    period on (fs/dcache.c ``dentry_free`` → ``call_rcu(__d_free)``), not at once."""
    k, sh = _kernel()
    child = k.fork(sh)
    k.exec(child, "/bin/sleep", ["sleep", "100"])
    proc = child.proc
    assert proc is not None
    held = k.slab.held_objs
    k.exit(child)
    k.advance(0.01)
    k.reap(child)
    assert proc in held                  # queued, not freed
    reaped = k.clock.now_ns
    assert k.clock.gp_end > reaped       # it asked for a grace period
    k.advance(0.01)
    assert proc not in held
    assert child.proc is None and reaped < k.clock.now_ns


@pytest.mark.parametrize("design, rcu", [("5.10", False), ("6.1", True)])
def test_a_dead_stack_past_the_cache_goes_a_grace_period_later(monkeypatch, design, rcu):
    """Three exits on one CPU: two stacks fill its cache (``NR_CACHED_STACKS``), the
    third is freed at once on 5.10 (``vfree_atomic``), a grace period later on 6.1
    (``thread_stack_free_rcu``), unless a fork emptied a slot meanwhile."""
    k, sh = _kernel(design)
    assert k.design.thread_stack_rcu is rcu
    freed: list[int] = []
    vfree = fork.Processes._vfree_stack
    monkeypatch.setattr(fork.Processes, "_vfree_stack",
                        lambda self, pfns, cpu=None: (freed.append(k.clock.now_ns),
                                                     vfree(self, pfns, cpu)))
    kids = [k.fork(sh) for _ in range(3)]
    for c in kids:
        c.cpu = 0
    k.procs.stack_cache[0].clear()
    for c in kids:
        k.exit(c)
    t = k.clock.now_ns
    assert len(k.procs.stack_cache[0]) == 2
    if not rcu:
        assert len(freed) == 1 and freed[0] <= t
        return
    assert freed == []
    k.advance(0.01)
    assert len(freed) == 1 and t < freed[0] < t + 3_000_000


def test_a_pipes_last_close_asks_for_a_grace_period(monkeypatch):
    """``free_pipe_info`` at the last close queues the last file's
    ``file_free_rcu`` on the closing CPU (with RCU idle: a grace period starts)."""
    ran: list[int] = []
    monkeypatch.setattr(pipe, "_file_free_rcu", lambda: ran.append(1))
    k, sh = _kernel("5.10")
    k.advance(0.1)
    assert k.clock.gp_end < k.clock.now_ns
    p = k.pipes.alloc_pipe_info(sh)
    k.pipes.free_pipe_info(p, sh)
    assert k.clock.gp_end > k.clock.now_ns
    k.advance(0.01)
    assert ran == [1]


def test_constant_grace_period_still_works(monkeypatch):
    """``clock.RCU_GP_NS = None``: every callback 1.5 ms later, these too."""
    monkeypatch.setattr(clock, "RCU_GP_NS", None)
    k, sh = _kernel()
    child = k.fork(sh)
    k.exec(child, "/bin/sleep", ["sleep", "100"])
    proc = child.proc
    k.exit(child)
    k.reap(child)
    k.advance(0.0014)
    assert proc in k.slab.held_objs
    k.advance(0.0002)
    assert proc not in k.slab.held_objs
