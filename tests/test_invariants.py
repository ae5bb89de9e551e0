"""``check_invariants``: deterministic scenarios run in debug mode (the model is
checked after every syscall), and corruptions it must catch."""
from __future__ import annotations

import errno

import pytest

from memcgsim.workload.seed import seed_loop
from memcgsim import Kernel
from memcgsim.designs import DESIGNS
from memcgsim.kernel.bug import ModelBug
from memcgsim.kernel.invariants import check_invariants
from memcgsim.kernel.page_alloc import PG_ANON
from memcgsim.sysapi import TaskKilled
from memcgsim.kernel.vmstat import stat_vector
from test_state_machine import stock_residue    # tests/: what the CPUs pin

M = "/sys/fs/cgroup/memory"
R2 = "/sys/fs/cgroup"


@pytest.mark.parametrize("design", ["5.12", "5.13"])
def test_seed_loop_in_debug_mode(design):
    k = Kernel(design=design, cgroup="v1", nr_cpus=2, seed=0, debug=True)
    sh, sleepers = seed_loop(k, 50)
    k.advance(60)
    # 5.12: each sleeper's kernel stack pins its dying cgroup; 5.13: reparented
    assert k.memory_cgroup_count() == (51 if design == "5.12" else 1 + len(stock_residue(k)))
    for t in sleepers:
        k.kill(t.pid, 9, sh)
    k.kill(sh.pid, 9)
    k.write("/proc/sys/vm/drop_caches", "3", k.init)
    k.advance(60)
    check_invariants(k)
    assert k.memory_cgroup_count() == 1 + len(stock_residue(k))


@pytest.mark.parametrize("design", sorted(DESIGNS))
def test_v2_loop_with_files_and_dentries_in_debug_mode(design):
    if not DESIGNS[design].cgroup2:
        pytest.skip("no cgroup v2")
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0, debug=True)
    sh = k.spawn("bash")
    k.write(R2 + "/cgroup.subtree_control", "+memory", sh)
    k.mkdir(R2 + "/p", sh)
    k.write(R2 + "/p/cgroup.subtree_control", "+memory", sh)
    for i in range(15):
        k.mkdir(R2 + "/p/t", sh)
        k.write(R2 + "/p/t/cgroup.procs", str(sh.pid), sh)
        c = k.fork(sh)
        k.exec(c, "/bin/sleep")
        k.write(R2 + "/cgroup.procs", str(sh.pid), sh)
        k.write(f"/tmp/file{i}", "y" * 9000, c)
        k.write(f"/dev/shm/file{i}", "z" * 5000, c)
        with pytest.raises(FileNotFoundError):
            k.stat(f"/tmp/missing-{'x' * 40}{i}", c)
        k.alloc_anon(c, 40960)
        k.write(R2 + "/cgroup.procs", str(c.pid), sh)
        k.rmdir(R2 + "/p/t", sh)
        k.advance(0.01)
    k.write(R2 + "/p/memory.max", "1M", sh)
    k.write("/proc/sys/vm/drop_caches", "2", sh)
    for t in list(k.tasks.values()):
        if t.alive and not t.kthread and t.pid != 1:
            k.kill(t.pid, 9)
    k.advance(0.1)                      # each dies when it next runs (kernel/signal.py)
    for i in range(15):
        k.unlink(f"/tmp/file{i}", k.init)
        k.unlink(f"/dev/shm/file{i}", k.init)
    k.rmdir(R2 + "/p", k.init)
    k.buffers.invalidate_bh_lrus()      # as umount would: ext4 metadata pages are free
    k.buffers.journal_destroy()         # (and jbd2's checkpoint lists: kernel/jbd2.py)
    k.write("/proc/sys/vm/drop_caches", "3", k.init)
    k.advance(60)
    assert k.memory_cgroup_count() == 1 + len(stock_residue(k))


def test_debug_checks_after_failing_calls():
    """A call that fails (EBUSY here) is checked too, and the error still reaches
    the caller."""
    k = Kernel(design="5.13", cgroup="v1", debug=True)
    sh = k.spawn("bash")
    k.mkdir(M + "/a", sh)
    k.write(M + "/a/cgroup.procs", str(sh.pid), sh)
    with pytest.raises(OSError) as e:
        k.rmdir(M + "/a", sh)
    assert e.value.errno == errno.EBUSY


def test_debug_off_installs_nothing():
    k = Kernel(design="5.13", cgroup="v1")
    assert "fork" not in vars(k) and not k.debug
    kd = Kernel(design="5.13", cgroup="v1", debug=True)
    assert "fork" in vars(kd)


