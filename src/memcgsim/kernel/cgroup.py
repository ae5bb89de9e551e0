"""kernel/cgroup/cgroup.c: the hierarchy, css reference counts and the lifecycle.

A cgroup's *self* css holds the cgroup; each subsystem css holds a reference on
its cgroup's self css and on its parent css (``init_and_link_css``), and a child
cgroup holds its parent (``cgroup_create``). ``rmdir`` kills the csses
(``kill_css``: ``percpu_ref_kill_and_confirm``, offline after an RCU grace
period); when a css's count reaches zero it is released
(``css_release_work_fn``) and freed one grace period later
(``css_free_rwork_fn``). ``nr_dying_descendants`` falls when the self css is
released; ``root->nr_cgrps`` (``/proc/cgroups`` num_cgroups) when it is freed.
Roman Gushchin, "cgroup: keep track of number of descent cgroups"
(in v4.14) for the counters.
"""
from __future__ import annotations

import errno
from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, cast

from .bug import model_bug
from .cgroup_ifaces import GROUP_CONTROLLER
from .cgroup_v1 import cgroup1_check_for_release
from .idr import Idr
from .perf_bpf import PerfBpf
from .sizes import BPF_PCPU

#: Simulated CPU time of cgroup mkdir/rmdir (model calibration, not kernel fact)
CGROUP_OP_COST_NS = 200_000

if TYPE_CHECKING:
    from ..machine import Kernel
    from .memcontrol import MemCgroup, MemoryController

# css states, in drgn-tools' words
ONLINE, DYING, OFFLINE, RELEASED, FREED = "online", "dying", "offline", "released", "freed"

#: Controllers a kernel of this era has, in ``/proc/cgroups`` order.
CONTROLLERS = ("cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer",
               "net_cls", "perf_event", "net_prio", "hugetlb", "pids", "rdma", "misc")
#: Controllers a cgroup2 ``cgroup.controllers`` lists at the root.
V2_CONTROLLERS = ("cpuset", "cpu", "io", "memory", "hugetlb", "pids", "rdma", "misc")


#: the empty ``subtree_control`` every cgroup starts with (``frozenset()`` makes a
#: new object each time)
NO_CONTROLLERS: frozenset[str] = frozenset()
#: the tasks and children of every removed cgroup: one shared empty mapping, read
#: only (nothing joins a removed cgroup or is made in it: its files' writes fail
#: with ENODEV, lookups below it with ENOENT), as dying cgroups pile up (issue 14).
#: A plain dict, as the fields it stands in for (a compiled class checks their
#: type); ``check_invariants`` reports a write to it
REMOVED_EMPTY: dict = {}


class SharedHolders(dict):
    """A killed css's (or objcg's) holder counts once down to one kind (or none),
    shared by every killed css whose counts are the same (:meth:`CgroupCore.css_put`,
    ``MemoryController.obj_cgroup_put``): a dying cgroup's self css (``{"memory
    css": 1}``), memcg (``{"page": 64}`` in the churn) and objcg (``{"slab object":
    103}``) keep one dict between them all, not 184 bytes each (issue 14). Not to be
    changed in place: every get and put of a reference gives the css or objcg a
    dict of its own first; a change in place is a model bug (the sharers' counts
    would move with it)."""
    __slots__ = ()

    def _changed(self, *_args, **_kw):
        model_bug("shared holder counts changed in place", holders=dict(self))

    __setitem__ = __delitem__ = setdefault = pop = popitem = update = clear = _changed
    __ior__ = _changed


class RemovedSubsys(MutableMapping[str, "Css"]):
    """A removed cgroup's ``subsys`` (``cgrp->subsys[]``, by controller name): its
    memory css, the one controller css the model keeps there, in one slot, which
    ``rmdir`` gives it in place of its dict (:meth:`CgroupCore.rmdir`): a dict of
    one entry is ~180 bytes a dying cgroup, this ~40 (issue 14; bench/README.md,
    session 28 churn28). Read as the dict was (``in``, ``get``, ``[]``,
    ``values``...); never changed (nothing is enabled in or disabled from a
    removed cgroup: a change is a model bug); the cgroup's free replaces it
    (``css_free_rwork_fn``)."""
    __slots__ = ("memory",)

    def __init__(self, memory: "Css") -> None:
        self.memory = memory

    def __getitem__(self, name: str) -> "Css":
        if name == "memory":
            return self.memory
        raise KeyError(name)

    def get(self, name: str, default=None):     # type: ignore[override]
        """``self[name]``, else ``default`` (not ``Mapping.get``'s try)."""
        return self.memory if name == "memory" else default

    def __contains__(self, name: object) -> bool:
        return name == "memory"

    def __iter__(self) -> Iterator[str]:
        return iter(("memory",))

    def __len__(self) -> int:
        return 1

    def _changed(self, *_args, **_kw) -> None:
        model_bug("a removed cgroup's csses changed", css=self.memory)

    __setitem__ = __delitem__ = _changed


#: the most distinct shared holder counts kept (:attr:`CgroupCore.shared_holders`;
#: cleared when full: the sharers keep theirs)
SHARED_HOLDERS_MAX = 4096


