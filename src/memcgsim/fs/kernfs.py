"""The dcache's entries for cgroup files (fs/kernfs/dir.c, fs/dcache.c, fs/inode.c).

The first path walk to a cgroup file allocates its dentry (``d_alloc_parallel`` →
``__d_alloc``, the SLAB_ACCOUNT ``dentry`` cache) and its inode (``kernfs_iop_lookup``
→ ``kernfs_get_inode`` → ``iget_locked`` → ``alloc_inode``, the SLAB_ACCOUNT
``inode_cache``; 6.1 adds the unaccounted ``i_security`` blob), both charged to the
walking task's memcg. They stay cached after the file is closed: freed when the
cgroup is removed (``vfs_rmdir`` → ``shrink_dcache_parent``) or by the dcache
shrinker, which on its first pass over the LRU only clears ``DCACHE_REFERENCED``
of a dentry used more than once (``dentry_lru_isolate``: ``LRU_ROTATE``).

So a shell that sits in a child cgroup when it first opens a file of the root (the
cover letter's ``echo $$ > cgroup.procs``) leaves that file's dentry and inode
charged to the child: after ``rmdir`` they keep its reparented obj_cgroup alive with
a page of the root's kmem counter (traced on 5.10.262 and 6.1.192:
calibration/kmem-residue-trace.sh, docs/kernel-facts.md F20).

A cgroup's directory is looked up the same way by the first walk that goes through
it or stops at it (``walk_component`` → ``lookup_slow`` → ``kernfs_iop_lookup``: a
positive dentry and the directory's kernfs inode), and a dentry holds its parent
(``d_alloc``: ``dget_dlock(parent)``), so every directory above a cached one is
cached too. It stays until the directory is removed (``vfs_rmdir`` → ``d_delete``:
the inode goes, the dentry stays negative: fs/cgroupfs.py) or the shrinker takes it
once nothing below it is cached. mkdir's own lookup of the new name is negative:
its directory's dentry and inode come with the first walk through it (a nested
chain's levels each keep one: tools/sizes/recordings/nested-chain-trace--*,
docs/fidelity.md item 45).
"""
from __future__ import annotations


class KernfsDentry:
    """A cached cgroup file's dentry and inode: their slab objects and whether the
    dentry was used again since it joined the LRU (``DCACHE_REFERENCED``)."""
    __slots__ = ("objs", "referenced")

    def __init__(self, objs: list) -> None:
        self.objs = objs
        self.referenced = False


