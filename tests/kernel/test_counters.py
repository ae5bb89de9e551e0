"""Counters that never lie (issue 15 item 5): page counters link where the kernel
links them, reparenting goes where ``parent_mem_cgroup()`` points, and no counter
underflows. Each reproducer runs with ``debug=True`` (every invariant after every
call)."""
from __future__ import annotations

import signal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim import Kernel
from memcgsim.kernel.bug import ModelBug
from memcgsim.kernel.page_counter import PageCounter

R = "/sys/fs/cgroup/memory"
PAGE = 4096


def kmem(k, path, sh) -> int:
    return int(k.read(path + "/memory.kmem.usage_in_bytes", sh))


@pytest.mark.parametrize("init", ["busybox", "systemd"])
def test_nonhierarchical_stack_charge_killed_after_rmdir_5_10(init):
    """5.10, v1, use_hierarchy 0 (busybox leaves the root's at 0; under systemd it
    is written back to 0): a kernel stack charged to a child that is later removed
    is uncharged from the root (its objcg, and the child's counters, lead there);
    the root's kmem counter must never go below 0."""
    k = Kernel(design="5.10", cgroup="v1", seed=0, debug=True, init=init)
    sh = k.spawn("bash")
    k.write(R + "/memory.use_hierarchy", "0", sh)
    assert k.read(R + "/memory.use_hierarchy", sh).strip() == "0"
    k.mkdir(R + "/a", sh)
    k.write(R + "/a/cgroup.procs", str(sh.pid), sh)
    child = k.fork(sh, "bash")
    k.write(R + "/cgroup.procs", str(sh.pid), sh)
    k.exec(child, "/bin/sleep", ["sleep", "3600"])
    a = kmem(k, R + "/a", sh)
    assert a >= 4 * PAGE                         # the stack, page tables, slab
    # 8de15e920dc8: the child's counters link to the root's, which shows them
    assert kmem(k, R, sh) == a
    k.kill(child.pid, signal.SIGKILL, sh)
    k.rmdir(R + "/a", sh)
    k.advance(60)
    root = k.memcg.root_mem_cgroup
    assert 0 <= root.kmem.usage and 0 <= root.memory.usage
    assert kmem(k, R, sh) >= 0
    assert not any("page_counter" in line for line in k.log.lines)


def _a_b(design: str):
    """A cgroup v1 kernel of ``design`` (checked) with memcgs /a and /a/b: (kernel,
    shell, a, b)."""
    k = Kernel(design=design, cgroup="v1", seed=0, debug=True, init="busybox")
    sh = k.spawn("bash")
    k.mkdir(R + "/a", sh)
    k.mkdir(R + "/a/b", sh)
    a = k.memory_root.cgrp.children["a"].subsys["memory"]
    b = k.memory_root.cgrp.children["a"].children["b"].subsys["memory"]
    return k, sh, a, b


def test_nonhierarchical_grandchild_reparents_to_the_root_5_10():
    """A child of a non-hierarchical memcg has no counter parent but the root:
    ``parent_mem_cgroup()`` is the root, so its objcgs go there at offline."""
    k, sh, a, b = _a_b("5.10")
    mc = k.memcg
    assert mc.parent_mem_cgroup(a) is mc.root_mem_cgroup
    assert mc.parent_mem_cgroup(b) is mc.root_mem_cgroup
    k.write(R + "/a/b/cgroup.procs", str(sh.pid), sh)
    t = k.fork(sh, "bash")
    k.write(R + "/cgroup.procs", str(sh.pid), sh)
    k.exec(t, "/bin/sleep", ["sleep", "1"])
    k.write(R + "/cgroup.procs", str(t.pid), sh)
    oc = b.objcg
    k.rmdir(R + "/a/b", sh)
    k.advance(5)                                 # css_offline after a grace period
    assert oc.memcg is mc.root_mem_cgroup
    assert kmem(k, R, sh) >= 0


def test_reparented_lru_pages_leave_the_roots_counter_charged_3_10():
    """3.10, v1, hierarchical: rmdir moves the LRU pages of a dying memcg to the
    root and cancels only the child's own charge; freeing them later skips the
    root's counter, as ``__mem_cgroup_uncharge_common`` does. The root's
    usage_in_bytes reads the statistics, so nothing shows."""
    k = Kernel(design="3.10-rhel7", cgroup="v1", seed=0, debug=True)
    sh = k.spawn("bash")
    k.mkdir(R + "/a", sh)
    k.write(R + "/a/cgroup.procs", str(sh.pid), sh)
    child = k.fork(sh, "bash")
    k.write(R + "/cgroup.procs", str(sh.pid), sh)
    k.exec(child, "/bin/bash", ["bash"])
    k.write(R + "/cgroup.procs", str(child.pid), sh)
    k.mkdir(R + "/b", sh)
    k.rmdir(R + "/a", sh)
    k.advance(0.01)                 # css_offline (the reparenting) after a grace period
    k.mkdir(R + "/b/c", sh)
    before = int(k.read(R + "/memory.usage_in_bytes", sh))
    k.exec(child, "/bin/sleep", ["sleep", "100"])      # frees the reparented pages
    root = k.memcg.root_mem_cgroup
    assert root.memory.usage > 0                        # the kernel's leftover
    assert int(k.read(R + "/memory.usage_in_bytes", sh)) < before


