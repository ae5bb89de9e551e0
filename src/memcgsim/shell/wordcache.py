"""bash 5.2's object caches of ``WORD_DESC`` and ``WORD_LIST`` cells: which chunks a
command's words take.

make_cmd.c keeps two caches (``sh_obj_cache_t wdcache, wlcache``, ``WDCACHESIZE`` and
``WLCACHESIZE`` 128, made by ``cmd_init``): ``alloc_word_desc`` and
``make_word_list`` take a cell from the cache (``ocache_alloc``: the last one put
there) and ask ``malloc`` only when it is empty; dispose_cmd.c ``dispose_word`` and
``dispose_words`` put the cells back (``ocache_free``: ``OC_MEMSET`` writes the cell)
while the cache holds fewer than 128, else ``free`` them (include/ocache.h). The
parser, ``copy_word_list`` and ``copy_command`` take their cells so; the words'
texts are ``malloc``'d and freed as before. Traced on the host's bash 5.2.15
(calibration/bash-malloc-trace.sh on calibration/malloc-trace/arrays.sh, recording
calibration/recordings/bash-malloc--arrays.txt.gz): from the loop's second pass on,
``: a b c d e`` makes its six texts' requests and no 16-byte one.

A requests tuple (shell/parsetree.py ``tree_sizes``, shell/bashmem.py
``command_sizes``) marks each cell: :data:`WD` a ``WORD_DESC``, :data:`WL` a
``WORD_LIST`` (both 16, so the tuples read as bash's sizes); :func:`take` makes
them, :func:`give` disposes of them, each cell put back stored in its cache's array
of 128 pointers (``cmd_init``'s ``xmalloc``, in the start-up arena: a write of its
page where malloc.py ``CACHE_ARRAYS`` knows it, the guests' heap page 13).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .interp import Shell

#: make_cmd.c ``WDCACHESIZE``, ``WLCACHESIZE``
CACHE_SIZE = 128


class _WordDesc(int):
    """A ``WORD_DESC`` request (16 bytes) in a requests tuple."""
    __slots__ = ()


class _WordList(int):
    """A ``WORD_LIST`` cell's request (16 bytes) in a requests tuple."""
    __slots__ = ()


WD = _WordDesc(16)
WL = _WordList(16)
#: requests tuple id -> (the tuple, its other requests, its kinds, its WD and WL counts)
_PLANS: dict[int, tuple] = {}
#: the plans kept at most
PLANS_KEPT = 4096


def _plan(sizes: tuple) -> tuple:
    """``sizes``' requests: those ``malloc`` always serves, each one's kind (0, WD
    or WL) and how many cells of each kind (kept by the tuple's identity)."""
    ent = _PLANS.get(id(sizes))
    if ent is not None and ent[0] is sizes:
        return ent
    kinds = tuple(WD if type(s) is _WordDesc else WL if type(s) is _WordList else 0 for s in sizes)
    nwd = sum(1 for k in kinds if k is WD)          # by identity: WD == WL == 16
    ent = (sizes, tuple(int(s) for s, k in zip(sizes, kinds) if not k), kinds,
           nwd, sum(1 for k in kinds if k is WL))
    if len(_PLANS) >= PLANS_KEPT:
        _PLANS.clear()          # tuples made afresh (a definition's) are not kept forever
    _PLANS[id(sizes)] = ent
    return ent


def uncached(sizes) -> tuple[int, ...]:
    """``sizes`` with every cell a plain 16-byte request (a shell without the
    caches: busybox sh)."""
    return tuple(int(s) for s in sizes)


def take(sh: "Shell", sizes: tuple) -> tuple:
    """The chunks of ``sizes``: cells from the caches while they hold some, the
    others (and the cells past what the caches hold) from ``malloc``, in order.
    Returns what :func:`give` disposes of."""
    ent = _PLANS.get(id(sizes))         # _plan's kept plan, looked up here
    if ent is None or ent[0] is not sizes:
        ent = _plan(sizes)
    _, others, kinds, nwd, nwl = ent
    heap = sh.heap
    wd, wl = sh.wdcache, sh.wlcache
    if nwd <= len(wd) and nwl <= len(wl):
        cells = []
        if nwd:                         # ocache_alloc: the last one put back first
            cells += wd[:-nwd - 1:-1]
            del wd[-nwd:]
        if nwl:
            cells += wl[:-nwl - 1:-1]
            del wl[-nwl:]
        chunks = heap.malloc_many(others) if others else []
        if cells:
            heap.write_chunks(cells)    # alloc_word_desc, make_word_list: the fields set
        return chunks, None, cells[:nwd], cells[nwd:]
    # a cache runs out: the cells past it are malloc'd in their place
    req, marks, from_wd, from_wl = [], [], [], []
    for s, k in zip(sizes, kinds):
        if k is WD and wd:
            from_wd.append(wd.pop())
        elif k is WL and wl:
            from_wl.append(wl.pop())
        else:
            req.append(int(s))
            marks.append(k)
    if from_wd or from_wl:
        heap.write_chunks(from_wd + from_wl)
    return heap.malloc_many(tuple(req)), marks, from_wd, from_wl


def give(sh: "Shell", held: tuple) -> None:
    """``dispose_command``/``dispose_words`` of what :func:`take` made: the texts
    and structures freed, the last first, the cells back in their caches while
    they hold fewer than 128 (written: ``OC_MEMSET``), else freed."""
    chunks, marks, from_wd, from_wl = held
    heap = sh.heap
    wd, wl = sh.wdcache, sh.wlcache
    nwd, nwl = len(wd), len(wl)
    back: list = []
    if marks is None:
        if chunks:
            heap.free_many(chunks)
    else:
        freed = []
        for c, k in zip(chunks, marks):
            if not k:
                freed.append(c)
            elif len(wd if k is WD else wl) < CACHE_SIZE:
                (wd if k is WD else wl).append(c)
                back.append(c)
            else:
                freed.append(c)
        if freed:
            heap.free_many(freed)
    for cache, cells in ((wl, from_wl), (wd, from_wd)):
        room = CACHE_SIZE - len(cache)
        if room >= len(cells):
            cache.extend(reversed(cells))
            back += cells
        else:
            keep = cells[len(cells) - room:] if room > 0 else []
            cache.extend(reversed(keep))
            back += keep
            heap.free_many(cells[:len(cells) - len(keep)])
    if back:
        heap.write_chunks(back)
        arrays = getattr(sh, "cache_arrays", None)
        if arrays is not None:          # ocache_free: data[nc++] = cell
            if len(wd) > nwd:
                heap.write_slots(arrays["wd"], nwd, len(wd) - 1)
            if len(wl) > nwl:
                heap.write_slots(arrays["wl"], nwl, len(wl) - 1)