class Css:
    """``struct cgroup_subsys_state`` with a named-holder reference count.

    ``refcnt`` includes the base reference until the css is killed
    (``percpu_ref``); ``holders`` counts references by holder kind, so every
    reference has a name (design principle 3). No ``__weakref__`` slot: nothing
    refers to a css weakly, and every dying cgroup keeps two (8 bytes each)."""
    __slots__ = ("cgroup", "ss", "parent", "refcnt", "holders", "state", "killed_at",
                 "serial")

    def __init__(self, cgroup: "Cgroup", ss: "str", parent: "Css | None", serial: int) -> None:
        self.cgroup = cgroup
        self.ss = ss
        self.parent = parent
        self.refcnt = 1
        self.holders: dict[str, int] = {"base": 1}
        self.state = ONLINE
        self.killed_at: int | None = None
        self.serial = serial

    def __repr__(self) -> str:
        path = self.cgroup.path if self.cgroup is not None else "(freed)"
        return f"<css {self.ss} {path} {self.state} ref={self.refcnt}>"


class Cgroup:
    """``struct cgroup``."""
    __slots__ = ("name", "parent", "children", "root", "self_css", "subsys", "tasks",
                 "nr_descendants", "nr_dying_descendants", "subtree_control", "level",
                 "removed", "created_at", "ino", "memory_settings", "_path", "freeze",
                 "perf_css_id", "held_structs", "pcpu_areas")

    def __init__(self, name: str, parent: "Cgroup | None", root: "CgroupRoot", ino: int,
                 now: int) -> None:
        self.name = name
        self.parent = parent
        #: (the root's ``renames`` then, the path) once the path was asked for
        self._path: tuple[int, str] | None = None
        self.children: dict[str, Cgroup] = {}
        self.root = root
        #: ``cgrp->subsys[]`` by controller name: a dict, a :class:`RemovedSubsys`
        #: once the cgroup is removed
        self.subsys: MutableMapping[str, Css] = {}
        self.tasks: dict[int, object] = {}
        self.nr_descendants = 0
        self.nr_dying_descendants = 0
        #: a frozenset (``|=`` and ``-=`` rebind it): the empty one shared
        self.subtree_control: frozenset[str] = NO_CONTROLLERS
        self.level: int = 0 if parent is None else parent.level + 1
        self.removed = False
        self.created_at = now
        self.ino = ino
        self.self_css: Css = Css(self, "self", parent.self_css if parent else None, ino)
        #: ``cgrp->freezer.freeze``: its own ``cgroup.freeze``
        self.freeze = 0
        #: on cgroup2, the ID its implicit perf_event css holds in that controller's
        #: ``css_idr`` (``css->id``), None without one
        self.perf_css_id: int | None = None
        #: its unaccounted slab structures (``Slab.held_of``)
        self.held_structs = None
        #: its per-CPU areas (``Percpu.areas_of``)
        self.pcpu_areas = None

    @property
    def path(self) -> str:
        """The path below the hierarchy's root (``/`` for the root), remembered
        until a cgroup of the hierarchy is renamed."""
        cached = self._path
        if cached is not None and cached[0] == self.root.renames:
            return cached[1]
        parts = []
        c = self
        while c.parent is not None:
            parts.append(c.name)
            c = c.parent
        path = "/" + "/".join(reversed(parts))
        self._path = (self.root.renames, path)
        return path

    @property
    def frozen(self) -> bool:
        """``CGRP_FREEZE``: it or an ancestor has ``cgroup.freeze`` 1 (``e_freeze``)."""
        c: Cgroup | None = self
        while c is not None:
            if c.freeze:
                return True
            c = c.parent
        return False

    def ancestors(self):
        c = self.parent
        while c is not None:
            yield c
            c = c.parent

    def populated(self) -> bool:
        return bool(self.tasks)

    def is_populated(self) -> bool:
        """``cgroup_is_populated``: a task (not yet exited) in it or below it."""
        return bool(self.tasks) or any(c.is_populated() for c in self.children.values())

    def __repr__(self) -> str:
        return f"<cgroup {self.path}>"


class CgroupRoot:
    """``struct cgroup_root``: one hierarchy (a v1 mount, or cgroup2's default)."""
    __slots__ = ("hierarchy_id", "subsys", "cgrp", "nr_cgrps", "is_dfl", "mountpoint",
                 "renames", "nr_freezing", "ino_idr", "release_agent_path", "notify_on_release",
                 "release_pending")

    def __init__(self, hierarchy_id: int, subsys: tuple[str, ...], is_dfl: bool,
                 mountpoint: str, ino_idr: Idr) -> None:
        self.hierarchy_id = hierarchy_id
        self.subsys = subsys
        self.is_dfl = is_dfl
        self.mountpoint = mountpoint
        self.nr_cgrps = 1
        #: cgroups renamed so far (the paths remembered before are stale)
        self.renames = 0
        #: cgroups of the hierarchy with ``cgroup.freeze`` 1
        self.nr_freezing = 0
        #: ``kernfs_root->ino_idr``: the inode numbers of its nodes (the boot's
        #: taken by ``CgroupCore.setup_root``, which numbers the root cgroup)
        self.ino_idr = ino_idr
        #: ``release_agent_path`` (v1: the root's ``release_agent``), "" for none
        self.release_agent_path = ""
        #: the cgroups whose ``CGRP_NOTIFY_ON_RELEASE`` flag is set (v1
        #: ``notify_on_release``), and those whose ``release_agent_work`` is
        #: queued (kernel/cgroup_v1.py)
        self.notify_on_release: set[Cgroup] = set()
        self.release_pending: set[Cgroup] = set()
        self.cgrp = Cgroup("", None, self, 0, 0)


