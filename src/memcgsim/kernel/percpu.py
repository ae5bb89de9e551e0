"""Accounted per-CPU memory (mm/percpu.c ``pcpu_memcg_pre_alloc_hook``): charged
byte-wise through obj_cgroup as ``size * nr_possible_cpus`` and counted in
``MEMCG_PERCPU_B``. Roman Gushchin, "mm: memcg/percpu: account
percpu memory to memory cgroups" (in v5.9).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from .vmstat import MEMCG_PERCPU_B

if TYPE_CHECKING:
    from . import KernelCore

#: per-CPU bytes of a memcg: ``struct memcg_vmstats_percpu`` plus the per-node
#: ``lruvec_stats_percpu`` (model estimate for x86_64 v5.x)
MEMCG_PERCPU_SIZE = 1344


class Percpu:
    __slots__ = ("k", "chunks")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: memcg -> (objcg charged, bytes): ``memcg->vmstats_percpu`` and friends
        self.chunks: dict = {}

    def alloc_memcg_percpu(self, memcg, parent) -> None:
        """``mem_cgroup_alloc`` under ``set_active_memcg(parent)``: the new memcg's
        per-CPU statistics are charged to the parent."""
        k = self.k
        mc = k.memcg
        t = k.current
        old, t.active_memcg = t.active_memcg, parent
        try:
            objcg = mc.get_obj_cgroup_from_current()
            size = MEMCG_PERCPU_SIZE * k.nr_cpus
            if objcg is not None and mc.obj_cgroup_charge(objcg, size):
                mc.obj_cgroup_get(objcg, "percpu")
                mc.mod_objcg_state(objcg, MEMCG_PERCPU_B, size)
                self.chunks[memcg] = (objcg, size)
        finally:
            t.active_memcg = old

    def free_memcg_percpu(self, memcg) -> None:
        entry = self.chunks.pop(memcg, None)
        if entry is None:
            return
        objcg, size = entry
        mc = self.k.memcg
        mc.obj_cgroup_uncharge(objcg, size)
        mc.mod_objcg_state(objcg, MEMCG_PERCPU_B, -size)
        mc.obj_cgroup_put(objcg, "percpu")
