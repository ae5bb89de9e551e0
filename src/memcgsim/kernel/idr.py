"""lib/idr.c and lib/radix-tree.c as far as Slab is concerned: the radix tree
nodes an IDR allocates for the IDs in use, placed by SLUB on the CPU that makes
and frees them.

An IDR is a radix tree of ``radix_tree_node`` (``XA_CHUNK_SIZE`` = 64 slots,
from ``radix_tree_node_cachep``: SLAB_RECLAIM_ACCOUNT, unaccounted). The first ID
in a leaf's range allocates the leaf (``radix_tree_extend`` / ``idr_get_free`` →
``radix_tree_node_alloc``, on the allocating CPU), and the first leaf under an
interior node that node; ``idr_remove`` of a leaf's last ID frees it
(``__radix_tree_delete`` → ``delete_node`` → ``radix_tree_node_free``:
``call_rcu``, so ``kmem_cache_free`` runs after a grace period on the removing
CPU), and its parent with its last child. The tree's top node stays. The per-CPU
preload pools (``idr_preload``: filled once, used only when an atomic allocation
fails) are the boot's.

IDs taken cyclically (``idr_alloc_cyclic``: kernfs inode numbers) grow past those
freed, so every 64 new ones take a new leaf; where the removals run on several
CPUs the emptied leaves sit on several CPUs' partial lists and SLUB keeps their
slabs (the 4- and 8-CPU guests' cgroup-cost runs free none of the kernfs IDR's
slabs, the 1- and 2-CPU ones all but the 13 or 14 one CPU's partial list holds:
tests/conformance/recordings/cgroup-cost-*.txt, ``radix_tree_node``).
"""
from __future__ import annotations

import heapq
from typing import TYPE_CHECKING

from .xarray import xa_node_cache

if TYPE_CHECKING:
    from . import KernelCore

#: ``RADIX_TREE_MAP_SHIFT``: 64 slots per node
RADIX_TREE_MAP_SHIFT = 6
#: levels below the top node modelled by default: the leaves and their parents
#: (4096 IDs each: enough below a top node covering 262144 IDs, as kernfs's)
IDR_LEVELS = 2


