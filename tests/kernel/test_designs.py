"""Each design switch's observable effect (issue 7), through scripts and the API."""
import dataclasses
import errno
import json
import os
import subprocess
import sys

import pytest

from memcgsim import DESIGNS, Kernel, designs, get_design
from memcgsim.shell import run_script

M = "/sys/fs/cgroup/memory"

#: v1: kmem accounting switched on as runc did (1, then unlimited), then jobs that
#: leave a negative dentry (slab) behind in a cgroup that is then removed
ID_SCRIPT = """cd /sys/fs/cgroup/memory
mkdir parent
echo 1 > parent/memory.kmem.limit_in_bytes
echo -1 > parent/memory.kmem.limit_in_bytes
i=0
while [ $i -lt N ] && mkdir parent/job$i; do
  echo $$ > parent/job$i/cgroup.procs
  [ -e /nonexistent-$i ]
  echo $$ > cgroup.procs
  rmdir parent/job$i
  i=$((i+1))
done
echo "created $i"
"""


def small_ids(name, n):
    return dataclasses.replace(get_design(name), memcg_id_max=n)


def test_3_10_dying_cgroups_exhaust_ids_with_enospc():
    k = Kernel(design=small_ids("3.10-rhel7", 100), cgroup="v1")
    r = run_script(k, ID_SCRIPT.replace("N", "1000"), "ids.sh")
    # root and parent hold 2 IDs; 98 removed jobs stay dying, each pinned by the
    # slab page of its own copy of the dentry cache, and keep their IDs
    assert r.stdout == "created 98\n"
    assert r.stderr == "mkdir: cannot create directory 'parent/job98': No space left on device\n"
    assert k.memory_cgroup_count() == 100


@pytest.mark.parametrize("design", ["5.12", "5.13", "6.1"])
def test_later_kernels_do_not_run_out(design):
    k = Kernel(design=small_ids(design, 100), cgroup="v1")
    r = run_script(k, ID_SCRIPT.replace("N", "300"), "ids.sh")
    assert r.stdout == "created 300\n" and r.stderr == ""


def test_3_10_kmem_limit_refused_once_populated():
    k = Kernel(design="3.10-rhel7", cgroup="v1")
    sh = k.spawn("bash")
    k.mkdir(M + "/a", sh)
    k.write(M + "/a/cgroup.procs", str(sh.pid), sh)
    with pytest.raises(OSError) as e:
        k.write(M + "/a/memory.kmem.limit_in_bytes", "1", sh)
    assert e.value.errno == errno.EBUSY


def test_3_10_has_no_cgroup2():
    with pytest.raises(ValueError):
        Kernel(design="3.10-rhel7", cgroup="v2")


def test_5_12_live_cgroups_exhaust_ids():
    k = Kernel(design=small_ids("5.12", 50), cgroup="v1")
    sh = k.spawn("bash")
    for i in range(49):
        k.mkdir(f"{M}/c{i}", sh)
    with pytest.raises(OSError) as e:
        k.mkdir(f"{M}/c49", sh)
    assert e.value.errno == errno.ENOSPC


@pytest.mark.slow
def test_5_12_65534_live_cgroups_exhaust_ids():
    k = Kernel(design="5.12", cgroup="v1")
    sh = k.spawn("bash")
    for i in range(65533):
        k.mkdir(f"{M}/c{i}", sh)
    with pytest.raises(OSError) as e:
        k.mkdir(f"{M}/c65533", sh)
    assert e.value.errno == errno.ENOSPC


PAGECACHE = """cd /sys/fs/cgroup/memory
dd if=/dev/zero of=/tmp/temp bs=4096 count=1 2>/dev/null
for i in $(seq N); do
  mkdir test
  echo $$ > test/cgroup.procs
  cat /tmp/temp >> /tmp/log
  echo $$ > cgroup.procs
  rmdir test
done
grep memory /proc/cgroups | cut -f3
rm /tmp/log
sleep 1
grep memory /proc/cgroups | cut -f3
"""


@pytest.mark.parametrize("design,pinned", [("5.12", True), ("5.13", True), ("6.1", True),
                                           ("lru-reparent", False), ("3.10-rhel7", False)])
def test_page_cache_pins_per_design(design, pinned):
    """One page-cache page from each of 2000 short-lived cgroups (Muchun Song's 2022
    script): each page pins its cgroup until the file goes, except where LRU pages
    are reparented (lru-reparent; 3.10 moves them to the parent at offline)."""
    k = Kernel(design=design, cgroup="v1")
    r = run_script(k, PAGECACHE.replace("N", "2000"), "pagecache.sh")
    during, after = map(int, r.stdout.split())
    if pinned:
        assert during >= 1990
    else:
        assert during <= 1 + k.nr_cpus
    assert after <= 1 + k.nr_cpus


