"""A kmem page charge or uncharge that takes its caller's statistic
(``memcg_kmem_charge_pages(pfns, item, val)``: ``account_kernel_stack``, the page
tables' ``NR_PAGETABLE``) leaves the model as the charge and a
``mod_lruvec_page_state(pfns[0], item, val)`` after it once every page is charged (before
the uncharge for the uncharge), in every design's statistics (6.1's flush threshold
counts the updates in their order), with limits that fail a charge part way."""
from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.kernel.page_alloc import PG_PGTABLE
from memcgsim.kernel.vmstat import NR_KERNEL_STACK_KB, NR_PAGETABLE


def _state(k: Kernel, t, cgdir: str) -> tuple:
    """The job's memcg as ``t``'s charges left it, memory.stat read by init (a read
    of ``t``'s own charges a file to its memcg, whose OOM killer may choose it)."""
    m = k.task_memcg(t)
    st_ = k.memcg.stats
    return (k.read(cgdir + "/memory.stat", k.init), m.refcnt, dict(m.holders),
            list(m.stats.pending), list(m.stats.state),
            {c: list(v) for c, v in m.stats.pcpu.items()},
            list(getattr(st_, "pcpu_updates", ())), getattr(st_, "threshold", None),
            m.memory.usage, m.kmem.usage, m.memory.failcnt, m.kmem.failcnt,
            [(s.cached is m, s.nr_pages) for s in k.memcg.stocks])


@settings(max_examples=40, deadline=None)
@given(design=st.sampled_from(["5.10", "5.12", "5.13", "6.1"]),
       cgroup=st.sampled_from(["v1", "v2"]), n=st.integers(1, 40),
       pre=st.integers(0, 200), kmem=st.one_of(st.none(), st.integers(1, 60)),
       item=st.sampled_from([NR_PAGETABLE, NR_KERNEL_STACK_KB]), root=st.booleans())
# a charge the v1 kmem limit stops part way (5.10-5.12 enforce it), and whole ones
@example(design="5.12", cgroup="v1", n=20, pre=0, kmem=5, item=NR_PAGETABLE, root=False)
@example(design="5.10", cgroup="v1", n=4, pre=0, kmem=3, item=NR_KERNEL_STACK_KB, root=False)
@example(design="6.1", cgroup="v2", n=30, pre=100, kmem=None, item=NR_PAGETABLE, root=False)
@example(design="5.13", cgroup="v1", n=4, pre=10, kmem=None, item=NR_KERNEL_STACK_KB, root=False)
def test_charge_with_stat_equals_charge_then_stat(design, cgroup, n, pre, kmem, item, root):
    states = []
    for merged in (True, False):
        k = Kernel(design=design, cgroup=cgroup)
        init = k.spawn("bash")
        top = "/sys/fs/cgroup/memory" if cgroup == "v1" else "/sys/fs/cgroup"
        if cgroup == "v2":
            k.write(top + "/cgroup.subtree_control", "+memory", init)
        k.mkdir(top + "/job", init)
        if kmem is not None:
            # v1: the kmem counter's limit (enforced by 5.10-5.12's designs); v2: memory.max
            k.write(top + "/job/memory." + ("kmem.limit_in_bytes" if cgroup == "v1" else "max"),
                    str((kmem + (0 if cgroup == "v1" else 40)) * 4096), init)
        t = k.fork(init)
        if not root:
            k.write(top + "/job/cgroup.procs", str(t.pid), init)
        k.alloc_anon(t, pre * 4096 // 5)
        mc = k.memcg
        val = 16 if item == NR_KERNEL_STACK_KB else n
        with k.running(t):
            pfns = k.mem_map.alloc_many(PG_PGTABLE, t.pid, k.clock.now_ns, n)
            if merged:
                done = mc.memcg_kmem_charge_pages(pfns, item, val)
            else:
                done = mc.memcg_kmem_charge_pages(pfns)
                if done == n:
                    mc.mod_lruvec_page_state(pfns[0], item, val)
        charged = _state(k, t, top + "/job")
        # the statistic goes as it came: only with a whole charge
        back = -val if done == n else 0
        with k.running(t):
            if merged:
                mc.memcg_kmem_uncharge_pages(pfns[:done], True, True, item, back)
            else:
                if back:
                    mc.mod_lruvec_page_state(pfns[0], item, back)
                mc.memcg_kmem_uncharge_pages(pfns[:done], True)
            k.mem_map.free_many(pfns[done:])
        states.append((done, charged, _state(k, t, top + "/job")))
    assert states[0] == states[1]
