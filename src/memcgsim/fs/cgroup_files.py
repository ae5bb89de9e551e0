"""The cftype handlers: each file's reader ``(fs, cgroup, task) -> str`` and writer
``(fs, cgroup, text, task)``, named for the kernel's, with its formats and errnos.
The tables that pair them with names, modes and flags are in ``fs/cftypes/``;
the number parsers in ``fs/cftypes/parse.py``.

State the kernel keeps in ``struct cgroup`` that the model's ``Cgroup`` has no slot
for (``max_descendants``, ``max_depth``, threaded mode, v1 ``clone_children``) is
kept per hierarchy in :class:`CgroupKnobs`, keyed by cgroup; v1's
``notify_on_release`` flags and ``release_agent`` are the kernel's
(``CgroupRoot``: kernel/cgroup_v1.py runs the agent).
"""
from __future__ import annotations

import errno
from functools import partial

from ..kernel.cgroup import V2_CONTROLLERS, subtree_ss_mask
from ..kernel.cgroup_ifaces import IFACE_GROUPS
from ..kernel.file import fdget
from ..kernel.fork import ALIVE_STATES
from ..kernel.page_counter import PAGE_COUNTER_MAX
from ..kernel.pids import PIDS_MAX
from ..kernel.signum import SIGKILL
from ..kernel.vmstat import (MEMCG_KMEM, MEMCG_SWAP, MEMCG_OOM_GROUP_KILL, MEMCG_OOM_KILL, MEMCG_PERCPU_B,
                             MEMCG_SOCK, MEMORY_EVENT_NAMES,
                             NR_ACTIVE_ANON, NR_ACTIVE_FILE, NR_ANON_MAPPED, NR_ANON_THPS,
                             NR_FILE_DIRTY,
                             NR_FILE_MAPPED, NR_FILE_PAGES, NR_INACTIVE_ANON,
                             NR_INACTIVE_FILE, NR_KERNEL_STACK_KB, NR_PAGETABLE, NR_SHMEM,
                             NR_SLAB_RECLAIMABLE_B, NR_SLAB_UNRECLAIMABLE_B, NR_UNEVICTABLE,
                             NR_WRITEBACK, PAGE_SIZE, PGACTIVATE, PGDEACTIVATE, PGFAULT,
                             PGMAJFAULT, PGPGIN, PGPGOUT, PGREFILL, PGSCAN, PGSCAN_KSWAPD, PGSTEAL,
                             PGSTEAL_KSWAPD,
                             THP_FAULT_ALLOC, WORKINGSET_ACTIVATE_FILE, WORKINGSET_NODERECLAIM,
                             WORKINGSET_REFAULT_FILE, WORKINGSET_RESTORE_FILE,
                             PercpuBatchStats)
from ..lazyimport import LazyPattern
from .cftypes.parse import INT_MAX, kstrtoint, kstrtoll, kstrtoull, simple_strtoull, strstrip
from .cftypes.parse import page_counter_memparse as _memparse_pages
from .vfs import oserror

#: ``cgrp_dfl_threaded_ss_mask``: controllers that work on threaded cgroups
THREADED_CONTROLLERS = frozenset(("cpuset", "cpu", "perf_event", "pids"))


def page_counter_memparse(text: str, max_word: str) -> int:
    """``page_counter_memparse`` in pages of the model's PAGE_SIZE."""
    return _memparse_pages(text, max_word, PAGE_SIZE, PAGE_COUNTER_MAX)


def seq_puts_memcg_tunable(pages: int) -> str:
    """``seq_puts_memcg_tunable``: "max" for PAGE_COUNTER_MAX, else bytes."""
    return "max\n" if pages >= PAGE_COUNTER_MAX else f"{pages * PAGE_SIZE}\n"


def _memcg(c):
    return c.subsys.get("memory")


class CgroupKnobs:
    """Per-cgroup settings of one hierarchy that the cgroup core keeps and the
    model's ``Cgroup`` does not (keyed by the cgroup's inode number; dropped at
    rmdir): ``cgroup.max.descendants``/``max.depth`` (INT_MAX: "max"),
    threaded mode, v1 ``cgroup.clone_children``. Also the memcg's
    ``zswap_max`` (pages) and the cgroups whose ``cgroup.pressure`` is 0: files
    that exist only while the cgroup does."""
    __slots__ = ("max_descendants", "max_depth", "threaded", "clone_children", "zswap_max",
                 "psi_off")

    def __init__(self) -> None:
        self.max_descendants: dict[int, int] = {}
        self.max_depth: dict[int, int] = {}
        self.threaded: set[int] = set()
        self.clone_children: dict[int, int] = {}
        self.zswap_max: dict[int, int] = {}
        self.psi_off: set[int] = set()

    def forget(self, c) -> None:
        for d in (self.max_descendants, self.max_depth,
                  self.clone_children, self.zswap_max):
            d.pop(c.ino, None)
        self.threaded.discard(c.ino)
        self.psi_off.discard(c.ino)

    def inherit(self, parent, c) -> None:
        """``cgroup_create`` (kernel/cgroup/cgroup.c): a new cgroup takes its parent's
        CGRP_CPUSET_CLONE_CHILDREN flag (CGRP_NOTIFY_ON_RELEASE: ``CgroupCore.mkdir``)."""
        if self.clone_children.get(parent.ino):
            self.clone_children[c.ino] = 1

    def check_hierarchy_limits(self, parent) -> bool:
        """``cgroup_check_hierarchy_limits``: every ancestor (the parent first) must
        have fewer than ``max_descendants`` live descendants and allow the depth."""
        level = 1
        c = parent
        while c is not None:
            if c.nr_descendants >= self.max_descendants.get(c.ino, INT_MAX):
                return False
            if level > self.max_depth.get(c.ino, INT_MAX):
                return False
            level += 1
            c = c.parent
        return True


# ------------------------------------------------------------------ core files
def r_procs(fs, c, task) -> str:
    """``cgroup.procs``/``cgroup.threads``/``tasks``: on v1 a sorted array of pids
    (kernel/cgroup/cgroup-v1.c ``pidlist_array_load``: sort, ``pidlist_uniq``); on
    cgroup2 the ``css_task_iter`` walk of the css_set's task list, in the order the
    tasks joined: a migrated task goes to the tail (``css_set_move_task`` with
    ``list_add_tail``, then ``list_splice_tail_init`` of ``mg_tasks``), and so does a
    forked child (``cgroup_post_fork``); a write of a task already there moves
    nothing (``cgroup_migrate_prepare_dst``: same source and destination css_set)."""
    if fs.v2:
        return "".join(f"{pid}\n" for pid in c.tasks)
    return "".join(f"{pid}\n" for pid in sorted(c.tasks))


def r_procs_v2(fs, c, task) -> str:
    """cgroup2's ``cgroup.procs`` (``cgroup_procs_start``): a threaded cgroup's read
    fails with EOPNOTSUPP (its processes belong to the thread root); otherwise the
    walk is ``CSS_TASK_ITER_PROCS | CSS_TASK_ITER_THREADED``: a thread root lists
    the processes of its threaded descendants too, after its own, each threaded
    css_set in the order it was linked (here: the subtree in pre-order)."""
    th = fs.knobs.threaded
    if c.ino in th:
        raise oserror(errno.EOPNOTSUPP)
    out = [f"{pid}\n" for pid in c.tasks]
    stack = [x for x in reversed(list(c.children.values())) if x.ino in th]
    while stack:
        x = stack.pop()
        out.extend(f"{pid}\n" for pid in x.tasks)
        stack.extend(y for y in reversed(list(x.children.values())) if y.ino in th)
    return "".join(out)


