"""What one memory cgroup costs the host, in bytes, split by who is charged.

Read from the model's own allocations, never estimated: the pages still charged to
the memcg (``memory.usage``), its per-CPU areas (``Percpu.areas_of``: the statistics
charged to the parent it was created under, the percpu_ref counters charged to
nobody) and the slab structures it and its cgroup hold (``Slab.held_of``: struct
mem_cgroup, mem_cgroup_per_node, obj_cgroup, struct cgroup, psi... charged to nobody;
counted at their slab object size, kmalloc's size class), and those of its cgroup
writeback while one holds it (:func:`wb_owners`). Used by ``--explain`` and
by churn's ``pinned_bytes``. The IDR nodes (``radix_tree_node``) that only dying
memcgs' IDs keep are theirs too, shared (:func:`idr_shares`): a removed cgroup's
directory keeps its kernfs inode number until the cgroup is freed, so the leaf of 64
numbers it is in stays when every other number there is gone.

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

from ..kernel.cgroup import FILE_GROUPS, FREED
from ..kernel.idr import RADIX_TREE_MAP_SHIFT
from ..kernel.slab import held_placements
from ..kernel.vmstat import PAGE_SIZE
from ..kernel.xarray import xa_node_cache


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


#: the file groups past ``"self"`` (``FILE_GROUPS``' first), each owner a 3-tuple
_CSS_GROUPS = FILE_GROUPS[1:]
assert FILE_GROUPS[0] == "self"


def kernfs_owners(cgrp) -> tuple:
    """Who holds ``cgrp``'s files' kernfs nodes and names, css by css
    (``CgroupCore.kernfs_owner`` of each of ``FILE_GROUPS``)."""
    return (("kernfs", cgrp), *[("kernfs", cgrp, g) for g in _CSS_GROUPS])


def wb_owners(k, memcg) -> tuple:
    """The memcg's cgroup writeback not yet released (kernel/backing_dev.py ``Cgwb``:
    its ``bdi_writeback`` and per-CPU counters, held as ``("cgwb", wb)``), which
    holds the memcg until its release: ``()`` when it has none."""
    wb = k.cgwb.wbs.get(memcg)
    return () if wb is None else (("cgwb", wb),)


def dying(k) -> list:
    """The dying memcgs not yet freed, the set whose IDs :func:`idr_shares` splits."""
    return [m for m in k.memcg.dying_memcgs() if m.state != FREED]


def memcg_idr_ids(k, memcg, kernfs: tuple | None = None) -> tuple[list, list]:
    """The IDs ``memcg`` and its cgroup hold in the kernel's IDRs, ``[(idr, ids)]``:
    those released with the memory css (``css_release_work_fn`` →
    ``cgroup_idr_remove(&ss->css_idr, ...)``; ``mem_cgroup_id_remove``), then those
    released with the cgroup (``css_free_rwork_fn`` → ``kernfs_put(cgrp->kn)``: the
    directory's inode number; the perf_event and pids csses' IDs). ``kernfs``: the
    cgroup's :func:`kernfs_owners`, if the caller has them."""
    mc = k.memcg
    cg = k.cgroups
    with_css = []
    if memcg.css_id is not None:
        with_css.append((cg.css_idr["memory"], (memcg.css_id,)))
    if mc.idr.get(memcg.id) is memcg:
        with_css.append((mc.idr_nodes, (memcg.id,)))
    cgrp = memcg.cgroup
    ino = cgrp.root.ino_idr
    with_cgroup = []
    d = cg.kernfs_dir_ids.get(cgrp)
    if d is not None:
        with_cgroup.append((ino, (d,)))
    for files in map(cg.kernfs_ids.get, kernfs_owners(cgrp) if kernfs is None else kernfs):
        if files is not None:
            with_cgroup.append((ino, files))
    if cgrp.perf_css_id is not None:
        with_cgroup.append((cg.css_idr["perf_event"], (cgrp.perf_css_id,)))
    pids = k.pids.css.get(cgrp)
    if pids is not None:
        with_cgroup.append((cg.css_idr["pids"], (pids.css_id,)))
    return with_css, with_cgroup


def _emptied(idr, nodes: dict):
    """The nodes of ``idr`` all of whose IDs ``nodes`` holds (leaf index -> [the
    memcgs holding its IDs, how many IDs], or the count alone where none are
    kept), each as the memcgs under it (None where ``nodes`` keeps none): leaf by
    leaf, then parent by parent."""
    count = idr.count
    for level in range(idr.levels):
        up: dict = {}
        for i, v in nodes.items():
            ms, n = (None, v) if type(v) is int else v
            if count[(level, i)] == n:
                yield ms
                p = up.get(i >> RADIX_TREE_MAP_SHIFT)
                if p is None:
                    up[i >> RADIX_TREE_MAP_SHIFT] = [None if ms is None else list(ms), 1]
                else:
                    if ms is not None:
                        p[0].extend(ms)
                    p[1] += 1
        nodes = up