BPF = """cd /sys/fs/cgroup/memory
mkdir maps
echo $$ > maps/cgroup.procs
bpftool map create /sys/fs/bpf/pinned type hash key 4 value 4 entries 1024 name pinned
echo $$ > cgroup.procs
rmdir maps
sleep 1
grep memory /proc/cgroups | cut -f3
grep -c . /sys/fs/cgroup/memory/memory.stat > /dev/null
rm /sys/fs/bpf/pinned
sleep 1
grep memory /proc/cgroups | cut -f3
"""


@pytest.mark.parametrize("design,counts", [("5.12", "2 2"), ("5.13", "2 1"),
                                           ("6.1", "1 1"), ("seed-v1", "1 1"),
                                           ("5.10", "1 1")])
def test_bpf_map_pins_per_design(design, counts):
    """A pinned map created from inside a cgroup holds ``map->memcg`` (5.12, 5.13),
    an obj_cgroup (6.1, seed-v1), or nothing (5.10: not memcg-charged). Under 5.12
    the map's kmem pages return to the dying memcg's per-CPU stock at rm, which then
    caches (and pins) it: a real, short-lived pin."""
    k = Kernel(design=design, cgroup="v1")
    r = run_script(k, BPF, "bpf.sh")
    assert r.stdout.split() == counts.split(), r.stderr


def test_5_10_bpf_maps_are_not_charged():
    k = Kernel(design="5.10", cgroup="v1")
    sh = k.spawn("bash")
    k.mkdir(M + "/m", sh)
    k.write(M + "/m/cgroup.procs", str(sh.pid), sh)
    before = int(k.read(M + "/m/memory.kmem.usage_in_bytes", sh))
    k.bpf_map_create(sh, "/sys/fs/bpf/x", "hash", 4, 4, 100000, "x")
    assert int(k.read(M + "/m/memory.kmem.usage_in_bytes", sh)) == before
    k2 = Kernel(design="5.12", cgroup="v1")
    sh2 = k2.spawn("bash")
    k2.mkdir(M + "/m", sh2)
    k2.write(M + "/m/cgroup.procs", str(sh2.pid), sh2)
    before = int(k2.read(M + "/m/memory.kmem.usage_in_bytes", sh2))
    k2.bpf_map_create(sh2, "/sys/fs/bpf/x", "hash", 4, 4, 100000, "x")
    assert int(k2.read(M + "/m/memory.kmem.usage_in_bytes", sh2)) - before >= 100000 * 56


INOTIFY = """cd /sys/fs/cgroup/memory
echo 1 > memory.move_charge_at_immigrate
mkdir w
echo $$ > w/cgroup.procs
inotifywait -q -m /tmp &
pid=$!
echo $$ > cgroup.procs
echo $pid > cgroup.procs
rmdir w
sleep 1
grep memory /proc/cgroups | cut -f3
kill $pid
sleep 1
grep memory /proc/cgroups | cut -f3
"""


@pytest.mark.parametrize("design,pinned", [("5.13", True), ("seed-v1", False)])
def test_inotify_group_pins_per_design(design, pinned):
    """An inotify instance started in a cgroup holds ``group->memcg`` (5.13) or an
    obj_cgroup (seed-v1); killing the watcher drops it. (A per-CPU stock left
    caching the cgroup with no pages may keep it a while longer in either design.)"""
    from memcgsim.analysis.explain import explain
    k = Kernel(design=design, cgroup="v1")
    r = run_script(k, INOTIFY.split("kill $pid")[0], "inotify.sh")
    kinds = {p.kind for d in explain(k) for p in d.pins}
    assert ("fsnotify group" in kinds) == pinned, r.stderr
    assert kinds <= {"fsnotify group", "stock"}
    (group,) = k.remote.groups.values()
    k.kill(group.owner, 15)
    k.advance(1)
    assert not k.remote.groups
    assert "fsnotify group" not in {p.kind for d in explain(k) for p in d.pins}