def _procs_write(fs, c, text, task, threadgroup: bool) -> None:
    """``__cgroup_procs_write``/``__cgroup1_procs_write``: ``cgroup_procs_write_start``
    takes ``kstrtoint(strstrip(buf), 0)`` (any failure or a negative pid: -EINVAL; 0
    is the writer), a missing task -ESRCH, a kthread -EINVAL; then
    ``cgroup_attach_permissions`` (cgroup2: one thread only within its domain,
    -EOPNOTSUPP) and ``cgroup_migrate_vet_dst`` (an invalid domain: -EOPNOTSUPP;
    no internal processes unless it can be a thread root: -EBUSY). A zombie is still
    found (its pid stays hashed until it is reaped): the checks pass and nothing
    moves, ``cgroup_migrate_add_task`` skipping a PF_EXITING task, so the write
    succeeds (kernel/cgroup/cgroup.c, v5.10 and v6.1)."""
    k = fs.k
    try:
        pid = kstrtoint(strstrip(text))
    except OSError:
        raise oserror(errno.EINVAL) from None
    if pid < 0:
        raise oserror(errno.EINVAL)
    # cgroup_attach_lock → percpu_down_write(&cgroup_threadgroup_rwsem), the whole
    # thread group's or another task's move (kernel/rcu_sync.py: on 6.1 the first
    # write after a pause sleeps a grace period here); released at the end
    # (cgroup_procs_write_finish → percpu_up_write)
    if pid or threadgroup:
        rss = k.threadgroup_rwsem
        rss.enter(task)
        try:
            _procs_write_locked(fs, k, c, pid, task, threadgroup)
        finally:
            rss.exit()
    else:
        _procs_write_locked(fs, k, c, pid, task, threadgroup)


def _procs_write_locked(fs, k, c, pid: int, task, threadgroup: bool) -> None:
    """The rest of :func:`_procs_write` once the lock is taken: the task looked
    up, the checks, the move."""
    t = task if pid == 0 else k.tasks.get(pid)
    # (t.alive read as its test: a property is a call from C, issue 14)
    if t is None or not (t.state in ALIVE_STATES or t.state == "zombie"):
        raise oserror(errno.ESRCH)
    if t.kthread:
        raise oserror(errno.EINVAL)
    if fs.v2:
        src = _task_cgroup(fs, t)
        # cgroup_procs_write_permission → cgroup_may_write(common ancestor)
        fs.dentries.get_inode_put(_common_ancestor(src, c), "cgroup.procs", task)
        if not threadgroup and _dom_cgrp(fs, src) is not _dom_cgrp(fs, c):
            raise oserror(errno.EOPNOTSUPP)
        if not _is_valid_domain(fs, _dom_cgrp(fs, c)):
            raise oserror(errno.EOPNOTSUPP)
        if c.parent is not None and c.subtree_control and not (
                _can_be_thread_root(fs, c) or c.ino in fs.knobs.threaded):
            raise oserror(errno.EBUSY)   # no internal processes
    if t.state in ALIVE_STATES:
        k.procs.attach(t, c)


def w_procs(fs, c, text, task) -> None:
    """``cgroup.procs`` (and v1 ``tasks``): the whole thread group."""
    _procs_write(fs, c, text, task, True)


def w_threads(fs, c, text, task) -> None:
    """``cgroup.threads`` (``cgroup_threads_write``): one thread."""
    _procs_write(fs, c, text, task, False)


def _task_cgroup(fs, t):
    root = fs.root.cgrp
    stack = [root]
    while stack:
        x = stack.pop()
        if t.pid in x.tasks:
            return x
        stack.extend(x.children.values())
    return root


def _common_ancestor(src, dst):
    """The nearest cgroup both are in (``cgroup_procs_write_permission``: ``com_cgrp``
    walks up from ``src`` until ``dst`` is its descendant)."""
    above = set()
    while dst is not None:
        above.add(dst)
        dst = dst.parent
    while src not in above:
        src = src.parent
    return src


def _dom_cgrp(fs, c):
    """``cgrp->dom_cgrp``: a threaded cgroup's nearest non-threaded ancestor."""
    while c.parent is not None and c.ino in fs.knobs.threaded:
        c = c.parent
    return c


def r_stat(fs, c, task) -> str:
    """``cgroup_stat_show``"""
    return f"nr_descendants {c.nr_descendants}\nnr_dying_descendants {c.nr_dying_descendants}\n"


def _populated(c) -> bool:
    return bool(c.tasks) or any(_populated(x) for x in c.children.values())


def r_events(fs, c, task) -> str:
    """``cgroup_events_show``"""
    return f"populated {int(_populated(c))}\nfrozen {int(c.frozen)}\n"


def controllers(fs) -> tuple[str, ...]:
    """The cgroup2 controllers of the design's release: the misc controller came
    with Linux commit a72232eabdfc ("cgroup: Add misc cgroup controller") (in
    v5.13), so 5.10 lists none."""
    if fs.k.design.cftypes == "5.10":
        return tuple(x for x in V2_CONTROLLERS if x != "misc")
    return V2_CONTROLLERS


def cgroup_control(fs, c) -> set:
    """``cgroup_control``: the controllers a cgroup may enable for its children and
    its own csses have: the root's all, else its parent's ``subtree_control``, of
    which a threaded cgroup keeps the threaded ones (``cgrp_dfl_threaded_ss_mask``)."""
    if c.parent is None:
        return set(controllers(fs))
    if c.ino in fs.knobs.threaded:
        return c.parent.subtree_control & THREADED_CONTROLLERS
    return set(c.parent.subtree_control)


def cgroup_print_ss_mask(mask) -> str:
    """``cgroup_print_ss_mask``: the names in ssid order, a newline only after one
    (an empty mask reads as an empty file)."""
    names = " ".join(sorted(mask, key=V2_CONTROLLERS.index))
    return names + "\n" if names else ""


def r_controllers(fs, c, task) -> str:
    """``cgroup_controllers_show``: ``cgroup_control``."""
    return cgroup_print_ss_mask(cgroup_control(fs, c))


def r_subtree_control(fs, c, task) -> str:
    """``cgroup_subtree_control_show``"""
    return cgroup_print_ss_mask(c.subtree_control)


