"""kernel/mmap.py: anon pages charged at fault time, copy-on-write after fork."""
from hypothesis import example, given, settings, strategies as st

from memcgsim import Kernel
from memcgsim.kernel.fork import SLEEP_IMAGE
from memcgsim.kernel.invariants import check_invariants
from memcgsim.kernel.vmstat import PAGE_SIZE

R = "/sys/fs/cgroup"


def setup(design="6.1"):
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    k.mkdir(R + "/a", sh)
    k.mkdir(R + "/b", sh)
    return k, sh


def memcg(k, name):
    return k.memory_root.cgrp.children[name].subsys["memory"]


def anon_bytes(k, name):
    """The memcg's anon pages (its LRU; ``usage`` would count the stocks' precharge)."""
    return len(memcg(k, name).lru_anon) * PAGE_SIZE


def test_first_touch_charges_the_memcg_of_the_moment():
    k, sh = setup()
    k.write(R + "/a/cgroup.procs", str(sh.pid), sh)
    before = len(sh.mm.anon)
    k.touch(sh, "[heap]", 100, 102)          # three new heap pages, faulted in a
    assert len(sh.mm.anon) == before + 3
    k.write(R + "/b/cgroup.procs", str(sh.pid), sh)
    k.touch(sh, "[heap]", 100, 102)          # written again: reused, no new charge
    assert len(sh.mm.anon) == before + 3
    k.touch(sh, "[heap]", 103, 103)          # a new one, faulted in b
    a, b = memcg(k, "a"), memcg(k, "b")
    pages = sh.mm.vmas["[heap]"].pages
    assert [k.memcg.page_memcg(pages[i]) for i in (100, 101, 102, 103)] == [a, a, a, b]
    check_invariants(k)


def test_cow_copy_is_charged_to_the_writer_while_the_child_maps_the_page():
    k, sh = setup()
    k.touch(sh, "[heap]", 50, 50)            # faulted in the root
    old = sh.mm.vmas["[heap]"].pages[50]
    k.write(R + "/a/cgroup.procs", str(sh.pid), sh)
    child = k.fork(sh)
    assert child.mm.vmas["[heap]"].pages[50] == old and k.mmap.shared(old)
    k.touch(sh, "[heap]", 50, 50)            # wp_page_copy: a copy charged to a
    new = sh.mm.vmas["[heap]"].pages[50]
    assert new != old and not k.mmap.shared(old)
    assert k.memcg.page_memcg(new) is memcg(k, "a")
    assert k.memcg.page_memcg(old) is k.memcg.root_mem_cgroup
    assert k.mmap.describe(new)[2] == "cow"
    k.exec(child, "/bin/sleep", ["sleep", "1"])  # the child's mapping of the old page goes
    assert old not in sh.mm.anon and (k.mem_map.kind[old] == 0 or old in child.mm.anon)
    # the copy and the sleep's own pages
    assert anon_bytes(k, "a") == PAGE_SIZE * (1 + SLEEP_IMAGE.anon_pages)
    check_invariants(k)


def test_no_copy_once_the_child_has_exec_ed():
    k, sh = setup()
    k.touch(sh, "[heap]", 50, 50)
    old = sh.mm.vmas["[heap]"].pages[50]
    child = k.fork(sh)
    k.exec(child, "/bin/sleep", ["sleep", "1"])
    k.write(R + "/a/cgroup.procs", str(sh.pid), sh)
    k.touch(sh, "[heap]", 50, 50)            # do_wp_page reuses it: the charge stays
    assert sh.mm.vmas["[heap]"].pages[50] == old
    assert anon_bytes(k, "a") == 0


def test_pages_pin_a_removed_cgroup_until_the_process_exits():
    k, sh = setup()
    k.write(R + "/a/cgroup.procs", str(sh.pid), sh)
    k.touch(sh, "[heap]", 200, 200)
    k.write(R + "/cgroup.procs", str(sh.pid), sh)
    k.rmdir(R + "/a", sh)
    k.advance(5)
    assert k.memory_cgroup_count() == 3      # root, b and the dying a
    k.exit(sh)
    k.advance(5)
    assert k.memory_cgroup_count() == 2


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["fork", "touch", "exec", "exit", "move"]),
                          st.integers(0, 7)), max_size=30))