def test_oom_victim_marked_in_fork_does_not_hang_the_next_charge():
    """A task chosen as OOM victim while charging its child's stack in fork was
    left alive and marked; the next charge in its memcg then retried forever
    (out_of_memory waited for the victim). Found by the state machine."""
    k = Kernel(design="5.12", cgroup="v1", nr_cpus=2, seed=0, debug=True)
    sh = k.spawn("bash")
    k.mkdir(M + "/c", sh)
    t = k.fork(sh)
    k.write(M + "/c/cgroup.procs", str(t.pid), sh)
    k.exec(t, "/bin/sleep")
    m = k.memory_root.cgrp.children["c"].subsys["memory"]
    k.write(M + "/c/memory.limit_in_bytes", str((m.memory.usage + 1) * 4096), sh)
    before = set(k.tasks)
    # the stack charge makes t an OOM victim: copy_process sees the fatal signal and
    # gives up, the child is freed and t dies on its way back to user space
    with pytest.raises(TaskKilled) as e:
        k.fork(t)
    assert (e.value.pid, e.value.signal) == (t.pid, 9)
    assert not t.alive and set(k.tasks) <= before
    check_invariants(k)


# ------------------------------------------------------------ corruptions
def _busy_kernel(design="5.13"):
    k = Kernel(design=design, cgroup="v1", nr_cpus=2, seed=0)
    sh, sleepers = seed_loop(k, 3)
    k.mkdir(M + "/live", sh)
    t = k.fork(sh)
    k.write(M + "/live/cgroup.procs", str(t.pid), sh)
    k.exec(t, "/bin/bash")
    k.write("/tmp/f", "x" * 10000, t)
    check_invariants(k)
    return k, t


def _live_memcg(k):
    return k.memory_root.cgrp.children["live"].subsys["memory"]


def _corrupt_refcnt(k, t):
    m = _live_memcg(k)
    m.refcnt += 1


def _corrupt_holder(k, t):
    m = _live_memcg(k)
    m.holders["page"] += 1
    m.refcnt += 1


def _corrupt_usage(k, t):
    _live_memcg(k).memory.usage += 1


def _corrupt_leak_page(k, t):
    k.mem_map.alloc(PG_ANON, t.pid, 0)


def _corrupt_dying_count(k, t):
    k.memory_root.cgrp.nr_dying_descendants += 1


def _corrupt_nr_cgrps(k, t):
    k.memory_root.nr_cgrps -= 1


def _corrupt_objcg(k, t):
    o = _live_memcg(k).objcg
    o.nr_charged_bytes += 8


def _corrupt_stat(k, t):
    st = _live_memcg(k).stats
    st.state = stat_vector(st.state)     # its own vector (a memcg never flushed shares the zeros)
    st.state[6] += 4   # NR_KERNEL_STACK_KB


def _corrupt_stock(k, t):
    """A page in CPU 0's stock for the live memcg that its counter never charged
    (one more, if the stock caches it already: the busy kernel's exec of bash may
    leave it there with one)."""
    s = k.memcg.stocks[0]
    m = _live_memcg(k)
    if s.cached is not m:
        s.cached, s.nr_pages = m, 0
    s.nr_pages += 1


def _corrupt_lru_link(k, t):
    """A page's ``lru.prev`` no longer the page before it on its list."""
    m = _live_memcg(k)
    second = list(m.lru_anon)[1]
    k.mem_map.lru.prev[second] = 0


def _corrupt_lru_missing(k, t):
    """A charged anon page dropped from its memcg's LRU list, the length kept."""
    m = _live_memcg(k)
    pfns = list(m.lru_anon)
    m.lru_anon.remove_many(pfns[:1])
    m.lru_anon.n += 1


def _corrupt_freed_ref(k, t):
    """A page pointing at a memcg that has gone from handles (use after free)."""
    m = _live_memcg(k)
    del k.memcg.handles[m.handle]
    m.handle = k.memcg.new_handle(m)


def _corrupt_slab_record_lost(k, t):
    """A task's mm's objects (a SlabObjs record) no longer among the live records."""
    del k.slab.held_objs[t.mm.slab]


def _corrupt_slab_record_slot(k, t):
    """A record's objects no longer in their objcg's slots (the references kept)."""
    t.mm.slab.objcg = None


@pytest.mark.parametrize("corrupt", [
    _corrupt_refcnt, _corrupt_holder, _corrupt_usage, _corrupt_leak_page,
    _corrupt_dying_count, _corrupt_nr_cgrps, _corrupt_objcg, _corrupt_stat,
    _corrupt_stock, _corrupt_lru_link, _corrupt_lru_missing, _corrupt_freed_ref,
    _corrupt_slab_record_lost, _corrupt_slab_record_slot])
def test_corruption_is_caught(corrupt):
    k, t = _busy_kernel()
    corrupt(k, t)
    with pytest.raises(ModelBug):
        check_invariants(k)
