"""I_REFERENCED and the lazy lists (kernel/super.py ``prune_icache_sb``,
``inode_referenced``; docs/fidelity.md, session 26, shrink26): a lookup that
brings back a pruned file's dentry leaves its inode on the inode list (``__iget``),
counted until a walk finds it in use and takes it off (LRU_REMOVED); the dentry
freed again sets I_REFERENCED on the inode still listed (``iput_final`` →
``inode_add_lru``), which ``inode_lru_isolate`` rotates to the tail once; on 5.10 an
inode with page cache has it invalidated and, through its ``iput``, I_REFERENCED
set, so it is rotated before it is evicted (fs/inode.c v5.10 and v6.1). An open
file's listed dentry counts until a walk takes it off, and is listed again at its
last ``dput`` (fs/dcache.c ``dentry_lru_isolate``, ``retain_dentry``)."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from memcgsim.kernel.invariants import check_invariants
from memcgsim.kernel.shrinker import SHRINK_EMPTY, ShrinkControl
from test_super_lru import _setup as super_lru_setup


def _setup(design: str):
    k, _, t, sb = super_lru_setup(design)
    return k, t, sb, k.task_memcg(t)


def _files(k, t, n: int, data: str = ""):
    for i in range(n):
        k.write(f"/var/probe/f{i}", data, t)
    nodes = k.vfs.mounts["/"].nodes
    k.vfs.mounts["/"].s_shrink.settle()
    return [nodes[f"var/probe/f{i}"] for i in range(n)]


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_a_dentry_made_again_leaves_the_inode_listed_then_referenced(design):
    k, t, sb, m = _setup(design)
    f = _files(k, t, 3)
    assert sb.prune_dcache_sb(m, 3, frozenset()) == 3
    sb.settle()
    il = sb.s_inode_lru
    assert list(il.lists[m]) == f
    k.stat("/var/probe/f0", t)              # lookup_slow: the dentry back, i_count 1
    sb.settle()
    assert list(il.lists[m]) == f           # still listed, and counted
    assert sb.super_cache_count(ShrinkControl(m)) == 1 + 3
    assert not sb.i_referenced
    assert sb.prune_dcache_sb(m, 1, frozenset()) == 1      # iput_final: I_REFERENCED
    sb.settle()
    assert list(sb.i_referenced) == [f[0]] and list(il.lists[m]) == f
    assert sb.prune_icache_sb(m, 2, frozenset()) == 1      # f0 rotated, f1 evicted
    sb.settle()
    assert f[1].slab is None and f[0].slab and list(il.lists[m]) == [f[2], f[0]]
    assert not sb.i_referenced
    assert sb.prune_icache_sb(m, 2, frozenset()) == 2      # the bit was cleared
    assert sb.super_cache_count(ShrinkControl(m)) == SHRINK_EMPTY
    check_invariants(k)


def test_a_walk_takes_an_inode_in_use_off_without_freeing_it():
    k, t, sb, m = _setup("6.1")
    f = _files(k, t, 2)
    sb.prune_dcache_sb(m, 2, frozenset())
    k.stat("/var/probe/f0", t)
    assert sb.prune_icache_sb(m, 1, frozenset()) == 1      # LRU_REMOVED: i_count
    assert len(f[0].slab) == 2 and f[0] not in sb.s_inode_lru.where
    assert list(sb.s_inode_lru.lists[m]) == [f[1]]
    check_invariants(k)


def test_a_walk_goes_on_to_the_rotated_inodes():
    """``list_lru_walk_one`` visits a rotated item again when ``nr_to_walk`` reaches
    the tail: a walk longer than the list frees a referenced inode too."""
    k, t, sb, m = _setup("6.1")
    f = _files(k, t, 2)
    sb.prune_dcache_sb(m, 2, frozenset())
    k.stat("/var/probe/f1", t)
    sb.settle()
    sb.prune_dcache_sb(m, 1, frozenset())
    sb.settle()
    assert list(sb.i_referenced) == [f[1]]
    assert sb.prune_icache_sb(m, 2, frozenset()) == 1      # f0 freed, f1 rotated
    assert f[1].slab
    assert sb.prune_icache_sb(m, 3, frozenset()) == 1      # f1 visited again: freed
    assert f[1].slab is None


def test_5_10_reaps_an_inodes_page_cache_then_rotates_it():
    """5.10's ``inode_lru_isolate``: the pages invalidated (PGINODESTEAL), ``iput``
    sets I_REFERENCED, LRU_RETRY's next visit rotates the inode; the visit after
    evicts it."""
    k, t, sb, m = _setup("5.10")
    f = _files(k, t, 2, "x" * 5000)
    k.advance(60)                           # written back: clean, on the list
    sb.settle()
    sb.prune_dcache_sb(m, 2, frozenset())
    steal = k.vmscan.vm_events["pginodesteal"]
    assert sb.prune_icache_sb(m, 1, frozenset()) == 0      # reaped, no walk left
    assert k.vmscan.vm_events["pginodesteal"] == steal + 2
    assert not f[0].pages and f[0].slab and list(sb.i_referenced) == [f[0]]
    assert sb.prune_icache_sb(m, 1, frozenset()) == 0      # the retry: rotated
    assert list(sb.s_inode_lru.lists[m]) == [f[1], f[0]] and not sb.i_referenced
    assert sb.prune_icache_sb(m, 2, frozenset()) == 0      # f1 reaped and rotated
    assert list(sb.s_inode_lru.lists[m]) == [f[0], f[1]]
    assert k.vmscan.vm_events["pginodesteal"] == steal + 4
    assert sb.prune_icache_sb(m, 2, frozenset()) == 2      # both evicted
    assert f[0].slab is None and f[1].slab is None
    check_invariants(k)


OPS = st.lists(st.tuples(st.sampled_from(["write", "empty", "stat", "rm", "dcache", "icache",
                                          "scan", "sync"]),
                         st.integers(0, 4)), max_size=25)


@settings(max_examples=25, deadline=None)
@given(design=st.sampled_from(["5.10", "6.1"]), ops=OPS)
def test_walks_keep_the_lists_and_counts(design, ops):
    """Property: whatever the order of writes, lookups, unlinks and walks, the
    lists hold what the cached files say (a held inode allowed on the inode
    list), ``nr_items`` counts them, I_REFERENCED only on a cached inode, and a
    walk isolates no more than it walks."""
    k, t, sb, m = _setup(design)
    live: set[int] = set()
    for op, i in ops:
        path = f"/var/probe/f{i}"
        if op in ("write", "empty"):
            k.write(path, "x" * 5000 if op == "write" else "", t)
            live.add(i)
        elif op == "stat" and i in live:
            k.stat(path, t)
        elif op == "rm" and i in live:
            k.unlink(path, t)
            live.discard(i)
        elif op == "dcache":
            sb.settle()             # as super_cache_scan does first
            assert sb.prune_dcache_sb(m, i, frozenset()) <= i
        elif op == "icache":
            assert sb.prune_icache_sb(m, i, frozenset()) <= i
        elif op == "scan":
            sc = ShrinkControl(m)
            n = sb.super_cache_count(sc)
            if n != SHRINK_EMPTY:
                sc.nr_to_scan = sc.nr_scanned = 2 * i
                assert 0 <= sb.super_cache_scan(sc) <= 2 * i + 2   # each walk +1
        else:
            k.advance(60)
        check_invariants(k)


def test_an_open_files_dentry_counts_until_a_walk_takes_it_off():
    """``dentry_lru_isolate``: a listed dentry an open file holds (``d_lockref.count``)
    counts in ``nr_items`` and dentry-state's nr_unused until a walk takes it off
    (LRU_REMOVED, not freed); its last ``dput`` lists it again at the tail
    (``retain_dentry`` → ``d_lru_add``), fs/dcache.c v5.10 and v6.1."""
    k, t, sb, m = _setup("6.1")
    f = _files(k, t, 2)
    k.files_in_syscall.append(f[0])         # a read of f0 under way holds it
    sc = ShrinkControl(m)
    assert sb.super_cache_count(sc) == 2
    assert sb.nr_dentry_unused()[0] >= 2
    assert sb.prune_dcache_sb(m, 1, k.inodes_in_use()) == 1    # taken off
    assert len(f[0].slab) == 2 and list(sb.d_held) == [f[0]]
    assert sb.super_cache_count(sc) == 1
    check_invariants(k)
    k.files_in_syscall.remove(f[0])         # the last dput
    sb.settle()
    assert list(sb.s_dentry_lru.lists[m]) == [f[1], f[0]] and not sb.d_held
    check_invariants(k)


def test_a_dentry_made_while_open_is_listed_at_its_last_dput():
    k, t, sb, m = _setup("5.10")
    (f0,) = _files(k, t, 1)
    sb.prune_dcache_sb(m, 1, frozenset())
    sb.settle()
    k.files_in_syscall.append(f0)           # the open that looks it up again
    k.stat("/var/probe/f0", t)
    sb.settle()
    assert f0 not in sb.s_dentry_lru.where and list(sb.d_held) == [f0]
    assert sb.super_cache_count(ShrinkControl(m)) == 1      # its inode, held
    k.files_in_syscall.remove(f0)
    sb.settle()
    assert f0 in sb.s_dentry_lru.where and not sb.d_held
    check_invariants(k)