def test_lru_reparent_moves_page_cache_to_the_parent():
    k = Kernel(design="lru-reparent", cgroup="v2")
    sh = k.spawn("bash")
    R = "/sys/fs/cgroup"
    k.mkdir(R + "/p", sh)
    k.write(R + "/p/cgroup.subtree_control", "+memory", sh)
    k.mkdir(R + "/p/c", sh)
    k.write("/tmp/f", "", sh)       # created outside: its ext4 metadata is not c's
    k.write(R + "/p/c/cgroup.procs", str(sh.pid), sh)
    k.write("/tmp/f", "x" * 40960, sh)
    k.write(R + "/cgroup.procs", str(sh.pid), sh)
    # written back first: the offline switches the clean inode to p's wb (v5.14's
    # cleanup_offline_cgwbs_workfn), so c's wb does not hold it (kernel/backing_dev.py)
    k.sync(sh)
    k.rmdir(R + "/p/c", sh)
    k.advance(1)
    stat = dict(l.split() for l in k.read(R + "/p/memory.stat", sh).splitlines())
    assert int(stat["file"]) == 40960
    assert k.memory_cgroup_count() == 2
    k.unlink("/tmp/f", sh)
    k.advance(3)
    stat = dict(l.split() for l in k.read(R + "/p/memory.stat", sh).splitlines())
    assert int(stat["file"]) == 0


def test_designs_command_lists_every_design_with_sources():
    exe = os.path.join(os.path.dirname(sys.executable), "memcgsim")
    out = json.loads(subprocess.run([exe, "designs", "--json"], capture_output=True,
                                    text=True, check=True).stdout)
    assert set(out["designs"]) == set(DESIGNS)
    assert set(out["sources"]) == set(out["designs"]["5.12"]["switches"])


@pytest.mark.slow
def test_3_10_runs_out_at_65535_cgroups_live_plus_dying():
    k = Kernel(design="3.10-rhel7", cgroup="v1")
    r = run_script(k, ID_SCRIPT.replace("N", "70000"), "ids.sh")
    assert r.stdout == "created 65533\n"
    assert r.stderr == ("mkdir: cannot create directory 'parent/job65533': "
                        "No space left on device\n")
    assert k.memory_cgroup_count() == 65535


@pytest.mark.parametrize("design,copy,oom", [
    ("6.1", True, 4), ("6.1", False, 1),      # read() into fresh memory re-faults
    ("5.10", True, 2), ("5.10", False, 1),
    ("5.12", True, 1), ("5.12", False, 1),    # the victim's charge is forced
])
def test_oom_killed_task_charges(design, copy, oom):
    """A task the OOM killer chose: before a4ebf1b6ca1e its charge passes the limit;
    after, each fault counts one more MEMCG_OOM, kills nobody and fails."""
    from memcgsim.sysapi import TaskKilled
    k = Kernel(design=design, cgroup="v2")
    R = "/sys/fs/cgroup"
    sh = k.spawn("bash")
    k.mkdir(R + "/t", sh)
    k.write(R + "/t/memory.max", "1M", sh)
    t = k.fork(sh)
    k.write(R + "/t/cgroup.procs", str(t.pid), sh)
    with pytest.raises(TaskKilled):
        k.alloc_anon(t, 4 << 20, copy=copy)
    events = dict(l.split() for l in k.read(R + "/t/memory.events", sh).splitlines())
    assert (int(events["oom"]), int(events["oom_kill"])) == (oom, 1)
    if design == "6.1":                       # the victim never went past the limit
        assert int(k.read(R + "/t/memory.peak", sh)) <= 1 << 20


def test_a_derived_design_is_what_replace_makes():
    """``_derive`` (the designs' cheaper ``dataclasses.replace``): the same design,
    frozen, equal and hashed alike, its fields in their order; a name that is not a
    field refused."""
    base = designs.DESIGNS["5.12"]
    changes = {"name": "x", "kmem_page_ref": "objcg", "memcg_id_max": 7}
    got, want = designs._derive(base, **changes), dataclasses.replace(base, **changes)
    assert got == want and hash(got) == hash(want) and got is not want
    assert list(vars(got)) == [f.name for f in dataclasses.fields(designs.KernelDesign)]
    assert (got.kmem_page_ref, got.memcg_id_max, base.kmem_page_ref) == ("objcg", 7, "memcg")
    with pytest.raises(dataclasses.FrozenInstanceError):
        got.name = "y"
    with pytest.raises(TypeError, match="no field kmem_page_refs"):
        designs._derive(base, kmem_page_refs="objcg")


def test_every_design_has_every_field():
    fields = [f.name for f in dataclasses.fields(designs.KernelDesign)]
    for d in designs.DESIGNS.values():
        assert type(d) is designs.KernelDesign and list(vars(d)) == fields, d.name
    assert designs.DESIGNS["6.1"].memcg_charge_batch == 64
    assert designs.DESIGNS["lru-reparent"].lru_page_ref == "objcg"
    assert designs.DESIGNS["lru-reparent"].memcg_charge_batch == 64
