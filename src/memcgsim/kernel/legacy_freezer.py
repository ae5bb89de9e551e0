"""kernel/cgroup/legacy_freezer.c: the v1 freezer controller (``freezer.state``).

A v1 hierarchy of its own, mounted as hosts (and ``docker pause``) mount it:
``mount -t cgroup -o freezer freezer /sys/fs/cgroup/freezer`` (``cgroup1_get_tree``
→ ``cgroup_setup_root``: the hierarchy takes the next ID of
``cgroup_hierarchy_idr``, 2 beside the memory one, and every css_set is linked to
its root cgroup, so every task starts there). Each cgroup but the root has a
``struct freezer`` whose ``state`` holds the flags below (the same in v5.10 and
v6.1; 6.1 counts freezing cgroups in the ``freezer_active`` static key where 5.10
had ``system_freezing_cnt``, f5d39b020809 "freezer,sched: Rewrite core freezer
logic", which changes nothing seen here):

- ``freezer.state`` (``CFTYPE_NOT_ON_ROOT``) takes "THAWED" or "FROZEN" after
  ``strstrip`` and nothing else (-EINVAL: "FREEZING" is only read); the change
  goes to the cgroup (FREEZING_SELF) and, pre-order, to every live descendant
  (FREEZING_PARENT) (``freezer_change_state``, ``freezer_apply_state``); a read
  first updates the subtree bottom-up (``freezer_read`` → ``update_if_frozen``):
  a freezing cgroup is FROZEN once its tasks are frozen and every online child is
  FROZEN, so a removed child not yet offline that was never read keeps its parent
  FREEZING;
- ``freezer.self_freezing`` and ``freezer.parent_freezing`` read the two flags;
- a new cgroup under a freezing one starts FROZEN with FREEZING_PARENT
  (``freezer_css_online``); a task moved into a freezing cgroup freezes, and its
  cgroup and those above lose FROZEN until read again; one moved into a thawed
  cgroup thaws (``freezer_attach``); a child forked there is frozen too
  (``freezer_fork``: the model's fork keeps the parent's css_set, so its child is
  as frozen as it).

A frozen task sleeps in ``__refrigerator`` (TASK_UNINTERRUPTIBLE on 5.10, TASK_FROZEN
on 6.1, both shown "D (disk sleep)"; 5.10 leaves a task asleep in a ``nanosleep``
sleeping until it wakes: :meth:`LegacyFreezer.in_refrigerator`): it does not run, and no signal wakes it, not
even SIGKILL (``signal_wake_up`` wakes TASK_WAKEKILL and TASK_INTERRUPTIBLE sleeps
only): a fatal signal waits pending until the thaw and acts then (both guests:
tests/conformance/scripts/v1-freezer.sh). Its memory stays charged: freezing
frees nothing. The model freezes a task at once (the kernel at its next return to
user space or freezable sleep), so a read after the write finds the cgroup FROZEN
(the guests may read FREEZING for a moment).
"""
from __future__ import annotations

import errno
from typing import TYPE_CHECKING

from .cgroup import CgroupRoot
from .idr import Idr
from .fork import PF_FREEZER_SKIP

if TYPE_CHECKING:  # pragma: no cover
    from . import KernelCore
    from .cgroup import Cgroup

#: ``enum freezer_state_flags``
CGROUP_FREEZER_ONLINE = 1 << 0
CGROUP_FREEZING_SELF = 1 << 1
CGROUP_FREEZING_PARENT = 1 << 2
CGROUP_FROZEN = 1 << 3
CGROUP_FREEZING = CGROUP_FREEZING_SELF | CGROUP_FREEZING_PARENT


def freezer_state_strs(state: int) -> str:
    """``freezer_state_strs``"""
    if state & CGROUP_FROZEN:
        return "FROZEN"
    if state & CGROUP_FREEZING:
        return "FREEZING"
    return "THAWED"


