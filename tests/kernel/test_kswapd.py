"""A host's RAM (``--mem``), its zone watermarks and global reclaim (kswapd, direct
reclaim below min): docs/fidelity.md item 65."""
import pytest

from memcgsim import Kernel
from memcgsim.kernel.page_alloc import PG_FILE
from memcgsim.kernel.sizes.hostmem import SWIOTLB_PAGES, HostMem, parse_mem
from memcgsim.shell import run_script

#: calibration/recordings/host-mem-wmarks--{5.10,6.1}-{256M,320M,1G,2G}.txt: MemTotal,
#: min_free_kbytes, then per zone (DMA, DMA32) managed, min, low, high, protection
RECORDED = {
    ("5.10", "256M"): (214432, 1791, [(3977, 35, 43, 51, 193), (49631, 411, 513, 615, 0)]),
    ("5.10", "320M"): (277536, 2053, [(3977, 30, 37, 44, 255), (65407, 482, 602, 722, 0)]),
    ("5.10", "1G"): (987424, 45056, [(3977, 184, 230, 276, 948),
                                     (242879, 11079, 13848, 16617, 0)]),
    ("6.1", "256M"): (208472, 1759, [(3840, 34, 42, 50, 188), (48278, 404, 505, 606, 0)]),
    ("6.1", "320M"): (271576, 2026, [(3840, 30, 37, 44, 250), (64054, 475, 593, 711, 0)]),
    ("6.1", "1G"): (981464, 45056, [(3840, 179, 223, 267, 943),
                                    (241526, 11084, 13855, 16626, 0)]),
    ("5.10", "2G"): (2018080, 45056, [(3977, 89, 111, 133, 1955),
                                      (500543, 11174, 13967, 16760, 0)]),
    ("6.1", "2G"): (2012120, 45056, [(3840, 86, 107, 128, 1949),
                                     (499190, 11177, 13971, 16765, 0)]),
}


@pytest.mark.parametrize("release,mem", sorted(RECORDED))
def test_zones_and_watermarks_are_the_recorded_guests(release, mem):
    total, mfk, zones = RECORDED[release, mem]
    hm = HostMem.boot(release, parse_mem(mem))
    assert hm.totalram_pages * 4 == total
    assert hm.min_free_kbytes == mfk
    assert [(z.managed, z.wmark_min, z.wmark_low, z.wmark_high, z.protection)
            for z in hm.zones] == zones


@pytest.mark.parametrize("release,total", [("5.10", 4013472), ("6.1", 4007120)])
def test_a_4g_guest_reserves_the_swiotlb_buffer(release, total):
    """calibration/recordings/host-mem-wmarks--*-4G.txt: MemTotal exact (the 1..2 GiB
    slope would leave 64 MiB more), khugepaged's min_free_kbytes for three zones;
    the zones' split is KASLR's (the kernel image's physical place), not exact."""
    hm = HostMem.boot(release, parse_mem("4G"))
    assert hm.totalram_pages * 4 == total
    assert hm.min_free_kbytes == 67584
    assert [z.name for z in hm.zones] == ["DMA", "DMA32", "Normal"]
    below = HostMem.boot(release, parse_mem("3G"))     # all of it below 4 GiB
    grown = (1 << 18) - hm.totalram_pages + below.totalram_pages  # reserved, 3 -> 4 GiB
    assert SWIOTLB_PAGES < grown < SWIOTLB_PAGES + 6000


def test_a_large_host_has_a_normal_zone_and_thp_recommendation():
    """64 GiB: three zones, khugepaged's min_free_kbytes (11 pageblocks a zone)."""
    hm = HostMem.boot("6.1", parse_mem("64G"))
    assert [z.name for z in hm.zones] == ["DMA", "DMA32", "Normal"]
    assert hm.min_free_kbytes == 512 * 3 * 11 * 4
    assert hm.wmark("min") < hm.wmark("low") < hm.wmark("high")


@pytest.mark.parametrize("bad", ["12Q", "1", "-1G", "65T", ""])
def test_bad_sizes_are_refused(bad):
    with pytest.raises(ValueError):
        parse_mem(bad)


