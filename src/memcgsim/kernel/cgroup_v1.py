"""kernel/cgroup/cgroup-v1.c: the release agent (``notify_on_release``).

A v1 cgroup whose ``notify_on_release`` is 1 is *released* once it is empty: no
task in it or below it and no live child. ``cgroup_update_populated`` (a task
left it or its subtree, by exit or by a move) and ``cgroup_destroy_locked`` (its
last child removed) call ``cgroup1_check_for_release``, which queues the
cgroup's ``release_agent_work`` on the system workqueue; ``cgroup1_release_agent``
then runs the hierarchy's ``release_agent`` as a user-mode helper
(``call_usermodehelper(..., UMH_WAIT_EXEC)``) with the cgroup's path below the
hierarchy's root as its argument and a minimal environment. The same code in
v5.10 and v6.1 (the release agent came with the v1 cgroup core, Linux v2.6.24;
cgroup-v1.c since Linux commit 0a268dbd7932 ("cgroup: move cgroup v1 specific
code to kernel/cgroup/cgroup-v1.c") (in v4.12)).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import KernelCore
    from .cgroup import Cgroup

#: ``cgroup1_release_agent``'s ``envp``: the helper's whole environment
RELEASE_AGENT_ENVP = ("HOME=/", "PATH=/sbin:/bin:/usr/sbin:/usr/bin")


def cgroup1_check_for_release(k: "KernelCore", cgrp: "Cgroup") -> None:
    """``cgroup1_check_for_release``: ``notify_on_release(cgrp) &&
    !cgroup_is_populated(cgrp) && !css_has_online_children(&cgrp->self) &&
    !cgroup_is_dead(cgrp)``, then ``schedule_work(&cgrp->release_agent_work)``
    (on this CPU's system workqueue; a work already queued is not queued again)."""
    root = cgrp.root
    if (cgrp not in root.notify_on_release or cgrp.removed or cgrp.children
            or cgrp.is_populated() or cgrp in root.release_pending):
        return
    root.release_pending.add(cgrp)
    k.clock.queue_work(k.call_on_cpu, k.current.cpu, cgroup1_release_agent, k, cgrp)


def cgroup_update_populated(k: "KernelCore", cgrp: "Cgroup") -> None:
    """``cgroup_update_populated`` after a task left ``cgrp`` (its exit, or a move
    out): each cgroup from ``cgrp`` up that is no longer populated changed state,
    and is checked for release; the walk stops at the first still populated."""
    c: "Cgroup | None" = cgrp
    while c is not None and not c.is_populated():
        cgroup1_check_for_release(k, c)
        c = c.parent


def cgroup1_release_agent(k: "KernelCore", cgrp: "Cgroup") -> None:
    """``cgroup1_release_agent``, the work: nothing if the hierarchy has no agent
    (read now, not when the work was queued), else the agent run with the
    cgroup's path (``cgroup_path_ns`` in the initial namespace: "/a/b")."""
    root = cgrp.root
    root.release_pending.discard(cgrp)
    agent = root.release_agent_path
    if not agent:
        return
    k.call_usermodehelper([agent, cgrp.path], list(RELEASE_AGENT_ENVP))