class KernfsDentries:
    """The cached dentries of one cgroup hierarchy's files, by cgroup and name, and
    of its directories below the mount's root (``dirs``), by cgroup."""
    __slots__ = ("k", "by_cgroup", "dirs")

    def __init__(self, k) -> None:
        self.k = k
        self.by_cgroup: dict[object, dict[str, KernfsDentry]] = {}
        self.dirs: dict[object, KernfsDentry] = {}

    def lookup_dir(self, cgrp, task, path: str) -> None:
        """A path walk by ``task`` through or to cgroup ``cgrp``'s directory (at
        ``path``): the dentries and inodes of it and of the directories above it
        that are not cached yet, the top one first (charged to ``task``'s memcg),
        each replacing the negative dentry mkdir's lookup left of its name (stale
        since: ``kernfs_dop_revalidate``); ``cgrp``'s own marked referenced if it
        was cached."""
        dirs = self.dirs
        d = dirs.get(cgrp)
        if d is not None:
            d.referenced = True
            return
        todo = []
        c = cgrp
        path = path.rstrip("/")
        while c.parent is not None and c not in dirs:
            todo.append((c, path))
            c = c.parent
            path = path.rpartition("/")[0]
        drop_negative = self.k.filemap.drop_negative
        for c, path in reversed(todo):
            drop_negative(path)
            dirs[c] = KernfsDentry(self._alloc(c.name, task))

    def lookup_file(self, cgrp, name: str, task, path: str) -> None:
        """A path walk by ``task`` to file ``name`` of ``cgrp`` (at ``path``): its
        directory's :meth:`lookup_dir`, then its own :meth:`lookup`; the cached
        ones (and the root's directory, never cached here) marked at once."""
        d = self.dirs.get(cgrp)
        if d is not None:
            d.referenced = True
        elif cgrp.parent is not None:
            self.lookup_dir(cgrp, task, path.rpartition("/")[0])
        files = self.by_cgroup.get(cgrp)
        d = files.get(name) if files is not None else None
        if d is not None:
            d.referenced = True
            return
        self.lookup(cgrp, name, task)

    def cached(self):
        """``(cgroup, name)`` of every cached file dentry."""
        return [(c, name) for c, files in self.by_cgroup.items() for name in files]

    def lookup(self, cgrp, name: str, task) -> None:
        """A path walk by ``task`` reaching file ``name`` of ``cgrp``: the dentry and
        inode allocated (charged to ``task``'s memcg) if not cached, else the cached
        dentry marked referenced (``retain_dentry`` at its next ``dput``)."""
        files = self.by_cgroup.get(cgrp)
        d = files.get(name) if files is not None else None
        if d is not None:
            d.referenced = True
            return
        self.by_cgroup.setdefault(cgrp, {})[name] = KernfsDentry(self._alloc(name, task))

    def get_inode_put(self, cgrp, name: str, task) -> None:
        """``kernfs_get_inode`` then ``iput`` of ``cgrp``'s file ``name`` by ``task``
        (``cgroup_may_write``: a cgroup2 ``cgroup.procs`` or ``cgroup.threads`` write
        asks ``inode_permission`` of the common ancestor's ``cgroup.procs``,
        kernel/cgroup/cgroup.c v5.10 and v6.1). A cached dentry holds that inode
        (``iget_locked`` finds it); else one is allocated as ``task`` and, kernfs
        dropping an unused inode at once (fs/kernfs/mount.c ``kernfs_sops``:
        ``.drop_inode = generic_delete_inode``), evicted at the ``iput``:
        ``destroy_inode`` frees it (and 6.1's ``i_security`` blob) a grace period
        later on ``task``'s CPU (``call_rcu(i_callback)``, ``inode_free_by_rcu``)."""
        files = self.by_cgroup.get(cgrp)
        if files is not None and name in files:
            return
        k = self.k
        objs = self._alloc_inode(task, [])
        k.clock.call_rcu(k.call_on_cpu, task.cpu, self._free, KernfsDentry(objs), cpu=task.cpu)

    def _alloc(self, name: str, task) -> list:
        """A dentry of ``name`` and a kernfs inode (with 6.1's ``i_security``
        blob) allocated as ``task``: their ``(cache, object)`` pairs."""
        k = self.k
        prev_current, k.current = k.current, task  # k.running(), written out
        try:
            objs = k.filemap.alloc_dentry_objs(name) or []
        finally:
            k.current = prev_current
        return self._alloc_inode(task, objs)

    def _alloc_inode(self, task, objs: list) -> list:
        """A kernfs inode (``alloc_inode``: inode_cache, and 6.1's ``i_security``
        blob) allocated as ``task``, its ``(cache, object)`` pairs added to
        ``objs``."""
        k = self.k
        slab = k.slab
        prev_current, k.current = k.current, task
        try:
            c = slab.cache("inode_cache", k.sizes.slab_objsize("inode_cache"),
                           reclaimable=True)
            oid = slab.kmem_cache_alloc(c)
            if oid is not None:
                objs.append((c, oid))
            blob = k.sizes.lsm_inode_blob()
            if blob is not None:
                lc = slab.cache("lsm_inode_cache", blob, account=False)
                lid = slab.kmem_cache_alloc(lc)
                if lid is not None:
                    objs.append((lc, lid))
        finally:
            k.current = prev_current
        return objs

    def _free(self, d: KernfsDentry) -> None:
        for c, oid in d.objs:
            self.k.slab.kmem_cache_free(c, oid)

    def cgroup_removed(self, cgrp) -> None:
        """``vfs_rmdir`` → ``shrink_dcache_parent``: the removed cgroup's file
        dentries (unused once the shell's redirections are closed) are freed."""
        for d in self.by_cgroup.pop(cgrp, {}).values():
            self._free(d)
        d = self.dirs.pop(cgrp, None)
        if d is not None:
            # d_delete: the inode goes; the dentry object too (the negative one
            # rmdir leaves is fs/cgroupfs.py's)
            self._free(d)

    def prune(self) -> int:
        """One pass of the dcache shrinker (``prune_dcache_sb`` from ``drop_slab``):
        unreferenced dentries are freed with their inodes, referenced ones lose
        the flag and stay. Returns how many were freed."""
        freed = 0
        for cgrp, files in list(self.by_cgroup.items()):
            for name, d in list(files.items()):
                if d.referenced:
                    d.referenced = False
                else:
                    del files[name]
                    self._free(d)
                    freed += 1
            if not files:
                del self.by_cgroup[cgrp]
        # directories, deepest first: one whose files or subdirectories are still
        # cached is held by their d_parent references
        dirs = self.dirs
        if dirs:
            by_cgroup = self.by_cgroup
            for c in sorted(dirs, key=_neg_level):
                d = dirs[c]
                if c in by_cgroup or any(ch in dirs for ch in c.children.values()):
                    continue
                if d.referenced:
                    d.referenced = False
                    continue
                del dirs[c]
                self._free(d)
                freed += 1
        return freed


def _neg_level(c) -> int:
    return -c.level