class LegacyFreezer:
    """The freezer hierarchy (once mounted) and each online freezer css's state."""
    __slots__ = ("k", "root", "state", "woken", "css_ids")

    def __init__(self, k: "KernelCore") -> None:
        self.k = k
        #: the freezer hierarchy, None until mounted
        self.root: CgroupRoot | None = None
        #: ``freezer->state`` of each online css but the root's (which never
        #: freezes), until ``freezer_css_offline`` clears it
        self.state: dict["Cgroup", int] = {}
        #: frozen tasks a signal woke out of a sleep 5.10's ``freeze_task`` had
        #: skipped: they went on into the refrigerator (:meth:`in_refrigerator`),
        #: until thawed
        self.woken: set = set()
        #: the ``css->id`` each allocated freezer css holds (its ``ss->css_idr``)
        self.css_ids: dict["Cgroup", int] = {}

    # -- the hierarchy ----------------------------------------------------------
    def mount(self, mountpoint: str) -> CgroupRoot:
        """``cgroup1_get_tree`` of "freezer": the hierarchy, set up at its first
        mount (``cgroup_setup_root``: its root directory and files, the next
        hierarchy ID, every css_set linked to its root cgroup)."""
        root = self.root
        if root is not None:
            return root
        k = self.k
        if k.memory_root.is_dfl:
            raise NotImplementedError("a v1 freezer hierarchy beside cgroup2")
        hid = max(r.hierarchy_id for r in k.roots) + 1
        root = self.root = CgroupRoot(hid, ("freezer",), False, mountpoint,
                                      Idr(k, "kernfs ino_idr", 1))
        k.cgroups.setup_root(root)
        k.roots.append(root)
        top = root.cgrp
        k.csets.link_root(root)
        for t in k.tasks.values():
            if t.cgroups and t.alive:
                top.tasks[t.pid] = t
        return root

    def css_alloc(self, cgrp: "Cgroup") -> None:
        """``css_create`` of the freezer css of a new cgroup: ``freezer_css_alloc``'s
        ``struct freezer`` and the css's percpu_ref (slab data, per-CPU counter;
        kernel/sizes ``freezer_slab``), its ``css->id`` (``cgroup_idr_alloc``).
        The root's css is the boot's."""
        k = self.k
        k.slab.alloc_structs(("freezer", cgrp), k.sizes.freezer_slab())
        k.percpu.alloc_areas(("freezer", cgrp), k.sizes.freezer_pcpu())
        self.css_ids[cgrp] = k.cgroups.css_idr["freezer"].alloc()

    def css_free(self, cgrp: "Cgroup") -> None:
        """``freezer_css_free`` (``kfree(freezer)``), the css's percpu_ref and ID,
        when the cgroup is freed (``css_free_rwork_fn``)."""
        css_id = self.css_ids.pop(cgrp, None)
        if css_id is None:
            return
        k = self.k
        k.slab.free_structs(("freezer", cgrp))
        k.percpu.free_areas(("freezer", cgrp))
        k.cgroups.css_idr["freezer"].free(css_id)

    def css_online(self, cgrp: "Cgroup") -> None:
        """``freezer_css_online``: a new cgroup inherits a freezing parent's state
        as FREEZING_PARENT, and is FROZEN (it has no tasks yet)."""
        s = CGROUP_FREEZER_ONLINE
        if self.state.get(cgrp.parent, 0) & CGROUP_FREEZING:    # type: ignore[arg-type]
            s |= CGROUP_FREEZING_PARENT | CGROUP_FROZEN
        self.state[cgrp] = s

    def css_offline(self, cgrp: "Cgroup") -> None:
        """``freezer_css_offline``: ``freezer->state = 0`` (a grace period after the
        rmdir: kernel/cgroup.py ``css_killed_work_fn``)."""
        self.state.pop(cgrp, None)

    # -- freezer.state ------------------------------------------------------------
    def write(self, cgrp: "Cgroup", text: str) -> None:
        """``freezer_write``: "THAWED" or "FROZEN" after ``strstrip``, else -EINVAL."""
        buf = text.strip(" \t\n\v\f\r")
        if buf == "THAWED":
            freeze = False
        elif buf == "FROZEN":
            freeze = True
        else:
            raise OSError(errno.EINVAL, "Invalid argument")
        self.change_state(cgrp, freeze)

    def change_state(self, cgrp: "Cgroup", freeze: bool) -> None:
        """``freezer_change_state``: the cgroup, then its live descendants in
        pre-order, each taking its parent's FREEZING as FREEZING_PARENT."""
        state = self.state
        self.apply_state(cgrp, freeze, CGROUP_FREEZING_SELF)
        stack = list(reversed(cgrp.children.values()))
        while stack:
            c = stack.pop()
            self.apply_state(c, bool(state.get(c.parent, 0) & CGROUP_FREEZING),  # type: ignore[arg-type]
                             CGROUP_FREEZING_PARENT)
            stack.extend(reversed(c.children.values()))

    def apply_state(self, cgrp: "Cgroup", freeze: bool, flag: int) -> None:
        """``freezer_apply_state``: set or clear ``flag``; a cgroup no longer
        freezing loses FROZEN and its tasks thaw (``unfreeze_cgroup``)."""
        s = self.state.get(cgrp, 0)
        if not s & CGROUP_FREEZER_ONLINE:
            return
        if freeze:
            self.state[cgrp] = s | flag          # freeze_cgroup: its tasks stop
            return
        s &= ~flag
        if not s & CGROUP_FREEZING:
            s &= ~CGROUP_FROZEN
            self.state[cgrp] = s
            for t in list(cgrp.tasks.values()):
                self.woken.discard(t)
                self.thaw_task(t)
        else:
            self.state[cgrp] = s

    def read(self, cgrp: "Cgroup") -> str:
        """``freezer_read``: the live subtree updated bottom-up, then the name of
        the cgroup's state."""
        order = []
        stack = [cgrp]
        while stack:
            c = stack.pop()
            order.append(c)
            stack.extend(c.children.values())
        for c in reversed(order):
            self.update_if_frozen(c)
        return freezer_state_strs(self.state.get(cgrp, 0)) + "\n"

    def update_if_frozen(self, cgrp: "Cgroup") -> None:
        """``update_if_frozen``: a freezing cgroup becomes FROZEN once every online
        child is (a removed child counts until it is offline) and its tasks are
        frozen: the model's are at once, but for a task asleep in a memcg OOM
        (``mem_cgroup_oom_synchronize``: TASK_KILLABLE, which ``freeze_task``'s fake
        signal does not wake, and no freezable sleep), which freezes only once woken
        (kernel/memcg_oom.py; case v1-freezer-oom)."""
        state = self.state
        s = state.get(cgrp, 0)
        if not s & CGROUP_FREEZING or s & CGROUP_FROZEN:
            return
        for c, cs in state.items():
            if c.parent is cgrp and not cs & CGROUP_FROZEN:
                return
        waitq = self.k.memcg_oom.waitq
        if waitq and any(t in waitq for t in cgrp.tasks.values()):
            return
        state[cgrp] = s | CGROUP_FROZEN

    def self_freezing(self, cgrp: "Cgroup") -> int:
        """``freezer_self_freezing_read``"""
        return int(bool(self.state.get(cgrp, 0) & CGROUP_FREEZING_SELF))

    def parent_freezing(self, cgrp: "Cgroup") -> int:
        """``freezer_parent_freezing_read``"""
        return int(bool(self.state.get(cgrp, 0) & CGROUP_FREEZING_PARENT))

    # -- tasks ----------------------------------------------------------------------
    def attach(self, tsk, dst: "Cgroup") -> None:
        """``freezer_attach``: a task moved into a thawed cgroup thaws; into a
        freezing one it freezes, and the cgroup and its ancestors lose FROZEN
        until ``update_if_frozen`` finds it frozen."""
        state = self.state
        if not state.get(dst, 0) & CGROUP_FREEZING:
            self.woken.discard(tsk)
            return          # thawed: its held signals act (fork.py attach)
        c: Cgroup | None = dst
        while c is not None and state.get(c, 0) & CGROUP_FROZEN:
            state[c] &= ~CGROUP_FROZEN
            c = c.parent

    def task_frozen(self, tsk) -> bool:
        """``cgroup_freezing``/``frozen``: the task's freezer cgroup is freezing, so
        it sits in the refrigerator (the model freezes it at once)."""
        root = self.root
        if root is None:
            return False
        c = tsk.cgroups.get(root)
        return c is not None and bool(self.state.get(c, 0) & CGROUP_FREEZING)

    def in_refrigerator(self, tsk) -> bool:
        """The frozen task sleeps in ``__refrigerator`` ("D (disk sleep)"), unless
        5.10's ``freeze_task`` skipped it: asleep in a ``freezable_schedule``
        (PF_FREEZER_SKIP: a ``nanosleep``; ``do_signal_stop``'s, a stopped task),
        it is not woken, stays "S (sleeping)" or "T (stopped)" and counts as frozen
        (``freezer_should_skip``) until a signal wakes it (:meth:`signal_woke`) and
        it freezes in ``freezer_count``. 6.1 freezes such sleeps in place
        (TASK_FROZEN, D: ``__set_task_frozen``, stopped tasks too). Both guests,
        case freeze-stop-v1."""
        if not self.task_frozen(tsk):
            return False
        if tsk in self.woken or not self.k.design.freezable_schedule:
            return True
        return not tsk.flags & PF_FREEZER_SKIP and tsk.state != "stopped"

    def signal_woke(self, tsk) -> None:
        """A signal queued for a frozen task (``signal_wake_up``; a SIGCONT to a
        stopped one, ``prepare_signal``) woke it out of a sleep 5.10's freezer
        skipped: it enters the refrigerator."""
        if self.task_frozen(tsk):
            self.woken.add(tsk)

    def holds_signal(self, tsk, sig: int) -> bool:
        """A fatal ``sig`` sent to a frozen task waits in its pending set: the
        refrigerator's TASK_UNINTERRUPTIBLE (5.10) or TASK_FROZEN (6.1) sleep is
        woken by no signal (``signal_wake_up_state``), SIGKILL included; a 5.10
        task skipped asleep (:meth:`in_refrigerator`) is woken by it and freezes."""
        if not self.task_frozen(tsk):
            return False
        tsk.shdpending |= 1 << sig
        self.woken.add(tsk)
        return True

    def thaw_task(self, tsk) -> None:
        """``__thaw_task``: the task leaves the refrigerator; the signals it was
        sent meanwhile act now (``Kernel.signals_at_thaw``)."""
        if tsk.shdpending:
            self.k.signals_at_thaw(tsk)