def _held_leaves(k, memcgs, holders: bool) -> dict:
    """idr -> leaf index -> [the memcgs holding IDs there, how many IDs] (the count
    alone unless ``holders``), for the IDs of ``memcgs`` (:func:`memcg_idr_ids`)."""
    held: dict = {}
    for m in memcgs:
        add_leaves(held, memcg_idr_ids(k, m), m if holders else None)
    return held


def add_leaves(held: dict, parts, m=None) -> None:
    """:func:`_held_leaves`' entries for one memcg's IDs (``parts``, from
    :func:`memcg_idr_ids`; a lone ID may be an int), ``m`` listed at their leaves
    unless None: ``[memcgs, count]`` a leaf, or the count alone (an int: no list a
    leaf, as a churn's tracker keeps them, bench/README.md, session 42)."""
    for part in parts:
        for idr, ids in part:
            leaves = held.get(idr)
            if leaves is None:
                leaves = held[idr] = {}
            for id_ in (ids,) if type(ids) is int else ids:
                leaf = id_ >> RADIX_TREE_MAP_SHIFT
                if m is None:
                    leaves[leaf] = leaves.get(leaf, 0) + 1
                    continue
                ms = leaves.get(leaf)
                if ms is None:
                    leaves[leaf] = [[m], 1]
                else:
                    ms[0].append(m)
                    ms[1] += 1


def drop_leaves(held: dict, parts) -> None:
    """Undo :func:`add_leaves` of one memcg's IDs (``parts``, added without the
    memcg: counts; a lone ID may be an int): a leaf none of whose IDs is held any
    more leaves ``held``, as an IDR none of whose leaves is."""
    for part in parts:
        for idr, ids in part:
            leaves = held[idr]
            for id_ in (ids,) if type(ids) is int else ids:
                leaf = id_ >> RADIX_TREE_MAP_SHIFT
                n = leaves[leaf] - 1
                if n:
                    leaves[leaf] = n
                else:
                    del leaves[leaf]
            if not leaves:
                del held[idr]


def idr_shares(k, memcgs) -> dict:
    """Each of ``memcgs``' share of the IDR nodes only their IDs keep (``idr_remove``
    of all of them would empty them: kernel/idr.py), in bytes: a node's
    ``radix_tree_node`` object split evenly among the memcgs holding IDs under it,
    by css serial (the first ones take the remainder). Unaccounted slab. Leaf by
    leaf, then parent by parent: O(IDs)."""
    size = xa_node_cache(k).size
    shares: dict = {}
    for idr, nodes in _held_leaves(k, memcgs, True).items():
        for ms in _emptied(idr, nodes):
            hs = sorted(dict.fromkeys(ms), key=lambda m: m.serial)
            q, r = divmod(size, len(hs))
            for j, m in enumerate(hs):
                shares[m] = shares.get(m, 0) + q + (j < r)
    return shares


def idr_held_bytes(k, memcgs) -> int:
    """The sum of :func:`idr_shares`' values, counted without the memcgs' lists (a
    count per leaf, not a list of the memcgs holding its IDs; churn samples take it
    with the memcgs' costs in one pass: :func:`dying_total`)."""
    return emptied_bytes(k, _held_leaves(k, memcgs, False))


def emptied_bytes(k, held: dict) -> int:
    """The bytes of the IDR nodes all of whose IDs ``held`` (:func:`_held_leaves`)
    holds."""
    size = xa_node_cache(k).size
    return size * sum(sum(1 for _ in _emptied(idr, nodes)) for idr, nodes in held.items())


def memcg_cost(k, memcg, shares: dict | None = None) -> Cost:
    """The bytes ``memcg`` (live or dying) and its cgroup hold until freed
    (``shares``: :func:`idr_shares` of the dying memcgs, if the caller has it)."""
    if shares is None:
        shares = idr_shares(k, dying(k))
    c = Cost(charged_pages=memcg.memory.usage * k.page_size,
             slab_uncharged=shares.get(memcg, 0))
    pc = k.percpu
    owners = (memcg, memcg.cgroup) + wb_owners(k, memcg)
    for owner in owners:
        areas = pc.areas_of(owner)
        for size, objcg, charged in areas.charges() if areas is not None else ():
            if objcg is not None:
                who = objcg.memcg.cgroup.path
                c.charged_percpu[who] = c.charged_percpu.get(who, 0) + charged
            else:
                c.percpu_uncharged += size * k.nr_cpus
    slab = k.slab
    for owner in owners + kernfs_owners(memcg.cgroup):
        held = slab.held_of(owner)
        if held is not None:
            c.slab_uncharged += held.nbytes
    return c


def memcg_cost_total(k, memcg, shares: dict) -> int:
    """``memcg_cost(k, memcg, shares).total`` without the breakdown (no paths, no
    :class:`Cost`)."""
    return _cost_total(k, memcg, kernfs_owners(memcg.cgroup)) + shares.get(memcg, 0)