#: the kinds of a cgroup's files, in the order ``cgroup_mkdir`` makes them: its self
#: css's (``css_populate_dir(&cgrp->self)``: the core files), then each controller
#: css's (``cgroup_apply_control_enable``, subsystems in ID order: cpuset, cpu, io,
#: memory, hugetlb, pids, rdma, misc; io's second cftype set, blk-iocost's, after
#: its first: kernel/cgroup_ifaces.py)
FILE_GROUPS = ("self", "cpuset", "cpu", "io", "iocost", "memory", "hugetlb", "pids", "rdma",
               "misc")
#: the groups a cgroup can have while no interface-only controller has a css
#: (kernel/cgroup_ifaces.py): the ones a mkdir and a free look at then
BASE_GROUPS = ("self", "memory", "pids")


#: controllers another one needs (``ss->depends_on``): io's blkcg needs memory for
#: cgroup writeback (block/blk-cgroup.c ``io_cgrp_subsys.depends_on``, CONFIG_MEMCG):
#: enabling io gives the children memory csses too, which charge their tasks but show
#: no memory.* files (``cgroup_calc_subtree_ss_mask``, ``css_visible``)
SS_DEPENDS_ON = {"io": "memory"}


def subtree_ss_mask(cgrp: "Cgroup") -> frozenset[str]:
    """``cgrp->subtree_ss_mask``: its ``subtree_control`` and what those need."""
    sc = cgrp.subtree_control
    return frozenset(sc).union(SS_DEPENDS_ON[ss] for ss in sc if ss in SS_DEPENDS_ON)


def memory_visible(cgrp: "Cgroup") -> bool:
    """``css_visible`` of the memory css: it has one, on v1 or the root, or its
    parent enables memory itself (not only through io)."""
    p = cgrp.parent
    return "memory" in cgrp.subsys and (
        p is None or not cgrp.root.is_dfl or "memory" in p.subtree_control)


def kernfs_file_names(k, cgrp: "Cgroup", group: str) -> list[str]:
    """The cgroupfs files of ``cgrp``'s ``group`` css (:data:`FILE_GROUPS`) as the
    kernel creates them (``css_populate_dir`` over the release's cftype tables,
    fs/cftypes), none if it has no such css; on v1 the memory hierarchy's core files
    and memory's are made together."""
    return [cft.name for cft in group_cftypes(k, cgrp, group) if cft.shown(cgrp.parent is None)]


def has_group(k, cgrp: "Cgroup", group: str) -> bool:
    """Whether ``cgrp`` shows the files of its ``group`` css (:data:`FILE_GROUPS`):
    the self css always, a visible memory css, a pids or interface-only css."""
    if group == "self":
        return True
    if group == "memory":
        return memory_visible(cgrp)
    if group == "pids":
        return cgrp in k.pids.css
    return k.ifaces.has(GROUP_CONTROLLER[group], cgrp)


def shown_groups(k, cgrp: "Cgroup") -> tuple[str, ...]:
    """The :data:`FILE_GROUPS` whose files ``cgrp`` shows on cgroup2 (:func:`has_group`
    of each, its tests in one pass without a call a group: cgroupfs asks at each
    lookup in the cgroup, ~2 a churn lifecycle)."""
    p = cgrp.parent
    if p is None:
        return _ROOT_GROUPS[("memory" in cgrp.subsys, cgrp in k.pids.css)]
    css = k.ifaces.css
    out = ["self"]
    for g, ss in _IFACE_BY_GROUP:
        if ss is not None:
            if (ss, cgrp) in css:
                out.append(g)
        elif g == "memory":
            if "memory" in cgrp.subsys and "memory" in p.subtree_control:
                out.append(g)
        elif cgrp in k.pids.css:
            out.append(g)
    return tuple(out)


#: each :data:`FILE_GROUPS` past "self" with its interface-only controller (None:
#: memory and pids, tested otherwise)
_IFACE_BY_GROUP = tuple((g, GROUP_CONTROLLER.get(g)) for g in FILE_GROUPS[1:])
#: a root's groups by (a memory css, a pids css): every interface-only one is there
_ROOT_GROUPS = {(m, pids): tuple(g for g in FILE_GROUPS
                                 if (g != "memory" or m) and (g != "pids" or pids))
                for m in (False, True) for pids in (False, True)}


