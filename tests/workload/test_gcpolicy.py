"""The collector policy of long runs (``memcgsim.gcpolicy``) and what makes it safe:
the model leaves no cyclic garbage, so objects set aside are freed by their
reference counts when the model drops them."""
import gc
import weakref

import pytest

from memcgsim import gcpolicy
from memcgsim.workload import engine
from memcgsim.workload.presets import get_preset, lifecycle_bench
from memcgsim.workload.spec import Workload


def _freeing_churn() -> Workload:
    """Lifecycles whose cgroups go dying and are then freed: the kept page cache
    pins them until drop_caches (v2, sockets, files, negative dentries, exec)."""
    d = get_preset("ci-runner").to_dict()
    d.update(drop_caches_every=900.0, hours=1.0)
    d["jobs"][0].update(tasks=3, anon_pages=16, cache_pages=16, shared_pages=16, files=2,
                        negative_dentries=10, sockets=2, rate_per_hour=120.0)
    return Workload.from_dict(d)


@pytest.mark.parametrize("wl,design,hours", [
    (_freeing_churn, "5.12", 0.5), (_freeing_churn, "6.1", 0.5),
    (lambda: get_preset("seed-loop"), "5.10", 0.1),
    (lambda: get_preset("v1-helpers"), "5.13", 0.5), (lifecycle_bench, "5.13", 0.02)])
def test_churn_leaves_no_cyclic_garbage(wl, design, hours):
    """Every object a churn run drops (tasks, freed memcgs and their cgroups,
    pages' records, slab structures) is freed by its reference count: a collection
    after the run, the engine still alive, finds nothing unreachable."""
    e = engine.Engine(wl(), design, hours=hours)
    gc.collect()
    gc.disable()
    try:
        res = e.run()
        found = gc.collect()
    finally:
        gc.enable()
    s = res["summary"]
    assert s["cgroups_removed"] > 5
    if wl is _freeing_churn:
        assert s["dying_final"] < s["cgroups_removed"]      # some were freed
    assert found == 0


def test_long_run_sets_aside_survivors_of_full_collections():
    """Within ``long_run`` what survives a full collection is frozen; young cyclic
    garbage is still collected (young collections less often); at the end
    everything is unfrozen, the hook removed and the thresholds back, also when
    the run raises."""
    assert gc.get_freeze_count() == 0
    hooks = list(gc.callbacks)
    thresholds = gc.get_threshold()

    class Node:
        pass

    with pytest.raises(RuntimeError):
        with gcpolicy.long_run():
            assert gc.get_freeze_count() > 0          # what was alive at the start
            assert gc.get_threshold() == (gcpolicy.LONG_RUN_GEN0, *thresholds[1:])
            kept = [Node() for _ in range(100)]
            gc.collect()
            frozen = gc.get_freeze_count()
            assert frozen >= 100 + len(kept)
            a, b = Node(), Node()
            a.other, b.other = b, a
            gone = weakref.ref(a)
            del a, b
            gc.collect(0)
            assert gone() is None
            with gcpolicy.long_run():                   # nested: the outer one holds
                assert gc.get_freeze_count() >= frozen
            assert gc.callbacks.count(gcpolicy._freeze_after_full) == 1
            raise RuntimeError
    assert gc.get_freeze_count() == 0
    assert gc.callbacks == hooks
    assert gc.get_threshold() == thresholds