def test_default_meminfo_is_the_recorded_guests():
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    assert k.hostmem.mem_bytes == 1 << 30
    assert k.vmscan.boot_free == 930432 // 4       # kernel/sizes/boot.py's MemFree


def test_meminfo_follows_mem():
    k = Kernel(design="5.10", cgroup="v2", init="busybox", mem="256M")
    mi = {l.split(":")[0]: int(l.split()[1]) for l in k.read("/proc/meminfo", k.init).splitlines()}
    assert mi["MemTotal"] == 214432
    assert 180000 < mi["MemFree"] <= 182732 + 248     # the probe's, less the model's boot
    assert k.totalram_pages == 214432 // 4


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_sysctls_refuse_out_of_range_and_set_watermarks(design):
    """calibration/recordings/vm-wmark-sysctls--*.txt: 1..3000 and 0.. accepted, the
    DMA32 watermarks a write sets computed from today's managed pages."""
    k = Kernel(design=design, cgroup="v2", init="busybox")
    dma32 = k.hostmem.zones[1]
    res = run_script(k, """
for v in 0 1 1000 3000 3001 -1 x; do echo $v 2>/dev/null > /proc/sys/vm/watermark_scale_factor; echo "$v $? $(cat /proc/sys/vm/watermark_scale_factor)"; done
echo 10 > /proc/sys/vm/watermark_scale_factor
for v in -1 x 0 8192; do echo $v 2>/dev/null > /proc/sys/vm/min_free_kbytes; echo "$v $? $(cat /proc/sys/vm/min_free_kbytes)"; done
""", "t.sh")
    assert res.stdout.split("\n")[:11] == [
        "0 1 10", "1 0 1", "1000 0 1000", "3000 0 3000", "3001 1 3000", "-1 1 3000",
        "x 1 3000", "-1 1 45056", "x 1 45056", "0 0 0", "8192 0 8192"]
    assert (dma32.wmark_min, dma32.wmark_low, dma32.wmark_high) == (2015, 2518, 3021)
    k.hostmem.set_watermark_scale_factor(1000)
    k.hostmem.set_min_free_kbytes(45056)
    assert (dma32.wmark_min, dma32.wmark_low, dma32.wmark_high) == {
        "5.10": (11082, 35369, 59656), "6.1": (11087, 35239, 59391)}[design]


KSWAPD_SCRIPT = """
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/p; echo +memory > $C/p/cgroup.subtree_control
for i in 1 2; do
  mkdir $C/p/c$i; echo $$ > $C/p/c$i/cgroup.procs
  truncate -s 16M f$i; cat f$i > /dev/null
  echo $$ > $C/cgroup.procs; rmdir $C/p/c$i
done
mkdir $C/p/r; echo $$ > $C/p/r/cgroup.procs
truncate -s 72M g; cat g > /dev/null
echo $$ > $C/cgroup.procs
"""


def _vmstat(k):
    return {n: int(v) for n, v in (l.split() for l in k.read("/proc/vmstat", k.init).splitlines())}


