"""/proc/sys/vm/stat_refresh (fs/procfs.py ``vmstat_refresh``): root may write or read
it (mode 0600, mm/vmstat.c ``vmstat_refresh``), a read returns nothing, and the model's
/proc/meminfo reads the same before and after (its counters have no per-CPU
differential to fold)."""
from __future__ import annotations

import stat

import pytest

from memcgsim import Kernel


def _slab(k: Kernel, t) -> tuple[str, ...]:
    return tuple(line for line in k.read("/proc/meminfo", t).splitlines()
                 if line.startswith(("Slab:", "SUnreclaim:", "PageTables:", "KernelStack:")))


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_stat_refresh_folds_nothing_in_the_model(design):
    k = Kernel(design=design, cgroup="v2", nr_cpus=4)
    sh = k.spawn("bash")
    k.mkdir("/sys/fs/cgroup/a", sh)
    before = _slab(k, sh)
    assert len(before) == 4
    k.write("/proc/sys/vm/stat_refresh", "1\n", sh)
    assert k.read("/proc/sys/vm/stat_refresh", sh) == ""
    assert _slab(k, sh) == before
    st = k.stat("/proc/sys/vm/stat_refresh", sh)
    assert stat.S_IMODE(st.st_mode) == 0o600 and stat.S_ISREG(st.st_mode)
    assert "stat_refresh" in k.listdir("/proc/sys/vm", sh)
