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


TMPFS = """R=/sys/fs/cgroup; echo +memory > $R/cgroup.subtree_control
shmem() { awk '$1 == "Shmem:" {print $2}' /proc/meminfo; }
echo "before: $(shmem)"
mkdir $R/t /mnt/m; mount -t tmpfs none /mnt/m
( echo $BASHPID > $R/t/cgroup.procs; head -c 200000 /dev/zero > /mnt/m/a; mkdir /mnt/m/d
  head -c 50000 /dev/zero > /mnt/m/d/b; ln /mnt/m/a /mnt/m/hard; ln -s a /mnt/m/sym
  mkfifo /mnt/m/p )
echo "written: $(shmem) $(awk '$1 == "shmem" {print $2}' $R/t/memory.stat)"
rmdir $R/t; grep dying $R/cgroup.stat
umount /mnt/m; echo "umount: $?"; ls /mnt/m | wc -l
echo "after: $(shmem)"; grep dying $R/cgroup.stat
"""


def test_umount_of_a_tmpfs_frees_its_files_and_their_cgroup():
    """``kill_litter_super``: the files' pages (a hard link's once), inodes and
    dentries go at the umount, and the removed cgroup that was charged for them with
    them (tests/conformance/scripts/tmpfs-umount.sh on the guests)."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), TMPFS, "u.sh")
    lines = r.stdout.splitlines()
    before, written, after = (lines[i].split()[1:] for i in (0, 1, 5))
    assert int(written[0]) - int(before[0]) == (49 + 13) * 4       # kB: 200000 + 50000 bytes
    assert written[1] == str((49 + 13) * 4096)
    assert lines[2] == "nr_dying_descendants 1"
    assert lines[3:5] == ["umount: 0", "0"]
    assert after == before
    assert lines[6] == "nr_dying_descendants 0"
    assert r.stderr == ""


BUSY = """mkdir /mnt/m; mount -t tmpfs none /mnt/m; mkdir /mnt/m/d; : > /mnt/m/f
exec 3< /mnt/m/f; umount /mnt/m; echo "open file: $?"; exec 3<&-
: > /mnt/m/u; exec 3< /mnt/m/u; rm /mnt/m/u; umount /mnt/m; echo "unlinked: $?"; exec 3<&-
cd /mnt/m/d; umount /mnt/m; echo "cwd: $?"; cd /
mount -t tmpfs none /mnt/m/d; umount /mnt/m; echo "mount below: $?"
umount /mnt/m/d; umount /mnt/m/d; echo "not a mount: $?"
umount /mnt/m; echo "free: $?"
"""


def test_umount_of_a_held_tmpfs_is_busy():
    """``propagate_mount_busy``: an open file (unlinked or not), a working directory
    or a mount below holds the mount (-EBUSY); no mount at the path: -EINVAL. util-linux's words and
    status 32, busybox's and 1 (the guests' busybox 1.35)."""
    r = run_script(Kernel(design="6.1", cgroup="v2"), BUSY, "b.sh")
    assert r.stdout.splitlines() == ["open file: 32", "unlinked: 32", "cwd: 32",
                                     "mount below: 32", "not a mount: 32", "free: 0"]
    assert r.stderr.splitlines() == ["umount: /mnt/m: target is busy."] * 4 + [
        "umount: /mnt/m/d: not mounted."]
    r = run_script(Kernel(design="6.1", cgroup="v2", userland="busybox"), BUSY, "b.sh")
    assert r.stdout.splitlines() == ["open file: 1", "unlinked: 1", "cwd: 1",
                                     "mount below: 1", "not a mount: 1", "free: 0"]
    assert r.stderr.splitlines() == ["umount: can't unmount /mnt/m: Device or resource busy"] * 4 + [
        "umount: can't unmount /mnt/m/d: Invalid argument"]


LAZY = """R=/sys/fs/cgroup; echo +memory > $R/cgroup.subtree_control
mkdir $R/t /mnt/m; mount -t tmpfs none /mnt/m; mkdir /mnt/m/d; mount -t tmpfs none /mnt/m/d
( echo $BASHPID > $R/t/cgroup.procs; head -c 40960 /dev/zero > /mnt/m/a
  head -c 8192 /dev/zero > /mnt/m/d/b )
rmdir $R/t; exec 3< /mnt/m/a
umount -l /mnt/m; echo "lazy: $?"; grep -c /mnt/m /proc/mounts; ls /mnt/m | wc -l
grep dying $R/cgroup.stat; head -c 5 <&3 | wc -c
exec 3<&-; sleep 1; grep dying $R/cgroup.stat
"""


def test_lazy_umount_ends_the_superblock_at_the_last_close():
    """``umount -l`` (``MNT_DETACH``): the mount and the one below leave at once; the
    unheld one's files go now, the held one's at the last close of its file (the
    removed cgroup charged for both freed then, its css chain's grace periods after)."""
    k = Kernel(design="6.1", cgroup="v2")
    r = run_script(k, LAZY, "l.sh")
    assert r.stdout.splitlines() == ["lazy: 0", "0", "0", "nr_dying_descendants 1", "5",
                                     "nr_dying_descendants 0"]
    assert not k.vfs.detached
    # a boot mount below the path (the model's mounts are by path) stays: -EBUSY
    r = run_script(Kernel(design="6.1", cgroup="v2", init="busybox", userland="busybox"),
                   "mount -t tmpfs none /mnt; umount -l /mnt; echo $?; ls -d /mnt/disk/work",
                   "l.sh")
    assert r.stdout.splitlines() == ["1", "/mnt/disk/work"]
