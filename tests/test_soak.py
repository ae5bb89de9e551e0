"""The incremental checker ``Kernel(debug=True)`` runs (``check_changed``: pages
visited where written since the last check, a full walk every ``FULL_WALK_EVERY``)
and the soak driver (``bench/soak.py``) that runs the state machine's rules."""
from __future__ import annotations

import os
import sys
from collections import Counter

import pytest

from memcgsim import Kernel
from memcgsim.kernel import invariants
from memcgsim.kernel.bug import ModelBug
from memcgsim.kernel.invariants import _Checker, check_changed, check_invariants
from memcgsim.kernel.page_alloc import PG_ANON
from memcgsim.kernel.vmstat import NR_ANON_MAPPED, NR_SHMEM, stat_vector

import test_invariants as ti
import test_state_machine as tsm

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import soak  # noqa: E402

M = ti.M


def _busy_debug_kernel():
    k = Kernel(design="5.13", cgroup="v1", nr_cpus=2, seed=0, debug=True)
    sh, _ = ti.seed_loop(k, 3)
    k.mkdir(M + "/live", sh)
    t = k.fork(sh)
    k.write(M + "/live/cgroup.procs", str(t.pid), sh)
    k.exec(t, "/bin/bash")
    k.write("/tmp/f", "x" * 10000, t)
    k.alloc_anon(t, 8 * 4096)
    # until the last removed cgroup is released (its css chain's grace periods): the
    # corruptions find one cgroup in each state
    for _ in range(100):
        if any(c.removed and c.self_css.state == invariants.RELEASED for c in k.all_cgroups):
            break
        k.advance(0.0001)
    k.page_ledger.checks = 1        # the next check_changed is incremental
    return k, t


@pytest.mark.parametrize("corrupt", [
    ti._corrupt_refcnt, ti._corrupt_holder, ti._corrupt_usage, ti._corrupt_leak_page,
    ti._corrupt_dying_count, ti._corrupt_nr_cgrps, ti._corrupt_objcg, ti._corrupt_stat,
    ti._corrupt_stock, ti._corrupt_freed_ref])
def test_incremental_check_catches_corruption(corrupt):
    k, t = _busy_debug_kernel()
    check_changed(k)                    # clean before
    corrupt(k, t)
    with pytest.raises(ModelBug):
        check_changed(k)
    assert k.page_ledger.checks % invariants.FULL_WALK_EVERY  # it was not a full walk


def _zero_holder(k, t):
    """A holder entry of count 0 (refcnt unchanged): not a holder at all."""
    ti._live_memcg(k).holders["stock"] = 0


def _local_lru_stat(k, t):
    """The memcg's own (local) anon stat drifts, its hierarchical one does not."""
    st = ti._live_memcg(k).stats
    st.local = stat_vector(st.local)     # its own vector (a memcg never flushed shares the zeros)
    st.local[NR_ANON_MAPPED] += 1


def _pending_stat(k, t):
    """A per-CPU delta not yet flushed that no page backs (rstat pending)."""
    k.memcg.stats.mod(ti._live_memcg(k), NR_SHMEM, 1, 0)


def _child_nr_descendants(k, t):
    ti._live_memcg(k).cgroup.nr_descendants += 1


def _memcg_children_twice(k, t):
    m = ti._live_memcg(k)
    k.memcg_children[m.parent_memcg].append(m)


def _objcg_list_twice(k, t):
    m = ti._live_memcg(k)
    m.objcg_list.append(m.objcg_list[0])


@pytest.mark.parametrize("corrupt", [
    _zero_holder, _local_lru_stat, _pending_stat, _child_nr_descendants,
    _memcg_children_twice, _objcg_list_twice])
