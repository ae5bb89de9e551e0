"""The boot values /proc/meminfo starts from at other CPU counts than the 2 of the
recorded boot (docs/fidelity.md item 426): Percpu and KernelStack as the guests'
probes read them (tools/sizes/recordings/guest-probe--K-v2-Ncpu.txt)."""
import glob
import gzip
import os
import re

import pytest

from memcgsim import Kernel
from memcgsim.fs.procmem import boot_kernel_stack_kb, boot_percpu_kb
from memcgsim.shell import run_script

REC = os.path.join(os.path.dirname(__file__), "..", "..", "tools", "sizes", "recordings")


def _probes():
    for path in sorted(glob.glob(os.path.join(REC, "guest-probe--*-v2-*cpu.txt"))):
        m = re.search(r"guest-probe--([0-9.]+)-v2-(\d+)cpu\.txt$", path)
        with open(path) as f:
            mi = dict(re.findall(r"^(\w+):\s+(\d+) kB$", f.read(), re.M))
        yield m.group(1), int(m.group(2)), mi


def test_percpu_at_boot_is_the_units_pages_times_the_cpus():
    """``pcpu_nr_populated * pcpu_nr_units``: each probe's Percpu, 1 to 32 CPUs,
    and the percpu traces' at 2 to 64."""
    seen = [(rel, cpus) for rel, cpus, _ in _probes()]
    assert ("5.10", 16) in seen and ("6.1", 8) in seen
    for rel, cpus, mi in _probes():
        assert boot_percpu_kb(rel, cpus) == int(mi["Percpu"]), (rel, cpus)
    # tools/sizes/pcpu-boot-trace.sh's first reading (5.10 at 2-32 CPUs, 6.1 at 64)
    traces = sorted(glob.glob(os.path.join(REC, "pcpu-boot-trace--*-v2-*cpu.txt.gz")))
    assert len(traces) >= 6
    for path in traces:
        m = re.search(r"--([0-9.]+)-v2-(\d+)cpu\.txt\.gz$", path)
        with gzip.open(path, "rt", errors="replace") as f:
            kb = int(re.search(r"Percpu:\s+(\d+) kB", f.read(4096)).group(1))
        assert boot_percpu_kb(m.group(1), int(m.group(2))) == kb, path


def test_kernel_stack_at_boot_by_cpus():
    """The probes' KernelStack at their counts; between them, whole stacks on the
    line, rounded down (5.10: 1136 kB at 4 CPUs, 1632 at 8, 1376 at 6)."""
    for rel, cpus, mi in _probes():
        assert boot_kernel_stack_kb(rel, cpus) == int(mi["KernelStack"]), (rel, cpus)
    assert boot_kernel_stack_kb("5.10", 6) == 1376


@pytest.mark.parametrize("release, percpu, stack", [("5.10", 1120, 1136), ("6.1", 1040, 1244)])
def test_a_4cpu_scripts_first_line_reads_the_4cpu_boot(release, percpu, stack):
    """At 4 CPUs a script's first line reads the 4-CPU probe's Percpu and
    KernelStack (main: KernelStack 848 / 932 kB, the 2-CPU boot's)."""
    k = Kernel(design=release, cgroup="v2", nr_cpus=4, init="busybox", userland="busybox")
    script = ("while read -r n v _; do case $n in Percpu:|KernelStack:) echo \"$n $v\";;"
              " esac; done < /proc/meminfo\n")
    got = dict(line.split() for line in run_script(k, script, "first.sh").stdout.split("\n")
               if line)
    assert got == {"Percpu:": str(percpu), "KernelStack:": str(stack)}
