"""kernel/sched.py: placement, affinity, and when a forked child first runs."""
import pytest

from memcgsim import Kernel


def test_child_goes_to_another_cpu_unless_affinity_forbids():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=4, seed=0)
    sh = k.spawn("bash")
    assert k.fork(sh).cpu != sh.cpu
    k.sched_setaffinity(sh, {2})
    assert sh.cpu == 2
    child = k.fork(sh)
    assert child.cpu == 2 and child.cpus_allowed == frozenset({2})
    k.sched_setaffinity(sh, range(4))
    assert sh.cpus_allowed is None and k.sched_getaffinity(sh) == [0, 1, 2, 3]


def test_affinity_outside_the_machine_is_einval():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    with pytest.raises(OSError) as e:
        k.sched_setaffinity(sh, {5})
    assert e.value.errno == 22
    assert sh.cpus_allowed is None


def delays(seed, nr_cpus=2, pace=1.0):
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=nr_cpus, seed=seed, pace=pace)
    sh = k.spawn("bash")
    return [k.wake_up_new_task(sh, k.fork(sh)) for _ in range(20)]


def test_start_delay_is_seeded_and_scaled_by_pace():
    assert delays(1) == delays(1)
    assert delays(1) != delays(2)
    assert all(d > 0 for d in delays(3))
    assert delays(4, pace=3.0) == pytest.approx([3 * d for d in delays(4)])
    # sharing the parent's CPU, the child waits for the parent's slice
    assert sum(delays(5, nr_cpus=1)) > sum(delays(5))
