"""The simulator's policy for Python's cyclic garbage collector in long runs.

A churn run keeps ~50 container objects alive per lifecycle for as long as the
cgroup is dying (the memcg, cgroup, css, page counters, statistics vectors,
per-CPU areas, slab structures...): 100,000 lifecycles hold ~5 million. The model
makes no cyclic garbage (every structure is freed by its reference count;
``tests/workload/test_gcpolicy.py`` holds a churn run to that), yet with the
collector's default policy each full collection walked every one of those
objects again (one whenever the objects promoted since the last one exceeded a
quarter of the old generation): ~2 us an object, so the time per lifecycle grew
with the number of dying cgroups (2.0 ms at the first thousand lifecycles, 2.7 ms
at the tenth thousand, 0.94 ms of it in full collections).

``long_run`` sets aside (``gc.freeze``) what was alive at the start and, after
each full collection, what survived it: an object is walked by full collections
until it has survived one, then never again. The collector still runs at its
usual pace on new objects, so cyclic garbage made during the run is found as
before unless it was made of objects older than the last full collection (which
the test above rules out for the model). At the end the set-aside objects go back
to the old generation, so a process that runs several engines (tests, sweeps)
collects a finished run's structures as usual.

Within ``long_run`` the youngest generation is also collected less often
(``LONG_RUN_GEN0`` net tracked allocations, not 700): a lifecycle leaves container
objects that live on among many that reference counts free at once; with the
default threshold a young collection came every few lifecycles, walked the young
survivors and promoted them to be walked again by the middle generation (5,000
churn lifecycles: 869 collections, 0.32 s of the collector; with 100,000: 5, 0.13
s: bench/README.md, session 30 churn30). Nothing else changes: the model's frees
are by reference count either way.
"""
from __future__ import annotations

import gc
from contextlib import contextmanager


def _freeze_after_full(phase: str, info: dict) -> None:
    """A ``gc.callbacks`` hook: what survived a full collection is set aside."""
    if phase == "stop" and info["generation"] == 2:
        gc.freeze()


#: the youngest generation's threshold within :func:`long_run` (CPython's default: 700)
LONG_RUN_GEN0 = 100_000


@contextmanager
def long_run():
    """Within: full collections walk only objects made since the last one, young
    collections come every :data:`LONG_RUN_GEN0` allocations."""
    if _freeze_after_full in gc.callbacks:      # nested: the outer run's policy holds
        yield
        return
    gc.collect()
    gc.freeze()
    gc.callbacks.append(_freeze_after_full)
    thresholds = gc.get_threshold()
    gc.set_threshold(LONG_RUN_GEN0, *thresholds[1:])
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.callbacks.remove(_freeze_after_full)
        gc.unfreeze()