def test_incremental_check_catches_more_corruption(corrupt):
    """What the incremental check derives through its shortcuts (holders compared
    before filtering, stats as tuples of the checked items, cached slab and page
    aggregates) still catches each break, as the full walk does."""
    k, t = _busy_debug_kernel()
    check_changed(k)                    # clean before
    corrupt(k, t)
    with pytest.raises(ModelBug):
        check_invariants(k)
    k, t = _busy_debug_kernel()
    check_changed(k)
    corrupt(k, t)
    with pytest.raises(ModelBug):
        check_changed(k)
    assert k.page_ledger.checks % invariants.FULL_WALK_EVERY  # it was not a full walk


def test_incremental_check_catches_a_page_charged_behind_the_counters():
    """An anon page's memcg_data moved to the root without the counters: the live
    memcg's usage now exceeds its pages (a drifting counter)."""
    k, t = _busy_debug_kernel()
    m = ti._live_memcg(k)
    pfn = next(iter(m.lru_anon))
    root = k.memcg.root_mem_cgroup
    k.mem_map.memcg_data[pfn] = root.handle << invariants.HANDLE_SHIFT
    with pytest.raises(ModelBug, match="LRU|usage|holders"):
        check_changed(k)


def test_incremental_check_catches_an_orphaned_page():
    """A page dropped from its task's mm without being freed: allocated anon pages
    outnumber the pages the mms hold."""
    k, t = _busy_debug_kernel()
    t.mm.anon.pop()
    with pytest.raises(ModelBug, match="owners hold"):
        check_changed(k)


def test_untracked_write_is_caught_by_the_periodic_full_walk():
    """A write that bypasses the dirty marking is missed by the incremental visits
    but not by the full walk that comes within FULL_WALK_EVERY checks."""
    k, t = _busy_debug_kernel()
    free = k.mem_map.alloc(PG_ANON, t.pid, 0)
    k.mem_map.free(free)
    check_changed(k)
    list.__setitem__(k.mem_map.memcg_data, free, 4)    # a free page with memcg_data
    caught = None
    for i in range(invariants.FULL_WALK_EVERY):
        try:
            check_changed(k)
        except ModelBug as e:
            caught = i, str(e)
            break
    assert caught is not None and "free page" in caught[1]
    with pytest.raises(ModelBug, match="free page"):
        check_invariants(k)


@pytest.mark.parametrize("design,mode", [("5.13", "v1"), ("5.12", "v2"),
                                         ("lru-reparent", "v2"), ("3.10-rhel7", "v1")])
def test_ledger_equals_the_full_walk(design, mode):
    """After every op of random runs the ledger's per-key page counts are what a
    full walk of the owners and the page table finds."""
    seen = Counter()

    def compare(m):
        k = m.k
        keys = _Checker(k, full=True).walk_pages()
        assert k.page_ledger.agg == Counter(keys.values())
        assert k.page_ledger.key == keys
        seen["steps"] += 1

    for seed in range(3):
        ops, err = soak.generate(design, mode, seed, 60, on_step=compare)
        assert err is None, err
    assert seen["steps"] > 100


# ----------------------------------------------------------------- the driver
def test_driver_reads_every_rule_of_the_state_machine():
    rules = soak.rules_of(tsm.KernelMachine)
    assert set(rules) == {"mkdir", "rmdir", "set_limit", "fork_exec", "fork_in", "squeeze",
                          "exec", "exit", "kill", "migrate", "alloc_anon", "free_anon",
                          "write_file", "unlink", "stat_missing", "drop_caches", "advance"}
    assert rules["rmdir"][1]["rel"] == ("bundle", "cgroups", True)
    assert rules["mkdir"][0] == ("cgroups",)
    import random
    draw = rules["alloc_anon"][1]["pages"][1]
    r = random.Random(1)
    got = {draw(r) for _ in range(2000)}
    assert min(got) == 1 and max(got) == 96


@pytest.mark.parametrize("design,mode", [("5.13", "v2"), ("6.1", "v1")])
def test_short_soak_is_clean_and_deterministic(design, mode):
    a = soak.generate(design, mode, 7, 80)
    b = soak.generate(design, mode, 7, 80)
    assert a[1] is None and a[0] == b[0] and len(a[0]) > 40


