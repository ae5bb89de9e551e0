"""The cftype tables: every cgroupfs file of the cgroup core and the memory
controller, per release, built like the kernel's ``struct cftype`` arrays.

kernel/cgroup/cgroup.c ``cgroup_base_files[]`` (cgroup2 core),
kernel/cgroup/cgroup-v1.c ``cgroup1_base_files[]``, mm/memcontrol.c
``memory_files[]`` and ``swap_files[]``/``zswap_files[]`` (cgroup2),
``mem_cgroup_legacy_files[]`` and ``memsw_files[]`` (v1). A file's mode is
``cgroup_file_mode``: 0444 with a reader, 0200 with a writer (0222 with
``CFTYPE_WORLD_WRITABLE``), 0644 with both, 0000 with neither. The handlers live
in ``fs/cgroup_files.py``; the parsers they share in ``fs/cftypes/parse.py``.

A design picks the tables of its release with ``KernelDesign.cftypes``
("5.10" or "6.1"); the release differences are listed in :data:`RELEASES`.
"""
from __future__ import annotations

from typing import Callable

from ...record import Record

#: ``enum`` cftype flags (include/linux/cgroup-defs.h)
CFTYPE_ONLY_ON_ROOT = 1 << 0
CFTYPE_NOT_ON_ROOT = 1 << 1
CFTYPE_NS_DELEGATABLE = 1 << 2
CFTYPE_NO_PREFIX = 1 << 3
CFTYPE_WORLD_WRITABLE = 1 << 4
#: (v6.1) a PSI file: hidden while ``cgroup.pressure`` is 0
CFTYPE_PRESSURE = 1 << 6


class CfType(Record):
    """``struct cftype``: the full file name (the controller's prefix included),
    its flags and its handlers: ``read(fs, cgroup, task) -> str`` (``seq_show`` or
    ``read_u64``) and ``write(fs, cgroup, text, task)`` (``write`` or
    ``write_u64``, the text one ``str`` code point per written byte);
    ``max_write_len``, the longest write(2) it takes (0: ``PAGE_SIZE``, the
    ``atomic_write_len`` of ``cgroup_kf_ops``; ``cgroup_init_cftypes`` gives a
    file with another ``max_write_len`` its own ``kernfs_ops``)."""
    name: str
    read: Callable | None
    write: Callable | None
    flags: int
    max_write_len: int
    __slots__ = tuple(__annotations__)
    _defaults = {"read": None, "write": None, "flags": 0, "max_write_len": 0}

    @property
    def mode(self) -> int:
        """``cgroup_file_mode``"""
        mode = 0
        if self.read is not None:
            mode |= 0o444
        if self.write is not None:
            mode |= 0o222 if self.flags & CFTYPE_WORLD_WRITABLE else 0o200
        return mode

    def shown(self, is_root: bool) -> bool:
        """``cgroup_addrm_files``: ONLY_ON_ROOT and NOT_ON_ROOT files."""
        if self.flags & CFTYPE_NOT_ON_ROOT and is_root:
            return False
        if self.flags & CFTYPE_ONLY_ON_ROOT and not is_root:
            return False
        return True


#: What each release's tables add or change (kernel commits; all seen in the
#: recordings tests/conformance/recordings/probe-cgroupfs-writes*).
RELEASES = {
    "5.10": "cgroup_base_files, memory_files, swap_files, cgroup1_base_files, "
            "mem_cgroup_legacy_files and memsw_files of v5.10",
    "6.1": 'adds cgroup.kill (661ee6280931, v5.14), memory.peak (8e20d4b33266, v5.19), '
           'memory.reclaim (94968384dde1, v5.19), zswap_files (f4840ccfca25, v5.19), '
           'cgroup.pressure (34f26a15611a, v6.1), memory.events oom_group_kill; '
           'v1 memory.swappiness up to 200 (100 in 5.10.262); v1 memory.kmem.limit_in_bytes accepts and '
           'ignores writes (86327e8eb94c "memcg: reconsider kmem.limit_in_bytes '
           'deprecation", v6.1); v1 memory.use_hierarchy only takes 1 '
           '(bef8620cd8e0, v5.11)',
}


