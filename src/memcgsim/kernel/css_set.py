"""kernel/cgroup/cgroup.c: css_sets, what ``task->cgroups`` points at.

A task does not point at its cgroups but at a ``struct css_set``: its cgroup in
each hierarchy (``cgrp_links``, one ``struct cgrp_cset_link`` per hierarchy) and
the css of each subsystem (``subsys[]``), shared by every task whose csses are
the same (``css_set_table``, hashed by the csses: ``find_existing_css_set``).
Read at torvalds/linux 0008454e (a v6.x tree; ``find_css_set``,
``put_css_set_locked``, ``link_css_set`` and ``allocate_cgrp_cset_links`` read
the same in v5.10 and v6.1, whose ``struct css_set`` BTF shows the same fields):

- a task that enters a cgroup (``cgroup_migrate_prepare_dst`` → ``find_css_set``)
  with csses no css_set has yet makes one: ``kzalloc(sizeof(*cset), GFP_KERNEL)``
  (568 bytes on 5.10, 592 on 6.1: kmalloc-1k, unaccounted) and
  ``allocate_cgrp_cset_links(cgroup_root_count)``: a 48-byte ``kzalloc`` each
  (kmalloc-64), one per hierarchy, the default one included (``cgroup_init`` sets
  ``cgrp_dfl_root`` up whether mounted or not: 2 on the oracle's v1, memory
  mounted alone; 1 on cgroup2);
- the new css_set takes a reference on each of its csses (``css_get``) and, through
  each link to a cgroup that is not a root, on the cgroup (``cgroup_get_live``:
  its self css), and holds them until its last reference goes;
- tasks reference it (``task->cgroups``: a fork's ``cgroup_css_set_fork`` /
  ``cgroup_post_fork``, a migration's destination), and keep it after their exit
  until ``cgroup_free`` (``__put_task_struct``); ``init_css_set`` is static;
- ``put_css_set_locked`` of the last reference puts the csses and the cgroups,
  ``kfree``\\ s the links at once and frees the css_set with ``kfree_rcu`` (a grace
  period later, on this CPU: the batching of ``kvfree_call_rcu`` not modelled).

The model's csses are the memory controller's (and the cgroups' self csses): a
css_set is keyed by its cgroups and its effective memory and pids csses, which
covers what a task's entry and cgroup2's ``cgroup.subtree_control`` change.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from . import KernelCore
    from .cgroup import Cgroup

#: ``task->cgroups`` of a task that has none: a kernel thread of the model's, a
#: task not yet forked into one or released; shared, never written
NO_CSS_SET: dict = {}


class CssSet(dict):
    """``struct css_set``: the task's cgroup in each hierarchy (root → cgroup; read
    only: a migration points the task at another css_set), shared by the tasks
    whose csses are the same."""
    __slots__ = ("refcount", "memcg", "key", "objs")

    def __init__(self, cgroups: dict, memcg, key: tuple) -> None:
        super().__init__(cgroups)
        #: ``refcount``: its tasks (running or not yet freed) and static users
        self.refcount = 1
        #: ``subsys[memory_cgrp_id]``: the memory css its tasks charge
        self.memcg = memcg
        #: its ``css_set_table`` key (:meth:`CssSets.template`)
        self.key = key
        #: the css_set's kmalloc-1k slot and its links' kmalloc-64 slots
        #: (placements), None for ``init_css_set``
        self.objs: tuple | None = None

    def __hash__(self) -> int:  # type: ignore[override]  # by identity, as the kernel's
        return id(self)

    def __eq__(self, other) -> bool:
        return self is other

    def __repr__(self) -> str:
        return f"<css_set {[c.path for c in self.values()]} ref={self.refcount}>"


class CssSets:
    """``css_set_table`` and the css_sets' lifecycle."""
    __slots__ = ("k", "table", "init_css_set", "_caches")

    def __init__(self, kernel: "KernelCore") -> None:
        self.k = kernel
        #: ``css_set_table``: every css_set with a reference, by key
        self.table: dict[tuple, CssSet] = {}
        root = kernel.memory_root
        key = self.template({root: root.cgrp})
        #: ``init_css_set``: static (no allocation, never freed), the roots' csses
        init = self.init_css_set = CssSet({root: root.cgrp}, key[1], key)
        self.table[key] = init
        self._caches: tuple | None = None

    def cgroup_root_count(self) -> int:
        """``cgroup_root_count``: the hierarchies set up, the default one always
        (``cgroup_init`` → ``cgroup_setup_root(&cgrp_dfl_root)``) and each v1
        hierarchy mounted."""
        n = 1
        for r in self.k.roots:      # a loop: no generator made
            if not r.is_dfl:
                n += 1
        return n

    def template(self, cgroups: dict) -> tuple:
        """``find_existing_css_set``'s template as a key: the cgroups (a
        css_set's links, ``compare_css_sets``) and the effective memory and pids
        csses (``cgroup_e_css_by_mask``)."""
        k = self.k
        root = k.memory_root
        cgrp = cgroups.get(root)
        memcg = None if cgrp is None else k.cgroups.memory_css_of(cgrp)
        pids = None
        if cgrp is not None and root.is_dfl:
            pcss = k.pids.css
            c = cgrp
            while c is not None and c not in pcss:
                c = c.parent
            pids = c
        return (tuple(cgroups.values()), memcg, pids)

    def link_root(self, root) -> None:
        """``cgroup_setup_root`` of a v1 hierarchy mounted now: every css_set is
        linked to its root cgroup (``link_css_set``), so its key changes. Not
        modelled: the ``cgrp_cset_link`` each one allocates there (a css_set made
        from now on allocates one more: :meth:`cgroup_root_count`)."""
        table = {}
        for cset in self.table.values():
            dict.__setitem__(cset, root, root.cgrp)
            cset.key = self.template(cset)
            table[cset.key] = cset
        self.table = table

    def _slab_caches(self) -> tuple:
        c = self._caches
        if c is None:
            k = self.k
            c = self._caches = (k.slab.kmalloc_plain(k.sizes.size("css_set")),
                                k.slab.kmalloc_plain(k.sizes.size("cgrp_cset_link")))
        return c

    def find_css_set(self, old: dict, cgrp: "Cgroup") -> CssSet:
        """``find_css_set(old_cset, cgrp)``: the css_set like ``old`` but with
        ``cgrp`` in its hierarchy, referenced: an existing one
        (``find_existing_css_set``, ``get_css_set``) or a new one allocated on this
        CPU with its links, its csses and cgroups referenced."""
        cgroups = dict(old)
        cgroups[cgrp.root] = cgrp
        return self._find(cgroups)

    def _find(self, cgroups: dict) -> CssSet:
        key = self.template(cgroups)
        cset = self.table.get(key)
        if cset is not None:
            cset.refcount += 1
            return cset
        k = self.k
        cset = CssSet(cgroups, key[1], key)
        cs_cache, link_cache = self._slab_caches()
        t = k.current
        cpu = t.cpu if t is not None else 0
        cset.objs = (cs_cache.place(1, cpu),
                     link_cache.place(self.cgroup_root_count(), cpu))
        self.table[key] = cset
        cg = k.cgroups
        for c in cgroups.values():          # link_css_set: cgroup_get_live
            if c.parent is not None:
                cg.css_get(c.self_css, "css_set")
        memcg = cset.memcg                  # css_get of each css (a root's: no ref)
        if memcg is not None and memcg.cgroup.parent is not None:
            cg.css_get(memcg, "css_set")
        return cset

    def put_css_set(self, cset: dict) -> None:
        """``put_css_set``/``put_css_set_locked``: the last reference unlinks it,
        puts its csses and cgroups, ``kfree``\\ s its links on this CPU and frees it
        a grace period later there (``kfree_rcu``)."""
        if not cset:
            return
        cset.refcount -= 1      # type: ignore[attr-defined]
        if cset.refcount or cset.objs is None:   # type: ignore[attr-defined]
            return
        assert isinstance(cset, CssSet)
        k = self.k
        del self.table[cset.key]
        cg = k.cgroups
        memcg = cset.memcg
        if memcg is not None and memcg.cgroup is not None and memcg.cgroup.parent is not None:
            cg.css_put(memcg, "css_set")
        for c in cset.values():
            if c.parent is not None:
                cg.css_put(c.self_css, "css_set")
                if c.removed:
                    cg.perf_bpf.css_set_put(c)
        cs_obj, links = cset.objs
        cset.objs = None
        t = k.current
        cpu = t.cpu if t is not None else 0
        cs_cache, link_cache = self._slab_caches()
        link_cache.unplace(links, cpu)
        k.clock.call_rcu(self._free_rcu, cpu, cs_obj, cpu=cpu)

    def _free_rcu(self, cpu: int, cs_obj: list) -> None:
        """``kfree_rcu(cset, rcu_head)``'s free, on ``cpu``."""
        self._slab_caches()[0].unplace(cs_obj, cpu, 1)

    def migrate(self, tsk, cset: CssSet) -> None:
        """Point ``tsk`` at ``cset`` (referenced by the caller) and put its old
        css_set (``cgroup_migrate_execute``, ``cgroup_migrate_finish``)."""
        old = tsk.cgroups
        tsk.cgroups = cset
        tsk.memcg = None
        self.put_css_set(old)

    def update_dfl_csses(self, cgrp: "Cgroup") -> None:
        """``cgroup_update_dfl_csses(cgrp)``: after a change of cgroup2's
        ``cgroup.subtree_control`` the live tasks of ``cgrp``'s subtree whose
        css_set's csses are no longer their cgroup's effective ones move to a
        css_set with those, one lookup a source css_set (``cgroup_migrate_add_src``;
        exited tasks keep theirs: they left their cgroups' task lists, and
        ``cgroup_migrate_add_task`` skips PF_EXITING)."""
        dst: dict = {}
        stack = [cgrp]
        while stack:
            c = stack.pop()
            stack.extend(c.children.values())
            for t in list(c.tasks.values()):
                cset = t.cgroups  # type: ignore[attr-defined]
                new = dst.get(id(cset))
                if new is None:
                    key = self.template(cset)
                    new = dst[id(cset)] = cset if key == cset.key else dict(cset)
                if new is cset:
                    continue
                self.migrate(t, self._find(new))    # type: ignore[arg-type]
