"""An inode's page-cache index (``mapping->i_pages``, lib/xarray.c): page index ->
pfn, held as the xarray holds it, in nodes of ``XA_CHUNK_SIZE`` (64) slots, a
node existing while one of its slots is used (``xas_delete_node`` frees an
empty one). A slot is a 4-byte pfn (0: empty; pfn 0 is never handed out), so a
cached page costs 4 bytes of its node instead of a dict entry and an int object
(issue 14: the 64 page-cache pages a churn lifecycle keeps).
"""
from __future__ import annotations

from array import array

from .lru import PFN_TYPECODE

#: ``XA_CHUNK_SHIFT``/``XA_CHUNK_SIZE`` (lib/xarray.c, CONFIG_BASE_SMALL=0)
XA_CHUNK_SHIFT = 6
XA_CHUNK_SIZE = 1 << XA_CHUNK_SHIFT
_MASK = XA_CHUNK_SIZE - 1
_EMPTY_NODE = bytes(XA_CHUNK_SIZE * array(PFN_TYPECODE).itemsize)
#: the shared empty node dict of an index with no node beyond the first (never
#: written: ``_new_node`` replaces it first)
_NO_NODES: dict[int, array] = {}


class PageIndex:
    """A mapping of page index to pfn (``in``, ``get``, ``[]``, ``del``, ``pop``,
    ``len``; iteration in index order, as ``xa_for_each``). The first node (indices
    0-63, all of a small file's) is held by itself, the others in a dict made
    when one is first needed: a small file's index is one array, no dict."""
    __slots__ = ("node0", "nodes", "n")

    def __init__(self) -> None:
        #: the slots of node 0 (None while it does not exist)
        self.node0: array | None = None
        #: node number (index >> XA_CHUNK_SHIFT, >= 1) -> its slots
        self.nodes: dict[int, array] = _NO_NODES
        self.n = 0

    def __len__(self) -> int:
        return self.n

    def _node(self, nr: int) -> array | None:
        return self.node0 if nr == 0 else self.nodes.get(nr)

    def _new_node(self, nr: int) -> array:
        node = array(PFN_TYPECODE, _EMPTY_NODE)
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
        if node is None:
            node = self._new_node(nr)
        i = index & _MASK
        if not node[i]:
            self.n += 1
        node[i] = pfn

    def store_many(self, indices, pfns) -> None:
        """``xa_store`` of each page of ``pfns`` at its index of ``indices``, in order;
        consecutive indices within one node (a read's missing pages) as one slice
        of its slots (``xas_store`` walking the node's slots in order)."""
        n = len(indices)
        first = indices[0] if n else 0
        nr = first >> XA_CHUNK_SHIFT
        if (n > 1 and (first + n - 1) >> XA_CHUNK_SHIFT == nr
                and indices == list(range(first, first + n))):
            slots = self._node(nr)
            if slots is None:
                slots = self._new_node(nr)
            lo = first & _MASK
            self.n += slots[lo:lo + n].count(0)
            slots[lo:lo + n] = array(PFN_TYPECODE, pfns)
            return
        nr = -1
        node: array     # set on the first index (nr -1 never matches)
        added = 0
        for index, pfn in zip(indices, pfns):
            if index >> XA_CHUNK_SHIFT != nr:
                nr = index >> XA_CHUNK_SHIFT
                got = self.node0 if nr == 0 else self.nodes.get(nr)
                node = got if got is not None else self._new_node(nr)
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
        node[index & _MASK] = 0
        self.n -= 1
        if not any(node):
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
                out.extend(i + j for j, pfn in enumerate(node[lo:(end & _MASK) + 1])
                           if not pfn)
            i = end + 1
        return out

    def __repr__(self) -> str:
        return f"PageIndex({ {i: self.get(i) for i in self} })"