def test_failure_is_shrunk_to_a_snippet_that_replays_it(monkeypatch, tmp_path):
    """A planted bug (three cgroups below the root) is shrunk to the three mkdirs and
    printed as Python that raises the same error."""
    def planted(self):
        if len(self.live) >= 4:
            raise AssertionError("planted: three cgroups")

    monkeypatch.setattr(tsm.KernelMachine, "rstat_kernel_stack_is_exact", planted)
    for seed in range(20):
        ops, err = soak.generate("5.13", "v1", seed, 120)
        if err is not None:
            break
    assert isinstance(err, AssertionError) and len(ops) > 3
    items = soak.shrink("5.13", "v1", ops, err, budget_s=120)
    assert [op[0] for _, op in items] == ["mkdir"] * 3
    code = soak.snippet("5.13", "v1", items, err)
    assert code.count("state.do('mkdir'") == 3
    monkeypatch.chdir(ROOT)
    with pytest.raises(AssertionError, match="planted"):
        exec(compile(code, "<snippet>", "exec"), {})


def test_model_bugs_are_told_apart_by_their_bug_line():
    """A ModelBug's report opens with a rule of '='; the shrinker keeps a run failing
    with the same BUG line (not any ModelBug) and the log names it."""
    from memcgsim.kernel.bug import model_bug

    def bug(msg):
        try:
            model_bug(msg, x=1)
        except ModelBug as e:
            return e

    a, b = bug("the memcgs' own dirty pages are not the dirty pages"), bug("a leak")
    assert soak.signature(a) != soak.signature(b)
    assert soak.signature(a) == ("ModelBug", "BUG: memcgsim: the memcgs' own dirty pages are not "
                                 "the dirty pages"[:60])
    assert soak._first_line(b) == "ModelBug: BUG: memcgsim: a leak"
    assert soak._first_line(AssertionError()) == "AssertionError"


# --------------------------------------------- the cgroup core's kept expectations
def _released_state_dying(k, t):
    """A removed cgroup whose self css was released marked dying again, its
    ancestors' nr_dying_descendants not raised (the fingerprint moves: the
    expectations are derived again)."""
    c = next(c for c in k.all_cgroups if c.removed and c.self_css.state == invariants.RELEASED)
    c.self_css.state = invariants.DYING


def _live_state_dying(k, t):
    """A live cgroup's self css marked dying, its removed flag not set."""
    ti._live_memcg(k).cgroup.self_css.state = invariants.DYING


def _cset_refcount(k, t):
    """A css_set's refcount one above the tasks pointing at it."""
    t.cgroups.refcount += 1


def _self_css_holder(k, t):
    """A self css holding one more reference than anything found (refcnt and holder
    moved together: only the walk's count of the children can tell)."""
    css = ti._live_memcg(k).cgroup.self_css
    css.refcnt += 1
    css.holders["child cgroup"] = css.holders.get("child cgroup", 0) + 1


def _child_dying_count(k, t):
    ti._live_memcg(k).cgroup.nr_dying_descendants += 1


@pytest.mark.parametrize("corrupt", [
    _released_state_dying, _live_state_dying, _cset_refcount, _self_css_holder,
    _child_dying_count, ti._corrupt_dying_count, ti._corrupt_nr_cgrps])
def test_kept_cgroup_expectations_still_catch(corrupt, monkeypatch):
    """check_cgroups compares the counters against the expectations kept since the
    last walk while nothing they derive from moved (the walk is skipped: counted
    here); each break of the cgroup core is still caught by the incremental check."""
    k, t = _busy_debug_kernel()
    check_changed(k)                    # clean; keeps the expectations
    walks = []
    orig = _Checker.walk_cgroups
    monkeypatch.setattr(_Checker, "walk_cgroups", lambda self, reg: walks.append(1)
                        or orig(self, reg))
    check_changed(k)
    assert walks == []                  # nothing moved: compared, not walked
    assert k.page_ledger.cgroups is not None
    corrupt(k, t)
    with pytest.raises(ModelBug):
        check_changed(k)
    assert k.page_ledger.checks % invariants.FULL_WALK_EVERY  # it was not a full walk
    assert walks == [1]                 # the kept values differed: walked to report


