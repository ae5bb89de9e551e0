"""SLUB's slab lists of one cache: which slabs stay allocated as objects come and go.

Every object of a cache is placed here (kernel/slab.py): the kernel's unaccounted
structures and, in the objcg design, the accounted objects, on the CPU of the task
that allocates or frees each.

A slab (``slab_order`` pages holding ``objperslab`` objects) is in one of four places
(mm/slub.c):

- a CPU's slab (``c->page`` / ``c->slab``): allocations on that CPU take its objects;
- a CPU's partial list (``c->partial``, ``put_cpu_partial``): a full slab that an
  object was freed from goes there, frozen, on the freeing CPU;
- the node's partial list (``n->partial``): slabs with free objects that no CPU holds;
- nowhere: full slabs.

A slab is freed (``discard_slab``) only when it is empty and not frozen, and then only
if the node keeps at least ``min_partial`` partial slabs (``__slab_free``,
``unfreeze_partials``): empty slabs on a CPU's partial list, or on the node's list
while it is short, stay allocated and on ``/proc/meminfo`` Slab.

How long a CPU's partial list may grow is a design switch (``slub_cpu_partial``):

- "objects" (v5.10): ``s->cpu_partial`` free objects (``set_cpu_partial``: 2 for
  objects of a page or more, 6 from 1 KiB, 13 from 256 bytes, else 30);
  ``put_cpu_partial`` unfreezes the whole list when the head's ``pobjects`` exceeds it;
- "slabs" (from Linux commit b47291ef02b0 ("mm, slub: change percpu partial accounting
  from objects to pages") (in v5.16)): ``s->cpu_partial_slabs`` =
  ``DIV_ROUND_UP(nr_objects * 2, objects per slab)`` with ``nr_objects`` 6 / 24 / 52 /
  120; the list is unfrozen when it already holds that many slabs.

``get_partial_node`` refills a CPU from the node's list: the first slab becomes the CPU
slab and more go to the CPU's partial list until more than half of the limit is
taken (free objects on "objects", slabs on "slabs").

A slab page that holds accounted objects carries an ``obj_cgroups`` vector, one
pointer an object (mm/slab.h ``memcg_slab_post_alloc_hook`` →
``memcg_alloc_page_obj_cgroups``: ``kcalloc(objects, sizeof(struct obj_cgroup *))``
without ``__GFP_ACCOUNT``), an object of another kmalloc cache, freed with the slab
page (``unaccount_slab_page`` → ``memcg_free_page_obj_cgroups``, v5.10). The lists
keep which slabs have one and where it sits (``vecs``), allocated by kernel/slab.py
``Slab.memcg_alloc_page_obj_cgroups``; a discarded slab's vector is freed once the
free that discarded it is done (``vec_cache``).

The lists start as the guest's boot leaves them (:meth:`SlubLists.seed`, from
kernel/sizes ``slub_boot``): each CPU's slab with room, its partial list, the node's
partial slabs, holding the boot's objects, which the model never frees (at 8 CPUs
5.10's kmalloc-4k has a CPU slab with 6 of 8 objects free on every CPU: the first
mkdir on each CPU takes no new slab).
"""
from __future__ import annotations

from array import array
from typing import Any, Callable

from .vmstat import PAGE_SIZE
#: ``MIN_PARTIAL`` / ``MAX_PARTIAL`` (mm/slub.c)
MIN_PARTIAL = 5
MAX_PARTIAL = 10


