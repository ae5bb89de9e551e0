"""kernel/cgroup/pids.c: the process number controller, on cgroup2.

A cgroup whose parent enables ``pids`` in ``cgroup.subtree_control`` has a pids
css (``struct pids_cgroup``); a task is counted, hierarchically, in the pids css of
its cgroup or of the nearest ancestor that has one, from ``fork``
(``pids_can_fork`` → ``pids_try_charge``) to ``release_task`` (``pids_release``:
a zombie still counts), and moves with the task (``pids_can_attach``: charged
without a limit, so a move can leave ``pids.current`` above ``pids.max``). The
root's css counts nothing (every loop stops below it). A fork past any
ancestor's ``pids.max`` fails with -EAGAIN after the child was built
(``copy_process`` → ``cgroup_can_fork``); the forking css's ``events_limit``
(``pids.events`` "max") counts it and the first one is logged. v6.1 keeps a
watermark (``pids.peak``). Aleksa Sarai, "cgroup: add pids subsystem" (in v4.3).
"""
from __future__ import annotations

import errno
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .cgroup import Cgroup
    from .fork import Task

#: ``PID_MAX_LIMIT`` on 64-bit (include/linux/threads.h: 4 * 1024 * 1024)
PID_MAX_LIMIT = 4 * 1024 * 1024
#: ``PIDS_MAX``: "max", one above any count a pid_t allows
PIDS_MAX = PID_MAX_LIMIT + 1


class PidsCgroup:
    """``struct pids_cgroup``."""
    __slots__ = ("cgroup", "counter", "limit", "events_limit", "watermark", "css_id")

    def __init__(self, cgroup: "Cgroup") -> None:
        self.cgroup = cgroup
        self.counter = 0
        self.limit = PIDS_MAX
        self.events_limit = 0
        self.watermark = 0
        #: its ID in the pids ``css_idr`` (``css->id``)
        self.css_id = 0


class Pids:
    """The pids controller's csses (non-root) by cgroup, and its callbacks."""
    __slots__ = ("k", "css")

    def __init__(self, kernel) -> None:
        self.k = kernel
        self.css: dict = {}

    # -- css lifecycle ---------------------------------------------------------
    def enabled_for(self, cgrp: "Cgroup") -> bool:
        """A new cgroup gets a pids css: its parent enables the controller (cgroup2;
        the model mounts no v1 pids hierarchy)."""
        p = cgrp.parent
        return p is not None and cgrp.root.is_dfl and "pids" in p.subtree_control

    def css_create(self, cgrp: "Cgroup") -> None:
        """``css_create``: ``pids_css_alloc`` (limit "max") and its css's percpu_ref;
        the tasks below, migrated to it (``cgroup_apply_control``), are counted."""
        if cgrp in self.css:
            return
        k = self.k
        css = self.css[cgrp] = PidsCgroup(cgrp)
        css.counter = css.watermark = sum(
            1 for t in k.tasks.values() if not t.kthread and _below(t.cgroups.get(cgrp.root), cgrp))
        k.slab.alloc_structs(("pids", cgrp), k.sizes.pids_slab())
        k.percpu.alloc_areas(("pids", cgrp), k.sizes.pids_pcpu())
        css.css_id = k.cgroups.css_idr["pids"].alloc()

    def css_free(self, cgrp: "Cgroup") -> None:
        """``pids_css_free`` (and the css's ID and percpu_ref): when the controller is
        disabled above it or the cgroup is freed; its tasks count on above."""
        css = self.css.pop(cgrp, None)
        if css is None:
            return
        k = self.k
        k.slab.free_structs(("pids", cgrp))
        k.percpu.free_areas(("pids", cgrp))
        k.cgroups.css_idr["pids"].free(css.css_id)

    def _chain(self, cgrp: "Cgroup | None"):
        """The pids csses from ``cgrp``'s up to (not including) the root's: the first
        is ``task_css(task, pids_cgrp_id)`` of a task in ``cgrp``."""
        css = self.css
        while cgrp is not None:
            p = css.get(cgrp)
            if p is not None:
                yield p
            cgrp = cgrp.parent

    # -- charges ---------------------------------------------------------------
    def can_fork(self, parent: "Task") -> None:
        """``pids_can_fork`` → ``pids_try_charge`` for a child of ``parent``: -EAGAIN
        (nothing charged) if some css's count would pass its limit; the forking
        css's ``events_limit`` counts it, its first logged. The watermark of each
        level below the refusing one has seen the count it reached."""
        if not self.css:
            return
        cgrp = parent.cgroups.get(self.k.memory_root)
        # list(self._chain(cgrp)), written out (no generator a fork)
        css = self.css
        chain: list = []
        while cgrp is not None:
            p = css.get(cgrp)
            if p is not None:
                chain.append(p)
            cgrp = cgrp.parent
        if not chain:
            return
        for p in chain:
            new = p.counter + 1
            if new > p.limit:
                p = chain[0]
                p.events_limit += 1
                if p.events_limit == 1:
                    self.k.log.printk("cgroup: fork rejected by pids controller in "
                                      f"{p.cgroup.path}")
                raise OSError(errno.EAGAIN, "Resource temporarily unavailable")
            if new > p.watermark:   # below a level that refuses too (v6.1)
                p.watermark = new
        for p in chain:
            p.counter += 1

    def release(self, task: "Task") -> None:
        """``pids_release`` (``release_task``): uncharge the task's css and above."""
        if self.css and not task.kthread:
            # self._chain(...), written out (no generator an exit)
            css = self.css
            cgrp = task.cgroups.get(self.k.memory_root)
            while cgrp is not None:
                p = css.get(cgrp)
                if p is not None:
                    p.counter -= 1
                cgrp = cgrp.parent

    def attach(self, task: "Task", src: "Cgroup", dst: "Cgroup") -> None:
        """``pids_can_attach``: ``pids_charge`` the destination (no limit; a common
        ancestor's watermark sees the task twice), then ``pids_uncharge`` the source."""
        if self.css and src.root.is_dfl:
            for p in self._chain(dst):
                p.counter += 1
                if p.counter > p.watermark:
                    p.watermark = p.counter
            for p in self._chain(src):
                p.counter -= 1


def _below(c: "Cgroup | None", cgrp: "Cgroup") -> bool:
    """``c`` is ``cgrp`` or one of its descendants."""
    return c is not None and (c is cgrp or any(a is cgrp for a in c.ancestors()))