def test_kept_cgroup_expectations_follow_mkdir_and_fork():
    """What moves the fingerprint (a mkdir, a fork, an rmdir) derives the
    expectations again: checked runs stay clean and equal to the full walk."""
    k, t = _busy_debug_kernel()
    check_changed(k)
    kept = k.page_ledger.cgroups
    k.mkdir(M + "/live/sub", t)
    assert k.page_ledger.cgroups is not kept
    kept = k.page_ledger.cgroups
    u = k.fork(t)
    assert k.page_ledger.cgroups is not kept
    k.exit(u)
    k.rmdir(M + "/live/sub", t)
    check_invariants(k)


# ------------------------------------------------------ slab caches between walks
def _busy_cache(k):
    """A cache with objects in slots, not allocated from or freed to since the last
    check (the incremental check skips its recount)."""
    return next(c for c in k.slab.caches.values() if c.objcgs and c.nr_objs)


def _slab_nr_objs_off(k, t):
    _busy_cache(k).nr_objs += 1


def _slab_slot_popped(k, t):
    """An object's slot gone, nr_objs not lowered (a free that forgot the count)."""
    c = _busy_cache(k)
    c.objcgs.pop(next(iter(c.objcgs)))


def _slab_record_counted_twice(k, t):
    """A cache's nr_objs raised as if a second record of the task's objects had been
    placed, no record added."""
    c, n = next((c, n) for c, n in t.mm.slab.counts() if n)
    c.nr_objs += n


@pytest.mark.parametrize("corrupt", [
    _slab_nr_objs_off, _slab_slot_popped, _slab_record_counted_twice,
    ti._corrupt_slab_record_lost])
def test_unchanged_caches_skipped_still_catch(corrupt):
    """slab_objects skips a cache whose mark (next id, slot, run and slab counts),
    nr_objs and records are as at the last check; each break still moves one of
    them and is caught by the incremental check."""
    k, t = _busy_debug_kernel()
    check_changed(k)
    check_changed(k)                    # every cache as it was: all skipped
    corrupt(k, t)
    with pytest.raises(ModelBug, match="nr_objs|holders|slab"):
        check_changed(k)
    assert k.page_ledger.checks % invariants.FULL_WALK_EVERY


def test_kept_handles_split_follows_a_new_memcg():
    """The checker keeps the last split of memcg.handles while its slots are the
    same objects: a mkdir adds handles, so the new memcg is split out and checked
    (its refcnt off by one is caught by the incremental check)."""
    k, t = _busy_debug_kernel()
    check_changed(k)
    kept = k.page_ledger.handles
    check_changed(k)
    assert k.page_ledger.handles is kept          # nothing moved: reused
    k.mkdir(M + "/live/new", t)
    assert k.page_ledger.handles is not kept
    m = next(m for m in k.page_ledger.handles[1] if m.cgroup.name == "new")
    m.refcnt += 1
    with pytest.raises(ModelBug, match="refcnt"):
        check_changed(k)
    assert k.page_ledger.checks % invariants.FULL_WALK_EVERY


def _task_listed_twice(k, t):
    """A live task also listed in a cgroup it is not in."""
    k.memory_root.cgrp.tasks[t.pid] = t


def _dead_task_listed(k, t):
    """An exited task's entry left in its cgroup's task list."""
    u = k.fork(t)
    c = u.cgroups.get(k.memory_root)
    k.exit(u)
    k.page_ledger.checks = 1
    check_changed(k)
    c.tasks[u.pid] = u


def _pids_counter_off(k, t):
    """A pids css counting one task more than its subtree holds."""
    next(iter(k.pids.css.values())).counter += 1


