"""Metrics of a churn run, sampled on the simulated clock.

Every figure is read from the model's state, never estimated from the workload:
live cgroups (``nr_descendants`` of the root, plus the root), dying memory cgroups
(removed, not yet freed: the ``dying_memcgs()`` definition), memcg IDs in use
(``memcg.idr``), the memory dying cgroups pin, their references by holder kind
(the named css holders), the bytes they cost the host (analysis/cost.py: charged
pages, per-CPU data, structures), the host's kernel memory as /proc/meminfo shows it
(Slab and Percpu, in bytes), and the modelled kernel's own cost: memcgs visited by
reclaim walks (``mem_cgroup_iter`` visits dying memcgs too).
"""
from __future__ import annotations

from itertools import chain
from operator import attrgetter

from ..analysis.cost import (add_leaves, drop_leaves, emptied_bytes, kernfs_owners,
                             memcg_idr_ids, structs_total, wb_owners)
from ..fs.procmem import slab_percpu_kb
from ..kernel.cgroup import FREED

#: columns of the samples table, in order (all integers but ``t``)
COLUMNS = ("t", "live", "dying", "memcg_ids", "pinned_pages", "pinned_bytes",
           "memcgs_visited", "reclaim_passes", "pages_allocated", "started", "finished",
           "running", "slab_bytes", "percpu_bytes")

#: columns added after the first schema: NULL in samples stored before them
LATER_COLUMNS = ("slab_bytes", "percpu_bytes")


class Tracker:
    """The memcgs a run removed and that are not freed yet, with running totals of
    what a sample reads of them (issue 14: a sample costs O(changed), not
    O(dying)): the bytes of their structures and per-CPU areas
    (analysis/cost.py ``structs_total``), their references by holder kind, and
    the IDR leaves their IDs are in, counted per leaf. Installed as the kernel's
    ``cost_watch``, it is told of every change to what those read
    (:meth:`mark`: the css references of a killed css (``css_get``/``css_put``),
    an owner's slab structures (``Slab._held_by``, ``free_structs``) and per-CPU
    areas (``Percpu.alloc_areas``, ``free_areas``, ``free_memcg_percpu``), a
    memcg's writeback made or gone (``wbs``), its css ID and memcg ID removed
    (``css_release_work_fn``, ``mem_cgroup_id_remove``), its free
    (``css_free_rwork_fn``); the inode numbers of a cgroup's files and its other
    csses' IDs go with their structures, in the same call), and re-reads the
    marked ones at the next sample (:meth:`update`). The charged pages
    (``memory.usage``) are read at each sample, one attribute a dying memcg
    summed in C: a mark there would be a test on every level of every charge.
    The IDR part is not additive (a node is emptied by the union of the IDs):
    the leaves' counts are kept, the emptied nodes recounted from them at each
    sample (O(leaves held), a leaf holding 64 IDs)."""
    __slots__ = ("k", "dying", "owners", "dirty", "structs", "pins", "leaves", "_helds")

    def __init__(self, k) -> None:
        self.k = k
        #: memcg -> (structures' bytes, holders by kind, IDR IDs, wbs seen) as last
        #: read (None before its first)
        self.dying: dict = {}
        #: memcg, its cgroup, its writebacks -> the memcg (what :meth:`mark` maps)
        self.owners: dict = {}
        #: memcgs marked since the last :meth:`update` (a dict: re-read in the order
        #: of their marks, not of their addresses, so that ``leaves`` and ``pins``
        #: are filled in the same order from run to run)
        self.dirty: dict = {}
        self.structs = 0
        self.pins: dict[str, int] = {}
        #: idr -> leaf index -> IDs held there (analysis/cost.py add_leaves)
        self.leaves: dict = {}
        #: the holders tuples read so far, each kept once (dying memcgs mostly hold
        #: the same: one tuple for them all, bench/README.md, session 42)
        self._helds: dict = {}
        k.cost_watch = self

    def removed(self, memcg) -> None:
        """``memcg``'s cgroup was removed: followed from now on."""
        if memcg is not None:
            self.dying[memcg] = None
            self.owners[memcg] = self.owners[memcg.cgroup] = memcg
            self.dirty[memcg] = None

    def mark(self, owner) -> None:
        """What ``owner`` (a memcg, cgroup or wb, or a tuple naming one second, as
        the slab's and percpu's owners do) holds changed: its memcg, if followed,
        is re-read at the next sample."""
        m = self.owners.get(owner[1] if type(owner) is tuple else owner)
        if m is not None:
            self.dirty[m] = None

    def update(self) -> dict:
        """Re-read the marked memcgs (those freed leave); the dying ones."""
        dirty = self.dirty
        while dirty:
            self._reread(dirty.popitem()[0])
        return self.dying

    def _reread(self, m) -> None:
        k = self.k
        pins = self.pins
        old = self.dying[m]
        seen: tuple = ()
        if old is not None:
            nbytes, held, ids, seen = old
            self.structs -= nbytes
            for kind, n in zip(held[::2], held[1::2]):
                if kind != "base":
                    left = pins[kind] - n
                    if left:
                        pins[kind] = left
                    else:
                        del pins[kind]
            drop_leaves(self.leaves, (zip(ids[::2], ids[1::2]),))
        if m.state == FREED:
            del self.dying[m]
            for o in (m, m.cgroup, *seen):
                self.owners.pop(o, None)
            return
        kernfs = kernfs_owners(m.cgroup)
        wbs = wb_owners(k, m)
        for _, wb in wbs:
            if wb not in seen:
                seen += (wb,)
                self.owners[wb] = m
        nbytes = structs_total(k, m, kernfs, wbs)
        # kept flat (kind, n, kind, n...; idr, IDs, idr, IDs...), a lone ID as
        # itself (no 1-tuple), the holders shared: a dying memcg's record is some
        # 0.2 KB
        held = tuple(chain.from_iterable(m.holders.items()))
        held = self._helds.setdefault(held, held)
        parts = memcg_idr_ids(k, m, kernfs)
        ids = tuple(chain.from_iterable(
            (idr, v[0] if len(v) == 1 else v) for idr, v in chain(*parts)))
        self.structs += nbytes
        for kind, n in zip(held[::2], held[1::2]):
            if kind != "base":
                pins[kind] = pins.get(kind, 0) + n
        add_leaves(self.leaves, parts)
        self.dying[m] = (nbytes, held, ids, seen)


