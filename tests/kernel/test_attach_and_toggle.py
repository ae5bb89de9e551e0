"""Moving a task with v1 move_charge_at_immigrate into a group too small for it
(mm/memcontrol.c ``mem_cgroup_can_attach``: -ENOMEM, the task stays), the memory
controller switched off and on below a populated cgroup2 subtree
(kernel/cgroup/cgroup.c ``cgroup_apply_control_disable``), and a shell killed while
its foreground child runs (the child ends by itself)."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.shell.interp import run_script

MOVE = """
cd /sys/fs/cgroup/memory
mkdir src dst
echo 4M > dst/memory.limit_in_bytes
echo 1 > dst/memory.move_charge_at_immigrate
(echo $BASHPID > src/cgroup.procs; printf -v x '%*s' 8000000 ''; : > /tmp/r; sleep 100; :) &
until [ -e /tmp/r ]; do sleep 0.1; done
echo $! 2>&1 > dst/cgroup.procs | sed 's/^.*: //'
echo "src $(wc -l < src/cgroup.procs) dst $(wc -l < dst/cgroup.procs) dst usage $(cat dst/memory.usage_in_bytes)"
echo 16M > dst/memory.limit_in_bytes
echo $! > dst/cgroup.procs
echo "src $(wc -l < src/cgroup.procs) dst $(wc -l < dst/cgroup.procs) dst rss > 7M $(awk '$1 == "rss" {print ($2 > 7 * 1048576)}' dst/memory.stat)"
"""


def test_a_failed_precharge_fails_the_move():
    for design in ("5.10", "6.1"):
        r = run_script(Kernel(design=design, cgroup="v1", nr_cpus=2), MOVE, "t")
        assert r.stdout.splitlines() == [
            "Cannot allocate memory", "src 2 dst 0 dst usage 0",
            "src 1 dst 1 dst rss > 7M 1"], design


TOGGLE = """
C=/sys/fs/cgroup
echo +memory > $C/cgroup.subtree_control
mkdir $C/s $C/s/a
echo +memory > $C/s/cgroup.subtree_control
echo 8M > $C/s/a/memory.max
(echo $BASHPID > $C/s/a/cgroup.procs; head -c 1M /dev/zero > /dev/shm/f)
echo -memory > $C/s/cgroup.subtree_control
echo "off: $(ls $C/s/a | grep -c '^memory\\.') s shmem $(awk '$1 == "shmem" {print $2}' $C/s/memory.stat)"
echo +memory > $C/s/cgroup.subtree_control
echo "on: max $(cat $C/s/a/memory.max) current $(cat $C/s/a/memory.current)"
rm /dev/shm/f
echo "rm: s shmem $(awk '$1 == "shmem" {print $2}' $C/s/memory.stat)"
"""


def test_memory_switched_off_and_on_below_a_populated_cgroup():
    """Off: a's memory.* files go but memory.pressure (PSI), its charges stay under s;
    on again: a fresh memcg."""
    r = run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2, debug=True), TOGGLE, "t")
    assert r.stdout.splitlines() == ["off: 1 s shmem 1048576", "on: max max current 0",
                                     "rm: s shmem 0"]


ORPHAN = """
( (while :; do sleep 0.5; done) & echo $! > /tmp/p )
sleep 0.2
kill -9 $(cat /tmp/p)
echo "children: $(ls /proc | grep -c '^[0-9]')"
sleep 1
echo "children: $(ls /proc | grep -c '^[0-9]')"
"""


def test_a_killed_shells_foreground_child_ends_by_itself():
    """The sleep the killed loop was waiting for is reparented and exits 0.3 s later."""
    r = run_script(Kernel(design="6.1", cgroup="v2", nr_cpus=2), ORPHAN, "t")
    a, b = (int(line.split()[1]) for line in r.stdout.splitlines())
    assert a == b + 1
