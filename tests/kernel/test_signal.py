"""kernel/signal.py: a fatal signal's target dies when it next runs on its CPU."""
import pytest

from memcgsim import Kernel
from memcgsim.kernel.fork import EXIT_COST_NS
from memcgsim.kernel.sched import SAME_CPU_SLICE_NS
from memcgsim.kernel.signal import SIGNAL_WAKEUP_NS
from memcgsim.shell import run_script
from memcgsim.sysapi import TaskKilled

NS = 1e-9


def _sleeper(k, sh, cpu):
    t = k.fork(sh)
    k.exec(t, "/bin/sleep", ["sleep", "100"])
    t.cpu = cpu
    return t


def test_target_on_another_cpu_dies_after_its_wakeup_and_exit():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    sh.cpu = 0
    a, b = _sleeper(k, sh, 1), _sleeper(k, sh, 1)
    t0 = k.clock.now_ns
    k.kill(a.pid, 9, sh)
    # the sender spent the wakeup's time; the target is still listed, /proc/PID there
    assert k.clock.now_ns == t0 + SIGNAL_WAKEUP_NS
    assert a.alive and k.task(a.pid) is a and k.fatal_signal_pending(a)
    assert k.next_signal_exit() == pytest.approx((t0 + SIGNAL_WAKEUP_NS + EXIT_COST_NS) * NS)
    k.kill(b.pid, 15, sh)
    # a ran to its exit meanwhile; b runs on the same CPU after it
    assert not a.alive and a.exit_code == 128 + 9 and b.alive
    k.kill(b.pid, 15, sh)           # SIGKILL already pending: nothing more
    due = t0 + SIGNAL_WAKEUP_NS + 2 * EXIT_COST_NS
    assert k.next_signal_exit() == pytest.approx(due * NS)
    k.clock.run_until(due)
    assert not b.alive and b.exit_code == 128 + 15
    assert not k.fatal_signal_pending(b) and k.next_signal_exit() == float("inf")


def test_target_on_the_senders_cpu_runs_when_the_sender_blocks():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    sh.cpu = 0
    a, b = _sleeper(k, sh, 0), _sleeper(k, sh, 0)
    t0 = k.clock.now_ns
    k.kill(a.pid, 9, sh)
    k.kill(b.pid, 9, sh)
    # not before the sender's slice ends...
    assert k.next_signal_exit() == pytest.approx((t0 + SAME_CPU_SLICE_NS + EXIT_COST_NS) * NS)
    assert a.alive and b.alive
    k.clock.run_until(t0 + SAME_CPU_SLICE_NS)
    assert a.alive and b.alive
    # ...unless it blocks first: then they run, in turn
    k2 = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh2 = k2.spawn("bash")
    sh2.cpu = 0
    a2, b2 = _sleeper(k2, sh2, 0), _sleeper(k2, sh2, 0)
    k2.kill(a2.pid, 9, sh2)
    k2.kill(b2.pid, 9, sh2)
    t1 = k2.clock.now_ns
    k2.schedule(sh2)
    k2.clock.run_until(t1 + EXIT_COST_NS)
    assert not a2.alive and b2.alive
    k2.clock.run_until(t1 + 2 * EXIT_COST_NS)
    assert not b2.alive
    # the first timers are stale: nothing dies twice
    k2.clock.run_until(t1 + SAME_CPU_SLICE_NS + 3 * EXIT_COST_NS)
    assert k2.procs.nr_killed == 2


def test_a_task_signalling_itself_dies_on_the_return():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    with pytest.raises(TaskKilled):
        k.kill(sh.pid, 9, sh)
    assert not sh.alive and not k.fatal_signal_pending(sh)


SCRIPT = """\
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/a
for i in 1 2 3; do ( echo $BASHPID > $C/a/cgroup.procs; exec sleep 100 ) & done
sleep 0.5
echo 1 > $C/a/cgroup.kill
wait 2>/dev/null
echo "after wait: $(wc -l < $C/a/cgroup.procs) $?"
"""


