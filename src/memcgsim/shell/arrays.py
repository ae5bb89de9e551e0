"""Which arrays a shell may change in place, and their highest indices.

A shell's array values (``dict`` by index, ``Assoc`` by key) and the lists of their
element chunks (``Shell.var_chunks``) are shared with the subshells it forks
(``Shell.fork_state`` copies the scopes, not the values). Changed in place, a
value would change in both; copied at every write, ``a+=(x)`` in a loop would
take time quadratic in the array's size where bash's takes linear time (bash's
``array_insert`` links one ``ARRAY_ELEMENT`` in; the fork's memory is the
kernel's copy-on-write). So an object is changed in place only by the shell that
made it since its last fork: ``Shell.arrays`` maps ``id(object)`` to
``[object, max index, owner]``, the object is the shell's while its owner is that
very table, and a fork gives parent and child new tables (the first write after
it copies, as a COW fault copies a page).

The highest index of an indexed array is kept with it, as bash keeps
``max_index`` in its ``ARRAY`` (bash 5.2 array.h ``array_max_index``, updated by
array.c ``array_insert`` and ``array_remove``), so ``a+=(x)`` and ``${a[-1]}`` do
not scan the keys.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell

#: an array this small has its highest index found by a scan, not kept
SMALL = 64
#: the table is pruned of objects no variable holds every this many entries
PRUNE_EVERY = 64


def owned(sh: "Shell", obj) -> bool:
    """``obj`` is ``sh``'s to change in place (it made it since its last fork)."""
    t = sh.arrays
    if t is None:
        return False
    ent = t.get(id(obj))
    return ent is not None and ent[0] is obj and ent[2] is t


def track(sh: "Shell", obj, top: int = -1, mine: bool = True) -> None:
    """Enter ``obj`` (an array with highest index ``top``, or a chunk list) in
    ``sh``'s table: its own if ``mine``, else only its highest index kept."""
    t = sh.arrays
    if t is None:
        t = sh.arrays = {}
    t[id(obj)] = [obj, top, t if mine else None]
    if len(t) % PRUNE_EVERY == 0:
        live = {id(v) for d in sh.scopes for v in d.values() if isinstance(v, dict)}
        live.update(id(c[1]) for c in sh.var_chunks.values())
        live.add(id(obj))
        for k in [k for k in t if k not in live]:
            del t[k]


def max_index(sh: "Shell", arr: dict) -> int:
    """``array_max_index``: an indexed array's highest index, -1 if it is empty."""
    t = sh.arrays
    ent = t.get(id(arr)) if t is not None else None
    if ent is not None and ent[0] is arr:
        return ent[1]
    if len(arr) < SMALL:
        return max(arr) if arr else -1
    top = max(arr)
    track(sh, arr, top, mine=False)
    return top


def set_top(sh: "Shell", arr: dict, top: int) -> None:
    """Record ``arr``'s new highest index (``arr`` is ``sh``'s own)."""
    t = sh.arrays
    assert t is not None
    t[id(arr)][1] = top
