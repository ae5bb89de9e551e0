"""kernel/oom_victim.py: the memcg OOM killer's victim dies when it next runs, its
pages charged until then, while the other chargers go round their reclaim rounds
and invoke the OOM killer again, which finds the victim and kills nobody."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.memcontrol import MAX_RECLAIM_RETRIES
from memcgsim.kernel.oom_victim import MEMCG_RECLAIM_ROUND_NS
from memcgsim.shell import run_script

G = "/sys/fs/cgroup/g"
MB = 1 << 20


def _events(k, sh) -> dict[str, int]:
    return {ln.split()[0]: int(ln.split()[1]) for ln in k.read(G + "/memory.events", sh).splitlines()}


def _oom(design: str, cpus: int):
    """A 6 MiB task asleep in an 8M memcg; another task there faults 4 MiB."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=cpus, seed=0, init="busybox")
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    k.mkdir(G, sh)
    k.write(G + "/memory.max", "8M", sh)
    big, w = k.fork(sh, "big"), k.fork(sh, "writer")
    for t in (big, w):
        k.write(G + "/cgroup.procs", str(t.pid), sh)
    k.alloc_anon(big, 6 * MB)
    kills = []
    orig = k.oom_kill_task

    def oom_kill_task(t, *zap):
        orig(t, *zap)
        # right after the SIGKILL: alive, its pages charged, dying
        kills.append((t, t.alive, len(t.mm.anon), k.fatal_signal_pending(t), k.clock.now_ns))
    k.oom_kill_task = oom_kill_task
    t0 = k.clock.now_ns
    k.alloc_anon(w, 4 * MB)
    return k, sh, big, w, kills, t0


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_victim_exits_later_and_the_writer_goes_round_meanwhile(design):
    k, sh, big, w, kills, t0 = _oom(design, 1)
    assert [(t, alive, pending) for t, alive, _, pending, _ in kills] == [(big, True, True)]
    assert kills[0][2] >= 6 * MB // 4096
    # the charge went through once the victim's first pages were freed: it is
    # still on its way out (its exit_mmap frees its pages a batch at a time)
    k.advance(0.01)
    assert not big.alive and big.exit_signal == 9 and w.alive
    assert len(w.mm.anon) >= 4 * MB // 4096
    ev = _events(k, sh)
    # at 1 CPU the victim waits behind the writer: rounds of MEMCG_RECLAIM_ROUND_NS
    # until then, an OOM invocation every MAX_RECLAIM_RETRIES + 1 of them
    waited = k.clock.now_ns - kills[0][4]
    assert waited >= (MAX_RECLAIM_RETRIES + 1) * MEMCG_RECLAIM_ROUND_NS
    assert ev["oom_kill"] == 1 and ev["oom"] >= 2
    assert ev["max"] > (MAX_RECLAIM_RETRIES + 2) * ev["oom"] // 2


def test_a_victim_on_an_idle_cpu_is_gone_sooner():
    """Woken on another, idle CPU (``select_task_rq_fair``), the victim does not wait
    for the writer's slice: fewer OOM invocations than at 1 CPU."""
    one = _events(*_oom("6.1", 1)[:2])
    four = _events(*_oom("6.1", 4)[:2])
    assert one["oom_kill"] == four["oom_kill"] == 1
    assert 1 <= four["oom"] < one["oom"]


COMSUB = r"""C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control; mkdir $C/g; echo 8M > $C/g/memory.max
x=$(head -c 300000 /dev/zero | tr '\0' a); echo ${#x}
( echo $BASHPID > $C/g/cgroup.procs; x=$(head -c 20000000 /dev/zero | tr '\0' a) ) 2>/dev/null
grep -E '^oom_kill ' $C/g/memory.events
"""


def test_command_substitution_pipe_is_the_kernels():
    """``$(...)``'s pipe is a kernel pipe (its pipe_inode_info and pages charged, as
    a pipeline's), freed when both ends close, also when its reader is OOM-killed
    while its child still writes (exit_files of both)."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    first = k.pipes._next
    r = run_script(k, COMSUB, "t.sh")
    assert r.stdout == "300000\noom_kill 1\n"
    assert k.pipes._next - first == 4       # two substitutions, two `head | tr`
    assert k.pipes.live == {}


def _squeeze(design: str):
    """A parent P with a 6 MiB task and a small one in its child C; ``memory.max``
    written below the usage on P by a task outside it (every invariant checked:
    the pages the victim's exit_mmap has unmapped and not yet freed are owned)."""
    k = Kernel(design=design, cgroup="v2", nr_cpus=2, seed=0, init="busybox", debug=True)
    sh = k.spawn("bash")
    k.write("/sys/fs/cgroup/cgroup.subtree_control", "+memory", sh)
    k.mkdir("/sys/fs/cgroup/p", sh)
    k.write("/sys/fs/cgroup/p/cgroup.subtree_control", "+memory", sh)
    k.mkdir("/sys/fs/cgroup/p/c", sh)
    big, small = k.fork(sh, "big"), k.fork(sh, "small")
    for t in (big, small):
        k.write("/sys/fs/cgroup/p/c/cgroup.procs", str(t.pid), sh)
    k.alloc_anon(big, 6 * MB)
    k.alloc_anon(small, 64 << 10)
    kills, orig = [], k.oom_kill_task

    def oom_kill_task(t, *zap):
        kills.append((t, k.clock.now_ns))
        orig(t, *zap)
    k.oom_kill_task = oom_kill_task
    t0 = k.clock.now_ns
    k.write("/sys/fs/cgroup/p/memory.max", "1M", sh)
    ev = {ln.split()[0]: int(ln.split()[1])
          for ln in k.read("/sys/fs/cgroup/p/memory.events", sh).splitlines()}
    return k, big, small, kills, ev, k.clock.now_ns - t0


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_memory_max_write_loops_while_its_victim_exits(design):
    """``memory_max_write`` counts MEMCG_OOM at every pass of its loop while the
    victim it killed exits (each pass aborts on it): the passes fill the victim's
    ``exit_mmap``, which takes time by its resident pages."""
    from memcgsim.kernel.fork import EXIT_COST_NS
    from memcgsim.kernel.oom_victim import MEMCG_OOM_PASS_NS, exit_mmap_ns
    k, big, small, kills, ev, took = _squeeze(design)
    assert kills[0][0] is big
    k.advance(0.01)
    assert not big.alive
    unmap, free = exit_mmap_ns(6 * MB // 4096)
    # the victim's exit, unmap and (5.10) free, passed in passes of MEMCG_OOM_PASS_NS
    least = (EXIT_COST_NS + unmap + (0 if design == "6.1" else free)) // MEMCG_OOM_PASS_NS
    assert ev["oom"] >= least
    assert took >= ev["oom"] * MEMCG_OOM_PASS_NS // 2


def test_6_1_victim_skipped_once_unmapped_so_the_loop_kills_the_next_task():
    """6.1's ``exit_mmap`` sets MMF_OOM_SKIP before its pages are freed
    (bf3980c85212): a pass meanwhile passes over the victim and kills the next
    task over the limit; 5.10 reaps the pages first, so its loop ends on their
    uncharge with one kill."""
    k, big, small, kills, ev, _ = _squeeze("6.1")
    assert [t for t, _ in kills] == [big, small] and ev["oom_kill"] == 2
    k.advance(0.01)     # the loop ended on big's uncharge: small dies when it runs
    assert not small.alive
    _, big, small, kills, ev, _ = _squeeze("5.10")
    assert [t for t, _ in kills] == [big] and small.alive
    assert ev["oom_kill"] == 1
