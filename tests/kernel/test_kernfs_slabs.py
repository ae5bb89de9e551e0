"""The model's SLUB (kernel/slub.py) against the guests' own order of kernfs_node
allocations and frees over cgroup-cost.sh's 1000 mkdirs and rmdirs at 8 CPUs
(tools/sizes/kernfs-slab-trace.sh, tools/sizes/kernfs_slabs.py; docs/fidelity.md item
85, session 25): fed the guest's order it keeps the guest's slabs, on the same CPUs'
partial lists; and the model boots, as the guests do, with a kernfs_node_cache CPU
slab with room on every CPU (kernel/sizes ``slub_boot``)."""
import importlib.util
import os

from memcgsim import Kernel

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
RECORDINGS = os.path.join(ROOT, "tools", "sizes", "recordings")


def _tool():
    spec = importlib.util.spec_from_file_location(
        "kernfs_slabs", os.path.join(ROOT, "tools", "sizes", "kernfs_slabs.py"))
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    return tool


def _replayed(name: str):
    tool = _tool()
    path = os.path.join(RECORDINGS, name)
    order, cpus, design = tool.guest_order(path)
    s0, _, boot_partial = tool.guest_lists(path, "s0")
    sl, made = tool.replay(order, cpus, design, boot_partial)
    s1, partial, per_cpu = tool.guest_lists(path, "r1")
    return (order, cpus, design), (made, len(sl.node_partial),
                                   {c: len(v) for c, v in sl.cpu_partial.items() if v}), \
        (s1 - s0, partial, {c: n for c, n in per_cpu.items() if n})


def test_the_guests_order_keeps_the_guests_kernfs_slabs_on_5_10():
    """5.10 at 8 CPUs: 29 nodes a child (its directory and 28 files), all 29000 freed
    by the rmdirs and the css_free work; the guest kept 145 slabs: 12 on the node's
    partial list, 133 on the CPUs' partial lists, each CPU's what its
    ``put_cpu_partial``s from frees into full slabs left over a multiple of 31 (its
    ``pobjects`` past ``cpu_partial`` 30 unfreezes the list); the model's SLUB fed
    the same order keeps the same slabs on the same CPUs."""
    (order, cpus, design), model, guest = _replayed("kernfs-slab-trace--5.10-v2-8cpu.txt.gz")
    assert (cpus, design) == (8, "5.10")
    assert sum(1 for o in order if o[0] == "a") == sum(1 for o in order if o[0] == "f") == 29000
    assert guest == (145, 12, {0: 15, 1: 1, 2: 28, 3: 11, 4: 23, 5: 28, 6: 21, 7: 6})
    assert model == guest


def test_the_guests_order_keeps_the_guests_kernfs_slabs_on_6_1():
    """6.1 at 8 CPUs: 35 nodes a child; the per-CPU partial lists count slabs
    (``cpu_partial_slabs`` 8): the guest kept 52 slabs more than before the mkdirs,
    13 on the node's list and 40 on the CPUs' (one of them the boot's); the model's
    SLUB fed the same order leaves the same slabs on every CPU's list and 11 on the
    node's (two slabs short: objects from before the trace, not placed)."""
    (order, cpus, design), model, guest = _replayed("kernfs-slab-trace--6.1-v2-8cpu.txt.gz")
    assert (cpus, design) == (8, "6.1")
    assert sum(1 for o in order if o[0] == "a") == 35000
    cpu_lists = {0: 7, 1: 6, 2: 8, 3: 1, 4: 7, 5: 3, 6: 7, 7: 1}
    assert guest == (52, 13, cpu_lists)
    assert model == (50, 11, cpu_lists)


def test_the_boot_leaves_a_kernfs_cpu_slab_with_room_on_every_cpu():
    """The guests' boot (tools/sizes/recordings/slub-boot-cpus--*-v2-8cpu.txt):
    kernfs_node_cache ``cpu_slabs`` 8 at 8 CPUs, 150 (5.10) and 136 (6.1) objects
    free in them; the model's first nodes on each CPU go there, no new slab."""
    for design, free in (("5.10", 150), ("6.1", 136)):
        k = Kernel(design=design, cgroup="v2", nr_cpus=8, init="busybox", userland="busybox")
        sl = k.slab.cache("kernfs_node_cache", k.sizes.size("kernfs_node"), account=False).slub
        assert None not in sl.cpu_slab and len(sl.cpu_slab) == 8
        assert sum(sl.objects - sl.inuse[s] for s in sl.cpu_slab) == free
        assert not sl.node_partial and not any(sl.cpu_partial.values())
