"""What one memory cgroup costs the host, in bytes, split by who is charged.

Read from the model's own allocations, never estimated: the pages still charged to
the memcg (``memory.usage``), its per-CPU areas (``Percpu.areas``: the statistics
charged to the parent it was created under, the percpu_ref counters charged to
nobody) and the slab structures it and its cgroup hold (``Slab.structs``: struct
mem_cgroup, mem_cgroup_per_node, obj_cgroup, struct cgroup, psi... charged to nobody;
counted at their slab object size, kmalloc's size class). Used by ``--explain`` and
by churn's ``pinned_bytes``.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Cost:
    """Bytes one memcg holds on the host."""
    #: pages charged to the memcg itself (page cache, kmem pages it pins)
    charged_pages: int = 0
    #: per-CPU areas charged, by the memcg they are charged to now (path)
    charged_percpu: dict = field(default_factory=dict)
    #: per-CPU areas charged to nobody (percpu_ref counters, psi, rstat...)
    percpu_uncharged: int = 0
    #: slab structures charged to nobody (the memcg's and its cgroup's)
    slab_uncharged: int = 0

    @property
    def charged(self) -> int:
        return self.charged_pages + sum(self.charged_percpu.values())

    @property
    def uncharged(self) -> int:
        return self.percpu_uncharged + self.slab_uncharged

    @property
    def total(self) -> int:
        return self.charged + self.uncharged

    def as_dict(self) -> dict:
        return dict(asdict(self), charged=self.charged, uncharged=self.uncharged,
                    total=self.total)


def memcg_cost(k, memcg) -> Cost:
    """The bytes ``memcg`` (live or dying) and its cgroup hold until freed."""
    c = Cost(charged_pages=memcg.memory.usage * k.page_size)
    pc = k.percpu
    owners = (memcg, memcg.cgroup)
    for owner in owners:
        for _chunk, _off, size, objcg, charged in pc.areas.get(owner, ()):
            if objcg is not None:
                who = objcg.memcg.cgroup.path
                c.charged_percpu[who] = c.charged_percpu.get(who, 0) + charged
            else:
                c.percpu_uncharged += size * k.nr_cpus
    slab = k.slab
    for owner in owners + (("kernfs", memcg.cgroup),):
        for held in slab.structs.get(owner, ()):
            c.slab_uncharged += slab.by_id[held[0]].size * held[1]
    return c


def memcg_cost_total(k, memcg) -> int:
    """``memcg_cost(k, memcg).total`` without the breakdown (no paths, no
    :class:`Cost`): what churn samples add up for every dying memcg."""
    pc = k.percpu
    owners = (memcg, memcg.cgroup)
    total = memcg.memory.usage * k.page_size
    uncharged = 0
    for owner in owners:
        for _chunk, _off, size, objcg, charged in pc.areas.get(owner, ()):
            if objcg is not None:
                total += charged
            else:
                uncharged += size
    total += uncharged * k.nr_cpus
    structs, by_id = k.slab.structs, k.slab.by_id
    for owner in owners + (("kernfs", memcg.cgroup),):
        for held in structs.get(owner, ()):
            total += by_id[held[0]].size * held[1]
    return total


def sum_costs(costs) -> Cost:
    """The sum of ``costs`` (:class:`Cost` objects or their ``as_dict``)."""
    total = Cost()
    for c in costs:
        if isinstance(c, dict):
            c = Cost(c["charged_pages"], c["charged_percpu"], c["percpu_uncharged"],
                     c["slab_uncharged"])
        total.charged_pages += c.charged_pages
        total.percpu_uncharged += c.percpu_uncharged
        total.slab_uncharged += c.slab_uncharged
        for who, b in c.charged_percpu.items():
            total.charged_percpu[who] = total.charged_percpu.get(who, 0) + b
    return total


def dying_cost(k, memcgs) -> Cost:
    """The sum over ``memcgs``."""
    return sum_costs(memcg_cost(k, m) for m in memcgs)