class Idr:
    """One IDR's nodes: ``(level, index)`` -> live IDs (leaves) or live children.
    ``levels``: the levels below the top node, which stays (1 for an IDR of fewer
    than 4096 IDs: its leaves)."""
    __slots__ = ("k", "name", "next", "count", "levels", "_free", "nodes")

    def __init__(self, k: "KernelCore", name: str, first_id: int = 1,
                 levels: int = IDR_LEVELS) -> None:
        self.k = k
        self.name = name
        self.levels = levels
        #: ``idr->idr_next``: where ``idr_alloc_cyclic`` looks first
        self.next = first_id
        self.count: dict[tuple[int, int], int] = {}
        #: IDs removed below ``next`` (``alloc`` takes the lowest)
        self._free: list[int] = []
        #: ``(level, index)`` -> where SLUB placed that node (``KmemCache.place``:
        #: ``(slab id, count)`` pairs): the IDR's own record of its live nodes. An
        #: emptied node's record leaves with its RCU free, so a node made again
        #: before that free has its own
        self.nodes: dict[tuple[int, int], list] = {}

    def _cache(self):
        """``radix_tree_node_cachep``, shared with the page cache's xarrays (an IDR's
        nodes are not ``__GFP_ACCOUNT``: held as unaccounted structures)."""
        return xa_node_cache(self.k)

    def alloc_cyclic(self, n: int) -> range:
        """``n`` IDs by ``idr_alloc_cyclic`` one after another, on this CPU."""
        start = self.next
        self.next = start + n
        self._add(start, start + n, 1)
        return range(start, start + n)

    def boot(self, n: int) -> int:
        """``n`` IDs taken at boot one after another (their nodes are the boot's
        slab: counted, not placed); the first of them."""
        start = self.next
        self.next = start + n
        shift = RADIX_TREE_MAP_SHIFT
        count = self.count
        for id_ in range(start, start + n):
            index = id_ >> shift
            for level in range(self.levels):
                key = (level, index)
                was = count.get(key, 0)
                count[key] = was + 1
                if was:
                    break
                index >>= shift
        return start

    def alloc(self) -> int:
        """``idr_alloc``: the lowest free ID (from ``first_id``), on this CPU."""
        id_ = heapq.heappop(self._free) if self._free else self.next
        if id_ == self.next:
            self.next += 1
        self._add(id_, id_ + 1, 1)
        return id_

    def free(self, id_: int) -> None:
        """``idr_remove`` of an ID :meth:`alloc` gave, on this CPU."""
        heapq.heappush(self._free, id_)
        self._add(id_, id_ + 1, -1)

    def take(self, id_: int) -> None:
        """An ID chosen by the caller's ``idr_alloc`` (the lowest free), on this CPU."""
        self._add(id_, id_ + 1, 1)

    def remove(self, ids: range) -> None:
        """``idr_remove`` of each of ``ids``, on this CPU."""
        self._add(ids.start, ids.stop, -1)

    def _add(self, start: int, stop: int, d: int) -> None:
        """Count the IDs ``start`` to ``stop - 1`` in (``d`` = 1) or out (-1) of their
        leaves, leaf by leaf in order; a node made or emptied counts in or out of
        its parent, level by level."""
        if start >= stop:
            return
        count = self.count
        shift = RADIX_TREE_MAP_SHIFT
        last = (stop - 1) >> shift
        deltas: dict[int, int] | None = None
        index = start >> shift
        lo = start
        while True:
            # the leaves (usually one or two): those that stay in use only counted
            hi = stop if index == last else (index + 1) << shift
            key = (0, index)
            was = count.get(key, 0)
            now = was + (hi - lo) * d
            if was and now > 0:
                count[key] = now
            else:
                if deltas is None:
                    deltas = {}
                deltas[index] = (hi - lo) * d
            if index == last:
                break
            index += 1
            lo = hi
        if deltas is None:
            return
        k = self.k
        # one ``d`` a call: every node made (or emptied) steps its parent the same
        # way, so no parent's step sums to 0 and each level's steps are the next's
        for level in range(self.levels):
            up: dict[int, int] = {}
            for index, step in deltas.items():
                key = (level, index)
                was = count.get(key, 0)
                now = was + step
                if now > 0:
                    count[key] = now
                    if was:
                        continue
                    t = k.current
                    self.nodes[key] = self._cache().place(1, t.cpu if t is not None else 0)
                    step = 1
                elif now == 0:
                    del count[key]
                    placed = self.nodes.pop(key, None)      # None: a boot node
                    if placed is not None:
                        cpu = k.current.cpu
                        k.clock.call_rcu(k.call_on_cpu, cpu, self._node_rcu_free,
                                         placed, cpu=cpu)
                    step = -1
                else:
                    raise ValueError(f"{self.name}: removing IDs not allocated")
                index >>= shift
                up[index] = up.get(index, 0) + step
            if not up:
                break
            deltas = up

    def _node_rcu_free(self, placed: list) -> None:
        """``radix_tree_node_rcu_free`` of a node placed at ``placed``, on the CPU
        that queued it (``call_on_cpu``)."""
        t = self.k.current
        self._cache().unplace(placed, t.cpu if t is not None else 0, len(placed))

    def emptied_by(self, ids, left: dict) -> list[tuple[int, int]]:
        """The nodes ``idr_remove`` of each of ``ids`` would empty, leaves first,
        counted on ``left`` (a trial overlay of the counts: ``(level, index)`` -> live
        IDs or children, filled from the IDR's as read; the IDR is not changed)."""
        out = []
        count = self.count
        shift = RADIX_TREE_MAP_SHIFT
        for id_ in ids:
            index = id_ >> shift
            for level in range(self.levels):
                key = (level, index)
                n = left.get(key)
                n = (count[key] if n is None else n) - 1
                left[key] = n
                if n:
                    break
                out.append(key)
                index >>= shift
        return out

    def nr_nodes(self) -> int:
        """Nodes allocated (the leaves and their parents)."""
        return len(self.count)
