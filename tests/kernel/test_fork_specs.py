"""fork's one list of objects (``SlabSpecs``): known only when every object was
allocated, and a fork's other steps taken whatever the list did."""
from __future__ import annotations

from memcgsim import Kernel

V1_MEMORY = "/sys/fs/cgroup/memory"


def test_fork_short_of_slab_objects_still_copies_the_mm():
    """A v1 kmem limit (5.12 enforces it) that refuses the fork's objects: the fork
    goes on without them, the child still maps the parent's anon pages, and
    neither its task structures nor its mm are taken for what the lists were."""
    k = Kernel(design="5.12", cgroup="v1")
    init = k.spawn("bash")
    k.mkdir(V1_MEMORY + "/job", init)
    t = k.fork(init)
    k.write(V1_MEMORY + "/job/cgroup.procs", str(t.pid), init)
    k.alloc_anon(t, 10 * 4096)
    used = int(k.read(V1_MEMORY + "/job/memory.kmem.usage_in_bytes", init))
    # room for the kernel stack, none for the objects past the stock
    k.write(V1_MEMORY + "/job/memory.kmem.limit_in_bytes", str(used + 4 * 4096), init)
    c = k.fork(t)
    assert k.slab.short
    specs = k.procs._slab_specs(k.sizes.task_slab)
    assert sum(n for _, n in c.slab.counts()) < specs.nr_objs
    assert c.slab.short and c.mm.slab.short
    # the child's mm, short, is forked again as its counts
    assert k.procs._mm_specs(c.mm) == c.mm.slab.counts() != c.mm.slab.specs
    assert c.mm.anon == t.mm.anon and len(c.mm.anon) >= 10
    k.exit(c)
    k.reap(c)
    k.advance_to(k.now + 1)         # the RCU free of its task structures
    assert int(k.read(V1_MEMORY + "/job/memory.kmem.usage_in_bytes", init)) <= used + 4 * 4096


def test_fork_of_a_task_without_mm_keeps_its_task_structures_specs():
    """A task without a mm (a kernel thread) forks its task structures alone,
    uncharged, and they are known for the RCU free."""
    k = Kernel(design="5.13", cgroup="v2")
    kt = k.procs.new_task("kworker/0:1", k.init)
    kt.cgroups = k.init.cgroups
    specs = k.procs._task_specs()
    before = [c.nr_objs for c, _ in specs]
    c = k.procs.fork(kt)
    records = c.task_records()      # by where they are freed (late_frees)
    assert c.mm is None and len(records) == 3
    assert [r.specs for r in records] == list(k.procs.task_parts())
    assert sum((r.counts() for r in records), []) == list(specs)
    assert all(not r.short and r.objcg is None and r in k.slab.held_objs for r in records)
    assert [c.nr_objs for c, _ in specs] == [b + n for b, (_, n) in zip(before, specs)]
    k.procs.exit(c)
    k.procs.release_task(c)     # its parent's wait: delayed_put_task_struct
    k.advance_to(k.now + 1)
    assert [c.nr_objs for c, _ in specs] == before
    assert not any(r in k.slab.held_objs for r in records)
