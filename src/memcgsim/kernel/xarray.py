"""An inode's page-cache index (``mapping->i_pages``, lib/xarray.c): page index ->
pfn, held as the xarray holds it, in nodes of ``XA_CHUNK_SIZE`` (64) slots, a
node existing while one of its slots is used (``xas_delete_node`` frees an
empty one). A slot is a 4-byte pfn (0: empty; pfn 0 is never handed out), so a
cached page costs 4 bytes of its node instead of a dict entry and an int object
(issue 14: the 64 page-cache pages a churn lifecycle keeps). A full node whose
pfns are consecutive (a file read into pages allocated in a row) is held as the
``range`` of its pfns, read as the slots are (48 bytes and two ints instead of an
array's 320), and turned back into slots when written.

The xarray's own nodes (``struct xa_node``, from the ``radix_tree_node`` cache) are
what the index's shape needs (:meth:`PageIndex.xa_keys`): none while it holds only
index 0 (``xa_head`` holds that entry itself), else a tree of the least height
whose top covers the largest index (``xas_expand`` grows it, ``xas_shrink`` takes
the top away while it has only slot 0 in use: a node holding only index 0 too,
lib/xarray.c, v5.10 and v6.1), with a node for each 64-index chunk in use and one
above each group of 64 nodes in use below. A page cache's xarray is
``XA_FLAGS_ACCOUNT`` (fs/inode.c ``__address_space_init_once``, since Linux commit
7b785645e8f1 ("mm: fix page cache convergence regression") (in v5.2)), so
``xas_alloc``/``xas_nomem`` charge its nodes (``__GFP_ACCOUNT``) to the inserting
task's objcg; ``xa_node_free`` frees an emptied one after a grace period
(``call_rcu`` → ``radix_tree_node_rcu_free``): :func:`xas_update_nodes`.
"""
from __future__ import annotations

from array import array
from bisect import bisect_left
from itertools import groupby, repeat
from typing import TYPE_CHECKING

from .lru import PFN_TYPECODE

if TYPE_CHECKING:
    from . import KernelCore

#: ``XA_CHUNK_SHIFT``/``XA_CHUNK_SIZE`` (lib/xarray.c, CONFIG_BASE_SMALL=0)
XA_CHUNK_SHIFT = 6
XA_CHUNK_SIZE = 1 << XA_CHUNK_SHIFT
_MASK = XA_CHUNK_SIZE - 1
_EMPTY_NODE = bytes(XA_CHUNK_SIZE * array(PFN_TYPECODE).itemsize)
#: the shared empty node dict of an index with no node beyond the first (never
#: written: ``_new_node`` replaces it first)
_NO_NODES: dict[int, "array | range"] = {}


def _run_of(slots: array) -> range | None:
    """The ``range`` of a full node's pfns if they are consecutive, else None."""
    first = slots[0]
    if first and slots[-1] - first == _MASK \
            and slots == array(PFN_TYPECODE, range(first, first + XA_CHUNK_SIZE)):
        return range(first, first + XA_CHUNK_SIZE)
    return None