@pytest.mark.parametrize("corrupt", [_task_listed_twice, _dead_task_listed,
                                     _pids_counter_off])
def test_task_lists_checked_by_count_still_catch(corrupt):
    """check_tasks checks the cgroups' task lists by their total (each live task
    found in its own list is one entry) and the pids counters per cgroup, not per
    task: an entry more, a dead task listed, a counter off are each caught by the
    incremental check."""
    k, t = _busy_debug_kernel()
    if corrupt is _pids_counter_off and not k.pids.css:
        k = Kernel(design="5.13", cgroup="v2", nr_cpus=2, seed=0, debug=True)
        sh = k.spawn("bash")
        k.write("/sys/fs/cgroup/cgroup.subtree_control", "+pids", sh)
        k.mkdir("/sys/fs/cgroup/a", sh)
        t = k.fork(sh)
        k.write("/sys/fs/cgroup/a/cgroup.procs", str(t.pid), sh)
        k.page_ledger.checks = 1
    check_changed(k)
    corrupt(k, t)
    with pytest.raises(ModelBug, match="lists a task|pids.current"):
        check_changed(k)
    assert k.page_ledger.checks % invariants.FULL_WALK_EVERY


def test_records_of_one_program_share_one_count():
    """Two forks of one program hold records of the same specs: counted once into
    the ledger's record_shares, each record still adds its objects (the ledger's
    sums equal the full walk's)."""
    k, t = _busy_debug_kernel()
    u = k.fork(t)
    w = k.fork(t)
    records = k.page_ledger.records
    assert records[u.mm.slab] == records[w.mm.slab]     # one key, one share
    assert records[u.mm.slab] in k.page_ledger.record_shares
    assert u.mm.slab.specs is w.mm.slab.specs
    held = dict(k.page_ledger.held_sums)
    check_invariants(k)                 # rebuilt from scratch by the full walk
    assert {key: list(v) for key, v in k.page_ledger.held_sums.items()} == \
        {key: list(v) for key, v in held.items()}


# ------------------------------------------- written LRU pages found from the tail
def test_written_page_deep_in_its_lru_is_found():
    """A page written in place far from the tail (its memcg_data rewritten, the
    same word) is found by the walk back from the tail: no report."""
    k, t = _busy_debug_kernel()
    check_changed(k)
    m = ti._live_memcg(k)
    lst = m.lru_anon
    first = lst.head
    assert lst.n > 2 and first != lst.tail
    k.mem_map.memcg_data[first] = k.mem_map.memcg_data[first]     # marked written
    assert first in k.page_ledger.dirty
    check_changed(k)


def test_written_page_missing_from_its_lru_is_caught():
    """A charged page taken off its memcg's LRU (the list's counts moved with it)
    and written: the incremental check finds it on no list."""
    k, t = _busy_debug_kernel()
    check_changed(k)
    m = ti._live_memcg(k)
    lst = m.lru_anon
    pfn = lst.head
    lst.remove_many([pfn])
    lst.node.n += 1                     # the node's count as if still listed
    lst.n += 1                          # and the memcg's: only the links tell
    k.mem_map.memcg_data[pfn] = k.mem_map.memcg_data[pfn]
    with pytest.raises(ModelBug, match="missing from its memcg's LRU"):
        check_changed(k)
    assert k.page_ledger.checks % invariants.FULL_WALK_EVERY


# ------------------------------------- an OOM victim's failed lookup (fidelity item 82)
@pytest.mark.parametrize("design,unlinked", [("6.1", False), ("5.10", False),
                                             ("5.13", True), ("5.12", True)])
