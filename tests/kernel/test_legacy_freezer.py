"""The v1 freezer controller (kernel/legacy_freezer.py: kernel/cgroup/legacy_freezer.c)
mounted beside the memory hierarchy, as the shell's scripts see it."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.invariants import check_invariants
from memcgsim.shell.interp import run_script

MOUNT = """mkdir /sys/fs/cgroup/freezer
mount -t cgroup -o freezer freezer /sys/fs/cgroup/freezer
cd /sys/fs/cgroup/freezer
"""


def _run(text: str, design: str = "5.10"):
    k = Kernel(design=design, cgroup="v1")
    return k, run_script(k, MOUNT + text, "t")


def test_the_mount_adds_a_hierarchy_every_task_starts_at_its_root():
    k, r = _run("""grep -E '^(memory|freezer)' /proc/cgroups
cat /proc/self/cgroup
echo $(ls); cat freezer.state
mkdir a; echo $(ls a)
""")
    assert r.stdout.splitlines() == [
        "memory\t1\t1\t1", "freezer\t2\t1\t1", "2:freezer:/", "1:memory:/", "0::/",
        "cgroup.clone_children cgroup.procs cgroup.sane_behavior notify_on_release "
        "release_agent tasks",
        "cgroup.clone_children cgroup.procs freezer.parent_freezing freezer.self_freezing "
        "freezer.state notify_on_release tasks"]
    assert "freezer.state: No such file or directory" in r.stderr
    check_invariants(k)


@pytest.mark.parametrize("value,ok", [("FROZEN", True), ("THAWED", True), (" FROZEN \n", True),
                                      ("FREEZING", False), ("frozen", False), ("1", False),
                                      ("THAWED x", False)])
def test_freezer_state_takes_thawed_or_frozen_only(value, ok):
    _, r = _run(f"""mkdir a
printf '%s' '{value}' > a/freezer.state; echo $?
""")
    assert r.stdout == ("0\n" if ok else "1\n")
    assert ("Invalid argument" in r.stderr) is not ok


def test_self_and_parent_freezing_through_the_tree():
    _, r = _run("""mkdir -p a/b
show() { for c in a a/b; do echo "$c $(cat $c/freezer.state) $(cat $c/freezer.self_freezing) $(cat $c/freezer.parent_freezing)"; done; }
echo FROZEN > a/b/freezer.state; echo FROZEN > a/freezer.state; show
echo THAWED > a/freezer.state; show
echo FROZEN > a/freezer.state; mkdir a/c; cat a/c/freezer.parent_freezing a/c/freezer.state
echo 1 > a/freezer.self_freezing; echo $?
""")
    assert r.stdout == ("a FROZEN 1 0\na/b FROZEN 1 1\na THAWED 0 0\na/b FROZEN 1 0\n"
                        "1\nFROZEN\n1\n")


def test_a_frozen_task_holds_even_sigkill_until_the_thaw():
    _, r = _run("""mkdir a
sleep 100 & s=$!
echo $s > a/cgroup.procs; echo FROZEN > a/freezer.state; sleep 0.5
grep State /proc/$s/status
kill -KILL $s; sleep 0.5
wc -l < a/cgroup.procs; grep State /proc/$s/status
echo THAWED > a/freezer.state
wait $s; echo "wait $?"
""")
    assert r.stdout == "State:\tD (disk sleep)\n1\nState:\tD (disk sleep)\nwait 137\n"


def test_moved_in_it_freezes_moved_out_it_thaws_and_the_shell_waits_for_the_thaw():
    _, r = _run("""mkdir a
echo FROZEN > a/freezer.state
sleep 0.2 & s=$!
echo $s > a/cgroup.procs; sleep 0.3
cat a/freezer.state; grep State /proc/$s/status
(sleep 1; echo THAWED > a/freezer.state) &
wait $s; echo "wait $?: $(cat a/freezer.state)"
""")
    assert r.stdout == "FROZEN\nState:\tD (disk sleep)\nwait 0: THAWED\n"


def test_a_removed_child_not_yet_offline_keeps_its_parent_freezing():
    k, r = _run("""mkdir -p a/b
echo FROZEN > a/freezer.state
rmdir a/b
""")
    a = k.freezer.root.cgrp.children["a"]
    b = next(c for c in k.freezer.state if c.name == "b")
    k.freezer.update_if_frozen(a)
    assert k.freezer.read(a) == "FREEZING\n"    # b still online, never read since
    k.clock.run_until(k.clock.now_ns + 10_000_000)
    assert b not in k.freezer.state and k.freezer.read(a) == "FROZEN\n"


def test_cgroup2_has_no_v1_freezer_mount():
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, "mkdir /tmp/f; mount -t cgroup -o freezer freezer /tmp/f\n", "t")
    assert "a v1 freezer hierarchy beside cgroup2 is not modelled" in r.stderr


def test_a_task_asleep_in_a_memcg_oom_keeps_the_cgroup_freezing_until_it_wakes():
    _, r = _run("""cd ..; mkdir memory/w freezer/w
echo 16M > memory/w/memory.limit_in_bytes; echo 1 > memory/w/memory.oom_control
( echo $BASHPID > memory/w/cgroup.procs; echo $BASHPID > freezer/w/cgroup.procs
  printf -v x '%*s' 48000000 ''; echo "grown: ${#x}" ) &
until grep -q 'under_oom 1' memory/w/memory.oom_control; do sleep 0.5; done
echo FROZEN > freezer/w/freezer.state; sleep 0.5; cat freezer/w/freezer.state
echo 512M > memory/w/memory.limit_in_bytes; sleep 1
cat freezer/w/freezer.state; grep under_oom memory/w/memory.oom_control
echo thawing; echo THAWED > freezer/w/freezer.state; wait
""")
    assert r.stdout == "FREEZING\nFROZEN\nunder_oom 0\nthawing\ngrown: 48000000\n"
