"""A cgroup.procs write's ``percpu_down_write`` of ``cgroup_threadgroup_rwsem``:
6.1's waits an RCU grace period when the rwsem's rcu_sync is idle, 5.10's never
(kernel/rcu_sync.py); a child queued behind the writer on its CPU runs meanwhile
(docs/fidelity.md item 237; tests/conformance case fork-move-order)."""
import copy
from pathlib import Path

import pytest

import memcgsim
from memcgsim import Kernel
from memcgsim.kernel import clock as kclock
from memcgsim.kernel.fork import ATTACH_COST_NS
from memcgsim.kernel.rcu_sync import GP_EXIT, GP_IDLE, GP_PASSED, GP_REPLAY

R = "/sys/fs/cgroup"


def _rcu_wait(clock, t: int) -> int:
    """How long a ``synchronize_rcu`` at ``t`` waits: until a callback queued then
    would run (``Clock.rcu_due``, tree RCU's rule: tests/kernel/test_clock.py),
    asked of a copy of the clock."""
    c = copy.copy(clock)
    c.now_ns = t
    return c.rcu_due() - t


def _due(clock) -> int:
    """When the callbacks of the last grace period asked for run."""
    j = kclock.RCU_TICK_NS
    return (clock.gp_end // j + 1) * j


def _write_ns(k, sh, path: str) -> int:
    """How long a write of the shell's pid to ``path`` takes on the model's clock."""
    t0 = k.clock.now_ns
    k.write(path, f"{sh.pid}\n", sh)
    return k.clock.now_ns - t0


@pytest.mark.parametrize("design, waits", [("6.1", True), ("5.10", False)])
def test_the_first_write_after_a_pause_waits_a_grace_period(design, waits):
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    k.mkdir(f"{R}/a", sh)
    k.advance(0.1)
    wait = _rcu_wait(k.clock, k.clock.now_ns)
    assert kclock.RCU_TICK_NS + kclock.RCU_GP_NS < wait <= 2 * kclock.RCU_TICK_NS + kclock.RCU_GP_NS
    first = _write_ns(k, sh, f"{R}/a/cgroup.procs")
    assert first == ATTACH_COST_NS + (wait if waits else 0)
    # the next one within a grace period of the first's exit: its callback pending
    second = _write_ns(k, sh, f"{R}/cgroup.procs")
    assert second == ATTACH_COST_NS
    # rcu_sync_func at a grace period after the last exit: idle again on 6.1
    k.advance(0.01)
    assert k.threadgroup_rwsem.gp_state == (GP_IDLE if waits else GP_PASSED)
    assert k.threadgroup_rwsem.gp_count == (0 if waits else 1)


def test_writes_while_the_exit_callback_is_pending():
    """A writer inside when ``rcu_sync_func`` runs keeps it passed; one that enters
    and leaves before it (a failed write: no move) has it queued once more."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    k.mkdir(f"{R}/a", sh)
    rss = k.threadgroup_rwsem
    k.write(f"{R}/a/cgroup.procs", f"{sh.pid}\n", sh)
    assert rss.gp_state == GP_EXIT
    # a move under way when the callback is due (it starts half a move before): the
    # callback finds it inside (GP_PASSED), its exit queues a new one
    k.advance((_due(k.clock) - ATTACH_COST_NS // 2 - k.clock.now_ns) / 1e9)
    assert _write_ns(k, sh, f"{R}/cgroup.procs") == ATTACH_COST_NS
    assert rss.gp_state == GP_EXIT
    due = _due(k.clock)
    with pytest.raises(OSError):
        k.write(f"{R}/a/cgroup.procs", "99999\n", sh)      # ESRCH, at once
    assert rss.gp_state == GP_REPLAY
    k.advance((due - 1 - k.clock.now_ns) / 1e9)
    assert rss.gp_state == GP_REPLAY
    k.advance(1 / 1e9)
    assert rss.gp_state == GP_EXIT          # the callback queued once more
    k.advance((_due(k.clock) - k.clock.now_ns) / 1e9)
    assert rss.gp_state == GP_IDLE


def test_a_failed_write_releases_the_lock():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    k.mkdir(f"{R}/a", sh)
    t0 = k.clock.now_ns
    wait = _rcu_wait(k.clock, t0)
    with pytest.raises(OSError):
        k.write(f"{R}/a/cgroup.procs", "99999\n", sh)      # ESRCH after the wait
    assert k.clock.now_ns - t0 == wait
    assert k.threadgroup_rwsem.gp_count == 0
    assert k.threadgroup_rwsem.gp_state == GP_EXIT


SCRIPT = """echo +memory > /sys/fs/cgroup/cgroup.subtree_control
mkdir /sys/fs/cgroup/c
sleep 0.2
sleep 3600 & echo $! > /sys/fs/cgroup/c/cgroup.procs
cat /sys/fs/cgroup/c/memory.current
kill $!
"""


@pytest.mark.parametrize("cpus", [1, 2])
def test_the_background_child_execs_in_the_wait_on_61(cpus, tmp_path: Path):
    """6.1: the sleep's execve comes while its parent waits in the write, so its
    pages are the root's and c reads 0; 5.10's parent moves it first."""
    f = tmp_path / "order.sh"
    f.write_text(SCRIPT)
    new = memcgsim.run(f, kernel="6.1", cgroup="v2", cpus=cpus)
    old = memcgsim.run(f, kernel="5.10", cgroup="v2", cpus=cpus)
    assert new.stdout == "0\n"
    assert int(old.stdout) > 0
