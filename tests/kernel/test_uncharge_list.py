"""``mem_cgroup_uncharge_list`` of pages of several memcgs and kinds, in any order,
leaves what uncharging them one by one leaves."""
import random

from hypothesis import given, settings, strategies as st

from memcgsim.machine import Kernel


def _kernel():
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=2)
    sh = k.spawn("bash")
    tasks = []
    for name in ("a", "b"):
        k.mkdir(f"/sys/fs/cgroup/{name}", sh)
        t = k.fork(sh)
        k.write(f"/sys/fs/cgroup/{name}/cgroup.procs", f"{t.pid}\n", sh)
        k.alloc_anon(t, 6 * 4096)
        k.write(f"/var/{name}", "x" * 5 * 4096, t)
        tasks.append(t)
    anon = [p for t in tasks for p in t.mm.anon[-6:]]
    files = [p for name in ("a", "b") for p in _file_pages(k, f"/var/{name}", sh)]
    return k, sh, anon + files


def _file_pages(k, path, task):
    fs, rel, _ = k.vfs.resolve(path)
    ino = fs.nodes[rel]
    return [ino.pages[i] for i in range(5)]


def _state(k, sh):
    mc = k.memcg
    out = [k.read(f"/sys/fs/cgroup/{n}/{f}", sh) for n in ("a", "b")
           for f in ("memory.current", "memory.stat")]
    for m in mc.handles.values():
        if hasattr(m, "lru_anon"):
            out.append((list(m.lru_anon), list(m.lru_file), dict(m.holders)))
    return out


@settings(max_examples=40, deadline=None)
@given(st.randoms(), st.integers(1, 22))
def test_uncharge_list_equals_one_by_one(rnd, n):
    states = []
    seed = rnd.random()
    for batch in (True, False):
        k, sh, pages = _kernel()
        pick = random.Random(seed).sample(pages, min(n, len(pages)))
        with k.running(sh):
            if batch:
                k.memcg.mem_cgroup_uncharge_list(pick)
            else:
                for p in pick:
                    k.memcg.mem_cgroup_uncharge_list([p])
        states.append(_state(k, sh))
    assert states[0] == states[1]