def w_subtree_control(fs, c, text, task) -> None:
    """``cgroup_subtree_control_write``: ``strstrip``, then tokens split on single
    spaces, each "+name" or "-name" of a known controller (-EINVAL); then controller
    by controller (ssid order): enabling one already enabled is dropped, one
    ``cgroup_control`` lacks: -ENOENT; disabling one a child still enables below:
    -EBUSY; then what ``_vet_subtree_control_enable`` refuses."""
    known = controllers(fs)
    avail = cgroup_control(fs, c)
    enable, disable = set(), set()
    for tok in strstrip(text).split(" "):
        if not tok:
            continue
        if tok[1:] not in known or tok[:1] not in ("+", "-"):
            raise oserror(errno.EINVAL)
        if tok[0] == "+":
            enable.add(tok[1:])
            disable.discard(tok[1:])
        else:
            disable.add(tok[1:])
            enable.discard(tok[1:])
    enable -= c.subtree_control
    disable &= c.subtree_control
    for ss in known:
        if ss in enable and ss not in avail:
            raise oserror(errno.ENOENT)
        if ss in disable and any(ss in ch.subtree_control for ch in c.children.values()):
            raise oserror(errno.EBUSY)
    if enable:
        _vet_subtree_control_enable(fs, c, enable)
    was = subtree_ss_mask(c)
    c.subtree_control |= enable
    c.subtree_control -= disable
    k = fs.k
    now = subtree_ss_mask(c)
    if "memory" in now - was:
        for child in c.children.values():
            k.cgroups.css_create_memory(child)
    elif "memory" in was - now:
        for child in c.children.values():
            if "memory" in child.subsys:
                k.cgroups.css_kill_memory(child)
    elif "memory" in enable | disable:
        # the css stays (io needs it): only its files come or go (css_visible:
        # cgroup_apply_control_enable's css_populate_dir, _disable's css_clear_dir)
        for child in c.children.values():
            if "memory" in enable:
                k.cgroups.kernfs_populate(child, "memory")
            else:
                k.cgroups.kernfs_clear(child, "memory")
    for ss in ("pids", *IFACE_GROUPS):
        if ss not in enable and ss not in disable:
            continue
        # cgroup_apply_control: the children's csses made or killed, their files
        # with them (cgroup_apply_control_enable / _disable)
        groups = IFACE_GROUPS.get(ss, (ss,))
        if ss == "pids":
            create, free = k.pids.css_create, k.pids.css_free
        else:
            create, free = partial(k.ifaces.css_create, ss), partial(k.ifaces.css_free, ss)
        for child in c.children.values():
            if ss in enable:
                create(child)
                for group in groups:
                    k.cgroups.kernfs_populate(child, group)
            else:
                for group in groups:
                    k.cgroups.kernfs_clear(child, group)
                free(child)
    if enable or disable:
        # cgroup_apply_control → cgroup_update_dfl_csses: the tasks below move to
        # css_sets of their new effective csses (kernel/css_set.py)
        k.csets.update_dfl_csses(c)


def _vet_subtree_control_enable(fs, c, enable: set) -> None:
    """``cgroup_vet_subtree_control_enable``: a cgroup that cannot host resources,
    or domain controllers inside a thread subtree: -EOPNOTSUPP; threaded
    controllers only (pids...) are allowed wherever a thread root could be; else
    processes inside (not on the root, which is mixable): -EBUSY."""
    th = fs.knobs.threaded
    dom = c
    while dom.ino in th:
        dom = dom.parent
    if not _is_valid_domain(fs, dom):
        raise oserror(errno.EOPNOTSUPP)
    if c.parent is None:
        return
    threaded = c.ino in th
    if enable - THREADED_CONTROLLERS:
        if threaded or _is_thread_root(fs, c):
            raise oserror(errno.EOPNOTSUPP)
    elif threaded or _can_be_thread_root(fs, c):
        return
    if c.tasks:
        raise oserror(errno.EBUSY)


def _is_thread_root(fs, c) -> bool:
    """``cgroup_is_thread_root``: it has threaded children, or processes and a
    threaded controller (pids...) enabled below it (then its children are no valid
    domain: a move into one fails with -EOPNOTSUPP, tests/conformance pids case)."""
    if any(ch.ino in fs.knobs.threaded for ch in c.children.values()):
        return True
    return bool(c.tasks) and bool(c.subtree_control & THREADED_CONTROLLERS)


def _is_valid_domain(fs, c) -> bool:
    """``cgroup_is_valid_domain``: not threaded, and no ancestor is threaded or a
    thread root other than the (mixable) root."""
    th = fs.knobs.threaded
    if c.ino in th:
        return False
    for a in c.ancestors():
        if a.ino in th or (a.parent is not None and _is_thread_root(fs, a)):
            return False
    return True


def _can_be_thread_root(fs, c) -> bool:
    """``cgroup_can_be_thread_root``: the root always; else not threaded, no
    populated domain child, no domain controller in its subtree_control."""
    if c.parent is None:
        return True
    th = fs.knobs.threaded
    if c.ino in th:
        return False
    if any(_populated(ch) for ch in c.children.values() if ch.ino not in th):
        return False
    return not c.subtree_control - THREADED_CONTROLLERS


def r_type(fs, c, task) -> str:
    """``cgroup_type_show``"""
    if c.ino in fs.knobs.threaded:
        return "threaded\n"
    if not _is_valid_domain(fs, c):
        return "domain invalid\n"
    if _is_thread_root(fs, c):
        return "domain threaded\n"
    return "domain\n"


def w_type(fs, c, text, task) -> None:
    """``cgroup_type_write``: only "threaded" (after ``strstrip``; else -EINVAL);
    ``cgroup_enable_threaded``: -EOPNOTSUPP when populated, with domain
    controllers enabled below it, or when the domain it joins (the parent's
    ``dom_cgrp``) is invalid or cannot be a thread root."""
    if strstrip(text) != "threaded":
        raise oserror(errno.EINVAL)
    th = fs.knobs.threaded
    if c.ino in th:
        return
    if _populated(c) or c.subtree_control - THREADED_CONTROLLERS:
        raise oserror(errno.EOPNOTSUPP)
    dom = _dom_cgrp(fs, c.parent)
    if not _is_valid_domain(fs, dom) or not _can_be_thread_root(fs, dom):
        raise oserror(errno.EOPNOTSUPP)
    th.add(c.ino)
    # cgroup_apply_control → cgroup_finalize_control → cgroup_apply_control_disable:
    # the controllers cgroup_control now lacks lose their csses (the memory css is
    # killed, its files cleared: the tasks that come later use the domain's memcg)
    if "memory" in c.subsys:
        fs.k.cgroups.css_kill_memory(c)


def _r_max_knob(attr):
    def rd(fs, c, task) -> str:
        """``cgroup_max_descendants_show``/``cgroup_max_depth_show``"""
        v = getattr(fs.knobs, attr).get(c.ino, INT_MAX)
        return "max\n" if v == INT_MAX else f"{v}\n"
    return rd


def _w_max_knob(attr):
    def wr(fs, c, text, task) -> None:
        """``cgroup_max_descendants_write``/``cgroup_max_depth_write``: "max" is
        INT_MAX, else ``kstrtoint`` (its errno), negative: -ERANGE."""
        buf = strstrip(text)
        v = INT_MAX if buf == "max" else kstrtoint(buf)
        if v < 0:
            raise oserror(errno.ERANGE)
        getattr(fs.knobs, attr)[c.ino] = v
    return wr


def r_freezer_state(fs, c, task) -> str:
    """v1 ``freezer_read`` (kernel/legacy_freezer.py)."""
    return fs.k.freezer.read(c)


def w_freezer_state(fs, c, text, task) -> None:
    """v1 ``freezer_write``: THAWED or FROZEN, else -EINVAL."""
    fs.k.freezer.write(c, text)


def r_freezer_self_freezing(fs, c, task) -> str:
    """``freezer_self_freezing_read``"""
    return f"{fs.k.freezer.self_freezing(c)}\n"


def r_freezer_parent_freezing(fs, c, task) -> str:
    """``freezer_parent_freezing_read``"""
    return f"{fs.k.freezer.parent_freezing(c)}\n"


def r_freeze(fs, c, task) -> str:
    """``cgroup_freeze_show``: the cgroup's own ``freezer.freeze``."""
    return f"{c.freeze}\n"


def w_freeze(fs, c, text, task) -> None:
    """``cgroup_freeze_write``: ``kstrtoint(strstrip(buf), 0)``, 0 or 1 (-ERANGE)."""
    v = kstrtoint(strstrip(text))
    if v not in (0, 1):
        raise oserror(errno.ERANGE)
    fs.k.cgroups.cgroup_freeze(c, v)


