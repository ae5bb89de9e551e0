"""The interface-only cgroup2 controllers' files (fs/cgroup_ifaces.py); their
writes' errnos on both guests are tests/conformance's v2-controller-files."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel
from memcgsim.fs.cgroup_ifaces import parselist
from memcgsim.shell.commands.taskset import cpulist_create
from memcgsim.shell import run_script


@pytest.mark.parametrize("text,nbits,mask", [
    ("0-1,3", 4, {0, 1, 3}), ("0-7:2/4", 8, {0, 1, 4, 5}), ("2", 3, {2})])
def test_bitmap_parselist(text, nbits, mask):
    assert parselist(text, nbits) == mask


@pytest.mark.parametrize("text,nbits,err", [
    ("5", 2, errno.ERANGE), ("1-0", 2, errno.EINVAL), ("0,,1", 2, errno.EINVAL),
    ("x", 2, errno.EINVAL), ("0-1:3/2", 2, errno.EINVAL)])
def test_bitmap_parselist_refuses(text, nbits, err):
    with pytest.raises(OSError) as e:
        parselist(text, nbits)
    assert e.value.errno == err


def test_cpulist_prints_ranges():
    assert cpulist_create({0, 1, 2, 5, 7, 8}) == "0-2,5,7-8"
    assert cpulist_create(set()) == ""


SCRIPT = """cd /sys/fs/cgroup
echo "+cpu +cpuset +io" > cgroup.subtree_control
mkdir a
echo 50 > a/cpu.weight; cat a/cpu.weight a/cpu.weight.nice
echo -5 > a/cpu.weight.nice; cat a/cpu.weight
echo 1 > a/cpu.idle; cat a/cpu.weight a/cpu.weight.nice; echo 0 > a/cpu.idle; cat a/cpu.weight
echo 254:0 rbps=2097152 > a/io.max; cat a/io.max
echo 1 > a/cpuset.cpus; cat a/cpuset.cpus.effective
echo "-cpu -io" > cgroup.subtree_control; ls a | grep -c '^cpu\\.max$\\|^io\\.max$'
ls a | grep -c '^cpuset\\.'
"""


def test_settings_read_back_and_go_with_the_controller():
    """Shares round as ``cpu_weight_read_u64`` and the nice level is the closest
    (weight 50: shares 512, nice 3 whose weight is 526; nice -5: 3121, weight 305); an idle group reads weight
    0 and nice 19 (``WEIGHT_IDLEPRIO``), and 100 when it leaves; disabling a
    controller removes its files."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    r = run_script(k, SCRIPT, "t.sh")
    assert r.stdout.split("\n") == [
        "50", "3", "305", "0", "19", "100",
        "254:0 rbps=2097152 wbps=max riops=max wiops=max", "1", "0", "5", ""]
    assert r.stderr == ""


def test_a_dying_memcg_does_not_keep_its_cgroups_other_csses():
    """rmdir kills every css: the cpu css (its task_group and per-CPU runqueues) is
    freed two grace periods later while a tmpfs page keeps the memory css dying."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    r = run_script(k, """cd /sys/fs/cgroup
echo "+memory +cpu" > cgroup.subtree_control
mkdir a
sh -c 'echo $$ > a/cgroup.procs; echo x > /tmp/f'
rmdir a; sleep 1; grep dying cgroup.stat
""", "t.sh")
    assert (r.stdout, r.stderr) == ("nr_dying_descendants 1\n", "")
    assert not any(ss == "cpu" for ss, _ in k.ifaces.css)
    assert not any(isinstance(o, tuple) and o[0] == "cpu" for o in k.slab.structs)


def test_io_gives_its_children_a_hidden_memory_css():
    """io depends on memory (``io_cgrp_subsys.depends_on``): its children get a
    memcg that charges their tasks but shows no memory.* file until the parent
    enables memory itself; disabling memory again hides the files, the css stays."""
    k = Kernel(design="6.1", cgroup="v2", init="busybox")
    r = run_script(k, """cd /sys/fs/cgroup
echo +io > cgroup.subtree_control
mkdir a; ls a | grep -c '^memory\\.'
sh -c 'echo $$ > a/cgroup.procs; head -c 100000 /dev/zero > /tmp/f'
echo +memory > cgroup.subtree_control; ls a | grep -c '^memory\\.'; grep '^shmem ' a/memory.stat
echo -memory > cgroup.subtree_control; ls a | grep -c '^memory\\.'
""", "t.sh")
    assert (r.stdout, r.stderr) == ("1\n19\nshmem 102400\n1\n", "")


@pytest.mark.parametrize("design", ["5.13", "6.1"])
def test_shown_groups_is_has_group_of_each(design):
    """cgroupfs' listing's groups (``shown_groups``, one pass) are those
    ``has_group`` gives one by one, for the root and cgroups under controllers
    enabled, disabled and depended on (io gives memory csses)."""
    from memcgsim.kernel.cgroup import FILE_GROUPS, has_group, shown_groups
    k = Kernel(design=design, cgroup="v2", init="busybox")
    r = run_script(k, """cd /sys/fs/cgroup
mkdir a; echo "+cpu +io +pids" > cgroup.subtree_control; mkdir b b/c
echo "+memory +cpuset" > cgroup.subtree_control; mkdir d
echo "+io" > b/cgroup.subtree_control; mkdir b/e
echo "-cpu -memory" > cgroup.subtree_control; mkdir f
""", "t.sh")
    assert r.status == 0, r.stderr
    seen = set()
    todo = [k.memory_root.cgrp]
    while todo:
        c = todo.pop()
        want = tuple(g for g in FILE_GROUPS if has_group(k, c, g))
        assert shown_groups(k, c) == want
        seen.add(want)
        todo.extend(c.children.values())
    assert len(seen) == 3       # the root; memory hidden under io alone (b/e)
