"""/proc/sys/vm/stat_refresh (fs/procfs.py ``vmstat_refresh``): root may write or read
it (mode 0600, mm/vmstat.c ``vmstat_refresh``), a read returns nothing, and it folds
every CPU's differential of the slab counters (kernel/vmstat_diff.py): /proc/meminfo's
Slab then counts every slab page the model holds; the other lines are exact already."""
from __future__ import annotations

import stat

import pytest

from memcgsim import Kernel


def _lines(k: Kernel, t) -> dict[str, int]:
    return {line.split(":")[0]: int(line.split()[1])
            for line in k.read("/proc/meminfo", t).splitlines()
            if line.startswith(("Slab:", "SUnreclaim:", "PageTables:", "KernelStack:"))}


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_stat_refresh_folds_the_slab_differentials(design, warm_reads):
    k = Kernel(design=design, cgroup="v2", nr_cpus=4, vmstat_diff=True)
    sh = k.spawn("bash")
    warm_reads(k, sh)
    for i in range(20):
        k.mkdir(f"/sys/fs/cgroup/a{i}", sh)
    before = _lines(k, sh)
    held = sum(k.node_stat_diff.held(i) for i in (0, 1))
    assert held > 0
    k.write("/proc/sys/vm/stat_refresh", "1\n", sh)
    assert k.read("/proc/sys/vm/stat_refresh", sh) == ""
    after = _lines(k, sh)
    assert after["Slab"] == before["Slab"] + held * 4
    assert (after["PageTables"], after["KernelStack"]) == (before["PageTables"],
                                                           before["KernelStack"])
    assert k.node_stat_diff.held(0) == k.node_stat_diff.held(1) == 0
    st = k.stat("/proc/sys/vm/stat_refresh", sh)
    assert stat.S_IMODE(st.st_mode) == 0o600 and stat.S_ISREG(st.st_mode)
    assert "stat_refresh" in k.listdir("/proc/sys/vm", sh)
