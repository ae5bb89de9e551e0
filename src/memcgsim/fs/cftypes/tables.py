"""The cftype arrays of v5.10 and v6.1, in the kernel's order (see the package
docstring). Names carry the controller's prefix ("memory."), as
``cgroup_file_name`` builds them; CFTYPE_NO_PREFIX files (v1
``cgroup.event_control``) are listed under their own name."""
from __future__ import annotations

from .. import cgroup_files as h
from . import (CFTYPE_NOT_ON_ROOT, CFTYPE_ONLY_ON_ROOT, CFTYPE_PRESSURE,
               CFTYPE_WORLD_WRITABLE, CfType)

NOT_ON_ROOT = CFTYPE_NOT_ON_ROOT


def cgroup_base_files(release: str) -> list[CfType]:
    """kernel/cgroup/cgroup.c ``cgroup_base_files[]`` (cgroup2's core files, on
    every cgroup whatever its controllers: cpu.stat and the PSI files too, as the
    guests list them in every cgroup; docs/fidelity.md item 48)."""
    t = [
        CfType("cgroup.type", h.r_type, h.w_type, NOT_ON_ROOT),
        CfType("cgroup.procs", h.r_procs_v2, h.w_procs),
        CfType("cgroup.threads", h.r_procs, h.w_threads),
        CfType("cgroup.controllers", h.r_controllers),
        CfType("cgroup.subtree_control", h.r_subtree_control, h.w_subtree_control),
        CfType("cgroup.events", h.r_events, None, NOT_ON_ROOT),
        CfType("cgroup.max.descendants", h._r_max_knob("max_descendants"),
               h._w_max_knob("max_descendants")),
        CfType("cgroup.max.depth", h._r_max_knob("max_depth"), h._w_max_knob("max_depth")),
        CfType("cgroup.stat", h.r_stat),
        CfType("cgroup.freeze", h.r_freeze, h.w_freeze, NOT_ON_ROOT),
    ]
    if release == "6.1":
        t.append(CfType("cgroup.kill", None, h.w_kill, NOT_ON_ROOT))
    full = release == "6.1"
    t += [
        CfType("cpu.stat", h.r_cpu_stat(release)),
        CfType("io.pressure", h.r_pressure, h.w_pressure, CFTYPE_PRESSURE),
        CfType("memory.pressure", h.r_pressure, h.w_pressure, CFTYPE_PRESSURE),
        CfType("cpu.pressure", h.r_cpu_pressure(full), h.w_cpu_pressure(full),
               CFTYPE_PRESSURE),
    ]
    if release == "6.1":
        t.append(CfType("cgroup.pressure", h.r_cgroup_pressure, h.w_cgroup_pressure))
    return t


def memory_files(release: str) -> list[CfType]:
    """mm/memcontrol.c ``memory_files[]``, then ``swap_files[]`` and (v5.19)
    ``zswap_files[]`` (swap accounting is on in the recorded kernels)."""
    t = [CfType("memory.current", h.r_current, None, NOT_ON_ROOT)]
    if release == "6.1":
        t.append(CfType("memory.peak", h.r_peak, None, NOT_ON_ROOT))
    t += [
        CfType("memory.min", h._r_limit("min"), h.w_min, NOT_ON_ROOT),
        CfType("memory.low", h._r_limit("low"), h.w_low, NOT_ON_ROOT),
        CfType("memory.high", h._r_limit("high"), h.w_high, NOT_ON_ROOT),
        CfType("memory.max", h._r_limit("max"), h.w_max, NOT_ON_ROOT),
        CfType("memory.events", h.r_events_mem(False, release == "6.1"), None, NOT_ON_ROOT),
        CfType("memory.events.local", h.r_events_mem(True, release == "6.1"), None,
               NOT_ON_ROOT),
        CfType("memory.stat", h.r_memory_stat_v2),
        CfType("memory.numa_stat", h.r_memory_numa_stat_v2),
        CfType("memory.oom.group", h.r_oom_group, h.w_oom_group, NOT_ON_ROOT),
    ]
    if release == "6.1":
        t.append(CfType("memory.reclaim", None, h.w_reclaim))
    t += [
        CfType("memory.swap.current", h.r_swap_current, None, NOT_ON_ROOT),
        CfType("memory.swap.high", h.r_swap_high, h.w_swap_high, NOT_ON_ROOT),
        CfType("memory.swap.max", h.r_swap_max, h.w_swap_max, NOT_ON_ROOT),
        CfType("memory.swap.events", h.r_swap_events, None, NOT_ON_ROOT),
    ]
    if release == "6.1":
        t += [CfType("memory.zswap.current", h.r_zswap_current, None, NOT_ON_ROOT),
              CfType("memory.zswap.max", h.r_zswap_max, h.w_zswap_max, NOT_ON_ROOT)]
    return t


def cgroup1_base_files(release: str) -> list[CfType]:
    """kernel/cgroup/cgroup-v1.c ``cgroup1_base_files[]``"""
    return [
        CfType("cgroup.procs", h.r_procs, h.w_procs),
        CfType("cgroup.clone_children", h._r_u64_knob("clone_children"),
               h._w_u64_knob("clone_children")),
        CfType("cgroup.sane_behavior", h.r_sane_behavior, None, CFTYPE_ONLY_ON_ROOT),
        CfType("tasks", h.r_procs, h.w_procs),
        CfType("notify_on_release", h.r_notify_on_release, h.w_notify_on_release),
        CfType("release_agent", h.r_release_agent, h.w_release_agent, CFTYPE_ONLY_ON_ROOT),
    ]


