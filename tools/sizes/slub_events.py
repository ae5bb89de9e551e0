"""The model's SLUB list events, counted by the tools that set them beside a guest's
trace (slab_origin.py, slab_kept_trace.py, kernfs_slabs.py): ``slub_events`` wraps
:class:`memcgsim.kernel.slub.SlubLists` for the length of a ``with`` block.

Events: ``pcp0``/``pcp1`` (``put_cpu_partial`` without/with a drain, on its CPU),
``ufp`` (``unfreeze_partials``), ``dis`` (``discard_slab``), ``new`` (``new_slab``),
each on the CPU of the allocation or free under which it happens.
"""
from __future__ import annotations

import contextlib

METHODS = ("alloc", "free", "_put_cpu_partial", "_unfreeze_partials", "_discard",
           "_new_slab")


@contextlib.contextmanager
def slub_events(on_event, on_alloc=None, on_free=None):
    """Call ``on_event(slub, event, cpu, in_alloc)`` for each list event (``in_alloc``:
    under an allocation, not a free or the boot's seeding), ``on_alloc(slub, cpu, n)``
    and ``on_free(slub, cpu, placements)`` before each allocation and free."""
    from memcgsim.kernel import slub as S

    orig = {m: getattr(S.SlubLists, m) for m in METHODS}
    cur = {"cpu": 0, "alloc": False}

    def alloc(self, cpu, n):
        if on_alloc is not None:
            on_alloc(self, cpu, n)
        cur["cpu"], cur["alloc"] = cpu, True
        try:
            return orig["alloc"](self, cpu, n)
        finally:
            cur["alloc"] = False

    def free(self, cpu, placements):
        if on_free is not None:
            on_free(self, cpu, placements)
        cur["cpu"] = cpu
        return orig["free"](self, cpu, placements)

    def pcp(self, cpu, sid, drain):
        on_event(self, "pcp1" if drain else "pcp0", cpu, cur["alloc"])
        return orig["_put_cpu_partial"](self, cpu, sid, drain)

    def at_cpu(name, method):
        def wrapped(self, *args):
            on_event(self, name, cur["cpu"], cur["alloc"])
            return orig[method](self, *args)
        return wrapped

    hooks = {"alloc": alloc, "free": free, "_put_cpu_partial": pcp,
             "_unfreeze_partials": at_cpu("ufp", "_unfreeze_partials"),
             "_discard": at_cpu("dis", "_discard"), "_new_slab": at_cpu("new", "_new_slab")}
    for m, f in hooks.items():
        setattr(S.SlubLists, m, f)
    try:
        yield
    finally:
        for m, f in orig.items():
            setattr(S.SlubLists, m, f)
