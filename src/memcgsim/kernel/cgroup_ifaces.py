"""cgroup2 controllers whose mechanisms the model lacks but whose files it keeps:
cpuset, cpu, io, hugetlb, rdma and misc (fs/cgroup_ifaces.py reads and writes
them). A cgroup has such a controller's css when its parent enables the
controller in ``cgroup.subtree_control`` (``cgroup_apply_control_enable``), the
root always; the css holds the settings its files were given and what its
``css_alloc`` allocates (``task_group`` and its per-CPU runqueues, ``struct
cpuset``, ``blkcg``...: kernel/sizes ``iface_css_slab``) and, for io, the pins
and references of its block groups (kernel/blk_cgroup.py), nothing else: no CPU
bandwidth, cpuset placement, I/O throttling or hugetlb charge is modelled.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .cgroup import Cgroup

#: the controllers and their file groups (kernel/cgroup.py ``FILE_GROUPS``): io's
#: cftypes come in sets, blk-iocost's (``ioc_files``: io.weight, io.cost.*)
#: registered after the core's and blk-throttle's
IFACE_GROUPS = {"cpuset": ("cpuset",), "cpu": ("cpu",), "io": ("io", "iocost"),
                "hugetlb": ("hugetlb",), "rdma": ("rdma",), "misc": ("misc",)}
#: file group -> its controller
GROUP_CONTROLLER = {g: ss for ss, gs in IFACE_GROUPS.items() for g in gs}


def new_css(ss: str) -> dict:
    """A css's settings as ``css_alloc`` leaves them: cpu's ``task_group`` (shares
    ``NICE_0_LOAD``, no quota, the 100 ms period, no burst, not idle), cpuset's
    empty masks and "member", io's default weight 100 and no limits, hugetlb's
    limits at ``PAGE_COUNTER_MAX`` (kept by key as written)."""
    if ss == "cpu":
        return {"shares": 1024, "quota": None, "period": 100_000, "burst": 0, "idle": 0}
    if ss == "cpuset":
        return {"cpus": frozenset(), "mems": frozenset(), "partition": "member"}
    if ss == "io":
        return {"weight": 100, "max": {}}
    return {}


class IfaceControllers:
    """The csses of the interface-only controllers, by (controller, cgroup); the
    roots' made on first use."""
    __slots__ = ("k", "css")

    def __init__(self, kernel) -> None:
        self.k = kernel
        self.css: dict[tuple[str, "Cgroup"], dict] = {}

    def has(self, ss: str, cgrp: "Cgroup") -> bool:
        """Whether ``cgrp`` has a css of ``ss``."""
        return cgrp.parent is None or (ss, cgrp) in self.css

    def of(self, ss: str, cgrp: "Cgroup") -> dict:
        """``cgrp``'s css of ``ss`` (a root's made when first asked for)."""
        css = self.css.get((ss, cgrp))
        if css is None:
            css = self.css[ss, cgrp] = new_css(ss)
        return css

    def enabled(self, cgrp: "Cgroup") -> list[str]:
        """The interface-only controllers a new cgroup gets a css of: those its
        parent enables (cgroup2; none on the model's v1 memory hierarchy)."""
        p = cgrp.parent
        if p is None or not cgrp.root.is_dfl:
            return []
        return [ss for ss in IFACE_GROUPS if ss in p.subtree_control]

    def css_create(self, ss: str, cgrp: "Cgroup") -> None:
        """``css_create``: the css with its defaults, what its ``css_alloc``
        allocates (kernel/sizes ``iface_css_slab``) and its percpu_ref counter."""
        if (ss, cgrp) in self.css:
            return
        self.css[ss, cgrp] = new_css(ss)
        k = self.k
        k.slab.alloc_structs((ss, cgrp), k.sizes.iface_css_slab(
            ss, k.nr_cpus, k.nr_nodes))
        k.percpu.alloc_areas((ss, cgrp), k.sizes.pids_pcpu())
        if ss == "io":
            k.blkcg.css_online(cgrp)

    def css_free(self, ss: str, cgrp: "Cgroup") -> None:
        """The css goes (the controller disabled above, the cgroup freed), its
        allocations with it."""
        if ss == "io" and (ss, cgrp) in self.css:
            self.k.blkcg.css_gone(cgrp)
        if self.css.pop((ss, cgrp), None) is not None:
            self.k.slab.free_structs((ss, cgrp))
            self.k.percpu.free_areas((ss, cgrp))

    def kill_all(self, cgrp: "Cgroup") -> None:
        """``rmdir``'s ``kill_css`` of each css: nothing else holding it, it is
        offlined a grace period later (``css_killed_ref_fn``), released at once and
        freed another grace period later (``css_free_rwork_fn``), on this CPU,
        whatever pins the cgroup's memory css; io's once its block groups let it go
        (kernel/blk_cgroup.py: ``css_tryget_online`` fails from the kill on)."""
        if not self.css:
            return
        k = self.k
        cpu = k.current.cpu
        for ss in IFACE_GROUPS:
            css = self.css.get((ss, cgrp))
            if css is not None:
                if ss == "io":
                    css["killed"] = True
                k.clock.call_rcu(self._css_killed, cpu, ss, cgrp, cpu=cpu)

    def _css_killed(self, cpu: int, ss: str, cgrp: "Cgroup") -> None:
        """Offlined (io: ``blkcg_css_offline``) and, with no other reference left,
        released."""
        css = self.css.get((ss, cgrp))
        if ss == "io" and css is not None:
            css["offline"] = True
            self.k.call_on_cpu(cpu, self.k.blkcg.css_offline, cgrp)
            if css["refs"]:
                return              # its blkgs' or cgwbs' last put releases it
        self.k.call_on_cpu(cpu, self.css_released, ss, cgrp)

    def css_released(self, ss: str, cgrp: "Cgroup") -> None:
        """The css's last reference went: freed a grace period later, on this CPU."""
        k = self.k
        cpu = k.current.cpu
        k.clock.call_rcu(k.call_on_cpu, cpu, self.css_free, ss, cgrp, cpu=cpu)

    def free_all(self, cgrp: "Cgroup") -> None:
        """Every css of a freed cgroup."""
        if not self.css:
            return
        for ss in IFACE_GROUPS:
            if cgrp.parent is not None:
                self.css_free(ss, cgrp)