def mem_cgroup_legacy_files(release: str) -> list[CfType]:
    """mm/memcontrol.c ``mem_cgroup_legacy_files[]``, then ``memsw_files[]``."""
    kmem_limit = h.w_kmem_limit_ignored if release == "6.1" else h.w_kmem_limit
    return [
        CfType("memory.usage_in_bytes", h.r_usage(False)),
        CfType("memory.max_usage_in_bytes", h.r_counter_attr("memory", "watermark"),
               h.w_reset("memory", "watermark")),
        CfType("memory.limit_in_bytes", h.r_counter_attr("memory", "max"),
               h.w_limit_v1("memory")),
        CfType("memory.soft_limit_in_bytes", h.r_soft_limit, h.w_soft_limit),
        CfType("memory.failcnt", h.r_counter_attr("memory", "failcnt"),
               h.w_reset("memory", "failcnt")),
        CfType("memory.stat", h.r_memory_stat_v1),
        CfType("memory.force_empty", None, h.w_force_empty),
        CfType("memory.use_hierarchy", h.r_int_attr("use_hierarchy"), h.w_use_hierarchy),
        CfType("cgroup.event_control", None, h.w_event_control, CFTYPE_WORLD_WRITABLE),
        CfType("memory.swappiness", h.r_swappiness,
               h.w_swappiness(200 if release == "6.1" else 100)),
        CfType("memory.move_charge_at_immigrate", h.r_int_attr("move_charge_at_immigrate"),
               h.w_move_charge),
        CfType("memory.oom_control", h.r_oom_control, h.w_oom_control),
        # vmpressure (v3.10): no handlers at all (mode 0000), used through
        # cgroup.event_control
        CfType("memory.pressure_level"),
        CfType("memory.numa_stat", h.r_memory_numa_stat_v1),
        CfType("memory.kmem.limit_in_bytes", h.r_counter_attr("kmem", "max"), kmem_limit),
        CfType("memory.kmem.usage_in_bytes", h.r_counter_attr("kmem", "usage")),
        CfType("memory.kmem.failcnt", h.r_counter_attr("kmem", "failcnt"),
               h.w_reset("kmem", "failcnt")),
        CfType("memory.kmem.max_usage_in_bytes", h.r_counter_attr("kmem", "watermark"),
               h.w_reset("kmem", "watermark")),
        CfType("memory.kmem.slabinfo", h.r_kmem_slabinfo),
        CfType("memory.kmem.tcp.limit_in_bytes", h.r_counter_attr("tcpmem", "max"),
               h.w_tcp_limit),
        CfType("memory.kmem.tcp.usage_in_bytes", h.r_counter_attr("tcpmem", "usage")),
        CfType("memory.kmem.tcp.failcnt", h.r_counter_attr("tcpmem", "failcnt"),
               h.w_reset("tcpmem", "failcnt")),
        CfType("memory.kmem.tcp.max_usage_in_bytes", h.r_counter_attr("tcpmem", "watermark"),
               h.w_reset("tcpmem", "watermark")),
        CfType("memory.memsw.usage_in_bytes", h.r_usage(True)),
        CfType("memory.memsw.max_usage_in_bytes", h.r_counter_attr("memsw", "watermark"),
               h.w_reset("memsw", "watermark")),
        CfType("memory.memsw.limit_in_bytes", h.r_counter_attr("memsw", "max"),
               h.w_limit_v1("memsw")),
        CfType("memory.memsw.failcnt", h.r_counter_attr("memsw", "failcnt"),
               h.w_reset("memsw", "failcnt")),
    ]


def pids_files(release: str) -> list[CfType]:
    """kernel/cgroup/pids.c ``pids_files[]`` (cgroup2), every one CFTYPE_NOT_ON_ROOT;
    v6.1 lists ``pids.peak`` (seen in tests/conformance/recordings/pids--6.1-v2.txt)."""
    t = [CfType("pids.max", h.r_pids_max, h.w_pids_max, NOT_ON_ROOT),
         CfType("pids.current", h.r_pids_current, None, NOT_ON_ROOT)]
    if release == "6.1":
        t.append(CfType("pids.peak", h.r_pids_peak, None, NOT_ON_ROOT))
    t.append(CfType("pids.events", h.r_pids_events, None, NOT_ON_ROOT))
    return t


#: release -> the pids controller's cgroup2 files
PIDS_TABLES = {rel: pids_files(rel) for rel in ("5.10", "6.1")}

#: (release, cgroup2?) -> (core files, memory controller files)
TABLES = {
    (rel, dfl): ((cgroup_base_files(rel), memory_files(rel)) if dfl
                 else (cgroup1_base_files(rel), mem_cgroup_legacy_files(rel)))
    for rel in ("5.10", "6.1") for dfl in (True, False)
}


def freezer_files() -> list[CfType]:
    """kernel/cgroup/legacy_freezer.c ``files[]`` (v5.10 and v6.1), every one
    CFTYPE_NOT_ON_ROOT, prefixed "freezer." (``cgroup_file_name``)."""
    return [CfType("freezer.state", h.r_freezer_state, h.w_freezer_state, NOT_ON_ROOT),
            CfType("freezer.self_freezing", h.r_freezer_self_freezing, None, NOT_ON_ROOT),
            CfType("freezer.parent_freezing", h.r_freezer_parent_freezing, None, NOT_ON_ROOT)]


#: a v1 hierarchy's controllers -> their files (the memory hierarchy's: TABLES)
V1_TABLES = {("freezer",): freezer_files()}
