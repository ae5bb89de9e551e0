"""/proc/meminfo and /proc/vmstat values that follow the model's counters."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.fs.procmem import _available_part
from memcgsim.shell import run_script


def _meminfo(k, sh):
    return {l.split(":")[0]: int(l.split()[1])
            for l in k.read("/proc/meminfo", sh).splitlines()}


def _vmstat(k, sh):
    return {n: int(v) for n, v in (l.split() for l in k.read("/proc/vmstat", sh).splitlines())}


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_buffers_are_the_block_devices_pages_and_leave_cached(design):
    k = Kernel(design=design, cgroup="v2", init="busybox")
    sh = k.spawn("bash")
    a = _meminfo(k, sh)
    n0 = k.buffers.nr_blockdev_pages()
    try:
        k.stat("/mnt/disk/work/nope", sh)     # reads the working directory's block
    except OSError:
        pass
    b = _meminfo(k, sh)
    assert k.buffers.nr_blockdev_pages() == n0 + 1
    assert b["Buffers"] - a["Buffers"] == 4
    assert b["Cached"] == a["Cached"]
    # Cached + Buffers is every file page, as nr_file_pages counts them
    vm_a, vm_b = _vmstat(k, sh), _vmstat(k, sh)
    assert vm_b["nr_file_pages"] == vm_a["nr_file_pages"]


def test_memavailable_counts_half_the_new_page_cache():
    """si_mem_available: with the guests' min_free_kbytes (45056, THP's recommendation)
    half of the page cache counts as available, so a tmpfs-less file write moves
    MemAvailable by half its pages less than MemFree. The low watermarks summed are the
    6.1 guest's /proc/zoneinfo's, 223 + 13855 pages
    (calibration/recordings/host-mem-wmarks--6.1-1G.txt)."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    assert k.hostmem.low_wmark_kb() == (223 + 13855) * 4
    sh = k.spawn("bash")
    a = _meminfo(k, sh)
    run_script(k, "head -c 400K /dev/zero > /mnt/disk/work/f", "t.sh")
    b = _meminfo(k, sh)
    free = b["MemFree"] - a["MemFree"]
    cache = (b["Inactive(file)"] + b["Active(file)"]) - (a["Inactive(file)"] + a["Active(file)"])
    assert cache >= 400
    assert b["MemAvailable"] - a["MemAvailable"] == free + (
        _available_part(b["Inactive(file)"] + b["Active(file)"], b["KReclaimable"], 56312)
        - _available_part(a["Inactive(file)"] + a["Active(file)"], a["KReclaimable"], 56312))
    assert free < b["MemAvailable"] - a["MemAvailable"] < free + cache


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_pgfault_counts_every_memcgs_faults(design):
    k = Kernel(design=design, cgroup="v2")
    sh = k.spawn("bash")
    before = _vmstat(k, sh)["pgfault"]
    run_script(k, "mkdir /sys/fs/cgroup/a; echo $$ > /sys/fs/cgroup/a/cgroup.procs; "
                  "head -c 1M /dev/zero | tail > /dev/null", "t.sh")
    after = _vmstat(k, sh)["pgfault"]
    assert after - before >= 256          # tail's 1 MiB buffer, a fault per page


def test_vmstat_command_reads_meminfo_and_vmstat():
    k = Kernel(design="6.1", cgroup="v2")
    res = run_script(k, "vmstat; grep -E '^(MemFree|Buffers|Cached|SReclaimable):' "
                        "/proc/meminfo; vmstat -s; vmstat -q", "t.sh")
    lines = res.stdout.splitlines()
    assert lines[0].startswith("procs -----------memory----------")
    assert lines[1].split() == ["r", "b", "swpd", "free", "buff", "cache", "si", "so", "bi",
                                "bo", "in", "cs", "us", "sy", "id", "wa", "st"]
    # right-aligned under the header (%2u: "100" idle overflows by one)
    assert len(lines[2]) == len(lines[1]) + 1 and lines[2].endswith(" 100  0  0")
    mi = {l.split(":")[0]: int(l.split()[1]) for l in lines[3:7]}
    row = list(map(int, lines[2].split()))
    # vmstat itself ran between: its pages moved MemFree, not Buffers
    assert row[4] == mi["Buffers"]
    assert abs(row[3] - mi["MemFree"]) < 1024
    summary = {l[14:]: int(l[:13]) for l in lines[7:]}
    assert abs(summary["K free memory"] - mi["MemFree"]) < 1024
    assert summary["K buffer memory"] == mi["Buffers"]
    assert "invalid option -- 'q'" in res.stderr


OPS = st.lists(st.tuples(st.sampled_from(["disk", "tmp", "miss", "rm", "drop"]),
                         st.integers(0, 7), st.integers(1, 40)), max_size=8)


