"""``kill -1`` and ``kill 0`` from a script (kernel/signal.c ``kill_something_info``;
machine.py ``Machine.kill_all``, ``kill_pgrp``): not run on the host (``kill -1``
would signal every process of the user there)."""
from memcgsim import Kernel
from memcgsim.shell import run_script


def test_kill_minus_one_spares_init_and_the_shell():
    """``kill -- -1`` sends SIGTERM to every process but init (pid 1) and the shell
    itself: its background jobs die of it, ``wait`` returns their 143, the
    shell goes on."""
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, "sleep 100 &\nsleep 200 &\nkill -- -1\necho $?\nwait $!\necho $?\n", "t.sh")
    assert r.stdout == "0\n143\n"
    assert r.status == 0
    init = k.task(1)
    assert init is not None and init.alive


def test_kill_minus_one_counts_the_kernel_threads():
    """Only init and the shell besides the kernel threads: ``kill -TERM -1`` still
    succeeds (``kill_something_info`` counts the kernel threads, which ignore the
    signal: ESRCH only with no process at all) and the shell lives on."""
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, "kill -TERM -1\necho $?\n", "t.sh")
    assert r.stdout == "0\n" and r.stderr == ""
    assert any(t.kthread and t.pid > 1 for t in k.tasks.values())
