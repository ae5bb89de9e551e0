"""The system-wide /proc files and the sysfs files (fs/procglobal.py, fs/sysfs.py)
against the kernel's formats and the model's own counters."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel
from memcgsim.fs.procglobal import ZONE_NAMES
from memcgsim.kernel.vmstat import PAGE_SIZE

R = "/sys/fs/cgroup"


def _setup(design="6.1", cpus=2, mem=None):
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, seed=0, mem=mem)
    sh = k.spawn("bash")
    return k, sh


def _zones(text: str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    cur = None
    for line in text.splitlines():
        w = line.split()
        if w[0] == "Node":
            cur = out.setdefault(w[3], {})
        elif w[:2] == ["pages", "free"]:
            cur["free"] = int(w[2])
        elif len(w) == 2 and w[1].isdigit() and not w[0].endswith(":"):
            cur.setdefault(w[0], int(w[1]))
    return out


def _vmstat(k, sh) -> dict[str, int]:
    return {ln.split()[0]: int(ln.split()[1]) for ln in k.read("/proc/vmstat", sh).splitlines()}


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_zoneinfo_zones_add_up_to_vmstat_and_hostmem(design):
    """Every zone of MAX_NR_ZONES listed; the populated ones' free pages sum to
    nr_free_pages, their watermarks and managed pages are hostmem's; 6.1's
    ``boost`` and ``cma`` lines, 5.10's zone ``nr_page_table_pages``."""
    k, sh = _setup(design)
    t = k.fork(sh)
    k.alloc_anon(t, 3000 * PAGE_SIZE)
    text = k.read("/proc/zoneinfo", sh)
    zones = _zones(text)
    vm = _vmstat(k, sh)
    assert list(zones) == list(ZONE_NAMES)
    assert zones["DMA"]["free"] + zones["DMA32"]["free"] == vm["nr_free_pages"]
    for z, hz in zip(("DMA", "DMA32"), k.hostmem.zones):
        assert (zones[z]["min"], zones[z]["low"], zones[z]["high"], zones[z]["managed"]) == (
            hz.wmark_min, hz.wmark_low, hz.wmark_high, hz.managed)
    assert zones["DMA32"]["nr_zone_active_anon"] + zones["DMA32"]["nr_zone_inactive_anon"] == (
        vm["nr_zone_active_anon"] + vm["nr_zone_inactive_anon"])
    assert ("boost" in zones["DMA32"]) == (design == "6.1") == ("cma" in zones["Normal"])
    assert ("nr_page_table_pages" in zones["DMA32"]) == (design == "5.10")
    assert text.count("    cpu: ") == 2 * k.nr_cpus


@pytest.mark.parametrize("pages", [0, 3000, 70000])
def test_buddyinfo_and_pagetypeinfo_hold_the_zones_free_pages(pages):
    """buddyinfo's blocks per order sum to each zone's free pages; pagetypeinfo's
    DMA32 rows to buddyinfo's counts, order by order."""
    k, sh = _setup()
    if pages:
        k.alloc_anon(k.fork(sh), pages * PAGE_SIZE)
    zones = _zones(k.read("/proc/zoneinfo", sh))
    buddy = {ln.split()[3]: [int(x) for x in ln.split()[4:]]
             for ln in k.read("/proc/buddyinfo", sh).splitlines()}
    for z, counts in buddy.items():
        assert len(counts) == 11 and sum(n << o for o, n in enumerate(counts)) == zones[z]["free"]
    rows = [ln for ln in k.read("/proc/pagetypeinfo", sh).splitlines()
            if ln.startswith("Node    0, zone    DMA32, type")]
    sums = [sum(int(r[44:].split()[o]) for r in rows) for o in range(11)]
    assert sums == buddy["DMA32"]


def test_node0_meminfo_is_meminfo_of_the_node():
    """``node_read_meminfo``: /proc/meminfo's values, MemUsed their difference,
    FilePages NR_FILE_PAGES; "Node 0 " then the label as the kernel pads it."""
    k, sh = _setup()
    node = {ln.split()[2].rstrip(":"): int(ln.split()[3])
            for ln in k.read("/sys/devices/system/node/node0/meminfo", sh).splitlines()}
    mi = {ln.split(":")[0]: int(ln.split(":")[1].split()[0])
          for ln in k.read("/proc/meminfo", sh).splitlines()}
    assert node["MemUsed"] == node["MemTotal"] - node["MemFree"]
    assert node["MemFree"] == mi["MemFree"] and node["AnonPages"] == mi["AnonPages"]
    assert node["FilePages"] == _vmstat(k, sh)["nr_file_pages"] * 4
    lines = k.read("/sys/devices/system/node/node0/meminfo", sh).splitlines()
    assert lines[0].startswith("Node 0 MemTotal:") and len(lines[0]) == len(
        "Node 0 MemTotal:         981464 kB")


@pytest.mark.parametrize("design,full", [("5.10", False), ("6.1", True)])
def test_pressure_files(design, full):
    """``psi_show``: zeros; cpu's "full" line from v5.13; a trigger is parsed:
    threshold 0 -EINVAL, a good one accepted."""
    k, sh = _setup(design)
    assert k.read("/proc/pressure/memory", sh).splitlines()[1].startswith("full avg10=0.00")
    assert ("full" in k.read("/proc/pressure/cpu", sh)) == full
    k.write("/proc/pressure/memory", "some 150000 1000000", sh)
    with pytest.raises(OSError) as e:
        k.write("/proc/pressure/io", "some 0 1000000", sh)
    assert e.value.errno == errno.EINVAL