def group_cftypes(k, cgrp: "Cgroup", group: str) -> list:
    """The cftypes of ``cgrp``'s ``group`` css (:data:`FILE_GROUPS`), none if it
    shows no such css (:func:`has_group`); on v1 the memory hierarchy's core files
    and memory's are the self css's."""
    from ..fs.cftypes import cgroup_files, iface_cftypes, pids_cftypes, v1_cftypes
    dfl = cgrp.root.is_dfl
    release = k.design.cftypes
    if group == "self":
        core, memory = cgroup_files(release, dfl)
        if dfl:
            return core
        return core + (memory if "memory" in cgrp.root.subsys else v1_cftypes(cgrp.root.subsys))
    if not dfl or not has_group(k, cgrp, group):
        return []
    if group == "memory":
        return cgroup_files(release, dfl)[1]
    if group == "pids":
        return pids_cftypes(release)
    return iface_cftypes(release, group)


class CgroupCore:
    """The cgroup core's operations, driving the memory controller's callbacks."""
    __slots__ = ("k", "clock", "ss", "_serial", "kernfs_files", "kernfs_names", "kernfs_ids",
                 "kernfs_dir_ids", "css_idr", "shared_holders", "perf_bpf")

    def __init__(self, kernel: "Kernel") -> None:
        self.k = kernel
        self.clock = kernel.clock
        self.ss: MemoryController = kernel.memcg  # the one subsystem with behaviour: memory
        #: ``css_serial_nr_next`` (starts at 1); the root csses of the controllers
        #: took the first numbers at boot (``cgroup_init_subsys``)
        self._serial = 1 + len(CONTROLLERS)
        #: ``_kernfs_files`` and ``_kernfs_names`` by kind of cgroup
        self.kernfs_files: dict = {}
        self.kernfs_names: dict = {}
        #: the inode numbers each css's files hold in their root's ``ino_idr``, by
        #: owner (:meth:`kernfs_owner`)
        self.kernfs_ids: dict = {}
        #: the ID of each cgroup's directory node, held until the cgroup is freed
        #: (:meth:`kernfs_create_dir`)
        self.kernfs_dir_ids: dict = {}
        #: ``ss->css_idr`` of the memory, pids, v1 freezer and (cgroup2's implicit)
        #: perf_event controllers: ``css_create`` → ``cgroup_idr_alloc(&ss->css_idr, NULL, 2,
        #: 0, ...)``, the root csses holding 1; the ID each css holds is its own
        #: (``MemCgroup.css_id``, ``Cgroup.perf_css_id``, ``PidsCgroup.css_id``)
        self.css_idr = {ss: Idr(kernel, f"{ss} css_idr", 2, levels=1)
                        for ss in ("memory", "perf_event", "pids", "freezer")}
        #: killed csses' holder counts of one kind or none, each kept once by its
        #: items (:class:`SharedHolders`)
        self.shared_holders: dict[tuple, SharedHolders] = {}
        #: cgroup2's implicit perf_event css and ``cgrp->bpf``'s percpu_ref
        self.perf_bpf = PerfBpf(kernel)

    def next_serial_nr(self) -> int:
        """``css->serial_nr = css_serial_nr_next++``: a cgroup's self css in
        ``cgroup_create``, then each controller's css in ``init_and_link_css``
        (kernel/cgroup/cgroup.c); unlike the cgroup ID (the kernfs inode number) it
        counts csses of every hierarchy and is never reused."""
        n = self._serial
        self._serial = n + 1
        return n

    # -- references ---------------------------------------------------------
    def css_get(self, css: Css, holder: str, n: int = 1) -> None:
        """``css_get_many``: ``n`` references on ``css`` counted under ``holder``
        (a method: a staticmethod's load is never specialized in CPython 3.11)."""
        css.refcnt += n
        h = css.holders
        if css.killed_at is not None:
            if type(h) is SharedHolders:
                h = css.holders = dict(h)   # its own before a change
            if self.k.cost_watch is not None:
                self.k.cost_watch.mark(css)
        h[holder] = h.get(holder, 0) + n

    def css_put(self, css: Css, holder: str, n: int = 1) -> None:
        h = css.holders
        if css.killed_at is not None:
            if type(h) is SharedHolders:
                h = css.holders = dict(h)   # its own before a change
            if self.k.cost_watch is not None:
                self.k.cost_watch.mark(css)
        left = h.get(holder, 0) - n
        if left < 0 or css.state == FREED:
            model_bug("css_put without a matching css_get", css=css, holder=holder, n=n,
                      holders=dict(h))
        if left:
            h[holder] = left
        else:
            del h[holder]
            if css.killed_at is not None and len(h) < 2:
                # a killed css's last kind: the dict of those counts every killed
                # css shares (the one grown while it was online stays as large); a
                # dying css keeps it as long as it is pinned (issue 14)
                css.holders = self.share_holders(h)
        css.refcnt -= n
        if css.refcnt == 0:
            if css.killed_at is None:
                model_bug("css refcount reached zero while online", css=css)
            self.queue_work(self.css_release_work_fn, css)

    def share_holders(self, h: dict) -> SharedHolders:
        """The :class:`SharedHolders` of ``h``'s counts (a killed css's or objcg's
        last kind), made when first asked for."""
        key = tuple(h.items())
        shared = self.shared_holders.get(key)
        if shared is None:
            if len(self.shared_holders) >= SHARED_HOLDERS_MAX:
                self.shared_holders.clear()
            shared = self.shared_holders[key] = SharedHolders(key)
        return shared

    # -- creation -------------------------------------------------------------
    def mkdir(self, parent: Cgroup, name: str) -> Cgroup:
        """``cgroup_mkdir`` → ``cgroup_create`` + ``css_create`` per enabled subsystem."""
        self.clock.tick(CGROUP_OP_COST_NS)     # first: timers may run meanwhile
        if name in parent.children:
            raise OSError(errno.EEXIST, "File exists")
        root = parent.root
        k = self.k
        cgrp = Cgroup(name, parent, root, 0, self.clock.now_ns)    # ino: kernfs_create_dir
        cgrp.self_css.serial = self.next_serial_nr()
        self.css_get(parent.self_css, "child cgroup")
        self.cgroup_alloc_structs(cgrp)
        self.kernfs_create_dir(cgrp)
        if self._memory_enabled(cgrp):
            try:
                self.css_create_memory(cgrp)
            except OSError:
                self.css_put(parent.self_css, "child cgroup")
                self.cgroup_free_structs(cgrp)
                raise
        if root.is_dfl:
            self.perf_bpf.alloc_perf_pcpu(cgrp)
        if k.pids.enabled_for(cgrp):
            k.pids.css_create(cgrp)
        for ss in k.ifaces.enabled(cgrp):
            k.ifaces.css_create(ss, cgrp)
        if root is k.freezer.root:
            k.freezer.css_alloc(cgrp)
        for group in self.file_groups():
            self.kernfs_populate(cgrp, group)
        parent.children[name] = cgrp
        if parent in root.notify_on_release:
            root.notify_on_release.add(cgrp)        # cgroup_create: the parent's flag
        if root is k.memory_root:
            k.all_cgroups[cgrp] = None
        elif root is k.freezer.root:
            k.freezer.css_online(cgrp)
        root.nr_cgrps += 1
        for a in cgrp.ancestors():
            a.nr_descendants += 1
        return cgrp

    def css_create_memory(self, cgrp: Cgroup) -> None:
        """``css_create`` for the memory controller: ``css_alloc``, then
        ``init_and_link_css`` (the css pins its cgroup and its parent css) and
        ``online_css``."""
        if "memory" in cgrp.subsys:
            return
        css = self.ss.css_alloc(
            cgrp, parent_css=self.memory_css_of(cgrp.parent))  # type: ignore[arg-type]
        css.css_id = self.css_idr["memory"].alloc()
        css.serial = self.next_serial_nr()       # init_and_link_css
        cgrp.subsys["memory"] = css
        if cgrp.tasks or cgrp.children:      # their effective memory css changes
            for t in self.k.tasks.values():
                t.memcg = None
        self.css_get(cgrp.self_css, "memory css")
        self.css_get(css.parent, "child css")  # type: ignore[arg-type]
        self.ss.css_online(css)
        if self.kernfs_owner(cgrp, "self") in self.kernfs_ids and memory_visible(cgrp):
            self.kernfs_populate(cgrp, "memory")    # an existing cgroup gains memory.* files

    def css_kill_memory(self, cgrp: Cgroup) -> None:
        """``cgroup_apply_control_disable`` for the memory controller on cgroup2 (its
        parent's subtree_control lost "memory", kernel/cgroup/cgroup.c): the css is
        unlinked from the cgroup's tasks at once (``cgroup_update_dfl_csses``: they
        charge their nearest ancestor's memcg from now on) and killed as by rmdir
        (``kill_css``: ``css_clear_dir`` takes the memory.* files, then offline); its
        charges stay with it, a dying memcg under the parent, and it pins the cgroup
        until freed. A later "+memory" makes a fresh css (``css_create``)."""
        css = cgrp.subsys.pop("memory")
        if cgrp.tasks or cgrp.children:      # their effective memory css changes
            for t in self.k.tasks.values():
                t.memcg = None
        self.kernfs_clear(cgrp, "memory")       # css_clear_dir, then offline
        self.kill_css(css)

    def _memory_enabled(self, cgrp: Cgroup) -> bool:
        if "memory" not in cgrp.root.subsys:
            return False
        if not cgrp.root.is_dfl:
            return True
        return "memory" in subtree_ss_mask(cgrp.parent)  # type: ignore[arg-type]

    @staticmethod
    def memory_css_of(cgrp: Cgroup) -> Css:
        """The memory css a cgroup's tasks use: its own or its nearest ancestor's."""
        c = cgrp
        while "memory" not in c.subsys:
            c = c.parent    # type: ignore[assignment]  # the root has it
        return c.subsys["memory"]

    # -- what a cgroup allocates (kernel/sizes) --------------------------------
    def cgroup_alloc_structs(self, cgrp: Cgroup) -> None:
        """``cgroup_create``'s structures (charged to nobody): the cgroup, its per-CPU
        data and, on cgroup2, the implicit perf_event css's slab objects (its per-CPU
        data comes after the memory css's: :meth:`mkdir`)."""
        k = self.k
        dfl = cgrp.root.is_dfl
        bpf = dfl or k.design.cgroup1_bpf
        k.slab.alloc_structs(cgrp, k.sizes.cgroup_slab(cgrp.level, False, False))
        self.perf_bpf.alloc(cgrp, bpf, dfl)
        if dfl:
            cgrp.perf_css_id = self.css_idr["perf_event"].alloc()
        k.percpu.alloc_areas(cgrp, k.sizes.cgroup_pcpu(dfl or k.design.cgroup1_rstat, False))
        if bpf:
            k.percpu.alloc_areas(("bpf", cgrp), BPF_PCPU)

    def cgroup_free_structs(self, cgrp: Cgroup) -> None:
        """``css_free_rwork_fn`` of the self css: ``kernfs_put(cgrp->kn)`` (the
        directory's node, its name and its ID: :meth:`kernfs_create_dir`),
        ``cgroup_rstat_exit``, ``psi_cgroup_free``, ``kfree(cgrp)``."""
        groups = self.file_groups()
        self.k.pids.css_free(cgrp)
        self.k.freezer.css_free(cgrp)
        self.k.ifaces.free_all(cgrp)
        dir_id = self.kernfs_dir_ids.pop(cgrp, None)
        if dir_id is not None:
            cgrp.root.ino_idr.remove(range(dir_id, dir_id + 1))
        self.k.slab.free_structs(cgrp)
        self.k.percpu.free_areas(cgrp)
        for group in groups:
            self.kernfs_clear(cgrp, group)
        # the perf_event css and bpf ref, if not gone before (kernel/perf_bpf.py)
        self.perf_bpf.cgroup_freed(cgrp)

    def kernfs_create_dir(self, cgrp: Cgroup) -> None:
        """``cgroup_create`` → ``kernfs_create_dir``: the directory's ``kernfs_node``
        (kernfs_node_cache), its name copied by ``kstrdup_const`` (a kmalloc of
        ``strlen + 1``) and its inode number (``idr_alloc_cyclic`` on the
        hierarchy's ``root->ino_idr``): the cgroup's ID (``cgrp->kn->id``,
        ``cgroup_id``, what stat shows). ``cgroup_mkdir`` takes a second reference
        (``kernfs_get(cgrp->kn)``: "This extra ref will be put in cgroup_free_fn()"),
        so ``kernfs_remove`` at rmdir leaves the node: it goes with the cgroup,
        ``css_free_rwork_fn`` → ``kernfs_put(cgrp->kn)`` (kernel/cgroup/cgroup.c,
        v5.10 and v6.1; fs/kernfs/dir.c ``kernfs_new_node``, ``kernfs_put``). Held
        with the cgroup's own structures (:meth:`cgroup_free_structs`): a dying
        cgroup keeps them, and the IDR leaf its ID is in."""
        k = self.k
        slab = k.slab
        node = slab.cache("kernfs_node_cache", k.sizes.size("kernfs_node"), account=False)
        slab.alloc_struct_runs(cgrp, ((node, 1), (slab.kmalloc_plain(len(cgrp.name) + 1), 1)))
        cgrp.ino = self.kernfs_dir_ids[cgrp] = cgrp.root.ino_idr.alloc_cyclic(1).start

    def file_groups(self) -> tuple[str, ...]:
        """The file groups a cgroup may have now (:data:`BASE_GROUPS` while no
        interface-only controller has a css anywhere)."""
        return FILE_GROUPS if self.k.ifaces.css else BASE_GROUPS

    @staticmethod
    def kernfs_owner(cgrp: Cgroup, group: str) -> tuple:
        """Who holds the ``kernfs_node``s and names of ``cgrp``'s ``group`` files
        (``Slab.held_of``)."""
        return ("kernfs", cgrp) if group == "self" else ("kernfs", cgrp, group)

    def kernfs_populate(self, cgrp: Cgroup, group: str) -> None:
        """``css_populate_dir`` of ``cgrp``'s ``group`` css (:data:`FILE_GROUPS`):
        one ``kernfs_node`` (from kernfs_node_cache) per file, each with its name
        copied by ``kstrdup_const`` (a kmalloc of ``strlen + 1``: the names are built
        in a stack buffer by ``cgroup_file_name``) and the next inode numbers of the
        root's ``ino_idr``; the directory's own is :meth:`kernfs_create_dir`'s."""
        nodes, names = self._kernfs_files(cgrp, group)
        if not nodes:
            return
        slab = self.k.slab
        owner = self.kernfs_owner(cgrp, group)
        slab.alloc_struct_runs(owner, nodes)
        self.kernfs_ids[owner] = cgrp.root.ino_idr.alloc_cyclic(nodes[0][1])
        slab.alloc_struct_runs(owner, names)

    def kernfs_clear(self, cgrp: Cgroup, group: str) -> None:
        """``css_clear_dir`` of ``cgrp``'s ``group`` css (a controller disabled
        above it, rmdir's ``kernfs_remove``): its files' nodes and names freed,
        ``kernfs_put`` → ``idr_remove(&root->ino_idr, ...)`` of their inode
        numbers, on this CPU (kernel/idr.py)."""
        owner = self.kernfs_owner(cgrp, group)
        ids = self.kernfs_ids.pop(owner, None)
        if ids is not None:
            self.k.slab.free_structs(owner)
            cgrp.root.ino_idr.remove(ids)

    def kernfs_ino(self, cgrp: Cgroup, name: str) -> int:
        """The inode number of ``cgrp``'s file ``name`` (``kn->id``); the root's
        files of controllers the model lacks took theirs at boot, after the
        model's own (:meth:`setup_root`)."""
        for group in FILE_GROUPS:
            ids = self.kernfs_ids.get(self.kernfs_owner(cgrp, group))
            if ids is not None:
                i = self._kernfs_names(cgrp, group).get(name)
                if i is not None:
                    return ids.start + i
        return cgrp.ino

    def _kernfs_key(self, cgrp: Cgroup, group: str) -> tuple:
        """What decides the ``group`` files of ``cgrp``: hierarchy, root or not, its
        csses."""
        k = self.k
        return (group, k.design.cftypes, cgrp.root.subsys, cgrp.parent is None,
                has_group(k, cgrp, group))

    def _kernfs_names(self, cgrp: Cgroup, group: str) -> dict[str, int]:
        """The ``group`` files of a cgroup like ``cgrp``, each with its place in the
        order they are made, worked out once."""
        key = self._kernfs_key(cgrp, group)
        names = self.kernfs_names.get(key)
        if names is None:
            names = self.kernfs_names[key] = {
                n: i for i, n in enumerate(kernfs_file_names(self.k, cgrp, group))}
        return names

    def _kernfs_files(self, cgrp: Cgroup, group: str) -> tuple[tuple, tuple]:
        """The ``group`` files' ``kernfs_node``s of a cgroup like ``cgrp``,
        ``((kernfs_node_cache, files),)`` or ``()``, and the kmalloc caches of the
        names' copies, ``((cache, count), ...)`` in the order of the first name
        each takes: the same for every cgroup of a kind, worked out once."""
        key = self._kernfs_key(cgrp, group)
        files = self.kernfs_files.get(key)
        if files is None:
            k = self.k
            slab = k.slab
            names = self._kernfs_names(cgrp, group)
            by_cache: dict = {}
            for n in names:
                c = slab.kmalloc_plain(len(n) + 1)
                by_cache[c] = by_cache.get(c, 0) + 1
            node = slab.cache("kernfs_node_cache", k.sizes.size("kernfs_node"), account=False)
            files = self.kernfs_files[key] = (((node, len(names)),) if names else (),
                                              tuple(by_cache.items()))
        return files

    def setup_root(self, root: CgroupRoot) -> None:
        """``cgroup_setup_root`` → ``kernfs_create_root``: the hierarchy's own
        ``ino_idr``, its root directory numbered 1 and its files after it, all made
        at boot (their nodes are the boot's slab): css by css (:data:`FILE_GROUPS`;
        on v1 the memory hierarchy's core files, then memory's), on cgroup2 in
        ``cgroup_init``'s order, the files of controllers the model does not have
        numbered among them (fs/cftypes ``ROOT_FILE_ORDER``)."""
        from ..fs.cftypes import ROOT_FILE_ORDER
        cgrp = root.cgrp
        cgrp.ino = root.ino_idr.boot(1)
        for entry in ROOT_FILE_ORDER[self.k.design.cftypes] if root.is_dfl else FILE_GROUPS:
            if entry not in FILE_GROUPS:
                root.ino_idr.boot(1)        # another controller's file: only its number
                continue
            n = len(self._kernfs_names(cgrp, entry))
            if n:
                self.kernfs_ids[self.kernfs_owner(cgrp, entry)] = range(
                    root.ino_idr.boot(n), root.ino_idr.next)

    # -- removal --------------------------------------------------------------
    def rmdir(self, cgrp: Cgroup) -> None:
        """``cgroup_rmdir`` → ``cgroup_destroy_locked``: -EBUSY while populated or with
        live children; then kill every css and the self css."""
        self.clock.tick(CGROUP_OP_COST_NS)
        if cgrp.parent is None:
            raise OSError(errno.EBUSY, "Device or resource busy")
        if cgrp.tasks or cgrp.children:
            raise OSError(errno.EBUSY, "Device or resource busy")
        cgrp.removed = True
        self.cgroup_freeze(cgrp, 0)
        # emptied dicts keep their tables: a removed cgroup holds the shared empty one
        cgrp.tasks = cgrp.children = REMOVED_EMPTY
        # and its path is made again if asked for (a dying cgroup's seldom is)
        cgrp._path = None
        del cgrp.parent.children[cgrp.name]
        for a in cgrp.ancestors():
            a.nr_descendants -= 1
            a.nr_dying_descendants += 1
        self.kill_css(*cgrp.subsys.values(), cgrp.self_css)
        memory = cgrp.subsys.get("memory")
        if memory is not None:
            # its csses stay as they are from now on: the memory css in one slot
            # (a dying cgroup's dict was its largest item but one, issue 14)
            cgrp.subsys = RemovedSubsys(memory)
        self.k.ifaces.kill_all(cgrp)
        self.perf_bpf.rmdir(cgrp)
        for group in self.file_groups():                # kernfs_remove
            self.kernfs_clear(cgrp, group)
        notify = cgrp.root.notify_on_release
        if notify:
            notify.discard(cgrp)
            cgroup1_check_for_release(self.k, cgrp.parent)

    def cgroup_freeze(self, cgrp: Cgroup, freeze: int) -> None:
        """``cgroup_freeze`` (cgroup2, 76f969e8948d "cgroup: cgroup v2 freezer", v5.2):
        the tasks of the subtree stop (``cgroup_task_frozen``) or go on."""
        if cgrp.freeze != freeze:
            cgrp.root.nr_freezing += 1 if freeze else -1
            cgrp.freeze = freeze
            if not freeze:
                # the thawed tasks leave the freezer trap: what they were sent acts
                stack = [cgrp]
                while stack:
                    c = stack.pop()
                    for t in list(c.tasks.values()):
                        if getattr(t, "shdpending", 0):     # (tasks: typed object)
                            self.k.signals_at_thaw(t)  # type: ignore[arg-type]
                    stack.extend(c.children.values())

    def queue_work(self, fn, css: "Css") -> None:
        """``queue_work(cgroup_destroy_wq, ...)``: a per-CPU workqueue
        (``alloc_workqueue("cgroup_destroy", 0, 1)``), so the work runs in the kworker
        of the CPU that queued it (``WORK_CPU_UNBOUND`` → ``raw_smp_processor_id``):
        the css's teardown, its per-CPU statistics updates included, stays on the
        CPU of the ``rmdir`` (or of the last ``css_put``)."""
        self.clock.queue_work(self.k.call_on_cpu, self.k.current.cpu, fn, css)

    def kill_css(self, *csses: Css) -> None:
        """``kill_css`` of each of ``csses`` (a cgroup's, at one ``rmdir``):
        ``percpu_ref_kill_and_confirm``; once every CPU sees the kill (a grace
        period) the confirmation (``css_killed_ref_fn``) queues
        ``css_killed_work_fn``, which offlines it and puts the base ref. The
        csses' callbacks, queued back to back on this CPU, run back to back in
        one ``rcu_do_batch`` and their works in one kworker's turn
        (``process_one_work`` of each on the per-CPU ``cgroup_destroy_wq``): one
        :meth:`Clock.queue_rcu_work` of them all, the same order and times
        (kernel/cgroup/cgroup.c ``kill_css``, ``css_killed_ref_fn`` at v5.10 and
        v6.1)."""
        now = self.clock.now_ns
        for css in csses:
            css.state = DYING
            css.killed_at = now
        cpu = self.k.current.cpu
        self.clock.queue_rcu_work(self.k.call_on_cpu, cpu, self.css_killed_work_fn, *csses,
                                  cpu=cpu)

    def css_killed_work_fn(self, *csses: Css) -> None:
        """``css_killed_work_fn`` of each of ``csses`` in turn: offline, the base
        reference put."""
        for css in csses:
            if css.ss == "memory":
                self.ss.css_offline(css)  # type: ignore[arg-type]
                self.k.slab.memcg_kmem_id_free(css)
            elif css.cgroup.root is self.k.freezer.root:
                self.k.freezer.css_offline(css.cgroup)     # its freezer css's offline
            css.state = OFFLINE
            self.css_put(css, "base")

    def css_release_work_fn(self, css: Css) -> None:
        """Refcount hit zero: ``css_released``; for the self css, the cgroup stops
        counting as a dying descendant."""
        css.state = RELEASED
        if css.ss == "memory":
            memcg = cast("MemCgroup", css)
            if self.k.cost_watch is not None:
                self.k.cost_watch.mark(memcg)   # its css ID goes
            self.ss.css_released(memcg)
            cid, memcg.css_id = memcg.css_id, None
            if cid is not None:
                self.css_idr["memory"].free(cid)    # cgroup_idr_remove
        else:
            for a in css.cgroup.ancestors():
                a.nr_dying_descendants -= 1
        # queue_rcu_work(cgroup_destroy_wq, &css->destroy_rwork)
        cpu = self.k.current.cpu
        self.clock.queue_rcu_work(self.k.call_on_cpu, cpu, self.css_free_rwork_fn, css, cpu=cpu)

    def css_free_rwork_fn(self, css: Css) -> None:
        css.state = FREED
        if self.k.cost_watch is not None:
            self.k.cost_watch.mark(css)
        cgrp = css.cgroup
        if css.ss == "memory":
            self.ss.css_free(css)  # type: ignore[arg-type]
            if css.parent is not None:
                self.css_put(css.parent, "child css")
            self.css_put(cgrp.self_css, "memory css")
        else:
            cgrp.root.nr_cgrps -= 1
            self.k.all_cgroups.pop(cgrp, None)
            self.cgroup_free_structs(cgrp)
            if cgrp.parent is not None:
                self.css_put(cgrp.parent.self_css, "child cgroup")
            self.k.cgroup_freed(cgrp)
            # kfree(cgrp): the cgroup embeds its self css and pointed at its csses
            # (``cgrp->subsys``, cleared by ``offline_css``); the model's references
            # between them are let go, so that the freed cgroup, css and memcg are
            # freed by their reference counts (no cycles: gcpolicy.py)
            cgrp.subsys = {}
            css.cgroup = None  # type: ignore[assignment]
