"""cgroup v1 mechanisms found by the session-9 conformance cases (docs/fidelity.md
item 17): the kmem limit per kernel and reclaim's SWAP_CLUSTER_MAX batch."""
import pytest

import memcgsim

M = "/sys/fs/cgroup/memory"
KMEM = f"""
cd {M}; mkdir km; echo 256K > km/memory.kmem.limit_in_bytes
mkdir /mnt/disk/work/km
(echo $BASHPID > km/cgroup.procs
 for ((i = 0; i < 500; i++)); do : > /mnt/disk/work/km/f$i || break; done 2>/dev/null
 echo "created $i")
cat km/memory.kmem.limit_in_bytes km/memory.kmem.failcnt
dmesg | grep -c 'kmem.limit_in_bytes is deprecated'
"""


@pytest.mark.parametrize("kernel,created,limit,failcnt", [
    ("5.10", None, "262144", True), ("6.1", 500, "9223372036854771712", False)])
def test_kmem_limit_per_kernel(kernel, created, limit, failcnt):
    r = memcgsim.run(KMEM, kernel=kernel, cgroup="v1", init="busybox")
    out = r.stdout.split()
    n = int(out[1])
    if created is None:
        assert 100 < n < 200        # 5.10: ENOMEM once the kmem counter is full
    else:
        assert n == created         # 6.1: the write is ignored
    assert out[2] == limit
    assert (int(out[3]) > 0) is failcnt
    assert out[4] == "1"            # the one-time warning, on both


def test_limit_reclaim_frees_a_cluster():
    """A page-cache charge at a full limit reclaims SWAP_CLUSTER_MAX pages at a time
    (``try_to_free_mem_cgroup_pages``' least ``nr_to_reclaim``), not the one page
    it needs."""
    from memcgsim.kernel.vmstat import PGSTEAL
    r = memcgsim.run(f"""
dd if=/dev/zero of=/mnt/disk/work/big bs=64k count=64 2>/dev/null
sync; echo 3 > /proc/sys/vm/drop_caches
cd {M}; mkdir lim; echo 1M > lim/memory.limit_in_bytes
(echo $BASHPID > lim/cgroup.procs; cat /mnt/disk/work/big > /dev/null)
""", kernel="6.1", cgroup="v1", init="busybox")
    k = r.kernel
    m = next(m for m in k.memcg.idr.values() if m.cgroup.path == "/lim")
    k.memcg.flush_stats()
    # 4 MiB read through a 1 MiB limit: 768 pages or more stolen, by a few dozen
    # reclaims (one per page charged before)
    assert m.stats.local[PGSTEAL] >= 768
    assert k.vmscan.reclaim_passes <= 40