def w_kill(fs, c, text, task) -> None:
    """``cgroup_kill_write`` (v5.14): ``kstrtoint(strstrip(buf), 0)`` must be 1
    (-ERANGE); a threaded cgroup: -EOPNOTSUPP; SIGKILL to every task below
    (``__cgroup_kill``: ``send_sig``, each target dying when it next runs:
    kernel/signal.py), the writer's own last."""
    if kstrtoint(strstrip(text)) != 1:
        raise oserror(errno.ERANGE)
    if c.ino in fs.knobs.threaded:
        raise oserror(errno.EOPNOTSUPP)
    stack = [c]
    writer = None
    while stack:
        x = stack.pop()
        for t in list(x.tasks.values()):
            if t is task:
                writer = t
                continue
            fs.k.kill(t.pid, SIGKILL, task)     # queued: each dies when it next runs
        stack.extend(x.children.values())
    if writer is not None:
        # the writer's own SIGKILL: it dies on its way back to user space
        fs.k.kill(writer.pid, SIGKILL, writer)


def _r_u64_knob(attr):
    def rd(fs, c, task) -> str:
        return f"{getattr(fs.knobs, attr).get(c.ino, 0)}\n"
    return rd


def _w_u64_knob(attr):
    def wr(fs, c, text, task) -> None:
        """``cgroup_clone_children_write`` (``write_u64``: ``kstrtoull(buf, 0)``):
        any value, kept as 0 or 1."""
        getattr(fs.knobs, attr)[c.ino] = int(bool(kstrtoull(text)))
    return wr


def r_sane_behavior(fs, c, task) -> str:
    """``cgroup_sane_behavior_show``"""
    return "0\n"


def r_notify_on_release(fs, c, task) -> str:
    """``cgroup_read_notify_on_release``: the cgroup's CGRP_NOTIFY_ON_RELEASE."""
    return "1\n" if c in c.root.notify_on_release else "0\n"


def w_notify_on_release(fs, c, text, task) -> None:
    """``cgroup_write_notify_on_release`` (``write_u64``: ``kstrtoull(buf, 0)``): any
    value sets the flag or clears it; nothing is checked for release now."""
    if kstrtoull(text):
        c.root.notify_on_release.add(c)
    else:
        c.root.notify_on_release.discard(c)


def r_release_agent(fs, c, task) -> str:
    """``cgroup_release_agent_show``"""
    return c.root.release_agent_path + "\n"


def w_release_agent(fs, c, text, task) -> None:
    """``cgroup_release_agent_write``: ``strstrip(buf)``, at most PATH_MAX - 1 bytes
    (``strlcpy``), run for each released cgroup (kernel/cgroup_v1.py)."""
    c.root.release_agent_path = strstrip(text)[:4095]


# ----------------------------------------------------------------- memory v2
def _flushed(fs, m):
    fs.k.memcg.flush_stats()
    return m.stats.state


def r_current(fs, c, task):
    return f"{_memcg(c).memory.usage * PAGE_SIZE}\n"


def _r_limit(attr):
    def rd(fs, c, task):
        return seq_puts_memcg_tunable(getattr(_memcg(c).memory, attr))
    return rd


def w_min(fs, c, text, task):
    """``memory_min_write``: ``page_counter_memparse(strstrip(buf), "max")``."""
    _memcg(c).memory.set_min(page_counter_memparse(strstrip(text), "max"))


def w_low(fs, c, text, task):
    """``memory_low_write``"""
    _memcg(c).memory.set_low(page_counter_memparse(strstrip(text), "max"))


def w_high(fs, c, text, task):
    """``memory_high_write``"""
    fs.k.vmscan.memory_high_write(_memcg(c), page_counter_memparse(strstrip(text), "max"))


def w_max(fs, c, text, task):
    """``memory_max_write``"""
    fs.k.vmscan.memory_max_write(_memcg(c), page_counter_memparse(strstrip(text), "max"))


def r_events_mem(local: bool, group_kill: bool):
    """``memory_events_show``/``memory_events_local_show``; ``oom_group_kill``
    (MEMCG_OOM_GROUP_KILL, "mm, memcg: add oom_group_kill memory event", after
    v5.10: printed by 6.1.192, not 5.10.262)."""
    def rd(fs, c, task):
        s = _memcg(c).stats
        ev = s.events_local if local else s.events
        out = "".join(f"{n} {ev[i]}\n" for i, n in enumerate(MEMORY_EVENT_NAMES))
        return out + f"oom_group_kill {ev[MEMCG_OOM_GROUP_KILL]}\n" if group_kill else out
    return rd


def r_swap_current(fs, c, task):
    """``swap_current_read``: ``page_counter_read(&memcg->swap)`` (kernel/swapfile.py)."""
    return f"{_memcg(c).memsw.usage * PAGE_SIZE}\n"


def r_swap_max(fs, c, task):
    return seq_puts_memcg_tunable(_memcg(c).memsw.max)


def w_swap_max(fs, c, text, task):
    """``swap_max_write``"""
    _memcg(c).own_counter("memsw").max = page_counter_memparse(strstrip(text), "max")


def r_oom_group(fs, c, task):
    return f"{_memcg(c).oom_group}\n"


def w_oom_group(fs, c, text, task):
    """``memory_oom_group_write``: ``kstrtoint(strstrip(buf), 0)`` (its errno), then
    0 or 1 (-EINVAL)."""
    v = kstrtoint(strstrip(text))
    if v not in (0, 1):
        raise oserror(errno.EINVAL)
    _memcg(c).oom_group = v


def r_swap_events(fs, c, task):
    """``swap_events_show``: MEMCG_SWAP_HIGH, MEMCG_SWAP_MAX, MEMCG_SWAP_FAIL
    (kernel/swapfile.py ``Swap.swap_event``; ``high`` counted by kernel/vmscan.py
    ``swap_find_max_overage``)."""
    ev = fs.k.swap.events.get(_memcg(c), (0, 0, 0))
    return f"high {ev[0]}\nmax {ev[1]}\nfail {ev[2]}\n"


def r_swap_high(fs, c, task):
    return seq_puts_memcg_tunable(_memcg(c).memsw.high)


def w_swap_high(fs, c, text, task):
    """``swap_high_write`` (v5.8): ``page_counter_set_high(&memcg->swap, high)``; a
    charge past it then queues the return-to-user throttling (kernel/vmscan.py
    ``note_over_high``)."""
    high = page_counter_memparse(strstrip(text), "max")
    _memcg(c).own_counter("memsw").high = high
    if high < PAGE_COUNTER_MAX:
        fs.k.vmscan.any_high = True


def r_peak(fs, c, task):
    """``memory_peak_read`` (v5.19, read-only until v6.12): the memory counter's
    watermark in bytes."""
    return f"{_memcg(c).memory.watermark * PAGE_SIZE}\n"


def w_reclaim(fs, c, text, task):
    """``memory_reclaim`` (v5.19, as in 6.1): ``page_counter_memparse(strstrip(buf),
    "")`` (an empty write means PAGE_COUNTER_MAX), then reclaim until that many
    pages are freed; MAX_RECLAIM_RETRIES (16) rounds freeing nothing give -EAGAIN.
    The last round's ``lru_add_drain_all`` empties the per-CPU LRU batches (none in
    the model), not the charge stocks: their precharge stays in memory.current."""
    nr_to_reclaim = page_counter_memparse(strstrip(text), "")
    m = _memcg(c)
    retries = 16
    reclaimed = 0
    while reclaimed < nr_to_reclaim:
        got = fs.k.vmscan.try_to_free_mem_cgroup_pages(m, nr_to_reclaim - reclaimed)
        if not got:
            if not retries:
                raise oserror(errno.EAGAIN)
            retries -= 1
        reclaimed += got


