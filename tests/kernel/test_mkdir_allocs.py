"""What a memory cgroup's mkdir allocates, the model against the guests' kernel-side
trace (calibration/memcg-mkdir-allocs.sh, its 1-CPU recordings; docs/fidelity.md
item 425): the objects the cgroup's own call sites take in kernfs_node_cache and
kmalloc-32/-64/-1k/-4k over four mkdirs, and the commands' VMAs."""
import collections
import importlib.util
import os

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
CAL = os.path.join(HERE, "..", "..", "calibration")
#: the guest's call sites of a cgroup mkdir (kernel/cgroup/cgroup.c, mm/memcontrol.c,
#: mm/list_lru.c, kernel/sched/psi.c, fs/kernfs/dir.c, lib/percpu-refcount.c)
CGROUP_SITES = frozenset((
    "__kernfs_new_node", "percpu_ref_init", "mem_cgroup_css_alloc", "mem_cgroup_css_online",
    "cgroup_mkdir", "psi_cgroup_alloc", "alloc_shrinker_info", "__memcg_init_list_lru_node",
    "memcg_update_all_list_lrus"))
CACHES = ("kernfs_node_cache", "kmalloc-32", "kmalloc-64", "kmalloc-1k", "kmalloc-4k")
#: the forking shell's call sites (kernel/fork.c ``copy_process``: fs/file.c
#: ``alloc_fdtable``, security/security.c ``security_task_alloc``, mm/vmalloc.c)
FORK_SITES = frozenset(("alloc_fdtable", "security_task_alloc", "__get_vm_area_node",
                        "__vmalloc_area_node", "__vmalloc_node_range"))


def _tool():
    spec = importlib.util.spec_from_file_location(
        "memcg_mkdir_allocs", os.path.join(CAL, "memcg-mkdir-allocs.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.parametrize("release", ["5.10", "6.1"])
def test_a_mkdirs_objects_are_the_guests(release):
    """The mkdir phase's objects of the cgroup's own sites, cache by cache (5.10:
    29 kernfs nodes, 10 names and a shrinker map in kmalloc-32 with the kmem ID
    growth's 294 list_lru_one, 5 percpu_ref data and the obj_cgroup in kmalloc-64,
    the per-node info in kmalloc-1k, cgroup and mem_cgroup in kmalloc-4k, a mkdir;
    6.1: 35 nodes, 12 names, shrinker_info and psi_group in kmalloc-1k, mem_cgroup
    and its per-node info in kmalloc-4k), and every phase's vm_area_structs."""
    tool = _tool()
    rec = os.path.join(CAL, "recordings", f"memcg-mkdir-allocs--{release}-v2-1cpu.txt")
    gtot, gsites = tool.guest(rec)
    mtot, msites = tool.model(release, 1)
    guest, model = collections.Counter(), collections.Counter()
    for (ph, cache, site, who), n in gsites.items():
        if ph == "mkdir" and site in CGROUP_SITES and who.startswith("cmd@"):
            guest[cache] += n
    for (ph, cache, site, who), n in msites.items():
        if ph == "mkdir" and who.startswith("cmd@") and not site.startswith(
                ("fork.", "exec_kmallocs.")):
            model[cache.replace("-cg-", "-")] += n
    assert {c: model[c] for c in CACHES} == {c: guest[c] for c in CACHES}
    # the failing commands' forks: the shell's kmalloc-32/-64 objects (5.10: the
    # fdtable's and the task's 48-byte LSM blob, five each; main had no blob)
    guest, model = collections.Counter(), collections.Counter()
    for (ph, cache, site, who), n in gsites.items():
        if ph in ("noop", "norm") and site in FORK_SITES:
            guest[cache.replace("-cg-", "-")] += n
    for (ph, cache, site, who), n in msites.items():
        if ph in ("noop", "norm") and site.startswith("fork."):
            model[cache.replace("-cg-", "-")] += n
    assert {c: model[c] for c in CACHES} == {c: guest[c] for c in CACHES}
    for ph in tool.PHASES:
        assert mtot[(ph, "vm_area_struct", "n")] == gtot[(ph, "vm_area_struct", "n")], ph