class PageIndex:
    """A mapping of page index to pfn (``in``, ``get``, ``[]``, ``del``, ``pop``,
    ``len``; iteration in index order, as ``xa_for_each``). The first node (indices
    0-63, all of a small file's) is held by itself, the others in a dict made
    when one is first needed: a small file's index is one array, no dict.
    ``xa``: the ``radix_tree_node`` objects of its xarray nodes (:func:`xas_update_nodes`):
    None (no node), the object id of the only node (height 1: the leaf of indices
    0-63 is the top), or ``(level, number) -> object id`` (height 2 and more; level 1
    the leaves, a node covering indices ``number << 6 * level`` onwards).
    ``xa_ok``: ``xa`` is known to be what the shape needs (set by
    :func:`xas_update_nodes`, cleared when a chunk gains or loses its node or its
    last shadow entry): while the index has a node past the first, its shape is
    the set of those chunks alone, so :meth:`xa_changed` answers without building
    the keys (a big file's readahead asks it after each run of pages stored)."""
    __slots__ = ("node0", "nodes", "n", "xa", "shadows", "shadow_nrs", "xa_ok")

    def __init__(self) -> None:
        #: the slots of node 0 (None while it does not exist; a ``range`` while it
        #: is full of consecutive pfns)
        self.node0: array | range | None = None
        #: node number (index >> XA_CHUNK_SHIFT, >= 1) -> its slots (or range)
        self.nodes: dict[int, array | range] = _NO_NODES
        self.n = 0
        self.xa: int | dict[tuple[int, int], int] | None = None
        #: indices holding a workingset shadow entry (a value entry: no page, but
        #: its slot keeps the node), None while there is none
        self.shadows: set[int] | None = None
        #: node number -> how many of ``shadows`` it holds (kept with them, so
        #: :meth:`xa_keys` walks the nodes, not every shadow entry)
        self.shadow_nrs: dict[int, int] | None = None
        self.xa_ok = False

    def __len__(self) -> int:
        return self.n

    def _node(self, nr: int) -> array | range | None:
        return self.node0 if nr == 0 else self.nodes.get(nr)

    def _slots(self, nr: int, node: array | range | None) -> array:
        """Node ``nr``'s writable slots (``node``: as held; made if None, turned
        from a ``range`` into slots)."""
        if node is None:
            return self._new_node(nr)
        if type(node) is array:
            return node
        slots = array(PFN_TYPECODE, node)
        if nr == 0:
            self.node0 = slots
        else:
            self.nodes[nr] = slots
        return slots

    def _pack(self, nr: int, slots: array) -> None:
        """Hold node ``nr`` (just filled up to its last slot) as a ``range`` if its
        pfns are consecutive."""
        run = _run_of(slots)
        if run is not None:
            if nr == 0:
                self.node0 = run
            else:
                self.nodes[nr] = run

    def _new_node(self, nr: int) -> array:
        node = array(PFN_TYPECODE, _EMPTY_NODE)
        self.xa_ok = False
        if nr == 0:
            self.node0 = node
        else:
            if self.nodes is _NO_NODES:
                self.nodes = {}
            self.nodes[nr] = node
        return node

    def node_numbers(self) -> list[int]:
        """The numbers of the nodes that exist, in order."""
        return ([0] if self.node0 is not None else []) + sorted(self.nodes)

    def __contains__(self, index: int) -> bool:
        nr = index >> XA_CHUNK_SHIFT
        node = self.node0 if nr == 0 else self.nodes.get(nr)
        return node is not None and node[index & _MASK] != 0

    def get(self, index: int, default=None):
        """``xa_load``: the pfn at ``index``, else ``default``."""
        nr = index >> XA_CHUNK_SHIFT
        node = self.node0 if nr == 0 else self.nodes.get(nr)
        if node is None:
            return default
        return node[index & _MASK] or default

    def __getitem__(self, index: int) -> int:
        pfn = self.get(index)
        if pfn is None:
            raise KeyError(index)
        return pfn

    def __setitem__(self, index: int, pfn: int) -> None:
        """``xa_store`` of a page at a free or used index."""
        nr = index >> XA_CHUNK_SHIFT
        node = self.node0 if nr == 0 else self.nodes.get(nr)
        if type(node) is not array:
            node = self._slots(nr, node)
        i = index & _MASK
        if not node[i]:
            self.n += 1
        node[i] = pfn
        if i == _MASK:
            self._pack(nr, node)
        if self.shadows is not None and index in self.shadows:
            self._unshadow((index,))

    def store_many(self, indices, pfns) -> None:
        """``xa_store`` of each page of ``pfns`` at its index of ``indices``, in order;
        consecutive indices within one node (a read's missing pages) as one slice
        of its slots (``xas_store`` walking the node's slots in order)."""
        if self.shadows is not None:
            self._unshadow(indices)
        n = len(indices)
        first = indices[0] if n else 0
        nr = first >> XA_CHUNK_SHIFT
        if (n > 1 and (first + n - 1) >> XA_CHUNK_SHIFT == nr
                and indices == list(range(first, first + n))):
            slots = self._slots(nr, self._node(nr))
            lo = first & _MASK
            self.n += slots[lo:lo + n].count(0)
            slots[lo:lo + n] = array(PFN_TYPECODE, pfns)
            if lo + n == XA_CHUNK_SIZE:
                self._pack(nr, slots)
            return
        nr = -1
        node: array     # set on the first index (nr -1 never matches)
        added = 0
        for index, pfn in zip(indices, pfns):
            if index >> XA_CHUNK_SHIFT != nr:
                nr = index >> XA_CHUNK_SHIFT
                got = self.node0 if nr == 0 else self.nodes.get(nr)
                node = got if type(got) is array else self._slots(nr, got)
            i = index & _MASK
            if not node[i]:
                added += 1
            node[i] = pfn
        self.n += added

    def pop(self, index: int) -> int:
        """``xa_erase``: the pfn at ``index``, removed (KeyError if none)."""
        nr = index >> XA_CHUNK_SHIFT
        node = self.node0 if nr == 0 else self.nodes.get(nr)
        pfn = node[index & _MASK] if node is not None else 0
        if not pfn or node is None:
            raise KeyError(index)
        if type(node) is not array:
            node = self._slots(nr, node)
        node[index & _MASK] = 0
        self.n -= 1
        if not any(node):
            self.xa_ok = False
            if nr == 0:
                self.node0 = None
            else:
                del self.nodes[nr]
        return pfn

    def __delitem__(self, index: int) -> None:
        self.pop(index)

    def __iter__(self):
        for nr in self.node_numbers():
            base = nr << XA_CHUNK_SHIFT
            for i, pfn in enumerate(self._node(nr)):
                if pfn:
                    yield base + i

    def count_present(self, indices) -> int:
        """How many of ``indices`` (distinct) hold a page: sorted and grouped by
        node, each node's slots read in C (the invariant checks count a file's dirty
        pages in the cache after each call)."""
        n = 0
        for nr, grp in groupby(sorted(indices), XA_CHUNK_SHIFT.__rrshift__):
            node = self.node0 if nr == 0 else self.nodes.get(nr)
            if node is not None:
                n += len(list(filter(None, map(node.__getitem__, map(_MASK.__and__, grp)))))
        return n

    def present(self, first: int, last: int) -> list[int]:
        """The pfns at indices ``first..last`` (inclusive), in order (a slice of each
        node's slots: ``xas_for_each`` over the range)."""
        out: list[int] = []
        i = first
        while i <= last:
            nr = i >> XA_CHUNK_SHIFT
            end = min(last, (nr << XA_CHUNK_SHIFT) | _MASK)
            node = self._node(nr)
            if node is not None:
                out.extend(filter(None, node[i & _MASK:(end & _MASK) + 1]))
            i = end + 1
        return out

    def missing(self, first: int, last: int) -> list[int]:
        """The indices ``first..last`` (inclusive) holding no page, in order."""
        out: list[int] = []
        i = first
        while i <= last:
            nr = i >> XA_CHUNK_SHIFT
            end = min(last, (nr << XA_CHUNK_SHIFT) | _MASK)
            node = self._node(nr)
            if node is None:
                out.extend(range(i, end + 1))
            else:
                lo = i & _MASK
                slots = node[lo:(end & _MASK) + 1]
                if slots.count(0):          # (a full range, as a cached file's: none)
                    out.extend([i + j for j, pfn in enumerate(slots) if not pfn])
            i = end + 1
        return out

    # ------------------------------------------------------------ xarray nodes
    def xa_grows(self, index: int) -> bool:
        """Storing a page at the free ``index`` makes an xarray node (``xas_create``):
        a new chunk (but the first entry, index 0, which ``xa_head`` holds), or a
        second entry beside index 0 (the head entry moves into the top node)."""
        nr = index >> XA_CHUNK_SHIFT
        if nr:
            return nr not in self.nodes
        node0 = self.node0
        if node0 is None:
            return self.n > 0 or index != 0
        return self.n == 1 and node0[0] != 0 and not self.nodes

    def xa_run(self, missing: list[int], i: int) -> int:
        """How many pages of the free indices ``missing[i:]`` (ascending) go in up to
        and including the first whose store makes a node (:meth:`xa_grows` as the
        index fills): the pages in an existing node, and the one after them."""
        n = len(missing)
        if not self.n:
            return 2 if missing[i] == 0 and n - i > 1 else 1   # the head's page, then a node
        j = i
        while j < n:
            index = missing[j]
            if self.xa_grows(index):
                return j - i + 1
            # the rest of this existing node's pages make none
            j = bisect_left(missing, ((index >> XA_CHUNK_SHIFT) + 1) << XA_CHUNK_SHIFT, j)
        return n - i

    def xa_keys(self) -> list[tuple[int, int]]:
        """The ``(level, number)`` of each xarray node the index's shape needs, leaves
        (level 1) first: none for an empty index or one holding index 0 alone (a page
        or a shadow entry), else the nodes up to the least height whose top covers
        the largest index in use."""
        node0 = self.node0
        shadows = self.shadows
        if shadows:
            nrs = sorted(set(self.nodes).union(self.shadow_nrs)  # type: ignore[arg-type]
                         | ({0} if node0 is not None else set()))
            if nrs == [0] and self.n + len(shadows) == 1 and (
                    0 in shadows or (node0 is not None and node0[0])):
                return []
        else:
            nrs = sorted(self.nodes)
            if node0 is not None:
                if not nrs and self.n == 1 and node0[0]:
                    return []               # only index 0: the head holds it
                nrs.insert(0, 0)
        if not nrs:
            return []
        keys: list[tuple[int, int]] = []
        level = 1
        parent = XA_CHUNK_SHIFT.__rrshift__     # nr >> XA_CHUNK_SHIFT, called from C
        while True:
            keys += zip(repeat(level, len(nrs)), nrs)
            if nrs[-1] == 0:            # this level's one node is the top
                return keys
            nrs = sorted(set(map(parent, nrs)))
            level += 1

    def shadow(self, index: int) -> None:
        """``workingset_eviction``'s shadow entry stored at ``index`` (its page gone)."""
        if self.shadows is None:
            self.shadows = set()
            self.shadow_nrs = {}
        elif index in self.shadows:
            return
        self.shadows.add(index)
        nrs = self.shadow_nrs
        nr = index >> XA_CHUNK_SHIFT
        c = nrs.get(nr, 0)  # type: ignore[union-attr]
        if not c:
            self.xa_ok = False
        nrs[nr] = c + 1  # type: ignore[index]

    def _unshadow(self, indices) -> None:
        """The shadow entries at ``indices`` (where there is one) replaced."""
        shadows = self.shadows
        nrs = self.shadow_nrs
        for i in indices:
            if i in shadows:  # type: ignore[operator]
                shadows.discard(i)  # type: ignore[union-attr]
                nr = i >> XA_CHUNK_SHIFT
                c = nrs[nr] - 1  # type: ignore[index]
                if c:
                    nrs[nr] = c  # type: ignore[index]
                else:
                    del nrs[nr]  # type: ignore[union-attr]
                    self.xa_ok = False
        if not shadows:
            self.shadows = self.shadow_nrs = None

    def clear_shadows(self, first: int = 0) -> bool:
        """``clear_shadow_entry`` of every shadow entry from ``first`` on (truncation,
        ``invalidate_mapping_pages``); True if there was one."""
        shadows = self.shadows
        if not shadows:
            return False
        keep = {i for i in shadows if i < first}
        if len(keep) == len(shadows):
            return False
        self.shadows = keep or None
        self.xa_ok = False
        nrs: dict[int, int] = {}
        for i in keep:
            nr = i >> XA_CHUNK_SHIFT
            nrs[nr] = nrs.get(nr, 0) + 1
        self.shadow_nrs = nrs or None
        return True

    def shadow_only(self, nr: int, has_shadow: bool = False) -> bool:
        """The chunk ``nr`` (indices ``nr << XA_CHUNK_SHIFT`` on) holds shadow entries
        and no page (``has_shadow``: the caller knows it holds one)."""
        shadows = self.shadows
        if not shadows or self._node(nr) is not None:
            return False
        return has_shadow or nr in self.shadow_nrs  # type: ignore[operator]

    def clear_shadow_chunk(self, nr: int) -> None:
        """Clear the shadow entries of chunk ``nr`` (``shadow_lru_isolate``)."""
        shadows = self.shadows
        if not shadows:
            return
        base = nr << XA_CHUNK_SHIFT
        shadows.difference_update(range(base, base + XA_CHUNK_SIZE))
        if self.shadow_nrs.pop(nr, None) is not None:  # type: ignore[union-attr]
            self.xa_ok = False
        if not shadows:
            self.shadows = self.shadow_nrs = None

    def xa_changed(self) -> bool:
        """The nodes held (``xa``) are not those the shape needs (:meth:`xa_keys`)."""
        if self.xa_ok and self.nodes:
            return False            # the same chunks as when ``xa`` was made
        xa = self.xa
        if not self.nodes and not self.shadows:
            node0 = self.node0
            if node0 is not None and (self.n > 1 or not node0[0]):
                return type(xa) is not int
            return xa is not None
        keys = self.xa_keys()
        if isinstance(xa, int):
            return keys != [(1, 0)]
        return list(xa) != keys if xa is not None else bool(keys)

    def __repr__(self) -> str:
        return f"PageIndex({ {i: self.get(i) for i in self} })"