def r_zswap_current(fs, c, task):
    """``zswap_current_read`` (v5.19): MEMCG_ZSWAP_B; the model has no zswap."""
    return "0\n"


def r_zswap_max(fs, c, task):
    return seq_puts_memcg_tunable(fs.knobs.zswap_max.get(c.ino, PAGE_COUNTER_MAX))


def w_zswap_max(fs, c, text, task):
    """``zswap_max_write`` (v5.19): ``xchg(&memcg->zswap_max, max)``."""
    fs.knobs.zswap_max[c.ino] = page_counter_memparse(strstrip(text), "max")


# ------------------------------------------------------------------------ PSI
_PSI_LINE = "avg10=0.00 avg60=0.00 avg300=0.00 total=0"
_PSI_TRIGGER = LazyPattern(r"^\s*(some|full)\s+(\d+)\s+(\d+)")


def r_pressure(fs, c, task):
    """``psi_show`` for memory (``cgroup_base_files``, CONFIG_PSI): the model does
    not account stall time, so every average and total reads 0."""
    return f"some {_PSI_LINE}\nfull {_PSI_LINE}\n"


def w_pressure(fs, c, text, task):
    """``pressure_write`` → ``psi_trigger_create``: "some|full <threshold_us>
    <window_us>", window 500ms..10s, 0 < threshold <= window, else -EINVAL. The
    trigger itself is not modelled (nothing polls it)."""
    m = _PSI_TRIGGER.match(text)
    if m is None:
        raise oserror(errno.EINVAL)
    threshold, window = int(m.group(2)), int(m.group(3))
    if threshold >= 1 << 32 or window >= 1 << 32:
        raise oserror(errno.EINVAL)
    if not 500_000 <= window <= 10_000_000 or threshold == 0 or threshold > window:
        raise oserror(errno.EINVAL)


def r_cpu_pressure(full: bool):
    """``psi_show`` for CPU: v5.10 prints the "some" line only (``full < 2 -
    (res == PSI_CPU)``); v5.13's "psi: Add PSI_CPU_FULL state" adds "full"
    (``full``; the guests' files, docs/fidelity.md item 48). Stall time is not
    accounted: zeros."""
    text = f"some {_PSI_LINE}\nfull {_PSI_LINE}\n" if full else f"some {_PSI_LINE}\n"
    return lambda fs, c, task: text


def w_cpu_pressure(full: bool):
    """``pressure_write`` on cpu.pressure: a "full" trigger is -EINVAL before v5.13
    (``psi_trigger_create``: its state is PSI_NONIDLE), else as memory's."""
    def write(fs, c, text, task):
        m = _PSI_TRIGGER.match(text)
        if m is not None and m.group(1) == "full" and not full:
            raise oserror(errno.EINVAL)
        w_pressure(fs, c, text, task)
    return write


def r_cpu_stat(release: str):
    """``cpu_stat_show`` (kernel/cgroup/cgroup.c, a core file of every cgroup2
    cgroup since v4.15; on the root since v5.8): ``cgroup_base_stat_cputime_show``
    (usage_usec, user_usec, system_usec; the guests' 6.1 has no
    CONFIG_SCHED_CORE line), then the cpu controller's ``cpu_extra_stat_show``
    where the cgroup has a cpu css: the root always, a child whose parent enables
    cpu (kernel/cgroup_ifaces.py; v5.14 adds nr_bursts and burst_usec), as
    calibration/cgroup2-core-files.sh read them on both guests. The model accounts
    no CPU time per cgroup: every figure reads 0."""
    base = ["usage_usec", "user_usec", "system_usec"]
    extra = ["nr_periods", "nr_throttled", "throttled_usec"]
    if release == "6.1":
        extra += ["nr_bursts", "burst_usec"]
    child = "".join(f"{k} 0\n" for k in base)
    root = child + "".join(f"{k} 0\n" for k in extra)
    return lambda fs, c, task: root if fs.k.ifaces.has("cpu", c) else child


def r_cgroup_pressure(fs, c, task):
    """``cgroup_pressure_show`` (v6.1)"""
    return "0\n" if c.ino in fs.knobs.psi_off else "1\n"


def w_cgroup_pressure(fs, c, text, task):
    """``cgroup_pressure_write`` (v6.1): ``kstrtoint(strstrip(buf), 0)`` (its errno),
    0 or 1 (else -ERANGE); 0 hides the cgroup's {cpu,memory,io}.pressure files."""
    v = kstrtoint(strstrip(text))
    if v not in (0, 1):
        raise oserror(errno.ERANGE)
    if v:
        fs.knobs.psi_off.discard(c.ino)
    else:
        fs.knobs.psi_off.add(c.ino)


#: the multiplier of NR_ANON_THPS: bytes a unit, a page or a huge page by design
#: (``anon_thps_in_pages``; v5.10 ``memory_stat_format``: ``* HPAGE_PMD_SIZE``, v1
#: ``memcg_stat_show``: ``nr *= HPAGE_PMD_NR``)
THP = -1


def _mult(fs, mult: int) -> int:
    """A memory.stat multiplier: :data:`THP` resolved for the design."""
    if mult != THP:
        return mult
    return PAGE_SIZE if fs.k.design.anon_thps_in_pages else PAGE_SIZE * 512


#: memory.stat v2 keys: key -> (stat item, multiplier); None reads 0 (not modelled)
V2_STAT_ITEMS = {
    "anon": (NR_ANON_MAPPED, PAGE_SIZE), "file": (NR_FILE_PAGES, PAGE_SIZE),
    "kernel": (MEMCG_KMEM, PAGE_SIZE), "kernel_stack": (NR_KERNEL_STACK_KB, 1024),
    "pagetables": (NR_PAGETABLE, PAGE_SIZE), "percpu": (MEMCG_PERCPU_B, 1),
    "sock": (MEMCG_SOCK, PAGE_SIZE), "shmem": (NR_SHMEM, PAGE_SIZE),
    "file_mapped": (NR_FILE_MAPPED, PAGE_SIZE), "file_dirty": (NR_FILE_DIRTY, PAGE_SIZE),
    "file_writeback": (NR_WRITEBACK, PAGE_SIZE), "swapcached": ("swapcached", 1),
    "anon_thp": (NR_ANON_THPS, THP), "thp_fault_alloc": (THP_FAULT_ALLOC, 1),
    "inactive_anon": (NR_INACTIVE_ANON, PAGE_SIZE), "active_anon": (NR_ACTIVE_ANON, PAGE_SIZE),
    "inactive_file": (NR_INACTIVE_FILE, PAGE_SIZE), "active_file": (NR_ACTIVE_FILE, PAGE_SIZE),
    "unevictable": (NR_UNEVICTABLE, PAGE_SIZE),
    "slab_reclaimable": (NR_SLAB_RECLAIMABLE_B, 1),
    "slab_unreclaimable": (NR_SLAB_UNRECLAIMABLE_B, 1), "slab": ("slab", 1),
    "pgfault": (PGFAULT, 1), "pgmajfault": (PGMAJFAULT, 1), "pgrefill": (PGREFILL, 1),
    # memory_stat_format (v5.10 and v6.1): pgscan and pgsteal are the kswapd and
    # direct events summed (and khugepaged's on 6.1: the model's has none)
    "pgscan": ((PGSCAN, PGSCAN_KSWAPD), 1), "pgsteal": ((PGSTEAL, PGSTEAL_KSWAPD), 1),
    "pgactivate": (PGACTIVATE, 1), "pgdeactivate": (PGDEACTIVATE, 1),
    "pgscan_kswapd": (PGSCAN_KSWAPD, 1), "pgsteal_kswapd": (PGSTEAL_KSWAPD, 1),
    "pgscan_direct": (PGSCAN, 1), "pgsteal_direct": (PGSTEAL, 1),
    "workingset_refault_file": (WORKINGSET_REFAULT_FILE, 1),
    "workingset_activate_file": (WORKINGSET_ACTIVATE_FILE, 1),
    "workingset_restore_file": (WORKINGSET_RESTORE_FILE, 1),
    "workingset_nodereclaim": (WORKINGSET_NODERECLAIM, 1),
}
_WS = ("workingset_refault_anon workingset_refault_file workingset_activate_anon "
       "workingset_activate_file workingset_restore_anon workingset_restore_file "
       "workingset_nodereclaim")
