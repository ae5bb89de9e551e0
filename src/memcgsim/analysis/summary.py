"""A run's summary: the counts ``memcgsim compare`` shows for each design."""
from __future__ import annotations


def summary(k) -> dict:
    """What a design did: the memory line's ``num_cgroups`` of /proc/cgroups, the
    dying memory cgroups (offline, not yet freed), the root's
    ``nr_dying_descendants``, the usage in bytes of each of the root's children,
    and the simulated time in seconds."""
    mr = k.memory_root
    dying = sum(1 for m in k.memcg.dying_memcgs())
    children = {}
    for name, c in sorted(mr.cgrp.children.items()):
        m = c.subsys.get("memory")
        if m is not None:
            children[name] = m.memory.usage * k.page_size
    return {"design": k.design.name, "num_cgroups": mr.nr_cgrps, "dying_memcgs": dying,
            "nr_dying_descendants": mr.cgrp.nr_dying_descendants,
            "children_usage_bytes": children, "simulated_seconds": round(k.now, 6)}
