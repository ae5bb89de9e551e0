"""Which wholly free per-CPU chunk ``pcpu_balance_free`` keeps (kernel/percpu.py):
the one emptied last, as tools/sizes/pcpu-chunks-trace.sh showed on 5.10."""
import pytest

from memcgsim import Kernel

R = "/sys/fs/cgroup"


def _made_and_removed(design: str, cpus: int, n: int = 100):
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, init="busybox", debug=False)
    sh = k.spawn("bash")
    k.write(f"{R}/cgroup.subtree_control", "+memory", sh)
    pc = k.percpu
    before = pc.nr_populated
    for i in range(n):
        k.mkdir(f"{R}/g{i}", sh)
    made = [(c, c.used) for c in pc.chunks if not c.first]
    populated = pc.nr_populated - before
    for i in range(n):
        k.rmdir(f"{R}/g{i}", sh)
    k.advance(3.0)
    return pc, made, populated, pc.nr_populated - before


def test_1000_cgroups_removed_keep_the_chunk_emptied_last():
    """cgroup-cost-1cpu's 5.10 guest kept 991 bytes of Percpu per child after the
    rmdirs: the chunk emptied last, not the older wholly free one."""
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=1, init="busybox")
    sh = k.spawn("bash")
    k.write(f"{R}/cgroup.subtree_control", "+memory", sh)
    k.mkdir(f"{R}/p", sh)
    k.write(f"{R}/p/cgroup.subtree_control", "+memory", sh)
    pc = k.percpu
    before = pc.populated_bytes()
    for i in range(1000):
        k.mkdir(f"{R}/p/c{i}", sh)
    last = pc.memcg_chunks[-1]
    for i in range(1000):
        k.rmdir(f"{R}/p/c{i}", sh)
    k.advance(3.0)
    assert last in pc.memcg_chunks
    assert (pc.populated_bytes() - before) // 1000 == 991


@pytest.mark.parametrize("design,cpus", [("5.10", 2), ("6.1", 8)])
def test_cgroups_that_fit_one_chunk_leave_it_populated(design, cpus):
    pc, made, populated, kept = _made_and_removed(design, cpus)
    assert kept == populated > 0


def test_a_chunk_emptied_while_another_is_free_destroys_the_other():
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=8, init="busybox")
    pc = k.percpu
    a = pc.pcpu_alloc(pc.unit_size, 4)          # fills a new chunk
    b = pc.pcpu_alloc(pc.unit_size, 4)          # and a second one
    ca, cb = a[0], b[0]
    assert ca is not cb and not ca.boot and not cb.boot
    pc.free_percpu(cb, b[1], pc.unit_size)      # cb wholly free, the only one
    assert cb in pc.chunks
    pc.free_percpu(ca, a[1], pc.unit_size)      # ca emptied last: cb goes
    assert ca in pc.chunks and cb not in pc.chunks