#: Files that exist with the kernel's format but whose mechanism the model does not
#: have: what they read and why (docs/cgroupfs.md lists the same).
NOT_MODELLED = {
    "memory.pressure": "PSI stall time is not accounted: every avg and total reads 0; "
                       "triggers are parsed and checked, never fired",
    "io.pressure": "as memory.pressure",
    "cpu.pressure": "as memory.pressure",
    "cpu.stat": "no CPU time is accounted per cgroup: every figure reads 0",
    "io.stat": "no I/O is accounted per cgroup: no device line",
    "cpu.max": "parsed, checked and kept (fs/cgroup_ifaces.py); no CPU bandwidth control",
    "cpu.weight": "parsed, checked and kept as shares; no CPU scheduling by weight",
    "cpuset.cpus": "parsed, checked and kept; the effective masks computed; tasks are "
                   "not placed by them",
    "io.max": "parsed, checked and kept per device; no I/O throttling",
    "io.cost.qos": "the device parsed; a setting is not kept (no iocost)",
    "hugetlb.2MB.max": "parsed and kept; no hugetlb pages are charged",
    "cgroup.type": "\"threaded\" is kept and checked (cgroup_enable_threaded); a threaded "
                   "cgroup loses its domain controllers' csses (memory: killed, a dying "
                   "memcg); threaded controllers' (cpu, cpuset) semantics are not modelled",
    "memory.oom_control": "oom_kill_disable honoured (kernel/memcg_oom.py); OOM "
                          "notifications through cgroup.event_control are not sent",
    "memory.soft_limit_in_bytes": "kept; soft-limit reclaim from kswapd is not modelled",
    "memory.swap.current": "swap of anon pages to a swap file (kernel/swapfile.py); "
                           "no swap cache, no swap of shmem",
    "memory.swap.events": "high, max and fail counted (swap.high throttles the "
                          "charging task: kernel/vmscan.py swap_find_max_overage)",
    "memory.zswap.current": "no zswap: 0",
    "notify_on_release": "kept; the release agent runs (kernel/cgroup_v1.py)",
    "release_agent": "kept; run as a user-mode helper (kernel/cgroup_v1.py)",
    "cgroup.event_control": "eventfds are not modelled: a well-formed write fails on its "
                            "event fd (-EBADF if the writer has it closed, -EINVAL if "
                            "open: it is no eventfd)",
    "memory.pressure_level": "vmpressure events are not modelled (no handler, as in the "
                             "kernel: mode 0000)",
    "memory.kmem.slabinfo": "per-memcg caches (3.10 designs) print the header only",
    "memory.numa_stat": "one node (N0)",
    "memory.stat": "keys of mechanisms the model lacks (THP, lazyfree, zswap, swap cache, "
                   "anon workingset) read 0",
}


#: The cgroup2 root's files in the order the kernel numbers them at boot, by css
#: (kernel/cgroup.py ``FILE_GROUPS``). kernel/cgroup/cgroup.c ``cgroup_init`` (v5.10, v6.1):
#: ``cgroup_setup_root(&cgrp_dfl_root, 0)`` makes the root directory (1) and its
#: self css's files (``cgroup_base_files``), then ``for_each_subsys`` in
#: subsystem ID order (include/linux/cgroup_subsys.h: cpuset, cpu, cpuacct, io,
#: memory, ..., pids, rdma, misc) ``css_populate_dir`` makes each controller's
#: root files (cpuset's effective masks, io.stat, misc.capacity: none of cpu's,
#: pids', rdma's show on the root); io.cost.qos and
#: io.cost.model (block/blk-iocost.c ``ioc_files``, in that order) come last,
#: added by ``blkcg_policy_register`` from ``ioc_init`` (a module_init, after
#: ``cgroup_init``). Checked with `stat -c %i` of every root file on both guests
#: (tools/sizes/cgroup-root-inos.sh, tools/sizes/recordings/cgroup-root-inos--*).
ROOT_FILE_ORDER = {
    "5.10": ("self", "cpuset", "io", "memory", "pids", "iocost"),
    "6.1": ("self", "cpuset", "io", "memory", "pids", "misc", "iocost"),
}


def _tables():
    from . import tables
    return tables


def cgroup_files(release: str, dfl: bool) -> tuple[list[CfType], list[CfType]]:
    """(core files, memory controller files) of a release's cgroup2 (``dfl``) or
    v1 hierarchy."""
    return _tables().TABLES[(release, dfl)]


def pids_cftypes(release: str) -> list[CfType]:
    """The pids controller's cgroup2 files of a release."""
    return _tables().PIDS_TABLES[release]


def iface_cftypes(release: str, group: str) -> list[CfType]:
    """An interface-only controller's file group of a release (fs/cgroup_ifaces.py)."""
    from ..cgroup_ifaces import IFACE_TABLES
    return IFACE_TABLES[release, group]


def v1_cftypes(subsys: tuple[str, ...]) -> list[CfType]:
    """The controller files of a v1 hierarchy other than memory's (its ``subsys``):
    the freezer's (kernel/cgroup/legacy_freezer.c ``files[]``)."""
    return _tables().V1_TABLES[subsys]