def dying_total(k, memcgs, unfiled: set | None = None) -> int:
    """What churn samples' ``pinned_bytes`` is for the dying ``memcgs`` (they keep it
    as running totals, workload/metrics.py ``Tracker``; this walks them all):
    :func:`idr_held_bytes` of them plus each one's :func:`memcg_cost_total` (no
    shares), in one pass (each cgroup's :func:`kernfs_owners` made once for both).
    ``unfiled``, kept by the caller across calls: the memcgs whose cgroup was seen
    removed and holding no file of its directory (:func:`holds_files`), whose
    :func:`kernfs_owners` are not looked up again; this adds those it sees."""
    held: dict = {}
    total = 0
    for m in memcgs:
        if unfiled is not None and m in unfiled:
            kernfs: tuple = ()
        else:
            kernfs = kernfs_owners(m.cgroup)
            if unfiled is not None and m.cgroup.removed and not holds_files(k, kernfs):
                unfiled.add(m)
        add_leaves(held, memcg_idr_ids(k, m, kernfs), None)
        total += _cost_total(k, m, kernfs)
    return total + emptied_bytes(k, held)


def holds_files(k, kernfs: tuple) -> bool:
    """Whether any of a cgroup's :func:`kernfs_owners` holds inode numbers or
    ``kernfs_node``s. A removed cgroup that holds none never holds any again:
    ``kernfs_remove`` at rmdir clears them (``CgroupCore.kernfs_clear``) and only a
    cgroup being made or a live one's files are populated (``kernfs_populate``:
    ``cgroup_mkdir``, a live parent's ``cgroup.subtree_control``, a memory css made
    in a cgroup whose own files are there)."""
    ids, structs = k.cgroups.kernfs_ids, k.slab.structs
    return any(o in ids or o in structs for o in kernfs)


def _cost_total(k, memcg, kernfs: tuple) -> int:
    """:func:`memcg_cost_total` less the IDR share, ``kernfs`` the cgroup's
    :func:`kernfs_owners`."""
    return memcg.memory.usage * k.page_size + structs_total(k, memcg, kernfs,
                                                            wb_owners(k, memcg))


def structs_total(k, memcg, kernfs: tuple, wbs: tuple) -> int:
    """:func:`_cost_total` less the charged pages: the per-CPU areas and slab
    structures of the memcg, its cgroup, its writeback (``wbs``:
    :func:`wb_owners`) and the cgroup's files (``kernfs``: :func:`kernfs_owners`)."""
    cgrp = memcg.cgroup
    total = 0
    uncharged = 0
    # Percpu.areas_of: a memcg's and its cgroup's read off them, a wb's looked up
    pcpu = (memcg.pcpu_areas, cgrp.pcpu_areas)
    if wbs:
        pcpu += tuple(k.percpu.areas_of(o) for o in wbs)
    for areas in pcpu:
        if areas is not None:
            charged, size = areas.cost_split()
            total += charged
            uncharged += size
    total += uncharged * k.nr_cpus
    # Slab.held_of: a memcg's and its cgroup's read off them, the tuples looked up
    for held in (memcg.held_structs, cgrp.held_structs,
                 *map(k.slab.structs.get, wbs + kernfs)):
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
    """The sum over ``memcgs`` (the dying ones, whose IDR nodes they share)."""
    shares = idr_shares(k, memcgs)
    return sum_costs(memcg_cost(k, m, shares) for m in memcgs)


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
    kernfs node); the IDR nodes their IDs alone kept (:func:`memcg_idr_ids`) with
    them."""
    slab = k.slab
    cpu = slab._cpu()
    lists: dict = {}
    pc = k.percpu
    used: dict = {}
    #: per chunk list, its wholly free chunk (``pcpu_balance_free`` keeps one)
    free_chunks = {id(lst): next((c for c in lst if c.used == 0 and not c.first
                                  and not c.boot and not c.isolated), None)
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

    node_cache = xa_node_cache(k)
    idr_left: dict = {}

    def idr_nodes(g, released) -> None:
        """The IDR nodes the IDs ``released`` empty (``radix_tree_node_rcu_free``
        a grace period after the ``idr_remove``), counted to ``g``."""
        for idr, ids in released:
            for key in idr.emptied_by(ids, idr_left.setdefault(idr, {})):
                g.slab += (copied(node_cache).free(cpu, idr.nodes[key])
                           * node_cache.pagesperslab * PAGE_SIZE)

    released = [memcg_idr_ids(k, m) for m in memcgs]
    # the memory css: its IDs' nodes (queued by css_release_work_fn before the css's
    # free), then its structures; the cgroup: its structures, then the nodes of its
    # directory's inode number and its other csses' IDs
    for phase in (0, 1):
        for m, g, ids in zip(memcgs, each, released):
            at[0] = g
            if phase == 0:
                idr_nodes(g, ids[0])
            # the memcg's writeback first: its release puts the memcg's css
            for owner in (wb_owners(k, m) + (m,) if phase == 0
                          else (m.cgroup,) + kernfs_owners(m.cgroup)):
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
                        # pcpu_balance_free: the wholly free chunk there was goes,
                        # this one, emptied last, stays
                        lst = pc.chunks if chunk in pc.chunks else pc.memcg_chunks
                        other = free_chunks[id(lst)]
                        if other is not None:
                            g.percpu += len(other.populated) * k.nr_cpus * PAGE_SIZE
                        free_chunks[id(lst)] = chunk
            if phase == 1:
                idr_nodes(g, ids[1])
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
