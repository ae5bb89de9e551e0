"""block/blk-cgroup.c's block groups: a ``struct blkcg_gq`` (blkg) for each pair of an
io css (``struct blkcg``) and the disk's request queue, and how an io css's removal
lets them go.

A blkg is made at a cgroup's first bio to the disk (``bio_associate_blkg`` →
``blkg_tryget_closest`` → ``blkg_lookup_create``: the bio's blkcg is the submitting
task's, ``blkcg_css()``, or for writeback the wb's, ``wbc_init_bio`` →
``wb->blkcg_css``) or at a write of io.max naming the disk (``blkg_conf_prep``);
either way the missing ancestors' first, from the top (``blkg_create`` needs its
parent's blkg), the root's existing from boot. Each ``blkg_alloc`` allocates the
blkcg_gq, its percpu_ref, ``iostat_cpu`` and blk-throttle's ``throtl_grp`` with its
per-CPU counters (kernel/sizes ``blkg_slab``, ``blkg_pcpu``), none of it charged to a
memcg (GFP_NOWAIT, GFP_KERNEL). A blkg holds a reference on its blkcg's css
(``css_tryget_online``: none is made for a removed cgroup, whose bios go to the
nearest ancestor's) and one on its parent blkg.

The blkgs go when the blkcg's ``online_pin`` drops to zero: the css's own pin is put
at its offline (``blkcg_css_offline`` → ``blkcg_unpin_online``), a child's online
css pins its parent (``blkcg_css_online``) and each cgroup writeback (cgwb) whose
blkcg it is pins it until the wb is released (``cgwb_create`` →
``blkcg_pin_online``, ``cgwb_release_workfn`` → ``blkcg_unpin_online``); at zero
``blkcg_destroy_blkgs`` kills each blkg's percpu_ref (``blkg_destroy``) and the
parent's pin is put. A killed ref is atomic a grace period later; at zero
``blkg_release`` queues ``__blkg_release`` after another, which puts the css and the
parent blkg and frees the blkg (``blkg_free``; from v5.18 in a work item,
``blkg_free_workfn``: design switch ``blkg_free_work``). The blkcg's css is freed
only once its blkgs are (kernel/cgroup_ifaces.py ``IfaceControllers``).

Traced on both guests at 2 and 8 CPUs (tools/sizes/blkg-trace.sh; docs/fidelity.md
item 142 of blkg31). Sources: block/blk-cgroup.c ``blkg_alloc``, ``blkg_create``,
``blkg_lookup_create``, ``blkg_conf_prep``, ``blkg_destroy``, ``blkg_release``,
``__blkg_release``, ``blkg_free(_workfn)``, ``blkcg_css_online``,
``blkcg_css_offline``, ``blkcg_pin_online``, ``blkcg_unpin_online``,
``blkcg_destroy_blkgs`` (v5.10.13 as Rtoax/linux-5.10.13 holds it, v6.1 as
GrapheneOS/kernel_common-6.1 does); block/blk-throttle.c ``throtl_pd_alloc``;
mm/backing-dev.c ``cgwb_create``, ``cgwb_release_workfn``.

Not modelled: the disk's other queues (one disk, virtio's vda), a blkg's radix-tree
node (the guests' vda is queue 0: none), in-flight bios' references, io.stat's
figures, iocost's and the policies' effects, and an io css's reference on its
cgroup (the cgroup is released as its memory css lets it; the blkgs add a grace
period or two at most).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from . import KernelCore
    from .cgroup import Cgroup


class Blkg:
    """``struct blkcg_gq`` of one cgroup on the disk: its ``refcnt`` (the base
    reference until ``blkg_destroy`` kills it, plus one per child blkg) and its
    parent (None below the root's)."""
    __slots__ = ("cgrp", "parent", "refcnt", "killed")

    def __init__(self, cgrp: "Cgroup", parent: "Blkg | None") -> None:
        self.cgrp = cgrp
        self.parent = parent
        self.refcnt = 1
        self.killed = False


class BlkCgroups:
    """The disk's blkgs by cgroup (``q->blkg_list``; the root's not kept: it lives
    as long as the queue) and the io csses' pins and references."""
    __slots__ = ("k", "blkgs")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: online blkgs (``blkcg->blkg_tree``), by cgroup
        self.blkgs: dict = {}

    # -- the io css ----------------------------------------------------------------
    def _css(self, cgrp: "Cgroup") -> dict | None:
        """The io css's state (``pin``, ``refs``, ``killed``, ``offline``); None when
        it is gone (its controller disabled: the model frees it at once)."""
        return self.k.ifaces.css.get(("io", cgrp))

    def effective(self, cgrp: "Cgroup") -> "Cgroup":
        """The cgroup of ``cgrp``'s effective io css (``cgroup_e_css``): its own or
        its nearest ancestor's, the root's at last."""
        css = self.k.ifaces.css
        while cgrp.parent is not None and ("io", cgrp) not in css:
            cgrp = cgrp.parent
        return cgrp

    def css_online(self, cgrp: "Cgroup") -> None:
        """``blkcg_css_online``: the css pins itself (``online_pin`` 1 from
        ``blkcg_css_alloc``) and its parent."""
        css = self.k.ifaces.css["io", cgrp]
        css["pin"], css["refs"] = 1, 0
        p = cgrp.parent
        parent = self._css(p) if p is not None and p.parent is not None else None
        if parent is not None:
            parent["pin"] += 1

    def css_offline(self, cgrp: "Cgroup") -> None:
        """``blkcg_css_offline``: ``wb_blkcg_offline`` (its cgwbs are its memcg's,
        killed by that css's offline) then its own pin put."""
        self.unpin_online(cgrp)

    def get(self, cgrp: "Cgroup") -> None:
        """``css_get`` of the io css (a blkg's, a cgwb's)."""
        css = self._css(cgrp)
        if css is not None:
            css["refs"] += 1

    def put(self, cgrp: "Cgroup") -> None:
        """``css_put`` of the io css: the last one after its offline releases it."""
        css = self._css(cgrp)
        if css is None:
            return
        css["refs"] -= 1
        if not css["refs"] and css.get("offline"):
            self.k.ifaces.css_released("io", cgrp)

    def unpin_online(self, cgrp: "Cgroup") -> None:
        """``blkcg_unpin_online``: at zero the cgroup's blkgs are destroyed and its
        parent's pin is put, up to the root."""
        while cgrp.parent is not None:
            css = self._css(cgrp)
            if css is None:
                return
            css["pin"] -= 1
            if css["pin"]:
                return
            self.blkcg_destroy_blkgs(cgrp)
            cgrp = cgrp.parent

    def css_gone(self, cgrp: "Cgroup") -> None:
        """The io css freed at once (io disabled in the parent's subtree_control:
        the model frees the css without its offline): its blkgs destroyed and, as
        its offline would have, its pin on its parent put."""
        css = self._css(cgrp)
        self.blkcg_destroy_blkgs(cgrp)
        p = cgrp.parent
        if css is not None and not css.get("offline") and p is not None and p.parent is not None:
            self.unpin_online(p)

    # -- cgroup writeback ------------------------------------------------------------
    def cgwb_pin(self, cgrp: "Cgroup") -> "Cgroup | None":
        """``cgwb_create``: the wb's blkcg (the memcg's cgroup's effective io css)
        is pinned online and referenced; its cgroup, None for the root's."""
        if not self.k.ifaces.css:
            return None
        cgrp = self.effective(cgrp)
        css = self._css(cgrp) if cgrp.parent is not None else None
        if css is None:
            return None
        css["pin"] += 1
        self.get(cgrp)
        return cgrp

    def cgwb_unpin(self, cgrp: "Cgroup | None") -> None:
        """``cgwb_release_workfn``: ``css_put(wb->blkcg_css)``, then
        ``blkcg_unpin_online``."""
        if cgrp is not None:
            self.put(cgrp)
            self.unpin_online(cgrp)

    # -- bios --------------------------------------------------------------------------
    def bio_associate_current(self) -> None:
        """``bio_associate_blkg`` of a bio the current task submits (a read):
        ``blkcg_css()``, its cgroup's effective io css."""
        k = self.k
        if not k.ifaces.css or not k.memory_root.is_dfl:
            return
        t = k.current
        if t is not None:
            m = k.task_memcg(t)
            if m is not k.memcg.root_mem_cgroup:
                self.blkg_lookup_create(m.cgroup)

    def bio_associate_wb(self, memcg) -> None:
        """``wbc_init_bio`` of writeback through ``memcg``'s wb (None or the root
        memcg: the root's wb, whose blkcg is the root's)."""
        if memcg is not None and self.k.ifaces.css and memcg is not self.k.memcg.root_mem_cgroup:
            self.blkg_lookup_create(memcg.cgroup)

    def blkg_lookup_create(self, cgrp: "Cgroup") -> None:
        """``blkg_lookup_create``: the blkg of ``cgrp``'s effective io css, made with
        its missing ancestors' from the top; a removed cgroup gets none (its bio
        takes the nearest blkg: ``blkg_tryget_closest``)."""
        cgrp = self.effective(cgrp)
        blkgs = self.blkgs
        if cgrp.parent is None or cgrp in blkgs:
            return
        while True:
            pos, parent = cgrp, cgrp.parent
            while parent.parent is not None and parent not in blkgs:
                pos, parent = parent, parent.parent
            if not self.blkg_create(pos) or pos is cgrp:
                return

    def blkg_conf_prep(self, cgrp: "Cgroup") -> None:
        """``blkg_conf_prep`` of a write naming the disk (io.max): the blkg and its
        missing ancestors', each allocated with GFP_KERNEL."""
        self.blkg_lookup_create(cgrp)

    def blkg_create(self, cgrp: "Cgroup") -> bool:
        """``blkg_create`` (``blkg_alloc``'s allocations, on this CPU): False when the
        css is no longer online (``css_tryget_online`` fails)."""
        css = self._css(cgrp)
        if css is None or css.get("killed"):
            return False
        k = self.k
        parent = self.blkgs.get(cgrp.parent)
        if parent is not None:
            parent.refcnt += 1
        blkg = self.blkgs[cgrp] = Blkg(cgrp, parent)
        self.get(cgrp)
        k.slab.alloc_structs(("blkg", blkg), k.sizes.blkg_slab())
        k.percpu.alloc_areas(("blkg", blkg), k.sizes.blkg_pcpu())
        return True

    # -- destruction ---------------------------------------------------------------------
    def blkcg_destroy_blkgs(self, cgrp: "Cgroup") -> None:
        """``blkcg_destroy_blkgs`` → ``blkg_destroy``: off the tree, its percpu_ref
        killed (its base reference put once the ref is atomic, a grace period
        later, on this CPU)."""
        blkg = self.blkgs.pop(cgrp, None)
        if blkg is not None:
            blkg.killed = True
            k = self.k
            cpu = k.current.cpu
            k.clock.call_rcu(k.call_on_cpu, cpu, self.blkg_put, blkg, cpu=cpu)

    def blkg_put(self, blkg: Blkg) -> None:
        """``blkg_put``: at zero, ``blkg_release`` → ``call_rcu(__blkg_release)``."""
        blkg.refcnt -= 1
        if not blkg.refcnt:
            k = self.k
            cpu = k.current.cpu
            k.clock.call_rcu(k.call_on_cpu, cpu, self.blkg_release, blkg, cpu=cpu)

    def blkg_release(self, blkg: Blkg) -> None:
        """``__blkg_release``: the css and the parent blkg put, then ``blkg_free``
        (v5.18+: ``schedule_work`` of ``blkg_free_workfn``, on this CPU)."""
        k = self.k
        self.put(blkg.cgrp)
        if blkg.parent is not None:
            self.blkg_put(blkg.parent)
        if k.design.blkg_free_work:
            k.clock.queue_work(k.call_on_cpu, k.current.cpu, self.blkg_free, blkg)
        else:
            self.blkg_free(blkg)

    def blkg_free(self, blkg: Blkg) -> None:
        """The policies' data (``throtl_pd_free``), ``iostat_cpu``, the percpu_ref
        and the blkcg_gq freed."""
        self.k.slab.free_structs(("blkg", blkg))
        self.k.percpu.free_areas(("blkg", blkg))
