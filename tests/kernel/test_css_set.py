"""css_sets (kernel/css_set.py, docs/fidelity.md item 58): a task's entry into a
cgroup no css_set covers allocates one (kmalloc-1k) and a link per hierarchy
(kmalloc-64), as tools/sizes/css-set-trace.sh's recordings show by call site
(``find_css_set`` 568 / 592 bytes, ``allocate_cgrp_cset_links`` 48, one link on
cgroup2, two on the oracle's v1); the tasks sharing one hold one reference on
its memory css, and its last put frees it."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.analysis.explain import walk_pins
from memcgsim.shell.interp import run_script

V2 = """
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/a $C/b
"""
V1 = """
C=/sys/fs/cgroup/memory
mkdir $C/a $C/b
"""
#: two sleepers into a (one css_set), one into b (a second)
ENTER = """
sleep 100 & echo $! > $C/a/cgroup.procs
sleep 100 & echo $! > $C/a/cgroup.procs
sleep 100 & echo $! > $C/b/cgroup.procs
"""


def _csets(k):
    return [c for c in k.csets.table.values() if c.objs is not None]


def _structs(k):
    link = k.slab.kmalloc_plain(k.sizes.size("cgrp_cset_link"))
    # the forks' own objects of that cache: a task's LSM blob (5.10's 48 bytes), a
    # vmalloc'ed stack's vm_struct (docs/fidelity.md item 425)
    forks = (len(k.procs.task_security) if k.procs._task_blob is link else 0) + sum(
        1 for rec in k.procs.stack_vm_area.values() if rec[1][0] is link)
    return (k.slab.kmalloc_plain(k.sizes.size("css_set")).nr_structs,
            link.nr_structs - forks)


def test_sizes_are_the_guests_btf_and_traced_allocations():
    """BTF (tools/sizes/btf_sizes.py) as the guests' kmalloc tracepoints saw them."""
    k5, k6 = Kernel(design="5.10", cgroup="v2"), Kernel(design="6.1", cgroup="v2")
    assert (k5.sizes.size("css_set"), k6.sizes.size("css_set")) == (568, 592)
    assert k5.sizes.size("cgrp_cset_link") == k6.sizes.size("cgrp_cset_link") == 48
    assert k5.slab.kmalloc_plain(568).name == k6.slab.kmalloc_plain(592).name == "kmalloc-1k"
    assert k5.slab.kmalloc_plain(48).name == "kmalloc-64"


def test_entry_allocates_one_css_set_per_set_of_csses():
    for design, mode, setup, links in (("5.10", "v2", V2, 1), ("6.1", "v2", V2, 1),
                                       ("5.10", "v1", V1, 2)):
        base = Kernel(design=design, cgroup=mode, nr_cpus=2, debug=True)
        run_script(base, setup, "t")
        k = Kernel(design=design, cgroup=mode, nr_cpus=2, debug=True)
        run_script(k, setup + ENTER, "t")
        assert k.csets.cgroup_root_count() == links
        sets = _csets(k)
        assert sorted(len([t for t in k.tasks.values() if t.cgroups is c]) for c in sets) \
            == [1, 2], design
        assert sorted(c.refcount for c in sets) == [1, 2]
        a = next(c for c in sets if c.refcount == 2)
        assert a.memcg.holders["css_set"] == 1      # one reference, two tasks
        b0, l0 = _structs(base)
        b1, l1 = _structs(k)
        assert (b1 - b0, l1 - l0) == (2, 2 * links), (design, mode)


def test_last_put_frees_links_at_once_and_the_css_set_after_a_grace_period():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, debug=True)
    run_script(k, V2 + "sleep 100 & echo $! > $C/a/cgroup.procs", "t")
    (cset,) = _csets(k)
    (task,) = [t for t in k.tasks.values() if t.cgroups is cset]
    n_cs, n_link = _structs(k)
    k.procs.attach(task, k.memory_root.cgrp)        # back to init_css_set
    assert task.cgroups is k.csets.init_css_set and cset.key not in k.csets.table
    assert _structs(k) == (n_cs, n_link - 1)        # kfree of the link
    k.clock.run_until(k.clock.now_ns + 10_000_000)
    assert _structs(k) == (n_cs - 1, n_link - 1)    # kfree_rcu of the css_set


def test_zombies_share_their_css_set_and_subtree_control_moves_the_live():
    """Two exited, unreaped tasks of a removed cgroup keep it dying through one
    css_set (one reference on its memcg); ``-memory`` in the parent moves the live
    tasks below to css_sets with the parent's memcg (``cgroup_update_dfl_csses``)."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, debug=True)
    run_script(k, V2 + """
mkdir $C/s $C/s/l
echo +memory > $C/s/cgroup.subtree_control
( echo $BASHPID > $C/a/cgroup.procs; sleep 0.1 & sleep 0.1 & exec sleep 100 ) &
h=$!
sleep 100 & echo $! > $C/s/l/cgroup.procs
sleep 1
echo $h > $C/cgroup.procs
rmdir $C/a
echo -memory > $C/s/cgroup.subtree_control
""", "t")
    zombies = [t for t in k.tasks.values() if t.state == "zombie"]
    assert len(zombies) == 2 and zombies[0].cgroups is zombies[1].cgroups
    memcg = zombies[0].cgroups.memcg
    assert memcg.cgroup.removed and memcg.holders.get("css_set") == 1
    pins = walk_pins(k)[memcg]["css_set"]          # --explain: one, named by a zombie
    assert len(pins) == 1 and pins[0].kind == "zombie task" and pins[0].pid in {
        z.pid for z in zombies}
    s = k.memory_root.cgrp.children["s"]
    live = [t for t in k.tasks.values() if t.alive and t.cgroups.get(k.memory_root) is s.children["l"]]
    assert len(live) == 1 and live[0].cgroups.memcg is s.subsys["memory"]
