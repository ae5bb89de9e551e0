"""What a cgroup holds beside its controllers' csses, and lets go soon after its
rmdir: cgroup2's implicit perf_event css and ``cgrp->bpf``'s percpu_ref.

Both are made by ``cgroup_mkdir`` with the cgroup (kernel/cgroup/cgroup.c
``cgroup_create``; kernel/sizes ``perf_slab``/``perf_pcpu`` and ``bpf_slab``/
``BPF_PCPU``) and both pin the cgroup, not the reverse, so a cgroup kept dying by its
memory css (a page-cache page, a kernel stack) has given them back long before
(5.10 and 6.1 alike):

- ``cgroup_destroy_locked`` → ``cgroup_bpf_offline``: ``percpu_ref_kill(&cgrp->bpf.
  refcnt)``; once every CPU sees the kill (a grace period: the switch to atomic mode)
  the base reference goes, ``cgroup_bpf_release_fn`` queues ``cgroup_bpf_release``
  on ``system_wq`` there, which ``percpu_ref_exit``\\ s the ref (its data, kmalloc-64,
  and its per-CPU counter) and puts the cgroup (kernel/bpf/cgroup.c, Linux commit
  4bfc0bb2c60e ("bpf: decouple the lifetime of cgroup_bpf from cgroup itself") (in
  v5.3)); on cgroup1 only where ``cgroup_bpf_inherit`` runs there (``cgroup1_bpf``).
- ``kill_css`` of the perf_event css: offlined a grace period later
  (``css_killed_work_fn``), released when its last reference goes (the base one,
  or the last css_set of the cgroup's exited tasks: ``put_css_set_locked``), freed
  another grace period later by ``css_free_rwork_fn``: ``perf_cgroup_css_free``
  (``free_percpu(jc->info)``, ``kfree(jc)``: kmalloc-256), ``cgroup_idr_remove`` of
  its css ID, ``percpu_ref_exit`` (kmalloc-64 and a per-CPU counter).

Each step runs on the CPU that queued it (``call_rcu``, a per-CPU workqueue), as the
memory css's (kernel/cgroup.py). Traced on both guests with dying-cost.sh
(tools/sizes/slab-kept-trace.sh: the rm that frees 467 dying cgroups frees no
kmalloc-256 object on 5.10 and 6.1, the model freed one perf_cgroup each;
docs/fidelity.md items 165).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import KernelCore
    from .cgroup import Cgroup


class PerfBpf:
    """The perf_event css and bpf percpu_ref of each cgroup (owners ``("perf_event",
    cgrp)`` and ``("bpf", cgrp)`` of their slab objects and per-CPU areas)."""
    __slots__ = ("k", "pinned")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: removed cgroups whose perf_event css is offline and waits for the last
        #: css_set of their exited tasks (``put_css_set_locked``)
        self.pinned: set = set()

    def alloc(self, cgrp: "Cgroup", bpf: bool, perf: bool) -> None:
        """``cgroup_bpf_inherit``'s percpu_ref data and the perf_event css's slab
        objects, in ``cgroup_create``'s order after the cgroup's own."""
        k = self.k
        if bpf:
            k.slab.alloc_structs(("bpf", cgrp), k.sizes.bpf_slab())
        if perf:
            k.slab.alloc_structs(("perf_event", cgrp), k.sizes.perf_slab())

    def alloc_perf_pcpu(self, cgrp: "Cgroup") -> None:
        """The perf_event css's per-CPU data (after the memory css's)."""
        k = self.k
        k.percpu.alloc_areas(("perf_event", cgrp), k.sizes.perf_pcpu())

    def rmdir(self, cgrp: "Cgroup") -> None:
        """``cgroup_destroy_locked``: ``kill_css`` of the perf_event css and
        ``cgroup_bpf_offline``, each released a grace period later on this CPU."""
        k = self.k
        cpu = k.current.cpu
        if cgrp.perf_css_id is not None:
            # css_killed_ref_fn → css_killed_work_fn
            k.clock.queue_rcu_work(k.call_on_cpu, cpu, self._perf_offline, cgrp, cpu=cpu)
        if ("bpf", cgrp) in k.slab.structs:
            # cgroup_bpf_release_fn: queue_work(system_wq, ...)
            k.clock.queue_rcu_work(k.call_on_cpu, cpu, self.bpf_release, cgrp, cpu=cpu)

    def bpf_release(self, cgrp: "Cgroup") -> None:
        """``cgroup_bpf_release``: ``percpu_ref_exit(&cgrp->bpf.refcnt)``."""
        k = self.k
        k.slab.free_structs(("bpf", cgrp))
        k.percpu.free_areas(("bpf", cgrp))

    def _perf_offline(self, cgrp: "Cgroup") -> None:
        """``css_killed_work_fn`` of the perf_event css: offline, the base
        reference put; released unless a css_set still holds it."""
        if cgrp.perf_css_id is None:
            return                      # freed with the cgroup already
        if "css_set" in cgrp.self_css.holders:
            self.pinned.add(cgrp)
        else:
            self.perf_released(cgrp)

    def css_set_put(self, cgrp: "Cgroup") -> None:
        """A css_set of ``cgrp`` went (``put_css_set_locked``): the perf_event css
        it held is released if it was the last and the css is offline."""
        if cgrp in self.pinned and "css_set" not in cgrp.self_css.holders:
            self.pinned.discard(cgrp)
            self.perf_released(cgrp)

    def perf_released(self, cgrp: "Cgroup") -> None:
        """``css_release`` → ``css_release_work_fn`` on this CPU: ``call_rcu`` →
        ``css_free_rwork_fn`` queued on the same CPU."""
        k = self.k
        k.clock.queue_work(k.call_on_cpu, k.current.cpu, self._perf_release_work, cgrp)

    def _perf_release_work(self, cgrp: "Cgroup") -> None:
        k = self.k
        cpu = k.current.cpu
        k.clock.queue_rcu_work(k.call_on_cpu, cpu, self.perf_free, cgrp, cpu=cpu)

    def perf_free(self, cgrp: "Cgroup") -> None:
        """``css_free_rwork_fn`` of the perf_event css: ``perf_cgroup_css_free``,
        ``cgroup_idr_remove``, ``percpu_ref_exit`` (nothing if gone already)."""
        pid, cgrp.perf_css_id = cgrp.perf_css_id, None
        if pid is None:
            return
        k = self.k
        self.pinned.discard(cgrp)
        k.slab.free_structs(("perf_event", cgrp))
        k.percpu.free_areas(("perf_event", cgrp))
        k.cgroups.css_idr["perf_event"].free(pid)

    def cgroup_freed(self, cgrp: "Cgroup") -> None:
        """The cgroup's own free (or a failed mkdir's): whatever is left goes with
        it."""
        self.perf_free(cgrp)
        if ("bpf", cgrp) in self.k.slab.structs:
            self.bpf_release(cgrp)