def test_write_errors_and_sysctls():
    """proc_create'd files -EIO on write, read-only sysctls -EACCES at open,
    overcommit_memory 0..2 (-EINVAL beyond), kept and read back."""
    k, sh = _setup()
    for path, err in (("/proc/zoneinfo", errno.EIO), ("/proc/version", errno.EIO),
                      ("/proc/sys/fs/file-nr", errno.EACCES),
                      ("/proc/sys/kernel/osrelease", errno.EACCES),
                      ("/proc/sys/vm/overcommit_memory", errno.EINVAL)):
        with pytest.raises(OSError) as e:
            k.write(path, "3", sh)
        assert e.value.errno == err, path
    k.write("/proc/sys/vm/overcommit_memory", "2", sh)
    assert k.read("/proc/sys/vm/overcommit_memory", sh) == "2\n"
    assert k.read("/proc/sys/kernel/osrelease", sh) == k.design.uname + "\n"
    assert k.read("/proc/version", sh).split()[2] == k.design.uname


@pytest.mark.parametrize("cpus,mask", [(1, "0"), (2, "0-1"), (4, "0-3")])
def test_cpu_masks_and_interrupt_columns_follow_the_cpus(cpus, mask):
    k, sh = _setup(cpus=cpus)
    for f in ("online", "possible", "present"):
        assert k.read(f"/sys/devices/system/cpu/{f}", sh) == mask + "\n"
    assert k.read("/sys/devices/system/cpu/offline", sh) == "\n"
    head, first = k.read("/proc/interrupts", sh).splitlines()[:2]
    assert head.split() == [f"CPU{c}" for c in range(cpus)]
    assert len(first.split()) == 1 + cpus + 3        # "0:", counts, chip, hwirq, name
    with pytest.raises(OSError) as e:
        k.write("/sys/devices/system/cpu/online", "0", sh)
    assert e.value.errno == errno.EACCES


def test_thp_enabled_drives_new_mappings():
    """``enabled_store``: a choice, else -EINVAL; "never" gives a new anonymous
    mapping no huge range (kernel/mmap.py), "always" again does."""
    k, sh = _setup()
    thp = "/sys/kernel/mm/transparent_hugepage/enabled"
    assert k.read(thp, sh) == "[always] madvise never\n"
    with pytest.raises(OSError) as e:
        k.write(thp, "bogus", sh)
    assert e.value.errno == errno.EINVAL
    k.write(thp, "never\n", sh)
    assert k.read(thp, sh) == "always madvise [never]\n"
    k.mmap_anon(sh, "m1", 8 << 20)
    assert sh.mm.vmas["m1"].huge == ()
    k.write(thp, "always", sh)
    k.mmap_anon(sh, "m2", 8 << 20)
    assert len(sh.mm.vmas["m2"].huge) == 3
    # /sys is the sysfs mount /proc/mounts lists; the subtrees under it are not
    assert [l for l in k.read("/proc/mounts", sh).splitlines() if "sysfs" in l] == [
        "sysfs /sys sysfs rw,relatime 0 0"]
    assert {"devices", "kernel"} <= set(k.listdir("/sys", sh))


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_thp_never_stops_khugepaged_and_6_1_recalculates_the_watermarks(design):
    """``start_stop_khugepaged``: at "never" 6.1 recalculates min_free_kbytes
    without khugepaged's recommendation (``calculate_min_free_kbytes`` of the
    pages above the high watermarks: the guest's DMA32 min 940, low 1181, high
    1422, pcp high 590), 5.10 keeps them; "always" again raises min_free_kbytes
    back, shared by today's managed pages (the boot's were shared before the
    initramfs was freed: ZONE_DMA's share is 176 pages now, 179 at boot)."""
    k, sh = _setup(design)
    thp = "/sys/kernel/mm/transparent_hugepage/enabled"
    before = [(z.wmark_min, z.wmark_low, z.wmark_high) for z in k.hostmem.zones]
    mfk = k.hostmem.min_free_kbytes
    k.write(thp, "never", sh)
    after = [(z.wmark_min, z.wmark_low, z.wmark_high) for z in k.hostmem.zones]
    if design == "5.10":
        assert after == before
    else:
        free_buffer = sum(z.managed - hi for z, (_, _, hi) in zip(k.hostmem.zones, before))
        assert k.hostmem.min_free_kbytes == int((free_buffer * 4 * 16) ** 0.5) == 3823
        assert after == [(14, 17, 20), (940, 1181, 1422)]
        zi = _zones(k.read("/proc/zoneinfo", sh))
        assert (zi["DMA32"]["min"], zi["DMA32"]["low"]) == (940, 1181)
        assert "high:  590" in k.read("/proc/zoneinfo", sh)
    k.write(thp, "always", sh)
    assert k.hostmem.min_free_kbytes == mfk
    total = sum(z.managed for z in k.hostmem.zones)
    assert [z.wmark_min for z in k.hostmem.zones] == [
        (mfk >> 2) * z.managed // total for z in k.hostmem.zones]
    if design == "6.1":
        assert k.hostmem.zones[0].wmark_min == 176 and before[0][0] == 179