def test_mapcounts_and_charges_stay_consistent(ops):
    """Whatever forks, writes, execs and exits happen, every page is charged once,
    mapcounts match the mms that map a page, and everything is freed at the end."""
    k, sh = setup()
    tasks = [sh]
    for op, n in ops:
        live = [t for t in tasks if t.alive and t.mm is not None]
        if not live:
            break
        t = live[n % len(live)]
        if op == "fork":
            tasks.append(k.fork(t))
        elif op == "touch":
            k.touch(t, "[heap]", n, n + 1)
        elif op == "exec":
            k.exec(t, "/bin/sleep", ["sleep"])
        elif op == "exit" and t is not sh:
            k.exit(t)
        elif op == "move":
            k.write(R + f"/{'ab'[n % 2]}/cgroup.procs", str(t.pid), sh)
        maps: dict[int, int] = {}
        for x in tasks:
            if x.alive and x.mm is not None:
                for pfn in x.mm.anon:
                    maps[pfn] = maps.get(pfn, 0) + 1
        assert {p: c for p, c in maps.items() if c > 1} == k.mmap.mapcount
    for t in tasks:
        if t.alive:
            k.exit(t)
    assert not k.mmap.mapcount
    k.advance(1)
    assert anon_bytes(k, "a") == anon_bytes(k, "b") == 0


def test_lazily_counted_shares_end_as_counted_ones():
    """A child's share of its parent's pages is counted only when needed
    (kernel/mmap.py): the parent writing a page two children share, one child
    exec'ing, the other exiting, leave the pages, their charges and mapcounts as
    counting them at fork would."""
    k, sh = setup()
    k.touch(sh, "[heap]", 60, 61)
    old = [sh.mm.vmas["[heap]"].pages[i] for i in (60, 61)]
    k.write(R + "/a/cgroup.procs", str(sh.pid), sh)
    c1, c2 = k.fork(sh), k.fork(sh)
    assert k.mmap.lazy and not k.mmap._mapcount      # nothing counted yet
    k.touch(sh, "[heap]", 60, 60)                    # COW: c1 and c2 keep the old page
    assert k.mmap._mapcount == {old[0]: 2}
    k.exec(c1, "/bin/sleep", ["sleep", "1"])         # c1's share leaves, uncounted
    assert k.mmap._mapcount == {}
    assert k.mem_map.kind[old[0]] != 0                # c2 still maps it
    k.exit(c2)
    assert k.mem_map.kind[old[0]] == 0               # its last mapping went: freed
    assert k.mem_map.kind[old[1]] != 0 and old[1] in sh.mm.anon
    assert not k.mmap.lazy and k.mmap.mapcount == {}
    assert k.memcg.page_memcg(sh.mm.vmas["[heap]"].pages[60]) is memcg(k, "a")
    check_invariants(k)


def test_a_lazy_child_that_writes_or_forks_counts_its_shares_first():
    k, sh = setup()
    k.touch(sh, "[heap]", 70, 71)
    old = sh.mm.vmas["[heap]"].pages[70]
    child = k.fork(sh)
    k.touch(child, "[heap]", 70, 70)                 # the child writes: it is counted
    assert child.mm not in k.mmap.lazy
    assert old in sh.mm.anon and old not in child.mm.anon and old not in k.mmap._mapcount
    grand = k.fork(child)                            # the grandchild is lazy in turn
    assert grand.mm in k.mmap.lazy and child.mm not in k.mmap.lazy
    assert k.mmap.mapcount[sh.mm.vmas["[heap]"].pages[71]] == 3
    check_invariants(k)


def _ref_handle_mm_fault(self, tsk, area, first, last, ptes=False):
    """Session 20's ``Mmap.handle_mm_fault`` (d80ba2f): the faults through
    ``_fault_pages`` and ``_map_faulted``, the reference of the written-out path."""
    from memcgsim.kernel.mmap import PTRS_PER_PTE, Vma
    mm = tsk.mm
    if mm is None:
        return 0
    vma = mm.vmas.get(area)
    if vma is None:
        vma = mm.vmas[area] = Vma(area)
    pages = vma.pages
    if mm.swap_at:
        self._swapin_range(tsk, area, first, last)
    olds = list(map(pages.get, range(first, last + 1)))
    if self.lazy:
        if mm in self.lazy:
            self._count_child(mm)
        if mm in self.lazy_children:
            self._count_pages(mm, list(filter(None, olds)))
    mapcount = self._mapcount
    huge = 0
    if vma.huge and None in olds:
        huge = self._fault_huge(tsk, vma, first, last)
        if huge:
            olds = list(map(pages.get, range(first, last + 1)))
    todo = [idx for idx, old in enumerate(olds, first) if old is None or old in mapcount]
    if not todo:
        return huge
    if todo[-1] >= PTRS_PER_PTE and not ptes:
        return huge + self._fault_ranges(tsk, area, pages, todo)
    new, path = self._fault_pages(tsk, area, len(todo))
    self._map_faulted(tsk, area, olds, first, todo, 0, new, path)
    return len(new)


