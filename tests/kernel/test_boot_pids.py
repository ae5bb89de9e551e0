"""The pid a script's shell gets under the oracle's layout (kernel/sizes/bootpids.py,
docs/fidelity.md item 100): where the guests' boot left the pid cursor."""
from __future__ import annotations

import importlib.util
import os

import pytest

from memcgsim import Kernel
from memcgsim.kernel.sizes.bootpids import SCRIPT_PIDS, script_pid
from memcgsim.shell import run_script

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")


def test_the_table_is_the_recordings():
    """tools/sizes/boot_pids.py's reading of the guests' recordings."""
    spec = importlib.util.spec_from_file_location(
        "boot_pids", os.path.join(ROOT, "tools", "sizes", "boot_pids.py"))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    assert tool.table() == SCRIPT_PIDS


@pytest.mark.parametrize("key", sorted(SCRIPT_PIDS))
def test_a_measured_cpu_count_gets_a_guests_pid(key):
    for cpus, runs in SCRIPT_PIDS[key].items():
        assert script_pid(*key, cpus) in runs


def test_between_and_past_the_measured_counts():
    lo, hi = script_pid("6.1", "v1", 4), script_pid("6.1", "v1", 8)
    assert lo < script_pid("6.1", "v1", 6) < hi
    top = max(SCRIPT_PIDS[("6.1", "v1")])
    assert script_pid("6.1", "v1", 2 * top) > script_pid("6.1", "v1", top)
    assert script_pid("3.10", "v1", 2) is None


@pytest.mark.parametrize("design,cgroup,cpus", [("6.1", "v1", 2), ("5.10", "v2", 4),
                                                ("6.1", "v2", 1)])
def test_the_scripts_pids_follow_the_guests_boot(design, cgroup, cpus):
    k = Kernel(design=design, cgroup=cgroup, nr_cpus=cpus, init="busybox",
               userland="busybox")
    r = run_script(k, 'echo $$; sleep 0 & echo $!; wait; cut -d" " -f5 /proc/loadavg',
                   "p.sh")
    first = script_pid(design, cgroup, cpus)
    # the shell, its background sleep, cut
    assert r.stdout.split() == [str(first), str(first + 1), str(first + 2)]


def test_a_systemd_host_is_unchanged():
    r = run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2), "echo $$", "p.sh")
    assert r.stdout == "4\n"        # init, a kworker per CPU, then the shell