def xa_node_cache(k: "KernelCore"):
    """``radix_tree_node_cachep`` (lib/radix-tree.c ``radix_tree_init``:
    SLAB_PANIC | SLAB_RECLAIM_ACCOUNT, no SLAB_ACCOUNT: its users ask for
    ``__GFP_ACCOUNT``, as a page cache's xarray does); the object size is the
    guests' /proc/slabinfo's (584: ``struct xa_node``'s 576 and SLUB's free pointer
    beside it, the cache having a constructor)."""
    c = k.slab.caches.get("radix_tree_node")
    if c is None:
        c = k.slab.cache("radix_tree_node", k.sizes.slab_objsize("radix_tree_node"),
                         account=True, reclaimable=True, slab_account=False)
    return c


def _held(pages: PageIndex) -> dict[tuple[int, int], int]:
    xa = pages.xa
    if xa is None:
        return {}
    if type(xa) is int:
        return {(1, 0): xa}
    return dict(xa)                 # type: ignore[arg-type]


def xas_update_nodes(k: "KernelCore", pages: PageIndex, grow: bool = True) -> bool:
    """Bring ``pages.xa`` to the nodes the index's shape needs. ``grow`` (a page was
    stored): ``xas_alloc`` of each missing one (``kmem_cache_alloc(radix_tree_node_cachep,
    gfp | __GFP_ACCOUNT)``: charged to the current task's objcg; the top ones first,
    as ``xas_expand`` then ``xas_create`` make them). Then ``xa_node_free`` of each no
    longer needed (``xas_delete_node``, ``xas_shrink``: ``call_rcu`` →
    ``radix_tree_node_rcu_free`` on this CPU); a removal never allocates. A charge
    may reclaim pages of this very index (whose removal updates its nodes in turn):
    the nodes made are added to what the index holds after them. False if a node's
    charge failed (``xas_nomem``: -ENOMEM), the nodes made so far kept for the
    caller's undo to free."""
    keys = pages.xa_keys()
    ok = True
    c = xa_node_cache(k)
    new: dict[tuple[int, int], int] = {}
    if grow:
        have = _held(pages)
        # the keys not held, top first (``reversed(keys)``: keys ascend), found in C
        missing = set(keys).difference(have)
        if missing:
            before = pages.n, len(pages.shadows or ())
            for key in sorted(missing, reverse=True):
                oid = k.slab.kmem_cache_alloc(c)
                if oid is None:
                    ok = False
                    break
                new[key] = oid
            # a charge's reclaim can only take pages (n down, a shadow entry for
            # some) or shadow entries (fewer) of the index: the same two, no change
            if (pages.n, len(pages.shadows or ())) != before:
                keys = pages.xa_keys()
    have = _held(pages)
    have.update(new)
    needed = set(keys)
    gone_keys = have.keys() - needed
    if gone_keys:
        gone = [oid for key, oid in have.items() if key in gone_keys]
        cpu = k.current.cpu if k.current is not None else 0
        for oid in gone:
            k.clock.call_rcu(k.call_on_cpu, cpu, k.slab.kmem_cache_free, c, oid, cpu=cpu)
    if len(have) - len(gone_keys) == len(keys):
        held = dict(zip(keys, map(have.__getitem__, keys)))     # every key held
    else:
        held = {key: have[key] for key in keys if key in have}
    if len(keys) == 1 and held:
        pages.xa = held[(1, 0)]     # height 1: the leaf of indices 0-63 is the top
    else:
        pages.xa = held or None
    pages.xa_ok = len(held) == len(keys)
    return ok
