"""mount/umount of the model's cgroup hierarchy at a second place (LTP's memcg
library mounts ``-t cgroup -o memory memcg /dev/memcg``)."""
from __future__ import annotations

from memcgsim import Kernel
from memcgsim.shell import run_script

V1 = """mkdir -p /dev/memcg
mount -t cgroup -o memory memcg /dev/memcg; echo "mount: $?"
mkdir /dev/memcg/t1; ls -d /sys/fs/cgroup/memory/t1
echo $$ > /dev/memcg/t1/tasks; grep -c . /sys/fs/cgroup/memory/t1/tasks
echo $$ > /dev/memcg/tasks; rmdir /dev/memcg/t1; echo "rmdir: $?"
mount -t cgroup -o memory,cpu x /mnt; echo "other controllers: $?"
mount -t cgroup2 none /mnt; echo "cgroup2: $?"
umount /dev/memcg; echo "umount: $?"; umount /dev/memcg; echo "again: $?"
umount /proc; echo "boot mount: $?"
grep -c memcg /proc/mounts
"""


def test_v1_hierarchy_mounted_twice():
    r = run_script(Kernel(design="5.10", cgroup="v1"), V1, "m.sh")
    assert r.stdout.splitlines() == [
        "mount: 0", "/sys/fs/cgroup/memory/t1", "2", "rmdir: 0", "other controllers: 32",
        "cgroup2: 32", "umount: 0", "again: 32", "boot mount: 32", "0"]
    assert r.stderr.splitlines() == [
        "mount: /mnt: x already mounted or mount point busy.",
        "mount: /mnt: a cgroup2 mount beside the v1 hierarchy is not modelled (memcgsim)",
        "umount: /dev/memcg: not mounted.", "umount: /proc: target is busy."]


def test_cgroup2_mounted_twice():
    r = run_script(Kernel(design="6.1", cgroup="v2"),
                   "mkdir /mnt/x; mount -t cgroup2 none /mnt/x; mkdir /mnt/x/a; "
                   "cat /sys/fs/cgroup/a/cgroup.type; mount -t cgroup -o memory m /mnt; echo $?",
                   "m.sh")
    assert r.stdout == "domain\n32\n"


def test_a_path_resolves_anew_after_mount_and_umount():
    """Vfs.resolve remembers its answers: a mount or umount at the path must
    change what the same path string names."""
    k = Kernel(design="5.10", cgroup="v1")
    r = run_script(k, "mkdir -p /dev/memcg; ls /dev/memcg; echo ---\n"
                      "mount -t cgroup -o memory memcg /dev/memcg; ls /dev/memcg | grep -c procs\n"
                      "umount /dev/memcg; ls /dev/memcg | wc -l", "m.sh")
    assert r.stdout.splitlines() == ["---", "1", "0"]