#: ``memory_stat_format`` key order per kernel, as the recorded kernels print them
#: (kernel-recordings/probe-fresh-cgroup-one-sleep.txt) and v5.13's source
V2_STAT_KEYS = {
    "5.10": ("anon file kernel_stack percpu sock shmem file_mapped file_dirty file_writeback "
             "anon_thp inactive_anon active_anon inactive_file active_file unevictable "
             f"slab_reclaimable slab_unreclaimable slab {_WS} pgfault pgmajfault pgrefill "
             "pgscan pgsteal pgactivate pgdeactivate pglazyfree pglazyfreed thp_fault_alloc "
             "thp_collapse_alloc").split(),
    "5.13": ("anon file kernel_stack pagetables percpu sock shmem file_mapped file_dirty "
             "file_writeback anon_thp file_thp shmem_thp inactive_anon active_anon "
             "inactive_file active_file unevictable slab_reclaimable slab_unreclaimable slab "
             f"{_WS} pgfault pgmajfault pgrefill pgscan pgsteal pgactivate pgdeactivate "
             "pglazyfree pglazyfreed thp_fault_alloc thp_collapse_alloc").split(),
    "6.1": ("anon file kernel kernel_stack pagetables sec_pagetables percpu sock vmalloc shmem "
            "zswap zswapped file_mapped file_dirty file_writeback swapcached anon_thp file_thp "
            "shmem_thp inactive_anon active_anon inactive_file active_file unevictable "
            f"slab_reclaimable slab_unreclaimable slab {_WS} pgscan pgsteal pgscan_kswapd "
            "pgscan_direct pgsteal_kswapd pgsteal_direct pgfault pgmajfault pgrefill pgactivate "
            "pgdeactivate pglazyfree pglazyfreed zswpin zswpout thp_fault_alloc "
            "thp_collapse_alloc").split(),
}


def memcg_page_state(vals: list, idx: int) -> int:
    """``memcg_page_state``/``memcg_page_state_local``: a counter that per-CPU
    batching left below zero reads 0 (``if (x < 0) x = 0`` under CONFIG_SMP, as in
    v5.10 and v6.1: e.g. a parent's ``percpu`` when its children's per-CPU data were
    freed on other CPUs than they were allocated on)."""
    x = vals[idx]
    return x if x > 0 else 0


def r_memory_stat_v2(fs, c, task) -> str:
    """``memory_stat_format``: every item clamped at 0 (:func:`memcg_page_state`)."""
    s = _flushed(fs, _memcg(c))
    out = []
    for key in V2_STAT_KEYS[fs.k.design.memory_stat_keys]:
        item, mult = V2_STAT_ITEMS.get(key, (None, 0))
        if item is None:
            v = 0
        elif item == "slab":
            v = memcg_page_state(s, NR_SLAB_RECLAIMABLE_B) + memcg_page_state(
                s, NR_SLAB_UNRECLAIMABLE_B)
        elif item == "swapcached":
            # NR_SWAPCACHE (v5.14, b6038942480e): the swap cache's pages, counted
            # from it (kernel/swapfile.py), not batched
            v = fs.k.swap.swapcached(_memcg(c)) * PAGE_SIZE
        elif type(item) is tuple:
            v = sum(memcg_page_state(s, i) for i in item)
        else:
            v = memcg_page_state(s, item) * _mult(fs, mult)
        out.append(f"{key} {v}\n")
    return "".join(out)


#: ``memory_stats[]`` entries that are node items (``idx < NR_VM_NODE_STAT_ITEMS``):
#: the keys ``memory_numa_stat_show`` (v5.8) prints, in memory.stat's order, the
#: workingset items included (the 5.10.262 and 6.1.192 recordings print them:
#: tests/conformance/recordings/probe-cgroupfs-writes-v2--*); "slab" is not an
#: array entry.
_NUMA_NODE_KEYS = frozenset(
    "anon file kernel_stack pagetables sec_pagetables shmem file_mapped file_dirty "
    "file_writeback swapcached anon_thp file_thp shmem_thp inactive_anon active_anon "
    "inactive_file active_file unevictable slab_reclaimable slab_unreclaimable".split()
    + _WS.split())


def numa_stat_keys(keyset: str) -> list[str]:
    return [k for k in V2_STAT_KEYS[keyset] if k in _NUMA_NODE_KEYS]


def r_memory_numa_stat_v2(fs, c, task) -> str:
    """``memory_numa_stat_show``: one line per node item, " N<nid>=<bytes>" for
    each node with memory; the model's machine is one node (N0)."""
    s = _flushed(fs, _memcg(c))
    out = []
    for key in numa_stat_keys(fs.k.design.memory_stat_keys):
        item, mult = V2_STAT_ITEMS.get(key, (None, 0))
        if item == "swapcached":
            v = fs.k.swap.swapcached(_memcg(c)) * PAGE_SIZE
        else:
            v = 0 if item is None else s[item] * _mult(fs, mult)
        out.append(f"{key} N0={v}\n")
    return "".join(out)


# ----------------------------------------------------------------- memory v1
def r_usage(swap):
    def rd(fs, c, task):
        m = _memcg(c)
        return f"{fs.k.memcg.usage(m, swap) * PAGE_SIZE}\n"
    return rd


def r_counter_attr(counter, attr):
    """``mem_cgroup_read_u64``: RES_LIMIT and RES_MAX_USAGE in bytes, RES_FAILCNT."""
    def rd(fs, c, task):
        pc = getattr(_memcg(c), counter)
        v = getattr(pc, attr)
        if attr == "max":
            return f"{min(v, PAGE_COUNTER_MAX) * PAGE_SIZE}\n"
        if attr == "failcnt":
            return f"{v}\n"
        return f"{v * PAGE_SIZE}\n"
    return rd


def w_reset(counter, attr):
    """``mem_cgroup_reset``: max_usage and failcnt files reset on any write (the
    text is not parsed; the root's too)."""
    def wr(fs, c, text, task):
        pc = getattr(_memcg(c), counter)
        if attr == "watermark":
            pc.reset_watermark()
        else:
            pc.failcnt = 0
    return wr


def _v1_limit(text: str) -> int:
    """``mem_cgroup_write``: ``page_counter_memparse(strstrip(buf), "-1")``."""
    return page_counter_memparse(strstrip(text), "-1")


