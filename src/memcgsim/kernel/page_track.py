"""The tracked ``mem_map`` columns of :meth:`~memcgsim.kernel.page_alloc.MemMap.track`
(``Kernel(debug=True)``): a list and a bytearray that add the pfn of every write to a
set. Apart from page_alloc.py, which may be compiled (bench/mypyc_build.py): a
compiled class cannot subclass ``list`` or ``bytearray``.
"""
from __future__ import annotations

from collections.abc import MutableSequence


class _Marked:
    """A ``mem_map`` column that adds the pfn of every write to ``dirty``
    (:meth:`MemMap.track`): mixed into ``list`` and ``bytearray``."""
    __slots__ = ()
    dirty: set[int]

    def append(self, v) -> None:
        self.dirty.add(len(self))  # type: ignore[arg-type]
        super().append(v)  # type: ignore[misc]

    def extend(self, vs) -> None:
        n = len(self)  # type: ignore[arg-type]
        super().extend(vs)  # type: ignore[misc]
        self.dirty.update(range(n, len(self)))  # type: ignore[arg-type]


def _marking(base_setitem):
    """``__setitem__`` of a marked column: the base type's, then the pfn (or the
    slice's pfns) into ``dirty`` (called for every page write under debug: kept to
    one C call and one set add)."""
    def __setitem__(self, i, v) -> None:
        base_setitem(self, i, v)
        if i.__class__ is int:
            self.dirty.add(i)
        else:
            self.dirty.update(range(*i.indices(len(self))))
    return __setitem__


class _MarkedList(_Marked, list):
    """A marked list column (``memcg_data``, ``order``...)."""
    __slots__ = ("dirty",)
    __setitem__ = _marking(list.__setitem__)


class _MarkedBytes(_Marked, bytearray):
    """The marked ``kind`` column."""
    __slots__ = ("dirty",)
    __setitem__ = _marking(bytearray.__setitem__)


def tracked_columns(memcg_data: MutableSequence[int], kind: MutableSequence[int],
                    dirty: set[int]) -> tuple[MutableSequence[int], MutableSequence[int]]:
    """Copies of the ``memcg_data`` and ``kind`` columns that add to ``dirty`` the
    pfn of every write."""
    data = _MarkedList(memcg_data)
    kinds = _MarkedBytes(kind)
    data.dirty = kinds.dirty = dirty
    return data, kinds