def test_page_counter_underflow_warns_and_clamps_by_design():
    class Log:
        def __init__(self):
            self.lines = []

        def warn_once(self, site, msg):
            self.lines.append(msg)

    log = Log()
    c = PageCounter(None, log, clamp=True)
    c.charge(1)
    c.uncharge(2)
    assert c.usage == 0 and "page_counter underflow: -1 nr_pages=2" in log.lines[0]
    c = PageCounter(None, log, clamp=False)     # v5.10: the usage goes negative
    c.uncharge(1)
    assert c.usage == -1


def test_an_underflow_is_a_model_bug():
    from memcgsim.kernel.invariants import check_invariants
    k = Kernel(design="6.1", cgroup="v1", seed=0)
    k.memcg.root_mem_cgroup.kmem.uncharge(1)
    assert k.memcg.root_mem_cgroup.kmem.usage == 0          # clamped on 6.1
    with pytest.raises(ModelBug, match="underflowed"):
        check_invariants(k)


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_cover_letter_phases_keep_the_roots_kmem_counter_true(design):
    """tests/conformance/scripts/seed-kmem_test-phases.sh (12 iterations instead of
    500) under busybox init, every invariant checked after every call: the root's
    memory.kmem.usage_in_bytes holds the children's kmem while their sleeps live
    and falls back to a page or so once they are killed (real kernels after 500:
    16384 on 5.10, 8192 on 6.1), never below 0."""
    import os

    from memcgsim.shell import run_script
    path = os.path.join(os.path.dirname(__file__), "..", "conformance", "scripts",
                        "seed-kmem_test-phases.sh")
    with open(path) as f:
        text = f.read().replace("range{1..500}", "range{1..12}")
    k = Kernel(design=design, cgroup="v1", seed=0, debug=True, init="busybox")
    r = run_script(k, text, "seed-kmem_test-phases.sh")
    assert r.status == 0, r.stderr
    kmem_lines = [int(line.split()[1]) for line in r.stdout.splitlines()
                  if line.strip().startswith("kmem.usage_in_bytes")]
    start, loop, settle, drop, killed = kmem_lines
    assert start == 0 and loop == settle == drop and loop >= 12 * 4 * PAGE
    assert 0 <= killed <= 4 * PAGE


@given(st.lists(st.tuples(st.integers(0, 2), st.integers(-40, 40)), max_size=60),
       st.booleans())
@settings(max_examples=200, deadline=None, derandomize=True)
def test_page_counter_tree_sums_and_never_underflows(ops, clamp):
    """A root with two children: each level's usage is what was charged to it and
    its linked children, a try_charge over ``max`` changes nothing, and an
    uncharge beyond the usage WARNs and, with ``clamp``, leaves 0."""
    class Log:
        warned = 0

        def warn_once(self, site, msg):
            Log.warned += 1

    log = Log()
    root = PageCounter(None, log, clamp)
    kids = [PageCounter(root, log, clamp), PageCounter(root, log, clamp)]
    kids[1].max = 50
    nodes = [root] + kids
    own = [0, 0, 0]
    for who, n in ops:
        c = nodes[who]
        if n >= 0:
            if c.try_charge(n) is None:
                own[who] += n
            continue
        n = -n
        if n <= own[who]:
            c.uncharge(n)
            own[who] -= n
    assert kids[0].usage == own[1] and kids[1].usage == own[2] <= 50
    assert root.usage == sum(own)
    assert Log.warned == 0
    over = PageCounter(None, log, clamp)
    over.charge(1)
    over.uncharge(3)
    assert Log.warned == 1 and over.usage == (0 if clamp else -2)


