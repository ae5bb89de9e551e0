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


def test_5_10_at_8_cpus_keeps_the_chunk_the_cgroups_spilled_into():
    pc, made, populated, kept = _made_and_removed("5.10", 8)
    assert populated == 75                      # 2400 kB at 8 CPUs, as the guest
    # the guest: 262144 bytes, then 45628 in a new chunk and 628 in the first chunk's holes
    assert [used for _, used in made] == [262144, 45628 + 628]
    (first, _), (spilled, _) = made
    assert first not in pc.chunks and spilled in pc.chunks
    assert kept == 75 - 64 == 11                # 352 kB, as the guest


@pytest.mark.parametrize("design,cpus", [("5.10", 2), ("6.1", 8)])
def test_cgroups_that_fit_one_chunk_leave_it_populated(design, cpus):
    pc, made, populated, kept = _made_and_removed(design, cpus)
    assert kept == populated > 0


def test_a_chunk_emptied_while_another_is_free_destroys_the_other():
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=8, init="busybox")
    pc = k.percpu
    a = pc.pcpu_alloc(pc.unit_size, 4)          # fills a chunk
    b = pc.pcpu_alloc(64, 4)                    # a second chunk
    ca, cb = a[0], b[0]
    assert ca is not cb
    pc.free_percpu(cb, b[1], 64)                # cb wholly free, the only one
    assert cb in pc.chunks
    pc.free_percpu(ca, a[1], pc.unit_size)      # ca emptied last: cb goes
    assert ca in pc.chunks and cb not in pc.chunks