def _ref_touch(k, task, area, first, last):
    """Session 20's ``Kernel.touch`` without its fast path: every write through
    the fault path, then ``return_to_user``."""
    if task.mm is None or not task.alive:
        return
    with k.running(task):
        k._user_fault(task, k.mmap.handle_mm_fault, task, area, first, last)
    k._check_killed(task)


def _fault_state(k, tasks) -> tuple:
    mmap = k.mmap
    mms = [(t.pid, t.state, t.oom_victim, None if t.mm is None else
            (list(t.mm.anon), {n: dict(v.pages) for n, v in t.mm.vmas.items()}))
           for t in tasks]
    lazy = [(c.owner.pid, p.owner.pid, n, None if d is None else sorted(d))
            for c, (p, n, d) in mmap.lazy.items()]
    stocks = [(s.cached.id if s.cached else None, s.nr_pages) for s in k.memcg.stocks]
    return (mms, lazy, dict(mmap._mapcount), dict(mmap.site), mmap.nr_cow, stocks,
            list(k.mem_map.memcg_data), bytes(k.mem_map.kind),
            # (read by init: the shell's own read charges its seq_file buffer to a,
            # which may OOM-kill it there)
            [k.read(R + f"/{c}/memory.{f}", k.init)
             for c in "ab"
             for f in ("current", "stat", "events")])


@settings(max_examples=60, deadline=None)
@example(design="5.10", limit=24, ops=[             # the copied page's other mappers gone
    ("fork", 0, "[heap]", 0, 0), ("fork", 0, "[heap]", 0, 0), ("fork", 0, "[heap]", 0, 0),
    ("fork", 0, "[heap]", 0, 0), ("move", 0, "[heap]", 0, 0), ("touch", 0, "[heap]", 0, 0),
    ("fork", 0, "[heap]", 0, 0), ("touch", 0, "[data]", 0, 0), ("touch", 0, "[heap]", 0, 1)])
@example(design="5.10", limit=58, ops=[             # the shell's own read would OOM-kill it
    ("move", 0, "[stack]", 6, 3), ("move", 2, "[heap]", 12, 3), ("touch", 2, "[stack]", 1, 2),
    ("fork", 7, "[heap]", 6, 1), ("exec", 5, "[heap]", 4, 1), ("touch", 2, "[data]", 8, 0),
    ("touch", 2, "[stack]", 1, 2), ("fork", 0, "[heap]", 7, 0), ("touch", 2, "[data]", 8, 0),
    ("fork", 2, "[stack]", 3, 2), ("touch", 3, "[stack]", 2, 0)])
@example(design="6.1", limit=400, ops=[             # the parent writes a lazy child's page
    ("fork", 0, "[heap]", 0, 0), ("touch", 0, "[heap]", 3, 0), ("touch", 0, "[heap]", 3, 0)])
@example(design="5.13", limit=400, ops=[            # a new page, then its own, a child lazy
    ("move", 0, "[heap]", 0, 0), ("fork", 0, "[heap]", 0, 0), ("touch", 0, "[heap]", 9, 0),
    ("touch", 0, "[heap]", 9, 0), ("touch", 1, "[data]", 1, 0), ("touch", 0, "[stack]", 2, 3)])
@example(design="6.1", limit=40, ops=[              # charges from the stock, then failing
    ("move", 0, "[heap]", 0, 0), ("fork", 0, "[heap]", 0, 0), ("fork", 0, "[heap]", 0, 0),
    ("touch", 0, "[heap]", 8, 3), ("touch", 0, "[heap]", 12, 3), ("touch", 0, "[stack]", 4, 3),
    ("touch", 0, "[data]", 4, 3), ("touch", 0, "[data]", 8, 3), ("touch", 0, "[heap]", 0, 3)])
