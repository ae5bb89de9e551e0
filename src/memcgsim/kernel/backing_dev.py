"""mm/backing-dev.c's cgroup writeback: each memcg's ``bdi_writeback`` (cgwb) on the
disk's bdi, the css reference it holds, and how a removed memcg's wb lets it go.

On cgroup v2 an ext4 inode is associated with a wb when it is first dirtied
(``inode_attach_wb``: the wb of the first dirtied page's memcg, created by
``wb_get_create`` → ``cgwb_create``, which takes ``css_get(memcg_css)``; an offline
memcg gets none, ``memcg_cgwb_list->next`` is NULL, and its inodes take the root's
wb), and keeps it until it is destroyed (``__destroy_inode`` → ``inode_detach_wb``
→ ``wb_put``): each attached inode is a reference on the wb's ``percpu_ref``. At
the memcg's offline ``wb_memcg_offline`` → ``cgwb_kill`` kills that ref
(``percpu_ref_kill``: its base reference goes when a grace period has let the ref
switch to atomic, ``percpu_ref_switch_to_atomic_rcu``). When the count reaches
zero ``cgwb_release`` queues ``cgwb_release_workfn`` on ``cgwb_release_wq`` (a
per-CPU workqueue), which first shuts the wb down (``wb_shutdown``:
``mod_delayed_work(bdi_wq, &wb->dwork, 0)`` and ``flush_delayed_work``, a
``wb_workfn`` run on an unbound kworker) and then puts the memcg's css: the last
reference of a removed memcg whose pages went with its files (an ``rm``) is this
one, two work items after the files' eviction.

Before v5.14 a clean inode keeps its wb, and the wb its dying memcg, as long as the
inode is cached (after drop_caches 1 too). From v5.14 (design switch
``cgwb_offline_switch``) the offline also queues ``cleanup_offline_cgwbs_workfn``
on ``system_unbound_wq``: each offline wb without dirty I/O (``wb_has_dirty_io``)
has its attached inodes switched (``cleanup_offline_cgwb``: to the wb of the
nearest ancestor memcg that can have one, created if needed, else the root's) by
``inode_switch_wbs_work_fn`` after a grace period (``queue_rcu_work(isw_wq)``); a
wb that still has dirty inodes is skipped and kept on ``offline_cgwbs`` for the
next offline's run.

Traced on both guests (tools/sizes/pod-kill-trace.sh: ``css_release`` of the
memory css called from ``cgwb_release_workfn``, ``cgwb_release`` from
``__destroy_inode`` in ``do_unlinkat`` or from ``percpu_ref_switch_to_atomic_rcu``;
docs/fidelity.md item 102). Sources: mm/backing-dev.c
``cgwb_create``, ``wb_get_create``, ``cgwb_release``, ``cgwb_release_workfn``,
``wb_shutdown``, ``cgwb_kill``, ``wb_memcg_offline``,
``cleanup_offline_cgwbs_workfn``; fs/fs-writeback.c ``__inode_attach_wb``,
``cleanup_offline_cgwb``, ``inode_prepare_wbs_switch``; fs/inode.c
``__destroy_inode`` (v5.10 and v6.1, as the search tools' copies hold them); Linux
commit 52ebea749aae ("writeback: make backing_dev_info host cgroup-specific
bdi_writebacks") (in v4.2) and c22d70a162d3 ("writeback, cgroup: release dying
cgwbs by switching attached inodes") (in v5.14).

A wb allocates its ``struct bdi_writeback``, percpu_ref and six per-CPU counters
(kernel/sizes ``cgwb_slab``, ``cgwb_pcpu``; freed by its release) and pins its
blkcg (the memcg's cgroup's io css: kernel/blk_cgroup.py) online until released
(session 31, blkg31: tools/sizes/blkg-trace.sh).

Not modelled: foreign-inode switching at writeback (``wbc_detach_inode``), an inode
dirtied without data (atime: the guests' reads attach their file to the reader's
wb), more than one disk.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import KernelCore
    from .cgroup import Cgroup
    from .memcontrol import MemCgroup

#: the css holder name of a memcg's wb (``cgwb_create``'s ``css_get``)
CGWB = "cgwb"


class Cgwb:
    """``struct bdi_writeback`` of one memcg: its ``refcnt`` as the inodes attached
    (``inode->i_wb``), the base reference until its kill's grace period ends, and
    the switches in flight to it (``isw->new_wb``)."""
    __slots__ = ("memcg", "inodes", "base", "killed", "pending", "released", "blkcg")

    def __init__(self, memcg: "MemCgroup") -> None:
        self.memcg = memcg
        #: the inodes attached to it (their ``i_wb``), in attaching order
        self.inodes: dict = {}
        #: the percpu_ref's base reference (dropped a grace period after the kill)
        self.base = True
        #: ``cgwb_kill`` ran (the memcg went offline)
        self.killed = False
        #: references of switches queued to it (``wb_get_create`` of ``new_wb``)
        self.pending = 0
        #: ``cgwb_release`` ran (the count reached zero once: its release work is
        #: queued or done)
        self.released = False
        #: the cgroup of its ``blkcg_css`` it pins online (kernel/blk_cgroup.py),
        #: None for the root's
        self.blkcg: "Cgroup | None" = None

    @property
    def refcnt(self) -> int:
        """``percpu_ref`` count: base, attached inodes, switches in flight."""
        return self.base + len(self.inodes) + self.pending


class CgroupWritebacks:
    """The disk bdi's memcg wbs (``bdi->cgwb_tree`` and the offline ones not yet
    released), by memcg; the inode association is :attr:`Writeback.inode_wb`."""
    __slots__ = ("k", "wbs")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: memcg -> its wb, from ``cgwb_create`` until ``cgwb_release_workfn``
        self.wbs: dict = {}

    def wb_get_create(self, memcg: "MemCgroup") -> "Cgwb | None":
        """``wb_get_create``: the memcg's wb, created with a css reference on it if
        it has none; None for the root (``bdi->wb``) and for an offline memcg
        (``cgwb_create`` refuses: -ENODEV)."""
        wb = self.wbs.get(memcg)
        if wb is not None and not wb.killed:
            return wb
        if memcg is self.k.memcg.root_mem_cgroup or memcg.offline_at is not None:
            return None
        wb = self.wbs[memcg] = Cgwb(memcg)
        k = self.k
        if k.cost_watch is not None:
            k.cost_watch.mark(memcg)
        k.cgroups.css_get(memcg, CGWB)
        k.slab.alloc_structs(("cgwb", wb), k.sizes.cgwb_slab())
        k.percpu.alloc_areas(("cgwb", wb), k.sizes.cgwb_pcpu())
        wb.blkcg = k.blkcg.cgwb_pin(memcg.cgroup)
        return wb

    def inode_attach_wb(self, inode, memcg: "MemCgroup | None") -> None:
        """``inode_attach_wb`` at an inode's first dirtying on cgroup v2: the wb of
        the dirtied page's memcg (the root's when there is none or it is offline);
        an inode attached once keeps its wb until destroyed or switched."""
        iw = self.k.writeback.inode_wb
        if inode in iw:
            return
        root = self.k.memcg.root_mem_cgroup
        wb = self.wb_get_create(memcg) if memcg is not None else None
        if wb is None:
            iw[inode] = root
            return
        iw[inode] = memcg
        wb.inodes[inode] = None

    def inode_detach_wb(self, inode) -> None:
        """``__destroy_inode`` → ``inode_detach_wb``: the inode's reference on its wb
        goes (``wb_put``)."""
        memcg = self.k.writeback.inode_wb.pop(inode, None)
        wb = self.wbs.get(memcg) if memcg is not None else None
        if wb is not None and wb.inodes.pop(inode, 0) is None:
            self._wb_put(wb)

    def _wb_put(self, wb: Cgwb) -> None:
        """A reference went: at zero, once the kill's grace period is over (the ref
        is atomic), ``cgwb_release`` queues the release work on this CPU."""
        if not wb.base and wb.refcnt == 0 and not wb.released:
            wb.released = True
            k = self.k
            k.clock.queue_work(k.call_on_cpu, k.current.cpu, self.cgwb_release_workfn, wb)

    def wb_memcg_offline(self, memcg: "MemCgroup") -> None:
        """``wb_memcg_offline`` → ``cgwb_kill`` (``percpu_ref_kill``: the base
        reference goes a grace period later); from v5.14 the cleanup of offline wbs
        is queued on ``system_unbound_wq``."""
        k = self.k
        wb = self.wbs.get(memcg)
        if wb is not None:
            wb.killed = True
            cpu = k.current.cpu
            k.clock.call_rcu(k.call_on_cpu, cpu, self._switched_to_atomic, wb, cpu=cpu)
        if k.design.cgwb_offline_switch:
            k.clock.queue_work(k.call_on_cpu, k.current.cpu, self.cleanup_offline_cgwbs_workfn)

    def _switched_to_atomic(self, wb: Cgwb) -> None:
        """``percpu_ref_switch_to_atomic_rcu`` of the killed ref: its base reference
        put."""
        wb.base = False
        self._wb_put(wb)

    def cgwb_release_workfn(self, wb: Cgwb) -> None:
        """``cgwb_release_workfn``: ``wb_shutdown`` flushes the wb's delayed work (a
        ``wb_workfn`` run on an unbound kworker, waited for), then the css goes."""
        k = self.k
        k.clock.queue_work(k.call_on_cpu, k.current.cpu, self._wb_shut_down, wb)

    def _wb_shut_down(self, wb: Cgwb) -> None:
        """The flushed ``wb_workfn`` ran: ``css_put(wb->memcg_css)``; the wb is
        gone."""
        del self.wbs[wb.memcg]
        k = self.k
        if k.cost_watch is not None:
            k.cost_watch.mark(wb.memcg)
        k.cgroups.css_put(wb.memcg, CGWB)
        k.blkcg.cgwb_unpin(wb.blkcg)
        # fprop_local_destroy_percpu, percpu_ref_exit, wb_exit; the wb itself after
        # a grace period (call_rcu(&wb->rcu, cgwb_free_rcu))
        k.percpu.free_areas(("cgwb", wb))
        cpu = k.current.cpu
        k.clock.call_rcu(k.call_on_cpu, cpu, k.slab.free_structs, ("cgwb", wb), cpu=cpu)

    def cleanup_offline_cgwbs_workfn(self) -> None:
        """``cleanup_offline_cgwbs_workfn`` (v5.14): every offline wb without dirty
        inodes has its attached inodes switched to the wb of the nearest ancestor
        that can have one (``cleanup_offline_cgwb``), each switch a grace period
        later (``queue_rcu_work(isw_wq, ...)`` → ``inode_switch_wbs_work_fn``); a
        wb with dirty inodes waits for the next offline."""
        k = self.k
        dirty = k.writeback.dirty
        iw = k.writeback.inode_wb
        for wb in [w for w in self.wbs.values() if w.killed and w.inodes]:
            if any(i in dirty for i in wb.inodes):
                continue
            new = None
            m = wb.memcg.parent_memcg
            while m is not None and new is None:
                new = self.wb_get_create(m)
                m = m.parent_memcg
            inodes = [i for i in wb.inodes if iw.get(i) is wb.memcg]
            if new is not None:
                new.pending += len(inodes)
            cpu = k.current.cpu
            k.clock.call_rcu(k.call_on_cpu, cpu, self._queue_switch, wb, new, inodes,
                             cpu=cpu)

    def _queue_switch(self, wb: Cgwb, new: "Cgwb | None", inodes: list) -> None:
        k = self.k
        k.clock.queue_work(k.call_on_cpu, k.current.cpu, self.inode_switch_wbs_work_fn,
                           wb, new, inodes)

    def inode_switch_wbs_work_fn(self, wb: Cgwb, new: "Cgwb | None", inodes: list) -> None:
        """``inode_switch_wbs_work_fn``: each inode still attached to ``wb`` now
        points at ``new`` (the root's wb when None); ``wb`` loses their references,
        ``new`` keeps those of the switch."""
        iw = self.k.writeback.inode_wb
        target = new.memcg if new is not None else self.k.memcg.root_mem_cgroup
        for inode in inodes:
            if new is not None:
                new.pending -= 1
            if wb.inodes.pop(inode, 0) is not None:
                continue            # destroyed meanwhile
            iw[inode] = target
            if new is not None:
                new.inodes[inode] = None
        if new is not None and new.killed:
            self._wb_put(new)
        self._wb_put(wb)