def test_page_counter_protection_propagates_and_stays_off_until_set():
    """``propagate_protected_usage`` (v5.7+): a child's protected usage, ``min(usage,
    min)`` and ``min(usage, low)``, sums in its parent's ``children_*_usage``; a
    counter nobody protected keeps no protection fields, and setting 0 on it adds
    none, nor does an effective protection of 0."""
    root = PageCounter(None)
    kid = PageCounter(root)
    kid.set_min(0)
    kid.set_low(0)
    assert kid.prot is None and root.prot is None and kid.min == kid.children_low_usage == 0
    kid.charge(30)
    kid.set_min(20)     # usage above min: min of it protected
    kid.set_low(50)
    assert (root.children_min_usage, root.children_low_usage) == (20, 30)
    kid.uncharge(15)
    assert (kid.min_usage, kid.low_usage) == (15, 15)
    assert (root.children_min_usage, root.children_low_usage) == (15, 15)
    kid.set_low(0)
    assert root.children_low_usage == 0 and kid.low == 0 and root.usage == 15
    other = PageCounter(root)
    other.set_effective_protection(0, 0)
    assert other.prot is None and other.emin == other.elow == 0
    other.set_effective_protection(0, 7)
    assert (other.emin, other.elow) == (0, 7)


def test_objcg_lists_without_objcgs_are_shared():
    """A memcg with no objcg on its list shares one empty tuple (memcontrol.py
    NO_OBJCGS, issue 14): a removed memcg once its objcgs went to its parent (5.13:
    the parent's list holds its own and the child's), and one whose list a child's
    offline fills after its own offline emptied it gets a list of its own again.
    (A released objcg leaves its memcg's list: b charged nothing.)"""
    from memcgsim.kernel.memcontrol import NO_OBJCGS
    k, sh, a, b = _a_b("5.13")
    mc = k.memcg
    ao, bo = a.objcg, b.objcg
    assert a.objcg_list == [ao] and b.objcg_list == [bo]
    k.rmdir(R + "/a/b", sh)
    k.advance(5)                                 # css_offline after a grace period
    assert b.objcg_list is NO_OBJCGS and bo.memcg is a
    assert a.objcg_list == [ao] + ([] if bo.released else [bo])   # (nothing charged)
    k.mkdir(R + "/a/c", sh)
    cm = k.memory_root.cgrp.children["a"].children["c"].subsys["memory"]
    co = cm.objcg
    mc.obj_cgroup_get(co, "slab object")         # kept past the kill of its base ref
    a.objcg_list = NO_OBJCGS                     # as an offline parent's (no check after)
    mc.memcg_reparent_objcgs(cm, a)
    assert type(a.objcg_list) is list and a.objcg_list == [co] and co.memcg is a
    assert cm.objcg_list is NO_OBJCGS and NO_OBJCGS == ()


def test_killed_css_holders_shared_until_changed():
    """Killed csses left with the same holder counts of one kind share one dict
    (cgroup.SharedHolders, issue 14); a ``css_get`` or ``css_put`` gives the css a
    dict of its own first, the others' counts untouched."""
    from memcgsim.kernel.cgroup import Css, SharedHolders
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=2)
    core = k.cgroups
    a, b, c = (Css(None, "self", None, 100 + i) for i in range(3))  # type: ignore[arg-type]
    for css, n in ((a, 2), (b, 2), (c, 3)):
        core.css_get(css, "memory css", n)
        css.killed_at = 1
        core.css_put(css, "base")
    assert type(a.holders) is SharedHolders and a.holders is b.holders
    assert a.holders == {"memory css": 2} and c.holders == {"memory css": 3}
    assert c.holders is not a.holders
    core.css_get(a, "memory css")
    assert type(a.holders) is dict and a.holders == {"memory css": 3} and a.refcnt == 3
    assert b.holders == {"memory css": 2} and type(b.holders) is SharedHolders
    core.css_put(b, "memory css")
    assert b.holders == {"memory css": 1} and type(b.holders) is dict
    assert core.shared_holders[(("memory css", 2),)] == {"memory css": 2}


def test_killed_objcg_holders_shared_until_changed():
    """Killed objcgs left with the same counts of one kind share the css's kind of
    dict (cgroup.SharedHolders); a get or put, by the call or by the paths that
    write it out (a held record's free), gives the objcg its own first."""
    from memcgsim.kernel.cgroup import SharedHolders
    from memcgsim.kernel.memcontrol import ObjCgroup
    k = Kernel(design="5.13", cgroup="v2", nr_cpus=2)
    mc = k.memcg
    a, b = ObjCgroup(mc.root_mem_cgroup, 0), ObjCgroup(mc.root_mem_cgroup, 0)
    for o in (a, b):
        mc.obj_cgroup_get(o, "slab object", 3)
        o.killed = True
        mc.obj_cgroup_put(o, "base")
    assert type(a.holders) is SharedHolders and a.holders is b.holders
    mc.obj_cgroup_put(a, "slab object")
    assert a.holders == {"slab object": 2} and type(a.holders) is dict
    assert b.holders == {"slab object": 3} and a.refcnt == 2 and b.refcnt == 3
    mc.obj_cgroup_get(b, "obj stock")
    assert b.holders == {"slab object": 3, "obj stock": 1}
    assert k.cgroups.shared_holders[(("slab object", 3),)] == {"slab object": 3}
