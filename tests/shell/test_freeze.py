"""The cgroup2 freezer as the shell's jobs see it (``cgroup_task_frozen``)."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.shell.interp import run_script


def _run(text: str):
    return run_script(Kernel(design="6.1", cgroup="v2"), text, "t")


def test_a_frozen_job_sleeps_past_its_timer_and_runs_at_the_thaw():
    r = _run("""mkdir /sys/fs/cgroup/f
( echo $BASHPID > /sys/fs/cgroup/f/cgroup.procs; sleep 1; echo woke ) &
sleep 0.1; echo 1 > /sys/fs/cgroup/f/cgroup.freeze
sleep 5; echo thaw; echo 0 > /sys/fs/cgroup/f/cgroup.freeze
wait
""")
    assert r.stdout == "thaw\nwoke\n"


def test_moving_into_a_frozen_cgroup_freezes_and_the_shell_stops():
    r = _run("""mkdir /sys/fs/cgroup/g; echo 1 > /sys/fs/cgroup/g/cgroup.freeze
echo before
echo $BASHPID > /sys/fs/cgroup/g/cgroup.procs
echo never
""")
    assert r.stdout == "before\n"
    assert r.stderr == "memcgsim: t:3: command would block forever\n" and r.status == 2


def test_freezing_a_parent_freezes_the_child_and_rmdir_forgets_it():
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, """R=/sys/fs/cgroup
mkdir -p $R/p/c; echo 1 > $R/p/cgroup.freeze
grep frozen $R/p/c/cgroup.events; cat $R/p/c/cgroup.freeze
rmdir $R/p/c $R/p
""", "t")
    assert r.stdout == "frozen 1\n0\n" and r.status == 0
    assert k.memory_root.nr_freezing == 0


def test_a_stop_to_a_frozen_task_waits_for_the_thaw_and_a_cont_discards_it():
    r = _run("""F=/sys/fs/cgroup/f; mkdir $F
st() { echo "$(grep State /proc/$p/status | cut -f2) $(grep ShdPnd /proc/$p/status | cut -f2)"; }
sleep 30 & p=$!; sleep 0.2; echo $p > $F/cgroup.procs
echo 1 > $F/cgroup.freeze; kill -STOP $p; sleep 0.3; st
echo 0 > $F/cgroup.freeze; sleep 0.3; st
kill -CONT $p; echo 1 > $F/cgroup.freeze; kill -STOP $p; kill -CONT $p; sleep 0.3
echo 0 > $F/cgroup.freeze; sleep 0.3; st
kill -9 $p
""")
    assert r.stdout == ("S (sleeping) 0000000000040000\nT (stopped) 0000000000000000\n"
                        "S (sleeping) 0000000000000000\n")
