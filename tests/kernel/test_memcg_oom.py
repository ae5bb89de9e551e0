"""cgroup v1 ``memory.oom_control`` (kernel/memcg_oom.py): with ``oom_kill_disable``
a user-mode fault at the limit sleeps in ``mem_cgroup_oom_synchronize`` (``under_oom``
1) until ``memcg_oom_recover``; kernel-side charges fail. What the recorded kernels
do (tests/conformance/scripts/oom-control-v1.sh, 5.10.262 and 6.1.192)."""
from __future__ import annotations

import errno

import pytest

from memcgsim import Kernel
from memcgsim.shell.interp import run_script
from memcgsim.sysapi import TaskKilled

V1 = "/sys/fs/cgroup/memory"
MB = 1 << 20


def _setup(design: str, limit: str = "4M", path: str = "/w"):
    """A v1 memcg at ``path`` with ``limit`` and oom_kill_disable 1, a task in it."""
    k = Kernel(design=design, cgroup="v1", init="busybox")
    sh = k.spawn("bash")
    cg = V1 + path
    k.mkdir(cg, sh)
    k.write(cg + "/memory.limit_in_bytes", limit, sh)
    k.write(cg + "/memory.oom_control", "1", sh)
    t = k.fork(sh, "hog")
    k.write(cg + "/cgroup.procs", str(t.pid), sh)
    return k, sh, t, cg


def _oom_control(k, sh, cg) -> dict[str, int]:
    return {ln.split()[0]: int(ln.split()[1]) for ln in k.read(cg + "/memory.oom_control", sh).splitlines()}


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_raised_limit_wakes_the_waiter(design):
    """The task sleeps at 4M (under_oom 1, no kill); raising the limit to 8M wakes it,
    it faults again and gets what it asked for."""
    k, sh, t, cg = _setup(design)
    seen = []

    def sleeper(pred):
        seen.append((_oom_control(k, sh, cg), k.memcg_oom.waitq[:]))
        k.write(cg + "/memory.limit_in_bytes", "8M", sh)
        return pred()
    k.sleeper = sleeper
    k.alloc_anon(t, 6 * MB)
    assert seen == [({"oom_kill_disable": 1, "under_oom": 1, "oom_kill": 0}, [t])]
    assert _oom_control(k, sh, cg) == {"oom_kill_disable": 1, "under_oom": 0, "oom_kill": 0}
    assert t.alive and len(t.mm.anon) >= 6 * MB // 4096
    assert int(k.read(cg + "/memory.usage_in_bytes", sh)) >= 6 * MB
    assert k.memcg_oom.waitq == [] and t.memcg_in_oom is None


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_clearing_oom_kill_disable_lets_the_oom_killer_run(design):
    """Woken by ``oom_kill_disable`` 0, the task faults again and the OOM killer,
    now allowed, kills it: oom_kill 1, one report in dmesg."""
    k, sh, t, cg = _setup(design)
    k.sleeper = lambda pred: (k.write(cg + "/memory.oom_control", "0", sh), pred())[1]
    with pytest.raises(TaskKilled) as e:
        k.alloc_anon(t, 6 * MB)
    assert (e.value.pid, e.value.signal) == (t.pid, 9)
    assert _oom_control(k, sh, cg) == {"oom_kill_disable": 0, "under_oom": 0, "oom_kill": 1}
    assert sum("invoked oom-killer" in ln for ln in k.log.lines) == 1


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_kill_ends_the_wait(design):
    """SIGKILL wakes the waiter (TASK_KILLABLE): it dies when it runs (the clock
    moves on while it sleeps: kernel/signal.py), under_oom is 0 again, the OOM
    killer never ran, its pages are uncharged."""
    k, sh, t, cg = _setup(design)
    k.sleeper = lambda pred: (k.kill(t.pid, 9, sh), k.advance(0.01), pred())[-1]
    with pytest.raises(TaskKilled):
        k.alloc_anon(t, 6 * MB)
    assert _oom_control(k, sh, cg) == {"oom_kill_disable": 1, "under_oom": 0, "oom_kill": 0}
    assert k.memcg_oom.waitq == [] and not t.alive
    assert int(k.read(cg + "/memory.usage_in_bytes", sh)) < MB


def test_uncharge_in_a_child_wakes_the_waiter_of_its_parent():
    """The limit is the parent's: its subtree reads under_oom 1 (the child's file
    too); pages uncharged in the child (another task's exit, ``uncharge_batch``)
    wake the waiter (``memcg_oom_wake_function``: an ancestor's waiter)."""
    k, sh, _, cg = _setup("6.1", "6M", "/p")
    k.write(V1 + "/p/cgroup.procs", str(sh.pid), sh)     # the shell makes the child there
    k.mkdir(cg + "/c", sh)
    k.write(V1 + "/cgroup.procs", str(sh.pid), sh)
    other = k.fork(sh, "other")
    hog = k.fork(sh, "hog2")
    for task in (other, hog):
        k.write(cg + "/c/cgroup.procs", str(task.pid), sh)
    k.alloc_anon(other, 2 * MB)
    calls = []

    def sleeper(pred):
        calls.append(_oom_control(k, sh, cg + "/c")["under_oom"])
        if len(calls) == 1:
            k.exit(other)           # its 2M uncharged: wakes hog, which fills it again
        else:
            k.write(cg + "/memory.limit_in_bytes", "16M", sh)
        return pred()
    k.sleeper = sleeper
    k.alloc_anon(hog, 8 * MB)
    assert calls == [1, 1]
    assert hog.alive and _oom_control(k, sh, cg)["under_oom"] == 0


