"""What one memory cgroup costs the host, in bytes, split by who is charged.

Read from the model's own allocations, never estimated: the pages still charged to
the memcg (``memory.usage``), its per-CPU areas (``Percpu.areas_of``: the statistics
charged to the parent it was created under, the percpu_ref counters charged to
nobody) and the slab structures it and its cgroup hold (``Slab.held_of``: struct
mem_cgroup, mem_cgroup_per_node, obj_cgroup, struct cgroup, psi... charged to nobody;
counted at their slab object size, kmalloc's size class). Used by ``--explain`` and
by churn's ``pinned_bytes``.

What the structures cost is not what freeing them gives back (:func:`give_back`): a
slab goes only when its last object does and SLUB lets it go (kernel/slub.py: empty
slabs stay frozen on per-CPU partial lists and on the node's list while it is short),
and a per-CPU area's pages stay populated until its whole chunk is free and another
free chunk is kept. ``give_back`` tries the frees on copies of the slab lists and the
chunks' usage: the bytes ``/proc/meminfo`` Slab and Percpu would drop by, and the
pages charged to the memcgs (MemFree). Checked against the real kernels by
tests/analysis/test_give_back.py (the dying-cost recordings).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..kernel.slab import held_placements
from ..kernel.vmstat import PAGE_SIZE


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
        areas = pc.areas_of(owner)
        for size, objcg, charged in areas.charges() if areas is not None else ():
            if objcg is not None:
                who = objcg.memcg.cgroup.path
                c.charged_percpu[who] = c.charged_percpu.get(who, 0) + charged
            else:
                c.percpu_uncharged += size * k.nr_cpus
    slab = k.slab
    for owner in owners + (("kernfs", memcg.cgroup),):
        held = slab.held_of(owner)
        if held is not None:
            c.slab_uncharged += held.nbytes
    return c


def memcg_cost_total(k, memcg) -> int:
    """``memcg_cost(k, memcg).total`` without the breakdown (no paths, no
    :class:`Cost`): what churn samples add up for every dying memcg."""
    owners = (memcg, memcg.cgroup)
    total = memcg.memory.usage * k.page_size
    uncharged = 0
    for owner in owners:
        areas = owner.pcpu_areas     # Percpu.areas_of of a memcg or cgroup
        for size, objcg, charged in areas.charges() if areas is not None else ():
            if objcg is not None:
                total += charged
            else:
                uncharged += size
    total += uncharged * k.nr_cpus
    held_of = k.slab.held_of
    for owner in owners + (("kernfs", memcg.cgroup),):
        held = held_of(owner)
        if held is not None:
            total += held.nbytes
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


@dataclass
class GiveBack:
    """Bytes the host gets back when memcgs are freed."""
    #: pages still charged to them (freed first: MemFree)
    pages: int = 0
    #: slab pages SLUB frees with their structures (/proc/meminfo Slab)
    slab: int = 0
    #: per-CPU pages freed with chunks left wholly free (/proc/meminfo Percpu)
    percpu: int = 0

    @property
    def total(self) -> int:
        """Everything given back."""
        return self.pages + self.slab + self.percpu

    def as_dict(self) -> dict:
        """As --explain --json has it (docs/explain.schema.json ``give_back``)."""
        return dict(asdict(self), total=self.total)


def give_back(k, memcgs) -> tuple[GiveBack, list[GiveBack]]:
    """What freeing ``memcgs`` (in this order, on the current CPU) gives back: in
    total, and per memcg (the slabs and chunks each one's frees let go). As the
    kernel frees them: every memory css first (``css_free_rwork_fn`` →
    ``mem_cgroup_css_free``, which puts the cgroup), then, a grace period later,
    every cgroup (the self css's ``css_free_rwork_fn`` → ``cgroup_free``, its
    kernfs node)."""
    slab = k.slab
    cpu = slab._cpu()
    lists: dict = {}
    pc = k.percpu
    used: dict = {}
    free_chunks = {id(lst): sum(1 for c in lst if c.used == 0 and not c.first)
                   for lst in (pc.chunks, pc.memcg_chunks)}
    each = [GiveBack(pages=m.memory.usage * k.page_size) for m in memcgs]
    at: list = [None]       # the GiveBack a discarded slab's vector counts to

    def copied(cache):
        """The trial copy of ``cache``'s lists, a discarded slab's ``obj_cgroups``
        vector freed in the copy of its kmalloc cache's (kernel/slub.py)."""
        sl = lists.get(cache)
        if sl is None:
            sl = lists[cache] = cache.slub.copy()
            if cache.slub.vec_cache is not None:
                sl.vec_cache = _TrialVecs(cache.slub.vec_cache, copied, at)
        return sl

    for phase in (lambda m: (m,), lambda m: (m.cgroup, ("kernfs", m.cgroup))):
        for m, g in zip(memcgs, each):
            at[0] = g
            for owner in phase(m):
                for held in slab.held_of(owner) or ():
                    cache = slab.by_id[held[0]]
                    # an accounted twin's objects are in its shared cache's slabs
                    cache = cache.twin_of or cache
                    g.slab += (copied(cache).free(cpu, held_placements(held))
                               * cache.pagesperslab * PAGE_SIZE)
                for chunk, _off, size, _o, _charged in pc.areas_of(owner) or ():
                    if chunk.first:
                        continue
                    left = used.get(chunk, chunk.used) - size
                    used[chunk] = left
                    if left == 0:
                        # pcpu_balance_free: it goes if another wholly free chunk stays
                        lst = pc.chunks if chunk in pc.chunks else pc.memcg_chunks
                        if free_chunks[id(lst)]:
                            g.percpu += len(chunk.populated) * k.nr_cpus * PAGE_SIZE
                        else:
                            free_chunks[id(lst)] += 1
    return sum_give_backs(each), each


class _TrialVecs:
    """The vectors' kmalloc cache as a trial copy of slab lists sees it
    (``SlubLists.vec_cache``): a vector freed with its slab goes to the copy of that
    cache's lists, the slabs it discards counted to the memcg being freed."""
    __slots__ = ("cache", "copied", "at")

    def __init__(self, cache, copied, at: list) -> None:
        self.cache = cache
        self.copied = copied
        self.at = at

    def unplace(self, placements, cpu: int, n: int | None = None) -> None:
        """``kfree`` of vectors, in the trial copy."""
        c = self.cache
        self.at[0].slab += (self.copied(c).free(cpu, placements)
                            * c.pagesperslab * PAGE_SIZE)


def sum_give_backs(backs) -> GiveBack:
    """The sum of ``backs`` (:class:`GiveBack` objects or their ``as_dict``)."""
    total = GiveBack()
    for b in backs:
        if isinstance(b, dict):
            b = GiveBack(b["pages"], b["slab"], b["percpu"])
        total.pages += b.pages
        total.slab += b.slab
        total.percpu += b.percpu
    return total