def test_kswapd_reclaims_dying_memcgs_to_the_high_watermark():
    """Reading past what a 128 MiB host has free wakes kswapd at the low watermark:
    it takes page cache from every memcg, the dying ones included (their charges
    fall), and stops above the high watermark; the counters are kswapd's."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", mem="128M")
    run_script(k, KSWAPD_SCRIPT, "t.sh")
    vm = _vmstat(k)
    dying = list(k.memcg.dying_memcgs())
    assert len(dying) == 2
    assert all(m.memory.usage < 16 * 256 for m in dying)
    assert vm["pgsteal_kswapd"] > 5000 and vm["pageoutrun"] > 1
    assert vm["pgsteal_kswapd"] == vm["pgsteal_file"]
    assert vm["pgscan_direct"] == vm["allocstall_movable"] == 0
    assert k.vmscan.nr_free_pages() >= k.hostmem.wmark("min")
    stat = k.read("/sys/fs/cgroup/p/memory.stat", k.init)
    got = {l.split()[0]: int(l.split()[1]) for l in stat.splitlines()}
    assert got["pgsteal_kswapd"] == got["pgsteal"] > 0 and got["pgsteal_direct"] == 0


def test_direct_reclaim_when_kswapd_gave_up():
    """kswapd_failures at MAX_RECLAIM_RETRIES: no wake-up, the allocating task
    reclaims below the min watermark (ALLOCSTALL_MOVABLE for page cache); its
    progress resets the failures (``shrink_node``), and kswapd is woken again."""
    k = Kernel(design="5.10", cgroup="v2", init="busybox", mem="128M")
    k.vmscan.kswapd_failures = 16
    run_script(k, KSWAPD_SCRIPT, "t.sh")
    vm = _vmstat(k)
    assert vm["allocstall_movable"] == 1
    assert 0 < vm["pgsteal_direct"] < 2 * 32 < vm["pgsteal_kswapd"]
    assert k.vmscan.kswapd_failures == 0


def test_the_guests_size_never_reaches_the_watermark_in_a_small_run():
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    run_script(k, "truncate -s 8M f; cat f > /dev/null", "t.sh")
    vm = _vmstat(k)
    assert vm["pageoutrun"] == vm["pgscan_kswapd"] == vm["allocstall_movable"] == 0


def test_a_workloads_mem_sizes_the_churn_host():
    """``churn --mem`` is the workload's ``mem``: stored only when set, so the
    parameters of runs without it are unchanged."""
    from memcgsim.workload.engine import Engine
    from memcgsim.workload.spec import Workload
    wl = Workload.from_dict({"hours": 0.01})
    assert "mem" not in wl.to_dict()
    wl = Workload.from_dict({"hours": 0.01, "mem": "320M"})
    assert wl.to_dict()["mem"] == "320M"
    k = Engine(wl, "5.10").k
    assert k.hostmem.totalram_pages * 4 == 277536       # the 5.10 guest's at 320 MiB
    with pytest.raises(ValueError, match="workload: mem"):
        Workload.from_dict({"mem": "64X"})


def test_dirty_pages_found_by_reclaim_are_activated_once():
    """``shrink_page_list``: a dirty file page reclaim finds is kept (only kswapd
    writes, and not on a first encounter) and activated (``activate_locked``,
    PGACTIVATE): later passes do not scan it again. Before, each of kswapd's
    passes rescanned every dirty page (48 MiB dirty then a 160 MiB read on a
    256 MiB 6.1 host: pgscan_kswapd 1,105,192 for 11,471 pages stolen; now
    23,993: the 12,288 dirty pages once). The 8 MiB written here pass the 128 MiB
    host's background threshold (1,136 pages): the flusher writes one chunk
    (writeback_chunk_size: 1,024 pages), which reclaim takes, and the 1,024 left
    dirty are activated, PG_reclaim: rotated to the inactive tail once written."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox", mem="128M")
    run_script(k, """
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/w $C/r
echo $$ > $C/w/cgroup.procs
dd if=/dev/zero of=f bs=1M count=8 2>/dev/null
echo $$ > $C/r/cgroup.procs
truncate -s 80M g; cat g > /dev/null
echo $$ > $C/cgroup.procs
""", "t.sh")
    stat = k.read("/sys/fs/cgroup/w/memory.stat", k.init)
    got = {l.split()[0]: int(l.split()[1]) for l in stat.splitlines()}
    assert got["pgactivate"] == 1024
    # the chunk the flusher wrote is clean: reclaimed, then some of the rotated
    # ones (1,151 in all); the dirty ones scanned once
    assert got["pgsteal"] > 1024 and got["pgscan"] - got["pgsteal"] <= 1024 + 32
    vm = _vmstat(k)
    assert vm["pgsteal_kswapd"] > 0
    assert vm["pgscan_kswapd"] - vm["pgsteal_kswapd"] <= 1024 + 32
    # each was PG_reclaim (NR_VMSCAN_IMMEDIATE); the flusher reclaim woke wrote them,
    # and end_page_writeback rotated them to the inactive list's tail (PGROTATED)
    assert vm["nr_vmscan_immediate_reclaim"] == 1024 and vm["pgrotated"] == 1024
    assert vm["nr_dirty"] == 0 and got["active_file"] < 1024 * 4096
    # the rotated pages are the first reclaim takes from w
    w = next(c for c in k.all_cgroups if c.path == "/w").subsys["memory"]
    assert k.mem_map.kind[next(iter(w.lru_file))] == PG_FILE