def test_unlink_whose_lookup_oom_kills_the_task_dies_returning_to_user(design, unlinked):
    """v2, the 6.1 soak's seed 1579 shrunk: a file whose dentry drop_caches freed is
    unlinked by a task in a memcg squeezed below its usage; d_alloc's charge runs
    the memcg OOM killer, which chooses the task itself. 6.1 and 5.10 (a4ebf1b6ca1e,
    in 5.10.80) fail the retry (passed_oom, -ENOMEM): the file stays; 5.12 and 5.13
    force it past the limit (should_force_charge): the unlink completes. Either way
    the task dies of the SIGKILL on its way back to user space (TaskKilled), and
    neither result reaches it."""
    from memcgsim.sysapi import TaskKilled
    state = soak.machine(design, "v2")
    root = state.root_cgroup()
    sleeper = state.do("fork_in", rel=root, prog="sleep", back=False)
    state.do("write_file", t=sleeper, fs="/tmp", i=2, long=True, size=31362)
    top = state.do("rmdir", rel=root)
    sub = state.do("mkdir", parent=top, enable=False)
    state.do("drop_caches", v=2)
    t = state.do("fork_in", rel=top, prog="bash", back=True)
    state.do("migrate", t=t, rel=sub, move=1)
    state.do("squeeze", rel=sub, kind="max", delta=-35)
    path = "/tmp/" + "f" * 36 + "2"
    with pytest.raises(TaskKilled):
        state.k.unlink(path, t)
    assert not t.alive and t.oom_victim
    assert "f" * 36 + "2" not in state.k.listdir("/tmp", state.sh) if unlinked else \
        state.k.stat(path, state.sh) is not None
    check_invariants(state.k)


# ------------------------- a write's pages reclaimed before they are dirty (fidelity item 92)
def test_write_whose_own_charges_reclaim_its_pages_dirties_only_cached_pages():
    """5.10 v1, the soak's seed 157 shrunk (19 ops): a 9-page write to a disk file
    by a task in a memcg squeezed below its usage. ``touch`` brought the pages in
    one by one, each charge reclaiming the clean pages just added before it, so at
    ``write_begin`` pages 0-7 were gone, and they were marked dirty without a page:
    the memcg's own dirty count fell short of the dirty pages once a later write
    brought them back (ModelBug). As ``generic_perform_write`` dirties each page
    before the next is charged, a page found gone is brought in again before it is
    dirtied; here that charge finds only dirty pages and wakes the flusher, which
    cleans them while the charge's reclaim rounds take their time
    (kernel/oom_victim.py): the write completes (before session 29 the OOM killer
    took the writer). Every dirty page is in the cache, counted to its memcg."""
    state = soak.machine("5.10", "v1")
    top = state.do("rmdir", rel=state.root_cgroup())
    state.first_task()
    a = state.do("mkdir", parent=top, enable=True)
    b = state.do("mkdir", parent=a, enable=True)
    c = state.do("mkdir", parent=b, enable=False)
    top = state.do("rmdir", rel=top)
    sleeper = state.do("fork_in", rel=a, prog="sleep", back=False)
    state.do("write_file", t=sleeper, fs="/tmp", i=3, long=True, size=30133)
    sh = state.do("fork_in", rel=b, prog="bash", back=True)
    top = state.do("rmdir", rel=top)
    state.do("migrate", t=sh, rel=c, move=0)
    bg = state.do("fork_in", rel=b, prog="sleep", back=True)
    writer = state.do("fork_exec", parent=bg, prog="bash")
    c = state.do("rmdir", rel=c)
    sleeper2 = state.do("fork_in", rel=top, prog="sleep", back=False)
    state.do("migrate", t=writer, rel=c, move=0)
    state.do("squeeze", rel=c, kind="max", delta=2)
    state.do("write_file", t=writer, fs="/tmp", i=2, long=True, size=33817)
    wb = state.k.writeback
    assert all(ino.pages.get(i) is not None for ino, idx in wb.dirty.items() for i in idx)
    assert sum(wb.memcg_dirty.values()) == sum(map(len, wb.dirty.values()))
    state.do("write_file", t=state.do("fork_exec", parent=sleeper2, prog="bash"),
             fs="/tmp", i=2, long=True, size=14080)
    state.teardown()