def w_limit_v1(counter):
    """``mem_cgroup_write`` RES_LIMIT: the root refuses (-EINVAL, after parsing);
    then ``mem_cgroup_resize_max`` (mm/memcontrol.c, v5.10 and v6.1 alike): -EINVAL
    if memory.limit would exceed memsw.limit; else set the limit, or drain the stocks
    once and reclaim ``try_to_free_mem_cgroup_pages(memcg, 1)`` (SWAP_CLUSTER_MAX
    pages) at a time until it fits: no progress is -EBUSY, the limit unchanged. A
    raised one wakes the tasks waiting under OOM (``memcg_oom_recover``)."""
    def wr(fs, c, text, task):
        pages = _v1_limit(text)
        if c.parent is None:
            raise oserror(errno.EINVAL)
        m = _memcg(c)
        pc = getattr(m, counter)
        memsw = counter == "memsw"
        drained = False
        while True:
            if (pages < m.memory.max) if memsw else (pages > m.memsw.max):
                raise oserror(errno.EINVAL)     # !limits_invariant
            enlarge = pages > pc.max
            if pc.set_max(pages):
                if enlarge:
                    fs.k.memcg_oom.memcg_oom_recover(m)
                return
            if not drained:
                fs.k.memcg.drain_all_stock(m)
                drained = True
                continue
            if not fs.k.vmscan.try_to_free_mem_cgroup_pages(m, 1):
                raise oserror(errno.EBUSY)
    return wr


def r_soft_limit(fs, c, task):
    """``mem_cgroup_read_u64`` RES_SOFT_LIMIT: ``memcg->soft_limit`` in bytes."""
    return f"{_memcg(c).soft_limit * PAGE_SIZE}\n"


def w_soft_limit(fs, c, text, task):
    """``mem_cgroup_write`` RES_SOFT_LIMIT: kept (the root's too). Soft-limit
    reclaim (``mem_cgroup_soft_limit_reclaim`` from kswapd) is not modelled."""
    _memcg(c).soft_limit = _v1_limit(text)


#: ``mem_cgroup_write`` _KMEM's pr_warn_once, by whether the limit is enforced:
#: Linux commit 0158115f702b (v5.4) and 86327e8eb94c (v6.1)
KMEM_LIMIT_WARNING = {
    True: "kmem.limit_in_bytes is deprecated and will be removed. Please report your "
          "usecase to linux-mm@kvack.org if you depend on this functionality.",
    False: "kmem.limit_in_bytes is deprecated and will be removed. Writing any value to "
           "this file has no effect. Please report your usecase to linux-mm@kvack.org if "
           "you depend on this functionality.",
}


def _kmem_limit_write(fs, c, text) -> int:
    """``mem_cgroup_write`` _KMEM up to the limit's use: parsed, the root refused
    (-EINVAL), then the design's one-time warning (``kmem_limit_warns``)."""
    pages = _v1_limit(text)
    if c.parent is None:
        raise oserror(errno.EINVAL)
    d = fs.k.design
    if d.kmem_limit_warns:
        fs.k.log.pr_warn_once(KMEM_LIMIT_WARNING[d.kmem_limit_enforced])
    return pages


def w_kmem_limit(fs, c, text, task):
    """``memory.kmem.limit_in_bytes`` (``mem_cgroup_write`` _KMEM): v5.10
    ``memcg_update_kmem_max`` (``memcg_update_kmem_limit`` here)."""
    fs.k.memcg.memcg_update_kmem_limit(_memcg(c), _kmem_limit_write(fs, c, text))


def w_kmem_limit_ignored(fs, c, text, task):
    """``mem_cgroup_write`` _KMEM from Linux commit 86327e8eb94c ("memcg: reconsider
    kmem.limit_in_bytes deprecation") (in v6.1): parsed (and the root refused) as
    before, warned about once, then ignored."""
    _kmem_limit_write(fs, c, text)


def w_tcp_limit(fs, c, text, task):
    """``mem_cgroup_write`` _TCP (``memcg_update_tcp_max``): the root refuses;
    -EBUSY below the usage."""
    pages = _v1_limit(text)
    if c.parent is None:
        raise oserror(errno.EINVAL)
    if not _memcg(c).tcpmem.set_max(pages):
        raise oserror(errno.EBUSY)


def r_int_attr(attr):
    def rd(fs, c, task):
        return f"{getattr(_memcg(c), attr)}\n"
    return rd


def w_move_charge(fs, c, text, task):
    """``mem_cgroup_move_charge_write`` (``write_u64``): ``val & ~MOVE_MASK`` must be
    0, MOVE_MASK being an unsigned int (3U): its complement has 32 bits, so bits
    32-63 pass unchecked and are kept (5.10.262 and 6.1.192 read back
    4294967296 and 2**63)."""
    v = kstrtoull(text)
    if v & 0xFFFFFFFC:
        raise oserror(errno.EINVAL)
    _memcg(c).move_charge_at_immigrate = v


def w_use_hierarchy(fs, c, text, task):
    """``mem_cgroup_hierarchy_write`` (``write_u64``): unchanged is fine."""
    v = kstrtoull(text)
    m = _memcg(c)
    if v == m.use_hierarchy:
        return
    fs.k.memcg.set_use_hierarchy(m, v)


def r_swappiness(fs, c, task):
    """``mem_cgroup_swappiness_read``: the root's is ``vm_swappiness``."""
    return f"{_memcg(c).swappiness}\n"


def w_swappiness(limit: int):
    """``mem_cgroup_swappiness_write`` (``write_u64``): at most ``limit`` (100 in
    5.10.262, 200 in 6.1.192: the recordings), else -EINVAL; the root's sets
    ``vm_swappiness``."""
    def wr(fs, c, text, task):
        v = kstrtoull(text)
        if v > limit:
            raise oserror(errno.EINVAL)
        _memcg(c).swappiness = v
    return wr


def w_force_empty(fs, c, text, task):
    """``mem_cgroup_force_empty_write``: any text; the root refuses (-EINVAL);
    ``mem_cgroup_force_empty`` (kernel/vmscan.py), -EINTR if interrupted."""
    if c.parent is None:
        raise oserror(errno.EINVAL)
    if not fs.k.vmscan.mem_cgroup_force_empty(_memcg(c)):
        raise oserror(errno.EINTR)


def r_oom_control(fs, c, task):
    """``mem_cgroup_oom_control_read``: ``under_oom`` is ``(bool)memcg->under_oom``
    (a task of it or of an ancestor waits in ``mem_cgroup_oom_synchronize``,
    kernel/memcg_oom.py); ``oom_kill`` its local MEMCG_OOM_KILL events."""
    m = _memcg(c)
    return (f"oom_kill_disable {m.oom_kill_disable}\nunder_oom {int(m.under_oom > 0)}\n"
            f"oom_kill {m.stats.events_local[MEMCG_OOM_KILL]}\n")


def w_oom_control(fs, c, text, task):
    """``mem_cgroup_oom_control_write`` (``write_u64``): 0 or 1, not on the root
    (-EINVAL); clearing it wakes the tasks waiting under OOM (``memcg_oom_recover``)."""
    v = kstrtoull(text)
    if c.parent is None or v not in (0, 1):
        raise oserror(errno.EINVAL)
    m = _memcg(c)
    m.oom_kill_disable = v
    if not v:
        fs.k.memcg_oom.memcg_oom_recover(m)