_usage = attrgetter("memory.usage")


def sample(k, tracker: Tracker, t: float, counts: dict) -> tuple[dict, dict]:
    """One row of the series and the pins by holder kind at simulated time ``t``."""
    dying = tracker.update()
    pages = sum(map(_usage, dying))
    nbytes = pages * k.page_size + tracker.structs + emptied_bytes(k, tracker.leaves)
    slab_kb, percpu_kb = slab_percpu_kb(k)
    row = {
        "t": t,
        "live": k.memory_root.cgrp.nr_descendants + 1,
        "dying": len(dying),
        "memcg_ids": len(k.memcg.idr),
        "pinned_pages": pages,
        "pinned_bytes": nbytes,
        "memcgs_visited": k.vmscan.memcgs_visited,
        "reclaim_passes": k.vmscan.reclaim_passes,
        "pages_allocated": len(k.mem_map),
        "started": counts["started"],
        "finished": counts["finished"],
        "running": counts["started"] - counts["finished"] - counts["failed"],
        "slab_bytes": slab_kb * 1024,
        "percpu_bytes": percpu_kb * 1024,
    }
    return row, dict(sorted(tracker.pins.items()))


def summarize(series: list[dict], pins: list[dict], counts: dict) -> dict:
    """Summary figures of a series (deterministic: no wall-clock values)."""
    if not series:
        return {}
    last = series[-1]
    passes = last["reclaim_passes"]
    return {
        "samples": len(series),
        "simulated_hours": round(last["t"] / 3600, 6),
        "jobs_started": counts["started"], "jobs_finished": counts["finished"],
        "jobs_skipped": counts["skipped"], "jobs_failed": counts["failed"],
        "cgroups_removed": counts["removed"],
        "dying_final": last["dying"], "dying_max": max(r["dying"] for r in series),
        "live_final": last["live"], "memcg_ids_final": last["memcg_ids"],
        "memcg_ids_max": max(r["memcg_ids"] for r in series),
        "pinned_bytes_final": last["pinned_bytes"],
        "pinned_bytes_max": max(r["pinned_bytes"] for r in series),
        "slab_bytes_final": last["slab_bytes"],
        "slab_bytes_max": max(r["slab_bytes"] for r in series),
        "percpu_bytes_final": last["percpu_bytes"],
        "percpu_bytes_max": max(r["percpu_bytes"] for r in series),
        "pins_final": pins[-1] if pins else {},
        "memcgs_visited": last["memcgs_visited"], "reclaim_passes": passes,
        "memcgs_visited_per_reclaim_pass": round(last["memcgs_visited"] / passes, 3)
        if passes else 0.0,
    }