@example(design="6.1", limit=28, ops=[              # a charge failing within a run
    ("move", 0, "[heap]", 0, 0), ("fork", 3, "[data]", 5, 3), ("fork", 2, "[heap]", 0, 0),
    ("touch", 0, "[data]", 11, 3), ("touch", 4, "[heap]", 9, 1), ("fork", 3, "[data]", 3, 3),
    ("touch", 6, "[heap]", 3, 1), ("touch", 7, "[stack]", 9, 3), ("touch", 7, "[stack]", 4, 2),
    ("touch", 1, "[heap]", 1, 0), ("fork", 0, "[data]", 5, 3), ("move", 4, "[heap]", 6, 1),
    ("touch", 0, "[heap]", 6, 1), ("move", 0, "[stack]", 6, 2), ("touch", 1, "[data]", 10, 2),
    ("fork", 0, "[stack]", 0, 1), ("fork", 4, "[heap]", 6, 0), ("touch", 0, "[data]", 10, 1),
    ("touch", 3, "[stack]", 7, 3), ("touch", 4, "[data]", 10, 1), ("touch", 0, "[stack]", 12, 1),
    ("touch", 6, "[stack]", 11, 0), ("touch", 6, "[stack]", 3, 3)])
@example(design="6.1", limit=60, ops=[              # a run charged in part
    ("move", 0, "[heap]", 0, 0), ("touch", 4, "[data]", 12, 0), ("touch", 1, "[data]", 3, 1),
    ("touch", 5, "[stack]", 12, 3), ("move", 7, "[heap]", 2, 3), ("move", 0, "[data]", 11, 1),
    ("touch", 5, "[data]", 8, 2), ("fork", 6, "[data]", 2, 0), ("fork", 4, "[stack]", 8, 2),
    ("touch", 4, "[data]", 5, 2), ("touch", 0, "[stack]", 1, 1), ("touch", 5, "[data]", 9, 0),
    ("touch", 4, "[data]", 7, 2), ("touch", 1, "[stack]", 12, 0), ("touch", 0, "[stack]", 7, 2),
    ("touch", 5, "[data]", 12, 2), ("touch", 4, "[data]", 9, 2), ("move", 2, "[heap]", 2, 2),
    ("touch", 2, "[heap]", 2, 3)])
@given(design=st.sampled_from(["5.10", "5.13", "6.1"]), limit=st.integers(20, 400),
       ops=st.lists(st.tuples(st.sampled_from(["fork", "touch", "touch", "touch", "exec",
                                               "exit", "move"]),
                              st.integers(0, 7), st.sampled_from(["[heap]", "[data]",
                                                                  "[stack]"]),
                              st.integers(0, 12), st.integers(0, 3)), max_size=40))
def test_touch_and_faults_written_out_equal_the_fault_path(design, limit, ops):
    """``Kernel.touch``'s answer without a fault (a page the task alone maps, also
    while it has lazy children: kernel/mmap.py) and ``handle_mm_fault``'s faults
    written out (allocation, charges, commit and mapping in one pass) against every
    write through session 20's fault path: the same pages, mappings, lazy shares,
    sites, charges, statistics and OOM kills (``memory.max`` of a: ``limit``
    pages), on random forks, writes, execs, exits and moves."""
    import pytest
    from memcgsim.kernel.mmap import Mmap
    from memcgsim.sysapi import TaskKilled
    states = []
    for ref in (False, True):
        mp = pytest.MonkeyPatch()
        if ref:
            mp.setattr(Mmap, "handle_mm_fault", _ref_handle_mm_fault)
        try:
            k, sh = setup(design)
            k.write(R + "/a/memory.max", str(limit * PAGE_SIZE), sh)
            tasks = [sh]
            for op, n, area, first, span in ops:
                live = [t for t in tasks if t.alive and t.mm is not None]
                if not live:
                    break
                t = live[n % len(live)]
                try:
                    if op == "fork":
                        tasks.append(k.fork(t))
                    elif op == "touch":
                        if ref:
                            _ref_touch(k, t, area, first, first + span)
                        else:
                            k.touch(t, area, first, first + span)
                    elif op == "exec":
                        k.exec(t, "/bin/sleep", ["sleep"])
                    elif op == "exit" and t is not sh:
                        k.exit(t)
                    elif op == "move":
                        k.write(R + f"/{'ab'[n % 2]}/cgroup.procs", str(t.pid), sh)
                except (TaskKilled, OSError):
                    pass
            states.append(_fault_state(k, tasks))
        finally:
            mp.undo()
    assert states[0] == states[1]
