"""/proc files the oracle's guests were seen to print: cpuinfo and mounts."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.shell import run_script


def test_cpuinfo_has_a_block_per_cpu():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=4)
    r = run_script(k, "grep -c ^processor /proc/cpuinfo; grep -m1 'model name' /proc/cpuinfo;"
                      " awk -F': ' '/^apicid/ {print $2}' /proc/cpuinfo | tr '\\n' ' '", "c.sh")
    assert r.stdout == "4\nmodel name\t: QEMU TCG CPU version 2.5+\n0 1 2 3 "


def test_v1_mounts_list_the_controllers():
    k = Kernel(design="5.10", cgroup="v1", init="busybox")
    r = run_script(k, "grep cgroup /proc/mounts", "m.sh")
    # the guest's init: mount -t tmpfs cgroup_root ...; mount -t cgroup -o memory memory ...
    # (tests/conformance/recordings/guest-layout-v1-2g--5.10-v1.txt)
    assert r.stdout == ("cgroup_root /sys/fs/cgroup tmpfs rw,relatime 0 0\n"
                        "memory /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0\n")