@pytest.mark.parametrize("cpus", [1, 2])
def test_cgroup_kill_then_wait(cpus):
    """At 2 CPUs the sleepers on the other CPU die one after the other while the
    write sends the signals: those gone by its end are reported as of the
    ``wait``'s line, the last dies inside the wait (bash's ``wait_for`` reports it
    to wait's /dev/null), as in two of the 6.1 guests' runs of freeze-v2 (which
    reported two, none and two); one or two, as the sleepers' CPUs fall (since 6.1's
    first cgroup.procs write waits a grace period, kernel/rcu_sync.py, the third
    sleeper runs on the shell's CPU at seed 0: one report); at 1 CPU they run once
    the shell blocks in the wait: no report."""
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=cpus, seed=0, init="busybox",
               userland="busybox")
    res = run_script(k, SCRIPT, "kill.sh")
    assert res.stdout == "after wait: 0 0\n"
    lines = res.stderr.splitlines()
    assert (1 <= len(lines) <= 2) if cpus == 2 else not lines
    assert all(ln.startswith("kill.sh: line 7: ") and " Killed " in ln for ln in lines)
    # the same script with the sleepers dead before its next line reports all three
    res = run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=cpus, seed=0, init="busybox",
                            userland="busybox"),
                     SCRIPT.replace("cgroup.kill\n", "cgroup.kill; sleep 0.1\n"), "kill.sh")
    assert res.stderr.count("Killed") == 3


def test_stop_keeps_the_task_and_its_memory_until_sigcont():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    a = _sleeper(k, sh, 1)
    k.alloc_anon(a, 64 * 4096)
    memcg = k.task_memcg(a)
    usage = memcg.memory.usage
    k.kill(a.pid, 19, sh)                   # SIGSTOP
    assert a.state == "stopped" and a.alive and k.task(a.pid) is a
    assert not k.fatal_signal_pending(a)
    k.kill(a.pid, 15, sh)                   # held: wants_signal refuses a stopped task
    k.clock.run_until(k.clock.now_ns + 10**9)
    assert a.state == "stopped" and a.shdpending == 1 << 15
    assert memcg.memory.usage == usage      # its pages stay charged
    k.kill(a.pid, 18, sh)                   # SIGCONT: running, then the TERM acts
    assert a.state == "running" and a.shdpending == 0 and k.fatal_signal_pending(a)
    k.clock.run_until(k.clock.now_ns + 10**9)
    assert not a.alive and a.exit_code == 128 + 15


def test_sigkill_ends_a_stopped_task_and_cont_alone_resumes_it():
    k = Kernel(design="5.10", cgroup="v1", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    a, b = _sleeper(k, sh, 0), _sleeper(k, sh, 1)
    k.kill(a.pid, 19, sh)
    k.kill(a.pid, 9, sh)
    k.clock.run_until(k.clock.now_ns + 10**9)
    assert not a.alive and a.exit_code == 128 + 9
    k.kill(b.pid, 19, sh)
    k.kill(b.pid, 19, sh)
    k.kill(b.pid, 18, sh)
    assert b.state == "running" and b.alive and not k.fatal_signal_pending(b)
    k.kill(b.pid, 18, sh)                   # a running task ignores SIGCONT
    assert b.state == "running"


def test_tstp_is_discarded_in_an_orphaned_process_group_only():
    k = Kernel(design="6.1", cgroup="v2", nr_cpus=2, seed=0)
    sh = k.spawn("bash")
    a = _sleeper(k, sh, 1)
    # the guests' layout: every task in process group 0, init's children skipped
    for sig in (20, 21, 22):                # TSTP, TTIN, TTOU
        k.kill(a.pid, sig, sh)
        assert a.state == "running"
    # a job-control shell's job: its own group, its parent in the same session
    k.setpgid(a, 0)
    k.kill(a.pid, 20, sh)
    assert a.state == "stopped"
    k.kill(a.pid, 18, sh)
    # the same job once its parent left the session: orphaned again
    k.setsid(sh)
    k.kill(a.pid, 21, sh)
    assert a.state == "running"
