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

    def oom_kill_task(t):
        orig(t)
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