def min_partial(size: int) -> int:
    """``set_min_partial(s, ilog2(s->size) / 2)``, clamped to [5, 10]."""
    return min(max((size.bit_length() - 1) // 2, MIN_PARTIAL), MAX_PARTIAL)


def cpu_partial_objects(size: int) -> int:
    """``set_cpu_partial`` (v5.10: ``s->cpu_partial``; v5.16+: ``nr_objects``)."""
    return 2 if size >= PAGE_SIZE else 6 if size >= 1024 else 13 if size >= 256 else 30


def cpu_partial_nr_objects(size: int) -> int:
    """``set_cpu_partial`` from v5.16: the objects ``slub_set_cpu_partial`` turns into
    ``cpu_partial_slabs``."""
    return 6 if size >= PAGE_SIZE else 24 if size >= 1024 else 52 if size >= 256 else 120


# where a slab is (``GONE``: discarded, its id never reused)
FULL, CPU, CPU_PARTIAL, NODE, GONE = 0, 1, 2, 3, 4
#: frozen slabs (held by a CPU): a free leaves them where they are
FROZEN = frozenset((CPU, CPU_PARTIAL))
#: the same by ``where`` value, read as ``IS_FROZEN[where[sid]]`` on the free paths (a
#: tuple's int subscript is specialized in 3.11, ``in`` a frozenset is not)
IS_FROZEN = tuple(w in FROZEN for w in range(GONE + 1))


class SlubLists:
    """One cache's slabs (``inuse`` per slab) and where each is: columns by slab id
    (ids count up, never reused; a discarded slab's column entries are 0 and
    ``GONE``), a list entry and a byte a slab instead of two dict entries and an
    int (issue 14: the dentry slabs a churn lifecycle's dying memcg keeps)."""
    __slots__ = ("objects", "min_partial", "by_slabs", "limit", "inuse", "where",
                 "cpu_slab", "cpu_partial", "node_partial", "_next", "nr", "vecs",
                 "vec_cache", "dead_vecs", "new_slab_vec", "on_pages")

    def __init__(self, size: int, objperslab: int, mode: str, nr_cpus: int) -> None:
        self.objects = objperslab
        self.min_partial = min_partial(size)
        self.by_slabs = mode == "slabs"
        if self.by_slabs:
            self.limit = -(-cpu_partial_nr_objects(size) * 2 // objperslab)
        else:
            self.limit = cpu_partial_objects(size)
        #: slab id -> objects in use; slab id -> FULL/CPU/CPU_PARTIAL/NODE/GONE
        self.inuse: list[int] = []
        self.where: list[int] = []
        #: slabs allocated (not ``GONE``)
        self.nr = 0
        #: by CPU its slab (``s->cpu_slab``'s ``c->slab``), None for none: a list
        #: indexed by the CPU, read by a subscript where a dict's ``get`` is a call
        #: (~230 reads a churn lifecycle: bench/README.md, session 28 churn28);
        #: cpu -> its partial list [(slab id, pobjects or slabs)], head last; the
        #: node's partial list (insertion-ordered, head first)
        self.cpu_slab: list[int | None] = [None] * nr_cpus
        self.cpu_partial: dict[int, list[tuple[int, int]]] = {}
        self.node_partial: dict[int, None] = {}
        self._next = 0
        #: by slab id, the slab id of its ``obj_cgroups`` vector in ``vec_cache``
        #: (the kmalloc cache of ``8 * objects`` bytes; None: no vector is freed,
        #: as in a :meth:`copy`), -1 for none (4 bytes a slab: issue 14's memory);
        #: the vectors of slabs discarded by a free not finished yet
        self.vecs = array("i")
        self.vec_cache: Any = None      # a KmemCache (kernel/slab.py), or what unplaces like one
        self.dead_vecs: list[int] = []
        #: a SLAB_ACCOUNT cache's new slab gets its vector at once (v5.11+,
        #: ``account_slab_page``): called with the new slab's id and the CPU
        self.new_slab_vec: Callable[[int, int], None] | None = None
        #: called with the CPU and the slabs allocated (> 0) or discarded (< 0)
        #: there: ``account_slab_page`` / ``unaccount_slab_page``'s
        #: ``mod_node_page_state`` (kernel/vmstat_diff.py)
        self.on_pages: Callable[[int, int], None] | None = None

    def nr_slabs(self) -> int:
        """Slabs allocated (``nr_slabs`` of the node)."""
        return self.nr

    def nr_inuse(self) -> int:
        """Objects in use in every slab."""
        return sum(self.inuse)

    def node_free_objects(self) -> int:
        """Free objects on the node's partial list (``count_partial(n, count_free)``:
        /proc/slabinfo's active_objs is num_objs less these)."""
        per = self.objects
        return sum(per - self.inuse[s] for s in self.node_partial)

    # ------------------------------------------------------------- allocation
    def alloc(self, cpu: int, n: int) -> list:
        """``n`` objects on ``cpu`` (``slab_alloc_node`` → ``___slab_alloc``).
        Returns ``[(slab id, count)]``."""
        inuse = self.inuse
        sid = self.cpu_slab[cpu]
        if sid is not None and inuse[sid] + n <= self.objects:
            # the CPU slab's freelist has them all: the fast path
            inuse[sid] += n
            return [(sid, n)]
        out: list[tuple[int, int]] = []
        per = self.objects
        where = self.where
        cpu_slab = self.cpu_slab
        while n:
            sid = cpu_slab[cpu]
            if sid is None or inuse[sid] == per:
                if sid is not None:
                    # the CPU slab's freelist ran out: it is full, on no list
                    where[sid] = FULL
                # a new CPU slab: the head of the CPU's partial list, else
                # get_partial_node, else new_slab (written out here: a churn
                # lifecycle makes ~16 new slabs; ``_new_slab`` stays a call, the
                # event tools/sizes/slub_events.py counts)
                lst = self.cpu_partial.get(cpu)
                if lst:
                    sid = lst.pop()[0]
                elif self.node_partial:
                    sid = self._get_partial_node(cpu)
                else:
                    sid = self._new_slab(0, CPU)
                    if self.on_pages is not None:
                        self.on_pages(cpu, 1)
                    if self.new_slab_vec is not None:
                        self.new_slab_vec(sid, cpu)
                where[sid] = CPU
                cpu_slab[cpu] = sid
            m = per - inuse[sid]
            if n < m:       # min(): a builtin call parses keywords (~700 instructions)
                m = n
            inuse[sid] += m
            if out and out[-1][0] == sid:
                out[-1] = (sid, out[-1][1] + m)
            else:
                out.append((sid, m))
            n -= m
        return out

    def _get_partial_node(self, cpu: int) -> int:
        per = self.objects
        first = -1          # none yet (slab ids start at 0)
        available = taken = 0
        node_partial = self.node_partial
        while node_partial:
            sid = next(iter(node_partial))
            del node_partial[sid]
            available += per - self.inuse[sid]
            if first < 0:
                first = sid
            else:
                self._put_cpu_partial(cpu, sid, drain=False)
                taken += 1
            if (taken if self.by_slabs else available) > self.limit // 2:
                break
        return first

    # ------------------------------------------------------------------ free
    def free(self, cpu: int, placements) -> int:
        """Free the objects of ``placements`` on ``cpu`` (``__slab_free``). Returns
        the slabs of these lists it discarded (a discarded slab's vector freed
        after: see :meth:`_free_vecs`)."""
        before = self.nr
        per = self.objects
        inuse = self.inuse
        where = self.where
        for sid, m in placements:
            w = where[sid]
            if w == CPU or w == CPU_PARTIAL:
                # frozen (a CPU's slab or on a CPU's partial list): it stays
                inuse[sid] -= m
                continue
            if (w == FULL or w == NODE) and inuse[sid] == per:
                # the first free into a full slab freezes it onto this CPU's list
                inuse[sid] -= 1
                m -= 1
                self._put_cpu_partial(cpu, sid, True)     # drain (positional: a keyword
                # call is a full interpreter entry in CPython 3.11)
                w = CPU_PARTIAL
            inuse[sid] -= m
            if w == NODE and inuse[sid] == 0 and len(self.node_partial) >= self.min_partial:
                del self.node_partial[sid]
                self._discard(sid)
        freed = before - self.nr
        if freed and self.on_pages is not None:
            self.on_pages(cpu, -freed)
        if freed and self.dead_vecs:
            # (their own discards are the nested frees' to count)
            self._free_vecs(cpu)
        return freed

    def _free_vecs(self, cpu: int) -> None:
        """``memcg_free_page_obj_cgroups`` of the slabs just discarded: each vector
        ``kfree``d on ``cpu`` (which may discard a slab of ``vec_cache`` in turn)."""
        dead, self.dead_vecs = self.dead_vecs, []
        vc = self.vec_cache
        for vsid in dead:
            vc.unplace(((vsid, 1),), cpu, 1)

    def _put_cpu_partial(self, cpu: int, sid: int, drain: bool) -> None:
        lst = self.cpu_partial.setdefault(cpu, [])
        count = lst[-1][1] if lst else 0
        if lst and drain and (count >= self.limit if self.by_slabs else count > self.limit):
            self._unfreeze_partials(lst)
            count = 0
        count += 1 if self.by_slabs else self.objects - self.inuse[sid]
        lst.append((sid, count))
        self.where[sid] = CPU_PARTIAL

    def _unfreeze_partials(self, lst: list[tuple[int, int]]) -> None:
        """Every slab of a CPU's partial list to the node's list (its tail), an empty
        one discarded instead while the node holds ``min_partial``."""
        for sid, _ in reversed(lst):
            if self.inuse[sid] == 0 and len(self.node_partial) >= self.min_partial:
                self._discard(sid)
            else:
                self.node_partial[sid] = None
                self.where[sid] = NODE
        lst.clear()

    def _discard(self, sid: int) -> None:
        """``discard_slab`` of an empty slab (its ``inuse`` is 0)."""
        self.where[sid] = GONE
        self.nr -= 1
        if self.vec_cache is not None:
            v = self.vecs[sid]
            if v >= 0:
                self.vecs[sid] = -1
                self.dead_vecs.append(v)

    def seed(self, boot: tuple) -> tuple[int, int]:
        """The slabs the boot leaves (``(objects per slab, per CPU its slab's free
        objects or None, per CPU its partial list's (free, pobjects) per slab, the
        node partial slabs' free objects)``, kernel/sizes ``slub_boot``), placed as
        SLUB holds them; their objects in use are the boot's. Returns the slabs made
        and the free objects the CPUs hold in them (slabinfo counts those active)."""
        per = self.objects
        _per, cpu_free, cpu_partial, node = boot
        held = 0
        for cpu, free in enumerate(cpu_free):
            if free is not None:
                self.cpu_slab[cpu] = self._new_slab(per - free, CPU)
                held += free
        for cpu, slabs in enumerate(cpu_partial):
            if slabs:
                lst = self.cpu_partial.setdefault(cpu, [])
                count = 0
                for free, counted in slabs:
                    count += 1 if self.by_slabs else counted
                    lst.append((self._new_slab(per - free, CPU_PARTIAL), count))
                    held += free
        for free in node:
            self.node_partial[self._new_slab(per - free, NODE)] = None
        return self.nr, held

    def set_aside(self) -> tuple:
        """The lists the boot table laid (:meth:`seed`) held apart while the boot's
        own tasks are made (kernel/slab.py ``Slab.begin_boot_tasks``): their
        objects go in slabs of their own, new ones. Returns what :meth:`lay_back`
        takes."""
        held = (self.cpu_slab, self.cpu_partial, self.node_partial, self._next)
        self.cpu_slab = [None] * len(held[0])
        self.cpu_partial = {}
        self.node_partial = {}
        return held

    def lay_back(self, held: tuple) -> int:
        """The boot's tasks made (:meth:`set_aside`): every slab made since, and any
        older slab a free put on the lists meanwhile, is a full slab of the boot's,
        on no list (its free objects the boot's other objects: the probes' lists
        count the boot's tasks' objects in use, off their free ones); the laid lists
        back. Returns the slabs made since that are left."""
        cpu_slab, cpu_partial, node_partial, first = held
        per = self.objects
        inuse, where = self.inuse, self.where
        made = 0
        for sid in range(first, self._next):
            if where[sid] != GONE:
                where[sid], inuse[sid] = FULL, per
                made += 1
        older = [s for s in self.cpu_slab if s is not None and s < first]
        older += [s for lst in self.cpu_partial.values() for s, _ in lst if s < first]
        older += [s for s in self.node_partial if s < first]
        for sid in older:
            where[sid], inuse[sid] = FULL, per
        self.cpu_slab, self.cpu_partial, self.node_partial = cpu_slab, cpu_partial, node_partial
        return made

    def _new_slab(self, inuse: int, where: int) -> int:
        sid = self._next
        self._next += 1
        self.nr += 1
        self.inuse.append(inuse)
        self.where.append(where)
        self.vecs.append(-1)
        return sid

    def vec_slabs(self) -> set[int]:
        """The ids of the slabs that have an ``obj_cgroups`` vector."""
        return {sid for sid, v in enumerate(self.vecs) if v >= 0}

    def copy(self) -> "SlubLists":
        """A copy to try frees on (``--explain``'s give-back)."""
        c = SlubLists(1, 1, "objects", 0)     # every field set below (a compiled
        # class's __new__ runs __init__: no bare instance to fill)
        c.objects, c.min_partial, c.by_slabs, c.limit = (
            self.objects, self.min_partial, self.by_slabs, self.limit)
        c.inuse = list(self.inuse)
        c.where = list(self.where)
        c.nr = self.nr
        c.cpu_slab = list(self.cpu_slab)
        c.cpu_partial = {cpu: list(lst) for cpu, lst in self.cpu_partial.items()}
        c.node_partial = dict(self.node_partial)
        c._next = self._next
        # which slabs have vectors; where a discarded one's vector goes is the
        # copier's to say (``vec_cache``: None frees none)
        c.vecs = self.vecs[:]
        c.on_pages = None       # a copy's frees are tried, not counted
        return c