@settings(max_examples=15, deadline=None)
@given(OPS)
def test_buffers_and_cached_add_up_to_the_file_pages(ops):
    """Whatever runs, Buffers + Cached moves with nr_file_pages (kB = 4 × pages) and
    Buffers with the block devices' pages."""
    k = Kernel(design="5.10", cgroup="v2", init="busybox")
    sh = k.spawn("bash")
    a, va = _meminfo(k, sh), _vmstat(k, sh)
    n0 = k.buffers.nr_blockdev_pages()
    script = []
    for op, n, kb in ops:
        script.append({"disk": f"head -c {kb}K /dev/zero > /mnt/disk/work/f{n}",
                       "tmp": f"head -c {kb}K /dev/zero > /tmp/f{n}",
                       "miss": f"[ -e /mnt/disk/work/d{n}/nope ]; mkdir -p /mnt/disk/work/d{n}",
                       "rm": f"rm -f /mnt/disk/work/f{n} /tmp/f{n}",
                       "drop": "echo 3 > /proc/sys/vm/drop_caches"}[op])
    run_script(k, "\n".join(script) + "\n", "t.sh")
    b, vb = _meminfo(k, sh), _vmstat(k, sh)
    assert (b["Buffers"] + b["Cached"]) - (a["Buffers"] + a["Cached"]) == \
        4 * (vb["nr_file_pages"] - va["nr_file_pages"])
    assert b["Buffers"] - a["Buffers"] == 4 * (k.buffers.nr_blockdev_pages() - n0)


def _probe_slab_kb(release: str, cpus: int) -> tuple[int, int]:
    """The guest probe's /proc/meminfo (SReclaimable, SUnreclaim) at ``cpus`` CPUs."""
    import os
    import re
    path = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "sizes", "recordings",
                        f"guest-probe--{release}-v2-{cpus}cpu.txt")
    with open(path) as f:
        text = f.read()
    return tuple(int(re.search(rf"^{n}:\s+(\d+) kB$", text, re.M).group(1))
                 for n in ("SReclaimable", "SUnreclaim"))


@pytest.mark.parametrize("design,cpus", [("5.10", 1), ("5.10", 4), ("5.10", 8), ("5.10", 16),
                                         ("6.1", 1), ("6.1", 4), ("6.1", 8), ("6.1", 16)])
def test_the_boots_slab_grows_with_the_cpus_as_the_guests_did(design, cpus):
    """Each cache's per-CPU slab and partial list: the boot's Slab at a CPU count is the
    guest probe's at that count (session 30, slab30), in /proc/meminfo and
    /proc/vmstat alike; a count between two probed ones lies between them."""
    from memcgsim.fs import procmem
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus)
    mi = {l.split(":")[0]: int(l.split()[1]) for l in procmem.meminfo(k).splitlines()}
    rec, unrec = _probe_slab_kb(design, cpus)
    assert (mi["SReclaimable"], mi["SUnreclaim"], mi["Slab"]) == (rec, unrec, rec + unrec)
    two = Kernel(design=design, cgroup="v2", nr_cpus=2)
    mi2 = {l.split(":")[0]: int(l.split()[1]) for l in procmem.meminfo(two).splitlines()}
    vm, vm2 = (dict(l.split() for l in procmem.vmstat(x).splitlines()) for x in (k, two))
    for name, line in (("nr_slab_reclaimable", "SReclaimable"),
                       ("nr_slab_unreclaimable", "SUnreclaim")):
        assert (int(vm[name]) - int(vm2[name])) * 4 == mi[line] - mi2[line]
    if cpus == 4:
        three = Kernel(design=design, cgroup="v2", nr_cpus=3)
        s3 = int(procmem.meminfo(three).split("Slab:")[1].split()[0])
        assert mi2["Slab"] < s3 < mi["Slab"]


@pytest.mark.parametrize("design,cpus,mem", [("5.13", 2, "1G"), ("6.1", 4, "64G"),
                                             ("5.10", 8, "1G"), ("5.12", 3, "1G")])
def test_slab_and_percpu_alone_are_the_meminfo_lines(design, cpus, mem):
    """``slab_percpu_kb`` (churn samples) is /proc/meminfo's Slab and Percpu, at
    boot and after cgroups and tasks came and went."""
    from memcgsim.fs.procmem import slab_percpu_kb
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, mem=mem)
    sh = k.spawn("bash")
    seen = [slab_percpu_kb(k)]
    assert seen[0] == (_meminfo(k, sh)["Slab"], _meminfo(k, sh)["Percpu"])
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory +pids", sh)
    for i in range(4):
        k.mkdir(f"/sys/fs/cgroup/c{i}", sh)
        t = k.fork(sh)
        k.write(f"/sys/fs/cgroup/c{i}/cgroup.procs", str(t.pid), t)
        k.write(f"/dev/shm/f{i}", "x" * 8192, t)
        k.exit(t)
        k.reap(t)
        k.rmdir(f"/sys/fs/cgroup/c{i}", sh)
        seen.append(slab_percpu_kb(k))
        mi = _meminfo(k, sh)
        assert seen[-1] == (mi["Slab"], mi["Percpu"])
    assert seen[-1][0] > seen[0][0] and seen[-1][1] > seen[0][1]
