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

from ..analysis.cost import dying_total
from ..fs.procmem import slab_percpu_kb
from ..kernel.cgroup import FREED

#: columns of the samples table, in order (all integers but ``t``)
COLUMNS = ("t", "live", "dying", "memcg_ids", "pinned_pages", "pinned_bytes",
           "memcgs_visited", "reclaim_passes", "pages_allocated", "started", "finished",
           "running", "slab_bytes", "percpu_bytes")

#: columns added after the first schema: NULL in samples stored before them
LATER_COLUMNS = ("slab_bytes", "percpu_bytes")


class Tracker:
    """The memcgs a run removed and that are not freed yet; pruned at each sample,
    so a sample costs O(dying), not O(pages). ``unfiled``: those of them whose
    cgroup's files were seen gone (analysis/cost.py ``dying_total``)."""
    __slots__ = ("dying", "unfiled")

    def __init__(self) -> None:
        self.dying: dict = {}
        self.unfiled: set = set()

    def removed(self, memcg) -> None:
        if memcg is not None:
            self.dying[memcg] = None

    def prune(self) -> dict:
        d = self.dying
        gone = [m for m in d if m.state == FREED]
        for m in gone:
            del d[m]
            self.unfiled.discard(m)
        return d


def sample(k, tracker: Tracker, t: float, counts: dict) -> tuple[dict, dict]:
    """One row of the series and the pins by holder kind at simulated time ``t``."""
    dying = tracker.prune()
    pages = 0
    pins: dict[str, int] = {}
    nbytes = dying_total(k, dying, tracker.unfiled)
    for m in dying:
        pages += m.memory.usage
        for kind, n in m.holders.items():
            if kind != "base":
                pins[kind] = pins.get(kind, 0) + n
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
    return row, dict(sorted(pins.items()))


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
