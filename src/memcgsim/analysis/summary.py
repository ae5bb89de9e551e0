"""A run's summary: the counts ``memcgsim compare`` shows for each design."""
from __future__ import annotations


#: /proc/meminfo's kernel-memory lines the summary keeps
MEMINFO_FIELDS = ("Slab", "SUnreclaim", "KernelStack", "PageTables", "Percpu")


def summary(k) -> dict:
    """What a design did: the memory line's ``num_cgroups`` of /proc/cgroups, the
    dying memory cgroups (offline, not yet freed), the root's
    ``nr_dying_descendants``, the usage in bytes of each of the root's children,
    what the dying memcgs cost the host in bytes (``dying_host_bytes``:
    analysis/cost.py, as ``--explain`` counts it), the kernel memory /proc/meminfo
    shows in kB (``meminfo_kb``: Slab, SUnreclaim, KernelStack, PageTables,
    Percpu) and the simulated time in seconds."""
    from ..fs.procglobal import meminfo_values
    from .explain import dying_bytes
    mr = k.memory_root
    meminfo = meminfo_values(k)
    dying = sum(1 for m in k.memcg.dying_memcgs())
    children = {}
    for name, c in sorted(mr.cgrp.children.items()):
        m = c.subsys.get("memory")
        if m is not None:
            children[name] = m.memory.usage * k.page_size
    return {"design": k.design.name, "num_cgroups": mr.nr_cgrps, "dying_memcgs": dying,
            "nr_dying_descendants": mr.cgrp.nr_dying_descendants,
            "children_usage_bytes": children, "dying_host_bytes": dying_bytes(k)["total"],
            "meminfo_kb": {f: meminfo[f] for f in MEMINFO_FIELDS},
            "simulated_seconds": round(k.now, 6)}