V1_STAT = (("cache", NR_FILE_PAGES, PAGE_SIZE), ("rss", NR_ANON_MAPPED, PAGE_SIZE),
           ("rss_huge", NR_ANON_THPS, THP), ("shmem", NR_SHMEM, PAGE_SIZE),
           ("mapped_file", NR_FILE_MAPPED, PAGE_SIZE), ("dirty", NR_FILE_DIRTY, PAGE_SIZE),
           ("writeback", NR_WRITEBACK, PAGE_SIZE), ("swap", MEMCG_SWAP, PAGE_SIZE),
           ("pgpgin", PGPGIN, 1), ("pgpgout", PGPGOUT, 1), ("pgfault", PGFAULT, 1),
           ("pgmajfault", PGMAJFAULT, 1),
           ("inactive_anon", NR_INACTIVE_ANON, PAGE_SIZE), ("active_anon", NR_ACTIVE_ANON, PAGE_SIZE),
           ("inactive_file", NR_INACTIVE_FILE, PAGE_SIZE), ("active_file", NR_ACTIVE_FILE, PAGE_SIZE),
           ("unevictable", NR_UNEVICTABLE, PAGE_SIZE))


#: ``memcg1_stats[]`` gained WORKINGSET_REFAULT_ANON/FILE (between writeback and
#: swap) after 5.10: the recorded 6.1.192 prints them, 5.10.262 does not
#: (tests/conformance/recordings/probe-cgroupfs--*-v1.txt)
V1_STAT_6_1 = V1_STAT[:7] + (("workingset_refault_anon", None, 0),
                             ("workingset_refault_file", WORKINGSET_REFAULT_FILE, 1)) + V1_STAT[7:]


def r_memory_stat_v1(fs, c, task) -> str:
    """``memcg_stat_show``: local values, the hierarchical limits (the smallest
    limit up the ``parent_mem_cgroup`` chain: on v5.10 a memcg under a parent
    without use_hierarchy links its counters to the root, so the parent's limit is
    not its), then total_*."""
    m = _memcg(c)
    fs.k.memcg.flush_stats()
    local, total = m.stats.local, m.stats.state
    stat = V1_STAT_6_1 if fs.k.design.memory_stat_keys == "6.1" else V1_STAT
    out = [f"{k} {memcg_page_state(local, i) * _mult(fs, mult) if i is not None else 0}\n"
           for k, i, mult in stat]
    mem_lim = memsw_lim = PAGE_COUNTER_MAX
    x = m
    while x is not None:
        mem_lim = min(mem_lim, x.memory.max)
        memsw_lim = min(memsw_lim, x.memsw.max)
        x = fs.k.memcg.parent_mem_cgroup(x)
    out.append(f"hierarchical_memory_limit {mem_lim * PAGE_SIZE}\n")
    out.append(f"hierarchical_memsw_limit {memsw_lim * PAGE_SIZE}\n")
    out += [f"total_{k} {memcg_page_state(total, i) * _mult(fs, mult) if i is not None else 0}\n"
            for k, i, mult in stat]
    return "".join(out)


#: ``memcg_numa_stat_show``'s rows: name and the LRU lists it sums
_V1_NUMA = (("total", (NR_INACTIVE_ANON, NR_ACTIVE_ANON, NR_INACTIVE_FILE, NR_ACTIVE_FILE,
                       NR_UNEVICTABLE)),
            ("file", (NR_INACTIVE_FILE, NR_ACTIVE_FILE)),
            ("anon", (NR_INACTIVE_ANON, NR_ACTIVE_ANON)),
            ("unevictable", (NR_UNEVICTABLE,)))


def r_memory_numa_stat_v1(fs, c, task) -> str:
    """``memcg_numa_stat_show``: LRU pages (not bytes), "name=<pages> N0=<pages>",
    this memcg's own pages, then the ``hierarchical_`` rows; one node (N0). The
    total is ``memcg_page_state_local``/``memcg_page_state``; the node's own column
    ``lruvec_page_state_local``, exact where memory.stat is batched per CPU
    (:meth:`PercpuBatchStats.lruvec_local`); the node's hierarchical column
    ``lruvec_page_state``, batched as the memcg's."""
    m = _memcg(c)
    mc = fs.k.memcg
    mc.flush_stats()
    exact = mc.stats.lruvec_local if isinstance(mc.stats, PercpuBatchStats) else None
    out = []
    for prefix, vals in (("", m.stats.local), ("hierarchical_", m.stats.state)):
        for name, items in _V1_NUMA:
            n = sum(vals[i] for i in items)
            node = n if exact is None or prefix else sum(exact(m, i) for i in items)
            out.append(f"{prefix}{name}={n} N0={node}\n")
    return "".join(out)


_SLABINFO_HEADER = ("slabinfo - version: 2.1\n"
                    "# name            <active_objs> <num_objs> <objsize> <objperslab> "
                    "<pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : "
                    "slabdata <active_slabs> <num_slabs> <sharedavail>\n")


def r_kmem_slabinfo(fs, c, task) -> str:
    """``memory.kmem.slabinfo``. Since Linux commit 4330a26bc452 ("mm: memcg/slab:
    deprecate memory.kmem.slabinfo", v5.9) ``mem_cgroup_slab_show`` prints
    nothing (the objcg designs). With per-memcg caches (v3.10) it is
    ``mem_cgroup_slabinfo_read``: -EIO unless the memcg accounts kmem (never the
    root), else ``print_slabinfo_header`` (the per-cache lines are not modelled)."""
    if fs.k.design.slab_ref != "memcg_cache":
        return ""
    m = _memcg(c)
    if c.parent is None or not m.kmem_active:
        raise oserror(errno.EIO)
    return _SLABINFO_HEADER


def w_event_control(fs, c, text, task):
    """``memcg_write_event_control``: ``strstrip``, "<event_fd> <control_fd>[ args]"
    read with ``simple_strtoul`` base 10 (-EINVAL if malformed); then ``fdget``
    of the event fd in the writer's table: not open, -EBADF; open, it is no
    eventfd (the model makes none): ``eventfd_ctx_fileget`` -EINVAL, before the
    control fd is looked at (mm/memcontrol.c at v5.10 and v6.1). Events are not
    modelled."""
    buf = strstrip(text)
    efd, rest = simple_strtoull(buf, 10)
    if rest[:1] != " ":
        raise oserror(errno.EINVAL)
    _cfd, rest = simple_strtoull(rest[1:], 10)
    if rest[:1] not in ("", " "):
        raise oserror(errno.EINVAL)
    raise oserror(errno.EINVAL if fdget(task, efd & 0xFFFFFFFF) else errno.EBADF)


# -- the pids controller (kernel/cgroup/pids.c, kernel/pids.py) -------------------------
def _pids(fs, c):
    return fs.k.pids.css[c]


def r_pids_max(fs, c, task) -> str:
    """``pids_max_show``: "max" for PIDS_MAX."""
    v = _pids(fs, c).limit
    return "max\n" if v >= PIDS_MAX else f"{v}\n"


def w_pids_max(fs, c, text, task) -> None:
    """``pids_max_write``: ``strstrip``; "max", else ``kstrtoll`` base 0 (its errno),
    -EINVAL outside [0, PIDS_MAX)."""
    buf = strstrip(text)
    if buf == "max":
        limit = PIDS_MAX
    else:
        limit = kstrtoll(buf)
        if limit < 0 or limit >= PIDS_MAX:
            raise oserror(errno.EINVAL)
    _pids(fs, c).limit = limit


def r_pids_current(fs, c, task) -> str:
    """``pids_current_read``"""
    return f"{_pids(fs, c).counter}\n"


def r_pids_peak(fs, c, task) -> str:
    """``pids_peak_read``: the watermark (v6.1)."""
    return f"{_pids(fs, c).watermark}\n"


def r_pids_events(fs, c, task) -> str:
    """``pids_events_show``: forks refused in this css (by its limit or one above)."""
    return f"max {_pids(fs, c).events_limit}\n"
