"""The boot's own tasks (init, the script's bash) have their objects off the boot
table's SLUB lists (docs/fidelity.md item 360): a script's first line reads the
guests' boot slab counts and finds the table's room on the lists."""
import pytest

from memcgsim import Kernel
from memcgsim.kernel.sizes.boot import BOOT
from memcgsim.kernel.sizes.slub_boot import SLUB_BOOT
from memcgsim.shell import run_script

CACHES = ("vm_area_struct", "mm_struct", "proc_inode_cache", "task_struct", "anon_vma")
# bash's own builtins only: no fork before the reads
SCRIPT = ("while read -r n a o _; do case $n in %s) echo \"$n $a $o\";; esac\n"
          "done < /proc/slabinfo\n"
          "while read -r n v _; do [ \"$n\" = Slab: ] && echo \"$v\"; done < /proc/meminfo\n"
          % "|".join(CACHES))


@pytest.mark.parametrize("release", ["5.10", "6.1"])
def test_a_scripts_first_line_reads_the_boots_slabs(release):
    """The guests' boot values (tools/sizes/guest-probe.sh, read at its first line
    with init and its bash running) at the script's first line, and each CPU slab
    of vm_area_struct and proc_inode_cache with the table's free objects (main
    before item 360: 5.10's vm_area_struct 90 of 100 objects in 5 slabs, Slab
    13336 kB against 13320, the CPU slabs' room taken by init's and bash's areas)."""
    k = Kernel(design=release, cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    out = run_script(k, SCRIPT, "first.sh").stdout.split("\n")
    boot = {line[0]: f"{line[0]} {line[1]} {line[2]}" for line in BOOT[release]["slabinfo"]}
    assert sorted(out[:-2]) == sorted(boot[n] for n in CACHES)
    assert out[-2] == str(dict((n, v) for n, v, _ in BOOT[release]["meminfo"])["Slab"])
    for name in ("vm_area_struct", "proc_inode_cache"):
        sl = k.slab.caches[name].slub
        per, cpu_free = SLUB_BOOT[release][2][name][:2]
        # the first line's slabs: the script has forked nothing since
        assert [per - sl.inuse[s] for s in sl.cpu_slab] == list(cpu_free)
    assert not k.begin_script_boot()        # the boot is over: a second script's bash is not


def test_a_task_forked_first_is_not_the_boots():
    """A script whose kernel ran a task first: its bash is the model's, counted."""
    k = Kernel(design="5.10", cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    k.spawn("sleep")
    assert not k.begin_script_boot()
    assert k.slab.boot_tasks is None


@pytest.mark.parametrize("release", ["5.10", "6.1"])
def test_a_scripts_first_line_reads_the_boots_pages(release):
    """The page counts' boot values are taken again at the script's first line, its
    bash in them, as the guests' probe read them with its own bash running
    (docs/fidelity.md item 426; before: KernelStack +16 kB, PageTables +24,
    AnonPages +176: the script's bash counted on top of the probe's)."""
    k = Kernel(design=release, cgroup="v2", nr_cpus=2, init="busybox", userland="busybox")
    script = ("while read -r n v _; do case $n in KernelStack:|PageTables:|AnonPages:)"
              " echo \"$n $v\";; esac; done < /proc/meminfo\n")
    got = dict(line.split() for line in run_script(k, script, "first.sh").stdout.split("\n")
               if line)
    boot = {f"{n}:": v for n, v, _ in BOOT[release]["meminfo"]}
    assert int(got["KernelStack:"]) == boot["KernelStack:"]
    assert int(got["PageTables:"]) == boot["PageTables:"]
    # the loop's own heap pages (bash's brk) come on top, no second bash
    assert boot["AnonPages:"] <= int(got["AnonPages:"]) <= boot["AnonPages:"] + 16
