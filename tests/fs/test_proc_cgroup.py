"""/proc/PID/cgroup, cgroup.procs order and vm.swappiness as the oracle's guests
print them (recordings zombie-cgroup*, proc-cgroup-format*, procs-order*,
v1-inherit-knobs-8cpu)."""
from __future__ import annotations

import pytest

from memcgsim import Kernel
from memcgsim.kernel.invariants import check_invariants
from memcgsim.shell import run_script

# a subshell in z/in forks a short sleep and becomes a long one that never reaps it;
# the long one is moved out, so z/in holds the zombie only
ZOMBIE = """
mkdir $R/z $R/z/in
( echo $BASHPID > $R/z/in/cgroup.procs; sleep 1 & echo $! > /tmp/zpid; exec sleep 8 ) &
h=$!
sleep 2
z=$(cat /tmp/zpid)
echo $h > $R/cgroup.procs
echo "procs $(wc -l < $R/z/in/cgroup.procs)"
rmdir $R/z/in; echo "rmdir $?"
grep -v '^0::/$' /proc/$z/cgroup
grep -w memory /proc/cgroups | cut -f3
kill $h; wait $h 2>/dev/null; sleep 1
grep -w memory /proc/cgroups | cut -f3
"""


@pytest.mark.parametrize("cgroup,line", [("v1", "1:memory:/"), ("v2", "0::/z/in (deleted)")])
def test_zombie_keeps_its_removed_cgroup_until_reaped(cgroup, line):
    """cgroup_exit: no longer listed, rmdir allowed; proc_cgroup_show: "/" on v1
    (PF_EXITING), the path " (deleted)" on cgroup2; the css_set keeps the cgroup
    counted in /proc/cgroups until the zombie is reaped (real 3, then 2 on v2)."""
    k = Kernel(design="6.1", cgroup=cgroup, init="busybox", userland="busybox", debug=True)
    r = run_script(k, ("R=/sys/fs/cgroup/memory\n" if cgroup == "v1" else
                       "R=/sys/fs/cgroup; echo +memory > $R/cgroup.subtree_control\n") + ZOMBIE,
                   "z.sh")
    out = r.stdout.splitlines()
    assert out[:4] == ["procs 0", "rmdir 0", line, "3"]
    assert out[4] == ("3" if cgroup == "v1" else "2")
    check_invariants(k)


def test_v1_guest_without_cgroup2_has_no_dfl_line():
    """cgrp_dfl_visible: the busybox guest never mounted cgroup2 (one line); a
    systemd host's hybrid layout did."""
    for init, lines in (("busybox", "1:memory:/\n"), ("systemd", "1:memory:/\n0::/\n")):
        k = Kernel(design="5.10", cgroup="v1", init=init)
        assert run_script(k, "cat /proc/self/cgroup", "c.sh").stdout == lines


SLEEPERS = """
mkdir $R/o
for i in 1 2 3 4; do sleep 60 & P[i]=$!; done
for i in 3 1 4 2; do echo ${P[i]} > $R/o/cgroup.procs; done
echo ${P[3]} > $R/cgroup.procs; echo ${P[3]} > $R/o/cgroup.procs; echo ${P[1]} > $R/o/cgroup.procs
for p in $(cat $R/o/cgroup.procs); do for i in 1 2 3 4; do [ $p = ${P[i]} ] && echo -n "$i "; done; done
kill ${P[@]}
"""


@pytest.mark.parametrize("cgroup,order", [("v1", "1 2 3 4 "), ("v2", "1 4 2 3 ")])
def test_cgroup_procs_order(cgroup, order):
    """v1: pidlist_array_load sorts; cgroup2: css_task_iter in join order (a move
    out and back goes to the tail, a write of a member moves nothing)."""
    k = Kernel(design="6.1", cgroup=cgroup, init="busybox")
    R = "/sys/fs/cgroup/memory" if cgroup == "v1" else "/sys/fs/cgroup"
    assert run_script(k, f"R={R}\n" + SLEEPERS, "o.sh").stdout == order


def test_vm_swappiness_is_the_root_memcg_swappiness():
    """mem_cgroup_swappiness: the root's memory.swappiness is vm_swappiness; a new
    child copies its parent's at mkdir (the root's: vm_swappiness)."""
    k = Kernel(design="6.1", cgroup="v1", init="busybox")
    r = run_script(k, """M=/sys/fs/cgroup/memory
cat /proc/sys/vm/swappiness
echo 40 > $M/memory.swappiness; cat /proc/sys/vm/swappiness
mkdir $M/q; echo 70 > /proc/sys/vm/swappiness
echo "$(cat $M/memory.swappiness) $(cat $M/q/memory.swappiness)"
echo 201 > /proc/sys/vm/swappiness; echo $?
""", "s.sh")
    assert r.stdout == "60\n40\n70 40\n1\n"
    assert "Invalid argument" in r.stderr