@pytest.mark.parametrize("design", ["5.10", "6.1"])
def test_kernel_side_charges_fail_instead_of_waiting(design):
    """A kernel-mode fault (``read()`` copying into a fresh buffer) fails with EFAULT
    (busybox tail: status 1 in the recordings); a fork (kernel stack, page tables)
    fails with ENOMEM; nobody sleeps, nobody is killed."""
    k, sh, t, cg = _setup(design)
    slept = []
    k.sleeper = lambda pred: slept.append(1) or pred()
    with pytest.raises(OSError) as e:
        k.alloc_anon(t, 6 * MB, copy=True)
    assert e.value.errno == errno.EFAULT
    with pytest.raises(OSError) as e:
        k.fork(t, "child")
    assert e.value.errno == errno.ENOMEM
    assert slept == [] and t.alive
    assert _oom_control(k, sh, cg) == {"oom_kill_disable": 1, "under_oom": 0, "oom_kill": 0}


def test_without_a_scheduler_the_fault_fails():
    """One call at a time (no sleeper): nothing could wake the task, so the fault
    ends short, unmarked, as before the wait existed."""
    k, sh, t, cg = _setup("6.1")
    k.alloc_anon(t, 6 * MB)
    assert t.alive and 3 * MB < int(k.read(cg + "/memory.usage_in_bytes", sh)) <= 4 * MB
    assert _oom_control(k, sh, cg)["under_oom"] == 0 and k.memcg_oom.waitq == []


@pytest.mark.parametrize("text", ["2", "-1", "x", ""])
def test_write_refuses_all_but_0_and_1(text):
    """``mem_cgroup_oom_control_write``: ``kstrtoull`` then 0 or 1 (EINVAL), and never
    on the root (EINVAL), as recorded."""
    k, sh, _, cg = _setup("5.10")
    with pytest.raises(OSError) as e:
        k.write(cg + "/memory.oom_control", text, sh)
    assert e.value.errno == errno.EINVAL
    with pytest.raises(OSError) as e:
        k.write(V1 + "/memory.oom_control", "0", sh)
    assert e.value.errno == errno.EINVAL


SCRIPT = """cd /sys/fs/cgroup/memory
mkdir w; echo 4M > w/memory.limit_in_bytes; echo 1 > w/memory.oom_control
( sleep 2; cat w/memory.oom_control; echo 16M > w/memory.limit_in_bytes ) &
echo $$ > w/cgroup.procs
printf -v x '%*s' 8000000 ''
echo "grown ${#x} at $SECONDS s"; echo $$ > cgroup.procs; wait
cat w/memory.oom_control
"""


def test_the_scripts_shell_waits_until_a_job_raises_the_limit():
    """The script's own shell waits under OOM as a blocked command: the background
    job runs meanwhile, reads under_oom 1 and raises the limit, and the shell goes on."""
    r = run_script(Kernel(design="6.1", cgroup="v1", init="busybox"), SCRIPT, "t.sh")
    assert r.stdout.splitlines() == [
        "oom_kill_disable 1", "under_oom 1", "oom_kill 0", "grown 8000000 at 2 s",
        "oom_kill_disable 1", "under_oom 0", "oom_kill 0"], r.stderr
    assert r.status == 0


def test_a_wait_nothing_can_end_is_reported():
    """Nothing left to raise the limit: bash would hang; the model says so."""
    r = run_script(Kernel(design="6.1", cgroup="v1", init="busybox"),
                   SCRIPT.replace("( sleep 2; cat w/memory.oom_control; echo 16M > "
                                  "w/memory.limit_in_bytes ) &\n", ""), "t.sh")
    assert r.stdout == "" and r.status == 2
    assert "would block forever" in r.stderr


def test_anon_mapping_over_ram_and_swap_is_refused():
    """``__vm_enough_memory`` (OVERCOMMIT_GUESS): one mapping of more pages than
    totalram_pages() + total_swap_pages fails with ENOMEM before any fault."""
    from memcgsim.fs.procmem import totalram_pages
    k = Kernel(design="6.1", cgroup="v2")
    t = k.spawn("hog")
    anon = k.read("/proc/meminfo", t).split("AnonPages:")[1].split()[0]
    with pytest.raises(OSError) as e:
        k.alloc_anon(t, (totalram_pages(k) + 1) * 4096)
    assert e.value.errno == errno.ENOMEM and t.alive
    assert k.read("/proc/meminfo", t).split("AnonPages:")[1].split()[0] == anon
