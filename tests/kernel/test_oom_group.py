"""``memory.oom.group`` (mm/oom_kill.c ``oom_kill_process``, mm/memcontrol.c
``mem_cgroup_get_oom_group``): the group is the highest memcg with the flag between
the victim's and the OOMing one; cgroup1 has none."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.shell.interp import run_script

SCRIPT = """
R=/sys/fs/cgroup
mkdir $R/a $R/a/b $R/a/c
echo +memory > $R/a/cgroup.subtree_control
echo 1 > $R/a/memory.oom.group
echo 0 > $R/a/b/memory.swap.max
echo 50M > $R/a/{LIMITED}/memory.max
( echo $BASHPID > $R/a/b/cgroup.procs; exec sleep 100 ) &
( echo $BASHPID > $R/a/c/cgroup.procs; exec sleep 100 ) &
sleep 0.1
( echo $BASHPID > $R/a/b/cgroup.procs; head -c 100M /dev/zero | tail > /dev/null ) 2>/dev/null
for cg in a a/b a/c; do echo "$cg $(wc -l < $R/$cg/cgroup.procs) $(grep -E '^oom_(kill|group_kill) ' $R/$cg/memory.events | tr '\\n' ' ')"; done
"""


def _run(limited: str) -> list[str]:
    r = run_script(Kernel(design="6.1", cgroup="v2"), SCRIPT.replace("{LIMITED}", limited), "t")
    return r.stdout.splitlines()


def test_the_oom_domain_bounds_the_group():
    """An OOM in b, below a's oom.group: only the victim (tail) is killed (head, then
    the subshell, end of SIGPIPE and exit); the sleepers live."""
    assert _run("b") == ["a 0 oom_kill 1 oom_group_kill 0 ", "a/b 1 oom_kill 1 oom_group_kill 0 ",
                         "a/c 1 oom_kill 0 oom_group_kill 0 "]


def test_the_highest_group_up_to_the_domain_is_killed():
    """An OOM in a, the victim in b: a's whole subtree dies, the victim listed twice
    (b: bash, head, tail twice, sleep; c: sleep)."""
    assert _run("") == ["a 0 oom_kill 6 oom_group_kill 1 ", "a/b 0 oom_kill 5 oom_group_kill 0 ",
                        "a/c 0 oom_kill 1 oom_group_kill 0 "]


NO_MEMORY_CHILD = """
R=/sys/fs/cgroup
mkdir $R/a $R/a/c
echo 1 > $R/a/memory.oom.group
echo 0 > $R/a/memory.swap.max
echo 50M > $R/a/memory.max
( echo $BASHPID > $R/a/c/cgroup.procs; exec sleep 100 ) &
( echo $BASHPID > $R/a/c/cgroup.procs; echo -1000 > /proc/$BASHPID/oom_score_adj; exec sleep 100 ) &
sleep 0.1
( echo $BASHPID > $R/a/c/cgroup.procs; head -c 100M /dev/zero | tail > /dev/null ) 2>/dev/null
echo "$? $(wc -l < $R/a/c/cgroup.procs) $(grep -E '^oom_(kill|group_kill) ' $R/a/memory.events | tr '\\n' ' ')"
"""


def test_tasks_of_a_child_without_memory_css_are_the_parents():
    """a has no +memory in its subtree_control: c's tasks use a's memory css
    (css_task_iter walks its e_csets), so the victim (tail) is chosen among them and
    the group kill takes them all but the oom_score_adj -1000 sleeper (recording
    v2-oom-group-domain: og/c keeps 1 task): tail, then sleep, bash, head and tail
    again, as oom-group's recording counts the victim twice."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), NO_MEMORY_CHILD, "t")
    assert r.stdout == "137 1 oom_kill 5 oom_group_kill 1 \n"
