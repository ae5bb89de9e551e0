"""v1 ``move_charge_at_immigrate`` of a task whose anon pages are charged to several
memcgs (the seed's shell after its moves): exactly the pages charged to the cgroup
it leaves move (``mem_cgroup_count_precharge`` counts only those), whether they are
a few of its pages (found one by one in ``mem_cgroup_can_attach``) or most of them."""
from __future__ import annotations

import pytest

from memcgsim import Kernel

M = "/sys/fs/cgroup/memory"


@pytest.mark.parametrize("design", ["5.12", "5.13"])
@pytest.mark.parametrize("first,second", [(96, 5), (3, 40), (10, 10), (3, 100)])
def test_only_the_left_cgroups_pages_move(design, first, second):
    k = Kernel(design=design, cgroup="v1", nr_cpus=2)
    sh = k.spawn("bash")
    for name in ("a", "b", "c"):
        k.mkdir(f"{M}/{name}", sh)
        k.write(f"{M}/{name}/memory.move_charge_at_immigrate", "0\n", sh)
    k.write(f"{M}/c/memory.move_charge_at_immigrate", "1\n", sh)
    t = k.fork(sh)
    k.write(f"{M}/a/cgroup.procs", f"{t.pid}\n", sh)
    k.alloc_anon(t, first * 4096)
    k.write(f"{M}/b/cgroup.procs", f"{t.pid}\n", sh)
    k.alloc_anon(t, second * 4096)
    data = k.mem_map.memcg_data
    b = k.task_memcg(t)
    word_b = k.memcg.lru_word(b)
    anon = list(t.mm.anon)
    of_b = [p for p in anon if data[p] == word_b]
    others = {p: data[p] for p in anon if data[p] != word_b}
    assert len(of_b) == second and len(others) >= first
    k.write(f"{M}/c/cgroup.procs", f"{t.pid}\n", sh)
    c = k.task_memcg(t)
    word_c = k.memcg.lru_word(c)
    assert [p for p in t.mm.anon if data[p] == word_c] == of_b
    assert {p: data[p] for p in t.mm.anon if p not in of_b} == others
