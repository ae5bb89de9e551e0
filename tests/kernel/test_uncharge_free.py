"""Uncharge and free in one pass (``free=True``: exit_mm, pte_free) leaves what the
uncharge followed by ``MemMap.free_many`` leaves: counters, statistics, stocks,
references, every page's ``memcg_data`` and ``kind``, the free list in its order."""
import random

from hypothesis import given, settings, strategies as st

from memcgsim.machine import Kernel
from memcgsim.kernel.page_alloc import PG_FREE


def _kernel():
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    tasks = []
    for name in ("a", "b"):
        k.mkdir(f"/sys/fs/cgroup/{name}", sh)
        t = k.fork(sh)
        k.write(f"/sys/fs/cgroup/{name}/cgroup.procs", f"{t.pid}\n", sh)
        k.alloc_anon(t, 6 * 4096)
        # its child's stack and page tables: charged in its context (its objcg)
        tasks.append(k.fork(t))
        tasks.append(t)
    return k, sh, tasks


def _state(k, sh):
    mc = k.memcg
    mm = k.mem_map
    out = [k.read(f"/sys/fs/cgroup/{n}/{f}", sh) for n in ("a", "b")
           for f in ("memory.current", "memory.stat")]
    for m in mc.handles.values():
        out.append((getattr(m, "refcnt", None), dict(m.holders),
                    getattr(m, "nr_charged_bytes", None)))
        if hasattr(m, "lru_anon"):
            out.append((list(m.lru_anon), list(m.lru_file)))
    out.append([(s.nr_pages, s.nr_bytes) for s in mc.stocks])
    out.append((list(mm.memcg_data), bytes(mm.kind), list(mm._free), mm.nr_allocated))
    return out


@settings(max_examples=30, deadline=None)
@given(st.randoms(), st.integers(1, 12), st.booleans())
def test_uncharge_and_free_in_one_pass(rnd, n, kmem):
    """Anon pages of two memcgs (``mem_cgroup_uncharge_list``) or page-table and
    stack pages of two memcgs with an uncharged (root) one among them
    (``memcg_kmem_uncharge_pages``), in any order."""
    states = []
    seed = rnd.random()
    for fused in (True, False):
        k, sh, tasks = _kernel()
        if kmem:
            pages = [p for t in tasks[::2] for p in t.mm.pgtables + t.stack]
            pages += tasks[1].stack[:1]         # forked by the root's bash: uncharged
            assert all(k.mem_map.memcg_data[p] for p in pages[:-1])
            assert not k.mem_map.memcg_data[pages[-1]]
        else:
            pages = [p for t in tasks[1::2] for p in t.mm.anon[-6:]]
        pick = random.Random(seed).sample(pages, min(n, len(pages)))
        with k.running(sh):
            if kmem:
                uncharge = k.memcg.memcg_kmem_uncharge_pages
            else:
                uncharge = k.memcg.mem_cgroup_uncharge_list
            if fused:
                uncharge(pick, free=True)
            else:
                uncharge(pick)
                k.mem_map.free_many(pick)
        assert all(k.mem_map.kind[p] == PG_FREE and not k.mem_map.memcg_data[p]
                   for p in pick)
        assert k.mem_map._free[-len(pick):] == pick
        states.append(_state(k, sh))
    assert states[0] == states[1]


@settings(max_examples=20, deadline=None)
@given(st.randoms(), st.integers(1, 8), st.booleans(), st.booleans())
def test_kmem_uncharge_one_owner_as_the_walk(rnd, n, free, val):
    """``memcg_kmem_uncharge_pages`` of pages of one owner (its own run, not
    ``_kmem_uncharge_mixed``)
    leaves what the general walk leaves for them: the same pages with an uncharged
    (root) page after them take the walk, against the run alone, then that page."""
    from memcgsim.kernel.vmstat import NR_PAGETABLE
    states = []
    seed = rnd.random()
    for one_call in (True, False):
        k, sh, tasks = _kernel()
        t = tasks[0]
        pages = t.mm.pgtables + t.stack
        pick = random.Random(seed).sample(pages, min(n, len(pages)))
        root_page = tasks[1].stack[0]           # forked by the root's bash: uncharged
        assert not k.mem_map.memcg_data[root_page]
        words = {k.mem_map.memcg_data[p] for p in pick}
        assert len(words) == 1 and 0 not in words
        args = (True, NR_PAGETABLE, -len(pick)) if val else ()
        with k.running(sh):
            uncharge = k.memcg.memcg_kmem_uncharge_pages
            if one_call:
                uncharge(pick + [root_page], free, *args)
            else:
                uncharge(pick, free, *args)
                uncharge([root_page], free)
        assert not any(k.mem_map.memcg_data[p] for p in pick)
        states.append(_state(k, sh))
    assert states[0] == states[1]


@settings(max_examples=15, deadline=None)
@given(st.randoms(), st.integers(1, 8), st.booleans(), st.booleans())
def test_kmem_uncharge_none_charged_as_the_walk(rnd, n, free, val):
    """``memcg_kmem_uncharge_pages`` of pages none of which is charged (a root
    task's page tables and stack: its own path, not ``_kmem_uncharge_mixed``)
    leaves what the general walk leaves for them."""
    from memcgsim.kernel.vmstat import NR_PAGETABLE
    states = []
    seed = rnd.random()
    for own_path in (True, False):
        k, sh, tasks = _kernel()
        pages = sh.mm.pgtables + sh.stack
        pick = random.Random(seed).sample(pages, min(n, len(pages)))
        assert not any(k.mem_map.memcg_data[p] for p in pick)
        item, by = (NR_PAGETABLE, -len(pick)) if val else (0, 0)
        with k.running(sh):
            if own_path:
                k.memcg.memcg_kmem_uncharge_pages(pick, free, True, item, by)
            else:
                k.memcg._kmem_uncharge_mixed(pick, free, True, item, by)
        if free:
            assert all(k.mem_map.kind[p] == PG_FREE for p in pick)
            assert k.mem_map._free[-len(pick):] == pick
        states.append(_state(k, sh))
    assert states[0] == states[1]
