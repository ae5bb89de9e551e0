"""5.10's per-CPU batching of a parent's memory.stat ``percpu`` against the guest's own
updates (tools/sizes/pcpu-parent-stat-trace.sh: each statistics area's
``__mod_memcg_state`` and its CPU over cgroup-cost.sh's 1000 children at 4 CPUs)."""
import gzip
import os
import re

from memcgsim import Kernel
from memcgsim.kernel.vmstat import MEMCG_PERCPU_B

REC = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "sizes", "recordings",
                   "pcpu-parent-stat-trace--5.10-v2-4cpu.txt.gz")


def _percpu(k: Kernel, sh) -> int:
    stat = k.read("/sys/fs/cgroup/p/memory.stat", sh)
    return int(re.search(r"^percpu (\d+)$", stat, re.M).group(1))


def test_the_guests_updates_fold_to_its_readings():
    """Fed the guest's 8000 charges and uncharges on the CPUs it made them on, the
    model's statistics read what the guest's parent read after the mkdirs and
    after the rmdirs, to the byte."""
    with gzip.open(REC, "rt") as f:
        text = f.read()
    updates = [(int(c), int(v)) for c, v in re.findall(r"^V (\d+) (-?\d+)$", text, re.M)]
    real = {k: int(v) for k, v in re.findall(r"^(made|after) (\d+)$", text, re.M)}
    assert len(updates) == 8000 and sum(v for _, v in updates) == 0
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=4, init="busybox", debug=False)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    k.mkdir("/sys/fs/cgroup/p", sh)
    p = next(c for c in k.all_cgroups if c.name == "p").subsys["memory"]
    made = None
    for i, (cpu, v) in enumerate(updates):
        k.memcg.stats.mod(p, MEMCG_PERCPU_B, v, cpu)
        if v > 0 and (i + 1 == len(updates) or updates[i + 1][1] < 0):
            made = _percpu(k, sh)
    assert (made, _percpu(k, sh)) == (real["made"], real["after"]) == (11029536, 222912)
